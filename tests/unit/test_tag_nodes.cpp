// The `tag_nodes` table (the tag tree of `notes tags`) as the store keeps it:
// after every kind of write, in a transaction or not, rolled back or
// committed, and on a fresh build, it must equal the tree computed from the
// `tags` table by brute force here (expected_rows()), and tag_tree() must
// read it back as that tree.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "notes/index/vault.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/query/note_details.hpp"
#include "notes/store/index_store.hpp"

using notes::query::TagNode;
using notes::query::TagSort;
using notes::store::FileRecord;
using notes::store::IndexStore;

namespace {

std::string cell(const std::optional<std::string>& v) {
    return v.value_or("NULL");
}

/// The parts of a tag split at '/', or the tag whole when a part is empty.
std::vector<std::string> parts_of(const std::string& tag) {
    std::vector<std::string> parts;
    std::string part;
    for (const char c : tag + "/") {
        if (c != '/') {
            part += c;
            continue;
        }
        if (part.empty()) return {tag};
        parts.push_back(part);
        part.clear();
    }
    return parts;
}

/// The rows `tag_nodes` must hold, computed from every (path, key, tag) row
/// of `tags` by the rules of docs/schema.md, one line per row in key order:
/// key|tag|name|parent_key|notes|total.
std::string expected_rows(IndexStore& store) {
    struct Carried {
        std::string tag, first_path;
        std::int64_t notes = 0;
    };
    std::map<std::string, Carried> carried;
    std::vector<std::pair<std::string, std::int64_t>> key_note;  // (key, note id)
    for (const auto& row : store
                               .query("SELECT t.tag_key, t.tag, n.path, n.id FROM tags t "
                                      "JOIN notes n ON n.id = t.note_id")
                               .rows) {
        Carried& c = carried[*row[0]];
        if (c.notes == 0 || *row[2] < c.first_path) {
            c.tag = *row[1];
            c.first_path = *row[2];
        }
        ++c.notes;
        key_note.emplace_back(*row[0], std::stoll(*row[3]));
    }
    // Every carried key is a node; a nested one makes each of its ancestors a
    // parent, spelled (when no note carries it) after its first nested key.
    std::map<std::string, std::string> spelling;
    std::set<std::string> parents;
    for (const auto& [key, c] : carried) {
        const std::vector<std::string> key_parts = parts_of(key);
        std::vector<std::string> spelled = parts_of(c.tag);
        if (spelled.size() != key_parts.size()) spelled = key_parts;
        std::string prefix, spelled_prefix;
        for (std::size_t i = 0; i + 1 < key_parts.size(); ++i) {
            prefix += (i ? "/" : "") + key_parts[i];
            spelled_prefix += (i ? "/" : "") + spelled[i];
            parents.insert(prefix);
            spelling.emplace(prefix, spelled_prefix);  // the first key (in order) wins
        }
    }
    std::set<std::string> nodes(parents);
    for (const auto& [key, c] : carried) nodes.insert(key);
    std::string out;
    for (const std::string& key : nodes) {
        const auto c = carried.find(key);
        const std::string tag = c != carried.end() ? c->second.tag : spelling.at(key);
        const std::int64_t notes = c != carried.end() ? c->second.notes : 0;
        std::int64_t total = notes;
        if (parents.count(key)) {
            std::set<std::int64_t> ids;
            for (const auto& [k, id] : key_note) {
                if (k == key || (k > key + "/" && k < key + "0")) ids.insert(id);
            }
            total = static_cast<std::int64_t>(ids.size());
        }
        const std::vector<std::string> key_parts = parts_of(key);
        const std::vector<std::string> spelled = parts_of(tag);
        const std::string name =
            spelled.size() == key_parts.size() ? spelled.back() : key_parts.back();
        const std::string parent = key_parts.size() > 1 ? key.substr(0, key.rfind('/')) : "NULL";
        out += key + "|" + tag + "|" + name + "|" + parent + "|" + std::to_string(notes) + "|" +
               std::to_string(total) + "\n";
    }
    return out;
}

std::string stored_rows(IndexStore& store) {
    std::string out;
    for (const auto& row : store
                               .query("SELECT tag_key, tag, name, parent_key, notes, total FROM "
                                      "tag_nodes ORDER BY tag_key")
                               .rows) {
        for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "|" : "") + cell(row[i]);
        out += "\n";
    }
    return out;
}

