// One note as the index knows it (`notes show`) and the vault's tags with
// their counts (`notes tags`), read from the `tag_nodes` table that the
// indexer keeps (src/store/tag_nodes.cpp): one row per node of the tree,
// already counted and spelled, so that listing the tags of a large vault
// reads a few hundred rows instead of every (note, tag) row.

#include "notes/query/note_details.hpp"

#include <algorithm>
#include <map>

#include "notes/core/error.hpp"
#include "notes/store/index_store.hpp"
#include "notes/store/read_snapshot.hpp"

namespace notes::query {

using store::SqlParam;
using store::ReadSnapshot;
namespace {

using Row = std::vector<std::optional<std::string>>;

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

std::vector<TagNode> tag_tree(IndexStore& store, TagSort sort) {
    // Parents sort before their children (a key before the keys that extend
    // it), so each child finds its parent already made.
    std::map<std::string, PendingNode> pending;
    std::vector<std::string> roots;
    for (const Row& row :
         store.query("SELECT tag_key, tag, name, parent_key, notes, total FROM tag_nodes "
                     "ORDER BY tag_key")
             .rows) {
        std::string key = text(row, 0);
        PendingNode& p = pending[key];
        p.node.key = key;
        p.node.tag = text(row, 1);
        p.node.name = text(row, 2);
        p.node.notes = integer(row, 4);
        p.node.subtree_notes = integer(row, 5);
        const auto parent = row[3] ? pending.find(*row[3]) : pending.end();
        if (parent != pending.end()) {
            parent->second.child_keys.push_back(std::move(key));
        } else {
            roots.push_back(std::move(key));
        }
    }
    std::vector<TagNode> forest;
    forest.reserve(roots.size());
    for (const std::string& key : roots) forest.push_back(assemble(pending, key));
    sort_siblings(forest, sort);
    return forest;
}

}  // namespace notes::query
