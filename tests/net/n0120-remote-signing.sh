# Signed entries: with PYVENV_REMOTE_CACHE_TRUSTED_KEYS a reader uses only
# entries signed by one of those keys. Someone who can write to the server
# but holds no such key cannot make a reader use their archive, however
# valid: the test plants one that an unprotected reader does take.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/net/lib-net.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') PYVENV_REMOTE_CACHE PYVENV_REMOTE_CACHE_WRITE \
	PYVENV_REMOTE_CACHE_SIGNING_KEY PYVENV_REMOTE_CACHE_TRUSTED_KEYS
net_start || finish
RECORD=("$PYVENV_TEST_PYTHON" "$PYVENV_TEST_SRC/tests/net/record.py")
mkdir wheels evil-wheels keys
wheel wheels alpha 1.0 && wheel evil-wheels alpha 1.0 && wheel evil-wheels evil 6.6 ||
	fail "cannot build the test wheels"
echo alpha==1.0 >req.txt
printf 'alpha==1.0\nevil==6.6\n' >evil.txt
W=(--python "$PY" -r req.txt --pip-arg=--no-index --pip-arg=--find-links=wheels)

# keygen: a private key only the user reads, a public one; never overwritten.
run "$PYVENV" cache keygen keys/k1
expect_rc 0 "keygen"
[ "$(stat -c %a keys/k1)" = 600 ] || fail "the private key's mode is $(stat -c %a keys/k1)"
grep -Eq '^pyvenv-ed25519 [0-9a-f]{64}$' keys/k1.pub || fail "the public key: $(cat keys/k1.pub)"
cp keys/k1 k1.saved
run "$PYVENV" cache keygen keys/k1
expect_rc 1 "keygen over an existing key"
cmp -s keys/k1 k1.saved || fail "keygen changed an existing key"
run "$PYVENV" cache keygen
expect_rc 2 "keygen without FILE"
"$PYVENV" cache keygen keys/k2 >/dev/null 2>&1 || fail "keygen k2"
printf '# the release key\n\n%s\n' "$(cat keys/k1.pub)" >keys/trusted
chmod 644 keys/trusted

