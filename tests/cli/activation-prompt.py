#!/usr/bin/env python3
"""The prompt an activated environment shows, in real interactive shells.

Usage:
    python3 activation-prompt.py MODE

MODE is a shell and the options that decide how it reads its prompt:
    bash         promptvars on (the default): $, ` and \\ escapes in PS1
    bash-novars  shopt -u promptvars: only \\ escapes
    bash-posix   set -o posix: as bash, and ! is the history number
    zsh          % sequences
    zsh-subst    setopt prompt_subst: % sequences, then $ and `
    zsh-bang     setopt prompt_subst prompt_bang: and ! is the history number
    zsh-ksh      as zsh emulating ksh: no % sequences, prompt_subst, prompt_bang
    dash         $ and ` in PS1
    fish         fish_prompt
    tcsh         % sequences, \\ escapes and ! in prompt
    tcsh-hist    the same, with # as the history character (set histchars)

Environments are made (pyvenv create --without-pip) with directory names and
--prompt values holding what each shell would read as code or as a prompt
sequence. For each, the shell runs interactively in a pseudo-terminal: it
sources the activation script, draws its prompt a few times, then runs
deactivate. The test fails if a command hidden in a name ran (a file
appeared in the shell's directory), if a drawn prompt is not
"(NAME) " followed by the original prompt, or if deactivate did not bring
the original prompt back.

Runs in the current directory (an empty scratch directory). Environment:
PYVENV (the helper), PYVENV_TEST_PYTHON (the base interpreter).
Exit status: 0 passed, 1 failed, 77 skipped (the shell is not installed).
Standard library only.
"""

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time

# Directory names, shown as they are when there is no --prompt.
DIR_NAMES = [
    "$(touch pwned1)",
    "`touch pwned2`",
    "a%Bb%~c%{x%}d%%",
    "h#sh#1 ^c^d",
    "x!y!!z",
    "back\\slash\\w\\$\\n\\\\\\044",
    "q'uo\"te; & | * ?",
    "$HOME ${HOME} $((6*7)) \\$(touch pwned3)",
    "\u00fcn\u00ef \u2603 \U0001f600",
]
# --prompt values.
PROMPTS = [
    "$(touch pwned4)",
    "`touch pwned5`",
    "%n%#%{%}%!%(?.a.b)",
    "!! ! \\! %!",
    "\\\\ \\$ \\[ \\] \\044 \\u",
    "'; touch pwned6; '",
    "\\`touch pwned7\\`",
]

ORIG = "[orig]> "        # the prompt before activation
TIMEOUT = 5.0            # seconds to wait for one prompt
DRAWS = 3                # prompts drawn while active

# How each MODE starts its shell and what it runs before the test.
MODES = {
    "bash": (["bash", "--norc", "--noprofile", "-i"], ["PS1='%s'" % ORIG]),
    "bash-novars": (["bash", "--norc", "--noprofile", "-i"],
                    ["shopt -u promptvars", "PS1='%s'" % ORIG]),
    "bash-posix": (["bash", "--norc", "--noprofile", "-i"],
                   ["set -o posix", "PS1='%s'" % ORIG]),
    "zsh": (["zsh", "-f", "-i"], ["PS1='%s'" % ORIG]),
    "zsh-subst": (["zsh", "-f", "-i"], ["setopt prompt_subst", "PS1='%s'" % ORIG]),
    "zsh-bang": (["zsh", "-f", "-i"],
                 ["setopt prompt_subst prompt_bang", "PS1='%s'" % ORIG]),
    "zsh-ksh": (["zsh", "-f", "-i"],
                ["unsetopt prompt_percent", "setopt prompt_subst prompt_bang",
                 "PS1='%s'" % ORIG]),
    "dash": (["dash", "-i"], ["PS1='%s'" % ORIG]),
    "fish": (["fish", "--no-config", "-i"],
             ["function fish_prompt; printf '%%s' '%s'; end" % ORIG,
              "function fish_right_prompt; end", "set -g fish_greeting"]),
    "tcsh": (["tcsh", "-f", "-i"], ["set prompt = '%s'" % ORIG]),
    "tcsh-hist": (["tcsh", "-f", "-i"],
                  ["set histchars = '#^'", "set prompt = '%s'" % ORIG]),
}

ESCAPES = re.compile(r"\x1b(\[[0-9;?>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B]|[=>])")


def screen_lines(raw):
    """The lines a terminal would show for raw output, roughly: escape
    sequences dropped, and of each line what follows its last carriage
    return (zsh and fish redraw the line they are on)."""
    text = ESCAPES.sub("", raw.decode("utf-8", "replace"))
    return [line.rstrip("\r").split("\r")[-1] for line in text.split("\n")]


class Shell:
    """An interactive shell on a pseudo-terminal."""

    def __init__(self, argv, env, cwd):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes the shell
            try:
                os.chdir(cwd)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 1000, 0, 0))
        self.out = b""

    def read_until(self, pred, timeout=TIMEOUT):
        """Reads output until pred(lines) is not None; returns that, or None
        after timeout seconds or at the end of the output."""
        end = time.monotonic() + timeout
        while True:
            found = pred(screen_lines(self.out))
            if found is not None:
                return found
            left = end - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            if not data:
                return pred(screen_lines(self.out))
            self.out += data

    def send(self, line):
        os.write(self.fd, line.encode() + b"\n")

    def close(self):
        try:
            self.send("exit")
        except OSError:
            pass
        self.read_until(lambda lines: None, timeout=1.0)
        try:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid == 0:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


