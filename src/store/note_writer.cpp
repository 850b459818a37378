#include <algorithm>
#include <array>
#include <initializer_list>
#include <set>
#include <string_view>
#include <variant>

#include "notes/core/error.hpp"
#include "notes/core/hash.hpp"
#include "notes/core/text.hpp"
#include "notes/store/index_store.hpp"
#include "store_impl.hpp"

namespace notes::store {

using namespace detail;

namespace detail {

std::optional<std::int64_t> link_name_hash(std::string_view target) {
    const std::optional<std::string> key = link_name_key(target);
    if (!key) return std::nullopt;
    return key_hash(*key);
}

}  // namespace detail

PreparedNote prepare_note(const std::string& path, const ParsedNote& note) {
    PreparedNote p;
    p.slug = slug_of(path);
    p.folder = folder_of(path);
    p.path_key = text::fold_key(path);
    p.slug_key = text::fold_key(p.slug);
    p.title_key = text::fold_key(note.title);
    p.alias_keys.reserve(note.aliases.size());
    for (const auto& a : note.aliases) p.alias_keys.push_back(text::fold_key(a));
    p.tag_keys.reserve(note.tags.size());
    for (const auto& t : note.tags) p.tag_keys.push_back(text::fold_key(t.name));
    if (!note.link_name.empty()) p.name_key = text::fold_key(note.link_name);
    p.heading_keys.reserve(note.headings.size());
    std::vector<std::string> texts;
    texts.reserve(note.headings.size());
    for (const auto& h : note.headings) {
        p.heading_keys.push_back(heading_match_key(h.source));
        texts.push_back(h.text);
    }
    p.heading_slugs = heading_slugs(texts);
    p.link_name_hashes.reserve(note.links.size());
    for (const Link& l : note.links) p.link_name_hashes.push_back(link_name_hash(l.target));
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
    "headings", "INSERT INTO headings (note_id, level, text, key, slug, line) VALUES (?,?,?,?,?,?)",
    "SELECT rowid, level, text, key, slug, line FROM headings WHERE note_id = ? ORDER BY rowid",
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
            rows.push_back({{std::int64_t{h.level}, &h.text, &p.heading_keys[i], &p.heading_slugs[i]},
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
            INSERT INTO links (note_id, kind, target, anchor, label, line, target_id, status, resolved_by, name_hash)
            VALUES (?,?,?,?,?,?,?,?,?,?))SQL");
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
            const std::optional<std::int64_t> name_hash = p.link_name_hashes.size() == note.links.size()
                                                              ? p.link_name_hashes[i]
                                                              : link_name_hash(l.target);
            if (name_hash) {
                link.bind(10, *name_hash);
            } else {
                link.bind(10);
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
    m_impl->anchor_note = 0;  // has_anchor() reads the headings again
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
    // The rows of `tags` the note gets: one per tag key (tag_rows()).
    const auto tag_count = static_cast<std::int64_t>(
        std::set<std::string_view>(p.tag_keys.begin(), p.tag_keys.end()).size());
    // The fourteen columns that follow the content of the file, in the order
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
        st.bind(first + 9, static_cast<std::int64_t>(note.links.size()));  // one row each
        st.bind(first + 10, tag_count);
        st.bind(first + 11, file.size);
        st.bind(first + 12, file.mtime_ns);
        st.bindNoCopy(first + 13, file.hash);
    };
    if (existing_id != 0) {
        // The columns no index holds, then the indexed ones only if they
        // changed (an UPDATE that names an indexed column rewrites its
        // index entry even when the value is the same). The path, and so
        // the slug and folder, are those of the stored note.
        auto& keys = m.statement(m.note_keys, "SELECT title_key, date, name_key FROM notes WHERE id = ?");
        keys.bind(1, existing_id);
        if (!keys.executeStep()) {
            keys.reset();
            throw std::logic_error("write_note: no note with id " + std::to_string(existing_id));
        }
        const bool same_keys = keys.getColumn(0).getString() == p.title_key &&
                               keys.getColumn(1).isNull() == note.date.empty() &&
                               keys.getColumn(1).getString() == note.date &&
                               keys.getColumn(2).isNull() == p.name_key.empty() &&
                               keys.getColumn(2).getString() == p.name_key;
        keys.reset();
        auto& up = m.statement(m.update_note, R"SQL(
            UPDATE notes SET title = ?, title_source = ?, domain = ?, status = ?, source = ?,
                             relevance = ?, front_matter = ?, front_matter_invalid = ?,
                             word_count = ?, link_count = ?, tag_count = ?, size = ?, mtime_ns = ?,
                             hash = ?
            WHERE id = ?)SQL");
        bind_content_columns(up, 1);
        up.bind(15, existing_id);
        up.exec();
        up.reset();
        if (!same_keys) {
            auto& up_keys = m.statement(m.update_note_keys,
                                        "UPDATE notes SET title_key = ?, date = ?, name_key = ? WHERE id = ?");
            up_keys.bindNoCopy(1, p.title_key);
            text_or_null(up_keys, 2, note.date);
            text_or_null(up_keys, 3, p.name_key);
            up_keys.bind(4, existing_id);
            up_keys.exec();
            up_keys.reset();
        }
        m.tags_written(existing_id, file.path, note, p);
        Writer{m, existing_id, note, p, take_text}.update_children();
        if (sqlite3_get_autocommit(m.db.getHandle())) m.write_tag_nodes();
        return existing_id;
    }

    auto& ins = m.statement(m.insert_note, R"SQL(
        INSERT INTO notes (title, title_source, domain, status, source, relevance, front_matter,
                           front_matter_invalid, word_count, link_count, tag_count, size, mtime_ns,
                           hash, id, path, slug, folder, date, path_key, slug_key, title_key, name_key)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?))SQL");
    bind_content_columns(ins, 1);
    if (p.id != 0) {
        ins.bind(15, p.id);
    } else {
        ins.bind(15);
    }
    ins.bindNoCopy(16, file.path);
    ins.bindNoCopy(17, p.slug);
    ins.bindNoCopy(18, p.folder);
    text_or_null(ins, 19, note.date);
    ins.bindNoCopy(20, p.path_key);
    ins.bindNoCopy(21, p.slug_key);
    ins.bindNoCopy(22, p.title_key);
    text_or_null(ins, 23, p.name_key);
    ins.exec();
    ins.reset();
    const std::int64_t id = m.db.getLastInsertRowid();
    m.tags_written(0, file.path, note, p);
    Writer{m, id, note, p, take_text}.insert_children(unresolved_links);
    if (sqlite3_get_autocommit(m.db.getHandle())) m.write_tag_nodes();
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
    m.anchor_note = 0;
    m.tags_removed(id);
    for (const ChildTable* table : k_child_tables) m.delete_rows(table->name, id);
    for (auto* st : {&m.statement(m.delete_fts, "DELETE FROM notes_fts WHERE rowid = ?"),
                     &m.statement(m.delete_note, "DELETE FROM notes WHERE id = ?")}) {
        st->bind(1, id);
        st->exec();
        st->reset();
    }
    if (sqlite3_get_autocommit(m.db.getHandle())) m.write_tag_nodes();
}

}  // namespace notes::store
