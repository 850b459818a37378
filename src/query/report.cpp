// `notes report`: the vault's health and shape, from the index.
//
// The report must stay fast on a large vault (100,000 notes in well under a
// second), so it never reads the notes one by one. Each figure comes from an
// aggregate query that SQLite answers from an index where one exists, and the
// big tables are read at most once each:
//
//   notes    one scan, grouped by (domain, status): counts, words, domains,
//            statuses; the same scan collects the ids of notes titled by
//            their file name and of paths that may be mojibake.
//   links    never scanned: broken links and anchors come from the partial
//            index links_problems, attachments and stubs from the unresolved
//            links of links_target; the per-note counts come from the
//            links_note index alone, orphans and backlink counts from
//            links_target.
//   fields   one scan, but only values holding the byte 0xC3 leave SQLite:
//            every mojibake sequence starts with a character U+00C2..U+00F4,
//            whose UTF-8 encoding starts with that byte.
//
// Lists are cut to `limit` in SQL where possible, and the details of a list
// (paths, titles) are fetched for the shown entries only, by id, through
// json_each(). The scans are independent jobs; given a second connection they
// run on two threads, which halves the wall time on a large vault.
//
// What the mojibake detector reads is a choice: front-matter values, headings
// and paths, not the body text (250 MB in the 100,000-note vault, which alone
// would take longer than the whole report). Text mangled by a pipeline is
// mangled throughout, so the title, a heading or a field shows it too.

#include "notes/query/report.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "notes/store/index_store.hpp"
#include "notes/core/json.hpp"
#include "notes/query/note_ref.hpp"
#include "notes/core/resolve.hpp"
#include "notes/core/text.hpp"
#include "notes/core/warning_kinds.hpp"

namespace notes::query {

using store::QueryResult;

// ---------------------------------------------------------------------------
// Mojibake

namespace {

/// cp1252's characters in 0x80..0x9F; 0 marks the five bytes cp1252 leaves
/// undefined (decoders that pass them through produce U+0081 etc.).
constexpr std::array<char32_t, 32> k_cp1252_high = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88-8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98-9F
};

/// The byte cp1252 (or Latin-1, for U+0080..U+009F) encodes `cp` as, or -1.
int cp1252_byte(char32_t cp) {
    if (cp < 0x100) return static_cast<int>(cp);
    for (std::size_t i = 0; i < k_cp1252_high.size(); ++i) {
        if (k_cp1252_high[i] == cp) return static_cast<int>(0x80 + i);
    }
    return -1;
}

/// Whether the lead byte starts a sequence mojibake is made of (see the
/// header): all three- and four-byte leads; two-byte leads only for the
/// ranges that text is commonly mangled from, because a legitimate accented
/// capital followed by punctuation ("É…", "ß“") would otherwise match.
bool is_mojibake_lead(int b) {
    return (b >= 0xE0 && b <= 0xF4) || (b >= 0xC2 && b <= 0xC5) || b == 0xD0 || b == 0xD1;
}

/// One pass: each qualifying sequence replaced by the character it spells.
std::optional<std::string> repair_once(std::string_view s) {
    if (s.find('\xC3') == std::string_view::npos) return std::nullopt;  // no lead character at all
    struct Char {
        std::size_t begin;
        std::size_t end;
        int byte;  // cp1252 byte, or -1
    };
    std::vector<Char> chars;
    chars.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t begin = i;
        const char32_t cp = text::decode(s, i);
        chars.push_back({begin, i, cp == 0xFFFD ? -1 : cp1252_byte(cp)});
    }
    std::string out;
    bool changed = false;
    std::size_t copied = 0;  // bytes of `s` already in `out`
    for (std::size_t k = 0; k < chars.size(); ++k) {
        const int lead = chars[k].byte;
        if (lead < 0 || !is_mojibake_lead(lead)) continue;
        const std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (k + len > chars.size()) continue;
        char32_t cp = static_cast<char32_t>(lead & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07));
        bool ok = true;
        for (std::size_t j = 1; j < len && ok; ++j) {
            const int b = chars[k + j].byte;
            ok = b >= 0x80 && b <= 0xBF;
            if (ok) cp = (cp << 6) | static_cast<char32_t>(b & 0x3F);
        }
        if (!ok) continue;
        // Shortest form only, no surrogates, nothing past U+10FFFF, and no C1
        // control (which "Â€" would spell).
        const char32_t min = len == 2 ? 0xA0 : len == 3 ? 0x800 : 0x10000;
        if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) continue;
        out.append(s.substr(copied, chars[k].begin - copied));
        text::append_utf8(out, cp);
        copied = chars[k + len - 1].end;
        k += len - 1;
        changed = true;
    }
    if (!changed) return std::nullopt;
    out.append(s.substr(copied));
    return out;
}

}  // namespace

std::optional<std::string> repair_mojibake(std::string_view text) {
    std::optional<std::string> repaired = repair_once(text);
    // Text mangled twice ("Ã¢â‚¬â„¢" for "’") needs a second pass.
    for (int pass = 0; repaired && pass < 2; ++pass) {
        auto again = repair_once(*repaired);
        if (!again) break;
        repaired = std::move(again);
    }
    return repaired;
}

// ---------------------------------------------------------------------------
// Sections and names

const std::vector<ReportSection>& all_report_sections() {
    static const std::vector<ReportSection> sections = {
        ReportSection::overview, ReportSection::activity,      ReportSection::tags,
        ReportSection::domains,  ReportSection::statuses,      ReportSection::broken_links,
        ReportSection::orphans,  ReportSection::front_matter,  ReportSection::duplicates,
        ReportSection::encoding, ReportSection::reading_queue,
    };
    return sections;
}

