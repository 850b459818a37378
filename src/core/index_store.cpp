#include "notes/index_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <exception>
#include <initializer_list>
#include <mutex>
#include <set>
#include <stdexcept>
#include <strings.h>
#include <thread>
#include <unordered_map>
#include <variant>

#include "notes/error.hpp"
#include "notes/text.hpp"

namespace notes {
namespace {

// The schema. Keep docs/schema.md in step with every change here, and bump
// k_schema_version: an index of another version is rebuilt automatically.
constexpr const char* k_schema_sql = R"SQL(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;

CREATE TABLE notes (
  id                   INTEGER PRIMARY KEY,
  path                 TEXT NOT NULL UNIQUE,
  slug                 TEXT NOT NULL,
  folder               TEXT NOT NULL,
  title                TEXT NOT NULL,
  title_source         TEXT NOT NULL,
  date                 TEXT,
  domain               TEXT,
  status               TEXT,
  source               TEXT,
  relevance            TEXT,
  front_matter         TEXT,
  front_matter_invalid INTEGER NOT NULL DEFAULT 0,
  word_count           INTEGER NOT NULL DEFAULT 0,
  size                 INTEGER NOT NULL,
  mtime_ns             INTEGER NOT NULL,
  hash                 TEXT NOT NULL,
  path_key             TEXT NOT NULL,
  slug_key             TEXT NOT NULL,
  title_key            TEXT NOT NULL
);

CREATE TABLE aliases (
  note_id   INTEGER NOT NULL REFERENCES notes(id),
  alias     TEXT NOT NULL,
  alias_key TEXT NOT NULL
);

CREATE TABLE tags (
  note_id INTEGER NOT NULL REFERENCES notes(id),
  tag     TEXT NOT NULL,
  tag_key TEXT NOT NULL,
  source  TEXT NOT NULL,
  line    INTEGER NOT NULL,
  PRIMARY KEY (note_id, tag_key)
) WITHOUT ROWID;

CREATE TABLE fields (
  note_id  INTEGER NOT NULL REFERENCES notes(id),
  key      TEXT NOT NULL,
  value    TEXT,
  position INTEGER,
  type     TEXT NOT NULL,
  line     INTEGER
);

CREATE TABLE links (
  id          INTEGER PRIMARY KEY,
  note_id     INTEGER NOT NULL REFERENCES notes(id),
  line        INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  target      TEXT NOT NULL,
  anchor      TEXT,
  label       TEXT,
  target_id   INTEGER REFERENCES notes(id),
  status      TEXT NOT NULL DEFAULT 'broken',
  resolved_by TEXT,
  anchor_ok   INTEGER
);

CREATE TABLE headings (
  note_id INTEGER NOT NULL REFERENCES notes(id),
  level   INTEGER NOT NULL,
  text    TEXT NOT NULL,
  key     TEXT NOT NULL,
  line    INTEGER NOT NULL
);

CREATE TABLE block_ids (
  note_id  INTEGER NOT NULL REFERENCES notes(id),
  block_id TEXT NOT NULL
);

CREATE TABLE warnings (
  note_id INTEGER NOT NULL REFERENCES notes(id),
  line    INTEGER,
  col     INTEGER,
  message TEXT NOT NULL
);

-- notes_fts: k_fts_sql below.

CREATE VIEW backlinks AS
  SELECT t.id AS note_id, t.path AS note_path, s.id AS source_id, s.path AS source_path,
         l.line, l.kind, l.anchor
  FROM links l JOIN notes s ON s.id = l.note_id JOIN notes t ON t.id = l.target_id
  WHERE l.status = 'resolved' AND l.target_id <> l.note_id;

CREATE VIEW broken_links AS
  SELECT s.path AS source_path, l.line, l.kind, l.target, l.anchor, l.label
  FROM links l JOIN notes s ON s.id = l.note_id
  WHERE l.status = 'broken';

CREATE VIEW broken_anchors AS
  SELECT s.path AS source_path, l.line, l.kind, l.target, l.anchor, t.path AS target_path
  FROM links l JOIN notes s ON s.id = l.note_id JOIN notes t ON t.id = l.target_id
  WHERE l.anchor_ok = 0;

CREATE VIEW tag_counts AS
  SELECT (SELECT t2.tag FROM tags t2 JOIN notes n2 ON n2.id = t2.note_id
          WHERE t2.tag_key = t.tag_key ORDER BY n2.path LIMIT 1) AS tag,
         t.tag_key AS tag_key, count(*) AS notes
  FROM tags t GROUP BY t.tag_key;

CREATE VIEW orphans AS
  SELECT n.id, n.path, n.title FROM notes n
  WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.note_id = n.id AND l.status = 'resolved'
                      AND l.target_id <> n.id)
    AND NOT EXISTS (SELECT 1 FROM links l WHERE l.target_id = n.id AND l.note_id <> n.id);
)SQL";

constexpr const char* k_fts_sql = R"SQL(
CREATE VIRTUAL TABLE notes_fts USING fts5(
  title, body, tokenize = 'unicode61 remove_diacritics 2'
);
)SQL";

// FTS5's shadow tables: together they are the whole full-text index.
constexpr const char* k_fts_shadow_tables[] = {"notes_fts_data", "notes_fts_idx", "notes_fts_content",
                                               "notes_fts_docsize", "notes_fts_config"};

// Secondary indexes, kept apart so that a fresh build can create them after
// the bulk insert (one sort per index instead of a B-tree update per row).
constexpr const char* k_anchor_index_sql = R"SQL(
CREATE INDEX headings_note ON headings(note_id, key);
CREATE INDEX block_ids_note ON block_ids(note_id, block_id);
)SQL";
constexpr const char* k_index_sql = R"SQL(
CREATE INDEX notes_slug_key  ON notes(slug_key);
CREATE INDEX notes_title_key ON notes(title_key);
CREATE INDEX notes_date      ON notes(date);
CREATE INDEX aliases_note ON aliases(note_id);
CREATE INDEX aliases_key  ON aliases(alias_key);
CREATE INDEX tags_key ON tags(tag_key);
CREATE INDEX fields_note      ON fields(note_id);
CREATE INDEX fields_key_value ON fields(key, value);
CREATE INDEX links_note   ON links(note_id, target_id);
CREATE INDEX links_target ON links(target_id, note_id, kind);
CREATE INDEX warnings_note ON warnings(note_id);
-- The broken links and anchors, which every run reports: read from here, a
-- run does not scan every link, and the index holds every column it reads.
CREATE INDEX links_problems ON links(note_id, line, status, target, anchor, kind, anchor_ok)
  WHERE status = 'broken' OR anchor_ok = 0;
)SQL";

