# s02: eight `pyvenv create` at once on one destination. Runs on a
# destination wait for each other (on the directory, or while it does not
# exist on a lock file .NAME.pyvenv-lock beside it, which goes too), so:
#  a) a new destination, plain creates (pip, the cache): one creates it and
#     stores its template; the seven others wait, find an environment and
#     update it in place, as `python -m venv` does on an existing one;
#  b) --clear -r over an existing environment: each replaces it whole; the
#     first builds the template (pip runs once), the others seed from it; the
#     old contents are gone;
#  c) --stamp, as add_python_venv runs it: all succeed, one template, and
#     the environment is built once: the others find the stamp current
#     under the destination's lock and only touch it.
# In each: every run exits 0 and says nothing but progress and waiting; the
# result is one complete, working environment; nothing is left beside it
# (.NAME.pyvenv-tmp-*, the lock file), inside it or in the cache.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') VIRTUAL_ENV PYTHONHOME PYTHONPATH
command -v flock >/dev/null || skip "flock(1) is not installed (it starts the runs together)"
start=$EPOCHREALTIME
N=8
waits=""
VERSION=$("$PY" -c 'import platform; print(platform.python_version())') || { echo "FAIL: $PY does not run"; exit 1; }
PIP_VERSION=$("$PY" -c 'import ensurepip; print(ensurepip.version())')

mkdir wheels
wheel wheels alpha 1.0 || { echo "FAIL: cannot build the test wheel"; exit 1; }
echo alpha >req.txt
WHEELS=(-r req.txt --pip-arg=--no-index --pip-arg=--find-links=wheels)

# together TAG CMD...: runs CMD N times at once (each waits for a shared lock
# on "go", held here until all are forked); TAG.I.out / TAG.I.err keep their
# output; fails for each run that exits non-zero.
together() {
	local tag=$1 i pids=() rc
	shift
	exec 9>go
	flock 9
	for i in $(seq 1 $N); do
		flock -s go "$@" >"$tag.$i.out" 2>"$tag.$i.err" &
		pids+=($!)
	done
	flock -u 9
	exec 9>&-
	for i in $(seq 1 $N); do
		wait "${pids[i - 1]}"
		rc=$?
		[ "$rc" = 0 ] || fail "$tag: run $i: exit status $rc: $(cat "$tag.$i.err")"
	done
}

# quiet_runs TAG: the runs' stderr has only progress lines: no error,
# warning or hint, nothing about damaged cache entries or leftovers.
quiet_runs() {
	local f other bad
	for f in "$1".*.err; do
		other=$(grep -v '^pyvenv: ' "$f")
		[ -z "$other" ] || fail "$f: lines that are not progress: $other"
		bad=$(grep -Ei '^pyvenv: (error|warning)|^hint:|could not|cannot|damaged|discard|interrupted|left by|traceback' "$f" |
			grep -vE '^pyvenv: cannot (clone|hardlink) here \(.*\): trying (hardlink|copy)$')
		[ -z "$bad" ] || fail "$f: $bad"
	done
}

# count TAG TEXT: how many lines of the runs' stderr contain TEXT.
count() {
	cat "$1".*.err | grep -cF -- "$2"
}

# expect_count TAG TEXT N WHAT
expect_count() {
	local n
	n=$(count "$1" "$2")
	[ "$n" = "$3" ] || fail "$1: $4: $n, not $3"
}

# overlapped TAG DIR: at least one run waited for another on DIR (how many
# depends on timing; the runs start together, and each one holds the lock
# far longer than it takes the others to reach it).
overlapped() {
	local n
	n=$(count "$1" "waiting for another pyvenv working on '$2'")
	[ "$n" -ge 1 ] || fail "$1: no run waited for another: the runs did not overlap"
	waits="$waits $1:$n"
}

