# s01: sixteen `pyvenv create` at once on one cache key (one wheel from a
# local wheelhouse, sixteen destinations, a new cache). All sixteen succeed
# and make a working environment that names only itself; pip runs once, in
# the run that builds and stores the template, and the fifteen others seed
# from it (waiting for it, all or most of them: the runs start together); the
# cache holds one template with its digest and one unpacked tree; no
# temporary file is left anywhere; nothing on stderr but progress and waiting.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') VIRTUAL_ENV PYTHONHOME PYTHONPATH
command -v flock >/dev/null || skip "flock(1) is not installed (it starts the runs together)"
start=$EPOCHREALTIME
N=16
BASE_PREFIX=$("$PY" -c 'import sys; print(sys.base_prefix)') || { echo "FAIL: $PY does not run"; exit 1; }

mkdir wheels
wheel wheels alpha 1.0 || { echo "FAIL: cannot build the test wheel"; exit 1; }
echo alpha >req.txt

# The runs start together: each waits for a shared lock on "go", which the
# test holds exclusively until all sixteen are forked.
exec 9>go
flock 9
pids=()
for i in $(seq 1 $N); do
	flock -s go "$PYVENV" create -v --python "$PY" --cache-dir "$PWD/c" -r req.txt \
		--pip-arg=--no-index --pip-arg=--find-links=wheels "$PWD/e$i/env" >"out$i.txt" 2>"err$i.txt" &
	pids+=($!)
done
flock -u 9
exec 9>&-
for i in $(seq 1 $N); do
	wait "${pids[i - 1]}"
	rc=$?
	[ "$rc" = 0 ] || fail "create e$i: exit status $rc: $(cat "err$i.txt")"
done
created=$EPOCHREALTIME

# --- what each run said -----------------------------------------------------
# stderr: only "pyvenv: " progress lines; no error, warning or hint, nothing
# about damaged entries or leftovers. stdout: pip's, in the one run that ran it.
for i in $(seq 1 $N); do
	other=$(grep -v '^pyvenv: ' "err$i.txt")
	[ -z "$other" ] || fail "e$i: stderr has lines that are not progress: $other"
	bad=$(grep -Ei '^pyvenv: (error|warning)|^hint:|could not|cannot|damaged|discard|interrupted|traceback' "err$i.txt" |
		grep -vE '^pyvenv: cannot (clone|hardlink) here \(.*\): trying (hardlink|copy)$')
	[ -z "$bad" ] || fail "e$i: stderr: $bad"
done
count() { cat err*.txt | grep -c -- "$1"; }
builders=$(grep -l "installing requirements" err*.txt)
[ "$(count "installing requirements")" = 1 ] || fail "pip ran $(count "installing requirements") times, not once: $(echo $builders)"
[ "$(count "installing pip ")" = 1 ] || fail "pip was unpacked $(count "installing pip ") times, not once"
[ "$(count "stored its template")" = 1 ] || fail "templates stored: $(count "stored its template"), not 1"
[ "$(count "seeding from the cached template")" = $((N - 1)) ] ||
	fail "$(count "seeding from the cached template") creates seeded from the cache, not $((N - 1))"
for f in $builders; do
	! grep -q "seeding from the cached template" "$f" || fail "the create that built also seeded ($f)"
done
waited=$(count "waiting for another pyvenv")
[ "$waited" -ge 1 ] || fail "no run waited for another: the runs did not overlap"
for i in $(seq 1 $N); do
	case " $builders " in *" err$i.txt "*) continue ;; esac
	[ ! -s "out$i.txt" ] || fail "e$i seeded from the cache but printed: $(cat "out$i.txt")"
done

# --- each environment -------------------------------------------------------
# pip starts slowly: the sixteen `pip --version` run side by side.
for i in $(seq 1 $N); do
	"$PWD/e$i/env/bin/pip" --version >"pip$i.txt" 2>&1 &
