# s03: a CMake project with eight add_python_venv environments and one
# template cache (s03-cmake-parallel/CMakeLists.txt), built with
# `cmake --build . -j8`, once with Ninja and once with Unix Makefiles (each
# with a new build tree and a new cache; a generator that is not installed is
# skipped, visibly). Four groups share a cache key: a1..a4, b1+b2, c1, d1.
# Every environment works and names only itself; pip ran once per key (once
# in each group, four times in all) and the other members of a group were
# seeded from its template; the cache holds four templates and no temporary
# file; nothing is left beside the environments; the build said nothing but
# progress and waiting, in whole lines; a second -j8 build runs nothing.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" any
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
: "${PYVENV:?PYVENV must name the pyvenv helper}"
start=$EPOCHREALTIME

mkdir src && cp -R "$PYVENV_TEST_SRC/tests/stress/s03-cmake-parallel/." src/ || { echo "FAIL: cannot copy the project"; exit 1; }
mkdir src/wheels
wheel src/wheels alpha 1.0
wheel src/wheels beta 2.0

names=(a1 a2 a3 a4 b1 b2 c1 d1)
groups=("a1 a2 a3 a4" "b1 b2" "c1" "d1")
declare -A scripts=([a1]=alpha [a2]=alpha [a3]=alpha [a4]=alpha [b1]=beta [b2]=beta [c1]="alpha beta" [d1]=alpha)
declare -A versions=([alpha]=1.0 [beta]=2.0)
pip_version=$("$PY" -c 'import ensurepip; print(ensurepip.version())')

# check_output BLD: what the build printed. Lines from pyvenv are progress
# (creating, waiting, installing requirements), whole; none is an error,
# a warning or a hint.
check_output() {
	local bld bad
	bld=$(printf '%s' "$1" | sed 's/[][\.*^$+?(){}|]/\\&/g')
	bad=$(printf '%s\n' "$output" | grep -E 'pyvenv: (error|warning)|^hint: |Traceback|WARNING|ERROR')
	[ -z "$bad" ] || fail "$tag: the build reported: $bad"
	bad=$(printf '%s\n' "$output" | grep -F 'pyvenv: ' |
		grep -vxE "pyvenv: (creating the environment '$bld/[a-d][1-4]' \(Python [0-9.a-z]+\)|waiting for another pyvenv working on the same cached template \(lock '[^']*'(, held by pid [0-9]+.*)?\)|installing requirements into '$bld/[a-d][1-4]'|installed [0-9]+ packages? in [0-9.]+ s)")
	[ -z "$bad" ] || fail "$tag: lines of pyvenv that are not whole progress lines:"$'\n'"$bad"
}

# check_keys BLD: pip ran once in each group, and only there; the others
# waited for it or came later, and were seeded.
check_keys() {
	local bld=$1 group n total=0 name ran
	for group in "${groups[@]}"; do
		ran=""
		for name in $group; do
			n=$(printf '%s\n' "$output" | grep -oF "installing requirements into '$bld/$name'" | wc -l)
			[ "$n" -le 1 ] || fail "$tag: pip ran $n times for $name"
			[ "$n" = 0 ] || ran="$ran $name"
			total=$((total + n))
		done
		[ "$(echo $ran | wc -w)" = 1 ] || fail "$tag: group '$group' (one cache key): pip ran in:${ran:- none}"
	done
	[ "$total" = 4 ] || fail "$tag: pip ran $total times for 4 cache keys"
	n=$(printf '%s\n' "$output" | grep -oF "waiting for another pyvenv working on the same cached template" | wc -l)
	[ "$n" -ge 1 ] || fail "$tag: no environment waited for another: the builds did not overlap"
	waited=$n
}

