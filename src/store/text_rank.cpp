// notes_bm25(notes_fts, w1, w2, …): FTS5's bm25(), the same number for the
// same row, at a third of the cost on a common word.
//
// FTS5's bm25() asks for each matching row's length in tokens with
// xColumnSize, which resets, binds and steps a statement on the docsize
// table: at 10,000 notes `find --match 'query plan'` (6,909 matches) spent
// 23 M of its 55 M instructions there, and 8 M more in xInstCount, which
// merges every phrase's positions into one sorted array that bm25 only
// counts.
//
// Here the lengths come from one cursor over notes_fts_docsize that moves
// forward with the matches, which FTS5 hands over in rowid order: a step to
// the next row costs a fraction of a seek. A row far ahead, or behind, is
// sought again; a row the cursor cannot read falls back to xColumnSize. The
// frequencies are counted phrase by phrase with xPhraseFirst/xPhraseNext,
// which walk the same (NEAR- and column-filtered) positions xInst reports.
//
// The score is bm25()'s formula with its constants and its order of
// operations, on the same integers, so the doubles are identical:
// tests/unit/test_text_rank.cpp compares the two on every row of many
// queries. docs/schema.md keeps showing bm25(), which sqlite3 users have.

#include <cmath>
#include <cstdint>
#include <vector>

#include "store_impl.hpp"

namespace notes::store::detail {
namespace {

/// SQLite's varint, as FTS5 writes the docsize blob: seven bits a byte,
/// most significant first, the ninth byte whole. False when it runs off the
/// end.
bool read_varint(const unsigned char*& at, const unsigned char* end, std::uint64_t& value) {
    value = 0;
    for (int i = 0; i < 9; ++i) {
        if (at == end) return false;
        const unsigned char byte = *at++;
        if (i == 8) {
            value = (value << 8) | byte;
            return true;
        }
        value = (value << 7) | (byte & 0x7F);
        if ((byte & 0x80) == 0) return true;
    }
    return true;
}

/// One query's data, kept by FTS5 with xSetAuxdata until the query ends.
class RankData {
  public:
    int phrases = 0;
    double average_length = 0;
    std::vector<double> idf;
    std::vector<double> frequency;

    RankData(sqlite3* db, const char* docsize_table) {
        const std::string sql = std::string("SELECT id, sz FROM \"") + docsize_table + "\" WHERE id >= ?";
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_docsize, nullptr) != SQLITE_OK) {
            sqlite3_finalize(m_docsize);
            m_docsize = nullptr;
        }
    }
    ~RankData() { sqlite3_finalize(m_docsize); }
    RankData(const RankData&) = delete;
    RankData& operator=(const RankData&) = delete;

    /// The row's length in tokens, all columns: xColumnSize(-1).
    int length(const Fts5ExtensionApi* api, Fts5Context* fts) {
        const sqlite3_int64 rowid = api->xRowid(fts);
        int tokens = 0;
        if (docsize_of(rowid, tokens)) return tokens;
        if (api->xColumnSize(fts, -1, &tokens) != SQLITE_OK) return -1;
        return tokens;
    }

  private:
    // Past this many rows ahead a new seek is cheaper than stepping.
    static constexpr sqlite3_int64 k_step_limit = 8;

    sqlite3_stmt* m_docsize = nullptr;
    bool m_on_row = false;
    sqlite3_int64 m_id = 0;

    bool docsize_of(sqlite3_int64 rowid, int& tokens) {
        if (m_docsize == nullptr) return false;
        if (!m_on_row || rowid < m_id || rowid > m_id + k_step_limit) {
            sqlite3_reset(m_docsize);
            sqlite3_bind_int64(m_docsize, 1, rowid);
            if (!step()) return false;
        }
        while (m_id < rowid) {
            if (!step()) return false;
        }
        if (m_id != rowid) return false;
        const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(m_docsize, 1));
        const int size = sqlite3_column_bytes(m_docsize, 1);
        if (blob == nullptr) return false;
        const unsigned char* at = blob;
        const unsigned char* end = blob + size;
        int sum = 0;
        while (at != end) {
            std::uint64_t column = 0;
            if (!read_varint(at, end, column)) return false;
            sum += static_cast<int>(column);
        }
        tokens = sum;
        return true;
    }

    bool step() {
        m_on_row = sqlite3_step(m_docsize) == SQLITE_ROW;
        if (m_on_row) m_id = sqlite3_column_int64(m_docsize, 0);
        return m_on_row;
    }
};

