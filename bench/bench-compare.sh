#!/usr/bin/env bash
# bench/bench-compare.sh: two (or more) pyvenv builds side by side, to see
# whether a change made them slower: for each, a warm `pyvenv create` with
# the generated packages of bench/wheelhouse.py (--link-mode auto and
# copy, each build with its own cache, filled first), a bare create
# --without-pip, and `pyvenv --version`, all in one hyperfine run per row
# kind, interleaved, with cp -al of the first build's cached tree and
# python -m venv --without-pip as the yardsticks; and `pyvenv unpack` of
# the first build's template against bsdtar -x of it, and `pyvenv pack`
# against tar --zstd -c of one environment. A report, not a test.
#
#   bench/bench-compare.sh [--python PY] [--packages N] [--runs N] BIN...
set -euo pipefail
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=/root/.pyenv/versions/3.12.1/bin/python3
[ -x "$python" ] || python=$(command -v python3)
packages=30
runs=10
invocation="bench/bench-compare.sh $*"
while [ $# -gt 0 ]; do
	case $1 in
	--python) python=$2; shift 2 ;;
	--packages) packages=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	-h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--*) echo "bench-compare: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "usage: bench/bench-compare.sh [--python PY] [--packages N] [--runs N] BIN..." >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench-compare: hyperfine is needed" >&2; exit 1; }
for v in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
unset PYVENV_CACHE_DIR PYVENV_PYTHON
work=$(mktemp -d "${TMPDIR:-/tmp}/pyvenv-bench-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$python" "$script_dir/wheelhouse.py" "$work/wheels" "$packages" >/dev/null
(cd "$work/wheels" && ls -- *.whl | sed 's/-1\.0-.*//; s/_/-/g; s/$/==1.0/') >"$work/req.txt"
reqs=(-r "$work/req.txt" --pip-arg=--no-index "--pip-arg=--find-links=$work/wheels")
auto=() copy=() bare=() version=() unpack=() pack=()
i=0
for bin in "$@"; do
	i=$((i + 1))
	[ -x "$bin" ] || { echo "bench-compare: $bin is not executable" >&2; exit 1; }
	# Twice: the first stores the template, the second unpacks its tree.
	"$bin" create -q --python "$python" --cache-dir "$work/c$i" "${reqs[@]}" "$work/fill$i" >/dev/null
	rm -rf "$work/fill$i"
	"$bin" create -q --python "$python" --cache-dir "$work/c$i" "${reqs[@]}" "$work/fill$i" >/dev/null
	rm -rf "$work/fill$i"
	auto+=("$bin create -q --python $python --cache-dir $work/c$i ${reqs[*]} --link-mode auto $work/env")
	copy+=("$bin create -q --python $python --cache-dir $work/c$i ${reqs[*]} --link-mode copy $work/env")
	bare+=("$bin create -q --python $python --cache-dir $work/c$i --without-pip $work/env")
	version+=("$bin --version")
done
tree=$(ls -d "$work"/c1/trees/*/ | head -n1)
archive=$(ls "$work"/c1/templates/*.tar.zst | head -n1)
"$1" create -q --python "$python" --cache-dir "$work/c1" "${reqs[@]}" --link-mode copy "$work/packme" >/dev/null
for bin in "$@"; do
	unpack+=("$bin unpack -q --python $python --no-cache $archive $work/env")
	pack+=("$bin pack -q --no-cache $work/packme $work/env.tar.zst")
done
hf() { hyperfine -N -w 2 -r "$runs" --prepare "rm -rf $work/env" --export-markdown "$work/$1.md" "${@:2}" >&2; }
hf auto "${auto[@]}" "cp -al $tree $work/env"
hf copy "${copy[@]}" "cp -a $tree $work/env"
hf bare "${bare[@]}" "$python -m venv --without-pip $work/env"
hf version "${version[@]}"
# Extraction: a template unpacked (and relocated) against bsdtar -x of it.
hf unpack "${unpack[@]}" "sh -c 'mkdir $work/env && bsdtar -xf $archive -C $work/env'"
# Packing (what storing a template costs a cold create) against tar --zstd.
hyperfine -N -w 1 -r "$runs" --prepare "rm -f $work/env.tar.zst" --export-markdown "$work/pack.md" \
	"${pack[@]}" "tar --zstd -cf $work/env.tar.zst -C $work/packme ." >&2
echo "$invocation"
echo
echo "($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the end; $packages packages of bench/wheelhouse.py)"
i=0
for bin in "$@"; do i=$((i + 1)); echo "- build $i: $bin ($("$bin" --version))"; done
for t in auto copy bare version unpack pack; do
	echo
	echo "### $t"
	echo
	sed "s|$work|\$WORK|g" "$work/$t.md"
done
