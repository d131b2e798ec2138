# Build-time script of pyvenv_discover_tests: discover the tests of one
# environment and write the CTest file that registers one test per id.
#
#   cmake -D PARAMS=<file> -P PyVenvDiscoverTests.cmake
#
# PARAMS is a CMake file that sets, when include()d (paths absolute, lists
# CMake lists, so a ';' inside an element is written '\;'):
#   PYVENV_PYTHON, PYVENV_DIR, PYVENV_BIN_DIR  the environment
#   RUNNER              unittest or pytest
#   TEST_PATHS          start directories or files
#   WORKING_DIRECTORY   where discovery and the tests run
#   TEST_PREFIX         prepended to each id to name its test
#   EXTRA_ARGS          given to pyvenv_tests.py after '--'
#   ENVIRONMENT         NAME=VALUE entries, for discovery and the tests
#   LABELS, FIXTURE, TIMEOUT   test properties (may be empty)
#   PROPERTIES          more test properties: name, value, name, value...
#   DISCOVERY_TIMEOUT   seconds the discovery may take
#   TEST_LIST           the variable the CTest file sets to the test names
#   RUNNER_SCRIPT       pyvenv_tests.py
#   OUTPUT              the CTest file to write
#
# Invariants: OUTPUT exists only after a successful discovery, so a failed
# one leaves the including file to fall back to its NOT_BUILT placeholder
# rather than to tests from an earlier run; OUTPUT is replaced whole.
# Every value is written as a bracket argument, which CTest reads back
# byte for byte; list-valued properties also get ';' escaped (see
# _pyvenv_list_item). The tests need CTest 3.22 (ENVIRONMENT_MODIFICATION).
cmake_minimum_required(VERSION 3.20)

# _pyvenv_bracket() and the policies: shared with the functions.
include("${CMAKE_CURRENT_LIST_DIR}/PyVenv.cmake")

# _pyvenv_list_item(<out-var> <what> <string>): <string> made one element
# of a list-valued test property. CTest splits such values at each ';'
# that is neither escaped as '\;' nor inside square brackets, and removes
# the '\' of '\;' (and only that one). So ';' becomes '\;'; unbalanced
# brackets or a trailing '\' would join elements, and no escape prevents
# that, so they are an error.
function(_pyvenv_list_item out_var what string)
  _pyvenv_list_escape(item ok "${string}")
  if(NOT ok)
    message(FATAL_ERROR "pyvenv_discover_tests: ${what} '${string}' cannot "
      "be a CTest list element: it has unbalanced square brackets or ends "
      "with a backslash")
  endif()
  set(${out_var} "${item}" PARENT_SCOPE)
endfunction()

# _pyvenv_list_escape(<out-var> <ok-var> <string>): <string> with ';'
# escaped, and in <ok-var> whether it can be a list element at all.
function(_pyvenv_list_escape out_var ok_var string)
  string(REGEX REPLACE "[^[]" "" open "${string}")
  string(REGEX REPLACE "[^]]" "" close "${string}")
  string(LENGTH "${open}" nopen)
  string(LENGTH "${close}" nclose)
  if(NOT nopen EQUAL nclose OR string MATCHES "\\\\$")
    set(${ok_var} FALSE PARENT_SCOPE)
  else()
    set(${ok_var} TRUE PARENT_SCOPE)
  endif()
  string(REPLACE ";" "\\;" string "${string}")
  set(${out_var} "${string}" PARENT_SCOPE)
endfunction()

# _pyvenv_append_item(<var> <what> <string>): appends <string> to the CTest
# list value in <var> (a plain string, not a CMake list variable).
function(_pyvenv_append_item var what string)
  _pyvenv_list_item(item "${what}" "${string}")
  if("${${var}}" STREQUAL "")
    set(${var} "${item}" PARENT_SCOPE)
  else()
    set(${var} "${${var}};${item}" PARENT_SCOPE)
  endif()
endfunction()

# --- parameters ---------------------------------------------------------------
if(NOT PARAMS)
  message(FATAL_ERROR "usage: cmake -D PARAMS=<file> -P PyVenvDiscoverTests.cmake")
