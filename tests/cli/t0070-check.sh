# pyvenv check: healthy environments (its own and python -m venv's) pass;
# each kind of damage fails with exit 1 and a line naming it; nothing is
# changed; usage errors exit 2.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

site=$("$PY" -c 'import sys; print("lib/python%d.%d/site-packages" % sys.version_info[:2])')
version=$("$PY" -c 'import platform; print(platform.python_version())')

# healthy WHAT DIR: check passes, says so, and changes nothing.
healthy() {
	local before
	before=$(snapshot "$2")
	run "$PYVENV" check "$2"
	expect_rc 0 "$1"
	[[ $out == "$(cd "$2" && pwd): healthy (Python $version, "*" installed package"* ]] || fail "$1: stdout: $out"
	[ -z "$err" ] || fail "$1: stderr: $err"
	[ "$(snapshot "$2")" = "$before" ] || fail "$1: check changed the environment"
}

# broken WHAT DIR PATTERN...: check fails with exit 1, each pattern on
# stderr, a hint, nothing on stdout, and changes nothing.
broken() {
	local what=$1 dir=$2 before
	shift 2
	before=$(snapshot "$dir")
	run "$PYVENV" check "$dir"
	expect_rc 1 "$what"
	for p in "$@"; do
		expect_err "$p" "$what"
	done
	expect_err "^hint: make it anew: pyvenv create --clear" "$what"
	[ -z "$out" ] || fail "$what: stdout: $out"
	[ "$(snapshot "$dir")" = "$before" ] || fail "$what: check changed the environment"
}

# fresh DIR: a new environment with pip (from a cache, after the first; copies,
# so that damaging one does not damage the others through hard links).
fresh() {
	"$PYVENV" create -q --cache-dir cache --link-mode copy --python "$PY" "$1" || fail "create $1"
}

fresh good
healthy "pyvenv's environment" good
"$PY" -m venv venv-made || fail "python -m venv"
healthy "python -m venv's environment" venv-made
"$PYVENV" create -q --no-cache --without-pip --copies --python "$PY" bare || fail "create bare"
healthy "a --copies environment without pip" bare
run "$PYVENV" check -q good
[ "$rc" = 0 ] && [ -z "$out$err" ] || fail "check -q: exit $rc, output: $out$err"

# A moved environment: its scripts run the old path, activate names it.
fresh moved-src && mv moved-src moved
broken "a moved environment" moved \
	"bin/pip runs '$PWD/moved-src/bin/python3?', which does not exist \(was the environment moved\?\)" \
	"bin/activate does not name this environment"
# A copied one: its scripts run the original's interpreter.
cp -a good copied
broken "a copied environment" copied "bin/pip runs '$PWD/good/bin/python3?', the interpreter of another environment"

# Installed files missing or changed.
fresh damaged
echo '# changed' >> "damaged/$site/pip/__init__.py"
rm "damaged/$site/pip/_internal/main.py"
broken "changed and missing package files" damaged \
	"pip-[0-9.]+: 2 installed file\(s\) missing or changed: pip/__init__.py \(changed\), pip/_internal/main.py \(missing\)"
fresh norecord
rm norecord/$site/pip-*.dist-info/RECORD
broken "a package without RECORD" norecord "pip-.*\.dist-info has no RECORD"
fresh badrecord
printf 'a,b\n' >> badrecord/$site/pip-*.dist-info/RECORD
broken "a malformed RECORD row" badrecord "RECORD: row [0-9]+ is malformed"

# bin/python gone, a dangling link, a site-packages gone.
fresh nopython
rm nopython/bin/python
broken "no bin/python" nopython "bin/python is missing or not executable"
fresh dangling
ln -s "$PWD/nowhere" dangling/bin/tool
broken "a dangling link in bin" dangling "bin/tool is a link to '$PWD/nowhere', which does not exist"
fresh nosite
rm -r "nosite/$site"
broken "no site-packages" nosite "it has no $site" "is not on bin/python's sys.path"

# pyvenv.cfg: another version, a base interpreter gone, no home.
fresh otherminor
sed -i 's/^version = .*/version = 3.1.0/' otherminor/pyvenv.cfg
broken "made for another minor version" otherminor "it was made for Python 3.1.0, but its base interpreter .* is now Python $version"
fresh otherpatch
sed -i "s/^version = .*/version = ${version%.*}.999/" otherpatch/pyvenv.cfg
run "$PYVENV" check otherpatch
expect_rc 0 "made for another patch release"
expect_err "warning: .* was made for Python ${version%.*}\.999; its base interpreter is now $version" \
	"made for another patch release"
cp -a bare nobase
sed -i "s|^home = .*|home = $PWD/gone|; s|^executable = .*|executable = $PWD/gone/python3|" nobase/pyvenv.cfg
if grep -q '^executable' nobase/pyvenv.cfg; then
	broken "base interpreter removed" nobase "home '$PWD/gone' does not exist" \
		"its base interpreter '$PWD/gone/python3' does not exist"
else
	broken "base interpreter removed" nobase "home '$PWD/gone' does not exist"
fi
fresh nohome
sed -i '/^home/d' nohome/pyvenv.cfg
broken "no home" nohome "pyvenv.cfg has no home"

# Not an environment at all.
mkdir plain
run "$PYVENV" check plain
expect_rc 1 "a plain directory"
expect_err "'$PWD/plain' is not a virtual environment: cannot read its pyvenv.cfg" "a plain directory"
run "$PYVENV" check missing
expect_rc 1 "a missing directory"
expect_err "cannot check '$PWD/missing': No such file or directory" "a missing directory"
touch file
run "$PYVENV" check file
expect_rc 1 "a file"
expect_err "'$PWD/file' is not a directory" "a file"

# Usage errors.
for args in "" "a b" "--bogus good" "--cache-dir" "''"; do
	eval "run \"\$PYVENV\" check $args"
	expect_rc 2 "check $args"
	expect_err "Try 'pyvenv check --help'" "check $args"
done
run "$PYVENV" check --help
expect_rc 0 "check --help"
[[ $out == "usage: pyvenv check"* ]] || fail "check --help: $out"
finish