done
wait
pat=$(printf '%s' "$PWD" | sed 's/[][\.*^$+?(){}|]/\\&/g')/e[0-9]+/env
for i in $(seq 1 $N); do
	d="$PWD/e$i/env"
	is_venv "$d" || continue
	got=$("$PYVENV" check -q --no-cache "$d" 2>&1) || fail "e$i: pyvenv check: $got"
	got=$(<"pip$i.txt")
	[[ $got == "pip "*" from $d/lib/"* ]] || fail "e$i: bin/pip --version: $got"
	got=$("$d/bin/alpha" 2>&1)
	[ "$got" = "$(printf 'hello from alpha 1.0\n%s' "$d")" ] || fail "e$i: bin/alpha printed: $got"
	# At run time: the base is the base interpreter's, and every path of
	# this test's tree that Python uses is the environment's own.
	got=$(env -u VIRTUAL_ENV "$d/bin/python" -c '
import sys, site, alpha, pip
print("base_prefix", sys.base_prefix)
for p in sys.path + site.getsitepackages() + [alpha.__file__, pip.__file__, sys.executable]:
    print(p)' 2>&1)
	[[ $got == "base_prefix $BASE_PREFIX"$'\n'* ]] || fail "e$i: sys.base_prefix: $got"
	got=$(printf '%s\n' "$got" | grep -F "$PWD/" | grep -vF "$d/")
	[ -z "$got" ] || fail "e$i: Python uses paths outside its environment: $got"
	# In its files (compiled ones included): no other environment's path...
	got=$(grep -rahoE "$pat" "$d" | sort -u)
	[ "$got" = "$d" ] || fail "e$i: its files name: $(echo $got)"
	# ...and no path of the directory it was built in (compiled files keep
	# the name of the source they were compiled from; Python corrects it).
	got=$(grep -rlaF --exclude-dir=__pycache__ pyvenv-tmp "$d")
	[ -z "$got" ] || fail "e$i: files name a temporary directory: $got"
	got=$(find "$d" -name '*pyvenv-tmp*')
	[ -z "$got" ] || fail "e$i: temporary files left in it: $got"
	left=$(ls -A "$PWD/e$i" | grep -vxE 'env|\.env\.pyvenv-lock')
	[ -z "$left" ] || fail "e$i: left beside the environment: $left"
done
# Every RECORD matches its files (relocation updated the rows it changed).
got=$("$PY" - "$PWD"/e*/env <<'EOF'
import base64, csv, glob, hashlib, os, sys
for env in sys.argv[1:]:
    for rec in glob.glob(os.path.join(env, "lib*/python*/site-packages/*.dist-info/RECORD")):
        site = os.path.dirname(os.path.dirname(rec))
        for row in csv.reader(open(rec, newline="")):
            if len(row) < 3 or not row[1]:
                continue
            path = os.path.normpath(os.path.join(site, row[0]))
            if not os.path.isfile(path):
                print("%s lists missing %s" % (rec, row[0]))
                continue
            algo, _, want = row[1].partition("=")
            data = open(path, "rb").read()
            got = base64.urlsafe_b64encode(hashlib.new(algo, data).digest()).rstrip(b"=").decode()
            if got != want or (row[2] and int(row[2]) != len(data)):
                print("%s: the row of %s does not match the file" % (rec, row[0]))
EOF
)
[ -z "$got" ] || fail "RECORD: $got"
no_leftovers "$PWD"

# --- the cache ----------------------------------------------------------------
tpl=$(ls c/templates | grep -v '\.lock$')
archives=$(find c/templates -name '*.tar.zst' | wc -l)
[ "$archives" = 1 ] || fail "templates in the cache: $archives: $tpl"
if [ "$archives" = 1 ]; then
	key=$(basename c/templates/*.tar.zst .tar.zst)
	[ "$tpl" = "$(printf '%s.sha256\n%s.tar.zst' "$key" "$key")" ] || fail "in c/templates: $(echo $tpl)"
	[ "$(cat "c/templates/$key.sha256")" = "$(sha256sum "c/templates/$key.tar.zst" | cut -d' ' -f1)" ] ||
		fail "the digest file does not match the archive"
	[ "$(ls -A c/trees)" = "$key" ] || fail "in c/trees: $(ls -A c/trees)"
fi
[ "$(ls -A c/interpreters | grep -c .)" = 1 ] || fail "in c/interpreters: $(ls -A c/interpreters)"
[ "$(ls -A c)" = "$(printf 'interpreters\ntemplates\ntrees')" ] || fail "in the cache: $(ls -A c)"
tmp=$(find c -name '*pyvenv-tmp*')
[ -z "$tmp" ] || fail "temporary files left in the cache: $tmp"

# The cache still serves: a seventeenth create seeds from it, quietly.
run "$PYVENV" create --python "$PY" --cache-dir "$PWD/c" -r req.txt \
	--pip-arg=--no-index --pip-arg=--find-links=wheels "$PWD/e17/env"
expect_rc 0 "a later create"
[ "$err" = "pyvenv: creating the environment '$PWD/e17/env' (Python $("$PY" -c 'import platform; print(platform.python_version())'))" ] ||
	fail "a later create said: $err"
[ -z "$out" ] || fail "a later create ran pip: $out"
is_venv "$PWD/e17/env"

awk "BEGIN { printf \"%d creates at once: %.1f s; %d waited; all checks: %.1f s\n\", $N, $created - $start, $waited, $EPOCHREALTIME - $start }"
finish
