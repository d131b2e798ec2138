# s20-hostile-archives: hostile and broken templates are refused, and leave
# nothing behind.
#
# hostile.py (beside this script) turns a real template (`pyvenv pack` of a
# small environment made here) into one archive per case: `..` and absolute
# names, links out of the destination and files written through them, hard
# links, devices, FIFOs, set-uid/set-gid/sticky bits, 1,000,001 members,
# sizes that lie, truncated and damaged streams, other compressions, a plain
# tar, broken metadata. Each goes through `pyvenv unpack A DEST` and
# `pyvenv create --template A DEST`; some also through a poisoned template
# cache entry (with a matching .sha256, so only extraction can catch them).
#
# What each case must end in is in hostile.py: "refuse" is exit status 1, a
# message matching the case's pattern and no destination; "accept" (not
# hostile: another compression than the name says) and "strip" (no case
# uses it now: set-uid, set-gid and sticky bits are refused) are exit 0
# with a working environment and no special mode bits; "either" is one of
# those. Every run, whatever its end: no .DEST.pyvenv-tmp-* or anything
# else left beside the destination, and the scratch tree (planted victims
# included: inodes and change times, not only contents) exactly as it was.
# A poisoned cache entry must be discarded and the environment built anew.
# The output is a table of every case and how each run ended; one case by
# hand: `python3 hostile.py --base T --out DIR --outside O --up REL
# --scratch S CASE`, then `pyvenv unpack DIR/CASE.tar.zst DEST`.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
# unpack finds its interpreter as create does, never from the template.
export PYVENV_PYTHON="$PY"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

