#pragma once
// Runs any program (a shell, cmake, dpkg-deb, man) and captures its output,
// for the tests that check notes as installed and as completed by shells.

#include <filesystem>
#include <string>
#include <vector>

#include "harness.hpp"

namespace notes::e2e {

/// Runs argv[0] (looked up in PATH) with `argv` in `cwd`, with the current
/// environment minus NOTES_* and NO_COLOR, plus `env` ("NAME=value", which
/// replaces a variable of the same name).
RunResult run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                      const std::vector<std::string>& env = {});

/// Whether `name` is an executable in PATH.
bool have_program(const std::string& name);

/// The directory holding the notes binary under test.
std::filesystem::path notes_binary_dir();

}  // namespace notes::e2e
