// End-to-end: `notes find` on a temporary, indexed copy of seeds/. The
// expected notes come from reading seeds/ (see seeds/README.md); JSON and
// CSV output is parsed here, JSON with SQLite's JSON functions.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>

#include "harness.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using namespace notes::e2e::inspect;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

namespace {

using Paths = std::vector<std::string>;

// Notes of seeds/ by what they are, so that the expectations below read as
// sentences.
const std::string k_data_models =
    "2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy.md";
const std::string k_rails = "2026-02-24-stop-using-any-the-wrong-way-in-rails.md";
const std::string k_orms =
    "2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-learn-sql.md";
const std::string k_seed =
    "2026-02-28-8-python-database-techniques-every-developer-needs-for-scalable-reliable-"
    "applications.md";
const std::string k_wal = "2026-03-01-sqlite-wal-mode-and-checkpoints.md";
const std::string k_eqp = "2026-03-02-reading-explain-query-plan-output.md";
const std::string k_map = "2026-03-03-database-reading-map.md";
const std::string k_pooling = "2026-03-04-connection-pooling-with-psycopg.md";
const std::string k_window = "2026-03-07-window-functions-cheatsheet.markdown";
const std::string k_postgres_vs = "2026-03-08-postgres-vs-sqlite-for-analytics.MD";
const std::string k_sharding = "2026-03-09-sharding-strategies-for-postgres.md";
const std::string k_pgbouncer = "2026-03-10-connection-limits-and-pgbouncer.md";
const std::string k_json = "2026-03-11-sqlite-json-functions.md";
const std::string k_history = "2026-03-12-a-short-history-of-sql-standards.md";
const std::string k_my_note = "My Note.md";
const std::string k_readme = "README.md";
const std::string k_cafe = "café-notes.md";
const std::string k_duckdb = "duckdb-for-local-analytics.md";
const std::string k_tuning = "index-tuning.md";
const std::string k_migrate = "projects/2026-03-05-migrate-reporting-to-sqlite.md";
const std::string k_benchmark = "projects/drafts/2026-03-06-benchmark-plan.md";
const std::string k_project_tuning = "projects/index-tuning.md";
const std::string k_untitled = "untitled.md";

const Paths k_all = {
    k_data_models, k_rails,   k_orms,      k_seed,           k_wal,      k_eqp,
    k_map,         k_pooling, k_window,    k_postgres_vs,    k_sharding, k_pgbouncer,
    k_json,        k_history, k_my_note,   k_readme,         k_cafe,     k_duckdb,
    k_tuning,      k_migrate, k_benchmark, k_project_tuning, k_untitled};

/// The twelve notes tagged sql (front matter or body, any case).
const Paths k_tagged_sql = {k_data_models, k_rails,   k_orms,   k_seed,
                            k_eqp,         k_map,     k_window, k_postgres_vs,
                            k_json,        k_history, k_tuning, k_project_tuning};

Paths without(Paths all, const Paths& removed) {
    all.erase(std::remove_if(all.begin(), all.end(),
                             [&](const std::string& p) {
                                 return std::find(removed.begin(), removed.end(), p) !=
                                        removed.end();
                             }),
              all.end());
    return all;
}

/// RFC 4180 CSV: records of fields, quotes and CRLF handled.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    bool field_started = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field.push_back(c);
            }
        } else if (c == '"') {
            quoted = true;
            field_started = true;
        } else if (c == ',') {
            record.push_back(std::move(field));
            field.clear();
            field_started = true;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            // the '\n' ends the record
        } else if (c == '\n') {
            record.push_back(std::move(field));
            records.push_back(std::move(record));
            record.clear();
            field.clear();
            field_started = false;
        } else {
            field.push_back(c);
            field_started = true;
        }
    }
    if (field_started || !record.empty()) {
        record.push_back(std::move(field));
        records.push_back(std::move(record));
    }
    return records;
}

class FindSeeds : public ::testing::Test {
  protected:
    void SetUp() override {
        vault = copy_vault(seeds_dir(), tmp.path() / "vault");
        const auto r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path());
        ASSERT_EQ(r.status, 0) << r.err;
    }

    RunResult find(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
        args.insert(args.begin(), {"--vault", vault.string(), "find"});
        return run_notes(args, tmp.path(), env);
    }

    /// The paths `find args --format paths` prints, in order; the exit
    /// status must be 0 with output and 1 without.
    Paths found(std::vector<std::string> args) {
        args.insert(args.end(), {"--format", "paths"});
        const auto r = find(args);
        const Paths paths = lines_of(r.out);
        EXPECT_EQ(r.status, paths.empty() ? 1 : 0) << r.err;
        EXPECT_EQ(r.err, "");
        return paths;
    }

    TempDir tmp;
    fs::path vault;
};

}  // namespace

// --- tags ---------------------------------------------------------------

TEST_F(FindSeeds, TagFindsFrontMatterAndBodyTags) {
    EXPECT_THAT(found({"--tag", "sql"}), UnorderedElementsAreArray(k_tagged_sql));
    // `performance` is a body tag of the rails and EQP notes, a front-matter tag of the others.
    EXPECT_THAT(found({"--tag", "performance"}),
                UnorderedElementsAre(k_rails, k_orms, k_wal, k_eqp));
}

TEST_F(FindSeeds, TagIsCaseInsensitiveAndAcceptsAHash) {
    EXPECT_THAT(found({"--tag", "SQL"}), UnorderedElementsAreArray(k_tagged_sql));
    EXPECT_THAT(found({"--tag", "#sql"}), UnorderedElementsAreArray(k_tagged_sql));
    EXPECT_THAT(found({"--tag", "#Sql"}), UnorderedElementsAreArray(k_tagged_sql));
    EXPECT_THAT(found({"--tag", "CAFÉ"}), ElementsAre(k_cafe));
    EXPECT_THAT(found({"--tag", "📚"}), ElementsAre(k_cafe));
}

