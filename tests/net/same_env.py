"""same_env.py NATIVE PIP: the environment NATIVE (pyvenv's installer) holds
what PIP (pip's) does, by tests/native/compare.py's rules: the same files,
modes and contents with the environment's path made relative, INSTALLER
"pyvenv" against "pip", the same RECORD rows apart from INSTALLER's, every
row true to its file, REQUESTED and direct_url.json as pip writes them (none on either side
is equal too).
Prints each check (the failures with details); exit 1 when one fails."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "native"))
from compare import Report, compare_envs  # noqa: E402


def main():
    rep = Report(verbose=False)
    compare_envs(rep, "%s (native) == %s (pip)" % (sys.argv[1], sys.argv[2]), sys.argv[1], sys.argv[2],
                 "pyvenv", "pip")
    # compare.py's sets always have a direct URL; an index install has none
    # on either side, which is equal.
    failed = [f for f in rep.failures if not f.endswith("direct_url.json equal (none)")]
    if len(failed) < len(rep.failures):
        print("(direct_url.json: none on either side, as expected of an index install)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
