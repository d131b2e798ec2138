# s21-hostile-wheels: hostile and broken wheels are refused by the native
# installer, name the wheel and the member, and leave nothing behind.
#
# hostile_wheels.py (beside this script) writes one wheel of demo 1.0 per
# case, each in a directory of its own: `..`, absolute, backslash, control
# character, NUL and non-UTF-8 names, symbolic links (zip attributes) out
# and in and files written through them, .data directories that are not a
# scheme, RECORD rows that leave the wheel or lie about a hash or a size,
# members missing from it or there twice, entry points that are not plain
# file names or not module:function, another project's or two .dist-info
# directories, no RECORD or WHEEL, Wheel-Version 2.0, local headers that
# contradict the central directory, a bad CRC, encryption, truncation, and
# 128 MiB of zeros declared as 1000 bytes; and a few wheels that must
# install (a NUL-cut name, set-uid bits to strip, UTF-8 names, 128 MiB of
# zeros declared as such).
#
# Each goes through `pyvenv create --no-cache --installer native
# --without-pip -r REQ ENV` (REQ: --no-index, --find-links DIR, demo==1.0)
# with the default interpreter; and, with every other one `pyvenv info
# --list` finds, the wheels to install and a sample
# of the refusals ($sample: wheel.c refuses alike whatever the interpreter,
# which only changes the paths; the whole corpus on all seven takes 70 s,
# this 20 s; the 128 MiB ones only run once). "refuse" is exit status 1, a message that
# holds the wheel's path, the case's fragment and its member, and no ENV;
# "accept" is exit 0, a working ENV with no set-uid, set-gid or sticky bit.
# Every run, whatever its end: the scratch directory (a sentinel tree beside
# ENV that absolute names and links aim at, and everything above ENV that
# five levels of ".." reach) exactly as it was, inodes and change times
# included, and nothing named after an attack anywhere.
#
# Skipped (exit 77) only while `pyvenv create` has no --installer option.
# One case by hand: `python3 hostile_wheels.py OUT CASE`, then the command
# above with --find-links OUT/CASE.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

"$PYVENV" create --help 2>&1 | grep -q -- '--installer' ||
	skip "pyvenv create has no --installer option yet (the native installer)"
started=$(date +%s.%N)
S=$PWD
GEN="$PYVENV_TEST_SRC/tests/stress/hostile_wheels.py"

# Layout: ENV is $W/ENV, built in $W/.ENV.pyvenv-tmp-*; five levels of ".."
# from its site-packages lead to $S/a, inside the scratch directory.
W=$S/a/b
mkdir -p "$W/sentinel/dir" log req pcache
export PYVENV_CACHE_DIR=$S/pcache # interpreter probes only (--no-cache)
echo precious > "$W/sentinel/victim"
echo precious > "$W/sentinel/dir/file"
python3 "$GEN" "$S/gen" --outside "$W/sentinel" > log/gen 2>&1 || { cat log/gen; fail "hostile_wheels.py failed"; finish; }

# The interpreters: the default one first, then each other one found.
pythons=("$PY")
while read -r version _ _ path; do
	case $version in 3.[0-7].*) continue ;; esac
	[ "$(readlink -f "$path")" = "$(readlink -f "$PY")" ] || pythons+=("$path")
done < <("$PYVENV" info --list 2>/dev/null)

# snap: everything in the scratch directory but the logs and the probe
# cache, with inodes and change times, which no write can hide; but not the
# times of $W, where each run makes and removes its build directory.
snap() {
	find "$S" \( -path "$S/log" -o -path "$S/pcache" \) -prune -o -path "$W" -printf '%p %y %m %i\n' \
		-o -printf '%p %y %s %m %i %C@ %T@ %l\n' | sort
}

# flag WHERE TAG MESSAGE: a failed check, also noted as TAG in $status.
flag() {
	fail "$1: $3"
	status+=" !$2"
}

# read_errors FILE: $err, FILE's text; $msg, its first error message.
read_errors() {
	err=$(cat "$1")
	msg=$(sed -n 's/^pyvenv: error: //p' "$1" | head -1)
}

