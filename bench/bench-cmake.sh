#!/usr/bin/env bash
# bench/bench-cmake.sh: what PyVenv's CMake package costs a consumer project,
# with Ninja and Unix Makefiles, measured with hyperfine:
#   - a no-op build of an up-to-date add_python_venv target, against building
#     an empty custom target in the same build tree (target: at most 1.1x),
#     and the same after touching the requirements file without changing it;
#   - a first build (configure + build the environment in a removed build
#     directory), against the hand-rolled pattern of running `python -m venv`
#     and `pip install -r` with execute_process at configure time;
#   - re-running `cmake B` in an existing build tree, for both.
#
# This is a report, not a test: it never fails because a number is bad. It
# fails only when it cannot measure (missing tool, a consumer project failing).
# See bench/README.md for how to read the output.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
invocation=bench/bench-cmake.sh
for arg in "$@"; do invocation+=" $(printf '%q' "$arg")"; done

usage() {
	cat <<EOF
usage: bench/bench-cmake.sh [OPTIONS]

Times, for the Ninja and Unix Makefiles generators, a consumer project of
find_package(PyVenv) + add_python_venv(): a no-op build of the environment
target against an empty target, the same with the requirements file touched,
a first build against a hand-rolled execute_process(python -m venv; pip
install -r) at configure time, and a reconfigure of each.

Options:
  --python PY        base interpreter of every environment (default:
                     /root/.pyenv/versions/3.12.1/bin/python3 if present,
                     else python3 on PATH)
  --pyvenv-dir DIR   a PyVenv build tree to use as PyVenv_DIR (default:
                     build-bench under the repository root, configured in
                     Release mode if needed and brought up to date with
                     cmake --build; a DIR you give is used as it is)
  --runs N           timed runs of each no-op and touched row, split between
                     3 rounds (default: 30)
  --warmup N         warm-up runs of those rows in each round (default: 3)
  --build-runs N     timed runs of each first-build and reconfigure row, which
                     take seconds each (default: 10, or --runs if smaller)
  --build-warmup N   warm-up runs of those rows (default: 1)
  --generators LIST  comma-separated CMake generators, of Ninja and Unix
                     Makefiles (default: "Ninja,Unix Makefiles")
  --workdir DIR      make the scratch directory inside DIR (default:
                     \$BENCH_DIR, else \${TMPDIR:-/tmp}); the projects, build
                     trees, wheels and caches of the run all live there
  --save NAME        also write the report to bench/results/<date>-NAME.md
  --keep             keep the scratch directory (hyperfine JSON, logs) at the end
  -h, --help         show this help

Needs: cmake, ninja and make (for their generators), hyperfine, python3.
Debian: apt-get install cmake ninja-build make hyperfine python3.
EOF
}

die() { printf 'bench-cmake: %s\n' "$*" >&2; exit 1; }
note() { printf 'bench-cmake: %s\n' "$*" >&2; }

python=
pkg_dir=
runs=30
warmup=3
build_runs=
build_warmup=1
generators="Ninja,Unix Makefiles"
workdir=${BENCH_DIR:-}
save=
keep=0
need_value() { [ "$2" -ge 2 ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
	case $1 in
	--python) need_value "$1" $#; python=$2; shift 2 ;;
	--python=*) python=${1#*=}; shift ;;
	--pyvenv-dir) need_value "$1" $#; pkg_dir=$2; shift 2 ;;
	--pyvenv-dir=*) pkg_dir=${1#*=}; shift ;;
	--runs) need_value "$1" $#; runs=$2; shift 2 ;;
	--runs=*) runs=${1#*=}; shift ;;
	--warmup) need_value "$1" $#; warmup=$2; shift 2 ;;
	--warmup=*) warmup=${1#*=}; shift ;;
	--build-runs) need_value "$1" $#; build_runs=$2; shift 2 ;;
	--build-runs=*) build_runs=${1#*=}; shift ;;
	--build-warmup) need_value "$1" $#; build_warmup=$2; shift 2 ;;
	--build-warmup=*) build_warmup=${1#*=}; shift ;;
	--generators) need_value "$1" $#; generators=$2; shift 2 ;;
	--generators=*) generators=${1#*=}; shift ;;
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
rounds=$((runs < 3 ? runs : 3)) # of the no-op rows, see below
if [ -z "$build_runs" ]; then
	build_runs=$((runs < 10 ? runs : 10))
fi
[[ $build_runs =~ ^[1-9][0-9]*$ ]] || die "--build-runs must be a positive integer, not '$build_runs'"
[[ $build_warmup =~ ^[0-9]+$ ]] || die "--build-warmup must be a non-negative integer, not '$build_warmup'"
[[ -z $save || $save =~ ^[A-Za-z0-9._-]+$ ]] || die "--save NAME: letters, digits, '.', '_' and '-' only"
IFS=, read -r -a gens <<<"$generators"
[ ${#gens[@]} -gt 0 ] || die "--generators is empty"

# --- environment -------------------------------------------------------------
# pip reads PIP_* variables (this machine sets PIP_FIND_LINKS), and pyvenv's
# stamp digests them: the run must not depend on them. PYVENV_* likewise
# (PYVENV_CACHE_DIR is set below, to a directory of the run).
while IFS= read -r var; do
	case $var in PIP_* | PYVENV_*) unset "$var" ;; esac
done < <(compgen -e)

# --- tools -------------------------------------------------------------------
command -v hyperfine >/dev/null || die "hyperfine not found (Debian: apt-get install hyperfine)"
command -v cmake >/dev/null || die "cmake not found (Debian: apt-get install cmake)"
for gen in "${gens[@]}"; do
	case $gen in
	Ninja) command -v ninja >/dev/null || die "ninja not found (Debian: apt-get install ninja-build)" ;;
	"Unix Makefiles") command -v make >/dev/null || die "make not found (Debian: apt-get install make)" ;;
	*) die "--generators: '$gen' is not supported (Ninja, Unix Makefiles)" ;;
	esac
