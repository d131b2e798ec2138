#!/usr/bin/env bash
# bench/bench-remote.sh: a create that is a remote template cache hit,
# against what it replaces and against its floor, in one run with
# hyperfine, with a real nginx (Debian's, WebDAV PUT) on 127.0.0.1 as the
# server.
#
# For a generated wheelhouse of --packages packages (30 by default,
# bench/wheelhouse.py), locked, with one interpreter:
#   remote hit          pyvenv create --remote-cache URL -r locked.txt, with
#                       an empty local template cache each run (the probe
#                       cache kept, as on a machine that ran pyvenv before)
#   curl -o + unpack    curl -o of the same archive, then pyvenv unpack of it
#                       (the floor: the same bytes fetched and written)
#   curl -o             the archive's download alone
#   local hit           pyvenv create with the local cache warm
#   cold, native        pyvenv create --no-cache (pyvenv installs the wheels)
#   cold, pip           pyvenv create --no-cache --installer pip
#   venv + pip          python -m venv E && E/bin/pip install -r locked.txt
# Ratios: each row over "curl -o + unpack", and "cold, pip" and "venv +
# pip" over each row.
#
# Then, with the same wheels served by the same nginx as a static simple
# index (PEP 503 pages with #sha256= links), the same locked set with
# --index-url and no template cache:
#   index, native             pyvenv downloads and installs (--no-cache:
#                             into a temporary directory, no template stored)
#   index, native, cold cache with the cache, empty: the downloads, then the
#                             template stored as on any miss
#   index, native, downloads  with the download cache warm (templates
#                             removed): no download, the template stored
#   index, pyvenv + pip   pyvenv create --installer pip
#   index, venv + pip     python -m venv E && E/bin/pip install -r ...
# pip runs with PIP_NO_CACHE_DIR=1 (it would keep its own HTTP cache).
#
# A report, not a test: it fails only when it cannot measure.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
python=${PYTHON:-}
pyvenv=${PYVENV:-$repo_root/build-bench/cli/pyvenv}
runs=10
packages=30
workdir=${BENCH_DIR:-${TMPDIR:-/tmp}}

usage() {
	echo "usage: bench/bench-remote.sh [--python PY] [--pyvenv BIN] [--runs N] [--packages N] [--workdir DIR]"
	echo
	echo "Needs hyperfine, nginx (nginx-light) and curl. The pyvenv binary defaults to"
	echo "build-bench/cli/pyvenv (a Release build: cmake -S . -B build-bench -G Ninja"
	echo "-DCMAKE_BUILD_TYPE=Release && cmake --build build-bench). Run on a tmpfs"
	echo "(--workdir /mnt/bench) to measure the helper rather than the disk."
}

while [ $# -gt 0 ]; do
	case $1 in
	--python) python=$2; shift 2 ;;
	--pyvenv) pyvenv=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--packages) packages=$2; shift 2 ;;
	--workdir) workdir=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[ -n "$python" ] || python=$(ls -d "$(pyenv root 2>/dev/null || echo /root/.pyenv)"/versions/3.12.*/bin/python3 2>/dev/null | tail -1)
[ -n "$python" ] || python=python3
for tool in hyperfine nginx curl; do
	command -v "$tool" >/dev/null || { echo "bench-remote: $tool is needed" >&2; exit 1; }
done
[ -x "$pyvenv" ] || { echo "bench-remote: no pyvenv at $pyvenv (see --help)" >&2; exit 1; }
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') PYVENV_REMOTE_CACHE PYVENV_REMOTE_CACHE_WRITE \
	http_proxy https_proxy HTTP_PROXY HTTPS_PROXY
export PIP_DISABLE_PIP_VERSION_CHECK=1

