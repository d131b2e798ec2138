# Eight machines (eight local caches) create one environment at once with
# one remote cache, four of them writers: all succeed, and at every moment
# a record on the server names an archive that is there, whole. At the end
# the server has one record, and a ninth machine's create is a remote hit.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/net/lib-net.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') PYVENV_REMOTE_CACHE PYVENV_REMOTE_CACHE_WRITE
net_start || finish
mkdir wheels log
for p in alpha beta gamma; do wheel wheels $p 1.0 || fail "cannot build the wheel $p"; done
printf 'alpha==1.0\nbeta==1.0\ngamma==1.0\n' >req.txt
W=(--python "$PY" -r req.txt --pip-arg=--no-index --pip-arg=--find-links=wheels)

# whole: every record in srv/rw/c names an archive there, of its size and
# SHA-256 (an archive is published by nginx with a rename, so it is whole
# or absent). Prints what is wrong.
whole() {
	local r sha size a
	for r in srv/rw/c/*.record; do
		[ -f "$r" ] || continue
		read -r sha size < <(sed -n 's/^archive \([0-9a-f]*\) \([0-9]*\)$/\1 \2/p' "$r")
		a=srv/rw/c/$sha.tar.zst
		[ -f "$a" ] || { echo "record $r without its archive"; continue; }
		[ "$(stat -c %s "$a")" = "$size" ] || echo "archive $a is not $size bytes"
	done
}
# A watcher checks while the runs go on.
(while [ ! -e log/done ]; do whole; sleep 0.01; done) >log/watch.txt &
watcher=$!
pids=()
for i in 1 2 3 4 5 6 7 8; do
	w=""
	[ $i -le 4 ] && w=--remote-cache-write
	"$PYVENV" create -q "${W[@]}" --cache-dir "c$i" --remote-cache "$NET/rw/c" $w "e$i" >"log/$i.out" 2>&1 &
	pids+=($!)
done
for i in 1 2 3 4 5 6 7 8; do
	wait "${pids[$((i - 1))]}" || fail "run $i failed: $(cat "log/$i.out")"
	"e$i/bin/python" -c 'import alpha, beta, gamma' || fail "run $i: the environment is not whole"
done
touch log/done
wait $watcher
[ -s log/watch.txt ] && fail "while the runs went on: $(sort -u log/watch.txt)"
grep -h 'warning:' log/*.out && fail "the runs warned (above)"
[ "$(ls srv/rw/c/*.record | wc -l)" = 1 ] || fail "the server has $(ls srv/rw/c/*.record | wc -l) records"
[ -z "$(whole)" ] || fail "at the end: $(whole)"
# nginx writes a PUT's body into nginx/tmp/body, then renames it into place.
left=$(find nginx/tmp -type f; find srv/rw/c -type f ! -name '*.record' ! -name '*.tar.zst')
[ -z "$left" ] || fail "partial uploads left on the server: $left"
run "$PYVENV" create -v "${W[@]}" --cache-dir c9 --remote-cache "$NET/rw/c" e9
expect_rc 0 "a ninth machine"
expect_err "downloaded the template from the remote cache" "the ninth machine's create is a remote hit"
finish