// With --limit, newest first and only tag filters, find may walk the notes
// by date and probe their tags instead of sorting the tag's notes; the
// whole list of paths (no limit) walks the listing index and tests each
// note against the tags' notes in memory: the same notes in the same order
// every way.
TEST_F(FindSeeds, TagWithALimitIsThePrefixOfTheWholeList) {
    const std::vector<std::vector<std::string>> filters = {
        {"--tag", "sql"},
        {"--tag", "SQL", "--not-tag", "python"},
        {"--tag", "db"},
        {"--any-tag", "--tag", "sqlite", "--tag", "postgres"},
        {"--tag", "sql", "--not-tag", "sqlite", "--not-tag", "postgres"},
        {"--tag", "no-such-tag"},
        {"--tag", "sql", "--tag", "sqlite"},
        {"--not-tag", "sql"},
        {"--tag", "sql", "--since", "2026-03-05"},
        {"--since", "2026-03-01", "--until", "2026-03-09", "--not-tag", "python"},
    };
    for (const auto& filter : filters) {
        const Paths all = found(filter);
        for (const std::size_t limit : {1u, 3u, 5u, 11u, 30u}) {
            std::vector<std::string> args = filter;
            args.insert(args.end(), {"--limit", std::to_string(limit)});
            const Paths expected(all.begin(),
                                 all.begin() + static_cast<std::ptrdiff_t>(std::min(limit, all.size())));
            EXPECT_EQ(found(args), expected) << filter[1] << " --limit " << limit;
        }
    }
    EXPECT_EQ(found({"--tag", "sql"}).size(), k_tagged_sql.size());
}

TEST_F(FindSeeds, TagMatchesNestedTagsButNotPrefixes) {
    EXPECT_THAT(found({"--tag", "db"}), ElementsAre(k_wal));
    EXPECT_THAT(found({"--tag", "DB/SQLite"}), ElementsAre(k_wal));
    EXPECT_THAT(found({"--tag", "lang"}), ElementsAre(k_wal));
    // `sq` is not a parent of `sql`, and `db/sqlite` is not a parent of `db`.
    EXPECT_THAT(found({"--tag", "sq"}), IsEmpty());
    EXPECT_THAT(found({"--tag", "db/sqlite/x"}), IsEmpty());
}

TEST_F(FindSeeds, RepeatedTagsMustAllMatch) {
    EXPECT_THAT(found({"--tag", "sql", "--tag", "sqlite"}),
                UnorderedElementsAre(k_eqp, k_window, k_postgres_vs, k_json, k_project_tuning));
}

TEST_F(FindSeeds, AnyTagMakesRepeatedTagsAlternatives) {
    EXPECT_THAT(found({"--tag", "orm", "--tag", "json", "--any-tag"}),
                UnorderedElementsAre(k_data_models, k_orms, k_json));
    EXPECT_THAT(found({"--any-tag", "--tag", "db", "--tag", "decision"}),
                UnorderedElementsAre(k_wal, k_my_note));
}

TEST_F(FindSeeds, NotTagLeavesNotesOut) {
    EXPECT_THAT(
        found({"--tag", "sql", "--not-tag", "sqlite"}),
        UnorderedElementsAre(k_data_models, k_rails, k_orms, k_seed, k_map, k_history, k_tuning));
    // Nested: leaving out `db` leaves out the note tagged db/sqlite.
    EXPECT_THAT(found({"--not-tag", "#DB"}), UnorderedElementsAreArray(without(k_all, {k_wal})));
    EXPECT_THAT(found({"--not-tag", "sql", "--not-tag", "postgres"}),
                UnorderedElementsAre(k_wal, k_my_note, k_readme, k_cafe, k_duckdb, k_benchmark,
                                     k_untitled));
}

// --- front matter ---------------------------------------------------------

TEST_F(FindSeeds, DomainAndStatusIgnoreCase) {
    EXPECT_THAT(found({"--domain", "sqlite"}), ElementsAre(k_wal));
    EXPECT_THAT(found({"--domain", "PYTHON"}), ElementsAre(k_pooling));
    EXPECT_EQ(found({"--domain", "SQL"}).size(), 14u);
    EXPECT_THAT(found({"--status", "unread"}),
                UnorderedElementsAre(k_rails, k_seed, k_pooling, k_postgres_vs, k_json, k_duckdb));
    EXPECT_THAT(found({"--status", "Evergreen"}), UnorderedElementsAre(k_map, k_window, k_tuning));
}

TEST_F(FindSeeds, FieldMatchesAnyKeyAndAnyListItem) {
    // `authors` is a list: any item matches; keys and values ignore case.
    EXPECT_THAT(found({"--field", "authors=Tom Ruiz"}), ElementsAre(k_migrate));
    EXPECT_THAT(found({"--field", "Authors=maria keller"}), ElementsAre(k_migrate));
    EXPECT_THAT(found({"--field", "aliases=SQLAlchemy data models"}), ElementsAre(k_data_models));
    // Numbers, booleans and nested keys as written in YAML.
    EXPECT_THAT(found({"--field", "rating=4"}), ElementsAre(k_migrate));
    EXPECT_THAT(found({"--field", "reviewed=true"}), ElementsAre(k_migrate));
    EXPECT_THAT(found({"--field", "meta.team=analytics"}), ElementsAre(k_migrate));
    EXPECT_THAT(found({"--field", "relevance=HIGH"}),
                UnorderedElementsAre(k_wal, k_eqp, k_map, k_window, k_migrate));
    EXPECT_THAT(found({"--field", "authors=Nobody"}), IsEmpty());
}

TEST_F(FindSeeds, FieldKeyAlonePicksNotesThatHaveTheKey) {
    EXPECT_THAT(found({"--field", "reviewed"}), ElementsAre(k_migrate));
    EXPECT_THAT(found({"--field", "url"}), ElementsAre(k_duckdb));
    EXPECT_THAT(found({"--field", "source"}),
                UnorderedElementsAre(k_data_models, k_rails, k_orms, k_seed, k_wal, k_eqp,
                                     k_pooling, k_json, k_history));
    EXPECT_THAT(found({"--field", "created"}), ElementsAre(k_eqp));
}

