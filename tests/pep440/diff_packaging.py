"""Holds pep440.h and pep508_marker_eval() against pip's vendored packaging.

    python diff_packaging.py --dump path/to/pep440_dump [--seed N] [--count N] [--show N]

Run with an interpreter whose pip vendors packaging 24 (the version pep440.h
follows); exits 77 (skipped) with another. Asks pep440_dump and packaging
the same questions and prints every answer that differs:

- parse: str(Version(V)) and Version(V).is_prerelease, or that V is invalid;
- cmp: the order of two versions;
- contains: SpecifierSet(SPEC).contains(V, prereleases=PRE) for PRE None,
  True and False, or that SPEC is invalid;
- marker: Marker(M).evaluate(ENV | {"extra": EXTRA}) under two fixed
  environments, or that it raises;
- req: Requirement(TEXT).extras (where packaging 24 and the 21.3 grammar
  pep508.c follows both take TEXT).

The cases are a hand-written list of tricky ones plus --count random ones
per kind from a fixed seed. Where pep440.h differs from packaging on
purpose (see lib/pep440.c: numbers past 2**63 - 1, "===" with text that is
not a version), the expectation is pep440.h's, and the case is counted as
deliberate. Exits 1 on any difference.
"""

import argparse
import json
import random
import subprocess
import sys

try:
    from pip._vendor import packaging
    from pip._vendor.packaging.markers import Marker
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.specifiers import InvalidSpecifier, SpecifierSet
    from pip._vendor.packaging.version import InvalidVersion, Version
except ImportError as e:
    print(f"SKIP: no pip._vendor.packaging here ({e})")
    sys.exit(77)

if not packaging.__version__.startswith("24."):
    print(f"SKIP: pip vendors packaging {packaging.__version__}, not 24")
    sys.exit(77)

LLONG_MAX = 2**63 - 1

ENVS = [
    {
        "implementation_name": "cpython",
        "implementation_version": "3.13.0",
        "os_name": "posix",
        "platform_machine": "x86_64",
        "platform_release": "6.1.0-18-amd64",
        "platform_system": "Linux",
        "platform_version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
        "python_full_version": "3.13.0",
        "platform_python_implementation": "CPython",
        "python_version": "3.13",
        "sys_platform": "linux",
    },
    {
        "implementation_name": "pypy",
        "implementation_version": "7.3.11rc1",
        "os_name": "nt",
        "platform_machine": "AMD64",
        "platform_release": "10",
        "platform_system": "Windows",
        "platform_version": "10.0.19045",
        "python_full_version": "3.8.10",
        "platform_python_implementation": "PyPy",
        "python_version": "3.8",
        "sys_platform": "win32",
    },
]

# --- the hand-written cases ----------------------------------------------

TRICKY_VERSIONS = [
    "1.0", "1.0.0", "1", "v1.0", "V1.0", " 1.0 ", "\t1.0\n", "\u20031.0\u2003", "1.0-1",
    "1.0-0", "1.0-alpha1", "1.0.ALPHA.1", "1.0a", "1.0a-", "1.0a.", "1.0_beta_2", "1.0c1",
    "1.0pre1", "1.0preview1", "1.0prev1", "1.0rc1", "1.0RC", "1.0r", "1.0rev3", "1.0-r-4",
    "1.0.post", "1.0.post.dev", "1.0.dev", "1.0dev1", "1.0-dev-1", "1.0.dev-", "1.0+ubuntu-1",
    "1.0+Ubuntu_01.002", "1.0+abc.", "1.0+", "1.0+.abc", "1.0+a..b", "1!1.0", "0!1.0",
    "01!01.00", "1!", "!1.0", "1.", ".1", "1..0", "1.0.*", "1.0a1.post2.dev3+local.7",
    "1.0-1-1", "1.0.post1-1", "1.0a1-1", "1.0-1.dev1", "", " ", "a", "1.0 1", "1.0a1b1",
    "1.0.post1.post2", "1.0alpha", "1.0beta", "1.0-", "1.0_", "1.0 +local", "1.0+local ",
    "1.2.3.4.5.6.7.8.9.10", "9223372036854775807", "9223372036854775808", "1.0.dev9223372036854775808",
    "1.0+99999999999999999999999", "1.0+" + "a" * 127, "1.0+" + "a" * 128,
    ".".join(["1"] * 32), ".".join(["1"] * 33), "1.0\u017f", "1.0.p0st1", "1,0",
]

