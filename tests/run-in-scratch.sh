#!/bin/sh
# run-in-scratch.sh DIR COMMAND...: runs COMMAND in a fresh, empty DIR (each
# test its own), and removes DIR when the command passed or was skipped, so a
# failure leaves its files behind to look at.
set -u
dir=$1
shift
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
"$@"
rc=$?
if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
	cd / && rm -rf "$dir"
fi
exit "$rc"