std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string slug_from_path(const std::string& path) {
    std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    const auto dot = name.rfind('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

void bind_text_or_null(SQLite::Statement& st, int index, const std::string& value) {
    if (value.empty()) {
        st.bind(index);
    } else {
        st.bind(index, value);
    }
}

// ---- SQL typed by a user (`notes sql`) ------------------------------------
//
// Nothing here reads the user's SQL to decide whether it is safe: the
// connection is set up so that SQLite itself refuses everything but reading
// the index. Each layer closes a different way out, and each would still hold
// if another gave way:
//   - SQLITE_OPEN_READONLY: the file is opened O_RDONLY, so every write to it
//     fails ("attempt to write a readonly database").
//   - PRAGMA query_only: the same for the temp database (CREATE TEMP TABLE…),
//     which a read-only file does not cover.
//   - SQLITE_LIMIT_ATTACHED = 0: ATTACH would let a query read any SQLite file
//     on disk, and VACUUM INTO, which attaches its target, would write a copy
//     of the index anywhere ("too many attached databases - max 0").
//   - SQLITE_DBCONFIG_DEFENSIVE: writable_schema is ignored, shadow tables and
//     sqlite_dbpage cannot be written.
//   - SQLITE_DBCONFIG_TRUSTED_SCHEMA off: views and triggers stored in the file
//     may only call innocuous functions, in case the file was tampered with.
//   - load_extension() stays disabled ("not authorized").
//   - An authorizer, consulted while SQLite compiles each statement, denies
//     ATTACH/DETACH early, pragmas that set a value (`PRAGMA query_only = OFF`
//     would undo a layer; others change the file, e.g. journal_mode) or that
//     write (wal_checkpoint: the read-only file refuses it too, but as "disk
//     I/O error"), and two functions that reach outside SQL: load_extension()
//     and fts3_tokenizer().
//     Debian's SQLite is built with SQLITE_ENABLE_FTS3_TOKENIZER, whose
//     one-argument form returns a raw pointer and whose two-argument form
//     installs a tokenizer from one.
// The sqlite3 shell's readfile(), writefile() and edit() are not in the
// library, so a query cannot call them ("no such function").

// Pragmas whose argument names a table or index (or a row limit): they report
// and change nothing, so their argument is not a value being set.
bool pragma_argument_is_a_name(const char* pragma) {
    static constexpr const char* k_names[] = {
        "table_info",  "table_xinfo",      "table_list",       "index_list",      "index_info",
        "index_xinfo", "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check"};
    for (const char* name : k_names) {
        if (::strcasecmp(pragma, name) == 0) return true;
    }
    return false;
}

// Pragmas that take no value and still write to the file. A read-only
// connection fails on them too, but with "disk I/O error".
bool pragma_writes(const char* pragma) {
    for (const char* name : {"wal_checkpoint", "incremental_vacuum", "optimize"}) {
        if (::strcasecmp(pragma, name) == 0) return true;
    }
    return false;
}

bool function_reaches_outside_sql(const char* function) {
    return ::strcasecmp(function, "load_extension") == 0 || ::strcasecmp(function, "fts3_tokenizer") == 0;
}

/// The authorizer of untrusted connections. `data` is where the reason for a
/// denial goes, so that the error can say more than "not authorized".
/// VACUUM and VACUUM INTO are refused here too: both attach a database.
int authorize_user_sql(void* data, int action, const char* arg1, const char* arg2,
                       const char* /*database*/, const char* /*trigger_or_view*/) {
    auto& reason = *static_cast<std::string*>(data);
    switch (action) {
        case SQLITE_ATTACH:
        case SQLITE_DETACH:
            reason = std::string(action == SQLITE_ATTACH ? "attaching a database (ATTACH, VACUUM)"
                                                         : "detaching a database") +
                     "; a query reads the index and no other file";
            return SQLITE_DENY;
        case SQLITE_PRAGMA:
            if (arg2 == nullptr && pragma_writes(arg1)) {
                reason = std::string("PRAGMA ") + arg1 + "; it writes to the index";
                return SQLITE_DENY;
            }
            if (arg2 == nullptr || pragma_argument_is_a_name(arg1)) return SQLITE_OK;
            reason = std::string("PRAGMA ") + arg1 + " = " + arg2 + "; a query may read pragmas, not set them";
            return SQLITE_DENY;
        case SQLITE_FUNCTION:
            // SQLite's own message names the function.
            return arg2 != nullptr && function_reaches_outside_sql(arg2) ? SQLITE_DENY : SQLITE_OK;
        default:
            return SQLITE_OK;
    }
}

/// Whose fault an error is: the query's (status 2: fix the query) or the
/// index's (status 4: a busy, corrupt or unreadable file).
int status_of_sqlite_error(int extended_code) {
    switch (extended_code & 0xFF) {
        case SQLITE_ERROR:
        case SQLITE_AUTH:
        case SQLITE_RANGE:
        case SQLITE_MISMATCH:
        case SQLITE_TOOBIG:
        case SQLITE_CONSTRAINT:
            return exit_status::k_usage;
        case SQLITE_READONLY:
            // The extended READONLY codes (_RECOVERY, _CANTINIT, …) are about
            // the file and its -shm, not about the query.
            return extended_code == SQLITE_READONLY ? exit_status::k_usage : exit_status::k_runtime;
        default:
            return exit_status::k_runtime;
    }
}

/// A blob as the SQL literal that would produce it.
std::string blob_literal(const void* data, int size) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out = "X'";
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (int i = 0; i < size; ++i) {
        out.push_back(k_hex[bytes[i] >> 4]);
        out.push_back(k_hex[bytes[i] & 15]);
    }
    out.push_back('\'');
    return out;
}

using StatementHandle = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>;

}  // namespace

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

std::string heading_key(std::string_view heading) {
    return text::fold_key(text::collapse_whitespace(heading));
}

/// The full-text index of a fresh build, made on a thread of its own in a
/// private temporary database and copied into the index at the end. FTS5's
/// tokenizing and index building were a third of the writer thread's time,
/// and the writer is what a fresh build waits for.
class FtsAside {
public:
    FtsAside() : m_db("", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
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

    ~FtsAside() { stop(); }

    /// Queues one note's row; rethrows the builder's failure, if any.
    void add(std::int64_t id, const std::string& title, std::string body) {
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [&] { return m_queue.size() < k_max_queued || m_error; });
        if (m_error) std::rethrow_exception(m_error);
        m_queue.push_back(Row{id, title, std::move(body)});
        m_ready.notify_one();
    }

    /// Waits for the builder, then copies its shadow tables over those of
    /// `into`'s (empty) notes_fts, inside `into`'s open transaction.
    void copy_into(SQLite::Database& into) {
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

private:
    struct Row {
        std::int64_t id;
        std::string title, body;
    };
    static constexpr std::size_t k_max_queued = 256;

    void run() {
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
            m_db.exec("COMMIT");
        } catch (...) {
            std::lock_guard lock(m_mutex);
            m_error = std::current_exception();
            m_space.notify_all();
        }
    }

    void stop() {
        {
            std::lock_guard lock(m_mutex);
            m_closing = true;
        }
        m_ready.notify_all();
        if (m_thread.joinable()) m_thread.join();
    }

    SQLite::Database m_db;
    std::mutex m_mutex;
    std::condition_variable m_ready, m_space;
    std::deque<Row> m_queue;
    bool m_closing = false;
    std::exception_ptr m_error;
    std::thread m_thread;
};

