#!/usr/bin/env python3
"""pip and multiprocessing inside environments made by pyvenv.

Usage:
    python3 pipcheck.py --pyvenv BIN --python PY --workdir DIR
        [--check pip|multiprocessing|all] [--keep] [-v]

pip:
  For each of these environments (all made with `BIN create --python PY ENV`):
    plain       DIR/env
    space-long  a path with a space in it, longer than 127 bytes
                (console-script shebangs need the /bin/sh trampoline form)
    len-127     no space; `#!ENV/bin/python3` + newline is exactly 127 bytes
                (the longest plain shebang pip writes on Linux)
    len-128     no space; one byte more (pip switches to the trampoline)
  build the wheel demo_pkg 1.0 (wheelgen.py) into DIR/wheels, with a module,
  a console script `demo-cli`, a `.data/scripts` script and a `.data/data`
  file, then:
    ENV/bin/pip install --no-index --find-links DIR/wheels demo_pkg
    ENV/bin/demo-cli               prints the known string and the env's sys.prefix
    ENV/bin/demo-data-script       runs (pip rewrote its #!python)
    ENV/bin/python -c 'import demo_pkg'   imports it from the env's site-packages
    the launchers of pyvenv's bin/pip, pip3, pipX.Y take the same form (plain
    #! line or /bin/sh trampoline) and run the same interpreter as the one
    pip itself just wrote into bin/demo-cli (the quoting may differ: pyvenv
    single-quotes the path, so $, " and ` in it are taken literally)
    ENV/bin/pip uninstall -y demo_pkg    removes module, dist-info, scripts, data

multiprocessing:
  In a pyvenv env without pip (symlinks, and --copies), a script using
  multiprocessing.set_start_method('spawn') and a Pool: every child must
  report sys.prefix == the env and a sys.executable inside ENV/bin.

Prints PASS/FAIL per check, then "pipcheck: N passed, N failed".
Exit 0 all passed, 1 any failed, 2 usage error.  Standard library only.
"""

import argparse
import json
import os
import shlex
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import wheelgen  # noqa: E402
from parity import clean_env, indent, python_version, run, shell_join  # noqa: E402

DEMO_NAME = "demo_pkg"
DEMO_VERSION = "1.0"
DEMO_MESSAGE = "demo-cli says hello from demo_pkg 1.0"
DATA_MESSAGE = "demo-data-script ran"
DATA_REL = "share/demo_pkg/readme.txt"

DEMO_MODULE = """\
import sys

MESSAGE = %r


def main():
    print(MESSAGE)
    print(sys.prefix)
    return 0
""" % DEMO_MESSAGE

MP_SCRIPT = """\
import json
import multiprocessing
import sys


def where(_):
    import sys
    return [sys.prefix, sys.executable]


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    with multiprocessing.Pool(2) as pool:
        children = pool.map(where, range(4))
    print(json.dumps({"parent": [sys.prefix, sys.executable],
                      "start_method": multiprocessing.get_start_method(),
                      "children": children}))
"""


class Check:
    def __init__(self, name, verbose):
        self.name = name
        self.failures = []
        self.verbose = verbose

    def fail(self, msg):
        if msg not in self.failures:
            self.failures.append(msg)

    def log(self, msg):
        if self.verbose:
            print("    " + msg)
            sys.stdout.flush()

    def run(self, cmd, cwd, timeout=600, **kw):
        t0 = time.time()
        rc, out, err = run(cmd, cwd=cwd, env=clean_env(), timeout=timeout)
        self.log("%s  (exit %d, %.1fs)" % (shell_join(cmd), rc, time.time() - t0))
        return rc, out, err


def same_path(a, b):
    return os.path.realpath(a) == os.path.realpath(b)


def inside(path, directory):
    path, directory = os.path.realpath(path), os.path.realpath(directory)
    return os.path.commonpath([path, directory]) == directory


def site_packages(env):
    lib = os.path.join(env, "lib")
    if not os.path.isdir(lib):
        return []
    return [os.path.join(lib, n, "site-packages") for n in sorted(os.listdir(lib))
            if n.startswith("python") and os.path.isdir(os.path.join(lib, n, "site-packages"))]


def launcher_header(path):
    """The lines of a pip-made console script before its '# -*- coding' line."""
    with open(path, "rb") as f:
        data = f.read()
    head = []
    for line in data.split(b"\n"):
        if line.startswith(b"# -*- coding"):
            return b"\n".join(head).decode("utf-8", "replace")
        head.append(line)
        if len(head) > 5:
            break
    return None


