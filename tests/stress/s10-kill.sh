# SIGKILL at random moments. `create` (a cache miss that runs pip, a cache
# hit, a hit that first unpacks the cache tree, --clear over an environment,
# --template), `unpack` (new, --clear) and `pack` (new, over an old archive)
# run in a session of their own and are killed after a delay drawn uniformly
# from [0, 1.1 x an unkilled run's duration] (measured first, then followed
# as the machine's load changes): with their children (the session, as a CI
# timeout or Ctrl-C does) or, one time in four, alone (pip orphaned, as the
# OOM killer does; it is let finish). Then targeted kills in the short
# windows random moments rarely hit: storing a template, just after the
# rename into place, unpacking a cache tree, removing the old environment
# after a --clear swap, writing an archive. After each kill:
#   - the destination is absent, the old environment unchanged (snapshot), or
#     a complete new one; or, where it existed as a directory (--clear), which
#     is kept, unfinished: no pyvenv.cfg and, before the point where the new
#     one starts moving in, every old file still there or moved aside inside
#     it, unchanged (the next run puts them back, or finishes the new one). A
#     complete environment has the reference environment's files, modes and sizes,
#     alpha's script prints the right sys.prefix, no file names a temporary
#     directory, and (after a targeted kill) pip --version works; an archive
#     is absent, the old one, or unpacks to a complete environment;
#   - the cache holds only complete entries (each <key>.sha256 matches its
#     archive, every tree is complete) and `cache list` shows them;
#   - the next run with the same inputs succeeds with a complete result,
#     seeds from the cache when a complete entry is there (else stores one,
#     which then serves a complete environment), warns of nothing, and
#     leaves no temporaries beside the destination nor in the cache.
# At the end, `cache clear` must leave no temporaries in the cache.
# Temporaries beside a killed pack's archive are counted, not failed.
# Prints one line per trial and a table of outcomes per kind.
# PYVENV_KILL_SEED=N draws the same order, kill modes and relative delays;
# PYVENV_KILL_KINDS="miss pack ..." runs only those kinds, PYVENV_KILL_COUNT=N
# N random trials of each (for debugging; the check on the total then relaxes).
# The shell code avoids subshells: forks are slow on a loaded VM.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
# unpack finds its interpreter as create does, never from the template.
export PYVENV_PYTHON="$PY"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') VIRTUAL_ENV PYTHONHOME
command -v setsid >/dev/null || skip "setsid (util-linux) is not installed"
command -v pgrep >/dev/null || skip "pgrep (procps) is not installed"

seed=${PYVENV_KILL_SEED:-1010}
RANDOM=$seed
echo "seed $seed (set PYVENV_KILL_SEED=$seed to draw the same trials)"
t0=${EPOCHREALTIME/./}
# Random trials start until 420 s, targeted ones until 500 s; past that the
# test fails (CTest's TIMEOUT is 600 s). On the 2-core development machine,
# with other work loading it to 4-7, a run took 4-6 min (~2.3 min of CPU).
BUDGET_US=$((420 * 1000000))

# kind:count; 100+ random trials, the slow pip miss path the fewest.
KINDS="miss:6 miss-clear:6 hit:12 hit-extract:12 hit-clear:12 template:8 template-clear:8
unpack:10 unpack-clear:10 pack:10 pack-over:10"
[ -z "${PYVENV_KILL_KINDS:-}" ] ||
	KINDS=$(for k in $KINDS; do case " $PYVENV_KILL_KINDS " in *" ${k%%:*} "*) echo "$k" ;; esac; done)
[ -z "${PYVENV_KILL_COUNT:-}" ] || KINDS=$(for k in $KINDS; do echo "${k%%:*}:$PYVENV_KILL_COUNT"; done)
KINDS=$(echo $KINDS)

c=$PWD/c           # the cache of this test
ORIGIN=$PWD/origin # the environment the templates were made from
IO=$PWD/io         # scratch files for captured output
PIPARGS=(--pip-arg=--no-index "--pip-arg=--find-links=$PWD/wheels")
declare -A VERIFIED=() TREES=() DUR=() DS=() cnt=()
UNIQ=0 trials=0
RE_HIT="seeding from the cached template '[^']*/([0-9a-f]{64})\.tar\.zst'"
RE_STORED="stored its template in '[^']*/([0-9a-f]{64})\.tar\.zst'"

