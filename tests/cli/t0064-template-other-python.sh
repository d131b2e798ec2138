# A template made for one interpreter is refused, with a message naming
# both, by unpack --python and by create --template for another one; nothing
# is left at the destination; unpack without --python takes the default
# interpreter, not the template's. Needs a second interpreter (pyenv's CPythons).
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

# other_python: an installed CPython 3.8+ that is not $PY.
other_python() {
	local mine p
	mine=$("$PY" -c 'import os, sys; print(os.path.realpath(sys.executable))')
	for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.*/bin/python3 /usr/bin/python3; do
		[ -x "$p" ] || continue
		"$p" -c 'import sys; sys.exit(sys.version_info < (3, 8))' 2>/dev/null || continue
		[ "$("$p" -c 'import os, sys; print(os.path.realpath(sys.executable))')" != "$mine" ] || continue
		echo "$p"
		return 0
	done
	return 1
}
PY2=$(other_python) || skip "no second Python 3.8+ interpreter besides $PY"
v1=$("$PY" -c 'import platform; print(platform.python_version())')
v2=$("$PY2" -c 'import platform; print(platform.python_version())')
echo "interpreters: $PY ($v1), $PY2 ($v2)"

"$PYVENV" create -q --no-cache --python "$PY" orig || fail "create orig"
run "$PYVENV" pack orig t.tar.zst
expect_rc 0 "pack"

# unpack --python: refused before anything is made
run "$PYVENV" unpack --python "$PY2" t.tar.zst other
expect_rc 1 "unpack for another interpreter"
expect_err "made for Python $(printf '%s' "$v1" | sed 's/\./\\./g')" "unpack for another interpreter"
expect_err "not for Python $(printf '%s' "$v2" | sed 's/\./\\./g')" "unpack for another interpreter"
[ ! -e other ] || fail "a refused unpack created the destination"
no_leftovers .

# create --template with the other interpreter
run "$PYVENV" create --no-cache --python "$PY2" --template t.tar.zst other
expect_rc 1 "create --template for another interpreter"
expect_err "made for Python $(printf '%s' "$v1" | sed 's/\./\\./g')" "create --template for another interpreter"
[ ! -e other ] || fail "a refused create --template created the destination"
no_leftovers .

# the interpreter is checked before anything is extracted: a damaged
# template of the other interpreter is refused for the interpreter, not for
# the damage, which only its own interpreter gets to (the file digests)
python3 - t.tar.zst flipped.tar.zst <<'PY' || fail "cannot make a damaged template"
import io, subprocess, sys, tarfile
raw = subprocess.run(["zstd", "-q", "-d", "-c", sys.argv[1]], stdout=subprocess.PIPE, check=True).stdout
tf = tarfile.open(fileobj=io.BytesIO(raw))
off = next(m.offset_data for m in tf.getmembers()
           if m.isfile() and m.size > 0 and not m.name.startswith(".pyvenv-template"))
b = bytearray(raw)
b[off] ^= 1
out = subprocess.run(["zstd", "-q", "-c"], input=bytes(b), stdout=subprocess.PIPE, check=True).stdout
open(sys.argv[2], "wb").write(out)
PY
run "$PYVENV" unpack --python "$PY2" flipped.tar.zst other
expect_rc 1 "unpack of a damaged template for another interpreter"
expect_err "made for Python" "unpack of a damaged template for another interpreter"
run "$PYVENV" create --no-cache --python "$PY2" --template flipped.tar.zst other
expect_rc 1 "create --template of a damaged template for another interpreter"
expect_err "made for Python" "create --template of a damaged template for another interpreter"
case $err in *"is damaged"*) fail "create --template extracted before checking the interpreter: $err" ;; esac
run "$PYVENV" unpack --python "$PY" flipped.tar.zst other
expect_rc 1 "unpack of a damaged template"
expect_err "is damaged: .* does not match the SHA-256 its metadata records" "unpack of a damaged template"
[ ! -e other ] || fail "a refused unpack created the destination"
no_leftovers .

# without --python, unpack finds the interpreter as create does
# ($PYVENV_PYTHON, else python3), never the one the metadata names: the
# default being the other interpreter is refused, naming both
PYVENV_PYTHON=$PY2 run "$PYVENV" unpack t.tar.zst other
expect_rc 1 "unpack without --python, the default being another interpreter"
expect_err "made for Python $(printf '%s' "$v1" | sed 's/\./\\./g').*not for Python $(printf '%s' "$v2" | sed 's/\./\\./g')" \
	"unpack without --python, the default being another interpreter"
[ ! -e other ] || fail "a refused unpack created the destination"
no_leftovers .
PYVENV_PYTHON=$PY run "$PYVENV" unpack t.tar.zst mine
expect_rc 0 "unpack for its own interpreter"
is_venv mine
[ "$(mine/bin/python -c 'import platform; print(platform.python_version())')" = "$v1" ] ||
	fail "unpacked environment runs another Python"

# and the other way round: a template of the other interpreter
"$PYVENV" create -q --no-cache --python "$PY2" orig2 || fail "create orig2"
run "$PYVENV" pack orig2 t2.tar.gz
expect_rc 0 "pack orig2"
run "$PYVENV" unpack --python "$PY" t2.tar.gz other
expect_rc 1 "unpack a template of $PY2 for $PY"
[ ! -e other ] || fail "a refused unpack created the destination"
PYVENV_PYTHON=$PY run "$PYVENV" unpack t2.tar.gz theirs
expect_rc 1 "unpack a template of $PY2 with the default $PY"
PYVENV_PYTHON=$PY2 run "$PYVENV" unpack t2.tar.gz theirs
expect_rc 0 "unpack a template of $PY2"
is_venv theirs
[ "$(theirs/bin/python -c 'import platform; print(platform.python_version())')" = "$v2" ] ||
	fail "unpacked environment of $PY2 runs another Python"
finish
