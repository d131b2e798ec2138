# Requirements that name local files: the cache key and the --stamp digest
# follow their contents. For each form (a relative path, an absolute path,
# a file: URL, name @ file://, --package ./x, a nested -r, ${VAR}), two
# environments whose local wheel differs get each their own code; a local
# directory and an editable requirement are never cached (-v says so);
# a stamped environment is rebuilt when the wheel or directory changes, and
# not otherwise; --depfile names what was read.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
export PYVENV_CACHE_DIR=$PWD/cache
NOINDEX=--pip-arg=--no-index

# mkwheel DIR WHO: DIR/foo-1.0-py3-none-any.whl, whose foo.WHO is WHO.
mkwheel() {
	mkdir -p "$1"
	rm -f "$1/foo-1.0-py3-none-any.whl"
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from wheelgen import make_wheel
make_wheel(sys.argv[2], "foo", "1.0", modules={"foo/__init__.py": "WHO = %r\n" % sys.argv[3]})' \
		"$PYVENV_TEST_SRC/tests/parity" "$1" "$2" >/dev/null || fail "building the wheel in $1"
}
# who ENV [MODULE]: what the module says in ENV.
who() { env -u VIRTUAL_ENV "$1/bin/python" -c "import ${2:-foo}; print(${2:-foo}.WHO)" 2>&1; }
# expect_who WHAT ENV WANT [MODULE]
expect_who() {
	local got
	got=$(who "$2" "${4:-}")
	[ "$got" = "$3" ] || fail "$1: $2 runs WHO=$got, not $3"
}
ntemplates() { find "$PYVENV_CACHE_DIR/templates" -name '*.tar.zst' 2>/dev/null | wc -l; }

# --- two projects, the same relative line, different wheels ----------------
for p in A B; do
	mkwheel "$p/wheels" "$p"
	echo ./wheels/foo-1.0-py3-none-any.whl >"$p/req.txt"
	(cd "$p" && "$PYVENV" create -q --python "$PY" -r req.txt $NOINDEX env) || fail "project $p"
	expect_who "relative line, project $p" "$p/env" "$p"
done

# --- the same absolute path, rebuilt between two runs ----------------------
# form NAME: two environments from the form NAME, the wheel at ABS rebuilt
# in between; the second must run the rebuilt code.
ABS=$PWD/w/foo-1.0-py3-none-any.whl
form() {
	local name=$1 i
	shift
	for i in 1 2; do
		mkwheel w "$name$i"
		run "$PYVENV" create --python "$PY" "$@" $NOINDEX "$name$i"
		expect_rc 0 "$name, run $i"
		expect_who "$name, run $i" "$name$i" "$name$i"
	done
}
echo "$ABS" >abs.txt
form absolute -r abs.txt
echo "file://$ABS" >url.txt
form file-url -r url.txt
echo "foo @ file://$ABS" >direct.txt
form direct-reference -r direct.txt
form package --package ./w/foo-1.0-py3-none-any.whl
mkdir sub
echo "$ABS" >sub/nested.txt
echo "-r sub/nested.txt" >outer.txt
form nested -r outer.txt

# --- ${VAR}: two values, two environments ----------------------------------
echo '${WHEELS}/foo-1.0-py3-none-any.whl' >var.txt
for p in A B; do
	run env WHEELS="$PWD/$p/wheels" "$PYVENV" create --python "$PY" -r var.txt $NOINDEX "var$p"
	expect_rc 0 "\${VAR} = $p"
	expect_who "\${VAR} = $p" "var$p" "$p"
done

# --- --stamp: a rebuilt wheel rebuilds, an unchanged one does not ----------
mkwheel w S1
run "$PYVENV" create --python "$PY" -r abs.txt $NOINDEX --stamp st --depfile st.d stamped
expect_rc 0 "stamped, first"
expect_who "stamped, first" stamped S1
grep -qF "$ABS" st.d || fail "--depfile does not name the wheel: $(cat st.d)"
run "$PYVENV" create --python "$PY" -r abs.txt $NOINDEX --stamp st --depfile st.d stamped
expect_err "is up to date" "stamped, unchanged"
mkwheel w S2
run "$PYVENV" create --python "$PY" -r abs.txt $NOINDEX --stamp st --depfile st.d stamped
expect_rc 0 "stamped, rebuilt wheel"
expect_who "stamped, rebuilt wheel" stamped S2

# --- a local directory and an editable: built each time, never cached ------
# A project with an in-tree PEP 517 backend that needs nothing but the
# standard library (no index, no setuptools).
mkdir -p proj/bar proj/backend
cat >proj/pyproject.toml <<'TOML'
[build-system]
requires = []
build-backend = "tinybackend"
backend-path = ["backend"]
TOML
cat >proj/backend/tinybackend.py <<'PY'
import base64, hashlib, os, zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIST = "bar-1.0.dist-info"


def _wheel(directory, files):
    name = "bar-1.0-py3-none-any.whl"
    files = dict(files)
    files[DIST + "/METADATA"] = "Metadata-Version: 2.1\nName: bar\nVersion: 1.0\n"
    files[DIST + "/WHEEL"] = "Wheel-Version: 1.0\nGenerator: tiny\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = []
    with zipfile.ZipFile(os.path.join(directory, name), "w") as z:
        for path, text in files.items():
            data = text.encode()
            z.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
        record.append(DIST + "/RECORD,,")
        z.writestr(DIST + "/RECORD", "\n".join(record) + "\n")
    return name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with open(os.path.join(HERE, "bar", "__init__.py")) as f:
        return _wheel(wheel_directory, {"bar/__init__.py": f.read()})


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _wheel(wheel_directory, {"_bar_editable.pth": HERE + "\n"})
PY
echo 'WHO = "D1"' >proj/bar/__init__.py
before=$(ntemplates)
run "$PYVENV" create -v --python "$PY" --package ./proj $NOINDEX --stamp dst dir1
expect_rc 0 "a local directory"
expect_err "not using the template cache: the requirement './proj' is the local directory" "a local directory"
expect_who "a local directory" dir1 D1 bar
[ "$(ntemplates)" = "$before" ] || fail "a local directory: its environment was cached"
run "$PYVENV" create --python "$PY" --package ./proj $NOINDEX --stamp dst dir1
expect_err "is up to date" "a local directory, unchanged"
echo 'WHO = "D2"' >proj/bar/__init__.py
run "$PYVENV" create --python "$PY" --package ./proj $NOINDEX --stamp dst dir1
expect_rc 0 "a local directory, changed"
expect_who "a local directory, changed" dir1 D2 bar
echo "-e ./proj" >editable.txt
run "$PYVENV" create -v --python "$PY" -r editable.txt $NOINDEX edit
expect_rc 0 "an editable requirement"
expect_err "not using the template cache: the editable requirement" "an editable requirement"
case $err in *warning*) fail "an editable requirement: a warning: $err" ;; esac
[ "$(ntemplates)" = "$before" ] || fail "an editable requirement: its environment was cached"
finish
