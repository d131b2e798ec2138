# `pyvenv cache clear` while creates run: it removes what it can, names a
# template in use and leaves it, exits 0; the creates still succeed.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
command -v flock >/dev/null || skip "flock(1) is not installed"
c=$PWD/c
mkdir wheels
wheel wheels alpha 1.0
PIPARGS=(--package alpha --pip-arg=--no-index --pip-arg=--find-links=wheels)

"$PYVENV" create -q --cache-dir "$c" --python "$PY" "${PIPARGS[@]}" e0 || fail "e0"
"$PYVENV" create -q --cache-dir "$c" --python "$PY" e1 || fail "e1"
keys=$(cd "$c/templates" && ls *.sha256 | sed 's/\.sha256$//')
[ "$(echo $keys | wc -w)" = 2 ] || fail "two templates expected: $keys"
busy=$(echo $keys | cut -d' ' -f1)
# A run holding the first template's lock (as a create does while it reads
# or builds it).
exec 9>"$c/templates/$busy.lock"
flock 9
run "$PYVENV" cache --cache-dir "$c" clear
expect_rc 0 "clear with a template in use"
expect_err "'$c/templates/$busy.tar.zst' is in use by another pyvenv: left alone" "clear with a template in use"
[ -f "$c/templates/$busy.tar.zst" ] || fail "the template in use was removed"
left=$(cd "$c/templates" && ls *.sha256 | wc -l)
[ "$left" = 1 ] || fail "clear left $left templates, not the one in use"
[ -z "$(ls -A "$c/interpreters")" ] || fail "clear left probes: $(ls -A "$c/interpreters")"
exec 9>&-
rm -f "$c/templates/$busy.lock"

# Clears while probes are written (each clear removes them, each info
# writes one again): a probe appearing while clear removes them was
# "interpreters: Directory not empty".
(for i in $(seq 150); do "$PYVENV" info --cache-dir "$c" --python "$PY" >/dev/null 2>&1; done) &
infos=$!
for i in $(seq 150); do
	"$PYVENV" cache --cache-dir "$c" clear >/dev/null 2>clear.err || { fail "clear during probes: $(cat clear.err)"; break; }
done
wait "$infos"

# Clears in a loop while creates write probes and templates.
(for i in $(seq 40); do "$PYVENV" cache --cache-dir "$c" clear >/dev/null 2>clear.$i.err || echo "clear $i: $(cat clear.$i.err)"; done) >clears.txt &
loop=$!
for i in 1 2 3 4 5 6; do
	run "$PYVENV" create --cache-dir "$c" --python "$PY" "${PIPARGS[@]}" "r$i"
	expect_rc 0 "create $i during clears"
	is_venv "r$i"
done
wait "$loop"
[ ! -s clears.txt ] || fail "a clear failed while creates ran: $(cat clears.txt)"
run "$PYVENV" cache --cache-dir "$c" clear
expect_rc 0 "the last clear"
[ -z "$(find "$c" -name '*pyvenv-tmp*' -o -name '*.lock')" ] || fail "left in the cache: $(find "$c" -name '*pyvenv-tmp*' -o -name '*.lock')"
finish
