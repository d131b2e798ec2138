# An unwritable destination: exit 1 with the errno's message and a hint.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

touch file
run "$PYVENV" create --python "$PY" --without-pip file/env
expect_rc 1 "destination below a file"
expect_err "file/env|file" "destination below a file"

mkdir ro && chmod 555 ro
if [ "$(id -u)" -eq 0 ]; then
	command -v setpriv >/dev/null || skip "running as root without setpriv: cannot drop privileges"
	chmod 755 . "$PYVENV_CACHE_DIR" 2>/dev/null
	as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	# nobody may not reach $PY (pyenv under /root): use one it can run.
	$as_user "$PY" -c pass 2>/dev/null || PY=/usr/bin/python3
	$as_user "$PY" -c pass 2>/dev/null || skip "no interpreter that 'nobody' can run"
	# nobody must be able to reach this directory and the helper.
	d=$PWD
	while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null; d=$(dirname "$d"); done
else
	as_user=""
fi
before=$(snapshot ro)
run $as_user env PYVENV_CACHE_DIR="$PWD/nocache" "$PYVENV" create --python "$PY" --without-pip ro/env
expect_rc 1 "read-only parent"
expect_err "ro(/env)?.*Permission denied" "read-only parent"
expect_err "^hint: check the permissions" "read-only parent"
[ "$before" = "$(snapshot ro)" ] || fail "a failed create changed ro/"
finish