done
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

if [ -z "$pkg_dir" ]; then
	pkg_dir=$repo_root/build-bench
	if [ ! -f "$pkg_dir/PyVenvConfig.cmake" ]; then
		note "configuring PyVenv in $pkg_dir"
		generator=()
		[ -f "$pkg_dir/CMakeCache.txt" ] || ! command -v ninja >/dev/null || generator=(-G Ninja)
		cmake -S "$repo_root" -B "$pkg_dir" "${generator[@]}" \
			-DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >&2 ||
			die "configuring PyVenv in $pkg_dir failed"
	fi
	note "bringing $pkg_dir up to date"
	cmake --build "$pkg_dir" >&2 || die "building PyVenv in $pkg_dir failed"
fi
[ -f "$pkg_dir/PyVenvConfig.cmake" ] || die "'$pkg_dir' has no PyVenvConfig.cmake: give a configured PyVenv build tree"
pkg_dir=$(cd "$pkg_dir" && pwd)
pkg_build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$pkg_dir/CMakeCache.txt" 2>/dev/null) || true
pkg_build_type=${pkg_build_type:-none}

# The commit measured, and whether the helper or the package differ from it.
commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null) || commit=unknown
dirty=$(git -C "$repo_root" status --porcelain -- lib cli include cmake 2>/dev/null | awk '{print $2}' | paste -sd, -) || dirty=
commit_note=$commit
[ -z "$dirty" ] || commit_note="$commit, with uncommitted changes to $dirty"

# Other variables that change what the builds do, shown in the report.
env_note=$(compgen -e | grep -E '^(PYTHON|CMAKE_|MAKEFLAGS$|NINJA_)' | while IFS= read -r v; do
	printf '%s=%s ' "$v" "${!v}"
done) || true
env_note=${env_note% }

cmake_version=$(cmake --version | awk 'NR == 1 {print $3}')
tool_versions="CMake $cmake_version"
command -v ninja >/dev/null && tool_versions+=", Ninja $(ninja --version)"
command -v make >/dev/null && tool_versions+=", $(make --version | head -n 1)"
tool_versions+=", $(hyperfine --version)"

# --- scratch directory -------------------------------------------------------
base=${workdir:-${TMPDIR:-/tmp}}
mkdir -p "$base" || die "cannot create '$base'"
W=$(mktemp -d "$base/pyvenv-bench-cmake.XXXXXX")
W=$(cd "$W" && pwd)
cleanup() {
	if [ "$keep" = 1 ]; then
		note "kept the scratch directory $W"
	else
		rm -rf "$W"
	fi
}
trap cleanup EXIT
mkdir -p "$W/src" "$W/b" "$W/json" "$W/log"
export PYVENV_CACHE_DIR=$W/pyvenv-cache # pyvenv's cache: probe, pip
export XDG_CACHE_HOME=$W/xdg-cache      # pip's own cache, both projects
manifest=$W/manifest.tsv
: >"$manifest"
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) || load_start="?"
fstype=$(df -PT "$W" 2>/dev/null | awk 'NR == 2 {print $2 " on " $1}') || fstype="?"

