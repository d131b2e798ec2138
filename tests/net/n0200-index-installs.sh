# Native installs from a package index (a static simple repository on a
# real nginx, generated here by mkindex.py): JSON and HTML pages, yanked
# files and Requires-Python skipped, hashes checked, unlocked sets resolved
# by pip against the same index; each environment the same as pip installing
# the same set from it, and the download cache making a second cold create
# download nothing.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/net/lib-net.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') PYVENV_REMOTE_CACHE
net_start || finish
python3 "$PYVENV_TEST_SRC/tests/net/mkindex.py" srv || { fail "mkindex.py failed"; finish; }
SAME=("$PYVENV_TEST_PYTHON" "$PYVENV_TEST_SRC/tests/net/same_env.py")
printf 'alpha==1.0\nbeta==2.0\ngamma==1.0\n' >locked.txt
# same NATIVE PIP: same_env.py, its failures shown.
same() { "${SAME[@]}" "$1" "$2" >same.out; local r=$?; grep '^FAIL' -A8 same.out; return $r; }
gets() { grep -c "\"GET /files/$1" nginx/access.log; }

# A locked set from each form of the index, against pip from the same one.
"$PYVENV" create -q --python "$PY" --no-cache --installer pip -r locked.txt --pip-arg=--index-url="$NET/simple/" pip-env ||
	fail "pip from the index"
for form in simple json-simple html-simple; do
	: >nginx/access.log
	run "$PYVENV" create -v --python "$PY" --cache-dir "c-$form" --installer native -r locked.txt \
		--pip-arg=--index-url="$NET/$form/" "n-$form"
	expect_rc 0 "$form: a native install from the index"
	expect_err "installing natively: 3 distributions" "$form: installed natively"
	expect_err "downloaded 3 files" "$form: downloaded"
	case $err in *"running pip"* | *"resolving with pip"*) fail "$form: pip ran: $err" ;; esac
	same "n-$form" pip-env || fail "$form: the native environment differs from pip's (above)"
	[ "$(n-$form/bin/alpha)" = "alpha 1.0" ] || fail "$form: the console script"
	# gamma 1.0: the plain build, not the yanked one nor the one for Python 4.
	[ "$(gets gamma-1.0-py3-none-any.whl)" = 1 ] || fail "$form: gamma's plain wheel was not the one taken"
	grep -q '"GET /files/gamma-1.0-[12]-' nginx/access.log && fail "$form: a yanked or excluded file was downloaded"
done
[ -n "$(ls c-simple/downloads/*/alpha-1.0-py3-none-any.whl 2>/dev/null)" ] || fail "the download cache holds no alpha"

# A second cold create with the same set downloads nothing.
rm -rf c-simple/templates c-simple/trees
: >nginx/access.log
run "$PYVENV" create -v --python "$PY" --cache-dir c-simple --installer native -r locked.txt \
	--pip-arg=--index-url="$NET/simple/" again
