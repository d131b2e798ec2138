# pip failing half-way: no environment appears, an old one survives --clear.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

mkdir wheels
run "$PYVENV" create --python "$PY" --pip-arg=--no-index --pip-arg=--find-links=wheels \
	--package no-such-package-pyvenv env
expect_rc 1 "pip failure on a new environment"
expect_err "pip install (--dry-run )?failed" "pip failure on a new environment"
[ ! -e env ] || fail "a failed create left 'env'"
no_leftovers .

"$PYVENV" create -q --python "$PY" --without-pip old || fail "creating 'old'"
echo keep > old/marker
before=$(snapshot_contents old)
run "$PYVENV" create --python "$PY" --clear --pip-arg=--no-index --pip-arg=--find-links=wheels \
	--package no-such-package-pyvenv old
expect_rc 1 "pip failure with --clear"
[ "$before" = "$(snapshot_contents old)" ] || fail "a failed --clear changed the old environment"
is_venv old
no_leftovers .
finish
