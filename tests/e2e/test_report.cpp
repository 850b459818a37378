// End-to-end: `notes report` on a temporary copy of seeds/ (whose problems
// seeds/README.md lists) and of tests/fixtures/encoding/.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using namespace notes::e2e::inspect;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

constexpr const char* k_seed_note =
    "2026-02-28-8-python-database-techniques-every-developer-needs-for-scalable-reliable-"
    "applications.md";

bool json_valid(const std::string& json) {
    SQLite::Database d(":memory:", SQLite::OPEN_READWRITE);
    SQLite::Statement st(d, "SELECT json_valid(?)");
    st.bind(1, json);
    st.executeStep();
    return st.getColumn(0).getInt() == 1;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos;
         pos = haystack.find(needle, pos + 1))
        ++n;
    return n;
}

class ReportSeeds : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_tmp = new TempDir();
        s_vault = copy_vault(seeds_dir(), s_tmp->path() / "vault");
        const auto r = run_notes({"--vault", s_vault.string(), "index"}, s_tmp->path());
        ASSERT_EQ(r.status, 0) << r.err;
        const auto j =
            run_notes({"--vault", s_vault.string(), "report", "--format", "json", "--limit", "0"},
                      s_tmp->path());
        ASSERT_EQ(j.status, 0) << j.err;
        s_json = j.out;
    }
    static void TearDownTestSuite() {
        delete s_tmp;
        s_tmp = nullptr;
    }
    RunResult report(std::vector<std::string> extra) {
        std::vector<std::string> args{"--vault", s_vault.string(), "report"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, s_tmp->path());
    }
    std::string j(const std::string& path) { return json_get(s_json, path); }

    static TempDir* s_tmp;
    static fs::path s_vault;
    static std::string s_json;
};

TempDir* ReportSeeds::s_tmp = nullptr;
fs::path ReportSeeds::s_vault;
std::string ReportSeeds::s_json;

}  // namespace

// --- what is wrong with the sample vault, and nothing else ------------------

TEST_F(ReportSeeds, NeedsAttentionListsExactlyTheSeedsProblems) {
    ASSERT_TRUE(json_valid(s_json));
    // seeds/README.md: broken links and a broken anchor, invalid YAML,
    // unterminated front matter, an unparseable date, an empty note, the
    // mojibake relevance (and heading) of four notes, the shared slug
    // index-tuning; and, as hints, the notes that are unlinked or lack a
    // title, date or tags.
    EXPECT_EQ(
        j("$.attention"),
        "[{\"kind\":\"broken_links\",\"count\":9,\"section\":\"broken-links\",\"problem\":true},"
        "{\"kind\":\"broken_anchors\",\"count\":1,\"section\":\"broken-links\",\"problem\":true},"
        "{\"kind\":\"file_problems\",\"count\":4,\"section\":\"front-matter\",\"problem\":true},"
        "{\"kind\":\"double_encoded\",\"count\":4,\"section\":\"encoding\",\"problem\":true},"
        "{\"kind\":\"shared_slugs\",\"count\":1,\"section\":\"duplicates\",\"problem\":true},"
        "{\"kind\":\"orphans\",\"count\":2,\"section\":\"orphans\",\"problem\":false},"
        "{\"kind\":\"missing_title\",\"count\":3,\"section\":\"front-matter\",\"problem\":false},"
        "{\"kind\":\"missing_date\",\"count\":6,\"section\":\"front-matter\",\"problem\":false},"
        "{\"kind\":\"missing_tags\",\"count\":2,\"section\":\"front-matter\",\"problem\":false}]");
}

