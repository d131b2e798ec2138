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
# With --real SITE, the same rows for a wheelhouse rebuilt from the real
# distributions installed in SITE (bench/realhouse.py).
#
# A report, not a test: it fails only when it cannot measure.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
python=${PYTHON:-}
pyvenv=${PYVENV:-$repo_root/build-bench/cli/pyvenv}
runs=5
sizes="30 300"
real=

usage() {
	cat <<EOF
usage: bench/bench-native.sh [--python PY] [--pyvenv BIN] [--runs N] [--sizes "30 300"] [--real SITE]

--real SITE also measures a wheelhouse rebuilt (bench/realhouse.py) from the
real distributions installed in SITE, a site-packages directory, with the
interpreter that owns it (SITE/../../../bin/python3): for example
--real \$(pyenv root)/versions/3.11.7/lib/python3.11/site-packages.

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
	--real) real=$2; shift 2 ;;
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

# bench_set NAME WHEELS PINS PY: the rows for one wheelhouse (WHEELS, a
# directory) and its pins (PINS, "name==version" lines), with interpreter PY.
bench_set() {
	local name=$1 w=$2 pins=$3 py=$4 bytes
	bytes=$(du -sb "$w" | cut -f1)
	{ echo "--no-index"; echo "--find-links $w"; cat "$pins"; } >"$work/locked-$name.txt"
	{ echo "--no-index"; echo "--find-links $w"; sed 's/==.*$//' "$pins"; } >"$work/unpinned-$name.txt"
	"$pyvenv" create -q --no-cache --python "$py" -r "$work/locked-$name.txt" "$work/check" ||
		{ echo "bench-native: the native create fails" >&2; exit 1; }
	rm -rf "$work/check"
	echo
	echo "== $name: $(wc -l <"$pins") packages ($((bytes / 1024)) KiB of wheels), $("$py" -V 2>&1) =="
	hyperfine -N --runs "$runs" --warmup 1 --export-json "$work/h-$name.json" \
		--prepare "rm -rf $work/e $work/floor" \
		-n "native locked" "$pyvenv create -q --no-cache --python $py -r $work/locked-$name.txt $work/e" \
		-n "native locked, 1 thread" "env PYVENV_THREADS=1 $pyvenv create -q --no-cache --python $py -r $work/locked-$name.txt $work/e" \
		-n "native unpinned" "$pyvenv create -q --no-cache --python $py -r $work/unpinned-$name.txt $work/e" \
		-n "installer pip" "$pyvenv create -q --no-cache --installer pip --python $py -r $work/locked-$name.txt $work/e" \
		-n "venv + pip" "sh -c '$py -m venv $work/e && $work/e/bin/pip install -q -r $work/locked-$name.txt'" \
		-n "floor (bsdtar)" "sh -c 'mkdir $work/floor && for f in $w/*.whl; do bsdtar -xf \$f -C $work/floor; done'" \
		>/dev/null
	"$py" - "$work/h-$name.json" <<'EOF'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
floor = r["floor (bsdtar)"]
for name, mean in r.items():
    print("%-24s %8.1f ms  %6.2fx the floor  %6.2fx faster than venv + pip" % (
        name, mean * 1000, mean / floor, r["venv + pip"] / mean))
EOF
	rm -rf "$work/e"
	/usr/bin/time -f '%M' -o "$work/mem" "$pyvenv" create -q --no-cache --python "$py" -r "$work/locked-$name.txt" "$work/e"
	echo "native locked: helper peak memory $(($(cat "$work/mem") / 1024)) MiB"
	rm -rf "$work/e"
}

for n in $sizes; do
	"$python" "$script_dir/wheelhouse.py" "$work/w$n" "$n" >/dev/null
	for f in "$work/w$n"/*.whl; do b=${f##*/}; echo "${b%%-1.0-*}==1.0"; done >"$work/pins$n.txt"
	bench_set "generated-$n" "$work/w$n" "$work/pins$n.txt" "$python"
done
if [ -n "$real" ]; then
	real_py=$(cd "$real/../../.." && pwd)/bin/python3
	[ -x "$real_py" ] || { echo "bench-native: no interpreter at $real_py for --real $real" >&2; exit 1; }
	"$real_py" "$script_dir/realhouse.py" "$real" "$work/real" >"$work/pins-real.txt"
	bench_set real "$work/real" "$work/pins-real.txt" "$real_py"
fi
