# When no bundled wheel can be found, pip comes from `python -m ensurepip`
# (said with -v), and its scripts run the final interpreter, not the
# temporary directory the environment was built in.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
export PYVENV_CACHE_DIR=$PWD/cache

"$PYVENV" info --python "$PY" >/dev/null || fail "info"
cache_file=$("$PYVENV" info --json --python "$PY" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["cache_file"])')
[ -f "$cache_file" ] || skip "the interpreter's probe is not cached (a wrapper?): cannot simulate"
# The cached answer, with its wheels gone.
python3 - "$cache_file" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    info = json.load(f)
info["wheels"] = []
with open(sys.argv[1], "w") as f:
    json.dump(info, f)
PY
run "$PYVENV" create -v --python "$PY" env
expect_rc 0 "create with the ensurepip fallback"
expect_err "no bundled wheel found for .*: running ensurepip" "create with the ensurepip fallback"
is_venv env
env/bin/pip --version >/dev/null || fail "pip from ensurepip does not run"
grep -l pyvenv-tmp env/bin/* && fail "a script names the temporary directory"
no_leftovers .
finish
