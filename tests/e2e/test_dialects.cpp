// End-to-end: exact answers on vaults written with Obsidian, Dendron, Logseq
// and Foam (docs/dialects.md). Each fixture under tests/fixtures/ holds the
// cases of one dialect; each test reads the index `notes index` built.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using namespace notes::e2e::inspect;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

/// One line per link: "path:line kind target#anchor -> status [note] [file] [anchor_ok=N]".
constexpr const char* k_links_sql =
    "SELECT n.path || ':' || l.line || ' ' || l.kind || ' ' || l.target || coalesce('#' || l.anchor, '') || "
    "' -> ' || l.status || coalesce(' ' || t.path, '') || coalesce(' ' || f.path, '') || "
    "coalesce(' anchor_ok=' || l.anchor_ok, '') "
    "FROM links l JOIN notes n ON n.id = l.note_id LEFT JOIN notes t ON t.id = l.target_id "
    "LEFT JOIN files f ON f.id = l.file_id";

class Dialects : public ::testing::Test {
protected:
    /// Copies fixture `name`, indexes it and returns the run.
    RunResult index_fixture(const std::string& name, const std::vector<std::string>& extra = {}) {
        vault = copy_vault(fixtures_dir() / name, tmp.path() / name);
        return index(extra);
    }
    RunResult index(const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args{"--vault", vault.string(), "index"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, tmp.path());
    }
    std::string q(const std::string& sql) { return rows(vault / ".notes" / "index.db", sql); }
    /// The links of the note at `path`, in document order.
    std::vector<std::string> links_of(const std::string& path) {
        return lines_of(q(std::string(k_links_sql) + " WHERE n.path = '" + path + "' ORDER BY l.line, l.id"));
    }
    std::string title(const std::string& path) {
        return q("SELECT title || ' (' || title_source || ')' FROM notes WHERE path = '" + path + "'");
    }

    TempDir tmp;
    fs::path vault;
};

}  // namespace

// --- Obsidian ---------------------------------------------------------------

TEST_F(Dialects, TitleIsALevelOneHeadingOnlyWhenItIsTheFirstBlock) {
    ASSERT_EQ(index_fixture("obsidian-exact").status, 0);
    // "# Water" halfway down is a section; the note is named by its file.
    EXPECT_EQ(title("Scarcity.md"), "Scarcity (slug)");
    // An HTML comment first does not count; the footnote marker is dropped.
    EXPECT_EQ(title("Questions.md"), "Questions (heading)");
    EXPECT_EQ(title("Rain.md"), "Rain (weather) (front_matter)");
    EXPECT_EQ(q("SELECT name_key FROM notes WHERE path IN ('Scarcity.md', 'Questions.md') ORDER BY path"),
              "∅\n∅");
}

TEST_F(Dialects, NoLinkResolvesByATitleTakenFromAHeading) {
    ASSERT_EQ(index_fixture("obsidian-exact").status, 0);
    EXPECT_THAT(links_of("Ice.md"), ::testing::ElementsAre("Ice.md:1 wiki Water -> broken",
                                                           "Ice.md:3 wiki Scarcity -> resolved Scarcity.md",
                                                           "Ice.md:3 wiki Rain -> resolved Rain.md"));
    // A title the front matter sets does resolve (PRODUCT.md §4 step 3).
    EXPECT_THAT(links_of("Rain.md"), ::testing::ElementsAre("Rain.md:4 wiki Rain (weather) -> resolved Rain.md"));
    EXPECT_EQ(q("SELECT resolved_by FROM links l JOIN notes n ON n.id = l.note_id WHERE n.path = 'Rain.md'"),
              "title");
}

