# lib.sh: helpers for the CMake package tests (tests/cmake/NN-*/test.sh),
# sourced by each driver as `. lib.sh GEN-TAG`.
#
# A driver runs in its own empty scratch directory (tests/run-in-scratch.sh),
# copies its consumer project there (copy_project), then configures, builds
# and tests it with one generator: GEN-TAG is make (Unix Makefiles), ninja
# (Ninja) or ninja-mc (Ninja Multi-Config, built and tested as Debug), or
# any (whichever of Ninja and Makefiles is there, for generator-independent
# tests). CTest sets PYVENV_TEST_SRC (the source tree), PYVENV_TEST_PYTHON
# (the base interpreter), PYVENV_CACHE_DIR, PYVENV_TEST_BUILD (the top build
# tree, where PyVenvConfig.cmake is), PYVENV_TEST_PREFIX (where cmake/install
# installs the package) and PYVENV_TEST_CMAKE / PYVENV_TEST_CTEST.
# Exit 0 passes, 77 skips (say why), anything else fails. Every command run
# with `run` is logged to log.txt, which a failure leaves behind.
set -u

: "${PYVENV_TEST_SRC:?PYVENV_TEST_SRC must name the source tree}"
: "${PYVENV_TEST_PYTHON:?PYVENV_TEST_PYTHON must name a base interpreter}"
: "${PYVENV_CACHE_DIR:?PYVENV_CACHE_DIR must name the helper cache}"
PY=$PYVENV_TEST_PYTHON
CMAKE=${PYVENV_TEST_CMAKE:-cmake}
CTEST=${PYVENV_TEST_CTEST:-ctest}
TEST_DIR=$(cd "$(dirname "$0")" && pwd)
failures=0

# Results must not depend on the caller: no pip configuration from the
# environment (the machine sets PIP_FIND_LINKS), no activated environment,
# no make jobserver or CMake defaults leaking in from an outer build.
for _var in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$_var"
done
unset VIRTUAL_ENV PYTHONHOME PYTHONPATH MAKEFLAGS MFLAGS MAKELEVEL \
	CMAKE_GENERATOR CMAKE_BUILD_TYPE CMAKE_CONFIG_TYPE CMAKE_BUILD_PARALLEL_LEVEL \
	CMAKE_PREFIX_PATH CTEST_PARALLEL_LEVEL CTEST_OUTPUT_ON_FAILURE DESTDIR

# sys.base_prefix of the base interpreter, which its environments share.
BASE_PREFIX=$("$PY" -c 'import sys; print(sys.base_prefix)') ||
	{ echo "FAIL: the base interpreter $PY does not run" >&2; exit 1; }

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

skip() {
	echo "SKIP: $*"
	exit 77
}

GEN_TAG=${1:-}
CONFIG=""          # the configuration built and tested (multi-config only)
BUILD_ARGS=()      # for cmake --build
CTEST_ARGS=()      # for ctest
case $GEN_TAG in
make)
	GEN="Unix Makefiles"
	command -v make >/dev/null || skip "make is not installed"
	;;
ninja | ninja-mc)
	GEN=Ninja
	command -v ninja >/dev/null || skip "ninja is not installed"
	if [ "$GEN_TAG" = ninja-mc ]; then
		GEN="Ninja Multi-Config"
		CONFIG=Debug
		BUILD_ARGS=(--config Debug)
		CTEST_ARGS=(-C Debug)
	fi
	;;
any)
	GEN="Unix Makefiles"
	if command -v ninja >/dev/null; then GEN=Ninja; fi
	;;
*)
	echo "usage: $0 make|ninja|ninja-mc|any" >&2
	exit 2
	;;
esac

# run CMD...: runs it, keeping stdout in $out, stderr in $err, both in
# $output, the status in $rc; all of it is appended to log.txt.
run() {
	local start=$EPOCHREALTIME
	"$@" >run-out.txt 2>run-err.txt
	rc=$?
	out=$(cat run-out.txt)
	err=$(cat run-err.txt)
	output="$out
$err"
	{
		printf '$ %s\n' "$*"
		cat run-out.txt run-err.txt
		printf '[exit %s, %s s]\n\n' "$rc" "$(awk "BEGIN { printf \"%.2f\", $EPOCHREALTIME - $start }")"
	} >>log.txt
	rm -f run-out.txt run-err.txt
}

# in_dir DIR CMD...: runs CMD in DIR.
in_dir() {
	(cd "$1" && shift && exec "$@")
}

# configure SRC BUILD [ARG...]: configures SRC in BUILD with the generator
# and the base interpreter.
configure() {
	local src=$1 bld=$2
	shift 2
	run "$CMAKE" -S "$src" -B "$bld" -G "$GEN" "-DPython3_EXECUTABLE=$PY" "$@"
}

