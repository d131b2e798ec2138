"""Run by a pyvenv_add_test test as `python check_env.py ENV_DIR`: the test
runs as if ENV_DIR were activated. Prints what differs and exits 1."""
import os
import shutil
import sys

env = sys.argv[1]
bin_dir = os.path.join(env, "bin")
checks = [
    ("sys.prefix", sys.prefix, env),
    ("sys.executable", sys.executable, os.path.join(bin_dir, "python")),
    ("VIRTUAL_ENV", os.environ.get("VIRTUAL_ENV"), env),
    ("the first PATH entry", os.environ.get("PATH", "").split(os.pathsep)[0], bin_dir),
    ("PYTHONHOME", os.environ.get("PYTHONHOME"), None),
    ("python on PATH", shutil.which("python"), os.path.join(bin_dir, "python")),
]
bad = [(what, got, want) for what, got, want in checks if got != want]
for what, got, want in bad:
    print(f"{what} is {got!r}, expected {want!r}")
print("environment ok" if not bad else f"{len(bad)} check(s) failed")
sys.exit(1 if bad else 0)
