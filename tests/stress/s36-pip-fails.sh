# s36: pip failing half-way through an install (t0020 covers pip failing
# before it installs anything: a requirement it cannot find).
#
# gamma needs alpha and beta, and one of its files is damaged (a bad CRC in
# the wheel): pip installs beta and alpha, then fails writing gamma, with
# --no-index. This ends with exit status 1 and pip's error shown, and
#   - a new environment (with the cache): not there, nothing left beside it,
#     nothing stored in the cache;
#   - --template: not there; the template unchanged;
#   - --stamp over an environment made with other requirements (what
#     add_python_venv does): the old environment and its stamp unchanged, so
#     the next build runs again;
#   - an update of an existing environment, plain and --upgrade: pip runs
#     in the environment itself (README: updates are in place, and what pip
#     installed before failing stays, as with pip on its own), so the
#     environment still works, with what it had, bin/python as it was, and
#     pyvenv check passes.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/stress/s3-faults.bash"

c=$PWD/c
export PYVENV_CACHE_DIR=$c
python3 - wheels <<'PY' || { echo "FAIL: cannot build the test wheels"; exit 1; }
import os, struct, sys, zipfile
sys.path.insert(0, os.path.join(os.environ["PYVENV_TEST_SRC"], "tests", "parity"))
from wheelgen import make_wheel
dest = sys.argv[1]
make_wheel(dest, "alpha", "1.0", modules={"alpha/__init__.py": "def main():\n    print('alpha')\n"},
           console_scripts={"alpha": "alpha:main"})
make_wheel(dest, "beta", "1.0", modules={"beta/__init__.py": "X = 1\n"})
p = make_wheel(dest, "gamma", "1.0", requires=["alpha", "beta"],
               modules={"gamma/__init__.py": "from gamma.data import DATA\n",
                        "gamma/data.py": "DATA = %r\n" % os.urandom(3000).hex()})
# store the wheel's members uncompressed, then flip a byte in the middle of
# gamma/data.py: reading it fails its CRC check ("Bad CRC-32")
with zipfile.ZipFile(p) as zf:
    members = [(i, zf.read(i)) for i in zf.infolist()]
with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_STORED) as zf:
    for i, data in members:
        i.compress_type = zipfile.ZIP_STORED
        zf.writestr(i, data)
with zipfile.ZipFile(p) as zf:
    info = zf.getinfo("gamma/data.py")
with open(p, "r+b") as f:
    f.seek(info.header_offset + 26)
    n, m = struct.unpack("<HH", f.read(4))
    pos = info.header_offset + 30 + n + m + info.compress_size // 2
    f.seek(pos)
    b = f.read(1)
    f.seek(pos)
    f.write(bytes([b[0] ^ 0xFF]))
PY
echo gamma >bad.txt
echo beta >good.txt
# pip installs (the native installer refuses a damaged wheel before writing:
# tests/stress/s21-hostile-wheels.sh's business)
PIPARGS=(--installer pip --pip-arg=--no-index --pip-arg=--find-links="$PWD/wheels")

# pip_failed WHAT: the last run failed in pip, half-way, and said so.
pip_failed() {
	expect_rc 1 "$1"
	expect_err "Bad CRC-32 for file .gamma/data.py." "$1"
	expect_err "pip install failed" "$1"
	printf '%s\n%s\n' "$out" "$err" | grep -q "Installing collected packages: .*alpha" ||
		fail "$1: test setup: pip did not get to installing: $out $err"
}

# --- a new environment, with the cache ----------------------------------------------
run "$PYVENV" create --python "$PY" -r bad.txt "${PIPARGS[@]}" new
pip_failed "a new environment"
gone new "a new environment"
[ "$(templates "$c")" = 0 ] && [ "$(sidecars "$c")" = 0 ] || fail "a new environment: stored $(ls "$c/templates")"
entries_ok "$c" "a new environment"
echo "new done ($(elapsed)s)"

# --- --template ------------------------------------------------------------------------
"$PYVENV" create -q --python "$PY" --no-cache src || fail "create src"
"$PYVENV" pack src t.tar.zst || fail "pack src"
tsum=$(sha256sum t.tar.zst)
run "$PYVENV" create --python "$PY" --template t.tar.zst -r bad.txt "${PIPARGS[@]}" fromt
pip_failed "--template"
gone fromt "--template"
[ "$(sha256sum t.tar.zst)" = "$tsum" ] || fail "--template: the template changed"
echo "template done ($(elapsed)s)"

# --- --stamp over an environment with other requirements -------------------------------
"$PYVENV" create -q --python "$PY" --no-cache --stamp st -r good.txt "${PIPARGS[@]}" stamped ||
	fail "create stamped"
# the same environments for the updates below (the second from a cache of its own)
for d in oldupdate oldupgrade; do
	"$PYVENV" create -q --python "$PY" --cache-dir "$PWD/c2" -r good.txt "${PIPARGS[@]}" $d || fail "create $d"
done
echo keep >stamped/marker
before=$(snapshot_contents stamped)
stamp=$(cat st)
run "$PYVENV" create --python "$PY" --no-cache --stamp st -r bad.txt "${PIPARGS[@]}" stamped
pip_failed "--stamp"
[ "$(snapshot_contents stamped)" = "$before" ] || fail "--stamp: the old environment changed"
[ "$(cat st)" = "$stamp" ] || fail "--stamp: the stamp changed"
no_leftovers .
is_venv stamped
echo "stamp done ($(elapsed)s)"

# --- an update in place, plain and --upgrade ---------------------------------------------
for how in update --upgrade; do
	d=old${how#--}
	is_venv $d
	python=$(readlink $d/bin/python)
	args=()
	[ "$how" = update ] || args=("$how")
	run "$PYVENV" create --python "$PY" --no-cache "${args[@]}" -r bad.txt "${PIPARGS[@]}" $d
	pip_failed "$how"
	[ "$(readlink $d/bin/python)" = "$python" ] || fail "$how: bin/python links elsewhere"
	is_venv $d
	env -u VIRTUAL_ENV $d/bin/python -c 'import beta' || fail "$how: beta does not import"
	env -u VIRTUAL_ENV $d/bin/pip --version >/dev/null || fail "$how: pip does not run"
	"$PYVENV" check -q $d || fail "$how: pyvenv check fails"
	no_leftovers .
done

echo "done in $(elapsed)s"
finish
