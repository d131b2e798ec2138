#!/usr/bin/env bash
# Tests the activation scripts that pyvenv writes into ENV/bin, by sourcing
# them in a real shell run non-interactively.
#
#   bash tests/cli/activation.sh SHELL      SHELL: bash, dash, zsh, fish, tcsh
#
# Runs in the current directory, which should be an empty scratch directory.
# Environment: PYVENV (the pyvenv binary), PYVENV_TEST_PYTHON (the base
# interpreter for the environments).
# Exit status: 0 passed, 1 failed, 77 skipped (SHELL is not installed).
#
# Each scenario below is written once as a list of steps (set the prompt,
# take a snapshot, activate, ...); `render` turns a step into the syntax of
# SHELL.  A snapshot records VIRTUAL_ENV, VIRTUAL_ENV_PROMPT, PATH,
# PYTHONHOME, the prompt and whether `deactivate` exists, one file per
# item (no file: unset), and the checks compare those files afterwards.

set -u

shell=${1:-}
case $shell in
    bash | dash | zsh | fish | tcsh) ;;
    *) echo "usage: $0 bash|dash|zsh|fish|tcsh" >&2; exit 1 ;;
esac
if ! command -v "$shell" >/dev/null 2>&1; then
    echo "SKIP: $shell not installed"
    exit 77
fi
for var in PYVENV PYVENV_TEST_PYTHON; do
    if [ -z "${!var:-}" ]; then
        echo "FAIL: $var is not set" >&2
        exit 1
    fi
done

# --------------------------------------------------------------------------
# Fixtures: environments under a directory whose name is hard to quote.

work=$(pwd -P)
hostile=$'dir \u00fcn\u00ef \'q\' "dq" $HOME ; & | \\ * ! `x`'
root=$work/$hostile
env_default=$root/$hostile           # no --prompt: the prompt is its basename
env_named=$root/named
named_prompt=$'my \'p\' "q" $X ; & | \\ * ! `y` %~ \u00e9'
orig_prompt=$'orig $HOME \\w %~ ! `x` \'q\' "dq" > '
orig_home=$'/nonexistent/python home \'h\' ! $X'
odd_path_entry=$'/nonexistent/bin \'p\' "a" ! $T `h` \u00fc'   # first on PATH
out=$work/out
lib=$work/lib
mkdir -p -- "$root" "$out" "$lib" "$work/home"

checks=0
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

create() {
    if ! "$PYVENV" create --without-pip --python "$PYVENV_TEST_PYTHON" "$@" \
            >"$work/create.log" 2>&1; then
        echo "FAIL: pyvenv create $*" >&2
        cat "$work/create.log" >&2
        exit 1
    fi
}
create "$env_default"
create --prompt "$named_prompt" "$env_named"

# --------------------------------------------------------------------------
# Helpers that the scripts under test source, one set per shell family.

cat >"$lib/lib.sh" <<'EOF'
# record LABEL NAME [VALUE]: store VALUE as snapshot item NAME (no VALUE: unset)
record() {
    mkdir -p "$T_OUT/$1"
    if [ $# -ge 3 ]; then printf '%s' "$3" >"$T_OUT/$1/$2"; fi
}
snap() {
    record "$1" VIRTUAL_ENV ${VIRTUAL_ENV+"$VIRTUAL_ENV"}
    record "$1" VIRTUAL_ENV_PROMPT ${VIRTUAL_ENV_PROMPT+"$VIRTUAL_ENV_PROMPT"}
    record "$1" PATH ${PATH+"$PATH"}
    record "$1" PYTHONHOME ${PYTHONHOME+"$PYTHONHOME"}
    record "$1" prompt ${PS1+"$PS1"}
    t_kind=$(type deactivate 2>/dev/null) || t_kind=
    case $t_kind in
        *function*) record "$1" deactivate defined ;;
    esac
}
probe() {
    record "$1" python_path "$(command -v python)"
    record "$1" python_prefix "$(python -c 'import sys; print(sys.prefix)')"
    record "$1" exported_VIRTUAL_ENV "$(printenv VIRTUAL_ENV)"
    record "$1" exported_VIRTUAL_ENV_PROMPT "$(printenv VIRTUAL_ENV_PROMPT)"
}
EOF

