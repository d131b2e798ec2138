# -r and --package install with the environment's pip; the console scripts
# pip wrote while the environment was being built beside its destination run
# the final interpreter, and RECORD matches them. Also in a long path with
# spaces, where scripts need the /bin/sh trampoline.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

mkdir wheels
wheel wheels alpha 1.0
wheel wheels beta 2.0
echo alpha > requirements.txt
long="$PWD/a path with spaces/$(printf 'x%.0s' $(seq 1 120))/env"
for dest in env "$long"; do
	"$PYVENV" create -q --python "$PY" -r requirements.txt --package 'beta==2.0' \
		--pip-arg=--no-index --pip-arg=--find-links=wheels "$dest" || { fail "create $dest"; continue; }
	is_venv "$dest"
	for tool in alpha beta; do
		"$dest/bin/$tool" >/dev/null || fail "$tool does not run in $dest"
		grep -q "pyvenv-tmp" "$dest/bin/$tool" && fail "$tool still names the temporary directory"
	done
	"$dest/bin/python" - <<'PY' || fail "RECORD does not match the files in $dest"
import base64, csv, hashlib, os, sysconfig
site = sysconfig.get_paths()["purelib"]
for d in os.listdir(site):
    if not d.endswith(".dist-info"):
        continue
    with open(os.path.join(site, d, "RECORD"), newline="") as f:
        for path, digest, size in csv.reader(f):
            if not digest:
                continue
            data = open(os.path.join(site, path), "rb").read()
            algo, _, want = digest.partition("=")
            got = base64.urlsafe_b64encode(hashlib.new(algo, data).digest()).rstrip(b"=").decode()
            assert (got, len(data)) == (want, int(size)), (d, path)
PY
	"$dest/bin/pip" uninstall -q -y alpha || fail "pip uninstall alpha in $dest"
	[ ! -e "$dest/bin/alpha" ] || fail "pip uninstall left the alpha script"
done
head -1 "$long/bin/beta" | grep -q '^#!/bin/sh$' || fail "long path: no /bin/sh trampoline"
finish