TEST_F(Dialects, AnchorsMatchTheWayObsidianComparesHeadings) {
    ASSERT_EQ(index_fixture("obsidian-exact").status, 0);
    EXPECT_THAT(
        links_of("Questions.md"),
        ::testing::ElementsAre(
            "Questions.md:5 wiki FAQ#How large can each vault be -> resolved FAQ.md anchor_ok=1",
            "Questions.md:6 wiki FAQ#`move` -> resolved FAQ.md anchor_ok=1",
            "Questions.md:7 wiki FAQ#What is X a question -> resolved FAQ.md anchor_ok=1",
            "Questions.md:8 wiki FAQ#General#How large can each vault be -> resolved FAQ.md anchor_ok=1",
            // Both H2: the second piece must be deeper than the first.
            "Questions.md:9 wiki FAQ#General#Tab stacks -> resolved FAQ.md anchor_ok=0",
            "Questions.md:10 wiki FAQ#^quote-of-the-day -> resolved FAQ.md anchor_ok=1",
            // Obsidian does not slugify wiki-links...
            "Questions.md:11 wiki FAQ#Tab-stacks -> resolved FAQ.md anchor_ok=0",
            // ...but a Markdown link's GitHub slug matches, also within the note.
            "Questions.md:12 markdown FAQ.md#tab-stacks -> resolved FAQ.md anchor_ok=1",
            "Questions.md:13 markdown #questions -> resolved Questions.md anchor_ok=1",
            "Questions.md:14 wiki FAQ#No such heading -> resolved FAQ.md anchor_ok=0"));
    EXPECT_EQ(q("SELECT h.key || '|' || h.slug FROM headings h JOIN notes n ON n.id = h.note_id "
                "WHERE n.path = 'FAQ.md' AND h.line = 9"),
              "move|move");
}

TEST_F(Dialects, AttachmentsOfAnyExtensionAndNotesNamedLikeFiles) {
    const auto r = index_fixture("obsidian-exact");
    ASSERT_EQ(r.status, 0);
    EXPECT_THAT(
        links_of("Gallery.md"),
        ::testing::ElementsAre(
            "Gallery.md:3 embed Albums.base -> attachment Templates/Bases/Albums.base",
            // A base's subpath is a view, a PDF's a page: not checked against headings.
            "Gallery.md:4 embed Albums.base#Favorites -> attachment Templates/Bases/Albums.base",
            "Gallery.md:5 wiki build.sh -> attachment build.sh",
            "Gallery.md:6 embed Drawing 1.excalidraw -> resolved Drawing 1.excalidraw.md",
            "Gallery.md:7 embed config.json -> resolved config.json.md",
            "Gallery.md:8 embed Board.canvas -> attachment Board.canvas",
            "Gallery.md:9 embed Paper.pdf#page=3 -> attachment Paper.pdf",
            "Gallery.md:10 embed missing-photo.png -> broken",
            "Gallery.md:11 embed Attachments/cover.jpg -> attachment Attachments/cover.jpg",
            "Gallery.md:12 embed Attachments/absent.jpg -> broken",
            "Gallery.md:13 wiki No such note -> broken"));
    EXPECT_THAT(r.err, HasSubstr("Gallery.md:10: missing attachment 'missing-photo.png'\n"));
    EXPECT_THAT(r.err, HasSubstr("Gallery.md:12: missing attachment 'Attachments/absent.jpg'\n"));
    EXPECT_THAT(r.err, HasSubstr("Gallery.md:13: broken link to 'No such note'\n"));
    // The drawing is no orphan: it has its backlink.
    EXPECT_EQ(q("SELECT source_path FROM backlinks WHERE note_path = 'Drawing 1.excalidraw.md'"), "Gallery.md");
    EXPECT_EQ(q("SELECT count(*) FROM attachments"), "6");
}

TEST_F(Dialects, ShowNamesTheFileAnAttachmentLinkReaches) {
    ASSERT_EQ(index_fixture("obsidian-exact").status, 0);
    const auto text = run_notes({"--vault", vault.string(), "show", "Gallery"}, tmp.path());
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_THAT(text.out, HasSubstr("→ Templates/Bases/Albums.base#Favorites (attachment)"));
    EXPECT_THAT(text.out, HasSubstr("→ Paper.pdf#page=3 (attachment)"));
    const auto json = run_notes({"--vault", vault.string(), "show", "Gallery", "--format", "json"}, tmp.path());
    ASSERT_EQ(json.status, 0) << json.err;
    EXPECT_EQ(json_get(json.out, "$.links[0].status"), "attachment");
    EXPECT_EQ(json_get(json.out, "$.links[0].target_path"), "Templates/Bases/Albums.base");
    EXPECT_EQ(json_get(json.out, "$.links[0].target_title"), "∅");
}

