# --link-mode on a cache hit: hardlink shares the files of the cache's tree,
# copy does not, auto takes the best that works (silently), clone works where
# the file system can clone and otherwise fails plainly. Files relocation
# rewrote are never shared with the cache, and changing them (or anything
# in the environment by replacing it) leaves the cache as it was.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

mkdir wheels
wheel wheels alpha 1.0
echo alpha > req.txt
site=$("$PY" -c 'import sys; print("lib/python%d.%d/site-packages" % sys.version_info[:2])')
# cached DEST [ARG...]: create -v with the cache in c/ and the same inputs.
cached() {
	local dest=$1
	shift
	run "$PYVENV" create -v --python "$PY" --cache-dir c -r req.txt \
		--pip-arg=--no-index --pip-arg=--find-links=wheels "$@" "$dest"
}
cached "$PWD/orig/env"
expect_rc 0 "first create (a miss)"
# a hit makes the tree
cached "$PWD/warm/env"
expect_rc 0 "second create (a hit)"
expect_err "seeding from the cached template" "second create"
key=$(basename c/templates/*.tar.zst .tar.zst)
tree="c/trees/$key"
[ -d "$tree" ] || fail "no tree in the cache after a hit: $(ls -R c | head)"
pipinfo=$(cd "$tree/$site" 2>/dev/null && ls -d pip-*.dist-info)
[ -n "$pipinfo" ] && [ -d "$tree/$site/$pipinfo" ] || fail "test setup: no pip-*.dist-info in the tree"

# A plain file of pip, never rewritten; and the files relocation rewrites.
plain="$site/pip/__init__.py"
rewritten="bin/pip bin/alpha bin/activate bin/activate.fish pyvenv.cfg $site/$pipinfo/RECORD $site/alpha-1.0.dist-info/RECORD"
contents() { (cd "$1" && find . -type f ! -path '*/__pycache__/*' -exec sha256sum {} + | sort -k2); }
treesum=$(contents "$tree")
cachesum=$(contents c/templates)
inode() { stat -c %i "$1"; }
links() { stat -c %h "$1"; }

# hit_ok MODE DEST: the last run was a hit with MODE, and DEST works.
hit_ok() {
	local o
	expect_rc 0 "--link-mode $1"
	expect_err "seeding from the cached template" "--link-mode $1"
	if printf '%s\n' "$err" | grep -Eq "warning|installing requirements"; then
		fail "--link-mode $1: not a clean hit: $err"
	fi
	is_venv "$2" || return
	[ "$("$2/bin/alpha")" = "$(printf 'hello from alpha 1.0\n%s' "$2")" ] || fail "$2: alpha: $("$2/bin/alpha" 2>&1)"
	"$2/bin/pip" --version >/dev/null || fail "$2: pip does not run"
	o=$(grep -rlF "$PWD/orig/env" "$2" | grep -v '/__pycache__/')
	[ -z "$o" ] || fail "$2: files hold the original path: $o"
	for f in $rewritten; do
		[ "$(links "$2/$f")" = 1 ] || fail "--link-mode $1: $f has $(links "$2/$f") links: it is shared with the cache"
		[ "$(inode "$2/$f")" != "$(inode "$tree/$f")" ] || fail "--link-mode $1: $f is the cache's file"
	done
}

# --- hardlink ----------------------------------------------------------------------
cached "$PWD/hard/env" --link-mode hardlink
hit_ok hardlink "$PWD/hard/env"
[ "$(inode hard/env/$plain)" = "$(inode "$tree/$plain")" ] || fail "hardlink: $plain is not the tree's file"
[ "$(links hard/env/$plain)" -gt 1 ] || fail "hardlink: $plain has $(links hard/env/$plain) links"
[ "$(stat -c %Y hard/env/$plain)" = "$(stat -c %Y "$tree/$plain")" ] || fail "hardlink: modification time"

# --- copy ----------------------------------------------------------------------------
cached "$PWD/copy/env" --link-mode copy
# directories have the tree's modes and times (before anything runs in it)
for d in "$site/pip" "$site/pip/_internal" "$site/pip/_vendor"; do
	[ "$(stat -c '%a %Y' "copy/env/$d")" = "$(stat -c '%a %Y' "$tree/$d")" ] ||
		fail "copy: the directory $d has not the tree's mode and time"
done
# entries: type, mode, and a file's size (a directory's depends on the file system)
listing() { (cd "$1" && find . ! -path '*/__pycache__*' \( -type f -printf '%P f %m %s\n' -o -printf '%P %y %m\n' \) | sort); }
copied=$(listing copy/env)
hit_ok copy "$PWD/copy/env"
[ "$(links copy/env/$plain)" = 1 ] || fail "copy: $plain has $(links copy/env/$plain) links"
[ "$(inode copy/env/$plain)" != "$(inode "$tree/$plain")" ] || fail "copy: $plain is the tree's file"
cmp -s copy/env/$plain "$tree/$plain" || fail "copy: $plain differs from the tree's"
[ "$(stat -c %Y copy/env/$plain)" = "$(stat -c %Y "$tree/$plain")" ] || fail "copy: modification time"
[ "$(stat -c %a copy/env/bin/pip)" = "$(stat -c %a "$tree/bin/pip")" ] || fail "copy: mode of bin/pip"
o=$(cd copy/env && find . -type f -links +1)
[ -z "$o" ] || fail "copy: files with several links: $o"
if [ "$(nproc)" -gt 1 ]; then
	expect_err "copying [0-9]* files with 2 threads" "copy: -v says the copies are made by two threads"
else
	echo "NOTE: one processor: copies are made by one thread, the two-thread check is not made"
fi
# Copies are made by worker threads, directories get their modes and times
# after them: one thread (cop1, a name as long as copy) gives the same tree.
run env PYVENV_THREADS=1 "$PYVENV" create -v --python "$PY" --cache-dir c -r req.txt \
	--pip-arg=--no-index --pip-arg=--find-links=wheels --link-mode copy "$PWD/cop1/env"
[ "$(listing cop1/env)" = "$copied" ] ||
	fail "copy: 1 and 2 threads differ: $(diff <(printf '%s\n' "$copied") <(listing cop1/env) | head)"
hit_ok "copy, 1 thread" "$PWD/cop1/env"
printf '%s\n' "$err" | grep -q "copying .* files with" && fail "copy, 1 thread: still copied by workers: $err"

# --- auto: clone where it works, else hard links, silently -----------------------------
if cp --reflink=always req.txt reflink-probe 2>/dev/null; then can_clone=1; else can_clone=0; fi
rm -f reflink-probe
run "$PYVENV" create --python "$PY" --cache-dir c -r req.txt \
	--pip-arg=--no-index --pip-arg=--find-links=wheels --link-mode auto "$PWD/auto/env"
expect_rc 0 "--link-mode auto"
[ -z "$(printf '%s\n' "$err" | grep -v "^pyvenv: creating the environment")" ] || fail "--link-mode auto is not silent: $err"
is_venv "$PWD/auto/env"
if [ "$can_clone" = 0 ]; then
	[ "$(inode auto/env/$plain)" = "$(inode "$tree/$plain")" ] || fail "auto without clone: $plain is not hard-linked"
else
	[ "$(links auto/env/$plain)" = 1 ] || fail "auto with clone: $plain has $(links auto/env/$plain) links"
fi
for f in $rewritten; do
	[ "$(links "auto/env/$f")" = 1 ] || fail "--link-mode auto: $f has $(links "auto/env/$f") links"
done
cached "$PWD/default/env"
hit_ok "(default)" "$PWD/default/env"

# --- changes in the environments leave the cache alone ------------------------------------
for d in hard copy auto default; do
	for f in $rewritten; do
		printf '# changed\n' >> "$d/env/$f"
	done
	# pip replaces files, and removes them
	"$d/env/bin/pip" uninstall -q -y alpha || fail "$d: pip uninstall alpha"
	"$d/env/bin/pip" install -q --no-index --find-links=wheels alpha || fail "$d: pip install alpha"
	"$d/env/bin/python" -c 'import pip, alpha' || fail "$d: imports"
done
[ "$(contents "$tree")" = "$treesum" ] || fail "changing the environments changed the cache's tree: $(diff <(printf '%s\n' "$treesum") <(contents "$tree") | head)"
[ "$(contents c/templates)" = "$cachesum" ] || fail "the cache's templates changed"

# and the cache still seeds correct environments
cached "$PWD/last/env" --link-mode hardlink
hit_ok hardlink "$PWD/last/env"
# --- clone (last: a failure here must not spoil the checks above) ----------------------
# (at the default verbosity: the message must be seen without -v)
run "$PYVENV" create --python "$PY" --cache-dir c -r req.txt \
	--pip-arg=--no-index --pip-arg=--find-links=wheels --link-mode clone "$PWD/cl/env"
if [ "$can_clone" = 1 ]; then
	expect_rc 0 "--link-mode clone"
	is_venv "$PWD/cl/env"
	[ "$(links cl/env/$plain)" = 1 ] || fail "clone: $plain has $(links cl/env/$plain) links"
else
	# No reflink here: a plain failure that names the mode; nothing made,
	# and the cache entry, which is fine, is kept.
	expect_rc 1 "--link-mode clone without reflink"
	expect_err "error: .*clone" "--link-mode clone without reflink"
	if printf '%s\n' "$err" | grep -q "installing requirements"; then
		fail "--link-mode clone without reflink built the environment with pip instead"
	fi
	[ ! -e cl/env ] || fail "--link-mode clone without reflink left cl/env"
	no_leftovers cl
	[ "$(contents c/templates)" = "$cachesum" ] ||
		fail "--link-mode clone without reflink changed the cache entry"
	[ -d "$tree" ] || fail "--link-mode clone without reflink removed the cache's tree"
fi

run "$PYVENV" create --python "$PY" --link-mode bogus x
expect_rc 2 "--link-mode bogus"
[ ! -e x ] || fail "a usage error created x"
finish
