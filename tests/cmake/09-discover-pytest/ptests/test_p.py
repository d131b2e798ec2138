import os
import sys

import pytest


@pytest.mark.parametrize("value", ["a b", "q'\"x", "x;y", "$HOME", "[z]"])
def test_param(value):
    assert sys.prefix == os.environ["VIRTUAL_ENV"]
    assert value


def test_fails():
    assert 1 == 2, "fails on purpose"


@pytest.mark.skip(reason="skipped on purpose")
def test_skipped():
    pass


def test_skipped_inside():
    pytest.skip("skipped while running")


@pytest.mark.xfail(reason="an expected failure")
def test_xfail():
    assert False
