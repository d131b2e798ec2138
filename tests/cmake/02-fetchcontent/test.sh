# 02-fetchcontent: FetchContent_MakeAvailable(PyVenv), then find_package.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
copy_project src
cp "$PYVENV_TEST_SRC/tests/cmake/check_env.py" src/

configure src b1
expect_ok "configure"
expect_eq "$(status_value PyVenv_VERSION)" 1.0.0 "PyVenv_VERSION"
expect_eq "$(status_value PyVenv_EXECUTABLE)" '$<TARGET_FILE:PyVenv::pyvenv>' "PyVenv_EXECUTABLE"
expect_eq "$(status_value PyVenv_DIR)" "$PWD/b1/CMakeFiles/pkgRedirects" "PyVenv_DIR (the redirect)"
expect_eq "$(status_value imported)" FALSE "PyVenv::pyvenv is not imported"
expect_eq "$(status_value aliased)" pyvenv "PyVenv::pyvenv is an alias of the helper target"
expect_eq "$(status_value PyVenv_2_FOUND)" 0 "find_package(PyVenv 2.0)"
check_venv_values "$PWD/b1"
helper=$(info_value "$(info_file b1)" helper)
expect_eq "$(info_value "$(info_file b1)" PyVenv_EXECUTABLE)" "$helper" "PyVenv_EXECUTABLE evaluated"
case $helper in
"$PWD/b1/_deps/pyvenv-build/"*) ;;
*) fail "the helper is not built in the consumer tree: $helper" ;;
esac
[ ! -e "$helper" ] || fail "the helper exists before the build"

# A test in the environment, from plain ctest in the unbuilt tree: the
# fixture's setup builds the helper, then the environment.
check_activated_test "$PWD/b1"
[ -x "$helper" ] || fail "the helper $helper was not built"
log=$(cat b1/Testing/Temporary/LastTest*.log 2>/dev/null)
link=$(printf '%s\n' "$log" | grep -n 'Linking C executable.*pyvenv$' | head -1 | cut -d: -f1)
made=$(printf '%s\n' "$log" | grep -n 'Python environment venv$' | head -1 | cut -d: -f1)
if [ -z "$link" ] || [ -z "$made" ]; then
	fail "the setup test did not link the helper ($link) and make the environment ($made)"
elif [ "$link" -gt "$made" ]; then
	fail "the helper was linked after the environment was made"
fi
run "$helper" --version
expect_eq "$out" "pyvenv 1.0.0" "the built helper's --version"

# The environment target, with the helper built.
rm -rf b1/venv
build b1 --target venv
check_venv_built "$PWD/b1"
remember "$(venv_dir "$PWD/b1" venv)"
build b1 --target venv
nothing_ran "second build of venv" "$(venv_dir "$PWD/b1" venv)"
finish
