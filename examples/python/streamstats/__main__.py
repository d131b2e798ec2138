"""python -m streamstats [NUMBER...]: print the summary of some numbers.

With no arguments, reads whitespace-separated numbers from standard input.
Exit status: 0 success, 1 bad input, 2 usage error.
"""

import argparse
import sys
from typing import List, Optional

from . import RunningStats


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m streamstats",
        description="Print count, mean, sample standard deviation, min and max of some numbers.",
    )
    parser.add_argument("numbers", nargs="*", metavar="NUMBER", type=float,
                        help="the numbers (default: read them from standard input)")
    args = parser.parse_args(argv)
    stats = RunningStats()
    try:
        if args.numbers:
            stats.update(args.numbers)
        else:
            for line in sys.stdin:
                stats.update(float(word) for word in line.split())
        if not stats:
            raise ValueError("no numbers")
        print(stats.summary())
    except ValueError as e:
        print("streamstats: {}".format(e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
