# Six creates at once with the same inputs and a new cache: one builds (runs
# pip) and stores the template; the others wait for it and seed from it.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

mkdir wheels
wheel wheels alpha 1.0
echo alpha > req.txt
N=6
pids=""
for i in $(seq 1 $N); do
	"$PYVENV" create -v --python "$PY" --cache-dir c -r req.txt \
		--pip-arg=--no-index --pip-arg=--find-links=wheels "$PWD/e$i/env" >"out$i.txt" 2>"err$i.txt" &
	pids="$pids $!"
done
i=0
for pid in $pids; do
	i=$((i + 1))
	wait "$pid"
	rc=$?
	[ "$rc" = 0 ] || fail "create e$i: exit status $rc: $(cat "err$i.txt")"
done

for i in $(seq 1 $N); do
	d="$PWD/e$i/env"
	is_venv "$d" || continue
	[ "$("$d/bin/alpha")" = "$(printf 'hello from alpha 1.0\n%s' "$d")" ] || fail "e$i: alpha: $("$d/bin/alpha" 2>&1)"
	"$d/bin/pip" --version >/dev/null || fail "e$i: pip does not run"
	# the only environment path in its files is its own
	o=$(grep -rhoE --exclude-dir=__pycache__ "$(printf '%s' "$PWD" | sed 's/[][\.*^$+?(){}|]/\\&/g')/e[0-9]+/env" "$d" | sort -u)
	[ "$o" = "$d" ] || fail "e$i: its files name: $o"
	no_leftovers "$PWD/e$i"
done

built=$(cat err*.txt | grep -c "installing requirements")
[ "$built" = 1 ] || fail "pip ran $built times, not once"
seeded=$(cat err*.txt | grep -c "seeding from the cached template")
[ "$seeded" = $((N - 1)) ] || fail "$seeded creates seeded from the cache, not $((N - 1))"
[ "$(grep -l "installing requirements" err*.txt | xargs -r grep -c "seeding from the cached template")" = 0 ] ||
	fail "the create that built also seeded"
if cat err*.txt | grep -q "warning"; then fail "warnings: $(grep -h warning err*.txt)"; fi
[ "$(find c/templates -name '*.tar.zst' | wc -l)" = 1 ] || fail "templates stored: $(ls c/templates)"
[ "$(find c/templates -name '*.sha256' | wc -l)" = 1 ] || fail "digests stored: $(ls c/templates)"
key=$(basename c/templates/*.tar.zst .tar.zst)
[ "$(cat "c/templates/$key.sha256")" = "$(sha256sum "c/templates/$key.tar.zst" | cut -d' ' -f1)" ] ||
	fail "the digest file does not match the archive"
[ "$(ls c/trees)" = "$key" ] || fail "trees in the cache: $(ls c/trees)"
[ -z "$(find c -name '*.pyvenv-tmp-*')" ] || fail "temporary files left in the cache: $(find c -name '*.pyvenv-tmp-*')"
finish
