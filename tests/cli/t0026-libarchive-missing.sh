# libarchive is loaded only by the runs that read or write an archive: with
# a libarchive that cannot serve (here a stand-in library of the same soname
# first on LD_LIBRARY_PATH, without its functions), pack and unpack fail
# with a message that says so and a hint, exit 1 and leave nothing; a
# create that needs no archive still works.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
command -v cc >/dev/null || skip "no C compiler to build the stand-in library"
soname=$(ldconfig -p 2>/dev/null | sed -n 's/^[[:space:]]*\(libarchive\.so\.[0-9]*\) .*/\1/p' | head -n1)
[ -n "$soname" ] || skip "cannot tell libarchive's soname (ldconfig -p)"

"$PYVENV" create -q --no-cache --without-pip --python "$PY" orig || fail "create orig"
"$PYVENV" pack -q --no-cache orig t.tar.zst || fail "pack with the real libarchive"

mkdir fake
echo 'int pyvenv_test_stand_in;' >fake/stand-in.c
cc -shared -fPIC -Wl,-soname,"$soname" -o "fake/$soname" fake/stand-in.c || fail "cannot build the stand-in"

LD_LIBRARY_PATH=$PWD/fake run "$PYVENV" unpack --no-cache --python "$PY" t.tar.zst u
expect_rc 1 "unpack without a working libarchive"
expect_err "$soname has no archive_[a-z_]*: a libarchive older than 3.3" "unpack without a working libarchive"
expect_err "hint: install libarchive" "unpack without a working libarchive"
[ ! -e u ] || fail "a failed unpack left its destination"
no_leftovers .

LD_LIBRARY_PATH=$PWD/fake run "$PYVENV" pack --no-cache orig t2.tar.zst
expect_rc 1 "pack without a working libarchive"
expect_err "a libarchive older than 3.3" "pack without a working libarchive"
[ ! -e t2.tar.zst ] || fail "a failed pack left an archive"
no_leftovers .

LD_LIBRARY_PATH=$PWD/fake run "$PYVENV" create --no-cache --without-pip --python "$PY" bare
expect_rc 0 "create without pip needs no libarchive"
[ -e bare/pyvenv.cfg ] || fail "create without libarchive made no environment"
finish