struct IndexStore::Impl {
    SQLite::Database db;
    // Statements are declared after the database so that they are destroyed
    // first (Debian's SQLiteCpp asserts on the opposite order).
    std::unique_ptr<SQLite::Statement> insert_note, update_note, update_note_keys, note_keys, path_by_id,
        delete_fts, delete_note, update_stamp, set_resolution, find_heading, find_block;
    /// The writer's statements, by their SQL.
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> cached_statements;
    /// Set during a fresh build: where the full-text rows go.
    std::unique_ptr<FtsAside> fts_aside;
    const bool untrusted;
    /// Set by the authorizer when it denies something (untrusted mode).
    std::string denial;

    Impl(const std::filesystem::path& file, Mode mode)
        : db(file.string(), mode == Mode::read_write ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE
                                                     : SQLite::OPEN_READONLY),
          untrusted(mode == Mode::untrusted_sql) {
        db.exec("PRAGMA busy_timeout = 5000");
        if (untrusted) lock_down();
    }

    /// The layers described above "SQL typed by a user". Each one is checked
    /// after it is set: if one did not take, the connection is not used.
    void lock_down() {
        sqlite3* h = db.getHandle();
        auto refuse = [](const char* what) {
            throw Error(std::string("cannot open the index safely for queries: ") + what);
        };
        if (sqlite3_db_readonly(h, "main") != 1) refuse("not read-only");
        const std::pair<int, int> k_settings[] = {{SQLITE_DBCONFIG_DEFENSIVE, 1},
                                                  {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
                                                  {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0}};
        for (const auto& [option, value] : k_settings) {
            int now = -1;
            if (sqlite3_db_config(h, option, value, &now) != SQLITE_OK || now != value) {
                refuse("a connection setting was not accepted");
            }
        }
        sqlite3_limit(h, SQLITE_LIMIT_ATTACHED, 0);
        if (sqlite3_limit(h, SQLITE_LIMIT_ATTACHED, -1) != 0) refuse("ATTACH is still allowed");
        db.exec("PRAGMA query_only = ON");
        if (db.execAndGet("PRAGMA query_only").getInt() != 1) refuse("query_only did not take");
        sqlite3_set_authorizer(h, &authorize_user_sql, &denial);
    }

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

    /// Deletes the rows of note `id` from one of its child tables.
    void delete_rows(const char* table, std::int64_t id) {
        auto& st = cached(std::string("DELETE FROM ") + table + " WHERE note_id = ?");
        st.bind(1, id);
        st.exec();
        st.reset();
    }
};

IndexStore::IndexStore(const std::filesystem::path& file, Mode mode) {
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

int IndexStore::schema_version() { return m_impl->db.execAndGet("PRAGMA user_version").getInt(); }

bool IndexStore::is_empty() {
    return m_impl->db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt() == 0;
}

void IndexStore::create_schema(bool with_indexes) {
    SQLite::Transaction tx(m_impl->db);
    m_impl->db.exec(k_schema_sql);
    m_impl->db.exec(k_fts_sql);
    if (with_indexes) {
        m_impl->db.exec(k_anchor_index_sql);
        m_impl->db.exec(k_index_sql);
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
    // page cache saves re-reading and re-writing B-tree pages during the load.
    m_impl->db.exec("PRAGMA cache_size = -131072");
}

void IndexStore::build_fts_aside() { m_impl->fts_aside = std::make_unique<FtsAside>(); }

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
void IndexStore::commit() { m_impl->db.exec("COMMIT"); }
void IndexStore::rollback() {
    try {
        m_impl->db.exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
        // No transaction open: nothing to undo.
    }
}

std::unordered_map<std::string, StoredStamp> IndexStore::load_stamps() {
    std::unordered_map<std::string, StoredStamp> stamps;
    SQLite::Statement st(m_impl->db, "SELECT path, id, size, mtime_ns, hash FROM notes");
    while (st.executeStep()) {
        stamps.emplace(st.getColumn(0).getString(),
                       StoredStamp{st.getColumn(1).getInt64(), st.getColumn(2).getInt64(),
                                   st.getColumn(3).getInt64(), st.getColumn(4).getString()});
    }
    return stamps;
}

PreparedNote prepare_note(const std::string& path, const ParsedNote& note) {
    PreparedNote p;
    p.slug = slug_from_path(path);
    p.folder = folder_of(path);
    p.path_key = text::fold_key(path);
    p.slug_key = text::fold_key(p.slug);
    p.title_key = text::fold_key(note.title);
    p.alias_keys.reserve(note.aliases.size());
    for (const auto& a : note.aliases) p.alias_keys.push_back(text::fold_key(a));
    p.tag_keys.reserve(note.tags.size());
    for (const auto& t : note.tags) p.tag_keys.push_back(text::fold_key(t.name));
    p.heading_keys.reserve(note.headings.size());
    for (const auto& h : note.headings) p.heading_keys.push_back(heading_key(h.text));
    return p;
}

namespace {

// A changed note is usually edited prose: its tags, fields, links and
// headings stay what they were, at most on other lines. Rewriting their rows
// would dirty pages all over the secondary indexes (fields by key and value,
// links by target), which at 1% of a large vault means most of those indexes.
// So each child table is compared with what is stored: when the note's rows
// are the same values in the same order, only the columns no index holds
// (line numbers, for tags also the spelling) are updated in place; otherwise
// that table's rows of the note are deleted and inserted again, in document
// order, as in a fresh build.

/// A value to write; strings are those of the parsed note, not copies.
using Value = std::variant<std::nullptr_t, std::int64_t, const std::string*>;

// A column value in a form that tells NULL, text and integer apart.
void encode_text(std::string& out, std::string_view s) {
    out += '\x02';
    out += std::to_string(s.size());
    out += ':';
    out += s;
}

void encode(std::string& out, const Value& v) {
    if (std::holds_alternative<std::nullptr_t>(v)) {
        out += '\x01';
    } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        out += '\x03';
        out += std::to_string(*i);
        out += ';';
    } else {
        encode_text(out, *std::get<const std::string*>(v));
    }
}

void encode(std::string& out, const SQLite::Column& c) {
    switch (c.getType()) {
        case SQLITE_NULL:
            encode(out, Value{nullptr});
            break;
        case SQLITE_INTEGER:
            encode(out, Value{c.getInt64()});
            break;
        default: {
            const char* text = c.getText();
            encode_text(out, std::string_view(text, static_cast<std::size_t>(c.getBytes())));
            break;
        }
    }
}

void bind_value(SQLite::Statement& st, int index, const Value& v) {
    if (std::holds_alternative<std::nullptr_t>(v)) {
        st.bind(index);
    } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        st.bind(index, *i);
    } else {
        st.bindNoCopy(index, *std::get<const std::string*>(v));
    }
}

Value text_or_null_value(const std::string& s) {
    return s.empty() ? Value{nullptr} : Value{&s};
}

Value int_or_null_value(int v, int min) {
    return v >= min ? Value{std::int64_t{v}} : Value{nullptr};
}

const std::string k_front_matter = "front_matter";
const std::string k_body = "body";

/// A row as the note would write it: the columns that identify it (and that
/// indexes hold), then the ones that may be updated in place.
struct PlannedRow {
    std::array<Value, 4> identity;
    std::array<Value, 3> mutable_columns;
    int n_identity = 0;
    int n_mutable = 0;

    PlannedRow(std::initializer_list<Value> id, std::initializer_list<Value> mut)
        : n_identity(static_cast<int>(id.size())), n_mutable(static_cast<int>(mut.size())) {
        std::copy(id.begin(), id.end(), identity.begin());
        std::copy(mut.begin(), mut.end(), mutable_columns.begin());
    }
};

/// A table of rows that belong to one note: how the writer inserts them
/// (note id, identity columns, mutable columns), reads them back in the
/// order they were written (rowid, identity, mutable), and updates the
/// mutable columns in place (see Writer::update_in_place).
struct ChildTable {
    const char* name;
    const char* insert;
    const char* select;
    const char* update;  // "" when no column may change in place
    bool locate_by_identity;
};

constexpr ChildTable k_aliases{"aliases", "INSERT INTO aliases (note_id, alias, alias_key) VALUES (?,?,?)",
                               "SELECT rowid, alias, alias_key FROM aliases WHERE note_id = ? ORDER BY rowid", "",
                               false};
// WITHOUT ROWID, one row per tag key: found by its key, in key order.
constexpr ChildTable k_tags{"tags", "INSERT INTO tags (note_id, tag_key, tag, source, line) VALUES (?,?,?,?,?)",
                            "SELECT 0, tag_key, tag, source, line FROM tags WHERE note_id = ? ORDER BY tag_key",
                            "UPDATE tags SET tag = ?1, source = ?2, line = ?3 WHERE tag_key = ?4 AND note_id = ?5",
                            true};
constexpr ChildTable k_fields{
    "fields", "INSERT INTO fields (note_id, key, value, position, type, line) VALUES (?,?,?,?,?,?)",
    "SELECT rowid, key, value, position, type, line FROM fields WHERE note_id = ? ORDER BY rowid",
    "UPDATE fields SET line = ?1 WHERE rowid = ?2 AND note_id = ?3", false};
// Inserted by Writer::insert_links(), which also writes the resolution.
constexpr ChildTable k_links{"links", "",
                             "SELECT id, kind, target, anchor, label, line FROM links WHERE note_id = ? ORDER BY id",
                             "UPDATE links SET line = ?1 WHERE id = ?2 AND note_id = ?3", false};
constexpr ChildTable k_headings{
    "headings", "INSERT INTO headings (note_id, level, text, key, line) VALUES (?,?,?,?,?)",
    "SELECT rowid, level, text, key, line FROM headings WHERE note_id = ? ORDER BY rowid",
    "UPDATE headings SET line = ?1 WHERE rowid = ?2 AND note_id = ?3", false};
constexpr ChildTable k_block_ids{"block_ids", "INSERT INTO block_ids (note_id, block_id) VALUES (?,?)",
                                 "SELECT rowid, block_id FROM block_ids WHERE note_id = ? ORDER BY rowid", "",
                                 false};
constexpr ChildTable k_warnings_table{
    "warnings", "INSERT INTO warnings (note_id, line, col, message) VALUES (?,?,?,?)",
    "SELECT rowid, line, col, message FROM warnings WHERE note_id = ? ORDER BY rowid", "", false};

constexpr const ChildTable* k_child_tables[] = {&k_aliases,  &k_tags,      &k_fields,        &k_links,
                                                &k_headings, &k_block_ids, &k_warnings_table};

}  // namespace

struct IndexStore::Writer {
    Impl& m;
    std::int64_t id;
    const ParsedNote& note;
    const PreparedNote& p;
    /// note.text, when the caller gave it up: the full-text builder takes it
    /// without a copy (a note of many megabytes would otherwise be held twice).
    std::string* take_text = nullptr;

