# compile.py: pyvenv create --compile-bytecode, run by the environment's
# own python as `python -c <this> SITE_PACKAGES FINAL_SITE_PACKAGES`.
#
# Compiles every .py below SITE_PACKAGES to its __pycache__, on every CPU
# (compileall's workers), naming the sources as they will be once the
# environment is in its final place. What is compiled and up to date
# already (pip compiled it) is left alone. A file that does not compile is
# skipped, as pip skips it.
import compileall
import sys

compileall.compile_dir(sys.argv[1], ddir=sys.argv[2], quiet=2, workers=0)