TEST_F(ReportSeeds, Overview) {
    EXPECT_EQ(j("$.overview.notes"), "23");
    EXPECT_EQ(j("$.overview.links.total"), "102");
    EXPECT_EQ(j("$.overview.links.resolved"), "80");
    EXPECT_EQ(j("$.overview.links.broken"), "9");
    EXPECT_EQ(j("$.overview.links.external"), "13");
    EXPECT_EQ(j("$.overview.links.attachment"), "0");
    EXPECT_EQ(j("$.overview.broken_anchors"), "1");
    EXPECT_EQ(j("$.overview.tags"), "40");
    EXPECT_EQ(j("$.overview.domains"), "3");   // SQL, SQLite, Python
    EXPECT_EQ(j("$.overview.statuses"), "5");  // read, unread, evergreen, in-progress, draft
    EXPECT_EQ(j("$.overview.first_date"), "2026-02-23");
    EXPECT_EQ(j("$.overview.last_date"), "2026-03-12");
    EXPECT_EQ(j("$.overview.dated_notes"), "17");
    EXPECT_EQ(j("$.overview.titled_notes"), "20");  // all but README, untitled and the unterminated one
    EXPECT_EQ(j("$.overview.tagged_notes"), "21");
    EXPECT_EQ(j("$.front_matter.missing_title.field_used"), "1");
    EXPECT_EQ(j("$.front_matter.missing_date.field_used"), "1");
    EXPECT_EQ(j("$.front_matter.missing_tags.field_used"), "1");
    EXPECT_NE(j("$.overview.index_written"), "∅");
    EXPECT_GT(std::stoll(j("$.overview.words")), 3000);
    // README.md and untitled.md have no link; the reading map has the most.
    EXPECT_EQ(j("$.overview.links_per_note[0].links"), "0");
    EXPECT_EQ(j("$.overview.links_per_note[0].notes"), "2");
    EXPECT_EQ(j("$.overview.links_per_note[#-1].links"), "50+");
}

TEST_F(ReportSeeds, Activity) {
    EXPECT_EQ(j("$.activity.months"),
              "[{\"month\":\"2026-02\",\"notes\":4},{\"month\":\"2026-03\",\"notes\":13}]");
    EXPECT_EQ(j("$.activity.undated"), "6");
}

TEST_F(ReportSeeds, TagsDomainsStatuses) {
    EXPECT_EQ(j("$.tags.distinct"), "40");
    EXPECT_EQ(j("$.tags.notes_without"), "2");  // README.md, untitled.md
    EXPECT_EQ(j("$.tags.top[0].name"), "sql");
    EXPECT_EQ(j("$.tags.top[0].notes"), "12");
    EXPECT_EQ(j("$.tags.top[1].name"), "sqlite");
    EXPECT_EQ(j("$.tags.top[1].notes"), "8");
    EXPECT_EQ(j("$.domains.top[0].name"), "SQL");
    EXPECT_EQ(j("$.domains.top[0].notes"), "14");
    EXPECT_EQ(j("$.domains.notes_without"), "7");
    EXPECT_EQ(j("$.statuses.top"),
              "[{\"name\":\"read\",\"notes\":6},{\"name\":\"unread\",\"notes\":6},{\"name\":"
              "\"evergreen\",\"notes\":3},"
              "{\"name\":\"in-progress\",\"notes\":2},{\"name\":\"draft\",\"notes\":1}]");
}

TEST_F(ReportSeeds, BrokenLinksMostUsedFirst) {
    EXPECT_EQ(j("$.broken_links.links"), "9");
    EXPECT_EQ(j("$.broken_links.targets"), "5");
    // Wanted by two notes: the missing note a user should write first.
    EXPECT_EQ(j("$.broken_links.top[0].target"), "2026-03-20-partitioning-deep-dive");
    EXPECT_EQ(j("$.broken_links.top[0].links"), "2");
    EXPECT_EQ(j("$.broken_links.top[0].notes"), "2");
    EXPECT_EQ(j("$.broken_links.top[0].sources"),
              "[\"2026-03-03-database-reading-map.md\",\"2026-03-09-sharding-strategies-for-"
              "postgres.md\"]");
    // The seed note's three dead `related:` targets, each also in its body.
    for (int i = 1; i <= 3; ++i) {
        const std::string at = "$.broken_links.top[" + std::to_string(i) + "]";
        EXPECT_EQ(j(at + ".links"), "2");
        EXPECT_EQ(j(at + ".sources[0]"), k_seed_note);
    }
    EXPECT_EQ(j("$.broken_links.top[4].target"), "a-note-that-does-not-exist");
    EXPECT_EQ(j("$.broken_links.anchors"), "1");
    EXPECT_EQ(
        j("$.broken_links.anchor_list[0].source"),
        "2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-learn-sql.md");
    EXPECT_EQ(j("$.broken_links.anchor_list[0].line"), "29");
    EXPECT_EQ(j("$.broken_links.anchor_list[0].anchor"), "Lazy loading");
}