std::string_view report_section_name(ReportSection section) {
    switch (section) {
        case ReportSection::overview:
            return "overview";
        case ReportSection::activity:
            return "activity";
        case ReportSection::tags:
            return "tags";
        case ReportSection::domains:
            return "domains";
        case ReportSection::statuses:
            return "statuses";
        case ReportSection::broken_links:
            return "broken-links";
        case ReportSection::orphans:
            return "orphans";
        case ReportSection::front_matter:
            return "front-matter";
        case ReportSection::duplicates:
            return "duplicates";
        case ReportSection::encoding:
            return "encoding";
        case ReportSection::reading_queue:
            return "reading-queue";
    }
    return "";
}

std::optional<ReportSection> parse_report_section(std::string_view name) {
    std::string normalized(name);
    for (char& c : normalized) c = c == '_' ? '-' : text::ascii_lower(c);
    for (const ReportSection s : all_report_sections()) {
        if (report_section_name(s) == normalized) return s;
    }
    return std::nullopt;
}

const std::vector<std::string>& known_statuses() {
    // Reading workflows (unread → reading → read), task workflows (todo →
    // doing → done) and digital-garden maturity (seedling → budding →
    // evergreen), with their common spellings.
    static const std::vector<std::string> known = {
        "unread",      "to-read",  "reading",   "read",      "todo",     "to-do",     "doing",
        "in-progress", "wip",      "done",      "draft",     "review",   "published", "active",
        "paused",      "on-hold",  "waiting",   "blocked",   "someday",  "backlog",   "planned",
        "idea",        "seedling", "budding",   "evergreen", "archived", "abandoned", "cancelled",
        "canceled",    "complete", "completed",
    };
    return known;
}

// ---------------------------------------------------------------------------
// Queries

namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

std::int64_t as_int(const std::optional<std::string>& s) {
    if (!s || s->empty()) return 0;
    return std::stoll(*s);
}

std::string as_text(const std::optional<std::string>& s) {
    return s.value_or(std::string());
}

/// SQL's LIMIT for `limit` (0 = none).
std::int64_t sql_limit(std::size_t limit) {
    return limit == 0 ? -1 : static_cast<std::int64_t>(limit);
}

bool within(std::size_t count, std::size_t limit) {
    return limit == 0 || count < limit;
}

/// The rows that may hold mojibake: their text holds the byte every
/// mojibake sequence starts with (see the essay at the top). The partial
/// indexes notes_path_c3, fields_c3 and headings_c3 hold exactly these rows
/// (SQLite uses a partial index only for a query that repeats its WHERE).
#define NOTES_C3(column) "instr(CAST(" column " AS BLOB), x'C3') > 0"

/// The buckets of notes by the number of links written in them: name, and
/// the fewest links.
constexpr std::array<std::pair<const char*, std::int64_t>, 8> k_link_buckets = {{
    {"0", 0},
    {"1", 1},
    {"2", 2},
    {"3-4", 3},
    {"5-9", 5},
    {"10-19", 10},
    {"20-49", 20},
    {"50+", 50},
}};

/// The notes, read once from the covering index notes_summary. Groups are
/// (domain, status) as stored.
struct NotesScan {
    struct Group {
        std::string domain;
        std::string status;
        bool has_domain = false;
        bool has_status = false;
        std::int64_t notes = 0;
        std::int64_t words = 0;
    };
    std::vector<Group> groups;
    std::int64_t links = 0;                ///< links written, all notes
    std::vector<std::int64_t> slug_titled;  ///< titled by their file name
    std::vector<std::int64_t> untagged;     ///< without a tag
    std::vector<NamedCount> links_per_note;  ///< k_link_buckets, in order
};

NotesScan scan_notes(IndexStore& store) {
    NotesScan scan;
    for (const auto& [name, low] : k_link_buckets) scan.links_per_note.push_back({name, 0});
    // Row by row in the index's order, which keeps each (domain, status)
    // together: SQL's aggregates, one per bucket, cost three times as much.
    store.for_each_row(
        "SELECT domain, status, title_source, word_count, link_count, tag_count, id "
        "FROM notes INDEXED BY notes_summary ORDER BY domain, status",
        {}, [&](const store::RowView& row) {
            const std::optional<std::string_view> domain = row.text(0);
            const std::optional<std::string_view> status = row.text(1);
            if (scan.groups.empty() || scan.groups.back().has_domain != domain.has_value() ||
                scan.groups.back().has_status != status.has_value() ||
                scan.groups.back().domain != domain.value_or("") ||
                scan.groups.back().status != status.value_or("")) {
                NotesScan::Group g;
                g.has_domain = domain.has_value();
                g.has_status = status.has_value();
                g.domain = domain.value_or("");
                g.status = status.value_or("");
                scan.groups.push_back(std::move(g));
            }
            NotesScan::Group& g = scan.groups.back();
            ++g.notes;
            g.words += row.integer(3);
            const std::int64_t links = row.integer(4);
            scan.links += links;
            std::size_t b = k_link_buckets.size() - 1;
            while (b > 0 && links < k_link_buckets[b].second) --b;
            ++scan.links_per_note[b].count;
            if (row.text(2) == "slug") scan.slug_titled.push_back(row.integer(6));
            if (row.integer(5) == 0) scan.untagged.push_back(row.integer(6));
        });
    std::sort(scan.slug_titled.begin(), scan.slug_titled.end());
    std::sort(scan.untagged.begin(), scan.untagged.end());
    return scan;
}

/// The links that are not resolved to a note, from indexes.
struct LinksScan {
    std::int64_t broken = 0;
    std::int64_t external = 0;
    std::int64_t attachment = 0;
    std::int64_t broken_anchors = 0;
    /// Broken links grouped by their target as written.
    struct Target {
        std::string target;
        std::int64_t links = 0;
        std::vector<std::int64_t> notes;
    };
    std::vector<Target> broken_targets;
    /// The links with a broken anchor: (note, link id), in link id order.
    std::vector<std::pair<std::int64_t, std::int64_t>> anchors;
};

