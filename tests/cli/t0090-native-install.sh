# The native installer: who installs what, and why.
#  - a locked set (every requirement pinned, the closure pinned too) is
#    installed without pip: -v says so, INSTALLER is pyvenv, and a pip that
#    would fail if run (PIP_CONFIG_FILE naming a broken file) is not run;
#  - an unpinned set, or an open closure: pip resolves (a dry run), pyvenv
#    installs what it chose;
#  - markers and extras decide what the closure needs;
#  - REQUESTED only for what the user named; direct_url.json for a wheel
#    named by path, as pip writes it;
#  - --installer pip: pip installs (INSTALLER pip), without bytecode;
#  - --installer native: an sdist is an error naming the requirement;
#  - --without-pip --installer native: a locked set installs, no pip;
#  - threads: two wheels writing one file leave the later one's, with any
#    number of threads;
#  - hashes: a mismatch names the package, the file, the expected and the
#    actual digest, and nothing is made; a missing hash in hash-checking
#    mode is an error; matching hashes install.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
W=$PWD/wheels
mkdir -p "$W"

# mk NAME VERSION [REQUIRES...]: a wheel with module NAME (WHO = NAME-VERSION)
mk() {
	python3 - "$PYVENV_TEST_SRC/tests/parity" "$W" "$@" <<'EOF' || fail "building $2 $3"
import sys
sys.path.insert(0, sys.argv[1])
from wheelgen import make_wheel
dest, name, version, requires = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
extras = [r[1:] for r in requires if r.startswith("+")]
requires = [r for r in requires if not r.startswith("+")]
mod = name.replace("-", "_")
make_wheel(dest, name, version, modules={mod + "/__init__.py": "WHO = %r\n" % (name + "-" + version)},
           console_scripts={name + "-cli": mod + ":WHO"}, requires=requires, extras=extras)
EOF
}
mk alpha 1.0 'beta>=1.0' 'gamma[fast]==2.0'
mk beta 1.0
mk beta 2.0
mk gamma 2.0 +fast 'delta ; extra == "fast"' 'never ; python_version < "3"'
# an extra the wheel does not provide is ignored, as pip ignores it
mk epsilon 1.0 'delta ; extra == "fast"'
mk delta 0.5
mk solo 1.0
printf 'not a sdist' >"$W/sdistpkg-1.0.tar.gz"

installer_of() { cat "$1"/lib/python*/site-packages/"$2"-*.dist-info/INSTALLER 2>/dev/null; }
has_requested() { [ -e "$(echo "$1"/lib/python*/site-packages/"$2"-*.dist-info)/REQUESTED" ]; }
who() { env -u VIRTUAL_ENV "$1/bin/python" -c "import $2; print($2.WHO)" 2>&1; }
# A pip that is run fails: every pip reads PIP_CONFIG_FILE.
printf '[global\nbroken' >broken.conf

# --- locked: no pip at all ----------------------------------------------------
cat >locked.txt <<EOF
--find-links $W
--no-index
alpha==1.0
beta==1.0
gamma[fast]==2.0
delta==0.5
EOF
run env PIP_CONFIG_FILE=$PWD/broken.conf "$PYVENV" create -v --no-cache --python "$PY" -r locked.txt locked
expect_rc 0 "locked set"
expect_err "installing natively: 4 distributions" "locked set: -v says native"
# stderr is no terminal: no progress line, one summary line
expect_err "^pyvenv: installed 4 packages in [0-9.]* s$" "locked set: the summary line"
printf '%s\n' "$err" | grep -q "$(printf '\r')" && fail "locked set: a progress line on a non-terminal"
printf '%s\n' "$err" | grep -q "resolving with pip" && fail "locked set: pip resolved"
[ "$(who locked alpha)" = alpha-1.0 ] || fail "locked: alpha is $(who locked alpha)"
[ "$(who locked delta)" = delta-0.5 ] || fail "locked: delta (extra of gamma) is $(who locked delta)"
[ "$(installer_of locked alpha)" = pyvenv ] || fail "locked: alpha's INSTALLER is $(installer_of locked alpha)"
[ -x locked/bin/alpha-cli ] || fail "locked: no console script alpha-cli"
env -u VIRTUAL_ENV locked/bin/python -m pip check >check.txt 2>&1 || fail "locked: pip check: $(cat check.txt)"
is_venv locked

# --- locked, with markers: a dependency the marker excludes is not needed ----
cat >markers.txt <<EOF
-f $W
gamma==2.0
EOF
run env PIP_CONFIG_FILE=$PWD/broken.conf "$PYVENV" create -v --no-cache --python "$PY" -r markers.txt markers
expect_rc 0 "markers exclude delta and never"
expect_err "installing natively: 1 distribution" "markers: native"
[ -e "$(echo markers/lib/python*/site-packages)/delta" ] && fail "markers: delta installed without the extra"

