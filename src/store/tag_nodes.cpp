// The `tag_nodes` table: the tag tree `notes tags` shows, stored so that the
// command reads a few hundred rows instead of counting every (note, tag) row
// of the vault (115 M instructions at 10,000 notes).
//
// A node is a tag some note carries, or a parent of a nested tag (`db` for
// `db/sqlite`), which appears even when no note carries it alone. Its row
// holds the spelling shown (that of the first note in path order; a parent
// no note carries takes the start of its first nested tag's spelling), the
// notes carrying exactly it, and its total: for a parent, the distinct notes
// carrying it or a key from `key/` to `key0` (each note once), else its own
// count. tag_node() is that rule, given what the tags table holds.
//
// Every row depends only on the `tags` rows of its own key and of the keys
// under it, and on those notes' paths, which never change (a renamed note is
// removed and added). So the writer notes the keys whose `tags` rows a
// transaction inserted, deleted or respelled (the old and new tags of each
// note written or removed), and what each note's change does to the counts:
// +1 or -1 for a key it gains or loses, and for each node whose total it
// enters or leaves (its keys and their prefixes, before and after). At the
// commit those keys and their prefixes (affected_nodes()) are computed again,
// the deepest first, so that a parent reads its first child from rows already
// up to date: counts are the stored ones plus the changes (counting the rows
// of a tag on 30,000 notes would cost more than the rest of a one-note run),
// the spelling is looked up (a few probes), and only a node that was not a
// parent and becomes one counts its distinct notes from `tags`. An edit that
// leaves a note's tags as they were touches nothing.
//
// A fresh build writes notes that are all new: it tallies their tags in
// memory as they are written (TagTally) and inserts every row at the commit,
// with no query over `tags`. Should such a build remove or rewrite a note,
// the tally is dropped and every node is computed again from `tags`.
//
// A rolled-back transaction takes its `tag_nodes` changes with it, and the
// keys it noted are forgotten. A write outside a transaction brings the table
// up to date at once.

#include "tag_nodes.hpp"

#include <algorithm>

#include "notes/core/text.hpp"
#include "store_impl.hpp"

namespace notes::store {

namespace detail {

std::vector<std::string_view> tag_parts(std::string_view tag) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto slash = tag.find('/', start);
        parts.push_back(tag.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (parts.back().empty()) return {tag};
        if (slash == std::string_view::npos) return parts;
        start = slash + 1;
    }
}

bool is_nested(std::string_view key) {
    return tag_parts(key).size() > 1;
}

namespace {

/// Whether a node of this key can have children: its parts are not empty.
bool can_be_parent(std::string_view key) {
    return !key.empty() && (key.find('/') == std::string_view::npos || is_nested(key));
}

std::string join_parts(const std::vector<std::string_view>& parts, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) out += '/';
        out += parts[i];
    }
    return out;
}

/// The rows of the tags of one note, as the writer stores them: one per
/// key, the note's first spelling of it, in key order.
std::vector<std::pair<std::string_view, std::string_view>> note_tags(const ParsedNote& note,
                                                                     const PreparedNote& p) {
    std::vector<std::pair<std::string_view, std::string_view>> tags;
    tags.reserve(note.tags.size());
    for (std::size_t i = 0; i < note.tags.size() && i < p.tag_keys.size(); ++i)
        tags.emplace_back(p.tag_keys[i], note.tags[i].name);
    // Insertion sort: a note has a few tags, and std::stable_sort would
    // allocate a buffer for them. Stable: of a key written twice, the first
    // spelling stays first.
    for (std::size_t i = 1; i < tags.size(); ++i) {
        for (std::size_t j = i; j > 0 && tags[j].first < tags[j - 1].first; --j)
            std::swap(tags[j], tags[j - 1]);
    }
    tags.erase(std::unique(tags.begin(), tags.end(),
                           [](const auto& a, const auto& b) { return a.first == b.first; }),
               tags.end());
    return tags;
}

}  // namespace

std::vector<std::string> affected_nodes(std::string_view key) {
    std::vector<std::string> nodes{std::string(key)};
    for (std::size_t slash = key.find('/', 1);
         slash != std::string_view::npos && slash + 1 < key.size();
         slash = key.find('/', slash + 1)) {
        nodes.emplace_back(key.substr(0, slash));
    }
    return nodes;
}

