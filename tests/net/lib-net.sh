# lib-net.sh: a real nginx (Debian's) on 127.0.0.1 for the network tests
# (tests/net/n*.sh), sourced after tests/cli/lib.sh. net_start writes its
# configuration into ./nginx, starts it on a free port with the fault
# upstream (faultserver.py), and stops both when the test exits.
#
#   $NET/rw/       GET, HEAD, PUT (WebDAV, create_full_put_path) into ./srv/rw
#   $NET/ro/       the same files, read only (PUT: 405)
#   $NET/auth/     as rw/ into ./srv/auth, with basic auth (user, $NET_PASSWORD)
#   $NET/token/    as rw/ into ./srv/token, only with "Bearer $NET_TOKEN"
#   $NET/e500/ e403/ e401/   always that status
#   $NET/loop/     a redirect to itself
#   $NET/slow/     an upstream that never answers
#   $NET/trunc/    the files of ./srv/rw, cut short by the upstream
#   $NET/simple/   a simple repository in ./srv/simple (mkindex.py makes
#                  one): JSON or HTML as the Accept header asks;
#                  $NET/html-simple/ and $NET/json-simple/ only one of them
# NET_DOWN is a URL where nothing listens. With NET_TLS=1 before net_start,
# the same server also listens with TLS at $NET_TLS (a certificate for
# 127.0.0.1 from a CA made here, nginx/ca.pem), where /to-http/ redirects to
# the plain $NET/rw/.
command -v nginx >/dev/null || skip "nginx is not installed (apt-get install nginx-light)"
NET_PASSWORD=pw-$RANDOM$RANDOM-secret
NET_TOKEN=tok-$RANDOM$RANDOM-secret
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export no_proxy='*'

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# At the end of every network test: the servers stopped, and the test's
# credentials in none of the files it left (the server's own files, and the
# credential files the test wrote, aside); a file that holds one fails it.
net_stop() {
	local status=$? leaks
	[ -f "$PWD/nginx/nginx.pid" ] && kill "$(cat "$PWD/nginx/nginx.pid")" 2>/dev/null
	[ -n "${net_fault_pid:-}" ] && kill "$net_fault_pid" 2>/dev/null
	wait 2>/dev/null
	leaks=$(grep -rlF -e "$NET_PASSWORD" -e "$NET_TOKEN" . --exclude-dir=nginx --exclude-dir=srv \
		--exclude-dir=home 2>/dev/null)
	if [ -n "$leaks" ]; then
		echo "FAIL: files hold the test's credentials: $leaks"
		exit 1
	fi
	exit $status
}

net_start() {
	local port upstream user="" tries=0
	mkdir -p nginx/tmp srv/rw srv/auth srv/token
	python3 "$PYVENV_TEST_SRC/tests/net/faultserver.py" nginx/fault.port "$PWD/srv/rw" &
	net_fault_pid=$!
	while [ ! -s nginx/fault.port ] && [ $tries -lt 100 ]; do sleep 0.05; tries=$((tries + 1)); done
	upstream=$(cat nginx/fault.port) || { fail "the fault upstream did not start"; return 1; }
	port=$(free_port)
	tls=""
	if [ -n "${NET_TLS:-}" ]; then
		command -v openssl >/dev/null || skip "openssl is not installed"
		tls_port=$(free_port)
		(cd nginx &&
			openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key \
				-out ca.pem -days 2 -subj "/CN=pyvenv test CA" &&
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key \
				-out server.csr -subj "/CN=127.0.0.1" &&
			printf 'subjectAltName=IP:127.0.0.1\n' >ext.cnf &&
			openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem \
				-days 2 -extfile ext.cnf) >nginx/openssl.log 2>&1 ||
			{ fail "cannot make the test certificates: $(cat nginx/openssl.log)"; return 1; }
		tls="listen 127.0.0.1:$tls_port ssl; ssl_certificate $PWD/nginx/server.pem; ssl_certificate_key $PWD/nginx/server.key;
		location /to-http/ { rewrite ^/to-http/(.*)\$ http://127.0.0.1:$port/rw/\$1 redirect; }"
		NET_TLS=https://127.0.0.1:$tls_port
	fi
	printf 'user:{PLAIN}%s\n' "$NET_PASSWORD" >nginx/htpasswd
	[ "$(id -u)" = 0 ] && user="user root root;"
	cat >nginx/nginx.conf <<CONF
$user
worker_processes 1;
daemon on;
pid $PWD/nginx/nginx.pid;
error_log $PWD/nginx/error.log warn;
events { worker_connections 256; }
http {
	access_log $PWD/nginx/access.log;
	client_body_temp_path $PWD/nginx/tmp/body;
	proxy_temp_path $PWD/nginx/tmp/proxy;
	fastcgi_temp_path $PWD/nginx/tmp/fastcgi;
	uwsgi_temp_path $PWD/nginx/tmp/uwsgi;
	scgi_temp_path $PWD/nginx/tmp/scgi;
	client_max_body_size 0;
	types { text/html html; application/vnd.pypi.simple.v1+json json; }
	default_type application/octet-stream;
	map \$http_accept \$simple_page { ~application/vnd\.pypi\.simple\.v1\+json index.json; default index.html; }
	server {
		listen 127.0.0.1:$port;
		$tls
		root $PWD/srv;
		location /rw/ { dav_methods PUT; create_full_put_path on; dav_access user:rw group:r all:r; }
		location /ro/ { alias $PWD/srv/rw/; }
		location /auth/ {
			auth_basic "pyvenv test"; auth_basic_user_file $PWD/nginx/htpasswd;
			dav_methods PUT; create_full_put_path on;
		}
		location /token/ {
			if (\$http_authorization != "Bearer $NET_TOKEN") { return 401; }
			dav_methods PUT; create_full_put_path on;
		}
		location /simple/ { try_files \$uri\$simple_page =404; }
		location /html-simple/ { alias $PWD/srv/simple/; index index.html; }
		location /json-simple/ { alias $PWD/srv/simple/; index index.json; }
		location /e500/ { return 500; }
		location /e403/ { return 403; }
		location /e401/ { return 401; }
		location /loop/ { return 302 /loop/; }
		location /slow/ { proxy_pass http://127.0.0.1:$upstream/stall/; proxy_read_timeout 120s; }
		location /trunc/ { proxy_pass http://127.0.0.1:$upstream/trunc/; proxy_buffering off; }
	}
}
CONF
	trap net_stop EXIT
	nginx -c "$PWD/nginx/nginx.conf" -p "$PWD/nginx" -e "$PWD/nginx/error.log" ||
		{ fail "nginx did not start: $(cat nginx/error.log)"; return 1; }
	NET=http://127.0.0.1:$port
	NET_DOWN=http://127.0.0.1:$(free_port)
	echo ok >srv/rw/.ready
	tries=0
	until curl -sf -o /dev/null "$NET/ro/.ready" || [ $tries -ge 100 ]; do
		sleep 0.05; tries=$((tries + 1))
	done
}

# net_outputs_clean SECRET FILE...: no file holds SECRET.
net_outputs_clean() {
	local secret=$1
	shift
	if grep -rlF -- "$secret" "$@" 2>/dev/null; then
		fail "the secret appears in the files above"
	fi
}