command -v zstd >/dev/null || skip "no zstd command (hostile.py needs it)"
command -v sha256sum >/dev/null || skip "no sha256sum command"
started=$(date +%s.%N)
S=$PWD
# cpu_now: sets $cpu to the CPU seconds used so far by this script and the
# children it waited for (not in a subshell: times would count only that).
cpu_now() {
	times > "$S/log/times"
	cpu=$(awk '{ for (i = 1; i <= NF; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } }
		END { printf "%.1f", s }' "$S/log/times")
}
GEN="$PYVENV_TEST_SRC/tests/stress/hostile.py"

# Layout: the helper extracts into a/b/w/.DEST.pyvenv-tmp-*/ (and, for the
# cache, a/c/trees/KEY.pyvenv-tmp-*/): four levels of ".." from either lead
# to $S, so UP names $S/outside from both, and every attack lands inside
# the scratch directory where the snapshot sees it.
W=$S/a/b/w
M=$S/a/b/m
C=$S/a/c
UP=../../../../outside
mkdir -p "$W" "$M" "$C" outside/dir log pcache bp
export PYVENV_CACHE_DIR=$S/pcache # interpreter probes only (templates: $C)

# The bases: a small environment, packed; and, for the cache, the template
# the cache itself stores for an environment with pip.
"$PYVENV" create -q --without-pip --python "$PY" small || { fail "create small"; finish; }
"$PYVENV" pack -q small base.tar.zst || { fail "pack small"; finish; }
"$PYVENV" create -q --cache-dir "$C" --python "$PY" "$W/seed" || { fail "create seed"; finish; }
set -- "$C"/templates/*.tar.zst
[ $# -eq 1 ] && [ -f "$1" ] || { fail "the cache holds no single template: $*"; finish; }
key=$(basename "$1" .tar.zst)
cp "$1" cachebase.tar.zst
rm -rf "$W/seed" "$C/trees"

# Victims the attacks aim at; victim-prefix holds both old prefixes (what
# relocation would rewrite) and script is a script of the old environment.
echo precious > outside/victim
printf 'precious %s %s\n' "$S/small" "$W/seed" > outside/victim-prefix
printf '#!%s/bin/python\nprecious\n' "$S/small" > outside/script
chmod 755 outside/script
echo precious > outside/activate
echo precious > outside/dir/file
cp -a outside victims

gen() { # gen OUTDIR BASE [CASE...]
	local out=$1 base=$2
	shift 2
	python3 "$GEN" --base "$base" --out "$out" --outside "$S/outside" --up "$UP" --scratch "$S" "$@"
}
cache_cases="dotdot symlink-chain chardev setuid meta-files-missing listed-through-symlink bin-symlink-out"
t0=$(date +%s.%N)
gen gen-cache cachebase.tar.zst $cache_cases >log/gen-cache 2>&1 &
gen_pid=$!
gen gen base.tar.zst || { fail "hostile.py failed"; finish; }
wait $gen_pid || { cat log/gen-cache; fail "hostile.py failed (cache cases)"; finish; }
t1=$(date +%s.%N)

# The slowest case, 1,000,001 members (each is extracted before the next
# is counted), runs in the background from here on, both ways at once, in
# its own directory $M; it is checked at the end.
IFS=$'\t' read -r many_name many_path many_expect many_pat _ < <(grep '^too-many	' gen/cases.tsv)
timer() { # timer N CMD...: CMD, timed into log/many-timeN where /usr/bin/time exists
	local n=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e s wall, %U+%S s CPU' -o "log/many-time$n" "$@"
	else
		"$@"
	fi
}
timer 1 "$PYVENV" unpack "$many_path" "$M/dest" >log/many-out1 2>log/many-err1 &
many1=$!
timer 2 "$PYVENV" create --without-pip --python "$PY" --template "$many_path" "$M/dest2" \
	>log/many-out2 2>log/many-err2 &
many2=$!

# snap: everything in the scratch directory but the working directories
# (checked on their own), the logs and the probe cache; with inode numbers
# and change times, which no write can hide (relocation keeps mtimes).
# (Unsorted: the order of an unchanged directory does not change.)
snap() {
	find "$S" \( -path "$W" -o -path "$M" -o -path "$C" -o -path "$S/log" -o -path "$S/pcache" \) -prune \
		-o -printf '%p %y %s %m %i %C@ %T@ %l\n'
}
baseline=$(snap)

# venv_ok DIR: a working environment whose sys.prefix is DIR.
venv_ok() {
	local prefix
	[ -f "$1/pyvenv.cfg" ] || return 1
	prefix=$(env -u VIRTUAL_ENV -u PYTHONHOME "$1/bin/python" -c 'import sys; print(sys.prefix)' 2>/dev/null) ||
		return 1
	[ "$prefix" = "$(cd "$1" && pwd)" ]
}

# special_bits DIR: entries below DIR with set-uid, set-gid or sticky bits.
special_bits() {
	find "$1" ! -type l -perm /7000 -printf '%p %m\n' 2>/dev/null
}

# flag WHERE TAG MESSAGE: a failed check, also noted as TAG in $status.
flag() {
	fail "$1: $3"
	status+=" !$2"
}

# harmless WHERE WORKDIR: nothing changed outside WORKDIR, nothing left in
# it but lock files (the caller removed the destination), nothing written
# above the scratch directory. Puts the victims back for the next case.
harmless() {
	local where=$1 wd=$2 now f left=""
	now=$(snap)
	if [ "$now" != "$baseline" ]; then
		flag "$where" OUTSIDE "the scratch directory changed:
$(diff <(printf '%s\n' "$baseline" | sort) <(printf '%s\n' "$now" | sort) | grep '^[<>]' | head -20)"
		rm -rf outside && cp -a victims outside
		baseline=$(snap)
	fi
	for f in "$wd"/* "$wd"/.[!.]*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		case ${f##*/} in .*.pyvenv-lock) ;; *) left+=" ${f##*/}" ;; esac
	done
	if [ -n "$left" ]; then
		flag "$where" LEFT "left in ${wd#"$S"/}/:$left"
		rm -rf "$wd" && mkdir "$wd"
	fi
	for f in "$S"/../pwned* "$S"/../../pwned*; do
		if [ -e "$f" ] || [ -L "$f" ]; then
			flag "$where" ABOVE "written above the scratch directory: $f"
		fi
	done
}

# read_errors FILE: sets $err to FILE's text and $msg to its first error
# message, without "pyvenv: error: " (no subshells: this runs 200 times).
read_errors() {
	local line
	err="" msg=""
	IFS= read -r -d '' err <"$1"
	err=${err%$'\n'}
	while IFS= read -r line; do
		case $line in *error:*) msg=${line#*error: } && return ;; esac
	done <"$1"
}

