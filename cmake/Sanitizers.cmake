# notes_sanitizers: INTERFACE target carrying -fsanitize flags when
# NOTES_SANITIZE is "address,undefined" or "thread".
add_library(notes_sanitizers INTERFACE)
if(NOTES_SANITIZE)
  target_compile_options(notes_sanitizers INTERFACE
    -fsanitize=${NOTES_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(notes_sanitizers INTERFACE -fsanitize=${NOTES_SANITIZE})
endif()