endif()
include("${PARAMS}")
foreach(var PYVENV_PYTHON PYVENV_DIR PYVENV_BIN_DIR RUNNER RUNNER_SCRIPT OUTPUT WORKING_DIRECTORY)
  if("${${var}}" STREQUAL "")
    message(FATAL_ERROR "pyvenv_discover_tests: ${PARAMS} does not set ${var}")
  endif()
endforeach()
if(NOT RUNNER MATCHES "^(unittest|pytest)$")
  message(FATAL_ERROR "pyvenv_discover_tests: unknown RUNNER '${RUNNER}'; use unittest or pytest")
endif()
set(json "${OUTPUT}.json")
file(REMOVE "${OUTPUT}" "${OUTPUT}.tmp" "${json}")

# --- the environment, as if activated -----------------------------------------
if(CMAKE_HOST_WIN32)
  set(path_sep ";")
else()
  set(path_sep ":")
endif()
set(ENV{VIRTUAL_ENV} "${PYVENV_DIR}")
set(ENV{PATH} "${PYVENV_BIN_DIR}${path_sep}$ENV{PATH}")
unset(ENV{PYTHONHOME})
# ENVIRONMENT_MODIFICATION does the same for the tests. Each ENVIRONMENT
# entry's ';' was escaped in the list, and foreach gives it back raw.
set(env_value "")
foreach(mod "VIRTUAL_ENV=set:${PYVENV_DIR}" "PATH=path_list_prepend:${PYVENV_BIN_DIR}" "PYTHONHOME=unset:")
  _pyvenv_append_item(env_value "environment directory" "${mod}")
endforeach()
foreach(entry IN LISTS ENVIRONMENT)
  if(NOT entry MATCHES "^([^=]+)=(.*)$")
    message(FATAL_ERROR "pyvenv_discover_tests: ENVIRONMENT entry '${entry}' is not NAME=VALUE")
  endif()
  set(ENV{${CMAKE_MATCH_1}} "${CMAKE_MATCH_2}")
  _pyvenv_append_item(env_value "ENVIRONMENT entry" "${CMAKE_MATCH_1}=set:${CMAKE_MATCH_2}")
endforeach()

# --- discovery ----------------------------------------------------------------
set(timeout "")
if(NOT "${DISCOVERY_TIMEOUT}" STREQUAL "")
  set(timeout TIMEOUT "${DISCOVERY_TIMEOUT}")
