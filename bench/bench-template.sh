#!/usr/bin/env bash
# bench/bench-template.sh: what a warm template cache makes `pyvenv create`
# cost, for environments with 1, 30 and 300 generated packages, measured with
# hyperfine on one disk, each against what it should be compared with:
#   - create --link-mode copy  against bsdtar -xf of the cache's template
#     archive (target: at most 1.0x);
#   - create --link-mode auto  against cp -al of the cache's tree (target: at
#     most 1.2x), and against python -m venv + pip install --no-index
#     --find-links of the same wheels (target: at least 15x faster), with
#     cp -al as the floor;
#   - pack                     against tar --zstd -cf of the same environment;
#   - how each figure grows with the number of packages.
#
# This is a report, not a test: it never fails because a number is bad. It
# fails only when it cannot measure (a missing tool, pyvenv itself failing).
# See bench/README.md for how to read the output.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
invocation=bench/bench-template.sh
for arg in "$@"; do invocation+=" $(printf '%q' "$arg")"; done

usage() {
	cat <<EOF
usage: bench/bench-template.sh [OPTIONS]

Generates a deterministic wheelhouse and, for each number of packages, times
a warm \`pyvenv create\` (the cache already holds the environment's template)
with --link-mode copy against bsdtar -xf of the cached template archive, and
with --link-mode auto against cp -al of the cached tree and against
python -m venv + pip install --no-index --find-links of the same wheels;
then \`pyvenv pack\` against tar --zstd -cf of the same environment.

Options:
  --python PY      base interpreter (default: /root/.pyenv/versions/3.12.1/bin/python3
                   if present, else python3 on PATH)
  --pyvenv BIN     pyvenv binary, used as it is (default: build-bench/cli/pyvenv
                   under the repository root, configured in Release mode if
                   needed and brought up to date with cmake --build)
  --packages LIST  numbers of packages, separated by blanks or commas
                   (default: "1 30 300"); each package is ~166 files
  --runs N         timed runs per command (default: 10)
  --warmup N       untimed warm-up runs per command (default: 2)
  --rounds N       interleave the rows compared with each other: split the
                   runs between N rounds, each running every row in turn
                   (default: --runs, i.e. one run of each row per round)
  --pip-runs N     timed runs of the python -m venv + pip baseline at 100
                   packages or more, where a run takes about a minute
                   (default: 3, or --runs if smaller; no warm-up runs there
                   beyond the untimed check run)
  --workdir DIR    make the scratch directory inside DIR (default: \$BENCH_DIR,
                   else \${TMPDIR:-/tmp}); wheels, caches, environments and
                   archives all live there, so all on the same disk
  --save NAME      also write the report to bench/results/<date>-NAME.md
  --keep           keep the scratch directory (hyperfine JSON, logs) at the end
  -h, --help       show this help

Needs: hyperfine, bsdtar, GNU tar with --zstd and zstd, python3 (stdlib only).
Debian: apt-get install hyperfine libarchive-tools tar zstd python3.
EOF
}

die() { printf 'bench-template: %s\n' "$*" >&2; exit 1; }
note() { printf 'bench-template: %s\n' "$*" >&2; }

python=
pyvenv=
packages_opt="1 30 300"
runs=10
warmup=2
rounds=
pip_runs=3
workdir=${BENCH_DIR:-}
save=
keep=0
need_value() { [ "$2" -ge 2 ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
	case $1 in
	--python) need_value "$1" $#; python=$2; shift 2 ;;
	--python=*) python=${1#*=}; shift ;;
	--pyvenv) need_value "$1" $#; pyvenv=$2; shift 2 ;;
	--pyvenv=*) pyvenv=${1#*=}; shift ;;
	--packages) need_value "$1" $#; packages_opt=$2; shift 2 ;;
	--packages=*) packages_opt=${1#*=}; shift ;;
	--runs) need_value "$1" $#; runs=$2; shift 2 ;;
	--runs=*) runs=${1#*=}; shift ;;
	--warmup) need_value "$1" $#; warmup=$2; shift 2 ;;
	--warmup=*) warmup=${1#*=}; shift ;;
	--rounds) need_value "$1" $#; rounds=$2; shift 2 ;;
	--rounds=*) rounds=${1#*=}; shift ;;
	--pip-runs) need_value "$1" $#; pip_runs=$2; shift 2 ;;
	--pip-runs=*) pip_runs=${1#*=}; shift ;;
	--workdir) need_value "$1" $#; workdir=$2; shift 2 ;;
	--workdir=*) workdir=${1#*=}; shift ;;
	--save) need_value "$1" $#; save=$2; shift 2 ;;
	--save=*) save=${1#*=}; shift ;;
	--keep) keep=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$runs'"
[[ $warmup =~ ^[0-9]+$ ]] || die "--warmup must be a non-negative integer, not '$warmup'"
rounds=${rounds:-$runs}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer, not '$rounds'"
[ "$rounds" -le "$runs" ] || rounds=$runs
[[ $pip_runs =~ ^[1-9][0-9]*$ ]] || die "--pip-runs must be a positive integer, not '$pip_runs'"
[ "$pip_runs" -le "$runs" ] || pip_runs=$runs
[[ -z $save || $save =~ ^[A-Za-z0-9._-]+$ ]] || die "--save NAME: letters, digits, '.', '_' and '-' only"
read -r -a sizes <<<"${packages_opt//,/ }"
[ ${#sizes[@]} -gt 0 ] || die "--packages is empty"
for n in "${sizes[@]}"; do
	[[ $n =~ ^[1-9][0-9]*$ && $n -le 999 ]] || die "--packages: '$n' is not a number of packages from 1 to 999"
done
mapfile -t sizes < <(printf '%s\n' "${sizes[@]}" | sort -nu)
max_size=${sizes[${#sizes[@]} - 1]}

# --- environment -------------------------------------------------------------
# pip reads PIP_* variables (this machine sets PIP_FIND_LINKS), and pyvenv's
# cache key digests them: the run must not depend on them. PYVENV_* likewise.
while IFS= read -r var; do
	case $var in PIP_* | PYVENV_*) unset "$var" ;; esac
done < <(compgen -e)

# --- tools -------------------------------------------------------------------
command -v hyperfine >/dev/null || die "hyperfine not found (Debian: apt-get install hyperfine)"
command -v bsdtar >/dev/null || die "bsdtar not found (Debian: apt-get install libarchive-tools)"
command -v zstd >/dev/null || die "zstd not found (Debian: apt-get install zstd)"
tar --zstd --version >/dev/null 2>&1 || die "this tar has no --zstd (GNU tar 1.31 or later)"
stats_python=$(command -v python3 || true)

if [ -z "$python" ]; then
	if [ -x /root/.pyenv/versions/3.12.1/bin/python3 ]; then
		python=/root/.pyenv/versions/3.12.1/bin/python3
	else
		python=$(command -v python3) || die "no python3 on PATH; give --python"
	fi
fi
if [[ $python != */* ]]; then
	python=$(command -v "$python") || die "interpreter '$python' not found on PATH"
fi
[ -x "$python" ] || die "interpreter '$python' is not executable"
python_version=$("$python" -c 'import platform; print(platform.python_version())') ||
	die "cannot run '$python'"
[ -n "$stats_python" ] || stats_python=$python

if [ -z "$pyvenv" ]; then
	build=$repo_root/build-bench
	if [ ! -f "$build/CMakeCache.txt" ]; then
		note "configuring pyvenv in $build (Release)"
		generator=()
		command -v ninja >/dev/null && generator=(-G Ninja)
		cmake -S "$repo_root" -B "$build" "${generator[@]}" \
			-DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >&2 ||
			die "configuring pyvenv in $build failed"
	fi
	note "bringing $build up to date"
	cmake --build "$build" >&2 || die "building pyvenv in $build failed"
	pyvenv=$build/cli/pyvenv
fi
[ -x "$pyvenv" ] || die "pyvenv binary '$pyvenv' is not executable"
pyvenv=$(cd "$(dirname "$pyvenv")" && pwd)/$(basename "$pyvenv")
pyvenv_version=$("$pyvenv" --version) || die "'$pyvenv --version' failed"
build_type=
if [ -f "$(dirname "$(dirname "$pyvenv")")/CMakeCache.txt" ]; then
	build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(dirname "$(dirname "$pyvenv")")/CMakeCache.txt") || true
	build_type=" (build type ${build_type:-none})"
fi

# The commit measured, and whether the helper differs from it.
commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null) || commit=unknown
dirty=$(git -C "$repo_root" status --porcelain -- lib cli include 2>/dev/null | awk '{print $2}' | paste -sd, -) || dirty=
commit_note=$commit
[ -z "$dirty" ] || commit_note="$commit, with uncommitted changes to $dirty"

# Other variables that change what pip and Python do, shown in the report.
env_note=$(compgen -e | grep -E '^PYTHON' | while IFS= read -r v; do
	printf '%s=%s ' "$v" "${!v}"
done) || true
env_note=${env_note% }

tool_versions="$(hyperfine --version), $(bsdtar --version | awk '{print $1, $2, "(" $4, $5 ")"}')"
tool_versions+=", $(tar --version | head -n 1), $(zstd -V | sed 's/^\** *//; s/,.*//; s/ \**$//')"

# --- scratch directory -------------------------------------------------------
base=${workdir:-${TMPDIR:-/tmp}}
mkdir -p "$base" || die "cannot create '$base'"
W=$(mktemp -d "$base/pyvenv-bench-template.XXXXXX")
W=$(cd "$W" && pwd)
cleanup() {
	if [ "$keep" = 1 ]; then
		note "kept the scratch directory $W"
	else
		note "removing the scratch directory"
		rm -rf "$W"
	fi
}
trap cleanup EXIT
mkdir -p "$W/wheels" "$W/src" "$W/run" "$W/json" "$W/log"
export XDG_CACHE_HOME=$W/xdg-cache # pip's own cache, for the pip baseline
manifest=$W/manifest.tsv # one line per timed row
sizes_tsv=$W/sizes.tsv    # one line per number of packages
remarks=$W/remarks.tsv    # size, row id, remark
: >"$manifest"
: >"$sizes_tsv"
: >"$remarks"
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) || load_start="?"
fstype=$(df -PT "$W" 2>/dev/null | awk 'NR == 2 {print $2 " on " $1}') || fstype="?"

# --- the wheelhouse ----------------------------------------------------------
# benchpkg-000 ... benchpkg-<max-1>: bench/wheelhouse.py (the same bytes on
# every run and every machine).
note "generating $max_size wheels"
"$stats_python" "$script_dir/wheelhouse.py" "$W/wheels/all" "$max_size" >"$W/log/wheelgen.log" 2>&1 ||
	die "generating the wheels failed: $(tail -n 3 "$W/log/wheelgen.log")"
wheelhouse_digest=$(cd "$W/wheels/all" && sha256sum -- *.whl | sha256sum | cut -c1-16)

# --- measuring ---------------------------------------------------------------
# quote WORD...: the words as one string that hyperfine -N (or sh) splits back.
quote() {
	local out='' w
	for w in "$@"; do out+=$(printf '%q ' "$w"); done
	printf '%s' "${out% }"
}

last_error() {
	grep -v '^[[:space:]]*$' "$1" | tail -n 3 | sed 's/^[[:space:]]*//' || true
}

# run_once LOG CMD...: run CMD, output to LOG; die with its last lines if it fails.
run_once() {
	local log=$1
	shift
	timeout 1800 "$@" >"$log" 2>&1 || die "failed: $(quote "$@"): $(last_error "$log")"
}

# record SIZE ID LABEL SHOWN RUNS STATUS DETAIL: one manifest line.
record() {
	local detail=${7//$'\t'/ }
	detail=${detail//$'\n'/ \/ }
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$detail" >>"$manifest"
}

remark() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$remarks"; }

# group SIZE RUNS WARMUP ROUNDS [ID LABEL SHOWN PREPARE COMMAND MODE]...: time
# the rows of one comparison with hyperfine, COMMAND and PREPARE (strings,
# PREPARE run before every run) with -N unless MODE is "shell". The rows are
# interleaved: RUNS is split between ROUNDS, and each round runs every row in
# turn (the warm-up runs in the first round only), so that the rows compared
# see the disk in the same state (see "the disk" in bench/README.md).
group() {
	local size=$1 n=$2 w=$3 rounds=$4
	shift 4
	local ids=() labels=() showns=() preps=() cmds=() modes=() jsons=() fails=() i round k
	while [ $# -gt 0 ]; do
		ids+=("$1") labels+=("$2") showns+=("$3") preps+=("$4") cmds+=("$5") modes+=("$6")
		jsons+=("") fails+=(0)
		shift 6
	done
	[ "$rounds" -le "$n" ] || rounds=$n
	for ((round = 1; round <= rounds; round++)); do
		k=$((n / rounds + (round <= n % rounds ? 1 : 0)))
		for i in "${!ids[@]}"; do
			local json=$W/json/$size-${ids[i]}-$round.json
			local args=(--style basic --output null --runs "$k" --warmup "$((round == 1 ? w : 0))"
				--command-name "${labels[i]}" --export-json "$json" --prepare "${preps[i]}")
			[ "${modes[i]}" = shell ] || args+=(-N)
			note "measuring ($size packages, round $round of $rounds): ${labels[i]}"
			hyperfine "${args[@]}" "${cmds[i]}" >&2 || fails[i]=1
			jsons[i]+=${jsons[i]:+,}$json
		done
	done
	for i in "${!ids[@]}"; do
		if [ "${fails[i]}" = 0 ]; then
			record "$size" "${ids[i]}" "${labels[i]}" "${showns[i]}" "$n + $w" ok "${jsons[i]}"
		else
			record "$size" "${ids[i]}" "${labels[i]}" "${showns[i]}" "$n + $w" fail \
				"hyperfine: the command failed during the timed runs"
		fi
	done
}

ms_now() { date +%s%N | cut -c1-13; }
# shellcheck disable=SC2016 # $1 is the inner sh's argument
fresh_dir='rm -rf "$1" && mkdir "$1"'

for n in "${sizes[@]}"; do
	wh=$W/wheels/$n     # the first n wheels of the pool
	req=$W/src/requirements-$n.txt
	cache=$W/cache-$n   # one cache per size: exactly one template in it
	R=$W/run/$n
	mkdir -p "$wh" "$R"
	: >"$req"
	for ((i = 0; i < n; i++)); do
		name=$(printf 'benchpkg_%03d-1.0-py3-none-any.whl' "$i")
		ln "$W/wheels/all/$name" "$wh/$name"
		printf 'benchpkg-%03d==1.0\n' "$i" >>"$req"
	done
	pv=("$pyvenv" create -q --python "$python" --cache-dir "$cache" -r "$req"
		--pip-arg --no-index --pip-arg "--find-links=$wh")

	# Cold: builds the environment (runs pip) and fills the cache. Once,
	# untimed by hyperfine: informational.
	note "setting up ($n packages): the first create, which fills the cache"
	t0=$(ms_now)
	run_once "$W/log/$n-cold.log" "${pv[@]}" "$W/src/env-$n"
	cold_ms=$(($(ms_now) - t0))
	# The environment works: a module imports, a console script runs.
	run_once "$W/log/$n-check.log" "$W/src/env-$n/bin/python" -c 'import benchpkg_000.sub7.m17'
	run_once "$W/log/$n-check-script.log" "$W/src/env-$n/bin/benchpkg-000"
	# The second create is the first warm one: it unpacks the template into
	# the cache's tree, which the link modes use. Its environment, with files
	# of its own, is the source of pack and tar below.
	run_once "$W/log/$n-src-copy.log" "${pv[@]}" --link-mode copy "$W/src/copy-$n"
	shopt -s nullglob
	tpls=("$cache"/templates/*.tar.zst)
	trees=("$cache"/trees/*/)
	shopt -u nullglob
	if [ ${#tpls[@]} != 1 ] || [ ${#trees[@]} != 1 ]; then
		die "after two creates, the cache $cache holds ${#tpls[@]} template archives and ${#trees[@]} trees, not one of each"
	fi
	tpl=${tpls[0]}
	tree=${trees[0]%/}
	tpl_mtime=$(stat -c %Y.%y "$tpl")

	# 1. link-mode copy against bsdtar -xf of the template archive; cp -a of
	# the tree for scale. 2. link-mode auto against cp -al of the tree.
	group "$n" "$runs" "$warmup" "$rounds" \
		create-copy "pyvenv create --link-mode copy" "pyvenv create --link-mode copy DEST" \
		"$(quote rm -rf "$R/create-copy")" "$(quote "${pv[@]}" --link-mode copy "$R/create-copy")" "" \
		bsdtar "bsdtar -xf (template archive)" "bsdtar -xf <cache>/templates/<key>.tar.zst -C DEST" \
		"$(quote sh -c "$fresh_dir" sh "$R/bsdtar")" "$(quote bsdtar -xf "$tpl" -C "$R/bsdtar")" "" \
		cp-a "cp -a (cache tree)" "cp -a <cache>/trees/<key> DEST" \
		"$(quote rm -rf "$R/cp-a")" "$(quote cp -a "$tree" "$R/cp-a")" ""
	group "$n" "$runs" "$warmup" "$rounds" \
		create-auto "pyvenv create --link-mode auto" "pyvenv create --link-mode auto DEST" \
		"$(quote rm -rf "$R/create-auto")" "$(quote "${pv[@]}" --link-mode auto "$R/create-auto")" "" \
		cp-al "cp -al (cache tree)" "cp -al <cache>/trees/<key> DEST" \
		"$(quote rm -rf "$R/cp-al")" "$(quote cp -al "$tree" "$R/cp-al")" ""
	# What auto came to here: the last timed run's environment is still there.
	probe_rel=lib/python${python_version%.*}/site-packages/benchpkg_000/sub0/m00.py
	if [ "$(stat -c %d:%i "$R/create-auto/$probe_rel" 2>/dev/null)" = "$(stat -c %d:%i "$tree/$probe_rel")" ]; then
		auto_mode=hardlink
	else
		auto_mode="clone or copy"
	fi

	# 3. python -m venv + pip install of the same wheels, from nothing.
	if [ "$n" -ge 100 ]; then
		p_runs=$pip_runs p_warmup=0
	else
		p_runs=$runs p_warmup=$warmup
	fi
	venv_pip="$(quote "$python" -m venv "$R/venv-pip") && $(quote "$R/venv-pip/bin/python" -m pip install -q \
		--disable-pip-version-check --no-index "--find-links=$wh" -r "$req")"
	note "setting up ($n packages): checking python -m venv + pip install"
	run_once "$W/log/$n-venv-pip.log" sh -c "rm -rf $(quote "$R/venv-pip") && $venv_pip"
	group "$n" "$p_runs" "$p_warmup" 1 \
		venv-pip "python -m venv + pip install" \
		"python -m venv DEST && DEST/bin/python -m pip install --no-index --find-links=WHEELS -r REQS" \
		"$(quote rm -rf "$R/venv-pip")" "$venv_pip" shell
	rm -rf "$R/venv-pip"

	# 4. pack against tar --zstd -cf of the same environment.
	group "$n" "$runs" "$warmup" "$rounds" \
		pack "pyvenv pack" "pyvenv pack ENV OUT.tar.zst" \
		"$(quote rm -f "$R/pack.tar.zst")" \
		"$(quote "$pyvenv" pack -q --python "$python" --cache-dir "$cache" "$W/src/copy-$n" "$R/pack.tar.zst")" "" \
		tar-zstd "tar --zstd -cf" "tar --zstd -cf OUT.tar.zst -C ENV ." \
		"$(quote rm -f "$R/tar.tar.zst")" "$(quote tar --zstd -cf "$R/tar.tar.zst" -C "$W/src/copy-$n" .)" ""
	pack_bytes=$(stat -c %s "$R/pack.tar.zst" 2>/dev/null) || pack_bytes=
	tar_bytes=$(stat -c %s "$R/tar.tar.zst" 2>/dev/null) || tar_bytes=
	pack_threads=$("$pyvenv" pack -v --python "$python" --cache-dir "$cache" "$W/src/copy-$n" "$R/pack-v.tar.zst" 2>&1 |
		grep -c 'in one thread') || true
	[ "$pack_threads" = 0 ] && pack_threads="all CPUs" || pack_threads="one thread"

	# Warm means warm: the timed creates must have reused the one template.
	shopt -s nullglob
	tpls=("$cache"/templates/*.tar.zst)
	shopt -u nullglob
	if [ ${#tpls[@]} != 1 ] || [ "$(stat -c %Y.%y "$tpl" 2>/dev/null)" != "$tpl_mtime" ]; then
		remark "$n" create-auto "the cache's template changed during the timed runs: not all of them were warm"
	fi

	# Sizes, for reading the times.
	wh_files=$("$stats_python" -c 'import glob, sys, zipfile
print(sum(len(zipfile.ZipFile(p).namelist()) for p in glob.glob(sys.argv[1] + "/*.whl")))' "$wh")
	wh_bytes=$(du -sb "$wh" | cut -f1)
	entries=$(find "$tree" -mindepth 1 | wc -l)
	regular=$(find "$tree" -type f | wc -l)
	tree_bytes=$(du -sB1 "$tree" | cut -f1)
	tpl_bytes=$(stat -c %s "$tpl")
	scripts=$(find "$tree/bin" -name 'benchpkg-*' | wc -l)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$wh_files" "$wh_bytes" "$entries" \
		"$regular" "$tree_bytes" "$tpl_bytes" "$cold_ms" "$auto_mode" "${pack_bytes:-}" "${tar_bytes:-}" \
		"$pack_threads" "$scripts" >>"$sizes_tsv"

	# Free the disk before the next size.
	rm -rf "$R" "$W/src/env-$n" "$W/src/copy-$n"
done

# --- report ------------------------------------------------------------------
load_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) || load_end="?"
export BENCH_INVOCATION=$invocation
export BENCH_PYVENV="$pyvenv_version, commit $commit_note; $pyvenv$build_type"
export BENCH_PYTHON="Python $python_version ($python)"
export BENCH_TOOLS=$tool_versions
export BENCH_RUNS="$runs timed + $warmup warm-up runs per command, the rows compared interleaved in $rounds rounds (python -m venv + pip: alone, and at 100 packages or more $pip_runs + 0 runs)"
export BENCH_DISK="$W ($fstype)"
BENCH_HOST="$(uname -sr), nproc $(nproc), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2 / 1048576}' /proc/meminfo)"
export BENCH_HOST
export BENCH_LOAD="$load_start at the start, $load_end at the end"
export BENCH_WHEELHOUSE=$wheelhouse_digest
export BENCH_ENV="${env_note:-none}"

report() {
	"$stats_python" - "$manifest" "$sizes_tsv" "$remarks" <<'EOF'
import json, os, statistics, sys

rows, order = {}, []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        size, rid, label, shown, nruns, status, detail = line.rstrip("\n").split("\t")
        r = {"size": int(size), "id": rid, "label": label, "shown": shown, "runs": nruns,
             "ok": status == "ok", "why": None if status == "ok" else detail}
        if r["ok"]:
            t = []
            for path in detail.split(","):  # the rounds of a row
                with open(path, encoding="utf-8") as j:
                    t += [x * 1000 for x in json.load(j)["results"][0]["times"]]
            r.update(median=statistics.median(t), mean=statistics.mean(t),
                     sd=statistics.stdev(t) if len(t) > 1 else 0.0, min=min(t), max=max(t))
        rows[(r["size"], rid)] = r
        order.append((r["size"], rid))
sizes = {}
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        v = line.rstrip("\n").split("\t")
        sizes[int(v[0])] = dict(zip(
            ("wh_files", "wh_bytes", "entries", "regular", "tree_bytes", "tpl_bytes", "cold_ms",
             "auto_mode", "pack_bytes", "tar_bytes", "pack_threads", "scripts"), v[1:]))
remarks = {}
with open(sys.argv[3], encoding="utf-8") as f:
    for line in f:
        size, rid, text = line.rstrip("\n").split("\t")
        remarks.setdefault((int(size), rid), []).append(text)
ns = sorted(sizes)


def med(n, rid):
    r = rows.get((n, rid))
    return r["median"] if r and r["ok"] else None


def ms(x):
    if x is None:
        return "n/a"
    return f"{x:.0f}" if x >= 1000 else (f"{x:.1f}" if x >= 10 else f"{x:.2f}")


def ratio(a, b):
    return a / b if a is not None and b else None


def rx(x, digits=2):
    return "n/a" if x is None else f"{x:.{digits}f}×"


def mb(b):
    return f"{int(b) / 1e6:.1f} MB" if b else "n/a"


env = os.environ
print("## pyvenv template cache benchmark")
print()
print(f"- command: `{env['BENCH_INVOCATION']}`")
print(f"- pyvenv: {env['BENCH_PYVENV']}")
print(f"- interpreter: {env['BENCH_PYTHON']}")
print(f"- {env['BENCH_TOOLS']}")
print(f"- {env['BENCH_RUNS']}; every timed run writes to a destination removed just "
      "before it (hyperfine --prepare, untimed)")
print(f"- scratch disk: {env['BENCH_DISK']}; {env['BENCH_HOST']}")
print(f"- load average (1, 5, 15 min): {env['BENCH_LOAD']} "
      "(well above 0 means other work competed with the benchmark)")
print(f"- wheelhouse: generated benchpkg-NNN 1.0 wheels (sha256 of the set {env['BENCH_WHEELHOUSE']}), "
      "installed with `-r requirements.txt --pip-arg --no-index --pip-arg --find-links=WHEELS`; "
      "PIP_* and PYVENV_* unset, one pyvenv cache per size, filled by one create before the timings")
print(f"- other variables that affect Python and pip, as found: {env['BENCH_ENV']}")
print()

print("| packages | wheel files | wheels | env entries (regular files) | env on disk | template archive | console scripts | first create (cold, 1 run) | auto came to |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for n in ns:
    s = sizes[n]
    print(f"| {n} | {s['wh_files']} | {mb(s['wh_bytes'])} | {s['entries']} ({s['regular']}) | "
          f"{mb(s['tree_bytes'])} | {mb(s['tpl_bytes'])} | {s['scripts']} | "
          f"{int(s['cold_ms']) / 1000:.2f} s | {s['auto_mode']} |")
print()

print("### Every row")
print()
print("| packages | what | command | runs (+ warm-up) | median ms | mean ± σ ms | min–max ms |")
print("| ---: | --- | --- | ---: | ---: | ---: | ---: |")
notes = []
for key in order:
    r = rows[key]
    label = r["label"]
    for text in remarks.get(key, []):
        notes.append(f"{r['size']} packages, {r['label']}: {text}")
        label += f" (note {len(notes)})"
    if not r["ok"]:
        notes.append(f"{r['size']} packages, {r['label']}: not measurable: {r['why']}")
        print(f"| {r['size']} | {label} | `{r['shown']}` | {r['runs']} | not measurable (note {len(notes)}) | | |")
        continue
    print(f"| {r['size']} | {label} | `{r['shown']}` | {r['runs']} | {ms(r['median'])} | "
          f"{ms(r['mean'])} ± {ms(r['sd'])} | {ms(r['min'])}–{ms(r['max'])} |")
print()
if notes:
    for i, text in enumerate(notes, 1):
        print(f"{i}. {text}")
    print()

print("### Against the baselines (medians)")
print()
print("| packages | comparison A / B | A ms | B ms | A / B | target | result |")
print("| ---: | --- | ---: | ---: | ---: | --- | --- |")


def verdict(x, ok):
    return "n/a" if x is None else ("PASS" if ok(x) else "MISS")


for n in ns:
    c_copy, c_auto = med(n, "create-copy"), med(n, "create-auto")
    x = ratio(c_copy, med(n, "bsdtar"))
    print(f"| {n} | create --link-mode copy / bsdtar -xf template | {ms(c_copy)} | {ms(med(n, 'bsdtar'))} | "
          f"{rx(x)} | ≤ 1.00× | {verdict(x, lambda v: v <= 1.0)} |")
    x = ratio(c_copy, med(n, "cp-a"))
    print(f"| {n} | create --link-mode copy / cp -a tree | {ms(c_copy)} | {ms(med(n, 'cp-a'))} | {rx(x)} | | |")
    x = ratio(c_auto, med(n, "cp-al"))
    print(f"| {n} | create --link-mode auto / cp -al tree | {ms(c_auto)} | {ms(med(n, 'cp-al'))} | "
          f"{rx(x)} | ≤ 1.20× | {verdict(x, lambda v: v <= 1.2)} |")
    pip = med(n, "venv-pip")
    x = ratio(pip, c_auto)
    floor = ratio(pip, med(n, "cp-al"))
    pip_runs = rows[(n, "venv-pip")]["runs"].split(" + ")[0] if (n, "venv-pip") in rows else "?"
    print(f"| {n} | speed-up: (venv + pip, {pip_runs} timed runs) / create --link-mode auto | {ms(pip)} | {ms(c_auto)} | "
          f"{rx(x, 1)} faster | ≥ 15× faster | {verdict(x, lambda v: v >= 15)} |")
    print(f"| {n} | floor: (venv + pip) / cp -al tree | {ms(pip)} | {ms(med(n, 'cp-al'))} | "
          f"{rx(floor, 1)} faster | (the most any create could reach) | |")
    s = sizes[n]
    x = ratio(med(n, "pack"), med(n, "tar-zstd"))
    sz = f"archives {mb(s['pack_bytes'])} / {mb(s['tar_bytes'])}; pack compresses in {s['pack_threads']}"
    print(f"| {n} | pack / tar --zstd -cf ({sz}) | {ms(med(n, 'pack'))} | {ms(med(n, 'tar-zstd'))} | {rx(x)} | | |")
print()

if len(ns) > 1:
    print("### Growth with the number of packages (medians, ms)")
    print()
    head = " | ".join(f"{n} pkg" for n in ns)
    steps = [(a, b) for a, b in zip(ns, ns[1:])]
    step_head = " | ".join(f"×, {a}→{b}" for a, b in steps)
    cost_head = " | ".join(f"µs/entry, {a}→{b}" for a, b in steps)
    print(f"| what | {head} | {step_head} | {cost_head} |")
    print("| --- |" + " ---: |" * (len(ns) + 2 * len(steps)))
    seen = []
    for _, rid in order:
        if rid not in seen:
            seen.append(rid)
    for rid in seen:
        label = next(rows[k]["label"] for k in order if k[1] == rid)
        vals = [med(n, rid) for n in ns]
        grow = [rx(ratio(med(b, rid), med(a, rid)), 1) for a, b in steps]
        cost = []
        for a, b in steps:
            ta, tb = med(a, rid), med(b, rid)
            de = int(sizes[b]["entries"]) - int(sizes[a]["entries"])
            cost.append("n/a" if ta is None or tb is None or de <= 0 else f"{(tb - ta) * 1000 / de:.1f}")
        print(f"| {label} | " + " | ".join(ms(v) for v in vals) + " | " + " | ".join(grow) +
              " | " + " | ".join(cost) + " |")
    print()
    print("µs/entry: the extra time per extra entry (file, directory or link) of the "
          "environment between two sizes: the marginal cost of one file, without the fixed costs.")
    print()

print("Targets: create --link-mode copy ≤ 1.0× bsdtar -xf of the cached template archive; "
      "create --link-mode auto ≤ 1.2× cp -al of the cached tree; create --link-mode auto "
      "≥ 15× faster than python -m venv + pip install --no-index --find-links of the same wheels. "
      "The cp -al row is the floor on this disk: no create that writes the same entries "
      "can be much faster.")
EOF
}

if [ -n "$save" ]; then
	out=$repo_root/bench/results/$(date +%F)-$save.md
	mkdir -p "$(dirname "$out")"
	report | tee "$out"
	note "saved the report to ${out#"$repo_root"/}"
else
	report
fi
