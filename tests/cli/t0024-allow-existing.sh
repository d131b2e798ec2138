# --allow-existing writes an environment into a directory that holds other
# files, as `python -m venv DIR` does: each file the environment has
# replaces the one there, every other file is left alone (same inode, same
# contents), the directory itself is kept; pyvenv.cfg comes last, a type
# clash is refused before anything moves, and no template is stored from
# such a directory (its other files are no template's).
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
export PYVENV_CACHE_DIR=$PWD/cache

# project DIR: a directory with files of its own under bin/, lib/, include/
# and at the top, and one file (bin/python) that the environment replaces.
project() {
	mkdir -p "$1/bin" "$1/lib/data" "$1/include" "$1/src"
	echo tool >"$1/bin/mytool" && chmod 755 "$1/bin/mytool"
	echo data >"$1/lib/data/table.txt"
	echo '#define X 1' >"$1/include/x.h"
	echo readme >"$1/README"
	echo 'int main(void) { return 0; }' >"$1/src/main.c"
	echo 'not python' >"$1/bin/python"
	chmod 2750 "$1"
}
# own DIR: the project's own files, with inodes and contents.
own() {
	(cd "$1" && for f in bin/mytool lib/data/table.txt include/x.h README src/main.c; do
		printf '%s %s %s\n' "$f" "$(stat -c %i "$f")" "$(cat "$f")"
	done)
}

project proj
before=$(snapshot proj)
run "$PYVENV" create --python "$PY" proj
expect_rc 1 "without --allow-existing"
expect_err "exists and is not a virtual environment" "without --allow-existing"
expect_err "hint: use --allow-existing" "without --allow-existing"
[ "$before" = "$(snapshot proj)" ] || fail "the refused directory was changed"

run "$PYVENV" create --python "$PY" --allow-existing --stamp s proj
expect_rc 2 "--allow-existing with --stamp"

files=$(own proj) ident=$(stat -c '%i %a' proj)
run "$PYVENV" create -v --python "$PY" --allow-existing proj
expect_rc 0 "--allow-existing"
expect_err "not storing a template: .*proj' holds other files" "--allow-existing"
[ "$(own proj)" = "$files" ] || fail "the project's files changed: $(own proj)"
[ "$(stat -c '%i %a' proj)" = "$ident" ] || fail "the directory changed: $ident, now $(stat -c '%i %a' proj)"
[ -L proj/bin/python ] || fail "bin/python was not replaced by the environment's"
is_venv proj
env -u VIRTUAL_ENV proj/bin/python -m pip --version >/dev/null || fail "pip does not run in proj"
run "$PYVENV" check proj
expect_rc 0 "check of proj"
[ -z "$(ls -A proj | grep '^\.pyvenv-')" ] || fail "staging left in proj: $(ls -A proj)"
[ -z "$(ls -A "$PYVENV_CACHE_DIR/templates" 2>/dev/null | grep -v '\.lock$')" ] ||
	fail "a template was stored from proj: $(ls -A "$PYVENV_CACHE_DIR/templates")"

# Again: proj is an environment now, updated in place; its files stay.
run "$PYVENV" create --python "$PY" --allow-existing proj
expect_rc 0 "--allow-existing on the environment it made"
[ "$(own proj)" = "$files" ] || fail "updating changed the project's files"
is_venv proj

# From the cache: a plain environment stores the template, a project seeds
# from it, and the cached tree gets none of the project's files.
"$PYVENV" create -q --python "$PY" plain || fail "creating 'plain'"
project proj2
files=$(own proj2)
run "$PYVENV" create -v --python "$PY" --allow-existing proj2
expect_rc 0 "--allow-existing from the cache"
expect_err "seeding from the cached template" "--allow-existing from the cache"
[ "$(own proj2)" = "$files" ] || fail "seeding changed the project's files"
is_venv proj2
[ -z "$(find "$PYVENV_CACHE_DIR" -name mytool -o -name README -o -name main.c)" ] ||
	fail "the project's files reached the cache"

# A clash of types (a file where the environment has a directory) is refused
# before anything moves.
project clash
rm -rf clash/include && echo 'a file' >clash/include
before=$(snapshot_contents clash)
run "$PYVENV" create --python "$PY" --allow-existing clash
expect_rc 1 "a file where the environment has a directory"
expect_err "clash/include' is in the way: the environment needs a directory there" "a clash of types"
[ "$before" = "$(snapshot_contents clash)" ] || fail "the refused directory was changed"

# --clear with it is venv's --clear: the contents go, the directory stays.
project cleared
ident=$(stat -c '%i %a' cleared)
run "$PYVENV" create --python "$PY" --allow-existing --clear cleared
expect_rc 0 "--allow-existing --clear"
[ ! -e cleared/README ] && [ ! -e cleared/bin/mytool ] || fail "--clear kept the contents"
[ "$(stat -c '%i %a' cleared)" = "$ident" ] || fail "--clear: the directory changed"
is_venv cleared

# A run killed while moving the environment in (past the commit point):
# the next run merges the rest, as the killed one would have.
project killed
mkdir killed/.pyvenv-ready-eeeeee
cp -a plain/. killed/.pyvenv-ready-eeeeee/
mv killed/.pyvenv-ready-eeeeee/lib64 killed/ # moved in before the kill
files=$(own killed)
run "$PYVENV" create -v --python "$PY" --without-pip killed
expect_rc 0 "the run after a kill while merging"
expect_err "finishing the environment an interrupted run left" "the run after a kill while merging"
[ -f killed/pyvenv.cfg ] && [ -x killed/bin/pip ] && [ -L killed/bin/python ] || fail "the merge was not finished: $(ls -A killed killed/bin)"
[ "$(own killed)" = "$files" ] || fail "finishing the merge changed the project's files"
[ -z "$(ls -A killed | grep '^\.pyvenv-')" ] || fail "staging left in 'killed': $(ls -A killed)"
finish
