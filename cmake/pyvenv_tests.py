"""Discover and run the Python tests of one environment for CTest.

Run by the environment's own interpreter; standard library only, Python 3.8+.
pyvenv_discover_tests runs `list` at build time (PyVenvDiscoverTests.cmake)
and registers one CTest test per id it writes; unittest tests then come
back through `run`, pytest tests through `pytest`.

  pyvenv_tests.py list --runner unittest|pytest --output FILE
                       [--top-level DIR] [PATH...] [-- EXTRA_ARG...]

    Writes FILE (atomically) as JSON, one test per line:
      {"tests": [{"id": ID, "args": [ARG, ...]}, ...]}
    where ARGs given to this same interpreter run exactly that one test.
    PATHs default to the current directory. Everything after the first
    `--` is EXTRA_ARGS:
      pytest    extra pytest arguments, used both to collect and to run;
      unittest  only `-p/--pattern GLOB` (default test*.py).
    unittest: a PATH is a start directory, or one test file (collected with
    its directory as start and its name as pattern). The top-level
    directory (what ids are relative to, put first on sys.path) defaults to
    the start directory. An id found twice is kept once. A module that
    does not import is an error: its traceback goes to stderr, exit 1.
    pytest: collection runs in-process; "no tests collected" writes an
    empty list with a warning; any other failure exits 1.

  pyvenv_tests.py run --top-level DIR ID

    Runs one unittest id with DIR first on sys.path. Exits 0 when it
    passed, 77 when everything that ran was skipped, 1 when it failed, did
    not load or ran nothing.

  pyvenv_tests.py pytest PYTEST_ARG...

    Runs pytest with these arguments (one node id, for a discovered test).
    Exits with pytest's status, except 77 when every test it ran was
    skipped (an expected failure, xfail, counts as passed).

Usage errors exit 2.
"""

import argparse
import json
import os
import sys
import unittest

SKIP_EXIT = 77
SCRIPT = os.path.abspath(__file__)


def warn(msg):
    print("pyvenv_tests: warning: " + msg, file=sys.stderr)


def error(msg):
    """Prints msg to stderr; returns the exit status 1."""
    print("pyvenv_tests: error: " + msg, file=sys.stderr)
    return 1


def write_json(path, tests):
    """Writes {"tests": tests} to path through a temporary file, one test
    per line: PyVenvDiscoverTests.cmake splits at lines to parse the tests
    in linear time (string(JSON) parses the whole text on every call)."""
    tmp = "%s.tmp-%d" % (path, os.getpid())
    lines = [json.dumps(t, ensure_ascii=False) for t in tests]
    try:
        with open(tmp, "w", encoding="utf-8", errors="surrogateescape",
                  newline="\n") as f:
            f.write('{"tests": [\n%s\n]}\n' % ",\n".join(lines))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def add_unique(tests, seen, test_id, args):
    if test_id not in seen:
        seen.add(test_id)
        tests.append({"id": test_id, "args": args})


# --- unittest -------------------------------------------------------------

def flatten(suite):
    """Yields the test cases of a (nested) suite."""
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from flatten(test)
        else:
            yield test


def is_failed_load(test):
    return isinstance(test, unittest.loader._FailedTest)


def module_skipped_name(test):
    """The module name if test stands for a module that raised SkipTest."""
    cls = type(test)
    if cls.__name__ == "ModuleSkipped" and cls.__module__ == "unittest.loader":
        return test._testMethodName
    return None


def runnable_id(test):
    """The id `run` can load test by, or None when it cannot."""
    skipped = module_skipped_name(test)
    if skipped is not None:
        return skipped
    name = getattr(test, "_testMethodName", None)
    cls = type(test)
    if name is None or "." in name:
        return None
    if test.id() != "%s.%s.%s" % (cls.__module__, cls.__qualname__, name):
        return None
    return test.id()


