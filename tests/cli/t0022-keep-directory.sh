# A destination directory that exists is kept, as `python -m venv` keeps it:
# its inode, mode, group and set-gid bit; a shell inside it stays there; an
# empty mount point and a directory in a parent one cannot write work. Any
# name up to 255 bytes works, and a run leaves the parent as it found it.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

# ident DIR: inode, mode (octal, with set-gid), group.
ident() { stat -c '%i %a %G' "$1"; }
# listing DIR: the names in DIR.
listing() { ls -A "$1" | LC_ALL=C sort; }
# same_parent WHAT DIR BEFORE: DIR lists BEFORE plus the environment NAME.
same_parent() {
	local want
	want=$(printf '%s\n%s\n' "$3" "$4" | grep -v '^$' | LC_ALL=C sort -u)
	[ "$(listing "$2")" = "$want" ] || fail "$1: $2 holds $(listing "$2" | tr '\n' ' '), not $(echo $want)"
}

# create . from inside an empty directory: the shell's directory is the
# environment afterwards.
mkdir -m 2750 here && chgrp nogroup here 2>/dev/null
before=$(ident here)
(
	cd here || exit 1
	"$PYVENV" create -q --python "$PY" --without-pip . || exit 1
	[ -f pyvenv.cfg ] && [ -x bin/python ] || { echo "FAIL: the shell's directory does not show the environment"; exit 1; }
	[ "$(pwd -P)" = "$(cd . && pwd -P)" ] || exit 1
) || fail "create . in an empty directory"
[ "$(ident here)" = "$before" ] || fail "create .: the directory changed from $before to $(ident here)"
is_venv here

# create EMPTY_DIR and --clear keep the directory.
for opt in "" --clear; do
	d=empty$opt
	mkdir -m 2750 "$d" && chgrp nogroup "$d" 2>/dev/null
	[ -z "$opt" ] || { "$PYVENV" create -q --python "$PY" --without-pip "$d" && echo old >"$d/old-file"; }
	before=$(ident "$d")
	run "$PYVENV" create --python "$PY" $opt "$d"
	expect_rc 0 "create $opt $d"
	[ "$(ident "$d")" = "$before" ] || fail "create $opt: $d changed from $before to $(ident "$d")"
	[ ! -e "$d/old-file" ] || fail "--clear kept the old contents"
	is_venv "$d"
	left=$(ls -A "$d" | grep '^\.pyvenv-')
	[ -z "$left" ] || fail "create $opt left $left in $d"
done
# --clear of a directory that is not an environment: its contents go, it stays.
mkdir -m 750 data && echo x >data/f && mkdir data/sub
before=$(ident data)
run "$PYVENV" create --python "$PY" --without-pip --clear data
expect_rc 0 "--clear of a data directory"
[ "$(ident data)" = "$before" ] && [ ! -e data/f ] && [ ! -e data/sub ] || fail "--clear of a data directory"
is_venv data

# An empty directory of nobody's in a directory nobody cannot write.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/bin/python3 -c pass 2>/dev/null; then
	d=$PWD
	while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null; d=$(dirname "$d"); done
	mkdir -m 755 ro && mkdir ro/mine && chown nobody:nogroup ro/mine
	mkdir -m 777 nc
	run setpriv --reuid=nobody --regid=nogroup --clear-groups env PYVENV_CACHE_DIR="$PWD/nc/c" \
		"$PYVENV" create --python /usr/bin/python3 --without-pip ro/mine
	expect_rc 0 "nobody's empty directory in root's"
	[ "$(stat -c %U ro/mine)" = nobody ] || fail "ro/mine is not nobody's any more"
	same_parent "nobody's directory" ro "" mine
	[ -f ro/mine/pyvenv.cfg ] || fail "ro/mine is not an environment"
else
	echo "SKIP: (part) not root, or nobody cannot run /usr/bin/python3: a directory in an unwritable parent"
fi

# An empty mount point (a tmpfs): renaming over it was EBUSY.
mkdir mnt
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64m pyvenv-test "$PWD/mnt" 2>/dev/null; then
	run "$PYVENV" create --python "$PY" --without-pip mnt
	expect_rc 0 "an empty mount point"
	is_venv mnt
	run "$PYVENV" create --python "$PY" --without-pip --clear mnt
	expect_rc 0 "--clear of a mount point"
	is_venv mnt
	umount "$PWD/mnt" || fail "cannot unmount $PWD/mnt"
