// End-to-end: `notes show` on an indexed copy of seeds/. What each note holds
// comes from reading seeds/ (see seeds/README.md); JSON is picked apart with
// SQLite's JSON functions. NOTE-argument resolution has its own file,
// test_note_args.cpp.
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

const std::string k_seed_slug =
    "2026-02-28-8-python-database-techniques-every-developer-needs-for-scalable-reliable-"
    "applications";
const std::string k_seed = k_seed_slug + ".md";
const std::string k_seed_title =
    "8 Python Database Techniques Every Developer Needs for Scalable, Reliable Applications";
const std::string k_data_models =
    "2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy.md";
const std::string k_rails = "2026-02-24-stop-using-any-the-wrong-way-in-rails.md";
const std::string k_orms =
    "2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-learn-sql.md";
const std::string k_map = "2026-03-03-database-reading-map.md";
const std::string k_geo =
    "2026-02-22-python-geospatial-analysis-5-practical-techniques-to-master-location-data-today";
const std::string k_audio =
    "2026-02-28-how-to-process-audio-with-python-from-waveforms-to-beat-tracking";
const std::string k_intel =
    "2026-02-27-how-to-build-a-competitive-intelligence-tool-that-reveals-any-companys-tech-stack";

/// Lines of `text` that contain `needle`, joined with '\n'.
std::string lines_with(const std::string& text, const std::string& needle) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        const std::string line = text.substr(start, nl - start);
        if (line.find(needle) != std::string::npos) out += (out.empty() ? "" : "\n") + line;
        start = nl + 1;
    }
    return out;
}

/// One indexed copy of seeds/ for the whole file: show only reads it.
class ShowSeeds : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp = std::make_unique<TempDir>();
        vault = copy_vault(seeds_dir(), tmp->path() / "vault");
        const auto r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp->path());
        ASSERT_EQ(r.status, 0) << r.err;
    }
    static void TearDownTestSuite() { tmp.reset(); }

    static RunResult show(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
        args.insert(args.begin(), {"--vault", vault.string(), "show"});
        return run_notes(args, tmp->path(), env);
    }

    static inline std::unique_ptr<TempDir> tmp;
    static inline fs::path vault;
};

}  // namespace

TEST_F(ShowSeeds, SeedNoteTextHasTitleFieldsAndTags) {
    const auto r = show({k_seed_slug});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    // The clean title first, then what the index made of the note.
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')), k_seed_title);
    EXPECT_THAT(r.out, HasSubstr("\npath: " + k_seed + "\n"));
    EXPECT_THAT(r.out, HasSubstr("\ndate: 2026-02-28\n"));
    EXPECT_THAT(r.out, HasSubstr("\ntags: #ai #best-practice #library #python #sql "
                                 "#support-analytics #tool #zendesk\n"));
    // The front matter as written (the raw title keeps its emphasis).
    EXPECT_THAT(r.out, HasSubstr("\n  title: **" + k_seed_title + "**\n"));
    EXPECT_THAT(r.out, HasSubstr("\n  domain: SQL\n"));
    EXPECT_THAT(r.out, HasSubstr("\n  status: unread\n"));
    // Tags and related links are shown in their own sections, not again as fields.
    EXPECT_THAT(r.out, Not(HasSubstr("  tags: ")));
    EXPECT_THAT(r.out, Not(HasSubstr("  related: ")));
    // No colour when stdout is not a terminal.
    EXPECT_THAT(r.out, Not(HasSubstr("\033[")));
}

TEST_F(ShowSeeds, SeedNoteRelatedLinksThreeResolvedThreeBroken) {
    const auto r = show({k_seed_slug});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("\nlinks (13):\n"));
    EXPECT_EQ(lines_with(r.out, "  related  "), "  line 18  related   → " + k_data_models +
                                                    "\n"
                                                    "  line 19  related   ✗ " +
                                                    k_geo +
                                                    " (broken)\n"
                                                    "  line 20  related   ✗ " +
                                                    k_audio +
                                                    " (broken)\n"
                                                    "  line 21  related   → " +
                                                    k_rails +
                                                    "\n"
                                                    "  line 22  related   → " +
                                                    k_orms +
                                                    "\n"
                                                    "  line 23  related   ✗ " +
                                                    k_intel + " (broken)");
    EXPECT_THAT(r.out, HasSubstr("  line 41  external  ↗ https://dev.to/nithinbharathwaj/"));
}