TRICKY_PAIRS = [
    ("1.0", "1.0.0"), ("1.0.dev0", "1.0a0"), ("1.0a0", "1.0a0.post0"), ("1.0.post0.dev0", "1.0.post0"),
    ("1.0.dev1", "1.0.post0.dev0"), ("1.0", "1.0+0"), ("1.0+a", "1.0+0"), ("1.0+a.1", "1.0+a"),
    ("1.0+1.a", "1.0+1.0"), ("1.0+abc", "1.0+abd"), ("1.0+10", "1.0+9"), ("1.0+010", "1.0+10"),
    ("1!0.1", "2.0"), ("1.0rc1", "1.0c1"), ("1.0b2", "1.0rc1"), ("1.0a1.dev1", "1.0a1"),
    ("1.0a1", "1.0"), ("1.0", "1.0.post0"), ("1.0.post1", "1.1.dev0"), ("1.0.0.0.1", "1.0"),
    ("1.0-1", "1.0.post1"), ("1.0+ab", "1.0+a.b"), ("1.0+a-b", "1.0+a.b"), ("0.0", "0"),
]

TRICKY_SPECS = [
    "", ",", " , ", "==1.0", "== 1.0", " ==1.0 ", "==1.0,", ",==1.0", "==1.0 , >=0.9", "==1.*",
    "==1.0.*", "==v1.0.*", "==1!1.*", "==1.0a1.*", "==1.0+local", "==1.0+local.*", "!=1.0.*",
    "!=1.0+abc", "~=1.0", "~=1", "~=1.0.0", "~=1.4.5", "~=1.4.5a1", "~=1.4.5.a1", "~=1.4.5c1",
    "~=1.4.5.c1", "~=1.4.5.pre1", "~=1.4.5.pre1.rev2", "~=1.4.5.RC1", "~=1.4.5-1", "~=1.4.5_dev1",
    "~=1.4.5.post1", "~=1.4.5.dev1", "~=v1.4.5", "~=V1.4", "~=1!1.4", "~=v1!1.4", "~=1.4+local",
    "~=1.4.*", "~= 1.4", "<1.0", "<1.0a1", "<1.0.dev0", "<=1.0", "<=1.0+local", ">1.0",
    ">1.0.post1", ">1.0a1", ">=1.0", ">=1.0.*", ">=1.0a1", "===1.0", "===1.0.0", "===1.0+LOCAL",
    "===foo", "===FOO", "===", "=== 1.0", "===1.0 1", "===1.0;", "===1.0)", "=1.0", "1.0",
    "==", "<>1.0", "=<1.0", "== 1.0 .*", "==1.0.* ", ">= 1.0, < 2.0", ">=1.0,<2.0,!=1.5.*",
    "==1.0a1, >=0", "<=1.0rc1", "!=1.0a1", ">=1.0\u2003", "\u2003>=1.0", ">=1.0;", "==1.0 ; x",
    "===1.0,===1.0.0", "===1.0.0,===1.0", "~=1.4,~=v1.4", "~=v1.4,~=1.4", "~=1.4.5rc1,~=1.4.5.c1",
    "~=1.4.5.c1,~=1.4.5rc1", "==1.0,==1.0.0", "===foo,===foo",
]

TRICKY_CANDIDATES = [
    "1.0", "1.0.0", "1.0a1", "1.0.dev0", "1.0.post1", "1.0+local", "1.0+LOCAL", "1.0.post1+local",
    "1.4.5", "1.4.5a1", "1.4.5rc1.post3", "1.4.6", "1.5", "2.0", "0.9", "0.9a1", "1!1.4.5", "1.1",
    "1.0.1", "foo", "FOO", " foo ", "1.0-foo", "0.9+local", "1.0.0+local", "1.0a1+local", "1.0rc1",
    "1.0.post0", "1.0c1", "0!1.0",
]

