# Writes the pyvenv(1) manual page from the helper's own --help texts, so the
# page says what the program does: cmake -DPYVENV=<exe> -DOUTPUT=<pyvenv.1>
# -DHELP2MAN=<help2man> -P PyVenvManPage.cmake
set(include_file "${OUTPUT}.h2m")
set(text "[>DESCRIPTION]\nEach command has its own options, shown below.\n")
foreach(command IN ITEMS create pack unpack info cache)
  execute_process(COMMAND "${PYVENV}" ${command} --help
    OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PYVENV} ${command} --help failed: ${rc}")
  endif()
  string(TOUPPER "${command}" title)
  # roff: a leading dot or quote would be read as a request.
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
  string(APPEND text "\n[pyvenv ${title}]\n.nf\n${help}.fi\n")
endforeach()
file(WRITE "${include_file}" "${text}")
execute_process(COMMAND "${HELP2MAN}" --no-info --no-discard-stderr
    --name "fast Python virtual environments for CMake projects"
    --include "${include_file}" --output "${OUTPUT}" "${PYVENV}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed: ${rc}")
endif()