cat >"$lib/lib.fish" <<'EOF'
function record --description 'record LABEL NAME [VALUE]'
    mkdir -p $T_OUT/$argv[1]
    if test (count $argv) -ge 3
        printf '%s' $argv[3] >$T_OUT/$argv[1]/$argv[2]
    end
end
function snap
    for name in VIRTUAL_ENV VIRTUAL_ENV_PROMPT PATH PYTHONHOME
        if set -q $name
            record $argv[1] $name (string join : -- $$name | string collect -N)
        end
    end
    # The prompt is what fish_prompt prints; it should see the last status.
    false
    fish_prompt >$T_OUT/$argv[1]/prompt
    if functions -q deactivate
        record $argv[1] deactivate defined
    end
end
function probe
    record $argv[1] python_path (command -v python)
    record $argv[1] python_prefix (python -c 'import sys; print(sys.prefix)')
    record $argv[1] exported_VIRTUAL_ENV (printenv VIRTUAL_ENV)
    record $argv[1] exported_VIRTUAL_ENV_PROMPT (printenv VIRTUAL_ENV_PROMPT)
end
EOF

# csh has no functions: `snap LABEL` and `probe LABEL` become
# `set t_label = LABEL; source $T_LIB/snap.csh` (or probe.csh).
cat >"$lib/snap.csh" <<'EOF'
set t_dir = "$T_OUT/$t_label"
mkdir -p "$t_dir"
if ($?VIRTUAL_ENV) then
    printf '%s' "$VIRTUAL_ENV" >"$t_dir/VIRTUAL_ENV"
endif
if ($?VIRTUAL_ENV_PROMPT) then
    printf '%s' "$VIRTUAL_ENV_PROMPT" >"$t_dir/VIRTUAL_ENV_PROMPT"
endif
if ($?PATH) then
    printf '%s' "$PATH" >"$t_dir/PATH"
endif
if ($?PYTHONHOME) then
    printf '%s' "$PYTHONHOME" >"$t_dir/PYTHONHOME"
endif
if ($?prompt) then
    printf '%s' "$prompt" >"$t_dir/prompt"
endif
alias deactivate >"$t_dir/deactivate.alias"
if (-s "$t_dir/deactivate.alias") then
    printf '%s' defined >"$t_dir/deactivate"
endif
if ($?histchars) then
    printf '%s' "$histchars" >"$t_dir/histchars"
endif
EOF
cat >"$lib/probe.csh" <<'EOF'
set t_dir = "$T_OUT/$t_label"
mkdir -p "$t_dir"
which python >"$t_dir/python_path"
python -c 'import sys; print(sys.prefix)' >"$t_dir/python_prefix"
printenv VIRTUAL_ENV >"$t_dir/exported_VIRTUAL_ENV"
printenv VIRTUAL_ENV_PROMPT >"$t_dir/exported_VIRTUAL_ENV_PROMPT"
EOF

# --------------------------------------------------------------------------
# Steps, in the syntax of $shell.  Values with awkward characters reach the
# scripts through T_* environment variables, never through the script text.

# render STEP [ARG]: print STEP as a line of $shell code.  (The "$" in
# single quotes below belong to that code: hence the shellcheck directives.)
render() {
    case $shell in
        bash | dash | zsh) render_sh "$@" ;;
        fish) render_fish "$@" ;;
        tcsh) render_csh "$@" ;;
    esac
}

