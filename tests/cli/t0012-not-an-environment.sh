# A non-empty directory that is not an environment is refused unless --clear;
# a file is refused; an empty directory is used.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

mkdir data && echo precious > data/file.txt
before=$(snapshot data)
run "$PYVENV" create --python "$PY" --without-pip data
expect_rc 1 "non-environment directory"
expect_err "'.*data' exists and is not a virtual environment" "non-environment directory"
expect_err "hint: use --allow-existing .*--clear" "non-environment directory"
[ "$before" = "$(snapshot data)" ] || fail "the refused directory was changed"

echo text > afile
run "$PYVENV" create --python "$PY" --without-pip afile
expect_rc 1 "a file as destination"
expect_err "exists and is not a directory" "a file as destination"
[ "$(cat afile)" = text ] || fail "the file was changed"

mkdir target && ln -s target link
run "$PYVENV" create --python "$PY" --without-pip link
expect_rc 1 "a symlink as destination"
expect_err "'.*link' is a symbolic link" "a symlink as destination"
[ -L link ] && [ -z "$(ls -A target)" ] || fail "the link or its target was changed"

mkdir empty
run "$PYVENV" create --python "$PY" --without-pip empty
expect_rc 0 "empty directory"
is_venv empty

run "$PYVENV" create --python "$PY" --without-pip --clear data
expect_rc 0 "--clear on a non-environment"
is_venv data
[ ! -e data/file.txt ] || fail "--clear kept the old contents"
no_leftovers .
finish