/// A note carrying `tags` (front matter, written as given).
std::string note_with(const std::vector<std::string>& tags) {
    std::string text = "---\ntags:\n";
    for (const std::string& t : tags) text += "  - '" + t + "'\n";
    return text + "---\nText.\n";
}

class TagNodes : public ::testing::Test {
  protected:
    TagNodes() : store(":memory:", IndexStore::Mode::read_write) { store.create_schema(); }

    std::int64_t write(std::int64_t id, const std::string& path,
                       const std::vector<std::string>& tags) {
        const std::string content = note_with(tags);
        const auto note = notes::parse::parse_note(path, notes::slug_of(path), content);
        return store.write_note(
            id, FileRecord{path, static_cast<std::int64_t>(content.size()), 1, "h"}, note);
    }
    std::int64_t add(const std::string& path, const std::vector<std::string>& tags) {
        const std::int64_t id = write(0, path, tags);
        ids[path] = id;
        return id;
    }
    void edit(const std::string& path, const std::vector<std::string>& tags) {
        write(ids.at(path), path, tags);
    }
    void remove(const std::string& path) {
        store.remove_note(ids.at(path));
        ids.erase(path);
    }

    void expect_true() {
        EXPECT_EQ(stored_rows(store), expected_rows(store));
        EXPECT_EQ(store.query("SELECT * FROM tag_counts").rows.size(),
                  store.query("SELECT DISTINCT tag_key FROM tags").rows.size());
    }

    IndexStore store;
    std::map<std::string, std::int64_t> ids;
};

}  // namespace

TEST_F(TagNodes, CountsSpellsAndNestsTags) {
    store.begin();
    add("b.md", {"SQL", "db/SQLite", "lang/python"});
    add("a.md", {"Sql", "db/postgres"});
    add("c.md", {"sql", "db", "Lang/Python/asyncio", "lang/python"});
    store.commit();
    EXPECT_EQ(stored_rows(store),
              "db|db|db|NULL|1|3\n"
              "db/postgres|db/postgres|postgres|db|1|1\n"
              "db/sqlite|db/SQLite|SQLite|db|1|1\n"
              "lang|lang|lang|NULL|0|2\n"
              "lang/python|lang/python|python|lang|2|2\n"
              "lang/python/asyncio|Lang/Python/asyncio|asyncio|lang/python|1|1\n"
              "sql|Sql|Sql|NULL|3|3\n");
    expect_true();
    EXPECT_EQ(store.query("SELECT tag || ':' || notes FROM tag_counts WHERE tag_key = 'sql'")
                  .rows.at(0)
                  .at(0),
              "Sql:3");
}

TEST_F(TagNodes, AParentNoNoteCarriesIsSpelledAfterItsFirstNestedTag) {
    add("z.md", {"Area/x"});
    add("y.md", {"AREA/w/deep"});
    // Keys in byte order: area/w/deep before area/x; the note's path does
    // not matter for a parent no note carries.
    EXPECT_EQ(stored_rows(store),
              "area|AREA|AREA|NULL|0|2\n"
              "area/w|AREA/w|w|area|0|1\n"
              "area/w/deep|AREA/w/deep|deep|area/w|1|1\n"
              "area/x|Area/x|x|area|1|1\n");
    remove("y.md");
    EXPECT_EQ(stored_rows(store),
              "area|Area|Area|NULL|0|1\n"
              "area/x|Area/x|x|area|1|1\n");
    remove("z.md");
    EXPECT_EQ(stored_rows(store), "");
}

TEST_F(TagNodes, TagsWithAnEmptyPartAreNotNested) {
    add("a.md", {"a//b", "a/", "/a", "a"});
    add("b.md", {"a/b"});
    expect_true();
    // a's total counts every key from a/ (excluded) to a0: a//b too.
    EXPECT_EQ(stored_rows(store),
              "/a|/a|/a|NULL|1|1\n"
              "a|a|a|NULL|1|2\n"
              "a/|a/|a/|NULL|1|1\n"
              "a//b|a//b|a//b|NULL|1|1\n"
              "a/b|a/b|b|a|1|1\n");
}