# --- the consumer projects ---------------------------------------------------
wheels=$W/wheels
packages=(bench-alpha bench-beta bench-gamma)
modules=()
for p in "${packages[@]}"; do
	"$stats_python" "$repo_root/tests/parity/wheelgen.py" "$wheels" "$p" 1.0 >/dev/null ||
		die "wheelgen.py failed for $p"
	modules+=("${p//-/_}")
done
reqs=$(printf '%s==1.0\n' "${packages[@]}")
import_check="import $(IFS=,; echo "${modules[*]}")"

S_pyvenv=$W/src/pyvenv
S_hand=$W/src/hand
mkdir -p "$S_pyvenv" "$S_hand"
printf '%s\n' "$reqs" >"$S_pyvenv/requirements.txt"
printf '%s\n' "$reqs" >"$S_hand/requirements.txt"
cat >"$S_pyvenv/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.22)
project(bench_pyvenv LANGUAGES NONE)
find_package(PyVenv REQUIRED)
message(STATUS "PyVenv helper: \${PyVenv_EXECUTABLE}")
add_python_venv(venv REQUIREMENTS requirements.txt
                PIP_ARGS --no-index --find-links=$wheels)
add_custom_target(empty)
EOF
# The usual hand-rolled way, unguarded: every configure makes the environment
# again and reinstalls (COMMAND_ERROR_IS_FATAL only so that a failure stops
# the benchmark instead of timing it).
cat >"$S_hand/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.22)
project(bench_hand LANGUAGES NONE)
execute_process(COMMAND \${Python3_EXECUTABLE} -m venv \${CMAKE_BINARY_DIR}/venv
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND \${CMAKE_BINARY_DIR}/venv/bin/python -m pip install
                        --no-index --find-links=$wheels
                        -r \${CMAKE_CURRENT_SOURCE_DIR}/requirements.txt
                COMMAND_ERROR_IS_FATAL ANY)
add_custom_target(empty)
EOF

# --- measuring ---------------------------------------------------------------
# quote WORD...: the words as one string that hyperfine -N (or sh) splits back.
quote() {
	local out='' w
	for w in "$@"; do out+=$(printf '%q ' "$w"); done
	printf '%s' "${out% }"
}

