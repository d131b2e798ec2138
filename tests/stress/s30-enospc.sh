# s30: no space left on the destination's file system (a small tmpfs).
#
# Sizes from a few pages to one page short of what the environment needs,
# without and with pip; pip running out of space half-way through a
# requirement; --clear, an update in place and --upgrade on a full file
# system; --template, `pyvenv unpack` and `pyvenv pack` onto a full one; a
# cache hit copied onto a full one. Each ends with exit status 1 and a message
# that says "No space left on device" (and no other cause), nothing made or
# left behind (no environment, no temporary directory or file), an old
# environment intact, and nothing stored in or lost from the template cache.
# Needs to mount a tmpfs (root); skipped otherwise (s32 covers RLIMIT_FSIZE,
# which needs no privilege).
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
# unpack finds its interpreter as create does, never from the template.
export PYVENV_PYTHON="$PY"
. "$PYVENV_TEST_SRC/tests/stress/s3-faults.bash"

fault_tmpfs m 128m || skip "cannot mount a tmpfs here (not root?): see s32-fsize for RLIMIT_FSIZE"
c=$PWD/c
export PYVENV_CACHE_DIR=$c
NOSPACE="No space left on device"

# big: a 2 MB module, so that pip runs out of room while writing it.
wheels_alpha_big wheels
echo alpha >req.txt
echo big >big.txt
PIPARGS=(--pip-arg=--no-index --pip-arg=--find-links="$PWD/wheels")

# --- what an environment needs -------------------------------------------------
"$PYVENV" create -q --python "$PY" --no-cache --without-pip m/bare || fail "create on a roomy tmpfs"
bare=$(used_kb m)
rm -rf m/bare
"$PYVENV" create -q --python "$PY" --no-cache m/pip || fail "create with pip on a roomy tmpfs"
withpip=$(used_kb m)
rm -rf m/pip
fault_umount m
echo "an environment takes ${bare}K without pip, ${withpip}K with pip ($(elapsed)s)"
[ "$bare" -gt 8 ] && [ "$withpip" -gt $((bare + 1000)) ] || { echo "FAIL: test setup: sizes ${bare}K, ${withpip}K"; exit 1; }

# nospace WHAT: the last run failed for want of space, said so and said nothing
# about another cause.
nospace() {
	expect_rc 1 "$1"
	expect_err "$NOSPACE" "$1"
	no_err "Invalid cross-device link|Operation not supported|Bad file descriptor|Success$" "$1"
}

# --- a new environment on file systems too small for it ------------------------
n=0
# small SIZE WHAT ARGS...: create on a new tmpfs of SIZE (K): fails, leaves nothing.
small() {
	local size=$1 what=$2 d
	shift 2
	d=fs$((n += 1))
	fault_tmpfs "$d" "${size}k" || { fail "cannot mount a ${size}K tmpfs"; return; }
	run "$PYVENV" create --python "$PY" "$@" "$d/env"
	nospace "$what on ${size}K"
	gone "$d/env" "$what on ${size}K"
	only_locks "$d" "$what on ${size}K"
	fault_umount "$d"
}
for size in 4 $((bare / 2)) $((bare - 4)); do
	small "$size" "--without-pip" --no-cache --without-pip
done
for size in 16 1024 $((withpip / 2)) $((withpip - 4)); do
	small "$size" "with pip" --no-cache
done
# the same with the cache (empty): nothing is stored for a failed environment
small $((withpip - 4)) "with pip and the cache"
[ "$(templates "$c")" = 0 ] || fail "a failed create stored a template: $(ls "$c/templates")"
entries_ok "$c" "after failed creates"

# with room: the same sizes work (the failures above were for want of space)
fault_tmpfs ok $((bare + 4))k || fail "cannot mount a tmpfs"
run "$PYVENV" create --python "$PY" --no-cache --without-pip ok/env
expect_rc 0 "--without-pip with just enough room"
is_venv ok/env
fault_umount ok
echo "sizes done ($(elapsed)s)"

# --- pip, or the native installer, runs out of space half-way -------------------
for installer in pip native; do
	fault_tmpfs pipfs $((withpip + 512))k || fail "cannot mount a tmpfs"
	run "$PYVENV" create --python "$PY" --installer $installer -r big.txt "${PIPARGS[@]}" pipfs/env
	nospace "$installer out of space"
	[ $installer = native ] || expect_err "pip install failed" "pip out of space"
	gone pipfs/env "$installer out of space"
	only_locks pipfs "$installer out of space"
	[ "$(templates "$c")" = 0 ] || fail "$installer out of space: a template was stored: $(ls "$c/templates")"
	entries_ok "$c" "$installer out of space"
	fault_umount pipfs
done
echo "pip done ($(elapsed)s)"

# --- an old environment on a full file system ------------------------------------
fault_tmpfs old $((withpip * 3 / 2))k || fail "cannot mount a tmpfs"
run "$PYVENV" create --python "$PY" --no-cache old/env
expect_rc 0 "creating the old environment"
echo keep >old/env/marker
before=$(snapshot_contents old/env)
sums=$(contents old/env)
used=$(used_kb old)

