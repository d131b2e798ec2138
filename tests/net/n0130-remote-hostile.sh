# A remote archive that fails the template checks is refused exactly as a
# local one: hostile members (tests/stress/hostile.py) behind a valid
# record, and a real template of another interpreter. Each run ends in exit
# 0, one warning, an environment built locally, the entry not kept, and
# nothing written outside.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/net/lib-net.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') PYVENV_REMOTE_CACHE PYVENV_REMOTE_CACHE_WRITE \
	PYVENV_REMOTE_CACHE_TRUSTED_KEYS
command -v zstd >/dev/null || skip "no zstd command (hostile.py needs it)"
net_start || finish
S=$PWD
RECORD=("$PYVENV_TEST_PYTHON" "$PYVENV_TEST_SRC/tests/net/record.py")
mkdir wheels outside outside/dir
echo victim >outside/victim
wheel wheels alpha 1.0 || fail "cannot build the test wheel"
echo alpha==1.0 >req.txt
W=(--python "$PY" -r req.txt --pip-arg=--no-index --pip-arg=--find-links=wheels)
"$PYVENV" create -q "${W[@]}" --cache-dir cbase base || fail "the base environment"
base=$(ls cbase/templates/*.tar.zst) || finish
key=$(basename "$base" .tar.zst)

# serve DIR ARCHIVE: the server holds ARCHIVE as the entry of key in DIR.
serve() {
	local sha
	sha=$(sha256sum <"$2" | cut -d' ' -f1)
	mkdir -p "srv/rw/$1" && cp "$2" "srv/rw/$1/$sha.tar.zst"
	"${RECORD[@]}" "$key" "$2" >"srv/rw/$1/$key.record"
}

# refused NAME PATTERN: a create from srv/rw/NAME refuses the entry.
refused() {
	local name=$1 before n
	before=$(snapshot outside)
	rm -rf "c-$name" "e-$name"
	run "$PYVENV" create "${W[@]}" --cache-dir "$S/c-$name" --remote-cache "$NET/rw/$name" "e-$name"
	expect_rc 0 "$name"
	n=$(printf '%s\n' "$err" | grep -c 'warning:')
	[ "$n" = 1 ] || fail "$name: expected one warning, got $n: $err"
	expect_err "$2" "$name"
	"e-$name/bin/python" -c 'import alpha' || fail "$name: the environment was not built"
	grep -q '^remote ' "c-$name"/templates/*.sha256 2>/dev/null && fail "$name: the refused entry was kept"
	find "c-$name" -name '*pyvenv-tmp*' | grep -q . && fail "$name: temporary files left in the cache"
	[ "$(snapshot outside)" = "$before" ] || fail "$name: something outside changed"
	find "$S" -name 'pwned*' | grep -q . && fail "$name: written outside: $(find "$S" -name 'pwned*')"
}

# The extraction directory is c-NAME/trees/KEY.pyvenv-tmp-*: ../../.. is $S.
cases="dotdot absolute symlink-rel symlink-abs hardlink-abs setuid chardev bitflip size-smuggle"
python3 "$PYVENV_TEST_SRC/tests/stress/hostile.py" --base "$base" --out hostile --outside "$S/outside" \
	--up ../../../outside --scratch "$S" $cases >/dev/null || fail "hostile.py failed"
for c in $cases; do
	[ -f "hostile/$c.tar.zst" ] || { fail "hostile.py made no $c"; continue; }
	serve "$c" "hostile/$c.tar.zst"
	refused "$c" "the downloaded template .* could not be used: discarding it"
done

# Metadata that is a link out: refused before anything is extracted.
python3 "$PYVENV_TEST_SRC/tests/stress/hostile.py" --base "$base" --out hostile --outside "$S/outside" \
	--up ../../../outside --scratch "$S" meta-symlink >/dev/null || fail "hostile.py meta-symlink"
serve meta-symlink hostile/meta-symlink.tar.zst
refused meta-symlink "refusing its entry: its archive is no template for this interpreter"

# A real template of another interpreter, under this key.
other=""
for p in /usr/bin/python3 "$(pyenv root 2>/dev/null)"/versions/*/bin/python3; do
	[ -x "$p" ] && [ "$(readlink -f "$p")" != "$(readlink -f "$PY")" ] && { other=$p; break; }
done
if [ -n "$other" ]; then
	"$PYVENV" create -q --python "$other" -r req.txt --pip-arg=--no-index --pip-arg=--find-links=wheels \
		--cache-dir cother other-env || fail "the other interpreter's environment"
	serve other "$(ls cother/templates/*.tar.zst)"
	refused other "refusing its entry: its archive is no template for this interpreter"
else
	echo "SKIP (one check): no second interpreter for the other-interpreter case"
fi
finish
