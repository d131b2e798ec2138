# s31: no space left in the cache directory (a small tmpfs); the
# environments themselves have room.
#
# A cache too small for the template, a cache with no free block at all, and
# a cache with room for its archive but not for the unpacked tree a hit needs:
# each create succeeds with a correct environment and a warning, the cache
# holds no partial entry or temporary file, and once the cache has room again
# the next create stores the template and the one after that is a hit that
# gives a correct environment. `pyvenv cache list` works on a full cache.
# Needs to mount a tmpfs (root); skipped otherwise.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/stress/s3-faults.bash"

fault_tmpfs c 512k || skip "cannot mount a tmpfs here (not root?)"
c=$PWD/c
mkdir wheels
wheel wheels alpha 1.0 || { echo "FAIL: cannot build the test wheel"; exit 1; }
echo alpha >req.txt
PIPARGS=(--pip-arg=--no-index --pip-arg=--find-links="$PWD/wheels")

# create DEST [ARG...]: create -v with the cache in c/ and alpha.
create() {
	local dest=$1
	shift
	run "$PYVENV" create -v --python "$PY" --cache-dir "$c" -r req.txt "${PIPARGS[@]}" "$@" "$dest"
}
# create_pip DEST: the same with pip only (no pip run; a template all the same).
create_pip() { run "$PYVENV" create -v --python "$PY" --cache-dir "$c" "$1"; }
# works DIR WHAT: a working environment with alpha.
works() {
	is_venv "$1" || return
	[ "$("$1/bin/alpha")" = "$(printf 'hello from alpha 1.0\n%s' "$PWD/$1")" ] ||
		fail "$2: alpha: $("$1/bin/alpha" 2>&1)"
	env -u VIRTUAL_ENV "$1/bin/pip" --version >/dev/null || fail "$2: pip does not run"
}
# warned WHAT: the last run succeeded, warned about the cache, and reported no error.
warned() {
	expect_rc 0 "$1"
	expect_err "warning: .*(cache|'$c)" "$1"
	no_err "error:" "$1"
	echo "$1: $(printf '%s\n' "$err" | grep -c 'warning:') warning(s)"
}
# missed WHAT: the last run built the environment (pip ran).
missed() { expect_err "installing requirements" "$1"; }
# hit WHAT: the last run seeded from the cache, without pip and without a word.
hit() {
	expect_rc 0 "$1"
	expect_err "seeding from the cached template" "$1"
	no_err "installing requirements|warning|error" "$1"
}

# --- a cache too small for the template --------------------------------------------
create e1
warned "a cache too small for the template"
missed "a cache too small for the template"
works e1 "a cache too small for the template"
[ "$(templates "$c")" = 0 ] && [ "$(sidecars "$c")" = 0 ] ||
	fail "a cache too small for the template holds $(ls "$c/templates")"
entries_ok "$c" "a cache too small for the template"

# --- a cache with no free block ----------------------------------------------------------
rm -rf "$c/interpreters"
fill "$c"
create_pip e3
warned "a full cache"
is_venv e3
env -u VIRTUAL_ENV e3/bin/pip --version >/dev/null || fail "a full cache: pip does not run"
[ "$(templates "$c")" = 0 ] && [ "$(sidecars "$c")" = 0 ] || fail "a full cache holds $(ls "$c/templates")"
entries_ok "$c" "a full cache"
run "$PYVENV" cache --cache-dir "$c" list
expect_rc 0 "cache list on a full cache"
[ "$(printf '%s\n' "$out" | tail -1 | sed 's/,.*//')" = "0 templates" ] || fail "cache list on a full cache: $out"
unfill "$c"

# --- room again: stored, then a hit ---------------------------------------------------
mount -o remount,size=64m "$c" || fail "cannot grow the cache's tmpfs"
create e4
expect_rc 0 "a cache with room again"
missed "a cache with room again"
no_err "warning|error" "a cache with room again"
works e4 "a cache with room again"
[ "$(templates "$c")" = 1 ] || fail "a cache with room again stored $(templates "$c") templates"
entries_ok "$c" "a cache with room again"
create e5
hit "the next create"
works e5 "the next create"

# --- room for the archive, not for the tree a hit unpacks -----------------------------
rm -rf "$c"/trees/*
used=$(used_kb "$c")
mount -o remount,size=$((used + 512))k "$c" || fail "cannot shrink the cache's tmpfs to ${used}+512K"
# (not -v: what a damaged or unusable entry was is for -v only)
run "$PYVENV" create --python "$PY" --cache-dir "$c" -r req.txt "${PIPARGS[@]}" e6
expect_rc 0 "a hit with no room for the tree"
works e6 "a hit with no room for the tree"
no_err "error:" "a hit with no room for the tree"
entries_ok "$c" "a hit with no room for the tree"
echo "a hit with no room for the tree: $(printf '%s\n' "$err" | grep -c 'warning:') warning(s): $(printf '%s\n' "$err" | grep 'warning:')"
mount -o remount,size=64m "$c" || fail "cannot grow the cache's tmpfs"
create e7
hit "a hit with room for the tree again"
works e7 "a hit with room for the tree again"
[ "$(templates "$c")" = 1 ] || fail "room for the tree again: $(templates "$c") templates"
entries_ok "$c" "the end"

echo "done in $(elapsed)s"
finish