# rand N: R = a uniform integer in [0, N).
rand() { R=$(((RANDOM << 15 | RANDOM) % $1)); }
# pause SECONDS: sleeps without starting a process.
exec {pause_fd}<> <(:)
pause() { read -r -t "$1" -u "$pause_fd"; }
# slurp VAR FILE: VAR = FILE's contents without the last newline.
slurp() {
	IFS= read -r -d '' "$1" <"$2"
	printf -v "$1" '%s' "${!1%$'\n'}"
}
# xrun CMD...: as lib.sh's run (out, err, rc), without subshells.
xrun() {
	"$@" >"$IO.out" 2>"$IO.err"
	rc=$?
	slurp out "$IO.out"
	slurp err "$IO.err"
}
count() { cnt[$1,$2]=$((${cnt[$1,$2]:-0} + 1)); }

# listing DIR: relative names, types, modes, and file sizes (not of
# pyvenv.cfg, whose command line depends on the options); no __pycache__.
listing() {
	find "$1" -name __pycache__ -prune -o -path "$1/.pyvenv-*-*" -prune -o -path "$1/pyvenv.cfg" \
		-printf '%P f - %m\n' -o -type f -printf '%P f %s %m\n' -o -printf '%P %y %m\n' | LC_ALL=C sort
}
# (not the manifest a cache tree has at its top)
names() { find "$1" -name __pycache__ -prune -o -path "$1/.pyvenv-tree" -prune -o -printf '%P %y\n' | LC_ALL=C sort; }
# snap DIR [with-old]: SNAP = a snapshot of what DIR holds (relative names,
# types, sizes, modes, times), without the staging directories a run makes
# inside a destination it keeps; with-old: with what a killed run moved
# aside into one, as if back in DIR (where the next run puts it).
snap() {
	{
		find "$1" -mindepth 1 -path "$1/.pyvenv-*-*" -prune -o -printf '%P %y %s %m %T@\n'
		if [ -n "${2:-}" ]; then
			for o in "$1"/.pyvenv-old-*; do
				[ -d "$o" ] && find "$o" -mindepth 1 -printf '%P %y %s %m %T@\n'
			done
		fi
	} 2>/dev/null | LC_ALL=C sort >"$IO.snap"
	slurp SNAP "$IO.snap"
}
# staging DIR: STAGING = the staging directories inside DIR (names).
staging() {
	local l
	shopt -s nullglob dotglob
	l=("$1"/.pyvenv-build-* "$1"/.pyvenv-ready-* "$1"/.pyvenv-old-*)
	shopt -u nullglob dotglob
	STAGING=" ${l[*]##*/}"
}

# problems DIR [full]: WHY = what keeps DIR from being a complete environment
# with alpha (empty when it is one). With "full", pip --version runs too.
problems() {
	local d=$1 o
	WHY=
	[ -f "$d/pyvenv.cfg" ] || { WHY="no pyvenv.cfg"; return; }
	listing "$d" >"$IO.list"
	slurp o "$IO.list"
	if [ "$o" != "$REF_LIST" ]; then
		WHY="its files differ from a complete environment's (< it, > reference): $(diff "$IO.list" ref.list | head -6)"
		return
	fi
	# alpha's script runs the environment's Python, which prints sys.prefix.
	"$d/bin/alpha" >"$IO.alpha" 2>&1
	slurp o "$IO.alpha"
	[ "$o" = "hello from alpha 1.0"$'\n'"$d" ] || WHY="$WHY bin/alpha: $o;"
	if grep -rlF --exclude-dir=__pycache__ --exclude-dir='.pyvenv-*-*' -e .pyvenv-tmp- -e .pyvenv-build- \
		-e .pyvenv-ready- -e "$ORIGIN" "$d" >"$IO.grep"; then
		slurp o "$IO.grep"
		WHY="$WHY files name a temporary directory or $ORIGIN: $o;"
	fi
	if [ "${2:-}" = full ]; then
		"$d/bin/pip" --version >"$IO.pip" 2>&1
		slurp o "$IO.pip"
		[ "${o%% from *}" = "pip $PIPV" ] || WHY="$WHY pip --version: $o;"
	fi
}

