# Credentials (the URL's user info, ~/.netrc, PYVENV_REMOTE_CACHE_TOKEN)
# reach the server and nothing else: no message, -v line, info, cache
# list, cache key, stamp, depfile, template, environment or cache file
# holds them, in successes and in failures.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/net/lib-net.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') PYVENV_REMOTE_CACHE PYVENV_REMOTE_CACHE_WRITE \
	PYVENV_REMOTE_CACHE_TOKEN NETRC
net_start || finish
mkdir wheels out home
wheel wheels alpha 1.0 || fail "cannot build the test wheel"
echo alpha==1.0 >req.txt
W=(--python "$PY" -r req.txt --pip-arg=--no-index --pip-arg=--find-links=wheels)
n=0
# step NAME CMD...: runs CMD -v, keeping its stdout and stderr in out/.
step() {
	local name=$1
	shift
	n=$((n + 1))
	"$@" >"out/$n-$name.out" 2>"out/$n-$name.err"
	echo $? >"out/$n-$name.rc"
}
rc_of() { cat out/*-"$1".rc; }

# The URL's user info.
userurl="http://user:$NET_PASSWORD@${NET#http://}/auth/u"
step u-write "$PYVENV" create -v "${W[@]}" --cache-dir cu1 --remote-cache "$userurl" --remote-cache-write --stamp su1 --depfile du1 eu1
step u-read "$PYVENV" create -v "${W[@]}" --cache-dir cu2 --remote-cache "$userurl" --stamp su2 --depfile du2 eu2
grep -q "downloaded the template" out/*-u-read.err || fail "user info: no remote hit: $(cat out/*-u-read.err)"
grep -q "http://\*\*\*@127.0.0.1" out/*-u-read.err || fail "user info: the URL is not shown redacted"
step u-wrong "$PYVENV" create -v "${W[@]}" --cache-dir cu3 --remote-cache "http://user:wrong-$NET_PASSWORD@${NET#http://}/auth/u" eu3
grep -q "answered 401" out/*-u-wrong.err || fail "a wrong password: $(cat out/*-u-wrong.err)"
step u-info env PYVENV_REMOTE_CACHE="$userurl" "$PYVENV" info -v --python "$PY"
step u-list "$PYVENV" cache --cache-dir cu2 list
grep -q "from http://\*\*\*@127.0.0.1" out/*-u-list.out || fail "cache list: $(cat out/*-u-list.out)"
step u-bad env PYVENV_REMOTE_CACHE="$userurl|colour=red" "$PYVENV" create "${W[@]}" --cache-dir cu4 eu4
step u-down "$PYVENV" create -v "${W[@]}" --cache-dir cu5 --remote-cache "http://user:$NET_PASSWORD@${NET_DOWN#http://}/x" eu5

# ~/.netrc
printf 'machine 127.0.0.1\nlogin user\npassword %s\n' "$NET_PASSWORD" >home/.netrc
chmod 600 home/.netrc
step n-write env HOME="$PWD/home" "$PYVENV" create -v "${W[@]}" --cache-dir cn1 --remote-cache "$NET/auth/n" --remote-cache-write en1
step n-read env HOME="$PWD/home" "$PYVENV" create -v "${W[@]}" --cache-dir cn2 --remote-cache "$NET/auth/n" en2
grep -q "downloaded the template" out/*-n-read.err || fail "netrc: no remote hit: $(cat out/*-n-read.err)"
ls srv/auth/n/*.record >/dev/null 2>&1 || fail "netrc: nothing stored"
printf 'machine 127.0.0.1\nlogin user\npassword other\n' >home/.netrc2
step n-netrc env NETRC="$PWD/home/.netrc2" HOME="$PWD/home" "$PYVENV" create -v "${W[@]}" --cache-dir cn3 --remote-cache "$NET/auth/n" en3
grep -q "answered 401" out/*-n-netrc.err || fail "NETRC names another file: $(cat out/*-n-netrc.err)"

# A bearer token.
step t-write env PYVENV_REMOTE_CACHE_TOKEN="$NET_TOKEN" "$PYVENV" create -v "${W[@]}" --cache-dir ct1 --remote-cache "$NET/token/t" --remote-cache-write et1
step t-read env PYVENV_REMOTE_CACHE_TOKEN="$NET_TOKEN" PYVENV_REMOTE_CACHE="$NET/token/t" "$PYVENV" create -v "${W[@]}" --cache-dir ct2 et2
grep -q "downloaded the template" out/*-t-read.err || fail "token: no remote hit: $(cat out/*-t-read.err)"
step t-none "$PYVENV" create -v "${W[@]}" --cache-dir ct3 --remote-cache "$NET/token/t" et3
grep -q "answered 401" out/*-t-none.err || fail "no token: $(cat out/*-t-none.err)"
step t-info env PYVENV_REMOTE_CACHE_TOKEN="$NET_TOKEN" PYVENV_REMOTE_CACHE="$NET/token/t" "$PYVENV" info -v --python "$PY"
step t-down env PYVENV_REMOTE_CACHE_TOKEN="$NET_TOKEN" "$PYVENV" create -v "${W[@]}" --cache-dir ct4 --remote-cache "$NET_DOWN/t" et4

for s in u-write u-read u-wrong u-down n-write n-read n-netrc t-write t-read t-none t-down; do
	[ "$(rc_of $s)" = 0 ] || fail "$s exited $(rc_of $s): $(cat out/*-$s.err)"
done
[ "$(rc_of u-bad)" = 2 ] || fail "a bad spec with credentials: exit $(rc_of u-bad)"
[ -s "$(ls out/*-u-bad.err)" ] || fail "a bad spec with credentials said nothing"
# Everything this user can see, but the server's own files and the netrc.
net_outputs_clean "$NET_PASSWORD" out su1 su2 du1 du2 cu1 cu2 cu3 cu4 cu5 cn1 cn2 cn3 eu1 eu2 eu3 en1 en2
net_outputs_clean "$NET_TOKEN" out ct1 ct2 ct3 ct4 et1 et2 et3
# The templates themselves, unpacked.
for a in cu1/templates/*.tar.zst ct1/templates/*.tar.zst; do
	zstd -dc "$a" | grep -aqF -e "$NET_PASSWORD" -e "$NET_TOKEN" && fail "$a holds a secret"
done
# The records on the server.
grep -rlF -e "$NET_PASSWORD" -e "$NET_TOKEN" srv && fail "a record or archive on the server holds a secret"
finish
