// End-to-end: NOTE arguments (`notes show NOTE`, `--links-to NOTE`, …) on an
// indexed copy of seeds/: a slug, a path (with or without extension), a
// title or an alias, ignoring case; an ambiguous name lists the candidates, a
// miss suggests the closest notes; both exit with status 1.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "harness.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using namespace notes::e2e::inspect;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const std::string k_data_models =
    "2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy.md";
const std::string k_orms =
    "2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-learn-sql.md";
const std::string k_wal = "2026-03-01-sqlite-wal-mode-and-checkpoints.md";
const std::string k_window = "2026-03-07-window-functions-cheatsheet.markdown";
const std::string k_postgres_vs = "2026-03-08-postgres-vs-sqlite-for-analytics.MD";
const std::string k_tuning = "index-tuning.md";
const std::string k_project_tuning = "projects/index-tuning.md";

class NoteArgs : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp = std::make_unique<TempDir>();
        vault = copy_vault(seeds_dir(), tmp->path() / "vault");
        const auto r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp->path());
        ASSERT_EQ(r.status, 0) << r.err;
    }
    static void TearDownTestSuite() { tmp.reset(); }

    /// The path `notes show ARG` resolves to, or "exit N" when it does not.
    static std::string resolved(const std::string& arg) {
        const auto r =
            run_notes({"--vault", vault.string(), "show", arg, "--format", "json"}, tmp->path());
        if (r.status != 0) return "exit " + std::to_string(r.status) + ": " + r.err;
        return json_get(r.out, "$.path");
    }
    static RunResult show(const std::string& arg) {
        return run_notes({"--vault", vault.string(), "show", arg}, tmp->path());
    }

    static inline std::unique_ptr<TempDir> tmp;
    static inline fs::path vault;
};

}  // namespace

TEST_F(NoteArgs, Slug) {
    EXPECT_EQ(resolved("2026-03-01-sqlite-wal-mode-and-checkpoints"), k_wal);
    EXPECT_EQ(resolved("2026-03-07-window-functions-cheatsheet"), k_window);
    EXPECT_EQ(resolved("2026-03-08-postgres-vs-sqlite-for-analytics"), k_postgres_vs);
    EXPECT_EQ(resolved("café-notes"), "café-notes.md");
}

TEST_F(NoteArgs, SlugIgnoresCase) {
    EXPECT_EQ(resolved("2026-03-01-SQLITE-WAL-Mode-and-Checkpoints"), k_wal);
    EXPECT_EQ(resolved("CAFÉ-NOTES"), "café-notes.md");
    EXPECT_EQ(resolved("my note"), "My Note.md");
}

TEST_F(NoteArgs, PathWithAndWithoutExtension) {
    EXPECT_EQ(resolved(k_wal), k_wal);
    EXPECT_EQ(resolved(k_window), k_window);
    EXPECT_EQ(resolved(k_postgres_vs), k_postgres_vs);
    EXPECT_EQ(resolved("projects/index-tuning.md"), k_project_tuning);
    EXPECT_EQ(resolved("projects/index-tuning"), k_project_tuning);
    EXPECT_EQ(resolved("PROJECTS/Index-Tuning.MD"), k_project_tuning);
    EXPECT_EQ(resolved("projects/drafts/2026-03-06-benchmark-plan"),
              "projects/drafts/2026-03-06-benchmark-plan.md");
    EXPECT_EQ(resolved("./index-tuning.md"), k_tuning);
    // With its extension, the root note of a shared slug is not ambiguous.
    EXPECT_EQ(resolved("index-tuning.md"), k_tuning);
}

TEST_F(NoteArgs, TitleIgnoresCase) {
    EXPECT_EQ(resolved("SQLite WAL mode and checkpoints"), k_wal);
    EXPECT_EQ(resolved("sqlite wal MODE and checkpoints"), k_wal);
    EXPECT_EQ(resolved("Index tuning for the reporting migration"), k_project_tuning);
    EXPECT_EQ(resolved("index tuning checklist"), k_tuning);
    // The title as stored: emphasis removed, white space collapsed.
    EXPECT_EQ(resolved("Project:   migrate the reporting database to SQLite"),
              "projects/2026-03-05-migrate-reporting-to-sqlite.md");
    EXPECT_EQ(resolved("8 python database techniques every developer needs for scalable, reliable "
                       "applications"),
              "2026-02-28-8-python-database-techniques-every-developer-needs-for-scalable-reliable-"
              "applications.md");
}

