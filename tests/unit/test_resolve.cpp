// PRODUCT.md §4, one test per rule and tie-break.
#include "notes/core/resolve.hpp"

#include <gtest/gtest.h>

using notes::LinkResolver;
using notes::NoteName;

namespace {

LinkResolver make(std::vector<NoteName> notes) { return LinkResolver(std::move(notes)); }

}  // namespace

TEST(Resolve, BySlugCaseInsensitiveWithOrWithoutMd) {
    const auto r = make({{1, "notes/My Note.md", "Some title", {}, {}}});
    for (const char* target : {"My Note", "my note", "MY NOTE.md", "My Note.MD"}) {
        const auto res = r.resolve("x.md", 9, "wiki", target);
        EXPECT_EQ(res.note_id, 1) << target;
        EXPECT_EQ(res.method, "slug") << target;
    }
}

TEST(Resolve, NfdFileNameMatchesNfcTarget) {
    const auto r = make({{1, "Cafe\xCC\x81.md", "", {}, {}}});
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "caf\xC3\xA9").note_id, 1);
}

TEST(Resolve, PathFromVaultRoot) {
    const auto r = make({{1, "a/b/note.md", "", {}, {}}, {2, "c/a/b/note.md", "", {}, {}}});
    const auto res = r.resolve("c/x.md", 9, "wiki", "a/b/note");
    EXPECT_EQ(res.note_id, 1);
    EXPECT_EQ(res.method, "path");
}

TEST(Resolve, PathRelativeToSourceFolderWhenNotFromRoot) {
    const auto r = make({{1, "c/a/note.md", "", {}, {}}});
    const auto res = r.resolve("c/x.md", 9, "wiki", "a/note.md");
    EXPECT_EQ(res.note_id, 1);
    EXPECT_EQ(res.method, "path");
}

TEST(Resolve, PathWithDotDot) {
    const auto r = make({{1, "a/note.md", "", {}, {}}});
    EXPECT_EQ(r.resolve("b/x.md", 9, "markdown", "../a/note.md").note_id, 1);
    EXPECT_EQ(r.resolve("x.md", 9, "markdown", "../a/note.md").note_id, 0);  // above the root
}

TEST(Resolve, MarkdownLinkPrefersTheSourceFolder) {
    const auto r = make({{1, "a/note.md", "", {}, {}}, {2, "b/a/note.md", "", {}, {}}});
    EXPECT_EQ(r.resolve("b/x.md", 9, "markdown", "a/note.md").note_id, 2);
    EXPECT_EQ(r.resolve("b/x.md", 9, "wiki", "a/note").note_id, 1);
}

TEST(Resolve, PartialPathMatchesPathEnd) {
    const auto r = make({{1, "area/sub/note.md", "", {}, {}}});
    const auto res = r.resolve("x.md", 9, "wiki", "sub/note");
    EXPECT_EQ(res.note_id, 1);
    EXPECT_EQ(res.method, "path");
}

TEST(Resolve, PathTargetDoesNotFallBackToSlug) {
    const auto r = make({{1, "note.md", "", {}, {}}});
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "elsewhere/note").note_id, 0);
}

TEST(Resolve, DuplicateSlugPrefersSourceFolder) {
    const auto r = make({{1, "index-tuning.md", "", {}, {}}, {2, "projects/index-tuning.md", "", {}, {}}});
    EXPECT_EQ(r.resolve("projects/x.md", 9, "wiki", "index-tuning").note_id, 2);
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "index-tuning").note_id, 1);
}

TEST(Resolve, DuplicateSlugElseShortestPath) {
    const auto r = make({{1, "aaaa/bbbb/n.md", "", {}, {}}, {2, "zz/n.md", "", {}, {}}});
    EXPECT_EQ(r.resolve("other/x.md", 9, "wiki", "n").note_id, 2);
}

