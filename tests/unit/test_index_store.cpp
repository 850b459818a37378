// The store on an in-memory database: schema, writes, removal, resolution
// bookkeeping and the views users query.
#include "notes/store/index_store.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "notes/core/error.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/index/vault.hpp"

using notes::store::FileRecord;
using notes::store::IndexStore;

namespace {

std::string one(IndexStore& store, const std::string& sql) {
    const auto r = store.query(sql);
    if (r.rows.empty() || r.rows[0].empty() || !r.rows[0][0]) return "<null>";
    return *r.rows[0][0];
}

class Store : public ::testing::Test {
protected:
    Store() : store(":memory:", IndexStore::Mode::read_write) { store.create_schema(); }

    std::int64_t add(const std::string& path, const std::string& content) {
        const auto note = notes::parse::parse_note(path, notes::slug_of(path), content);
        return store.write_note(0, FileRecord{path, static_cast<std::int64_t>(content.size()), 1, "h"}, note);
    }
    IndexStore store;
};

}  // namespace


TEST_F(Store, SchemaVersionIsSet) { EXPECT_EQ(store.schema_version(), IndexStore::k_schema_version); }

TEST_F(Store, WritesEveryKindOfRow) {
    const auto id = add("dir/a.md",
                        "---\ntitle: '**Bold** title'\ntags: ['#sql', '#SQL', py]\naliases: [Ay]\n"
                        "related: ['[[b]]']\nrating: 4\n---\n# Head\nText with #inline and [[b#Head|B]].\n");
    EXPECT_EQ(one(store, "SELECT title FROM notes WHERE id = " + std::to_string(id)), "Bold title");
    EXPECT_EQ(one(store, "SELECT folder FROM notes"), "dir");
    EXPECT_EQ(one(store, "SELECT slug FROM notes"), "a");
    EXPECT_EQ(one(store, "SELECT group_concat(tag, ',') FROM (SELECT tag FROM tags ORDER BY line, tag)"),
              "py,sql,inline");
    EXPECT_EQ(one(store, "SELECT alias_key FROM aliases"), "ay");
    EXPECT_EQ(one(store, "SELECT count(*) FROM links"), "2");
    EXPECT_EQ(one(store, "SELECT kind || ':' || target || ':' || line FROM links ORDER BY line LIMIT 1"),
              "related:b:5");
    EXPECT_EQ(one(store, "SELECT anchor || '|' || label FROM links WHERE kind = 'wiki'"), "Head|B");
    EXPECT_EQ(one(store, "SELECT value || ':' || type FROM fields WHERE key = 'rating'"), "4:number");
    EXPECT_EQ(one(store, "SELECT key FROM headings"), "head");
    EXPECT_EQ(one(store, "SELECT json_extract(front_matter, '$.rating') FROM notes"), "4");
    EXPECT_EQ(one(store, "SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'inline'"), std::to_string(id));
}

TEST_F(Store, ReplaceKeepsIdAndDropsOldRows) {
    const auto id = add("a.md", "#one [[x]]\n");
    const auto note = notes::parse::parse_note("a.md", "a", "#two\n");
    EXPECT_EQ(store.write_note(id, FileRecord{"a.md", 5, 2, "h2"}, note), id);
    EXPECT_EQ(one(store, "SELECT group_concat(tag) FROM tags"), "two");
    EXPECT_EQ(one(store, "SELECT count(*) FROM links"), "0");
    EXPECT_EQ(one(store, "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'one'"), "0");
}

TEST_F(Store, RemoveDeletesEveryRow) {
    const auto id = add("a.md", "---\ntags: [x]\nk: v\n---\n# H\n[[y]] ^blk\n");
    store.remove_note(id);
    for (const char* table : {"notes", "tags", "fields", "links", "headings", "block_ids", "aliases", "warnings"}) {
        EXPECT_EQ(one(store, std::string("SELECT count(*) FROM ") + table), "0") << table;
    }
    EXPECT_EQ(one(store, "SELECT count(*) FROM notes_fts"), "0");
}

TEST_F(Store, CommittedNoteCountFollowsWritesAndRemovals) {
    EXPECT_EQ(store.committed_note_count(), 0);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 300; ++i) ids.push_back(add("n" + std::to_string(i) + ".md", i % 7 ? "text" : ""));
    // 300 needs a varint of two bytes in FTS5's statistics record.
    EXPECT_EQ(store.committed_note_count(), 300);
    store.remove_note(ids[0]);
    store.remove_note(ids[150]);
    EXPECT_EQ(store.committed_note_count(), 298);
    EXPECT_EQ(one(store, "SELECT count(*) FROM notes"), "298");
    EXPECT_EQ(store.note_count(), 298u);
}

TEST_F(Store, QueryIntsFlattensRowsAndRunsAgainWithOtherParameters) {
    add("a.md", "[[b]] [[c]]\n");
    add("b.md", "[[c]]\n");
    const std::string sql = "SELECT note_id, line FROM links WHERE note_id = ? ORDER BY target";
    EXPECT_EQ(store.query_ints(sql, {std::int64_t{1}}), (std::vector<std::int64_t>{1, 1, 1, 1}));
    EXPECT_EQ(store.query_ints(sql, {std::int64_t{2}}), (std::vector<std::int64_t>{2, 1}));
    EXPECT_TRUE(store.query_ints(sql, {std::int64_t{3}}).empty());
    EXPECT_EQ(store.query_ints("SELECT NULL, 7"), (std::vector<std::int64_t>{0, 7}));
}