TEST_F(Dialects, AnAttachmentAddedLaterResolvesItsLinks) {
    ASSERT_EQ(index_fixture("obsidian-exact").status, 0);
    write_text(vault / "Attachments" / "missing-photo.png", "");
    ASSERT_EQ(index().status, 0);
    EXPECT_EQ(q(std::string(k_links_sql) + " WHERE n.path = 'Gallery.md' AND l.line = 10"),
              "Gallery.md:10 embed missing-photo.png -> attachment Attachments/missing-photo.png");
    fs::remove(vault / "Attachments" / "missing-photo.png");
    ASSERT_EQ(index().status, 0);
    EXPECT_EQ(q(std::string(k_links_sql) + " WHERE n.path = 'Gallery.md' AND l.line = 10"),
              "Gallery.md:10 embed missing-photo.png -> broken");
}

TEST_F(Dialects, MathBlocksHoldNoHeadingLinkOrTag) {
    ASSERT_EQ(index_fixture("obsidian-exact").status, 0);
    EXPECT_EQ(title("Math.md"), "Math (slug)");  // the "=" line made no setext heading
    EXPECT_EQ(q("SELECT count(*) FROM headings h JOIN notes n ON n.id = h.note_id WHERE n.path = 'Math.md'"), "0");
    EXPECT_TRUE(links_of("Math.md").empty());
    EXPECT_EQ(q("SELECT group_concat(tag) FROM tags t JOIN notes n ON n.id = t.note_id WHERE n.path = 'Math.md'"),
              "realtag");
}

TEST_F(Dialects, MarkdownLinksWithWindowsSeparators) {
    ASSERT_EQ(index_fixture("obsidian-exact").status, 0);
    EXPECT_THAT(links_of("docs/guide.md"),
                ::testing::ElementsAre("docs/guide.md:1 markdown ../Notes/setup.md -> resolved Notes/setup.md",
                                       "docs/guide.md:1 markdown ../FAQ.md#general -> resolved FAQ.md anchor_ok=1"));
}

// --- Dendron ----------------------------------------------------------------

TEST_F(Dialects, DendronIsRecognisedByItsWorkspaceFile) {
    ASSERT_EQ(index_fixture("dendron").status, 0);
    EXPECT_EQ(q("SELECT value FROM meta WHERE key = 'dialect'"), "dendron");
    const auto r = run_notes({"--vault", vault.string(), "config"}, tmp.path());
    EXPECT_THAT(r.out, ::testing::ContainsRegex("\ndialect +dendron +marker dendron.yml\n"));
}

