"""Streaming statistics: mean, variance, min and max in one pass, in constant memory.

>>> from streamstats import RunningStats
>>> stats = RunningStats([2, 4, 4, 4, 5, 5, 7, 9])
>>> stats.mean, stats.stdev(sample=False)
(5.0, 2.0)

The arithmetic runs in C (the extension module ``_streamstats``, built from
``src/`` and ``ext/``); this package adds a Pythonic interface on top.
"""

import math
from typing import Iterable, NamedTuple

import _streamstats

__all__ = ["RunningStats", "Summary", "summarize"]


class Summary(NamedTuple):
    """The statistics of a finished stream; ``stdev`` is the sample standard
    deviation, NaN for fewer than two values."""

    count: int
    mean: float
    stdev: float
    min: float
    max: float

    def __str__(self) -> str:
        return "count={} mean={:g} stdev={:g} min={:g} max={:g}".format(*self)


class RunningStats:
    """Statistics of the numbers seen so far.

    Values must be finite real numbers: NaN or infinity raises ValueError,
    anything else that is not a number TypeError, and a failed call adds
    nothing. Two RunningStats combine with ``+`` as if one had seen both
    streams, so partial results (per file, per thread) merge exactly.
    """

    __slots__ = ("_acc",)

    def __init__(self, values: Iterable[float] = ()) -> None:
        self._acc = _streamstats.Accumulator(values)

    def push(self, value: float) -> None:
        """Add one number."""
        self._acc.add(value)

    def update(self, values: Iterable[float]) -> "RunningStats":
        """Add numbers (any iterable; an ``array('d')`` is fastest); returns self."""
        self._acc.extend(values)
        return self

    def __len__(self) -> int:
        return self._acc.count

    @property
    def mean(self) -> float:
        return self._acc.mean

    @property
    def min(self) -> float:
        return self._acc.min

    @property
    def max(self) -> float:
        return self._acc.max

    def variance(self, sample: bool = True) -> float:
        """Sample variance (divided by n - 1), or the population variance
        (divided by n) with ``sample=False``, like ``statistics.variance``
        and ``statistics.pvariance``."""
        return self._acc.variance(1 if sample else 0)

    def stdev(self, sample: bool = True) -> float:
        """Square root of :meth:`variance`."""
        return math.sqrt(self.variance(sample))

    def summary(self) -> Summary:
        """The statistics as a :class:`Summary`; ValueError if empty."""
        stdev = self.stdev() if len(self) > 1 else math.nan
        return Summary(len(self), self.mean, stdev, self.min, self.max)

    def __add__(self, other: object) -> "RunningStats":
        if not isinstance(other, RunningStats):
            return NotImplemented
        result = RunningStats()
        result._acc = self._acc.copy()
        result._acc.merge(other._acc)
        return result

    def __iadd__(self, other: object) -> "RunningStats":
        if not isinstance(other, RunningStats):
            return NotImplemented
        self._acc.merge(other._acc)
        return self

    def __repr__(self) -> str:
        if not self:
            return "RunningStats()"
        return "<RunningStats {}>".format(self.summary())


def summarize(values: Iterable[float]) -> Summary:
    """The :class:`Summary` of some numbers; ValueError if there are none."""
    return RunningStats(values).summary()
