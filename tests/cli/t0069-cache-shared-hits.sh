# Cache hits on one key run side by side: a run that finds the entry
# complete holds the key's lock shared, so it waits for no other reader,
# only for a run that holds the entry alone (building, storing, repairing
# or removing it). The last holder removes the lock file.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
command -v flock >/dev/null || skip "flock(1) is not installed"
cache=$PWD/cache
mkdir wheels
wheel wheels alpha 1.0 || fail "cannot build the test wheel"
echo alpha >req.txt
W=(--python "$PY" --cache-dir "$cache" -r req.txt --pip-arg=--no-index --pip-arg=--find-links=wheels)

"$PYVENV" create -q "${W[@]}" e1 || fail "the first create (a miss)"
"$PYVENV" create -q "${W[@]}" e2 || fail "the second create (a hit)"
sidecar=$(ls "$cache"/templates/*.sha256)
lock=${sidecar%.sha256}.lock
[ ! -e "$lock" ] || fail "a lock file is left after the runs: $lock"

# Another reader holds the lock shared (this shell, on descriptor 8): a
# hit does not wait for it.
exec 8>"$lock"
flock -s 8 || fail "cannot lock $lock shared"
run timeout 15 "$PYVENV" create -v "${W[@]}" e3
expect_rc 0 "a hit beside another reader"
case $err in *"waiting for another pyvenv"*) fail "a hit waited for another reader: $err" ;; esac
[ -x e3/bin/python ] && e3/bin/python -c 'import alpha' || fail "e3 is not a working environment with alpha"
[ -e "$lock" ] || fail "the hit removed the lock file another run holds"
flock -u 8
exec 8>&-

# A run holding the entry alone: a hit waits for it, then goes on.
exec 8>"$lock"
flock -x 8 || fail "cannot lock $lock"
(sleep 2; flock -u 8) &
run timeout 30 "$PYVENV" create -v "${W[@]}" e4
expect_rc 0 "a hit after a run holding the entry alone"
expect_err "waiting for another pyvenv" "a hit after a run holding the entry alone"
wait
exec 8>&-
[ -x e4/bin/python ] || fail "e4 is not an environment"
# The last holder removed the lock file.
[ ! -e "$lock" ] || fail "the lock file is left: $lock"
finish
