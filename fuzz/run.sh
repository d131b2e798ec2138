#!/bin/sh
# fuzz/run.sh: runs every fuzz target for a bounded time.
#
#   fuzz/run.sh [SECONDS_PER_TARGET [BUILD_DIR]]
#
# Configures BUILD_DIR (default /tmp/pyvenv-fuzz-build) with clang and
# -DPYVENV_FUZZ=ON, builds the targets, then runs them one after another,
# each for SECONDS_PER_TARGET (default 60) with -max_total_time, on a copy of
# fuzz/corpus/<target> (the tree is never written) plus
# fuzz/regressions/<target>, with fuzz/dict/<target>.dict when there is one.
# FUZZ_TARGETS="fuzz_cfg fuzz_meta" runs only those; FUZZ_RESUME=1 goes on
# from the corpus a previous run left in BUILD_DIR/corpus/<target> instead of
# starting afresh; FUZZ_ARGS adds libFuzzer options. Needs clang with
# libFuzzer, libarchive, jansson and nettle.
#
# Prints each target's executions (libFuzzer's final stats) and whether it
# crashed; a crashing input is left in BUILD_DIR/crashes/<target>/ and the
# whole log in BUILD_DIR/logs/<target>.log. A crash stops that target, not
# the others. Exits 1 when a target crashed, 2 when the build failed.
# A crash becomes a regression input: fix it, then copy the input to
# fuzz/regressions/<target>/<what-it-caught>, so CTest replays it.
set -u

seconds=${1:-60}
build=${2:-/tmp/pyvenv-fuzz-build}
src=$(cd "$(dirname "$0")/.." && pwd)
targets=${FUZZ_TARGETS:-"fuzz_cfg fuzz_meta fuzz_reqfile fuzz_rewrite fuzz_toml fuzz_unpack fuzz_zipattr"}

case $seconds in
	''|*[!0-9]*) echo "usage: $0 [SECONDS_PER_TARGET [BUILD_DIR]]" >&2; exit 2 ;;
esac

mkdir -p "$build" || exit 2
CC=${CC:-clang} cmake -S "$src" -B "$build" -G Ninja -DPYVENV_FUZZ=ON -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DPYVENV_WERROR=ON >"$build/configure.log" 2>&1 || {
	cat "$build/configure.log" >&2
	exit 2
}
# shellcheck disable=SC2086 # a list of targets
cmake --build "$build" --target $targets || exit 2

status=0
mkdir -p "$build/logs"
for target in $targets; do
	corpus=$build/corpus/$target
	crashes=$build/crashes/$target
	log=$build/logs/$target.log
	[ "${FUZZ_RESUME:-0}" = 1 ] || rm -rf "$corpus"
	rm -rf "$crashes"
	mkdir -p "$corpus" "$crashes"
	cp "$src/fuzz/corpus/$target"/* "$corpus"/
	set -- "$corpus"
	[ -d "$src/fuzz/regressions/$target" ] && set -- "$@" "$src/fuzz/regressions/$target"
	[ -f "$src/fuzz/dict/$target.dict" ] && set -- "$@" "-dict=$src/fuzz/dict/$target.dict"
	# shellcheck disable=SC2086 # options
	"$build/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=30 \
		-rss_limit_mb=2048 -use_value_profile=1 -artifact_prefix="$crashes/" ${FUZZ_ARGS:-} \
		"$@" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	found=$(ls "$crashes" 2>/dev/null | tr '\n' ' ')
	if [ $rc -eq 0 ] && [ -z "$found" ]; then
		echo "$target: ${execs:-?} executions in ${seconds}s, no crash"
	else
		status=1
		echo "$target: ${execs:-?} executions, CRASHED (exit $rc): $found"
		grep -m 3 -E 'ERROR: |fuzz check failed|runtime error' "$log" | sed 's/^/    /'
		echo "    log: $log"
	fi
done
exit $status
