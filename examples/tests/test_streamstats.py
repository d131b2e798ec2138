"""The pure-Python package streamstats and its command line."""

import contextlib
import io
import math
import statistics
import unittest
from unittest import mock

import streamstats
from streamstats import RunningStats, Summary, summarize
from streamstats.__main__ import main

DATA = [2, 4, 4, 4, 5, 5, 7, 9]


class TestRunningStats(unittest.TestCase):
    def test_results(self):
        stats = RunningStats(DATA)
        self.assertEqual(len(stats), 8)
        self.assertEqual(stats.mean, 5.0)
        self.assertEqual(stats.variance(sample=False), 4.0)
        self.assertEqual(stats.stdev(sample=False), 2.0)
        self.assertAlmostEqual(stats.stdev(), statistics.stdev(DATA), places=12)
        self.assertEqual((stats.min, stats.max), (2.0, 9.0))

    def test_push_and_update(self):
        stats = RunningStats()
        for x in DATA[:4]:
            stats.push(x)
        self.assertIs(stats.update(DATA[4:]), stats)
        self.assertEqual(stats.summary(), summarize(DATA))

    def test_add_merges(self):
        left, right = RunningStats(DATA[:5]), RunningStats(DATA[5:])
        both = left + right
        self.assertEqual(len(both), 8)
        self.assertAlmostEqual(both.variance(), RunningStats(DATA).variance(), places=12)
        self.assertEqual((len(left), len(right)), (5, 3))  # operands unchanged
        left += right
        self.assertEqual(left.summary(), both.summary())
        with self.assertRaises(TypeError):
            left + 1
        with self.assertRaises(TypeError):
            left += [1]

    def test_summary(self):
        summary = summarize(DATA)
        self.assertIsInstance(summary, Summary)
        self.assertEqual(summary.count, 8)
        self.assertEqual(str(summary), "count=8 mean=5 stdev=2.13809 min=2 max=9")
        one = summarize([3])
        self.assertTrue(math.isnan(one.stdev))
        self.assertEqual(one[:2], (1, 3.0))

    def test_repr(self):
        self.assertEqual(repr(RunningStats()), "RunningStats()")
        self.assertIn("count=2 mean=1.5", repr(RunningStats([1, 2])))

    def test_errors(self):
        with self.assertRaises(ValueError):
            summarize([])
        with self.assertRaises(ValueError):
            RunningStats([1]).variance()          # sample variance of one value
        stats = RunningStats([1, 2])
        with self.assertRaises(ValueError):
            stats.push(float("nan"))
        with self.assertRaises(TypeError):
            stats.update(["3"])
        self.assertEqual(len(stats), 2)
        with self.assertRaises(AttributeError):
            stats.other = 1                        # __slots__

    def test_documented_example(self):
        import doctest
        failures, tried = doctest.testmod(streamstats, verbose=False)
        self.assertGreater(tried, 0)
        self.assertEqual(failures, 0)


class TestCommandLine(unittest.TestCase):
    def run_main(self, argv, stdin=""):
        out, err = io.StringIO(), io.StringIO()
        with mock.patch("sys.stdin", io.StringIO(stdin)), \
                contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as e:          # argparse usage errors
                status = e.code
        return status, out.getvalue(), err.getvalue()

    def test_arguments(self):
        self.assertEqual(self.run_main(["1", "2", "3", "4", "5"]),
                         (0, "count=5 mean=3 stdev=1.58114 min=1 max=5\n", ""))

    def test_negative_numbers(self):
        self.assertEqual(self.run_main(["-1", "1"])[1], "count=2 mean=0 stdev=1.41421 min=-1 max=1\n")

    def test_stdin(self):
        status, out, _ = self.run_main([], stdin="1 2\n3\n\n 4   5\n")
        self.assertEqual((status, out), (0, "count=5 mean=3 stdev=1.58114 min=1 max=5\n"))

    def test_bad_input(self):
        self.assertEqual(self.run_main([], stdin=""), (1, "", "streamstats: no numbers\n"))
        status, out, err = self.run_main([], stdin="1 two 3")
        self.assertEqual((status, out), (1, ""))
        self.assertIn("'two'", err)
        status, _, err = self.run_main(["1", "inf"])
        self.assertEqual(status, 1)
        self.assertIn("finite", err)

    def test_usage_error(self):
        status, _, err = self.run_main(["one"])
        self.assertEqual(status, 2)
        self.assertIn("invalid float value: 'one'", err)


if __name__ == "__main__":
    unittest.main()