TEST_F(ReportSeeds, Orphans) {
    EXPECT_EQ(j("$.orphans.total"), "2");
    EXPECT_EQ(j("$.orphans.notes[0].path"), "README.md");
    EXPECT_EQ(j("$.orphans.notes[1].path"), "untitled.md");
}

TEST_F(ReportSeeds, FrontMatterProblems) {
    EXPECT_EQ(j("$.front_matter.problems_total"), "4");
    EXPECT_EQ(j("$.front_matter.problem_kinds"),
              "{\"invalid_yaml\":1,\"unterminated_front_matter\":1,\"unparseable_date\":1,\"empty_"
              "file\":1}");
    EXPECT_EQ(j("$.front_matter.problems[0].path"),
              "2026-03-09-sharding-strategies-for-postgres.md");
    EXPECT_EQ(j("$.front_matter.problems[0].kind"), "invalid_yaml");
    EXPECT_EQ(j("$.front_matter.problems[0].line"), "2");
    EXPECT_EQ(j("$.front_matter.problems[0].column"), "27");
    EXPECT_THAT(j("$.front_matter.problems[0].message"), StartsWith("invalid YAML front matter"));
    EXPECT_EQ(j("$.front_matter.problems[1].path"),
              "2026-03-10-connection-limits-and-pgbouncer.md");
    EXPECT_EQ(j("$.front_matter.problems[1].kind"), "unterminated_front_matter");
    EXPECT_EQ(j("$.front_matter.problems[2].path"), "duckdb-for-local-analytics.md");
    EXPECT_EQ(j("$.front_matter.problems[2].kind"), "unparseable_date");
    EXPECT_EQ(j("$.front_matter.problems[2].message"), "unparseable date 'next tuesday'");
    EXPECT_EQ(j("$.front_matter.problems[3].path"), "untitled.md");
    EXPECT_EQ(j("$.front_matter.problems[3].kind"), "empty_file");
    // Hints, one definition each (the same notes the overview, activity and
    // tags sections count): README.md and the empty untitled.md have no
    // title, date or tags; duckdb's date did not parse (also a problem
    // above); three more notes have no date anywhere. The PgBouncer note's
    // unterminated front matter is read as its body, whose first block is
    // not its heading: it has no title either.
    EXPECT_EQ(j("$.front_matter.missing_title.paths"),
              "[\"2026-03-10-connection-limits-and-pgbouncer.md\",\"README.md\",\"untitled.md\"]");
    EXPECT_EQ(j("$.front_matter.missing_date.paths"),
              "[\"My Note.md\",\"README.md\",\"duckdb-for-local-analytics.md\",\"index-tuning.md\","
              "\"projects/index-tuning.md\",\"untitled.md\"]");
    EXPECT_EQ(j("$.front_matter.missing_tags.paths"), "[\"README.md\",\"untitled.md\"]");
    EXPECT_EQ(j("$.front_matter.missing_date.total"), j("$.activity.undated"));
    EXPECT_EQ(j("$.front_matter.missing_tags.total"), j("$.tags.notes_without"));
    EXPECT_EQ(j("$.front_matter.unknown_statuses"), "[]");
}

