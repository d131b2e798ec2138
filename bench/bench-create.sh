#!/usr/bin/env bash
# bench/bench-create.sh: how long `pyvenv create` takes to make a new virtual
# environment, against `python -m venv` and `virtualenv` with the same
# interpreter, plus raw file-copy baselines (cp -a, tar -xf) for scale, all in
# one run on one disk, measured with hyperfine. Also the helper's peak memory.
#
# This is a report, not a test: it never fails because a number is bad. It
# fails only when it cannot measure (missing tool, pyvenv itself failing).
# See bench/README.md for how to read the output.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)

usage() {
	cat <<EOF
usage: bench/bench-create.sh [OPTIONS]

Times creating a new environment with pyvenv, python -m venv and virtualenv
(without pip, then with pip), and cp -a / tar -xf of finished environments.

Options:
  --python PY      base interpreter (default: /root/.pyenv/versions/3.12.1/bin/python3
                   if present, else python3 on PATH)
  --pyvenv BIN     pyvenv binary (default: build-bench/cli/pyvenv under the
                   repository root, built with CMake if missing)
  --runs N         timed runs per command (default: 10)
  --warmup N       untimed warm-up runs per command (default: 2)
  --workdir DIR    make the scratch directory inside DIR (default: \$BENCH_DIR,
                   else \${TMPDIR:-/tmp}); every environment, baseline and cache
                   of the run lives there, so all on the same disk
  --keep           keep the scratch directory (hyperfine JSON, logs) at the end
  -h, --help       show this help

Needs: hyperfine, GNU time (/usr/bin/time), python3; virtualenv is optional
(its rows read "not measurable" without it). Debian: apt-get install hyperfine
time virtualenv.
EOF
}

die() { printf 'bench-create: %s\n' "$*" >&2; exit 1; }
note() { printf 'bench-create: %s\n' "$*" >&2; }

python=
pyvenv=
runs=10
warmup=2
workdir=${BENCH_DIR:-}
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--python) [ $# -ge 2 ] || die "--python needs a value"; python=$2; shift 2 ;;
	--python=*) python=${1#*=}; shift ;;
	--pyvenv) [ $# -ge 2 ] || die "--pyvenv needs a value"; pyvenv=$2; shift 2 ;;
	--pyvenv=*) pyvenv=${1#*=}; shift ;;
	--runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; shift 2 ;;
	--runs=*) runs=${1#*=}; shift ;;
	--warmup) [ $# -ge 2 ] || die "--warmup needs a value"; warmup=$2; shift 2 ;;
	--warmup=*) warmup=${1#*=}; shift ;;
	--workdir) [ $# -ge 2 ] || die "--workdir needs a value"; workdir=$2; shift 2 ;;
	--workdir=*) workdir=${1#*=}; shift ;;
	--keep) keep=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$runs'"
[[ $warmup =~ ^[0-9]+$ ]] || die "--warmup must be a non-negative integer, not '$warmup'"

# --- tools -------------------------------------------------------------------
command -v hyperfine >/dev/null || die "hyperfine not found (Debian: apt-get install hyperfine)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian: apt-get install time)"
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
	pyvenv=$repo_root/build-bench/cli/pyvenv
	if [ ! -x "$pyvenv" ]; then
		note "building pyvenv in $repo_root/build-bench"
		generator=()
		command -v ninja >/dev/null && generator=(-G Ninja)
		cmake -S "$repo_root" -B "$repo_root/build-bench" "${generator[@]}" \
			-DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >&2
		cmake --build "$repo_root/build-bench" >&2
	fi
fi
[ -x "$pyvenv" ] || die "pyvenv binary '$pyvenv' is not executable"
pyvenv=$(cd "$(dirname "$pyvenv")" && pwd)/$(basename "$pyvenv")
pyvenv_version=$("$pyvenv" --version) || die "'$pyvenv --version' failed"

have_virtualenv=0
virtualenv_version="not installed"
if command -v virtualenv >/dev/null; then
	have_virtualenv=1
	virtualenv_version=$(virtualenv --version 2>/dev/null | awk '{print $2}') || virtualenv_version="?"
fi