# attempt NAME PYTHON EXPECT FRAGMENT MEMBER WHEEL: one run; sets $status.
attempt() {
	local name=$1 py=$2 expect=$3 frag=$4 member=$5 whl=$6 rc where now evil bits
	where="$name ($py)"
	printf -- '--no-index\n--find-links %s\ndemo==1.0\n' "${whl%/*}" > "req/$name.txt"
	baseline=$(snap)
	"$PYVENV" create --no-cache --installer native --without-pip --python "$py" -r "req/$name.txt" "$W/ENV" \
		>log/out 2>log/err
	rc=$?
	read_errors log/err
	case $expect:$rc in
	refuse:1)
		status=refused
		[[ $err == *"$whl"* ]] || flag "$where" WHEEL "the message does not name the wheel $whl: ${msg:-$err}"
		[[ $err == *"$frag"* ]] || flag "$where" MSG "the message does not say \"$frag\": ${msg:-$err}"
		[[ $err == *"$member"* ]] || flag "$where" MEMBER "the message does not name $member: ${msg:-$err}"
		if [ -e "$W/ENV" ] || [ -L "$W/ENV" ]; then
			flag "$where" ENV "ENV was created"
		fi
		;;
	accept:0)
		status=installed
		is_venv "$W/ENV" || status+=" !VENV"
		bits=$(find "$W/ENV" ! -type l -perm /7000 -printf '%p %m\n')
		[ -z "$bits" ] || flag "$where" BITS "special mode bits installed: $bits"
		"$W/ENV/bin/python" -c 'import demo' 2>/dev/null || flag "$where" IMPORT "demo cannot be imported"
		;;
	*)
		status="EXIT $rc"
		fail "$where: exit status $rc, expected $([ "$expect" = refuse ] && echo 1 || echo 0) (${msg:-${err:0:300}})"
		;;
	esac
	# (A sanitizer's report would hide behind a refusal's exit status 1.)
	case $err in *Sanitizer* | *"runtime error:"*) flag "$where" SAN "a sanitizer reported: ${err:0:600}" ;; esac
	evil=$(find "$S" -path "$S/log" -prune -o -path "$S/gen" -prune -o -path "$S/req" -prune -o -name '*evil*' -print)
	[ -z "$evil" ] || flag "$where" EVIL "an attack's name was written: $evil"
	rm -rf "$W/ENV"
	now=$(snap)
	if [ "$now" != "$baseline" ]; then
		flag "$where" OUTSIDE "the scratch directory changed:
$(diff <(printf '%s\n' "$baseline") <(printf '%s\n' "$now") | grep '^[<>]' | head -20)"
		rm -rf "$W" && mkdir -p "$W/sentinel/dir" && echo precious > "$W/sentinel/victim" &&
			echo precious > "$W/sentinel/dir/file"
	fi
}

sample=" dotdot absolute newline-name symlink-dir-then-file data-dotdot data-unknown record-dotdot
	record-hash-mismatch ep-dotdot local-name-differs bad-crc duplicate "
declare -A res res_msg
names=()
while IFS= read -r line; do
	IFS=$'\x1f' read -r name whl expect frag member written what <<< "${line//$'\t'/$'\x1f'}"
	names+=("$name")
	for i in "${!pythons[@]}"; do
		if [ "$i" -gt 0 ] && [[ $sample != *" $name "* ]] && { [ "$expect" != accept ] || [ "$name" = bomb-honest ]; }; then
			continue
		fi
		attempt "$name" "${pythons[$i]}" "$expect" "$frag" "$member" "$whl"
		res[$name]+="${res[$name]:+, }$status"
		[ -n "${res_msg[$name]:-}" ] || res_msg[$name]=$msg
	done
done < gen/cases.tsv

# --- report --------------------------------------------------------------------
echo
echo "interpreters: ${pythons[*]}"
printf '%-24s %-7s %-32s %s\n' case expect "outcome (per interpreter)" message
nbad=0
for name in "${names[@]}"; do
	expect=$(awk -F'\t' -v n="$name" '$1 == n { print $3 }' gen/cases.tsv)
	outcome=$(printf '%s\n' "${res[$name]}" | tr ',' '\n' | sed 's/^ //' | sort | uniq -c |
		awk '{ c = $1; $1 = ""; printf "%s%s x%d", (NR > 1 ? ", " : ""), substr($0, 2), c }')
	case ${res[$name]} in *EXIT* | *'!'*) nbad=$((nbad + 1)) ;; esac
	printf '%-24s %-7s %-32s %.120s\n' "$name" "$expect" "$outcome" "${res_msg[$name]}"
done
echo
echo "${#names[@]} cases, ${#pythons[@]} interpreters, $nbad of the cases not as expected;" \
	"$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }')"
finish
