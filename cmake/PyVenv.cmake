#[=======================================================================[.rst:
PyVenv
------

Python virtual environments for CMake projects, created at build time by the
``pyvenv`` helper, and CTest tests that run inside them.

.. code-block:: cmake

  find_package(PyVenv 1.0 REQUIRED)
  add_python_venv(venv REQUIREMENTS requirements.txt
                  BUILD_PATHS $<TARGET_FILE_DIR:mymod>)
  pyvenv_discover_tests(venv TEST_PATHS tests)

``find_package(PyVenv)`` defines the imported executable ``PyVenv::pyvenv``
and the variables ``PyVenv_EXECUTABLE`` and ``PyVenv_VERSION``. When PyVenv is
part of the build (``FetchContent_MakeAvailable`` or ``add_subdirectory``),
the helper is built with the project, ``PyVenv::pyvenv`` is an alias of it and
``PyVenv_EXECUTABLE`` is ``$<TARGET_FILE:PyVenv::pyvenv>``.

In a multi-config generator (Ninja Multi-Config), each configuration gets its
own environment, in ``<DIRECTORY>/<config>``, so that ``BUILD_PATHS`` such as
``$<TARGET_FILE_DIR:mymod>`` point at that configuration's build; paths this
module reports then contain ``$<CONFIG>`` and are meant for places that
evaluate generator expressions (``add_test``, ``add_custom_command``,
``file(GENERATE)``). CMake does not evaluate expressions inside a custom
property, so read ``PYVENV_DIR`` and the others in such places with
``$<TARGET_GENEX_EVAL:venv,$<TARGET_PROPERTY:venv,PYVENV_DIR>>``, or use the
variables ``<name>_DIR`` and ``<name>_PYTHON``.
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.22...3.25)

set(PYVENV_PYTHON "" CACHE STRING
  "Default PYTHON of add_python_venv(): a path, a name on PATH, or a request such as 3.12 or >=3.10 (empty: Python3_EXECUTABLE, else FindPython3)")

set(PYVENV_REMOTE_CACHE "" CACHE STRING
  "Remote template cache of every add_python_venv() (pyvenv create --remote-cache URL[|attribute=value]...); empty: $PYVENV_REMOTE_CACHE at build time")
option(PYVENV_REMOTE_CACHE_WRITE
  "Store the templates the build makes in the remote cache (else only with PYVENV_REMOTE_CACHE_WRITE=1 at build time)" OFF)

