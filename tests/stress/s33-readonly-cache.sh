# s33: a read-only cache directory (a read-only bind mount: root ignores
# permission bits). pyvenv works without the cache and warns once:
#   - an empty cache directory, a cache directory not there yet below a
#     read-only one, a cache that already holds the probe and the template;
#   - with pip and requirements, and --without-pip;
# each gives a correct environment, exit 0, exactly one warning, no line
# that says "error", and leaves the cache as it was. --no-cache says nothing.
# `pyvenv cache list` works on it; `prune` and `clear` fail clearly (exit 1,
# "Read-only file system") without claiming what they did not do.
# Needs to mount (root); skipped otherwise.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/stress/s3-faults.bash"

mkdir empty parent wheels
fault_ro_bind empty || skip "cannot make a read-only bind mount here (not root?)"
fault_ro_bind parent || skip "cannot make a read-only bind mount here (not root?)"
touch empty/x 2>/dev/null && { echo "FAIL: test setup: 'empty' is writable"; exit 1; }
wheel wheels alpha 1.0 || { echo "FAIL: cannot build the test wheel"; exit 1; }
echo alpha >req.txt
PIPARGS=(--pip-arg=--no-index --pip-arg=--find-links="$PWD/wheels")

# once CACHE DEST WHAT [ARG...]: create in DEST with the cache CACHE: a
# correct environment, one warning, no error, the cache unchanged.
once() {
	local cache=$1 dest=$2 what=$3 before
	shift 3
	before=$(snapshot "$cache")
	run "$PYVENV" create --python "$PY" --cache-dir "$cache" "$@" "$dest"
	expect_rc 0 "$what"
	is_venv "$dest"
	if [ "${quiet:-}" = 1 ]; then
		no_err "warning:" "$what (nothing to write)"
	else
		only_one "warning:" "$what"
	fi
	no_err "error:" "$what"
	[ "$(snapshot "$cache")" = "$before" ] || fail "$what: the cache changed"
}
alpha_ok() {
	[ "$("$1/bin/alpha")" = "$(printf 'hello from alpha 1.0\n%s' "$PWD/$1")" ] || fail "$1: alpha: $("$1/bin/alpha" 2>&1)"
}

once empty e-empty-1 "an empty read-only cache, with requirements" -r req.txt "${PIPARGS[@]}"
alpha_ok e-empty-1
once empty e-empty-2 "an empty read-only cache, with pip"
once empty e-empty-3 "an empty read-only cache, --without-pip" --without-pip
run "$PYVENV" create --python "$PY" --cache-dir empty --no-cache --without-pip e-empty-4
expect_rc 0 "an empty read-only cache, --no-cache"
no_err "warning|error" "an empty read-only cache, --no-cache"
once parent/cache e-parent-1 "a cache below a read-only directory, with pip"
once parent/cache e-parent-2 "a cache below a read-only directory, --without-pip" --without-pip

# --- a cache with the probe and the template in it, then read-only --------------
mkdir full
run "$PYVENV" create --python "$PY" --cache-dir full first
expect_rc 0 "filling the cache"
[ "$(templates full)" = 1 ] || fail "test setup: $(templates full) templates in full/"
fault_ro_bind full || fail "cannot make 'full' read-only"
once full e-full-1 "a read-only cache with the template"
# (the cached probe is all it needs: nothing to write, nothing to say)
quiet=1 once full e-full-2 "a read-only cache with the probe, --without-pip" --without-pip

# --- pyvenv cache on it ----------------------------------------------------------------
before=$(snapshot full)
run "$PYVENV" cache --cache-dir full list
expect_rc 0 "cache list on a read-only cache"
[ "$(printf '%s\n' "$out" | grep -c '^1 template, ')" = 1 ] || fail "cache list on a read-only cache: $out"
for verb in "prune --max-size 0" clear; do
	run "$PYVENV" cache --cache-dir full $verb
	expect_rc 1 "cache $verb on a read-only cache"
	expect_err "Read-only file system" "cache $verb on a read-only cache"
	no_err "in use by another" "cache $verb on a read-only cache"
	no_err "removed ([1-9]|.*interpreter probes)" "cache $verb on a read-only cache"
	printf '%s\n' "$out" | grep -q "removed" && fail "cache $verb on a read-only cache: $out"
done
[ "$(snapshot full)" = "$before" ] || fail "the read-only cache changed"

echo "done in $(elapsed)s"
finish
