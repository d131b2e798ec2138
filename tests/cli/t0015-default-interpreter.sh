# Without --python, $PYVENV_PYTHON names the interpreter, else python3 on PATH.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

run env PYVENV_PYTHON="$PY" "$PYVENV" info
expect_rc 0 "info with PYVENV_PYTHON"
printf '%s\n' "$out" | grep -q "^interpreter: *$PY\$" || fail "info did not use \$PYVENV_PYTHON: $out"

run env PYVENV_PYTHON=/bin/true "$PYVENV" create --without-pip env
expect_rc 1 "create with PYVENV_PYTHON=/bin/true"
expect_err "'/bin/true' does not look like a Python interpreter" "create with PYVENV_PYTHON=/bin/true"

# --python wins over the variable.
run env PYVENV_PYTHON=/bin/true "$PYVENV" create --python "$PY" --without-pip env
expect_rc 0 "--python over PYVENV_PYTHON"
is_venv env

# Neither: python3 from PATH (here a directory holding only a link to $PY).
mkdir onlypy && ln -s "$PY" onlypy/python3
run env -u PYVENV_PYTHON PATH="$PWD/onlypy" "$PYVENV" info
expect_rc 0 "info with python3 from PATH"
printf '%s\n' "$out" | grep -q "^interpreter: *$PWD/onlypy/python3\$" || fail "info did not find python3 on PATH: $out"
finish