TEST_F(TagNodes, EachKindOfChangeKeepsTheTableTrue) {
    add("m.md", {"SQL", "db/sqlite"});
    add("n.md", {"sql", "db/postgres", "x"});
    expect_true();
    // Respelled: the first note in path order now writes `sql`.
    edit("m.md", {"sql", "db/sqlite"});
    expect_true();
    EXPECT_EQ(store.query("SELECT tag FROM tag_nodes WHERE tag_key = 'sql'").rows.at(0).at(0),
              "sql");
    // A note added before the others in path order takes over the spelling.
    add("a.md", {"Sql"});
    expect_true();
    // Renamed (removed and added): the spelling follows the new path.
    remove("a.md");
    add("z.md", {"Sql"});
    expect_true();
    EXPECT_EQ(store.query("SELECT tag FROM tag_nodes WHERE tag_key = 'sql'").rows.at(0).at(0),
              "sql");
    // Nested tags appear and go; the parent follows, and goes with the last.
    edit("n.md", {"sql", "x", "db/postgres/tuning"});
    expect_true();
    edit("m.md", {"sql"});
    expect_true();
    remove("n.md");
    expect_true();
    EXPECT_EQ(
        store.query("SELECT count(*) FROM tag_nodes WHERE tag_key LIKE 'db%'").rows.at(0).at(0),
        "0");
    // An edit that leaves the tags alone (other lines) changes nothing.
    const auto before = stored_rows(store);
    const std::string content = "---\ntitle: T\ntags:\n  - 'sql'\n---\nOther text.\n";
    const auto note = notes::parse::parse_note("m.md", "m", content);
    store.write_note(ids.at("m.md"), FileRecord{"m.md", 1, 2, "h2"}, note);
    EXPECT_EQ(stored_rows(store), before);
}

TEST_F(TagNodes, ATransactionUpdatesTheTableAtItsCommit) {
    add("a.md", {"x"});
    store.begin();
    add("b.md", {"x", "p/q"});
    remove("a.md");
    // Not yet: the rows are written with the commit.
    EXPECT_EQ(stored_rows(store), "x|x|x|NULL|1|1\n");
    store.commit();
    expect_true();
    EXPECT_EQ(store.query("SELECT count(*) FROM tag_nodes").rows.at(0).at(0), "3");
}

TEST_F(TagNodes, ARolledBackTransactionLeavesTheTableAsItWas) {
    add("a.md", {"x", "p/q"});
    const auto before = stored_rows(store);
    store.begin();
    add("b.md", {"y", "p/r"});
    edit("a.md", {"z"});
    store.rollback();
    ids.erase("b.md");
    EXPECT_EQ(stored_rows(store), before);
    expect_true();
    // What the rolled-back transaction noted is forgotten: the next commit
    // computes only its own keys, and the table stays true.
    store.begin();
    add("c.md", {"x"});
    store.commit();
    expect_true();
}

TEST_F(TagNodes, AFreshBuildTalliesItsTags) {
    IndexStore fresh(":memory:", IndexStore::Mode::read_write);
    fresh.use_fast_build_settings();
    fresh.create_schema(/*with_indexes=*/false);
    fresh.begin();
    const std::vector<std::pair<std::string, std::vector<std::string>>> notes{
        {"c.md", {"SQL", "db/SQLite", "Area/x"}},
        {"a.md", {"Sql", "db/postgres", "a//b", "a/"}},
        {"b.md", {"sql", "db", "area/w/deep", "a/b", "a"}},
        // `a/` is a tag of its own, not one under `a`: not in a's total.
        {"d.md", {"a/", "q/"}},
        {"e.md", {"q/r"}},
    };
    for (const auto& [path, tags] : notes) {
        const std::string content = note_with(tags);
        fresh.write_note(0, FileRecord{path, 1, 1, "h"},
                         notes::parse::parse_note(path, notes::slug_of(path), content));
    }
    fresh.create_indexes();
    fresh.commit();
    EXPECT_EQ(stored_rows(fresh), expected_rows(fresh));
    // The same notes written one by one into an existing index.
    for (const auto& [path, tags] : notes) add(path, tags);
    EXPECT_EQ(stored_rows(store), stored_rows(fresh));
}

