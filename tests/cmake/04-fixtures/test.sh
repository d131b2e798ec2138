# 04-fixtures: ctest -j4 in an unbuilt tree runs each environment's setup
# once, before its tests; a second run recreates nothing.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
copy_project src
one=$(venv_dir "$PWD/b" one)
two=$(venv_dir "$PWD/b" two)

configure src b "-DPyVenv_DIR=$PYVENV_TEST_BUILD"
expect_ok "configure"
[ ! -e "$one" ] && [ ! -e "$two" ] || fail "an environment exists before ctest"

# last_log: what the last ctest run wrote to its log (every test's output).
last_log() {
	cat b/Testing/Temporary/LastTest*.log 2>/dev/null
}

run_ctest b -j4 --output-on-failure
expect_ok "first ctest -j4"
expect_text "100% tests passed, 0 tests failed out of 8" "first ctest -j4"
for venv in one two; do
	expect_eq "$(count_lines "Start +[0-9]+: pyvenv\.$venv\.setup\$")" 1 "first run: starts of the setup of $venv"
	expect_eq "$(count_lines "Test +#[0-9]+: pyvenv\.$venv\.setup \.+ +Passed")" 1 "first run: the setup of $venv"
	expect_eq "$(count_lines "Python environment $venv\$" "$(last_log)")" 1 "first run: builds of $venv in LastTest.log"
	for t in plain environment directory; do
		expect_eq "$(count_lines "Test +#[0-9]+: $venv\.$t \.+ +Passed")" 1 "first run: test $venv.$t"
	done
done
is_venv "$one"
is_venv "$two"
expect_eq "$(cfg_value "$two" prompt)" "'second'" "the prompt of two"
remember "$one" "$two"

run_ctest b -j4 --output-on-failure
expect_ok "second ctest -j4"
expect_text "100% tests passed, 0 tests failed out of 8" "second ctest -j4"
output=$(last_log)
nothing_ran "second ctest -j4 (LastTest.log)" "$one" "$two"

# LABELS: the tests labelled directory (and the setups they need), and no
# other test.
run_ctest b -N -L '^directory$'
expect_eq "$(printf '%s\n' "$out" | sed -n 's/^ *Test *#[0-9]*: //p' | sort | tr '\n' ' ')" \
	"one.directory pyvenv.one.setup pyvenv.two.setup two.directory " "ctest -N -L directory"
finish
