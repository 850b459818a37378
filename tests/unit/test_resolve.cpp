// PRODUCT.md §4, one test per rule and tie-break.
#include "notes/core/resolve.hpp"

#include <gtest/gtest.h>

using notes::LinkResolver;
using notes::NoteName;

namespace {

LinkResolver make(std::vector<NoteName> notes) { return LinkResolver(std::move(notes)); }

}  // namespace

TEST(Resolve, BySlugCaseInsensitiveWithOrWithoutMd) {
    const auto r = make({{1, "notes/My Note.md", "Some title", {}}});
    for (const char* target : {"My Note", "my note", "MY NOTE.md", "My Note.MD"}) {
        const auto res = r.resolve("x.md", 9, "wiki", target);
        EXPECT_EQ(res.note_id, 1) << target;
        EXPECT_EQ(res.method, "slug") << target;
    }
}

TEST(Resolve, NfdFileNameMatchesNfcTarget) {
    const auto r = make({{1, "Cafe\xCC\x81.md", "", {}}});
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "caf\xC3\xA9").note_id, 1);
}

TEST(Resolve, PathFromVaultRoot) {
    const auto r = make({{1, "a/b/note.md", "", {}}, {2, "c/a/b/note.md", "", {}}});
    const auto res = r.resolve("c/x.md", 9, "wiki", "a/b/note");
    EXPECT_EQ(res.note_id, 1);
    EXPECT_EQ(res.method, "path");
}

TEST(Resolve, PathRelativeToSourceFolderWhenNotFromRoot) {
    const auto r = make({{1, "c/a/note.md", "", {}}});
    const auto res = r.resolve("c/x.md", 9, "wiki", "a/note.md");
    EXPECT_EQ(res.note_id, 1);
    EXPECT_EQ(res.method, "path");
}

TEST(Resolve, PathWithDotDot) {
    const auto r = make({{1, "a/note.md", "", {}}});
    EXPECT_EQ(r.resolve("b/x.md", 9, "markdown", "../a/note.md").note_id, 1);
    EXPECT_EQ(r.resolve("x.md", 9, "markdown", "../a/note.md").note_id, 0);  // above the root
}

TEST(Resolve, MarkdownLinkPrefersTheSourceFolder) {
    const auto r = make({{1, "a/note.md", "", {}}, {2, "b/a/note.md", "", {}}});
    EXPECT_EQ(r.resolve("b/x.md", 9, "markdown", "a/note.md").note_id, 2);
    EXPECT_EQ(r.resolve("b/x.md", 9, "wiki", "a/note").note_id, 1);
}

TEST(Resolve, PartialPathMatchesPathEnd) {
    const auto r = make({{1, "area/sub/note.md", "", {}}});
    const auto res = r.resolve("x.md", 9, "wiki", "sub/note");
    EXPECT_EQ(res.note_id, 1);
    EXPECT_EQ(res.method, "path");
}

TEST(Resolve, PathTargetDoesNotFallBackToSlug) {
    const auto r = make({{1, "note.md", "", {}}});
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "elsewhere/note").note_id, 0);
}

TEST(Resolve, DuplicateSlugPrefersSourceFolder) {
    const auto r = make({{1, "index-tuning.md", "", {}}, {2, "projects/index-tuning.md", "", {}}});
    EXPECT_EQ(r.resolve("projects/x.md", 9, "wiki", "index-tuning").note_id, 2);
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "index-tuning").note_id, 1);
}

TEST(Resolve, DuplicateSlugElseShortestPath) {
    const auto r = make({{1, "aaaa/bbbb/n.md", "", {}}, {2, "zz/n.md", "", {}}});
    EXPECT_EQ(r.resolve("other/x.md", 9, "wiki", "n").note_id, 2);
}

TEST(Resolve, DuplicateSlugElseFirstInPathOrder) {
    const auto r = make({{7, "b/n.md", "", {}}, {3, "a/n.md", "", {}}});
    EXPECT_EQ(r.resolve("c/x.md", 9, "wiki", "n").note_id, 3);
    EXPECT_EQ(r.slug_count("n"), 2u);
}

TEST(Resolve, AliasWhenNoSlugMatches) {
    const auto r = make({{1, "long-name.md", "", {"Short", "Other"}}});
    const auto res = r.resolve("x.md", 9, "wiki", "short");
    EXPECT_EQ(res.note_id, 1);
    EXPECT_EQ(res.method, "alias");
}

TEST(Resolve, SlugBeatsAlias) {
    const auto r = make({{1, "a.md", "", {"b"}}, {2, "b.md", "", {}}});
    EXPECT_EQ(r.resolve("x.md", 9, "wiki", "b").note_id, 2);
}

TEST(Resolve, TitleAfterAlias) {
    const auto r = make({{1, "a.md", "Query Plans Explained", {}}, {2, "b.md", "", {"query plans explained"}}});
    const auto res = r.resolve("x.md", 9, "wiki", "Query plans explained");
    EXPECT_EQ(res.note_id, 2);
    EXPECT_EQ(res.method, "alias");
    const auto only_title = make({{1, "a.md", "Query Plans Explained", {}}});
    const auto t = only_title.resolve("x.md", 9, "wiki", "query plans explained");
    EXPECT_EQ(t.note_id, 1);
    EXPECT_EQ(t.method, "title");
}

TEST(Resolve, BrokenWhenNothingMatches) {
    const auto r = make({{1, "a.md", "A", {}}});
    const auto res = r.resolve("x.md", 9, "wiki", "missing");
    EXPECT_EQ(res.note_id, 0);
    EXPECT_TRUE(res.method.empty());
}

TEST(Resolve, EmptyTargetIsTheSourceNote) {
    const auto r = make({{1, "a.md", "A", {}}});
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
