#include "harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace notes::e2e {
namespace fs = std::filesystem;

fs::path seeds_dir() { return NOTES_SEEDS_DIR; }
fs::path fixtures_dir() { return NOTES_FIXTURES_DIR; }

namespace {

/// The environment a child runs with: the current one without NOTES_* and
/// NO_COLOR (the user's settings must not reach a test), with `env`
/// ("NAME=value") replacing or adding.
std::vector<std::string> child_environment(const std::vector<std::string>& env) {
    auto replaced = [&](const std::string& entry) {
        const auto eq = entry.find('=');
        for (const auto& e : env) {
            if (e.compare(0, eq + 1, entry, 0, eq + 1) == 0) return true;
        }
        return false;
    };
    std::vector<std::string> out;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        if (entry.rfind("NOTES_", 0) == 0 || entry.rfind("NO_COLOR=", 0) == 0) continue;
        if (replaced(entry)) continue;
        out.push_back(entry);
    }
    out.insert(out.end(), env.begin(), env.end());
    return out;
}

/// Pointers to `storage`'s strings and a null, as posix_spawn takes them.
std::vector<char*> c_strings(std::vector<std::string>& storage) {
    std::vector<char*> out;
    for (auto& s : storage) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

/// Runs argv[0] (a path, or a name looked up in PATH) with stdout on a pipe,
/// or on a pseudo-terminal (raw: no "\r\n" added) when `terminal` is set;
/// stderr always on a pipe. The environment is the current one without
/// NOTES_* and NO_COLOR, with `env` ("NAME=value") replacing or adding.
RunResult spawn(const std::vector<std::string>& args, const fs::path& cwd,
                const std::vector<std::string>& env, bool terminal) {
    int out_pipe[2];
    int err_pipe[2];
    if (terminal) {
        out_pipe[0] = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (out_pipe[0] < 0 || ::grantpt(out_pipe[0]) != 0 || ::unlockpt(out_pipe[0]) != 0) {
            throw std::runtime_error("no pseudo-terminal");
        }
        out_pipe[1] = ::open(::ptsname(out_pipe[0]), O_RDWR | O_NOCTTY | O_CLOEXEC);
        termios raw{};
        if (out_pipe[1] < 0 || ::tcgetattr(out_pipe[1], &raw) != 0) {
            throw std::runtime_error("no pseudo-terminal");
        }
        ::cfmakeraw(&raw);
        ::tcsetattr(out_pipe[1], TCSANOW, &raw);
    } else if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

    std::vector<std::string> argv_storage = args;
    const std::vector<char*> argv = c_strings(argv_storage);
    std::vector<std::string> env_storage = child_environment(env);
    const std::vector<char*> envp = c_strings(env_storage);

    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    if (rc != 0) {
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        throw std::runtime_error("cannot run " + args.front() + ": " + std::strerror(rc));
    }

    RunResult result;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open_fds = 2;
    char buf[65536];
    while (open_fds > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int k = 0; k < 2; ++k) {
            if (fds[k].fd < 0 || (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
            const ssize_t n = ::read(fds[k].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[k]->append(buf, static_cast<std::size_t>(n));
            } else {
                ::close(fds[k].fd);
                fds[k].fd = -1;
                --open_fds;
            }
        }
    }
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    return result;
}

}  // namespace

namespace {

std::vector<std::string> notes_argv(const std::vector<std::string>& args) {
    std::vector<std::string> argv{NOTES_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

}  // namespace

RunResult run_notes(const std::vector<std::string>& args, const fs::path& cwd,
                    const std::vector<std::string>& env) {
    return spawn(notes_argv(args), cwd, env, false);
}

RunResult run_notes_on_terminal(const std::vector<std::string>& args, const fs::path& cwd,
                                const std::vector<std::string>& env) {
    return spawn(notes_argv(args), cwd, env, true);
}

RunResult run_program(const std::vector<std::string>& argv, const fs::path& cwd,
                      const std::vector<std::string>& env) {
    return spawn(argv, cwd, env, false);
}

BackgroundNotes::BackgroundNotes(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& scratch,
                                 const std::vector<std::string>& before)
    : m_out(scratch / "background-stdout.txt"), m_err(scratch / "background-stderr.txt") {
    std::vector<std::string> argv_storage = before;
    for (const auto& a : notes_argv(args)) argv_storage.push_back(a);
    const std::vector<char*> argv = c_strings(argv_storage);
    std::vector<std::string> env_storage = child_environment({});
    const std::vector<char*> envp = c_strings(env_storage);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, m_out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, m_err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot run " + argv_storage.front() + ": " + std::strerror(rc));
    m_pid = pid;
}

BackgroundNotes::~BackgroundNotes() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
}

std::string BackgroundNotes::out() const { return read_text(m_out); }
std::string BackgroundNotes::err() const { return read_text(m_err); }

bool BackgroundNotes::running() const {
    if (m_pid <= 0) return false;
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(m_pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
}

void BackgroundNotes::signal(int signal) const {
    if (m_pid > 0) ::kill(m_pid, signal);
}

RunResult BackgroundNotes::wait(double seconds) {
    RunResult result;
    if (m_pid <= 0) return result;
    if (!eventually([&] { return !running(); }, seconds)) ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = out();
    result.err = err();
    return result;
}

bool eventually(const std::function<bool()>& condition, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "notes-e2e-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    m_path = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    // Restore permissions a test may have taken away, so removal works.
    for (auto it = fs::recursive_directory_iterator(m_path, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(m_path, ec);
}

fs::path copy_vault(const fs::path& source, const fs::path& dest) {
    fs::create_directories(dest);
    for (const auto& entry : fs::directory_iterator(source)) {
        const auto name = entry.path().filename();
        if (name == ".notes") continue;
        if (entry.is_symlink()) {
            fs::copy_symlink(entry.path(), dest / name);
        } else if (entry.is_directory()) {
            copy_vault(entry.path(), dest / name);
        } else {
            fs::copy_file(entry.path(), dest / name);
        }
    }
    return dest;
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const fs::path& file, const std::string& content) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
}

void set_mtime(const fs::path& file, long long seconds, long nanos) {
    timespec times[2];
    times[0].tv_sec = static_cast<time_t>(seconds);
    times[0].tv_nsec = nanos;
    times[1] = times[0];
    ::utimensat(AT_FDCWD, file.c_str(), times, 0);
}

namespace inspect {

std::string rows(const fs::path& db, const std::string& sql) {
    SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
    d.exec("PRAGMA busy_timeout = 10000");  // an indexer may be writing (notes watch)
    SQLite::Statement st(d, sql);
    std::string out;
    while (st.executeStep()) {
        if (!out.empty()) out += "\n";
        for (int i = 0; i < st.getColumnCount(); ++i) {
            if (i > 0) out += "|";
            out += st.getColumn(i).isNull() ? std::string("∅") : st.getColumn(i).getString();
        }
    }
    return out;
}

std::string table_dump(const fs::path& db, const std::string& table) {
    std::string all = rows(db, "SELECT * FROM " + table);
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < all.size()) {
        auto nl = all.find('\n', start);
        if (nl == std::string::npos) nl = all.size();
        lines.push_back(all.substr(start, nl - start));
        start = nl + 1;
    }
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

std::string index_by_path(const fs::path& db) {
    const std::string note = " JOIN notes n ON n.id = x.note_id ";
    std::string out;
    for (const std::string& sql : {
             std::string("SELECT path, slug, folder, title, title_source, date, domain, status, source, "
                         "relevance, front_matter, front_matter_invalid, word_count, link_count, tag_count, size, mtime_ns, hash, "
                         "path_key, slug_key, title_key, name_key FROM notes ORDER BY path"),
             "SELECT n.path, x.alias, x.alias_key FROM aliases x" + note + "ORDER BY n.path, x.rowid",
             "SELECT n.path, x.tag, x.tag_key, x.source, x.line FROM tags x" + note + "ORDER BY n.path, x.tag_key",
             std::string("SELECT tag_key, tag, name, parent_key, notes, total FROM tag_nodes ORDER BY tag_key"),
             "SELECT n.path, x.key, x.value, x.position, x.type, x.line FROM fields x" + note +
                 "ORDER BY n.path, x.rowid",
             "SELECT n.path, x.line, x.kind, x.target, x.anchor, x.label, t.path, x.status, x.resolved_by, "
             "x.anchor_ok, f.path, x.name_hash FROM links x" + note +
                 "LEFT JOIN notes t ON t.id = x.target_id LEFT JOIN files f ON f.id = x.file_id "
                 "ORDER BY n.path, x.id",
             "SELECT n.path, x.level, x.text, x.key, x.line FROM headings x" + note + "ORDER BY n.path, x.rowid",
             "SELECT n.path, x.block_id FROM block_ids x" + note + "ORDER BY n.path, x.rowid",
             "SELECT n.path, x.line, x.col, x.message FROM warnings x" + note + "ORDER BY n.path, x.rowid",
             std::string("SELECT path, path_key, name_key FROM files ORDER BY path"),
             std::string("SELECT n.path, f.title, f.body FROM notes_fts f JOIN notes n ON n.id = f.rowid "
                         "ORDER BY n.path"),
             std::string("SELECT n.path FROM notes_fts f JOIN notes n ON n.id = f.rowid "
                         "WHERE notes_fts MATCH 'checkpoint OR appended OR orms' ORDER BY n.path"),
         }) {
        out += sql + "\n" + rows(db, sql) + "\n\n";
    }
    return out;
}

std::string json_get(const std::string& json, const std::string& path) {
    SQLite::Database d(":memory:", SQLite::OPEN_READWRITE);
    SQLite::Statement st(d, "SELECT json_extract(?, ?)");
    st.bind(1, json);
    st.bind(2, path);
    st.executeStep();
    return st.getColumn(0).isNull() ? "∅" : st.getColumn(0).getString();
}

std::string json_sql(const std::string& json, const std::string& expression) {
    SQLite::Database d(":memory:", SQLite::OPEN_READWRITE);
    SQLite::Statement st(d, "SELECT " + expression);
    st.bind(1, json);
    st.executeStep();
    return st.getColumn(0).isNull() ? "∅" : st.getColumn(0).getString();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

}  // namespace inspect

}  // namespace notes::e2e
