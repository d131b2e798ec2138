# After any run that ends (success, refusal, failure), the parent directory
# holds what it held before, plus the environment or archive where one was
# made: no lock file, no temporary directory, no partial archive.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
# unpack finds its interpreter as create does, never from the template.
export PYVENV_PYTHON="$PY"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

mkdir proj wheels
echo 'a project file' >proj/README
# after WHAT [NEW...]: proj holds what it held before the run, plus NEW.
after() {
	local what=$1 want
	shift
	want=$(printf '%s\n' "$before" "$@" | grep -v '^$' | LC_ALL=C sort -u)
	[ "$(ls -A proj | LC_ALL=C sort)" = "$want" ] ||
		fail "$what: proj holds $(ls -A proj | tr '\n' ' '), expected $(echo $want)"
}
snap() { before=$(ls -A proj | LC_ALL=C sort); }

snap; run "$PYVENV" create --python "$PY" proj/.venv
expect_rc 0 "create .venv"; after "create .venv" .venv
snap; run "$PYVENV" create --python "$PY" proj/.venv
expect_rc 0 "update .venv"; after "update .venv"
snap; run "$PYVENV" create --python "$PY" --clear proj/.venv
expect_rc 0 "create --clear .venv"; after "create --clear .venv"
snap; run "$PYVENV" create --python "$PY" proj/README
expect_rc 1 "create over a file"; after "create over a file"
mkdir proj/data && echo x >proj/data/x
snap; run "$PYVENV" create --python "$PY" proj/data
expect_rc 1 "create in a data directory"; after "create in a data directory"
snap; run "$PYVENV" create --python "$PY" --pip-arg=--no-index --pip-arg=--find-links=wheels \
	--package no-such-package proj/failed
expect_rc 1 "create with pip failing"; after "create with pip failing"
snap; run "$PYVENV" create --python /nonexistent/python3 proj/nopy
expect_rc 1 "create with no interpreter"; after "create with no interpreter"
snap; run "$PYVENV" create --python "$PY" --stamp proj/.stamp proj/stamped
expect_rc 0 "create --stamp"; after "create --stamp" stamped .stamp

snap; run "$PYVENV" pack proj/.venv proj/env.tar.zst
expect_rc 0 "pack"; after "pack" env.tar.zst
snap; run "$PYVENV" pack proj/.venv proj/env.tar.zst
expect_rc 0 "pack over an archive"; after "pack over an archive"
snap; run "$PYVENV" pack proj/data proj/data.tar.zst
expect_rc 1 "pack of a non-environment"; after "pack of a non-environment"
snap; run "$PYVENV" pack proj/.venv proj/env.zip
expect_rc 1 "pack to .zip"; after "pack to .zip"

snap; run "$PYVENV" unpack proj/env.tar.zst proj/unpacked
expect_rc 0 "unpack"; after "unpack" unpacked
echo junk >proj/bad.tar.gz
snap; run "$PYVENV" unpack proj/bad.tar.gz proj/env2
expect_rc 1 "unpack of a bad archive"; after "unpack of a bad archive"
snap; run "$PYVENV" unpack proj/env.tar.zst proj/unpacked
expect_rc 1 "unpack over an environment"; after "unpack over an environment"

snap; run "$PYVENV" check proj/.venv
expect_rc 0 "check"; after "check"
snap; run "$PYVENV" check proj/data
expect_rc 1 "check of a data directory"; after "check of a data directory"
finish