# attempt NAME HOW EXPECT PATTERN DEST CMD...: runs CMD, which makes DEST
# from a hostile archive, and checks the outcome as EXPECT says. Sets
# $status (refused, accepted, stripped, or EXIT N; then !TAG for each
# failed check) and $msg (the error message).
attempt() {
	local name=$1 how=$2 expect=$3 pat=$4 dest=$5 rc err where bits
	shift 5
	where="$name ($how)"
	"$@" >log/out 2>log/err
	rc=$?
	read_errors log/err
	case $expect:$rc in
	refuse:1 | either:1)
		status=refused
		[ -n "$msg" ] || flag "$where" MSG "exit 1 without an error message: ${err:0:300}"
		if [ "$expect" = refuse ] && ! [[ $err =~ $pat ]]; then
			flag "$where" MSG "the message does not match /$pat/: $msg"
		fi
		if [ -e "$dest" ] || [ -L "$dest" ]; then
			flag "$where" DEST "the destination was created"
		fi
		;;
	strip:0 | accept:0 | either:0)
		status=accepted
		[ "$expect" = strip ] && status=stripped
		venv_ok "$dest" || flag "$where" ENV "exit 0 but $dest is not a working environment"
		bits=$(special_bits "$dest")
		[ -z "$bits" ] || flag "$where" BITS "special mode bits extracted: $bits"
		;;
	*)
		status="EXIT $rc"
		fail "$where: exit status $rc, expected $(case $expect in refuse) echo 1 ;; either) echo "0 or 1" ;; *) echo 0 ;; esac) (${msg:-${err:0:300}})"
		;;
	esac
	rm -rf "$dest"
	harmless "$where" "$W"
}

declare -A res_unpack res_create res_msg res_expect res_cache
names=()
while IFS=$'\t' read -r name path expect pat _; do
	[ "$name" = too-many ] && continue
	names+=("$name")
	res_expect[$name]=$expect
	attempt "$name" unpack "$expect" "$pat" "$W/dest" \
		"$PYVENV" unpack --build-path "$S/bp" "$path" "$W/dest"
	res_unpack[$name]=$status
	res_msg[$name]=$msg
	attempt "$name" "create --template" "$expect" "$pat" "$W/dest2" \
		"$PYVENV" create --without-pip --python "$PY" --build-path "$S/bp" --template "$path" "$W/dest2"
	res_create[$name]=$status
	res_msg[$name]=${res_msg[$name]:-$msg}
done < gen/cases.tsv
t2=$(date +%s.%N)

# --- a poisoned cache entry ---------------------------------------------------
# The hostile archive takes the place of the cached template, with a digest
# that matches it, so only extraction can catch it. create must not be
# harmed: it discards the entry, builds the environment anew (exit 0) and
# stores a good template; a template with set-uid bits may be used, stripped.
for name in $cache_cases; do
	path=gen-cache/$name.tar.zst
	expect=$(awk -F'\t' -v n="$name" '$1 == n { print $3 }' gen-cache/cases.tsv)
	where="$name (poisoned cache)"
	rm -rf "$C/trees"
	cp "$path" "$C/templates/$key.tar.zst"
	sha256sum < "$path" | cut -d' ' -f1 > "$C/templates/$key.sha256"
	"$PYVENV" create --cache-dir "$C" --python "$PY" "$W/dest3" >log/out 2>log/err
	rc=$?
	read_errors log/err
	if [ "$rc" -ne 0 ]; then
		status="EXIT $rc"
		fail "$where: exit status $rc, expected 0 (${err:0:300})"
	elif [ "$expect" = refuse ] && [[ $err != *"could not be used"* ]]; then
		status="USED"
		fail "$where: the hostile entry was used, not discarded: ${err:0:300}"
	elif [ "$expect" = refuse ]; then
		status="discarded, rebuilt"
	else
		status="used, stripped"
	fi
	venv_ok "$W/dest3" || flag "$where" ENV "$W/dest3 is not a working environment"
	bits=$(special_bits "$W/dest3"; special_bits "$C")
	[ -z "$bits" ] || flag "$where" BITS "special mode bits extracted: $bits"
	for n in pwned-abs pwned-smuggled esc c1 h dev-null fifo; do
		if [ -e "$W/dest3/$n" ] || [ -L "$W/dest3/$n" ]; then
			flag "$where" HOLDS "the environment holds $n"
		fi
	done
	if [ ! -d "$W/dest3/bin" ] || [ -L "$W/dest3/bin" ]; then
		flag "$where" BIN "bin is not a directory"
	fi
	left=$(find "$C" -name '*.pyvenv-tmp-*' -o -name 'pwned*')
	[ -z "$left" ] || flag "$where" LEFT "left in the cache: $left"
	# The entry now there is a good one, or none.
	if [ "$expect" = refuse ] && [ -e "$C/templates/$key.tar.zst" ]; then
		cmp -s "$path" "$C/templates/$key.tar.zst" && flag "$where" CACHED "the hostile entry is still cached"
		[ "$(sha256sum < "$C/templates/$key.tar.zst" | cut -d' ' -f1)" = "$(cut -c1-64 "$C/templates/$key.sha256")" ] ||
			flag "$where" DIGEST "the cached template does not match its digest"
	fi
	rm -rf "$W/dest3"
	harmless "$where" "$W"
	res_cache[$name]=$status
