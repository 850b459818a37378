// `notes find`: every filter becomes one condition of a single SELECT over
// the index, with the user's text only ever bound to `?` parameters.
//
// A few choices are not obvious from the SQL:
// - Tags: `--tag db` must match `db` and its nested tags `db/…`. The nested
//   part is a range on the folded key, `tag_key >= 'db/' AND tag_key < 'db0'`
//   ('0' follows '/' in byte order), rather than `LIKE 'db/%'`: SQLite's LIKE
//   is case-insensitive and so cannot use the BINARY index on tag_key, while
//   the range can, and keys are folded already.
// - Dates: the bounds compare whole days. `date >= since AND date <
//   date(until, '+1 day')` is that comparison for both dates and datetimes
//   (ISO 8601 text sorts chronologically), and keeps the index on date usable.
// - Full text: the user's words are translated by fts_query() so that plain
//   text never trips FTS5's syntax. A query FTS5 still rejects (`AND` alone,
//   `a OR`) is reported as a usage error: it is checked on its own first, so
//   that any other failure of the main statement is not mistaken for it.
// - Paths: `--path` uses the gitignore dialect of the config's `ignore:` list
//   (IgnoreRules), so a vault has one glob language. SQLite cannot call it, so
//   the paths are matched here first and the ids handed to the statement.

#include "notes/query/find.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "notes/core/json.hpp"
#include "notes/core/error.hpp"
#include "notes/store/index_store.hpp"
#include "notes/core/text.hpp"
#include "notes/core/ignore_rules.hpp"
#include "notes/store/read_snapshot.hpp"

namespace notes::query {

using store::QueryResult;
using store::SqlParam;
using store::ReadSnapshot;
namespace {

/// Separates the tags of a note in the statement's result: char(31) there.
constexpr char k_list_separator = '\x1f';

/// A WHERE clause and its parameters, kept in step.
struct Conditions {
    std::vector<std::string> sql;
    std::vector<SqlParam> params;

    void add(std::string condition, std::vector<SqlParam> values = {}) {
        sql.push_back(std::move(condition));
        params.insert(params.end(), values.begin(), values.end());
    }

