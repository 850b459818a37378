#pragma once
// The full-text index of a fresh build, made on a thread of its own.

#include <SQLiteCpp/SQLiteCpp.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

namespace notes::store::detail {

/// The full-text index of a fresh build, made on a thread of its own in a
/// private temporary database and copied into the index at the end. FTS5's
/// tokenizing and index building were a third of the writer thread's time,
/// and the writer is what a fresh build waits for.
class FtsAside {
public:
    FtsAside();
    ~FtsAside();
    FtsAside(const FtsAside&) = delete;
    FtsAside& operator=(const FtsAside&) = delete;

    /// Queues one note's row; rethrows the builder's failure, if any.
    void add(std::int64_t id, const std::string& title, std::string body);

    /// No more rows will come: the builder writes what is queued, then
    /// merges its index into one segment while the caller goes on.
    void finish_adding();

    /// Waits for the builder, then copies its shadow tables over those of
    /// `into`'s (empty) notes_fts, inside `into`'s open transaction.
    void copy_into(SQLite::Database& into);

private:
    struct Row {
        std::int64_t id;
        std::string title, body;
    };
    static constexpr std::size_t k_max_queued = 256;

    void run();
    /// No more rows; `all_added`: every note's row came (merge the segments).
    void close(bool all_added);
    void stop();

    SQLite::Database m_db;
    std::mutex m_mutex;
    std::condition_variable m_ready, m_space;
    std::deque<Row> m_queue;
    bool m_closing = false;
    bool m_all_added = false;  ///< finish_adding() was called: merge the segments
    std::exception_ptr m_error;
    std::thread m_thread;
};

}  // namespace notes::store::detail