TEST(Resolve, DuplicateSlugElseFirstInPathOrder) {
    const auto r = make({{7, "b/n.md", "", {}, {}}, {3, "a/n.md", "", {}, {}}});
    EXPECT_EQ(r.resolve("c/x.md", 9, "wiki", "n").note_id, 3);
    EXPECT_EQ(r.slug_count("n"), 2u);
}

TEST(Resolve, AliasWhenNoSlugMatches) {
    const auto r = make({{1, "long-name.md", "", {"Short", "Other"}, {}}});
    const auto res = r.resolve("x.md", 9, "wiki", "short");
    EXPECT_EQ(res.note_id, 1);
    EXPECT_EQ(res.method, "alias");
}

TEST(Resolve, SlugBeatsAlias) {
    const auto r = make({{1, "a.md", "", {"b"}, {}}, {2, "b.md", "", {}, {}}});
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "b").note_id, 2);
}

TEST(Resolve, TitleAfterAlias) {
    const auto r = make({{1, "a.md", "Query Plans Explained", {}, {}}, {2, "b.md", "", {"query plans explained"}, {}}});
    const auto res = r.resolve("x.md", 9, "wiki", "Query plans explained");
    EXPECT_EQ(res.note_id, 2);
    EXPECT_EQ(res.method, "alias");
    const auto only_title = make({{1, "a.md", "Query Plans Explained", {}, {}}});
    const auto t = only_title.resolve("x.md", 9, "wiki", "query plans explained");
    EXPECT_EQ(t.note_id, 1);
    EXPECT_EQ(t.method, "title");
}

TEST(Resolve, BrokenWhenNothingMatches) {
    const auto r = make({{1, "a.md", "A", {}, {}}});
    const auto res = r.resolve("x.md", 9, "wiki", "missing");
    EXPECT_EQ(res.note_id, 0);
    EXPECT_TRUE(res.method.empty());
}

TEST(Resolve, EmptyTargetIsTheSourceNote) {
    const auto r = make({{1, "a.md", "A", {}, {}}});
    const auto res = r.resolve("a.md", 1, "wiki", "");
    EXPECT_EQ(res.note_id, 1);
    EXPECT_EQ(res.method, "self");
}

TEST(Resolve, TargetKey) {
    EXPECT_EQ(notes::target_key(" My Note.md "), "my note");
    EXPECT_EQ(notes::target_key("a/B.markdown"), "a/b");
    EXPECT_EQ(notes::target_key("v1.2"), "v1.2");
}

TEST(Resolve, JoinVaultPath) {
    EXPECT_EQ(notes::join_vault_path("a/b", "../c"), "a/c");
    EXPECT_EQ(notes::join_vault_path("", "./x/y"), "x/y");
    EXPECT_EQ(notes::join_vault_path("a", "../../x"), "");
}

TEST(NamesAFile, NonNoteFileTypes) {
    for (const char* t :
         {"pic.png", "a/b/Photo.JPG", "scan.pdf", "talk.mp3", "clip.mp4", "data.csv",
          "board.canvas", "sketch.excalidraw", "x.svg", "notes.txt", "sheet.xlsx", "Albums.base", "build.sh"}) {
        EXPECT_TRUE(notes::names_a_file(t)) << t;
    }
}

TEST(NamesAFile, NotesAndNamesWithDots) {
    for (const char* t : {"Note", "Note.md", "dir/Note.markdown", "NOTE.MD", "v1.2 release",
                          "Dr. Who", "2024.01.02", "img.png/child", ".png", "dir.pdf/x", ""}) {
        EXPECT_FALSE(notes::names_a_file(t)) << t;
    }
}

// --- attachments, names, dialects ---------------------------------------------