TEST_F(FindSeeds, RepeatedFieldsMustAllMatch) {
    EXPECT_THAT(found({"--field", "relevance=high", "--field", "status=read"}),
                UnorderedElementsAre(k_wal, k_eqp));
}

TEST_F(FindSeeds, FieldWithoutKeyIsAUsageError) {
    const auto r = find({"--field", "=x"});
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("--field"));
}

// --- dates ----------------------------------------------------------------

TEST_F(FindSeeds, SinceAndUntilAreInclusiveDays) {
    EXPECT_THAT(found({"--since", "2026-03-08"}),
                ElementsAre(k_history, k_json, k_pgbouncer, k_sharding, k_postgres_vs));
    // The WAL note is dated 2026-03-01T09:30:00: it is on that day.
    EXPECT_THAT(found({"--until", "2026-03-01"}),
                ElementsAre(k_wal, k_seed, k_orms, k_rails, k_data_models));
    EXPECT_THAT(found({"--since", "2026-03-01", "--until", "2026-03-01"}), ElementsAre(k_wal));
    EXPECT_THAT(found({"--since", "2026-03-06", "--until", "2026-03-06"}),
                UnorderedElementsAre(k_cafe, k_benchmark));
    // Notes without a date never pass a bound.
    EXPECT_EQ(found({"--since", "1900-01-01"}).size(), 17u);
}

TEST_F(FindSeeds, BadDateIsAUsageError) {
    for (const std::string bad : {"yesterday", "2026-13-01", "2026-02-30"}) {
        const auto r = find({"--since", bad});
        EXPECT_EQ(r.status, 2) << bad;
        EXPECT_THAT(r.err, HasSubstr("--since: '" + bad + "' is not a date")) << bad;
        EXPECT_EQ(r.out, "");
    }
    EXPECT_EQ(find({"--until", "soon"}).status, 2);
}

// --- full text ------------------------------------------------------------

TEST_F(FindSeeds, MatchRanksTheNoteAboutTheTopicFirst) {
    const Paths paths = found({"--match", "query plan"});
    ASSERT_FALSE(paths.empty());
    EXPECT_EQ(paths.front(), k_eqp);
    EXPECT_THAT(paths, UnorderedElementsAre(k_eqp, k_tuning, k_json, k_orms, k_cafe, k_map, k_seed,
                                            k_readme));
}

