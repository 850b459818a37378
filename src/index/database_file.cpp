#include "database_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "notes/core/error.hpp"
#include "notes/store/index_store.hpp"

namespace notes::index::detail {
namespace fs = std::filesystem;
using store::leave_wal_mode;
using store::WalExit;

void remove_if_exists(const fs::path& p) {
    std::error_code ec;
    fs::remove(p, ec);
}

fs::path with_suffix(const fs::path& p, const char* suffix) { return fs::path(p.string() + suffix); }

void remove_fresh_build(const fs::path& tmp) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) remove_if_exists(with_suffix(tmp, suffix));
}

namespace {

void fsync_path(const fs::path& p, bool directory) {
    const int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

/// Puts the freshly built `fresh` in place of `db`. The old database is first
/// switched out of WAL mode, so that no WAL or shared-memory file of the old
/// file is left for the new one to pick up; SQLite refuses the switch while
/// another process has the old file open, and we wait for it.
void replace_database(const fs::path& fresh, const fs::path& db) {
    std::error_code ec;
    if (fs::exists(db, ec)) {
        // The switch needs a moment when no reader has the old file open.
        // Readers are short and come and go: try again for a while.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        WalExit exit = leave_wal_mode(db);
        while (exit == WalExit::busy && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            exit = leave_wal_mode(db);
        }
        switch (exit) {
            case WalExit::done:
                break;
            case WalExit::busy:
                throw Error("cannot replace the index: other processes keep " + db.string() +
                            " open; the new index was discarded, try again");
            case WalExit::unreadable:
                // Not a database we can open: nobody can be reading it either,
                // so its WAL and shared-memory files are garbage.
                remove_if_exists(with_suffix(db, "-wal"));
                remove_if_exists(with_suffix(db, "-shm"));
                break;
        }
    }
    fsync_path(fresh, false);
    if (::rename(fresh.c_str(), db.c_str()) != 0) {
        throw Error("cannot move the new index into place at " + db.string() + ": " +
                    std::strerror(errno));
    }
    fsync_path(db.parent_path().empty() ? fs::path(".") : db.parent_path(), true);
}

}  // namespace notes::index::detail