TEST_F(Dialects, DendronLinksAreLabelFirstAndResolveByFileName) {
    const auto r = index_fixture("dendron");
    ASSERT_EQ(r.status, 0);
    EXPECT_THAT(
        links_of("vault/dendron.topic.links.md"),
        ::testing::ElementsAre(
            "vault/dendron.topic.links.md:0 parent dendron.topic -> resolved vault/dendron.md",
            "vault/dendron.topic.links.md:8 wiki dendron -> resolved vault/dendron.md",
            "vault/dendron.topic.links.md:9 wiki dendron.topic.links#header-references -> resolved "
            "vault/dendron.topic.links.md anchor_ok=1",
            "vault/dendron.topic.links.md:10 embed dendron#motivation,1:#* -> resolved vault/dendron.md anchor_ok=1",
            "vault/dendron.topic.links.md:11 embed dendron#motivation:#* -> resolved vault/dendron.md anchor_ok=1",
            "vault/dendron.topic.links.md:12 embed dendron.topic.links#^begin -> resolved "
            "vault/dendron.topic.links.md anchor_ok=1",
            "vault/dendron.topic.links.md:13 wiki #header-references -> resolved vault/dendron.topic.links.md "
            "anchor_ok=1",
            // The label "Tags" is the title of tags.md: Dendron resolves by the target.
            "vault/dendron.topic.links.md:14 wiki dendron.topic.tags -> resolved vault/dendron.topic.tags.md",
            "vault/dendron.topic.links.md:15 wiki dendron.topic.removed -> broken",
            "vault/dendron.topic.links.md:16 external https://www.dendron.so -> external"));
    EXPECT_EQ(q("SELECT label FROM links l JOIN notes n ON n.id = l.note_id "
                "WHERE n.path = 'vault/dendron.topic.links.md' AND l.line = 8"),
              "Why Dendron");
    EXPECT_THAT(r.err, HasSubstr("vault/dendron.topic.links.md:15: broken link to 'dendron.topic.removed'\n"));
}

TEST_F(Dialects, DendronHierarchyDatesAndTags) {
    ASSERT_EQ(index_fixture("dendron").status, 0);
    // pkg.orphan and pkg have no file: the nearest ancestor is the root.
    EXPECT_THAT(links_of("vault/pkg.orphan.child.md"),
                ::testing::ElementsAre("vault/pkg.orphan.child.md:0 parent pkg.orphan -> resolved vault/root.md"));
    EXPECT_EQ(title("vault/pkg.orphan.child.md"), "Child (slug)");
    EXPECT_EQ(q("SELECT date FROM notes WHERE path = 'vault/dendron.md'"), "2021-08-31T05:56:24Z");
    EXPECT_EQ(q("SELECT count(*) FROM warnings WHERE message LIKE 'unparseable date%'"), "0");
    EXPECT_EQ(q("SELECT group_concat(tag, ' ') FROM (SELECT tag FROM tags ORDER BY tag)"),
              "role.bugcatcher stage.sprout");
    const auto show = run_notes({"--vault", vault.string(), "show", "dendron.topic.links", "--format", "json"},
                                tmp.path());
    ASSERT_EQ(show.status, 0) << show.err;
    EXPECT_EQ(json_get(show.out, "$.ancestors"), "[{\"path\":\"vault/dendron.md\",\"title\":\"Dendron\"}]");
    const auto dendron = run_notes({"--vault", vault.string(), "show", "dendron", "--format", "json"}, tmp.path());
    EXPECT_EQ(json_get(dendron.out, "$.children"),
              "[{\"path\":\"vault/dendron.topic.links.md\",\"title\":\"Links\"},"
              "{\"path\":\"vault/dendron.topic.tags.md\",\"title\":\"Tags\"}]");
}

// --- Logseq -----------------------------------------------------------------

TEST_F(Dialects, LogseqPageNamesPropertiesAndJournals) {
    ASSERT_EQ(index_fixture("logseq").status, 0);
    EXPECT_EQ(q("SELECT value FROM meta WHERE key = 'dialect'"), "logseq");
    EXPECT_EQ(title("pages/New to Logseq%3F.md"), "New to Logseq? (property)");
    EXPECT_EQ(title("pages/Whiteboard___Action Bar.md"), "Whiteboard/Action Bar (file_name)");
    EXPECT_EQ(title("journals/2021_07_14.md"), "Jul 14th, 2021 (journal)");
    EXPECT_EQ(q("SELECT date FROM notes WHERE path = 'journals/2021_07_14.md'"), "2021-07-14");
    // logseq/ (its configuration and old copies of pages) is not indexed.
    EXPECT_EQ(q("SELECT count(*) FROM notes WHERE path LIKE 'logseq/%'"), "0");
    EXPECT_EQ(q("SELECT group_concat(alias, ', ') FROM aliases a JOIN notes n ON n.id = a.note_id "
                "WHERE n.path = 'pages/New to Logseq%3F.md'"),
              "Newcomers, Getting started");
    EXPECT_EQ(q("SELECT group_concat(key || '=' || value, ' ') FROM fields f JOIN notes n ON n.id = f.note_id "
                "WHERE n.path = 'pages/New to Logseq%3F.md'"),
              "title=New to Logseq? alias=Newcomers alias=Getting started tags=guide tags=beginner "
              "type=[[Feature]]");
    EXPECT_EQ(q("SELECT group_concat(tag, ',') FROM (SELECT tag FROM tags t JOIN notes n ON n.id = t.note_id "
                "WHERE n.path = 'pages/Whiteboard___Action Bar.md' ORDER BY tag)"),
              "minor change,plain");
}

