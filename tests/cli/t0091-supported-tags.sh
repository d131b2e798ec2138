# The wheel tags the probe reports, for every interpreter here, are pip's:
# the list (and its order, which decides which wheel wins) equals what the
# interpreter's bundled pip's get_supported() gives, run in an environment
# of that interpreter; and the marker variables equal packaging's
# default_environment(). Interpreters that are not here are skipped, each
# said.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')
pythons="/usr/bin/python3"
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for v in 3.8 3.9 3.10 3.11 3.12 3.13; do
	p=$(ls -d "$root"/versions/$v.*/bin/python3 2>/dev/null | tail -1)
	if [ -n "$p" ]; then pythons="$pythons $p"; else echo "SKIP: no Python $v under $root/versions"; fi
done
n=0
for p in $pythons; do
	[ -x "$p" ] || { echo "SKIP: no $p"; continue; }
	env=e$n
	n=$((n + 1))
	run "$PYVENV" create --no-cache --python "$p" "$env"
	expect_rc 0 "$p: create" || continue
	"$PYVENV" info --json --python "$p" >probe.json || { fail "$p: info --json"; continue; }
	env -u VIRTUAL_ENV "$env/bin/python" - probe.json <<'PY' >result.txt 2>&1 || fail "$p: $(cat result.txt)"
import json, sys
from pip._internal.utils.compatibility_tags import get_supported
from pip._vendor.packaging.markers import default_environment
probe = json.load(open(sys.argv[1]))
want = [str(t) for t in get_supported()]
if probe["tags"] != want:
    first = next(i for i, (a, b) in enumerate(zip(probe["tags"] + [None], want + [None])) if a != b)
    sys.exit("tags differ from pip's at %d: %r, pip %r (%d vs %d tags)" % (
        first, probe["tags"][first:first + 1], want[first:first + 1], len(probe["tags"]), len(want)))
env = default_environment()
for key, value in env.items():
    if probe["markers"].get(key) != value:
        sys.exit("marker %s is %r, packaging says %r" % (key, probe["markers"].get(key), value))
print("%d tags" % len(want))
PY
	echo "$p: $(cat result.txt)"
done
[ "$n" -gt 0 ] || fail "no interpreter was checked"
finish
