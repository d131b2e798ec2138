#!/bin/bash
# installed.sh BUILD_DIR PYTHON: installs the build into a scratch prefix,
# then builds tests/api/api_test.c against the installed libpyvenv each way
# a user would: pkg-config (shared, and --static), and find_package(PyVenv)
# with PyVenv::libpyvenv and PyVenv::libpyvenv_static; runs each program.
set -u
build=$1 python=$2
src=$PYVENV_TEST_SRC/tests/api
work=$PWD
prefix=$work/prefix
status=0
fail() { echo "FAIL: $*"; status=1; }

unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
cmake --install "$build" --prefix "$prefix" >install.log 2>&1 || { cat install.log; echo "FAIL: install"; exit 1; }
for f in include/pyvenv.h lib/libpyvenv.a lib/pkgconfig/pyvenv.pc lib/cmake/PyVenv/PyVenvConfig.cmake; do
	[ -e "$prefix/$f" ] || fail "the install has no $f"
done
so=$(readlink "$prefix/lib/libpyvenv.so")
[ "$so" = libpyvenv.so.1 ] || fail "libpyvenv.so links to '$so', not the soname libpyvenv.so.1"
soname=$(objdump -p "$prefix/lib/libpyvenv.so.1" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = libpyvenv.so.1 ] || fail "the soname is '$soname'"

# run NAME PROGRAM: the program passes in a scratch directory of its own.
run() {
	local d=$work/run-$1
	rm -rf "$d" && mkdir -p "$d"
	if "$2" "$python" "$d" >"$d.log" 2>&1; then
		echo "ok: $1 ($(grep -c '^ok:' "$d.log") checks)"
	else
		cat "$d.log"
		fail "$1"
	fi
}

# A sanitizer build installs instrumented libraries: the programs must be
# built the same way ($PYVENV_TEST_CFLAGS).
cflags=${PYVENV_TEST_CFLAGS:-}
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cc $cflags -Wall -Wextra -Werror -pthread $(pkg-config --cflags pyvenv) "$src/api_test.c" -o pc-shared \
	$(pkg-config --libs pyvenv) -Wl,-rpath,"$prefix/lib" || fail "build with pkg-config (shared)"
[ -x pc-shared ] && run pkg-config-shared ./pc-shared
ldd ./pc-shared 2>/dev/null | grep -q "libpyvenv.so.1 => $prefix/lib/" || fail "pc-shared does not load the installed libpyvenv.so.1"
cc $cflags -Wall -Wextra -Werror -pthread $(pkg-config --cflags pyvenv) "$src/api_test.c" -o pc-static \
	"$prefix/lib/libpyvenv.a" $(pkg-config --static --libs-only-l --libs-only-other pyvenv | sed 's/-lpyvenv//') ||
	fail "build with pkg-config --static"
[ -x pc-static ] && run pkg-config-static ./pc-static
ldd ./pc-static 2>/dev/null | grep -q libpyvenv && fail "pc-static loads libpyvenv.so"

cmake -S "$src/consumer" -B consumer -DCMAKE_PREFIX_PATH="$prefix" "-DCMAKE_C_FLAGS=$cflags" >consumer.log 2>&1 &&
	cmake --build consumer >>consumer.log 2>&1 || { cat consumer.log; fail "build with find_package(PyVenv)"; }
[ -x consumer/api_shared ] && run find_package-shared consumer/api_shared
[ -x consumer/api_static ] && run find_package-static consumer/api_static
exit $status
