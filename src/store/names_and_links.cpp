// What link resolution reads and writes: the names notes are found by, link
// rows and their resolution, anchors; and the warnings stored with the notes
// or derived from the links.

#include <algorithm>

#include "notes/core/hash.hpp"
#include "notes/core/text.hpp"
#include "notes/store/index_store.hpp"
#include "store_impl.hpp"

namespace notes::store {

using namespace detail;

std::vector<std::string> IndexStore::name_keys(std::int64_t id, bool block_ids) {
    std::vector<std::string> keys;
    SQLite::Statement st(m_impl->db, block_ids
                                         ? "SELECT coalesce(name_key, '') FROM notes WHERE id = ?1 "
                                           "UNION ALL SELECT alias_key FROM aliases WHERE note_id = ?1 "
                                           "UNION ALL SELECT '^' || lower(block_id) FROM block_ids WHERE note_id = ?1"
                                         : "SELECT coalesce(name_key, '') FROM notes WHERE id = ?1 "
                                           "UNION ALL SELECT alias_key FROM aliases WHERE note_id = ?1");
    st.bind(1, id);
    while (st.executeStep()) keys.push_back(st.getColumn(0).getString());
    return keys;
}

std::vector<NoteName> IndexStore::load_note_names(bool block_ids) {
    std::vector<NoteName> names;
    std::unordered_map<std::int64_t, std::size_t> index;
    SQLite::Statement st(m_impl->db, "SELECT id, path, coalesce(name_key, '') FROM notes ORDER BY path");
    while (st.executeStep()) {
        index.emplace(st.getColumn(0).getInt64(), names.size());
        names.push_back(NoteName{st.getColumn(0).getInt64(), st.getColumn(1).getString(),
                                 st.getColumn(2).getString(), {}, {}});
    }
    SQLite::Statement aliases(m_impl->db, "SELECT note_id, alias FROM aliases");
    while (aliases.executeStep()) {
        const auto it = index.find(aliases.getColumn(0).getInt64());
        if (it != index.end()) names[it->second].aliases.push_back(aliases.getColumn(1).getString());
    }
    if (block_ids) {
        SQLite::Statement blocks(m_impl->db, "SELECT note_id, lower(block_id) FROM block_ids");
        while (blocks.executeStep()) {
            const auto it = index.find(blocks.getColumn(0).getInt64());
            if (it != index.end()) names[it->second].block_ids.push_back(blocks.getColumn(1).getString());
        }
    }
    return names;
}

std::vector<FileName> IndexStore::load_files() {
    std::vector<FileName> files;
    SQLite::Statement st(m_impl->db, "SELECT id, path FROM files ORDER BY path");
    while (st.executeStep()) files.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    return files;
}

std::vector<std::string> IndexStore::merge_files(const std::vector<FileName>& stored,
                                                 const std::vector<std::string>& paths) {
    Impl& m = *m_impl;
    std::vector<std::string> changed;
    std::size_t i = 0, j = 0;
    auto& insert = m.cached("INSERT INTO files (path, path_key, name_key) VALUES (?, ?, ?)");
    auto& remove = m.cached("DELETE FROM files WHERE id = ?");
    auto& unlink = m.cached("UPDATE links SET file_id = NULL WHERE file_id = ?");
    while (i < paths.size() || j < stored.size()) {
        if (j == stored.size() || (i < paths.size() && paths[i] < stored[j].path)) {
            const std::string& path = paths[i++];
            const auto slash = path.rfind('/');
            insert.bindNoCopy(1, path);
            insert.bind(2, text::fold_key(path));
            insert.bind(3, text::fold_key(slash == std::string::npos ? path : path.substr(slash + 1)));
            insert.exec();
            insert.reset();
            changed.push_back(path);
        } else if (i == paths.size() || stored[j].path < paths[i]) {
            // Links to it are resolved again in this run: their name is the
            // file's (link_name_key()).
            unlink.bind(1, stored[j].id);
            unlink.exec();
            unlink.reset();
            remove.bind(1, stored[j].id);
            remove.exec();
            remove.reset();
            changed.push_back(stored[j++].path);
        } else {
            ++i;
            ++j;
        }
    }
    return changed;
}

std::vector<std::string> IndexStore::replace_files(const std::vector<std::string>& paths) {
    return merge_files(load_files(), paths);
}

std::vector<std::string> IndexStore::replace_files(const std::vector<std::string>& scopes,
                                                   const std::vector<std::string>& paths) {
    std::vector<FileName> stored;
    for_each_in_scopes(m_impl->db, "SELECT id, path FROM files WHERE", scopes, [&](SQLite::Statement& st) {
        stored.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    });
    std::sort(stored.begin(), stored.end(), [](const FileName& a, const FileName& b) { return a.path < b.path; });
    stored.erase(std::unique(stored.begin(), stored.end(),
                             [](const FileName& a, const FileName& b) { return a.id == b.id; }),
                 stored.end());
    return merge_files(stored, paths);
}

std::vector<NameSource::Candidate> IndexStore::files_by_key(std::string_view by, const std::string& key) {
    SQLite::Statement& st = m_impl->cached(by == "path" ? "SELECT id, path FROM files WHERE path_key = ?1 ORDER BY path"
                                                        : "SELECT id, path FROM files WHERE name_key = ?1 ORDER BY path");
    st.bindNoCopy(1, key);
    std::vector<NameSource::Candidate> out;
    while (st.executeStep()) out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    st.reset();
    return out;
}

std::vector<NameSource::Candidate> IndexStore::notes_by_block(const std::string& key) {
    SQLite::Statement& st = m_impl->cached(
        "SELECT n.id, n.path FROM block_ids b JOIN notes n ON n.id = b.note_id WHERE lower(b.block_id) = ?1 "
        "ORDER BY n.path");
    st.bindNoCopy(1, key);
    std::vector<NameSource::Candidate> out;
    while (st.executeStep()) out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    st.reset();
    return out;
}

std::vector<NameSource::Candidate> IndexNames::by_path(const std::string& key) { return m_store.notes_by_key("path", key); }
std::vector<NameSource::Candidate> IndexNames::by_slug(const std::string& key) { return m_store.notes_by_key("slug", key); }
std::vector<NameSource::Candidate> IndexNames::by_alias(const std::string& key) { return m_store.notes_by_key("alias", key); }
std::vector<NameSource::Candidate> IndexNames::by_title(const std::string& key) { return m_store.notes_by_key("title", key); }
std::vector<NameSource::Candidate> IndexNames::files_by_path(const std::string& key) { return m_store.files_by_key("path", key); }
std::vector<NameSource::Candidate> IndexNames::files_by_name(const std::string& key) { return m_store.files_by_key("name", key); }
std::vector<NameSource::Candidate> IndexNames::by_block(const std::string& key) { return m_store.notes_by_block(key); }

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
        sql = "SELECT id, path FROM notes WHERE name_key = ?1 ORDER BY path";
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
/// status, resolved_by, anchor_ok, file_id.
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
    l.file_id = st.getColumn(9).getInt64();
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
        "SELECT id, note_id, kind, target, anchor, target_id, status, resolved_by, anchor_ok, file_id FROM links";
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
                         "SELECT id, note_id, kind, target, anchor, target_id, status, resolved_by, anchor_ok, file_id "
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
        "UPDATE links SET target_id = ?, status = ?, resolved_by = ?, anchor_ok = ?, file_id = ? WHERE id = ?");
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
    if (link.file_id != 0) {
        st.bind(5, link.file_id);
    } else {
        st.bind(5);
    }
    st.bind(6, link.id);
    st.exec();
    st.reset();
}