LinksScan scan_links(IndexStore& store) {
    LinksScan scan;
    // Nothing here reads the links table row by row (a full scan was a fifth
    // of the report's instructions; every link is counted in
    // notes.link_count): the unresolved links per status from the partial
    // index links_unresolved, in its order, and the broken links and anchors
    // from the covering partial index links_problems. Grouping those happens
    // here rather than in SQL, which would sort every row.
    std::int64_t unresolved = 0;
    std::int64_t stubs = 0;  // Dendron hierarchy links to ancestors without a file
    for (const auto& row : store
                               .query("SELECT status, count(*) FROM links INDEXED BY links_unresolved "
                                      "WHERE target_id IS NULL GROUP BY status")
                               .rows) {
        const std::int64_t n = as_int(row[1]);
        unresolved += n;
        if (*row[0] == "attachment") scan.attachment = n;
        if (*row[0] == "stub") stubs = n;
    }
    // In id order, as written: the first spelling of a target is the one
    // shown. Read in place: a copy of each row cost more than the scan.
    struct Problem {
        std::int64_t id;
        std::int64_t note;
        std::uint32_t target;  ///< index in `targets`; broken links only
        bool broken;
    };
    std::vector<Problem> problems;
    std::vector<std::string> targets;
    store.for_each_row(
        "SELECT id, status = 'broken', CASE WHEN status <> 'broken' THEN NULL WHEN kind = 'block_ref' "
        "THEN '((' || substr(anchor, 2) || '))' ELSE target END, note_id FROM links "
        "WHERE status = 'broken' OR anchor_ok = 0",
        {}, [&](const store::RowView& row) {
            const bool broken = row.integer(1) != 0;
            if (broken) targets.emplace_back(row.text(2).value_or(std::string_view()));
            problems.push_back({row.integer(0), row.integer(3),
                                broken ? static_cast<std::uint32_t>(targets.size() - 1) : 0, broken});
        });
    std::sort(problems.begin(), problems.end(),
              [](const Problem& a, const Problem& b) { return a.id < b.id; });
    std::unordered_map<std::string_view, std::size_t> by_target;
    for (const Problem& p : problems) {
        if (p.broken) {
            ++scan.broken;
            const std::string& target = targets[p.target];
            auto [it, added] = by_target.try_emplace(target, scan.broken_targets.size());
            if (added) scan.broken_targets.push_back({target, 0, {}});
            LinksScan::Target& t = scan.broken_targets[it->second];
            ++t.links;
            t.notes.push_back(p.note);
        } else {
            ++scan.broken_anchors;
            scan.anchors.emplace_back(p.note, p.id);
        }
    }
    // Counted with the resolved links: they link a note to its place in the
    // hierarchy, which has no file yet.
    scan.external = unresolved - scan.broken - scan.attachment - stubs;
    return scan;
}

struct TagsScan {
    std::int64_t distinct = 0;
    std::vector<NamedCount> top;
};

TagsScan scan_tags(IndexStore& store, std::size_t limit) {
    TagsScan scan;
    // The counts the indexer keeps (tag_nodes: the tags notes carry), each
    // tag spelled as `notes tags` spells it: as the first note in path order
    // writes it.
    const QueryResult r = store.query(
        "SELECT tag, notes, count(*) OVER () FROM tag_nodes WHERE notes > 0 "
        "ORDER BY notes DESC, tag_key LIMIT ?",
        {sql_limit(limit)});
    if (r.rows.empty()) return scan;
    scan.distinct = as_int(r.rows[0][2]);
    for (const auto& row : r.rows) scan.top.push_back({as_text(row[0]), as_int(row[1])});
    return scan;
}

/// The notes `ids` as rows (id, path) in path order, at most `limit`. When
/// they are a 64th of the notes or more, from a walk of the index of
/// paths (the one SQLite makes for `path UNIQUE`) that stops at the limit;
/// otherwise by id, each from its row of the notes table, which is larger
/// and costs a page each.
QueryResult paths_in_order(IndexStore& store, const std::vector<std::int64_t>& ids, std::size_t limit) {
    if (ids.empty()) return {};
    const bool walk = ids.size() * 64 >= static_cast<std::size_t>(store.committed_note_count());
    return store.query(walk ? "SELECT id, path FROM notes INDEXED BY sqlite_autoindex_notes_1 "
                              "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY path LIMIT ?"
                            : "SELECT id, path FROM notes WHERE id IN (SELECT value FROM json_each(?)) "
                              "ORDER BY path LIMIT ?",
                       {json_int_array(ids), sql_limit(limit)});
}

/// Paths of the notes `ids` in path order, at most `limit`, with the total.
NoteList note_list(IndexStore& store, const std::vector<std::int64_t>& ids, std::size_t limit) {
    NoteList list;
    list.total = static_cast<std::int64_t>(ids.size());
    for (const auto& row : paths_in_order(store, ids, limit).rows) list.paths.push_back(as_text(row[1]));
    return list;
}

/// Like note_list() for a query whose first column is the path and whose
/// last is `count(*) OVER ()`.
NoteList note_list_from(const QueryResult& r) {
    NoteList list;
    for (const auto& row : r.rows) {
        list.total = as_int(row.back());
        list.paths.push_back(as_text(row[0]));
    }
    return list;
}

/// The first `n` characters of `s`, counted as SQLite's substr() counts
/// them.
std::string_view utf8_prefix(std::string_view s, std::size_t n) {
    std::size_t i = 0;
    for (; i < s.size() && n > 0; --n) {
        if (static_cast<unsigned char>(s[i++]) < 0xC0) continue;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    }
    return s.substr(0, i);
}

/// Month arithmetic on "YYYY-MM".
std::optional<std::pair<int, int>> parse_month(const std::string& m) {
    if (m.size() != 7 || m[4] != '-') return std::nullopt;
    for (const std::size_t i : {0, 1, 2, 3, 5, 6}) {
        if (!text::is_ascii_digit(m[i])) return std::nullopt;
    }
    const int month = std::stoi(m.substr(5, 2));
    if (month < 1 || month > 12) return std::nullopt;
    return std::pair{std::stoi(m.substr(0, 4)), month};
}