work=$(mktemp -d "$workdir/bench-remote.XXXXXX")
cleanup() {
	[ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/nginx/tmp" "$work/srv"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=""
[ "$(id -u)" = 0 ] && user="user root root;"
cat >"$work/nginx/nginx.conf" <<CONF
$user
worker_processes 1;
daemon on;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $work/nginx/tmp;
	client_max_body_size 0;
	sendfile on;
	server {
		listen 127.0.0.1:$port;
		root $work/srv;
		location / { dav_methods PUT; create_full_put_path on; index index.html; }
	}
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/error.log"
url=http://127.0.0.1:$port/cache
echo "pyvenv: $pyvenv ($("$pyvenv" --version)); python: $python ($("$python" -V 2>&1)); $(nginx -v 2>&1 | sed 's/.*: //'); runs: $runs; in $work"

"$python" "$script_dir/wheelhouse.py" "$work/w" "$packages" >/dev/null
{
	echo "--no-index"
	echo "--find-links $work/w"
	for f in "$work/w"/*.whl; do b=${f##*/}; echo "${b%%-1.0-*}==1.0"; done
} >"$work/locked.txt"
# The server's entry, from one writer, whose local cache stays warm for
# "local hit".
"$pyvenv" create -q --python "$python" --cache-dir "$work/cw" --remote-cache "$url" --remote-cache-write \
	-r "$work/locked.txt" "$work/seed"
record=$(ls "$work/srv/cache/"*.record)
sha=$(sed -n 's/^archive \([0-9a-f]*\) .*/\1/p' "$record")
size=$(sed -n 's/^archive [0-9a-f]* //p' "$record")
# The "remote hit" machine: its probe cache warm, its templates not.
"$pyvenv" create -q --python "$python" --cache-dir "$work/c" --remote-cache "$url" -r "$work/locked.txt" "$work/e"
grep -q '^remote ' "$work/c/templates/"*.sha256 || { echo "bench-remote: the create was no remote hit" >&2; exit 1; }
echo "set: $((packages)) packages, locked; template archive $((size / 1024)) KiB"

E=$work/e
hyperfine -N --runs "$runs" --warmup 2 --export-json "$work/h.json" \
	--prepare "rm -rf $E $work/c/templates $work/c/trees $work/a.tar.zst" \
	-n "remote hit" "$pyvenv create -q --python $python --cache-dir $work/c --remote-cache $url -r $work/locked.txt $E" \
	-n "curl -o + unpack" "sh -c 'curl -sf -o $work/a.tar.zst $url/$sha.tar.zst && $pyvenv unpack -q --python $python --cache-dir $work/c $work/a.tar.zst $E'" \
	-n "curl -o" "curl -sf -o $work/a.tar.zst $url/$sha.tar.zst" \
	-n "local hit" "$pyvenv create -q --python $python --cache-dir $work/cw -r $work/locked.txt $E" \
	-n "cold, native" "$pyvenv create -q --no-cache --python $python -r $work/locked.txt $E" \
	-n "cold, pip" "$pyvenv create -q --no-cache --installer pip --python $python -r $work/locked.txt $E" \
	-n "venv + pip" "sh -c '$python -m venv $E && $E/bin/pip install -q -r $work/locked.txt'" \
	>/dev/null
"$python" - "$work/h.json" <<'PY'
import json, sys
r = {x["command"]: (x["mean"], x["stddev"]) for x in json.load(open(sys.argv[1]))["results"]}
floor = r["curl -o + unpack"][0]
print("%-18s %11s %9s %9s %9s %9s" % ("", "mean", "stddev", "/floor", "pip/this", "venv/this"))
for name, (mean, sd) in r.items():
    print("%-18s %8.1f ms %6.1f ms %8.2fx %8.1fx %8.1fx" % (
        name, mean * 1000, sd * 1000, mean / floor, r["cold, pip"][0] / mean, r["venv + pip"][0] / mean))
PY

# --- installs from an index ---------------------------------------------------
"$python" - "$work/w" "$work/srv" <<'PY'
import hashlib, os, re, shutil, sys
w, srv = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(srv, "files"), exist_ok=True)
for fn in sorted(os.listdir(w)):
    if not fn.endswith(".whl"):
        continue
    shutil.copy(os.path.join(w, fn), os.path.join(srv, "files", fn))
    name = re.sub(r"[-_.]+", "-", fn.split("-")[0]).lower()
    digest = hashlib.sha256(open(os.path.join(w, fn), "rb").read()).hexdigest()
    page = os.path.join(srv, "simple", name)
    os.makedirs(page, exist_ok=True)
    with open(os.path.join(page, "index.html"), "w") as f:
        f.write('<html><body><a href="../../files/%s#sha256=%s">%s</a></body></html>\n' % (fn, digest, fn))
PY
index=http://127.0.0.1:$port/simple/
grep -v -e '^--no-index' -e '^--find-links' "$work/locked.txt" >"$work/index.txt"
"$pyvenv" create -q --no-cache --installer native --python "$python" -r "$work/index.txt" \
	--pip-arg=--index-url="$index" "$work/check"
rm -rf "$work/check"
"$pyvenv" create -q --cache-dir "$work/ci" --installer native --python "$python" -r "$work/index.txt" \
	--pip-arg=--index-url="$index" "$work/check"
rm -rf "$work/check"
echo
echo "index: $index, the same $packages wheels"
# One --prepare per command, in the commands' order.
hyperfine -N --runs "$runs" --warmup 1 --export-json "$work/hi.json" \
	--prepare "rm -rf $E" \
	--prepare "rm -rf $E $work/ci/templates $work/ci/trees" \
	--prepare "rm -rf $E $work/ci/templates $work/ci/trees $work/ci/downloads" \
	--prepare "rm -rf $E" \
	--prepare "rm -rf $E" \
	-n "index, native" "$pyvenv create -q --no-cache --installer native --python $python -r $work/index.txt --pip-arg=--index-url=$index $E" \
	-n "index, native, downloads" "$pyvenv create -q --cache-dir $work/ci --installer native --python $python -r $work/index.txt --pip-arg=--index-url=$index $E" \
	-n "index, native, cold cache" "$pyvenv create -q --cache-dir $work/ci --installer native --python $python -r $work/index.txt --pip-arg=--index-url=$index $E" \
	-n "index, pyvenv + pip" "env PIP_NO_CACHE_DIR=1 $pyvenv create -q --no-cache --installer pip --python $python -r $work/index.txt --pip-arg=--index-url=$index $E" \
	-n "index, venv + pip" "sh -c 'PIP_NO_CACHE_DIR=1; export PIP_NO_CACHE_DIR; $python -m venv $E && $E/bin/pip install -q --index-url $index -r $work/index.txt'" \
	>/dev/null
"$python" - "$work/hi.json" <<'PY'
import json, sys
r = {x["command"]: (x["mean"], x["stddev"]) for x in json.load(open(sys.argv[1]))["results"]}
print("%-26s %11s %9s %14s %14s" % ("", "mean", "stddev", "pyvenv+pip/this", "venv+pip/this"))
for name, (mean, sd) in r.items():
    print("%-26s %8.1f ms %6.1f ms %13.1fx %13.1fx" % (
        name, mean * 1000, sd * 1000, r["index, pyvenv + pip"][0] / mean, r["index, venv + pip"][0] / mean))
PY