TEST_F(Dialects, LogseqLinksResolveByPageNameAliasAndBlock) {
    const auto r = index_fixture("logseq");
    ASSERT_EQ(r.status, 0);
    EXPECT_THAT(links_of("journals/2021_07_14.md"),
                ::testing::ElementsAre("journals/2021_07_14.md:1 wiki BREAKING CHANGE -> resolved pages/Breaking Changes.md",
                                       "journals/2021_07_14.md:1 wiki Implicit Page -> broken"));
    // Tab-indented outline lines are a list, not indented code; macros and
    // example blocks hold no links but an embed's.
    EXPECT_THAT(links_of("pages/Breaking Changes.md"),
                ::testing::ElementsAre(
                    "pages/Breaking Changes.md:4 wiki Whiteboard/Action Bar -> resolved pages/Whiteboard___Action Bar.md",
                    "pages/Breaking Changes.md:5 wiki Jul 14th, 2021 -> resolved journals/2021_07_14.md",
                    "pages/Breaking Changes.md:6 embed New to Logseq? -> resolved pages/New to Logseq%3F.md"));
    EXPECT_THAT(
        links_of("pages/Whiteboard___Action Bar.md"),
        ::testing::ElementsAre(
            "pages/Whiteboard___Action Bar.md:1 block_ref #^634fb0a7-1d17-4c1e-b9f0-5c4d6ee0a0f1 -> resolved "
            "pages/New to Logseq%3F.md",
            "pages/Whiteboard___Action Bar.md:1 block_ref #^634fb0a7-1d17-4c1e-b9f0-5c4d6ee0a0f1 -> resolved "
            "pages/New to Logseq%3F.md",
            "pages/Whiteboard___Action Bar.md:2 block_ref #^00000000-0000-4000-8000-000000000000 -> broken",
            "pages/Whiteboard___Action Bar.md:3 wiki Getting started -> resolved pages/New to Logseq%3F.md",
            "pages/Whiteboard___Action Bar.md:4 wiki minor change -> broken"));
    // Links in a property take its key as their kind.
    EXPECT_THAT(links_of("pages/New to Logseq%3F.md"),
                ::testing::ElementsAre("pages/New to Logseq%3F.md:3 tags guide -> broken",
                                       "pages/New to Logseq%3F.md:4 type Feature -> broken",
                                       "pages/New to Logseq%3F.md:6 wiki Whiteboard/Action Bar -> resolved "
                                       "pages/Whiteboard___Action Bar.md",
                                       "pages/New to Logseq%3F.md:6 wiki newcomers -> resolved pages/New to Logseq%3F.md",
                                       "pages/New to Logseq%3F.md:7 wiki Breaking Changes -> resolved "
                                       "pages/Breaking Changes.md"));
    EXPECT_THAT(r.err, HasSubstr("pages/Whiteboard___Action Bar.md:2: broken block reference "
                                 "'((00000000-0000-4000-8000-000000000000))': no block has this id\n"));
}

// --- Foam -------------------------------------------------------------------

