# TLS is verified: a server whose certificate no trusted CA signed is a
# fault (one warning, built locally); CURL_CA_BUNDLE or SSL_CERT_FILE naming
# its CA makes it trusted; a redirect from https to http is not followed.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/net/lib-net.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') PYVENV_REMOTE_CACHE PYVENV_REMOTE_CACHE_WRITE \
	CURL_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR
NET_TLS=1
net_start || finish
mkdir wheels
wheel wheels alpha 1.0 || fail "cannot build the test wheel"
echo alpha==1.0 >req.txt
W=(--python "$PY" -r req.txt --pip-arg=--no-index --pip-arg=--find-links=wheels)
CA=$PWD/nginx/ca.pem

run "$PYVENV" create "${W[@]}" --cache-dir c1 --remote-cache "$NET_TLS/rw/t" --remote-cache-write e1
expect_rc 0 "an untrusted certificate"
expect_err "warning: the remote cache https://127.0.0.1:[0-9]*/rw/t was not used: GET .*(SSL|certificate)" \
	"an untrusted certificate is a fault"
[ -z "$(ls srv/rw/t 2>/dev/null)" ] || fail "an upload went to a server whose certificate is not trusted"
CURL_CA_BUNDLE=$CA run "$PYVENV" create "${W[@]}" --cache-dir c2 --remote-cache "$NET_TLS/rw/t" --remote-cache-write e2
expect_rc 0 "CURL_CA_BUNDLE"
case $err in *warning:*) fail "CURL_CA_BUNDLE: $err" ;; esac
ls srv/rw/t/*.record >/dev/null 2>&1 || fail "nothing stored over TLS"
SSL_CERT_FILE=$CA run "$PYVENV" create -v "${W[@]}" --cache-dir c3 --remote-cache "$NET_TLS/rw/t" e3
expect_err "downloaded the template from the remote cache" "SSL_CERT_FILE: a hit over TLS"
# https to http: not followed (the same entry is at the plain URL).
cp -r srv/rw/t/. srv/rw/
CURL_CA_BUNDLE=$CA run "$PYVENV" create "${W[@]}" --cache-dir c4 --remote-cache "$NET_TLS/to-http" e4
expect_rc 0 "a redirect from https to http"
expect_err "warning: the remote cache .* was not used: GET .*redirected to a URL pyvenv does not follow" "a redirect from https to http is refused"
grep -q '^remote ' c4/templates/*.sha256 2>/dev/null && fail "an entry came over a redirect to http"
finish