TEST_F(ShowSeeds, SeedNoteBacklinksWithSourceLines) {
    const auto r = show({k_seed_slug});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto from = r.out.find("\nbacklinks (8):\n");
    ASSERT_NE(from, std::string::npos) << r.out;
    const auto to = r.out.find("\n\n", from + 1);
    EXPECT_EQ(r.out.substr(from, to - from),
              "\nbacklinks (8):\n"
              "  " +
                  k_data_models +
                  ":17  related\n"
                  "  " +
                  k_data_models +
                  ":63  wiki\n"
                  "  " +
                  k_rails +
                  ":14  related\n"
                  "  " +
                  k_rails +
                  ":45  wiki\n"
                  "  " +
                  k_orms +
                  ":15  related\n"
                  "  " +
                  k_orms +
                  ":35  wiki\n"
                  "  " +
                  k_orms +
                  ":45  wiki\n"
                  "  " +
                  k_map + ":17  wiki");
}

TEST_F(ShowSeeds, SeedNoteHeadings) {
    const auto r = show({k_seed_slug});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("\nheadings (5):\n  line 29  "));
    EXPECT_THAT(r.out, HasSubstr("  line 32  How to apply\n"));
    EXPECT_THAT(r.out, HasSubstr("  line 43  Related notes\n"));
}

