#!/usr/bin/env bash
# bench/bench-startup.sh: what start-up costs, for one or more pyvenv
# binaries side by side (say, one linked against the shared libarchive and
# one built otherwise): `pyvenv --version` (loading the helper and its
# shared libraries, nothing else) and a bare `pyvenv create --without-pip`
# with a warm probe cache, against `python -m venv --without-pip` in the
# same run. A report, not a test: it fails only when it cannot measure.
#
#   bench/bench-startup.sh [--python PY] [--runs N] BIN...
set -euo pipefail
python=/root/.pyenv/versions/3.12.1/bin/python3
[ -x "$python" ] || python=$(command -v python3)
runs=30
while [ $# -gt 0 ]; do
	case $1 in
	--python) python=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	-h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--*) echo "bench-startup: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "usage: bench/bench-startup.sh [--python PY] [--runs N] BIN..." >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench-startup: hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/pyvenv-bench-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PYVENV_CACHE_DIR=$work/cache
cmds=()
for bin in "$@"; do
	[ -x "$bin" ] || { echo "bench-startup: $bin is not executable" >&2; exit 1; }
	"$bin" create -q --python "$python" --without-pip "$work/warm" # the probe, cached
	rm -rf "$work/warm"
	cmds+=("$bin --version")
done
for bin in "$@"; do
	cmds+=("$bin create -q --python $python --without-pip $work/env")
done
cmds+=("$python -m venv --without-pip $work/env")
hyperfine -N -w 3 -r "$runs" --prepare "rm -rf $work/env" --export-markdown "$work/table.md" "${cmds[@]}" >&2
echo "bench/bench-startup.sh --python $python --runs $runs $*"
echo "($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo
for bin in "$@"; do echo "- $bin: $(ldd "$bin" | wc -l) shared objects loaded"; done
echo
sed "s|$work|\$WORK|g" "$work/table.md"