std::string format_month(int year, int month) {
    std::string out = std::to_string(year);
    while (out.size() < 4) out.insert(out.begin(), '0');
    return out + (month < 10 ? "-0" : "-") + std::to_string(month);
}

struct ActivityScan {
    ReportActivity activity;
    std::string first_date;
    std::string last_date;
    std::int64_t dated = 0;
};

ActivityScan scan_activity(IndexStore& store) {
    ActivityScan scan;
    // Both read the notes_date index only. The dates come in order, so a
    // month's notes are a run (SQL's GROUP BY would sort them again).
    scan.activity.undated =
        as_int(store.query("SELECT count(*) FROM notes WHERE date IS NULL").rows.at(0).at(0));
    std::vector<NamedCount> found;
    store.for_each_row(
        "SELECT date FROM notes INDEXED BY notes_date WHERE date IS NOT NULL ORDER BY date", {},
        [&](const store::RowView& row) {
            const std::string_view date = row.text(0).value_or(std::string_view());
            const std::string_view month = utf8_prefix(date, 7);  // SQL's substr(date, 1, 7)
            if (found.empty()) scan.first_date = utf8_prefix(date, 10);
            if (found.empty() || found.back().name != month) found.push_back({std::string(month), 0});
            ++found.back().count;
            ++scan.dated;
            scan.last_date = utf8_prefix(date, 10);
        });
    // Every month between the first and the last, empty ones included, as
    // long as the dates look like dates (the indexer stores ISO 8601).
    const auto first = found.empty() ? std::nullopt : parse_month(found.front().name);
    const auto last = found.empty() ? std::nullopt : parse_month(found.back().name);
    if (!first || !last) {
        scan.activity.months = std::move(found);
        return scan;
    }
    std::size_t next = 0;
    const int end = last->first * 12 + (last->second - 1);
    for (int index = first->first * 12 + (first->second - 1); index <= end; ++index) {
        const int y = index / 12;
        const int m = index % 12 + 1;
        const std::string name = format_month(y, m);
        std::int64_t count = 0;
        while (next < found.size() && found[next].name <= name) {
            if (found[next].name == name) count += found[next].count;
            ++next;
        }
        scan.activity.months.push_back({name, count});
    }
    return scan;
}

ReportOrphans scan_orphans(IndexStore& store, std::size_t limit) {
    // Notes nothing else links to (index links_target), then of those the
    // ones that link to no other note.
    const QueryResult r = store.query(
        "WITH unlinked AS MATERIALIZED ("
        "  SELECT n.id FROM notes n WHERE NOT EXISTS ("
        "    SELECT 1 FROM links l WHERE l.target_id = n.id AND l.note_id <> n.id)) "
        "SELECT n.path, n.title, n.date, count(*) OVER () FROM unlinked u JOIN notes n ON n.id = "
        "u.id "
        "WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.note_id = n.id AND l.status = 'resolved' "
        "                    AND l.target_id <> n.id) "
        "ORDER BY n.path LIMIT ?",
        {sql_limit(limit)});
    ReportOrphans orphans;
    for (const auto& row : r.rows) {
        orphans.total = as_int(row[3]);
        orphans.notes.push_back({as_text(row[0]), as_text(row[1]), as_text(row[2])});
    }
    return orphans;
}

/// The keys more than one row holds, from `sql`, which lists the keys in
/// order (an index): each with its number of rows, the most first, then by
/// key; at most `limit` of them, and how many there are in all. (SQL's
/// GROUP BY ... HAVING count(*) > 1 made a group of every key, at several
/// times the cost.)
struct SharedKeys {
    std::vector<NamedCount> top;
    std::int64_t total = 0;
};

SharedKeys shared_keys(IndexStore& store, const std::string& sql, std::size_t limit) {
    SharedKeys shared;
    std::string key;
    std::int64_t run = 0;
    auto run_ends = [&] {
        if (run > 1) shared.top.push_back({key, run});
    };
    store.for_each_row(sql, {}, [&](const store::RowView& row) {
        const std::string_view k = row.text(0).value_or(std::string_view());
        if (run > 0 && k == key) {
            ++run;
            return;
        }
        run_ends();
        key.assign(k);
        run = 1;
    });
    run_ends();
    shared.total = static_cast<std::int64_t>(shared.top.size());
    std::stable_sort(shared.top.begin(), shared.top.end(), [](const NamedCount& a, const NamedCount& b) {
        return a.count > b.count;
    });
    if (limit != 0 && shared.top.size() > limit) shared.top.resize(limit);
    return shared;
}

/// A JSON array of `keys`' names.
std::string json_names(const std::vector<NamedCount>& keys) {
    std::string out = "[";
    for (const NamedCount& k : keys) {
        if (out.size() > 1) out += ',';
        append_json_string(out, k.name);
    }
    return out + "]";
}

