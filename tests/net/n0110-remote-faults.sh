# Faults of the remote cache never fail a build: each is one warning (a miss
# is none), the environment is built locally as without a remote cache, and
# nothing partial is left in the local cache.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/net/lib-net.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') PYVENV_REMOTE_CACHE PYVENV_REMOTE_CACHE_WRITE
net_start || finish
mkdir wheels
wheel wheels alpha 1.0 || fail "cannot build the test wheel"
echo alpha==1.0 >req.txt
W=(--python "$PY" -r req.txt --pip-arg=--no-index --pip-arg=--find-links=wheels)

# A good entry, then copies of it damaged in each way.
"$PYVENV" create -q "${W[@]}" --cache-dir c0 --remote-cache "$NET/rw/good" --remote-cache-write e0 ||
	fail "the writer failed"
record=$(ls srv/rw/good/*.record) && archive=$(ls srv/rw/good/*.tar.zst) || finish
key=$(basename "$record" .record) aname=$(basename "$archive")
damaged() { # damaged DIR: a copy of the good entry in srv/rw/DIR
	mkdir -p "srv/rw/$1" && cp "$record" "$archive" "srv/rw/$1/"
}
damaged badhash && printf 'X' | dd of="srv/rw/badhash/$aname" bs=1 seek=100 conv=notrunc status=none
damaged bigger && head -c 1000 /dev/urandom >>"srv/rw/bigger/$aname"
damaged shorter && truncate -s -1000 "srv/rw/shorter/$aname"
damaged noarchive && rm "srv/rw/noarchive/$aname"
damaged garbage && echo "not a record" >"srv/rw/garbage/$key.record"
damaged otherkey && sed -i "s/^key .*/key $(printf '%064d' 0)/" "srv/rw/otherkey/$key.record"
damaged hugesize && sed -i "s/^\(archive [0-9a-f]*\) .*/\1 99999999999999/" "srv/rw/hugesize/$key.record"

# check_fault NAME SPEC PATTERN [WRITE]: a create with the remote cache SPEC
# exits 0 with one warning matching PATTERN, builds the environment
# locally, and leaves one whole local entry.
check_fault() {
	local name=$1 spec=$2 pattern=$3 n
	rm -rf "c-$name" "e-$name"
	run timeout 60 "$PYVENV" create "${W[@]}" --cache-dir "c-$name" --remote-cache "$spec" ${4:+--remote-cache-write} "e-$name"
	expect_rc 0 "$name"
	[ -z "${NET_DEBUG:-}" ] || echo "$name: $err"
	n=$(printf '%s\n' "$err" | grep -c 'warning:')
	[ "$n" = 1 ] || fail "$name: expected one warning, got $n: $err"
	expect_err "$pattern" "$name"
	"e-$name/bin/python" -c 'import alpha' || fail "$name: the environment was not built"
	[ "$(ls "c-$name/templates" | grep -c '\.tar\.zst$')" = 1 ] || fail "$name: the local cache: $(ls "c-$name/templates")"
	find "c-$name" -name '*pyvenv-tmp*' | grep -q . && fail "$name: temporary files left: $(find "c-$name" -name '*pyvenv-tmp*')"
	grep -q '^remote ' "c-$name/templates/$key.sha256" 2>/dev/null && fail "$name: the local entry is marked as downloaded"
	[ -f "c-$name/templates/$key.sha256" ] || fail "$name: no local entry for the key"
}
check_fault down "$NET_DOWN/x" "remote cache http://127.0.0.1:[0-9]*/x was not used: GET .*(onnect|refused)"
check_fault e500 "$NET/e500" "answered 500; building locally"
check_fault e403 "$NET/e403" "answered 403"
check_fault e401 "$NET/e401" "answered 401"
check_fault auth-missing "$NET/auth/x" "answered 401"
check_fault loop "$NET/loop" "(edirect|redirect)"
check_fault stall "$NET/slow|stall-timeout=2" "was not used: GET .*(timed out|Timeout|too slow)"
check_fault truncated "$NET/trunc/good" "was not used: GET"
check_fault badhash "$NET/rw/badhash" "SHA-256 is not the one its record says"
check_fault bigger "$NET/rw/bigger" "larger than [0-9]* bytes"
check_fault shorter "$NET/rw/shorter" "has [0-9]* bytes, and its record says"
check_fault noarchive "$NET/rw/noarchive" "GET .*not there"
check_fault garbage "$NET/rw/garbage" "refusing its entry: its record is not one pyvenv wrote"
check_fault otherkey "$NET/rw/otherkey" "refusing its entry: its record is for another key"
check_fault hugesize "$NET/rw/hugesize" "refusing its entry: its archive would be larger than"
check_fault refused-upload "$NET/ro/none" "could not be stored in the remote cache .*answered 40[35]" write

# The stall is bounded: with stall-timeout=1 the run takes seconds, not
# the server's 120.
start=$(date +%s)
"$PYVENV" create -q "${W[@]}" --cache-dir c-stall2 --remote-cache "$NET/slow|stall-timeout=1|retries=0" e-stall2 2>/dev/null ||
	fail "stall: the create failed"
[ $(($(date +%s) - start)) -lt 30 ] || fail "stall: the run waited $(($(date +%s) - start)) s"

# Retries: a 500 is asked 3 times (retries=2, the default), a 404 once.
: >nginx/access.log
"$PYVENV" create -q "${W[@]}" --cache-dir c-r1 --remote-cache "$NET/e500" e-r1 2>/dev/null
[ "$(grep -c '"GET /e500/' nginx/access.log)" = 3 ] || fail "a 500 was not asked 3 times: $(cat nginx/access.log)"
: >nginx/access.log
"$PYVENV" create -q "${W[@]}" --cache-dir c-r2 --remote-cache "$NET/e500|retries=0" e-r2 2>/dev/null
[ "$(grep -c '"GET /e500/' nginx/access.log)" = 1 ] || fail "retries=0 asked more than once"

# A miss is no warning.
run "$PYVENV" create "${W[@]}" --cache-dir c-miss --remote-cache "$NET/rw/empty" e-miss
expect_rc 0 "a miss"
case $err in *warning:*) fail "a miss warned: $err" ;; esac
finish
