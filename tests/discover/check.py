"""Checks pyvenv_discover_tests' build-time half for one interpreter.

  PYVENV_TEST_PYTHON=<python> python3 check.py unittest|pytest

Runs in the current (empty, scratch) directory. Makes an environment of
PYVENV_TEST_PYTHON with `-m venv`, writes sample test trees, runs
cmake/PyVenvDiscoverTests.cmake on them with a PARAMS file and then ctest
on a directory whose CTestTestfile.cmake includes the generated file, and
compares test names, properties and outcomes with exact expected lists.
cmake and ctest come from PYVENV_TEST_CMAKE / PYVENV_TEST_CTEST, else PATH.
Exit 0 passed, 1 failed, 77 skipped (the interpreter, or pytest for the
pytest runner, is missing).
"""

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(SRC, "cmake", "PyVenvDiscoverTests.cmake")
RUNNER_SCRIPT = os.path.join(SRC, "cmake", "pyvenv_tests.py")
CMAKE = os.environ.get("PYVENV_TEST_CMAKE") or shutil.which("cmake") or "cmake"
CTEST = os.environ.get("PYVENV_TEST_CTEST") or shutil.which("ctest") or "ctest"
HERE = os.getcwd()
VENV = os.path.join(HERE, "venv")
BIN = os.path.join(VENV, "bin")
VPY = os.path.join(BIN, "python")

# Method names CTest must carry through unchanged ("test_f" needs "[==[").
HOSTILE = ["a[a b]", "b[\"q'x\"]", "c[x;y]", "d[$HOME]", "e[\u00fc]", "f[]]=]"]
ENVIRONMENT = ["PYVENV_T=x;y", "PYVENV_Q=it's \"q\" $HOME [1] \\n"]
LABELS = ["l1", "l;2"]
FIXTURE = "fx venv"

failures = []


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    failures.append(msg)


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def expect(what, got, want):
    if got != want:
        fail("%s:\n  got:  %r\n  want: %r" % (what, got, want))


def run(argv, env=None, cwd=None):
    """(status, stdout+stderr) of argv."""
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=env, cwd=cwd)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def bracket(s):
    eq = ""
    while ("]" + eq + "]") in s + "]":
        eq += "="
    return "[%s[%s]%s]" % (eq, s, eq)


def cmake_list(items):
    return " ".join(bracket(i.replace(";", "\\;")) for i in items)


# --- sample trees ---------------------------------------------------------

ENV_CHECK = """
import os, sys
def check_env():
    assert os.environ["VIRTUAL_ENV"] == %(venv)r, os.environ["VIRTUAL_ENV"]
    assert os.environ["PATH"].startswith(%(bin)r + os.pathsep), os.environ["PATH"]
    assert "PYTHONHOME" not in os.environ
    assert os.environ["PYVENV_T"] == "x;y", os.environ["PYVENV_T"]
    assert os.environ["PYVENV_Q"] == %(q)r, os.environ["PYVENV_Q"]
    assert os.path.realpath(sys.prefix) == os.path.realpath(%(venv)r), sys.prefix
    assert os.getcwd() == %(wd)r, os.getcwd()
"""


def env_check(wd):
    return ENV_CHECK % {"venv": VENV, "bin": BIN, "wd": wd,
                        "q": ENVIRONMENT[1].split("=", 1)[1]}


