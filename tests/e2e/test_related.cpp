// End-to-end: `notes related` on a temporary, indexed copy of seeds/. What
// relates to what comes from reading seeds/ (see seeds/README.md); JSON is
// read with SQLite's JSON functions.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "harness.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using namespace notes::e2e::inspect;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

namespace {

using Lines = std::vector<std::string>;

const std::string k_seed_slug =
    "2026-02-28-8-python-database-techniques-every-developer-needs-for-scalable-reliable-"
    "applications";
const std::string k_seed = k_seed_slug + ".md";
const std::string k_data_models =
    "2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy.md";
const std::string k_rails = "2026-02-24-stop-using-any-the-wrong-way-in-rails.md";
const std::string k_orms =
    "2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-learn-sql.md";
const std::string k_map = "2026-03-03-database-reading-map.md";

class RelatedSeeds : public ::testing::Test {
  protected:
    void SetUp() override {
        vault = copy_vault(seeds_dir(), tmp.path() / "vault");
        ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path()).status, 0);
    }
    RunResult related(std::vector<std::string> args) {
        args.insert(args.begin(), {"--vault", vault.string(), "related"});
        return run_notes(args, tmp.path());
    }

    TempDir tmp;
    fs::path vault;
};

}  // namespace

TEST_F(RelatedSeeds, SeedNoteListsItsRelatedNotesFirst) {
    const auto r = related({k_seed_slug, "--format", "paths"});
    ASSERT_EQ(r.status, 0) << r.err;
    const Lines paths = lines_of(r.out);
    ASSERT_EQ(paths.size(), 10u);
    // Three of its six `related:` entries name notes that exist; they come
    // first. The reading map, which links here, is next.
    EXPECT_THAT(Lines(paths.begin(), paths.begin() + 3),
                UnorderedElementsAre(k_data_models, k_rails, k_orms));
    EXPECT_EQ(paths[3], k_map);
    EXPECT_THAT(paths, Not(Contains(k_seed)));
}

