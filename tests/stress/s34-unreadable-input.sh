# s34: requirement files and templates that cannot be read (t0014 covers a
# missing one). As root, permission bits do not stop a read, so the faults are:
#   - a directory where the file should be (EISDIR);
#   - /proc/self/mem, which every reader gets EIO from;
#   - a file only root may read, read by 'nobody' (setpriv; EACCES);
#   - a requirement file that names (-r) a directory;
#   - a pipe (`-r <(...)`, /dev/fd/N), which can be read once only;
#   - --template and `pyvenv unpack` of a directory and of /proc/self/mem;
# with the cache and with --no-cache. Each ends with exit status 1, a message
# naming the file and why, nothing made or left, nothing stored in the cache;
# or (the pipe) with a correct environment that has the requirement, in this
# run and in the next one served from the cache.
# And a requirement file's contents include the files it names: one of those
# changed is another cache key, not a hit on the old one.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
# unpack finds its interpreter as create does, never from the template.
export PYVENV_PYTHON="$PY"
. "$PYVENV_TEST_SRC/tests/stress/s3-faults.bash"

c=$PWD/c
export PYVENV_CACHE_DIR=$c
mkdir wheels adir
wheel wheels alpha 1.0 || { echo "FAIL: cannot build the test wheel"; exit 1; }
wheel wheels beta 1.0 || { echo "FAIL: cannot build the test wheel"; exit 1; }
PIPARGS=(--pip-arg=--no-index --pip-arg=--find-links="$PWD/wheels")
echo "-r adir" >nested.txt

# unreadable WHAT PATTERN DEST ARG...: create fails, saying PATTERN; nothing left.
unreadable() {
	local what=$1 pattern=$2 dest=$3
	shift 3
	run "$PYVENV" create --python "$PY" "$@" "$dest"
	expect_rc 1 "$what"
	expect_err "$pattern" "$what"
	gone "$dest" "$what"
	[ "$(templates "$c")" = 0 ] || fail "$what: a template was stored: $(ls "$c/templates")"
	entries_ok "$c" "$what"
}

n=0
for cache in "--cache-dir=$c" --no-cache; do
	unreadable "-r a directory ($cache)" "adir.*Is a directory|Is a directory.*adir" e$((n += 1)) "$cache" -r adir "${PIPARGS[@]}"
done
unreadable "-r /proc/self/mem" "/proc/self/mem.*Input/output error|Input/output error.*/proc/self/mem" \
	e$((n += 1)) -r /proc/self/mem "${PIPARGS[@]}"
unreadable "-r a file that names a directory" "adir.*Is a directory|Is a directory.*adir" e$((n += 1)) -r nested.txt "${PIPARGS[@]}"
unreadable "--template a directory" "cannot read.*'adir'|'adir'.*cannot be read|Is a directory" e$((n += 1)) --template adir
unreadable "--template /proc/self/mem" "cannot read.*/proc/self/mem" e$((n += 1)) --template /proc/self/mem
for t in adir /proc/self/mem; do
	run "$PYVENV" unpack "$t" u
	expect_rc 1 "unpack $t"
	expect_err "cannot read.*$t" "unpack $t"
	gone u "unpack $t"
done
echo "directories and EIO done ($(elapsed)s)"

# --- permission denied, for an unprivileged user ----------------------------------
if [ "$(id -u)" != 0 ]; then
	echo 'alpha' >secret.txt && chmod 600 secret.txt
	as_user=""
	upy=$PY
elif command -v setpriv >/dev/null; then
	as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	upy=$PY
	$as_user "$upy" -c pass 2>/dev/null || upy=/usr/bin/python3
	d=$PWD
	while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null; d=$(dirname "$d"); done
	mkdir -m 777 nobody
	echo 'alpha' >secret.txt && chmod 600 secret.txt
else
	upy=
	echo "SKIP: (part) running as root without setpriv: permission denied is not checked"
fi
if [ -n "$upy" ] && $as_user "$upy" -c pass 2>/dev/null; then
	run $as_user "$PYVENV" create --python "$upy" --no-cache -r secret.txt "${PIPARGS[@]}" nobody/env
	expect_rc 1 "-r a file that cannot be read"
	expect_err "secret.txt.*Permission denied" "-r a file that cannot be read"
	gone nobody/env "-r a file that cannot be read"
elif [ -n "$upy" ]; then
	echo "SKIP: (part) no interpreter that 'nobody' can run: permission denied is not checked"
fi

# --- a pipe --------------------------------------------------------------------------
# The helper may read it (for the cache key, for --stamp) and pip must still
# see its contents: the environment has alpha, or the run refuses the pipe.
# piped WHAT DEST: the last run installed alpha in DEST, or failed cleanly.
piped() {
	if [ "$rc" = 0 ]; then
		is_venv "$2"
		[ -x "$2/bin/alpha" ] || fail "$1: exit 0, but alpha is not installed (pip read an empty requirement file?): $out $err"
	else
		expect_rc 1 "$1"
		expect_err "pipe|FIFO|regular file|read" "$1"
		gone "$2" "$1"
	fi
}
run "$PYVENV" create --python "$PY" --no-cache --stamp p2.stamp "${PIPARGS[@]}" -r <(printf 'alpha\n') p2
piped "-r a pipe, --stamp" p2
run "$PYVENV" create --python "$PY" --cache-dir "$c" "${PIPARGS[@]}" -r <(printf 'alpha\n') p3
piped "-r a pipe, with the cache" p3
if [ "$rc" = 0 ]; then
	# the next run with these inputs: a hit, which must have alpha too
	run "$PYVENV" create --python "$PY" --cache-dir "$c" "${PIPARGS[@]}" -r <(printf 'alpha\n') p4
	piped "-r a pipe, the second time (from the cache)" p4
	rm -rf "$c"
fi
echo "pipes done ($(elapsed)s)"

# --- a requirement file's nested files are part of its contents -----------------------
echo "-r inner.txt" >outer.txt
echo alpha >inner.txt
run "$PYVENV" create --python "$PY" --cache-dir "$c" "${PIPARGS[@]}" -r outer.txt n1
expect_rc 0 "nested requirements"
[ -x n1/bin/alpha ] || fail "nested requirements: alpha is not installed"
echo beta >inner.txt
run "$PYVENV" create -v --python "$PY" --cache-dir "$c" "${PIPARGS[@]}" -r outer.txt n2
expect_rc 0 "nested requirements changed"
[ -x n2/bin/beta ] && [ ! -e n2/bin/alpha ] ||
	fail "nested requirements changed: the environment has $(ls n2/bin | grep -E '^(alpha|beta)$' | tr '\n' ' ')(expected beta only): $err"

echo "done in $(elapsed)s"
finish