class Test:
    def __init__(self, mode):
        self.mode = mode
        self.failures = 0
        self.work = os.getcwd()

    def fail(self, msg):
        print("FAIL: %s: %s" % (self.mode, msg))
        self.failures += 1

    def create(self, path, prompt=None):
        argv = [os.environ["PYVENV"], "create", "--without-pip",
                "--python", os.environ["PYVENV_TEST_PYTHON"]]
        if prompt is not None:
            argv += ["--prompt", prompt]
        r = subprocess.run(argv + ["--", path], capture_output=True, text=True)
        if r.returncode:
            print("FAIL: pyvenv create %s: %s" % (path, r.stderr))
            sys.exit(1)

    def environments(self):
        """[(env path, the prompt it should show)]"""
        envs = []
        os.mkdir(os.path.join(self.work, "envs"))
        for name in DIR_NAMES:
            path = os.path.join(self.work, "envs", name)
            self.create(path)
            envs.append((path, name))
        for i, prompt in enumerate(PROMPTS):
            path = os.path.join(self.work, "envs", "named%d" % i)
            self.create(path, prompt)
            envs.append((path, prompt))
        return envs

    def prompt_after(self, shell, command, marker):
        """Runs `COMMAND; echo MARKER` (or only `echo MARKER`) and returns
        what the shell drew after the marker, up to the end of ORIG."""
        echo = "echo " + marker
        shell.send(command + "; " + echo if command else echo)

        def pred(lines):
            for i, line in enumerate(lines[:-1]):
                # The marker as output, not in the command line echoed
                # (where a shell without line editing echoes what was typed
                # ahead, output may follow an earlier prompt on its line).
                if line.endswith(marker) and not line.endswith(echo):
                    after = "\n".join(lines[i + 1:])
                    end = after.find(ORIG)
                    return after[:end + len(ORIG)] if end >= 0 else None
            return None
        return shell.read_until(pred)

    def expect_prompt(self, shell, command, marker, want, what):
        """Runs the command (prompt_after) and checks the prompt drawn.
        Returns True if it is want, False if not, None if there was none
        (the session cannot go on)."""
        got = self.prompt_after(shell, command, marker)
        if got is None:
            self.fail("%s: no prompt after `echo %s`; the terminal showed:\n%s"
                      % (what, marker, "\n".join("    | " + l for l in screen_lines(shell.out)[-8:])))
            return None
        if got != want:
            self.fail("%s: the prompt is\n    %r, expected\n    %r" % (what, got, want))
            return False
        return True

    def activate_line(self, index):
        var = "$T_ENV_%d" % index
        shell = MODES[self.mode][0][0]
        if shell == "fish":
            return "source %s/bin/activate.fish" % var
        if shell == "tcsh":
            return 'source "%s/bin/activate.csh"' % var
        return '. "%s/bin/activate"' % var

    def run(self):
        argv, setup = MODES[self.mode]
        if not shutil.which(argv[0]):
            print("SKIP: %s is not installed" % argv[0])
            return 77
        envs = self.environments()
        run_dir = os.path.join(self.work, "run")
        home = os.path.join(self.work, "home")
        os.mkdir(run_dir)
        os.mkdir(home)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
               "TERM": "dumb", "LANG": "C.UTF-8", "SHELL": shutil.which(argv[0])}
        for i, (path, _) in enumerate(envs):
            env["T_ENV_%d" % i] = path
        start = time.monotonic()
        shell = Shell(argv, env, run_dir)
        try:
            if self.expect_prompt(shell, "; ".join(setup), "READY", ORIG, "before activation") is not None:
                for i, (_, name) in enumerate(envs):
                    if not self.session(shell, i, name):
                        break
        finally:
            shell.close()
        left = sorted(os.listdir(run_dir))
        if left:
            self.fail("code in a name ran: the shell's directory holds %s" % left)
        took = time.monotonic() - start
        if self.failures:
            print("activation-prompt (%s): %d failures (%.1f s)" % (self.mode, self.failures, took))
            return 1
        print("activation-prompt (%s): %d environments, prompts literal (%.1f s)"
              % (self.mode, len(envs), took))
        return 0

    def session(self, shell, i, name):
        """Activates environment i, draws its prompt, deactivates."""
        what = "env %r" % name
        command = self.activate_line(i)
        for n in range(DRAWS):
            ok = self.expect_prompt(shell, command, "M%dA%d" % (i, n), "(%s) %s" % (name, ORIG), what)
            if ok is None:
                return False
            if not ok:
                break  # said once is enough
            command = None
        return self.expect_prompt(shell, "deactivate", "M%dD" % i, ORIG, what + " after deactivate") is not None


def main(argv):
    if len(argv) != 2 or argv[1] not in MODES:
        print("usage: %s %s" % (argv[0], "|".join(MODES)), file=sys.stderr)
        return 2
    for var in ("PYVENV", "PYVENV_TEST_PYTHON"):
        if not os.environ.get(var):
            print("FAIL: %s is not set" % var, file=sys.stderr)
            return 1
    return Test(argv[1]).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
