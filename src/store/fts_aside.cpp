#include "fts_aside.hpp"

#include <sqlite3.h>

#include <stdexcept>

#include "store_impl.hpp"

namespace notes::store::detail {

FtsAside::FtsAside() : m_db("", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
    // "": SQLite's private temporary file, deleted when it is closed.
    m_db.exec("PRAGMA page_size = 16384");
    m_db.exec("PRAGMA journal_mode = OFF");
    m_db.exec("PRAGMA synchronous = OFF");
    m_db.exec("PRAGMA cache_size = -8192");
    m_db.exec(k_fts_sql);
    // FTS5 writes its pending terms out as a new segment whenever they
    // pass `hashsize` (1 MiB by default) and merges segments as they
    // pile up. Indexing the text of 10,000 notes (callgrind, sqlite3):
    // 4.40 G instructions at 1 MiB, 3.18 G at 4 MiB, 2.61 G at 8 MiB,
    // 2.63 G at 16 MiB. The setting is kept in notes_fts_config, which
    // is copied with the rest.
    m_db.exec("INSERT INTO notes_fts (notes_fts, rank) VALUES ('hashsize', 8388608)");
    m_thread = std::thread([this] { run(); });
}

FtsAside::~FtsAside() { stop(); }

void FtsAside::add(std::int64_t id, const std::string& title, std::string body) {
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [&] { return m_queue.size() < k_max_queued || m_error; });
    if (m_error) std::rethrow_exception(m_error);
    if (m_closing) throw std::logic_error("a full-text row after the last one");
    m_queue.push_back(Row{id, title, std::move(body)});
    m_ready.notify_one();
}

void FtsAside::copy_into(SQLite::Database& into) {
    stop();
    if (m_error) std::rethrow_exception(m_error);
    for (const char* table : k_fts_shadow_tables) {
        into.exec(std::string("DELETE FROM ") + table);
        SQLite::Statement read(m_db, std::string("SELECT * FROM ") + table);
        const int columns = read.getColumnCount();
        std::string sql = std::string("INSERT INTO ") + table + " VALUES (?";
        for (int c = 1; c < columns; ++c) sql += ",?";
        sql += ")";
        // SQLite's own API for the copy: each value is bound where the
        // reading statement holds it (SQLITE_STATIC), without a copy of
        // ours, whatever its type. A note of many megabytes otherwise
        // costs two copies of its text at the end of the run.
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(into.getHandle(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
            throw SQLite::Exception(into.getHandle(), sqlite3_errcode(into.getHandle()));
        }
        const StatementHandle write(raw, &sqlite3_finalize);
        while (read.executeStep()) {
            for (int c = 0; c < columns; ++c) {
                const SQLite::Column v = read.getColumn(c);
                int rc = SQLITE_OK;
                switch (v.getType()) {
                    case SQLITE_INTEGER:
                        rc = sqlite3_bind_int64(raw, c + 1, v.getInt64());
                        break;
                    case SQLITE_FLOAT:
                        rc = sqlite3_bind_double(raw, c + 1, v.getDouble());
                        break;
                    case SQLITE_TEXT:
                        rc = sqlite3_bind_text(raw, c + 1, v.getText(), v.getBytes(), SQLITE_STATIC);
                        break;
                    case SQLITE_BLOB:
                        // An empty blob comes back as a null pointer, which binds NULL.
                        rc = v.getBytes() > 0 ? sqlite3_bind_blob(raw, c + 1, v.getBlob(), v.getBytes(), SQLITE_STATIC)
                                              : sqlite3_bind_zeroblob(raw, c + 1, 0);
                        break;
                    default:
                        rc = sqlite3_bind_null(raw, c + 1);
                        break;
                }
                if (rc != SQLITE_OK) throw SQLite::Exception(into.getHandle(), rc);
            }
            if (sqlite3_step(raw) != SQLITE_DONE || sqlite3_reset(raw) != SQLITE_OK) {
                throw SQLite::Exception(into.getHandle(), sqlite3_extended_errcode(into.getHandle()));
            }
        }
    }
}

void FtsAside::run() {
    try {
        m_db.exec("BEGIN");
        SQLite::Statement insert(m_db, "INSERT INTO notes_fts (rowid, title, body) VALUES (?,?,?)");
        for (;;) {
            std::deque<Row> batch;
            {
                std::unique_lock lock(m_mutex);
                m_ready.wait(lock, [&] { return !m_queue.empty() || m_closing; });
                if (m_queue.empty()) break;  // closing, and nothing left
                batch.swap(m_queue);
                m_space.notify_all();
            }
            for (const Row& row : batch) {
                insert.bind(1, row.id);
                insert.bindNoCopy(2, row.title);
                insert.bindNoCopy(3, row.body);
                insert.exec();
                insert.reset();
            }
        }
        // FTS5 flushed a segment each time the pending terms passed
        // `hashsize`: at 10,000 notes three of them, so that each term a
        // query reads is looked up, and its pages touched, in each. One
        // segment costs ~0.2 s of CPU here, while the writer builds the
        // other indexes: `related` at 10k 17.5 -> 14.7 ms (the text
        // signal's probes touch 60 of its 145 mapped pages),
        // `find --match` 9.2 -> 8.3 ms (docs/performance.md).
        // Not when the build is abandoned (stop() from the destructor, after
        // a failure): nothing will read this index.
        bool merge = false;
        {
            std::lock_guard lock(m_mutex);
            merge = m_all_added;
        }
        if (merge) m_db.exec("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')");
        m_db.exec("COMMIT");
    } catch (...) {
        std::lock_guard lock(m_mutex);
        m_error = std::current_exception();
        m_space.notify_all();
    }
}

void FtsAside::close(bool all_added) {
    {
        std::lock_guard lock(m_mutex);
        m_closing = true;
        m_all_added = m_all_added || all_added;
    }
    m_ready.notify_all();
}

void FtsAside::finish_adding() { close(true); }

void FtsAside::stop() {
    close(false);
    if (m_thread.joinable()) m_thread.join();
}

}  // namespace notes::store::detail