TEST_F(ShowSeeds, SeedNoteJson) {
    const auto r = show({k_seed_slug, "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_EQ(json_sql(r.out, "json_valid(?)"), "1") << r.out;
    EXPECT_EQ(json_get(r.out, "$.path"), k_seed);
    EXPECT_EQ(json_get(r.out, "$.slug"), k_seed_slug);
    EXPECT_EQ(json_get(r.out, "$.folder"), "");
    EXPECT_EQ(json_get(r.out, "$.title"), k_seed_title);
    EXPECT_EQ(json_get(r.out, "$.title_source"), "front_matter");
    EXPECT_EQ(json_get(r.out, "$.date"), "2026-02-28");
    EXPECT_EQ(json_get(r.out, "$.domain"), "SQL");
    EXPECT_EQ(json_get(r.out, "$.status"), "unread");
    EXPECT_EQ(json_get(r.out, "$.relevance"), "\xC3\xB0\xC5\xB8\xC5\xB8\xC2\xA1");
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$.word_count')"), "integer");
    // The front matter is a real JSON object, not a string holding one.
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$.front_matter')"), "object");
    EXPECT_EQ(json_get(r.out, "$.front_matter.status"), "unread");
    EXPECT_EQ(json_sql(r.out, "json_array_length(?, '$.front_matter.related')"), "6");
    EXPECT_EQ(json_get(r.out, "$.front_matter_invalid"), "0");
    // Fields: every front-matter value with its line.
    EXPECT_EQ(json_sql(r.out,
                       "(SELECT group_concat(json_extract(value, '$.line'), ',') FROM json_each(?, "
                       "'$.fields') "
                       "WHERE json_extract(value, '$.key') = 'related')"),
              "18,19,20,21,22,23");
    EXPECT_EQ(json_get(r.out, "$.fields[0].key"), "title");
    EXPECT_EQ(json_get(r.out, "$.fields[0].position"), "∅");
    EXPECT_EQ(json_get(r.out, "$.fields[5].position"), "0");
    EXPECT_EQ(json_get(r.out, "$.fields[5].type"), "string");
    // Tags in file order with their source and line.
    EXPECT_EQ(
        json_sql(
            r.out,
            "(SELECT group_concat(json_extract(value, '$.tag'), ',') FROM json_each(?, '$.tags'))"),
        "ai,best-practice,library,python,sql,support-analytics,tool,zendesk");
    EXPECT_EQ(json_get(r.out, "$.tags[0].source"), "front_matter");
    EXPECT_EQ(json_get(r.out, "$.tags[0].line"), "9");
    EXPECT_EQ(json_sql(r.out, "json_array_length(?, '$.aliases')"), "0");
    // Links: the six related ones with their state.
    EXPECT_EQ(
        json_sql(
            r.out,
            "(SELECT group_concat(json_extract(value, '$.line') || ' ' || json_extract(value, "
            "'$.status') || ' ' || coalesce(json_extract(value, '$.target_path'), '-'), char(10)) "
            "FROM json_each(?, '$.links') WHERE json_extract(value, '$.kind') = 'related')"),
        "18 resolved " + k_data_models + "\n19 broken -\n20 broken -\n21 resolved " + k_rails +
            "\n22 resolved " + k_orms + "\n23 broken -");
    EXPECT_EQ(json_get(r.out, "$.links[0].target"),
              "2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy");
    EXPECT_EQ(json_get(r.out, "$.links[0].resolved_by"), "slug");
    EXPECT_EQ(json_get(r.out, "$.links[0].target_title"),
              "Data Models & Schema: Defining Your Database Structure with SQLAlchemy");
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$.links[0].anchor')"), "null");
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$.links[0].anchor_ok')"), "null");
    EXPECT_EQ(json_sql(r.out, "json_type(?, '$.links[1].target_path')"), "null");
    EXPECT_EQ(json_sql(r.out, "json_array_length(?, '$.links')"), "13");
    // Backlinks with their lines in the source note.
    EXPECT_EQ(
        json_sql(r.out,
                 "(SELECT group_concat(json_extract(value, '$.path') || ':' || json_extract(value, "
                 "'$.line'), char(10)) FROM json_each(?, '$.backlinks'))"),
        k_data_models + ":17\n" + k_data_models + ":63\n" + k_rails + ":14\n" + k_rails + ":45\n" +
            k_orms + ":15\n" + k_orms + ":35\n" + k_orms + ":45\n" + k_map + ":17");
    EXPECT_EQ(json_get(r.out, "$.backlinks[7].title"), "Database reading map");
    EXPECT_EQ(json_get(r.out, "$.backlinks[7].kind"), "wiki");
    EXPECT_EQ(json_sql(r.out, "json_array_length(?, '$.headings')"), "5");
    EXPECT_EQ(json_get(r.out, "$.headings[1].text"), "How to apply");
    EXPECT_EQ(json_get(r.out, "$.headings[1].level"), "2");
    EXPECT_EQ(json_get(r.out, "$.headings[1].line"), "32");
    EXPECT_EQ(json_sql(r.out, "json_array_length(?, '$.warnings')"), "0");
}

TEST_F(ShowSeeds, JsonKeysAreStableAndInOrder) {
    const auto r = show({k_seed_slug, "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(
        json_sql(r.out, "(SELECT group_concat(key, ',') FROM json_each(?))"),
        "id,path,slug,folder,title,title_source,date,domain,status,source,relevance,word_count,"
        "front_matter,front_matter_invalid,fields,tags,aliases,links,backlinks,ancestors,children,headings,warnings");
    EXPECT_EQ(
        json_sql(r.out, "(SELECT group_concat(key, ',') FROM json_each(?, '$.links[0]'))"),
        "line,kind,target,anchor,label,status,resolved_by,target_path,target_title,anchor_ok");
    EXPECT_EQ(
        json_sql(r.out, "(SELECT group_concat(key, ',') FROM json_each(?, '$.backlinks[0]'))"),
        "path,title,line,kind,anchor");
    EXPECT_EQ(json_sql(r.out, "(SELECT group_concat(key, ',') FROM json_each(?, '$.fields[0]'))"),
              "key,value,position,type,line");
    // One line: a script can read it with one read.
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1);
}

TEST_F(ShowSeeds, InvalidYamlNoteShowsItsWarning) {
    const auto text = show({"2026-03-09-sharding-strategies-for-postgres"});
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_THAT(text.out, HasSubstr("\nwarnings (1):\n  line 2:27  invalid YAML front matter: "));
    // The title came from the heading; there is no front matter to list.
    EXPECT_EQ(text.out.substr(0, text.out.find('\n')), "Sharding strategies for Postgres");
    EXPECT_THAT(text.out, Not(HasSubstr("\nfront matter:\n")));

    const auto json = show({"2026-03-09-sharding-strategies-for-postgres", "--format", "json"});
    ASSERT_EQ(json.status, 0) << json.err;
    EXPECT_EQ(json_get(json.out, "$.front_matter_invalid"), "1");
    EXPECT_EQ(json_sql(json.out, "json_type(?, '$.front_matter')"), "null");
    EXPECT_EQ(json_get(json.out, "$.title_source"), "heading");
    EXPECT_EQ(json_get(json.out, "$.warnings[0].line"), "2");
    EXPECT_EQ(json_get(json.out, "$.warnings[0].column"), "27");
    EXPECT_THAT(json_get(json.out, "$.warnings[0].message"),
                HasSubstr("invalid YAML front matter"));
}

TEST_F(ShowSeeds, AnchorsSelfLinksAndMissingHeadings) {
    const auto orms = show({"ORM myths"});
    ASSERT_EQ(orms.status, 0) << orms.err;
    EXPECT_THAT(orms.out,
                HasSubstr("  line 27  wiki      → " + k_data_models + "#Relationships\n"));
    EXPECT_THAT(orms.out, HasSubstr("  line 29  wiki      → " + k_data_models +
                                    "#Lazy loading (missing heading)\n"));

    const auto wal = show({"2026-03-01-sqlite-wal-mode-and-checkpoints"});
    ASSERT_EQ(wal.status, 0) << wal.err;
    EXPECT_THAT(wal.out, HasSubstr("  line 29  wiki      → #Checkpoints (this note)\n"));
    // Backlinks with an anchor say which heading or block they point at.
    EXPECT_THAT(
        wal.out,
        HasSubstr(
            "  projects/2026-03-05-migrate-reporting-to-sqlite.md:28  wiki #^checkpoint-rule\n"));
    // Headings indented by level under the note's top level.
    EXPECT_THAT(wal.out, HasSubstr("  line 25  Checkpoints\n  line 28    Checkpoint starvation\n"));

    // Aliases as the index read them (from a comma-separated `alias:`).
    EXPECT_THAT(orms.out, HasSubstr("\naliases: ORM myths, ORMs are a lie\n"));
    EXPECT_THAT(orms.out, Not(HasSubstr("  alias: ")));

    const auto json = show({"ORM myths", "--format", "json"});
    EXPECT_EQ(
        json_sql(json.out, "(SELECT group_concat(value, '|') FROM json_each(?, '$.aliases'))"),
        "ORM myths|ORMs are a lie");
    EXPECT_EQ(json_sql(json.out,
                       "(SELECT json_extract(value, '$.anchor_ok') FROM json_each(?, '$.links') "
                       "WHERE json_extract(value, '$.line') = 29)"),
              "0");
    EXPECT_EQ(json_sql(json.out,
                       "(SELECT json_extract(value, '$.anchor_ok') FROM json_each(?, '$.links') "
                       "WHERE json_extract(value, '$.line') = 27)"),
              "1");
}

TEST_F(ShowSeeds, ListFieldsAndNestedKeys) {
    const auto r = show({"projects/2026-03-05-migrate-reporting-to-sqlite"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
              "Project: migrate the reporting database to SQLite");
    EXPECT_THAT(r.out, HasSubstr("\n  authors: Maria Keller, Tom Ruiz\n"));
    EXPECT_THAT(r.out, HasSubstr("\n  meta.team: analytics\n"));
    EXPECT_THAT(r.out, HasSubstr("\n  rating: 4\n"));
    // `up:` is shown as a link, not as a field.
    EXPECT_THAT(r.out, HasSubstr("  line  6  up        → 2026-03-03-database-reading-map.md\n"));
    EXPECT_THAT(r.out, Not(HasSubstr("  up: ")));

    const auto json = show({"projects/2026-03-05-migrate-reporting-to-sqlite", "--format", "json"});
    EXPECT_EQ(json_get(json.out, "$.folder"), "projects");
    EXPECT_EQ(json_sql(json.out, "json_type(?, '$.front_matter.rating')"), "integer");
    EXPECT_EQ(json_sql(json.out, "json_type(?, '$.front_matter.reviewed')"), "true");
    EXPECT_EQ(json_get(json.out, "$.front_matter.meta.team"), "analytics");
}

TEST_F(ShowSeeds, EmptyNoteHasNoLinksOrBacklinks) {
    const auto r = show({"untitled"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("\nlinks (0):\n"));
    EXPECT_THAT(r.out, HasSubstr("\nbacklinks (0):\n"));
    EXPECT_THAT(r.out, Not(HasSubstr("headings")));
    EXPECT_THAT(r.out, HasSubstr("\nwarnings (1):\n  empty file\n"));
    const auto json = show({"untitled", "--format", "json"});
    EXPECT_EQ(json_sql(json.out, "json_type(?, '$.date')"), "null");
    EXPECT_EQ(json_sql(json.out, "json_type(?, '$.warnings[0].line')"), "null");
}

TEST_F(ShowSeeds, ColourOnlyWhenAsked) {
    const auto r = show({k_seed_slug}, {"NO_COLOR="});
    EXPECT_THAT(r.out, Not(HasSubstr("\033[")));
    auto args = std::vector<std::string>{"--vault", vault.string(), "--color",
                                         "always",  "show",         k_seed_slug};
    const auto colored = run_notes(args, tmp->path());
    ASSERT_EQ(colored.status, 0) << colored.err;
    EXPECT_THAT(colored.out, HasSubstr("\033[1m" + k_seed_title + "\033[0m\n"));
    EXPECT_THAT(colored.out, HasSubstr("\033[31m(broken)\033[0m"));
    // JSON never carries colour.
    args.push_back("--format");
    args.push_back("json");
    EXPECT_THAT(run_notes(args, tmp->path()).out, Not(HasSubstr("\033[")));
}

TEST_F(ShowSeeds, ControlCharactersAreEscaped) {
    // A title with an escape sequence must not reach the terminal as one.
    TempDir other;
    const fs::path v = other.path() / "v";
    fs::create_directories(v);
    write_text(v / "evil.md", "---\ntitle: \"bad \\e[31m title\"\nnote: \"x\\ay\"\n---\nbody\n");
    ASSERT_EQ(run_notes({"--vault", v.string(), "index", "-q"}, other.path()).status, 0);
    const auto r = run_notes({"--vault", v.string(), "show", "evil"}, other.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, Not(HasSubstr("\033")));
    EXPECT_THAT(r.out, HasSubstr("bad \\x1b[31m title"));
    EXPECT_THAT(r.out, HasSubstr("  note: x\\x07y\n"));
}

TEST_F(ShowSeeds, OtherFormatsAreUsageErrors) {
    const auto r = show({k_seed_slug, "--format", "table"});
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("text"));
    EXPECT_THAT(r.err, HasSubstr("json"));
    EXPECT_EQ(r.out, "");
}

TEST_F(ShowSeeds, NoteArgumentIsRequired) {
    const auto r = show({});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
}

TEST_F(ShowSeeds, MissIsStatusOneWithNothingOnStdout) {
    const auto r = show({"no-such-note-anywhere", "--format", "json"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("no note matches 'no-such-note-anywhere'"));
}

TEST(Show, NoIndexIsARuntimeError) {
    TempDir tmp;
    const auto vault = copy_vault(seeds_dir(), tmp.path() / "vault");
    const auto r = run_notes({"--vault", vault.string(), "show", "index-tuning.md"}, tmp.path());
    EXPECT_EQ(r.status, 4);
    EXPECT_THAT(r.err, HasSubstr("notes: error: no index at "));
    EXPECT_EQ(r.out, "");
}
