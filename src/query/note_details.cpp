// One note as the index knows it (`notes show`) and the vault's tags with
// their counts (`notes tags`).
//
// Counting tags is the one part with a cost: a large vault has hundreds of
// thousands of (note, tag) rows. The counts come from the tags_key index
// alone. The spelling shown for a tag is that of the first note in path order
// (the `tag_counts` view); the view finds it by sorting all the notes of each
// tag by path, which reads every note row of the vault (seconds on 100,000
// notes). Here the first few thousand notes in path order are read instead:
// a tag carried by many notes is met early, and only the tags not met yet are
// looked up one by one.
//
// A parent's count in the tag tree is the number of distinct notes carrying
// it or a tag nested under it; it too comes from the tags_key index, as
// lists of note ids whose difference is taken here.

#include "notes/query/note_details.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "notes/core/error.hpp"
#include "notes/store/index_store.hpp"
#include "notes/core/json.hpp"
#include "notes/store/read_snapshot.hpp"

namespace notes::query {

using store::SqlParam;
using store::ReadSnapshot;
namespace {

using Row = std::vector<std::optional<std::string>>;

/// How many (note, tag) rows list_tags() reads in path order to find how
/// common tags are spelled.
constexpr std::int64_t k_walk_rows = 20000;

std::string text(const Row& row, std::size_t i) {
    return row[i].value_or(std::string());
}

std::int64_t integer(const Row& row, std::size_t i) {
    return row[i] ? std::stoll(*row[i]) : 0;
}

std::optional<std::int64_t> optional_integer(const Row& row, std::size_t i) {
    if (!row[i]) return std::nullopt;
    return std::stoll(*row[i]);
}

/// Calls fn(id) for each id of a list group_concat() joined with ','.
template <typename Fn>
void for_each_id(const std::optional<std::string>& list, Fn fn) {
    if (!list) return;
    const char* p = list->data();
    const char* const end = p + list->size();
    while (p < end) {
        std::int64_t id = 0;
        const auto [next, ec] = std::from_chars(p, end, id);
        if (ec != std::errc()) return;
        fn(id);
        p = next + 1;  // past the ','
    }
}

/// A JSON array of strings, to hand a list of keys to SQL (json_each).
std::string json_array(const std::vector<std::string>& items) {
    JsonWriter w;
    w.begin_array();
    for (const auto& item : items) w.value(item);
    w.end_array();
    return w.take();
}

/// The parts of a nested tag ("db/sqlite" -> db, sqlite). A tag with an empty
/// part ("a//b", "a/") is not nested: it is one node named as written.
std::vector<std::string> tag_parts(const std::string& tag) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto slash = tag.find('/', start);
        parts.push_back(
            tag.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (parts.back().empty()) return {tag};
        if (slash == std::string::npos) return parts;
        start = slash + 1;
    }
}

/// A node while the tree is being assembled, found by its folded key.
struct PendingNode {
    TagNode node;
    std::vector<std::string> child_keys;
};

void sort_siblings(std::vector<TagNode>& nodes, TagSort sort) {
    std::sort(nodes.begin(), nodes.end(), [sort](const TagNode& a, const TagNode& b) {
        if (sort == TagSort::count && a.subtree_notes != b.subtree_notes)
            return a.subtree_notes > b.subtree_notes;
        return a.key < b.key;
    });
    for (TagNode& n : nodes) sort_siblings(n.children, sort);
}

TagNode assemble(std::map<std::string, PendingNode>& pending, const std::string& key) {
    PendingNode& p = pending.at(key);
    TagNode node = std::move(p.node);
    for (const std::string& child : p.child_keys) node.children.push_back(assemble(pending, child));
    return node;
}

}  // namespace

