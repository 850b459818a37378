// End-to-end: `notes index` on a temporary copy of seeds/.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>

#include "harness.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using namespace notes::e2e::inspect;
using ::testing::HasSubstr;
using ::testing::Not;
using notes::e2e::inspect::lines_of;

namespace {

constexpr const char* k_seed_note =
    "2026-02-28-8-python-database-techniques-every-developer-needs-for-scalable-reliable-applications.md";
constexpr int k_seed_notes = 23;

class IndexSeeds : public ::testing::Test {
protected:
    void SetUp() override { vault = copy_vault(seeds_dir(), tmp.path() / "vault"); }
    RunResult index(std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"--vault", vault.string(), "index"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, tmp.path());
    }
    std::string q(const std::string& sql) { return rows(db(), sql); }
    fs::path db() const { return vault / ".notes" / "index.db"; }

    TempDir tmp;
    fs::path vault;
};

}  // namespace

TEST_F(IndexSeeds, FirstRunAddsEveryNote) {
    const auto r = index({"--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_get(r.out, "$.seen"), std::to_string(k_seed_notes));
    EXPECT_EQ(json_get(r.out, "$.added"), std::to_string(k_seed_notes));
    EXPECT_EQ(json_get(r.out, "$.changed"), "0");
    EXPECT_EQ(json_get(r.out, "$.removed"), "0");
    EXPECT_EQ(json_get(r.out, "$.unchanged"), "0");
    EXPECT_EQ(json_get(r.out, "$.parsed"), std::to_string(k_seed_notes));
    EXPECT_EQ(q("SELECT count(*) FROM notes"), std::to_string(k_seed_notes));
}

TEST_F(IndexSeeds, SummaryLine) {
    const auto r = index();
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, ::testing::MatchesRegex("23 notes: 23 added, 0 changed, 0 removed, 0 unchanged; "
                                               "[0-9]+ warnings; [0-9.]+ s\n"));
}

TEST_F(IndexSeeds, SeedNoteIsClean) {
    ASSERT_EQ(index().status, 0);
    const std::string id = q(std::string("SELECT id FROM notes WHERE path = '") + k_seed_note + "'");
    EXPECT_EQ(q("SELECT title FROM notes WHERE id = " + id),
              "8 Python Database Techniques Every Developer Needs for Scalable, Reliable Applications");
    EXPECT_EQ(q("SELECT date || '|' || domain || '|' || status FROM notes WHERE id = " + id), "2026-02-28|SQL|unread");
    EXPECT_EQ(q("SELECT relevance FROM notes WHERE id = " + id), "\xC3\xB0\xC5\xB8\xC5\xB8\xC2\xA1");
    EXPECT_EQ(q("SELECT group_concat(tag, ',') FROM (SELECT tag FROM tags WHERE note_id = " + id + " ORDER BY line)"),
              "ai,best-practice,library,python,sql,support-analytics,tool,zendesk");
    EXPECT_EQ(q("SELECT line || ' ' || status || ' ' || coalesce(resolved_by, '-') FROM links "
                "WHERE kind = 'related' AND note_id = " + id + " ORDER BY line"),
              "18 resolved slug\n19 broken -\n20 broken -\n21 resolved slug\n22 resolved slug\n23 broken -");
    EXPECT_EQ(q("SELECT count(*) FROM links WHERE kind = 'wiki' AND note_id = " + id), "6");
}

TEST_F(IndexSeeds, LinkFormsAndResolutionMethods) {
    ASSERT_EQ(index().status, 0);
    // Alias and title resolution from the reading map.
    EXPECT_EQ(q("SELECT l.line || ' ' || l.resolved_by || ' ' || t.path FROM links l JOIN notes s ON s.id = l.note_id "
                "JOIN notes t ON t.id = l.target_id WHERE s.slug = '2026-03-03-database-reading-map' AND l.line IN (17, 18, 19, 31) "
                "ORDER BY l.line"),
              "17 title " + std::string(k_seed_note) +
                  "\n18 alias 2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy.md"
                  "\n19 alias 2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-learn-sql.md"
                  "\n31 path projects/2026-03-05-migrate-reporting-to-sqlite.md");
    // Same slug in two folders: the linking note's folder wins, else the shortest path.
    EXPECT_EQ(q("SELECT s.path || ' -> ' || t.path FROM links l JOIN notes s ON s.id = l.note_id "
                "JOIN notes t ON t.id = l.target_id WHERE l.target = 'index-tuning' AND l.kind = 'wiki' ORDER BY s.path, l.line"),
              "2026-03-02-reading-explain-query-plan-output.md -> index-tuning.md\n"
              "2026-03-02-reading-explain-query-plan-output.md -> index-tuning.md\n"
              "2026-03-02-reading-explain-query-plan-output.md -> index-tuning.md\n"
              "projects/2026-03-05-migrate-reporting-to-sqlite.md -> projects/index-tuning.md\n"
              "projects/drafts/2026-03-06-benchmark-plan.md -> index-tuning.md");
    // Percent-encoded and <...> Markdown links reach the spaced file name.
    EXPECT_EQ(q("SELECT count(*) FROM links l JOIN notes t ON t.id = l.target_id "
                "WHERE l.kind = 'markdown' AND t.path = 'My Note.md'"),
              "2");
    // An NFD-written link reaches the NFC file name.
    EXPECT_EQ(q("SELECT count(*) FROM links l JOIN notes t ON t.id = l.target_id WHERE t.path = 'café-notes.md'"), "2");
    // Heading anchors: present, missing, nested, block id.
    EXPECT_EQ(q("SELECT anchor || ' ' || anchor_ok FROM links WHERE anchor IS NOT NULL AND status = 'resolved' "
                "AND anchor IN ('Relationships', 'Lazy loading', 'Declaring tables#Naming conventions', '^checkpoint-rule') "
                "ORDER BY anchor"),
              "Declaring tables#Naming conventions 1\nLazy loading 0\nRelationships 1\n^checkpoint-rule 1");
    // Embeds and front-matter `up:`.
    EXPECT_EQ(q("SELECT count(*) FROM links WHERE kind = 'embed'"), "1");
    EXPECT_EQ(q("SELECT t.slug FROM links l JOIN notes t ON t.id = l.target_id WHERE l.kind = 'up'"),
              "2026-03-03-database-reading-map");
}

TEST_F(IndexSeeds, NothingInCodeCommentsOrEscapesCounts) {
    ASSERT_EQ(index().status, 0);
    const std::string eqp = "(SELECT id FROM notes WHERE slug = '2026-03-02-reading-explain-query-plan-output')";
    EXPECT_EQ(q("SELECT count(*) FROM links WHERE note_id = " + eqp + " AND line IN (23, 33, 41, 43, 46, 48)"), "0");
    EXPECT_EQ(q("SELECT count(*) FROM tags WHERE tag_key IN ('perf', 'scan', 'full-scan', 'todo', 'confidential', 'sorted')"),
              "0");
    EXPECT_EQ(q("SELECT count(*) FROM tags WHERE tag_key = '1984'"), "0");
    EXPECT_EQ(q("SELECT count(*) FROM tags WHERE tag_key = 'y1984'"), "1");
}

TEST_F(IndexSeeds, TagsAreStoredWithoutHashAndMatchedCaseInsensitively) {
    ASSERT_EQ(index().status, 0);
    EXPECT_EQ(q("SELECT count(*) FROM tags WHERE tag LIKE '#%'"), "0");
    EXPECT_EQ(q("SELECT notes FROM tag_counts WHERE tag_key = 'sql'"), "12");
    EXPECT_EQ(q("SELECT count(*) FROM tags WHERE tag_key LIKE 'db/%'"), "1");
}

TEST_F(IndexSeeds, DotDirectoriesAndOtherFilesAreSkipped) {
    ASSERT_EQ(index().status, 0);
    EXPECT_EQ(q("SELECT count(*) FROM notes WHERE path LIKE '.obsidian/%' OR path LIKE 'attachments/%'"), "0");
    EXPECT_EQ(q("SELECT count(*) FROM notes WHERE path IN ('2026-03-07-window-functions-cheatsheet.markdown', "
                "'2026-03-08-postgres-vs-sqlite-for-analytics.MD', 'My Note.md', 'café-notes.md', "
                "'projects/drafts/2026-03-06-benchmark-plan.md')"),
              "5");
}

TEST_F(IndexSeeds, InvalidYamlWarnsWithLineAndColumnAndNoteIsIndexed) {
    const auto r = index();
    ASSERT_EQ(r.status, 0);
    EXPECT_THAT(r.err, HasSubstr("2026-03-09-sharding-strategies-for-postgres.md:2:27: invalid YAML front matter: "));
    EXPECT_EQ(q("SELECT title || '|' || front_matter_invalid || '|' || date FROM notes "
                "WHERE slug = '2026-03-09-sharding-strategies-for-postgres'"),
              "Sharding strategies for Postgres|1|2026-03-09");
    EXPECT_THAT(r.err, HasSubstr("2026-03-10-connection-limits-and-pgbouncer.md:1: front matter is not terminated"));
    EXPECT_THAT(r.err, HasSubstr("duckdb-for-local-analytics.md:3"));
    EXPECT_THAT(r.err, HasSubstr("untitled.md: empty file"));
}

TEST_F(IndexSeeds, BrokenLinksAreWarningsWithLines) {
    const auto r = index();
    EXPECT_THAT(r.err, HasSubstr(std::string(k_seed_note) +
                                 ":19: broken link to "
                                 "'2026-02-22-python-geospatial-analysis-5-practical-techniques-to-master-location-data-today' (related)"));
    EXPECT_THAT(r.err, HasSubstr("2026-03-03-database-reading-map.md:36: broken link to 'a-note-that-does-not-exist'"));
    EXPECT_THAT(r.err, HasSubstr("index-tuning.md: slug 'index-tuning' is also used by projects/index-tuning.md"));
}

TEST_F(IndexSeeds, SecondRunParsesNothing) {
    ASSERT_EQ(index().status, 0);
    const auto r = index({"--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_get(r.out, "$.parsed"), "0");
    EXPECT_EQ(json_get(r.out, "$.unchanged"), std::to_string(k_seed_notes));
    EXPECT_EQ(json_get(r.out, "$.added"), "0");
}

TEST_F(IndexSeeds, WarningsAreTheSameOnEveryRun) {
    for (const char* mode : {"all", "summary"}) {
        const auto first = index({"--warnings", mode});
        const auto second = index({"--warnings", mode});
        EXPECT_EQ(first.err, second.err) << mode;
    }
}

TEST_F(IndexSeeds, ARunThatChangesNothingPrintsTheWarningsOfTheLastChange) {
    // Every warning, one per line: a run that changes nothing prints what
    // the last change left, not only what it parsed.
    ASSERT_EQ(index().status, 0);
    const fs::path note = vault / "index-tuning.md";
    const std::string original = read_text(note);
    write_text(note, original + "\nSee [[a-target-added-for-this-test]].\n");
    const auto added = index({"--warnings", "all"});
    EXPECT_THAT(added.err, HasSubstr("\nindex-tuning.md:25: broken link to 'a-target-added-for-this-test'\n"));
    EXPECT_EQ(index({"--warnings", "all"}).err, added.err);
    write_text(note, original);
    const auto removed = index({"--warnings", "all"});
    EXPECT_THAT(removed.err, Not(HasSubstr("a-target-added-for-this-test")));
    EXPECT_EQ(index({"--warnings", "all"}).err, removed.err);
}

TEST_F(IndexSeeds, AFreshBuildResolvesLinksLikeAnUpdateInPlace) {
    // In place: an index made of an empty vault, then every note added to it
    // by an ordinary run. Fresh: the first run on the vault.
    const fs::path empty = tmp.path() / "empty";
    fs::create_directories(empty);
    const fs::path in_place = tmp.path() / "in-place.db";
    ASSERT_EQ(run_notes({"--vault", empty.string(), "--db", in_place.string(), "index"}, tmp.path()).status, 0);
    const auto updated = run_notes({"--vault", vault.string(), "--db", in_place.string(), "index", "--warnings", "all"},
                                   tmp.path());
    ASSERT_EQ(updated.status, 0) << updated.err;
    const auto fresh = index({"--warnings", "all"});
    ASSERT_EQ(fresh.status, 0) << fresh.err;
    EXPECT_EQ(fresh.err, updated.err);
    for (const char* table : {"notes", "tags", "tag_nodes", "aliases", "fields", "links", "headings", "block_ids", "warnings"}) {
        EXPECT_EQ(table_dump(db(), table), table_dump(in_place, table)) << table;
    }
    EXPECT_NE(q("SELECT count(*) FROM links WHERE status = 'resolved' AND anchor_ok IS NOT NULL"), "0");
    // A fresh build makes its full-text index on a thread of its own and
    // copies it in; it must answer like the one written note by note.
    const std::string by_path = "SELECT rowid, title, body FROM notes_fts ORDER BY rowid";
    EXPECT_EQ(rows(db(), by_path), rows(in_place, by_path));
    for (const char* match : {"checkpoint", "sql*", "\"connection pool\"", "wal NEAR checkpoint", "title:sqlite",
                              "caf\xC3\xA9", "orm OR pandas"}) {
        const std::string sql = std::string("SELECT rowid, round(rank, 6) FROM notes_fts WHERE notes_fts MATCH '") +
                                match + "' ORDER BY rank, rowid";
        EXPECT_EQ(rows(db(), sql), rows(in_place, sql)) << match;
    }
    EXPECT_NE(rows(db(), "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'checkpoint'"), "0");
    for (const fs::path& file : {db(), in_place}) {
        SQLite::Database d(file.string(), SQLite::OPEN_READWRITE);
        EXPECT_NO_THROW(d.exec("INSERT INTO notes_fts(notes_fts) VALUES ('integrity-check')")) << file;
    }
}

TEST_F(IndexSeeds, TouchingAFileWithoutChangingItParsesNothing) {
    ASSERT_EQ(index().status, 0);
    set_mtime(vault / "index-tuning.md", 1'900'000'000);
    const auto r = index({"--json"});
    EXPECT_EQ(json_get(r.out, "$.parsed"), "0");
    EXPECT_EQ(json_get(r.out, "$.changed"), "0");
    EXPECT_EQ(q("SELECT mtime_ns FROM notes WHERE path = 'index-tuning.md'"), "1900000000000000000");
}

TEST_F(IndexSeeds, EditingOneNoteChangesOne) {
    ASSERT_EQ(index().status, 0);
    write_text(vault / "index-tuning.md", read_text(vault / "index-tuning.md") + "\nNew line with #freshtag\n");
    const auto r = index({"--json"});
    EXPECT_EQ(json_get(r.out, "$.changed"), "1");
    EXPECT_EQ(json_get(r.out, "$.parsed"), "1");
    EXPECT_EQ(json_get(r.out, "$.unchanged"), std::to_string(k_seed_notes - 1));
    EXPECT_EQ(q("SELECT n.path FROM tags t JOIN notes n ON n.id = t.note_id WHERE t.tag = 'freshtag'"), "index-tuning.md");
}

TEST_F(IndexSeeds, DeletingANoteRemovesItsRowsAndBreaksItsBacklinks) {
    ASSERT_EQ(index().status, 0);
    const std::string target = "2026-02-24-stop-using-any-the-wrong-way-in-rails";
    const std::string id = q("SELECT id FROM notes WHERE slug = '" + target + "'");
    const std::string backlinks = q("SELECT count(*) FROM links WHERE target_id = " + id);
    ASSERT_NE(backlinks, "0");
    fs::remove(vault / (target + ".md"));
    const auto r = index({"--json"});
    EXPECT_EQ(json_get(r.out, "$.removed"), "1");
    for (const char* table : {"tags", "links", "fields", "headings", "warnings"}) {
        EXPECT_EQ(q(std::string("SELECT count(*) FROM ") + table + " WHERE note_id = " + id), "0") << table;
    }
    EXPECT_EQ(q("SELECT count(*) FROM notes_fts WHERE rowid = " + id), "0");
    EXPECT_EQ(q("SELECT count(*) FROM links WHERE target = '" + target + "' AND status = 'broken'"), backlinks);
}

TEST_F(IndexSeeds, AddingANoteNamedLikeABrokenLinkResolvesIt) {
    ASSERT_EQ(index().status, 0);
    EXPECT_EQ(q("SELECT status FROM links WHERE target = 'a-note-that-does-not-exist'"), "broken");
    write_text(vault / "a-note-that-does-not-exist.md", "# Now it exists\n");
    const auto r = index({"--json"});
    EXPECT_EQ(json_get(r.out, "$.added"), "1");
    EXPECT_EQ(q("SELECT l.status || ' ' || t.path FROM links l JOIN notes t ON t.id = l.target_id "
                "WHERE l.target = 'a-note-that-does-not-exist'"),
              "resolved a-note-that-does-not-exist.md");
}

TEST_F(IndexSeeds, RenamingATitleReResolvesTitleLinks) {
    ASSERT_EQ(index().status, 0);
    const fs::path file = vault / "index-tuning.md";
    std::string text = read_text(file);
    const auto pos = text.find("Index tuning checklist");
    ASSERT_NE(pos, std::string::npos);
    text.replace(pos, 22, "Index tuning guide");
    write_text(file, text);
    ASSERT_EQ(index().status, 0);
    EXPECT_EQ(q("SELECT status FROM links WHERE target = 'index tuning checklist'"), "broken");
}

TEST_F(IndexSeeds, FullReparsesEverythingAndChangesNothing) {
    ASSERT_EQ(index().status, 0);
    const std::string columns = "SELECT note_id, line, kind, target, anchor, label, target_id, status, "
                                "resolved_by, anchor_ok FROM links ORDER BY note_id, line, kind, target";
    const auto before = q(columns);
    const auto r = index({"--full", "--json"});
    EXPECT_EQ(json_get(r.out, "$.parsed"), std::to_string(k_seed_notes));
    EXPECT_EQ(json_get(r.out, "$.changed"), "0");
    EXPECT_EQ(q(columns), before);
}

TEST_F(IndexSeeds, RebuildLeavesAnIdenticalIndex) {
    ASSERT_EQ(index().status, 0);
    const std::vector<std::string> tables{"notes", "tags", "tag_nodes", "aliases", "fields", "links", "headings", "block_ids", "warnings"};
    std::vector<std::string> before;
    for (const auto& t : tables) before.push_back(table_dump(db(), t));
    const auto fts_before = q("SELECT rowid, title, body FROM notes_fts ORDER BY rowid");
    const auto r = index({"--rebuild"});
    ASSERT_EQ(r.status, 0) << r.err;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        EXPECT_EQ(table_dump(db(), tables[i]), before[i]) << tables[i];
    }
    EXPECT_EQ(q("SELECT rowid, title, body FROM notes_fts ORDER BY rowid"), fts_before);
    EXPECT_EQ(q("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(q("PRAGMA integrity_check"), "ok");
    // No temporary file is left behind beside the index (SQLite's own -wal
    // and -shm files of the live index are expected).
    for (const auto& e : fs::directory_iterator(vault / ".notes")) {
        const auto name = e.path().filename().string();
        EXPECT_TRUE(name == "index.db" || name == "index.db-wal" || name == "index.db-shm" ||
                    name == "index.db.lock")
            << name;
    }
}

TEST_F(IndexSeeds, SecondIndexerWhileLockedExits75) {
    ASSERT_EQ(index().status, 0);
    const int fd = ::open((vault / ".notes" / "index.db.lock").c_str(), O_RDWR);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const auto r = index({"--wait", "0.2"});
    ::close(fd);
    EXPECT_EQ(r.status, 75);
    EXPECT_THAT(r.err, HasSubstr("notes: error: another `notes index` is running"));
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(index().status, 0);
}

TEST_F(IndexSeeds, StrictExitsThreeOnWarnings) {
    EXPECT_EQ(index({"--strict"}).status, 3);
}

TEST_F(IndexSeeds, QuietPrintsNoSummary) {
    const auto r = index({"-q"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "");
}

TEST_F(IndexSeeds, OtherSchemaVersionIsRebuiltWithANotice) {
    ASSERT_EQ(index().status, 0);
    {
        SQLite::Database d(db().string(), SQLite::OPEN_READWRITE);
        d.exec("PRAGMA user_version = 999");
    }
    const auto r = index({"--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr("notes: index schema version 999 differs from 8; rebuilding the index"));
    EXPECT_EQ(json_get(r.out, "$.added"), std::to_string(k_seed_notes));
    EXPECT_EQ(q("PRAGMA user_version"), "8");
}

// `-v` times the phases (a fresh build's `indexes` apart from `resolve`);
// `-vv` shows the malloc tunables the run ended up with: where the kernel
// gives huge pages on request, `notes index` ran itself again with
// glibc.malloc.hugetlb=1 added to what the environment said, unless the
// environment named that tunable already.
TEST_F(IndexSeeds, VerboseRunsShowThePhasesAndTheMallocTunables) {
    std::string kernel;
    std::getline(std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled"), kernel);
    const bool on_request = kernel.find("[madvise]") != std::string::npos;
    auto r = run_notes({"--vault", vault.string(), "-vv", "index"}, tmp.path(),
                       {"GLIBC_TUNABLES=glibc.malloc.tcache_count=7"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr(on_request
                                     ? "notes: GLIBC_TUNABLES=glibc.malloc.tcache_count=7:glibc.malloc.hugetlb=1\n"
                                     : "notes: GLIBC_TUNABLES=glibc.malloc.tcache_count=7\n"));
    EXPECT_THAT(r.err, HasSubstr("notes: phases: walk "));
    EXPECT_THAT(r.err, HasSubstr(" s; resolve "));
    EXPECT_THAT(r.err, HasSubstr(" s; indexes "));
    EXPECT_THAT(r.err, HasSubstr(" s; full text "));
    // Printed once: the second process prints, the first did not.
    const auto err_lines = lines_of(r.err);
    EXPECT_EQ(std::count_if(err_lines.begin(), err_lines.end(),
                            [](const std::string& l) { return l.rfind("notes: vault ", 0) == 0; }),
              1);

    r = run_notes({"--vault", vault.string(), "-vv", "index"}, tmp.path(), {"GLIBC_TUNABLES=glibc.malloc.hugetlb=0"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr("notes: GLIBC_TUNABLES=glibc.malloc.hugetlb=0\n"));
    EXPECT_THAT(r.err, HasSubstr("notes: phases: walk "));
    EXPECT_THAT(r.err, Not(HasSubstr(" s; indexes ")));  // an incremental run
}

TEST_F(IndexSeeds, NeverWritesIntoTheVaultOutsideDotNotes) {
    ASSERT_EQ(index().status, 0);
    ASSERT_EQ(index({"--rebuild"}).status, 0);
    std::vector<std::string> extra;
    for (auto it = fs::recursive_directory_iterator(vault); it != fs::recursive_directory_iterator(); ++it) {
        const auto rel = fs::relative(it->path(), vault).string();
        if (rel.rfind(".notes", 0) == 0) continue;
        if (!fs::exists(seeds_dir() / rel)) extra.push_back(rel);
    }
    EXPECT_TRUE(extra.empty()) << extra.front();
}

TEST_F(IndexSeeds, DbFlagAndEnvironment) {
    const fs::path elsewhere = tmp.path() / "elsewhere.db";
    auto r = run_notes({"--vault", vault.string(), "--db", elsewhere.string(), "index", "-q"}, tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::exists(elsewhere));
    EXPECT_FALSE(fs::exists(vault / ".notes"));
    r = run_notes({"index", "-q"}, vault, {"NOTES_DB=" + (tmp.path() / "env.db").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::exists(tmp.path() / "env.db"));
}

TEST_F(IndexSeeds, VaultFoundFromASubdirectory) {
    ASSERT_EQ(index().status, 0);
    const auto r = run_notes({"index", "--json"}, vault / "projects" / "drafts");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_get(r.out, "$.seen"), std::to_string(k_seed_notes));
    EXPECT_EQ(json_get(r.out, "$.parsed"), "0");
}

TEST(IndexErrors, MissingVaultIsARuntimeError) {
    TempDir tmp;
    const auto r = run_notes({"--vault", (tmp.path() / "nope").string(), "index"}, tmp.path());
    EXPECT_EQ(r.status, 4);
    EXPECT_EQ(r.err, "notes: error: cannot index " + (tmp.path() / "nope").string() +
                         ": the folder does not exist (given by --vault)\n");
    EXPECT_FALSE(fs::exists(tmp.path() / "nope"));
}

TEST(IndexErrors, UnknownFlagIsAUsageError) {
    TempDir tmp;
    const auto r = run_notes({"index", "--bogus"}, tmp.path());
    EXPECT_EQ(r.status, 2);
}

TEST_F(IndexSeeds, ConfigIgnoreGlobsAndUnknownKeys) {
    fs::create_directories(vault / ".notes");
    write_text(vault / ".notes" / "config.yaml", "ignore:\n  - projects/\n  - \"*.markdown\"\ncolour: blue\n");
    const auto r = index({"--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_get(r.out, "$.seen"), std::to_string(k_seed_notes - 4));
    EXPECT_EQ(q("SELECT count(*) FROM notes WHERE path LIKE 'projects/%' OR path LIKE '%.markdown'"), "0");
    EXPECT_THAT(r.err, HasSubstr(".notes/config.yaml:4:1: unknown key 'colour'; ignored"));
}

TEST_F(IndexSeeds, OneThreadGivesTheSameIndexAsMany) {
    ASSERT_EQ(index({"--threads", "4"}).status, 0);
    const auto many = table_dump(db(), "links") + table_dump(db(), "tags") + table_dump(db(), "notes");
    ASSERT_EQ(index({"--rebuild", "--threads", "1"}).status, 0);
    EXPECT_EQ(table_dump(db(), "links") + table_dump(db(), "tags") + table_dump(db(), "notes"), many);
}

TEST_F(IndexSeeds, EditsUpdatedInPlaceGiveTheRowsOfAFreshBuild) {
    // A changed note keeps the rows an edit did not touch (updating their
    // lines) and rewrites the rest: after each kind of edit the index must
    // hold exactly what a fresh build of the same files holds.
    ASSERT_EQ(index().status, 0);
    const fs::path wal = vault / "2026-03-01-sqlite-wal-mode-and-checkpoints.md";
    const fs::path seed = vault / k_seed_note;
    auto edit = [](const fs::path& file, const std::string& from, const std::string& to) {
        std::string text = read_text(file);
        const auto pos = text.find(from);
        ASSERT_NE(pos, std::string::npos) << from;
        text.replace(pos, from.size(), to);
        write_text(file, text);
    };
    const std::vector<std::pair<std::string, std::function<void()>>> edits{
        {"a paragraph appended", [&] { write_text(wal, read_text(wal) + "\nAppended words about checkpoints.\n"); }},
        {"lines inserted above every link and heading",
         [&] { edit(wal, "#db/sqlite #lang/python\n", "#db/sqlite #lang/python\n\nOne.\n\nTwo.\n"); }},
        {"a tag respelled, another added, the title changed",
         [&] { edit(wal, "- sqlite\n- database\n", "- SQLite\n- database\n- wal\n"); edit(wal, "title: SQLite WAL mode", "title: SQLite's WAL mode"); }},
        {"a link retargeted", [&] { edit(wal, "see [[#Checkpoints]] for why", "see [[2026-03-02-reading-explain-query-plan-output]] for why"); }},
        {"front matter only: the status and the date",
         [&] { edit(wal, "status: read", "status: done"); edit(wal, "date: 2026-03-01T09:30:00", "date: 2026-03-02"); }},
        {"a heading removed, a block id added",
         [&] { edit(wal, "### Checkpoint starvation\n", "Checkpoint starvation. ^starved\n"); }},
        {"front matter broken", [&] { edit(wal, "domain: SQLite\n", "domain: [SQLite\n"); }},
        {"front matter repaired, a tag written twice",
         [&] { edit(wal, "domain: [SQLite\n", "domain: SQLite\n"); write_text(wal, read_text(wal) + "\n#wal and #WAL again\n"); }},
        {"every link of a note dropped", [&] { std::string t = read_text(seed);
             t.erase(std::remove(t.begin(), t.end(), '['), t.end()); write_text(seed, t); }},
    };
    const fs::path fresh = tmp.path() / "fresh.db";
    for (const auto& [name, apply] : edits) {
        SCOPED_TRACE(name);
        apply();
        const auto in_place = index({"--json", "--warnings", "all"});
        ASSERT_EQ(in_place.status, 0) << in_place.err;
        EXPECT_EQ(json_get(in_place.out, "$.changed"), "1");
        fs::remove(fresh);
        const auto rebuilt = run_notes(
            {"--vault", vault.string(), "--db", fresh.string(), "index", "--warnings", "all"}, tmp.path());
        ASSERT_EQ(rebuilt.status, 0) << rebuilt.err;
        EXPECT_EQ(in_place.err, rebuilt.err);
        EXPECT_EQ(index_by_path(db()), index_by_path(fresh));
        // Each note counts its own rows of links and tags.
        EXPECT_EQ(q("SELECT coalesce(group_concat(path), '') FROM notes n WHERE "
                    "link_count <> (SELECT count(*) FROM links WHERE note_id = n.id) OR "
                    "tag_count <> (SELECT count(*) FROM tags WHERE note_id = n.id)"),
                  "");
        SQLite::Database d(db().string(), SQLite::OPEN_READWRITE);
        EXPECT_NO_THROW(d.exec("INSERT INTO notes_fts(notes_fts) VALUES ('integrity-check')"));
        EXPECT_EQ(d.execAndGet("PRAGMA integrity_check").getString(), "ok");
    }
}

TEST(IndexWarnings, ASlugSharedByManyNotesIsOneLineWithACount) {
    TempDir tmp;
    const fs::path vault = tmp.path() / "vault";
    for (const char* dir : {"a", "b", "c", "d", "e", "f"}) {
        fs::create_directories(vault / dir);
        write_text(vault / dir / "index.md", std::string("# Index of ") + dir + "\n");
    }
    const auto r = run_notes({"--vault", vault.string(), "index"}, tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err,
              "a/index.md: slug 'index' is also used by 5 other notes (b/index.md, c/index.md, "
              "d/index.md, …; `notes report --section duplicates --limit 0` lists them); links by "
              "slug pick the note in the linking note's folder, else the shortest path\n");
    const auto report = run_notes({"--vault", vault.string(), "report", "--section", "duplicates",
                                   "--limit", "0", "--format", "json"},
                                  tmp.path());
    ASSERT_EQ(report.status, 0) << report.err;
    EXPECT_EQ(json_sql(report.out, "json_array_length(?, '$.duplicates.slugs[0].notes')"), "6");
}

namespace {

/// A vault with 40 warnings of five kinds: 25 broken links (n00…n24.md),
/// 12 invalid front matters (bad00…bad11.md), an empty file, a shared slug
/// and an unknown key in the configuration.
fs::path noisy_vault(const fs::path& vault) {
    fs::create_directories(vault / "a");
    fs::create_directories(vault / "b");
    fs::create_directories(vault / ".notes");
    for (int i = 0; i < 25; ++i) {
        const std::string n = (i < 10 ? "0" : "") + std::to_string(i);
        write_text(vault / ("n" + n + ".md"), "# Note " + n + "\n\nSee [[missing-" + n + "]].\n");
    }
    for (int i = 0; i < 12; ++i) {
        const std::string n = (i < 10 ? "0" : "") + std::to_string(i);
        write_text(vault / ("bad" + n + ".md"), "---\ntitle: [unclosed\n---\nbody\n");
    }
    write_text(vault / "empty.md", "");
    write_text(vault / "a" / "same.md", "# A\n");
    write_text(vault / "b" / "same.md", "# B\n");
    write_text(vault / ".notes" / "config.yaml", "colour: red\n");
    return vault;
}

std::string bad_yaml_lines(int from, int to) {
    std::string out;
    for (int i = from; i < to; ++i) {
        out += "  bad0" + std::to_string(i) + ".md:3:1: invalid YAML front matter: end of sequence flow not found\n";
    }
    return out;
}

std::string broken_link_lines(int from, int to) {
    std::string out;
    for (int i = from; i < to; ++i) {
        const std::string n = (i < 10 ? "0" : "") + std::to_string(i);
        out += "  n" + n + ".md:3: broken link to 'missing-" + n + "'\n";
    }
    return out;
}

}  // namespace

TEST(IndexWarnings, ASummaryByKindWithTheFirstTenAndTheCommandThatListsTheRest) {
    TempDir tmp;
    const fs::path vault = noisy_vault(tmp.path() / "vault");
    const auto r = run_notes({"--vault", vault.string(), "index"}, tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err,
              "problems in .notes/config.yaml: 1\n"
              "  .notes/config.yaml:1:1: unknown key 'colour'; ignored\n"
              "invalid YAML front matter: 12\n" +
                  bad_yaml_lines(0, 10) +
                  "  … and 2 more: `notes report --section front-matter --limit 0` lists them\n"
                  "empty files: 1\n"
                  "  empty.md: empty file\n"
                  "broken links: 25\n" +
                  broken_link_lines(0, 10) +
                  "  … and 15 more: `notes report --section broken-links --limit 0` lists them\n"
                  "shared slugs: 1\n"
                  "  a/same.md: slug 'same' is also used by b/same.md; links by slug pick the note in the "
                  "linking note's folder, else the shortest path\n"
                  "notes: 23 of 40 warnings shown; `notes index --warnings all` prints every one\n");
    EXPECT_THAT(r.out, ::testing::MatchesRegex("40 notes: 40 added, 0 changed, 0 removed, 0 unchanged; "
                                               "40 warnings; [0-9.]+ s\n"));
    // The same from cron (no terminal) as on a terminal; colour only there.
    const auto terminal = run_notes_on_terminal({"--vault", vault.string(), "index", "--color", "never"}, tmp.path());
    EXPECT_EQ(terminal.err, r.err);
}

TEST(IndexWarnings, EachSuggestedCommandListsEveryWarningOfItsKind) {
    TempDir tmp;
    const fs::path vault = noisy_vault(tmp.path() / "vault");
    const auto all = run_notes({"--vault", vault.string(), "index", "--json", "--warnings", "none"}, tmp.path());
    ASSERT_EQ(all.status, 0) << all.err;
    EXPECT_EQ(all.err, "");
    auto listed = [&](const std::string& command) {
        // "notes report --section x --limit 0", run on this vault.
        std::vector<std::string> args{"--vault", vault.string()};
        std::string word;
        for (const char c : command.substr(6) + " ") {
            if (c == ' ') {
                if (!word.empty()) args.push_back(word);
                word.clear();
            } else {
                word.push_back(c);
            }
        }
        const auto r = run_notes(args, tmp.path());
        EXPECT_EQ(r.status, 0) << command << ": " << r.err;
        return r.out + r.err;
    };
    const auto summary = run_notes({"--vault", vault.string(), "index"}, tmp.path()).err;
    const std::string front_matter = "notes report --section front-matter --limit 0";
    const std::string broken = "notes report --section broken-links --limit 0";
    ASSERT_THAT(summary, HasSubstr("`" + front_matter + "` lists them"));
    ASSERT_THAT(summary, HasSubstr("`" + broken + "` lists them"));
    const std::string yaml = listed(front_matter);
    for (int i = 0; i < 12; ++i) {
        const std::string n = (i < 10 ? "0" : "") + std::to_string(i);
        EXPECT_THAT(yaml, HasSubstr("bad" + n + ".md:3:1: invalid YAML front matter: end of sequence flow not found"));
    }
    EXPECT_THAT(yaml, HasSubstr("empty.md: empty file"));
    const std::string links = listed(broken);
    for (int i = 0; i < 25; ++i) {
        const std::string n = (i < 10 ? "0" : "") + std::to_string(i);
        EXPECT_THAT(links, HasSubstr("missing-" + n + "  1 link from 1 note\n      n" + n + ".md\n"));
    }
    EXPECT_THAT(listed("notes report --section duplicates --limit 0"), HasSubstr("a/same.md"));
    EXPECT_THAT(listed("notes config"), HasSubstr(".notes/config.yaml:1:1: unknown key 'colour'; ignored"));
    // And --warnings all is the old full list, one per line in path order.
    const auto every = run_notes({"--vault", vault.string(), "index", "--warnings", "all"}, tmp.path());
    const auto lines = lines_of(every.err);
    ASSERT_EQ(lines.size(), 40u);
    EXPECT_EQ(lines.front(), ".notes/config.yaml:1:1: unknown key 'colour'; ignored");
    EXPECT_EQ(lines[1], "a/same.md: slug 'same' is also used by b/same.md; links by slug pick the note in the "
                        "linking note's folder, else the shortest path");
    EXPECT_EQ(lines.back(), "n24.md:3: broken link to 'missing-24'");
}

TEST(IndexWarnings, NewWarningsSinceTheLastRunComeFirst) {
    TempDir tmp;
    const fs::path vault = noisy_vault(tmp.path() / "vault");
    auto index = [&](std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"--vault", vault.string(), "index"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, tmp.path());
    };
    // The first run has nothing to compare with: nothing is called new.
    auto first = index({"--json", "--warnings", "none"});
    EXPECT_EQ(json_get(first.out, "$.new_warnings"), "∅");
    EXPECT_EQ(json_get(first.out, "$.warning_list[0].new"), "∅");
    // Two broken links appear in the last note, one goes from the first.
    write_text(vault / "n24.md", "# Note 24\n\nSee [[missing-24]], [[gone-a]] and [[gone-b]].\n");
    write_text(vault / "n00.md", "# Note 00\n");
    const auto second = index();
    ASSERT_EQ(second.status, 0) << second.err;
    EXPECT_THAT(second.err, HasSubstr("broken links: 26 (2 new)\n"
                                      "  n24.md:3: broken link to 'gone-a'\n"
                                      "  n24.md:3: broken link to 'gone-b'\n" +
                                      broken_link_lines(1, 9) +
                                      "  … and 16 more: `notes report --section broken-links --limit 0` lists them\n"));
    EXPECT_THAT(second.err, HasSubstr("invalid YAML front matter: 12\n"));
    EXPECT_THAT(second.out, HasSubstr("; 41 warnings (2 new); "));
    // Nothing changed since: nothing is new; the line a link moved to does not count.
    write_text(vault / "n24.md", "# Note 24\n\nMoved down.\n\nSee [[missing-24]], [[gone-a]] and [[gone-b]].\n");
    const auto third = index({"--json"});
    EXPECT_EQ(json_get(third.out, "$.new_warnings"), "0");
    EXPECT_EQ(json_get(third.out, "$.warnings"), "41");
    EXPECT_THAT(third.err, HasSubstr("broken links: 26\n" + broken_link_lines(1, 11)));
    // The configuration's warning is remembered too.
    EXPECT_THAT(third.err, HasSubstr("problems in .notes/config.yaml: 1\n"));
    // A rebuild compares with the index it replaces.
    write_text(vault / "n01.md", "# Note 01\n\nSee [[missing-01]] and [[gone-c]].\n");
    const auto rebuilt = index({"--rebuild", "--json"});
    EXPECT_EQ(json_get(rebuilt.out, "$.new_warnings"), "1");
    EXPECT_EQ(json_sql(rebuilt.out,
                       "(SELECT group_concat(json_extract(value, '$.message'), '|') FROM "
                       "json_each(?, '$.warning_list') WHERE json_extract(value, '$.new'))"),
              "broken link to 'gone-c'");
}

TEST(IndexWarnings, AFewWarningsArePrintedAsTheyAre) {
    TempDir tmp;
    const fs::path vault = tmp.path() / "vault";
    fs::create_directories(vault);
    write_text(vault / "a.md", "# A\n\n[[nowhere]] and [[b#No such heading]]\n");
    write_text(vault / "b.md", "# B\n");
    write_text(vault / "c.md", "");
    const auto r = run_notes({"--vault", vault.string(), "index"}, tmp.path());
    EXPECT_EQ(r.err,
              "a.md:3: broken link to 'nowhere'\n"
              "a.md:3: broken anchor '#No such heading' in link to 'b'\n"
              "c.md: empty file\n");
}

TEST(IndexWarnings, NoneAllAndTheConfigKey) {
    TempDir tmp;
    const fs::path vault = noisy_vault(tmp.path() / "vault");
    auto index = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"--vault", vault.string(), "index"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, tmp.path());
    };
    // none: nothing on stderr; the count stays; --strict still exits with 3.
    auto r = index({"--warnings", "none", "--strict"});
    EXPECT_EQ(r.status, 3);
    EXPECT_EQ(r.err, "");
    EXPECT_THAT(r.out, HasSubstr("; 40 warnings; "));
    r = index({"--warnings", "none", "--strict", "-q"});
    EXPECT_EQ(r.status, 3);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "");
    // --json counts them by kind whatever the mode.
    r = index({"--warnings", "none", "--json"});
    EXPECT_EQ(json_sql(r.out, "json_extract(?, '$.warning_kinds')"),
              R"({"configuration":1,"invalid_yaml":12,"empty_file":1,"broken_link":25,"shared_slug":1})");
    EXPECT_EQ(json_get(r.out, "$.warnings"), "40");
    EXPECT_EQ(json_sql(r.out, "json_array_length(?, '$.warning_list')"), "40");
    EXPECT_EQ(json_get(r.out, "$.warning_list[0].kind"), "configuration");
    // The config key chooses; a flag wins; the setting is shown by notes config.
    write_text(vault / ".notes" / "config.yaml", "warnings: none\n");
    r = index({});
    EXPECT_EQ(r.err, "");
    r = index({"--warnings", "all"});
    EXPECT_EQ(lines_of(r.err).size(), 39u);
    r = run_notes({"--vault", vault.string(), "config"}, tmp.path());
    EXPECT_THAT(r.out, ::testing::ContainsRegex("\nwarnings +none +\\.notes/config\\.yaml:1\n"));
    write_text(vault / ".notes" / "config.yaml", "warnings: all\n");
    EXPECT_EQ(lines_of(index({}).err).size(), 39u);
    write_text(vault / ".notes" / "config.yaml", "warnings: some\n");
    r = index({});
    EXPECT_THAT(r.err, ::testing::StartsWith("problems in .notes/config.yaml: 1 (1 new)\n"
                                             "  .notes/config.yaml:1:11: 'warnings' must be one of summary, "
                                             "all, none; using the default\n"));
    // A bad --warnings is a usage error.
    r = index({"--warnings", "few"});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err,
              "notes index: invalid --warnings 'few' (valid: summary, all, none)\n"
              "See `notes index --help`.\n");
}