    /// " WHERE a AND b …", or nothing when there is no condition.
    std::string clause() const {
        std::string out;
        for (std::size_t i = 0; i < sql.size(); ++i) out += (i == 0 ? " WHERE " : " AND ") + sql[i];
        return out;
    }
};

/// The bounds on the note's day (FindQuery::since, until).
void add_date_conditions(Conditions& where, const FindQuery& query) {
    if (query.since) where.add("n.date >= ?", {*query.since});
    if (query.until) where.add("n.date < date(?, '+1 day')", {*query.until});
}

/// The folded key of a tag argument: '#' and trailing '/' dropped.
std::string tag_key_of(std::string_view tag) {
    if (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == '/') tag.remove_suffix(1);
    return text::fold_key(tag);
}

/// `per_tag` once for each of `tags`, joined by `separator`, and the three
/// parameters of each tag: its folded key, then the bounds of the keys of
/// its nested tags (`key/` up to `key0`).
std::pair<std::string, std::vector<SqlParam>> for_each_tag(const std::vector<std::string>& tags,
                                                           const char* per_tag,
                                                           const char* separator) {
    std::string sql;
    std::vector<SqlParam> params;
    for (const std::string& tag : tags) {
        const std::string key = tag_key_of(tag);
        if (key.empty()) throw Error("empty tag '" + tag + "'", exit_status::k_usage);
        if (!sql.empty()) sql += separator;
        sql += per_tag;
        params.insert(params.end(), {key, key + "/", key + "0"});
    }
    return {std::move(sql), std::move(params)};
}

/// "(tag_key = ? OR (tag_key >= ? AND tag_key < ?))" for one tag, OR-ed for
/// several, and its parameters.
std::pair<std::string, std::vector<SqlParam>> tag_match(const std::vector<std::string>& tags) {
    auto [sql, params] =
        for_each_tag(tags, "(t.tag_key = ? OR (t.tag_key >= ? AND t.tag_key < ?))", " OR ");
    return {"(" + sql + ")", std::move(params)};
}

/// The ids of the notes carrying one of `tags` (nested tags included) as a
/// compound SELECT, each branch a search of the covering index tags_key:
/// "SELECT note_id FROM tags WHERE tag_key = ? UNION ALL SELECT note_id FROM
/// tags WHERE tag_key >= ? AND tag_key < ?" per tag. The same condition
/// OR-ed in one WHERE (tag_match()) becomes SQLite's multi-index OR, which
/// gathers the matching keys and then seeks each row of the table `tags`
/// by its key: for a tag on 831 of 10,000 notes, most pages of the table.
/// An id can come more than once (a note with a tag and its nested tag).
std::pair<std::string, std::vector<SqlParam>> tag_notes_select(const std::vector<std::string>& tags) {
    return for_each_tag(tags,
                        "SELECT note_id FROM tags WHERE tag_key = ? UNION ALL "
                        "SELECT note_id FROM tags WHERE tag_key >= ? AND tag_key < ?",
                        " UNION ALL ");
}

/// The notes carrying (or, negated, not carrying) one of `tags`. As a list
/// (`n.id IN (…)`) SQLite starts from the tag's notes; as a probe per note
/// (`correlated`: EXISTS) it can walk the notes in the order asked for and
/// stop at the limit, which wins for a common tag.
void add_tag_condition(Conditions& where, const std::vector<std::string>& tags, bool negate,
                       bool correlated) {
    if (correlated) {
        auto [match, params] = tag_match(tags);
        where.add(std::string(negate ? "NOT " : "") +
                      "EXISTS (SELECT 1 FROM tags t WHERE t.note_id = n.id AND " + match + ")",
                  std::move(params));
    } else {
        auto [select, ids_params] = tag_notes_select(tags);
        where.add(std::string(negate ? "n.id NOT IN" : "n.id IN") + " (" + select + ")",
                  std::move(ids_params));
    }
}

/// How many notes carry `tags` (each tag's notes, those of its nested tags
/// included, summed over the tags: from tag_nodes, one row each), and how
/// many notes there are: what the listing plans below are chosen by.
struct TagReach {
    std::int64_t tagged = 0;
    std::int64_t notes = 0;
};

TagReach tag_reach(IndexStore& store, const std::vector<std::string>& tags) {
    std::string keys;
    std::vector<SqlParam> params;
    for (const std::string& tag : tags) {
        keys += keys.empty() ? "?" : ", ?";
        params.emplace_back(tag_key_of(tag));
    }
    TagReach reach;
    reach.tagged = std::stoll(
        store.query("SELECT coalesce(sum(total), 0) FROM tag_nodes WHERE tag_key IN (" + keys + ")", params)
            .rows.at(0)
            .at(0)
            .value_or("0"));
    reach.notes = store.committed_note_count();
    return reach;
}

/// Whether `find --tag T [--not-tag …] --limit N` (newest first, no other
/// filter) should walk the notes by date, probing each one's tags, rather
/// than gather the tag's notes and sort them all: yes when the tag is on
/// enough notes that the first N turn up after a few thousand probes.
bool walk_by_date(const FindQuery& query, FindSort sort, const TagReach& reach) {
    const bool only_tags = !query.match && !query.domain && !query.status &&
                           query.fields.empty() && !query.since && !query.until &&
                           query.links_to.empty() && query.linked_from.empty() &&
                           !query.orphan && !query.broken && query.path_globs.empty();
    if (!only_tags || sort != FindSort::date || query.reverse || query.limit == 0 ||
        query.tags.empty() || (query.tags.size() > 1 && !query.any_tag)) {
        return false;
    }
    constexpr std::int64_t k_probes = 4000;
    return reach.tagged >= static_cast<std::int64_t>(query.limit) * reach.notes / k_probes + 1;
}

/// Whether a paths-only listing in the default order (newest first, then by
/// path) walks the covering index notes_listing (date DESC, path_key, path):
/// the paths come in order, with no sort and without reading the notes
/// table, whose rows are a hundred times wider (every path of 10,000 notes:
/// 98 M → 64 M instructions, 59 → 41 ms). Only conditions on the id and the
/// date can be tested from the index. A tag on few notes is the exception:
/// reading those notes by id and sorting them beats walking every entry,
/// each of which is tested against the tag's notes; the walk is worth it
/// from one note in 32.
bool list_from_index(const FindQuery& query, FindSort sort, const TagReach& reach) {
    if (query.details || query.match || sort != FindSort::date || query.reverse || query.domain ||
        query.status || !query.fields.empty() || !query.links_to.empty() ||
        !query.linked_from.empty() || query.orphan || query.broken || !query.path_globs.empty()) {
        return false;
    }
    return query.tags.empty() || reach.tagged * 32 >= reach.notes;
}

/// gitignore-style selection of paths (FindQuery::path_globs): each pattern
/// is matched on its own so that the last one matching a folder or the file
/// decides, and a folder's decision is inherited by everything in it.
class PathSelector {
  public:
    explicit PathSelector(const std::vector<std::string>& patterns) {
        for (const std::string& p : patterns) {
            const bool negate = !p.empty() && p.front() == '!';
            m_patterns.push_back(Pattern{IgnoreRules({negate ? p.substr(1) : p}), negate});
        }
        m_default = !m_patterns.empty() && m_patterns.front().negate;
    }

