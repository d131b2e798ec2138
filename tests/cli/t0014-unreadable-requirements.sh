# A requirements file that cannot be read fails before anything is made.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

run "$PYVENV" create --python "$PY" -r missing.txt env
expect_rc 1 "missing requirements file"
expect_err "cannot read the requirements file 'missing.txt': No such file" "missing requirements"
[ ! -e env ] || fail "env was created"
no_leftovers .
finish