def launcher_meaning(header):
    """(form, interpreter) of a launcher header: what it runs, however the
    path is quoted; None if it is neither form."""
    lines = header.split("\n")
    start = "'''exec' "
    if lines[0] == "#!/bin/sh" and len(lines) >= 2 and lines[1].startswith(start):
        words = shlex.split(lines[1][len(start):])
        if len(words) == 3 and words[1:] == ["$0", "$@"]:
            return ("trampoline", words[0])
        return None
    if lines[0].startswith("#!/"):
        return ("plain", lines[0][2:])
    return None


def build_wheel(wheel_dir):
    path = wheelgen.make_wheel(
        wheel_dir, DEMO_NAME, DEMO_VERSION,
        modules={"demo_pkg/__init__.py": DEMO_MODULE},
        console_scripts={"demo-cli": "demo_pkg:main"},
        data_files={
            "scripts/demo-data-script": "#!python\nimport sys\nprint(%r)\nprint(sys.prefix)\n" % DATA_MESSAGE,
            "data/" + DATA_REL: "demo data\n",
        })
    problems = wheelgen.verify_wheel(path)
    if problems:
        raise RuntimeError("wheelgen made a bad wheel: %s" % "; ".join(problems))
    return path


def create_env(check, args, env, extra=()):
    if os.path.lexists(env):
        shutil.rmtree(env)
    os.makedirs(os.path.dirname(env), exist_ok=True)
    cmd = [args.pyvenv, "create", "--python", args.python] + list(extra) + [env]
    rc, out, err = check.run(cmd, cwd=args.workdir)
    if rc != 0:
        check.fail("`%s` exited %d\n%s" % (shell_join(cmd), rc, indent((out + err).strip())))
        return False
    if not os.path.isfile(os.path.join(env, "pyvenv.cfg")):
        check.fail("`%s` made no pyvenv.cfg" % shell_join(cmd))
        return False
    return True