ReportDuplicates scan_duplicates(IndexStore& store, std::size_t limit) {
    ReportDuplicates d;
    const SharedKeys slugs =
        shared_keys(store, "SELECT slug_key FROM notes INDEXED BY notes_slug_key ORDER BY slug_key", limit);
    if (!slugs.top.empty()) {
        d.slugs_total = slugs.total;
        const std::string keys = json_names(slugs.top);
        const QueryResult holders = store.query(
            "SELECT n.slug_key, n.slug, n.path, n.title, "
            "       (SELECT count(*) FROM links l WHERE l.target_id = n.id AND l.resolved_by = "
            "'slug') "
            "FROM notes n WHERE n.slug_key IN (SELECT value FROM json_each(?)) ORDER BY n.path",
            {keys});
        std::map<std::string, SharedSlug> by_key;
        for (const auto& row : holders.rows) {
            SharedSlug& s = by_key[as_text(row[0])];
            if (s.slug.empty()) s.slug = as_text(row[1]);
            s.notes.push_back({as_text(row[2]), as_text(row[3]), as_int(row[4]), false});
        }
        for (const NamedCount& k : slugs.top) {
            SharedSlug s = std::move(by_key[k.name]);
            if (s.notes.empty()) continue;
            // The resolver's choice from a folder holding none of them.
            auto best = s.notes.begin();
            for (auto it = s.notes.begin(); it != s.notes.end(); ++it) {
                if (it->path.size() < best->path.size()) best = it;
            }
            best->is_default = true;
            d.slugs.push_back(std::move(s));
        }
    }

    // Index notes_title_key only. A title taken from the file name counts
    // too: a link by that title is just as ambiguous.
    const SharedKeys titles = shared_keys(
        store, "SELECT title_key FROM notes INDEXED BY notes_title_key ORDER BY title_key", limit);
    if (!titles.top.empty()) {
        d.titles_total = titles.total;
        const std::string keys = json_names(titles.top);
        const QueryResult notes = store.query(
            "SELECT title_key, title, path FROM notes WHERE title_key IN (SELECT value FROM "
            "json_each(?)) "
            "ORDER BY path",
            {keys});
        std::map<std::string, SharedTitle> by_key;
        for (const auto& row : notes.rows) {
            SharedTitle& t = by_key[as_text(row[0])];
            if (t.title.empty()) t.title = as_text(row[1]);
            ++t.notes;
            if (within(t.paths.size(), limit)) t.paths.push_back(as_text(row[2]));
        }
        for (const NamedCount& k : titles.top) d.titles.push_back(std::move(by_key[k.name]));
    }
    return d;
}

/// Mojibake found in the front matter and headings, keyed by note id.
using EncodingFindings = std::map<std::int64_t, std::vector<EncodingFinding>>;

/// Mojibake in front-matter values (and Logseq's page properties): the
/// rows of the partial index fields_c3, each note's in the order written.
EncodingFindings scan_field_encoding(IndexStore& store) {
    // The index orders a note's rows by key; the rowid, which every index
    // entry holds, puts them back in the order written.
    EncodingFindings found;
    store.for_each_row(
        "SELECT note_id, key, position, value FROM fields INDEXED BY fields_c3 "
        "WHERE type = 'string' AND " NOTES_C3("value") " ORDER BY note_id, rowid",
        {}, [&](const store::RowView& row) {
            const std::string_view value = row.text(3).value_or(std::string_view());
            if (auto repaired = repair_mojibake(value)) {
                std::string where(row.text(1).value_or(std::string_view()));
                if (const auto position = row.text(2)) (where += '[').append(*position) += ']';
                found[row.integer(0)].push_back({std::move(where), 0, std::string(value), std::move(*repaired)});
            }
        });
    return found;
}

/// Mojibake in headings.
EncodingFindings scan_heading_encoding(IndexStore& store) {
    EncodingFindings found;
    // The rows of the partial index headings_c3; each note's findings are
    // put in line order here.
    store.for_each_row(
        "SELECT note_id, line, text FROM headings INDEXED BY headings_c3 WHERE " NOTES_C3("text"), {},
        [&](const store::RowView& row) {
            const std::string_view heading = row.text(2).value_or(std::string_view());
            if (auto repaired = repair_mojibake(heading)) {
                found[row.integer(0)].push_back(
                    {"heading", row.integer(1), std::string(heading), std::move(*repaired)});
            }
        });
    for (auto& [id, findings] : found) {
        std::stable_sort(findings.begin(), findings.end(),
                         [](const EncodingFinding& a, const EncodingFinding& b) { return a.line < b.line; });
    }
    return found;
}

ReportEncoding finish_encoding(IndexStore& store, EncodingFindings found, std::size_t limit) {
    {
        const QueryResult r =
            store.query("SELECT id, path FROM notes INDEXED BY notes_path_c3 WHERE " NOTES_C3("path"));
        for (const auto& row : r.rows) {
            const std::string path = as_text(row[1]);
            if (auto repaired = repair_mojibake(path)) {
                auto& findings = found[as_int(row[0])];
                findings.insert(findings.begin(), {"path", 0, path, std::move(*repaired)});
            }
        }
    }
    ReportEncoding e;
    std::map<std::pair<std::string, std::string>, std::int64_t> repairs;
    std::vector<std::int64_t> ids;
    for (const auto& [id, findings] : found) {
        ids.push_back(id);
        e.findings_total += static_cast<std::int64_t>(findings.size());
        std::vector<const EncodingFinding*> seen;  // count each repair once per note
        for (const auto& f : findings) {
            if (std::any_of(seen.begin(), seen.end(), [&](const EncodingFinding* s) {
                    return s->text == f.text && s->repaired == f.repaired;
                })) {
                continue;
            }
            ++repairs[{f.text, f.repaired}];
            seen.push_back(&f);
        }
    }
    e.notes_total = static_cast<std::int64_t>(ids.size());
    if (ids.empty()) return e;
    for (const auto& row : paths_in_order(store, ids, limit).rows)
        e.notes.push_back({as_text(row[1]), std::move(found[as_int(row[0])])});
    for (auto& [key, notes] : repairs) e.common.push_back({key.first, key.second, notes});
    std::stable_sort(e.common.begin(), e.common.end(),
                     [](const auto& a, const auto& b) { return a.notes > b.notes; });
    if (limit != 0 && e.common.size() > limit) e.common.resize(limit);
    return e;
}

/// The report's kinds of file problem: the warning kinds of a stored parse
/// warning that have a heading of their own, the others as "other".
std::string problem_kind(const std::string& path, const std::string& message) {
    switch (const WarningKind kind = warning_kind(Warning{path, 0, 0, message})) {
        case WarningKind::invalid_yaml:
        case WarningKind::unterminated_front_matter:
        case WarningKind::unparseable_date:
        case WarningKind::empty_file:
        case WarningKind::bad_bytes:
            return std::string(warning_kind_name(kind));
        default:
            return "other";
    }
}