    SQLite::Statement& cached(const std::string& sql) { return m.cached(sql); }

    void run(SQLite::Statement& st) {
        st.exec();
        st.reset();
    }

    void delete_rows(const ChildTable& table) { m.delete_rows(table.name, id); }

    /// `table.select` reads the note's stored rows as (rowid, identity
    /// columns..., mutable columns...) in the order they were written;
    /// `table.update` sets the mutable columns (?1..?k) of the row ?k+1 of
    /// note ?k+2, where the row is its rowid, or its first identity column if
    /// `table.locate_by_identity`. True when the stored rows matched `rows`
    /// and are now up to date; false, with nothing changed, when the table's
    /// rows of the note must be rewritten.
    bool update_in_place(const ChildTable& table, const std::vector<PlannedRow>& rows) {
        auto& st = cached(table.select);
        st.bind(1, id);
        struct Change {
            std::int64_t rowid;  // unused when the row is located by its identity
            std::size_t row;
        };
        std::vector<Change> changes;
        std::size_t i = 0;
        bool same = true;
        std::string stored, wanted;
        while (same && st.executeStep()) {
            if (i == rows.size()) {
                same = false;
                break;
            }
            const PlannedRow& row = rows[i];
            const int n_identity = row.n_identity;
            const int n_mutable = row.n_mutable;
            if (st.getColumnCount() != 1 + n_identity + n_mutable) throw std::logic_error("row shape");
            stored.clear();
            wanted.clear();
            for (int c = 0; c < n_identity; ++c) {
                encode(stored, st.getColumn(1 + c));
                encode(wanted, row.identity[c]);
            }
            if (stored != wanted) {
                same = false;
                break;
            }
            stored.clear();
            wanted.clear();
            for (int c = 0; c < n_mutable; ++c) {
                encode(stored, st.getColumn(1 + n_identity + c));
                encode(wanted, row.mutable_columns[c]);
            }
            if (stored != wanted) changes.push_back({st.getColumn(0).getInt64(), i});
            ++i;
        }
        st.reset();
        if (!same || i != rows.size()) return false;
        if (changes.empty()) return true;
        auto& up = cached(table.update);
        for (const Change& c : changes) {
            const PlannedRow& row = rows[c.row];
            const int n = row.n_mutable;
            for (int k = 0; k < n; ++k) bind_value(up, k + 1, row.mutable_columns[k]);
            if (table.locate_by_identity) {
                bind_value(up, n + 1, row.identity[0]);
            } else {
                up.bind(n + 1, c.rowid);
            }
            up.bind(n + 2, id);
            run(up);
        }
        return true;
    }

    // --- the rows of each table, as written ---

    std::vector<PlannedRow> alias_rows() const {
        std::vector<PlannedRow> rows;
        for (std::size_t i = 0; i < note.aliases.size(); ++i)
            rows.push_back({{&note.aliases[i], &p.alias_keys[i]}, {}});
        return rows;
    }

