"""The extension module _streamstats, against the statistics module."""

import array
import importlib.machinery
import math
import statistics
import sys
import unittest

import _streamstats
from _streamstats import Accumulator

DATA = [2.5, -1.0, 4.0, 4.0, 0.125, 9.75, 3.0]


class TestResults(unittest.TestCase):
    def test_matches_statistics_module(self):
        acc = Accumulator(DATA)
        self.assertEqual(acc.count, len(DATA))
        self.assertAlmostEqual(acc.mean, statistics.mean(DATA), places=12)
        self.assertAlmostEqual(acc.variance(), statistics.pvariance(DATA), places=12)
        self.assertAlmostEqual(acc.variance(ddof=1), statistics.variance(DATA), places=12)
        self.assertEqual(acc.min, -1.0)
        self.assertEqual(acc.max, 9.75)

    def test_one_value(self):
        acc = Accumulator()
        acc.add(7)
        self.assertEqual((acc.count, acc.mean, acc.min, acc.max), (1, 7.0, 7.0, 7.0))
        self.assertEqual(acc.variance(), 0.0)

    def test_stable_with_a_large_offset(self):
        # The naive sum-of-squares formula loses every digit here.
        acc = Accumulator([1e9 + x for x in (4, 7, 13, 16)])
        self.assertEqual(acc.variance(ddof=1), 30.0)

    def test_extend_accepts_iterables_and_buffers(self):
        expected = Accumulator(DATA)
        for values in (
            DATA,
            tuple(DATA),
            (x for x in DATA),
            array.array("d", DATA),               # the buffer fast path
            memoryview(array.array("d", DATA)),
            memoryview(array.array("d", DATA * 2))[::2][: len(DATA)],  # strided
            array.array("f", DATA),               # not doubles: iterated
        ):
            with self.subTest(type=type(values).__name__):
                acc = Accumulator()
                acc.extend(values)
                self.assertEqual(acc.count, expected.count)
                self.assertAlmostEqual(acc.mean, expected.mean, places=6)
                self.assertAlmostEqual(acc.variance(), expected.variance(), places=6)

    def test_merge_is_as_if_one_stream(self):
        left, right = Accumulator(DATA[:3]), Accumulator(DATA[3:])
        left.merge(right)
        whole = Accumulator(DATA)
        self.assertEqual(left.count, whole.count)
        self.assertAlmostEqual(left.mean, whole.mean, places=12)
        self.assertAlmostEqual(left.variance(), whole.variance(), places=12)
        self.assertEqual((left.min, left.max), (whole.min, whole.max))
        self.assertEqual(right.count, len(DATA) - 3)

    def test_merge_with_itself_and_empty(self):
        acc = Accumulator([1, 3])
        acc.merge(acc)
        self.assertEqual((acc.count, acc.mean, acc.variance()), (4, 2.0, 1.0))
        acc.merge(Accumulator())
        self.assertEqual(acc.count, 4)
        empty = Accumulator()
        empty.merge(acc)
        self.assertEqual((empty.count, empty.mean), (4, 2.0))

    def test_copy_is_independent(self):
        acc = Accumulator([1, 2])
        copy = acc.copy()
        copy.add(100)
        self.assertEqual((acc.count, copy.count), (2, 3))
        self.assertEqual(acc.max, 2.0)

    def test_init_again_starts_over(self):
        acc = Accumulator([1, 2, 3])
        acc.__init__([10])
        self.assertEqual((acc.count, acc.mean), (1, 10.0))

    def test_repr(self):
        self.assertEqual(repr(Accumulator([1, 2])), "<_streamstats.Accumulator count=2>")


class TestErrors(unittest.TestCase):
    def test_empty_has_no_results(self):
        acc = Accumulator()
        self.assertEqual(acc.count, 0)
        for name in ("mean", "min", "max"):
            with self.subTest(name), self.assertRaisesRegex(ValueError, name + " of no values"):
                getattr(acc, name)
        with self.assertRaisesRegex(ValueError, "needs at least 1 values, have 0"):
            acc.variance()

    def test_ddof(self):
        acc = Accumulator([5])
        with self.assertRaisesRegex(ValueError, "ddof=1 needs at least 2 values, have 1"):
            acc.variance(ddof=1)
        with self.assertRaisesRegex(ValueError, "ddof must be 0 or more"):
            acc.variance(-1)
        with self.assertRaises(TypeError):
            acc.variance("1")
        with self.assertRaises(TypeError):
            acc.variance(1, 2)

    def test_not_finite_is_refused(self):
        acc = Accumulator([1, 2])
        for bad in (math.nan, math.inf, -math.inf):
            with self.subTest(bad=bad):
                with self.assertRaisesRegex(ValueError, "finite"):
                    acc.add(bad)
                with self.assertRaisesRegex(ValueError, "finite"):
                    acc.extend([3.0, bad])
                with self.assertRaisesRegex(ValueError, "finite"):
                    acc.extend(array.array("d", [3.0, bad]))
        with self.assertRaises(OverflowError):
            acc.add(10 ** 400)
        self.assertEqual((acc.count, acc.mean, acc.max), (2, 1.5, 2.0))

    def test_not_a_number_is_refused(self):
        acc = Accumulator()
        with self.assertRaises(TypeError):
            acc.add("1.0")
        with self.assertRaises(TypeError):
            acc.add(None)
        with self.assertRaises(TypeError):
            acc.add()
        with self.assertRaises(TypeError):
            acc.extend(5)              # not iterable
        with self.assertRaises(TypeError):
            acc.extend([1.0, "2"])     # all or nothing
        with self.assertRaises(TypeError):
            Accumulator([1, object()])
        with self.assertRaises(TypeError):
            acc.merge([1, 2])
        self.assertEqual(acc.count, 0)

    def test_iterator_error_propagates_and_adds_nothing(self):
        def values():
            yield 1.0
            raise KeyError("broken")

        acc = Accumulator([4])
        with self.assertRaises(KeyError):
            acc.extend(values())
        self.assertEqual((acc.count, acc.mean), (1, 4.0))

    def test_no_reference_leaks(self):
        value = 12345.678 * len(DATA)   # a float no one else holds
        items = [value] * 100
        before = sys.getrefcount(value)
        acc = Accumulator()
        for _ in range(10):
            acc.extend(iter(items))
            acc.add(value)
            with self.assertRaises(TypeError):
                acc.extend(iter(items + ["x"]))
        self.assertEqual(sys.getrefcount(value), before)
        self.assertEqual(acc.count, 1010)


class TestModule(unittest.TestCase):
    def test_is_the_built_extension(self):
        suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
        self.assertTrue(_streamstats.__file__.endswith(suffixes), _streamstats.__file__)
        self.assertIs(Accumulator, _streamstats.Accumulator)

    def test_subclass(self):
        class Mine(Accumulator):
            pass

        mine = Mine([1, 2, 3])
        self.assertIsInstance(mine.copy(), Mine)
        acc = Accumulator()
        acc.merge(mine)
        self.assertEqual(acc.count, 3)


if __name__ == "__main__":
    unittest.main()