def pip_roundtrip(check, args, env, version, wheel_dir, expect_trampoline):
    """Install, use and uninstall demo_pkg in env; failures go to check."""
    if not create_env(check, args, env):
        return
    binp = os.path.join(env, "bin")
    pip = os.path.join(binp, "pip")
    xy = "%d.%d" % version[:2]
    pip_scripts = ["pip", "pip3", "pip" + xy]
    for name in pip_scripts:
        p = os.path.join(binp, name)
        if not os.path.isfile(p) or not os.access(p, os.X_OK):
            check.fail("bin/%s missing or not executable" % name)
    if check.failures:
        return

    cmd = [pip, "install", "--no-index", "--find-links", wheel_dir, DEMO_NAME]
    rc, out, err = check.run(cmd, cwd=args.workdir)
    if rc != 0:
        check.fail("`pip install` exited %d\n%s" % (rc, indent((out + err).strip())))
        return

    sps = site_packages(env)
    if len(sps) != 1:
        check.fail("expected one lib/python*/site-packages in the env, found %r" % sps)
        return
    sp = sps[0]
    installed = {
        "module": os.path.join(sp, "demo_pkg", "__init__.py"),
        "dist-info": os.path.join(sp, "%s-%s.dist-info" % (DEMO_NAME, DEMO_VERSION)),
        "console script": os.path.join(binp, "demo-cli"),
        "data script": os.path.join(binp, "demo-data-script"),
        "data file": os.path.join(env, DATA_REL),
    }
    for what, path in installed.items():
        if not os.path.exists(path):
            check.fail("after install, %s %s does not exist" % (what, path))

    # the console script
    cli = installed["console script"]
    rc, out, err = check.run([cli], cwd=args.workdir)
    lines = out.splitlines()
    if rc != 0:
        check.fail("bin/demo-cli exited %d\n%s" % (rc, indent((out + err).strip())))
    elif len(lines) != 2 or lines[0] != DEMO_MESSAGE:
        check.fail("bin/demo-cli printed %r, expected %r and the prefix" % (out, DEMO_MESSAGE))
    elif not same_path(lines[1], env):
        check.fail("bin/demo-cli runs with sys.prefix %r, expected the env %r" % (lines[1], env))

    # the .data/scripts script: pip rewrites its "#!python" to "#!" + sys.executable,
    # without the /bin/sh trampoline (pip's own limitation), so run it directly only
    # where a plain #! line works; elsewhere check the rewrite and run it via python.
    data_script = installed["data script"]
    if os.path.isfile(data_script):
        with open(data_script, "rb") as f:
            first = f.readline().rstrip(b"\n").decode("utf-8", "replace")
        if not (first.startswith("#!" + env + "/bin/python") or first.startswith('#!"' + env + "/bin/python")):
            check.fail("bin/demo-data-script's first line is %r; pip should have rewritten '#!python' to "
                       "this env's python" % first)
    if expect_trampoline:
        rc, out, err = check.run([os.path.join(binp, "python"), data_script], cwd=args.workdir)
    else:
        rc, out, err = check.run([data_script], cwd=args.workdir)
    lines = out.splitlines()
    if rc != 0:
        check.fail("bin/demo-data-script exited %d\n%s" % (rc, indent((out + err).strip())))
    elif len(lines) != 2 or lines[0] != DATA_MESSAGE or not same_path(lines[1], env):
        check.fail("bin/demo-data-script printed %r, expected %r and the env prefix" % (out, DATA_MESSAGE))

    # importing the module
    rc, out, err = check.run([os.path.join(binp, "python"), "-c",
                              "import demo_pkg, sys; print(demo_pkg.MESSAGE); print(demo_pkg.__file__)"],
                             cwd=args.workdir)
    lines = out.splitlines()
    if rc != 0:
        check.fail("`python -c 'import demo_pkg'` exited %d\n%s" % (rc, indent((out + err).strip())))
    elif len(lines) != 2 or lines[0] != DEMO_MESSAGE or not inside(lines[1], sp):
        check.fail("import demo_pkg gave %r; expected the module from %s" % (out, sp))

    # launcher headers: pyvenv's pip scripts vs the one pip itself just wrote
    if os.path.isfile(cli):
        want = launcher_header(cli)
        is_tramp = want is not None and want.startswith("#!/bin/sh\n")
        if want is None:
            check.fail("cannot find the launcher header of bin/demo-cli")
        elif is_tramp != expect_trampoline:
            check.fail("pip wrote a %s launcher for an env path of %d bytes%s; the test expected %s:\n%s"
                       % ("/bin/sh trampoline" if is_tramp else "plain #! ", len(env.encode()),
                          " with a space" if " " in env else "",
                          "a trampoline" if expect_trampoline else "a plain #! line", indent(want)))
        else:
            for name in pip_scripts:
                got = launcher_header(os.path.join(binp, name))
                if got is None or launcher_meaning(got) != launcher_meaning(want):
                    check.fail("bin/%s's launcher differs from the one pip writes in this env\n"
                               "      pip wrote (bin/demo-cli):\n%s\n      pyvenv wrote (bin/%s):\n%s"
                               % (name, indent(want, "        | "), name,
                                  indent(got or "<no '# -*- coding' line found>", "        | ")))

    # pip sees it
    rc, out, err = check.run([pip, "show", DEMO_NAME], cwd=args.workdir)
    fields = dict(l.split(": ", 1) for l in out.splitlines() if ": " in l)
    if rc != 0 or fields.get("Version") != DEMO_VERSION:
        check.fail("`pip show %s` exited %d, printed:\n%s" % (DEMO_NAME, rc, indent((out + err).strip())))

    # uninstall
    cmd = [pip, "uninstall", "-y", DEMO_NAME]
    rc, out, err = check.run(cmd, cwd=args.workdir)
    if rc != 0:
        check.fail("`pip uninstall -y %s` exited %d\n%s" % (DEMO_NAME, rc, indent((out + err).strip())))
        return
    for what, path in installed.items():
        if os.path.lexists(path):
            check.fail("after uninstall, %s %s still exists" % (what, path))
    if os.path.lexists(os.path.join(sp, "demo_pkg")):
        check.fail("after uninstall, %s still exists" % os.path.join(sp, "demo_pkg"))
    # pip still works after all that
    rc, out, err = check.run([pip, "--version"], cwd=args.workdir)
    if rc != 0:
        check.fail("`pip --version` after uninstall exited %d\n%s" % (rc, indent((out + err).strip())))


def report(check):
    for msg in check.failures:
        print("  [%s] %s" % (check.name, msg))
    print("%s %s" % ("FAIL" if check.failures else "PASS", check.name))
    sys.stdout.flush()


def padded_env(base, total_len, with_space):
    """A path under base whose length is exactly total_len bytes."""
    base = os.path.abspath(base)
    head = os.path.join(base, "long path with space" if with_space else "long-path")
    room = total_len - len(head) - len("/") - len("/env")
    if room < 1:
        raise RuntimeError("workdir %r is too long for a %d-byte env path" % (base, total_len))
    parts, left = [], room
    while left > 0:
        # components of at most 60 characters, joined by '/'
        n = min(60, left)
        if left - n == 1:  # a lone '/' cannot end the padding
            n -= 1
        parts.append("p" * n)
        left -= n + (1 if left - n > 0 else 0)
    env = os.path.join(head, *parts, "env")
    assert len(env.encode()) == total_len, (env, len(env), total_len)
    return env