    /// One row per tag key, the first spelling of the note (as INSERT OR
    /// IGNORE keeps it), in key order (the table's primary key).
    std::vector<PlannedRow> tag_rows() const {
        std::vector<PlannedRow> rows;
        rows.reserve(note.tags.size());
        for (std::size_t i = 0; i < note.tags.size(); ++i) {
            const Tag& t = note.tags[i];
            rows.push_back({{&p.tag_keys[i]},
                            {&t.name,
                             t.from_front_matter ? &k_front_matter : &k_body,
                             std::int64_t{t.line}}});
        }
        const auto key = [](const PlannedRow& r) -> const std::string& {
            return *std::get<const std::string*>(r.identity[0]);
        };
        std::stable_sort(rows.begin(), rows.end(),
                         [&](const PlannedRow& a, const PlannedRow& b) { return key(a) < key(b); });
        rows.erase(std::unique(rows.begin(), rows.end(),
                               [&](const PlannedRow& a, const PlannedRow& b) { return key(a) == key(b); }),
                   rows.end());
        return rows;
    }

    std::vector<PlannedRow> field_rows() const {
        std::vector<PlannedRow> rows;
        rows.reserve(note.fields.size());
        for (const auto& f : note.fields) {
            rows.push_back({{&f.key,
                             f.type == "null" ? Value{nullptr} : Value{&f.value},
                             int_or_null_value(f.position, 0), &f.type},
                            {std::int64_t{f.line}}});
        }
        return rows;
    }

    std::vector<PlannedRow> link_rows() const {
        std::vector<PlannedRow> rows;
        rows.reserve(note.links.size());
        for (const Link& l : note.links) {
            rows.push_back({{&l.kind, &l.target, text_or_null_value(l.anchor),
                             text_or_null_value(l.label)},
                            {std::int64_t{l.line}}});
        }
        return rows;
    }

    std::vector<PlannedRow> heading_rows() const {
        std::vector<PlannedRow> rows;
        rows.reserve(note.headings.size());
        for (std::size_t i = 0; i < note.headings.size(); ++i) {
            const Heading& h = note.headings[i];
            rows.push_back({{std::int64_t{h.level}, &h.text, &p.heading_keys[i]},
                            {std::int64_t{h.line}}});
        }
        return rows;
    }

    std::vector<PlannedRow> block_rows() const {
        std::vector<PlannedRow> rows;
        for (const auto& b : note.block_ids) rows.push_back({{&b}, {}});
        return rows;
    }

    std::vector<PlannedRow> warning_rows() const {
        std::vector<PlannedRow> rows;
        for (const auto& w : note.warnings)
            rows.push_back(
                {{int_or_null_value(w.line, 1), int_or_null_value(w.column, 1), &w.message}, {}});
        return rows;
    }

    /// Inserts `rows` into `table`: the note id, the identity columns, the
    /// mutable ones.
    void insert_rows(const ChildTable& table, const std::vector<PlannedRow>& rows) {
        auto& st = cached(table.insert);
        for (const PlannedRow& row : rows) {
            int k = 1;
            st.bind(k++, id);
            for (int c = 0; c < row.n_identity; ++c) bind_value(st, k++, row.identity[c]);
            for (int c = 0; c < row.n_mutable; ++c) bind_value(st, k++, row.mutable_columns[c]);
            run(st);
        }
    }

    void insert_links(std::vector<std::int64_t>* unresolved_links) {
        auto& link = cached(R"SQL(
            INSERT INTO links (note_id, kind, target, anchor, label, line, target_id, status, resolved_by)
            VALUES (?,?,?,?,?,?,?,?,?))SQL");
        const bool resolved = p.links.size() == note.links.size();
        for (std::size_t i = 0; i < note.links.size(); ++i) {
            const Link& l = note.links[i];
            link.bind(1, id);
            link.bindNoCopy(2, l.kind);
            link.bindNoCopy(3, l.target);
            bind_value(link, 4, text_or_null_value(l.anchor));
            bind_value(link, 5, text_or_null_value(l.label));
            link.bind(6, l.line);
            const PreparedNote::LinkState* state =
                resolved && !p.links[i].status.empty() ? &p.links[i] : nullptr;
            if (state != nullptr && state->target_id != 0) {
                link.bind(7, state->target_id);
            } else {
                link.bind(7);
            }
            link.bindNoCopy(8, state != nullptr ? state->status.c_str() : "broken");
            if (state != nullptr && !state->resolved_by.empty()) {
                link.bindNoCopy(9, state->resolved_by);
            } else {
                link.bind(9);
            }
            run(link);
            if (state == nullptr && unresolved_links != nullptr)
                unresolved_links->push_back(m.db.getLastInsertRowid());
        }
    }

    void insert_fts() {
        if (m.fts_aside) {
            m.fts_aside->add(id, note.title, take_text != nullptr ? std::move(*take_text) : note.text);
            return;
        }
        auto& fts = cached("INSERT INTO notes_fts (rowid, title, body) VALUES (?,?,?)");
        fts.bind(1, id);
        fts.bindNoCopy(2, note.title);
        fts.bindNoCopy(3, note.text);
        run(fts);
    }

    // --- a new note, or a fresh build ---

    void insert_children(std::vector<std::int64_t>* unresolved_links) {
        insert_rows(k_aliases, alias_rows());
        insert_rows(k_tags, tag_rows());
        insert_rows(k_fields, field_rows());
        insert_links(unresolved_links);
        insert_rows(k_headings, heading_rows());
        insert_rows(k_block_ids, block_rows());
        insert_rows(k_warnings_table, warning_rows());
        insert_fts();
    }

    // --- a changed note, in place ---

    /// The note's rows of `table` made equal to `rows`: in place when they
    /// are the same values in the same order, else deleted and inserted.
    void sync(const ChildTable& table, const std::vector<PlannedRow>& rows) {
        if (update_in_place(table, rows)) return;
        delete_rows(table);
        insert_rows(table, rows);
    }

