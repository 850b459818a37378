// Freshness: the policy docs/mcp.md states. A request that reads the index
// first runs the incremental indexer when the last run is older than the
// refresh interval (default 2 s), so that a burst of calls pays for one run
// and a note written a moment ago is found. A run that changes nothing only
// compares sizes and mtimes; one that finds changes writes them in one
// transaction, exactly as `notes index` would. Another indexer holding the
// lock (cron, `notes watch`) is not waited for: readers are never blocked,
// and that indexer is bringing the index up to date anyway.
//
// The connection stays open between requests (a request then costs its
// queries only). SQLite shows it the latest commit at each new read
// transaction; a file replaced by rename (`notes index --rebuild`, a schema
// change) is noticed by its inode and reopened.

#include "index_access.hpp"

#include <sys/stat.h>

#include <cstdio>

#include "notes/core/error.hpp"
#include "notes/index/indexer.hpp"

namespace notes::mcp {

using store::IndexStore;

IndexAccess::IndexAccess(std::filesystem::path vault, std::filesystem::path db,
                         double refresh_seconds, unsigned threads, bool verbose)
    : m_vault(std::move(vault)),
      m_db(std::move(db)),
      m_refresh_seconds(refresh_seconds),
      m_threads(threads),
      m_verbose(verbose) {}

IndexAccess::~IndexAccess() = default;

void IndexAccess::prepare() {
    if (m_refresh_seconds >= 0) {
        const auto now = std::chrono::steady_clock::now();
        const std::chrono::duration<double> since = now - m_last_refresh;
        if (!m_refreshed_once || since.count() >= m_refresh_seconds) refresh();
    }
    open_if_needed();
}

void IndexAccess::refresh() {
    std::error_code ec;
    const bool existed = std::filesystem::exists(m_db, ec);
    index::IndexOptions options;
    options.vault = m_vault;
    options.db = m_db;
    options.mode = index::IndexMode::incremental;
    options.wait_seconds = 0;
    options.threads = m_threads;
    // An index is only ever refreshed here, never created: a server started
    // in the wrong directory must not index it.
    if (!existed) {
        throw IndexUnavailable("no index at " + m_db.string() +
                               "; run `notes index` in the vault first");
    }
    try {
        const index::IndexStats stats = index::run_index(options);
        if (stats.added + stats.changed + stats.removed > 0 || m_verbose) {
            std::fprintf(
                stderr,
                "notes mcp: index refreshed: %zu added, %zu changed, %zu removed (%.3f s)\n",
                stats.added, stats.changed, stats.removed, stats.seconds);
        }
        for (const auto& notice : stats.notices)
            std::fprintf(stderr, "notes mcp: %s\n", notice.c_str());
    } catch (const Error& e) {
        // Locked by another indexer, or the vault unreadable for a moment:
        // the index as it is still answers.
        std::fprintf(stderr, "notes mcp: index not refreshed: %s\n", e.what());
        if (!std::filesystem::exists(m_db, ec)) throw IndexUnavailable(e.what());
    }
    m_refreshed_once = true;
    m_last_refresh = std::chrono::steady_clock::now();
}

void IndexAccess::open_if_needed() {
    struct stat st {};
    if (::stat(m_db.c_str(), &st) != 0) {
        throw IndexUnavailable("no index at " + m_db.string() +
                               "; run `notes index` in the vault first");
    }
    const auto device = static_cast<unsigned long long>(st.st_dev);
    const auto inode = static_cast<unsigned long long>(st.st_ino);
    if (m_store && device == m_device && inode == m_inode) return;

    std::lock_guard lock(m_mutex);
    m_sql_store.reset();
    m_store.reset();
    auto opened = std::make_unique<IndexStore>(m_db, IndexStore::Mode::read_only);
    const int version = opened->schema_version();
    if (version != IndexStore::k_schema_version) {
        throw IndexUnavailable("the index at " + m_db.string() + " has schema version " +
                               std::to_string(version) + ", this notes reads version " +
                               std::to_string(IndexStore::k_schema_version) +
                               "; run `notes index` to rebuild it");
    }
    m_store = std::move(opened);
    m_device = device;
    m_inode = inode;
}

IndexStore& IndexAccess::store() {
    return *m_store;
}

IndexStore& IndexAccess::sql_store() {
    if (!m_sql_store) {
        auto opened = std::make_unique<IndexStore>(m_db, IndexStore::Mode::untrusted_sql);
        std::lock_guard lock(m_mutex);
        m_sql_store = std::move(opened);
    }
    return *m_sql_store;
}

std::unique_ptr<IndexStore> IndexAccess::open_another() const {
    return std::make_unique<IndexStore>(m_db, IndexStore::Mode::read_only);
}

void IndexAccess::interrupt() {
    std::lock_guard lock(m_mutex);
    if (m_store) m_store->interrupt();
    if (m_sql_store) m_sql_store->interrupt();
}

}  // namespace notes::mcp
