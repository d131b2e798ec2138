# create --stamp: nothing is done while the inputs' contents are unchanged;
# any change builds the environment anew; other content is never replaced.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_NO_INDEX

ident() { stat -c '%i %Y.%y' "$1" 2>/dev/null; }
mkdir wheels && wheel wheels alpha 1.0 && wheel wheels beta 1.0
printf 'alpha\n' > req.txt
stamped() {
	run "$PYVENV" create --python "$PY" --stamp env/.pyvenv-stamp -r req.txt \
		--pip-arg=--no-index --pip-arg=--find-links=wheels "$@" env
}

stamped
expect_rc 0 "first stamped create"
is_venv env
[ -x env/bin/alpha ] || fail "alpha not installed"
grep -Eqx '[0-9a-f]{64}' env/.pyvenv-stamp || fail "stamp is not a digest: $(cat env/.pyvenv-stamp)"
cfg=$(ident env/pyvenv.cfg)

touch -d '2000-01-01' env/.pyvenv-stamp
stamped
expect_rc 0 "second stamped create"
expect_err "up to date" "second stamped create"
[ "$(ident env/pyvenv.cfg)" = "$cfg" ] || fail "an up-to-date environment was rebuilt"
[ "$(stat -c %Y env/.pyvenv-stamp)" -gt 946684800 ] || fail "the stamp was not touched"

touch req.txt
stamped
expect_err "up to date" "touched requirements"
[ "$(ident env/pyvenv.cfg)" = "$cfg" ] || fail "a touched but unchanged -r file rebuilt the environment"

printf 'alpha\nbeta\n' > req.txt
stamped
expect_rc 0 "changed requirements"
[ "$(ident env/pyvenv.cfg)" != "$cfg" ] || fail "changed requirements did not rebuild"
[ -x env/bin/beta ] || fail "beta not installed after the change"
cfg=$(ident env/pyvenv.cfg)

stamped --prompt other
expect_rc 0 "changed option"
grep -q "^prompt = 'other'$" env/pyvenv.cfg || fail "changed option not applied: $(cat env/pyvenv.cfg)"
cfg=$(ident env/pyvenv.cfg)

wheel wheels gamma 1.0
stamped --prompt other
[ "$(ident env/pyvenv.cfg)" != "$cfg" ] || fail "a new wheel in --find-links did not rebuild"
cfg=$(ident env/pyvenv.cfg)

PIP_NO_COMPILE=1 stamped --prompt other
[ "$(ident env/pyvenv.cfg)" != "$cfg" ] || fail "a PIP_* variable did not rebuild"
PIP_NO_COMPILE=1 stamped --prompt other
expect_err "up to date" "same PIP_* variable"

rm env/bin/python
stamped --prompt other
expect_rc 0 "broken environment"
is_venv env

rm -rf env
stamped --prompt other
expect_rc 0 "deleted environment"
is_venv env

# Someone else's directory is refused, whatever the stamp says.
mkdir mine && echo precious > mine/file
before=$(snapshot mine)
run "$PYVENV" create --python "$PY" --without-pip --stamp mine/.pyvenv-stamp mine
expect_rc 1 "non-environment directory"
expect_err "not a virtual environment" "non-environment directory"
[ "$(snapshot mine)" = "$before" ] || fail "the non-environment directory was changed"

run "$PYVENV" create --python "$PY" --stamp s a b
expect_rc 2 "two ENV_DIRs with --stamp"
expect_err "exactly one ENV_DIR" "two ENV_DIRs with --stamp"
run "$PYVENV" create --python "$PY" --stamp s --upgrade a
expect_rc 2 "--stamp --upgrade"
run "$PYVENV" create --python "$PY" --without-pip -r req.txt a
expect_rc 2 "--without-pip -r"
expect_err "drop --without-pip" "--without-pip -r"
[ ! -e a ] || fail "a usage error created something"
finish