TEST_F(ReportSeeds, DuplicatesAndWhichNoteLinksReach) {
    EXPECT_EQ(j("$.duplicates.slugs_total"), "1");
    EXPECT_EQ(j("$.duplicates.slugs[0].slug"), "index-tuning");
    EXPECT_EQ(j("$.duplicates.slugs[0].notes[0].path"), "index-tuning.md");
    EXPECT_EQ(j("$.duplicates.slugs[0].notes[0].default"), "1");
    EXPECT_EQ(j("$.duplicates.slugs[0].notes[0].links_by_slug"), "6");
    EXPECT_EQ(j("$.duplicates.slugs[0].notes[1].path"), "projects/index-tuning.md");
    EXPECT_EQ(j("$.duplicates.slugs[0].notes[1].default"), "0");
    EXPECT_EQ(j("$.duplicates.slugs[0].notes[1].links_by_slug"), "2");
    EXPECT_EQ(j("$.duplicates.titles_total"), "0");
}

TEST_F(ReportSeeds, EncodingFindsTheMojibakeAndOnlyIt) {
    EXPECT_EQ(j("$.encoding.notes_total"), "4");
    // café-notes.md (Unicode name, "Café" title, 📚 and café tags) is not there.
    EXPECT_THAT(s_json, Not(HasSubstr("\"path\":\"café-notes.md\",\"findings\"")));
    EXPECT_EQ(j("$.encoding.notes[3].path"), k_seed_note);
    EXPECT_EQ(j("$.encoding.notes[3].findings[0].where"), "relevance");
    EXPECT_EQ(j("$.encoding.notes[3].findings[0].text"), "ðŸŸ¡");
    EXPECT_EQ(j("$.encoding.notes[3].findings[0].repaired"), "🟡");
    EXPECT_EQ(j("$.encoding.notes[3].findings[1].where"), "heading");
    EXPECT_EQ(j("$.encoding.notes[3].findings[1].line"), "29");
    EXPECT_EQ(j("$.encoding.notes[3].findings[1].repaired"), "What’s new and why it matters");
    EXPECT_EQ(j("$.encoding.notes[0].findings[0].repaired"), "🟢");
    EXPECT_EQ(j("$.encoding.common[0].text"), "ðŸŸ¡");
    EXPECT_EQ(j("$.encoding.common[0].notes"), "3");
}

TEST_F(ReportSeeds, ReadingQueueOldestFirst) {
    EXPECT_EQ(j("$.reading_queue.status"), "unread");
    EXPECT_EQ(j("$.reading_queue.total"), "6");
    EXPECT_EQ(j("$.reading_queue.notes[0].path"),
              "2026-02-24-stop-using-any-the-wrong-way-in-rails.md");
    EXPECT_EQ(j("$.reading_queue.notes[1].path"), k_seed_note);
    EXPECT_EQ(j("$.reading_queue.notes[5].path"),
              "duckdb-for-local-analytics.md");  // undated: last
    EXPECT_EQ(j("$.reading_queue.notes[5].date"), "∅");
}

// --- flags -------------------------------------------------------------------