    void update_children() {
        sync(k_aliases, alias_rows());
        sync(k_tags, tag_rows());
        sync(k_fields, field_rows());
        // Kept link rows keep their resolution; the resolve pass that follows
        // visits every link of a re-parsed note.
        if (!update_in_place(k_links, link_rows())) {
            delete_rows(k_links);
            insert_links(nullptr);
        }
        sync(k_headings, heading_rows());
        sync(k_block_ids, block_rows());
        sync(k_warnings_table, warning_rows());
        // The full-text row changes only with the title or the text.
        auto& old = cached("SELECT title, body FROM notes_fts WHERE rowid = ?");
        old.bind(1, id);
        const bool same_text = old.executeStep() && old.getColumn(0).getString() == note.title &&
                               old.getColumn(1).getString() == note.text;
        old.reset();
        if (!same_text) {
            auto& del = cached("DELETE FROM notes_fts WHERE rowid = ?");
            del.bind(1, id);
            run(del);
            insert_fts();
        }
    }
};

std::int64_t IndexStore::write_note(std::int64_t existing_id, const FileRecord& file,
                                    const ParsedNote& note, const PreparedNote* prepared,
                                    std::vector<std::int64_t>* unresolved_links) {
    return write_note_impl(existing_id, file, note, prepared, unresolved_links, nullptr);
}

std::int64_t IndexStore::write_note_impl(std::int64_t existing_id, const FileRecord& file,
                                         const ParsedNote& note, const PreparedNote* prepared,
                                         std::vector<std::int64_t>* unresolved_links, std::string* take_text) {
    Impl& m = *m_impl;
    PreparedNote computed;
    if (prepared == nullptr) {
        computed = prepare_note(file.path, note);
        prepared = &computed;
    }
    const PreparedNote& p = *prepared;
    // Every value bound below lives until its statement has run: no copies.
    auto text_or_null = [](SQLite::Statement& st, int index, const std::string& value) {
        bind_value(st, index, text_or_null_value(value));
    };
    // The twelve columns that follow the content of the file, in the order
    // both the INSERT and the UPDATE name them, from `first` on.
    auto bind_content_columns = [&](SQLite::Statement& st, int first) {
        st.bindNoCopy(first, note.title);
        st.bindNoCopy(first + 1, note.title_source);
        text_or_null(st, first + 2, note.domain);
        text_or_null(st, first + 3, note.status);
        text_or_null(st, first + 4, note.source);
        text_or_null(st, first + 5, note.relevance);
        text_or_null(st, first + 6, note.front_matter_json);
        st.bind(first + 7, note.front_matter_invalid ? 1 : 0);
        st.bind(first + 8, note.word_count);
        st.bind(first + 9, file.size);
        st.bind(first + 10, file.mtime_ns);
        st.bindNoCopy(first + 11, file.hash);
    };
    if (existing_id != 0) {
        // The columns no index holds, then the indexed ones only if they
        // changed (an UPDATE that names an indexed column rewrites its
        // index entry even when the value is the same). The path, and so
        // the slug and folder, are those of the stored note.
        auto& keys = m.statement(m.note_keys, "SELECT title_key, date FROM notes WHERE id = ?");
        keys.bind(1, existing_id);
        if (!keys.executeStep()) {
            keys.reset();
            throw std::logic_error("write_note: no note with id " + std::to_string(existing_id));
        }
        const bool same_keys = keys.getColumn(0).getString() == p.title_key &&
                               keys.getColumn(1).isNull() == note.date.empty() &&
                               keys.getColumn(1).getString() == note.date;
        keys.reset();
        auto& up = m.statement(m.update_note, R"SQL(
            UPDATE notes SET title = ?, title_source = ?, domain = ?, status = ?, source = ?,
                             relevance = ?, front_matter = ?, front_matter_invalid = ?,
                             word_count = ?, size = ?, mtime_ns = ?, hash = ?
            WHERE id = ?)SQL");
        bind_content_columns(up, 1);
        up.bind(13, existing_id);
        up.exec();
        up.reset();
        if (!same_keys) {
            auto& up_keys = m.statement(m.update_note_keys, "UPDATE notes SET title_key = ?, date = ? WHERE id = ?");
            up_keys.bindNoCopy(1, p.title_key);
            text_or_null(up_keys, 2, note.date);
            up_keys.bind(3, existing_id);
            up_keys.exec();
            up_keys.reset();
        }
        Writer{m, existing_id, note, p, take_text}.update_children();
        return existing_id;
    }

    auto& ins = m.statement(m.insert_note, R"SQL(
        INSERT INTO notes (title, title_source, domain, status, source, relevance, front_matter,
                           front_matter_invalid, word_count, size, mtime_ns, hash,
                           id, path, slug, folder, date, path_key, slug_key, title_key)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?))SQL");
    bind_content_columns(ins, 1);
    if (p.id != 0) {
        ins.bind(13, p.id);
    } else {
        ins.bind(13);
    }
    ins.bindNoCopy(14, file.path);
    ins.bindNoCopy(15, p.slug);
    ins.bindNoCopy(16, p.folder);
    text_or_null(ins, 17, note.date);
    ins.bindNoCopy(18, p.path_key);
    ins.bindNoCopy(19, p.slug_key);
    ins.bindNoCopy(20, p.title_key);
    ins.exec();
    ins.reset();
    const std::int64_t id = m.db.getLastInsertRowid();
    Writer{m, id, note, p, take_text}.insert_children(unresolved_links);
    return id;
}

std::int64_t IndexStore::write_note(std::int64_t existing_id, const FileRecord& file, ParsedNote&& note,
                                    const PreparedNote* prepared, std::vector<std::int64_t>* unresolved_links) {
    return write_note_impl(existing_id, file, note, prepared, unresolved_links, &note.text);
}

void IndexStore::update_stamp(std::int64_t id, std::int64_t size, std::int64_t mtime_ns) {
    auto& st = m_impl->statement(m_impl->update_stamp,
                                 "UPDATE notes SET size = ?, mtime_ns = ? WHERE id = ?");
    st.bind(1, size);
    st.bind(2, mtime_ns);
    st.bind(3, id);
    st.exec();
    st.reset();
}

void IndexStore::remove_note(std::int64_t id) {
    Impl& m = *m_impl;
    for (const ChildTable* table : k_child_tables) m.delete_rows(table->name, id);
    for (auto* st : {&m.statement(m.delete_fts, "DELETE FROM notes_fts WHERE rowid = ?"),
                     &m.statement(m.delete_note, "DELETE FROM notes WHERE id = ?")}) {
        st->bind(1, id);
        st->exec();
        st->reset();
    }
}

std::vector<std::string> IndexStore::name_keys(std::int64_t id) {
    std::vector<std::string> keys;
    SQLite::Statement st(m_impl->db,
                         "SELECT title_key FROM notes WHERE id = ?1 "
                         "UNION ALL SELECT alias_key FROM aliases WHERE note_id = ?1");
    st.bind(1, id);
    while (st.executeStep()) keys.push_back(st.getColumn(0).getString());
    return keys;
}

std::vector<NoteName> IndexStore::load_note_names() {
    std::vector<NoteName> names;
    std::unordered_map<std::int64_t, std::size_t> index;
    SQLite::Statement st(m_impl->db, "SELECT id, path, title FROM notes ORDER BY path");
    while (st.executeStep()) {
        index.emplace(st.getColumn(0).getInt64(), names.size());
        names.push_back(NoteName{st.getColumn(0).getInt64(), st.getColumn(1).getString(),
                                 st.getColumn(2).getString(), {}});
    }
    SQLite::Statement aliases(m_impl->db, "SELECT note_id, alias FROM aliases");
    while (aliases.executeStep()) {
        const auto it = index.find(aliases.getColumn(0).getInt64());
        if (it != index.end()) names[it->second].aliases.push_back(aliases.getColumn(1).getString());
    }
    return names;
}

std::vector<NameSource::Candidate> IndexNames::by_path(const std::string& key) { return m_store.notes_by_key("path", key); }
std::vector<NameSource::Candidate> IndexNames::by_slug(const std::string& key) { return m_store.notes_by_key("slug", key); }
std::vector<NameSource::Candidate> IndexNames::by_alias(const std::string& key) { return m_store.notes_by_key("alias", key); }
std::vector<NameSource::Candidate> IndexNames::by_title(const std::string& key) { return m_store.notes_by_key("title", key); }