# --- an extra the wheel does not declare (Provides-Extra) asks for nothing -----
printf -- '-f %s\nepsilon[fast]==1.0\n' "$W" >undeclared.txt
run env PIP_CONFIG_FILE=$PWD/broken.conf "$PYVENV" create -v --no-cache --python "$PY" -r undeclared.txt undeclared
expect_rc 0 "an undeclared extra"
expect_err "installing natively: 1 distribution" "an undeclared extra: native, delta not needed"

# --- an open closure: pip resolves, pyvenv installs -----------------------------
cat >open.txt <<EOF
-f $W
--no-index
alpha==1.0
EOF
run "$PYVENV" create -v --no-cache --python "$PY" -r open.txt open
expect_rc 0 "open closure"
expect_err "not a locked set \(.*alpha 1.0 requires 'beta>=1.0', which the requirements do not pin" "open: why"
expect_err "resolving with pip" "open: pip resolves"
expect_err "installing natively: 4 distributions" "open: native install"
[ "$(who open beta)" = beta-2.0 ] || fail "open: pip's choice of beta is $(who open beta), not the newest"
has_requested open alpha || fail "open: alpha (named) has no REQUESTED"
has_requested open beta && fail "open: beta (a dependency) has REQUESTED"
[ "$(installer_of open beta)" = pyvenv ] || fail "open: beta's INSTALLER is $(installer_of open beta)"

# --- unpinned names -------------------------------------------------------------
run "$PYVENV" create -v --no-cache --python "$PY" --pip-arg=--no-index --pip-arg=--find-links=$W --package solo unpinned
expect_rc 0 "unpinned"
expect_err "--package: 'solo' is not pinned with ==" "unpinned: why"
expect_err "installing natively: 1 distribution" "unpinned: native install"

# --- unpinned, with a named index: pip resolves (a dry run), pyvenv installs --
mkdir emptyindex
run "$PYVENV" create -v --no-cache --python "$PY" --pip-arg=--index-url=file://$PWD/emptyindex \
	--pip-arg=--find-links=$W --package solo withindex
expect_rc 0 "unpinned, with a named index"
expect_err "resolving with pip" "with a named index: a dry run"
[ "$(installer_of withindex solo)" = pyvenv ] || fail "with a named index: solo's INSTALLER is $(installer_of withindex solo)"

# --- unpinned, with PyPI in effect: pip installs, no dry run first ------------
# (PyPI cannot be reached here: pip gives up at once and takes the local wheel.)
PIP_RETRIES=0 PIP_TIMEOUT=2 run "$PYVENV" create -v --no-cache --python "$PY" \
	--pip-arg=--extra-index-url=file://$PWD/emptyindex --pip-arg=--find-links=$W --package solo withpypi
expect_rc 0 "unpinned, with PyPI"
expect_err "without --no-index or --index-url, pip may download from PyPI" "with PyPI: why"
printf '%s\n' "$err" | grep -q "resolving with pip" && fail "with PyPI: a dry run ran"
[ "$(installer_of withpypi solo)" = pip ] || fail "with PyPI: solo's INSTALLER is $(installer_of withpypi solo)"

# --- a wheel named by path: direct_url.json as pip writes it ------------------
run "$PYVENV" create --no-cache --python "$PY" --package "$W/solo-1.0-py3-none-any.whl" direct
expect_rc 0 "direct wheel"
run "$PYVENV" create --no-cache --python "$PY" --installer pip --package "$W/solo-1.0-py3-none-any.whl" direct-pip
expect_rc 0 "direct wheel by pip"
a=$(cat direct/lib/python*/site-packages/solo-1.0.dist-info/direct_url.json 2>&1)
b=$(cat direct-pip/lib/python*/site-packages/solo-1.0.dist-info/direct_url.json 2>&1)
[ "$a" = "$b" ] || fail "direct_url.json differs: pyvenv '$a', pip '$b'"

# --- --installer pip ------------------------------------------------------------
run "$PYVENV" create -v --no-cache --python "$PY" --installer pip -r locked.txt bypip
expect_rc 0 "--installer pip"
expect_err "installing with pip: --installer pip" "--installer pip: -v says why"
[ "$(installer_of bypip alpha)" = pip ] || fail "--installer pip: alpha's INSTALLER is $(installer_of bypip alpha)"
[ -z "$(find bypip/lib/python*/site-packages/alpha -name '*.pyc')" ] || fail "--installer pip compiled bytecode"