struct Context {
    sqlite3* db;
};

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* count) {
    ++*static_cast<sqlite3_int64*>(count);
    return SQLITE_OK;
}

/// fts5Bm25GetData(): the rows, the average length and each phrase's IDF.
RankData* rank_data(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3* db, int& rc) {
    if (auto* data = static_cast<RankData*>(api->xGetAuxdata(fts, 0))) return data;
    // The table FTS5 runs on is the only one the function is used with here;
    // its docsize table is named after it.
    auto* data = new RankData(db, "notes_fts_docsize");
    data->phrases = api->xPhraseCount(fts);
    data->idf.assign(static_cast<std::size_t>(data->phrases), 0.0);
    data->frequency.assign(static_cast<std::size_t>(data->phrases), 0.0);
    sqlite3_int64 rows = 0;
    sqlite3_int64 tokens = 0;
    rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rc == SQLITE_OK) data->average_length = static_cast<double>(tokens) / static_cast<double>(rows);
    for (int i = 0; rc == SQLITE_OK && i < data->phrases; ++i) {
        sqlite3_int64 hits = 0;
        rc = api->xQueryPhrase(fts, i, &hits, count_row);
        if (rc == SQLITE_OK) {
            double idf = std::log((static_cast<double>(rows) - static_cast<double>(hits) + 0.5) /
                                  (static_cast<double>(hits) + 0.5));
            if (idf <= 0.0) idf = 1e-6;
            data->idf[static_cast<std::size_t>(i)] = idf;
        }
    }
    if (rc == SQLITE_OK) {
        rc = api->xSetAuxdata(fts, data, [](void* p) { delete static_cast<RankData*>(p); });
        if (rc == SQLITE_OK) return data;
        // xSetAuxdata frees what it is given when it fails.
        return nullptr;
    }
    delete data;
    return nullptr;
}

void notes_bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int count,
                sqlite3_value** weights) {
    constexpr double k1 = 1.2;
    constexpr double b = 0.75;
    auto* context = static_cast<Context*>(api->xUserData(fts));
    int rc = SQLITE_OK;
    RankData* data = rank_data(api, fts, context->db, rc);
    if (data == nullptr) {
        sqlite3_result_error_code(result, rc == SQLITE_OK ? SQLITE_ERROR : rc);
        return;
    }
    std::vector<double>& frequency = data->frequency;
    for (int phrase = 0; phrase < data->phrases; ++phrase) {
        double f = 0.0;
        Fts5PhraseIter it;
        int column = 0;
        int offset = 0;
        rc = api->xPhraseFirst(fts, phrase, &it, &column, &offset);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(result, rc);
            return;
        }
        while (column >= 0) {
            f += count > column ? sqlite3_value_double(weights[column]) : 1.0;
            api->xPhraseNext(fts, &it, &column, &offset);
        }
        frequency[static_cast<std::size_t>(phrase)] = f;
    }
    const int tokens = data->length(api, fts);
    if (tokens < 0) {
        sqlite3_result_error_code(result, SQLITE_ERROR);
        return;
    }
    const double length = static_cast<double>(tokens);
    double score = 0.0;
    for (int i = 0; i < data->phrases; ++i) {
        const double f = frequency[static_cast<std::size_t>(i)];
        score += data->idf[static_cast<std::size_t>(i)] *
                 ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * length / data->average_length)));
    }
    sqlite3_result_double(result, -1.0 * score);
}

}  // namespace

void register_text_rank(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (api == nullptr || api->iVersion < 2) {
        throw std::runtime_error("SQLite's FTS5 is missing: the index cannot be searched");
    }
    auto* context = new Context{db};
    const int rc = api->xCreateFunction(api, "notes_bm25", context, notes_bm25,
                                        [](void* p) { delete static_cast<Context*>(p); });
    if (rc != SQLITE_OK) throw std::runtime_error("cannot register notes_bm25");
}

}  // namespace notes::store::detail
