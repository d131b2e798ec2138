# The remote template cache: one machine's build is another's hit. Separate
# local caches stand for separate machines; a real nginx (WebDAV PUT) is the
# server. Read-only by default; a writer sends the archive, then the record;
# both layouts; the source of a template changes neither key nor stamp.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/net/lib-net.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') PYVENV_REMOTE_CACHE PYVENV_REMOTE_CACHE_WRITE
net_start || finish
mkdir wheels
wheel wheels alpha 1.0 && wheel wheels beta 2.0 || fail "cannot build the test wheels"
printf 'alpha==1.0\nbeta==2.0\n' >req.txt
W=(--python "$PY" -r req.txt --pip-arg=--no-index --pip-arg=--find-links=wheels)

for layout in flat bazel; do
	url="$NET/rw/$layout"
	spec="$url|layout=$layout"
	# Read-only by default: a miss builds locally and stores nothing there.
	run "$PYVENV" create -v "${W[@]}" --cache-dir "c0-$layout" --remote-cache "$spec" ro-$layout
	expect_rc 0 "$layout: a miss"
	expect_err "remote cache has no template" "$layout: a miss says so with -v"
	[ -z "$(find "srv/rw/$layout" -type f 2>/dev/null)" ] || fail "$layout: a read-only run stored: $(find srv/rw/$layout -type f)"

	# A writer stores the archive, then the record.
	: >nginx/access.log
	run "$PYVENV" create -v "${W[@]}" --cache-dir "c1-$layout" --remote-cache "$spec" --remote-cache-write w-$layout
	expect_rc 0 "$layout: a writer"
	expect_err "stored the template in the remote cache $url" "$layout: the writer says where it stored"
	if [ $layout = flat ]; then
		record=$(ls srv/rw/flat/*.record) archive=$(ls srv/rw/flat/*.tar.zst)
		key=$(basename "$record" .record)
	else
		record=$(ls srv/rw/bazel/ac/*) archive=$(ls srv/rw/bazel/cas/*)
		key=$(basename "$record")
	fi
	[ -f "$record" ] && [ -f "$archive" ] || { fail "$layout: the server has no entry"; continue; }
	[ "$(sha256sum <"$archive" | cut -d' ' -f1)" = "$(sed -n 's/^archive \([0-9a-f]*\) .*/\1/p' "$record")" ] ||
		fail "$layout: the record does not name the archive's SHA-256"
	grep -q "^key $key\$" "$record" || fail "$layout: the record does not hold its key"
	[ "$(sed -n 's/^archive [0-9a-f]* //p' "$record")" = "$(stat -c %s "$archive")" ] || fail "$layout: the record's size"
	puts=$(grep -o '"PUT [^ ]*' nginx/access.log | sed 's/"PUT //')
	[ "$(printf '%s\n' "$puts" | wc -l)" = 2 ] || fail "$layout: expected 2 PUTs: $puts"
	case $(printf '%s\n' "$puts" | head -1) in
	*.record | */ac/*) fail "$layout: the record was sent before the archive: $puts" ;;
	esac
	# The local key is the remote key.
	[ -f "c1-$layout/templates/$key.tar.zst" ] || fail "$layout: the remote key is not the local one"

	# Another machine: a hit (nothing installed: -v would say so).
	: >nginx/access.log
	run "$PYVENV" create -v "${W[@]}" --cache-dir "c2-$layout" --remote-cache "$spec" hit-$layout
	expect_rc 0 "$layout: a remote hit"
	expect_err "downloaded the template from the remote cache" "$layout: the hit says so"
	case $err in *"running pip"* | *"installing"*) fail "$layout: a remote hit installed something: $err" ;; esac
	grep -q '"PUT ' nginx/access.log && fail "$layout: a read-only hit sent a PUT"
	hit-$layout/bin/python -c 'import alpha, beta' || fail "$layout: the hit's environment lacks alpha or beta"
	is_venv hit-$layout
	diff <(cd w-$layout && find . -name '*.pyc' -prune -o -print | sort) \
	     <(cd hit-$layout && find . -name '*.pyc' -prune -o -print | sort) >/dev/null ||
		fail "$layout: the hit's files differ from the writer's environment"
	run "$PYVENV" cache --cache-dir "c2-$layout" list
	expect_rc 0 "$layout: cache list"
	printf '%s\n' "$out" | grep -q "^${key:0:16} .* from $url\$" || fail "$layout: cache list does not say where it came from: $out"
	run "$PYVENV" cache --cache-dir "c1-$layout" list
	case $out in *" from "*) fail "$layout: the writer's own entry is listed as downloaded: $out" ;; esac
	# The second run on that machine is a local hit: the server is not asked.
	: >nginx/access.log
	run "$PYVENV" create -v "${W[@]}" --cache-dir "c2-$layout" --remote-cache "$spec" hit2-$layout
	expect_rc 0 "$layout: a local hit after a remote one"
	[ -s nginx/access.log ] && fail "$layout: a local hit asked the server: $(cat nginx/access.log)"
	find "c2-$layout" -name '*pyvenv-tmp*' | grep -q . && fail "$layout: temporary files left in the local cache"
done

# The stamp does not depend on the remote cache.
"$PYVENV" create -q "${W[@]}" --cache-dir c3 --stamp s1 st1 || fail "stamped create without a remote cache"
for spec in "$NET/rw/flat" "$NET/rw/bazel|layout=bazel"; do
	run "$PYVENV" create -v "${W[@]}" --cache-dir c3 --remote-cache "$spec" --stamp s1 st1
	expect_err "up to date" "a remote cache ($spec) does not make the stamp stale"
done

# The environment variables, and what info says.
PYVENV_REMOTE_CACHE="$NET/rw/flat" run "$PYVENV" create -v "${W[@]}" --cache-dir c5 env-var
expect_rc 0 "PYVENV_REMOTE_CACHE: a hit"
expect_err "downloaded the template from the remote cache" "PYVENV_REMOTE_CACHE is used"
PYVENV_REMOTE_CACHE="$NET/rw/flat" run "$PYVENV" create -v "${W[@]}" --cache-dir c6 --no-remote-cache no-remote
expect_rc 0 "--no-remote-cache"
case $err in *"remote cache"*) fail "--no-remote-cache used the remote cache: $err" ;; esac
PYVENV_REMOTE_CACHE="$NET/rw/flat" run "$PYVENV" create -v "${W[@]}" --no-cache no-cache
case $err in *"remote cache"*) fail "--no-cache used the remote cache: $err" ;; esac
PYVENV_REMOTE_CACHE="$NET/rw/flat" run "$PYVENV" info --python "$PY"
printf '%s\n' "$out" | grep -q "^remote cache: *$NET/rw/flat (layout flat, read only)" || fail "info: $out"
PYVENV_REMOTE_CACHE="$NET/rw/flat" PYVENV_REMOTE_CACHE_WRITE=1 run "$PYVENV" info --python "$PY"
printf '%s\n' "$out" | grep -q "read and write" || fail "info with PYVENV_REMOTE_CACHE_WRITE=1: $out"
run "$PYVENV" info --python "$PY"
printf '%s\n' "$out" | grep -q "^remote cache: *none" || fail "info without: $out"
rm -rf srv/rw/flat
PYVENV_REMOTE_CACHE="$NET/rw/flat" PYVENV_REMOTE_CACHE_WRITE=1 run "$PYVENV" create -q "${W[@]}" --cache-dir c7 env-write
expect_rc 0 "PYVENV_REMOTE_CACHE_WRITE=1"
ls srv/rw/flat/*.record >/dev/null 2>&1 || fail "PYVENV_REMOTE_CACHE_WRITE=1 stored nothing"

# Bad specs are usage errors, before anything is made.
for bad in "ftp://host/x" "http://" "$NET/rw|layout=tree" "$NET/rw|retries=99" "$NET/rw|colour=red" "$NET/rw|timeout=0"; do
	run "$PYVENV" create "${W[@]}" --cache-dir c8 --remote-cache "$bad" bad
	expect_rc 2 "--remote-cache '$bad'"
	[ ! -e bad ] || fail "--remote-cache '$bad' made the environment"
done
PYVENV_REMOTE_CACHE_WRITE=maybe run "$PYVENV" create "${W[@]}" --cache-dir c8 --remote-cache "$NET/rw" bad
expect_rc 2 "PYVENV_REMOTE_CACHE_WRITE=maybe"
expect_err "PYVENV_REMOTE_CACHE_WRITE must be 1 or 0" "PYVENV_REMOTE_CACHE_WRITE=maybe says why"
finish