def unittest_start(path, top_level, pattern):
    """(start dir, pattern, top-level dir) for one PATH argument."""
    path = os.path.abspath(path)
    if os.path.isfile(path):
        start, pattern = os.path.dirname(path), os.path.basename(path)
    else:
        start = path
    return start, pattern, os.path.abspath(top_level) if top_level else start


def unittest_extra(extra):
    """The discovery pattern given in EXTRA_ARGS; exits 2 on anything else."""
    parser = argparse.ArgumentParser(
        prog="pyvenv_tests.py list --runner unittest ... --",
        description="Arguments after '--' for the unittest runner.")
    parser.add_argument("-p", "--pattern", default="test*.py",
                        help="file name pattern of test modules (test*.py)")
    return parser.parse_args(extra).pattern


def list_unittest(paths, top_level, extra):
    """Returns (status, tests)."""
    default_pattern = unittest_extra(extra)
    tests, seen, failed = [], set(), False
    for path in paths:
        start, pattern, top = unittest_start(path, top_level, default_pattern)
        loader = unittest.TestLoader()
        try:
            suite = loader.discover(start, pattern=pattern, top_level_dir=top)
        except (ImportError, TypeError, OSError) as e:
            return error("cannot discover tests in '%s': %s" % (path, e)), []
        cases = list(flatten(suite))
        broken = [t for t in cases if is_failed_load(t)]
        for msg in loader.errors:
            print(msg, file=sys.stderr)
        if broken and not loader.errors:
            for t in broken:
                print("%s: %s" % (t.id(), t._exception), file=sys.stderr)
        if broken or loader.errors:
            failed = True
            continue
        for test in cases:
            test_id = runnable_id(test)
            if test_id is None:
                warn("'%s' (%s) cannot be run on its own; not registered"
                     % (test.id(), type(test).__name__))
                continue
            add_unique(tests, seen, test_id,
                       [SCRIPT, "run", "--top-level", top, test_id])
    if failed:
        return error("some test modules could not be loaded (see above)"), []
    return 0, tests


# --- pytest ---------------------------------------------------------------

class Collector:
    """pytest plugin: remembers the collected node ids and the rootdir."""

    def __init__(self):
        self.nodeids = []
        self.rootpath = None

    def pytest_collection_finish(self, session):
        config = session.config
        root = getattr(config, "rootpath", None) or config.rootdir
        self.rootpath = str(root)
        self.nodeids = [item.nodeid for item in session.items]


def absolute_nodeid(rootpath, nodeid):
    """nodeid with its file part made absolute; the rest kept verbatim."""
    path, sep, rest = nodeid.partition("::")
    return os.path.normpath(os.path.join(rootpath, path)) + sep + rest


def list_pytest(paths, extra):
    """Returns (status, tests)."""
    try:
        import pytest
    except ImportError as e:
        return error("pytest is not installed in this environment; add it to "
                     "REQUIREMENTS or PACKAGES, or use RUNNER unittest (%s)"
                     % e), []
    collector = Collector()
    argv = ["--collect-only", "-q", "-p", "no:cacheprovider"] + extra + paths
    status = int(pytest.main(argv, plugins=[collector]))
    if status == 5:
        warn("pytest collected no tests in %s" % " ".join(paths))
        return 0, []
    if status != 0:
        return error("pytest could not collect the tests (exit status %d)"
                     % status), []
    tests, seen = [], set()
    for nodeid in collector.nodeids:
        args = [SCRIPT, "pytest", "-p", "no:cacheprovider"] + extra
        add_unique(tests, seen, nodeid,
                   args + [absolute_nodeid(collector.rootpath, nodeid)])
    return 0, tests


# --- commands -------------------------------------------------------------

