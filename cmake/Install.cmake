# `cmake --install`: the binary, its man page, its shell completions and the
# systemd user unit of `notes watch` in the usual places, and CPack's Debian
# package of the same files.
include(GNUInstallDirs)

# The man page and completions come from the built binary itself.
set(NOTES_SHELL_FILES_DIR ${PROJECT_BINARY_DIR}/share)
set(NOTES_SHELL_FILES
  ${NOTES_SHELL_FILES_DIR}/notes.1
  ${NOTES_SHELL_FILES_DIR}/notes.bash
  ${NOTES_SHELL_FILES_DIR}/_notes
  ${NOTES_SHELL_FILES_DIR}/notes.fish)
add_custom_command(
  OUTPUT ${NOTES_SHELL_FILES}
  COMMAND ${CMAKE_COMMAND} -DNOTES=$<TARGET_FILE:notes> -DOUT=${NOTES_SHELL_FILES_DIR}
          -P ${PROJECT_SOURCE_DIR}/cmake/GenerateShellFiles.cmake
  DEPENDS notes ${PROJECT_SOURCE_DIR}/cmake/GenerateShellFiles.cmake
  COMMENT "Generating the man page and shell completions"
  VERBATIM)
add_custom_target(notes_shell_files ALL DEPENDS ${NOTES_SHELL_FILES})

install(TARGETS notes RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${NOTES_SHELL_FILES_DIR}/notes.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${NOTES_SHELL_FILES_DIR}/notes.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME notes)
install(FILES ${NOTES_SHELL_FILES_DIR}/_notes DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
install(FILES ${NOTES_SHELL_FILES_DIR}/notes.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The systemd user unit of `notes watch` (docs/cron.md). Its ExecStart names
# the installed binary, so the path is filled in when installing (a --prefix
# given to `cmake --install`, CPack's /usr). share/systemd/user is searched
# for user units under /usr, /usr/local and ~/.local alike.
set(NOTES_UNIT_TEMPLATE ${PROJECT_SOURCE_DIR}/contrib/systemd/notes-watch@.service.in)
install(CODE "
  set(BINDIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  configure_file(\"${NOTES_UNIT_TEMPLATE}\" \"${PROJECT_BINARY_DIR}/unit/notes-watch@.service\" @ONLY)
  file(INSTALL \"${PROJECT_BINARY_DIR}/unit/notes-watch@.service\"
       DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/systemd/user\")
")

# CPack: `cpack -G DEB` in the build directory makes notes_VERSION_ARCH.deb.
# Depends lists the Debian 12 packages of the shared libraries notes links:
# none for the static binary NOTES_STATIC_DEPS (the default) makes, else one
# per library
# (SQLiteCpp is a static library, and the cmark-gfm extensions are not used);
# the install test checks the list against the binary's real dependencies
# (ldd + dpkg -S).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME notes)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "index a vault of Markdown notes into SQLite and query it")
set(CPACK_PACKAGE_DESCRIPTION
    "notes indexes Markdown research notes (YAML front matter, wiki-links, tags)
into one SQLite file and answers questions about them from the command line:
find, show, tags, related, report, graph and read-only SQL.")
set(CPACK_PACKAGE_CONTACT "notes maintainers <notes@example.org>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# A binary with DT_RELR relocations needs the glibc that reads them.
if(NOTES_HAVE_RELR)
  set(NOTES_LIBC6 "libc6 (>= 2.36)")
else()
  set(NOTES_LIBC6 "libc6")
endif()
if(NOTES_STATIC_PIE)
  # Everything, libc included, is inside the binary (cmake/Dependencies.cmake).
  set(NOTES_DEBIAN_DEPENDS "")
elseif(NOTES_STATIC_DEPS)
  # Everything but libc is inside the binary.
  set(NOTES_DEBIAN_DEPENDS "${NOTES_LIBC6}")
else()
  set(NOTES_DEBIAN_DEPENDS
    "${NOTES_LIBC6}"
    "libstdc++6"
    "libgcc-s1"
    "libsqlite3-0"
    "libyaml-cpp0.7"
    "libcmark-gfm0.29.0.gfm.6"
    "libfmt9"
    "libutf8proc2"
    "libxxhash0")
endif()
list(JOIN NOTES_DEBIAN_DEPENDS ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion")
set(CPACK_STRIP_FILES ON)
include(CPack)
