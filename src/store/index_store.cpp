// The index's connection: opening, the schema, transactions, stamps, the
// generic query and the meta table. What the other files of the store do is
// named by their file: note_writer (a note's rows), names_and_links (the
// resolver's view and link rows), user_query (`notes sql`), fts_aside (the
// full-text index of a fresh build), schema (the SQL).

#include "notes/store/index_store.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <variant>

#include "notes/core/error.hpp"
#include "notes/core/text.hpp"
#include "store_impl.hpp"

namespace notes::store {

using namespace detail;

namespace detail {

void bind_text_or_null(SQLite::Statement& st, int index, const std::string& value) {
    if (value.empty()) {
        st.bind(index);
    } else {
        st.bind(index, value);
    }
}

void for_each_in_scopes(SQLite::Database& db, const std::string& select, const std::vector<std::string>& scopes,
                        const std::function<void(SQLite::Statement&)>& row) {
    SQLite::Statement exact(db, select + " path = ?");
    SQLite::Statement under(db, select + " path >= ? AND path < ?");
    for (const std::string& scope : scopes) {
        exact.bind(1, scope);
        while (exact.executeStep()) row(exact);
        exact.reset();
        under.bind(1, scope + "/");
        under.bind(2, scope + "0");
        while (under.executeStep()) row(under);
        under.reset();
    }
}

}  // namespace detail

WalExit leave_wal_mode(const std::filesystem::path& file) {
    try {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA busy_timeout = 10000");
        db.execAndGet("PRAGMA schema_version");  // fails on a file that is not a database
        try {
            db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            // To OFF rather than DELETE: leaving WAL mode rewrites the file
            // header in one more transaction, and with a rollback journal a
            // process killed inside it leaves a hot journal that read-only
            // connections (every reader of the index) cannot roll back until
            // the next indexer run. The header change is one page write.
            const std::string mode = db.execAndGet("PRAGMA journal_mode = OFF").getString();
            return mode == "off" ? WalExit::done : WalExit::busy;
        } catch (const SQLite::Exception& e) {
            if (e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED) return WalExit::busy;
            return WalExit::unreadable;
        }
    } catch (const SQLite::Exception&) {
        return WalExit::unreadable;
    }
}

IndexStore::IndexStore(const std::filesystem::path& file, Mode mode) {
    // SQLite's memory statistics (nothing here reads them) take a global
    // mutex at every allocation: 2-3% of a `related`. Set once, before the
    // first connection initialises the library (later it is refused, harmlessly).
    static const int no_memory_statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)no_memory_statistics;
    // No bulk allocation of page-cache slots when a pager opens: SQLite
    // would take 20 slots of 16 KiB at once and write a header into each,
    // touching 20 fresh pages of memory for each database a connection
    // opens (main and temp), where reading through mmap needs few slots.
    static const int no_bulk_page_cache = sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
    (void)no_bulk_page_cache;
    try {
        m_impl = std::make_unique<Impl>(file, mode);
    } catch (const SQLite::Exception& e) {
        throw Error("cannot open index " + file.string() + ": " + e.what());
    }
    if (mode == Mode::read_write) {
        // Takes effect only on a new, empty file (before WAL mode writes its
        // header): 16 KiB pages hold several plain-text records of ~3 KB
        // each where 4 KiB pages held one and left the rest unused.
        m_impl->db.exec("PRAGMA page_size = 16384");
        m_impl->db.exec("PRAGMA journal_mode = WAL");
        m_impl->db.exec("PRAGMA synchronous = NORMAL");
    }
}

IndexStore::~IndexStore() = default;

void IndexStore::interrupt() { sqlite3_interrupt(m_impl->db.getHandle()); }

int IndexStore::schema_version() { return m_impl->db.execAndGet("PRAGMA user_version").getInt(); }

bool IndexStore::is_empty() {
    return m_impl->db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt() == 0;
}

void IndexStore::create_schema(bool with_indexes) {
    SQLite::Transaction tx(m_impl->db);
    m_impl->db.exec(k_schema_sql);
    m_impl->db.exec(k_fts_sql);
    m_impl->db.exec(k_early_index_sql);
    if (with_indexes) {
        m_impl->db.exec(k_anchor_index_sql);
        m_impl->db.exec(k_index_sql);
    } else {
        m_impl->tag_tally = std::make_unique<detail::TagTally>();
    }
    m_impl->db.exec("PRAGMA user_version = " + std::to_string(k_schema_version));
    tx.commit();
}

