#pragma once
// What the .cpp files of the store share: the connection with its prepared
// statements (IndexStore::Impl), the schema's SQL, and small binding helpers.
// Private to src/store/; the only header that includes SQLiteCpp.

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "fts_aside.hpp"
#include "tag_nodes.hpp"
#include "notes/core/paths.hpp"
#include "notes/store/index_store.hpp"

namespace notes::store::detail {

// The schema (schema.cpp): tables and views; the full-text table; the
// indexes anchors need, then the other secondary indexes, kept apart so that
// a fresh build creates them after the bulk insert (one sort per index
// instead of a B-tree update per row).
extern const char* const k_schema_sql;
extern const char* const k_fts_sql;
/// FTS5's shadow tables: together they are the whole full-text index.
extern const char* const k_fts_shadow_tables[5];
extern const char* const k_anchor_index_sql;
extern const char* const k_index_sql;
extern const char* const k_early_index_sql;

/// Runs `select` + " path = ?" and `select` + " path >= ? AND path < ?" for
/// each scope (a vault-relative file, or a folder with everything under it:
/// the paths from "P/" up to "P0", '0' following '/'), calling `row` on each
/// result row. `select` ends in "WHERE" or "AND"; both forms use the index on
/// path.
void for_each_in_scopes(SQLite::Database& db, const std::string& select, const std::vector<std::string>& scopes,
                        const std::function<void(SQLite::Statement&)>& row);

/// key_hash() of link_name_key() of `target`: links.name_hash.
std::optional<std::int64_t> link_name_hash(std::string_view target);

/// Binds NULL for an empty string.
void bind_text_or_null(SQLite::Statement& st, int index, const std::string& value);

/// The authorizer of connections for SQL a user typed (user_query.cpp).
int authorize_user_sql(void* data, int action, const char* arg1, const char* arg2, const char* database,
                       const char* trigger_or_view);

using StatementHandle = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>;

/// Adds notes_bm25(notes_fts, weight…) to the connection: FTS5's bm25(),
/// the same scores, reading each row's length more cheaply (text_rank.cpp).
void register_text_rank(sqlite3* db);

}  // namespace notes::store::detail

namespace notes::store {

struct IndexStore::Impl {
    SQLite::Database db;
    // Statements are declared after the database so that they are destroyed
    // first (Debian's SQLiteCpp asserts on the opposite order).
    std::unique_ptr<SQLite::Statement> insert_note, update_note, update_note_keys, note_keys, path_by_id,
        delete_fts, delete_note, update_stamp, set_resolution, find_heading, find_heading_key, find_block;
    /// The writer's statements, by their SQL.
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> cached_statements;
    /// query_ints()'s statements, by their SQL, used through SQLite's own
    /// calls (no wrapper per row).
    std::unordered_map<std::string, detail::StatementHandle> raw_statements;
    /// Set during a fresh build: where the full-text rows go.
    std::unique_ptr<detail::FtsAside> fts_aside;
    const bool untrusted;
    /// Set by the authorizer when it denies something (untrusted mode).
    std::string denial;
    /// has_anchor()'s last target, its headings and (lower-case) block ids.
    std::int64_t anchor_note = 0;
    std::vector<AnchorHeading> anchor_headings;
    std::vector<std::string> anchor_blocks;
    /// The tag keys whose `tags` rows this transaction changed, whose
    /// `tag_nodes` rows the commit computes again (tag_nodes.cpp).
    std::vector<std::string> touched_tag_keys;
    /// Per node key, what the transaction's writes changed: the notes
    /// carrying the key, and the notes carrying it or a key under it.
    struct CountChange {
        std::int64_t notes = 0;
        std::int64_t under = 0;
    };
    std::unordered_map<std::string, CountChange> tag_count_changes;
    /// A fresh build's tags, counted as its notes are written.
    std::unique_ptr<detail::TagTally> tag_tally;
    /// Set when a fresh build removed or rewrote a note: every row of
    /// `tag_nodes` is computed again at the commit.
    bool recount_all_tags = false;

    Impl(const std::filesystem::path& file, Mode mode)
        // One thread at a time per connection (the indexer writes from the
        // calling thread only): SQLite's mutexes would cost 6 % of a
        // `related` and 8 % of an index run that changes nothing.
        : db(file.string(), mode == Mode::read_write ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLITE_OPEN_NOMUTEX
                            : mode == Mode::read_only ? SQLite::OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                                                      : SQLite::OPEN_READONLY),
          untrusted(mode == Mode::untrusted_sql) {
        db.exec("PRAGMA busy_timeout = 5000");
        // A reading command touches a few hundred pages scattered over the
        // file (`related` at 10,000 notes: ~360 of 16 KiB): mapped, they are
        // read from the OS page cache without a read() and a copy each.
        if (mode == Mode::read_only) db.exec("PRAGMA mmap_size = 2147418112");
        if (untrusted) {
            lock_down();
        } else {
            detail::register_text_rank(db.getHandle());
        }
    }

    /// The layers described in user_query.cpp. Each one is checked after it
    /// is set: if one did not take, the connection is not used.
    void lock_down();

    SQLite::Statement& statement(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
        if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
        return *slot;
    }

    /// A statement prepared once per connection, found by its SQL.
    SQLite::Statement& cached(const std::string& sql) {
        auto& slot = cached_statements[sql];
        if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
        return *slot;
    }

    /// A raw statement prepared once per connection, found by its SQL.
    sqlite3_stmt* raw_cached(const std::string& sql) {
        const auto it = raw_statements.find(sql);
        if (it != raw_statements.end()) return it->second.get();
        sqlite3_stmt* st = nullptr;
        const int rc = sqlite3_prepare_v2(db.getHandle(), sql.c_str(), static_cast<int>(sql.size()),
                                          &st, nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(st);
            throw SQLite::Exception(db.getHandle(), rc);
        }
        raw_statements.emplace(sql, detail::StatementHandle(st, &sqlite3_finalize));
        return st;
    }

    // --- tag_nodes (tag_nodes.cpp) ---

    /// Before a note's tags are written (existing_id 0: a new note): notes
    /// the keys whose rows change, or tallies them in a fresh build.
    void tags_written(std::int64_t existing_id, const std::string& path, const ParsedNote& note,
                      const PreparedNote& p);
    /// Before note `id` is removed.
    void tags_removed(std::int64_t id);
    /// Brings `tag_nodes` up to date with what was noted; before a commit.
    void write_tag_nodes();
    /// Forgets what was noted (a rollback).
    void forget_tag_changes();
    /// Notes what a note's keys before and after a write (each in key
    /// order) change in the counts.
    void count_tag_change(const std::vector<std::string_view>& before,
                          const std::vector<std::string_view>& after);
    /// The rows of `keys` and of their parents, computed again: with
    /// `count_changes`, from the rows as they were and tag_count_changes
    /// (counting from `tags` only a parent that appears), else from `tags`.
    void refresh_tag_nodes(const std::vector<std::string>& keys, bool count_changes);
    /// Inserts or replaces the row of `key`; deletes it when `row` is null.
    void write_tag_node(const std::string& key, const detail::TagNodeRow* row);

    /// Deletes the rows of note `id` from one of its child tables.
    void delete_rows(const char* table, std::int64_t id) {
        auto& st = cached(std::string("DELETE FROM ") + table + " WHERE note_id = ?");
        st.bind(1, id);
        st.exec();
        st.reset();
    }
};

}  // namespace notes::store
