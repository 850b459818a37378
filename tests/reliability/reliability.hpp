#pragma once
// Helpers of the reliability tests: child processes that can be killed,
// waited for with their peak memory, or run as another user; generated
// vaults; and a fingerprint of an index that tells the old state from the
// new one without depending on row ids.
//
// Header-only so that the test target needs no new source file.

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

extern char** environ;

namespace notes::reliability {
namespace fs = std::filesystem;

/// How a child ended: its exit status (or 128 + signal), peak resident
/// memory, wall time and what it printed.
struct Finished {
    int status = -1;
    int signal = 0;  ///< the signal that ended it, 0 if it exited
    long max_rss_kb = 0;
    double seconds = 0;
    std::string out;
    std::string err;
};

struct SpawnOptions {
    fs::path cwd = "/";
    std::vector<std::string> env;  ///< "NAME=value", on top of a clean environment
    std::optional<uid_t> uid;      ///< run as this user (and group), needs root
    /// Where stdout and stderr go; empty: /dev/null.
    fs::path out_file;
    fs::path err_file;
};

/// A running child process. Killed (SIGKILL) and reaped if still running
/// when the object dies, so a failing test leaves no process behind.
class Child {
public:
    Child(const std::string& binary, const std::vector<std::string>& args, SpawnOptions options)
        : m_options(std::move(options)), m_started(std::chrono::steady_clock::now()) {
        std::vector<std::string> argv_storage{binary};
        argv_storage.insert(argv_storage.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_storage) argv.push_back(a.data());
        argv.push_back(nullptr);
        std::vector<std::string> env_storage;
        for (char** e = environ; *e != nullptr; ++e) {
            const std::string entry = *e;
            if (entry.rfind("NOTES_", 0) == 0 || entry.rfind("NO_COLOR=", 0) == 0) continue;
            env_storage.push_back(entry);
        }
        env_storage.insert(env_storage.end(), m_options.env.begin(), m_options.env.end());
        std::vector<char*> envp;
        for (auto& e : env_storage) envp.push_back(e.data());
        envp.push_back(nullptr);
        const std::string out = m_options.out_file.empty() ? "/dev/null" : m_options.out_file.string();
        const std::string err = m_options.err_file.empty() ? "/dev/null" : m_options.err_file.string();
        const std::string cwd = m_options.cwd.string();
        const std::optional<uid_t> uid = m_options.uid;

        // Only async-signal-safe calls between fork and exec: the tests that
        // start readers do so from several threads.
        m_pid = ::fork();
        if (m_pid < 0) throw std::runtime_error("fork failed");
        if (m_pid == 0) {
            const int in_fd = ::open("/dev/null", O_RDONLY);
            const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (in_fd < 0 || out_fd < 0 || err_fd < 0) ::_exit(126);
            ::dup2(in_fd, 0);
            ::dup2(out_fd, 1);
            ::dup2(err_fd, 2);
            if (::chdir(cwd.c_str()) != 0) ::_exit(126);
            if (uid) {
                if (::setgid(*uid) != 0 || ::setuid(*uid) != 0) ::_exit(126);
            }
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
    }
    ~Child() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            int status = 0;
            ::waitpid(m_pid, &status, 0);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return m_pid; }

