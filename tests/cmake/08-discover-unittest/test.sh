# 08-discover-unittest: pyvenv_discover_tests with the unittest runner: a
# placeholder before the build, one CTest test per id after it, outcomes per
# test, rediscovery on a new file, a discovery error failing the build.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
copy_project src


configure src b "-DPyVenv_DIR=$PYVENV_TEST_BUILD"
expect_ok "configure"
placeholder=$(printf '%s\n' pyvenv.uvenv.setup u:uvenv_NOT_BUILT)
expect_eq "$(test_names b)" "$placeholder" "tests before the build"
run_ctest b --output-on-failure
expect_failure "ctest before the build"
expect_text "have not been discovered yet" "ctest before the build"

# The placeholder's run built the discovery through the fixture's setup.
expected=$(printf '%s\n' pyvenv.uvenv.setup u:test_u.TestU.test_fail u:test_u.TestU.test_pass u:test_u.TestU.test_skip)
expect_eq "$(test_names b)" "$expected" "tests after the first ctest"

build b
expect_ok "build"
expect_eq "$(test_names b)" "$expected" "tests after the build"
build b
expect_ok "second build"
[ "$(count_lines 'Discovering the Python tests')" -eq 0 ] || fail "a second build discovered again"

run_ctest b --output-on-failure
expect_failure "ctest with a failing test"
expect_eq "$(count_lines 'u:test_u\.TestU\.test_pass \.+ +Passed')" 1 "test_pass passed"
expect_eq "$(count_lines 'u:test_u\.TestU\.test_fail \.+\*+Failed')" 1 "test_fail failed"
expect_eq "$(count_lines 'u:test_u\.TestU\.test_skip \.+\*+Skipped')" 1 "test_skip skipped"
expect_text "this test fails on purpose" "the failure's message"
run_ctest b -L unit -N
# The three labelled tests, and the setup they require.
expect_text "Total Tests: 4" "LABELS unit"

# A new test module is discovered by the next build.
printf 'import unittest\n\nclass TestNew(unittest.TestCase):\n    def test_new(self):\n        pass\n' >src/utests/test_new.py
build b
expect_ok "build after a new test module"
[[ $(test_names b) == *"u:test_new.TestNew.test_new"* ]] || fail "the new test was not discovered: $(test_names b)"

# A module that does not import fails the build and says why; the stale
# list is gone, so CTest shows the placeholder rather than old tests.
printf 'import does_not_exist_xyz\n' >src/utests/test_broken.py
build b
expect_failure "build with a broken test module"
expect_text "does_not_exist_xyz" "build with a broken test module"
expect_eq "$(test_names b)" "$placeholder" "tests after a failed discovery"
rm src/utests/test_broken.py
build b
expect_ok "build after the fix"
[[ $(test_names b) == *"u:test_u.TestU.test_pass"* ]] || fail "tests not back after the fix: $(test_names b)"
finish