# shellcheck disable=SC2016
render_sh() {
    case $1 in
        begin) echo '. "$T_LIB/lib.sh"' ;;
        strict)
            case $shell in
                bash) echo 'set -euo pipefail' ;;
                *) echo 'set -eu' ;;
            esac ;;
        set_prompt) echo 'PS1=$T_PROMPT' ;;
        unset_prompt) echo 'unset PS1' ;;
        set_home) echo 'PYTHONHOME=$T_HOME; export PYTHONHOME' ;;
        unset_home) echo 'unset PYTHONHOME' ;;
        disable_prompt) echo "VIRTUAL_ENV_DISABLE_PROMPT='${2-}'; export VIRTUAL_ENV_DISABLE_PROMPT" ;;
        activate) echo ". \"\$T_ENV_$2/bin/activate\"" ;;
        deactivate) echo "deactivate ${2:-}" ;;
        snap | probe) echo "$1 $2" ;;
        end) echo ': >"$T_OUT/done"' ;;
    esac
}

# shellcheck disable=SC2016
render_fish() {
    case $1 in
        begin) echo 'source $T_LIB/lib.fish' ;;
        set_prompt) echo 'function fish_prompt; printf "%s[%s]" $T_PROMPT $status; end' ;;
        unset_prompt) ;;  # fish always has a prompt: keep its default one
        set_home) echo 'set -gx PYTHONHOME $T_HOME' ;;
        unset_home) echo 'set -e PYTHONHOME' ;;
        disable_prompt) echo "set -gx VIRTUAL_ENV_DISABLE_PROMPT '${2-}'" ;;
        activate) echo "source \$T_ENV_$2/bin/activate.fish" ;;
        deactivate) echo "deactivate ${2:-}" ;;
        snap | probe) echo "$1 $2" ;;
        end) echo 'touch $T_OUT/done' ;;
    esac
}

# shellcheck disable=SC2016
render_csh() {
    case $1 in
        begin) ;;
        set_prompt) echo 'set prompt = "$T_PROMPT"' ;;
        unset_prompt) echo 'unset prompt' ;;
        set_home) echo 'setenv PYTHONHOME "$T_HOME"' ;;
        unset_home) echo 'unsetenv PYTHONHOME' ;;
        disable_prompt) echo "setenv VIRTUAL_ENV_DISABLE_PROMPT '${2-}'" ;;
        activate) echo "source \"\$T_ENV_$2/bin/activate.csh\"" ;;
        deactivate) echo "deactivate ${2:-}" ;;
        snap | probe) echo "set t_label = $2; source \"\$T_LIB/$1.csh\"" ;;
        histchars) echo "set histchars = '$2'" ;;
        end) echo 'touch "$T_OUT/done"' ;;
    esac
}

# run NAME STEP...: run the steps (each "STEP" or "STEP ARG") in $shell,
# with snapshots going to $out/NAME.  Fails if the shell exits non-zero,
# prints anything on stderr, or stops before the last step.
run() {
    local name=$1 step
    shift
    local script=$work/$name.script
    {
        render begin
        for step in "$@"; do
            # shellcheck disable=SC2086  # split "STEP ARG" on purpose
            render $step
        done
        render end
    } >"$script"

    local -a cmd
    case $shell in
        bash) cmd=(bash --norc --noprofile "$script") ;;
        dash) cmd=(dash "$script") ;;
        zsh) cmd=(zsh -f "$script") ;;
        fish) cmd=(fish --no-config "$script") ;;
        tcsh) cmd=(tcsh -f "$script") ;;
    esac
    rm -rf -- "${out:?}/$name"
    mkdir -p -- "$out/$name"
    env -i PATH="$odd_path_entry:$PATH" HOME="$work/home" TERM=dumb LANG=C.UTF-8 \
        T_OUT="$out/$name" T_LIB="$lib" T_PROMPT="$orig_prompt" \
        T_HOME="$orig_home" T_ENV_default="$env_default" \
        T_ENV_named="$env_named" \
        "${cmd[@]}" >"$out/$name.stdout" 2>"$out/$name.stderr"
    local status=$?
    if [ "$status" -ne 0 ]; then
        fail "$name: $shell exited with status $status"
    fi
    if [ -s "$out/$name.stderr" ]; then
        fail "$name: $shell wrote to stderr:"
        sed 's/^/    /' "$out/$name.stderr"
    fi
    if [ ! -e "$out/$name/done" ]; then
        fail "$name: the script stopped before its last step"
    fi
    if [ "$status" -ne 0 ] || [ -s "$out/$name.stderr" ] \
            || [ ! -e "$out/$name/done" ]; then
        echo "    script ($script):"
        sed 's/^/    | /' "$script"
    fi
}