void IndexStore::create_anchor_indexes() { m_impl->db.exec(k_anchor_index_sql); }
void IndexStore::create_indexes() { m_impl->db.exec(k_index_sql); }

void IndexStore::use_fast_build_settings() {
    m_impl->db.exec("PRAGMA journal_mode = OFF");
    m_impl->db.exec("PRAGMA synchronous = OFF");
    // The file is new and private until it is renamed into place: a larger
    // page cache saves re-reading and re-writing B-tree pages during the load
    // (size_build_cache() sizes it once the notes are counted).
    m_impl->db.exec("PRAGMA cache_size = -131072");
}

void IndexStore::size_build_cache(std::size_t notes) {
    // 6.5 KiB a note, 16-128 MiB: at 10k notes 64 MiB builds as fast as
    // 128 MiB with a peak of ~110 MB instead of ~155 MB; from 20k on, 128
    // MiB, since 64 MiB made a 100k build twice as slow (docs/performance.md).
    const std::size_t kib = std::clamp<std::size_t>(notes * 13 / 2, 16 * 1024, 128 * 1024);
    m_impl->db.exec("PRAGMA cache_size = -" + std::to_string(kib));
}

void IndexStore::build_fts_aside() { m_impl->fts_aside = std::make_unique<FtsAside>(); }

void IndexStore::end_fts_aside_rows() {
    if (m_impl->fts_aside) m_impl->fts_aside->finish_adding();
}

void IndexStore::finish_fts_aside() {
    if (!m_impl->fts_aside) return;
    const std::unique_ptr<FtsAside> aside = std::move(m_impl->fts_aside);
    aside->copy_into(m_impl->db);
}

void IndexStore::finish_fresh_build() {
    m_impl->db.exec("PRAGMA synchronous = FULL");
    m_impl->db.exec("PRAGMA journal_mode = DELETE");
    m_impl->db.exec("PRAGMA journal_mode = WAL");
    m_impl->db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

void IndexStore::begin() { m_impl->db.exec("BEGIN IMMEDIATE"); }
void IndexStore::commit() {
    m_impl->write_tag_nodes();
    m_impl->db.exec("COMMIT");
}
void IndexStore::rollback() {
    m_impl->forget_tag_changes();
    try {
        m_impl->db.exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
        // No transaction open: nothing to undo.
    }
}

std::string_view StoredStamps::keep(std::string_view text) {
    if (text.empty()) return {};
    if (m_used + text.size() > m_capacity) {
        m_capacity = std::max<std::size_t>(64 * 1024, text.size());
        m_blocks.push_back(std::make_unique<char[]>(m_capacity));
        m_used = 0;
    }
    char* at = m_blocks.back().get() + m_used;
    std::memcpy(at, text.data(), text.size());
    m_used += text.size();
    return {at, text.size()};
}

void StoredStamps::add(std::string_view path, std::int64_t id, std::int64_t size, std::int64_t mtime_ns,
                       std::string_view hash) {
    if (!m_entries.empty() && !(m_entries.back().path < path)) m_sorted = false;
    const std::string_view key = keep(path);
    m_entries.push_back(Entry{key, StoredStamp{id, size, mtime_ns, keep(hash)}});
}

void StoredStamps::sort() {
    if (m_sorted) return;
    std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) { return a.path < b.path; });
    m_sorted = true;
}

const StoredStamp* StoredStamps::find(std::string_view path) const {
    if (!m_sorted) throw std::logic_error("StoredStamps::find() before sort()");
    const auto it = std::lower_bound(m_entries.begin(), m_entries.end(), path,
                                     [](const Entry& e, std::string_view p) { return e.path < p; });
    return it != m_entries.end() && it->path == path ? &it->stamp : nullptr;
}

