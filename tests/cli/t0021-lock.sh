# Runs on one destination wait for each other; leftovers of killed runs go.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
command -v flock >/dev/null || skip "flock(1) is not installed"

# Hold the destination's lock: pyvenv must wait, then finish.
exec 9>.env.pyvenv-lock
flock 9
"$PYVENV" create --python "$PY" --without-pip env 2>wait.txt &
pid=$!
# The message says it waits (within 30 s: the helper may run under valgrind).
for _ in $(seq 300); do
	grep -q "waiting for another pyvenv" wait.txt && break
	sleep 0.1
done
kill -0 "$pid" 2>/dev/null || fail "pyvenv did not wait for the lock"
[ ! -e env ] || fail "env was created while the lock was held"
grep -q "waiting for another pyvenv" wait.txt || fail "no waiting message: $(cat wait.txt)"
flock -u 9
wait "$pid" || fail "pyvenv failed after the lock was released"
is_venv env

# Several at once on one destination: all succeed, one environment.
pids=""
for i in 1 2 3 4; do
	"$PYVENV" create -q --python "$PY" --without-pip together &
	pids="$pids $!"
done
for p in $pids; do wait "$p" || fail "a concurrent create failed"; done
is_venv together

# What a killed run leaves beside the destination is removed by the next.
mkdir -p .next.pyvenv-tmp-abc123/bin
"$PYVENV" create -q --python "$PY" --without-pip next || fail "create next"
[ ! -e .next.pyvenv-tmp-abc123 ] || fail "leftover temporary directory not removed"
is_venv next
no_leftovers .
finish
