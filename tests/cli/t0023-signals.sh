# SIGINT, SIGTERM and SIGHUP to the helper alone: pip ends too, what the
# run made goes (temporary directories, the copy of a piped requirements
# file), an old environment stays, and the helper ends by that signal.
# pip is kept busy by an index on 127.0.0.1 that accepts and never answers.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
command -v pgrep >/dev/null || skip "pgrep (procps) is not installed"
env --default-signal=INT true 2>/dev/null || skip "env --default-signal (coreutils 8.31) is not available"
mkdir tmp
export TMPDIR=$PWD/tmp

python3 -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
print(s.getsockname()[1], flush=True)
held = []
while True:
    c, _ = s.accept()
    held.append(c)
    print("accepted", flush=True)
' >server.log &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s server.log ] && break; sleep 0.1; done
port=$(head -n1 server.log)
[ -n "$port" ] || { fail "the test index did not start"; finish; }
INDEX=(--pip-arg=--index-url=http://127.0.0.1:$port/simple --pip-arg=--retries=0 --pip-arg=--timeout=120)

# wait_for WHAT CMD...: until CMD succeeds (30 s at most).
wait_for() {
	local what=$1 i
	shift
	for i in $(seq 300); do "$@" && return 0; sleep 0.1; done
	fail "timed out waiting for $what"
	return 1
}
accepted() { [ "$(grep -c accepted server.log)" -gt "$1" ]; }
# the helper started as a background job of this shell, which would ignore
# SIGINT for it: the default is put back.

# interrupt SIG NUM DEST [--clear]: runs a create that blocks in pip,
# sends SIG to the helper alone, and checks what is left.
interrupt() {
	local sig=$1 num=$2 dest=$3 clear=${4:-} pid pip n rc before
	n=$(grep -c accepted server.log)
	before=$(ls -A .)
	env --default-signal=INT,TERM,HUP "$PYVENV" create --no-cache --python "$PY" $clear \
		-r <(printf 'no-such-package-pyvenv\n') "${INDEX[@]}" "$dest" 2>"$dest.err" &
	pid=$!
	wait_for "pip to reach the index ($sig)" accepted "$n" || return
	pip=$(pgrep -P "$pid" | head -n1)
	[ -n "$pip" ] || fail "$sig: no child of the helper while pip waits"
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	[ "$rc" = $((128 + num)) ] || fail "$sig: exit status $rc, expected $((128 + num)): $(cat "$dest.err")"
	grep -q "interrupted by SIG$sig" "$dest.err" || fail "$sig: no message saying so: $(cat "$dest.err")"
	if [ -n "$pip" ]; then
		wait_for "pip to end after $sig" sh -c "! kill -0 $pip 2>/dev/null"
	fi
	[ -z "$(ls tmp)" ] || fail "$sig: left in TMPDIR: $(ls tmp)"
	[ "$(ls -A . | grep -v "^$dest.err\$")" = "$before" ] || fail "$sig: beside $dest: $(ls -A .)"
	rm -f "$dest.err"
}

for s in INT:2 TERM:15 HUP:1; do
	interrupt "${s%:*}" "${s#*:}" "new-${s%:*}"
	[ ! -e "new-${s%:*}" ] || fail "${s%:*}: a new environment was left"
	# The next run on the same destination works, and warns of nothing.
	run "$PYVENV" create --no-cache --python "$PY" --without-pip "new-${s%:*}"
	expect_rc 0 "the run after ${s%:*}"
	case $err in *warning*) fail "the run after ${s%:*} warned: $err" ;; esac
	is_venv "new-${s%:*}"
done

# --clear over an environment: the old one stays as it was.
"$PYVENV" create -q --no-cache --python "$PY" --without-pip old || fail "creating 'old'"
echo keep >old/marker
snap=$(snapshot_contents old)
interrupt TERM 15 old --clear
[ "$(snapshot_contents old)" = "$snap" ] || fail "TERM during --clear changed the old environment"

# A helper waiting for a lock another holds.
command -v flock >/dev/null || skip "flock(1) is not installed"
exec 9>.locked.pyvenv-lock
flock 9
env --default-signal=INT,TERM,HUP "$PYVENV" create -v --no-cache --python "$PY" --without-pip locked 2>locked.err &
pid=$!
wait_for "the waiting message" grep -q "waiting for another pyvenv" locked.err
kill -s INT "$pid"
wait "$pid"
rc=$?
[ "$rc" = 130 ] || fail "INT while waiting for a lock: exit status $rc: $(cat locked.err)"
[ ! -e locked ] || fail "INT while waiting for a lock: 'locked' was made"
exec 9>&-
finish
