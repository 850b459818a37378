#pragma once
// Runs the built `notes` binary the way a user would, on a temporary copy of
// a fixture vault, and captures what it printed and its exit status.

#include <filesystem>
#include <functional>
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

/// The same with stdout on a terminal (a pseudo-terminal), as a user at a
/// shell would run it. Set COLUMNS in `env` to fix the width.
RunResult run_notes_on_terminal(const std::vector<std::string>& args,
                                const std::filesystem::path& cwd,
                                const std::vector<std::string>& env = {});

/// Runs argv[0] (looked up in PATH) with `argv` in `cwd`, with the current
/// environment minus NOTES_* and NO_COLOR, plus `env` ("NAME=value", which
/// replaces a variable of the same name).
RunResult run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                      const std::vector<std::string>& env = {});

/// `notes args...` running in the background, as a service would (stdin
/// /dev/null, stdout and stderr into files of `scratch`), with the
/// environment of run_notes(). `before` runs first with notes as its
/// arguments (e.g. {"unshare", "--user", …}). Killed when the object dies.
class BackgroundNotes {
public:
    BackgroundNotes(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                    const std::filesystem::path& scratch, const std::vector<std::string>& before = {});
    ~BackgroundNotes();
    BackgroundNotes(const BackgroundNotes&) = delete;
    BackgroundNotes& operator=(const BackgroundNotes&) = delete;

    int pid() const { return m_pid; }
    /// What it printed so far.
    std::string out() const;
    std::string err() const;
    bool running() const;
    void signal(int signal) const;
    /// Waits for the end (SIGKILL after `seconds`): status as run_notes()
    /// gives it, and everything it printed.
    RunResult wait(double seconds = 60);

private:
    int m_pid = -1;
    std::filesystem::path m_out;
    std::filesystem::path m_err;
};

/// Polls `condition` every 20 ms until it holds or `seconds` pass; whether
/// it held. For tests that wait for something another process does: they
/// wait for the outcome, never a fixed time.
bool eventually(const std::function<bool()>& condition, double seconds = 60);

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

/// Looking into what a command left behind, with SQLite: rows of an index,
/// a value of JSON output. (A namespace of their own, so that a test file
/// with helpers of the same names still compiles.)
namespace inspect {

/// Rows of a query on the database `db`, as lines of '|'-separated columns
/// (NULL shown as "∅").
std::string rows(const std::filesystem::path& db, const std::string& sql);

/// All rows of a table, sorted, so that two indexes can be compared.
std::string table_dump(const std::filesystem::path& db, const std::string& table);

/// Every row of an index by note path, in the order the rows were written
/// within each note, without row ids: two indexes of the same files give
/// the same text, whatever ids their notes got.
std::string index_by_path(const std::filesystem::path& db);

/// A JSON value picked out with SQLite's JSON functions (no parser of our
/// own): json_extract(json, path) as text, "∅" for null or absent.
std::string json_get(const std::string& json, const std::string& path);

/// One SQL expression over the JSON text bound to `?` (json_type,
/// json_array_length, …), as text ("∅" for null).
std::string json_sql(const std::string& json, const std::string& expression);

/// The lines of `text`, without their '\n'.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace inspect

}  // namespace notes::e2e
