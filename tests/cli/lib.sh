# lib.sh: helpers for the CLI tests (tests/cli/t*.sh), sourced by each.
#
# Each test runs in its own empty scratch directory (tests/run-in-scratch.sh)
# with PYVENV (the helper), PYVENV_TEST_PYTHON (a base interpreter),
# PYVENV_CACHE_DIR and PYVENV_TEST_SRC (the source tree) set by CTest.
# Exit 0 passes, 77 skips (say why), anything else fails.
set -u

: "${PYVENV:?PYVENV must name the pyvenv helper}"
: "${PYVENV_TEST_PYTHON:?PYVENV_TEST_PYTHON must name a base interpreter}"
PY=$PYVENV_TEST_PYTHON
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

skip() {
	echo "SKIP: $*"
	exit 77
}

# run CMD...: runs it, keeping stdout in $out, stderr in $err, status in $rc.
run() {
	out=$("$@" 2>stderr.txt)
	rc=$?
	err=$(cat stderr.txt)
	rm -f stderr.txt
}

# expect_rc N WHAT: the last run exited N.
expect_rc() {
	if [ "$rc" -ne "$1" ]; then
		fail "$2: exit status $rc, expected $1 (stderr: $err)"
	fi
}

# expect_err PATTERN WHAT: the last run's stderr matches the grep -E pattern.
expect_err() {
	if ! printf '%s\n' "$err" | grep -Eq -- "$1"; then
		fail "$2: stderr does not match /$1/: $err"
	fi
}

# snapshot DIR: a listing of everything below DIR with types, sizes, modes
# and modification times, to prove a failed run touched nothing.
snapshot() {
	find "$1" -printf '%p %y %s %m %T@\n' 2>/dev/null | sort
}

# snapshot_contents DIR: snapshot of what DIR holds, without DIR's own entry
# (a run that keeps a destination directory makes and removes a staging
# directory inside it, which changes the directory's time).
snapshot_contents() {
	find "$1" -mindepth 1 -printf '%p %y %s %m %T@\n' 2>/dev/null | sort
}

# no_leftovers DIR: nothing pyvenv uses while working is left in DIR.
no_leftovers() {
	local left
	left=$(find "$1" -maxdepth 1 -name '.*.pyvenv-tmp-*' 2>/dev/null)
	[ -z "$left" ] || fail "temporary directories left behind: $left"
}

# is_venv DIR: DIR is a working environment of $PY.
is_venv() {
	local prefix
	[ -f "$1/pyvenv.cfg" ] || { fail "$1 has no pyvenv.cfg"; return 1; }
	prefix=$(env -u VIRTUAL_ENV -u PYTHONHOME "$1/bin/python" -c 'import sys; print(sys.prefix)') ||
		{ fail "$1/bin/python does not run"; return 1; }
	[ "$prefix" = "$(cd "$1" && pwd)" ] || { fail "$1: sys.prefix is $prefix"; return 1; }
}

# wheel DEST NAME VERSION: builds a small wheel with a console script NAME.
wheel() {
	python3 "$PYVENV_TEST_SRC/tests/parity/wheelgen.py" "$@" >/dev/null
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