TRICKY_MARKERS = [
    'python_version >= "3.8"', 'python_version < "3.8"', '"3.8" <= python_version',
    'python_version == "3.*"', 'python_version != "3.13.*"', 'python_full_version ~= "3.13.0"',
    'python_version ~= "3"', 'python_version === "3.13"', 'os_name === "posix"',
    'os_name == "posix"', 'os.name == "posix"', 'sys.platform == "linux"',
    'platform.python_implementation == "CPython"', 'python_implementation == "CPython"',
    'platform.machine in "x86_64 aarch64"', 'platform.version not in "x"',
    'platform_release >= "5"', 'platform_release == "6.1.0-18-amd64"',
    'platform_release in "6.1.0-18-amd64"', 'os_name ~= "posix"', '"posix" == os_name',
    '"posix" == "posix"', '"3.8" < "python_version"', 'os_name == sys_platform',
    'python_version == python_full_version', 'extra == "test"', 'extra == "TE_st"',
    '"test" == extra', 'extra != "test"', 'extra == "1.0"', 'extra in "test"',
    'extra == "te..st"', 'os_name == "posix" and python_version >= "3.8" or sys_platform == "win32"',
    'os_name == "nt" or python_version >= "3.8" and sys_platform == "win32"',
    '(os_name == "nt" or python_version >= "3.8") and sys_platform == "win32"',
    '((os_name == "nt"))', 'os_name == "nt" and (python_version < "3" or extra == "test")',
    'python_version > "3.13"', 'python_version > "3.12"', 'python_full_version > "3.13.0rc1"',
    'python_full_version < "3.13.0rc1"', 'implementation_version >= "7.3.11"',
    'implementation_version >= "7.3.11rc1"', 'implementation_version < "7.3.11"',
    'python_version == "=3.13"', 'python_version < "=3.13"', 'platform_system >= "Linux"',
    'platform_system < "linux"', 'os_name == "posix" and platform_release >= "5"',
    'python_version >= " 3.8 "', 'python_version in "3.10 3.11 3.12 3.13"', "os_name=='posix'",
    'python_version == "3.13.0"', 'python_version != "3.13.0"', 'python_full_version == "3.13"',
    'platform_version == "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"',
    'python_version === "3.13 "', 'implementation_name != ""', '"" in os_name',
    "os_name == extra", "(os_name == extra)", 'python_version > "3" or os_name == extra',
    "extra == os_name", "platform.python_implementation < extra", "extra == extra",
    'os_name == "posix" and os_name == extra', " os_name != extra",
]

TRICKY_REQS = [
    "name", "name[]", "name[a]", "name[a,b]", "name [ a , B_c ] >= 1.0", "name[a-b.c]",
    "name[a,a]", "name[a];python_version>'3'", "name[a] @ https://example.com/x.whl",
]

# --- random cases --------------------------------------------------------

PRE_TAGS = ["a", "alpha", "b", "beta", "c", "rc", "pre", "preview", "A", "Alpha", "RC", "Pre",
            "PREVIEW", "BETA", "C"]
POST_TAGS = ["post", "rev", "r", "POST", "Rev", "R"]
DEV_TAGS = ["dev", "DEV", "Dev"]
SEPS = ["", "", ".", "-", "_"]
LOCAL_PARTS = ["ubuntu", "1", "01", "abc", "ABC", "x86", "0", "2", "10", "z", "a1", "1a"]


def rand_number(r):
    return str(r.choice([0, 0, 1, 1, 2, 3, 10, r.randint(0, 30), r.randint(0, 9999)]))


def rand_release(r):
    return [rand_number(r) for _ in range(r.choice([1, 1, 2, 2, 2, 3, 3, 4, 5]))]


def rand_local(r):
    parts = [r.choice(LOCAL_PARTS) for _ in range(r.randint(1, 4))]
    out = parts[0]
    for p in parts[1:]:
        out += r.choice("._-") + p
    return out