endif()
execute_process(
  COMMAND "${PYVENV_PYTHON}" "${RUNNER_SCRIPT}" list --runner "${RUNNER}"
          --output "${json}" ${TEST_PATHS} -- ${EXTRA_ARGS}
  WORKING_DIRECTORY "${WORKING_DIRECTORY}"
  ${timeout}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
list(JOIN TEST_PATHS ", " shown_paths)
if(rc MATCHES "timeout")
  file(REMOVE "${json}")
  message("${out}${err}")
  message(FATAL_ERROR "pyvenv_discover_tests: ${RUNNER} test discovery in "
    "${shown_paths} did not finish within ${DISCOVERY_TIMEOUT} s and was stopped "
    "(DISCOVERY_TIMEOUT); its output is above")
endif()
if(NOT "${rc}" STREQUAL "0" OR NOT EXISTS "${json}")
  # OUTPUT was removed above, so the tests of the last good run are gone.
  # The output goes out as is: message(FATAL_ERROR) would rewrap it.
  message("${out}${err}")
  message(FATAL_ERROR "pyvenv_discover_tests: ${RUNNER} test discovery in "
    "${shown_paths} failed (${rc}); its output is above")
endif()
if(NOT "${err}" STREQUAL "")
  message("${err}")
endif()

# --- the CTest file -----------------------------------------------------------
file(READ "${json}" doc)
string(JSON ntests ERROR_VARIABLE json_error LENGTH "${doc}" tests)
if(json_error)
  message(FATAL_ERROR "pyvenv_discover_tests: ${json}: ${json_error}")
endif()

_pyvenv_bracket(value "${WORKING_DIRECTORY}")
set(props " WORKING_DIRECTORY ${value}")
_pyvenv_bracket(value "${env_value}")
string(APPEND props " ENVIRONMENT_MODIFICATION ${value}")
if(NOT "${LABELS}" STREQUAL "")
  set(labels "")
  foreach(label IN LISTS LABELS)
    _pyvenv_append_item(labels "label" "${label}")
  endforeach()
  _pyvenv_bracket(value "${labels}")
  string(APPEND props " LABELS ${value}")
endif()
if(NOT "${FIXTURE}" STREQUAL "")
  _pyvenv_list_item(item "fixture" "${FIXTURE}")
  _pyvenv_bracket(value "${item}")
  string(APPEND props " FIXTURES_REQUIRED ${value}")
endif()
string(APPEND props " SKIP_RETURN_CODE 77")
# PROPERTIES: each value one bracket argument, as given.
set(pairs "${PROPERTIES}")
while(pairs)
  list(POP_FRONT pairs pname pvalue)
  _pyvenv_bracket(qname "${pname}")
  _pyvenv_bracket(qvalue "${pvalue}")
  string(APPEND props " ${qname} ${qvalue}")
endwhile()
if(NOT "${TIMEOUT}" STREQUAL "")
  _pyvenv_bracket(value "${TIMEOUT}")
  string(APPEND props " TIMEOUT ${value}")
endif()

_pyvenv_bracket(python "${PYVENV_PYTHON}")
# Appending to one big string would copy it each time: append to the file.
file(WRITE "${OUTPUT}.tmp" "# Generated by PyVenvDiscoverTests.cmake from ${PARAMS}: do not edit.\n")
if(NOT "${TEST_LIST}" STREQUAL "")
  file(APPEND "${OUTPUT}.tmp" "set(${TEST_LIST} \"\")\n")
endif()
# string(JSON) parses the whole text on every call, so reading test i from
# the whole document would take quadratic time (over 30 s for 3000 tests).
# pyvenv_tests.py writes one test per line: split the document into lines
# and parse each alone. For the split, hide what a CMake list would
# interpret (';', '[', ']') behind control characters, which JSON text
# holds only escaped.
string(ASCII 1 semi_code)
string(ASCII 2 open_code)
string(ASCII 3 close_code)
string(REPLACE ";" "${semi_code}" lines "${doc}")
string(REPLACE "[" "${open_code}" lines "${lines}")
string(REPLACE "]" "${close_code}" lines "${lines}")
string(REPLACE "\n" ";" lines "${lines}")
set(nfound 0)
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^{\"id\":")
    continue()
  endif()
  string(REGEX REPLACE ",$" "" test "${line}")
  string(REPLACE "${semi_code}" ";" test "${test}")
  string(REPLACE "${open_code}" "[" test "${test}")
  string(REPLACE "${close_code}" "]" test "${test}")
  string(JSON id GET "${test}" id)
  string(JSON nargs LENGTH "${test}" args)
  _pyvenv_bracket(name "${TEST_PREFIX}${id}")
  set(command "${python}")
  if(nargs GREATER 0)
    math(EXPR last_arg "${nargs} - 1")
    foreach(j RANGE ${last_arg})
      string(JSON arg GET "${test}" args ${j})
      _pyvenv_bracket(arg "${arg}")
      string(APPEND command " ${arg}")
    endforeach()
  endif()
  file(APPEND "${OUTPUT}.tmp" "add_test(${name} ${command})\n"
    "set_tests_properties(${name} PROPERTIES${props})\n")
  if(NOT "${TEST_LIST}" STREQUAL "")
    # One list element per name; a name with unbalanced brackets cannot
    # be one and is left out, said so.
    _pyvenv_list_escape(item ok "${TEST_PREFIX}${id}")
    if(ok)
      _pyvenv_bracket(item "${item}")
      file(APPEND "${OUTPUT}.tmp" "list(APPEND ${TEST_LIST} ${item})\n")
    else()
      message(WARNING "pyvenv_discover_tests: the test '${TEST_PREFIX}${id}' "
        "cannot be an element of ${TEST_LIST}, a CMake list (unbalanced brackets "
        "or a final backslash); it is left out of it")
    endif()
  endif()
  math(EXPR nfound "${nfound} + 1")
endforeach()
if(NOT nfound EQUAL ntests)
  message(FATAL_ERROR "pyvenv_discover_tests: ${json} holds ${ntests} tests "
    "but ${nfound} lines of tests; was it written by another pyvenv_tests.py?")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
file(REMOVE "${json}")

if(ntests EQUAL 1)
  set(noun test)
else()
  set(noun tests)
endif()
message(STATUS "discovered ${ntests} ${RUNNER} ${noun} in ${shown_paths}")
