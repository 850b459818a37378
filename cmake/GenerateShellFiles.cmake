# Runs the built notes to write the files that `cmake --install` installs
# beside it: the man page notes.1 and the bash, zsh and fish completions.
# They are generated from the command line's own definition, so they match
# the binary they ship with.
#
#   cmake -DNOTES=path/to/notes -DOUT=dir -P GenerateShellFiles.cmake
foreach(var NOTES OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "GenerateShellFiles.cmake needs -D${var}=...")
  endif()
endforeach()
file(MAKE_DIRECTORY "${OUT}")

function(generate file)
  execute_process(COMMAND "${NOTES}" ${ARGN}
    OUTPUT_FILE "${OUT}/${file}.tmp"
    RESULT_VARIABLE status
    ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "notes ${ARGN} failed (${status}): ${err}")
  endif()
  file(RENAME "${OUT}/${file}.tmp" "${OUT}/${file}")
endfunction()

generate(notes.1 __man)
generate(notes.bash completion bash)
generate(_notes completion zsh)
generate(notes.fish completion fish)