def unittest_tree(root, wd):
    write(os.path.join(root, "envcheck.py"), env_check(wd))
    write(os.path.join(root, "test_basic.py"), """\
import unittest
from envcheck import check_env

class Basic(unittest.TestCase):
    def test_pass(self): pass
    def test_fail(self): self.fail("boom")
    @unittest.skip("not today")
    def test_skip(self): pass
    def test_subtests(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 3)
    def test_subtests_fail(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 2)
    @unittest.expectedFailure
    def test_expected_failure(self): self.fail("expected")
    def test_env(self): check_env()
    def test_\u00fc(self): pass

def _named(name):
    def test(self):
        assert self._testMethodName == name
    return test

for _name in %r:
    setattr(Basic, "test_" + _name, _named("test_" + _name))
""" % (HOSTILE,))
    write(os.path.join(root, "test_skipclass.py"), """\
import unittest
class SkipClass(unittest.TestCase):
    @classmethod
    def setUpClass(cls): raise unittest.SkipTest("class skipped")
    def test_x(self): pass
""")
    write(os.path.join(root, "test_modskip.py"),
          "import unittest\nraise unittest.SkipTest('module skipped')\n")
    write(os.path.join(root, "pkg", "__init__.py"), "")
    write(os.path.join(root, "pkg", "test_inpkg.py"), """\
import unittest
class InPkg(unittest.TestCase):
    def test_in_package(self): pass
""")
    # Found in both modules, registered once.
    write(os.path.join(root, "test_reexport.py"), "from pkg.test_inpkg import InPkg\n")
    write(os.path.join(root, "helper.py"), "raise RuntimeError('not a test module')\n")


UNITTEST_EXPECTED = dict(
    [("pkg.test_inpkg.InPkg.test_in_package", "passed")]
    + [("test_basic.Basic.test_" + n, "passed") for n in HOSTILE]
    + [("test_basic.Basic.test_env", "passed"),
       ("test_basic.Basic.test_expected_failure", "passed"),
       ("test_basic.Basic.test_fail", "failed"),
       ("test_basic.Basic.test_pass", "passed"),
       ("test_basic.Basic.test_skip", "skipped"),
       ("test_basic.Basic.test_subtests", "passed"),
       ("test_basic.Basic.test_subtests_fail", "failed"),
       ("test_basic.Basic.test_\u00fc", "passed"),
       ("test_modskip", "skipped"),
       ("test_skipclass.SkipClass.test_x", "skipped")])


def pytest_tree(root, wd):
    write(os.path.join(root, "pytest.ini"), "[pytest]\n"
          "disable_test_id_escaping_and_forfeit_all_rights_to_community_support = true\n")
    write(os.path.join(root, "envcheck.py"), env_check(wd))
    params = "".join("""
@pytest.mark.parametrize("v", [%r], ids=[%r])
def test_%s(v): assert v == %r
""" % (n[2:-1], n[2:-1], n[0], n[2:-1]) for n in HOSTILE + ["g[a::b]", "h[back\\slash]"])
    write(os.path.join(root, "test_p.py"), """\
import pytest
from envcheck import check_env
%s
def test_fail(): assert False
@pytest.mark.skip(reason="not today")
def test_skip(): pass
def test_env(): check_env()
class TestK:
    def test_m(self): pass
""" % params)
    write(os.path.join(root, "sub", "test_sub.py"), "def test_in_sub(): pass\n")


PYTEST_EXPECTED = dict(
    [("test_p.py::test_%s" % n, "passed")
     for n in HOSTILE + ["g[a::b]", "h[back\\slash]"]]
    + [("test_p.py::test_fail", "failed"),
       # pyvenv_tests.py pytest exits 77 when the test was skipped.
       ("test_p.py::test_skip", "skipped"),
       ("test_p.py::test_env", "passed"),
       ("test_p.py::TestK::test_m", "passed"),
       ("sub/test_sub.py::test_in_sub", "passed")])


# --- the steps ------------------------------------------------------------

def make_venv(py, system_site):
    argv = [py, "-m", "venv", "--without-pip"]
    if system_site:
        argv.append("--system-site-packages")
    rc, out = run(argv + [VENV])
    if rc != 0:
        fail("python -m venv failed (%d): %s" % (rc, out))
        sys.exit(1)