# record ID GEN LABEL SHOWN STATUS DETAIL [REMARK]: one manifest line.
record() {
	local detail=${6//$'\t'/ } remark=${7:-}
	detail=${detail//$'\n'/ \/ }
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$detail" "$remark" >>"$manifest"
}

# last_error LOG: the last three non-empty lines of a failure's output.
last_error() {
	grep -v '^[[:space:]]*$' "$1" | tail -n 3 | sed 's/^[[:space:]]*//' || true
}

# timed JSON LABEL RUNS WARMUP PREPARE COMMAND [shell]: time COMMAND (a
# string) with hyperfine, PREPARE (a string, may be empty) before every run,
# times saved to JSON: with -N (no shell), or through hyperfine's shell if the
# last argument is "shell" (for "A && B"; hyperfine subtracts the shell's
# start-up).
timed() {
	local json=$1 label=$2 n=$3 w=$4 prepare=$5 cmd=$6 mode=${7:-}
	local args=(--style basic --output null --runs "$n" --warmup "$w"
		--command-name "$label" --export-json "$json")
	[ "$mode" = shell ] || args+=(-N)
	[ -z "$prepare" ] || args+=(--prepare "$prepare")
	hyperfine "${args[@]}" "$cmd" >&2
}

# measure ID GEN LABEL SHOWN RUNS WARMUP PREPARE COMMAND [shell]: one row.
measure() {
	local id=$1 gen=$2 label=$3 shown=$4
	shift 4
	note "measuring ($gen): $label"
	if timed "$W/json/$id.json" "$label" "$@"; then
		record "$id" "$gen" "$label" "$shown" ok "$W/json/$id.json"
	else
		record "$id" "$gen" "$label" "$shown" fail "hyperfine: the command failed during the timed runs"
	fi
}

# run_once LOG CMD...: run CMD, output to LOG; die with its last lines if it fails.
run_once() {
	local log=$1
	shift
	timeout 900 "$@" >"$log" 2>&1 || die "failed: $(quote "$@"): $(last_error "$log")"
}

mtime() { stat -c %y "$1" 2>/dev/null || echo missing; }

helper_path=unknown
for gen in "${gens[@]}"; do
	slug=$(printf '%s' "$gen" | tr 'A-Z ' 'a-z-')
	Bp=$W/b/$slug-pyvenv        # configured once: no-op, touched, reconfigure
	Bp_first=$W/b/$slug-pyvenv-first
	Bh=$W/b/$slug-hand          # configured once: reconfigure
	Bh_first=$W/b/$slug-hand-first
	conf_p=(cmake -G "$gen" -DPyVenv_DIR="$pkg_dir" -DPython3_EXECUTABLE="$python")
	conf_h=(cmake -G "$gen" -DPython3_EXECUTABLE="$python")

	# Set up, check that both projects work, and warm pyvenv's cache.
	note "setting up ($gen): the PyVenv project (also warms pyvenv's cache)"
	run_once "$W/log/$slug-pyvenv-configure.log" "${conf_p[@]}" -S "$S_pyvenv" -B "$Bp"
	run_once "$W/log/$slug-pyvenv-build.log" cmake --build "$Bp" --target venv
	run_once "$W/log/$slug-pyvenv-check.log" "$Bp/venv/bin/python" -c "$import_check"
	helper_path=$(sed -n 's/^-- PyVenv helper: //p' "$W/log/$slug-pyvenv-configure.log" | head -n 1)
	note "setting up ($gen): the hand-rolled project"
	run_once "$W/log/$slug-hand-configure.log" "${conf_h[@]}" -S "$S_hand" -B "$Bh"
	run_once "$W/log/$slug-hand-build.log" cmake --build "$Bh" --target empty
	run_once "$W/log/$slug-hand-check.log" "$Bh/venv/bin/python" -c "$import_check"

	# 1. No-op: the environment is up to date, against the empty target;
	# then with the requirements file touched but unchanged, where the helper
	# runs and compares the digest only. These rows are a few tens of ms, so
	# a burst of other work on the machine would skew whichever row it hit:
	# they are timed in rounds, the three rows one after the other in each,
	# and each row's times are the union of its rounds.
	# Checks: the stamp must not change in the no-op runs (the helper does
	# not run); it must change in every touched run (the untimed --prepare
	# notes its time before touching the file); the environment must never
	# be rebuilt.
	stamp=$Bp/venv/.pyvenv-stamp
	cfg=$Bp/venv/pyvenv.cfg
	[ -f "$stamp" ] || die "no stamp file $stamp after building the PyVenv project"
	seen=$W/log/$slug-touched-stamps.txt
	: >"$seen"
	cfg_before=$(mtime "$cfg")
	json_empty='' json_venv='' json_touched='' fail_empty=0 fail_venv=0 fail_touched=0 ran=0
	for ((round = 1; round <= rounds; round++)); do
		n=$((runs / rounds + (round <= runs % rounds ? 1 : 0)))
		note "measuring ($gen): no-op rows, round $round of $rounds"
		timed "$W/json/$slug-noop-empty-$round.json" "empty target (baseline)" "$n" "$warmup" "" \
			"$(quote cmake --build "$Bp" --target empty)" || fail_empty=1
		json_empty+=${json_empty:+,}$W/json/$slug-noop-empty-$round.json
		before=$(mtime "$stamp")
		timed "$W/json/$slug-noop-venv-$round.json" "venv target, up to date" "$n" "$warmup" "" \
			"$(quote cmake --build "$Bp" --target venv)" || fail_venv=1
		json_venv+=${json_venv:+,}$W/json/$slug-noop-venv-$round.json
		[ "$(mtime "$stamp")" = "$before" ] || ran=1
		# shellcheck disable=SC2016 # $1..$3 are the inner sh's arguments
		timed "$W/json/$slug-touched-$round.json" "venv target, requirements.txt touched" "$n" "$warmup" \
			"$(quote sh -c 'stat -c %y "$1" >>"$2" && touch "$3"' sh "$stamp" "$seen" "$S_pyvenv/requirements.txt")" \
			"$(quote cmake --build "$Bp" --target venv)" || fail_touched=1
		json_touched+=${json_touched:+,}$W/json/$slug-touched-$round.json
	done
	failed="hyperfine: the command failed during the timed runs"
	if [ "$fail_empty" = 0 ]; then
		record "$slug-noop-empty" "$gen" "empty target (baseline)" "cmake --build B --target empty" ok "$json_empty"
	else
		record "$slug-noop-empty" "$gen" "empty target (baseline)" "cmake --build B --target empty" fail "$failed"
	fi
	if [ "$fail_venv" = 0 ]; then
		record "$slug-noop-venv" "$gen" "venv target, up to date" "cmake --build B --target venv" ok "$json_venv"
	else
		record "$slug-noop-venv" "$gen" "venv target, up to date" "cmake --build B --target venv" fail "$failed"
	fi
	[ "$ran" = 0 ] || record "$slug-noop-venv" "$gen" - - remark - "the helper ran during these runs: not a no-op"
	shown="touch requirements.txt; cmake --build B --target venv"
	if [ "$fail_touched" = 0 ]; then
		record "$slug-touched" "$gen" "venv target, requirements.txt touched" "$shown" ok "$json_touched"
	else
		record "$slug-touched" "$gen" "venv target, requirements.txt touched" "$shown" fail "$failed"
	fi
	mtime "$stamp" >>"$seen"
	total=$(($(wc -l <"$seen") - 1))
	changed=$(($(uniq "$seen" | wc -l) - 1))
	if [ "$(mtime "$cfg")" != "$cfg_before" ]; then
		record "$slug-touched" "$gen" - - remark - "the environment was rebuilt, not only checked"
	elif [ "$changed" -lt "$total" ]; then
		record "$slug-touched" "$gen" - - remark - "the helper ran in only $changed of the $total runs (warm-up included)"
	fi

	# 2. first build from a removed build directory.
	measure "$slug-first-pyvenv" "$gen" "first build: PyVenv" \
		"cmake -S . -B B -G G && cmake --build B --target venv" "$build_runs" "$build_warmup" \
		"$(quote rm -rf "$Bp_first")" \
		"$(quote "${conf_p[@]}" -S "$S_pyvenv" -B "$Bp_first") && $(quote cmake --build "$Bp_first" --target venv)" shell
	measure "$slug-first-hand" "$gen" "first build: hand-rolled" \
		"cmake -S . -B B -G G && cmake --build B --target empty" "$build_runs" "$build_warmup" \
		"$(quote rm -rf "$Bh_first")" \
		"$(quote "${conf_h[@]}" -S "$S_hand" -B "$Bh_first") && $(quote cmake --build "$Bh_first" --target empty)" shell

	# Re-running CMake in an existing, built tree.
	measure "$slug-reconf-pyvenv" "$gen" "reconfigure: PyVenv" \
		"cmake B" "$build_runs" "$build_warmup" "" "$(quote cmake "$Bp")"
	measure "$slug-reconf-hand" "$gen" "reconfigure: hand-rolled, unguarded" \
		"cmake B" "$build_runs" "$build_warmup" "" "$(quote cmake "$Bh")"
done

# --- report ------------------------------------------------------------------
load_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) || load_end="?"
export BENCH_INVOCATION=$invocation
export BENCH_PYVENV="commit $commit_note; PyVenv_DIR $pkg_dir (build type $pkg_build_type); helper $helper_path"
export BENCH_PYTHON="Python $python_version ($python)"
export BENCH_TOOLS=$tool_versions
export BENCH_RUNS="no-op and touched rows $runs timed runs each, in $rounds rounds (the three rows in turn, $warmup warm-up runs each per round); first-build and reconfigure rows $build_runs timed + $build_warmup warm-up runs"
export BENCH_DISK="$W ($fstype)"
BENCH_HOST="$(uname -sr), nproc $(nproc)"
export BENCH_HOST
export BENCH_LOAD="$load_start at the start, $load_end at the end"
export BENCH_PACKAGES="${packages[*]}"
export BENCH_ENV="${env_note:-none}"

report() {
	"$stats_python" - "$manifest" <<'EOF'
import json, os, statistics, sys

rows, order, remarks = {}, [], {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        rid, gen, label, shown, status, detail, remark = line.rstrip("\n").split("\t")
        if status == "remark":
            remarks.setdefault(rid, []).append(remark)
            continue
        r = {"id": rid, "gen": gen, "label": label, "shown": shown, "ok": status == "ok",
             "why": None if status == "ok" else detail}
        if r["ok"]:
            t = []
            for path in detail.split(","):  # the rounds of a row
                with open(path, encoding="utf-8") as j:
                    t += [x * 1000 for x in json.load(j)["results"][0]["times"]]
            r.update(median=statistics.median(t), mean=statistics.mean(t),
                     sd=statistics.stdev(t) if len(t) > 1 else 0.0, min=min(t), max=max(t))
        rows[rid] = r
        order.append(rid)

def ms(x):
    return "n/a" if x is None else (f"{x:.1f}" if x >= 10 else f"{x:.2f}")

def get(rid, key):
    r = rows.get(rid)
    return r[key] if r and r["ok"] else None

def ratio(a, b):
    return a / b if a is not None and b else None

def rx(x):
    return "n/a" if x is None else f"{x:.3f}×"

# Row -> (baseline row suffix, baseline name, target)
refs = {"noop-empty": ("noop-empty", "empty", None),
        "noop-venv": ("noop-empty", "empty", 1.10),
        "touched": ("noop-empty", "empty", None),
        "first-pyvenv": ("first-hand", "hand-rolled", None),
        "first-hand": ("first-hand", "hand-rolled", None),
        "reconf-pyvenv": ("reconf-hand", "hand-rolled", None),
        "reconf-hand": ("reconf-hand", "hand-rolled", None)}

env = os.environ
print("## PyVenv CMake package benchmark")
print()
print(f"- command: `{env['BENCH_INVOCATION']}`")
print(f"- pyvenv: {env['BENCH_PYVENV']}")
print(f"- interpreter: {env['BENCH_PYTHON']}")
print(f"- {env['BENCH_TOOLS']}")
print(f"- {env['BENCH_RUNS']}")
print(f"- scratch disk: {env['BENCH_DISK']}; {env['BENCH_HOST']}")
print(f"- load average (1, 5, 15 min): {env['BENCH_LOAD']} "
      "(well above 0 means other work competed with the benchmark)")
print(f"- requirements: {env['BENCH_PACKAGES']} (wheelgen.py wheels), "
      "installed with `--no-index --find-links=<wheels>`; PIP_* and PYVENV_* unset, "
      "PYVENV_CACHE_DIR and XDG_CACHE_HOME (pip's cache) in the scratch directory")
print(f"- other variables that affect the builds, as found: {env['BENCH_ENV']}")
print()
print("| generator | what | command | median ms | mean ± σ ms | min–max ms | vs | ratio (medians) | ratio (means) | target |")
print("| --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- |")
notes, verdicts = [], []
for rid in order:
    r = rows[rid]
    # slugs contain '-' ("unix-makefiles"): find the kind by its known suffix
    kind = next(k for k in refs if rid.endswith("-" + k))
    slug = rid[: -len(kind) - 1]
    ref_kind, ref_name, target = refs[kind]
    ref = f"{slug}-{ref_kind}"
    marks = []
    for remark in remarks.get(rid, []):
        notes.append(f"{r['gen']}, {r['label']}: {remark}")
        marks.append(str(len(notes)))
    label = r["label"] + (f" (note {', '.join(marks)})" if marks else "")
    if not r["ok"]:
        notes.append(f"{r['gen']}, {r['label']}: not measurable: {r['why']}")
        print(f"| {r['gen']} | {label} | `{r['shown']}` | not measurable (note {len(notes)}) | | | | | | |")
        continue
    rm = ratio(r["median"], get(ref, "median"))
    rmean = ratio(r["mean"], get(ref, "mean"))
    tgt = ""
    if target is not None:
        v = "n/a" if rm is None else ("PASS" if rm <= target else "MISS")
        tgt = f"≤ {target:.2f}×: {v}"
        verdicts.append((r["gen"], rm, rmean, target, v))
    print(f"| {r['gen']} | {label} | `{r['shown']}` | {ms(r['median'])} | "
          f"{ms(r['mean'])} ± {ms(r['sd'])} | {ms(r['min'])}–{ms(r['max'])} | {ref_name} | "
          f"{rx(rm)} | {rx(rmean)} | {tgt} |")
print()
if notes:
    for i, n in enumerate(notes, 1):
        print(f"{i}. {n}")
    print()
print("Target: a no-op build of an up-to-date environment costs at most 1.1× "
      "building an empty custom target in the same tree.")
print()
print("| generator | venv no-op / empty (medians) | (means) | target | result |")
print("| --- | ---: | ---: | ---: | --- |")
for gen, rm, rmean, target, v in verdicts:
    print(f"| {gen} | {rx(rm)} | {rx(rmean)} | ≤ {target:.2f}× | {v} |")
print()
print("The hand-rolled project runs `python -m venv` and `pip install -r` with "
      "execute_process at configure time, unguarded: every reconfigure makes the "
      "environment again and reinstalls. Its first build is configure + building "
      "an empty target; PyVenv's is configure + building the venv target.")
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