TEST_F(FindSeeds, MatchJsonHasScoresInOrderAndPlainSnippets) {
    const auto r = find({"--match", "query plan", "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_sql(r.out, "json_array_length(?)"), "8");
    EXPECT_EQ(json_get(r.out, "$[0].path"), k_eqp);
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$[0].score')"), "real");
    // Scores go down; every snippet is there, without highlight markers.
    EXPECT_EQ(
        json_sql(r.out,
                 "(SELECT count(*) FROM json_each(?) a JOIN json_each(?1) b ON b.key = a.key + 1 "
                 "WHERE json_extract(b.value, '$.score') > json_extract(a.value, '$.score'))"),
        "0");
    EXPECT_EQ(
        json_sql(r.out,
                 "(SELECT count(*) FROM json_each(?) WHERE json_extract(value, '$.snippet') = '')"),
        "0");
    EXPECT_EQ(json_get(r.out, "$[0].snippet"),
              "…Prefix the statement with EXPLAIN QUERY PLAN, read the tree from the…");
    EXPECT_THAT(r.out, Not(HasSubstr("\x02")));
    EXPECT_THAT(r.out, Not(HasSubstr("\x03")));
}

TEST_F(FindSeeds, MatchSyntax) {
    // Punctuation inside words is text, not FTS5 syntax.
    EXPECT_EQ(found({"--match", "query-plan"}).front(), k_eqp);
    for (const std::string text :
         {"c++", "it's", "don't-panic", "a:b", "x^2", "50%", "[[link]]", "#sql", "{a}"}) {
        const auto r = find({"--match", text});
        EXPECT_NE(r.status, 2) << text << ": " << r.err;
        EXPECT_EQ(r.err, "") << text;
    }
    // Phrases, prefixes, OR, NOT, and title:/body: keep their meaning.
    EXPECT_THAT(found({"--match", "checkpoint*"}), Not(IsEmpty()));
    EXPECT_THAT(found({"--match", "checkpoint"}), Not(IsEmpty()));
    EXPECT_GT(found({"--match", "checkpoint*"}).size(), found({"--match", "checkpoint"}).size());
    EXPECT_THAT(found({"--match", "title:sqlite"}),
                UnorderedElementsAre(k_wal, k_postgres_vs, k_json, k_migrate));
    EXPECT_THAT(found({"--match", "title:\"query plan\""}), ElementsAre(k_eqp));
    Paths either = found({"--match", "pgbouncer"});
    for (const auto& p : found({"--match", "psycopg NOT pgbouncer"})) either.push_back(p);
    EXPECT_THAT(found({"--match", "pgbouncer OR psycopg"}), UnorderedElementsAreArray(either));
    EXPECT_THAT(found({"--match", "(pgbouncer OR psycopg) AND pool*"}), Not(IsEmpty()));
    // NEAR(…, N): "query" and "log" are next to each other only in the ORMs note.
    EXPECT_THAT(found({"--match", "NEAR(query log, 0)"}), ElementsAre(k_orms));
    EXPECT_THAT(found({"--match", "NEAR(query log)"}), Not(IsEmpty()));
    // Outside NEAR a comma is text.
    EXPECT_THAT(found({"--match", "plan, first"}), Not(IsEmpty()));
}

TEST_F(FindSeeds, PathsComeInTheOrderOfTheFullListing) {
    // `--format paths` in the default order walks the index notes_listing;
    // the other formats read the notes. Both give the same notes in the
    // same order: newest first, notes without a date last, ties by path.
    // (The tags: common ones, a rare one, several, and none.)
    const std::vector<std::vector<std::string>> queries{
        {},
        {"--tag", "sql"},
        {"--tag", "postgres"},
        {"--tag", "café"},
        {"--tag", "sql", "--tag", "sqlite"},
        {"--tag", "sqlite", "--any-tag", "--tag", "python"},
        {"--not-tag", "sql"},
        {"--since", "2026-03-01"},
        {"--until", "2026-03-05", "--not-tag", "postgres"},
        {"--tag", "sql", "--limit", "3"},
    };
    std::size_t undated = 0;
    for (const auto& q : queries) {
        std::vector<std::string> json_args = q;
        json_args.insert(json_args.end(), {"--format", "json"});
        const auto full = find(json_args);
        const std::string listed = json_sql(full.out, "(SELECT group_concat(json_extract(value, '$.path'), char(10)) FROM json_each(?))");
        const Paths paths = found(q);
        std::string joined;
        for (const auto& p : paths) joined += (joined.empty() ? "" : "\n") + p;
        EXPECT_EQ(joined, listed);
        if (q.empty()) {
            undated = std::stoul(json_sql(full.out, "(SELECT count(*) FROM json_each(?) WHERE json_extract(value, '$.date') IS NULL)"));
        }
    }
    EXPECT_GT(undated, 0u);  // the seeds have notes without a date, listed last
}

TEST_F(FindSeeds, MalformedQueryIsAUsageErrorWithAPlainMessage) {
    for (const std::string bad :
         {"AND", "\"unbalanced", "plan OR", "(query", "NOT", "NEAR(query plan, x)"}) {
        const auto r = find({"--match", bad});
        EXPECT_EQ(r.status, 2) << bad;
        EXPECT_THAT(r.err, HasSubstr("notes: error: invalid search query '" + bad + "': ")) << bad;
        EXPECT_THAT(r.err, Not(HasSubstr("fts5"))) << bad;
        EXPECT_THAT(r.err, Not(HasSubstr("database"))) << bad;
        EXPECT_EQ(r.out, "");
    }
    EXPECT_EQ(find({"--match", "   "}).status, 2);
}

TEST_F(FindSeeds, MatchCombinesWithFilters) {
    EXPECT_THAT(found({"--match", "query plan", "--tag", "sql"}),
                ElementsAre(k_eqp, k_tuning, k_json, k_orms, k_map, k_seed));
    EXPECT_THAT(
        found({"--match", "query plan", "--tag", "sql", "--not-tag", "sqlite", "--status", "read"}),
        ElementsAre(k_orms));
}

// --- links ----------------------------------------------------------------

TEST_F(FindSeeds, LinksToByPathTitleAliasAndSlug) {
    EXPECT_THAT(found({"--links-to", "projects/index-tuning.md"}),
                UnorderedElementsAre(k_eqp, k_migrate));
    EXPECT_THAT(found({"--links-to", "Index tuning checklist"}),
                UnorderedElementsAre(k_eqp, k_map, k_benchmark, k_project_tuning));
    EXPECT_THAT(
        found({"--links-to", "orm myths"}),
        UnorderedElementsAre(k_data_models, k_rails, k_seed, k_eqp, k_map, k_pooling, k_cafe));
    EXPECT_THAT(found({"--links-to", "2026-03-01-sqlite-wal-mode-and-checkpoints"}),
                UnorderedElementsAre(k_map, k_pooling, k_json, k_my_note, k_migrate));
}

TEST_F(FindSeeds, LinksToLeavesOutSameNoteLinks) {
    // The WAL note links to its own headings ([[#…]]); it does not link to itself.
    EXPECT_THAT(found({"--links-to", k_wal}), Not(::testing::Contains(k_wal)));
}

TEST_F(FindSeeds, LinkedFrom) {
    EXPECT_THAT(found({"--linked-from", "My Note"}),
                UnorderedElementsAre(k_wal, k_duckdb, k_postgres_vs));
    EXPECT_THAT(found({"--linked-from", "database reading map"}),
                UnorderedElementsAre(k_seed, k_data_models, k_orms, k_rails, k_wal, k_eqp, k_json,
                                     k_postgres_vs, k_tuning, k_cafe, k_migrate, k_my_note));
    EXPECT_THAT(found({"--linked-from", "database reading map", "--links-to", k_eqp}),
                UnorderedElementsAre(k_json, k_cafe, k_tuning));
}

TEST_F(FindSeeds, UnknownOrAmbiguousNoteExitsOneAndSaysWhy) {
    auto r = find({"--links-to", "no-such-note-anywhere"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("no note matches 'no-such-note-anywhere'"));
    // Two notes with one slug (and neither at that path): the user must choose.
    fs::create_directories(vault / "a");
    fs::create_directories(vault / "b");
    write_text(vault / "a" / "twin.md", "# Twin A\n[[index-tuning]]\n");
    write_text(vault / "b" / "twin.md", "# Twin B\n");
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path()).status, 0);
    r = find({"--linked-from", "twin"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("ambiguous"));
    EXPECT_THAT(r.err, HasSubstr("a/twin.md"));
    EXPECT_THAT(r.err, HasSubstr("b/twin.md"));
    EXPECT_THAT(found({"--linked-from", "a/twin"}), ElementsAre(k_tuning));
}

TEST_F(FindSeeds, OrphanAndBroken) {
    EXPECT_THAT(found({"--orphan"}), UnorderedElementsAre(k_readme, k_untitled));
    EXPECT_THAT(found({"--broken"}), UnorderedElementsAre(k_seed, k_map, k_sharding));
    EXPECT_THAT(found({"--broken", "--tag", "sql"}), UnorderedElementsAre(k_seed, k_map));
    EXPECT_THAT(found({"--orphan", "--broken"}), IsEmpty());
}

// --- paths ----------------------------------------------------------------

TEST_F(FindSeeds, PathGlobsAreGitignoreStyle) {
    EXPECT_THAT(found({"--path", "projects/**"}),
                UnorderedElementsAre(k_migrate, k_benchmark, k_project_tuning));
    EXPECT_THAT(found({"--path", "projects/"}),
                UnorderedElementsAre(k_migrate, k_benchmark, k_project_tuning));
    // A `/` inside anchors to the root and `*` stays within one folder.
    EXPECT_THAT(found({"--path", "projects/*.md"}),
                UnorderedElementsAre(k_migrate, k_project_tuning));
    // No `/`: the name, in any folder.
    EXPECT_THAT(found({"--path", "drafts"}), ElementsAre(k_benchmark));
    EXPECT_THAT(found({"--path", "index-*"}), UnorderedElementsAre(k_tuning, k_project_tuning));
    EXPECT_THAT(found({"--path", "/index-*"}), ElementsAre(k_tuning));
    // Case-sensitive, like file names: `*.md` leaves out `.MD` and `.markdown`.
    EXPECT_THAT(found({"--path", "*.md"}),
                UnorderedElementsAreArray(without(k_all, {k_window, k_postgres_vs})));
    EXPECT_THAT(found({"--path", "café*"}), ElementsAre(k_cafe));
    EXPECT_THAT(found({"--path", "My Note.md"}), ElementsAre(k_my_note));
}

TEST_F(FindSeeds, PathNegationsAndLastMatchWins) {
    EXPECT_THAT(found({"--path", "projects/", "--path", "!drafts/"}),
                UnorderedElementsAre(k_migrate, k_project_tuning));
    // A list that opens with `!` starts from every note.
    EXPECT_THAT(
        found({"--path", "!projects/"}),
        UnorderedElementsAreArray(without(k_all, {k_migrate, k_benchmark, k_project_tuning})));
    EXPECT_THAT(found({"--path", "nowhere/**"}), IsEmpty());
}

// --- combinations -----------------------------------------------------------

TEST_F(FindSeeds, FiltersCombineWithAnd) {
    EXPECT_THAT(found({"--tag", "sql", "--status", "unread"}),
                ElementsAre(k_json, k_postgres_vs, k_seed, k_rails));
    EXPECT_THAT(found({"--tag", "sql", "--domain", "sql", "--since", "2026-03-01", "--path", "*.md",
                       "--field", "relevance=high"}),
                ElementsAre(k_map, k_eqp));
    EXPECT_THAT(found({"--tag", "python", "--links-to", "ORM myths", "--until", "2026-03-04"}),
                ElementsAre(k_pooling, k_seed, k_data_models));
    EXPECT_THAT(
        found({"--tag", "project", "--path", "projects/", "--status", "in-progress", "--broken"}),
        IsEmpty());
}

// --- sorting and limit ------------------------------------------------------

TEST_F(FindSeeds, DefaultOrderIsNewestFirstThenUndatedByPath) {
    EXPECT_THAT(found({"--tag", "sql"}),
                ElementsAre(k_history, k_json, k_postgres_vs, k_window, k_map, k_eqp, k_seed,
                            k_orms, k_rails, k_data_models, k_tuning, k_project_tuning));
    // --reverse turns the order round; undated notes stay last.
    EXPECT_THAT(found({"--tag", "sql", "--reverse"}),
                ElementsAre(k_data_models, k_rails, k_orms, k_seed, k_eqp, k_map, k_window,
                            k_postgres_vs, k_json, k_history, k_project_tuning, k_tuning));
    EXPECT_EQ(found({"--tag", "sql", "--sort", "date"}), found({"--tag", "sql"}));
}

TEST_F(FindSeeds, SortByTitlePathAndWords) {
    const Paths by_title = found({"--sort", "title"});
    ASSERT_EQ(by_title.size(), 23u);
    // The PgBouncer note's front matter is not terminated, so its `# Connection
    // limits…` heading is not the body's first block: it is titled by its
    // file name, which sorts first.
    EXPECT_THAT(Paths(by_title.begin(), by_title.begin() + 5),
                ElementsAre(k_pgbouncer, k_seed, k_history, k_benchmark, k_cafe));
    EXPECT_EQ(by_title.back(),
              k_untitled);  // "untitled" sorts after "Stop Using…" and "SQLite…", ignoring case

    const Paths by_path = found({"--sort", "path"});
    ASSERT_EQ(by_path.size(), 23u);
    EXPECT_THAT(Paths(by_path.end() - 9, by_path.end()),
                ElementsAre(k_cafe, k_duckdb, k_tuning, k_my_note, k_migrate, k_benchmark,
                            k_project_tuning, k_readme, k_untitled));
    Paths reversed = found({"--sort", "path", "-r"});
    std::reverse(reversed.begin(), reversed.end());
    EXPECT_EQ(reversed, by_path);

    EXPECT_THAT(found({"--sort", "words", "--limit", "3"}),
                ElementsAre(k_readme, k_wal, k_data_models));
    EXPECT_THAT(found({"--sort", "words", "--reverse", "--limit", "2"}),
                ElementsAre(k_untitled, k_duckdb));
}

TEST_F(FindSeeds, SortByModifiedIsNewestFirst) {
    set_mtime(vault / k_history, 1'900'000'300);
    set_mtime(vault / k_cafe, 1'900'000'200);
    set_mtime(vault / k_benchmark, 1'900'000'100);
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path()).status, 0);
    const Paths paths = found({"--sort", "modified", "--limit", "3"});
    EXPECT_THAT(paths, ElementsAre(k_history, k_cafe, k_benchmark));
    const Paths oldest = found({"--sort", "modified", "--reverse"});
    ASSERT_EQ(oldest.size(), 23u);
    EXPECT_EQ(oldest.back(), k_history);
}

TEST_F(FindSeeds, SortByRankNeedsMatch) {
    const auto r = find({"--sort", "rank"});
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("--match"));
    EXPECT_EQ(found({"--match", "query plan", "--sort", "rank"}), found({"--match", "query plan"}));
    Paths worst_first = found({"--match", "query plan", "--reverse"});
    std::reverse(worst_first.begin(), worst_first.end());
    EXPECT_EQ(worst_first, found({"--match", "query plan"}));
    // Another sort key overrides the rank.
    EXPECT_THAT(found({"--match", "query plan", "--tag", "sql", "--sort", "date", "--limit", "2"}),
                ElementsAre(k_json, k_map));
}

TEST_F(FindSeeds, BadSortOrLimitIsAUsageError) {
    EXPECT_EQ(find({"--sort", "size"}).status, 2);
    EXPECT_EQ(find({"--limit", "0"}).status, 2);
    EXPECT_EQ(find({"--limit", "-3"}).status, 2);
    EXPECT_EQ(find({"--limit", "many"}).status, 2);
    EXPECT_EQ(find({"--format", "yaml"}).status, 2);
}

TEST_F(FindSeeds, LimitKeepsTheFirstOnes) {
    EXPECT_THAT(found({"--tag", "sql", "--limit", "3"}),
                ElementsAre(k_history, k_json, k_postgres_vs));
    EXPECT_THAT(found({"--match", "query plan", "-n", "1"}), ElementsAre(k_eqp));
    EXPECT_EQ(found({"--limit", "100"}).size(), 23u);
}

// --- formats --------------------------------------------------------------

TEST_F(FindSeeds, JsonHasTheDocumentedFields) {
    const auto r = find({"--tag", "sql", "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_sql(r.out, "json_valid(?)"), "1");
    EXPECT_EQ(json_sql(r.out, "json_array_length(?)"), "12");
    // Every object has exactly the documented keys, in order.
    EXPECT_EQ(json_sql(r.out, "(SELECT group_concat(key, ',') FROM json_each(?, '$[6]'))"),
              "path,slug,title,date,tags,domain,status");
    EXPECT_EQ(json_sql(r.out,
                       "(SELECT count(DISTINCT (SELECT group_concat(key) FROM json_each(o.value))) "
                       "FROM json_each(?) o)"),
              "1");
    EXPECT_EQ(json_get(r.out, "$[6].path"), k_seed);
    EXPECT_EQ(json_get(r.out, "$[6].slug"), k_seed.substr(0, k_seed.size() - 3));
    EXPECT_EQ(
        json_get(r.out, "$[6].title"),
        "8 Python Database Techniques Every Developer Needs for Scalable, Reliable Applications");
    EXPECT_EQ(json_get(r.out, "$[6].date"), "2026-02-28");
    EXPECT_EQ(
        json_get(r.out, "$[6].tags"),
        R"(["ai","best-practice","library","python","sql","support-analytics","tool","zendesk"])");
    EXPECT_EQ(json_get(r.out, "$[6].domain"), "SQL");
    EXPECT_EQ(json_get(r.out, "$[6].status"), "unread");
    // Missing values are null, not "".
    EXPECT_EQ(json_get(r.out, "$[11].path"), k_project_tuning);
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$[11].date')"), "null");
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$[11].domain')"), "null");
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$[11].tags')"), "array");
    // No score or snippet without --match.
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$[0].score')"), "∅");
}

TEST_F(FindSeeds, JsonlIsOneObjectPerLine) {
    const auto r = find({"--tag", "sql", "--format", "jsonl"});
    ASSERT_EQ(r.status, 0) << r.err;
    const Paths lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 12u);
    Paths paths;
    for (const auto& line : lines) {
        EXPECT_EQ(json_sql(line, "json_type(?)"), "object") << line;
        paths.push_back(json_get(line, "$.path"));
    }
    EXPECT_EQ(paths, found({"--tag", "sql"}));
    EXPECT_EQ(json_get(lines[2], "$.tags"), R"(["analytics","postgres","SQL","sqlite"])");

    const auto ranked = find({"--match", "query plan", "--format", "jsonl", "--limit", "1"});
    EXPECT_EQ(json_get(ranked.out, "$.path"), k_eqp);
    EXPECT_EQ(json_sql(ranked.out, "json_type(?, '$.score')"), "real");
    EXPECT_EQ(json_sql(ranked.out, "json_type(?, '$.snippet')"), "text");
}

TEST_F(FindSeeds, CsvHasAHeaderAndQuotesCommas) {
    const auto r = find({"--tag", "python", "--format", "csv"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto records = parse_csv(r.out);
    ASSERT_EQ(records.size(), 5u);  // header + 4 notes
    EXPECT_THAT(records[0],
                ElementsAre("path", "slug", "title", "date", "tags", "domain", "status"));
    for (const auto& record : records) EXPECT_EQ(record.size(), 7u);
    const auto seed = std::find_if(records.begin(), records.end(),
                                   [](const auto& rec) { return rec[0] == k_seed; });
    ASSERT_NE(seed, records.end());
    EXPECT_EQ(
        (*seed)[2],
        "8 Python Database Techniques Every Developer Needs for Scalable, Reliable Applications");
    EXPECT_EQ((*seed)[4],
              "ai, best-practice, library, python, sql, support-analytics, tool, zendesk");
    // The title with a comma is quoted on the wire.
    EXPECT_THAT(
        r.out,
        HasSubstr(",\"8 Python Database Techniques Every Developer Needs for Scalable, Reliable "
                  "Applications\","));
    EXPECT_THAT(r.out, HasSubstr("\r\n"));

    const auto ranked = parse_csv(find({"--match", "query plan", "--format", "csv"}).out);
    ASSERT_EQ(ranked.size(), 9u);
    EXPECT_THAT(ranked[0], ElementsAre("path", "slug", "title", "date", "tags", "domain", "status",
                                       "score", "snippet"));
    EXPECT_EQ(ranked[1][0], k_eqp);
    EXPECT_EQ(ranked[1][8],
              "…Prefix the statement with EXPLAIN QUERY PLAN, read the tree from the…");
}

TEST_F(FindSeeds, ListIsTabSeparatedAndTheDefaultOffATerminal) {
    const auto r = find({"--tag", "db"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, k_wal + "\t" + k_wal.substr(0, k_wal.size() - 3) +
                         "\tSQLite WAL mode and checkpoints\t2026-03-01T09:30:00\tdatabase, "
                         "db/sqlite, lang/python, "
                         "performance, sqlite\tSQLite\tread\n");
    EXPECT_EQ(find({"--tag", "db", "--format", "list"}).out, r.out);
}

TEST_F(FindSeeds, PathsPrintsOnePathPerLine) {
    const auto r = find({"--path", "projects/", "--sort", "path", "--format", "paths"});
    EXPECT_EQ(r.out, k_migrate + "\n" + k_benchmark + "\n" + k_project_tuning + "\n");
}

// Paths are read without the rest of each note: the same notes in the same
// order as the formats that show everything, for each sort and with --match.
TEST_F(FindSeeds, PathsListTheNotesOtherFormatsList) {
    const std::vector<std::vector<std::string>> queries = {
        {"--tag", "sql"},
        {"--tag", "sql", "--sort", "title", "--reverse"},
        {"--sort", "words", "-n", "4"},
        {"--match", "query plan"},
        {"--match", "checkpoint", "--sort", "date", "-n", "2"},
    };
    for (const auto& query : queries) {
        auto args = query;
        args.insert(args.end(), {"--format", "csv"});
        const auto records = parse_csv(find(args).out);
        ASSERT_GT(records.size(), 1u);
        std::string expected;
        for (std::size_t i = 1; i < records.size(); ++i) expected += records[i].at(0) + "\n";
        args = query;
        args.insert(args.end(), {"--format", "paths"});
        const auto r = find(args);
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, expected) << query.front() << " " << query.at(1);
    }
}

TEST_F(FindSeeds, TableHasAHeaderAndNoSlug) {
    const auto r = find({"--tag", "db", "--format", "table"});
    ASSERT_EQ(r.status, 0) << r.err;
    const Paths lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_THAT(lines[0], ::testing::MatchesRegex("path +title +date +tags +domain +status"));
    EXPECT_THAT(lines[1], ::testing::StartsWith(
                              k_wal + "  SQLite WAL mode and checkpoints  2026-03-01T09:30:00  "));
    const auto ranked =
        lines_of(find({"--match", "query plan", "--format", "table", "-n", "1"}).out);
    EXPECT_THAT(ranked[0],
                ::testing::MatchesRegex("path +title +date +tags +domain +status +score +snippet"));
    // The table rounds the score to 4 significant digits; json keeps them all.
    EXPECT_THAT(ranked[1], HasSubstr("  0.1714  …Prefix"));
}

// --- colour -----------------------------------------------------------------

TEST_F(FindSeeds, ColourOnlyWhenAskedAndNeverWithNoColor) {
    const std::vector<std::string> args{"--tag", "sql", "--format", "table"};
    EXPECT_THAT(find(args).out, Not(HasSubstr("\x1b[")));  // not a terminal
    EXPECT_THAT(find(args, {"NO_COLOR=1"}).out, Not(HasSubstr("\x1b[")));
    const auto never = run_notes({"--vault", vault.string(), "--color", "never", "find", "--match",
                                  "query plan", "--format", "table"},
                                 tmp.path());
    EXPECT_THAT(never.out, Not(HasSubstr("\x1b[")));
    const auto always = run_notes({"--vault", vault.string(), "--color", "always", "find", "--tag",
                                   "sql", "--format", "table"},
                                  tmp.path());
    EXPECT_THAT(always.out, HasSubstr("\x1b["));
    // The machine formats never carry colour.
    for (const std::string format : {"json", "jsonl", "csv", "paths"}) {
        const auto r = run_notes({"--vault", vault.string(), "--color", "always", "find", "--match",
                                  "query plan", "--format", format},
                                 tmp.path());
        EXPECT_THAT(r.out, Not(HasSubstr("\x1b["))) << format;
        EXPECT_THAT(r.out, Not(HasSubstr("\x02"))) << format;
    }
}

TEST_F(FindSeeds, SnippetMatchesAreHighlightedInColour) {
    const auto r = run_notes({"--vault", vault.string(), "--color", "always", "find", "--match",
                              "query plan", "--format", "table", "--limit", "1"},
                             tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    // "EXPLAIN QUERY PLAN": each matched word wrapped in a colour and a reset.
    EXPECT_THAT(r.out, ::testing::ContainsRegex(
                           "EXPLAIN \x1b\\[[0-9;]+mQUERY\x1b\\[0m \x1b\\[[0-9;]+mPLAN\x1b\\[0m"));
    EXPECT_THAT(r.out, Not(HasSubstr("\\x02")));
    // Without colour the markers disappear.
    const auto plain = find({"--match", "query plan", "--format", "table", "--limit", "1"});
    EXPECT_THAT(plain.out, HasSubstr("EXPLAIN QUERY PLAN, read"));
}

// --- exit status --------------------------------------------------------------

TEST_F(FindSeeds, NothingFoundExitsOneWithEmptyOrParseableOutput) {
    const std::vector<std::string> none{"--tag", "no-such-tag"};
    auto with_format = [&](const std::string& format) {
        auto args = none;
        args.insert(args.end(), {"--format", format});
        return find(args);
    };
    for (const std::string format : {"table", "list", "paths", "jsonl"}) {
        const auto r = with_format(format);
        EXPECT_EQ(r.status, 1) << format;
        EXPECT_EQ(r.out, "") << format;
        EXPECT_EQ(r.err, "") << format;
    }
    EXPECT_EQ(with_format("json").out, "[]\n");
    EXPECT_EQ(with_format("json").status, 1);
    EXPECT_EQ(with_format("csv").out, "path,slug,title,date,tags,domain,status\r\n");
    EXPECT_EQ(find({"--match", "zzzyyyxxx"}).status, 1);
}

TEST_F(FindSeeds, EverythingWithoutFilters) {
    const Paths all = found({});
    EXPECT_THAT(all, UnorderedElementsAreArray(k_all));
    EXPECT_EQ(find({}).status, 0);
}

TEST(FindWithoutIndex, SaysToRunIndexFirst) {
    TempDir tmp;
    const fs::path vault = copy_vault(seeds_dir(), tmp.path() / "vault");
    const auto r = run_notes({"--vault", vault.string(), "find", "--tag", "sql"}, tmp.path());
    EXPECT_EQ(r.status, 4);
    EXPECT_THAT(r.err, HasSubstr("notes index"));
    EXPECT_EQ(r.out, "");
}

// On a terminal, without --limit, the table stops after 50 notes and says so
// on stderr; --limit or a pipe gets every note.
TEST(FindOnATerminal, StopsAtFiftyNotesUnlessToldOtherwise) {
    TempDir tmp;
    const fs::path vault = tmp.path() / "vault";
    fs::create_directories(vault);
    Paths newest_first;
    for (int i = 60; i >= 1; --i) {
        char name[16];
        std::snprintf(name, sizeof name, "n%02d.md", i);
        char date[16];
        std::snprintf(date, sizeof date, "2026-%02d-%02d", 1 + (i - 1) / 28, 1 + (i - 1) % 28);
        write_text(vault / name, std::string("---\ndate: ") + date + "\n---\nbody\n");
        newest_first.push_back(name);
    }
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path()).status, 0);
    const std::vector<std::string> env{"COLUMNS=120"};

    auto r = run_notes_on_terminal({"--vault", vault.string(), "--color", "never", "find"},
                                   tmp.path(), env);
    EXPECT_EQ(r.status, 0);
    Paths lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 51u) << r.out;
    EXPECT_THAT(lines[0], ::testing::StartsWith("path "));
    for (std::size_t i = 1; i < lines.size(); ++i) {
        EXPECT_THAT(lines[i], ::testing::StartsWith(newest_first[i - 1] + " ")) << i;
    }
    EXPECT_EQ(r.err,
              "notes: the first 50 notes; more match (--limit N shows N, a pipe gets them "
              "all)\n");

    r = run_notes_on_terminal(
        {"--vault", vault.string(), "--color", "never", "find", "--limit", "55"}, tmp.path(), env);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(lines_of(r.out).size(), 56u);
    EXPECT_EQ(r.err, "");

    // Exactly as many as the cut: nothing more to say.
    r = run_notes_on_terminal(
        {"--vault", vault.string(), "--color", "never", "find", "--path", "!n0*", "--path",
         "!n60.md"},
        tmp.path(), env);
    EXPECT_EQ(lines_of(r.out).size(), 51u);
    EXPECT_EQ(r.err, "");

    r = run_notes({"--vault", vault.string(), "find", "--format", "paths"}, tmp.path());
    EXPECT_EQ(lines_of(r.out), newest_first);
}

// A tag's notes are those carrying it or any tag nested under it, each once
// however many of those it carries; a tag that only starts with the same
// letters (`db0`, `db-old`, `dbx`) is another tag. Both ways of reading a
// tag's notes are asked: the walk of the listing (--format paths) and the
// list of ids (json).
TEST(FindNestedTags, EachNoteOnceWhateverItsNestedTags) {
    TempDir tmp;
    const fs::path vault = tmp.path() / "vault";
    fs::create_directories(vault);
    write_text(
        vault / "a.md",
        "---\ndate: 2026-01-04\ntags: [db, db/sqlite, db/sqlite/wal]\n---\nbody #db/postgres\n");
    write_text(vault / "b.md", "---\ndate: 2026-01-03\ntags: [db/postgres]\n---\nbody\n");
    write_text(vault / "c.md", "---\ndate: 2026-01-02\ntags: [db0, db-old, dbx]\n---\nbody\n");
    write_text(vault / "d.md", "---\ndate: 2026-01-01\ntags: [db/sqlite]\n---\nbody #DB\n");
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path()).status, 0);
    auto paths = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--vault", vault.string(), "find"});
        args.insert(args.end(), {"--format", "paths"});
        return lines_of(run_notes(args, tmp.path()).out);
    };
    auto json_paths = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--vault", vault.string(), "find"});
        args.insert(args.end(), {"--format", "json"});
        const auto r = run_notes(args, tmp.path());
        SQLite::Database db(":memory:");
        SQLite::Statement q(db, "SELECT value ->> 'path' FROM json_each(?)");
        q.bind(1, r.out);
        Paths out;
        while (q.executeStep()) out.push_back(q.getColumn(0).getString());
        return out;
    };
    for (const std::function<Paths(std::vector<std::string>)>& list :
         {std::function<Paths(std::vector<std::string>)>(paths),
          std::function<Paths(std::vector<std::string>)>(json_paths)}) {
        EXPECT_EQ(list({"--tag", "db"}), (Paths{"a.md", "b.md", "d.md"}));
        EXPECT_EQ(list({"--tag", "db/sqlite"}), (Paths{"a.md", "d.md"}));
        EXPECT_EQ(list({"--tag", "db/postgres"}), (Paths{"a.md", "b.md"}));
        EXPECT_EQ(list({"--any-tag", "--tag", "db/sqlite", "--tag", "db/postgres"}),
                  (Paths{"a.md", "b.md", "d.md"}));
        EXPECT_EQ(list({"--tag", "db", "--not-tag", "db/sqlite/wal"}), (Paths{"b.md", "d.md"}));
        EXPECT_EQ(list({"--not-tag", "db"}), (Paths{"c.md"}));
        EXPECT_EQ(list({"--tag", "db0"}), (Paths{"c.md"}));
        EXPECT_EQ(list({"--tag", "db-old"}), (Paths{"c.md"}));
    }
}
