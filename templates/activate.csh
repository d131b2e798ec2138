# activate.csh: enters this Python virtual environment in the current csh
# or tcsh shell.  It must be sourced, not run:
#     source ENV/bin/activate.csh
# Leave the environment again with `deactivate`.
# pyvenv wrote this file from a template, filling in the __VENV_*__
# placeholders with quoted literals when it created the environment.

# The quoted literals escape each exclamation mark with a backslash, which
# holds only while that is the history character: use the default history
# characters until the end of this file.
if ($?histchars) then
    set _pyvenv_histchars = "$histchars"
    unset histchars
endif

# deactivate [nondestructive]
#   Undo the activation: put back PATH, PYTHONHOME and prompt as they were,
#   and unsetenv VIRTUAL_ENV and VIRTUAL_ENV_PROMPT.  Unless the argument is
#   "nondestructive", the alias then removes itself.
# An alias is one line, and csh substitutes the variables of a one-line `if`
# before it tests the condition, so each step is guarded by `test ... &&`.
# Activation saves the prompt (or notes that there was none) only if it
# changed it, and saves PYTHONHOME only if there was one to remove.
alias deactivate 'test $?_OLD_VIRTUAL_PATH = 1 && setenv PATH "$_OLD_VIRTUAL_PATH" && unset _OLD_VIRTUAL_PATH; test $?_OLD_VIRTUAL_PYTHONHOME = 1 && setenv PYTHONHOME "$_OLD_VIRTUAL_PYTHONHOME" && unset _OLD_VIRTUAL_PYTHONHOME; test $?_OLD_VIRTUAL_PROMPT = 1 && set prompt = "$_OLD_VIRTUAL_PROMPT" && unset _OLD_VIRTUAL_PROMPT; test $?_OLD_VIRTUAL_PROMPT_UNSET = 1 && unset prompt _OLD_VIRTUAL_PROMPT_UNSET; unsetenv VIRTUAL_ENV; unsetenv VIRTUAL_ENV_PROMPT; test "\!:*" != nondestructive && unalias deactivate; rehash'

# Clean up whatever an earlier activation left behind.
deactivate nondestructive

setenv VIRTUAL_ENV __VENV_DIR__
setenv VIRTUAL_ENV_PROMPT __VENV_PROMPT__

# The environment's scripts directory goes first on PATH.
set _OLD_VIRTUAL_PATH = "$PATH"
setenv PATH "${VIRTUAL_ENV}/"__VENV_BIN__":${PATH}"

# A PYTHONHOME would point the interpreter away from the environment.
if ($?PYTHONHOME) then
    set _OLD_VIRTUAL_PYTHONHOME = "$PYTHONHOME"
    unsetenv PYTHONHOME
endif

set _pyvenv_show_prompt = 1
if ($?VIRTUAL_ENV_DISABLE_PROMPT) then
    if ("$VIRTUAL_ENV_DISABLE_PROMPT" != "") set _pyvenv_show_prompt = 0
endif
if ($_pyvenv_show_prompt == 1) then
    # tcsh reads its prompt each time it draws it: % sequences (%~, and %$x
    # a variable), \ sequences and the history character.  The name comes
    # with a backslash before each ASCII punctuation character, which tcsh
    # takes as that character, whichever the history character is.
    if ($?tcsh) then
        set _pyvenv_prompt = __VENV_PROMPT_TCSH__
    else
        set _pyvenv_prompt = "$VIRTUAL_ENV_PROMPT"
    endif
    if ($?prompt) then
        set _OLD_VIRTUAL_PROMPT = "$prompt"
        set prompt = "(${_pyvenv_prompt}) $prompt"
    else
        set _OLD_VIRTUAL_PROMPT_UNSET = 1
        set prompt = "(${_pyvenv_prompt}) "
    endif
    unset _pyvenv_prompt
endif
unset _pyvenv_show_prompt

if ($?_pyvenv_histchars) then
    set histchars = "$_pyvenv_histchars"
    unset _pyvenv_histchars
endif

rehash
