# PEP 751 lock files given with -r: installed natively, without pip, each
# selected package from its best wheel with a path, hashes checked; what
# pip would be needed for (an sdist selected, pip itself) is an error, since
# pip cannot install from a lock file; a lock file for another Python, a
# damaged one (file:line) and a hash mismatch are refused, nothing made.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
mkdir w
wheel w solo 1.0
cp w/solo-1.0-py3-none-any.whl w/solo-1.0-cp27-cp27mu-manylinux1_x86_64.whl
h=$(sha256sum w/solo-1.0-py3-none-any.whl | cut -d' ' -f1)
# lock MARKER_OF_SDIST REQUIRES_PYTHON HASH: writes pylock.toml
lock() {
	cat >pylock.toml <<EOF2
lock-version = "1.0"
created-by = "t0092"
requires-python = "$2"

[[packages]]
name = "solo"
version = "1.0"
wheels = [
  { name = "solo-1.0-cp27-cp27mu-manylinux1_x86_64.whl", path = "w/solo-1.0-cp27-cp27mu-manylinux1_x86_64.whl", hashes = { sha256 = "0000000000000000000000000000000000000000000000000000000000000000" } },
  { path = "w/solo-1.0-py3-none-any.whl", hashes = { sha256 = "$3" } },
]

[[packages]]
name = "other"
version = "2.0"
marker = '$1'
sdist = { path = "w/other-2.0.tar.gz", hashes = { sha256 = "$h" } }
EOF2
}
# A pip that is run fails.
printf '[global\nbroken' >broken.conf

lock 'python_version < "3"' '>=3.8' "$h"
run env PIP_CONFIG_FILE=$PWD/broken.conf "$PYVENV" create -v --no-cache --python "$PY" -r pylock.toml ok
expect_rc 0 "a lock file"
expect_err "installing natively: 1 distribution" "a lock file: native"
[ "$(env -u VIRTUAL_ENV ok/bin/python -c 'import solo, os; print(os.path.basename(solo.__file__))')" = __init__.py ] ||
	fail "a lock file: solo does not import"
is_venv ok

lock 'python_version >= "3"' '>=3.8' "$h"
run "$PYVENV" create --no-cache --python "$PY" -r pylock.toml sdist
expect_rc 1 "a selected sdist"
expect_err "pylock.toml:[0-9]+: other is an sdist, which pyvenv does not build, and pip cannot install from a lock file" "a selected sdist: why"

lock 'python_version < "3"' '<3' "$h"
run "$PYVENV" create --no-cache --python "$PY" -r pylock.toml oldpy
expect_rc 1 "a lock file for another Python"
expect_err "'pylock.toml' is for Python <3" "another Python: why"

lock 'python_version < "3"' '>=3.8' 1111111111111111111111111111111111111111111111111111111111111111
run "$PYVENV" create --no-cache --python "$PY" -r pylock.toml badhash
expect_rc 1 "a hash mismatch"
expect_err "does not have the hash" "a hash mismatch: why"
expect_err "expected sha256:1111" "a hash mismatch: expected"

printf 'lock-version = "1.0"\ncreated-by = "x"\n[[packages]]\nname = "solo"\nname = "again"\n' >pylock.toml
run "$PYVENV" create --no-cache --python "$PY" -r pylock.toml damaged
expect_rc 1 "a damaged lock file"
expect_err "pylock.toml:5: " "a damaged lock file: file:line"

lock 'python_version < "3"' '>=3.8' "$h"
run "$PYVENV" create --no-cache --installer pip --python "$PY" -r pylock.toml bypip
expect_rc 1 "--installer pip with a lock file"
expect_err "pip cannot install the lock file 'pylock.toml'" "--installer pip: why"
for d in sdist oldpy badhash damaged bypip; do
	[ -e "$d" ] && fail "the refused '$d' exists"
done
no_leftovers .

# a file named otherwise is a requirements file, as pip reads it
cp pylock.toml notalock.toml
run "$PYVENV" create --no-cache --installer native --python "$PY" -r notalock.toml notalock
expect_rc 1 "a lock file by another name"
finish