namespace {

/// One row of `SELECT path, id, size, mtime_ns, hash` into `stamps`, the
/// text read in place (no std::string per column).
void add_stamp(StoredStamps& stamps, SQLite::Statement& st) {
    const SQLite::Column path = st.getColumn(0);
    const SQLite::Column hash = st.getColumn(4);
    const char* path_text = path.getText();
    const auto path_size = static_cast<std::size_t>(path.getBytes());
    const char* hash_text = hash.getText();
    const auto hash_size = static_cast<std::size_t>(hash.getBytes());
    stamps.add({path_text, path_size}, st.getColumn(1).getInt64(), st.getColumn(2).getInt64(),
               st.getColumn(3).getInt64(), {hash_text, hash_size});
}

}  // namespace

StoredStamps IndexStore::load_stamps() {
    StoredStamps stamps;
    // A hint only: the full-text index's count, read in one row.
    stamps.reserve(static_cast<std::size_t>(committed_note_count()));
    // SQLite's own calls: a SQLiteCpp Column per value copies a shared
    // pointer, a third of the cost of a run that changes nothing.
    sqlite3* db = m_impl->db.getHandle();
    sqlite3_stmt* raw = nullptr;
    // In path order, which SQLite reads from the covering index notes_stamp
    // (a tenth of the table's pages; a fresh build creates it at the end, so
    // no INDEXED BY). BINARY collation is bytewise, as std::string_view's
    // comparison, so this is the order of the vault walk.
    if (sqlite3_prepare_v2(db, "SELECT path, id, size, mtime_ns, hash FROM notes ORDER BY path",
                           -1, &raw, nullptr) != SQLITE_OK)
        throw SQLite::Exception(db, sqlite3_errcode(db));
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw, sqlite3_finalize);
    const auto text = [&](int column) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(raw, column));
        return p == nullptr ? std::string_view() : std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(raw, column)));
    };
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        stamps.add(text(0), sqlite3_column_int64(raw, 1), sqlite3_column_int64(raw, 2), sqlite3_column_int64(raw, 3),
                   text(4));
    }
    if (rc != SQLITE_DONE) throw SQLite::Exception(db, rc);
    stamps.sort();  // a no-op: the index gave them in order
    return stamps;
}

StoredStamps IndexStore::load_stamps(const std::vector<std::string>& scopes) {
    StoredStamps stamps;
    for_each_in_scopes(m_impl->db, "SELECT path, id, size, mtime_ns, hash FROM notes WHERE", scopes,
                       [&](SQLite::Statement& st) { add_stamp(stamps, st); });
    stamps.sort();  // scopes "a" and "a-b" come out as "a", "a/x", "a-b"
    return stamps;
}

std::size_t IndexStore::note_count() {
    return static_cast<std::size_t>(m_impl->db.execAndGet("SELECT count(*) FROM notes").getInt64());
}

namespace {

void bind_params(SQLite::Statement& st, const std::vector<SqlParam>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::nullptr_t>) {
                    st.bind(index);
                } else {
                    st.bind(index, v);
                }
            },
            params[i]);
    }
}

/// SQLite's variable-length integer (the record format's, which FTS5 uses
/// too): big-endian groups of 7 bits, the high bit set on every byte but the
/// last; a ninth byte holds 8 bits. nullopt when `blob` ends first.
std::optional<std::uint64_t> read_varint(const unsigned char* blob, std::size_t size) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < size && i < 9; ++i) {
        if (i == 8) return (value << 8) | blob[i];
        value = (value << 7) | (blob[i] & 0x7f);
        if ((blob[i] & 0x80) == 0) return value;
    }
    return std::nullopt;
}

}  // namespace

QueryResult IndexStore::query(const std::string& sql, const std::vector<SqlParam>& params) {
    QueryResult result;
    SQLite::Statement st(m_impl->db, sql);
    bind_params(st, params);
    const int n = st.getColumnCount();
    for (int i = 0; i < n; ++i) result.columns.emplace_back(st.getColumnName(i));
    while (st.executeStep()) {
        auto& row = result.rows.emplace_back();
        for (int i = 0; i < n; ++i) {
            const SQLite::Column c = st.getColumn(i);
            if (c.isNull()) {
                row.emplace_back(std::nullopt);
            } else {
                row.emplace_back(c.getString());
            }
        }
    }
    return result;
}