expect_rc 0 "a second cold create"
expect_err "downloaded 0 files .* 3 from the download cache" "the second create used the download cache"
grep -q '"GET /files/' nginx/access.log && fail "the second create downloaded: $(grep /files/ nginx/access.log)"
same again pip-env || fail "from the download cache: the environment differs from pip's"
# A damaged file in the download cache is not used: downloaded again.
f=$(ls c-simple/downloads/*/beta-2.0-py3-none-any.whl)
printf 'X' | dd of="$f" bs=1 seek=50 conv=notrunc status=none
rm -rf c-simple/templates c-simple/trees again
: >nginx/access.log
run "$PYVENV" create -v --python "$PY" --cache-dir c-simple --installer native -r locked.txt \
	--pip-arg=--index-url="$NET/simple/" again
expect_rc 0 "a damaged download cache"
[ "$(gets beta-2.0)" = 1 ] || fail "a damaged cached file was not downloaded again"
same again pip-env || fail "after a damaged cached file: the environment differs from pip's"

# Every file on two indexes (ties between candidates broken as pip breaks
# them, by URL).
run "$PYVENV" create -v --python "$PY" --no-cache --installer native -r locked.txt \
	--pip-arg=--index-url="$NET/json-simple/" --pip-arg=--extra-index-url="$NET/html-simple/" two-indexes
expect_rc 0 "two indexes"
same two-indexes pip-env || fail "two indexes: the environment differs from pip's"

# PIP_INDEX_URL, and -i in a requirements file.
PIP_INDEX_URL="$NET/simple/" run "$PYVENV" create -v --python "$PY" --no-cache --installer native -r locked.txt env-var
expect_rc 0 "PIP_INDEX_URL"
{ echo "-i $NET/html-simple/"; cat locked.txt; } >with-index.txt
run "$PYVENV" create -v --python "$PY" --no-cache --installer native -r with-index.txt in-file
expect_rc 0 "-i in the requirements file"
same in-file pip-env || fail "-i in the file: the environment differs from pip's"
ls -d "${TMPDIR:-/tmp}"/pyvenv-downloads-* 2>/dev/null | grep -q . && fail "--no-cache left its download directory"

# The index's digest, and --hash, are checked.
run "$PYVENV" create --python "$PY" --no-cache --installer native --package delta==1.0 \
	--pip-arg=--index-url="$NET/simple/" bad-digest
expect_rc 1 "a file whose digest is not the index's"
expect_err "does not have the SHA-256 its index gives" "the index's digest"
[ ! -e bad-digest ] || fail "a failed install left the environment"
echo "beta==2.0 --hash=sha256:$(printf '%064d' 1)" >hashed.txt
run "$PYVENV" create --python "$PY" --no-cache --installer native -r hashed.txt \
	--pip-arg=--index-url="$NET/simple/" bad-hash
expect_rc 1 "a --hash the download does not have"
expect_err "does not have the hash" "--hash"
good=$(sha256sum <srv/files/beta-2.0-py3-none-any.whl | cut -d' ' -f1)
echo "beta==2.0 --hash=sha256:$good" >hashed.txt
run "$PYVENV" create --python "$PY" --no-cache --installer native -r hashed.txt --pip-arg=--index-url="$NET/simple/" good-hash
expect_rc 0 "the right --hash"

# An unlocked set: pip resolves against the index (a dry run), pyvenv
# downloads what it chose and installs it.
printf 'alpha\ngamma\n' >unlocked.txt
"$PYVENV" create -q --python "$PY" --no-cache --installer pip -r unlocked.txt --pip-arg=--index-url="$NET/simple/" pip-unlocked ||
	fail "pip, unlocked"
run "$PYVENV" create -v --python "$PY" --no-cache --installer native -r unlocked.txt --pip-arg=--index-url="$NET/simple/" n-unlocked
expect_rc 0 "an unlocked set from the index"
expect_err "resolving with pip \(a dry run\)" "the unlocked set was resolved by pip"
expect_err "installing natively" "and installed by pyvenv"
same n-unlocked pip-unlocked || fail "unlocked: the environment differs from pip's"
[ "$(n-unlocked/bin/python -c 'import gamma; print(gamma.WHO)')" = "gamma 1.1" ] || fail "unlocked: not gamma 1.1"

# A PEP 751 lock file whose wheels have only a url: downloaded, checked.
hb=$(sha256sum <srv/files/beta-2.0-py3-none-any.whl | cut -d' ' -f1)
cat >pylock.toml <<LOCK
lock-version = "1.0"
created-by = "n0200"

[[packages]]
name = "beta"
version = "2.0"
wheels = [
  { url = "$NET/files/beta-2.0-py3-none-any.whl", hashes = { sha256 = "$hb" } },
]
LOCK
run "$PYVENV" create -v --python "$PY" --cache-dir c-lock -r pylock.toml lock-env
expect_rc 0 "a lock file with url wheels"
[ "$(lock-env/bin/python -c 'import beta; print(beta.WHO)')" = "beta 2.0" ] || fail "the lock file's url wheel"
sed -i "s/$hb/$(printf '%064d' 2)/" pylock.toml
run "$PYVENV" create --python "$PY" --cache-dir c-lock2 -r pylock.toml lock-bad
expect_rc 1 "a lock file whose url wheel has another digest"
[ ! -e lock-bad ] || fail "a refused lock file left an environment"

# The download cache in cache list, prune and clear.
run "$PYVENV" cache --cache-dir c-simple list
printf '%s\n' "$out" | grep -q "^3 downloaded files, .* in '.*c-simple/downloads'" || fail "cache list: $out"
touch -d '3 days ago' c-simple/downloads/*/alpha-*.whl
run "$PYVENV" cache --cache-dir c-simple prune --max-age 2
expect_rc 0 "prune --max-age 2"
expect_err "and 1 downloaded file;" "prune removes a download not used for 3 days"
[ -z "$(ls c-simple/downloads/*/alpha-* 2>/dev/null)" ] || fail "prune left the old download"
[ -n "$(ls c-simple/downloads/*/beta-* 2>/dev/null)" ] || fail "prune removed a recent download"
run "$PYVENV" cache --cache-dir c-simple clear
expect_rc 0 "clear"
[ -z "$(find c-simple/downloads -type f)" ] || fail "clear left downloads: $(find c-simple/downloads -type f)"

# An index that cannot be read: --installer native says why; auto leaves
# the set to pip.
run "$PYVENV" create --python "$PY" --no-cache --installer native -r locked.txt --pip-arg=--index-url="$NET/e500/" down
expect_rc 1 "an index that answers 500"
expect_err "the package index could not be read \(GET http://127.0.0.1:[0-9]*/e500/alpha/: the server answered 500\)" "an index that answers 500"
finish