TEST_F(NoteArgs, Alias) {
    EXPECT_EQ(resolved("ORM myths"), k_orms);
    EXPECT_EQ(resolved("orm MYTHS"), k_orms);
    EXPECT_EQ(resolved("ORMs are a lie"), k_orms);
    EXPECT_EQ(resolved("SQLAlchemy data models"), k_data_models);
    EXPECT_EQ(resolved("schema with sqlalchemy"), k_data_models);
}

TEST_F(NoteArgs, SharedSlugIsAmbiguousAndListsBoth) {
    // index-tuning.md and projects/index-tuning.md share the slug: the bare
    // name must not quietly pick the root one.
    const auto r = show("index-tuning");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("'index-tuning' is ambiguous"));
    EXPECT_THAT(r.err, HasSubstr("\n  " + k_tuning + "\n"));
    EXPECT_THAT(r.err, HasSubstr("\n  " + k_project_tuning + "\n"));
    EXPECT_THAT(r.err, HasSubstr("give the path"));
}

TEST_F(NoteArgs, MissSuggestsTheClosestNotes) {
    const auto r = show("sqlite-wal");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("notes: no note matches 'sqlite-wal'\ndid you mean:\n"));
    EXPECT_THAT(r.err, HasSubstr("  " + k_wal + "  (SQLite WAL mode and checkpoints)\n"));
}

TEST_F(NoteArgs, TypoSuggestsByEditDistance) {
    const auto r = show("Index tuning checklst");
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.err, HasSubstr("did you mean:\n  " + k_tuning + "  (Index tuning checklist)\n"));
}

TEST_F(NoteArgs, NearMissesListEveryCloseNoteInOrder) {
    // Edit distance relative to the name's length, closest first: the slug
    // one letter away, then another slug of the same shape.
    auto r = show("2026-03-01-sqlite-wal-mode-and-checkpoint");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              "notes: no note matches '2026-03-01-sqlite-wal-mode-and-checkpoint'\n"
              "did you mean:\n"
              "  2026-03-01-sqlite-wal-mode-and-checkpoints.md  (SQLite WAL mode and checkpoints)\n"
              "  2026-03-11-sqlite-json-functions.md  (SQLite JSON functions for semi-structured "
              "data)\n");
    // Names containing the word: the shorter name first.
    r = show("postgres");
    EXPECT_EQ(r.err,
              "notes: no note matches 'postgres'\n"
              "did you mean:\n"
              "  2026-03-09-sharding-strategies-for-postgres.md  (Sharding strategies for Postgres)\n"
              "  " + k_postgres_vs + "  (Postgres vs SQLite for analytics workloads)\n");
    // A typo in a title.
    r = show("conection pooling with psycopg");
    EXPECT_EQ(r.err,
              "notes: no note matches 'conection pooling with psycopg'\n"
              "did you mean:\n"
              "  2026-03-04-connection-pooling-with-psycopg.md  (Connection pooling with psycopg 3)\n");
}

TEST_F(NoteArgs, MissWithNothingCloseSaysSo) {
    const auto r = show("zzzzqqqq");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "notes: no note matches 'zzzzqqqq'\n");
}

TEST_F(NoteArgs, FindLinksToTakesTheSameNames) {
    // The same resolution behind another command's NOTE argument.
    const auto by_alias = run_notes(
        {"--vault", vault.string(), "find", "--links-to", "ORM myths", "--format", "paths"},
        tmp->path());
    const auto by_path =
        run_notes({"--vault", vault.string(), "find", "--links-to", k_orms, "--format", "paths"},
                  tmp->path());
    ASSERT_EQ(by_alias.status, 0) << by_alias.err;
    EXPECT_EQ(by_alias.out, by_path.out);
    EXPECT_THAT(by_alias.out, HasSubstr(k_data_models + "\n"));

    const auto ambiguous =
        run_notes({"--vault", vault.string(), "find", "--links-to", "index-tuning"}, tmp->path());
    EXPECT_EQ(ambiguous.status, 1);
    EXPECT_THAT(ambiguous.err, HasSubstr("ambiguous"));
}