    /// True while the process has not ended (it may be a zombie).
    bool running() const {
        siginfo_t info{};
        info.si_pid = 0;
        return ::waitid(P_PID, static_cast<id_t>(m_pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
               info.si_pid == 0;
    }

    void kill(int signal = SIGKILL) { ::kill(m_pid, signal); }

    /// Waits for the end, collecting status, peak memory and output.
    Finished wait() {
        Finished f;
        int status = 0;
        rusage usage{};
        while (::wait4(m_pid, &status, 0, &usage) < 0) {
            if (errno != EINTR) throw std::runtime_error("wait4 failed");
        }
        m_pid = -1;
        f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
        f.max_rss_kb = usage.ru_maxrss;
        if (WIFEXITED(status)) {
            f.status = WEXITSTATUS(status);
        } else if (WIFSIGNALED(status)) {
            f.signal = WTERMSIG(status);
            f.status = 128 + f.signal;
        }
        if (!m_options.out_file.empty()) f.out = e2e::read_text(m_options.out_file);
        if (!m_options.err_file.empty()) f.err = e2e::read_text(m_options.err_file);
        return f;
    }

private:
    SpawnOptions m_options;
    std::chrono::steady_clock::time_point m_started;
    pid_t m_pid = -1;
};

/// Runs `notes args...` to the end, capturing output in `scratch`.
inline Finished run_notes(const std::vector<std::string>& args, const fs::path& scratch,
                          SpawnOptions options = {}) {
    if (options.out_file.empty()) options.out_file = scratch / "stdout.txt";
    if (options.err_file.empty()) options.err_file = scratch / "stderr.txt";
    Child child(NOTES_BINARY, args, std::move(options));
    return child.wait();
}

/// Generates a vault with notes-genvault (deterministic for a seed).
inline void generate_vault(const fs::path& out, int notes, int seed = 1, const std::string& extra = "") {
    const std::string command = std::string(NOTES_GENVAULT_BINARY) + " --notes " + std::to_string(notes) +
                                " --seed " + std::to_string(seed) + " --out '" + out.string() + "' --force " +
                                extra + " 2>/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("notes-genvault failed: " + command);
}

/// Turns a generated vault into its "next day" version: some notes edited
/// (a new tag, a link to a note that does not exist yet), some deleted, some
/// added, one alias added (so that every link is resolved again).
inline void change_vault(const fs::path& vault, const fs::path& scratch) {
    std::vector<fs::path> notes;
    for (const auto& e : fs::recursive_directory_iterator(vault)) {
        if (e.is_regular_file() && e.path().extension() == ".md") notes.push_back(e.path());
    }
    std::sort(notes.begin(), notes.end());
    for (std::size_t i = 0; i < notes.size(); ++i) {
        if (i % 37 == 5) {
            fs::remove(notes[i]);
        } else if (i % 10 == 3) {
            e2e::write_text(notes[i], e2e::read_text(notes[i]) + "\nEdited the next day. #edited-" + std::to_string(i % 7) +
                                     " [[added-note-" + std::to_string(i % 50) + "]]\n");
        } else if (i == 1) {
            std::string text = e2e::read_text(notes[i]);
            text.insert(text.find('\n') + 1, "aliases: ['A new alias']\n");
            e2e::write_text(notes[i], text);
        }
    }
    const fs::path extra = scratch / "extra";
    generate_vault(extra, 120, 7, "--subdirs 0");
    fs::create_directories(vault / "added");
    int n = 0;
    for (const auto& e : fs::directory_iterator(extra)) {
        if (e.path().extension() != ".md") continue;
        fs::copy_file(e.path(), vault / "added" / ("added-note-" + std::to_string(n++) + ".md"));
    }
}

/// FNV-1a, to fold many rows into a short comparable value.
inline void fnv1a(std::uint64_t& h, std::string_view s) {
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    h ^= 0xFF;  // field separator
    h *= 1099511628211ull;
}

/// A summary of an index that two runs over the same vault agree on whatever
/// the row ids: counts of every table, and a hash of every note's path,
/// content hash and title and of every link's source, target and status.
/// Read in one transaction, so it is one consistent snapshot.
inline std::string fingerprint(const fs::path& db) {
    SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
    d.exec("PRAGMA busy_timeout = 10000");
    SQLite::Transaction read(d);  // a deferred transaction: one snapshot for all queries
    std::string out;
    SQLite::Statement counts(d,
                             "SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM links), "
                             "(SELECT count(*) FROM links WHERE status = 'resolved'), "
                             "(SELECT count(*) FROM tags), (SELECT count(*) FROM headings), "
                             "(SELECT count(*) FROM fields), (SELECT count(*) FROM notes_fts)");
    counts.executeStep();
    const char* names[] = {"notes", "links", "resolved", "tags", "headings", "fields", "fts"};
    for (int i = 0; i < counts.getColumnCount(); ++i) {
        out += std::string(names[i]) + "=" + counts.getColumn(i).getString() + " ";
    }
    std::uint64_t h = 14695981039346656037ull;
    SQLite::Statement notes(d, "SELECT path, hash, title FROM notes ORDER BY path");
    while (notes.executeStep()) {
        for (int i = 0; i < 3; ++i) fnv1a(h, notes.getColumn(i).getString());
    }
    SQLite::Statement links(d,
                            "SELECT s.path, l.line, l.target, l.status, coalesce(t.path, '') FROM links l "
                            "JOIN notes s ON s.id = l.note_id LEFT JOIN notes t ON t.id = l.target_id "
                            "ORDER BY s.path, l.line, l.target, l.kind");
    while (links.executeStep()) {
        for (int i = 0; i < 5; ++i) fnv1a(h, links.getColumn(i).getString());
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return out + "hash=" + buf;
}

/// PRAGMA integrity_check of the index ("ok" when sound).
inline std::string integrity(const fs::path& db) {
    SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
    d.exec("PRAGMA busy_timeout = 10000");
    return d.execAndGet("PRAGMA integrity_check").getString();
}

/// Names in `dir` that start with `prefix`.
inline std::vector<std::string> files_starting_with(const fs::path& dir, const std::string& prefix) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(prefix, 0) == 0) out.push_back(name);
    }
    return out;
}

/// Copies the files of `from` into `to` (created, emptied first). Used to
/// put an index back to a saved state while no process has it open.
inline void restore_dir(const fs::path& from, const fs::path& to) {
    fs::remove_all(to);
    fs::create_directories(to);
    for (const auto& e : fs::directory_iterator(from)) fs::copy_file(e.path(), to / e.path().filename());
}

}  // namespace notes::reliability
