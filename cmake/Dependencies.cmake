# The third-party libraries, each behind one name src/ links to:
# notes::cmark_gfm, notes::utf8proc, notes::xxhash, notes::yaml_cpp,
# notes::fmt, and SQLite::SQLite3 (also what SQLiteCpp's own target names).
#
# NOTES_STATIC_DEPS (the default) links the static archives Debian's -dev
# packages ship (libcmark-gfm.a, libyaml-cpp.a, libutf8proc.a, libxxhash.a,
# libsqlite3.a), fmt header-only, and libstdc++/libgcc statically. Every
# `notes` command is a short process: with eight shared libraries the dynamic
# linker resolved ~3,700 symbols at each start (66% of the instructions of
# `notes --version`); linked this way only libc's remained, and with libc.a
# (below) none do. The binary then depends on no package (cmake/Install.cmake).
# The same code, built from the same Debian packages: only where it is linked
# from changes.
#
# Sanitizer builds link the shared libraries: the sanitizers' runtimes expect
# a shared libstdc++.

find_package(PkgConfig REQUIRED)
pkg_check_modules(CMARK_GFM REQUIRED IMPORTED_TARGET libcmark-gfm)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
find_package(yaml-cpp CONFIG REQUIRED)
find_package(SQLiteCpp CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(fmt CONFIG REQUIRED)
find_package(nlohmann_json 3.11 CONFIG REQUIRED)
find_package(Threads REQUIRED)

option(NOTES_STATIC_DEPS "Link the dependencies' static archives and libstdc++ statically" ON)
if(NOTES_SANITIZE)
  set(NOTES_STATIC_DEPS OFF)
endif()

foreach(dep cmark_gfm utf8proc xxhash yaml_cpp fmt)
  add_library(notes_dep_${dep} INTERFACE)
  add_library(notes::${dep} ALIAS notes_dep_${dep})
endforeach()

set(NOTES_STATIC_PIE OFF)
if(NOTES_STATIC_DEPS)
  # One archive by its file name; its headers are where the target or the
  # pkg-config module says.
  function(notes_static_archive dep file)
    find_library(NOTES_${dep}_ARCHIVE NAMES ${file} REQUIRED NO_CACHE)
    target_link_libraries(notes_dep_${dep} INTERFACE ${NOTES_${dep}_ARCHIVE} ${ARGN})
  endfunction()
  notes_static_archive(cmark_gfm libcmark-gfm.a)
  target_include_directories(notes_dep_cmark_gfm INTERFACE ${CMARK_GFM_INCLUDE_DIRS})
  notes_static_archive(utf8proc libutf8proc.a)
  target_include_directories(notes_dep_utf8proc INTERFACE ${UTF8PROC_INCLUDE_DIRS})
  notes_static_archive(xxhash libxxhash.a)
  target_include_directories(notes_dep_xxhash INTERFACE ${XXHASH_INCLUDE_DIRS})
  notes_static_archive(yaml_cpp libyaml-cpp.a)
  target_include_directories(notes_dep_yaml_cpp INTERFACE
    $<TARGET_PROPERTY:yaml-cpp,INTERFACE_INCLUDE_DIRECTORIES>)
  target_link_libraries(notes_dep_fmt INTERFACE fmt::fmt-header-only)
  find_library(NOTES_SQLITE3_ARCHIVE NAMES libsqlite3.a REQUIRED NO_CACHE)
  set_target_properties(SQLite::SQLite3 PROPERTIES
    IMPORTED_LOCATION ${NOTES_SQLITE3_ARCHIVE}
    INTERFACE_LINK_LIBRARIES "m;dl;Threads::Threads")
  # The `notes` binary itself also takes libc from libc6-dev's libc.a and
  # links as a static position-independent executable (src/CMakeLists.txt):
  # no dynamic linker, no libc.so, libm.so or their relocations at each
  # start. On the development machine, where a process pays for every page
  # it touches, that is 1.5-1.9 ms off every command (`notes --version` 5.6
  # -> 3.7 ms, `related` 19.4 -> 17.7 ms, `find --match` 10.7 -> 9.2 ms).
  # The binary then depends on no package. GCC 12 makes a dynamic binary
  # that crashes at its start when -static-libstdc++ comes with -static-pie,
  # so that flag is left out here (-static-pie links libstdc++ statically
  # anyway; the tests take the shared one).
  #
  # The linker warns that SQLite's unixDlOpen() "requires at runtime the
  # shared libraries from the glibc version used for linking": that is
  # SQLite's extension loading, which notes never turns on (`notes sql`
  # forbids load_extension(), docs/cli.md).
  include(CheckLinkerFlag)
  check_linker_flag(CXX "-static-pie" NOTES_HAVE_STATIC_PIE)
  if(NOTES_HAVE_STATIC_PIE)
    set(NOTES_STATIC_PIE ON)
    add_link_options(-static-libgcc)
  else()
    add_link_options(-static-libstdc++ -static-libgcc)
  endif()
else()
  target_link_libraries(notes_dep_cmark_gfm INTERFACE PkgConfig::CMARK_GFM)
  target_link_libraries(notes_dep_utf8proc INTERFACE PkgConfig::UTF8PROC)
  target_link_libraries(notes_dep_xxhash INTERFACE PkgConfig::XXHASH)
  target_link_libraries(notes_dep_yaml_cpp INTERFACE yaml-cpp)
  target_link_libraries(notes_dep_fmt INTERFACE fmt::fmt)
endif()

# Relative relocations packed as DT_RELR (binutils 2.38, glibc 2.36): the
# position-independent binary's ~8,500 pointers in vtables and constant
# tables are fixed up at each start from a 1.8 KB bitmap instead of a
# 200 KB table. `notes --version`: 5.0 → 4.3 ms, every command the same.
include(CheckLinkerFlag)
check_linker_flag(CXX "-Wl,-z,pack-relative-relocs" NOTES_HAVE_RELR)
if(NOTES_HAVE_RELR)
  add_link_options("-Wl,-z,pack-relative-relocs")
endif()

