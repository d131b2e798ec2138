#!/usr/bin/env bash
# bench/bench-native.sh: a cold create with requirements (no template
# cache), installed natively, against pip installing the same set and
# against the floor, in one run with hyperfine.
#
# For each wheelhouse size (bench/wheelhouse.py: 30 and 300 packages by
# default), with the same interpreter:
#   native locked    pyvenv create --no-cache -r locked.txt     (every name ==, no pip)
#   ..., 1 thread    the same with PYVENV_THREADS=1 (the default: 2)
#   native unpinned  pyvenv create --no-cache -r unpinned.txt   (pip resolves, pyvenv installs)
#   --installer pip  pyvenv create --no-cache --installer pip -r locked.txt
#   venv + pip       python -m venv E && E/bin/pip install -r locked.txt (what users run)
#   floor            bsdtar -xf of every wheel, one after the other, into one directory
# and the helper's peak memory for the native locked create (GNU time).
#
# A report, not a test: it fails only when it cannot measure.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
python=${PYTHON:-}
pyvenv=${PYVENV:-$repo_root/build-bench/cli/pyvenv}
runs=5
sizes="30 300"

usage() {
	cat <<EOF
usage: bench/bench-native.sh [--python PY] [--pyvenv BIN] [--runs N] [--sizes "30 300"]

Needs hyperfine, bsdtar, GNU time. The pyvenv binary defaults to
build-bench/cli/pyvenv (a Release build: cmake -S . -B build-bench -G Ninja
-DCMAKE_BUILD_TYPE=Release && cmake --build build-bench).
EOF
}

while [ $# -gt 0 ]; do
	case $1 in
	--python) python=$2; shift 2 ;;
	--pyvenv) pyvenv=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--sizes) sizes=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[ -n "$python" ] || python=$(ls -d "$(pyenv root 2>/dev/null || echo /root/.pyenv)"/versions/3.12.*/bin/python3 2>/dev/null | tail -1)
[ -n "$python" ] || python=python3
for tool in hyperfine bsdtar /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench-native: $tool is needed" >&2; exit 1; }
done
[ -x "$pyvenv" ] || { echo "bench-native: no pyvenv at $pyvenv (see --help)" >&2; exit 1; }
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
export PIP_DISABLE_PIP_VERSION_CHECK=1

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-native.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "pyvenv: $pyvenv ($("$pyvenv" --version)); python: $python ($("$python" -V 2>&1)); runs: $runs"

for n in $sizes; do
	w=$work/w$n
	"$python" "$script_dir/wheelhouse.py" "$w" "$n" >/dev/null
	bytes=$(du -sb "$w" | cut -f1)
	{ echo "--no-index"; echo "--find-links $w"; for f in "$w"/*.whl; do b=${f##*/}; echo "${b%%-1.0-*}==1.0"; done; } >"$work/locked$n.txt"
	sed 's/==1.0$//' "$work/locked$n.txt" >"$work/unpinned$n.txt"
	"$pyvenv" create -q --no-cache --python "$python" -r "$work/locked$n.txt" "$work/check$n" ||
		{ echo "bench-native: the native create fails" >&2; exit 1; }
	echo
	echo "== $n packages ($((bytes / 1024)) KiB of wheels) =="
	hyperfine -N --runs "$runs" --warmup 1 --export-json "$work/h$n.json" \
		--prepare "rm -rf $work/e $work/floor" \
		-n "native locked" "$pyvenv create -q --no-cache --python $python -r $work/locked$n.txt $work/e" \
		-n "native locked, 1 thread" "env PYVENV_THREADS=1 $pyvenv create -q --no-cache --python $python -r $work/locked$n.txt $work/e" \
		-n "native unpinned" "$pyvenv create -q --no-cache --python $python -r $work/unpinned$n.txt $work/e" \
		-n "installer pip" "$pyvenv create -q --no-cache --installer pip --python $python -r $work/locked$n.txt $work/e" \
		-n "venv + pip" "sh -c '$python -m venv $work/e && $work/e/bin/pip install -q -r $work/locked$n.txt'" \
		-n "floor (bsdtar)" "sh -c 'mkdir $work/floor && for f in $w/*.whl; do bsdtar -xf \$f -C $work/floor; done'" \
		>/dev/null
	"$python" - "$work/h$n.json" <<'EOF'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
floor = r["floor (bsdtar)"]
for name, mean in r.items():
    print("%-24s %8.1f ms  %6.2fx the floor  %6.2fx faster than venv + pip" % (
        name, mean * 1000, mean / floor, r["venv + pip"] / mean))
EOF
	rm -rf "$work/e"
	/usr/bin/time -f '%M' -o "$work/mem" "$pyvenv" create -q --no-cache --python "$python" -r "$work/locked$n.txt" "$work/e"
	echo "native locked: helper peak memory $(($(cat "$work/mem") / 1024)) MiB"
	rm -rf "$work/e" "$work/check$n"
done