TEST_F(ReportSeeds, OneSectionAlone) {
    const auto r = report({"--section", "broken-links", "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_get(r.out, "$.broken_links.links"), "9");
    EXPECT_EQ(json_get(r.out, "$.overview"), "∅");
    EXPECT_EQ(json_get(r.out, "$.tags"), "∅");
    const auto two = report({"--section", "orphans,tags", "--format", "json"});
    EXPECT_EQ(json_get(two.out, "$.orphans.total"), "2");
    EXPECT_EQ(json_get(two.out, "$.tags.distinct"), "40");
    EXPECT_EQ(json_get(two.out, "$.encoding"), "∅");
}

TEST_F(ReportSeeds, LimitCutsListsButNotTotals) {
    const auto r = report({"--limit", "1", "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_get(r.out, "$.tags.top[1]"), "∅");
    EXPECT_EQ(json_get(r.out, "$.broken_links.targets"), "5");
    EXPECT_EQ(json_get(r.out, "$.broken_links.top[1]"), "∅");
    EXPECT_EQ(json_get(r.out, "$.front_matter.missing_date.total"), "6");
    EXPECT_EQ(json_get(r.out, "$.front_matter.missing_date.paths[1]"), "∅");
    EXPECT_EQ(json_get(r.out, "$.limit"), "1");
}

TEST_F(ReportSeeds, UnknownSectionIsAUsageError) {
    const auto r = report({"--section", "nope"});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err,
              "notes report: invalid --section 'nope' (valid: overview, activity, tags, domains, "
              "statuses, broken-links, orphans, front-matter, duplicates, encoding, reading-queue)\n"
              "See `notes report --help`.\n");
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(report({"--format", "pdf"}).status, 2);
}

TEST_F(ReportSeeds, TextFormat) {
    const auto r = report({});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, StartsWith("Vault report · 23 notes"));
    EXPECT_THAT(r.out,
                HasSubstr("Needs attention: 9 broken links, 1 broken anchor, 4 file problems"));
    for (const char* heading :
         {"\nOverview\n", "\nActivity  ", "\nTags  ", "\nDomains  ", "\nStatuses  ",
          "\nBroken links  ", "\nOrphans  ", "\nFront matter and file problems  ",
          "\nDuplicates and ambiguity\n", "\nEncoding  ", "\nReading queue  "}) {
        EXPECT_THAT(r.out, HasSubstr(heading));
    }
    EXPECT_THAT(r.out,
                HasSubstr("2026-03-09-sharding-strategies-for-postgres.md:2:27: invalid YAML"));
    EXPECT_THAT(r.out, HasSubstr("relevance         ðŸŸ¡  →  🟡"));
    EXPECT_THAT(r.out, HasSubstr("\n  Titles          20 set in the notes, 3 from file names\n"));
    EXPECT_THAT(r.out, HasSubstr("Worth a look: 2 orphans, 3 notes without title, 6 notes without date, "
                                 "2 notes without tags\n"));
    EXPECT_THAT(r.out, HasSubstr("█"));          // bar charts
    EXPECT_THAT(r.out, Not(HasSubstr("\033")));  // no colour when not on a terminal
    EXPECT_THAT(
        run_notes({"--vault", s_vault.string(), "--color", "always", "report"}, s_tmp->path()).out,
        HasSubstr("\033[1m"));
}

TEST_F(ReportSeeds, MarkdownDashboardAddsNoLinksOrTagsWhenSaved) {
    const auto r = report({"--format", "markdown"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, StartsWith("# Vault report\n"));
    EXPECT_THAT(r.out, HasSubstr("\n## Broken links\n"));
    EXPECT_THAT(r.out, HasSubstr("| `2026-03-20-partitioning-deep-dive` | 2 |"));
    EXPECT_THAT(r.out, HasSubstr("| `#Lazy loading` |"));

    // A user saves it into (a copy of) the vault: the next index finds the
    // same links and tags as before, plus one note.
    TempDir tmp;
    const fs::path vault = copy_vault(seeds_dir(), tmp.path() / "vault");
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index"}, tmp.path()).status, 0);
    write_text(vault / "dashboard.md", r.out);
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index"}, tmp.path()).status, 0);
    const auto after =
        run_notes({"--vault", vault.string(), "report", "--format", "json"}, tmp.path());
    EXPECT_EQ(json_get(after.out, "$.overview.notes"), "24");
    EXPECT_EQ(json_get(after.out, "$.overview.links.total"), "102");
    EXPECT_EQ(json_get(after.out, "$.overview.tags"), "40");
    EXPECT_EQ(json_get(after.out, "$.tags.notes_without"), "3");
}

TEST_F(ReportSeeds, HtmlIsOneSelfContainedFile) {
    const auto r = report({"--format", "html"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, StartsWith("<!DOCTYPE html>"));
    EXPECT_THAT(r.out, HasSubstr("</html>\n"));
    EXPECT_THAT(r.out, HasSubstr("<meta charset=\"utf-8\">"));
    // Charts: activity per month, top tags, links per note, domains, statuses.
    EXPECT_EQ(count(r.out, "<svg "), 5u);
    EXPECT_EQ(count(r.out, "<svg "), count(r.out, "</svg>"));
    EXPECT_GE(count(r.out, "<table>"), 5u);
    // Nothing is fetched: no script, stylesheet link, image, font or URL.
    for (const char* outside : {"<script", "<link", "<img", "<iframe", "src=", "url(", "@import",
                                "http://", "https://", "@font-face"}) {
        EXPECT_THAT(r.out, Not(HasSubstr(outside))) << outside;
    }
    // Text from the vault is escaped.
    EXPECT_NE(r.out.find("unparseable date &#39;next tuesday&#39;"), std::string::npos);
}

TEST_F(ReportSeeds, OutputFile) {
    const fs::path file = s_tmp->path() / "report.html";
    const auto r = report({"--format", "html", "--output", file.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(read_text(file), StartsWith("<!DOCTYPE html>"));
    const auto bad =
        report({"--output", (s_tmp->path() / "no" / "such" / "dir" / "r.txt").string()});
    EXPECT_EQ(bad.status, 4);
    EXPECT_THAT(bad.err, HasSubstr("notes: error: cannot write"));
}

TEST(ReportEncoding, FlagsOnlyDoubleEncodedText) {
    TempDir tmp;
    const fs::path vault = copy_vault(fixtures_dir() / "encoding", tmp.path() / "vault");
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index"}, tmp.path()).status, 0);
    const auto r = run_notes(
        {"--vault", vault.string(), "report", "--section", "encoding", "--format", "json"},
        tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    // correct.md (accented Latin, Turkish, German quotes, CJK, Cyrillic,
    // Greek, emoji, curly quotes) and README.md are not flagged.
    EXPECT_EQ(json_get(r.out, "$.encoding.notes_total"), "2");
    EXPECT_EQ(json_get(r.out, "$.encoding.notes[0].path"), "mangled.md");
    EXPECT_EQ(
        json_get(r.out, "$.encoding.notes[0].findings"),
        "[{\"where\":\"title\",\"line\":null,\"text\":\"CafÃ© notes\",\"repaired\":\"Café notes\"},"
        "{\"where\":\"relevance\",\"line\":null,\"text\":\"ðŸ”´\",\"repaired\":\"🔴\"},"
        "{\"where\":\"heading\",\"line\":7,\"text\":\"Itâ€™s broken\",\"repaired\":\"It’s "
        "broken\"}]");
    EXPECT_EQ(json_get(r.out, "$.encoding.notes[1].path"), "rÃ©sumÃ©.md");
    EXPECT_EQ(json_get(r.out, "$.encoding.notes[1].findings[0].where"), "path");
    EXPECT_EQ(json_get(r.out, "$.encoding.notes[1].findings[0].repaired"), "résumé.md");
}

// --- a vault that does not use titles or dates ---------------------------------

TEST(ReportFields, NotesWithoutAFieldTheVaultDoesNotUseAreAFactNotAProblem) {
    // Ten notes named by their files, as most Obsidian vaults are, and one
    // with a title and a date: 1 of 11 is not "most".
    TempDir tmp;
    const fs::path vault = tmp.path() / "vault";
    fs::create_directories(vault);
    for (int i = 0; i < 10; ++i) {
        write_text(vault / ("idea " + std::to_string(i) + ".md"), "Some thought. #idea\n");
    }
    write_text(vault / "dated.md", "---\ntitle: Dated\ndate: 2026-01-02\n---\nText. #idea\n");
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path()).status, 0);
    auto report = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"--vault", vault.string(), "report"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = run_notes(args, tmp.path());
        EXPECT_EQ(r.status, 0) << r.err;
        return r.out;
    };
    const std::string explanation = "only 1 of 11 notes has one: the vault does not set titles, so this is how it "
                                    "is written, not a problem";
    const std::string text = report({});
    EXPECT_THAT(text, HasSubstr("\nWorth a look: 11 orphans\n"));
    EXPECT_THAT(text, Not(HasSubstr("without title")));
    EXPECT_THAT(text, Not(HasSubstr("without date")));
    EXPECT_THAT(text, HasSubstr("\n  Dates           2026-01-02 … 2026-01-02  1 dated, 10 undated (the vault does "
                                "not date its notes)\n"));
    EXPECT_THAT(text, HasSubstr("\n  Titles          from file names in 10 notes, set in 1 (the vault does not "
                                "set titles)\n"));
    EXPECT_THAT(text, HasSubstr("\n  Missing title (the title is the file name)  10\n    " + explanation + "\n"));
    EXPECT_THAT(text, HasSubstr("\n  Missing date  10\n    only 1 of 11 notes has one: the vault does not date its "
                                "notes, so this is how it is written, not a problem\n"));
    EXPECT_THAT(text, HasSubstr(explanation + "\n\n  Missing date  10\n"));  // no list of them
    // Tags are used (every note has one): nothing changes for them.
    EXPECT_THAT(text, HasSubstr("\n  Missing tags  0\n    none\n"));

    const std::string json = report({"--format", "json"});
    EXPECT_EQ(json_get(json, "$.attention"),
              "[{\"kind\":\"orphans\",\"count\":11,\"section\":\"orphans\",\"problem\":false}]");
    EXPECT_EQ(json_get(json, "$.overview.titled_notes"), "1");
    EXPECT_EQ(json_get(json, "$.overview.tagged_notes"), "11");
    EXPECT_EQ(json_get(json, "$.front_matter.missing_title.total"), "10");
    EXPECT_EQ(json_get(json, "$.front_matter.missing_title.field_used"), "0");
    EXPECT_EQ(json_get(json, "$.front_matter.missing_title.paths[0]"), "idea 0.md");
    EXPECT_EQ(json_get(json, "$.front_matter.missing_date.field_used"), "0");
    EXPECT_EQ(json_get(json, "$.front_matter.missing_tags.field_used"), "1");

    const std::string markdown = report({"--format", "markdown"});
    EXPECT_THAT(markdown, HasSubstr("| Titles | from file names in 10 notes, set in 1 (the vault does not set "
                                    "titles) |\n"));
    EXPECT_THAT(markdown, HasSubstr("| Undated notes | 10 (the vault does not date its notes) |\n"));
    EXPECT_THAT(markdown, HasSubstr("\n*" + explanation + ".*\n"));
    EXPECT_THAT(markdown, Not(HasSubstr("without title")));

    const std::string html = report({"--format", "html"});
    EXPECT_THAT(html, HasSubstr("<dt>Titles</dt><dd>from file names in 10 notes, set in 1 (the vault does not set "
                                "titles)</dd>"));
    EXPECT_THAT(html, HasSubstr("<p class=\"muted\">" + explanation + ".</p>"));
    EXPECT_THAT(html, Not(HasSubstr("without title")));
}

TEST(ReportFields, AVaultThatDoesNotTagSaysSoInTheOverview) {
    TempDir tmp;
    const fs::path vault = tmp.path() / "vault";
    fs::create_directories(vault);
    for (int i = 0; i < 3; ++i) write_text(vault / ("n" + std::to_string(i) + ".md"), "# N\n");
    write_text(vault / "tagged.md", "# T\n#one\n");
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path()).status, 0);
    const auto r = run_notes({"--vault", vault.string(), "report", "--section", "overview"}, tmp.path());
    EXPECT_THAT(r.out, HasSubstr("\n  Tags            1  3 notes without tags (the vault does not tag its notes)\n"));
    EXPECT_THAT(r.out, HasSubstr("\n  Titles          4 set in the notes, 0 from file names\n"));
}