NoteDetails load_note_details(IndexStore& store, std::int64_t id) {
    const ReadSnapshot snapshot(store);
    const std::vector<SqlParam> params{id};
    const auto note = store.query(
        "SELECT id, path, slug, folder, title, title_source, date, domain, status, source, "
        "relevance, word_count, front_matter, front_matter_invalid FROM notes WHERE id = ?",
        params);
    if (note.rows.empty()) throw Error("no note with id " + std::to_string(id) + " in the index");
    const Row& r = note.rows.front();
    NoteDetails d;
    d.id = integer(r, 0);
    d.path = text(r, 1);
    d.slug = text(r, 2);
    d.folder = text(r, 3);
    d.title = text(r, 4);
    d.title_source = text(r, 5);
    d.date = text(r, 6);
    d.domain = text(r, 7);
    d.status = text(r, 8);
    d.source = text(r, 9);
    d.relevance = text(r, 10);
    d.word_count = integer(r, 11);
    d.front_matter_json = text(r, 12);
    d.front_matter_invalid = integer(r, 13) != 0;

    auto rows = [&](const char* sql) { return store.query(sql, params).rows; };
    // Rows of one note were inserted in file order, so rowid order is file order.
    for (const Row& row : rows("SELECT key, value, position, type, line FROM fields "
                               "WHERE note_id = ? ORDER BY rowid")) {
        d.fields.push_back({text(row, 0), row[1], optional_integer(row, 2), text(row, 3),
                            optional_integer(row, 4)});
    }
    for (const Row& row :
         rows("SELECT tag, source, line FROM tags WHERE note_id = ? ORDER BY line, tag_key")) {
        d.tags.push_back({text(row, 0), text(row, 1), integer(row, 2)});
    }
    for (const Row& row : rows("SELECT alias FROM aliases WHERE note_id = ? ORDER BY rowid")) {
        d.aliases.push_back(text(row, 0));
    }
    // An attachment's target_path is the file it names.
    for (const Row& row : rows("SELECT l.line, l.kind, l.target, l.anchor, l.label, l.status, "
                               "l.resolved_by, coalesce(t.path, f.path), t.title, l.anchor_ok FROM links l "
                               "LEFT JOIN notes t ON t.id = l.target_id LEFT JOIN files f ON f.id = l.file_id "
                               "WHERE l.note_id = ? ORDER BY l.line, l.id")) {
        OutgoingLink link{integer(row, 0), text(row, 1), text(row, 2), text(row, 3), text(row, 4),
                          text(row, 5),    text(row, 6), text(row, 7), text(row, 8), std::nullopt};
        if (row[9]) link.anchor_ok = *row[9] != "0";
        d.links_out.push_back(std::move(link));
    }
    // The `backlinks` view, restricted to this note before the joins so that
    // the links_target index answers it.
    for (const Row& row :
         rows("SELECT s.path, s.title, l.line, l.kind, l.anchor FROM links l "
              "JOIN notes s ON s.id = l.note_id "
              "WHERE l.target_id = ?1 AND l.status = 'resolved' AND l.note_id <> ?1 "
              "ORDER BY s.path, l.line, l.id")) {
        d.backlinks.push_back(
            {text(row, 0), text(row, 1), integer(row, 2), text(row, 3), text(row, 4)});
    }
    // Up the parent links (a cycle stops at 64 steps), then one step down.
    for (const Row& row :
         rows("WITH RECURSIVE up(id, depth) AS ("
              "  SELECT target_id, 1 FROM links WHERE note_id = ?1 AND kind = 'parent' AND status = 'resolved' "
              "    AND target_id <> ?1 "
              "  UNION SELECT l.target_id, up.depth + 1 FROM links l JOIN up ON l.note_id = up.id "
              "    WHERE l.kind = 'parent' AND l.status = 'resolved' AND l.target_id <> l.note_id AND up.depth < 64) "
              "SELECT n.path, n.title FROM up JOIN notes n ON n.id = up.id GROUP BY n.id ORDER BY max(up.depth) DESC")) {
        d.ancestors.push_back({text(row, 0), text(row, 1)});
    }
    for (const Row& row :
         rows("SELECT s.path, s.title FROM links l JOIN notes s ON s.id = l.note_id "
              "WHERE l.target_id = ?1 AND l.kind = 'parent' AND l.status = 'resolved' AND l.note_id <> ?1 "
              "GROUP BY s.id ORDER BY s.path")) {
        d.children.push_back({text(row, 0), text(row, 1)});
    }
    for (const Row& row :
         rows("SELECT level, text, line FROM headings WHERE note_id = ? ORDER BY line")) {
        d.headings.push_back({integer(row, 0), text(row, 1), integer(row, 2)});
    }
    for (const Row& row :
         rows("SELECT line, col, message FROM warnings WHERE note_id = ? ORDER BY rowid")) {
        d.warnings.push_back({optional_integer(row, 0), optional_integer(row, 1), text(row, 2)});
    }
    return d;
}