TEST_F(Store, ForEachRowReadsEachRowInPlace) {
    const std::string sql = "SELECT value, CASE WHEN value = 'b' THEN NULL ELSE value END, ? FROM json_each('[\"a\",\"b\",\"c\"]')";
    std::string seen;
    store.for_each_row(sql, {std::int64_t{42}}, [&](const notes::store::RowView& row) {
        seen += std::string(*row.text(0)) + ":" + std::string(row.text(1).value_or("<null>")) + ":" +
                std::to_string(row.integer(2)) + " ";
    });
    EXPECT_EQ(seen, "a:a:42 b:<null>:42 c:c:42 ");
    // A callback that throws leaves the statement ready for the next run.
    EXPECT_THROW(store.for_each_row(sql, {std::int64_t{1}},
                                    [](const notes::store::RowView&) { throw std::runtime_error("stop"); }),
                 std::runtime_error);
    int rows = 0;
    store.for_each_row(sql, {std::int64_t{1}}, [&](const notes::store::RowView&) { ++rows; });
    EXPECT_EQ(rows, 3);
    EXPECT_THROW(store.for_each_row("SELECT * FROM no_such_table", {}, [](const notes::store::RowView&) {}),
                 std::exception);
}

TEST_F(Store, StampsRoundTripInBytewisePathOrder) {
    // Written out of order; 'B' (0x42) before 'a', "a-b" (0x2D) before
    // "a/c" (0x2F), "\xc3\xa9" after every ASCII byte: the walk's order.
    const auto id = add("a.md", "x");
    add("\xc3\xa9t\xc3\xa9.md", "x");
    add("a/c.md", "x");
    add("a-b.md", "x");
    add("B.md", "x");
    store.update_stamp(id, 42, 99);
    const auto stamps = store.load_stamps();
    std::vector<std::string> paths;
    for (const auto& e : stamps.entries()) paths.emplace_back(e.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"B.md", "a-b.md", "a.md", "a/c.md", "\xc3\xa9t\xc3\xa9.md"}));
    const auto* stamp = stamps.find("a.md");
    ASSERT_NE(stamp, nullptr);
    EXPECT_EQ(stamp->id, id);
    EXPECT_EQ(stamp->size, 42);
    EXPECT_EQ(stamp->mtime_ns, 99);
    EXPECT_EQ(stamp->hash, "h");
    EXPECT_EQ(stamps.find("a"), nullptr);
    // Scopes "a" and "a-b" are read one after the other, and still come
    // out in path order.
    const auto scoped = store.load_stamps({"a", "a-b.md"});
    paths.clear();
    for (const auto& e : scoped.entries()) paths.emplace_back(e.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"a-b.md", "a/c.md"}));
}