# --clear: the new one is built beside the old one, which has no room for it
run "$PYVENV" create --python "$PY" --no-cache --clear old/env
nospace "--clear on a full file system"
[ "$(snapshot_contents old/env)" = "$before" ] || fail "--clear on a full file system changed the old environment"
is_venv old/env
no_leftovers old
[ "$(used_kb old)" = "$used" ] || fail "--clear on a full file system: ${used}K used before, $(used_kb old)K after"

# update in place and --upgrade with no free block at all: an error, or
# nothing needed; either way the environment is whole and works
fill old
for how in update --upgrade; do
	args=()
	[ "$how" = update ] || args=("$how")
	run "$PYVENV" create --python "$PY" --no-cache "${args[@]}" old/env
	echo "$how on a full file system: exit status $rc"
	[ "$rc" = 0 ] || nospace "$how on a full file system"
	[ "$(contents old/env)" = "$sums" ] || fail "$how on a full file system: files changed: $(diff <(echo "$sums") <(contents old/env) | head -5)"
	[ -z "$(tmp_in old)" ] || fail "$how on a full file system left $(tmp_in old)"
	is_venv old/env
	env -u VIRTUAL_ENV old/env/bin/pip --version >/dev/null || fail "$how on a full file system: pip does not run"
done
unfill old
run "$PYVENV" create --python "$PY" --no-cache old/env
expect_rc 0 "update with room again"
is_venv old/env
fault_umount old
echo "old environment done ($(elapsed)s)"

# --- templates onto a full file system -------------------------------------------
"$PYVENV" create -q --python "$PY" --no-cache src || fail "create src"
run "$PYVENV" pack src t.tar.zst
expect_rc 0 "pack src"
fault_tmpfs tf 1024k || fail "cannot mount a tmpfs"
run "$PYVENV" create --python "$PY" --no-cache --template t.tar.zst tf/env
nospace "--template onto a full file system"
gone tf/env "--template onto a full file system"
run "$PYVENV" unpack t.tar.zst tf/unpacked
nospace "unpack onto a full file system"
gone tf/unpacked "unpack onto a full file system"
only_locks tf "templates onto a full file system"
fault_umount tf
fault_tmpfs pf $(($(stat -c %s t.tar.zst) / 2048))k || fail "cannot mount a tmpfs"
run "$PYVENV" pack src pf/t.tar.zst
nospace "pack onto a full file system"
[ ! -e pf/t.tar.zst ] || fail "pack onto a full file system left pf/t.tar.zst"
only_locks pf "pack onto a full file system"
fault_umount pf
echo "templates done ($(elapsed)s)"

# --- a cache hit copied onto a full file system ------------------------------------
# The cache is here; the destination, on a tmpfs, has room for a few files of
# the tree: the copy runs out of space. That is the destination's fault: the
# cache entry stays, whole, and serves the next run.
run "$PYVENV" create --python "$PY" -r req.txt "${PIPARGS[@]}" first
expect_rc 0 "create first (a miss)"
[ "$(templates "$c")" = 1 ] || fail "the first create stored $(templates "$c") templates"
archive=$(ls "$c"/templates/*.tar.zst)
# Two sizes: the copy runs out of space in a small file, or half-way through a
# large one (a short write).
k=0
for mode in copy auto; do
	for size in 1024 3072; do
		[ $mode$size != copy1024 ] || continue
		d=hit-$mode-$size
		if [ ! -f "$archive" ]; then # discarded by the run before: store it again
			"$PYVENV" create -q --python "$PY" -r req.txt "${PIPARGS[@]}" restore$((k += 1)) ||
				fail "cannot store the entry again"
		fi
		asum=$(sha256sum "$archive")
		fault_tmpfs $d ${size}k || fail "cannot mount a tmpfs"
		run "$PYVENV" create --python "$PY" -r req.txt "${PIPARGS[@]}" --link-mode $mode $d/env
		nospace "a hit (--link-mode $mode) onto a full ${size}K file system"
		gone $d/env "a hit (--link-mode $mode) onto a full ${size}K file system"
		only_locks $d "a hit (--link-mode $mode) onto a full ${size}K file system"
		[ -f "$archive" ] && [ "$(sha256sum "$archive" 2>/dev/null)" = "$asum" ] ||
			fail "a hit (--link-mode $mode) onto a full ${size}K file system discarded or changed the cache entry"
		entries_ok "$c" "a hit (--link-mode $mode) onto a full ${size}K file system"
		fault_umount $d
	done
done
# the entry, kept, serves the next run (no pip)
run "$PYVENV" create -v --python "$PY" -r req.txt "${PIPARGS[@]}" second
expect_rc 0 "create second"
expect_err "seeding from the cached template" "create second (after the full destinations)"
is_venv second

echo "done in $(elapsed)s"
finish