def discover(name, runner, paths, wd, extra=(), prefix="", timeout="60",
             labels=LABELS):
    """Runs the script; returns (status, output, OUTPUT path)."""
    output = os.path.join(HERE, name + "-tests.cmake")
    params = os.path.join(HERE, name + "-params.cmake")
    values = {
        "PYVENV_PYTHON": VPY, "PYVENV_DIR": VENV, "PYVENV_BIN_DIR": BIN,
        "RUNNER": runner, "WORKING_DIRECTORY": wd, "TEST_PREFIX": prefix,
        "FIXTURE": FIXTURE, "RUNNER_SCRIPT": RUNNER_SCRIPT, "OUTPUT": output,
        "TIMEOUT": timeout}
    text = "".join("set(%s %s)\n" % (k, bracket(v)) for k, v in values.items())
    for k, v in (("TEST_PATHS", paths), ("EXTRA_ARGS", extra),
                 ("ENVIRONMENT", ENVIRONMENT), ("LABELS", labels)):
        text += "set(%s %s)\n" % (k, cmake_list(v))
    write(params, text)
    env = dict(os.environ, PYTHONHOME="/nonexistent")
    rc, out = run([CMAKE, "-D", "PARAMS=" + params, "-P", SCRIPT], env=env)
    return rc, out, output


def ctest(name, output):
    """(json-v1 tests by name, outcome by name) of the generated file."""
    d = os.path.join(HERE, name + "-ctest")
    write(os.path.join(d, "CTestTestfile.cmake"), "include(%s)\n" % bracket(output))
    rc, out = run([CTEST, "--show-only=json-v1"], cwd=d)
    if rc != 0:
        fail("ctest --show-only failed (%d): %s" % (rc, out))
        return {}, {}
    tests = json.loads(out)["tests"]
    info = {t["name"]: t for t in tests}
    if len(info) != len(tests):
        fail("duplicate test names: %r" % sorted(t["name"] for t in tests))
    env = dict(os.environ, PYTHONHOME="/nonexistent")
    rc, log = run([CTEST, "--output-junit", "junit.xml"], cwd=d, env=env)
    status = {"run": "passed", "fail": "failed", "notrun": "skipped"}
    outcomes = {}
    for case in ET.parse(os.path.join(d, "junit.xml")).getroot().iter("testcase"):
        outcomes[case.get("name")] = status.get(case.get("status"), case.get("status"))
    if any(v == "failed" for v in outcomes.values()) != (rc != 0):
        fail("ctest exit status %d does not match the outcomes" % rc)
    return info, outcomes


def props(test):
    return {p["name"]: p["value"] for p in test.get("properties", [])}


def check_tests(name, runner, root, wd, prefix, expected, command_of):
    rc, out, output = discover(name, runner, [root], wd, prefix=prefix)
    expect("%s: discovery status (output: %s)" % (name, out), rc, 0)
    n = len(expected)
    if "-- discovered %d %s tests in %s\n" % (n, runner, root) not in out:
        fail("%s: no summary line for %d tests in: %s" % (name, n, out))
    if rc != 0:
        return
    info, outcomes = ctest(name, output)
    want = sorted(prefix + i for i in expected)
    expect(name + ": test names", sorted(info), want)
    expect(name + ": outcomes", outcomes,
           {prefix + i: o for i, o in expected.items()})
    for test_id in expected:
        test = info.get(prefix + test_id)
        if test is None:
            continue
        expect(name + ": command of " + test_id, test["command"], command_of(test_id))
        expect(name + ": properties of " + test_id, props(test), {
            "ENVIRONMENT_MODIFICATION": [
                "VIRTUAL_ENV=set:" + VENV, "PATH=path_list_prepend:" + BIN,
                "PYTHONHOME=unset:"] + [e.replace("=", "=set:", 1) for e in ENVIRONMENT],
            "FIXTURES_REQUIRED": [FIXTURE],
            "LABELS": LABELS,
            "SKIP_RETURN_CODE": 77,
            "TIMEOUT": 60.0,
            "WORKING_DIRECTORY": wd})