TEST(Resolve, AFileThatIsNotANoteIsFoundByPathOrByNameAnywhere) {
    const LinkResolver r({{1, "Drawing 1.excalidraw.md", "", {}, {}}},
                         {{10, "Templates/Bases/Albums.base"}, {11, "img/cover.png"}, {12, "notes/img/cover.png"}});
    auto res = r.resolve("x.md", 9, "embed", "Albums.base");
    EXPECT_EQ(res.file_id, 10);
    EXPECT_EQ(res.method, "name");
    res = r.resolve("notes/x.md", 9, "embed", "img/cover.png");  // the folder first, for embeds
    EXPECT_EQ(res.file_id, 12);
    EXPECT_EQ(res.method, "path");
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "img/cover.png").file_id, 11);
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "elsewhere/cover.png").file_id, 11);  // by name, as Obsidian
    // The note x.excalidraw.md wins over a file x.excalidraw; no extension, no file.
    EXPECT_EQ(r.resolve("x.md", 9, "embed", "Drawing 1.excalidraw").note_id, 1);
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "Albums").file_id, 0);
    EXPECT_EQ(r.resolve("x.md", 9, "embed", "missing.png").file_id, 0);
}

TEST(Resolve, OnlyALinkNameResolvesByTitle) {
    // The store gives a note's link name (a front-matter title) as `title`;
    // a note titled by a heading has none.
    const LinkResolver r({{1, "Scarcity.md", "", {}, {}}, {2, "Rain.md", "Rain (weather)", {}, {}}});
    EXPECT_EQ(r.resolve("Ice.md", 9, "wiki", "Water").note_id, 0);
    EXPECT_EQ(r.resolve("Ice.md", 9, "wiki", "rain (WEATHER)").note_id, 2);
}

TEST(Resolve, AWholeNameEndingInMarkdownBeforeTheNameWithoutIt) {
    const LinkResolver r({{1, "dendron.topic.md", "", {}, {}}, {2, "dendron.topic.markdown.md", "", {}, {}}});
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "dendron.topic.markdown").note_id, 2);
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "dendron.topic.md").note_id, 1);
}

TEST(Resolve, LogseqLooksUpPageNamesAndAliasesFirst) {
    const LinkResolver r({{1, "pages/Whiteboard___Action Bar.md", "Whiteboard/Action Bar", {}, {}},
                          {2, "pages/Breaking Changes.md", "Breaking Changes", {"breaking change"}, {}},
                          {3, "pages/breaking change.md", "x", {}, {"634fb0a7-1d17-4c1e-b9f0-5c4d6ee0a0f1"}}},
                         {}, notes::Dialect::logseq);
    EXPECT_EQ(r.resolve("pages/a.md", 9, "wiki", "whiteboard/action bar").note_id, 1);
    EXPECT_EQ(r.resolve("pages/a.md", 9, "wiki", "Breaking Change").note_id, 2);  // the alias before the file
    EXPECT_EQ(r.resolve_block("634FB0A7-1D17-4C1E-B9F0-5C4D6EE0A0F1").note_id, 3);
    EXPECT_EQ(r.resolve_block("00000000-0000-4000-8000-000000000000").note_id, 0);
}

TEST(Resolve, DendronByFileNameWithDashesAndParentsUpTheHierarchy) {
    const LinkResolver r({{1, "vault/root.md", "", {}, {}},
                          {2, "vault/dendron.md", "", {}, {}},
                          {3, "vault/dendron.note-reference.md", "", {}, {}}},
                         {}, notes::Dialect::dendron);
    EXPECT_EQ(r.resolve("vault/x.md", 9, "wiki", "dendron.note reference").note_id, 3);
    auto res = r.resolve("vault/dendron.a.b.md", 9, "parent", "dendron.a");
    EXPECT_EQ(res.note_id, 2);
    EXPECT_EQ(res.method, "parent");
    EXPECT_EQ(r.resolve("vault/pkg.x.md", 9, "parent", "pkg").note_id, 1);  // the root
    // Other dialects read a `parent:` front-matter key as any other link.
    const LinkResolver obsidian({{2, "dendron.md", "", {}, {}}});
    EXPECT_EQ(obsidian.resolve("x.md", 9, "parent", "dendron.a").note_id, 0);
}
