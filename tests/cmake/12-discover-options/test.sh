# 12-discover-options: PROPERTIES on every discovered test, TEST_LIST for a
# later CTest script, DISCOVERY_TIMEOUT stopping a collection that hangs,
# and a warning when testing is not enabled where the tests are added.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
copy_project src

configure src b "-DPyVenv_DIR=$PYVENV_TEST_BUILD"
expect_ok "configure"
[ "$(count_lines 'testing is not enabled')" -eq 0 ] || fail "a warning with testing enabled: $output"
build b
expect_ok "build"
expected=$(printf '%s\n' 'listed o:test_o.TestO.test_a,o:test_o.TestO.test_b' \
	o:test_o.TestO.test_a o:test_o.TestO.test_b plain pyvenv.ovenv.setup | sort)
expect_eq "$(test_names b)" "$expected" "tests, and the one named after TEST_LIST"

# PROPERTIES, on each discovered test, as CTest reads them.
run_ctest b --show-only=json-v1
expect_ok "ctest --show-only=json-v1"
props=$(printf '%s' "$out" | python3 -c '
import json, sys
for t in json.load(sys.stdin)["tests"]:
    if t["name"].startswith("o:"):
        p = {x["name"]: x["value"] for x in t.get("properties", [])}
        print(t["name"], p.get("TIMEOUT"), p.get("COST"))')
expect_eq "$props" "o:test_o.TestO.test_a 42.0 7.0
o:test_o.TestO.test_b 42.0 7.0" "TIMEOUT and COST of the discovered tests"
run_ctest b --output-on-failure
expect_ok "ctest"

# Testing not enabled: both functions warn, naming themselves and the fix;
# with BUILD_TESTING off (tests turned off on purpose), neither does.
configure src b-off "-DPyVenv_DIR=$PYVENV_TEST_BUILD" -DWITH_TESTING=OFF
expect_ok "configure without enable_testing()"
expect_text "pyvenv_discover_tests(ovenv): testing is not enabled in $PWD/src" "the warning of pyvenv_discover_tests"
expect_text "pyvenv_add_test(plain): testing is not enabled in $PWD/src" "the warning of pyvenv_add_test"
expect_text "call enable_testing() or include(CTest)" "the warning's hint"
configure src b-bt "-DPyVenv_DIR=$PYVENV_TEST_BUILD" -DWITH_TESTING=OFF -DBUILD_TESTING=OFF
expect_ok "configure with BUILD_TESTING off"
[ "$(count_lines 'testing is not enabled')" -eq 0 ] || fail "a warning with BUILD_TESTING off"

# A discovery that hangs is stopped after DISCOVERY_TIMEOUT and fails the
# build, saying so (the module sleeps for 600 s).
configure src b-hang "-DPyVenv_DIR=$PYVENV_TEST_BUILD" -DHANG=ON
expect_ok "configure with HANG"
start=$SECONDS
build b-hang
expect_failure "build with a discovery that hangs"
expect_text "did not finish within 2 s and was stopped (DISCOVERY_TIMEOUT)" "build with a discovery that hangs"
[ $((SECONDS - start)) -lt 300 ] || fail "the hung discovery held the build for $((SECONDS - start)) s"
[ -z "$(pgrep -f "$PWD/src/slow" 2>/dev/null)" ] || fail "the hung discovery is still running"
finish
