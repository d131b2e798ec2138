"""Run by the test as `python check_imports.py MODULE_DIR SOURCE_DIR`: both
modules import from the directories the environment's .pth names."""
import os
import sys

import _hello
import puremod

module_dir, source_dir = sys.argv[1:3]
problems = []
if os.path.dirname(_hello.__file__) != module_dir:
    problems.append(f"_hello from {_hello.__file__}, expected {module_dir}")
if os.path.dirname(puremod.__file__) != source_dir:
    problems.append(f"puremod from {puremod.__file__}, expected {source_dir}")
if puremod.greet() != "pure and hello from C":
    problems.append(f"puremod.greet() is {puremod.greet()!r}")
if sys.prefix != os.environ.get("VIRTUAL_ENV"):
    problems.append(f"sys.prefix {sys.prefix} is not VIRTUAL_ENV")
print("\n".join(problems) or "imports ok")
sys.exit(1 if problems else 0)