# build BUILD [ARG...]: builds BUILD (the tested configuration).
build() {
	local bld=$1
	shift
	run "$CMAKE" --build "$bld" ${BUILD_ARGS[@]+"${BUILD_ARGS[@]}"} "$@"
}

# run_ctest BUILD [ARG...]: plain ctest in BUILD (the tested configuration).
run_ctest() {
	local bld=$1
	shift
	run in_dir "$bld" "$CTEST" ${CTEST_ARGS[@]+"${CTEST_ARGS[@]}"} "$@"
}

# expect_ok WHAT / expect_failure WHAT: the last run's exit status.
expect_ok() {
	if [ "$rc" -ne 0 ]; then
		fail "$1: exit status $rc, expected 0"
		printf '%s\n' "$output" | tail -n 40 | sed 's/^/    | /' >&2
	fi
}

expect_failure() {
	if [ "$rc" -eq 0 ]; then
		fail "$1: succeeded, expected a failure"
		printf '%s\n' "$output" | tail -n 20 | sed 's/^/    | /' >&2
	fi
}

# squeeze TEXT: TEXT on one line, runs of white space made one space (CMake
# wraps and indents its messages).
squeeze() {
	printf '%s' "$1" | tr '\n\t' '  ' | tr -s ' '
}

# expect_text TEXT WHAT: the last run's output (wrapping ignored) contains
# TEXT verbatim.
expect_text() {
	local text want
	text=$(squeeze "$output")
	want=$(squeeze "$1")
	if [[ $text != *"$want"* ]]; then
		fail "$2: the output does not contain '$1'"
		printf '%s\n' "$output" | tail -n 20 | sed 's/^/    | /' >&2
	fi
}

# expect_eq GOT WANT WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: '$1', expected '$2'"
}

# count_lines PATTERN [TEXT]: how many lines of TEXT (default: the last
# run's output) match the grep -E pattern.
count_lines() {
	printf '%s\n' "${2-$output}" | grep -Ec -- "$1"
}

# status_value KEY: VALUE from a "-- PYVENV_TEST KEY=VALUE" line of the last
# run (the consumer projects print what they see so).
status_value() {
	printf '%s\n' "$out" | sed -n "s/^-- PYVENV_TEST $1=//p"
}

# info_value FILE KEY: VALUE from a KEY=VALUE line of FILE (written by the
# consumer projects with file(GENERATE), generator expressions evaluated).
info_value() {
	sed -n "s/^$2=//p" "$1"
}

# info_file BUILD: the file(GENERATE) output of the tested configuration.
info_file() {
	printf '%s/info-%s.txt' "$1" "$CONFIG"
}

# venv_dir BUILD NAME: where add_python_venv(NAME) puts the environment:
# BUILD/NAME, or BUILD/NAME/<config> in a multi-config generator.
# test_names BUILD: the tests ctest -N lists there, sorted, one per line.
test_names() {
	run_ctest "$1" -N
	printf '%s\n' "$output" | sed -n 's/^ *Test *#[0-9]*: //p' | sort
}

venv_dir() {
	if [ -n "$CONFIG" ]; then
		printf '%s/%s/%s' "$1" "$2" "$CONFIG"
	else
		printf '%s/%s' "$1" "$2"
	fi
}

# copy_project [DEST]: the test's consumer project, copied to DEST (default
# src) so that the test can change it.
copy_project() {
	local dest=${1:-src}
	mkdir -p "$dest" && cp -R "$TEST_DIR"/. "$dest"/ && rm -f "$dest/test.sh"
}

# ident FILE: inode and modification time, which change when FILE is
# written anew or touched.
ident() {
	stat -c '%i %y' "$1" 2>/dev/null || echo "missing"
}

# env_ident DIR: the identity of environment DIR: its stamp and pyvenv.cfg.
env_ident() {
	echo "stamp $(ident "$1/.pyvenv-stamp") cfg $(ident "$1/pyvenv.cfg")"
}

# remember DIR...: records the identity of each environment, for nothing_ran.
declare -A remembered=()
remember() {
	local d
	for d in "$@"; do
		remembered[$d]=$(env_ident "$d")
	done
}

# nothing_ran WHAT DIR...: the last build succeeded and did nothing to the
# environments: no "Python environment" line (the custom command's COMMENT)
# and the stamp and pyvenv.cfg of each remembered DIR kept inode and time.
nothing_ran() {
	local what=$1 d n
	shift
	expect_ok "$what"
	n=$(count_lines 'Python environment')
	if [ "$n" -ne 0 ]; then
		fail "$what: the environment command ran $n times"
		printf '%s\n' "$output" | grep 'Python environment' | sed 's/^/    | /' >&2
	fi
	for d in "$@"; do
		[ "$(env_ident "$d")" = "${remembered[$d]}" ] ||
			fail "$what: $d was touched: $(env_ident "$d"), was ${remembered[$d]}"
	done
}

