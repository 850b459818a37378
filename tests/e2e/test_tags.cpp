// End-to-end: `notes tags` on an indexed copy of seeds/ and on small vaults
// written here. The counts come from reading seeds/: twelve notes carry `sql`
// (front matter or body, any case), and the only nested tags are `db/sqlite`
// and `lang/python`, both in the WAL note.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "harness.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using namespace notes::e2e::inspect;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

using Lines = std::vector<std::string>;

/// The rows of a `tags --format json` array as "tag notes total parent" lines.
std::string json_rows(const std::string& json) {
    return json_sql(json,
                    "(SELECT group_concat(json_extract(value, '$.tag') || ' ' || "
                    "json_extract(value, '$.notes') || ' ' "
                    "|| json_extract(value, '$.total') || ' ' || coalesce(json_extract(value, "
                    "'$.parent'), '-'), "
                    "char(10)) FROM json_each(?))");
}

class TagsSeeds : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp = std::make_unique<TempDir>();
        vault = copy_vault(seeds_dir(), tmp->path() / "vault");
        const auto r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp->path());
        ASSERT_EQ(r.status, 0) << r.err;
    }
    static void TearDownTestSuite() { tmp.reset(); }

    static RunResult tags(std::vector<std::string> args = {}) {
        args.insert(args.begin(), {"--vault", vault.string(), "tags"});
        return run_notes(args, tmp->path());
    }

    static inline std::unique_ptr<TempDir> tmp;
    static inline fs::path vault;
};

/// A vault of the given files, indexed.
fs::path indexed_vault(const TempDir& tmp,
                       const std::vector<std::pair<std::string, std::string>>& files) {
    const fs::path v = tmp.path() / "v";
    fs::create_directories(v);
    for (const auto& [name, content] : files) write_text(v / name, content);
    const auto r = run_notes({"--vault", v.string(), "index", "-q"}, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    return v;
}

}  // namespace

TEST_F(TagsSeeds, CountsMostUsedFirst) {
    const auto r = tags();
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const Lines lines = lines_of(r.out);
    // Not a terminal: the list format, tab-separated, no header.
    ASSERT_GE(lines.size(), 9u);
    EXPECT_THAT(Lines(lines.begin(), lines.begin() + 9),
                ElementsAre("sql\t12", "sqlite\t8", "postgres\t7", "performance\t4", "python\t4",
                            "analytics\t2", "indexing\t2", "orm\t2", "project\t2"));
    // 40 tags, plus the two parents no note carries alone (db, lang).
    EXPECT_EQ(lines.size(), 42u);
    // Ties are broken by name.
    EXPECT_EQ(lines[9], "activerecord\t1");
}

TEST_F(TagsSeeds, NestedTagsAsATree) {
    const auto r = tags();
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("\ndb\t1\n  sqlite\t1\n"));
    EXPECT_THAT(r.out, HasSubstr("\nlang\t1\n  python\t1\n"));
    // The top-level sqlite and python tags are other tags.
    EXPECT_THAT(r.out, HasSubstr("\nsqlite\t8\n"));
    EXPECT_THAT(r.out, HasSubstr("\npython\t4\n"));
}

TEST_F(TagsSeeds, SortByName) {
    const auto r = tags({"--sort", "name"});
    ASSERT_EQ(r.status, 0) << r.err;
    const Lines lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 42u);
    EXPECT_THAT(Lines(lines.begin(), lines.begin() + 4),
                ElementsAre("activerecord\t1", "ai\t1", "analytics\t2", "benchmark\t1"));
    EXPECT_THAT(r.out, HasSubstr("\ndatabase\t1\ndb\t1\n  sqlite\t1\ndecision\t1\n"));
    EXPECT_THAT(r.out, HasSubstr("\nsql\t12\nsqlalchemy\t1\nsqlite\t8\n"));
    // Keys compare as folded UTF-8 bytes: non-ASCII tags come last.
    EXPECT_EQ(lines.back(), "📚\t1");
}

TEST_F(TagsSeeds, TableFormatAlignsCountsRight) {
    const auto r = tags({"--format", "table"});
    ASSERT_EQ(r.status, 0) << r.err;
    const Lines lines = lines_of(r.out);
    ASSERT_GE(lines.size(), 3u);
    EXPECT_THAT(lines[0], ::testing::MatchesRegex("tag +notes"));
    EXPECT_THAT(lines[1], ::testing::MatchesRegex("sql +12"));
    EXPECT_THAT(lines[2], ::testing::MatchesRegex("sqlite +8"));
    // Every count ends in the same column.
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].find("café") != std::string::npos || lines[i].find("📚") != std::string::npos)
            continue;
        EXPECT_EQ(lines[i].size(), lines[0].size()) << lines[i];
    }
    EXPECT_THAT(r.out, HasSubstr("\n  sqlite "));
}