std::vector<std::int64_t> IndexStore::links_by_name_key(const std::vector<std::string>& keys) {
    std::vector<std::int64_t> ids;
    SQLite::Statement by_key(m_impl->db, "SELECT id FROM links WHERE name_hash = ?");
    for (const std::string& key : keys) {
        by_key.bind(1, key_hash(key));
        while (by_key.executeStep()) ids.push_back(by_key.getColumn(0).getInt64());
        by_key.reset();
    }
    SQLite::Statement unknown(m_impl->db, "SELECT id FROM links WHERE name_hash IS NULL");
    while (unknown.executeStep()) ids.push_back(unknown.getColumn(0).getInt64());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

std::vector<std::int64_t> IndexStore::links_into(const std::vector<std::int64_t>& note_ids) {
    std::vector<std::int64_t> ids;
    SQLite::Statement st(m_impl->db, "SELECT id FROM links WHERE target_id = ?");
    for (const std::int64_t note : note_ids) {
        st.bind(1, note);
        while (st.executeStep()) ids.push_back(st.getColumn(0).getInt64());
        st.reset();
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

std::int64_t IndexStore::link_count_estimate() {
    return m_impl->db.execAndGet("SELECT coalesce(max(id), 0) FROM links").getInt64();
}

bool IndexStore::has_anchor(std::int64_t id, const std::string& anchor, AnchorStyle style) {
    Impl& m = *m_impl;
    if (const auto keys = single_heading_keys(anchor, style)) {
        // One heading: found through the index, as heading_named() compares.
        if (keys->key.empty() && keys->slug.empty()) return false;
        auto& st = m.statement(m.find_heading_key,
                               "SELECT 1 FROM headings WHERE note_id = ?1 AND (key = ?2 OR slug = ?3) LIMIT 1");
        st.bind(1, id);
        if (keys->key.empty()) st.bind(2); else st.bind(2, keys->key);
        if (keys->slug.empty()) st.bind(3); else st.bind(3, keys->slug);
        const bool found = st.executeStep();
        st.reset();
        return found;
    }
    // Links into one note come together (a note's links, a hub's anchored
    // backlinks): its headings are read once for all of them.
    if (m.anchor_note != id) {
        m.anchor_headings.clear();
        m.anchor_blocks.clear();
        // Document order is rowid order. The rows come in the index's
        // (note_id, key) order and are put back in document order here: an
        // ORDER BY would have SQLite build a sorter for every target note.
        auto& headings = m.statement(m.find_heading, "SELECT rowid, level, key, slug FROM headings WHERE note_id = ?");
        headings.bind(1, id);
        std::vector<std::pair<std::int64_t, AnchorHeading>> rows;
        while (headings.executeStep()) {
            rows.push_back({headings.getColumn(0).getInt64(),
                            {headings.getColumn(1).getInt(), headings.getColumn(2).getString(),
                             headings.getColumn(3).getString()}});
        }
        headings.reset();
        std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& row : rows) m.anchor_headings.push_back(std::move(row.second));
        auto& blocks = m.statement(m.find_block, "SELECT lower(block_id) FROM block_ids WHERE note_id = ?");
        blocks.bind(1, id);
        while (blocks.executeStep()) m.anchor_blocks.push_back(blocks.getColumn(0).getString());
        blocks.reset();
        m.anchor_note = id;
    }
    return anchor_exists(anchor, style, m.anchor_headings, m.anchor_blocks);
}

std::vector<Warning> IndexStore::load_warnings(const std::vector<std::int64_t>* only_notes) {
    std::vector<Warning> out;
    auto read = [&](SQLite::Statement& st) {
        while (st.executeStep()) {
            out.push_back(Warning{st.getColumn(0).getString(), st.getColumn(1).getInt(), st.getColumn(2).getInt(),
                                  st.getColumn(3).getString()});
        }
    };
    if (only_notes == nullptr) {
        SQLite::Statement st(m_impl->db,
                             "SELECT n.path, w.line, w.col, w.message FROM warnings w "
                             "JOIN notes n ON n.id = w.note_id ORDER BY n.path, w.rowid");
        read(st);
        return out;
    }
    SQLite::Statement st(m_impl->db,
                         "SELECT n.path, w.line, w.col, w.message FROM warnings w "
                         "JOIN notes n ON n.id = w.note_id WHERE w.note_id = ? ORDER BY w.rowid");
    for (const std::int64_t id : *only_notes) {
        st.bind(1, id);
        read(st);
        st.reset();
    }
    std::stable_sort(out.begin(), out.end(), [](const Warning& a, const Warning& b) { return a.path < b.path; });
    return out;
}

namespace {

/// The warning of a row (path, line, status, target, anchor, kind) of a
/// broken link or anchor.
Warning broken_link_warning(SQLite::Statement& broken) {
    const std::string target = broken.getColumn(3).getString();
    const std::string anchor = broken.getColumn(4).getString();
    const std::string kind = broken.getColumn(5).getString();
    std::string message;
    if (broken.getColumn(2).getString() == "broken" && kind == "block_ref") {
        message = "broken block reference '((" + anchor.substr(anchor.empty() ? 0 : 1) + "))': no block has this id";
    } else if (broken.getColumn(2).getString() == "broken") {
        message = names_a_file(target) ? "missing attachment '" + target + "'" : "broken link to '" + target + "'";
    } else {
        message = "broken anchor '#" + anchor + "' in link to '" + (target.empty() ? "#" + anchor : target) + "'";
    }
    if (kind != "wiki" && kind != "embed" && kind != "markdown" && kind != "block_ref") message += " (" + kind + ")";
    return Warning{broken.getColumn(0).getString(), broken.getColumn(1).getInt(), 0, message};
}

/// The warning about a slug shared by the notes at `paths` (in path order),
/// spelled as the first one spells it.
Warning shared_slug_warning(const std::vector<std::string>& paths) {
    const std::string slug = slug_of(paths.front());
    // One line per shared slug, however many notes share it: the first
    // few paths, and where the whole list is.
    constexpr std::size_t k_paths_shown = 3;
    const std::size_t others = paths.size() - 1;
    std::string listed;
    for (std::size_t i = 1; i < paths.size() && i <= k_paths_shown; ++i) {
        listed += (i > 1 ? ", " : "") + paths[i];
    }
    if (others > k_paths_shown) {
        listed = std::to_string(others) + " other notes (" + listed + ", …; `notes report --section duplicates --limit 0` lists them)";
    }
    return Warning{paths.front(), 0, 0,
                   "slug '" + slug + "' is also used by " + listed +
                       "; links by slug pick the note in the linking note's folder, else the shortest path"};
}

std::vector<std::string> split_lines(const std::string& all) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= all.size()) {
        const auto nl = all.find('\n', start);
        lines.push_back(all.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    return lines;
}

}  // namespace

std::vector<Warning> IndexStore::vault_warnings(const std::vector<std::int64_t>* only_notes) {
    std::vector<Warning> out;
    constexpr const char* k_broken = R"SQL(
        SELECT n.path, l.line, l.status, l.target, l.anchor, l.kind FROM links l JOIN notes n ON n.id = l.note_id
        WHERE (l.status = 'broken' OR l.anchor_ok = 0))SQL";
    if (only_notes == nullptr) {
        SQLite::Statement broken(m_impl->db, std::string(k_broken) + " ORDER BY n.path, l.line, l.id");
        while (broken.executeStep()) out.push_back(broken_link_warning(broken));
        SQLite::Statement dup(m_impl->db, R"SQL(
            SELECT group_concat(path, char(10)) FROM notes
            WHERE slug_key IN (SELECT slug_key FROM notes GROUP BY slug_key HAVING count(*) > 1)
            GROUP BY slug_key ORDER BY min(path))SQL");
        while (dup.executeStep()) {
            std::vector<std::string> paths = split_lines(dup.getColumn(0).getString());
            std::sort(paths.begin(), paths.end());
            out.push_back(shared_slug_warning(paths));
        }
        return out;
    }
    SQLite::Statement broken(m_impl->db, std::string(k_broken) + " AND l.note_id = ? ORDER BY l.line, l.id");
    SQLite::Statement slug_key(m_impl->db, "SELECT slug_key FROM notes WHERE id = ?");
    std::vector<std::string> keys;
    for (const std::int64_t id : *only_notes) {
        broken.bind(1, id);
        while (broken.executeStep()) out.push_back(broken_link_warning(broken));
        broken.reset();
        slug_key.bind(1, id);
        if (slug_key.executeStep()) keys.push_back(slug_key.getColumn(0).getString());
        slug_key.reset();
    }
    std::stable_sort(out.begin(), out.end(), [](const Warning& a, const Warning& b) { return a.path < b.path; });
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::vector<Warning> shared;
    SQLite::Statement sharing(m_impl->db, "SELECT path FROM notes WHERE slug_key = ? ORDER BY path");
    for (const std::string& key : keys) {
        sharing.bind(1, key);
        std::vector<std::string> paths;
        while (sharing.executeStep()) paths.push_back(sharing.getColumn(0).getString());
        sharing.reset();
        if (paths.size() > 1) shared.push_back(shared_slug_warning(paths));
    }
    std::sort(shared.begin(), shared.end(), [](const Warning& a, const Warning& b) { return a.path < b.path; });
    out.insert(out.end(), shared.begin(), shared.end());
    return out;
}

}  // namespace notes::store