std::optional<TagNodeRow> tag_node(
    const std::string& key, const std::optional<std::pair<std::string, std::int64_t>>& carried,
    const std::optional<std::pair<std::string, std::string>>& first_child, std::int64_t under) {
    if (!carried && !first_child) return std::nullopt;
    const std::vector<std::string_view> key_parts = tag_parts(key);
    TagNodeRow row;
    row.key = key;
    if (carried) {
        row.tag = carried->first;
        row.notes = carried->second;
    } else {
        // Folding keeps '/', so a key and its spelling split alike; if they
        // do not, the key's own parts are shown.
        const std::vector<std::string_view> spelled = tag_parts(first_child->second);
        row.tag = spelled.size() == tag_parts(first_child->first).size()
                      ? join_parts(spelled, key_parts.size())
                      : key;
    }
    row.total = first_child ? under : row.notes;
    const std::vector<std::string_view> spelled = tag_parts(row.tag);
    row.name = std::string(spelled.size() == key_parts.size() ? spelled.back() : key_parts.back());
    if (key_parts.size() > 1) row.parent_key = key.substr(0, key.rfind('/'));
    return row;
}

void TagTally::add_note(std::string_view path,
                        const std::vector<std::pair<std::string_view, std::string_view>>& tags) {
    // Called for every note of a fresh build: no allocation but for a key
    // met for the first time.
    m_scratch.clear();
    for (const auto& [key, tag] : tags) {
        auto it = m_carried.find(key);
        if (it == m_carried.end()) {
            it =
                m_carried.emplace(std::string(key), Carried{std::string(tag), std::string(path), 0})
                    .first;
        } else if (path < it->second.first_path) {
            it->second.tag = tag;
            it->second.first_path = path;
        }
        ++it->second.notes;
        m_scratch.push_back(key);
        for (std::size_t slash = key.find('/', 1);
             slash != std::string_view::npos && slash + 1 < key.size();
             slash = key.find('/', slash + 1)) {
            m_scratch.push_back(key.substr(0, slash));
        }
    }
    // A note counts once for a parent however many keys under it it carries.
    std::sort(m_scratch.begin(), m_scratch.end());
    m_scratch.erase(std::unique(m_scratch.begin(), m_scratch.end()), m_scratch.end());
    for (const std::string_view node : m_scratch) {
        auto it = m_under.find(node);
        if (it == m_under.end()) it = m_under.emplace(std::string(node), 0).first;
        ++it->second;
    }
}

std::vector<TagNodeRow> TagTally::rows() const {
    // In key order: a parent's first child is the first nested key after it.
    const std::map<std::string_view, const Carried*> carried_keys = [&] {
        std::map<std::string_view, const Carried*> m;
        for (const auto& [key, c] : m_carried) m.emplace(key, &c);
        return m;
    }();
    const std::map<std::string_view, std::int64_t> nodes(m_under.begin(), m_under.end());
    std::vector<TagNodeRow> rows;
    rows.reserve(nodes.size());
    for (const auto& [key_view, under] : nodes) {
        const std::string key(key_view);
        std::optional<std::pair<std::string, std::int64_t>> carried;
        if (const auto it = carried_keys.find(key); it != carried_keys.end())
            carried.emplace(it->second->tag, it->second->notes);
        std::optional<std::pair<std::string, std::string>> first_child;
        if (can_be_parent(key)) {
            const std::string after = key + "/";
            const std::string end = key + "0";  // '0' is the byte after '/'
            for (auto it = carried_keys.upper_bound(after);
                 it != carried_keys.end() && it->first < end; ++it) {
                if (is_nested(it->first)) {
                    first_child.emplace(it->first, it->second->tag);
                    break;
                }
            }
        }
        if (auto row = tag_node(key, carried, first_child, under)) rows.push_back(std::move(*row));
    }
    return rows;
}

}  // namespace detail

using namespace detail;

void IndexStore::Impl::tags_written(std::int64_t existing_id, const std::string& path,
                                    const ParsedNote& note, const PreparedNote& p) {
    const auto tags = note_tags(note, p);
    if (tag_tally && existing_id == 0) {
        tag_tally->add_note(path, tags);
        return;
    }
    if (tag_tally) {
        tag_tally.reset();
        recount_all_tags = true;
    }
    if (recount_all_tags) return;
    std::vector<std::string> before;
    std::vector<std::string_view> after;
    after.reserve(tags.size());
    for (const auto& [key, tag] : tags) after.push_back(key);
    if (existing_id != 0) {
        // The keys whose row of this note appears, goes or is spelled anew.
        auto& st = cached("SELECT tag_key, tag FROM tags WHERE note_id = ? ORDER BY tag_key");
        st.bind(1, existing_id);
        std::size_t i = 0;
        while (st.executeStep()) {
            before.push_back(st.getColumn(0).getString());
            const std::string& key = before.back();
            while (i < tags.size() && tags[i].first < key) ++i;
            if (i < tags.size() && tags[i].first == key &&
                tags[i].second != st.getColumn(1).getString())
                touched_tag_keys.push_back(key);
        }
        st.reset();
    }
    count_tag_change(std::vector<std::string_view>(before.begin(), before.end()), after);
}