def rand_suffixes(r, pre=0.3, post=0.25, dev=0.25):
    s = ""
    if r.random() < pre:
        s += r.choice(SEPS) + r.choice(PRE_TAGS) + r.choice(["", "", ".", "-", "_"])
        s += r.choice(["", rand_number(r), rand_number(r)])
    if r.random() < post:
        if r.random() < 0.3:
            s += "-" + rand_number(r)
        else:
            s += r.choice(SEPS) + r.choice(POST_TAGS) + r.choice(["", "", ".", "-", "_"])
            s += r.choice(["", rand_number(r), rand_number(r)])
    if r.random() < dev:
        s += r.choice(SEPS) + r.choice(DEV_TAGS) + r.choice(["", "", ".", "-", "_"])
        s += r.choice(["", rand_number(r), rand_number(r)])
    return s


def mutate(r, s):
    if not s:
        return r.choice("1a.+!-*")
    k = r.randrange(len(s))
    how = r.randrange(3)
    if how == 0:
        return s[:k] + s[k + 1:]
    ch = r.choice("1a.+!-_*xv ")
    return s[:k] + ch + s[k + (how == 1):]


def rand_version(r, base=None, local=0.15, junk=0.05):
    """A version's text; base is (epoch, release) to stay near."""
    if base is None:
        epoch = r.choice([None] * 8 + ["0", "1", "2"])
        release = rand_release(r)
    else:
        epoch, release = base
        release = list(release)
        if r.random() < 0.3:
            release += ["0"] * r.randint(1, 2)
        elif r.random() < 0.2 and len(release) > 1:
            release = release[:-1]
        elif r.random() < 0.2:
            release[-1] = str(int(release[-1]) + r.choice([-1, 1]) if int(release[-1]) else 1)
    s = r.choice(["v", "V"]) if r.random() < 0.08 else ""
    if epoch is not None:
        s += epoch + "!"
    s += ".".join(release) + rand_suffixes(r)
    if r.random() < local:
        s += "+" + rand_local(r)
    if r.random() < 0.04:
        s = r.choice([" ", "\t", "\n"]) + s + r.choice(["", " ", "\n"])
    if r.random() < junk:
        s = mutate(r, s)
    return s


def rand_base(r):
    return (r.choice([None] * 8 + ["1"]), rand_release(r))


def rand_spec_item(r, base):
    op = r.choice(["~=", "==", "!=", "<=", ">=", "<", ">", "===", "==*", "!=*"])
    if op in ("==*", "!=*"):
        epoch, release = base
        release = release[: r.randint(1, len(release))]
        if r.random() < 0.3:
            release = release + ["0"]
        text = (r.choice(["", "v"]) if r.random() < 0.1 else "") + (epoch + "!" if epoch else "")
        text += ".".join(release) + ".*"
        op = op[:2]
    elif op == "===":
        v = rand_version(r, base, junk=0.02)
        try:
            v = str(Version(v)) if r.random() < 0.6 else v.strip()
        except InvalidVersion:
            pass
        text = v.upper() if r.random() < 0.1 else v
    else:
        has_local = op in ("==", "!=") and r.random() < 0.2
        text = rand_version(r, base, local=0.02 + has_local, junk=0.02).strip()
        if op == "~=" and r.random() < 0.5 and "." not in text:
            text += ".0"
    ws = [" ", "", "", ""]
    return r.choice(ws) + op + r.choice(ws) + text + r.choice(ws)


def rand_spec(r, base):
    items = [rand_spec_item(r, base if r.random() < 0.8 else rand_base(r))
             for _ in range(r.choice([1, 1, 1, 2, 2, 3]))]
    if r.random() < 0.03:
        items.insert(r.randrange(len(items) + 1), r.choice(["", " "]))
    return ",".join(items)


MARKER_VARS = ["python_version", "python_full_version", "os_name", "sys_platform",
               "platform_release", "platform_system", "platform_version", "platform_machine",
               "platform_python_implementation", "implementation_name", "implementation_version",
               "os.name", "sys.platform", "platform.version", "platform.machine",
               "platform.python_implementation", "python_implementation", "extra"]