/// Stored parse warnings, every one (they are few: one per broken file).
std::vector<NoteProblem> scan_warnings(IndexStore& store) {
    std::vector<NoteProblem> problems;
    const QueryResult r = store.query(
        "SELECT n.path, w.line, w.col, w.message FROM warnings w JOIN notes n ON n.id = w.note_id "
        "ORDER BY n.path, coalesce(w.line, 0), coalesce(w.col, 0)");
    for (const auto& row : r.rows) {
        const std::string message = as_text(row[3]);
        problems.push_back(
            {problem_kind(as_text(row[0]), message), as_text(row[0]), as_int(row[1]), as_int(row[2]), message});
    }
    return problems;
}

NoteList scan_missing_dates(IndexStore& store, std::size_t limit) {
    return note_list_from(store.query(
        "SELECT path, count(*) OVER () FROM notes WHERE date IS NULL ORDER BY path LIMIT ?",
        {sql_limit(limit)}));
}

std::vector<ReportNote> scan_reading_queue(IndexStore& store, const std::string& status,
                                           std::size_t limit) {
    std::vector<ReportNote> notes;
    // Oldest first along the notes_date index, so that LIMIT stops early.
    const QueryResult dated = store.query(
        "SELECT path, title, date FROM notes WHERE date IS NOT NULL AND lower(status) = ? ORDER BY "
        "date LIMIT ?",
        {status, sql_limit(limit)});
    for (const auto& row : dated.rows)
        notes.push_back({as_text(row[0]), as_text(row[1]), as_text(row[2])});
    if (!within(notes.size(), limit)) return notes;
    const QueryResult undated = store.query(
        "SELECT path, title FROM notes WHERE date IS NULL AND lower(status) = ? ORDER BY path "
        "LIMIT ?",
        {status, limit == 0 ? -1 : static_cast<std::int64_t>(limit - notes.size())});
    for (const auto& row : undated.rows) notes.push_back({as_text(row[0]), as_text(row[1]), ""});
    return notes;
}

/// Values of one notes column grouped case-insensitively, most used first;
/// each shown in its most used spelling.
ReportDistribution distribution(const NotesScan& scan, bool domain, std::size_t limit) {
    struct Entry {
        std::int64_t notes = 0;
        std::map<std::string, std::int64_t> spellings;
    };
    std::map<std::string, Entry> by_key;
    ReportDistribution d;
    for (const auto& g : scan.groups) {
        if (!(domain ? g.has_domain : g.has_status)) {
            d.notes_without += g.notes;
            continue;
        }
        const std::string& value = domain ? g.domain : g.status;
        Entry& e = by_key[text::fold_key(value)];
        e.notes += g.notes;
        e.spellings[value] += g.notes;
    }
    d.distinct = static_cast<std::int64_t>(by_key.size());
    for (const auto& [key, e] : by_key) {
        const auto best =
            std::max_element(e.spellings.begin(), e.spellings.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        d.top.push_back({best->first, e.notes});
    }
    std::stable_sort(d.top.begin(), d.top.end(),
                     [](const auto& a, const auto& b) { return a.count > b.count; });
    if (limit != 0 && d.top.size() > limit) d.top.resize(limit);
    return d;
}

/// "In Progress" → "in-progress": how a status is compared with the known ones.
std::string normalize_status(std::string_view s) {
    std::string out = text::fold_key(text::collapse_whitespace(s));
    for (char& c : out) {
        if (c == ' ' || c == '_') c = '-';
    }
    return out;
}

std::vector<UnknownStatus> unknown_statuses(IndexStore& store, const NotesScan& scan,
                                            std::size_t limit) {
    std::map<std::string, std::int64_t> used;  // normalized → notes
    for (const auto& g : scan.groups) {
        if (g.has_status) used[normalize_status(g.status)] += g.notes;
    }
    std::vector<std::string> vocabulary = known_statuses();
    for (const auto& [value, notes] : used) {
        if (notes >= k_established_status_notes) vocabulary.push_back(value);
    }
    auto known = [&](const std::string& v) {
        return std::find(vocabulary.begin(), vocabulary.end(), v) != vocabulary.end();
    };
    std::map<std::string, UnknownStatus> unknown;  // normalized → entry
    std::string spellings = "[";
    for (const auto& g : scan.groups) {
        if (!g.has_status) continue;
        const std::string key = normalize_status(g.status);
        if (known(key)) continue;
        UnknownStatus& u = unknown[key];
        if (u.value.empty()) u.value = g.status;
        u.notes += g.notes;
        std::string quoted;
        append_json_string(quoted, g.status);
        spellings += (spellings.size() > 1 ? "," : "") + quoted;
    }
    spellings += "]";
    if (unknown.empty()) return {};
    const QueryResult r = store.query(
        "SELECT status, path FROM notes WHERE status IN (SELECT value FROM json_each(?)) ORDER BY "
        "path",
        {spellings});
    for (const auto& row : r.rows) {
        UnknownStatus& u = unknown[normalize_status(as_text(row[0]))];
        if (within(u.paths.size(), limit)) u.paths.push_back(as_text(row[1]));
    }
    std::vector<UnknownStatus> out;
    for (auto& [key, u] : unknown) {
        std::size_t best = 3;
        for (const std::string& v : vocabulary) {
            const std::size_t d = edit_distance(key, v);
            if (d < best) best = d, u.suggestion = v;
        }
        out.push_back(std::move(u));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.notes > b.notes; });
    if (limit != 0 && out.size() > limit) out.resize(limit);
    return out;
}

