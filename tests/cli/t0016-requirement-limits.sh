# Requirement files are bounded and read once: /dev/zero, directly or
# nested, a FIFO named by a nested -r, a file over 16 MiB each fail at once
# with a clear message and leave nothing; a top-level pipe still works.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
mkdir tmp wheels
export TMPDIR=$PWD/tmp
wheel wheels alpha 1.0

# refused WHAT PATTERN ARG...: create exits 1 within 60 s saying PATTERN,
# and leaves nothing here or in TMPDIR.
refused() {
	local what=$1 pattern=$2 before
	shift 2
	before=$(ls -A .)
	run timeout 60 "$PYVENV" create --python "$PY" "$@" env
	expect_rc 1 "$what"
	expect_err "$pattern" "$what"
	[ "$(ls -A .)" = "$before" ] || fail "$what: left $(ls -A . | tr '\n' ' ')"
	[ -z "$(ls -A tmp)" ] || fail "$what: left in TMPDIR: $(ls -A tmp)"
}

refused "-r /dev/zero" "requirements file '/dev/zero' is larger than 16 MiB" -r /dev/zero
echo "-r /dev/zero" >nested-zero.txt
refused "nested -r /dev/zero" "requirements file '/dev/zero' is not a regular file" -r nested-zero.txt
mkfifo fifo
printf 'alpha\n-r fifo\n' >nested-fifo.txt
refused "nested -r FIFO" "requirements file '.*fifo' is not a regular file" -r nested-fifo.txt
expect_err "^hint: " "nested -r FIFO"
head -c $((17 << 20)) /dev/zero | tr '\0' '#' >big.txt
refused "17 MiB file" "requirements file 'big.txt' is larger than 16 MiB" -r big.txt
refused "17 MiB file through a pipe" "larger than 16 MiB" -r <(cat big.txt)

# A top-level pipe is read once, for the digest and for pip.
run "$PYVENV" create --python "$PY" -r <(printf 'alpha\n') --pip-arg=--no-index --pip-arg=--find-links=wheels env
expect_rc 0 "-r <(pipe)"
script_runs=$(env -u VIRTUAL_ENV env/bin/alpha 2>&1)
case $script_runs in "hello from alpha 1.0"*) ;; *) fail "-r <(pipe): alpha says $script_runs" ;; esac
[ -z "$(ls -A tmp)" ] || fail "-r <(pipe): left in TMPDIR: $(ls -A tmp)"
# ... once for all the ENV_DIRs of one run, too.
run "$PYVENV" create --python "$PY" -r <(printf 'alpha\n') --pip-arg=--no-index --pip-arg=--find-links=wheels e1 e2
expect_rc 0 "-r <(pipe) e1 e2"
for e in e1 e2; do
	[ -x "$e/bin/alpha" ] || fail "-r <(pipe) e1 e2: $e has no alpha"
done
[ -z "$(ls -A tmp)" ] || fail "-r <(pipe) e1 e2: left in TMPDIR: $(ls -A tmp)"
finish