void IndexStore::Impl::tags_removed(std::int64_t id) {
    if (tag_tally) {
        tag_tally.reset();
        recount_all_tags = true;
    }
    if (recount_all_tags) return;
    std::vector<std::string> before;
    auto& st = cached("SELECT tag_key FROM tags WHERE note_id = ? ORDER BY tag_key");
    st.bind(1, id);
    while (st.executeStep()) before.push_back(st.getColumn(0).getString());
    st.reset();
    count_tag_change(std::vector<std::string_view>(before.begin(), before.end()), {});
}

void IndexStore::Impl::count_tag_change(const std::vector<std::string_view>& before,
                                        const std::vector<std::string_view>& after) {
    // Both in key order. A key on one side only changes its count.
    std::size_t i = 0, j = 0;
    while (i < before.size() || j < after.size()) {
        if (j == after.size() || (i < before.size() && before[i] < after[j])) {
            touched_tag_keys.emplace_back(before[i]);
            --tag_count_changes[std::string(before[i++])].notes;
        } else if (i == before.size() || after[j] < before[i]) {
            touched_tag_keys.emplace_back(after[j]);
            ++tag_count_changes[std::string(after[j++])].notes;
        } else {
            ++i;
            ++j;
        }
    }
    // The nodes the note counts for (its keys and their parents), before
    // and after: a parent's total changes by the difference.
    auto covered = [](const std::vector<std::string_view>& keys) {
        std::vector<std::string> nodes;
        for (const std::string_view key : keys) {
            for (std::string& node : affected_nodes(key)) nodes.push_back(std::move(node));
        }
        std::sort(nodes.begin(), nodes.end());
        nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
        return nodes;
    };
    const std::vector<std::string> was = covered(before);
    const std::vector<std::string> is = covered(after);
    std::vector<std::string> gone, came;
    std::set_difference(was.begin(), was.end(), is.begin(), is.end(), std::back_inserter(gone));
    std::set_difference(is.begin(), is.end(), was.begin(), was.end(), std::back_inserter(came));
    for (const std::string& node : gone) --tag_count_changes[node].under;
    for (const std::string& node : came) ++tag_count_changes[node].under;
}

void IndexStore::Impl::forget_tag_changes() {
    tag_tally.reset();
    recount_all_tags = false;
    touched_tag_keys.clear();
    tag_count_changes.clear();
}

void IndexStore::Impl::write_tag_nodes() {
    if (tag_tally) {
        const std::unique_ptr<TagTally> tally = std::move(tag_tally);
        db.exec("DELETE FROM tag_nodes");
        for (const TagNodeRow& row : tally->rows()) write_tag_node(row.key, &row);
    } else if (recount_all_tags) {
        std::vector<std::string> keys;
        SQLite::Statement st(
            db, "SELECT tag_key FROM tags GROUP BY tag_key UNION SELECT tag_key FROM tag_nodes");
        while (st.executeStep()) keys.push_back(st.getColumn(0).getString());
        refresh_tag_nodes(keys, /*count_changes=*/false);
    } else if (!touched_tag_keys.empty()) {
        refresh_tag_nodes(touched_tag_keys, /*count_changes=*/true);
    }
    forget_tag_changes();
}

void IndexStore::Impl::write_tag_node(const std::string& key, const TagNodeRow* row) {
    if (row == nullptr) {
        auto& del = cached("DELETE FROM tag_nodes WHERE tag_key = ?");
        del.bind(1, key);
        del.exec();
        del.reset();
        return;
    }
    auto& ins = cached(
        "INSERT OR REPLACE INTO tag_nodes (tag_key, tag, name, parent_key, notes, total) "
        "VALUES (?,?,?,?,?,?)");
    ins.bindNoCopy(1, row->key);
    ins.bindNoCopy(2, row->tag);
    ins.bindNoCopy(3, row->name);
    if (row->parent_key) {
        ins.bindNoCopy(4, *row->parent_key);
    } else {
        ins.bind(4);
    }
    ins.bind(5, row->notes);
    ins.bind(6, row->total);
    ins.exec();
    ins.reset();
}