def cmd_list(argv):
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1:]
    else:
        extra = []
    parser = argparse.ArgumentParser(
        prog="pyvenv_tests.py list",
        usage="%(prog)s --runner unittest|pytest --output FILE "
              "[--top-level DIR] [PATH...] [-- EXTRA_ARG...]",
        description="Discover tests and write them to FILE as JSON.",
        epilog="EXTRA_ARGs: pytest arguments for pytest; for unittest only "
               "-p/--pattern GLOB.")
    parser.add_argument("--runner", required=True, choices=["unittest", "pytest"])
    parser.add_argument("--output", required=True, metavar="FILE")
    parser.add_argument("--top-level", metavar="DIR",
                        help="unittest top-level directory (default: each start directory)")
    parser.add_argument("paths", nargs="*", metavar="PATH")
    opts = parser.parse_args(argv)
    paths = opts.paths or ["."]
    if opts.runner == "pytest":
        if opts.top_level:
            parser.error("--top-level is for the unittest runner")
        status, tests = list_pytest(paths, extra)
    else:
        status, tests = list_unittest(paths, opts.top_level, extra)
    if status == 0:
        if opts.runner == "unittest" and not tests:
            warn("no unittest tests found in %s" % " ".join(paths))
        write_json(opts.output, tests)
    return status


def outcome(result):
    """The exit status for a unittest result: 0, 1 or SKIP_EXIT."""
    if not result.wasSuccessful():
        return 1
    # A skipped subtest does not make its test skipped.
    whole = [t for t, _ in result.skipped
             if not isinstance(t, unittest.case._SubTest)]
    if result.testsRun == 0 and not whole:
        print("pyvenv_tests: no test ran", file=sys.stderr)
        return 1
    return SKIP_EXIT if len(whole) >= result.testsRun else 0


def cmd_run(argv):
    parser = argparse.ArgumentParser(
        prog="pyvenv_tests.py run",
        description="Run one unittest test id; exit 0 passed, 1 failed, "
                    "%d skipped." % SKIP_EXIT)
    parser.add_argument("--top-level", required=True, metavar="DIR")
    parser.add_argument("id", metavar="ID")
    opts = parser.parse_args(argv)
    sys.path.insert(0, os.path.abspath(opts.top_level))
    loader = unittest.TestLoader()
    try:
        suite = loader.loadTestsFromName(opts.id)
    except unittest.SkipTest as e:
        print("%s ... skipped %r" % (opts.id, str(e)), file=sys.stderr)
        return SKIP_EXIT
    except Exception as e:
        return error("cannot load test '%s': %s: %s"
                     % (opts.id, type(e).__name__, e))
    cases = list(flatten(suite)) if isinstance(suite, unittest.TestSuite) else [suite]
    broken = [t for t in cases if is_failed_load(t)]
    if broken:
        for msg in loader.errors or [str(t._exception) for t in broken]:
            print(msg, file=sys.stderr)
        return error("cannot load test '%s'" % opts.id)
    if not cases:
        return error("no test named '%s'" % opts.id)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    return outcome(result)


class Outcomes:
    """pytest plugin: whether each test that ran was skipped."""

    def __init__(self):
        self.skipped = {}

    def pytest_runtest_logreport(self, report):
        # A skip in setup or in the call skips the test; an xfail is
        # reported as skipped too, but is an expected result.
        skipped = report.skipped and not hasattr(report, "wasxfail")
        if report.when == "setup" or skipped:
            self.skipped[report.nodeid] = skipped


def cmd_pytest(argv):
    import pytest
    outcomes = Outcomes()
    status = int(pytest.main(argv, plugins=[outcomes]))
    if status == 0 and outcomes.skipped and all(outcomes.skipped.values()):
        return SKIP_EXIT
    return status


COMMANDS = {"list": cmd_list, "run": cmd_run, "pytest": cmd_pytest}


def main(argv):
    # Running as a script put this file's directory first on sys.path; the
    # tests must not see it.
    here = os.path.dirname(SCRIPT)
    if sys.path and os.path.abspath(sys.path[0] or ".") == here:
        del sys.path[0]
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    if argv[0] not in COMMANDS:
        print("pyvenv_tests: unknown command '%s'; use list, run or pytest"
              % argv[0], file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