# --- --installer native: what only pip can do is an error ----------------------
printf -- '-f %s\nsolo==1.0\n%s/sdistpkg-1.0.tar.gz\n' "$W" "$W" >sdist.txt
run "$PYVENV" create --no-cache --python "$PY" --installer native -r sdist.txt nat
expect_rc 1 "--installer native with an sdist"
expect_err "cannot install the requirements natively: .*sdist.txt:3: .*sdistpkg-1.0.tar.gz' is a source archive, which pip builds" \
	"--installer native: names the requirement and why"
[ -e nat ] && fail "--installer native: the refused environment exists"

# --- --without-pip --installer native --------------------------------------------
run env PIP_CONFIG_FILE=$PWD/broken.conf "$PYVENV" create --no-cache --python "$PY" --without-pip --installer native -r locked.txt nopip
expect_rc 0 "--without-pip --installer native"
[ -e "$(echo nopip/lib/python*/site-packages)/pip" ] && fail "--without-pip: pip is there"
[ "$(who nopip alpha)" = alpha-1.0 ] || fail "--without-pip: alpha is $(who nopip alpha)"
run "$PYVENV" create --no-cache --python "$PY" --without-pip --installer native -r open.txt nopip-open
expect_rc 1 "--without-pip, unlocked"
expect_err "resolving it needs pip, and the environment has none" "--without-pip, unlocked: why"

# --- --compile-bytecode: what is installed, and the seeded pip, as venv's ------
printf -- '-f %s\nsolo==1.0\n' "$W" >solo.txt
run "$PYVENV" create --no-cache --python "$PY" --compile-bytecode -r solo.txt compiled
expect_rc 0 "--compile-bytecode"
grep -q '^solo/__pycache__/__init__\..*\.pyc,,$' compiled/lib/python*/site-packages/solo-1.0.dist-info/RECORD ||
	fail "--compile-bytecode: solo's RECORD lists no .pyc"
"$PY" -m venv venv-ref || fail "python -m venv"
a=$(cd venv-ref && find . -name '*.pyc' | sort)
b=$(cd compiled && find . -name '*.pyc' ! -path '*/solo/*' | sort)
[ -n "$a" ] && [ "$a" = "$b" ] || fail "--compile-bytecode: pip's .pyc files differ from python -m venv's: $(diff <(echo "$a") <(echo "$b") | head -5)"

# --- threads: wheels written side by side, the last one's file kept -----------
# clash1 and clash2 both write clash/__init__.py and bin/clash: as pip, whose
# install order is the plan's, the later one's files stay, whatever the
# threads did; PYVENV_THREADS=1 and =3 make the same environment.
python3 - "$PYVENV_TEST_SRC/tests/parity" "$W" <<'EOF2' || fail "building the clashing wheels"
import sys
sys.path.insert(0, sys.argv[1])
from wheelgen import make_wheel
for n in ("clash1", "clash2"):
    make_wheel(sys.argv[2], n, "1.0", modules={"clash/__init__.py": "WHO = %r\n" % n, n + "/__init__.py": ""},
               console_scripts={"clash": n + ":x"})
EOF2
printf -- '-f %s\n--no-index\nalpha==1.0\nbeta==1.0\nclash1==1.0\ngamma==2.0\nsolo==1.0\nclash2==1.0\n' "$W" >clash.txt
for t in 1 3; do
	run env PYVENV_THREADS=$t "$PYVENV" create -v --no-cache --python "$PY" -r clash.txt clash$t
	expect_rc 0 "clashing wheels, $t thread(s)"
	expect_err "writing 7 wheels with $t thread" "threads: -v says how many ($t)"
	[ "$(who clash$t clash)" = clash2 ] || fail "threads $t: clash/__init__.py is not the later wheel's: $(who clash$t clash)"
	grep -q 'clash2' clash$t/bin/clash || fail "threads $t: bin/clash is not the later wheel's"
	for n in clash1 clash2; do
		grep -q '^clash/__init__.py,' clash$t/lib/python*/site-packages/$n-1.0.dist-info/RECORD ||
			fail "threads $t: $n's RECORD does not list clash/__init__.py"
	done
done
expect_err "clash1 1.0 writes a file another package writes: writing it again in order" "threads: the clash is written again"
(cd clash1 && find . -type f ! -name '*.pyc' | sort | xargs sha256sum | grep -v -e ' ./bin/' -e '/RECORD$' -e ' ./pyvenv.cfg$') >c1.sums
(cd clash3 && find . -type f ! -name '*.pyc' | sort | xargs sha256sum | grep -v -e ' ./bin/' -e '/RECORD$' -e ' ./pyvenv.cfg$') >c3.sums
diff c1.sums c3.sums >/dev/null || fail "threads: 1 and 3 threads made different files: $(diff c1.sums c3.sums | head -5)"
run env PYVENV_THREADS=lots "$PYVENV" create --no-cache --python "$PY" -r clash.txt clashbad
expect_rc 0 "PYVENV_THREADS not a number"
expect_err "PYVENV_THREADS is 'lots', not a number from 1 to 16" "PYVENV_THREADS not a number: warned"

