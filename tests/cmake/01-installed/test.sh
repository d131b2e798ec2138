# 01-installed: find_package(PyVenv) from the prefix cmake/install made.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_PREFIX:?PYVENV_TEST_PREFIX must name the install prefix}"
prefix=$PYVENV_TEST_PREFIX
[ -x "$prefix/bin/pyvenv" ] || fail "the package is not installed in $prefix (the cmake/install fixture)"
copy_project src
cp "$PYVENV_TEST_SRC/tests/cmake/check_env.py" src/

# What find_package gives.
configure src b1 "-DCMAKE_PREFIX_PATH=$prefix"
expect_ok "configure"
expect_eq "$(status_value PyVenv_VERSION)" 1.0.0 "PyVenv_VERSION"
expect_eq "$(status_value PyVenv_EXECUTABLE)" "$prefix/bin/pyvenv" "PyVenv_EXECUTABLE"
[ -x "$(status_value PyVenv_EXECUTABLE)" ] || fail "PyVenv_EXECUTABLE is not an executable"
expect_eq "$(status_value PyVenv_DIR)" "$prefix/lib/cmake/PyVenv" "PyVenv_DIR"
expect_eq "$(status_value imported)" TRUE "PyVenv::pyvenv is imported"
check_venv_values "$PWD/b1"

# Versions: 1.0 is satisfied, 2.0 is not, and REQUIRED 2.0 fails.
configure src/version v1 "-DCMAKE_PREFIX_PATH=$prefix" -DWANT=1.0
expect_ok "find_package(PyVenv 1.0)"
expect_eq "$(status_value PyVenv_FOUND)" 1 "find_package(PyVenv 1.0)"
configure src/version v2 "-DCMAKE_PREFIX_PATH=$prefix" -DWANT=2.0
expect_ok "find_package(PyVenv 2.0)"
expect_eq "$(status_value PyVenv_FOUND)" 0 "find_package(PyVenv 2.0)"
configure src/version v3 "-DCMAKE_PREFIX_PATH=$prefix" -DWANT=2.0 -DREQUIRE=ON
expect_failure "find_package(PyVenv 2.0 REQUIRED)"
expect_text 'compatible with requested version "2.0"' "find_package(PyVenv 2.0 REQUIRED)"
expect_text "$prefix/lib/cmake/PyVenv/PyVenvConfig.cmake, version: 1.0.0" "find_package(PyVenv 2.0 REQUIRED)"

# The environment target.
build b1 --target venv
check_venv_built "$PWD/b1"
remember "$(venv_dir "$PWD/b1" venv)"
build b1 --target venv
nothing_ran "second build of venv" "$(venv_dir "$PWD/b1" venv)"

# A test in the environment, from plain ctest in an unbuilt tree.
configure src b2 "-DCMAKE_PREFIX_PATH=$prefix"
expect_ok "configure b2"
check_activated_test "$PWD/b2"
finish