# A signed entry: taken by a reader that trusts its key, refused by one that
# trusts another.
PYVENV_REMOTE_CACHE_SIGNING_KEY=keys/k1 run "$PYVENV" create -v "${W[@]}" --cache-dir cw --remote-cache "$NET/rw/s" --remote-cache-write w
expect_rc 0 "a signed upload"
expect_err "stored the template in the remote cache .* \(signed\)" "the upload says it signed"
record=$(ls srv/rw/s/*.record) || finish
key=$(basename "$record" .record)
grep -q "^signed-by $(cut -d' ' -f2 keys/k1.pub)\$" "$record" || fail "the record is not signed by k1: $(cat "$record")"
PYVENV_REMOTE_CACHE_TRUSTED_KEYS=keys/trusted run "$PYVENV" create -v "${W[@]}" --cache-dir c1 --remote-cache "$NET/rw/s" r1
expect_rc 0 "a trusted signed entry"
expect_err "downloaded the template" "a trusted signed entry is used"
cp keys/k2.pub keys/trusted2
PYVENV_REMOTE_CACHE_TRUSTED_KEYS=keys/trusted2 run "$PYVENV" create "${W[@]}" --cache-dir c2 --remote-cache "$NET/rw/s" r2
expect_rc 0 "an entry signed by another key"
expect_err "warning: .*signed by a key that is not in PYVENV_REMOTE_CACHE_TRUSTED_KEYS; building locally" "another key"
grep -q '^remote ' c2/templates/*.sha256 && fail "an entry signed by another key was kept"

# Unsigned: refused by a reader that asks for signatures.
"$PYVENV" create -q "${W[@]}" --cache-dir cu --remote-cache "$NET/rw/u" --remote-cache-write u || fail "an unsigned upload"
PYVENV_REMOTE_CACHE_TRUSTED_KEYS=keys/trusted run "$PYVENV" create "${W[@]}" --cache-dir c3 --remote-cache "$NET/rw/u" r3
expect_rc 0 "an unsigned entry"
expect_err "warning: .*it is not signed" "an unsigned entry is refused"

# A planted entry: a valid template of another set (with evil), under the
# victim's key, unsigned or signed by the planter's own key.
"$PYVENV" create -q --python "$PY" -r evil.txt --pip-arg=--no-index --pip-arg=--find-links=evil-wheels \
	--cache-dir cevil evil-env || fail "the planter's environment"
evil_archive=$(ls cevil/templates/*.tar.zst)
plant() { # plant DIR [KEYFILE]
	local sha
	sha=$(sha256sum <"$evil_archive" | cut -d' ' -f1)
	mkdir -p "srv/rw/$1" && cp "$evil_archive" "srv/rw/$1/$sha.tar.zst"
	"${RECORD[@]}" "$key" "$evil_archive" ${2:+"$2"} >"srv/rw/$1/$key.record"
}
plant p-unsigned
plant p-foreign keys/k2
# Without trusted keys the plant is taken: it is a valid entry.
run "$PYVENV" create -q "${W[@]}" --cache-dir c4 --remote-cache "$NET/rw/p-foreign" r4
r4/bin/python -c 'import evil' 2>/dev/null || fail "the planted entry is not valid (the test proves nothing)"
for p in p-unsigned p-foreign; do
	PYVENV_REMOTE_CACHE_TRUSTED_KEYS=keys/trusted run "$PYVENV" create "${W[@]}" --cache-dir "c-$p" --remote-cache "$NET/rw/$p" "r-$p"
	expect_rc 0 "$p"
	expect_err "warning: the remote cache .* was not used: refusing its entry" "$p is refused"
	"r-$p/bin/python" -c 'import alpha' || fail "$p: the environment was not built"
	"r-$p/bin/python" -c 'import evil' 2>/dev/null && fail "$p: the planted archive was used"
	grep -q '^remote ' "c-$p"/templates/*.sha256 && fail "$p: the planted entry was kept in the local cache"
done
# A signed record changed to name the planted archive: the signature fails.
mkdir -p srv/rw/p-tampered
cp "$evil_archive" srv/rw/p-tampered/
sha=$(sha256sum <"$evil_archive" | cut -d' ' -f1)
mv "srv/rw/p-tampered/$(basename "$evil_archive")" "srv/rw/p-tampered/$sha.tar.zst"
sed "s/^archive .*/archive $sha $(stat -c %s "$evil_archive")/" "$record" >"srv/rw/p-tampered/$key.record"
PYVENV_REMOTE_CACHE_TRUSTED_KEYS=keys/trusted run "$PYVENV" create "${W[@]}" --cache-dir c5 --remote-cache "$NET/rw/p-tampered" r5
expect_rc 0 "a tampered record"
expect_err "its signature is not valid" "a tampered record is refused"
r5/bin/python -c 'import evil' 2>/dev/null && fail "the tampered record's archive was used"
# A record signed by a trusted key made by another tool is taken (the
# format is the contract).
mkdir -p srv/rw/by-python
cp "$(ls cw/templates/*.tar.zst)" "srv/rw/by-python/$(sha256sum <cw/templates/$key.tar.zst | cut -d' ' -f1).tar.zst"
"${RECORD[@]}" "$key" "cw/templates/$key.tar.zst" keys/k1 >"srv/rw/by-python/$key.record"
PYVENV_REMOTE_CACHE_TRUSTED_KEYS=keys/trusted run "$PYVENV" create -v "${W[@]}" --cache-dir c6 --remote-cache "$NET/rw/by-python" r6
expect_err "downloaded the template" "a record signed with k1 by record.py"

# Key files that another user could have written, or read, are not used.
cp keys/trusted keys/open && chmod 666 keys/open
PYVENV_REMOTE_CACHE_TRUSTED_KEYS=keys/open run "$PYVENV" create "${W[@]}" --cache-dir c7 --remote-cache "$NET/rw/s" r7
expect_rc 0 "trusted keys writable by others"
expect_err "warning: .*trusted keys cannot be used: .*another user" "trusted keys writable by others"
grep -q '^remote ' c7/templates/*.sha256 && fail "an entry was used with untrustworthy trusted keys"
echo "garbage" >keys/bad && chmod 644 keys/bad
PYVENV_REMOTE_CACHE_TRUSTED_KEYS=keys/bad run "$PYVENV" create "${W[@]}" --cache-dir c8 --remote-cache "$NET/rw/s" r8
expect_err "line 1: not a public key" "a trusted keys file that holds no key"
cp keys/k1 keys/k1-open && chmod 644 keys/k1-open
PYVENV_REMOTE_CACHE_SIGNING_KEY=keys/k1-open run "$PYVENV" create "${W[@]}" --cache-dir c9 --remote-cache "$NET/rw/o" --remote-cache-write r9
expect_rc 0 "a signing key others can read"
expect_err "could not be stored .*signing key cannot be used: .*readable only by you" "a signing key others can read"
[ -z "$(ls srv/rw/o 2>/dev/null)" ] || fail "an upload went ahead without its signature"
finish
