#pragma once
// `notes find` in the core: a query made of filters that combine with AND,
// answered by one SQL statement over the index. The command line fills a
// FindQuery from its flags and renders the FoundNotes; docs/cli.md describes
// every filter for users.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace notes::store {
class IndexStore;
}

namespace notes::query {

using store::IndexStore;

enum class FindSort { date, title, path, modified, rank, words };

/// Parses "date", "title", "path", "modified", "rank", "words".
std::optional<FindSort> parse_find_sort(std::string_view name);

/// `--field KEY=VALUE` (value set) or `--field KEY` (the key is present).
struct FieldFilter {
    std::string key;
    std::optional<std::string> value;
};

struct FindQuery {
    /// Tags as the user wrote them (a leading '#' is dropped); each also
    /// matches its nested tags (`db` matches `db/sqlite`), case-insensitively.
    std::vector<std::string> tags;
    /// The notes must carry every tag of `tags` (false) or at least one (true).
    bool any_tag = false;
    /// The notes must carry none of these (nested tags included).
    std::vector<std::string> not_tags;
    std::optional<std::string> domain;  ///< case-insensitive (ASCII) equality
    std::optional<std::string> status;  ///< case-insensitive (ASCII) equality
    std::vector<FieldFilter> fields;    ///< all must match
    /// Inclusive bounds on the day of the note's date, as "YYYY-MM-DD".
    /// Notes without a date never match a bound.
    std::optional<std::string> since;
    std::optional<std::string> until;
    /// Full-text query in the syntax of fts_query() below.
    std::optional<std::string> match;
    /// Note ids: the notes must link to every one of `links_to` and be
    /// linked from every one of `linked_from` (resolved links only).
    std::vector<std::int64_t> links_to;
    std::vector<std::int64_t> linked_from;
    bool orphan = false;  ///< no resolved link to or from another note
    bool broken = false;  ///< at least one link that resolves to nothing
    /// gitignore-style patterns, matched like the `ignore:` list of the
    /// config (last match wins, `!` excludes); a note is kept when the list
    /// selects it or one of its folders.
    std::vector<std::string> path_globs;
    /// nullopt: by rank with `match`, else by date.
    std::optional<FindSort> sort;
    bool reverse = false;
    std::size_t limit = 0;  ///< 0: no limit
    /// With `match`: make each note's snippet (false when nobody reads them:
    /// a snippet costs a pass over the note's text).
    bool snippets = true;
    /// False: only each note's id and path are read (`--format paths`), not
    /// its title, date, tags and the rest.
    bool details = true;
};

struct FoundNote {
    std::int64_t id = 0;
    std::string path;
    std::string slug;
    std::string title;
    std::string date;               ///< ISO 8601 as stored; empty when unknown
    std::string domain;             ///< empty when absent
    std::string status;             ///< empty when absent
    std::vector<std::string> tags;  ///< as first written, ordered by folded key
    std::int64_t word_count = 0;
    std::int64_t mtime_ns = 0;
    /// With `match` only: relevance, higher is better (BM25 with the title
    /// weighted ten times the body), and a short extract of the body with the
    /// matched words between '\x02' and '\x03', white space collapsed.
    std::optional<double> score;
    std::string snippet;
};

/// The notes that pass every filter of `query`, sorted and limited. Throws
/// Error with the usage status for an invalid full-text query or a rank sort
/// without `match`.
std::vector<FoundNote> find_notes(IndexStore& store, const FindQuery& query);

/// The paths of find_notes(store, query)'s notes, in its order, and nothing
/// else of them (`notes find --format paths`).
std::vector<std::string> find_note_paths(IndexStore& store, const FindQuery& query);

/// Translates a user's search into FTS5 syntax so that ordinary text never
/// trips it: every bare word is quoted ("c++", "query-plan", "it's" are plain
/// words), while `"phrases"`, `word*` (prefix), upper-case `AND`, `OR`, `NOT`,
/// parentheses, `NEAR(a b, N)` and `title:word` / `body:word` keep their FTS5
/// meaning.
/// Throws Error (usage) for an unterminated phrase or an empty query.
std::string fts_query(std::string_view user_query);

}  // namespace notes::query