# is_venv DIR: DIR is a working environment of $PY: its python runs with
# sys.prefix DIR and the base interpreter's sys.base_prefix.
is_venv() {
	local got
	[ -f "$1/pyvenv.cfg" ] || { fail "$1 has no pyvenv.cfg"; return 1; }
	got=$(env -u VIRTUAL_ENV -u PYTHONHOME "$1/bin/python" -c 'import sys; print(sys.prefix); print(sys.base_prefix)') ||
		{ fail "$1/bin/python does not run"; return 1; }
	[ "$got" = "$1
$BASE_PREFIX" ] || { fail "$1: sys.prefix and sys.base_prefix are: ${got//$'\n'/, }"; return 1; }
}

# cfg_value DIR KEY: the value of KEY in DIR/pyvenv.cfg.
cfg_value() {
	sed -n "s/^$2 = //p" "$1/pyvenv.cfg"
}

# wheel DEST NAME VERSION: builds a small wheel with a console script NAME
# that prints "hello from NAME VERSION" and sys.prefix.
wheel() {
	python3 "$PYVENV_TEST_SRC/tests/parity/wheelgen.py" "$@" >/dev/null || fail "wheelgen $*"
}

# script_runs DIR NAME VERSION: the console script NAME of environment DIR
# runs and says so.
script_runs() {
	local got
	got=$("$1/bin/$2" 2>&1)
	[ "$got" = "hello from $2 $3
$1" ] || fail "$1/bin/$2: printed '$got'"
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed; the commands and their output are in $PWD/log.txt"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}

# --- checks shared by the consumer projects 01 and 02 --------------------------

# check_venv_values BUILD: after a configure of a project with
# add_python_venv(venv): the raw values it printed (with $<CONFIG> in a
# multi-config generator) and, in its info file, the evaluated ones.
check_venv_values() {
	local bld=$1 raw dir info key
	raw=$bld/venv
	[ -n "$CONFIG" ] && raw="$raw/\$<CONFIG>"
	expect_eq "$(status_value venv_DIR)" "$raw" "variable venv_DIR"
	expect_eq "$(status_value venv_PYTHON)" "$raw/bin/python" "variable venv_PYTHON"
	expect_eq "$(status_value PYVENV_DIR)" "$raw" "property PYVENV_DIR"
	expect_eq "$(status_value PYVENV_BIN_DIR)" "$raw/bin" "property PYVENV_BIN_DIR"
	expect_eq "$(status_value PYVENV_PYTHON)" "$raw/bin/python" "property PYVENV_PYTHON"
	expect_eq "$(status_value PYVENV_BASE_PYTHON)" "$PY" "property PYVENV_BASE_PYTHON"
	dir=$(venv_dir "$bld" venv)
	info=$(info_file "$bld")
	[ -f "$info" ] || { fail "no $info"; return; }
	for key in PYVENV_DIR:"$dir" PYVENV_BIN_DIR:"$dir/bin" PYVENV_PYTHON:"$dir/bin/python" \
		PYVENV_BASE_PYTHON:"$PY" venv_DIR:"$dir" venv_PYTHON:"$dir/bin/python"; do
		expect_eq "$(info_value "$info" "${key%%:*}")" "${key#*:}" "${key%%:*} evaluated"
	done
}

# check_venv_built BUILD [WHAT]: the last run built the environment venv
# once, and it works.
check_venv_built() {
	local dir what=${2:-building the target venv}
	dir=$(venv_dir "$1" venv)
	expect_ok "$what"
	expect_eq "$(count_lines 'Python environment venv$')" 1 "$what: runs of the environment command"
	is_venv "$dir"
	[ -f "$dir/.pyvenv-stamp" ] || fail "no stamp $dir/.pyvenv-stamp"
}

# check_activated_test BUILD: plain ctest in BUILD, configured but not
# built, whose caller has PYTHONHOME, VIRTUAL_ENV and a failing `python`
# first on PATH: the fixture builds the environment, the test (check_env.py)
# sees it activated.
check_activated_test() {
	local bld=$1 dir
	dir=$(venv_dir "$bld" venv)
	[ ! -e "$dir" ] || fail "$dir exists before ctest"
	mkdir -p decoy
	printf '#!/bin/sh\necho "the caller'"'"'s python ran" >&2\nexit 3\n' >decoy/python
	chmod +x decoy/python
	PATH="$PWD/decoy:$PATH" PYTHONHOME=/nonexistent VIRTUAL_ENV=/nonexistent/venv \
		run_ctest "$bld" --output-on-failure
	expect_ok "ctest in the unbuilt tree"
	expect_text "100% tests passed, 0 tests failed out of 2" "ctest in the unbuilt tree"
	expect_eq "$(count_lines 'Test +#[0-9]+: pyvenv\.venv\.setup \.+ +Passed')" 1 "the fixture's setup test"
	expect_eq "$(count_lines 'Test +#[0-9]+: activated \.+ +Passed')" 1 "the activated test"
	is_venv "$dir"
}
