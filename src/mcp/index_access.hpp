#pragma once
// The index as the server sees it: kept fresh by throttled incremental runs,
// opened once and reopened when the file is replaced.

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "notes/store/index_store.hpp"

namespace notes::mcp {

/// The index cannot be read: none yet, built by another version with
/// refreshing off, or being built for the first time by another indexer.
/// Answered as a JSON-RPC error (docs/mcp.md).
class IndexUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class IndexAccess {
  public:
    IndexAccess(std::filesystem::path vault, std::filesystem::path db, double refresh_seconds,
                unsigned threads, bool verbose);
    ~IndexAccess();

    /// Makes the index ready for one request: an incremental run under the
    /// indexer lock when the last one is older than the refresh interval
    /// (another indexer holding the lock is not waited for: the index as it
    /// is answers), then the connection, reopened when the file was
    /// replaced. Throws IndexUnavailable.
    void prepare();

    /// The read-only connection (after prepare()).
    store::IndexStore& store();
    /// The locked-down connection for SQL a client typed, opened on demand.
    store::IndexStore& sql_store();
    /// A second read-only connection, for the report's parallel sections.
    std::unique_ptr<store::IndexStore> open_another() const;

    /// Stops the statements running on the connections (any thread).
    void interrupt();

    const std::filesystem::path& vault() const { return m_vault; }
    const std::filesystem::path& db() const { return m_db; }

  private:
    void refresh();
    void open_if_needed();

    std::filesystem::path m_vault, m_db;
    double m_refresh_seconds;
    unsigned m_threads;
    bool m_verbose;
    bool m_refreshed_once = false;
    std::chrono::steady_clock::time_point m_last_refresh;
    /// Identity of the file the connections were opened on.
    unsigned long long m_device = 0, m_inode = 0;
    /// Guards the connections against interrupt() while they are replaced.
    std::mutex m_mutex;
    std::unique_ptr<store::IndexStore> m_store, m_sql_store;
};

}  // namespace notes::mcp