else
	echo "SKIP: (part) cannot mount a tmpfs here: an empty mount point"
fi

# A current directory that was removed: one clear message.
mkdir gone
run sh -c 'cd gone && rmdir ../gone && "$0" check .' "$PYVENV"
expect_rc 1 "check . in a removed directory"
expect_err "cannot determine the current directory" "check . in a removed directory"
case $err in *"(null)"*) fail "check . in a removed directory: $err" ;; esac
mkdir gone
run sh -c 'cd gone && rmdir ../gone && "$0" create --without-pip --python "$1" env' "$PYVENV" "$PY"
expect_rc 1 "create in a removed directory"
expect_err "cannot determine the current directory" "create in a removed directory"

# What a run killed while moving entries leaves, put right by the next run
# (the states built by hand, as the kill would leave them):
#  - before the commit point: old entries partly moved aside (pyvenv.cfg
#    first) and the new build beside them: the old environment comes back;
#  - after it: the ready directory partly moved in (pyvenv.cfg last), the
#    old entries aside: the new environment is finished.
"$PYVENV" create -q --python "$PY" --without-pip back || fail "creating 'back'"
echo old >back/marker
mkdir back/.pyvenv-build-aaaaaa back/.pyvenv-old-bbbbbb
cp -a back/bin back/.pyvenv-build-aaaaaa/
mv back/pyvenv.cfg back/marker back/.pyvenv-old-bbbbbb/
run "$PYVENV" create -v --python "$PY" --without-pip back
expect_rc 0 "the run after a kill before the commit point"
expect_err "restoring what an interrupted run had moved aside" "the run after a kill before the commit point"
[ "$(cat back/marker 2>/dev/null)" = old ] || fail "the old environment was not put back"
[ -z "$(ls -A back | grep '^\.pyvenv-')" ] || fail "staging left in 'back': $(ls -A back)"
is_venv back

"$PYVENV" create -q --python "$PY" --without-pip fwd-new || fail "creating 'fwd-new'"
"$PYVENV" create -q --python "$PY" --without-pip fwd || fail "creating 'fwd'"
echo old >fwd/marker
mkdir fwd/.pyvenv-old-cccccc fwd/.pyvenv-ready-dddddd
mv fwd/* fwd/.pyvenv-old-cccccc/ 2>/dev/null
mv fwd/.gitignore fwd/.pyvenv-old-cccccc/ 2>/dev/null
cp -a fwd-new/. fwd/.pyvenv-ready-dddddd/
echo new >fwd/.pyvenv-ready-dddddd/new-marker
mv fwd/.pyvenv-ready-dddddd/bin fwd/ # moved in before the kill
run "$PYVENV" create -v --python "$PY" --without-pip fwd
expect_rc 0 "the run after a kill past the commit point"
expect_err "finishing the environment an interrupted run left" "the run after a kill past the commit point"
[ -f fwd/pyvenv.cfg ] && [ -f fwd/new-marker ] && [ ! -e fwd/marker ] || fail "the new environment was not finished: $(ls -A fwd)"
[ -z "$(ls -A fwd | grep '^\.pyvenv-')" ] || fail "staging left in 'fwd': $(ls -A fwd)"
is_venv fwd

# Long names: 237, 250 and 255 bytes, ASCII and UTF-8 (2-byte characters).
long() { printf "%${1}s" "" | tr ' ' "$2"; }
utf8() { local s="" i; for ((i = 0; i < $1 / 2; i++)); do s="${s}é"; done; printf '%s' "$s"; }
mkdir names
for name in "$(long 237 a)" "$(long 250 b)" "$(long 255 c)" "$(utf8 254)" "x$(utf8 254)"; do
	for cache in --no-cache ""; do
		before=$(listing names)
		run "$PYVENV" create --python "$PY" $cache "names/$name"
		expect_rc 0 "a ${#name}-character name ($cache)"
		is_venv "names/$name"
		run "$PYVENV" create --python "$PY" $cache "names/$name"
		expect_rc 0 "updating a ${#name}-character name ($cache)"
		run "$PYVENV" create --python "$PY" $cache --clear "names/$name"
		expect_rc 0 "--clear of a ${#name}-character name ($cache)"
		is_venv "names/$name"
		same_parent "a ${#name}-character name" names "$before" "$name"
		rm -rf "names/$name"
	done
done
finish