ReportBrokenLinks broken_links(IndexStore& store, const LinksScan& links, std::size_t limit) {
    ReportBrokenLinks b;
    b.links = links.broken;
    b.anchors = links.broken_anchors;
    if (links.broken > 0) {
        // The targets as written, grouped again by their folded form (the way
        // resolution compares targets: case, Unicode form and `.md` aside).
        struct Group {
            std::string target;
            std::int64_t links = 0;
            std::vector<std::int64_t> notes;
        };
        std::map<std::string, Group> groups;
        for (const auto& written : links.broken_targets) {
            Group& g = groups[target_key(written.target)];
            if (g.target.empty()) g.target = written.target;
            g.links += written.links;
            g.notes.insert(g.notes.end(), written.notes.begin(), written.notes.end());
        }
        std::vector<Group> sorted;
        for (auto& [key, g] : groups) {
            std::sort(g.notes.begin(), g.notes.end());
            g.notes.erase(std::unique(g.notes.begin(), g.notes.end()), g.notes.end());
            sorted.push_back(std::move(g));
        }
        std::stable_sort(sorted.begin(), sorted.end(), [](const Group& x, const Group& y) {
            if (x.links != y.links) return x.links > y.links;
            if (x.notes.size() != y.notes.size()) return x.notes.size() > y.notes.size();
            return x.target < y.target;
        });
        b.targets = static_cast<std::int64_t>(sorted.size());
        if (limit != 0 && sorted.size() > limit) sorted.resize(limit);
        std::vector<std::int64_t> shown;
        for (const Group& g : sorted) shown.insert(shown.end(), g.notes.begin(), g.notes.end());
        std::unordered_map<std::int64_t, std::string> paths;
        const QueryResult p =
            store.query("SELECT id, path FROM notes WHERE id IN (SELECT value FROM json_each(?))",
                        {json_int_array(shown)});
        for (const auto& row : p.rows) paths[as_int(row[0])] = as_text(row[1]);
        for (const Group& g : sorted) {
            BrokenTarget t{g.target, g.links, static_cast<std::int64_t>(g.notes.size()), {}};
            for (const std::int64_t id : g.notes) t.sources.push_back(paths[id]);
            std::sort(t.sources.begin(), t.sources.end());
            if (limit != 0 && t.sources.size() > limit) t.sources.resize(limit);
            b.top.push_back(std::move(t));
        }
    }
    if (links.broken_anchors > 0) {
        // Ordered by source path, then line: the first `limit` sources in
        // path order hold the first `limit` anchors, and only their links
        // and targets are read (each a page of a large table).
        std::vector<std::int64_t> sources;
        for (const auto& [note, id] : links.anchors) sources.push_back(note);
        std::sort(sources.begin(), sources.end());
        sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
        std::unordered_map<std::int64_t, std::string> source_paths;
        std::vector<std::int64_t> shown_links;
        for (auto& row : paths_in_order(store, sources, limit).rows)
            source_paths.emplace(as_int(row[0]), as_text(row[1]));
        for (const auto& [note, id] : links.anchors) {
            if (source_paths.count(note) != 0) shown_links.push_back(id);
        }
        const QueryResult r = store.query(
            "SELECT l.note_id, l.line, t.path, l.anchor FROM links l JOIN notes t ON t.id = l.target_id "
            "WHERE l.id IN (SELECT value FROM json_each(?))",
            {json_int_array(shown_links)});
        for (const auto& row : r.rows) {
            b.anchor_list.push_back(
                {source_paths[as_int(row[0])], as_int(row[1]), as_text(row[2]), as_text(row[3])});
        }
        // Stable: two on one line stay in the order written.
        std::stable_sort(b.anchor_list.begin(), b.anchor_list.end(), [](const auto& x, const auto& y) {
            return std::tie(x.source_path, x.line) < std::tie(y.source_path, y.line);
        });
        if (limit != 0 && b.anchor_list.size() > limit) b.anchor_list.resize(limit);
    }
    return b;
}

/// When the index was last written: the file's mtime, or its -wal file's
/// while that holds frames not yet copied back. (An empty -wal file says
/// nothing: readers create it too.)
std::optional<std::int64_t> index_written(const std::filesystem::path& file) {
    if (file.empty()) return std::nullopt;
    std::optional<std::int64_t> newest;
    const std::filesystem::path wal(file.string() + "-wal");
    for (const auto& f : {file, wal}) {
        std::error_code ec;
        if (f == wal && (std::filesystem::file_size(f, ec) == 0 || ec)) continue;
        const auto t = std::filesystem::last_write_time(f, ec);
        if (ec) continue;
        const auto sys = std::chrono::file_clock::to_sys(t);
        const std::int64_t seconds =
            std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
        if (!newest || seconds > *newest) newest = seconds;
    }
    return newest;
}

/// Runs `jobs` on `store` and, when `open_store` is given, on a second
/// connection on another thread; each job takes the next one not started.
void run_jobs(IndexStore& store, const std::vector<std::function<void(IndexStore&)>>& jobs,
              const std::function<std::unique_ptr<IndexStore>()>& open_store) {
    std::atomic<std::size_t> next{0};
    auto work = [&](IndexStore& s) {
        for (std::size_t i; (i = next.fetch_add(1)) < jobs.size();) jobs[i](s);
    };
    if (!open_store || jobs.size() < 2) {
        work(store);
        return;
    }
    std::exception_ptr helper_failure;
    std::thread helper([&] {
        try {
            const std::unique_ptr<IndexStore> second = open_store();
            work(*second);
        } catch (...) {
            helper_failure = std::current_exception();
        }
    });
    try {
        work(store);
    } catch (...) {
        next.store(jobs.size());
        helper.join();
        throw;
    }
    helper.join();
    if (helper_failure) std::rethrow_exception(helper_failure);
}

}  // namespace