# --- scratch directory -------------------------------------------------------
base=${workdir:-${TMPDIR:-/tmp}}
mkdir -p "$base" || die "cannot create '$base'"
W=$(mktemp -d "$base/pyvenv-bench.XXXXXX")
W=$(cd "$W" && pwd)
cleanup() {
	if [ "$keep" = 1 ]; then
		note "kept the scratch directory $W"
	else
		rm -rf "$W"
	fi
}
trap cleanup EXIT
mkdir -p "$W/run" "$W/src" "$W/json" "$W/log" "$W/run/tar-bare" "$W/run/tar-pip"
cache=$W/pyvenv-cache      # pyvenv's cache (interpreter probe, pip)
vapp=$W/virtualenv-app-data # virtualenv's cache (interpreter info, seed wheels)
manifest=$W/manifest.tsv
: >"$manifest"
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) || load_start="?"
fstype=$(df -PT "$W" 2>/dev/null | awk 'NR == 2 {print $2 " on " $1}') || fstype="?"

# --- measuring ---------------------------------------------------------------
# quote WORD...: the words as one string that hyperfine -N splits back.
quote() {
	local out='' w
	for w in "$@"; do out+=$(printf '%q ' "$w"); done
	printf '%s' "${out% }"
}

# record ID SET LABEL STATUS DETAIL: one manifest line for the report.
record() {
	local detail=${5//$'\t'/ }
	detail=${detail//$'\n'/ \/ }
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$detail" >>"$manifest"
}

# last_error LOG: the last three non-empty lines of a failure's output.
last_error() {
	grep -v '^[[:space:]]*$' "$1" | tail -n 3 | sed 's/^[[:space:]]*//' || true
}

# try DEST LOG CMD...: run CMD once, into a fresh DEST, output to LOG.
try() {
	local dest=$1 log=$2
	shift 2
	rm -rf "$dest"
	timeout 900 "$@" >"$log" 2>&1
}

# measure ID SET LABEL DEST CMD...: smoke-run CMD once, then time it with
# hyperfine, each run into a DEST that --prepare has just removed.
measure() {
	local id=$1 set=$2 label=$3 dest=$4
	shift 4
	local log=$W/log/$id.log
	note "measuring: $label"
	if ! try "$dest" "$log" "$@"; then
		note "  not measurable: $label failed: $(last_error "$log" | tail -n 1)"
		record "$id" "$set" "$label" fail "$(last_error "$log")"
		return 0
	fi
	if hyperfine -N --style basic --output null \
		--warmup "$warmup" --runs "$runs" \
		--prepare "$(quote rm -rf "$dest")" \
		--command-name "$label" \
		--export-json "$W/json/$id.json" \
		"$(quote "$@")" >&2; then
		record "$id" "$set" "$label" ok "$W/json/$id.json"
	else
		record "$id" "$set" "$label" fail "hyperfine: the command failed during the timed runs"
	fi
}

not_measurable() { # ID SET LABEL WHY
	note "not measurable: $3: $4"
	record "$1" "$2" "$3" fail "$4"
}

py=("$python")
pv=("$pyvenv" create -q --python "$python")
ve=(virtualenv -p "$python" --no-periodic-update --app-data "$vapp")
R=$W/run

# 1. bare environments (no pip)
measure pyvenv_bare bare "pyvenv create --without-pip" "$R/pyvenv-bare" \
	"${pv[@]}" --without-pip --cache-dir "$cache" "$R/pyvenv-bare"
measure venv_bare bare "python -m venv --without-pip" "$R/venv-bare" \
	"${py[@]}" -m venv --without-pip "$R/venv-bare"
if [ "$have_virtualenv" = 1 ]; then
	measure virtualenv_bare bare "virtualenv --no-seed" "$R/virtualenv-bare" \
		"${ve[@]}" --no-seed "$R/virtualenv-bare"
else
	not_measurable virtualenv_bare bare "virtualenv --no-seed" "virtualenv is not installed"
fi
measure pyvenv_bare_nocache bare "pyvenv create --without-pip --no-cache" "$R/pyvenv-bare-nc" \
	"${pv[@]}" --without-pip --no-cache "$R/pyvenv-bare-nc"

# 2. with pip
measure pyvenv_pip pip "pyvenv create" "$R/pyvenv-pip" \
	"${pv[@]}" --cache-dir "$cache" "$R/pyvenv-pip"
measure venv_pip pip "python -m venv" "$R/venv-pip" \
	"${py[@]}" -m venv "$R/venv-pip"
if [ "$have_virtualenv" = 1 ]; then
	# Default seeding first; offline it may try to download its seed wheels
	# (Debian's virtualenv has bundled wheels only for Python versions that
	# Debian ships), so then --no-download, then give up and say why.
	note "checking that virtualenv can seed offline"
	if try "$R/virtualenv-pip" "$W/log/virtualenv_pip_default.log" "${ve[@]}" "$R/virtualenv-pip"; then
		measure virtualenv_pip pip "virtualenv" "$R/virtualenv-pip" \
			"${ve[@]}" "$R/virtualenv-pip"
	elif try "$R/virtualenv-pip" "$W/log/virtualenv_pip_nodl.log" "${ve[@]}" --no-download "$R/virtualenv-pip"; then
		note "  virtualenv's default seeding failed offline ($(last_error "$W/log/virtualenv_pip_default.log" | tail -n 1)); using --no-download"
		measure virtualenv_pip pip "virtualenv --no-download" "$R/virtualenv-pip" \
			"${ve[@]}" --no-download "$R/virtualenv-pip"
	else
		not_measurable virtualenv_pip pip "virtualenv" \
			"seeding fails offline, with and without --no-download: $(last_error "$W/log/virtualenv_pip_nodl.log")"
	fi
else
	not_measurable virtualenv_pip pip "virtualenv" "virtualenv is not installed"
fi
measure pyvenv_pip_nocache pip "pyvenv create --no-cache" "$R/pyvenv-pip-nc" \
	"${pv[@]}" --no-cache "$R/pyvenv-pip-nc"

# 3. raw baselines: copying / unpacking a finished environment (pyvenv's own
# output, so the same files it has to write), for scale.
for set in bare pip; do
	src=$W/src/$set-env
	flags=()
	[ "$set" = bare ] && flags=(--without-pip)
	"${pv[@]}" "${flags[@]}" --cache-dir "$cache" "$src" >"$W/log/src-$set.log" 2>&1 ||
		die "pyvenv create failed for the baseline's source: $(last_error "$W/log/src-$set.log")"
	tar -cf "$W/src/$set-env.tar" -C "$W/src" "$set-env"
	measure "cp_$set" "$set" "cp -a (finished env)" "$R/cp-$set" \
		cp -a "$src" "$R/cp-$set"
	measure "tar_$set" "$set" "tar -xf (tarball of one)" "$R/tar-$set/$set-env" \
		tar -xf "$W/src/$set-env.tar" -C "$R/tar-$set"
done
# The helper's start-up alone (loading it and its shared libraries): the floor
# under any pyvenv command.
measure pyvenv_version bare "pyvenv --version (start-up only)" "$R/none" \
	"$pyvenv" --version

# --- peak memory -------------------------------------------------------------
# One run each, with the cache already warm from the runs above (the state
# every run after the first is in). %M: the largest resident set, in KiB.
mem_pip=n/a mem_bare=n/a
for set in pip bare; do
	flags=()
	[ "$set" = bare ] && flags=(--without-pip)
	if /usr/bin/time -f %M -o "$W/log/mem-$set.txt" \
		"${pv[@]}" "${flags[@]}" --cache-dir "$cache" "$R/mem-$set" >"$W/log/mem-$set.log" 2>&1; then
		kb=$(tail -n 1 "$W/log/mem-$set.txt")
	else
		kb=n/a
		note "peak memory ($set): pyvenv failed: $(last_error "$W/log/mem-$set.log" | tail -n 1)"
	fi
	if [ "$set" = pip ]; then mem_pip=$kb; else mem_bare=$kb; fi
done
# For reading the two above: the helper's start-up alone (its shared libraries).
mem_floor=n/a
if /usr/bin/time -f %M -o "$W/log/mem-floor.txt" "$pyvenv" --version >/dev/null 2>&1; then
	mem_floor=$(tail -n 1 "$W/log/mem-floor.txt")
fi

# --- report ------------------------------------------------------------------
export BENCH_PYVENV="$pyvenv_version ($pyvenv)"
export BENCH_PYTHON="Python $python_version ($python)"
export BENCH_VIRTUALENV="virtualenv $virtualenv_version"
BENCH_HYPERFINE=$(hyperfine --version)
export BENCH_HYPERFINE
export BENCH_RUNS="$runs timed + $warmup warm-up runs per command"
export BENCH_DISK="$W ($fstype)"
load_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) || load_end="?"
BENCH_HOST="$(uname -sr), $(nproc) CPUs"
export BENCH_HOST
export BENCH_LOAD="$load_start at the start, $load_end at the end"
export BENCH_MEM_PIP=$mem_pip BENCH_MEM_BARE=$mem_bare BENCH_MEM_FLOOR=$mem_floor

"$stats_python" - "$manifest" <<'EOF'
import json, os, statistics, sys

rows = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        rid, rset, label, status, detail = line.rstrip("\n").split("\t")
        row = {"id": rid, "set": rset, "label": label, "ok": status == "ok",
               "median": None, "min": None, "max": None, "why": None}
        if row["ok"]:
            with open(detail, encoding="utf-8") as j:
                times = json.load(j)["results"][0]["times"]
            row["median"] = statistics.median(times) * 1000
            row["min"] = min(times) * 1000
            row["max"] = max(times) * 1000
        else:
            row["why"] = detail
        rows.append(row)
rows.sort(key=lambda r: r["set"] != "bare")  # stable: bare first, then pip
by_id = {r["id"]: r for r in rows}

def median(rid):
    r = by_id.get(rid)
    return r["median"] if r and r["ok"] else None

def ratio(a, b):
    return a / b if a is not None and b else None

def fmt_ratio(x):
    return "n/a" if x is None else f"{x:.3f}×"

def fmt_ms(x):
    if x is None:
        return "n/a"
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"

targets = {"pyvenv_bare": 0.10, "pyvenv_pip": 0.05}
env = os.environ
print("## pyvenv create benchmark")
print()
print(f"- pyvenv: {env['BENCH_PYVENV']}")
print(f"- interpreter: {env['BENCH_PYTHON']}")
print(f"- {env['BENCH_VIRTUALENV']}; {env['BENCH_HYPERFINE']}")
print(f"- {env['BENCH_RUNS']}; each run makes a new environment in a directory "
      "removed just before it (hyperfine --prepare)")
print(f"- scratch disk: {env['BENCH_DISK']}; {env['BENCH_HOST']}")
print(f"- load average (1, 5, 15 min): {env['BENCH_LOAD']} "
      "(well above 0 means other work competed with the benchmark)")
print()
print("| set | command | median ms | min–max ms | vs python -m venv | vs virtualenv | target |")
print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
notes = []
for r in rows:
    ref_venv = median("venv_" + r["set"])
    ref_ve = median("virtualenv_" + r["set"])
    set_name = "bare" if r["set"] == "bare" else "with pip"
    if not r["ok"]:
        print(f"| {set_name} | {r['label']} | not measurable¹ | | | | |")
        notes.append(f"{r['label']} ({set_name}): {r['why']}")
        continue
    rv = ratio(r["median"], ref_venv)
    target = ""
    if r["id"] in targets:
        limit = targets[r["id"]]
        verdict = "n/a" if rv is None else ("PASS" if rv <= limit else "MISS")
        target = f"≤ {limit:.2f}×: {verdict}"
    print(f"| {set_name} | {r['label']} | {fmt_ms(r['median'])} | "
          f"{fmt_ms(r['min'])}–{fmt_ms(r['max'])} | {fmt_ratio(rv)} | "
          f"{fmt_ratio(ratio(r['median'], ref_ve))} | {target} |")
print()
if notes:
    print("¹ not measurable:")
    for n in notes:
        print(f"- {n}")
    print()

def mem(kb):
    try:
        kib = int(kb)
    except ValueError:
        return None, "n/a"
    mb = kib * 1024 / 1e6
    return mb, f"{mb:.2f} MB ({kib} KiB)"

print("| target | measured | limit | result |")
print("| --- | ---: | ---: | --- |")
for rid, what, ref in (("pyvenv_bare", "bare: pyvenv / python -m venv --without-pip", "venv_bare"),
                       ("pyvenv_pip", "with pip: pyvenv / python -m venv", "venv_pip")):
    rv = ratio(median(rid), median(ref))
    limit = targets[rid]
    verdict = "n/a" if rv is None else ("PASS" if rv <= limit else "MISS")
    print(f"| {what} | {fmt_ratio(rv)} | ≤ {limit:.2f}× | {verdict} |")
for kb, what in ((env["BENCH_MEM_PIP"], "peak memory, pyvenv create"),
                 (env["BENCH_MEM_BARE"], "peak memory, pyvenv create --without-pip")):
    mb, text = mem(kb)
    verdict = "n/a" if mb is None else ("PASS" if mb < 10 else "MISS")
    print(f"| {what} | {text} | < 10 MB | {verdict} |")
mb, text = mem(env["BENCH_MEM_FLOOR"])
print(f"| peak memory, pyvenv --version (start-up only) | {text} | | (for scale) |")
print()
for rid, what in (("pyvenv_bare", "bare"), ("pyvenv_pip", "with pip")):
    ve = by_id.get("virtualenv_" + ("bare" if rid == "pyvenv_bare" else "pip"))
    rv = ratio(median(rid), median(ve["id"]) if ve else None)
    label = ve["label"] if ve else "virtualenv"
    print(f"- {what}: pyvenv / {label} = {fmt_ratio(rv)}")
EOF