TEST_F(Dialects, FoamLinksFollowTheirReferenceDefinitions) {
    ASSERT_EQ(index_fixture("foam").status, 0);
    EXPECT_EQ(q("SELECT value FROM meta WHERE key = 'dialect'"), "foam");
    // [[publishing]] goes where its definition says, not to publishing.md;
    // the definitions are no links of their own.
    EXPECT_THAT(links_of("user/index.md"),
                ::testing::ElementsAre("user/index.md:5 wiki /user/publishing/publish-to-github-pages.md -> resolved "
                                       "user/publishing/publish-to-github-pages.md",
                                       "user/index.md:5 wiki /user/graph-view.md -> resolved user/graph-view.md"));
    // Foam's title: the first level-1 heading anywhere.
    EXPECT_EQ(title("user/index.md"), "User guide (heading)");
    EXPECT_THAT(links_of("user/publishing/publish-to-github-pages.md"),
                ::testing::Contains("user/publishing/publish-to-github-pages.md:3 markdown ../graph-view.md"
                                    "#whats-in-a-graph -> resolved user/graph-view.md anchor_ok=1"));
}

// --- choosing the dialect ---------------------------------------------------

TEST_F(Dialects, TheConfigNamesTheDialectAndAChangeParsesEveryNoteAgain) {
    ASSERT_EQ(index_fixture("foam").status, 0);
    write_text(vault / ".notes" / "config.yaml", "dialect: obsidian\n");
    const auto r = index({"--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr("notes: the vault's dialect is now obsidian (.notes/config.yaml:1; was foam); "
                                 "parsing every note again\n"));
    EXPECT_EQ(json_get(r.out, "$.parsed"), "5");
    EXPECT_EQ(q("SELECT value FROM meta WHERE key = 'dialect'"), "obsidian");
    // Obsidian does not read the definitions: [[publishing]] is the note of that name.
    EXPECT_EQ(q(std::string(k_links_sql) + " WHERE n.path = 'user/index.md' ORDER BY l.id LIMIT 1"),
              "user/index.md:5 wiki publishing -> resolved publishing.md");
    EXPECT_EQ(title("user/index.md"), "index (slug)");
    const auto again = index({"--json"});
    EXPECT_EQ(json_get(again.out, "$.parsed"), "0");
    EXPECT_THAT(again.err, Not(HasSubstr("dialect")));
}

TEST_F(Dialects, AnUnknownDialectIsAWarningAndTheMarkersDecide) {
    vault = copy_vault(fixtures_dir() / "logseq", tmp.path() / "logseq");
    fs::create_directories(vault / ".notes");
    write_text(vault / ".notes" / "config.yaml", "dialect: roam\n");
    const auto r = index();
    ASSERT_EQ(r.status, 0);
    EXPECT_THAT(r.err, HasSubstr(".notes/config.yaml:1:10: 'dialect' must be one of obsidian, dendron, logseq, foam; "
                                 "using the default\n"));
    EXPECT_EQ(q("SELECT value FROM meta WHERE key = 'dialect'"), "logseq");
}

// --- the real vaults (../shared/vaults, when present) ------------------------

TEST_F(Dialects, RealVaultsBrokenLinksAreTheOnesTheirToolShows) {
    const fs::path shared = fs::path(NOTES_SOURCE_DIR).parent_path() / "shared" / "vaults";
    if (!fs::is_directory(shared)) GTEST_SKIP() << "no " << shared;
    // docs/dialects.md shows that each of these is really broken.
    for (const auto& [name, broken] : std::vector<std::pair<std::string, std::string>>{
             {"dendron-site", "152"}, {"logseq-docs", "1106"}, {"kepano-obsidian", "62"}, {"foam-docs", "3"}}) {
        vault = copy_vault(shared / name, tmp.path() / name);
        if (name == "foam-docs") {
            // The Foam repository's docs/ folder: its .vscode settings are one level up.
            fs::create_directories(vault / ".notes");
            write_text(vault / ".notes" / "config.yaml", "dialect: foam\n");
        }
        ASSERT_EQ(index({"-q"}).status, 0) << name;
        EXPECT_EQ(q("SELECT count(*) FROM links WHERE status = 'broken'"), broken) << name;
    }
}