TEST_F(TagNodes, AFreshBuildThatRemovesANoteCountsAgain) {
    IndexStore fresh(":memory:", IndexStore::Mode::read_write);
    fresh.create_schema(/*with_indexes=*/false);
    fresh.begin();
    const std::string content = note_with({"x", "p/q"});
    const auto a = fresh.write_note(0, FileRecord{"a.md", 1, 1, "h"},
                                    notes::parse::parse_note("a.md", "a", content));
    fresh.write_note(0, FileRecord{"b.md", 1, 1, "h"},
                     notes::parse::parse_note("b.md", "b", content));
    fresh.remove_note(a);
    fresh.create_indexes();
    fresh.commit();
    EXPECT_EQ(stored_rows(fresh), expected_rows(fresh));
    EXPECT_EQ(stored_rows(fresh), "p|p|p|NULL|0|1\np/q|p/q|q|p|1|1\nx|x|x|NULL|1|1\n");
}

TEST_F(TagNodes, RandomChangesKeepTheTableTrue) {
    // Tags from a small vocabulary, in several spellings, nested and not:
    // random notes added, edited, renamed and removed, a few per transaction,
    // some transactions rolled back.
    const std::vector<std::string> vocabulary{
        "a",   "A",     "a/b",   "A/B", "a/b/c", "a/B/c", "a/c",    "a-b",  "a.b",  "a/",  "a//b",
        "b",   "b/a",   "B/a/x", "c/d", "C/D/e", "c/d/f", "ab",     "ab/c", "x",    "X/y", "x/y/z",
        "é/à", "É/À/b", "/a",    "sql", "SQL",   "Sql",   "db/sql", "db",   "zz/zz"};
    std::mt19937 rng(16);
    auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    auto tags = [&] {
        std::vector<std::string> t;
        for (std::size_t i = 0, n = pick(5); i < n; ++i)
            t.push_back(vocabulary[pick(vocabulary.size())]);
        return t;
    };
    int next = 0;
    for (int round = 0; round < 120; ++round) {
        const bool roll_back = pick(6) == 0;
        store.begin();
        const auto saved = ids;
        for (std::size_t step = 0, n = 1 + pick(4); step < n; ++step) {
            const std::size_t what = ids.empty() ? 0 : pick(4);
            auto some = [&] {
                return std::next(ids.begin(), static_cast<long>(pick(ids.size())))->first;
            };
            if (what == 0) {
                add("n" + std::to_string(pick(40)) + "-" + std::to_string(next++) + ".md", tags());
            } else if (what == 1) {
                edit(some(), tags());
            } else if (what == 2) {
                const std::string from = some();
                const auto stored =
                    store.query("SELECT tag FROM tags WHERE note_id = ?", {ids.at(from)});
                std::vector<std::string> kept;
                for (const auto& r : stored.rows) kept.push_back(*r[0]);
                remove(from);
                add("r" + std::to_string(pick(40)) + "-" + std::to_string(next++) + ".md", kept);
            } else {
                remove(some());
            }
        }
        if (roll_back) {
            store.rollback();
            ids = saved;
        } else {
            store.commit();
        }
        SCOPED_TRACE("round " + std::to_string(round));
        ASSERT_EQ(stored_rows(store), expected_rows(store));
    }
}

TEST_F(TagNodes, TheTreeIsReadFromTheTable) {
    add("a.md", {"db/sqlite", "db/postgres", "sql"});
    add("b.md", {"db/sqlite", "sql"});
    add("c.md", {"sql", "Lang/Python"});
    auto show = [](const std::vector<TagNode>& forest) {
        std::string out;
        const auto walk = [&](const auto& self, const std::vector<TagNode>& nodes,
                              int depth) -> void {
            for (const TagNode& n : nodes) {
                out += std::string(2 * depth, ' ') + n.name + " " + n.tag + " " + n.key + " " +
                       std::to_string(n.notes) + " " + std::to_string(n.subtree_notes) + "\n";
                self(self, n.children, depth + 1);
            }
        };
        walk(walk, forest, 0);
        return out;
    };
    EXPECT_EQ(show(notes::query::tag_tree(store, TagSort::count)),
              "sql sql sql 3 3\n"
              "db db db 0 2\n"
              "  sqlite db/sqlite db/sqlite 2 2\n"
              "  postgres db/postgres db/postgres 1 1\n"
              "Lang Lang lang 0 1\n"
              "  Python Lang/Python lang/python 1 1\n");
    EXPECT_EQ(show(notes::query::tag_tree(store, TagSort::name)),
              "db db db 0 2\n"
              "  postgres db/postgres db/postgres 1 1\n"
              "  sqlite db/sqlite db/sqlite 2 2\n"
              "Lang Lang lang 0 1\n"
              "  Python Lang/Python lang/python 1 1\n"
              "sql sql sql 3 3\n");
}
