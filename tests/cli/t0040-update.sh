# Creating over an existing environment updates it and keeps what it has.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

"$PYVENV" create -q --python "$PY" env || fail "create env"
site=$(env/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo 'VALUE = 42' > "$site/usermod.py"
rm env/bin/activate.fish
"$PYVENV" create -q --python "$PY" --prompt again env || fail "re-create env"
[ -f "$site/usermod.py" ] || fail "the update lost a user's module"
[ -f env/bin/activate.fish ] || fail "the update did not restore activate.fish"
grep -q "^prompt = 'again'$" env/pyvenv.cfg || fail "pyvenv.cfg not rewritten: $(cat env/pyvenv.cfg)"
env/bin/pip --version >/dev/null || fail "pip broken after the update"

"$PYVENV" create -q --python "$PY" --upgrade env || fail "--upgrade"
is_venv env
[ "$(env/bin/python -c 'import usermod; print(usermod.VALUE)')" = 42 ] || fail "usermod lost by --upgrade"
finish