done
t3=$(date +%s.%N)

# --- 1,000,001 members, started above ------------------------------------------
wait $many1
rc1=$?
wait $many2
rc2=$?
t4=$(date +%s.%N)
names+=("$many_name")
res_expect[$many_name]=$many_expect
for i in 1 2; do
	rc=$((i == 1 ? rc1 : rc2))
	how=$([ $i = 1 ] && echo unpack || echo "create --template")
	dest=$([ $i = 1 ] && echo "$M/dest" || echo "$M/dest2")
	where="too-many ($how)"
	read_errors log/many-err$i
	if [ "$rc" -eq 1 ]; then
		status=refused
		[[ $err =~ $many_pat ]] || flag "$where" MSG "the message does not match /$many_pat/: $msg"
	else
		status="EXIT $rc"
		fail "$where: exit status $rc, expected 1 (${msg:-${err:0:300}})"
	fi
	if [ -e "$dest" ] || [ -L "$dest" ]; then
		flag "$where" DEST "the destination was created"
	fi
	[ $i = 1 ] && res_unpack[$many_name]=$status || res_create[$many_name]=$status
	res_msg[$many_name]=$msg
done
status=""
harmless "too-many" "$M"
[ -z "$status" ] || res_unpack[$many_name]+=$status

# --- report --------------------------------------------------------------------
echo
printf '%-24s %-8s %-18s %-18s %s\n' case expected unpack "create --template" "message"
for name in "${names[@]}"; do
	printf '%-24s %-8s %-18s %-18s %.110s\n' "$name" "${res_expect[$name]}" "${res_unpack[$name]}" \
		"${res_create[$name]}" "${res_msg[$name]}"
done
echo
printf '%-24s %s\n' case "poisoned cache entry, then create"
for name in $cache_cases; do
	printf '%-24s %s\n' "$name" "${res_cache[$name]}"
done
ncache=$(printf '%s\n' $cache_cases | wc -l)
nbad=0
for name in "${names[@]}"; do
	case "${res_unpack[$name]} ${res_create[$name]}" in *EXIT* | *'!'*) nbad=$((nbad + 1)) ;; esac
done
echo
echo "${#names[@]} cases, $((2 * ${#names[@]})) runs, $nbad of the cases not as expected;" \
	"$ncache also as a poisoned cache entry"
# Wall time depends on the machine's load; the CPU time (this script and all
# it ran) is about what a quiet machine would spend, the two 1,000,001-member
# runs on two cores at once, alongside the rest.
cpu_now
awk -v a="$started" -v b="$t0" -v c="$t1" -v d="$t2" -v e="$t3" -v f="$t4" -v g="$(date +%s.%N)" -v cpu="$cpu" 'BEGIN {
	printf "wall: setup %.1f s, generating %.1f s, cases %.1f s, cache %.1f s, then waiting for 1,000,001 members %.1f s; total %.1f s; CPU %s s\n",
		b - a, c - b, d - c, e - d, f - e, g - a, cpu }'
for i in 1 2; do
	[ -f log/many-time$i ] && echo "1,000,001 members, $([ $i = 1 ] && echo unpack || echo "create --template"): $(tail -1 log/many-time$i)"
done
finish
