# activate.fish: enters this Python virtual environment in the current fish
# shell.  It must be sourced, not run:
#     source ENV/bin/activate.fish
# Leave the environment again with `deactivate`.
# pyvenv wrote this file from a template, filling in the __VENV_*__
# placeholders with quoted literals when it created the environment.

# deactivate [nondestructive]
#   Undo the activation: put back PATH, PYTHONHOME and fish_prompt as they
#   were, and erase VIRTUAL_ENV and VIRTUAL_ENV_PROMPT.  Unless the argument
#   is "nondestructive", the function then erases itself.
function deactivate --description 'Leave the Python virtual environment'
    if set -q _OLD_VIRTUAL_PATH
        set -gx PATH $_OLD_VIRTUAL_PATH
        set -e _OLD_VIRTUAL_PATH
    end

    # Activation only saves PYTHONHOME when there was one to remove.
    if set -q _OLD_VIRTUAL_PYTHONHOME
        set -gx PYTHONHOME $_OLD_VIRTUAL_PYTHONHOME
        set -e _OLD_VIRTUAL_PYTHONHOME
    end

    # Put the original fish_prompt back (or none, if there was none).
    if set -q _OLD_FISH_PROMPT_OVERRIDE
        set -e _OLD_FISH_PROMPT_OVERRIDE
        functions -e fish_prompt
        if functions -q _old_fish_prompt
            functions -c _old_fish_prompt fish_prompt
            functions -e _old_fish_prompt
        end
    end

    set -e VIRTUAL_ENV
    set -e VIRTUAL_ENV_PROMPT

    if test "$argv[1]" != nondestructive
        functions -e deactivate
    end
end

# Clean up whatever an earlier activation left behind.
deactivate nondestructive

set -gx VIRTUAL_ENV __VENV_DIR__
set -gx VIRTUAL_ENV_PROMPT __VENV_PROMPT__

# The environment's scripts directory goes first on PATH.
set -g _OLD_VIRTUAL_PATH $PATH
set -gx PATH "$VIRTUAL_ENV/"__VENV_BIN__ $PATH

# A PYTHONHOME would point the interpreter away from the environment.
if set -q PYTHONHOME
    set -g _OLD_VIRTUAL_PYTHONHOME $PYTHONHOME
    set -e PYTHONHOME
end

# fish draws its prompt with the fish_prompt function: keep the current one
# as _old_fish_prompt and put a wrapper in its place that shows the
# environment's name first.  The name is an argument of printf's %s, which
# prints it as it is, whatever it holds.
if test -z "$VIRTUAL_ENV_DISABLE_PROMPT"
    if functions -q fish_prompt
        functions -c fish_prompt _old_fish_prompt

        function fish_prompt --description 'Write out the prompt, inside a Python virtual environment'
            # Run the original prompt first, while $status and $pipestatus
            # still describe the last command line, and keep what it prints.
            set -l original (_old_fish_prompt | string collect -N)
            printf '(%s) ' __VENV_PROMPT__
            printf '%s' $original
        end
    else
        function fish_prompt --description 'Write out the prompt, inside a Python virtual environment'
            printf '(%s) ' __VENV_PROMPT__
        end
    end

    set -g _OLD_FISH_PROMPT_OVERRIDE $VIRTUAL_ENV
end
