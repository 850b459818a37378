#pragma once
// Helpers for the tests that check notes as installed and as completed by
// shells; run_program (harness.hpp) runs those programs.

#include <filesystem>
#include <string>
#include <vector>

#include "harness.hpp"

namespace notes::e2e {

/// Whether `name` is an executable in PATH.
bool have_program(const std::string& name);

/// The directory holding the notes binary under test.
std::filesystem::path notes_binary_dir();

}  // namespace notes::e2e
