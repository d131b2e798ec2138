# s3-faults.bash: helpers for the fault tests (tests/stress/s3*.sh), sourced
# by each after tests/cli/lib.sh. (Not a test itself: the suite registers
# tests/stress/s*.sh only.)
#
# Mounts made with fault_tmpfs are unmounted when the script exits, however
# it exits (the EXIT trap; INT and TERM go through it).
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') VIRTUAL_ENV PYTHONHOME PYTHONPATH
fault_start=$EPOCHREALTIME
fault_mounts=()

fault_cleanup() {
	local i bad=0
	cd / || true
	for ((i = ${#fault_mounts[@]} - 1; i >= 0; i--)); do
		umount "${fault_mounts[i]}" 2>/dev/null || umount -l "${fault_mounts[i]}" ||
			{ echo "FAIL: cannot unmount '${fault_mounts[i]}'" >&2; bad=1; }
	done
	fault_mounts=()
	[ "$bad" = 0 ] || exit 1
}
trap fault_cleanup EXIT
trap 'exit 130' INT TERM

# fault_tmpfs DIR SIZE [OPTIONS]: a fresh tmpfs of SIZE on DIR (made if need
# be); status 1 if it cannot be mounted (not root, no CAP_SYS_ADMIN).
fault_tmpfs() {
	mkdir -p "$1" || return 1
	mount -t tmpfs -o "size=$2${3:+,$3}" pyvenv-fault "$1" 2>/dev/null || return 1
	fault_mounts+=("$(cd "$1" && pwd)")
	[ "$(stat -f -c %T "$1")" = tmpfs ] || { fail "test setup: '$1' is not a tmpfs"; return 1; }
}

# fault_umount DIR: unmounts one of our mounts now.
fault_umount() {
	local abs i
	abs=$(cd "$1" && pwd)
	umount "$abs" || { fail "cannot unmount '$abs'"; return 1; }
	for i in "${!fault_mounts[@]}"; do
		[ "${fault_mounts[i]}" = "$abs" ] && unset 'fault_mounts[i]'
	done
	fault_mounts=("${fault_mounts[@]}")
}

# fault_ro_bind DIR: DIR becomes read-only (a read-only bind mount on itself).
fault_ro_bind() {
	mount --bind "$1" "$1" 2>/dev/null || return 1
	fault_mounts+=("$(cd "$1" && pwd)")
	mount -o remount,bind,ro "$1" 2>/dev/null || return 1
}

# used_kb DIR: kilobytes used on DIR's file system.
used_kb() { df -k --output=used "$1" | tail -1 | tr -d ' '; }

# fill DIR: fills DIR's file system up, leaving no free block.
fill() {
	dd if=/dev/zero of="$1/.filler" bs=64k 2>/dev/null
	dd if=/dev/zero of="$1/.filler2" bs=1k 2>/dev/null
	[ "$(stat -f -c %a "$1")" = 0 ] || fail "test setup: '$1' is not full: $(df -k "$1" | tail -1)"
}
unfill() { rm -f "$1/.filler" "$1/.filler2"; }

# only_locks DIR WHAT: DIR holds nothing but pyvenv's lock files (and fill's
# fillers): no environment, no temporary directory or file, nothing else.
only_locks() {
	local left
	left=$(find "$1" -mindepth 1 ! -name '.*.pyvenv-lock' ! -name '.filler*' 2>/dev/null | head -5)
	[ -z "$left" ] || fail "$2: left in '$1': $left"
}

# gone DEST WHAT: no DEST, and nothing pyvenv works with beside it.
gone() {
	[ ! -e "$1" ] || fail "$2: '$1' exists after the failure: $(ls -A "$1" | head -5 | tr '\n' ' ')"
	no_leftovers "$(dirname "$1")"
}

# contents DIR: path and digest of every file below DIR (no bytecode), sorted.
contents() { (cd "$1" && find . -type f ! -path '*/__pycache__/*' -exec sha256sum {} + | sort -k2); }

# tmp_in DIR: temporary names pyvenv left anywhere below DIR.
tmp_in() { find "$1" -name '*pyvenv-tmp*' 2>/dev/null | head -5; }

# templates C / sidecars C: complete template archives and digests in cache C.
templates() { find "$1/templates" -name '*.tar.zst' 2>/dev/null | wc -l | tr -d ' '; }
sidecars() { find "$1/templates" -name '*.sha256' 2>/dev/null | wc -l | tr -d ' '; }

# entries_ok C WHAT: every template in C has its digest and matches it; no
# temporary file; trees only for entries.
entries_ok() {
	local a s
	for a in "$1"/templates/*.tar.zst; do
		[ -e "$a" ] || continue
		s=${a%.tar.zst}.sha256
		[ -f "$s" ] || { fail "$2: '$a' has no digest file"; continue; }
		[ "$(cat "$s")" = "$(sha256sum "$a" | cut -d' ' -f1)" ] || fail "$2: '$a' does not match its digest"
	done
	for s in "$1"/templates/*.sha256; do
		[ -e "$s" ] || continue
		[ -f "${s%.sha256}.tar.zst" ] || fail "$2: '$s' without its archive"
	done
	[ -z "$(tmp_in "$1")" ] || fail "$2: temporary files in the cache: $(tmp_in "$1")"
}

# only_one PATTERN WHAT: the last run's stderr has exactly one line matching
# the grep -E pattern.
only_one() {
	local n
	n=$(printf '%s\n' "$err" | grep -Ec -- "$1")
	[ "$n" = 1 ] || fail "$2: $n lines match /$1/, expected one: $err"
}

# no_err PATTERN WHAT: the last run's stderr has no line matching PATTERN.
no_err() {
	if printf '%s\n' "$err" | grep -Eq -- "$1"; then
		fail "$2: stderr matches /$1/: $err"
	fi
}

# pyversion PY: "3.12.1".
pyversion() { "$1" -c 'import platform; print(platform.python_version())'; }

# elapsed: seconds since the script started, for the log.
elapsed() { awk -v a="$EPOCHREALTIME" -v b="$fault_start" 'BEGIN { printf "%.1f", a - b }'; }

# wheels_alpha_big DIR: DIR holds the wheels alpha 1.0 and big 1.0 (which
# needs alpha and holds a 2 MB module, so that writes run out of room in it).
wheels_alpha_big() {
	mkdir -p "$1"
	wheel "$1" alpha 1.0 || { echo "FAIL: cannot build the test wheel"; exit 1; }
	python3 - "$1" <<'PY' || { echo "FAIL: cannot build the big wheel"; exit 1; }
import os, sys
sys.path.insert(0, os.path.join(os.environ["PYVENV_TEST_SRC"], "tests", "parity"))
from wheelgen import make_wheel
make_wheel(sys.argv[1], "big", "1.0", requires=["alpha"],
           modules={"big/__init__.py": "", "big/blob.py": "B = %r\n" % os.urandom(1 << 20).hex()})
PY
}