TEST_F(TagsSeeds, JsonRowsWithParents) {
    const auto r = tags({"--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_EQ(json_sql(r.out, "json_valid(?)"), "1") << r.out;
    EXPECT_EQ(json_sql(r.out, "json_array_length(?)"), "42");
    EXPECT_EQ(json_sql(r.out, "(SELECT group_concat(key, ',') FROM json_each(?, '$[0]'))"),
              "tag,notes,total,parent");
    const Lines rows = lines_of(json_rows(r.out));
    EXPECT_EQ(rows[0], "sql 12 12 -");
    EXPECT_EQ(rows[1], "sqlite 8 8 -");
    // A parent no note carries alone: 0 notes of its own, 1 in its subtree.
    EXPECT_THAT(json_rows(r.out), HasSubstr("\ndb 0 1 -\ndb/sqlite 1 1 db\n"));
    EXPECT_THAT(json_rows(r.out), HasSubstr("\nlang 0 1 -\nlang/python 1 1 lang\n"));
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$[0].notes')"), "integer");
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$[0].parent')"), "null");
}

TEST_F(TagsSeeds, JsonlAndCsv) {
    const auto jsonl = tags({"--format", "jsonl", "--sort", "name"});
    ASSERT_EQ(jsonl.status, 0) << jsonl.err;
    const Lines lines = lines_of(jsonl.out);
    ASSERT_EQ(lines.size(), 42u);
    EXPECT_EQ(lines[0], R"({"tag":"activerecord","notes":1,"total":1,"parent":null})");

    const auto csv = tags({"--format", "csv"});
    ASSERT_EQ(csv.status, 0) << csv.err;
    EXPECT_EQ(csv.out.substr(0, csv.out.find("\r\n", csv.out.find("\r\n") + 2) + 2),
              "tag,notes,total,parent\r\nsql,12,12,\r\n");
    EXPECT_THAT(csv.out, HasSubstr("\r\ndb/sqlite,1,1,db\r\n"));
}

TEST_F(TagsSeeds, SpellingIsThatOfTheFirstNoteInPathOrder) {
    // `#SQL` in the Rails note and `sql` elsewhere are one tag, spelled as in
    // the first note by path (the tag_counts view).
    const auto r = tags({"--format", "json"});
    EXPECT_EQ(json_sql(r.out,
                       "(SELECT count(*) FROM json_each(?) WHERE lower(json_extract(value, "
                       "'$.tag')) = 'sql')"),
              "1");
    EXPECT_THAT(r.out, HasSubstr(R"({"tag":"café","notes":1,"total":1,"parent":null})"));
}

TEST_F(TagsSeeds, BadSortOrFormatIsAUsageError) {
    EXPECT_EQ(tags({"--sort", "size"}).status, 2);
    const auto paths = tags({"--format", "paths"});
    EXPECT_EQ(paths.status, 2);
    EXPECT_EQ(paths.out, "");
}

TEST(Tags, ParentCountsEachNoteOnce) {
    TempDir tmp;
    const auto v = indexed_vault(tmp, {
                                          {"a.md", "#area/x #area/y\n"},
                                          {"b.md", "#area/x #area\n"},
                                          {"c.md", "#area/x/deep\n"},
                                          {"d.md", "#other\n"},
                                      });
    const auto r = run_notes({"--vault", v.string(), "tags", "--format", "json"}, tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    // area: b alone, plus a and c below it; x: a, b and (below) c.
    EXPECT_EQ(json_rows(r.out),
              "area 1 3 -\n"
              "area/x 2 3 area\n"
              "area/x/deep 1 1 area/x\n"
              "area/y 1 1 area\n"
              "other 1 1 -");
    const auto tree = run_notes({"--vault", v.string(), "tags"}, tmp.path());
    EXPECT_EQ(tree.out, "area\t3\n  x\t3\n    deep\t1\n  y\t1\nother\t1\n");
}

TEST(Tags, ReportSpellsEachTagAsTagsDoes) {
    // b.md is indexed first (the smaller id) and writes `SQL`; a.md, added
    // later, comes first in path order and writes `sql`: both commands, and
    // the tag_counts view, spell the tag `sql`.
    TempDir tmp;
    const auto v = indexed_vault(tmp, {{"b.md", "#SQL #SQL/Joins\n"}, {"c.md", "#sql\n"}});
    write_text(v / "a.md", "#sql #sql/joins\n");
    ASSERT_EQ(run_notes({"--vault", v.string(), "index", "-q"}, tmp.path()).status, 0);
    const auto tags = run_notes({"--vault", v.string(), "tags"}, tmp.path());
    EXPECT_EQ(tags.out, "sql\t3\n  joins\t2\n");
    const auto report =
        run_notes({"--vault", v.string(), "report", "--section", "tags", "--format", "json"}, tmp.path());
    ASSERT_EQ(report.status, 0) << report.err;
    EXPECT_EQ(json_get(report.out, "$.tags.top[0].name"), "sql");
    EXPECT_EQ(json_get(report.out, "$.tags.top[1].name"), "sql/joins");
    const auto view = run_notes(
        {"--vault", v.string(), "sql", "SELECT tag FROM tag_counts ORDER BY tag_key", "--format", "list"},
        tmp.path());
    EXPECT_EQ(view.out, "sql\nsql/joins\n");
}

TEST(Tags, NoTagsIsStatusOne) {
    TempDir tmp;
    const auto v = indexed_vault(tmp, {{"a.md", "no tags here\n"}});
    const auto list = run_notes({"--vault", v.string(), "tags"}, tmp.path());
    EXPECT_EQ(list.status, 1);
    EXPECT_EQ(list.out, "");
    const auto json = run_notes({"--vault", v.string(), "tags", "--format", "json"}, tmp.path());
    EXPECT_EQ(json.status, 1);
    EXPECT_EQ(json.out, "[]\n");
    const auto csv = run_notes({"--vault", v.string(), "tags", "--format", "csv"}, tmp.path());
    EXPECT_EQ(csv.status, 1);
    EXPECT_EQ(csv.out, "tag,notes,total,parent\r\n");
}

TEST(Tags, EachIndexRunKeepsTheCountsTrue) {
    // The counts are stored by the indexer: after each kind of change an
    // ordinary run brings them up to date, and they equal what a fresh
    // build of the same files counts.
    TempDir tmp;
    const auto v = indexed_vault(tmp, {
                                          {"b.md", "#SQL #area/x\n"},
                                          {"c.md", "#sql #area/y\n"},
                                      });
    const fs::path fresh = tmp.path() / "fresh.db";
    auto tags_after = [&](const std::function<void()>& change) {
        change();
        const auto run = run_notes({"--vault", v.string(), "index", "-q"}, tmp.path());
        EXPECT_EQ(run.status, 0) << run.err;
        fs::remove(fresh);
        const auto rebuilt =
            run_notes({"--vault", v.string(), "--db", fresh.string(), "index", "-q"}, tmp.path());
        EXPECT_EQ(rebuilt.status, 0) << rebuilt.err;
        const std::string table = "SELECT * FROM tag_nodes ORDER BY tag_key";
        EXPECT_EQ(rows(v / ".notes" / "index.db", table), rows(fresh, table));
        return run_notes({"--vault", v.string(), "tags", "--format", "csv"}, tmp.path()).out;
    };
    EXPECT_EQ(tags_after([] {}), "tag,notes,total,parent\r\narea,0,2,\r\narea/x,1,1,area\r\narea/y,1,1,area\r\n"
                                 "SQL,2,2,\r\n");
    // Added first in path order: its spelling wins.
    EXPECT_EQ(tags_after([&] { write_text(v / "a.md", "#Sql #area/x/deep\n"); }),
              "tag,notes,total,parent\r\narea,0,3,\r\narea/x,1,2,area\r\narea/x/deep,1,1,area/x\r\n"
              "area/y,1,1,area\r\nSql,3,3,\r\n");
    // Renamed to the end of path order: the next note's spelling.
    EXPECT_EQ(tags_after([&] { fs::rename(v / "a.md", v / "z.md"); }),
              "tag,notes,total,parent\r\narea,0,3,\r\narea/x,1,2,area\r\narea/x/deep,1,1,area/x\r\n"
              "area/y,1,1,area\r\nSQL,3,3,\r\n");
    // Respelled in place.
    EXPECT_EQ(tags_after([&] { write_text(v / "b.md", "#sql #area/x\n"); }),
              "tag,notes,total,parent\r\narea,0,3,\r\narea/x,1,2,area\r\narea/x/deep,1,1,area/x\r\n"
              "area/y,1,1,area\r\nsql,3,3,\r\n");
    // A nested tag dropped, a parent carried alone.
    EXPECT_EQ(tags_after([&] { write_text(v / "z.md", "#Sql #area\n"); }),
              "tag,notes,total,parent\r\narea,1,3,\r\narea/x,1,1,area\r\narea/y,1,1,area\r\n"
              "sql,3,3,\r\n");
    // Removed: the parent goes with its last nested tag.
    EXPECT_EQ(tags_after([&] {
                  fs::remove(v / "b.md");
                  fs::remove(v / "c.md");
              }),
              "tag,notes,total,parent\r\narea,1,1,\r\nSql,1,1,\r\n");
}
