#pragma once
// Runs the built `notes` binary the way a user would, on a temporary copy of
// a fixture vault, and captures what it printed and its exit status.

#include <filesystem>
#include <string>
#include <vector>

namespace notes::e2e {

struct RunResult {
    int status = -1;
    std::string out;
    std::string err;
};

/// Runs `notes args...` in `cwd` with the given extra environment
/// ("NAME=value") on top of a clean one (no NOTES_*, NO_COLOR unset).
RunResult run_notes(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                    const std::vector<std::string>& env = {});

/// A temporary directory removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

/// Copies `source` (recursively, symlinks as links) to `dest`, leaving out
/// any `.notes/` directory, and returns `dest`.
std::filesystem::path copy_vault(const std::filesystem::path& source, const std::filesystem::path& dest);

std::string read_text(const std::filesystem::path& file);
void write_text(const std::filesystem::path& file, const std::string& content);

/// Sets a file's mtime to `seconds` after the epoch (plus `nanos`).
void set_mtime(const std::filesystem::path& file, long long seconds, long nanos = 0);

std::filesystem::path seeds_dir();
std::filesystem::path fixtures_dir();

}  // namespace notes::e2e
