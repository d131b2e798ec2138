# Link modes across file systems: the cache here, the destination on a tmpfs.
# auto falls back to copying, silently; hardlink (and clone) cannot work
# there and fail plainly, leaving nothing and keeping the cache entry.
# Needs to mount a tmpfs (root); skipped otherwise.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

mkdir mnt
mount -t tmpfs -o size=512m pyvenv-test "$PWD/mnt" 2>/dev/null || skip "cannot mount a tmpfs here (not root?)"
trap 'cd / && umount "'"$PWD"'/mnt"' EXIT
[ "$(stat -f -c %T mnt)" = tmpfs ] || fail "test setup: mnt is not a tmpfs"
[ "$(stat -c %d mnt)" != "$(stat -c %d .)" ] || fail "test setup: mnt is on the same device"

mkdir wheels
wheel wheels alpha 1.0
echo alpha > req.txt
site=$("$PY" -c 'import sys; print("lib/python%d.%d/site-packages" % sys.version_info[:2])')
plain="$site/pip/__init__.py"
cached() {
	local dest=$1
	shift
	run "$PYVENV" create --python "$PY" --cache-dir c -r req.txt \
		--pip-arg=--no-index --pip-arg=--find-links=wheels "$@" "$dest"
}
contents() { (cd "$1" && find . -type f ! -path '*/__pycache__/*' -exec sha256sum {} + | sort -k2); }
cached "$PWD/orig/env"
expect_rc 0 "first create (a miss)"
cached "$PWD/warm/env" -v
expect_rc 0 "a hit on the same file system"
expect_err "seeding from the cached template" "a hit on the same file system"
key=$(basename c/templates/*.tar.zst .tar.zst)
tree="c/trees/$key"
[ -d "$tree" ] || fail "no tree in the cache after a hit"
[ "$(stat -c %i warm/env/$plain)" = "$(stat -c %i "$tree/$plain")" ] || fail "test setup: the hit here did not hard-link"
cachesum=$(contents c/templates)
treesum=$(contents "$tree")

# auto: copies, without a word
cached "$PWD/mnt/auto/env" --link-mode auto
expect_rc 0 "--link-mode auto across file systems"
[ -z "$(printf '%s\n' "$err" | grep -v "^pyvenv: creating the environment")" ] ||
	fail "--link-mode auto across file systems is not silent: $err"
is_venv "$PWD/mnt/auto/env"
[ "$("$PWD/mnt/auto/env/bin/alpha")" = "$(printf 'hello from alpha 1.0\n%s' "$PWD/mnt/auto/env")" ] || fail "alpha on the tmpfs"
[ "$(stat -c %h mnt/auto/env/$plain)" = 1 ] || fail "auto across file systems: $plain has $(stat -c %h mnt/auto/env/$plain) links"
cmp -s mnt/auto/env/$plain "$tree/$plain" || fail "auto across file systems: $plain differs"
[ "$(stat -c %Y mnt/auto/env/$plain)" = "$(stat -c %Y "$tree/$plain")" ] || fail "auto across file systems: modification time"
"$PWD/mnt/auto/env/bin/pip" --version >/dev/null || fail "pip on the tmpfs"

cached "$PWD/mnt/copy/env" --link-mode copy
expect_rc 0 "--link-mode copy across file systems"
is_venv "$PWD/mnt/copy/env"

# hardlink and clone: a plain failure; nothing made; the cache entry kept
for mode in hardlink clone; do
	dest="mnt/by-$((n = ${n:-0} + 1))"
	cached "$PWD/$dest/env" --link-mode "$mode"
	expect_rc 1 "--link-mode $mode across file systems"
	case $mode in
	hardlink) expect_err "error: .*hard.?link" "--link-mode hardlink across file systems" ;;
	clone) expect_err "error: .*clone" "--link-mode clone across file systems" ;;
	esac
	if printf '%s\n' "$err" | grep -q "installing requirements"; then
		fail "--link-mode $mode across file systems built the environment with pip instead"
	fi
	[ ! -e "$dest/env" ] || fail "--link-mode $mode across file systems left $dest/env"
	no_leftovers "$dest"
	[ -d "$tree" ] && [ "$(contents c/templates)" = "$cachesum" ] ||
		fail "--link-mode $mode across file systems discarded or changed the cache entry"
done
[ "$(contents "$tree" 2>/dev/null)" = "$treesum" ] || fail "the cache's tree changed"
finish