MARKER_OPS = ["==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in"]
VERSION_VALUES = ["3.13", "3.13.0", "3.8", "3.8.10", "3", "3.*", "3.13.*", "3.8.*", "3.12rc1",
                  "2.7", "3.13.0a1", "4", "6.1", "6.1.0", "5", "10", "7.3.11", "7.3.11rc1",
                  "7.3", "3.13.1", "3.9", "10.0.19045", "3.13+local", "=3.8", "3.13.0.post1"]
STRING_VALUES = ["posix", "nt", "linux", "win32", "Linux", "Windows", "x86_64", "AMD64", "CPython",
                 "cpython", "pypy", "PyPy", "", "lin", "x86", "#1", "Debian", "foo", "6.1.0-18-amd64",
                 "10", "3.8 3.13", "SMP", "python_version"]
EXTRA_VALUES = ["test", "Test", "te_st", "te-st", "TE.ST", "te--st", "doc", "", "1.0", "t"]
ENV_EXTRAS = [None, "", "test", "te.st", "Doc", "TE__st", "1.0"]


def rand_item(r):
    var = r.choice(MARKER_VARS)
    op = r.choice(MARKER_OPS)
    if var == "extra":
        value = r.choice(EXTRA_VALUES)
    else:
        value = r.choice(VERSION_VALUES if r.random() < 0.6 else STRING_VALUES)
    q = r.choice(["'", '"'])
    lhs, rhs = var, q + value + q
    if r.random() < 0.04:
        rhs = r.choice(MARKER_VARS)
    elif r.random() < 0.02:
        lhs = q + r.choice(STRING_VALUES) + q
    if r.random() < 0.3:
        lhs, rhs = rhs, lhs
    # packaging 24 wants "in" as a word; the 21.3 grammar does not.
    space = [" "] if "in" in op else [" ", " ", ""]
    return lhs + r.choice(space) + op + r.choice(space) + rhs


def rand_marker(r, depth=0):
    out = ""
    for k in range(r.choice([1, 1, 2, 2, 3])):
        if k:
            out += r.choice([" and ", " or "])
        if depth < 3 and r.random() < 0.2:
            out += "(" + rand_marker(r, depth + 1) + ")"
        else:
            out += rand_item(r)
    return out


# --- what packaging says ------------------------------------------------------


def too_big(v):
    """Whether Version(v) has a number pep440.h cannot hold."""
    p = Version(v)
    nums = [p.epoch, *p.release, p.pre[1] if p.pre else 0, p.post or 0, p.dev or 0]
    return (any(n > LLONG_MAX for n in nums) or len(p.release) > 32
            or len(p.local or "") > 127)


def expect_parse(v):
    try:
        p = Version(v)
    except InvalidVersion:
        return {"error": True}, False
    if too_big(v):
        return {"error": True}, True
    return {"str": str(p), "pre": p.is_prerelease}, False


def expect_cmp(a, b):
    try:
        va, vb = Version(a), Version(b)
    except InvalidVersion:
        return {"error": True}, False
    if too_big(a) or too_big(b):
        return {"error": True}, True
    return {"r": (va > vb) - (va < vb)}, False


def spec_prereleases(s):
    try:
        return s.prereleases, False
    except InvalidVersion:
        return False, True


def expect_contains(spec, v, pre):
    try:
        ss = SpecifierSet(spec)
    except InvalidSpecifier:
        return {"error": True}, False
    try:
        Version(v)
    except InvalidVersion:
        mine = bool(ss) and all(s.operator == "===" and s.version.lower() == v.strip().lower()
                                for s in ss)
        return {"r": int(mine)}, True
    deliberate = False
    if pre is None and len(ss):
        answers = [spec_prereleases(s) for s in ss]
        pre = any(a for a, _ in answers)
        deliberate = any(d for _, d in answers)
    return {"r": int(ss.contains(v, prereleases=pre))}, deliberate


def expect_marker(m, extra, env):
    try:
        marker = Marker(m)
    except Exception:
        return {"error": True}, False
    e = dict(env)
    e["extra"] = "" if extra is None else extra
    try:
        return {"r": int(marker.evaluate(e))}, False
    except Exception:
        return {"error": True}, False