namespace {

/// Binds `params` to the `?`s of `st` in order, after resetting it (an
/// earlier run's error is not this one's).
void bind_all(sqlite3* db, sqlite3_stmt* st, const std::vector<SqlParam>& params) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        const int rc = std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::nullptr_t>) {
                    return sqlite3_bind_null(st, index);
                } else if constexpr (std::is_same_v<T, std::int64_t>) {
                    return sqlite3_bind_int64(st, index, v);
                } else if constexpr (std::is_same_v<T, double>) {
                    return sqlite3_bind_double(st, index, v);
                } else {
                    return sqlite3_bind_text(st, index, v.data(), static_cast<int>(v.size()),
                                             SQLITE_TRANSIENT);
                }
            },
            params[i]);
        if (rc != SQLITE_OK) throw SQLite::Exception(db, rc);
    }
}

/// Steps `st` to its end, calling `row` for each row; throws SQLite's error.
template <typename Row>
void step_all(sqlite3* db, sqlite3_stmt* st, Row&& row) {
    int rc = SQLITE_ROW;
    try {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) row();
    } catch (...) {
        sqlite3_reset(st);
        throw;
    }
    if (rc != SQLITE_DONE) {
        const SQLite::Exception error(db, rc);
        sqlite3_reset(st);  // a kept statement left running would hold its read open
        throw error;
    }
    sqlite3_reset(st);
}

}  // namespace

std::vector<std::int64_t> IndexStore::query_ints(const std::string& sql,
                                                 const std::vector<SqlParam>& params) {
    // SQLite's own calls, row by row: SQLiteCpp's executeStep() and Column
    // cost about a third as much again as the step itself for a one-column
    // row, and a `related` reads thousands of them.
    sqlite3_stmt* const st = m_impl->raw_cached(sql);
    sqlite3* const db = m_impl->db.getHandle();
    bind_all(db, st, params);
    std::vector<std::int64_t> out;
    const int n = sqlite3_column_count(st);
    step_all(db, st, [&] {
        for (int i = 0; i < n; ++i) out.push_back(sqlite3_column_int64(st, i));
    });
    return out;
}

std::optional<std::string_view> RowView::text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
    if (text == nullptr) return std::nullopt;
    return std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column)));
}

std::int64_t RowView::integer(int column) const { return sqlite3_column_int64(m_statement, column); }

void IndexStore::for_each_row(const std::string& sql, const std::vector<SqlParam>& params,
                              const std::function<void(const RowView&)>& fn) {
    sqlite3_stmt* const st = m_impl->raw_cached(sql);
    sqlite3* const db = m_impl->db.getHandle();
    bind_all(db, st, params);
    const RowView row(st);
    step_all(db, st, [&] { fn(row); });
}

std::int64_t IndexStore::committed_note_count() {
    // FTS5's "averages" record (rowid 1 of its %_data table) starts with the
    // number of rows as a varint; every note has exactly one full-text row.
    SQLite::Statement st(m_impl->db, "SELECT block FROM notes_fts_data WHERE id = 1");
    if (st.executeStep()) {
        const SQLite::Column block = st.getColumn(0);
        const auto* data = static_cast<const unsigned char*>(block.getBlob());
        const auto size = static_cast<std::size_t>(block.getBytes());
        if (data != nullptr) {
            if (const auto rows = read_varint(data, size)) return static_cast<std::int64_t>(*rows);
        }
    }
    SQLite::Statement count(m_impl->db, "SELECT count(*) FROM notes");
    count.executeStep();
    return count.getColumn(0).getInt64();
}

void IndexStore::set_meta(const std::string& key, const std::string& value) {
    SQLite::Statement st(m_impl->db, "INSERT OR REPLACE INTO meta VALUES (?, ?)");
    st.bind(1, key);
    st.bind(2, value);
    st.exec();
}

void IndexStore::erase_meta(const std::string& key) {
    SQLite::Statement st(m_impl->db, "DELETE FROM meta WHERE key = ?");
    st.bind(1, key);
    st.exec();
}

std::optional<std::string> IndexStore::meta(const std::string& key) {
    SQLite::Statement st(m_impl->db, "SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getString();
}

std::string sqlite_version() { return sqlite3_libversion(); }

bool is_database_error(const std::exception& e) { return dynamic_cast<const SQLite::Exception*>(&e) != nullptr; }

}  // namespace notes::store
