// SQL typed by a user (`notes sql`).
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

#include <strings.h>

#include <stdexcept>

#include "notes/core/error.hpp"
#include "notes/store/index_store.hpp"
#include "store_impl.hpp"

namespace notes::store {
namespace {

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

}  // namespace

namespace detail {

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

}  // namespace detail

using namespace detail;

/// The layers described above "SQL typed by a user". Each one is checked
/// after it is set: if one did not take, the connection is not used.
void IndexStore::Impl::lock_down() {
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

TypedQueryResult IndexStore::run_user_query(const std::string& sql, std::size_t max_rows) {
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
        if (max_rows > 0 && result.rows.size() == max_rows) {
            result.truncated = true;
            rc = SQLITE_DONE;
            break;
        }
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

}  // namespace notes::store