def expect_req(text):
    try:
        return {"extras": sorted(Requirement(text).extras)}, False
    except Exception:
        return None, False


# --- running ------------------------------------------------------------------


def build_cases(seed, count):
    r = random.Random(seed)
    cases = []  # (command, expectation, deliberate)

    def add(cmd, expected):
        cases.append((cmd, *expected))

    versions = list(TRICKY_VERSIONS)
    bases = [rand_base(r) for _ in range(max(10, count // 10))]
    versions += [rand_version(r, r.choice(bases) if r.random() < 0.5 else None) for _ in range(count)]
    for v in versions:
        add(["parse", v], expect_parse(v))

    pairs = list(TRICKY_PAIRS)
    for _ in range(count):
        base = r.choice(bases)
        a = rand_version(r, base, junk=0)
        b = rand_version(r, base if r.random() < 0.8 else None, junk=0)
        pairs.append((a, b))
    for a, b in pairs:
        add(["cmp", a, b], expect_cmp(a, b))

    checks = [(s, v) for s in TRICKY_SPECS for v in TRICKY_CANDIDATES]
    for _ in range(count * 2):
        base = r.choice(bases)
        checks.append((rand_spec(r, base), rand_version(r, base, junk=0.02)))
    for i, (s, v) in enumerate(checks):
        pre = [None, True, False][i % 3] if i >= len(TRICKY_SPECS) * len(TRICKY_CANDIDATES) else None
        for p in ([None, True, False] if i < len(TRICKY_SPECS) * len(TRICKY_CANDIDATES) else [pre]):
            add(["contains", s, v, p], expect_contains(s, v, p))

    markers = [(m, x) for m in TRICKY_MARKERS for x in (None, "test")]
    markers += [(rand_marker(r), r.choice(ENV_EXTRAS)) for _ in range(count)]
    for env in ENVS:
        cases.append((["env", env], {}, False))
        for m, x in markers:
            add(["marker", m, x], expect_marker(m, x, env))

    for text in TRICKY_REQS:
        add(["req", text], expect_req(text))
    return cases


def same(expected, got):
    if "error" in expected:
        return "error" in got
    if "extras" in expected:
        return "error" in got or sorted(set(got.get("extras", []))) == expected["extras"]
    return expected == got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--seed", type=int, default=440)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--show", type=int, default=40)
    args = ap.parse_args()

    cases = build_cases(args.seed, args.count)
    cases = [c for c in cases if c[1] is not None]
    stdin = "".join(json.dumps(cmd) + "\n" for cmd, _, _ in cases)
    proc = subprocess.run([args.dump], input=stdin, capture_output=True, text=True)
    if proc.returncode:
        print(f"pep440_dump failed ({proc.returncode}): {proc.stderr}")
        return 1
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    if len(answers) != len(cases):
        print(f"pep440_dump answered {len(answers)} of {len(cases)} questions")
        return 1

    counts, outcomes, deliberate, diffs = {}, {}, 0, []
    for (cmd, expected, mine), got in zip(cases, answers):
        if cmd[0] == "env":
            continue
        counts[cmd[0]] = counts.get(cmd[0], 0) + 1
        outcome = "error" if "error" in expected else str(expected.get("r", "ok"))
        outcomes.setdefault(cmd[0], {}).setdefault(outcome, 0)
        outcomes[cmd[0]][outcome] += 1
        deliberate += mine
        if not same(expected, got):
            diffs.append((cmd, expected, got))
    for cmd, expected, got in diffs[: args.show]:
        print(f"DIFF {json.dumps(cmd)}: packaging {json.dumps(expected)}, pep440.h {json.dumps(got)}")
    if len(diffs) > args.show:
        print(f"... and {len(diffs) - args.show} more")
    total = sum(counts.values())
    detail = ", ".join(f"{k} {n}" for k, n in counts.items())
    for kind, seen in outcomes.items():
        print(f"  {kind}: " + ", ".join(f"{k} {n}" for k, n in sorted(seen.items())))
    print(f"packaging {packaging.__version__}: {total} cases ({detail}), {deliberate} deliberate, "
          f"{len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