# check_envs BLD: each environment works, names only itself, and has what
# its add_python_venv asked for and nothing that another one did.
check_envs() {
	local bld=$1 name d s got pat
	pat=$(printf '%s' "$bld" | sed 's/[][\.*^$+?(){}|]/\\&/g')/[a-d][1-4]
	for name in "${names[@]}"; do
		"$bld/$name/bin/pip" --version >"pip-$tag-$name.txt" 2>&1 &
	done
	wait
	for name in "${names[@]}"; do
		d=$bld/$name
		is_venv "$d" || continue
		got=$("$PYVENV" check -q --no-cache "$d" 2>&1) || fail "pyvenv check $d: $got"
		[ -f "$d/.pyvenv-stamp" ] || fail "no stamp in $d"
		got=$(<"pip-$tag-$name.txt")
		[[ $got == "pip $pip_version from $d/lib/"* ]] || fail "$d/bin/pip --version: $got"
		for s in ${scripts[$name]}; do
			script_runs "$d" "$s" "${versions[$s]}"
		done
		for s in alpha beta; do
			[[ " ${scripts[$name]} " == *" $s "* ]] || [ ! -e "$d/bin/$s" ] || fail "$d has $s"
		done
		# Compiled files keep the name of the source they were compiled
		# from, in the directory an environment was built in (inside it
		# when it existed, as here); Python corrects it as it loads them.
		got=$(grep -rahoE "$pat(/\.pyvenv-build-)?" "$d" | grep -v '/\.pyvenv-build-$' | sort -u)
		[ "$got" = "$d" ] || fail "the files of $d name: $(echo $got)"
		got=$(grep -rlaF --exclude-dir=__pycache__ -e pyvenv-tmp -e .pyvenv-build- "$d")
		[ -z "$got" ] || fail "files in $d name a temporary directory: $got"
		got=$(find "$d" -name '*pyvenv-tmp*')
		[ -z "$got" ] || fail "temporary files left in $d: $got"
		got=$(find "$d" -name _pyvenv_build_paths.pth)
		if [ "$name" = a4 ]; then
			[ "$(cat "$got" 2>/dev/null)" = "$PWD/src/extra" ] || fail "a4: build paths: '$got' $(cat "$got" 2>/dev/null)"
			got=$(env -u VIRTUAL_ENV "$d/bin/python" -c 'import extra_mod; print(extra_mod.VALUE)' 2>&1)
			[ "$got" = extra ] || fail "a4 does not import from its build path: $got"
		else
			[ -z "$got" ] || fail "$name has a build paths file: $got"
		fi
		got=$(cfg_value "$d" prompt)
		if [ "$name" = a3 ]; then
			[ "$got" = "'three'" ] || fail "a3: prompt $got"
			grep -qxF "VIRTUAL_ENV_PROMPT='three'" "$d/bin/activate" || fail "a3: bin/activate does not set the prompt"
		else
			[ -z "$got" ] || fail "$name has the prompt $got"
			grep -qxF "VIRTUAL_ENV_PROMPT='$name'" "$d/bin/activate" || fail "$name: bin/activate does not set the prompt $name"
		fi
		if [ "$name" = d1 ]; then
			[ ! -L "$d/bin/python" ] || fail "d1 (COPIES) has a symbolic link bin/python"
		else
			[ -L "$d/bin/python" ] || fail "$name has no symbolic link bin/python"
		fi
	done
	got=$(find "$bld" -maxdepth 1 -name '.*pyvenv-tmp*')
	[ -z "$got" ] || fail "$tag: left in the build tree: $got"
}

# check_cache CACHE: four templates, each with its digest; an unpacked tree
# only for those keys; no temporary file.
check_cache() {
	local c=$1 key got
	got=$(find "$c/templates" -name '*.tar.zst' | wc -l)
	[ "$got" = 4 ] || fail "$tag: $got templates in the cache, not 4: $(ls "$c/templates")"
	got=$(find "$c/templates" -name '*.sha256' | wc -l)
	[ "$got" = 4 ] || fail "$tag: $got digests in the cache, not 4"
	for key in $(ls "$c/templates" | sed -n 's/\.tar\.zst$//p'); do
		[ "$(cat "$c/templates/$key.sha256" 2>/dev/null)" = "$(sha256sum "$c/templates/$key.tar.zst" | cut -d' ' -f1)" ] ||
			fail "$tag: the digest of $key does not match its archive"
	done
	for key in $(ls "$c/trees" 2>/dev/null); do
		[ -f "$c/templates/$key.tar.zst" ] || fail "$tag: a tree without a template in the cache: $key"
	done
	got=$(find "$c" -name '*pyvenv-tmp*')
	[ -z "$got" ] || fail "$tag: temporary files left in the cache: $got"
}

# part TAG GENERATOR TOOL: configure, build -j8, check, build -j8 again.
ran_parts=0
part() {
	local bld=$PWD/b-$1 t0=$EPOCHREALTIME t1 t2
	tag=$1
	GEN=$2
	if ! command -v "$3" >/dev/null; then
		echo "SKIP: the $GEN part: $3 is not installed"
		return
	fi
	ran_parts=$((ran_parts + 1))
	export PYVENV_CACHE_DIR=$PWD/cache-$tag
	configure src "$bld" "-DPyVenv_DIR=$PYVENV_TEST_BUILD"
	expect_ok "$tag: configure"
	[ "$rc" = 0 ] || return
	t1=$EPOCHREALTIME
	build "$bld" -j8
	t2=$EPOCHREALTIME
	expect_ok "$tag: the -j8 build"
	for name in "${names[@]}"; do
		expect_eq "$(count_lines "Python environment $name\$")" 1 "$tag: runs of the command of $name"
	done
	check_output "$bld"
	check_keys "$bld"
	check_envs "$bld"
	check_cache "$PYVENV_CACHE_DIR"
	remember "${names[@]/#/$bld/}"
	build "$bld" -j8
	nothing_ran "$tag: the second -j8 build" "${names[@]/#/$bld/}"
	awk "BEGIN { printf \"%s: -j8 build of 8 environments %.1f s (%s waited for a template); part %.1f s\n\", \
		\"$GEN\", $t2 - $t1, $waited, $EPOCHREALTIME - $t0 }"
}

part ninja Ninja ninja
part make "Unix Makefiles" make
[ "$ran_parts" -gt 0 ] || skip "neither ninja nor make is installed"
awk "BEGIN { printf \"all: %.1f s\n\", $EPOCHREALTIME - $start }"
finish