# complete DIR CACHE [alpha]: DIR is one working environment with pip (and
# alpha), nothing beside it but its lock, the cache CACHE holds at most one
# template and no temporary file.
complete() {
	local d=$1 c=$2 got left
	is_venv "$d" || return
	got=$("$PYVENV" check -q --no-cache "$d" 2>&1) || fail "pyvenv check $d: $got"
	[ "$(sed -n 's/^version = //p' "$d/pyvenv.cfg")" = "$VERSION" ] || fail "$d/pyvenv.cfg: $(cat "$d/pyvenv.cfg")"
	got=$("$d/bin/pip" --version 2>&1)
	[[ $got == "pip $PIP_VERSION from $d/lib/"* ]] || fail "$d/bin/pip --version: $got"
	if [ "${3-}" = alpha ]; then
		got=$("$d/bin/alpha" 2>&1)
		[ "$got" = "$(printf 'hello from alpha 1.0\n%s' "$d")" ] || fail "$d/bin/alpha printed: $got"
	fi
	for f in activate activate.fish activate.csh Activate.ps1; do
		grep -qF "$d" "$d/bin/$f" || fail "$d/bin/$f does not name the environment"
	done
	got=$(grep -rlaF --exclude-dir=__pycache__ pyvenv-tmp "$d")
	[ -z "$got" ] || fail "files in $d name a temporary directory: $got"
	got=$(find "$d" -name '*pyvenv-tmp*' -o -name '.pyvenv-build-*' -o -name '.pyvenv-ready-*' -o -name '.pyvenv-old-*')
	[ -z "$got" ] || fail "temporary files left in $d: $got"
	left=$(ls -A "$(dirname "$d")" | grep -vxF -e "$(basename "$d")")
	[ -z "$left" ] || fail "left beside $d: $left"
	[ -d "$c/templates" ] || { fail "no templates in the cache $c"; return; }
	[ "$(find "$c/templates" -name '*.tar.zst' | wc -l)" -le 1 ] || fail "templates in $c: $(ls "$c/templates")"
	left=$(find "$c" -name '*pyvenv-tmp*')
	[ -z "$left" ] || fail "temporary files left in $c: $left"
}

# --- a) a new destination, plain creates ---------------------------------------
t=$EPOCHREALTIME
together a "$PYVENV" create -v --python "$PY" --cache-dir "$PWD/ca" "$PWD/a/env"
quiet_runs a
expect_count a "creating the environment '$PWD/a/env'" 1 "runs that created the environment"
expect_count a "updating the environment '$PWD/a/env'" $((N - 1)) "runs that updated it"
overlapped a "$PWD/a/env"
expect_count a "installing pip " 1 "runs that installed pip"
expect_count a "stored its template" 1 "templates stored"
complete "$PWD/a/env" "$PWD/ca"
t_a=$(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $t }")

# --- b) --clear over an existing environment -----------------------------------
t=$EPOCHREALTIME
"$PYVENV" create -q --no-cache --python "$PY" "$PWD/b/env" || fail "b: the first environment"
echo old >"$PWD/b/env/old-file"
mkdir "$PWD/b/env/lib/old-dir"
together b "$PYVENV" create -v --clear --python "$PY" --cache-dir "$PWD/cb" "${WHEELS[@]}" "$PWD/b/env"
quiet_runs b
expect_count b "creating the environment '$PWD/b/env'" $N "runs that replaced the environment"
overlapped b "$PWD/b/env"
expect_count b "installing requirements" 1 "runs of pip"
expect_count b "stored its template" 1 "templates stored"
expect_count b "seeding from the cached template" $((N - 1)) "runs seeded from the cache"
[ ! -e "$PWD/b/env/old-file" ] && [ ! -e "$PWD/b/env/lib/old-dir" ] || fail "b: --clear kept the old contents"
complete "$PWD/b/env" "$PWD/cb" alpha
t_b=$(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $t }")

# --- c) --stamp, as add_python_venv runs it -----------------------------------
t=$EPOCHREALTIME
together c "$PYVENV" create -v --python "$PY" --cache-dir "$PWD/cc" --stamp "$PWD/c/env/.pyvenv-stamp" \
	"${WHEELS[@]}" "$PWD/c/env"
quiet_runs c
overlapped c "$PWD/c/env"
expect_count c "installing requirements" 1 "runs of pip"
expect_count c "stored its template" 1 "templates stored"
expect_count c "creating the environment" 1 "builds"
expect_count c "is up to date" $((N - 1)) "runs that found it built"
complete "$PWD/c/env" "$PWD/cc" alpha
[ -s "$PWD/c/env/.pyvenv-stamp" ] || fail "c: no stamp"
# the stamp is current: one more run only touches it
run "$PYVENV" create --python "$PY" --cache-dir "$PWD/cc" --stamp "$PWD/c/env/.pyvenv-stamp" "${WHEELS[@]}" "$PWD/c/env"
expect_rc 0 "c: a run after them"
[ "$err" = "pyvenv: the environment '$PWD/c/env' is up to date" ] || fail "c: a run after them said: $err"
rebuilt=$(count c "creating the environment")
t_c=$(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $t }")

echo "$N runs at once on one destination: a) $t_a s, b) $t_b s, c) $t_c s ($rebuilt of $N stamped runs built it);" \
	"waited:$waits;" \
	"all: $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $start }") s"
finish
