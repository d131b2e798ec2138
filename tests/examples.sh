# examples.sh: the example project (examples/) as a user runs it: configure,
# build and test, with its own interpreter choice (find_package(Python3)) and
# PyVenv from this source tree. Then a second build does nothing and a second
# ctest passes too.
set -u
: "${PYVENV_TEST_SRC:?}"
CMAKE=${PYVENV_TEST_CMAKE:-cmake}
CTEST=${PYVENV_TEST_CTEST:-ctest}
for var in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$var"; done
unset VIRTUAL_ENV PYTHONHOME PYTHONPATH MAKEFLAGS CMAKE_GENERATOR CMAKE_PREFIX_PATH
gen="Unix Makefiles"
command -v ninja >/dev/null && gen=Ninja
set -x
"$CMAKE" -S "$PYVENV_TEST_SRC/examples" -B build -G "$gen" -DCMAKE_BUILD_TYPE=Debug || exit 1
"$CMAKE" --build build || exit 1
"$CTEST" --test-dir build --output-on-failure --no-tests=error || exit 1
# 29 discovered tests, the command-line test and the setup: all ran.
n=$("$CTEST" --test-dir build -N | sed -n 's/^Total Tests: //p')
[ "$n" -ge 31 ] || { echo "FAIL: only $n tests registered"; exit 1; }
out=$("$CMAKE" --build build 2>&1) || exit 1
case $out in
*"Python environment"* | *"Discovering"*) echo "FAIL: a second build did work: $out"; exit 1 ;;
esac
build/venv/bin/python -m streamstats 3 1 4 1 5 || exit 1
echo "all checks passed"