    bool selected(std::string_view path) const {
        bool state = m_default;
        std::size_t slash = path.find('/');
        while (true) {
            const bool is_dir = slash != std::string_view::npos;
            const std::string_view prefix = is_dir ? path.substr(0, slash) : path;
            for (auto it = m_patterns.rbegin(); it != m_patterns.rend(); ++it) {
                if (it->rules.ignored(prefix, is_dir)) {
                    state = !it->negate;
                    break;
                }
            }
            if (!is_dir) return state;
            slash = path.find('/', slash + 1);
        }
    }

  private:
    struct Pattern {
        IgnoreRules rules;
        bool negate;
    };
    std::vector<Pattern> m_patterns;
    bool m_default = false;
};

std::vector<std::int64_t> notes_on_paths(IndexStore& store, const std::vector<std::string>& globs) {
    const PathSelector selector(globs);
    std::vector<std::int64_t> ids;
    for (const auto& row : store.query("SELECT id, path FROM notes").rows) {
        if (selector.selected(row[1].value_or(""))) ids.push_back(std::stoll(row[0].value_or("0")));
    }
    return ids;
}

/// FTS5's message without its "fts5: " prefix, in words a user can act on.
std::string fts_reason(std::string message) {
    if (message.rfind("fts5: ", 0) == 0) message.erase(0, 6);
    const std::string at_end = "syntax error near \"\"";
    if (message == at_end) return "syntax error at the end of the query";
    // FTS5 quotes the token it names, which fts_query() had quoted already.
    for (auto at = message.find("\"\""); at != std::string::npos;
         at = message.find("\"\"", at + 1)) {
        message.erase(at, 1);
    }
    return message;
}

void check_fts_query(IndexStore& store, const std::string& user_query, const std::string& fts) {
    try {
        // rowid = 0 names no note: FTS5 still parses the expression, and
        // does nothing else.
        store.query("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ? AND rowid = 0", {fts});
    } catch (const std::exception& e) {
        throw Error("invalid search query '" + user_query + "': " + fts_reason(e.what()),
                    exit_status::k_usage);
    }
}

/// ORDER BY for a sort key. Larger-is-better keys (date, modified, rank,
/// words) go down by default, names (title, path) up; notes without a date
/// stay last either way; ties go by path. --reverse turns all of it round.
std::string order_by(FindSort sort, bool reverse) {
    struct Key {
        const char* expr;
        bool descending;
    };
    Key key{};
    switch (sort) {
        case FindSort::date:
            key = {"n.date", true};
            break;
        case FindSort::title:
            key = {"n.title_key", false};
            break;
        case FindSort::path:
            key = {"n.path_key", false};
            break;
        case FindSort::modified:
            key = {"n.mtime_ns", true};
            break;
        case FindSort::rank:
            key = {"score", true};
            break;
        case FindSort::words:
            key = {"n.word_count", true};
            break;
    }
    const char* primary = key.descending != reverse ? " DESC" : " ASC";
    const char* ties = reverse ? " DESC" : " ASC";
    std::string sql = "ORDER BY ";
    // SQLite sorts NULL first going up and last going down: only the
    // reversed date order needs telling. (Leaving the term out otherwise
    // lets the newest-first order walk the date index and stop at --limit.)
    if (sort == FindSort::date && reverse) sql += "n.date IS NULL, ";
    sql += std::string(key.expr) + primary + ", n.path_key" + ties + ", n.path" + ties;
    return sql;
}

/// Every path of a listing list_from_index() allows, without a limit: one
/// walk of notes_listing in its order, each entry's id tested in memory
/// against the sorted ids of each tag condition's notes. As SQL (`n.id IN
/// (SELECT …)`) SQLite probed an ephemeral index for each entry of the walk
/// (10,000 notes, a tag on 831: 22.6 M instructions in all, 15.6 M of them
/// stepping the statement).
template <typename Sink>
void walk_listing(IndexStore& store, const FindQuery& query, FindSort sort, Sink& sink) {
    const auto notes_of = [&](const std::vector<std::string>& tags) {
        auto [select, params] = tag_notes_select(tags);
        std::vector<std::int64_t> ids = store.query_ints(select, params);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        return ids;
    };
    std::vector<std::vector<std::int64_t>> required;  // a note must be in each
    if (query.any_tag) {
        required.push_back(notes_of(query.tags));
    } else {
        for (const std::string& tag : query.tags) required.push_back(notes_of({tag}));
    }
    const std::vector<std::int64_t> excluded =
        query.not_tags.empty() ? std::vector<std::int64_t>{} : notes_of(query.not_tags);
    const auto in = [](const std::vector<std::int64_t>& ids, std::int64_t id) {
        return std::binary_search(ids.begin(), ids.end(), id);
    };

    Conditions where;
    add_date_conditions(where, query);
    const std::string sql = "SELECT n.id, n.path FROM notes n INDEXED BY notes_listing" + where.clause() + " " +
                            order_by(sort, query.reverse);
    if (!required.empty()) sink.reserve(required.front().size());
    store.for_each_row(sql, where.params, [&](const store::RowView& row) {
        const std::int64_t id = row.integer(0);
        for (const auto& ids : required) {
            if (!in(ids, id)) return;
        }
        if (in(excluded, id)) return;
        sink.add(id, row.text(1).value_or(std::string_view()));
    });
}

/// The notes walk_listing() lists, as find_notes() returns them.
struct NotesSink {
    std::vector<FoundNote> notes;
    void reserve(std::size_t n) { notes.reserve(n); }
    void add(std::int64_t id, std::string_view path) {
        FoundNote& note = notes.emplace_back();
        note.id = id;
        note.path = std::string(path);
    }
};

/// Their paths alone, as find_note_paths() returns them: a FoundNote is
/// ~300 bytes of fresh memory to fill for each note of a common tag.
struct PathsSink {
    std::vector<std::string> paths;
    void reserve(std::size_t n) { paths.reserve(n); }
    void add(std::int64_t, std::string_view path) { paths.emplace_back(path); }
};

std::vector<std::string> split_list(const std::optional<std::string>& joined) {
    std::vector<std::string> out;
    if (!joined || joined->empty()) return out;
    std::size_t start = 0;
    while (true) {
        const auto end = joined->find(k_list_separator, start);
        out.push_back(
            joined->substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

bool is_query_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string quoted(std::string_view word) {
    std::string out;
    out.reserve(word.size() + 2);
    out += '"';
    out += word;
    out += '"';
    return out;
}

/// The most common search, by rank with no other filter, answered from the
/// full-text table alone: joining every match to its notes row only to
/// break ties by path reads a page of the notes table per match, which
/// costs more than the ranking itself. SQLite orders by the exact score;
/// if two neighbours print the same score (they may tie), or the last one
/// kept might tie with the first one left out, the answer is not sure and
/// the result has no columns: the caller runs the full query instead.
QueryResult ranked_by_text_alone(IndexStore& store, const FindQuery& query, FindSort sort,
                                 const std::string& fts, std::size_t conditions) {
    if (!query.match || sort != FindSort::rank || conditions != 1) return {};
    std::string sql =
        "SELECT rowid, -notes_bm25(notes_fts, 10.0, 1.0) AS score FROM notes_fts WHERE notes_fts "
        "MATCH ? ORDER BY score";
    sql += query.reverse ? " ASC" : " DESC";
    std::vector<SqlParam> params{fts};
    if (query.limit > 0) {
        sql += " LIMIT ?";
        params.emplace_back(static_cast<std::int64_t>(query.limit) + 1);
    }
    QueryResult result = store.query(sql, params);
    for (std::size_t i = 1; i < result.rows.size(); ++i) {
        if (result.rows[i][1] == result.rows[i - 1][1]) return {};
    }
    if (query.limit > 0 && result.rows.size() > query.limit) result.rows.resize(query.limit);
    return result;
}

}  // namespace

std::optional<FindSort> parse_find_sort(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, FindSort>, 6> k_sorts{{
        {"date", FindSort::date},
        {"title", FindSort::title},
        {"path", FindSort::path},
        {"modified", FindSort::modified},
        {"rank", FindSort::rank},
        {"words", FindSort::words},
    }};
    for (const auto& [n, s] : k_sorts) {
        if (name == n) return s;
    }
    return std::nullopt;
}

std::string fts_query(std::string_view q) {
    auto invalid = [&](const std::string& reason) {
        return Error("invalid search query '" + std::string(q) + "': " + reason,
                     exit_status::k_usage);
    };
    std::vector<std::string> out;
    int depth = 0;        // of parentheses
    int near_depth = -1;  // inside `NEAR(…)`: its depth; there `,` and the distance are syntax
    std::size_t i = 0;
    while (i < q.size()) {
        const char c = q[i];
        const bool in_near = near_depth == depth;
        if (is_query_space(c)) {
            ++i;
        } else if (c == ',' && in_near) {
            out.emplace_back(",");
            ++i;
        } else if (c == '"') {
            // A phrase, passed through ("" inside is FTS5's escaped quote).
            std::size_t j = i + 1;
            while (true) {
                j = q.find('"', j);
                if (j == std::string_view::npos)
                    throw invalid("a '\"' opens a phrase that is never closed");
                if (j + 1 < q.size() && q[j + 1] == '"') {
                    j += 2;
                    continue;
                }
                break;
            }
            std::string phrase(q.substr(i, j + 1 - i));
            i = j + 1;
            if (i < q.size() && q[i] == '*') {
                phrase += '*';
                ++i;
            }
            out.push_back(std::move(phrase));
        } else if (c == '(') {
            ++depth;
            if (!out.empty() && out.back() == "NEAR") near_depth = depth;
            out.emplace_back("(");
            ++i;
        } else if (c == ')') {
            if (in_near) near_depth = -1;
            --depth;
            out.emplace_back(")");
            ++i;
        } else {
            std::size_t j = i;
            while (j < q.size() && !is_query_space(q[j]) && q[j] != '"' && q[j] != '(' &&
                   q[j] != ')' && !(in_near && q[j] == ',')) {
                ++j;
            }
            std::string_view word = q.substr(i, j - i);
            i = j;
            const bool operator_word = word == "AND" || word == "OR" || word == "NOT" ||
                                       (word == "NEAR" && i < q.size() && q[i] == '(');
            const bool near_distance =
                in_near && !out.empty() && out.back() == "," &&
                word.find_first_not_of("0123456789") == std::string_view::npos;
            if (operator_word || near_distance) {
                out.emplace_back(word);
                continue;
            }
            for (const std::string_view column : {"title:", "body:"}) {
                if (word.substr(0, column.size()) == column) {
                    out.push_back(std::string(column.substr(0, column.size() - 1)) + " :");
                    word.remove_prefix(column.size());
                    break;
                }
            }
            if (word.empty()) continue;  // `title:"a phrase"`: the phrase follows
            if (word.size() > 1 && word.back() == '*') {
                while (!word.empty() && word.back() == '*') word.remove_suffix(1);
                out.push_back(quoted(word) + "*");
            } else {
                out.push_back(quoted(word));
            }
        }
    }
    if (out.empty()) throw invalid("the query is empty");
    std::string joined;
    for (const auto& token : out) {
        if (!joined.empty()) joined += ' ';
        joined += token;
    }
    return joined;
}

namespace {

/// find_notes(); with `paths`, a listing walk_listing() gives (every note
/// of notes_listing in its order) puts its paths there instead and returns
/// no notes.
std::vector<FoundNote> find(IndexStore& store, const FindQuery& query,
                            std::optional<std::vector<std::string>>* paths) {
    const FindSort sort = query.sort.value_or(query.match ? FindSort::rank : FindSort::date);
    if (sort == FindSort::rank && !query.match) {
        throw Error("sorting by rank needs a full-text query", exit_status::k_usage);
    }

    const ReadSnapshot snapshot(store);
    Conditions where;
    std::string from = " FROM notes n";
    std::string fts;
    if (query.match) {
        fts = fts_query(*query.match);
        check_fts_query(store, *query.match, fts);
        from = " FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid";
        where.add("notes_fts MATCH ?", {fts});
    }

    const TagReach reach = query.tags.empty() ? TagReach{} : tag_reach(store, query.tags);
    if (list_from_index(query, sort, reach)) {
        if (query.limit == 0) {
            if (paths) {
                PathsSink sink;
                walk_listing(store, query, sort, sink);
                *paths = std::move(sink.paths);
                return {};
            }
            NotesSink sink;
            walk_listing(store, query, sort, sink);
            return std::move(sink.notes);
        }
        from = " FROM notes n INDEXED BY notes_listing";
    }
    const bool walk = walk_by_date(query, sort, reach);
    if (!query.tags.empty()) {
        if (query.any_tag) {
            add_tag_condition(where, query.tags, false, walk);
        } else {
            for (const auto& tag : query.tags) add_tag_condition(where, {tag}, false, walk);
        }
    }
    if (!query.not_tags.empty()) add_tag_condition(where, query.not_tags, true, walk);
    if (query.domain) where.add("lower(n.domain) = lower(?)", {*query.domain});
    if (query.status) where.add("lower(n.status) = lower(?)", {*query.status});
    for (const FieldFilter& field : query.fields) {
        // Keys are stored as written and compared ignoring case (SQLite's
        // lower() folds ASCII only), values too; `KEY=` matches an empty
        // value. `lower(f.key) = lower(?)` would read every row of fields, so
        // the keys that qualify are found first by hopping through the
        // distinct keys of the (key, value) index, one seek each.
        std::string sql =
            "n.id IN (SELECT f.note_id FROM fields f WHERE f.key IN ("
            "WITH RECURSIVE k(key) AS (SELECT min(key) FROM fields UNION ALL"
            " SELECT (SELECT min(key) FROM fields WHERE key > k.key) FROM k WHERE k.key IS NOT "
            "NULL)"
            " SELECT key FROM k WHERE lower(key) = lower(?))";
        std::vector<SqlParam> params{field.key};
        if (field.value && field.value->empty()) {
            sql += " AND coalesce(f.value, '') = ''";
        } else if (field.value) {
            sql += " AND lower(f.value) = lower(?)";
            params.emplace_back(*field.value);
        }
        where.add(sql + ")", std::move(params));
    }
    add_date_conditions(where, query);
    for (const std::int64_t id : query.links_to) {
        where.add(
            "n.id IN (SELECT l.note_id FROM links l WHERE l.target_id = ? AND l.note_id <> "
            "l.target_id)",
            {id});
    }
    for (const std::int64_t id : query.linked_from) {
        where.add(
            "n.id IN (SELECT l.target_id FROM links l WHERE l.note_id = ? AND l.target_id <> "
            "l.note_id)",
            {id});
    }
    if (query.orphan) where.add("n.id IN (SELECT o.id FROM orphans o)");
    if (query.broken) {
        where.add("EXISTS (SELECT 1 FROM links l WHERE l.note_id = n.id AND l.status = 'broken')");
    }
    if (!query.path_globs.empty()) {
        const auto ids = notes_on_paths(store, query.path_globs);
        if (ids.empty()) return {};
        where.add("n.id IN (SELECT value FROM json_each(?))", {json_int_array(ids)});
    }

    auto filtered = [&](const std::string& columns) {
        return "SELECT " + columns + from + where.clause() + " " + order_by(sort, query.reverse);
    };
    // The tags come in the order of the primary key (note_id, tag_key):
    // sorted by folded key.
    // For paths alone, the rest is not read: gathering every note's tags and
    // carrying ten columns through the sort was four fifths of the work of
    // `--format paths` on a common tag.
    const std::string details =
        query.details
            ? "n.id, n.path, n.slug, n.title, n.date, n.domain, n.status, n.word_count, "
              "n.mtime_ns, (SELECT group_concat(t.tag, char(31)) FROM tags t WHERE t.note_id = "
              "n.id)"
            : "n.id, n.path";
    auto take = [](std::optional<std::string>& cell) {
        return cell ? std::move(*cell) : std::string();
    };
    auto fill = [&](FoundNote& note, std::vector<std::optional<std::string>>& row) {
        note.id = std::stoll(row[0].value_or("0"));
        note.path = take(row[1]);
        if (!query.details) return;
        note.slug = take(row[2]);
        note.title = take(row[3]);
        note.date = take(row[4]);
        note.domain = take(row[5]);
        note.status = take(row[6]);
        note.word_count = std::stoll(row[7].value_or("0"));
        note.mtime_ns = std::stoll(row[8].value_or("0"));
        note.tags = split_list(row[9]);
    };

    // Every note asked for, and everything shown of it: one statement.
    if (query.limit == 0 && (!query.match || query.snippets)) {
        std::string columns = details;
        if (query.match) {
            columns +=
                ", -notes_bm25(notes_fts, 10.0, 1.0) AS score,"
                " snippet(notes_fts, 1, char(2), char(3), '…', 12)";
        }
        QueryResult result = store.query(filtered(columns), where.params);
        std::vector<FoundNote> found(result.rows.size());
        for (std::size_t i = 0; i < found.size(); ++i) {
            auto& row = result.rows[i];
            fill(found[i], row);
            if (query.match) {
                const std::size_t score = query.details ? 10 : 2;
                found[i].score = std::stod(row[score].value_or("0"));
                found[i].snippet = text::collapse_whitespace(row[score + 1].value_or(""));
            }
        }
        return found;
    }

    // Else first the notes and their order, ids only: a limit stops before
    // any note's tags are gathered or any snippet is made.
    QueryResult chosen = ranked_by_text_alone(store, query, sort, fts, where.sql.size());
    if (chosen.columns.empty()) {
        std::string sql =
            filtered(std::string("n.id") + (query.match ? ", -notes_bm25(notes_fts, 10.0, 1.0) AS score" : ""));
        if (query.limit > 0) {
            sql += " LIMIT ?";
            where.params.emplace_back(static_cast<std::int64_t>(query.limit));
        }
        chosen = store.query(sql, where.params);
    }
    std::vector<FoundNote> found(chosen.rows.size());
    if (found.empty()) return found;
    std::unordered_map<std::int64_t, std::size_t> position;
    position.reserve(found.size());
    std::vector<std::int64_t> ids;
    ids.reserve(found.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
        const auto& row = chosen.rows[i];
        found[i].id = std::stoll(row[0].value_or("0"));
        if (query.match) found[i].score = std::stod(row[1].value_or("0"));
        position.emplace(found[i].id, i);
        ids.push_back(found[i].id);
    }
    const std::string id_list = json_int_array(ids);

    // Then what is shown of them.
    QueryResult shown = store.query(
        "SELECT " + details + " FROM notes n WHERE n.id IN (SELECT value FROM json_each(?))",
        {id_list});
    for (auto& row : shown.rows) fill(found[position.at(std::stoll(row[0].value_or("0")))], row);
    if (query.match && query.snippets) {
        // A few notes are sought in the matches one by one; for many, one
        // pass over the matches is cheaper, making snippets for the chosen.
        constexpr std::size_t k_sought = 100;
        const char* sql =
            found.size() <= k_sought
                ? "SELECT rowid, snippet(notes_fts, 1, char(2), char(3), '…', 12) FROM notes_fts "
                  "WHERE notes_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))"
                : "SELECT rowid, CASE WHEN rowid IN (SELECT value FROM json_each(?2)) THEN "
                  "snippet(notes_fts, 1, char(2), char(3), '…', 12) END FROM notes_fts "
                  "WHERE notes_fts MATCH ?1";
        QueryResult snippets = store.query(sql, {fts, id_list});
        for (auto& row : snippets.rows) {
            if (!row[1]) continue;  // a match that was not chosen
            found[position.at(std::stoll(row[0].value_or("0")))].snippet =
                text::collapse_whitespace(row[1].value_or(""));
        }
    }
    return found;
}

}  // namespace

std::vector<FoundNote> find_notes(IndexStore& store, const FindQuery& query) {
    return find(store, query, nullptr);
}

std::vector<std::string> find_note_paths(IndexStore& store, const FindQuery& query) {
    FindQuery paths_only = query;
    paths_only.details = false;
    paths_only.snippets = false;
    std::optional<std::vector<std::string>> walked;
    std::vector<FoundNote> found = find(store, paths_only, &walked);
    if (walked) return std::move(*walked);
    std::vector<std::string> paths;
    paths.reserve(found.size());
    for (FoundNote& note : found) paths.push_back(std::move(note.path));
    return paths;
}

}  // namespace notes::query
