# Another user cannot make your environments run their code through the
# cache. With the cache in a shared sticky directory (mode 1777), for a
# victim V and an attacker A (root/nobody, and nobody/uid 4242):
#  a. A makes templates/, trees/, interpreters/ first: V ignores them;
#  b. V's entries are V's alone (no group/other write, even with umask 000);
#  c. a tree left writable (an older version's modes) and changed by A (a
#     .pth added, a module edited in place): V unpacks it again;
#  d. trees/ writable by others, V's tree swapped for a link to A's copy:
#     V ignores trees/;
#  e. V's probe file left writable and edited by A (base_executable to A's
#     program; paths.scripts "../../x"): V probes again;
#  f. the same bad probe written by V itself: refused by validation;
#  g. a lock file planted as a symbolic link: its target is never created;
#  h. a lock held by another of V's processes: a waiting line naming it and
#     its holder; the helper's lock files are 0600 (no one else can hold them);
#  i. `cache clear` on a cache whose templates/ is A's: refused, nothing of
#     A's removed.
# Each time V's create exits 0 with a healthy environment, and A's code
# never runs (it would leave a PWNED file).
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
[ "$(id -u)" -eq 0 ] || skip "not root: cannot act as two users"
command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
command -v flock >/dev/null || skip "flock (util-linux) is not installed"
PY=/usr/bin/python3
setpriv --reuid=nobody --regid=nogroup --clear-groups "$PY" -c pass 2>/dev/null ||
	skip "nobody cannot run $PY"
d=$PWD
while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null; d=$(dirname "$d"); done
chmod 755 .

# as USER CMD...: runs CMD as root, nobody or uid 4242.
as() {
	local who=$1
	shift
	case $who in
	root) "$@" ;;
	nobody) setpriv --reuid=nobody --regid=nogroup --clear-groups "$@" ;;
	*) setpriv --reuid="$who" --regid="$who" --clear-groups "$@" ;;
	esac
}
# vcreate DEST [ARG...]: V creates DEST (with pip, from the bundled wheel:
# cached, and no pip process to wait for), using the shared cache (output
# in out, err, rc).
vcreate() {
	local dest=$1
	shift
	run as "$V" env PYVENV_CACHE_DIR="$shared" HOME="$base" "$PYVENV" create --python "$PY" "$@" "$base/envs/$dest"
}
# healthy WHAT DEST: V's environment DEST works, and nothing ran A's code.
healthy() {
	local got
	expect_rc 0 "$1"
	got=$(as "$V" "$PYVENV" check --no-cache "$base/envs/$2" 2>&1) || fail "$1: pyvenv check: $got"
	got=$(as "$V" env -u VIRTUAL_ENV "$base/envs/$2/bin/python" -c 'import pip; print("ok")' 2>&1)
	[ "$got" = ok ] || fail "$1: importing pip: $got"
	[ ! -e "$PWNED" ] || { fail "$1: the attacker's code ran"; rm -f "$PWNED"; }
}
key() { ls "$shared/templates" | sed -n 's/\.sha256$//p' | head -n1; }
site() { echo "$1"/lib/python3*/site-packages; }
# evil FILE: a .pth line that would leave the PWNED mark.
evil() { printf 'import os; open("%s", "w")\n' "$PWNED" >"$1"; }