TEST_F(RelatedSeeds, SeedNoteReasons) {
    const auto r = related({k_seed_slug, "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    for (int i = 0; i < 3; ++i) {
        const std::string at = "$[" + std::to_string(i) + "]";
        EXPECT_EQ(json_get(r.out, at + ".rank"), std::to_string(i + 1));
        // Each of the three lists the seed note back, and links both ways.
        EXPECT_EQ(json_get(r.out, at + ".reasons[0]"), "related: both ways (front matter)") << i;
        EXPECT_EQ(json_get(r.out, at + ".reasons[1]"), "links both ways") << i;
    }
    EXPECT_EQ(json_get(r.out, "$[3].path"), k_map);
    EXPECT_EQ(json_get(r.out, "$[3].title"), "Database reading map");
    EXPECT_THAT(json_get(r.out, "$[3].reasons"), HasSubstr("\"links here\""));
    // Data Models shares the seed note's #python, a rare tag here (4 of 23 notes).
    const std::string all = r.out;
    EXPECT_THAT(all, HasSubstr("shares #python (rare) and #sql"));
    EXPECT_THAT(all, HasSubstr("same domain (SQL)"));
    EXPECT_THAT(all, HasSubstr("co-cited by "));
    // Scores are decreasing.
    double last = 1e9;
    for (int i = 0; i < 10; ++i) {
        const double score = std::stod(json_get(r.out, "$[" + std::to_string(i) + "].score"));
        EXPECT_LE(score, last);
        last = score;
    }
}

TEST_F(RelatedSeeds, ListFormatHasEveryColumn) {
    const auto r = related({k_seed_slug, "--limit", "2"});
    ASSERT_EQ(r.status, 0) << r.err;
    const Lines lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_THAT(lines[0], StartsWith("1\t"));
    EXPECT_THAT(lines[0], HasSubstr("\trelated: both ways (front matter); links both ways; "));
    EXPECT_THAT(lines[1], StartsWith("2\t"));
}

TEST_F(RelatedSeeds, CsvAndJsonlAreStable) {
    const auto csv = related({k_seed_slug, "--limit", "3", "--format", "csv"});
    ASSERT_EQ(csv.status, 0) << csv.err;
    EXPECT_THAT(csv.out, StartsWith("rank,score,path,title,reasons\r\n1,"));
    EXPECT_EQ(lines_of(csv.out).size(), 4u);
    const auto jsonl = related({k_seed_slug, "--limit", "3", "--format", "jsonl"});
    const Lines lines = lines_of(jsonl.out);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(json_get(lines[2], "$.rank"), "3");
    EXPECT_NE(json_get(lines[2], "$.reasons[0]"), "∅");
}

TEST_F(RelatedSeeds, TableOnRequest) {
    const auto r = related({"index-tuning.md", "--format", "table", "--limit", "3"});
    ASSERT_EQ(r.status, 0) << r.err;
    const Lines lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_THAT(lines[0], AllOf(StartsWith("rank"), HasSubstr("score"), HasSubstr("path"),
                                HasSubstr("title"), HasSubstr("reasons")));
    EXPECT_THAT(lines[1], HasSubstr("2026-03-02-reading-explain-query-plan-output.md"));
}

TEST_F(RelatedSeeds, ExplainShowsEachSignal) {
    const auto r = related({k_seed_slug, "--limit", "2", "--explain", "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    // Nine signals per note, in a fixed order, each with its raw value,
    // weight and contribution; the contributions add up to the score.
    const char* k_signals[] = {"explicit", "links", "tags", "cocitation", "targets",
                               "domain",   "text",  "walk", "mention"};
    constexpr int k_count = 9;
    for (int note = 0; note < 2; ++note) {
        double sum = 0;
        for (int s = 0; s < k_count; ++s) {
            const std::string at = "$[" + std::to_string(note * k_count + s) + "]";
            EXPECT_EQ(json_get(r.out, at + ".rank"), std::to_string(note + 1));
            EXPECT_EQ(json_get(r.out, at + ".signal"), k_signals[s]);
            const double raw = std::stod(json_get(r.out, at + ".raw"));
            const double weight = std::stod(json_get(r.out, at + ".weight"));
            const double contribution = std::stod(json_get(r.out, at + ".contribution"));
            // Tags, co-citation and shared targets saturate: weight × (1 − e^−raw).
            const bool saturates = s >= 2 && s <= 4;
            EXPECT_NEAR(weight * (saturates ? 1 - std::exp(-raw) : raw), contribution, 1e-3) << at;
            sum += contribution;
        }
        EXPECT_NEAR(sum,
                    std::stod(json_get(r.out, "$[" + std::to_string(note * k_count) + "].score")),
                    2e-3);
    }
    EXPECT_EQ(json_get(r.out, "$[" + std::to_string(2 * k_count) + "]"), "∅");
    EXPECT_EQ(json_get(r.out, "$[0].signal"), "explicit");
    EXPECT_EQ(json_get(r.out, "$[0].raw"), "2");  // both ways
}

TEST_F(RelatedSeeds, ANoteWithNoSignalSaysSo) {
    // No links, tags, domain, and no word that another note has.
    write_text(vault / "zq-lone.md", "Xylophonic quaggaberry.\n");
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path()).status, 0);
    const auto r = related({"zq-lone"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("nothing relates to 'zq-lone'"));
    const auto json = related({"zq-lone", "--format", "json"});
    EXPECT_EQ(json.status, 1);
    EXPECT_EQ(json.out, "[]\n");
}

TEST_F(RelatedSeeds, UnknownNoteIsAMiss) {
    const auto r = related({"no-such-note"});
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.err, HasSubstr("no note matches 'no-such-note'"));
    EXPECT_EQ(r.out, "");
}

TEST_F(RelatedSeeds, UsageErrors) {
    const auto none = related({});
    EXPECT_EQ(none.status, 2);
    EXPECT_THAT(none.err, HasSubstr("give NOTE, --text TEXT or --file FILE (one of them)"));
    EXPECT_EQ(related({k_seed_slug, "--text", "wal"}).status, 2);
    EXPECT_EQ(related({"--text", "wal", "--file", "x.md"}).status, 2);
    EXPECT_EQ(related({k_seed_slug, "--limit", "0"}).status, 2);
    EXPECT_EQ(related({k_seed_slug, "--format", "xml"}).status, 2);
}

TEST_F(RelatedSeeds, WeightsFromTheConfig) {
    write_text(vault / ".notes" / "config.yaml",
               "related:\n  explicit: 0\n  links: 0\n  colour: 1\n");
    const auto r = related({k_seed_slug, "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr(".notes/config.yaml:4:3: unknown related weight 'colour'"));
    EXPECT_THAT(r.out, Not(HasSubstr("(front matter)")));
    EXPECT_THAT(r.out, Not(HasSubstr("links both ways")));
}

TEST_F(RelatedSeeds, VerboseNamesTheSearchedTerms) {
    const auto r =
        run_notes({"--vault", vault.string(), "-v", "related", "index-tuning.md", "--limit", "1"},
                  tmp.path());
    EXPECT_THAT(r.err, HasSubstr("notes: similar text searched for: "));
}

TEST_F(RelatedSeeds, NoIndexIsAnError) {
    fs::remove_all(vault / ".notes");
    const auto r = related({k_seed_slug});
    EXPECT_EQ(r.status, 4);
    EXPECT_THAT(r.err, HasSubstr("run `notes index` first"));
}

// --- drafts: --text and --file ---

const std::string k_wal = "2026-03-01-sqlite-wal-mode-and-checkpoints.md";

TEST_F(RelatedSeeds, TextFindsTheNoteItIsAbout) {
    // Words only the WAL note has in seeds/: checkpoint, starvation.
    const auto r = related({"--text",
                            "Checkpoint starvation: the WAL file keeps growing while a reader "
                            "holds an old snapshot open.",
                            "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_get(r.out, "$[0].path"), k_wal);
    EXPECT_THAT(json_get(r.out, "$[0].reasons[0]"), StartsWith("similar text: starvation"));
}

TEST_F(RelatedSeeds, AFileOutsideTheVaultWithALinkAndATag) {
    write_text(tmp.path() / "draft.md",
               "---\ntags: [sqlite]\n---\n# Pooling and the WAL\nSee [[index-tuning]].\n");
    const auto r = related({"--file", (tmp.path() / "draft.md").string(), "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    // Its link resolves against the vault as the note's would.
    EXPECT_EQ(json_get(r.out, "$[0].path"), "index-tuning.md");
    EXPECT_THAT(json_get(r.out, "$[0].reasons"), HasSubstr("\"linked from here\""));
    EXPECT_THAT(r.out, HasSubstr("shares #sqlite"));
}

TEST_F(RelatedSeeds, AFileOfTheVaultStandsForItsNote) {
    const auto r = related({"--file", (vault / k_wal).string(), "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, Not(HasSubstr("\"" + k_wal + "\"")));
    // Its related: entry, and the reading map that links to it (a backlink
    // of the indexed note).
    EXPECT_EQ(json_get(r.out, "$[0].path"), "2026-03-04-connection-pooling-with-psycopg.md");
    EXPECT_EQ(json_get(r.out, "$[0].reasons[0]"), "related: (front matter)");
    EXPECT_THAT(r.out, HasSubstr("links here"));
}

TEST_F(RelatedSeeds, StandardInputIsADraft) {
    write_text(tmp.path() / "stdin.txt", "Checkpoint starvation in the WAL\n");
    const std::string command = "'" + (notes_binary_dir() / "notes").string() + "' --vault '" +
                                vault.string() + "' related --file - --format paths --limit 1 < '" +
                                (tmp.path() / "stdin.txt").string() + "'";
    const auto r = run_program({"sh", "-c", command}, tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, k_wal + "\n");
}

TEST_F(RelatedSeeds, ADraftWithNothingInCommonSaysSo) {
    const auto r = related({"--text", "Xylophonic quaggaberry."});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("nothing relates to the text"));
    const auto missing = related({"--file", (tmp.path() / "missing.md").string()});
    EXPECT_EQ(missing.status, 4);
    EXPECT_THAT(missing.err, HasSubstr("cannot read"));
    EXPECT_THAT(missing.err, HasSubstr("missing.md': no such file"));
}

// --- the walk and the mentions, on a vault made for them ---

class RelatedShapes : public ::testing::Test {
  protected:
    void SetUp() override {
        vault = tmp.path() / "vault";
        fs::create_directories(vault);
        // A film's note has the keys of the film template, which files every
        // film under the Movies category.
        write_text(vault / "Blade Runner.md",
                   "---\ndirector: Ridley Scott\ncast: Harrison Ford\n---\n");
        write_text(vault / "Movie template.md",
                   "---\ncategories: ['[[Movies]]']\ndirector:\ncast:\n---\n");
        write_text(vault / "Movies.md", "All the films.\n");
        // The weekly review is named, not linked, in the plan.
        write_text(vault / "weekly.md", "---\ntitle: Weekly review\n---\nWhat went well.\n");
        write_text(vault / "plan.md", "On Fridays the weekly review comes first.\n");
        write_text(vault / "other.md", "Unrelated words.\n");
        const auto r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path());
        ASSERT_EQ(r.status, 0) << r.err;
    }
    RunResult related(std::vector<std::string> args) {
        args.insert(args.begin(), {"--vault", vault.string(), "related"});
        return run_notes(args, tmp.path());
    }
    TempDir tmp;
    fs::path vault;
};

TEST_F(RelatedShapes, NotesLikeThisOneLinkToIt) {
    const auto r = related({"Blade Runner", "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_get(r.out, "$[0].path"), "Movies.md");
    EXPECT_EQ(json_get(r.out, "$[0].reasons"), "[\"near in the graph (via Movie template)\"]");
}

TEST_F(RelatedShapes, ANoteNamedInAnotherNotesText) {
    const auto r = related({"weekly", "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_get(r.out, "$[0].path"), "plan.md");
    // Its words too: in a vault of six notes, "weekly" and "review" are rare.
    EXPECT_EQ(json_get(r.out, "$[0].reasons"),
              "[\"similar text: review, weekly\",\"names this note\"]");
}