std::vector<NameSource::Candidate> IndexStore::notes_by_key(std::string_view by, const std::string& key) {
    // path_key holds the folded path with its extension (folded to lower
    // case): a note file ends in .md or .markdown, and its slug is the last
    // segment of the key, which the slug index finds.
    const char* sql = nullptr;
    if (by == "path") {
        sql = "SELECT id, path FROM notes WHERE slug_key = ?2 AND path_key IN (?1 || '.md', ?1 || '.markdown') "
              "ORDER BY path";
    } else if (by == "slug") {
        sql = "SELECT id, path FROM notes WHERE slug_key = ?1 ORDER BY path";
    } else if (by == "alias") {
        sql = "SELECT DISTINCT n.id, n.path FROM aliases a JOIN notes n ON n.id = a.note_id "
              "WHERE a.alias_key = ?1 ORDER BY n.path";
    } else if (by == "title") {
        sql = "SELECT id, path FROM notes WHERE title_key = ?1 AND title <> '' ORDER BY path";
    } else {
        throw std::logic_error("notes_by_key: unknown key kind");
    }
    SQLite::Statement& st = m_impl->cached(sql);
    st.bindNoCopy(1, key);
    std::string slug;
    if (by == "path") {
        const auto slash = key.rfind('/');
        slug = slash == std::string::npos ? key : key.substr(slash + 1);
        st.bindNoCopy(2, slug);
    }
    std::vector<NameSource::Candidate> out;
    while (st.executeStep()) out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    st.reset();
    return out;
}

std::string IndexStore::path_of(std::int64_t id) {
    auto& st = m_impl->statement(m_impl->path_by_id, "SELECT path FROM notes WHERE id = ?");
    st.bind(1, id);
    std::string path = st.executeStep() ? st.getColumn(0).getString() : std::string();
    st.reset();
    return path;
}

namespace {

/// A link row selected as id, note_id, kind, target, anchor, target_id,
/// status, resolved_by, anchor_ok.
StoredLink stored_link_of(SQLite::Statement& st) {
    StoredLink l;
    l.id = st.getColumn(0).getInt64();
    l.note_id = st.getColumn(1).getInt64();
    l.kind = st.getColumn(2).getString();
    l.target = st.getColumn(3).getString();
    l.anchor = st.getColumn(4).getString();
    l.target_id = st.getColumn(5).getInt64();
    l.status = st.getColumn(6).getString();
    l.resolved_by = st.getColumn(7).getString();
    l.anchor_ok = st.getColumn(8).isNull() ? -1 : st.getColumn(8).getInt();
    return l;
}

}  // namespace

void IndexStore::for_each_link(const std::vector<std::int64_t>& only_notes,
                               const std::function<void(const StoredLink&)>& fn) {
    auto read = [&](SQLite::Statement& st) {
        std::vector<StoredLink> batch;
        while (st.executeStep()) {
            batch.push_back(stored_link_of(st));
        }
        st.reset();
        // The statement is done before `fn` runs, so `fn` may update links.
        for (const StoredLink& l : batch) fn(l);
        return batch.empty() ? std::int64_t{-1} : batch.back().id;
    };
    constexpr const char* k_columns =
        "SELECT id, note_id, kind, target, anchor, target_id, status, resolved_by, anchor_ok FROM links";
    if (only_notes.empty()) {
        // In id order, a batch at a time, so memory stays bounded on any vault.
        SQLite::Statement st(m_impl->db, std::string(k_columns) + " WHERE id > ? ORDER BY id LIMIT 20000");
        for (std::int64_t last = 0; last >= 0;) {
            st.bind(1, last);
            last = read(st);
        }
        return;
    }
    SQLite::Statement by_note(m_impl->db, std::string(k_columns) + " WHERE note_id = ?");
    SQLite::Statement by_target(m_impl->db, std::string(k_columns) +
                                                " WHERE target_id = ? AND anchor IS NOT NULL AND note_id <> target_id");
    for (const auto id : only_notes) {
        by_note.bind(1, id);
        read(by_note);
        by_target.bind(1, id);
        read(by_target);
    }
}

void IndexStore::for_each_link_id(const std::vector<std::int64_t>& link_ids,
                                  const std::function<void(const StoredLink&)>& fn) {
    SQLite::Statement st(m_impl->db,
                         "SELECT id, note_id, kind, target, anchor, target_id, status, resolved_by, anchor_ok "
                         "FROM links WHERE id = ?");
    constexpr std::size_t k_batch = 20000;
    std::vector<StoredLink> batch;
    for (std::size_t start = 0; start < link_ids.size(); start += k_batch) {
        batch.clear();
        const std::size_t end = std::min(link_ids.size(), start + k_batch);
        for (std::size_t i = start; i < end; ++i) {
            st.bind(1, link_ids[i]);
            if (st.executeStep()) {
                batch.push_back(stored_link_of(st));
            }
            st.reset();
        }
        for (const StoredLink& l : batch) fn(l);
    }
}

void IndexStore::set_link_resolution(const StoredLink& link) {
    auto& st = m_impl->statement(
        m_impl->set_resolution,
        "UPDATE links SET target_id = ?, status = ?, resolved_by = ?, anchor_ok = ? WHERE id = ?");
    if (link.target_id != 0) {
        st.bind(1, link.target_id);
    } else {
        st.bind(1);
    }
    st.bind(2, link.status);
    bind_text_or_null(st, 3, link.resolved_by);
    if (link.anchor_ok >= 0) {
        st.bind(4, link.anchor_ok);
    } else {
        st.bind(4);
    }
    st.bind(5, link.id);
    st.exec();
    st.reset();
}

bool IndexStore::has_anchor(std::int64_t id, const std::string& anchor) {
    Impl& m = *m_impl;
    if (!anchor.empty() && anchor[0] == '^') {
        auto& st = m.statement(m.find_block, "SELECT 1 FROM block_ids WHERE note_id = ? AND block_id = ?");
        st.bind(1, id);
        st.bind(2, anchor.substr(1));
        const bool found = st.executeStep();
        st.reset();
        return found;
    }
    // "H1#H2": Obsidian checks the innermost heading; the outer ones only
    // disambiguate, so the last non-empty part must exist.
    std::string last = anchor;
    while (!last.empty() && last.back() == '#') last.pop_back();
    if (const auto hash = last.rfind('#'); hash != std::string::npos) last = last.substr(hash + 1);
    auto& st = m.statement(m.find_heading, "SELECT 1 FROM headings WHERE note_id = ? AND key = ?");
    st.bind(1, id);
    st.bind(2, heading_key(last));
    const bool found = st.executeStep();
    st.reset();
    return found;
}

std::vector<Warning> IndexStore::load_warnings() {
    std::vector<Warning> out;
    SQLite::Statement st(m_impl->db,
                         "SELECT n.path, w.line, w.col, w.message FROM warnings w "
                         "JOIN notes n ON n.id = w.note_id ORDER BY n.path, w.rowid");
    while (st.executeStep()) {
        out.push_back(Warning{st.getColumn(0).getString(), st.getColumn(1).getInt(),
                              st.getColumn(2).getInt(), st.getColumn(3).getString()});
    }
    return out;
}