check_pair() {
	V=$1 A=$2
	base=$PWD/$V-$A
	mkdir -m 755 "$base" && chown "$V" "$base" 2>/dev/null
	mkdir -m 1777 "$base/att"
	as "$V" mkdir "$base/envs"
	shared=$base/shared
	mkdir -m 1777 "$shared"
	PWNED=$base/PWNED
	local k tree probe got

	# a. A's directories, made first.
	as "$A" sh -c "mkdir '$shared/templates' '$shared/trees' '$shared/interpreters' && chmod 777 '$shared'/*"
	vcreate a
	healthy "$V/$A a" a
	expect_err "ignoring the cache '$shared/interpreters': it belongs to another user" "$V/$A a: interpreters/"
	expect_err "ignoring the cache '$shared/templates': it belongs to another user" "$V/$A a: templates/"
	[ -z "$(find "$shared"/templates "$shared"/trees "$shared"/interpreters -mindepth 1)" ] ||
		fail "$V/$A a: V wrote into A's directories"
	run as "$V" env PYVENV_CACHE_DIR="$shared" "$PYVENV" cache clear
	expect_rc 1 "$V/$A i: cache clear on A's templates/"
	expect_err "not changing the cache '$shared/(templates|trees|interpreters)'" "$V/$A i"
	as "$A" touch "$shared/templates/A-file"
	run as "$V" env PYVENV_CACHE_DIR="$shared" "$PYVENV" cache clear
	[ -e "$shared/templates/A-file" ] || fail "$V/$A i: cache clear removed A's file"
	rm -rf "${shared:?}"/*

	# b. V's entries, with umask 000: V's alone.
	run as "$V" sh -c 'umask 000 && exec env PYVENV_CACHE_DIR="$1" "$2" create -q --python "$3" "$4"' \
		sh "$shared" "$PYVENV" "$PY" "$base/envs/b"
	healthy "$V/$A b" b
	vcreate b2
	healthy "$V/$A b2 (seeded)" b2
	k=$(key)
	tree=$shared/trees/$k
	[ -n "$k" ] && [ -d "$tree" ] || { fail "$V/$A b: no cached template and tree"; return; }
	got=$(find "$shared" -mindepth 1 ! -type l -perm /022)
	[ -z "$got" ] || fail "$V/$A b: writable by group or others: $got"
	got=$(find "$shared" -mindepth 1 ! -type l ! -user "$V")
	[ -z "$got" ] || fail "$V/$A b: not V's: $got"
	as "$A" touch "$shared/templates/x" 2>/dev/null && fail "$V/$A b: A wrote into templates/"
	as "$A" sh -c "echo x >>'$(site "$tree")/pip/__init__.py'" 2>/dev/null && fail "$V/$A b: A wrote into the tree"

	# c. A tree left writable, then changed by A: a .pth, a module edited in place.
	chmod -R go+w "$tree"
	as "$A" sh -c "$(declare -f evil); PWNED='$PWNED'; evil '$(site "$tree")/evil.pth'"
	vcreate c
	healthy "$V/$A c (.pth added)" c
	expect_err "ignoring the cached tree '$tree': it is writable by" "$V/$A c"
	[ ! -e "$(site "$base/envs/c")/evil.pth" ] || fail "$V/$A c: the .pth was linked in"
	[ ! -e "$(site "$tree")/evil.pth" ] || fail "$V/$A c: the tree was not unpacked again"
	got=$(find "$tree" ! -type l -perm /022)
	[ -z "$got" ] || fail "$V/$A c: the tree is still writable: $got"
	chmod -R go+w "$tree"
	as "$A" sh -c "printf 'open(\"%s\", \"w\")\n' '$PWNED' >>'$(site "$tree")/pip/__init__.py'"
	vcreate c2
	healthy "$V/$A c2 (a module edited)" c2
	as "$V" env -u VIRTUAL_ENV "$base/envs/c2/bin/python" -c 'import pip' 2>/dev/null
	[ ! -e "$PWNED" ] || fail "$V/$A c2: the edited module was linked in"
	rm -f "$PWNED"
	# A change in place by V itself (through a hard link, say): unpacked again.
	echo "# changed" >>"$(site "$tree")/pip/__init__.py"
	vcreate c3
	healthy "$V/$A c3 (changed by V)" c3
	expect_err "the cached tree '$tree' changed since it was unpacked" "$V/$A c3"

	# d. trees/ writable by others; V's tree swapped for a link to A's copy.
	chmod o+w "$shared/trees"
	as "$A" sh -c "cp -r '$tree' '$base/att/copy' && mv '$tree' '$base/att/moved' && ln -s '$base/att/copy' '$tree'"
	as "$A" sh -c "$(declare -f evil); PWNED='$PWNED'; evil '$(site "$base/att/copy")/evil.pth'"
	vcreate d
	healthy "$V/$A d" d
	expect_err "ignoring the cache '$shared/trees': it is writable by others" "$V/$A d"
	[ ! -e "$(site "$base/envs/d")/evil.pth" ] || fail "$V/$A d: A's tree was linked in"
	chmod o-w "$shared/trees"
	rm -f "$tree"

	# e. V's probe file left writable, then edited by A.
	probe=$(ls "$shared"/interpreters/*.json | head -n1)
	[ -f "$probe" ] || { fail "$V/$A e: no cached probe"; return; }
	printf '#!/bin/sh\ntouch "%s"\nexec %s "$@"\n' "$PWNED" "$PY" >"$base/att/evilpy"
	chmod 755 "$base/att/evilpy"
	chmod o+w "$probe"
	as "$A" "$PY" -c 'import json, sys; p = sys.argv[1]; d = json.load(open(p)); d["base_executable"] = sys.argv[2]
open(p, "w").write(json.dumps(d))' "$probe" "$base/att/evilpy"
	vcreate e --no-cache
	vcreate e
	healthy "$V/$A e (base_executable)" e
	expect_err "ignoring the cached probe '$probe': it is writable by others" "$V/$A e"
	got=$(readlink -f "$base/envs/e/bin/python3")
	[ "$got" = "$(readlink -f "$PY")" ] || fail "$V/$A e: bin/python3 is $got"
	[ "$(stat -c '%U %a' "$probe")" = "$V 644" ] || fail "$V/$A e: the probe is $(stat -c '%U %a' "$probe")"
	chmod o+w "$probe"
	as "$A" "$PY" -c 'import json, sys; p = sys.argv[1]; d = json.load(open(p)); d["paths"]["scripts"] = "../../x"
open(p, "w").write(json.dumps(d))' "$probe"
	vcreate e2
	healthy "$V/$A e2 (scripts ../../x)" e2
	[ ! -e "$base/x" ] && [ ! -e "$base/envs/x" ] || fail "$V/$A e2: something was written outside"

	# f. The same bad answer written by V itself: trusted, but invalid.
	as "$V" "$PY" -c 'import json, sys; p = sys.argv[1]; d = json.load(open(p)); d["paths"]["scripts"] = "../../x"
open(p, "w").write(json.dumps(d))' "$probe"
	vcreate f
	healthy "$V/$A f" f
	expect_err "ignoring the cached probe '$probe': its scripts path '../../x' does not stay inside" "$V/$A f"
	[ ! -e "$base/x" ] && [ ! -e "$base/envs/x" ] || fail "$V/$A f: something was written outside"

	# g. A lock planted as a symbolic link.
	k=$(key)
	chmod o+w "$shared/templates"
	as "$A" ln -s "$base/envs/created-by-lock" "$shared/templates/$k.lock"
	vcreate g
	healthy "$V/$A g" g
	expect_err "ignoring the cache '$shared/templates': it is writable by others" "$V/$A g"
	[ ! -e "$base/envs/created-by-lock" ] || fail "$V/$A g: the planted lock's target was made"
	chmod o-w "$shared/templates"
	rm -f "$shared/templates/$k.lock"
	as "$V" ln -s "$base/envs/created-by-lock2" "$shared/templates/$k.lock"
	vcreate g2
	healthy "$V/$A g2" g2
	[ ! -e "$base/envs/created-by-lock2" ] || fail "$V/$A g2: the link's target was made"
	rm -f "$shared/templates/$k.lock"

	# h. A lock held by another of V's processes, and the mode of a lock.
	# (-F: flock becomes the sleep, so killing it lets go of the lock)
	if [ "$V" = root ]; then
		flock -F "$base/envs/.h.pyvenv-lock" sleep 20 &
	else
		setpriv --reuid="$V" --regid="$(id -g "$V" 2>/dev/null || echo "$V")" --clear-groups \
			flock -F "$base/envs/.h.pyvenv-lock" sleep 20 &
	fi
	holder=$!
	sleep 0.3
	as "$V" env PYVENV_CACHE_DIR="$shared" "$PYVENV" create --python "$PY" --without-pip "$base/envs/h" 2>"$base/att/h.err" &
	local pid=$! i
	for i in $(seq 60); do grep -q "waiting for another pyvenv" "$base/att/h.err" && break; sleep 0.1; done
	got=$(cat "$base/att/h.err")
	case $got in
	*"waiting for another pyvenv working on '$base/envs/h' (lock '$base/envs/.h.pyvenv-lock', held by pid "[0-9]*) ;;
	*) fail "$V/$A h: no waiting line naming the lock and its holder within 6 s: $got" ;;
	esac
	kill "$holder"
	wait "$holder" 2>/dev/null
	wait "$pid" || fail "$V/$A h: the create after the lock was let go failed: $(cat "$base/att/h.err")"
	as "$V" env PYVENV_CACHE_DIR="$shared" "$PYVENV" create -q --no-cache --python "$PY" "$base/envs/h2" &
	pid=$!
	got=""
	for i in $(seq 200); do
		got=$(stat -c %a "$base/envs/.h2.pyvenv-lock" 2>/dev/null) && break
		sleep 0.02
	done
	wait "$pid" || fail "$V/$A h2: create failed"
	[ "$got" = 600 ] || fail "$V/$A h: the helper's lock file has mode '$got', not 600"
	[ ! -e "$base/envs/.h2.pyvenv-lock" ] || fail "$V/$A h2: the lock file was left"
}

check_pair root nobody
check_pair nobody 4242
finish