# --- what is installed at the pinned version is left alone ----------------------------
# The seeded pip, pinned at its own version (its bundled wheel in -f).
pipwhl=$("$PY" -c '
import os, ensurepip
dirs = [os.path.join(os.path.dirname(ensurepip.__file__), "_bundled"), getattr(ensurepip, "_WHEEL_PKG_DIR", None)]
print(next((os.path.join(d, n) for d in dirs if d and os.path.isdir(d) for n in sorted(os.listdir(d))
            if n.startswith("pip-") and n.endswith(".whl")), ""))' 2>/dev/null)
if [ -n "$pipwhl" ]; then
	mkdir pipw && cp "$pipwhl" pipw/
	pipver=$(basename "$pipwhl" | cut -d- -f2)
	printf -- '--no-index\n-f %s\npip==%s\n' "$PWD/pipw" "$pipver" >pinpip.txt
	run "$PYVENV" create -v --no-cache --python "$PY" -r pinpip.txt pinpip
	expect_rc 0 "pip pinned at the seeded version"
	expect_err "pip $pipver is installed already" "pip pinned at the seeded version: left alone"
	printf '%s\n' "$err" | grep -q "removing pip" && fail "pip pinned at the seeded version: removed: $err"
	env -u VIRTUAL_ENV pinpip/bin/python -m pip --version >/dev/null 2>&1 || fail "pinpip: pip does not run"
else
	echo "NOTE: no bundled pip wheel for $PY: the same-version check is not made"
fi

# --- hashes -----------------------------------------------------------------------
good=$(sha256sum "$W/solo-1.0-py3-none-any.whl" | cut -d' ' -f1)
bad=0000000000000000000000000000000000000000000000000000000000000000
printf -- '-f %s\nsolo==1.0 --hash=sha256:%s\n' "$W" "$bad" >badhash.txt
mkdir guard && snap=$(snapshot_contents .)
run "$PYVENV" create --no-cache --python "$PY" -r badhash.txt badhash
expect_rc 1 "hash mismatch"
expect_err "the wheel '$W/solo-1.0-py3-none-any.whl' of solo 1.0 does not have the hash badhash.txt:2 asks for" "hash mismatch: names package and file"
expect_err "expected sha256:$bad" "hash mismatch: expected"
expect_err "got sha256:$good" "hash mismatch: actual"
[ "$(snapshot_contents .)" = "$snap" ] || fail "hash mismatch: something was written"
printf -- '-f %s\nsolo==1.0 --hash=sha256:%s\nbeta==1.0\n' "$W" "$good" >somehash.txt
run "$PYVENV" create --no-cache --python "$PY" -r somehash.txt somehash
expect_rc 1 "a requirement without a hash in hash-checking mode"
expect_err "somehash.txt:3: beta 1.0 has no --hash, and hashes are required" "missing hash: names it"
printf -- '-f %s\nsolo==1.0 --hash=sha256:%s\n' "$W" "$good" >goodhash.txt
run env PIP_CONFIG_FILE=$PWD/broken.conf "$PYVENV" create --no-cache --python "$PY" -r goodhash.txt goodhash
expect_rc 0 "matching hash"
# sha384 and sha512 are checked natively too; as pip, one digest that
# matches is enough, in whichever algorithm
good384=$(sha384sum "$W/solo-1.0-py3-none-any.whl" | cut -d' ' -f1)
good512=$(sha512sum "$W/solo-1.0-py3-none-any.whl" | cut -d' ' -f1)
printf -- '-f %s\nsolo==1.0 --hash=sha512:%s\n' "$W" "$good512" >hash512.txt
run env PIP_CONFIG_FILE=$PWD/broken.conf "$PYVENV" create -v --no-cache --python "$PY" -r hash512.txt hash512
expect_rc 0 "a sha512 hash"
expect_err "installing natively: 1 distribution" "a sha512 hash: native"
printf -- '-f %s\nsolo==1.0 --hash=sha256:%s --hash=sha384:%s\n' "$W" "$bad" "$good384" >hashmix.txt
run env PIP_CONFIG_FILE=$PWD/broken.conf "$PYVENV" create --no-cache --python "$PY" -r hashmix.txt hashmix
expect_rc 0 "a wrong sha256 and a right sha384: one that matches is enough"
printf -- '-f %s\nsolo==1.0 --hash=sha384:%s\n' "$W" "$(printf %096d 0)" >bad384.txt
run "$PYVENV" create --no-cache --python "$PY" -r bad384.txt bad384
expect_rc 1 "sha384 mismatch"
expect_err "got sha384:$good384" "sha384 mismatch: the actual sha384"
[ ! -e bad384 ] || fail "sha384 mismatch: the environment was made"

finish