def check_broken(name, runner, module_text, message):
    """A test module that does not import fails discovery, says why, and
    leaves no OUTPUT behind."""
    root = os.path.join(HERE, name)
    write(os.path.join(root, "test_broken.py"), module_text)
    write(os.path.join(HERE, name + "-tests.cmake"), "# stale\n")
    rc, out, output = discover(name, runner, [root], HERE)
    if rc == 0:
        fail("%s: discovery passed: %s" % (name, out))
    if message not in out:
        fail("%s: output does not show %r: %s" % (name, message, out))
    if os.path.exists(output):
        fail("%s: a failed discovery left %s" % (name, output))


def check_unittest():
    root = os.path.join(HERE, "src", "u")
    wd = os.path.join(HERE, "wd")
    os.makedirs(wd)
    unittest_tree(root, wd)
    run_argv = lambda i: [VPY, RUNNER_SCRIPT, "run", "--top-level", root, i]
    check_tests("unittest", "unittest", root, wd, "u/", UNITTEST_EXPECTED, run_argv)

    check_broken("broken", "unittest", "import does_not_exist_xyz\n",
                 "No module named 'does_not_exist_xyz'")
    for test_id in ("test_basic.Basic.test_nope", "no_such_module.X.test_y"):
        rc, out = run(run_argv(test_id))
        expect("run %s: status (output: %s)" % (test_id, out), rc, 1)
    for argv, want in (([], 2), (["list"], 2), (["run", "x"], 2),
                       (["frob"], 2), (["--help"], 0), (["list", "--help"], 0),
                       (["list", "--runner", "unittest", "--output", "o.json",
                         root, "--", "-x"], 2)):
        rc, out = run([VPY, RUNNER_SCRIPT] + argv)
        expect("pyvenv_tests.py %s: status (output: %s)" % (argv, out), rc, want)

    # CTest would join the elements after an unbalanced '['.
    rc, out, output = discover("badlabel", "unittest", [root], HERE, labels=["x[", "y"])
    # (CMake's own list splitting joins them already; messages get rewrapped.)
    if rc == 0 or "label 'x[;y' cannot be a CTest list element" not in " ".join(out.split()):
        fail("label 'x[': discovery status %d, output: %s" % (rc, out))

    rc, _ = run([VPY, "-c", "import pytest"])
    if rc != 0:
        rc, out, output = discover("nopytest", "pytest", [root], HERE)
        if rc == 0 or "pytest is not installed in this environment" not in out:
            fail("no pytest: discovery status %d, output: %s" % (rc, out))


def check_pytest():
    root = os.path.join(HERE, "src", "p")
    pytest_tree(root, root)

    def pytest_argv(i):
        return [VPY, RUNNER_SCRIPT, "pytest", "-p", "no:cacheprovider",
                os.path.join(root, i.split("::", 1)[0]) + "::" + i.split("::", 1)[1]]
    check_tests("pytest", "pytest", root, root, "p/", PYTEST_EXPECTED, pytest_argv)
    check_broken("pbroken", "pytest", "import does_not_exist_xyz\n",
                 "No module named 'does_not_exist_xyz'")
    empty = os.path.join(HERE, "src", "empty")
    os.makedirs(empty)
    rc, out, output = discover("empty", "pytest", [empty], empty)
    expect("no tests: status (output: %s)" % out, rc, 0)
    if "-- discovered 0 pytest tests" not in out or "collected no tests" not in out:
        fail("no tests: output: %s" % out)


def main(argv):
    if len(argv) != 1 or argv[0] not in ("unittest", "pytest"):
        print("usage: PYVENV_TEST_PYTHON=<python> check.py unittest|pytest",
              file=sys.stderr)
        return 2
    py = os.environ.get("PYVENV_TEST_PYTHON", "")
    if not py or not os.access(py, os.X_OK):
        skip("no interpreter %r" % py)
    make_venv(py, system_site=argv[0] == "pytest")
    if argv[0] == "pytest":
        rc, out = run([VPY, "-c", "import pytest"])
        if rc != 0:
            skip("pytest is not importable by %s" % py)
        check_pytest()
    else:
        check_unittest()
    if failures:
        print("%d check(s) failed" % len(failures), file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
