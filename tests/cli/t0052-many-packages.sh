# Many --package and --pip-arg values all reach pip (none dropped).
# (More than the 63 arguments a fixed array once held: 30 packages and 31 pip arguments.)
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

mkdir wheels
args=""
for i in $(seq 1 30); do
	wheel wheels "pkg$i" 1.0
	args="$args --package pkg$i --pip-arg=--no-warn-script-location"
done
# shellcheck disable=SC2086
"$PYVENV" create -q --python "$PY" --pip-arg=--no-index --pip-arg=--find-links=wheels $args env ||
	fail "create with 30 packages"
for i in 1 15 30; do
	[ -x "env/bin/pkg$i" ] || fail "pkg$i was not installed"
done
n=$(ls -d env/lib/python*/site-packages/pkg*.dist-info | wc -l)
[ "$n" -eq 30 ] || fail "$n of 30 packages installed"
finish