QueryResult IndexStore::query(const std::string& sql, const std::vector<SqlParam>& params) {
    QueryResult result;
    SQLite::Statement st(m_impl->db, sql);
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

TypedQueryResult IndexStore::run_user_query(const std::string& sql) {
    Impl& m = *m_impl;
    if (!m.untrusted) throw std::logic_error("run_user_query needs a store opened with Mode::untrusted_sql");
    sqlite3* h = m.db.getHandle();
    auto fail = [&](int code) -> Error {
        std::string message = sqlite3_errmsg(h);
        if ((code & 0xFF) == SQLITE_AUTH && !m.denial.empty()) message += ": " + m.denial;
        if (code == SQLITE_READONLY) message += "; a query only reads the index";
        return Error(message, status_of_sqlite_error(code));
    };
    // Compiles the next statement of `rest`, skipping empty ones (";", comments).
    auto prepare_next = [&](const char*& rest, const char* end) {
        sqlite3_stmt* raw = nullptr;
        while (raw == nullptr && rest < end) {
            m.denial.clear();
            const char* tail = nullptr;
            const int rc = sqlite3_prepare_v2(h, rest, static_cast<int>(end - rest), &raw, &tail);
            if (rc != SQLITE_OK) throw fail(sqlite3_extended_errcode(h));
            if (tail == rest) break;  // no progress: never loop
            rest = tail;
        }
        return StatementHandle(raw, &sqlite3_finalize);
    };

    // SQLite stops reading at a NUL, so whatever followed one would be
    // neither run nor refused.
    if (sql.find('\0') != std::string::npos) throw Error("the query contains a NUL byte", exit_status::k_usage);
    if (sql.size() > static_cast<std::size_t>(sqlite3_limit(h, SQLITE_LIMIT_SQL_LENGTH, -1))) {
        throw Error("the query is too long", exit_status::k_usage);
    }
    const char* rest = sql.c_str();
    const char* const end = rest + sql.size();
    StatementHandle st = prepare_next(rest, end);
    if (!st) throw Error("the query is empty", exit_status::k_usage);
    // One statement per run: the rest must be only white space and comments.
    // Anything more is refused before the first statement runs, rather than
    // silently ignored.
    const char* const second = rest;
    bool more = false;
    try {
        more = prepare_next(rest, end) != nullptr;
    } catch (const Error&) {
        more = true;  // a second statement, and not even a valid one
    }
    if (more) {
        std::string shown(second, end);
        const auto first = shown.find_first_not_of(" \t\r\n");
        shown = first == std::string::npos ? std::string() : shown.substr(first);
        if (shown.size() > 40) {
            std::size_t cut = 40;
            while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;  // whole characters
            shown = shown.substr(0, cut) + "…";
        }
        throw Error("more than one statement; one is run at a time (the second begins '" + shown + "')",
                    exit_status::k_usage);
    }

    m.denial.clear();
    TypedQueryResult result;
    const int n = sqlite3_column_count(st.get());
    for (int i = 0; i < n; ++i) {
        const char* name = sqlite3_column_name(st.get(), i);
        result.columns.emplace_back(name != nullptr ? name : "");
    }
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
        auto& row = result.rows.emplace_back();
        row.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            switch (sqlite3_column_type(st.get(), i)) {
                case SQLITE_INTEGER:
                    row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(st.get(), i)));
                    break;
                case SQLITE_FLOAT:
                    row.emplace_back(sqlite3_column_double(st.get(), i));
                    break;
                case SQLITE_TEXT: {
                    // Text first, then its length in bytes (it may hold NULs).
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), i));
                    const auto bytes = static_cast<std::size_t>(sqlite3_column_bytes(st.get(), i));
                    if (text == nullptr) throw fail(sqlite3_extended_errcode(h));  // out of memory
                    row.emplace_back(std::string(text, bytes));
                    break;
                }
                case SQLITE_BLOB: {
                    const void* blob = sqlite3_column_blob(st.get(), i);
                    row.emplace_back(blob_literal(blob, sqlite3_column_bytes(st.get(), i)));
                    break;
                }
                default:
                    row.emplace_back(std::monostate{});
            }
        }
    }
    if (rc != SQLITE_DONE) throw fail(sqlite3_extended_errcode(h));
    return result;
}

std::vector<Warning> IndexStore::vault_warnings() {
    std::vector<Warning> out;
    SQLite::Statement broken(m_impl->db, R"SQL(
        SELECT n.path, l.line, l.status, l.target, l.anchor, l.kind FROM links l JOIN notes n ON n.id = l.note_id
        WHERE l.status = 'broken' OR l.anchor_ok = 0 ORDER BY n.path, l.line, l.id)SQL");
    while (broken.executeStep()) {
        const std::string target = broken.getColumn(3).getString();
        const std::string anchor = broken.getColumn(4).getString();
        const std::string kind = broken.getColumn(5).getString();
        std::string message;
        if (broken.getColumn(2).getString() == "broken") {
            message = "broken link to '" + target + "'";
        } else {
            message = "broken anchor '#" + anchor + "' in link to '" + (target.empty() ? "#" + anchor : target) + "'";
        }
        if (kind != "wiki" && kind != "embed" && kind != "markdown") message += " (" + kind + ")";
        out.push_back(Warning{broken.getColumn(0).getString(), broken.getColumn(1).getInt(), 0, message});
    }
    SQLite::Statement dup(m_impl->db, R"SQL(
        SELECT slug, group_concat(path, char(10)) FROM
          (SELECT slug, slug_key, path FROM notes
           WHERE slug_key IN (SELECT slug_key FROM notes GROUP BY slug_key HAVING count(*) > 1)
           ORDER BY path)
        GROUP BY slug_key ORDER BY min(path))SQL");
    while (dup.executeStep()) {
        std::vector<std::string> paths;
        std::string all = dup.getColumn(1).getString();
        std::size_t start = 0;
        while (start <= all.size()) {
            const auto nl = all.find('\n', start);
            paths.push_back(all.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
            if (nl == std::string::npos) break;
            start = nl + 1;
        }
        std::string others;
        for (std::size_t i = 1; i < paths.size(); ++i) others += (i > 1 ? ", " : "") + paths[i];
        out.push_back(Warning{paths.front(), 0, 0,
                              "slug '" + dup.getColumn(0).getString() + "' is also used by " + others +
                                  "; links by slug pick the note in the linking note's folder, else the shortest path"});
    }
    return out;
}

void IndexStore::set_meta(const std::string& key, const std::string& value) {
    SQLite::Statement st(m_impl->db, "INSERT OR REPLACE INTO meta VALUES (?, ?)");
    st.bind(1, key);
    st.bind(2, value);
    st.exec();
}

std::optional<std::string> IndexStore::meta(const std::string& key) {
    SQLite::Statement st(m_impl->db, "SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getString();
}

}  // namespace notes
