# 09-discover-pytest: pyvenv_discover_tests with pytest: node ids with spaces,
# quotes, ';', '$' and brackets become CTest tests that run exactly that id.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
# pytest comes from the base interpreter: the test's own if it has pytest,
# else Debian's python3 with python3-pytest.
for candidate in "$PY" /usr/bin/python3; do
	if "$candidate" -c 'import pytest' 2>/dev/null; then
		PY=$candidate
		break
	fi
done
"$PY" -c 'import pytest' 2>/dev/null ||
	skip "pytest is not importable by $PY or /usr/bin/python3 (Debian: apt-get install python3-pytest)"
copy_project src


configure src b "-DPyVenv_DIR=$PYVENV_TEST_BUILD"
expect_ok "configure"
build b
expect_ok "build"
expected=$(printf '%s\n' \
	'p:ptests/test_p.py::test_fails' \
	'p:ptests/test_p.py::test_param[$HOME]' \
	'p:ptests/test_p.py::test_param[[z]]' \
	'p:ptests/test_p.py::test_param[a b]' \
	"p:ptests/test_p.py::test_param[q'\"x]" \
	'p:ptests/test_p.py::test_param[x;y]' \
	'p:ptests/test_p.py::test_skipped' \
	'p:ptests/test_p.py::test_skipped_inside' \
	'p:ptests/test_p.py::test_xfail' \
	pyvenv.pvenv.setup | sort)
expect_eq "$(test_names b)" "$expected" "discovered tests"

run_ctest b -j2 --output-on-failure
expect_failure "ctest with a failing test"
expect_eq "$(count_lines 'p:ptests/test_p\.py::test_param\[.*\] \.+ +Passed')" 5 "the parametrized tests passed"
expect_eq "$(count_lines 'p:ptests/test_p\.py::test_fails \.+\*+Failed')" 1 "test_fails failed"
expect_text "fails on purpose" "the failure's message"
# Skipped tests (by a mark, or while running) show as skipped; an expected
# failure passes.
expect_eq "$(count_lines 'p:ptests/test_p\.py::test_skipped(_inside)? \.+\*+Skipped')" 2 "the skipped tests"
expect_eq "$(count_lines 'p:ptests/test_p\.py::test_xfail \.+ +Passed')" 1 "the expected failure"
# Each test ran its own id only.
expect_eq "$(count_lines '^1 passed' "$(cat b/Testing/Temporary/LastTest*.log)")" 5 "one pytest item per parametrized test"
finish