void IndexStore::Impl::refresh_tag_nodes(const std::vector<std::string>& keys, bool count_changes) {
    std::vector<std::string> nodes;
    for (const std::string& key : keys) {
        for (std::string& node : affected_nodes(key)) nodes.push_back(std::move(node));
    }
    // The deepest first: a parent reads its first child's row.
    std::sort(nodes.begin(), nodes.end(), std::greater<>());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());

    auto one_int = [&](const char* sql, std::initializer_list<const std::string*> params) {
        auto& st = cached(sql);
        int i = 1;
        for (const std::string* p : params) st.bindNoCopy(i++, *p);
        std::int64_t value = 0;
        if (st.executeStep()) value = st.getColumn(0).getInt64();
        st.reset();
        return value;
    };
    // The first key nested under `key` that notes carry, with its spelling,
    // as the table holds it now.
    auto first_child = [&](const std::string& key) {
        std::optional<std::pair<std::string, std::string>> child;
        if (!can_be_parent(key)) return child;
        auto& st = cached(
            "SELECT tag_key, tag FROM tag_nodes WHERE tag_key > ?1 AND tag_key < ?2 AND notes > 0 "
            "ORDER BY tag_key");
        const std::string after = key + "/";
        const std::string end = key + "0";  // '0' is the byte after '/'
        st.bindNoCopy(1, after);
        st.bindNoCopy(2, end);
        while (st.executeStep()) {
            std::string k = st.getColumn(0).getString();
            if (is_nested(k)) {
                child.emplace(std::move(k), st.getColumn(1).getString());
                break;
            }
        }
        st.reset();
        return child;
    };

    // What the rows said before this commit: a parent's total, and whether
    // it was a parent. A node that was a parent and stays one takes the
    // writer's count of notes that came under it or left; any other is
    // counted from `tags`. A key's own count is the writer's too.
    struct Before {
        std::int64_t notes = 0;
        std::optional<std::int64_t> parent_total;
    };
    std::vector<Before> before(nodes.size());
    if (count_changes) {
        for (std::size_t n = 0; n < nodes.size(); ++n) {
            auto& st = cached("SELECT notes, total FROM tag_nodes WHERE tag_key = ?");
            st.bindNoCopy(1, nodes[n]);
            std::optional<std::int64_t> total;
            if (st.executeStep()) {
                before[n].notes = st.getColumn(0).getInt64();
                total = st.getColumn(1).getInt64();
            }
            st.reset();
            if (total && first_child(nodes[n])) before[n].parent_total = total;
        }
    }

    // An upper bound of the number of notes, for choosing how to find a
    // spelling (below).
    const std::int64_t max_id = one_int("SELECT max(id) FROM notes", {});
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        const std::string& key = nodes[n];
        const auto change = tag_count_changes.find(key);
        const CountChange delta =
            change != tag_count_changes.end() ? change->second : CountChange{};
        const std::int64_t count =
            count_changes ? before[n].notes + delta.notes
                          : one_int("SELECT count(*) FROM tags WHERE tag_key = ?", {&key});
        std::optional<std::pair<std::string, std::int64_t>> carried;
        if (count > 0) {
            // The first note in path order: a common tag walks the path index
            // probing the tags primary key until its first note; a rare one
            // joins its few notes. A probe costs about a thirtieth of reading
            // a note row: walk when max_id / count < 32 * count.
            auto& st =
                cached(count * count * 32 > max_id
                           ? "SELECT t.tag FROM notes n CROSS JOIN tags t ON t.note_id = n.id "
                             "AND t.tag_key = ?1 ORDER BY n.path LIMIT 1"
                           : "SELECT t.tag, min(n.path) FROM tags t JOIN notes n "
                             "ON n.id = t.note_id WHERE t.tag_key = ?1");
            st.bindNoCopy(1, key);
            if (st.executeStep()) carried.emplace(st.getColumn(0).getString(), count);
            st.reset();
        }
        const auto child = first_child(key);
        std::int64_t under = 0;
        if (child && before[n].parent_total) {
            under = *before[n].parent_total + delta.under;
        } else if (child) {
            const std::string after = key + "/";
            const std::string end = key + "0";
            under = one_int(
                "SELECT count(DISTINCT note_id) FROM tags WHERE tag_key >= ?1 AND tag_key < ?3 "
                "AND (tag_key = ?1 OR tag_key > ?2)",
                {&key, &after, &end});
        }
        const std::optional<TagNodeRow> row = tag_node(key, carried, child, under);
        write_tag_node(key, row ? &*row : nullptr);
    }
}

}  // namespace notes::store