std::vector<TagCount> list_tags(IndexStore& store) {
    const ReadSnapshot snapshot(store);
    std::vector<TagCount> tags;
    std::unordered_map<std::string, std::size_t> position;
    for (const Row& row :
         store.query("SELECT tag_key, count(*) FROM tags GROUP BY tag_key ORDER BY tag_key").rows) {
        position.emplace(text(row, 0), tags.size());
        tags.push_back({std::string(), text(row, 0), integer(row, 1)});
    }

    // The first rows in path order spell every common tag. CROSS JOIN keeps
    // SQLite walking the path index instead of sorting a join.
    std::size_t unspelled = tags.size();
    for (const Row& row :
         store
             .query("SELECT t.tag_key, t.tag FROM notes n CROSS JOIN tags t ON t.note_id = n.id "
                    "ORDER BY n.path LIMIT ?",
                    {k_walk_rows})
             .rows) {
        TagCount& t = tags[position.at(text(row, 0))];
        if (t.tag.empty()) {
            t.tag = text(row, 1);
            --unspelled;
        }
    }
    if (unspelled == 0) return tags;

    // The rest one by one: a rare tag joins its few notes and sorts them; a
    // common one (whose notes all come late in path order) walks the path
    // index again, probing the tags primary key, until its first note. A
    // probe costs about a thirtieth of reading a note row: walk when
    // total / count < 32 * count.
    const std::int64_t total = integer(store.query("SELECT count(*) FROM notes").rows.at(0), 0);
    std::vector<std::string> walk;
    std::vector<std::string> join;
    for (const TagCount& t : tags) {
        if (t.tag.empty()) (t.notes * t.notes * 32 > total ? walk : join).push_back(t.key);
    }
    const std::pair<const std::vector<std::string>*, const char*> ways[] = {
        {&walk,
         "SELECT k.value, (SELECT t.tag FROM notes n CROSS JOIN tags t ON t.note_id = n.id AND "
         "t.tag_key = k.value "
         "ORDER BY n.path LIMIT 1) FROM json_each(?) k"},
        {&join,
         "SELECT k.value, (SELECT t.tag FROM tags t JOIN notes n ON n.id = t.note_id WHERE "
         "t.tag_key = k.value "
         "ORDER BY n.path LIMIT 1) FROM json_each(?) k"},
    };
    for (const auto& [keys, sql] : ways) {
        if (keys->empty()) continue;
        for (const Row& row : store.query(sql, {json_array(*keys)}).rows) {
            tags[position.at(text(row, 0))].tag = text(row, 1);
        }
    }
    return tags;
}

std::vector<TagNode> tag_tree(IndexStore& store, const std::vector<TagCount>& tags, TagSort sort) {
    // Every tag and every parent of a nested tag becomes a node; a parent no
    // note carries alone takes its spelling from its first nested tag.
    std::map<std::string, PendingNode> pending;
    std::vector<std::string> roots;
    for (const TagCount& t : tags) {
        const std::vector<std::string> key_parts = tag_parts(t.key);
        std::vector<std::string> spelled = tag_parts(t.tag);
        // Folding keeps '/', so both split alike; if not, show the key's parts.
        if (spelled.size() != key_parts.size()) spelled = key_parts;
        std::string key;
        std::string tag;
        std::string parent_key;
        for (std::size_t i = 0; i < key_parts.size(); ++i) {
            key += (i > 0 ? "/" : "") + key_parts[i];
            tag += (i > 0 ? "/" : "") + spelled[i];
            auto [it, added] = pending.try_emplace(key);
            if (added) {
                it->second.node.name = spelled[i];
                it->second.node.tag = tag;
                it->second.node.key = key;
                if (i == 0) {
                    roots.push_back(key);
                } else {
                    pending.at(parent_key).child_keys.push_back(key);
                }
            }
            parent_key = key;
        }
        PendingNode& own = pending.at(t.key);
        own.node.tag = t.tag;
        own.node.name = spelled.back();
        own.node.notes = t.notes;
        own.node.subtree_notes = t.notes;
    }

    // A note is counted once for a parent however many of its nested tags it
    // carries: the parent's own notes, plus the notes under it that do not
    // carry the parent itself. Keys compare as bytes, so the keys under `p`
    // are those after `p/` and before `p0`, '0' being the byte after '/'.
    // Both sides come from the tags_key index, each as one list of ids: the
    // set difference is made here (EXCEPT's two temporary b-trees cost
    // several times as much).
    std::vector<std::string> parents;
    for (const auto& [key, p] : pending) {
        if (!p.child_keys.empty()) parents.push_back(key);
    }
    if (!parents.empty()) {
        const auto counts = store.query(R"SQL(
            SELECT p.value,
                   (SELECT group_concat(note_id) FROM tags
                    WHERE tag_key > p.value || '/' AND tag_key < p.value || '0'),
                   (SELECT group_concat(note_id) FROM tags WHERE tag_key = p.value)
            FROM json_each(?) p)SQL",
                                        {json_array(parents)});
        std::unordered_set<std::int64_t> nested;
        for (const Row& row : counts.rows) {
            nested.clear();
            for_each_id(row[1], [&](std::int64_t id) { nested.insert(id); });
            for_each_id(row[2], [&](std::int64_t id) { nested.erase(id); });
            TagNode& node = pending.at(text(row, 0)).node;
            node.subtree_notes = node.notes + static_cast<std::int64_t>(nested.size());
        }
    }

    std::vector<TagNode> forest;
    forest.reserve(roots.size());
    for (const std::string& key : roots) forest.push_back(assemble(pending, key));
    sort_siblings(forest, sort);
    return forest;
}

}  // namespace notes::query