# --------------------------------------------------------------------------
# Checks on the snapshots.

# value NAME LABEL ITEM: the recorded item, or "<unset>".
value() {
    local file=$out/$1/$2/$3
    if [ -e "$file" ]; then
        printf '%s' "$(cat -- "$file")"
    else
        printf '<unset>'
    fi
}

# expect NAME LABEL ITEM EXPECTED
expect() {
    local actual
    checks=$((checks + 1))
    actual=$(value "$1" "$2" "$3")
    if [ "$actual" != "$4" ]; then
        fail "$1: $3 at '$2'"
        printf '    expected: %s\n    actual:   %s\n' "$4" "$actual"
    fi
}

# expect_same NAME LABEL1 LABEL2: every snapshot item is equal.
expect_same() {
    local item
    for item in VIRTUAL_ENV VIRTUAL_ENV_PROMPT PATH PYTHONHOME prompt deactivate; do
        expect "$1" "$3" "$item" "$(value "$1" "$2" "$item")"
    done
}

# expect_active NAME LABEL ENV PROMPT_TEXT BEFORE_LABEL: the snapshot shows
# ENV active, relative to the snapshot BEFORE_LABEL taken before activation.
expect_active() {
    local name=$1 label=$2 env=$3 prompt=$4 before=$5
    expect "$name" "$label" VIRTUAL_ENV "$env"
    expect "$name" "$label" VIRTUAL_ENV_PROMPT "$prompt"
    expect "$name" "$label" PATH "$env/bin:$(value "$name" "$before" PATH)"
    expect "$name" "$label" PYTHONHOME '<unset>'
    expect "$name" "$label" deactivate defined
}