#[=======================================================================[.rst:
.. command:: add_python_venv

  Creates a Python virtual environment in the build tree at build time.

  .. code-block:: cmake

    add_python_venv(<name>
      [DIRECTORY <dir>] [PYTHON <exe>]
      [REQUIREMENTS <file>...] [PACKAGES <spec>...] [PIP_ARGS <arg>...]
      [BUILD_PATHS <dir-or-genex>...]
      [TEMPLATE <archive>] [NO_CACHE] [LINK_MODE <mode>]
      [INSTALLER <who>] [COMPILE_BYTECODE]
      [SYSTEM_SITE_PACKAGES] [WITHOUT_PIP] [COPIES] [UPGRADE_DEPS]
      [PROMPT <prompt>] [ALL] [DEPENDS <file-or-target>...])

  Makes a custom target ``<name>`` that runs ``pyvenv create --stamp``. The
  command reruns when one of its inputs changed: the requirement files and
  the files they nest, the local wheels, sdists and project directories
  they name, the options, the interpreter, the helper, a ``--find-links``
  directory, or anything listed in ``DEPENDS`` (the helper writes the files
  it read into a depfile after each run). When it reruns, the helper
  compares a digest of the inputs' contents with the one recorded at the last
  build, so a touched but unchanged requirement file costs no rebuild; a real
  change builds the environment anew in its directory, which is kept, and
  moves it in. Deleting the environment makes the next build create it again.

  It sets the target properties ``PYVENV_DIR`` (the environment),
  ``PYVENV_BIN_DIR`` (its ``bin/``), ``PYVENV_PYTHON`` (its ``python``) and
  ``PYVENV_BASE_PYTHON`` (the interpreter it was made from), and in the
  caller's scope the variables ``<name>_DIR`` and ``<name>_PYTHON``.

  ``DIRECTORY <dir>``
    Where the environment goes; relative paths are relative to
    ``CMAKE_CURRENT_BINARY_DIR``. Default: ``${CMAKE_CURRENT_BINARY_DIR}/<name>``.
    In a multi-config generator ``/<config>`` is appended unless ``<dir>``
    contains ``$<CONFIG>``. An existing directory that is not a virtual
    environment is never replaced: the build fails and says so.

  ``PYTHON <exe-or-request>``
    The base interpreter, Python 3.8 or later: a path, a name on ``PATH``,
    or a request that the helper resolves at configure time as ``pyvenv
    create --python`` does: ``3.12``, ``3.12.1``, ``3.13t`` (free-threaded),
    ``>=3.10``, ``>=3.9,<3.12``, ``python3.12``, ``cpython3.12``, looked for
    on ``PATH``, in pyenv's and uv's interpreters and in ``/usr/local/bin``
    and ``/usr/bin`` (the first on ``PATH`` that satisfies it, else the
    newest). A request nothing satisfies is a configure error that lists
    what was found. Default: the cache variable ``PYVENV_PYTHON`` (same
    forms; it sets the default of a whole build tree), else
    ``Python3_EXECUTABLE`` if set, else the interpreter
    ``find_package(Python3 COMPONENTS Interpreter)`` finds. When PyVenv is
    built by the same project (``FetchContent``), the helper does not exist
    at configure time: a name or request is then resolved at build time,
    and ``PYVENV_BASE_PYTHON`` holds it as given.

  ``REQUIREMENTS <file>...``
    Requirement files installed as ``pip install -r`` would install them
    (by the helper itself or by the environment's pip: see ``INSTALLER``),
    and PEP 751 lock files (``pylock.toml``); relative paths are relative to ``CMAKE_CURRENT_SOURCE_DIR``. Files
    they include with ``-r`` or ``-c``, and local files and directories they
    name, are tracked after the first build. Paths in them that are relative
    (``./wheels/x.whl``) are relative to the directory the build runs the
    helper in, ``CMAKE_CURRENT_BINARY_DIR``, as pip takes them: prefer
    absolute paths or ``--find-links``.

  ``PACKAGES <spec>...``
    Requirement specifiers installed as ``pip install`` would, e.g. ``"attrs>=23"``.

  ``PIP_ARGS <arg>...``
    Arguments for every pip install, e.g. ``--no-index --find-links=wheels``.
    Local ``--find-links`` directories, relative to ``CMAKE_CURRENT_SOURCE_DIR``,
    are made absolute and are build dependencies (a wheel added or removed
    rebuilds the environment).

  ``BUILD_PATHS <dir-or-genex>...``
    Directories put on the environment's ``sys.path`` through a ``.pth`` file,
    so that modules built in the tree (``$<TARGET_FILE_DIR:mymod>``) or
    pure-Python sources import without being installed. Targets named in
    generator expressions are built before the environment. Relative paths
    are relative to ``CMAKE_CURRENT_SOURCE_DIR``.

  ``TEMPLATE <archive>``
    Seed the environment from this template (``pyvenv pack``, or
    :command:`pyvenv_pack_template`), then install ``REQUIREMENTS`` and
    ``PACKAGES`` on top. Relative to ``CMAKE_CURRENT_SOURCE_DIR``; it may be
    the output of another rule. When the archive exists at configure time,
    a template made with symlinks and ``COPIES`` (or the reverse), or with
    pip and ``WITHOUT_PIP``, is a configure error.

  ``NO_CACHE``
    The helper neither reads nor writes its template cache (``--no-cache``),
    local or remote: the environment is built from scratch every time it is
    rebuilt.

  Remote cache: the cache variable ``PYVENV_REMOTE_CACHE`` (a URL with
  optional ``|attribute=value`` parts, as ``pyvenv create --remote-cache``
  takes it; see ``pyvenv create --help``) reaches every ``add_python_venv``
  without ``NO_CACHE``; when it is empty, the helper reads the environment
  variable ``PYVENV_REMOTE_CACHE`` at build time. ``PYVENV_REMOTE_CACHE_WRITE``
  (``ON``, or the environment variable set to 1 at build time) stores the
  templates the build makes there. Neither changes the stamp: switching the
  remote cache rebuilds nothing. Keep credentials out of the URL (the build
  files record the command line): use ``~/.netrc`` or
  ``PYVENV_REMOTE_CACHE_TOKEN``.

  ``LINK_MODE <mode>``
    How files come from the template cache: ``auto`` (the default: clone,
    else hard link, else copy), ``clone``, ``hardlink`` or ``copy``. With
    hard links, files are shared with the cache: replace files in the
    environment rather than editing them in place.

  ``INSTALLER <who>``
    Who installs ``REQUIREMENTS`` and ``PACKAGES`` (``--installer``):
    ``auto`` (the default: the helper itself when it can, from local wheels,
    without running pip for a set that pins every distribution with ``==``,
    after pip's resolving for one that does not; else pip), ``native`` (the
    helper, or a build error naming the requirement it cannot install and
    why), or ``pip``.

  ``COMPILE_BYTECODE``
    Compile the installed ``.py`` files (pip's included) to bytecode
    (``--compile-bytecode``); by default neither installer does.

  ``SYSTEM_SITE_PACKAGES``, ``WITHOUT_PIP``, ``COPIES``, ``UPGRADE_DEPS``, ``PROMPT <prompt>``
    The options of ``python -m venv`` of the same names.

  ``ALL``
    Build the environment with the default target.

  ``DEPENDS <file-or-target>...``
    More files or targets whose change should rebuild the environment.
#]=======================================================================]
function(add_python_venv name)
  set(options NO_CACHE SYSTEM_SITE_PACKAGES WITHOUT_PIP COPIES UPGRADE_DEPS ALL COMPILE_BYTECODE)
  set(one DIRECTORY PYTHON TEMPLATE LINK_MODE PROMPT INSTALLER)
  set(multi REQUIREMENTS PACKAGES PIP_ARGS BUILD_PATHS DEPENDS)
  cmake_parse_arguments(PARSE_ARGV 1 arg "${options}" "${one}" "${multi}")
  set(fn "add_python_venv(${name})")
  _pyvenv_check_arguments("${fn}" "${options};${one};${multi}")
  if(TARGET "${name}")
    message(FATAL_ERROR "${fn}: a target named '${name}' already exists; choose another name.")
  endif()
  if(NOT TARGET PyVenv::pyvenv)
    message(FATAL_ERROR "${fn}: the target PyVenv::pyvenv does not exist. "
      "Load this module with find_package(PyVenv) (or FetchContent_MakeAvailable), "
      "not include().")
  endif()

  _pyvenv_base_python("${fn}" "${arg_PYTHON}" python)
  set(python_file "")
  if(IS_ABSOLUTE "${python}")
    set(python_file "${python}")
  endif()

  # The helper's command line, which is also written to a file the command
  # depends on, so generators that ignore command changes (Makefiles) rerun
  # it when an option changes.
  set(args create --python "${python}")
  if(arg_SYSTEM_SITE_PACKAGES)
    list(APPEND args --system-site-packages)
  endif()
  if(arg_COPIES)
    list(APPEND args --copies)
  endif()
  if(arg_WITHOUT_PIP)
    if((arg_REQUIREMENTS OR arg_PACKAGES) AND NOT arg_INSTALLER STREQUAL "native")
      message(FATAL_ERROR "${fn}: REQUIREMENTS and PACKAGES may need pip: "
        "remove WITHOUT_PIP, or them, or use INSTALLER native.")
    endif()
    list(APPEND args --without-pip)
  endif()
  if(arg_UPGRADE_DEPS)
    list(APPEND args --upgrade-deps)
  endif()
  if(DEFINED arg_PROMPT)
    list(APPEND args "--prompt=${arg_PROMPT}")
  endif()
  if(arg_NO_CACHE)
    list(APPEND args --no-cache)
  else()
    if(NOT PYVENV_REMOTE_CACHE STREQUAL "")
      list(APPEND args "--remote-cache=${PYVENV_REMOTE_CACHE}")
    endif()
    if(PYVENV_REMOTE_CACHE_WRITE)
      list(APPEND args --remote-cache-write)
    endif()
  endif()
  if(DEFINED arg_LINK_MODE)
    if(NOT arg_LINK_MODE MATCHES "^(auto|clone|hardlink|copy)$")
      message(FATAL_ERROR "${fn}: LINK_MODE must be auto, clone, hardlink or copy, "
        "not '${arg_LINK_MODE}'.")
    endif()
    if(arg_NO_CACHE)
      message(FATAL_ERROR "${fn}: LINK_MODE says how files come from the cache, "
        "and NO_CACHE turns the cache off: keep one of them.")
    endif()
    list(APPEND args "--link-mode=${arg_LINK_MODE}")
  endif()
  if(DEFINED arg_INSTALLER)
    if(NOT arg_INSTALLER MATCHES "^(auto|native|pip)$")
      message(FATAL_ERROR "${fn}: INSTALLER must be auto, native or pip, not '${arg_INSTALLER}'.")
    endif()
    list(APPEND args "--installer=${arg_INSTALLER}")
  endif()
  if(arg_COMPILE_BYTECODE)
    list(APPEND args --compile-bytecode)
  endif()
  set(template "")
  if(DEFINED arg_TEMPLATE)
    get_filename_component(template "${arg_TEMPLATE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    _pyvenv_check_template("${fn}" "${template}" "${arg_COPIES}" "${arg_WITHOUT_PIP}")
    list(APPEND args "--template=${template}")
  endif()
  set(requirements "")
  foreach(file IN LISTS arg_REQUIREMENTS)
    get_filename_component(file "${file}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${file}" OR IS_DIRECTORY "${file}")
      message(FATAL_ERROR "${fn}: the requirement file '${file}' does not exist.")
    endif()
    list(APPEND requirements "${file}")
    list(APPEND args "--requirement=${file}")
  endforeach()
  foreach(spec IN LISTS arg_PACKAGES)
    list(APPEND args "--package=${spec}")
  endforeach()
  _pyvenv_pip_args(pip_args find_links ${arg_PIP_ARGS})
  foreach(pip_arg IN LISTS pip_args)
    list(APPEND args "--pip-arg=${pip_arg}")
  endforeach()
  set(path_targets "")
  foreach(path IN LISTS arg_BUILD_PATHS)
    if(NOT path MATCHES "^\\$<" AND NOT IS_ABSOLUTE "${path}")
      set(path "${CMAKE_CURRENT_SOURCE_DIR}/${path}")
    endif()
    list(APPEND args "--build-path=${path}")
    # CMake orders the build only for $<TARGET_FILE:t>, not for the other
    # $<TARGET_*:t> expressions such as $<TARGET_FILE_DIR:t>: add the order.
    string(REGEX MATCHALL "\\$<TARGET_[A-Z_]+:[^>,:$]+>" refs "${path}")
    foreach(ref IN LISTS refs)
      string(REGEX REPLACE "^\\$<TARGET_[A-Z_]+:([^>]+)>$" "\\1" tgt "${ref}")
      list(APPEND path_targets "${tgt}")
    endforeach()
  endforeach()

  if(NOT DEFINED arg_DIRECTORY)
    set(arg_DIRECTORY "${name}")
  endif()
  if(NOT IS_ABSOLUTE "${arg_DIRECTORY}" AND NOT arg_DIRECTORY MATCHES "^\\$<")
    set(arg_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/${arg_DIRECTORY}")
  endif()
  _pyvenv_config_suffix(suffix)
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi_config AND NOT arg_DIRECTORY MATCHES "\\$<CONFIG>")
    string(APPEND arg_DIRECTORY "/$<CONFIG>")
  endif()
  set(dir "${arg_DIRECTORY}")
  set(stamp "${dir}/.pyvenv-stamp")
  set(work "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/pyvenv")
  set(args_file "${work}/${name}${suffix}.args")
  set(depfile "${work}/${name}${suffix}.d")
  list(JOIN args "\n" args_text)
  file(GENERATE OUTPUT "${args_file}" CONTENT "${args_text}\n")

  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND PyVenv::pyvenv ${args} "--stamp=${stamp}" "--depfile=${depfile}" "${dir}"
    DEPENDS PyVenv::pyvenv ${python_file} ${requirements} ${find_links} ${template} "${args_file}" ${arg_DEPENDS}
    DEPFILE "${depfile}"
    COMMENT "Python environment ${name}"
    VERBATIM)
  set(all "")
  if(arg_ALL)
    set(all ALL)
  endif()
  add_custom_target("${name}" ${all} DEPENDS "${stamp}")
  if(path_targets)
    list(REMOVE_DUPLICATES path_targets)
    add_dependencies("${name}" ${path_targets})
  endif()
  set_target_properties("${name}" PROPERTIES
    PYVENV_DIR "${dir}"
    PYVENV_BIN_DIR "${dir}/bin"
    PYVENV_PYTHON "${dir}/bin/python"
    PYVENV_BASE_PYTHON "${python}"
    PYVENV_STAMP "${stamp}")
  set(${name}_DIR "${dir}" PARENT_SCOPE)
  set(${name}_PYTHON "${dir}/bin/python" PARENT_SCOPE)
endfunction()

#[=======================================================================[.rst:
.. command:: pyvenv_add_test

  Adds a test that runs inside an environment made by
  :command:`add_python_venv`.

  .. code-block:: cmake

    pyvenv_add_test(NAME <test> VENV <name> COMMAND <command> [<arg>...]
      [WORKING_DIRECTORY <dir>] [ENVIRONMENT <var>=<value>...]
      [LABELS <label>...])

  The command runs as if the environment were activated: ``VIRTUAL_ENV`` is
  set, its ``bin/`` comes first on ``PATH`` (so ``python``, ``pip`` and the
  environment's console scripts are found there) and ``PYTHONHOME`` is
  unset. A ``<command>`` that names an executable target runs that target's
  file. The test requires the CTest fixture ``pyvenv.<name>``, whose setup
  test builds the environment target, so plain ``ctest`` in a configured but
  unbuilt tree (or after an input changed) brings the environment up to date
  first, once, even with ``ctest -j``.

  ``WORKING_DIRECTORY <dir>``
    Where the test runs; default ``CMAKE_CURRENT_BINARY_DIR``.

  ``ENVIRONMENT <var>=<value>...``
    More environment variables for the test.

  ``LABELS <label>...``
    CTest labels for the test.

  In a directory where testing is not enabled (no ``enable_testing()`` or
  ``include(CTest)`` there or in a parent), CTest would never see the test:
  the function warns at configure time, unless ``BUILD_TESTING`` is off.
#]=======================================================================]
function(pyvenv_add_test)
  set(one NAME VENV WORKING_DIRECTORY)
  set(multi COMMAND ENVIRONMENT LABELS)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "${one}" "${multi}")
  set(fn "pyvenv_add_test(${arg_NAME})")
  _pyvenv_check_arguments("${fn}" "${one};${multi}")
  _pyvenv_require_keywords("${fn}" NAME VENV COMMAND)
  _pyvenv_venv_property("${fn}" "${arg_VENV}" PYVENV_DIR dir)
  _pyvenv_environment("${fn}" "${arg_VENV}" env_mods ${arg_ENVIRONMENT})
  _pyvenv_fixture("${arg_VENV}" fixture)
  _pyvenv_check_testing("${fn}")
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  list(POP_FRONT arg_COMMAND program)
  if(TARGET "${program}")
    set(program "$<TARGET_FILE:${program}>")
  endif()
  # CTest looks the program up on its own PATH, not the test's: a shell
  # started with the test's environment finds it in the environment first.
  add_test(NAME "${arg_NAME}"
    COMMAND /bin/sh -c "exec \"$@\"" pyvenv-test "${program}" ${arg_COMMAND}
    WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}")
  set_property(TEST "${arg_NAME}" PROPERTY ENVIRONMENT_MODIFICATION "${env_mods}")
  set_property(TEST "${arg_NAME}" APPEND PROPERTY FIXTURES_REQUIRED "${fixture}")
  if(arg_LABELS)
    set_property(TEST "${arg_NAME}" APPEND PROPERTY LABELS ${arg_LABELS})
  endif()
endfunction()

#[=======================================================================[.rst:
.. command:: pyvenv_discover_tests

  Registers one CTest test per Python test, discovered at build time inside
  an environment made by :command:`add_python_venv`, the way
  ``gtest_discover_tests`` does for GoogleTest.

  .. code-block:: cmake

    pyvenv_discover_tests(<name> [RUNNER pytest|unittest]
      [TEST_PATHS <path>...] [WORKING_DIRECTORY <dir>] [TEST_PREFIX <prefix>]
      [EXTRA_ARGS <arg>...] [ENVIRONMENT <var>=<value>...]
      [LABELS <label>...] [DEPENDS <file-or-target>...]
      [DISCOVERY_TIMEOUT <seconds>] [PROPERTIES <name> <value>...]
      [TEST_LIST <var>])

  A custom target ``<name>_tests`` (``<name>_tests_2`` and so on for later
  calls on the same environment), built by default, runs the discovery after
  the environment is up to date and whenever a Python file under
  ``TEST_PATHS`` or anything in ``DEPENDS`` changes. It writes a file that
  CTest includes (``TEST_INCLUDE_FILES``); before the first build CTest sees
  one failing placeholder test, ``<prefix><name>_NOT_BUILT``, that says to
  build first. A discovery error (a test module that does not import, a
  collection error) is shown and fails the build.

  The tests run as in :command:`pyvenv_add_test` (activated environment,
  fixture ``pyvenv.<name>``); a test that is skipped as a whole is reported
  by CTest as skipped. The environment's ``BUILD_PATHS`` and ``ENVIRONMENT``
  apply to discovery and to the tests.

  ``RUNNER pytest|unittest``
    ``pytest`` (the default) must be installed in the environment
    (``REQUIREMENTS``, ``PACKAGES``, or ``SYSTEM_SITE_PACKAGES``); each test is
    a pytest node id such as ``tests/test_x.py::test_y[1-2]``. ``unittest``
    needs only the standard library; each test is a unittest id such as
    ``test_x.TestY.test_z``.

  ``TEST_PATHS <path>...``
    Where to look, relative to ``WORKING_DIRECTORY``. unittest discovers from
    each directory (default ``.``) with that directory as the top level;
    pytest gets them as arguments (default: none, pytest's own ``testpaths``).

  ``WORKING_DIRECTORY <dir>``
    Where discovery and the tests run; default ``CMAKE_CURRENT_SOURCE_DIR``.

  ``TEST_PREFIX <prefix>``
    Put before every test name; default none.

  ``EXTRA_ARGS <arg>...``
    pytest: more arguments for collection and for every test. unittest:
    ``-p <pattern>`` (default ``test*.py``).

  ``ENVIRONMENT <var>=<value>...``, ``LABELS <label>...``
    As in :command:`pyvenv_add_test`, for discovery and the tests.

  ``DEPENDS <file-or-target>...``
    More files or targets whose change reruns the discovery.

  ``DISCOVERY_TIMEOUT <seconds>``
    How long the discovery may take (default 120): a collection that takes
    longer (an import that hangs) is stopped and fails the build, saying so.

  ``PROPERTIES <name> <value>...``
    Test properties set on every discovered test (``TIMEOUT 30``,
    ``RUN_SERIAL ON``), after those this function sets.

  ``TEST_LIST <var>``
    The CTest file that registers the tests sets ``<var>`` to their names
    (default ``<target>_TESTS``, e.g. ``venv_tests_TESTS``), for a later
    ``TEST_INCLUDE_FILES`` script, as with ``gtest_discover_tests``.

  Like :command:`pyvenv_add_test`, it warns at configure time when testing
  is not enabled in the directory (``enable_testing()`` or
  ``include(CTest)``), since CTest would then see none of its tests.
#]=======================================================================]
function(pyvenv_discover_tests venv)
  set(one RUNNER WORKING_DIRECTORY TEST_PREFIX DISCOVERY_TIMEOUT TEST_LIST)
  set(multi TEST_PATHS EXTRA_ARGS ENVIRONMENT LABELS DEPENDS PROPERTIES)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "${one}" "${multi}")
  set(fn "pyvenv_discover_tests(${venv})")
  _pyvenv_check_arguments("${fn}" "${one};${multi}")
  _pyvenv_venv_property("${fn}" "${venv}" PYVENV_DIR dir)
  _pyvenv_venv_property("${fn}" "${venv}" PYVENV_STAMP stamp)
  if(NOT DEFINED arg_RUNNER)
    set(arg_RUNNER pytest)
  endif()
  if(NOT arg_RUNNER MATCHES "^(pytest|unittest)$")
    message(FATAL_ERROR "${fn}: RUNNER must be pytest or unittest, not '${arg_RUNNER}'.")
  endif()
  if(NOT DEFINED arg_DISCOVERY_TIMEOUT)
    set(arg_DISCOVERY_TIMEOUT 120)
  endif()
  if(NOT arg_DISCOVERY_TIMEOUT MATCHES "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$" OR arg_DISCOVERY_TIMEOUT EQUAL 0)
    message(FATAL_ERROR "${fn}: DISCOVERY_TIMEOUT must be a positive number of seconds, "
      "not '${arg_DISCOVERY_TIMEOUT}'.")
  endif()
  list(LENGTH arg_PROPERTIES nprops)
  math(EXPR odd "${nprops} % 2")
  if(odd)
    message(FATAL_ERROR "${fn}: PROPERTIES takes pairs of a name and a value; "
      "the last name, '${arg_PROPERTIES}', has no value.")
  endif()
  if(NOT DEFINED arg_TEST_LIST)
    set(arg_TEST_LIST "")
  elseif(NOT arg_TEST_LIST MATCHES "^[A-Za-z0-9_.+-]+$")
    message(FATAL_ERROR "${fn}: TEST_LIST must name a variable (letters, digits, "
      "_ . + -), not '${arg_TEST_LIST}'.")
  endif()
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  get_filename_component(wd "${arg_WORKING_DIRECTORY}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT arg_TEST_PATHS AND arg_RUNNER STREQUAL "unittest")
    set(arg_TEST_PATHS .)
  endif()
  set(paths "")
  set(sources "")
  foreach(path IN LISTS arg_TEST_PATHS)
    get_filename_component(path "${path}" ABSOLUTE BASE_DIR "${wd}")
    if(NOT EXISTS "${path}")
      message(FATAL_ERROR "${fn}: the test path '${path}' does not exist.")
    endif()
    list(APPEND paths "${path}")
    if(IS_DIRECTORY "${path}")
      file(GLOB_RECURSE found CONFIGURE_DEPENDS "${path}/*.py")
      list(APPEND sources ${found})
    else()
      list(APPEND sources "${path}")
    endif()
  endforeach()
  if(NOT paths)
    # pytest finds its tests from its configuration: watch the directory.
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${wd}/test*.py" "${wd}/*_test.py" "${wd}/conftest.py")
  endif()
  _pyvenv_environment("${fn}" "${venv}" env_mods ${arg_ENVIRONMENT})
  _pyvenv_fixture("${venv}" fixture)
  _pyvenv_check_testing("${fn}")

  get_property(count TARGET "${venv}" PROPERTY _PYVENV_DISCOVERIES)
  if(NOT count)
    set(count 0)
  endif()
  math(EXPR count "${count} + 1")
  set_property(TARGET "${venv}" PROPERTY _PYVENV_DISCOVERIES ${count})
  set(target "${venv}_tests")
  set(placeholder "${arg_TEST_PREFIX}${venv}_NOT_BUILT")
  if(count GREATER 1)
    string(APPEND target "_${count}")
    string(APPEND placeholder "_${count}")
  endif()
  _pyvenv_config_suffix(suffix)
  set(base "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/pyvenv/${target}")
  set(params "${base}${suffix}-params.cmake")
  set(tests_file "${base}${suffix}-tests.cmake")
  set(script "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/PyVenvDiscoverTests.cmake")
  set(runner "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/pyvenv_tests.py")

  set(content "")
  foreach(var_value IN ITEMS
      "PYVENV_PYTHON;${dir}/bin/python" "PYVENV_DIR;${dir}" "PYVENV_BIN_DIR;${dir}/bin"
      "RUNNER;${arg_RUNNER}" "WORKING_DIRECTORY;${wd}" "TEST_PREFIX;${arg_TEST_PREFIX}"
      "FIXTURE;${fixture}" "RUNNER_SCRIPT;${runner}" "OUTPUT;${tests_file}" "TIMEOUT;"
      "DISCOVERY_TIMEOUT;${arg_DISCOVERY_TIMEOUT}")
    list(POP_FRONT var_value var)
    _pyvenv_set_command(line "${var}" "${var_value}")
    string(APPEND content "${line}")
  endforeach()
  if(arg_TEST_LIST STREQUAL "")
    set(arg_TEST_LIST "${target}_TESTS")
  endif()
  foreach(var IN ITEMS TEST_PATHS EXTRA_ARGS ENVIRONMENT LABELS PROPERTIES TEST_LIST)
    if(var STREQUAL "TEST_PATHS")
      set(value "${paths}")
    else()
      set(value "${arg_${var}}")
    endif()
    _pyvenv_set_command(line "${var}" "${value}")
    string(APPEND content "${line}")
  endforeach()
  file(GENERATE OUTPUT "${params}" CONTENT "${content}")

  add_custom_command(
    OUTPUT "${tests_file}"
    COMMAND "${CMAKE_COMMAND}" "-DPARAMS=${params}" -P "${script}"
    DEPENDS "${stamp}" "${params}" "${script}" "${runner}" ${sources} ${arg_DEPENDS}
    COMMENT "Discovering the Python tests of ${venv}"
    VERBATIM)
  add_custom_target("${target}" ALL DEPENDS "${tests_file}")
  add_dependencies("${target}" "${venv}")
  set_property(TARGET "${venv}" APPEND PROPERTY _PYVENV_SETUP_TARGETS "${target}")

  # What CTest reads: the discovered tests, or a placeholder that fails.
  _pyvenv_quote(q_base "${base}")
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi_config)
    set(q_tests "\"${q_base}-\${CTEST_CONFIGURATION_TYPE}-tests.cmake\"")
  else()
    set(q_tests "\"${q_base}-tests.cmake\"")
  endif()
  _pyvenv_bracket(q_placeholder "${placeholder}")
  _pyvenv_bracket(q_fixture "${fixture}")
  _pyvenv_quote(q_cmake "${CMAKE_COMMAND}")
  _pyvenv_quote(q_message "The Python tests of ${venv} have not been discovered yet: build the project (cmake --build), or run ctest again now that its setup test has built them.")
  string(JOIN "\n" include_text
    "if(EXISTS ${q_tests})"
    "  include(${q_tests})"
    "else()"
    "  add_test(${q_placeholder} \"${q_cmake}\" -E echo \"${q_message}\")"
    "  set_tests_properties(${q_placeholder} PROPERTIES WILL_FAIL TRUE FIXTURES_REQUIRED ${q_fixture})"
    "endif()"
    "")
  set(include_file "${base}-include.cmake")
  file(WRITE "${include_file}" "${include_text}")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()

#[=======================================================================[.rst:
.. command:: pyvenv_pack_template

  Packs an environment made by :command:`add_python_venv` into a relocatable
  template archive, as a build target.

  .. code-block:: cmake

    pyvenv_pack_template(<name> OUTPUT <archive>)

  Makes the target ``<name>_template`` (not built by default) that runs
  ``pyvenv pack`` whenever the environment was rebuilt. ``<archive>`` is
  relative to ``CMAKE_CURRENT_BINARY_DIR``; its name gives the compression
  (``.tar.zst``, ``.tar.gz`` or ``.tar.xz``). Another project, or another
  build of this one, can then seed its environment from it with
  ``add_python_venv(... TEMPLATE <archive>)``. The environment's
  ``BUILD_PATHS`` are not part of the template. Environments with editable
  installs cannot be packed.
#]=======================================================================]
function(pyvenv_pack_template venv)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT" "")
  set(fn "pyvenv_pack_template(${venv})")
  _pyvenv_check_arguments("${fn}" "OUTPUT")
  if(NOT arg_OUTPUT)
    message(FATAL_ERROR "${fn}: OUTPUT <archive> is required.")
  endif()
  if(NOT arg_OUTPUT MATCHES "\\.(tar\\.zst|tzst|tar\\.gz|tgz|tar\\.xz|txz)$")
    message(FATAL_ERROR "${fn}: OUTPUT must end in .tar.zst, .tar.gz or .tar.xz, "
      "not '${arg_OUTPUT}'.")
  endif()
  _pyvenv_venv_property("${fn}" "${venv}" PYVENV_DIR dir)
  _pyvenv_venv_property("${fn}" "${venv}" PYVENV_STAMP stamp)
  get_filename_component(archive "${arg_OUTPUT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  add_custom_command(
    OUTPUT "${archive}"
    COMMAND PyVenv::pyvenv pack "${dir}" "${archive}"
    DEPENDS "${stamp}" PyVenv::pyvenv
    COMMENT "Packing the Python environment ${venv}"
    VERBATIM)
  add_custom_target("${venv}_template" DEPENDS "${archive}")
  add_dependencies("${venv}_template" "${venv}")
endfunction()

#[=======================================================================[.rst:
.. command:: pyvenv_add_command

  Adds a custom command, such as a code generator written in Python, that
  runs inside an environment made by :command:`add_python_venv` and reruns
  when the environment changes.

  .. code-block:: cmake

    pyvenv_add_command(OUTPUT <file>... VENV <name> COMMAND <command> [<arg>...]
      [DEPENDS <file-or-target>...] [WORKING_DIRECTORY <dir>]
      [ENVIRONMENT <var>=<value>...] [BYPRODUCTS <file>...]
      [COMMENT <text>] [DEPFILE <file>])

  Like ``add_custom_command(OUTPUT ...)`` with ``VERBATIM``, with one
  command. The command runs as if the environment were activated, as
  :command:`pyvenv_add_test` runs tests: ``VIRTUAL_ENV`` is set, its ``bin/``
  comes first on ``PATH`` (so ``python`` and the environment's console
  scripts are found there) and ``PYTHONHOME`` is unset. A ``<command>`` that
  names an executable target runs that target's file.

  The outputs depend on the environment's stamp file, not only on its
  target: a build that changes the environment (a changed requirement, an
  option, a rebuilt local wheel) reruns the command, and a build that leaves
  the environment up to date does not. (A requirement file touched but not
  changed reruns it too: the helper then touches the stamp.)

  ``OUTPUT``, ``DEPENDS``, ``WORKING_DIRECTORY``, ``BYPRODUCTS``,
  ``COMMENT`` and ``DEPFILE`` mean what they mean for
  ``add_custom_command``; ``WORKING_DIRECTORY`` defaults to
  ``CMAKE_CURRENT_BINARY_DIR``. ``ENVIRONMENT <var>=<value>...`` sets more
  environment variables for the command. In a multi-config generator each
  configuration has its own environment: put ``$<CONFIG>`` in ``OUTPUT``.

  .. code-block:: cmake

    add_python_venv(gen REQUIREMENTS gen-requirements.txt)
    pyvenv_add_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/tables.c VENV gen
      COMMAND python ${CMAKE_CURRENT_SOURCE_DIR}/gen_tables.py tables.c
      DEPENDS gen_tables.py)
    add_library(tables ${CMAKE_CURRENT_BINARY_DIR}/tables.c)
#]=======================================================================]
function(pyvenv_add_command)
  set(one VENV WORKING_DIRECTORY COMMENT DEPFILE)
  set(multi OUTPUT COMMAND DEPENDS ENVIRONMENT BYPRODUCTS)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "${one}" "${multi}")
  list(JOIN arg_OUTPUT " " outputs)
  set(fn "pyvenv_add_command(${outputs})")
  _pyvenv_check_arguments("${fn}" "${one};${multi}")
  _pyvenv_require_keywords("${fn}" OUTPUT VENV COMMAND)
  _pyvenv_venv_property("${fn}" "${arg_VENV}" PYVENV_DIR dir)
  _pyvenv_venv_property("${fn}" "${arg_VENV}" PYVENV_STAMP stamp)
  _pyvenv_check_environment("${fn}" ${arg_ENVIRONMENT})
  list(POP_FRONT arg_COMMAND program)
  set(depends ${arg_DEPENDS} "${stamp}" "${arg_VENV}")
  if(TARGET "${program}")
    list(APPEND depends "${program}")
    set(program "$<TARGET_FILE:${program}>")
  endif()
  set(extra "")
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  if(DEFINED arg_COMMENT)
    list(APPEND extra COMMENT "${arg_COMMENT}")
  endif()
  if(arg_BYPRODUCTS)
    list(APPEND extra BYPRODUCTS ${arg_BYPRODUCTS})
  endif()
  if(arg_DEPFILE)
    list(APPEND extra DEPFILE "${arg_DEPFILE}")
  endif()
  # The shell finds the program on the environment's PATH, which it gets
  # from VIRTUAL_ENV (so that no path is quoted into shell code).
  add_custom_command(
    OUTPUT ${arg_OUTPUT}
    COMMAND "${CMAKE_COMMAND}" -E env --unset=PYTHONHOME "VIRTUAL_ENV=${dir}" ${arg_ENVIRONMENT}
      /bin/sh -c "PATH=\"\$VIRTUAL_ENV/bin:\$PATH\"; export PATH; exec \"\$@\""
      pyvenv-command "${program}" ${arg_COMMAND}
    DEPENDS ${depends}
    WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}"
    ${extra}
    VERBATIM)
endfunction()

# Checks a template that exists at configure time against the options.
function(_pyvenv_check_template fn archive copies without_pip)
  if(NOT EXISTS "${archive}")
    return()
  endif()
  set(tmp "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/pyvenv/template-check")
  file(REMOVE_RECURSE "${tmp}")
  file(MAKE_DIRECTORY "${tmp}")
  execute_process(COMMAND "${CMAKE_COMMAND}" -E tar xf "${archive}" .pyvenv-template.json
    WORKING_DIRECTORY "${tmp}" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0 OR NOT EXISTS "${tmp}/.pyvenv-template.json")
    file(REMOVE_RECURSE "${tmp}")
    message(FATAL_ERROR "${fn}: '${archive}' is not a pyvenv template "
      "(make one with pyvenv_pack_template() or pyvenv pack).")
  endif()
  file(READ "${tmp}/.pyvenv-template.json" meta)
  file(REMOVE_RECURSE "${tmp}")
  string(JSON symlinks ERROR_VARIABLE err GET "${meta}" symlinks)
  string(JSON with_pip ERROR_VARIABLE err GET "${meta}" with_pip)
  if(symlinks AND copies)
    message(FATAL_ERROR "${fn}: the template '${archive}' was made with symlinks, "
      "and COPIES asks for copies: remove COPIES, or make the template with it.")
  elseif(NOT symlinks AND NOT copies)
    message(FATAL_ERROR "${fn}: the template '${archive}' was made with copies: "
      "add COPIES, or make the template without it.")
  endif()
  if(with_pip AND without_pip)
    message(FATAL_ERROR "${fn}: the template '${archive}' has pip, and WITHOUT_PIP "
      "asks for none: remove WITHOUT_PIP, or make the template without pip.")
  elseif(NOT with_pip AND NOT without_pip)
    message(FATAL_ERROR "${fn}: the template '${archive}' has no pip: add WITHOUT_PIP, "
      "or make the template with pip.")
  endif()
endfunction()

# The keywords (arg_<KW>, in the caller) that must be given.
macro(_pyvenv_require_keywords fn)
  foreach(_pyvenv_kw IN ITEMS ${ARGN})
    if(NOT arg_${_pyvenv_kw})
      message(FATAL_ERROR "${fn}: ${_pyvenv_kw} is required.")
    endif()
  endforeach()
endmacro()

# Rejects arguments cmake_parse_arguments did not recognise, and keywords
# given without their values.
macro(_pyvenv_check_arguments fn keywords)
  if(arg_UNPARSED_ARGUMENTS)
    list(JOIN arg_UNPARSED_ARGUMENTS " " _pyvenv_unparsed)
    string(REPLACE ";" ", " _pyvenv_keywords "${keywords}")
    message(FATAL_ERROR "${fn}: unknown argument(s): ${_pyvenv_unparsed}. "
      "The keywords are: ${_pyvenv_keywords}.")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    list(JOIN arg_KEYWORDS_MISSING_VALUES ", " _pyvenv_missing)
    message(FATAL_ERROR "${fn}: ${_pyvenv_missing} given without a value.")
  endif()
endmacro()

# The base interpreter: PYTHON if given, else PYVENV_PYTHON, else
# Python3_EXECUTABLE, else what FindPython3 finds. A path is used as it is;
# a name or a request (3.12, >=3.10, python3.12, cpython3.13t) is resolved
# by the helper, which looks in PATH, pyenv, uv and the system directories,
# so that a name on PATH is found as the helper finds it. When the helper is
# built by this project it does not exist yet: the request goes to it at
# build time.
function(_pyvenv_base_python fn given out)
  if(NOT given AND NOT "${PYVENV_PYTHON}" STREQUAL "")
    set(given "${PYVENV_PYTHON}")
  endif()
  if(given AND NOT IS_ABSOLUTE "${given}")
    if(NOT EXISTS "${PyVenv_EXECUTABLE}")
      set(${out} "${given}" PARENT_SCOPE)
      return()
    endif()
    execute_process(COMMAND "${PyVenv_EXECUTABLE}" info --python "${given}" --json
      RESULT_VARIABLE rc OUTPUT_VARIABLE json ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      string(STRIP "${err}" err)
      message(FATAL_ERROR "${fn}: PYTHON '${given}': no interpreter for it.\n${err}")
    endif()
    string(JSON given ERROR_VARIABLE json_error GET "${json}" interpreter)
    if(json_error)
      message(FATAL_ERROR "${fn}: PYTHON '${given}': cannot read what pyvenv info says: ${json_error}")
    endif()
  endif()
  if(given)
    set(python "${given}")
  elseif(Python3_EXECUTABLE)
    set(python "${Python3_EXECUTABLE}")
  else()
    find_package(Python3 COMPONENTS Interpreter QUIET)
    if(NOT Python3_EXECUTABLE)
      message(FATAL_ERROR "${fn}: no Python interpreter found. Pass PYTHON <exe>, "
        "set PYVENV_PYTHON or Python3_EXECUTABLE, or install Python 3.")
    endif()
    set(python "${Python3_EXECUTABLE}")
  endif()
  if(NOT EXISTS "${python}" OR IS_DIRECTORY "${python}")
    message(FATAL_ERROR "${fn}: the interpreter '${python}' does not exist.")
  endif()
  set(${out} "${python}" PARENT_SCOPE)
endfunction()

# pip arguments with local --find-links/-f directories made absolute (the
# command does not run in the source directory they are relative to), and
# those directories, which are build dependencies.
function(_pyvenv_pip_args out_args out_dirs)
  set(args "")
  set(dirs "")
  set(next FALSE)
  foreach(a IN LISTS ARGN)
    set(prefix "")
    set(value "")
    if(next)
      set(value "${a}")
      set(next FALSE)
    elseif(a STREQUAL "--find-links" OR a STREQUAL "-f")
      set(next TRUE)
    elseif(a MATCHES "^(--find-links=)(.*)$")
      set(prefix "${CMAKE_MATCH_1}")
      set(value "${CMAKE_MATCH_2}")
    elseif(a MATCHES "^(-f)([^-].*)$")
      set(prefix "${CMAKE_MATCH_1}")
      set(value "${CMAKE_MATCH_2}")
    endif()
    if(NOT value STREQUAL "" AND NOT value MATCHES "://")
      get_filename_component(value "${value}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      if(IS_DIRECTORY "${value}")
        list(APPEND dirs "${value}")
      endif()
      set(a "${prefix}${value}")
    elseif(value MATCHES "^file://")
      string(REGEX REPLACE "^file://" "" path "${value}")
      if(IS_DIRECTORY "${path}")
        list(APPEND dirs "${path}")
      endif()
    endif()
    list(APPEND args "${a}")
  endforeach()
  set(${out_args} "${args}" PARENT_SCOPE)
  set(${out_dirs} "${dirs}" PARENT_SCOPE)
endfunction()

# "-$<CONFIG>" in a multi-config generator, where every configuration has its
# own files, else nothing.
function(_pyvenv_config_suffix out)
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi_config)
    set(${out} "-$<CONFIG>" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

function(_pyvenv_venv_property fn venv property out)
  if(NOT TARGET "${venv}")
    message(FATAL_ERROR "${fn}: '${venv}' is not a target; "
      "make the environment with add_python_venv(${venv}) first.")
  endif()
  get_property(value TARGET "${venv}" PROPERTY "${property}")
  if(NOT value)
    message(FATAL_ERROR "${fn}: the target '${venv}' was not made by add_python_venv().")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# ENVIRONMENT_MODIFICATION entries that activate the environment, then set
# the NAME=VALUE pairs given.
function(_pyvenv_environment fn venv out)
  _pyvenv_venv_property("${fn}" "${venv}" PYVENV_DIR dir)
  _pyvenv_check_environment("${fn}" ${ARGN})
  set(mods "VIRTUAL_ENV=set:${dir}" "PATH=path_list_prepend:${dir}/bin" "PYTHONHOME=unset:")
  foreach(pair IN LISTS ARGN)
    string(REGEX MATCH "^([^=]+)=(.*)$" pair "${pair}")
    list(APPEND mods "${CMAKE_MATCH_1}=set:${CMAKE_MATCH_2}")
  endforeach()
  set(${out} "${mods}" PARENT_SCOPE)
endfunction()

# ENVIRONMENT entries must be NAME=VALUE.
function(_pyvenv_check_environment fn)
  foreach(pair IN LISTS ARGN)
    if(NOT pair MATCHES "^[^=]+=")
      message(FATAL_ERROR "${fn}: ENVIRONMENT entries are NAME=VALUE, not '${pair}'.")
    endif()
  endforeach()
endfunction()

# Warns, at the end of the directory (enable_testing() may come after the
# call), when testing is not enabled there: CTest would then never see the
# tests fn registers. Not when BUILD_TESTING is off: tests are turned off
# on purpose then.
function(_pyvenv_check_testing fn)
  _pyvenv_bracket(q_fn "${fn}")
  cmake_language(EVAL CODE "cmake_language(DEFER CALL _pyvenv_warn_untested ${q_fn})")
endfunction()

function(_pyvenv_warn_untested fn)
  if(NOT CMAKE_TESTING_ENABLED AND (NOT DEFINED BUILD_TESTING OR BUILD_TESTING))
    message(WARNING "${fn}: testing is not enabled in ${CMAKE_CURRENT_SOURCE_DIR}, "
      "so CTest will not see the tests this call adds: call enable_testing() or "
      "include(CTest) in this directory or a parent (before its add_subdirectory).")
  endif()
endfunction()

# The fixture that builds the environment before the tests that need it.
# Its setup test is added at the end of the directory, once every
# pyvenv_discover_tests() call there has named its discovery target, so that
# it builds those too and the next ctest run sees the discovered tests.
function(_pyvenv_fixture venv out)
  get_property(scheduled TARGET "${venv}" PROPERTY _PYVENV_FIXTURE_SCHEDULED)
  if(NOT scheduled)
    set_property(TARGET "${venv}" PROPERTY _PYVENV_FIXTURE_SCHEDULED TRUE)
    _pyvenv_bracket(q_venv "${venv}")
    cmake_language(EVAL CODE "cmake_language(DEFER CALL _pyvenv_add_setup_test ${q_venv})")
  endif()
  set(${out} "pyvenv.${venv}" PARENT_SCOPE)
endfunction()

function(_pyvenv_add_setup_test venv)
  get_property(targets TARGET "${venv}" PROPERTY _PYVENV_SETUP_TARGETS)
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  set(config "")
  if(multi_config)
    set(config --config "$<CONFIG>")
  endif()
  set(test "pyvenv.${venv}.setup")
  add_test(NAME "${test}"
    COMMAND "${CMAKE_COMMAND}" --build "${CMAKE_BINARY_DIR}" --target "${venv}" ${targets} ${config})
  # One build at a time in a build tree: the setups of several
  # environments must not run their builds side by side.
  set_tests_properties("${test}" PROPERTIES
    FIXTURES_SETUP "pyvenv.${venv}"
    RESOURCE_LOCK "pyvenv.build"
    LABELS pyvenv-setup)
endfunction()

# _pyvenv_bracket(<out-var> <string>): <string> as a bracket argument
# ([==[...]==]) that reads back exactly as <string>.
function(_pyvenv_bracket out_var string)
  set(eq "")
  # The closing "]==]" must not occur in the content, nor start at a
  # trailing "]==" of the content.
  while(1)
    string(FIND "${string}]" "]${eq}]" pos)
    if(pos EQUAL -1)
      break()
    endif()
    string(APPEND eq "=")
  endwhile()
  # A newline right after the opening bracket is dropped: give it one.
  if(string MATCHES "^[\r\n]")
    set(string "\n${string}")
  endif()
  set(${out_var} "[${eq}[${string}]${eq}]" PARENT_SCOPE)
endfunction()

# Text escaped for a quoted argument (without the quotes).
function(_pyvenv_quote out text)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  string(REPLACE "$" "\\$" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# A set() command, for a generated file, that restores a list exactly.
function(_pyvenv_set_command out var value)
  set(line "set(${var}")
  foreach(item IN LISTS value)
    _pyvenv_bracket(q "${item}")
    string(APPEND line " ${q}")
  endforeach()
  set(${out} "${line})\n" PARENT_SCOPE)
endfunction()

cmake_policy(POP)