Report build_report(IndexStore& store, const ReportOptions& options) {
    const std::vector<ReportSection>& wanted =
        options.sections.empty() ? all_report_sections() : options.sections;
    auto want = [&](std::initializer_list<ReportSection> any) {
        for (const ReportSection s : any) {
            if (std::find(wanted.begin(), wanted.end(), s) != wanted.end()) return true;
        }
        return false;
    };
    using S = ReportSection;
    const std::size_t limit = options.limit;

    Report report;
    report.generated = options.now.value_or(std::chrono::duration_cast<std::chrono::seconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count());

    // Phase 1: the scans, independent of each other, most expensive first.
    std::optional<NotesScan> notes;
    std::optional<LinksScan> links;
    std::optional<TagsScan> tags;
    std::optional<ActivityScan> activity;
    EncodingFindings encoding;
    std::vector<NoteProblem> warnings;
    NoteList missing_dates;
    std::vector<ReportNote> queue;
    std::vector<std::function<void(IndexStore&)>> jobs;
    if (want({S::overview, S::broken_links})) {
        jobs.push_back([&](IndexStore& s) {
            links = scan_links(s);
            if (want({S::broken_links})) report.broken_links = broken_links(s, *links, limit);
        });
    }
    EncodingFindings heading_encoding;
    if (want({S::encoding})) {
        jobs.push_back([&](IndexStore& s) {
            encoding = scan_field_encoding(s);
            heading_encoding = scan_heading_encoding(s);
        });
    }
    if (want({S::overview, S::domains, S::statuses, S::tags, S::front_matter, S::reading_queue})) {
        jobs.push_back([&](IndexStore& s) { notes = scan_notes(s); });
    }
    if (want({S::orphans}))
        jobs.push_back([&](IndexStore& s) { report.orphans = scan_orphans(s, limit); });
    if (want({S::duplicates}))
        jobs.push_back([&](IndexStore& s) { report.duplicates = scan_duplicates(s, limit); });
    if (want({S::overview, S::tags}))
        jobs.push_back([&](IndexStore& s) { tags = scan_tags(s, limit); });
    if (want({S::overview, S::activity}))
        jobs.push_back([&](IndexStore& s) { activity = scan_activity(s); });
    if (want({S::front_matter})) {
        jobs.push_back([&](IndexStore& s) { warnings = scan_warnings(s); });
        jobs.push_back([&](IndexStore& s) { missing_dates = scan_missing_dates(s, limit); });
    }
    if (want({S::reading_queue})) {
        jobs.push_back([&](IndexStore& s) { queue = scan_reading_queue(s, "unread", limit); });
    }
    run_jobs(store, jobs, options.open_store);
    const std::vector<std::int64_t> no_ids;
    const std::vector<std::int64_t>& untagged = notes ? notes->untagged : no_ids;

    // Phase 2: the sections, from the scans and a few small queries.
    std::int64_t total_notes = 0;
    std::int64_t total_words = 0;
    if (notes) {
        for (const auto& g : notes->groups) total_notes += g.notes, total_words += g.words;
    }
    if (want({S::overview})) {
        ReportOverview o;
        o.notes = total_notes;
        o.words = total_words;
        o.links = notes->links;
        o.links_broken = links->broken;
        o.links_external = links->external;
        o.links_attachment = links->attachment;
        o.links_resolved = notes->links - links->broken - links->external - links->attachment;
        o.broken_anchors = links->broken_anchors;
        o.tags = tags->distinct;
        o.domains = distribution(*notes, true, 1).distinct;
        o.statuses = distribution(*notes, false, 1).distinct;
        o.first_date = activity->first_date;
        o.last_date = activity->last_date;
        o.dated_notes = activity->dated;
        o.titled_notes = total_notes - static_cast<std::int64_t>(notes->slug_titled.size());
        o.tagged_notes = total_notes - static_cast<std::int64_t>(untagged.size());
        o.index_written = index_written(options.index_file);
        if (o.index_written)
            o.index_age_seconds = std::max<std::int64_t>(0, report.generated - *o.index_written);
        o.links_per_note = notes->links_per_note;
        report.overview = std::move(o);
    }
    if (want({S::activity})) report.activity = activity->activity;
    if (want({S::tags})) {
        ReportDistribution d;
        d.distinct = tags->distinct;
        d.top = tags->top;
        d.notes_without = static_cast<std::int64_t>(untagged.size());
        report.tags = std::move(d);
    }
    if (want({S::domains})) report.domains = distribution(*notes, true, limit);
    if (want({S::statuses})) report.statuses = distribution(*notes, false, limit);
    if (want({S::front_matter})) {
        ReportFrontMatter f;
        f.notes = total_notes;
        f.problems_total = static_cast<std::int64_t>(warnings.size());
        std::map<std::string, std::int64_t> kinds;
        for (const auto& w : warnings) ++kinds[w.kind];
        for (const char* kind : {"invalid_yaml", "unterminated_front_matter", "unparseable_date",
                                 "empty_file", "bad_bytes", "other"}) {
            if (kinds[kind] > 0) f.problem_kinds.push_back({kind, kinds[kind]});
        }
        if (limit != 0 && warnings.size() > limit) warnings.resize(limit);
        f.problems = std::move(warnings);
        f.missing_title = note_list(store, notes->slug_titled, limit);
        f.missing_date = std::move(missing_dates);
        f.missing_tags = note_list(store, untagged, limit);
        for (NoteList* list : {&f.missing_title, &f.missing_date, &f.missing_tags}) {
            list->field_used = vault_uses_field(total_notes - list->total, total_notes);
        }
        f.unknown_statuses = unknown_statuses(store, *notes, limit);
        report.front_matter = std::move(f);
    }
    if (want({S::encoding})) {
        // A note's front-matter findings, then its headings'.
        for (auto& [id, findings] : heading_encoding) {
            auto& all = encoding[id];
            all.insert(all.end(), std::make_move_iterator(findings.begin()),
                       std::make_move_iterator(findings.end()));
        }
        report.encoding =
            finish_encoding(store, std::move(encoding), limit);
    }
    if (want({S::reading_queue})) {
        ReportReadingQueue q;
        for (const auto& g : notes->groups) {
            if (g.has_status && text::fold_key(g.status) == q.status) q.total += g.notes;
        }
        q.notes = std::move(queue);
        report.reading_queue = std::move(q);
    }
    return report;
}

}  // namespace notes::query
