# The interpreter is probed once; a later create --without-pip starts no
# Python at all; a changed interpreter is probed again.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
command -v strace >/dev/null || skip "strace is not installed"
export PYVENV_CACHE_DIR=$PWD/cache

# A real interpreter we may touch: the copy inside a --copies environment.
"$PYVENV" create -q --python "$PY" --without-pip --copies base || fail "create base"
interp=$PWD/base/bin/python3

run "$PYVENV" info --json --python "$interp"
expect_rc 0 "first info"
printf '%s' "$out" | grep -q '"cached": false' || fail "first info claims a cached answer"
run "$PYVENV" info --json --python "$interp"
printf '%s' "$out" | grep -q '"cached": true' || fail "second info did not use the cache"

# execs: the programs the helper ran: execs by other processes than the first
# (which starts the helper: itself, or valgrind under PYVENV_TEST_VALGRIND).
execs() {
	grep 'execve(' trace.txt | awk 'NR == 1 { first = $1 } $1 != first { n++ } END { print n + 0 }'
}
# LeakSanitizer cannot run under ptrace: off for the traced runs only.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
strace -f -qq -s 4096 -e trace=execve -o trace.txt "$PYVENV" create -q --python "$interp" --without-pip e1 ||
	fail "create e1"
[ "$(execs)" = 0 ] || fail "create with a cached probe ran $(execs) program(s): $(cat trace.txt)"
is_venv e1

touch -d '2001-01-01' "$interp"
strace -f -qq -s 4096 -e trace=execve -o trace.txt "$PYVENV" create -q --python "$interp" --without-pip e2 ||
	fail "create e2"
[ "$(execs)" = 1 ] || fail "a touched interpreter was not probed again: $(cat trace.txt)"

# --no-cache neither reads nor writes it.
rm -rf cache
"$PYVENV" create -q --no-cache --python "$interp" --without-pip e3 || fail "create e3"
[ ! -e cache ] || fail "--no-cache wrote the cache"
finish