# keys: KEYS = " key1 key2 ... " of the entries whose digest file is there.
keys() {
	local s
	KEYS=" "
	for s in "$c"/templates/*.sha256; do
		[ -e "$s" ] || continue
		s=${s##*/}
		KEYS="$KEYS${s%.sha256} "
	done
}

# cache_temporaries: NTMP = how many temporaries of pyvenv the cache holds.
cache_temporaries() {
	local l
	shopt -s nullglob
	l=("$c"/templates/*.pyvenv-tmp-* "$c"/trees/*.pyvenv-tmp-*)
	shopt -u nullglob
	NTMP=${#l[@]}
}

# check_cache WHAT [list]: every entry complete (its digest matches its
# archive), every tree complete; with "list", `cache list` shows them.
check_cache() {
	local s k a sig tr dg n name ino size mtime
	local -A st=()
	keys
	if [ "${2:-}" = list ]; then
		xrun "$PYVENV" cache --cache-dir "$c" list
		[ "$rc" = 0 ] || fail "$1: cache list: exit status $rc: $err"
		n=($KEYS)
		n=${#n[@]}
		[[ "${out##*$'\n'}" == "$n template"* ]] || fail "$1: cache list does not count $n templates: $out"
		[[ "$out" != *"(unreadable)"* ]] || fail "$1: cache list shows an unreadable entry: $out"
	fi
	shopt -s nullglob
	set -- "$1" "$c"/templates/*.tar.zst "$c"/trees/*
	shopt -u nullglob
	if [ $# -gt 1 ]; then
		stat -c '%n %i %s %Y' "${@:2}" >"$IO.stat"
		while read -r name ino size mtime; do st[$name]="$ino $size $mtime"; done <"$IO.stat"
	fi
	for k in $KEYS; do
		a=$c/templates/$k.tar.zst
		if [ ! -f "$a" ]; then
			fail "$1: cache entry $k has a digest file but no archive"
			continue
		fi
		read -r dg <"$c/templates/$k.sha256"
		sig="${st[$a]} $dg"
		[ "${VERIFIED[$k]:-}" = "$sig" ] && continue
		sha256sum <"$a" >"$IO.sum"
		read -r s _ <"$IO.sum"
		if [ "$s" != "$dg" ]; then
			fail "$1: cache entry $k: its digest file does not match its archive (a partial template is published)"
			continue
		fi
		VERIFIED[$k]=$sig
	done
	for tr in "$c"/trees/*; do
		[ -d "$tr" ] || continue
		case $tr in *.pyvenv-tmp-*) continue ;; esac
		[ "${TREES[$tr]:-}" = "${st[$tr]}" ] && continue
		names "$tr" >"$IO.names"
		cmp -s "$IO.names" ref.names ||
			fail "$1: the cache tree $tr is not complete: $(diff "$IO.names" ref.names | head -5)"
		TREES[$tr]=${st[$tr]}
	done
}

# old_env DIR: a bare environment with a marker file, for --clear to replace.
old_env() {
	"$PYVENV" create -q --python "$PY" --cache-dir "$c" --without-pip "$1" || fail "creating the old environment $1"
	echo old >"$1/OLD_MARKER"
}

# mkcmd KIND DIR: the command of a trial of KIND in DIR, in CMD; its
# destination (environment or archive) in DEST.
mkcmd() {
	local kind=$1 dir=$2
	DEST=$dir/env
	case $kind in
	miss | miss-clear)
		CMD=("$PYVENV" create -v --python "$PY" --cache-dir "$c" -r "$dir/req.txt" "${PIPARGS[@]}") ;;
	hit | hit-extract | hit-clear)
		CMD=("$PYVENV" create -v --python "$PY" --cache-dir "$c" -r "$PWD/req.txt" "${PIPARGS[@]}") ;;
	template | template-clear)
		CMD=("$PYVENV" create -v --python "$PY" --cache-dir "$c" --template "$PWD/tpl.tar.zst") ;;
	unpack | unpack-clear)
		CMD=("$PYVENV" unpack -v --cache-dir "$c" "$PWD/tpl.tar.zst") ;;
	pack | pack-over)
		DEST=$dir/a.tar.zst
		CMD=("$PYVENV" pack -v --cache-dir "$c" "$ORIGIN" "$DEST")
		return ;;
	esac
	case $kind in *-clear) CMD+=(--clear) ;; esac
	CMD+=("$DEST")
}

# prepare KIND DIR [N]: what is there before the run, and OLD, its
# fingerprint (empty if nothing). An old environment gets N junk files
# (default 100), so that removing it once swapped out takes a while.
prepare() {
	local kind=$1 dir=$2 i junk=()
	OLD=
	mkdir -p "$dir"
	case $kind in
	miss | miss-clear) # a key of its own
		UNIQ=$((UNIQ + 1))
		printf 'alpha\n# %s\n' "$UNIQ" >"$dir/req.txt" ;;
	hit-extract) rm -rf "$c/trees/$K0" ;;
	pack-over)
		cp old.tar.zst "$dir/a.tar.zst"
		OLD=$OLD_SUM ;;
	esac
	case $kind in
	*-clear)
		old_env "$dir/env"
		for ((i = 0; i < ${3:-100}; i++)); do junk+=("$dir/env/junk/$i"); done
		mkdir "$dir/env/junk" && touch "${junk[@]}"
		snap "$dir/env"
		OLD=$SNAP ;;
	esac
}

# fingerprint KIND: FP = the destination's digest (an archive) or snapshot.
fingerprint() {
	case $1 in
	pack*)
		sha256sum <"$DEST" >"$IO.sum"
		read -r FP _ <"$IO.sum" ;;
	*)
		snap "$DEST"
		FP=$SNAP ;;
	esac
}

# state KIND DIR [full]: STATE is absent, old, new, unfinished or bad (WHY
# says why) for the destination of the last mkcmd.
state() {
	local kind=$1 dir=$2
	WHY=
	if [ ! -e "$DEST" ] && [ ! -L "$DEST" ]; then
		STATE=absent
		return
	fi
	if [ -n "$OLD" ]; then
		fingerprint "$kind"
		[ "$FP" = "$OLD" ] && { STATE=old; return; }
	fi
	case $kind in
	*-clear)
		staging "$DEST"
		if [ ! -f "$DEST/pyvenv.cfg" ] && [ "$STAGING" != " " ]; then
			STATE=unfinished
			# Until the new environment starts moving in, nothing old is lost.
			if [[ "$STAGING" != *" .pyvenv-ready-"* ]]; then
				snap "$DEST" with-old
				[ "$SNAP" = "$OLD" ] ||
					STATE=bad WHY="old files are lost or changed: $(diff <(echo "$SNAP") <(echo "$OLD") | head -6)"
			fi
			return
		fi ;;
	esac
	case $kind in
	pack*)
		rm -rf "$dir/chk"
		if "$PYVENV" unpack -q --cache-dir "$c" "$DEST" "$dir/chk" >"$IO.unpack" 2>&1; then
			problems "$dir/chk" "${3:-}"
		else
			slurp WHY "$IO.unpack"
			WHY="it does not unpack: $WHY"
		fi
		rm -rf "$dir/chk" "$dir/.chk.pyvenv-lock" ;;
	*) problems "$DEST" "${3:-}" ;;
	esac
	if [ -z "$WHY" ]; then STATE=new; else STATE=bad; fi
}

# leftovers DIR: NLEFT = how many temporaries of pyvenv are beside DEST (a
# lock file too), or inside it (staging directories).
leftovers() {
	local l
	shopt -s nullglob dotglob
	l=("$1/${DEST##*/}".pyvenv-tmp-* "$1/.${DEST##*/}".pyvenv-tmp-* "$1/.${DEST##*/}".pyvenv-loc[k]
	   "$DEST"/.pyvenv-build-* "$DEST"/.pyvenv-ready-* "$DEST"/.pyvenv-old-*)
	shopt -u nullglob dotglob
	NLEFT=${#l[@]}
}

# launch DELAY_US MODE: runs CMD in a session of its own, SIGKILLs it after
# DELAY_US (the session, or only the helper), waits; RC, ORPHANS, SESSION.
launch() {
	local pid d
	printf -v d '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000))
	setsid "${CMD[@]}" >"$DIR/out.txt" 2>"$DIR/err.txt" </dev/null &
	pid=$!
	pause "$d"
	if [ "$2" = group ]; then
		# Before setsid has run there is no such group yet: kill the process.
		kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
	else
		kill -KILL "$pid" 2>/dev/null
	fi
	{ wait "$pid"; } 2>/dev/null
	RC=$?
	ORPHANS=0
	[ "$2" = group ] || ORPHANS=$(pgrep -s "$pid" | wc -l)
	SESSION=$pid
}

# launch_when GLOB: runs CMD in a session of its own and SIGKILLs the session
# as soon as GLOB matches one more path than before (or after 60 s); RC,
# SESSION, and the time it took in delay.
launch_when() {
	local pid n0 m
	shopt -s nullglob
	m=($1)
	n0=${#m[@]}
	delay=${EPOCHREALTIME/./}
	setsid "${CMD[@]}" >"$DIR/out.txt" 2>"$DIR/err.txt" </dev/null &
	pid=$!
	while kill -0 "$pid" 2>/dev/null && [ $((${EPOCHREALTIME/./} - delay)) -lt 60000000 ]; do
		m=($1)
		[ "${#m[@]}" -gt "$n0" ] && break
		pause 0.0005
	done
	shopt -u nullglob
	kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
	delay=$((${EPOCHREALTIME/./} - delay))
	{ wait "$pid"; } 2>/dev/null
	RC=$?
	ORPHANS=0
	SESSION=$pid
}

# reap: waits (up to 60 s) for what is left of the killed session (its
# process group: nothing here leaves it).
reap() {
	local i
	for ((i = 0; i < 6000; i++)); do
		kill -0 -- "-$SESSION" 2>/dev/null || return 0
		pause 0.01
	done
	fail "$T: processes of the killed run still there after 60 s: $(pgrep -a -s "$SESSION")"
	kill -KILL -- "-$SESSION"
}

# retime KIND US: an unkilled run of KIND took US; DUR[KIND] becomes the
# median of the last three, so delays follow the machine's load.
retime() {
	local a
	a=(${DS[$1]:-} "$2")
	[ ${#a[@]} -le 3 ] || a=("${a[@]: -3}")
	DS[$1]="${a[*]}"
	a=($(printf '%s\n' "${a[@]}" | sort -n))
	DUR[$1]=${a[$(((${#a[@]} - 1) / 2))]}
}

# --- set-up: wheels, the reference environment, templates, durations ----------
mkdir wheels t
wheel wheels alpha 1.0
echo alpha >req.txt
xrun "$PYVENV" create -q --python "$PY" --cache-dir "$c" -r req.txt "${PIPARGS[@]}" "$ORIGIN"
[ "$rc" = 0 ] || { fail "creating $ORIGIN: $err"; finish; }
PIPV=$("$ORIGIN/bin/python" -c 'import pip; print(pip.__version__)')
keys
K0=$(echo $KEYS)
[[ "$K0" =~ ^[0-9a-f]{64}$ ]] || { fail "not one cache entry after the first create: $K0"; finish; }
"$PYVENV" pack -q --cache-dir "$c" "$ORIGIN" tpl.tar.zst || { fail "pack $ORIGIN"; finish; }
old_env bare
"$PYVENV" pack -q --cache-dir "$c" bare old.tar.zst || { fail "pack bare"; finish; }
OLD_SUM=$(sha256sum <old.tar.zst | cut -d' ' -f1)
# The reference: a seeded environment at a path as long as every trial's.
"$PYVENV" create -q --python "$PY" --cache-dir "$c" -r req.txt "${PIPARGS[@]}" "$PWD/t/ref/env" ||
	fail "create t/ref/env"
listing "$PWD/t/ref/env" >ref.list
names "$PWD/t/ref/env" >ref.names
slurp REF_LIST ref.list
problems "$PWD/t/ref/env" full
[ -z "$WHY" ] || { fail "the reference environment: $WHY"; finish; }
rm -rf t/ref

# measure KIND: DUR[KIND], the median of two unkilled runs (of a miss, one;
# miss-clear starts from miss's), each of which must succeed with a complete
# result. Later, retime follows the next runs' durations.
measure() {
	local kind=$1 i n=2 s
	case $kind in miss*) n=1 ;; esac
	if [ "$kind" = miss-clear ] && [ -n "${DUR[miss]:-}" ]; then
		n=0 DS[$kind]=${DS[miss]} DUR[$kind]=${DUR[miss]}
	fi
	[ "$n" = 0 ] || DS[$kind]=""
	for ((i = 1; i <= n; i++)); do
		DIR=$PWD/t/m0$i
		rm -rf "$DIR"
		prepare "$kind" "$DIR"
		mkcmd "$kind" "$DIR"
		s=${EPOCHREALTIME/./}
		xrun "${CMD[@]}"
		s=$((${EPOCHREALTIME/./} - s))
		[ "$rc" = 0 ] || fail "unkilled $kind: exit status $rc: $err"
		state "$kind" "$DIR"
		[ "$STATE" = new ] || fail "unkilled $kind: the result is $STATE: $WHY"
		rm -rf "$DIR"
		retime "$kind" "$s"
	done
}
for k in $KINDS; do measure "${k%%:*}"; done
for k in $KINDS; do printf '%s %d ms; ' "${k%%:*}" $((DUR[${k%%:*}] / 1000)); done
echo "(unkilled)"
check_cache "set-up" list

# --- one trial --------------------------------------------------------------------------
# trial KIND [GLOB]: prepares, runs and kills a trial of KIND (after a random
# delay, or, targeted, as soon as GLOB, expanded once DIR is set, matches one
# more path than before), checks what is left, then the next run.
trial() {
	local kind=$1 when=${2:-} ck=$1 pat mode=group keys_before ntmp_before outcome note="" hit stored same start took
	trials=$((trials + 1))
	[ -z "$when" ] || ck="$kind!"
	printf -v T '#%03d %s' "$trials" "$ck"
	printf -v DIR '%s/t/%03d' "$PWD" "$trials"
	prepare "$kind" "$DIR" ${when:+1000}
	mkcmd "$kind" "$DIR"
	keys
	keys_before=$KEYS
	cache_temporaries
	ntmp_before=$NTMP
	if [ -n "$when" ]; then
		eval "pat=\"$when\""
		launch_when "$pat"
		[ "$RC" = 137 ] || note=", the window was missed"
	else
		rand $((DUR[$kind] * 11 / 10 + 1))
		delay=$R
		rand 4
		[ "$R" = 0 ] && mode=alone
		launch "$delay" "$mode"
	fi
	reap

	# --- what the kill left
	[ "$ORPHANS" -gt 0 ] && note="$note, $ORPHANS orphaned" && count "$ck" orphans
	leftovers "$DIR"
	[ "$NLEFT" -gt 0 ] && note="$note, $NLEFT temporaries left" && count "$ck" left
	cache_temporaries
	[ "$NTMP" -gt "$ntmp_before" ] && note="$note, $((NTMP - ntmp_before)) in the cache" && count "$ck" cache-left
	if [ "$RC" = 0 ]; then
		state "$kind" "$DIR"
		outcome=finished
		[ "$STATE" = new ] || fail "$T: the run finished, but the result is $STATE: $WHY"
	elif [ "$RC" = 137 ]; then
		state "$kind" "$DIR" ${when:+full}
		case $STATE in
		absent) outcome=nothing ;;
		old) outcome=old-kept ;;
		new) outcome=new ;;
		unfinished) outcome=unfinished ;;
		bad) outcome=BROKEN
			fail "$T: killed after $((delay / 1000)) ms ($mode): $DEST is neither absent, nor the old one, nor complete: $WHY" ;;
		esac
		case $kind,$STATE in
		*-clear,absent | pack-over,absent) outcome=OLD-LOST
			fail "$T: killed after $((delay / 1000)) ms ($mode): the old $DEST is gone and no new one is there" ;;
		esac
	else
		outcome=FAILED
		fail "$T: exit status $RC (not killed): $(cat "$DIR/err.txt")"
	fi
	count "$ck" "$outcome"
	case $kind in
	miss*)
		keys
		[ "$KEYS" != "$keys_before" ] && note="$note, entry stored" && count "$ck" stored ;;
	esac
	case $kind in miss* | hit*) check_cache "$T (after the kill)" list ;; esac

	# --- the next run: the same inputs (--clear where an environment is now)
	keys
	keys_before=$KEYS
	same=1
	case $kind in
	pack*) ;;
	*) [ -e "$DEST" ] && [[ " ${CMD[*]} " != *" --clear "* ]] && CMD=("${CMD[@]:0:${#CMD[@]}-1}" --clear "$DEST") && same= ;;
	esac
	[ "$kind" = hit-extract ] && [ -d "$c/trees/$K0" ] && same=
	start=${EPOCHREALTIME/./}
	xrun "${CMD[@]}"
	took=$((${EPOCHREALTIME/./} - start))
	case $kind in miss*) [[ "$err" == *"stored its template in"* ]] || same= ;; esac
	if [ "$rc" = 0 ] && [ -n "$same" ] && [ -z "$when" ]; then
		case $kind in
		miss*) retime miss "$took" && retime miss-clear "$took" ;; # the same pip work
		*) retime "$kind" "$took" ;;
		esac
	fi
	if [ "$rc" != 0 ]; then
		fail "$T: the next run: exit status $rc: $err"
	else
		OLD=
		state "$kind" "$DIR"
		[ "$STATE" = new ] || fail "$T: the next run made $STATE: $WHY"
		leftovers "$DIR"
		case $kind in
		pack*) [ "$NLEFT" -gt 0 ] && note="$note, $NLEFT after the next pack" && count "$ck" left-next ;;
		*) [ "$NLEFT" = 0 ] || fail "$T: the next run left temporaries beside $DEST: $(ls -a "$DIR")" ;;
		esac
		[[ "$err" != *warning* ]] || fail "$T: the next run warned: $err"
	fi
	case $kind in
	miss* | hit*)
		hit= stored=
		[[ "$err" =~ $RE_HIT ]] && hit=${BASH_REMATCH[1]}
		[[ "$err" =~ $RE_STORED ]] && stored=${BASH_REMATCH[1]}
		if [ -n "$stored" ]; then
			note="$note, next: miss"
			[[ "$keys_before" != *" $stored "* ]] || fail "$T: the next run rebuilt the complete entry $stored"
			# The entry it stored serves a complete environment.
			mkcmd "$kind" "$DIR"
			CMD[${#CMD[@]} - 1]=$DIR/hit
			xrun "${CMD[@]}"
			[[ "$err" == *"seeding from the cached template"* ]] || fail "$T: no hit after the next run stored the entry: $err"
			problems "$DIR/hit"
			[ -z "$WHY" ] || fail "$T: the environment seeded from the stored entry: $WHY"
		elif [ -n "$hit" ]; then
			note="$note, next: hit"
		elif [ "$rc" = 0 ]; then
			fail "$T: the next run neither seeded from the cache nor stored: $err"
		fi
		check_cache "$T (after the next run)"
		# What the killed run left in the cache goes when its key is built
		# or unpacked again.
		cache_temporaries
		[ "$NTMP" = 0 ] ||
			fail "$T: the next run left temporaries in the cache: $(cd "$c" && ls -d templates/*.pyvenv-tmp-* trees/*.pyvenv-tmp-* 2>/dev/null)" ;;
	esac
	printf -v T '%s [%ds]' "$T" $(((${EPOCHREALTIME/./} - t0) / 1000000))
	if [ -n "$when" ]; then
		printf '%s: killed when %s appeared, after %d ms: %s%s\n' "$T" "${when##*/}" $((delay / 1000)) "$outcome" "$note"
	else
		printf '%s: kill after %3d ms of ~%d (%s): %s%s\n' "$T" $((delay / 1000)) $((DUR[$kind] / 1000)) "$mode" "$outcome" "$note"
	fi
	# removed in the background, as trials go on
	[ "$failures" = 0 ] && mv "$DIR" "$PWD/t/done-$trials" && { rm -rf "$PWD/t/done-$trials" </dev/null >/dev/null 2>&1 & }
}

# --- random trials, in a random order -----------------------------------------------
order=()
for k in $KINDS; do for ((i = 0; i < ${k#*:}; i++)); do order+=("${k%%:*}"); done; done
for ((i = ${#order[@]} - 1; i > 0; i--)); do
	rand $((i + 1))
	x=${order[i]} order[i]=${order[R]} order[R]=$x
done
for kind in "${order[@]}"; do
	if [ $((${EPOCHREALTIME/./} - t0)) -gt $BUDGET_US ]; then
		fail "time budget spent after $trials trials (is the machine loaded?)"
		break
	fi
	trial "$kind"
done

# --- targeted: kills inside the short windows random moments rarely hit ---------------
TARGETS=(
	'miss=$c/templates/*.tar.zst.pyvenv-tmp-*' # storing the template
	'miss=$DEST/pyvenv.cf[g]'                  # just renamed into place
	'hit-extract=$c/trees/*.pyvenv-tmp-*/lib'  # unpacking the cache tree
	'hit-clear=$DEST/.pyvenv-old-*/junk'       # moving the old one aside
	'template-clear=$DEST/.pyvenv-ready-*'     # the new one starts moving in
	'unpack-clear=$DEST/.pyvenv-old-*/junk'
	'unpack=$DIR/.env.pyvenv-tmp-*/lib'        # extracting
	'pack=$DIR/a.tar.zst.pyvenv-tmp-*'         # writing the archive
)
targeted=""
for x in "${TARGETS[@]}"; do
	[[ " $KINDS " == *" ${x%%=*}:"* ]] || continue
	if [ $((${EPOCHREALTIME/./} - t0)) -gt $((BUDGET_US + 80000000)) ]; then
		fail "time budget spent before the targeted trials were done"
		break
	fi
	trial "${x%%=*}" "${x#*=}"
	[[ " $targeted " == *" ${x%%=*}! "* ]] || targeted="$targeted ${x%%=*}!"
done

# --- leftovers in the cache ---------------------------------------------------------
wait # for the removals in the background
left=$(find "$c" -name '*.pyvenv-tmp-*' -prune)
check_cache "the end" list
xrun "$PYVENV" cache --cache-dir "$c" clear
[ "$rc" = 0 ] || fail "cache clear: $err"
after=$(find "$c" -name '*.pyvenv-tmp-*' -prune)
[ -z "$after" ] || fail "cache clear leaves temporaries in the cache: $(printf '%s ' $after | sed "s|$c/||g")"

# --- summary --------------------------------------------------------------------------
cols="finished nothing old-kept new unfinished BROKEN OLD-LOST FAILED stored orphans left left-next cache-left"
printf '\n%-15s %6s' kind trials
for col in $cols; do printf ' %9s' "$col"; done
echo
total=0
for k in $KINDS $targeted; do
	k=${k%%:*}
	n=0
	for o in finished nothing old-kept new unfinished BROKEN OLD-LOST FAILED; do n=$((n + ${cnt[$k,$o]:-0})); done
	total=$((total + n))
	printf '%-15s %6d' "$k" "$n"
	for col in $cols; do printf ' %9s' "${cnt[$k,$col]:-0}"; done
	echo
done
echo "$total trials in $(((${EPOCHREALTIME/./} - t0) / 1000000)) s (seed $seed)"
cat <<'EOF'
kind! = targeted kill. finished = the run ended before the kill; nothing = killed, no
destination; old-kept = killed, the old environment or archive unchanged; new = killed,
a complete new one in place; unfinished = killed while moving into the destination
directory it keeps, which has no pyvenv.cfg (every old file kept, unless the new ones
had started moving in); stored = a killed miss had stored its cache entry; orphans =
children outlived a helper killed alone; left = temporaries beside the destination after
the kill (the next create/unpack must remove them); left-next = pack temporaries still
there after the next pack; cache-left = temporaries the kill left in the cache (the
next run with the same key must remove them).
EOF
[ "$total" -ge 100 ] || [ -n "${PYVENV_KILL_KINDS:-}${PYVENV_KILL_COUNT:-}" ] || fail "only $total trials"
finish