# prompt_form TEXT: TEXT as the activation script puts it into the prompt
# of $shell run as here (bash: promptvars on; zsh -f: prompt_percent only),
# escaped so that the shell shows it literally.  (What interactive shells
# draw is tested by activation-prompt.py.)
prompt_form() {
    local s=$1 out='' c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $shell:$c in
            bash:\\) c="\\\\\\\\" ;;
            bash:\$ | bash:\`) c="\\\\$c" ;;
            dash:\\ | dash:\$ | dash:\`) c="\\$c" ;;
            zsh:%) c=%% ;;
            tcsh:[[:punct:]]) [[ $c == [[:ascii:]] ]] && c="\\$c" ;;
        esac
        out+=$c
    done
    printf '%s' "$out"
}

# expect_prompt NAME LABEL PROMPT_TEXT BEFORE_LABEL: the prompt is the
# original one with "(PROMPT_TEXT) " in front, PROMPT_TEXT escaped for the
# shell (prompt_form).
expect_prompt() {
    local name=$1 label=$2 prompt=$3 before=$4 old
    old=$(value "$name" "$before" prompt)
    [ "$old" = '<unset>' ] && old=
    expect "$name" "$label" prompt "($(prompt_form "$prompt")) $old"
}

# expect_python NAME LABEL ENV PROMPT_TEXT: python is ENV's, and the
# variables reach child processes.
expect_python() {
    expect "$1" "$2" python_path "$3/bin/python"
    expect "$1" "$2" python_prefix "$3"
    expect "$1" "$2" exported_VIRTUAL_ENV "$3"
    expect "$1" "$2" exported_VIRTUAL_ENV_PROMPT "$4"
}

# The prompt the shell shows before activation, as a snapshot records it.
case $shell in
    fish) shown_prompt="${orig_prompt}[1]" ;;   # our fish_prompt adds [status]
    *) shown_prompt=$orig_prompt ;;
esac

# --------------------------------------------------------------------------
# Scenarios.  For bash, dash and zsh each runs twice: as is, and with
# `set -eu` (bash: `set -euo pipefail`) in force.

variants=(plain)
case $shell in bash | dash | zsh) variants+=(strict) ;; esac

for variant in "${variants[@]}"; do
    pre=()
    [ "$variant" = strict ] && pre=(strict)

    # Activate the environment made without --prompt, then deactivate.
    s=basic-$variant
    run "$s" "${pre[@]}" set_prompt "set_home" "snap before" "activate default" \
        "snap active" "probe active" deactivate "snap after"
    expect "$s" before prompt "$shown_prompt"
    expect "$s" before PYTHONHOME "$orig_home"
    expect "$s" before deactivate '<unset>'
    expect_active "$s" active "$env_default" "$hostile" before
    expect_prompt "$s" active "$hostile" before
    expect_python "$s" active "$env_default" "$hostile"
    expect_same "$s" before after

    # The environment made with --prompt; no PYTHONHOME and (except in
    # fish) no prompt before: both stay unset after deactivate.
    s=named-$variant
    run "$s" "${pre[@]}" unset_prompt unset_home "snap before" "activate named" \
        "snap active" "probe active" deactivate "snap after"
    expect "$s" before PYTHONHOME '<unset>'
    [ "$shell" != fish ] && expect "$s" before prompt '<unset>'
    expect_active "$s" active "$env_named" "$named_prompt" before
    expect_prompt "$s" active "$named_prompt" before
    expect_python "$s" active "$env_named" "$named_prompt"
    expect_same "$s" before after

    # Activating a second environment replaces the first; one deactivate
    # restores the state from before both.
    s=twice-$variant
    run "$s" "${pre[@]}" set_prompt set_home "snap before" "activate default" \
        "snap first" "activate named" "snap second" "probe second" \
        deactivate "snap after"
    expect_active "$s" first "$env_default" "$hostile" before
    expect_active "$s" second "$env_named" "$named_prompt" before
    expect_prompt "$s" second "$named_prompt" before
    expect_python "$s" second "$env_named" "$named_prompt"
    expect_same "$s" before after

    # `deactivate nondestructive` undoes everything but keeps deactivate;
    # a plain deactivate afterwards then removes it.
    s=nondestructive-$variant
    run "$s" "${pre[@]}" set_prompt set_home "snap before" "activate default" \
        "deactivate nondestructive" "snap kept" deactivate "snap after"
    for item in VIRTUAL_ENV VIRTUAL_ENV_PROMPT PATH PYTHONHOME prompt; do
        expect "$s" kept "$item" "$(value "$s" before "$item")"
    done
    expect "$s" kept deactivate defined
    expect_same "$s" before after

    # VIRTUAL_ENV_DISABLE_PROMPT set non-empty leaves the prompt alone ...
    s=noprompt-$variant
    run "$s" "${pre[@]}" set_prompt set_home "disable_prompt 1" "snap before" \
        "activate default" "snap active" deactivate "snap after"
    expect_active "$s" active "$env_default" "$hostile" before
    expect "$s" active prompt "$shown_prompt"
    expect_same "$s" before after

    # ... but set empty, it does not.
    s=emptydisable-$variant
    run "$s" "${pre[@]}" set_prompt unset_home "disable_prompt" "snap before" \
        "activate named" "snap active" deactivate "snap after"
    expect_active "$s" active "$env_named" "$named_prompt" before
    expect_prompt "$s" active "$named_prompt" before
    expect_same "$s" before after
done

# tcsh only: the activation script works with other history characters
# (quoted literals escape "!" for the default ones), and leaves them alone.
if [ "$shell" = tcsh ]; then
    s=histchars
    run "$s" set_prompt set_home "histchars #^" "snap before" "activate default" \
        "snap active" "probe active" deactivate "snap after"
    expect "$s" before histchars '#^'
    expect "$s" active histchars '#^'
    expect "$s" after histchars '#^'
    expect_active "$s" active "$env_default" "$hostile" before
    expect_prompt "$s" active "$hostile" before
    expect_python "$s" active "$env_default" "$hostile"
    expect_same "$s" before after
fi

if [ "$failures" -ne 0 ]; then
    echo "activation ($shell): $failures of $checks checks failed"
    exit 1
fi
echo "activation ($shell): all $checks checks passed"
exit 0
