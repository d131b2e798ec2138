# Usage errors exit 2 with a pointer to --help; --help and --version exit 0.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

run "$PYVENV" --version
expect_rc 0 "--version"
printf '%s' "$out" | grep -Eq '^pyvenv [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version printed '$out'"

for verb in "" create info; do
	run "$PYVENV" $verb --help
	expect_rc 0 "pyvenv $verb --help"
	printf '%s' "$out" | grep -q '^usage: pyvenv' || fail "pyvenv $verb --help has no usage line"
done
run "$PYVENV" create --help
for opt in --system-site-packages --symlinks --copies --clear --upgrade --without-pip --prompt \
	--upgrade-deps --without-scm-ignore-files --python --requirement --package --pip-arg \
	--build-path --cache-dir --no-cache --quiet --verbose; do
	printf '%s' "$out" | grep -q -- "$opt" || fail "create --help does not document $opt"
done

run "$PYVENV"
expect_rc 2 "no command"
run "$PYVENV" frobnicate
expect_rc 2 "unknown command"
expect_err "unknown command 'frobnicate'" "unknown command"
run "$PYVENV" create --frobnicate env
expect_rc 2 "unknown option"
expect_err "unknown option '--frobnicate'" "unknown option"
run "$PYVENV" create -qx env
expect_rc 2 "unknown short option in a group"
expect_err "unknown option '-x'" "unknown short option in a group"
run "$PYVENV" info -z
expect_rc 2 "unknown short option of info"
expect_err "unknown option '-z'" "unknown short option of info"
run "$PYVENV" create
expect_rc 2 "no ENV_DIR"
run "$PYVENV" create --clear --upgrade env
expect_rc 2 "--clear with --upgrade"
run "$PYVENV" create --python
expect_rc 2 "--python without a value"
run "$PYVENV" info extra
expect_rc 2 "info with an argument"
[ ! -e env ] || fail "a usage error created 'env'"
finish
