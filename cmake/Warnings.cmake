# notes_warnings: an INTERFACE target every project target links, so that the
# warning set lives in one place. CI turns on NOTES_WERROR.
add_library(notes_warnings INTERFACE)
target_compile_options(notes_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  $<$<BOOL:${NOTES_WERROR}>:-Werror>)
