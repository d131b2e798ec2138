"""bench/wheelhouse.py DEST COUNT: the benchmarks' deterministic wheelhouse.

benchpkg-000 ... benchpkg-<COUNT-1>, version 1.0, made with
tests/parity/wheelgen.py's make_wheel (fixed zip timestamps) from a random
generator seeded with the package's number: the same bytes on every run and
every machine. Each package: benchpkg_NNN/__init__.py (with main()),
py.typed, and 8 subpackages of an __init__.py, 18 modules of 2 to 13
functions each and a data.txt (about 166 files); every third package has
two console scripts. Standard library only.
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "parity"))
from wheelgen import make_wheel, verify_wheel  # noqa: E402

if len(sys.argv) != 3:
    sys.exit("usage: wheelhouse.py DEST COUNT")
dest, count = sys.argv[1], int(sys.argv[2])
os.makedirs(dest, exist_ok=True)


def module(rng, path):
    lines = ['"""%s: generated for bench-template.sh."""' % path, "", "import os", ""]
    for k in range(rng.randrange(2, 14)):
        c = rng.randrange(1 << 30)
        lines += ["CONST_%d = %d" % (k, c), "",
                  "def func_%d(x, y=%d):" % (k, c % 97),
                  '    """Return a value derived from x and %d."""' % c,
                  "    if x > %d:" % (c % 1000),
                  "        return x * y + CONST_%d" % k,
                  "    return os.path.join(str(x), str(y))", ""]
    return "\n".join(lines) + "\n"


for i in range(count):
    name, mod = "benchpkg-%03d" % i, "benchpkg_%03d" % i
    rng = random.Random(i)
    files = {
        mod + "/__init__.py": '"""%s"""\n__version__ = "1.0"\n\n\ndef main():\n'
                              '    print("%s", __version__)\n    return 0\n' % (name, name),
        mod + "/py.typed": "",
    }
    for s in range(8):
        sub = "%s/sub%d" % (mod, s)
        files[sub + "/__init__.py"] = "from . import m00\n"
        for m in range(18):
            path = "%s/m%02d.py" % (sub, m)
            files[path] = module(rng, path)
        files[sub + "/data.txt"] = "".join(
            "line %d %d\n" % (k, rng.randrange(1 << 20)) for k in range(rng.randrange(5, 60)))
    scripts = {name: mod + ":main", name + "-alt": mod + ":main"} if i % 3 == 0 else {}
    path = make_wheel(dest, name, "1.0", modules=files, console_scripts=scripts)
    problems = verify_wheel(path)
    if problems:
        sys.exit("%s: %s" % (path, "; ".join(problems)))
