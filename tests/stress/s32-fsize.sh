# s32: a file-size limit (RLIMIT_FSIZE, `ulimit -f`): needs no privilege, so
# it also stands in for a full disk where no tmpfs can be mounted.
#
# Writing past the limit fails with EFBIG, and raises SIGXFSZ, which kills a
# process that does not ignore it. Each case runs twice: with SIGXFSZ ignored
# by the parent (inherited, as under some shells and build tools) and with
# its default action. Either way pyvenv must end with a clear error (exit 1,
# "File too large") or a correct environment, never be killed half-way:
#   - a file of the environment over the limit (--copies: the interpreter);
#   - pip writing a module over the limit;
#   - the template for the cache over the limit: the environment is complete,
#     so the run succeeds with a warning, and stores no partial entry.
# After each failure: no environment, nothing left beside it.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/stress/s3-faults.bash"

c=$PWD/c
wheels_alpha_big wheels
echo big >big.txt
PIPARGS=(--pip-arg=--no-index --pip-arg=--find-links="$PWD/wheels")
pysize=$(stat -L -c %s "$("$PY" -c 'import os, sys; print(os.path.realpath(sys.executable))')")
[ "$pysize" -gt 4096 ] || { echo "FAIL: test setup: the interpreter is $pysize bytes"; exit 1; }

# limited KB SIG CMD...: CMD with files limited to KB kilobytes and SIGXFSZ
# ignored (SIG=ignore) or default (SIG=default).
limited() {
	local kb=$1 sig=$2
	shift 2
	(
		ulimit -f "$kb" || exit 99
		if [ "$sig" = ignore ]; then trap '' XFSZ; else trap - XFSZ; fi
		exec "$@"
	)
}
# too_large WHAT: the last run failed by itself, saying why.
too_large() {
	[ "$rc" -ne 99 ] || { fail "$1: cannot set the file-size limit"; return; }
	[ "$rc" -lt 128 ] || fail "$1: killed by signal $((rc - 128)) ($(kill -l $((rc - 128)) 2>/dev/null)), not an error: $err"
	expect_rc 1 "$1"
	expect_err "File too large" "$1"
}

for sig in ignore default; do
	d=$sig
	mkdir "$d"
	w="SIGXFSZ $sig"

	# a file of the environment over the limit
	run limited $((pysize / 1024 - 1)) $sig "$PYVENV" create --python "$PY" --no-cache --copies --without-pip "$d/copies"
	too_large "$w: --copies over the limit"
	gone "$d/copies" "$w: --copies over the limit"
	# (a killed run leaves its temporary directory: the next run removes it)
	run "$PYVENV" create --python "$PY" --no-cache --copies --without-pip "$d/copies"
	expect_rc 0 "$w: --copies without the limit"
	is_venv "$d/copies"
	no_leftovers "$d"

	# pip, or the native installer, writes a module over the limit
	for installer in pip native; do
		run limited 512 $sig "$PYVENV" create --python "$PY" --no-cache --installer $installer -r big.txt \
			"${PIPARGS[@]}" "$d/$installer"
		too_large "$w: $installer over the limit"
		[ $installer = native ] || expect_err "pip install failed" "$w: pip over the limit"
		gone "$d/$installer" "$w: $installer over the limit"
	done

	# the template over the limit: a complete environment, and a warning
	run limited 512 $sig "$PYVENV" create --python "$PY" --cache-dir "$c" "$d/cached"
	[ "$rc" -lt 128 ] || fail "$w: a template over the limit: killed by signal $((rc - 128)): $err"
	expect_rc 0 "$w: a template over the limit"
	expect_err "warning: .*cache" "$w: a template over the limit"
	no_err "error:" "$w: a template over the limit"
	is_venv "$d/cached"
	[ "$(templates "$c")" = 0 ] && [ "$(sidecars "$c")" = 0 ] ||
		fail "$w: a template over the limit was stored: $(ls "$c/templates")"
	entries_ok "$c" "$w: a template over the limit"
	no_leftovers "$d"
	echo "SIGXFSZ $sig done ($(elapsed)s)"
done

# and without the limit: stored, then a hit
run "$PYVENV" create -v --python "$PY" --cache-dir "$c" stored
expect_rc 0 "without the limit"
expect_err "stored its template" "without the limit"
run "$PYVENV" create -v --python "$PY" --cache-dir "$c" hit
expect_rc 0 "a hit"
expect_err "seeding from the cached template" "a hit"
is_venv hit
env -u VIRTUAL_ENV hit/bin/pip --version >/dev/null || fail "hit: pip does not run"
entries_ok "$c" "the end"

echo "done in $(elapsed)s"
finish