def check_pip(args, version):
    results = []
    wheel_dir = os.path.join(args.workdir, "wheels")
    if os.path.lexists(wheel_dir):
        shutil.rmtree(wheel_dir)
    build_wheel(wheel_dir)
    # pip's plain shebang limit on Linux: len('#!' + exe + '\n') <= 127,
    # exe = ENV/bin/python3 (len('/bin/python3') == 12), so ENV of 112 bytes is the longest plain one.
    envs = [
        ("pip: plain", os.path.join(args.workdir, "env"), False),
        ("pip: space-long", padded_env(os.path.join(args.workdir, "sp"), 140, True), True),
        ("pip: len-127", padded_env(os.path.join(args.workdir, "b127"), 127 - 3 - 12, False), False),
        ("pip: len-128", padded_env(os.path.join(args.workdir, "b128"), 128 - 3 - 12, False), True),
    ]
    for name, env, tramp in envs:
        check = Check(name, args.verbose)
        print("--- %s  (%s, %d bytes)" % (name, env, len(env.encode())))
        sys.stdout.flush()
        try:
            pip_roundtrip(check, args, env, version, wheel_dir, tramp)
        except Exception as exc:
            import traceback
            check.fail("harness error: %r\n%s" % (exc, indent(traceback.format_exc())))
        report(check)
        results.append(check)
        if not check.failures and not args.keep:
            top = os.path.relpath(env, args.workdir).split(os.sep)[0]
            shutil.rmtree(os.path.join(args.workdir, top), ignore_errors=True)
    return results


def check_multiprocessing(args, version):
    results = []
    script = os.path.join(args.workdir, "mp_check.py")
    with open(script, "w") as f:
        f.write(MP_SCRIPT)
    for label, extra in (("symlinks", []), ("copies", ["--copies"])):
        check = Check("multiprocessing: " + label, args.verbose)
        env = os.path.join(args.workdir, "mp-" + label, "env")
        print("--- %s  (%s)" % (check.name, env))
        sys.stdout.flush()
        try:
            if create_env(check, args, env, ["--without-pip"] + extra):
                py = os.path.join(env, "bin", "python")
                rc, out, err = check.run([py, script], cwd=args.workdir, timeout=180)
                try:
                    data = json.loads(out) if rc == 0 else None
                except ValueError:
                    data = None
                if data is None:
                    check.fail("`%s %s` exited %d\n%s" % (py, script, rc, indent((out + err).strip())))
                else:
                    check.log("result: %s" % json.dumps(data))
                    if data["start_method"] != "spawn":
                        check.fail("start method is %r, not spawn" % data["start_method"])
                    if not same_path(data["parent"][0], env):
                        check.fail("parent sys.prefix %r is not the env %r" % (data["parent"][0], env))
                    if len(data["children"]) != 4:
                        check.fail("expected 4 results from the pool, got %r" % data["children"])
                    for prefix, exe in data["children"]:
                        if not same_path(prefix, env):
                            check.fail("a spawned child has sys.prefix %r, expected the env %r" % (prefix, env))
                        if os.path.dirname(exe) != os.path.join(env, "bin"):
                            check.fail("a spawned child has sys.executable %r, expected one in %s/bin"
                                       % (exe, env))
        except Exception as exc:
            import traceback
            check.fail("harness error: %r\n%s" % (exc, indent(traceback.format_exc())))
        report(check)
        results.append(check)
        if not check.failures and not args.keep:
            shutil.rmtree(os.path.dirname(env), ignore_errors=True)
    return results


def main(argv=None):
    p = argparse.ArgumentParser(description="pip and multiprocessing in pyvenv environments")
    p.add_argument("--pyvenv", required=True)
    p.add_argument("--python", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--check", choices=("pip", "multiprocessing", "all"), default="all")
    p.add_argument("--keep", action="store_true", help="keep the environments of passing checks too")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    args.workdir = os.path.abspath(args.workdir)
    if os.sep in args.pyvenv:
        args.pyvenv = os.path.abspath(args.pyvenv)
    try:
        version = python_version(args.python)
    except RuntimeError as exc:
        print("pipcheck: %s" % exc)
        return 2
    os.makedirs(args.workdir, exist_ok=True)
    print("pipcheck: pyvenv=%s python=%s (%s) workdir=%s"
          % (args.pyvenv, args.python, ".".join(map(str, version)), args.workdir))
    t0 = time.time()
    results = []
    if args.check in ("pip", "all"):
        results += check_pip(args, version)
    if args.check in ("multiprocessing", "all"):
        results += check_multiprocessing(args, version)
    failed = sum(1 for c in results if c.failures)
    print("pipcheck: python %s, %d check(s) in %.1fs"
          % (".".join(map(str, version)), len(results), time.time() - t0))
    print("pipcheck: %d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
