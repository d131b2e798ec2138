# Activate.ps1: enters this Python virtual environment in the current
# PowerShell session.  Run it or dot-source it in that session:
#     . ENV/bin/Activate.ps1        (or: & ENV/bin/Activate.ps1)
# Either way it changes the session itself: environment variables belong to
# the process, and the functions it defines are global.
# Leave the environment again with `deactivate`.
# pyvenv wrote this file from a template, filling in the __VENV_*__
# placeholders with quoted literals when it created the environment.

# deactivate [-NonDestructive]
#   Undo the activation: put back PATH, PYTHONHOME and the prompt function
#   as they were, and remove VIRTUAL_ENV and VIRTUAL_ENV_PROMPT.  Unless
#   -NonDestructive is given, the function then removes itself.
function global:deactivate {
    param([switch] $NonDestructive)

    if (Test-Path -LiteralPath Env:_OLD_VIRTUAL_PATH) {
        $env:PATH = $env:_OLD_VIRTUAL_PATH
        Remove-Item -LiteralPath Env:_OLD_VIRTUAL_PATH
    }

    # Activation only saves PYTHONHOME when there was one to remove.
    if (Test-Path -LiteralPath Env:_OLD_VIRTUAL_PYTHONHOME) {
        $env:PYTHONHOME = $env:_OLD_VIRTUAL_PYTHONHOME
        Remove-Item -LiteralPath Env:_OLD_VIRTUAL_PYTHONHOME
    }

    # Activation saves the prompt function only if it replaced it.  Both
    # functions are global, so Copy-Item overwrites the global prompt.
    if (Test-Path -LiteralPath Function:_OLD_VIRTUAL_PROMPT) {
        Copy-Item -LiteralPath Function:_OLD_VIRTUAL_PROMPT -Destination Function:prompt -Force
        Remove-Item -LiteralPath Function:_OLD_VIRTUAL_PROMPT
    }
    # Left by activation scripts from CPython's venv, which keep their
    # prompt text in a read-only global variable.
    Remove-Variable -Name _PYTHON_VENV_PROMPT_PREFIX -Scope Global -Force -ErrorAction SilentlyContinue

    foreach ($name in 'VIRTUAL_ENV', 'VIRTUAL_ENV_PROMPT') {
        if (Test-Path -LiteralPath "Env:$name") {
            Remove-Item -LiteralPath "Env:$name"
        }
    }

    if (-not $NonDestructive) {
        Remove-Item -LiteralPath Function:deactivate
    }
}

# The rest runs in a script block of its own, so that its variables stay
# out of the caller's scope when this file is dot-sourced.
& {
    # Clean up whatever an earlier activation left behind.
    deactivate -NonDestructive

    $env:VIRTUAL_ENV = __VENV_DIR__
    $env:VIRTUAL_ENV_PROMPT = __VENV_PROMPT__

    # The environment's scripts directory goes first on PATH.
    $binDir = $env:VIRTUAL_ENV + [IO.Path]::DirectorySeparatorChar + __VENV_BIN__
    if (Test-Path -LiteralPath Env:PATH) {
        $env:_OLD_VIRTUAL_PATH = $env:PATH
        $env:PATH = $binDir + [IO.Path]::PathSeparator + $env:PATH
    }
    else {
        $env:PATH = $binDir
    }

    # A PYTHONHOME would point the interpreter away from the environment.
    if (Test-Path -LiteralPath Env:PYTHONHOME) {
        $env:_OLD_VIRTUAL_PYTHONHOME = $env:PYTHONHOME
        Remove-Item -LiteralPath Env:PYTHONHOME
    }

    # An empty string counts as unset, as in the other shells.
    if (-not $env:VIRTUAL_ENV_DISABLE_PROMPT) {
        # Keep the current prompt function as _OLD_VIRTUAL_PROMPT.  Defining
        # the global function first makes Copy-Item overwrite it instead of
        # creating a copy that would vanish with this script block's scope.
        function global:_OLD_VIRTUAL_PROMPT { '' }
        if (Test-Path -LiteralPath Function:prompt) {
            Copy-Item -LiteralPath Function:prompt -Destination Function:_OLD_VIRTUAL_PROMPT -Force
        }

        function global:prompt {
            Write-Host -NoNewline -ForegroundColor Green ('(' + __VENV_PROMPT__ + ') ')
            _OLD_VIRTUAL_PROMPT
        }
    }
}
