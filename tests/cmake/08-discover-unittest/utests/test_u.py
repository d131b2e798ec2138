import os
import sys
import unittest

import helpermod  # from BUILD_PATHS, at discovery and at run time


class TestU(unittest.TestCase):
    def test_pass(self):
        self.assertEqual(helpermod.ANSWER, 42)
        self.assertEqual(os.environ["DISCOVER_MODE"], "on")
        self.assertEqual(os.environ["SPACED"], "a b")
        self.assertEqual(sys.prefix, os.environ["VIRTUAL_ENV"])

    def test_fail(self):
        self.fail("this test fails on purpose")

    @unittest.skip("skipped on purpose")
    def test_skip(self):
        pass