TEST(StoredStampsTest, ManyStampsAcrossBlocksKeepTheirTextAfterAMove) {
    notes::store::StoredStamps stamps;
    // 5,000 paths of ~50 bytes and hashes of 16, added out of path order
    // ("-10" before "-2"): several 64 KiB blocks, and one text longer than a
    // block.
    const std::string long_path(70'000, 'x');
    for (int i = 0; i < 5000; ++i) {
        stamps.add("folder/a-note-with-a-long-name-number-" + std::to_string(i) + ".md", i + 1, i * 10, i * 100,
                   "hash-" + std::to_string(i * 7));
    }
    stamps.add(long_path, 9999, 1, 2, "");
    EXPECT_THROW(stamps.find(long_path), std::logic_error);
    stamps.sort();
    const notes::store::StoredStamps moved = std::move(stamps);
    ASSERT_EQ(moved.entries().size(), 5001u);
    EXPECT_TRUE(std::is_sorted(moved.entries().begin(), moved.entries().end(),
                               [](const auto& a, const auto& b) { return a.path < b.path; }));
    for (int i = 0; i < 5000; i += 499) {
        const auto* s = moved.find("folder/a-note-with-a-long-name-number-" + std::to_string(i) + ".md");
        ASSERT_NE(s, nullptr);
        EXPECT_EQ(s->id, i + 1);
        EXPECT_EQ(s->size, i * 10);
        EXPECT_EQ(s->mtime_ns, i * 100);
        EXPECT_EQ(s->hash, "hash-" + std::to_string(i * 7));
    }
    ASSERT_NE(moved.find(long_path), nullptr);
    EXPECT_EQ(moved.find(long_path)->id, 9999);
    EXPECT_EQ(moved.find(long_path)->hash, "");
    EXPECT_EQ(moved.find("folder/a-note-with-a-long-name-number-5000.md"), nullptr);
}

TEST_F(Store, InvalidYamlWarningIsStored) {
    add("bad.md", "---\ntitle: 'unclosed\n---\nbody\n");
    const auto warnings = store.load_warnings();
    ASSERT_FALSE(warnings.empty());
    EXPECT_EQ(warnings[0].path, "bad.md");
    EXPECT_GT(warnings[0].line, 0);
    EXPECT_EQ(one(store, "SELECT front_matter_invalid FROM notes"), "1");
}

TEST_F(Store, AnchorsByHeadingAndBlockId) {
    const auto id = add("a.md", "# Top\n## Setup Steps\npara ^blk-1\n");
    EXPECT_TRUE(store.has_anchor(id, "setup   steps", notes::AnchorStyle::obsidian));
    EXPECT_TRUE(store.has_anchor(id, "Top#Setup Steps", notes::AnchorStyle::obsidian));
    EXPECT_TRUE(store.has_anchor(id, "^blk-1", notes::AnchorStyle::obsidian));
    EXPECT_FALSE(store.has_anchor(id, "Missing", notes::AnchorStyle::obsidian));
    EXPECT_FALSE(store.has_anchor(id, "^nope", notes::AnchorStyle::obsidian));
}

TEST_F(Store, ViewsAnswerAfterResolution) {
    const auto a = add("a.md", "[[b]] [[missing]] [[b#Nope]]\n");
    const auto b = add("b.md", "# B\n");
    add("lonely.md", "nothing\n");
    store.for_each_link({}, [&](const notes::store::StoredLink& l) {
        notes::store::StoredLink next = l;
        if (l.target == "b") {
            next.target_id = b;
            next.status = "resolved";
            next.resolved_by = "slug";
            next.anchor_ok = l.anchor.empty() ? -1 : 0;
        } else {
            next.status = "broken";
        }
        store.set_link_resolution(next);
    });
    EXPECT_EQ(one(store, "SELECT count(*) FROM backlinks WHERE note_id = " + std::to_string(b)), "2");
    EXPECT_EQ(one(store, "SELECT source_id FROM backlinks LIMIT 1"), std::to_string(a));
    EXPECT_EQ(one(store, "SELECT target FROM broken_links"), "missing");
    EXPECT_EQ(one(store, "SELECT anchor FROM broken_anchors"), "Nope");
    EXPECT_EQ(one(store, "SELECT path FROM orphans"), "lonely.md");
}

TEST_F(Store, TagCountsShowFirstSeenSpellingInPathOrder) {
    add("b.md", "#SQL\n");
    add("a.md", "#Sql\n");
    add("c.md", "#sql\n");
    EXPECT_EQ(one(store, "SELECT tag || ':' || notes FROM tag_counts WHERE tag_key = 'sql'"), "Sql:3");
}

TEST_F(Store, LookingNamesUpInTheIndexResolvesLikeHoldingThemAll) {
    // Every rule and tie-break of the resolver, once with every name in
    // memory (a full resolve) and once through the index (a few links).
    add("index-tuning.md", "---\ntitle: Index Tuning\naliases: [Tuning, IT]\n---\n");
    add("projects/index-tuning.md", "---\ntitle: Other tuning\n---\n");
    add("aaaa/bbbb/n.md", "x");
    add("zz/n.md", "x");
    add("area/sub/note.MD", "---\ntitle: Query Plans Explained\n---\n");
    add("c/a/b/note.markdown", "x");
    add("a/b/note.md", "---\naliases: [query plans explained]\n---\n");
    add("Cafe\xCC\x81.md", "---\ntitle: \xC3\x89t\xC3\xA9\n---\n");
    add("Notes/Upper Case.md", "---\ntitle: Straße\n---\n");
    add("b/a/note.md", "x");
    const notes::LinkResolver held(store.load_note_names());
    notes::store::IndexNames asked(store);  // as an incremental run asks
    const std::vector<std::string> sources{"x.md", "projects/y.md", "b/x.md", "c/x.md", "zz/q.md"};
    const std::vector<std::string> targets{
        "index-tuning", "Index Tuning", "tuning", "IT", "n", "note", "a/b/note", "a/note.md", "../a/note.md",
        "/a/b/note", "sub/note", "b/note", "area/sub/note.md", "query plans explained", "QUERY PLANS EXPLAINED",
        "caf\xC3\xA9", "CAFE\xCC\x81.md", "\xC3\xA9t\xC3\xA9", "notes/upper case", "upper case.md", "STRASSE",
        "strasse", "missing", "missing/path", "", "other tuning", "c/a/b/note", "a/b/note.markdown"};
    int resolved = 0;
    for (const auto& source : sources) {
        for (const auto& target : targets) {
            for (const char* kind : {"wiki", "markdown"}) {
                const auto a = held.resolve(source, 99, kind, target);
                const auto b = notes::resolve_target(asked, source, 99, kind, target);
                EXPECT_EQ(a.note_id, b.note_id) << source << " " << kind << " " << target;
                EXPECT_EQ(a.method, b.method) << source << " " << kind << " " << target;
                if (a.note_id != 0 && a.note_id != 99) ++resolved;
            }
        }
    }
    EXPECT_GT(resolved, 150);  // most targets name a note: the comparison is not of two "broken"s
}
