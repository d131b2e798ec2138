# --build-path directories are importable in the environment.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

mkdir -p 'build dir/pkg'
echo 'NAME = "built"' > 'build dir/builtmod.py'
"$PYVENV" create -q --python "$PY" --without-pip --build-path 'build dir' --build-path /nonexistent/yet env ||
	fail "create"
[ "$(env/bin/python -c 'import builtmod; print(builtmod.NAME)')" = built ] || fail "builtmod not importable"
env/bin/python -c 'import sys; assert sys.path.count("'"$PWD"'/build dir") == 1, sys.path' ||
	fail "build dir not on sys.path exactly once"
finish
