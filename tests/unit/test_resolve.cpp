// PRODUCT.md §4, one test per rule and tie-break.
#include "notes/core/resolve.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "notes/core/paths.hpp"
#include "notes/core/text.hpp"

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

TEST(LinkNameKey, IsTheFoldedLastSegmentOfTheTarget) {
    EXPECT_EQ(notes::link_name_key("My Note"), "my note");
    EXPECT_EQ(notes::link_name_key("area/Sub Note.md"), "sub note");
    EXPECT_EQ(notes::link_name_key("../x.MD"), "x");
    EXPECT_EQ(notes::link_name_key("photo.PNG"), "photo.png");
    EXPECT_EQ(notes::link_name_key("x.markdown"), "x");
    EXPECT_EQ(notes::link_name_key("a/b/"), "b");
    EXPECT_EQ(notes::link_name_key("./a/./b"), "b");
    EXPECT_EQ(notes::link_name_key("Cafe\xCC\x81"), "caf\xC3\xA9");
    EXPECT_EQ(notes::link_name_key(""), "");
    EXPECT_EQ(notes::link_name_key("a/.."), std::nullopt);
}

TEST(LinkNameKey, ANoteOrFileChangesOnlyTheResolutionOfLinksWithItsNames) {
    // The contract incremental runs rely on: in vaults made at random, adding
    // a note or a file changes how a link resolves only when one of its
    // names (slug, alias, title; file name), or that name without a note
    // extension, is the link's link_name_key(); removing one changes only
    // the links that resolved to it.
    const std::vector<std::string> folders{"", "a/", "a/b/", "c/"};
    const std::vector<std::string> names{"n0", "N0", "n1", "x.markdown", "x", "caf\xC3\xA9", "Cafe\xCC\x81", "p.png"};
    std::vector<std::string> targets;
    for (const auto& f : folders) {
        for (const auto& n : names) {
            targets.push_back(f + n);
            targets.push_back("../" + f + n);
            targets.push_back(n + ".md");
            targets.push_back("/" + f + n);
        }
    }
    targets.insert(targets.end(), {"T0", "t1", "A0", "a1", "", "a/..", "b/n0"});
    std::uint64_t state = 42;
    auto pick = [&](std::size_t n) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::size_t>((state >> 33) % n);
    };
    auto random_note = [&](std::int64_t id) {
        NoteName n{id, folders[pick(folders.size())] + names[pick(5)] + ".md", "", {}, {}};
        if (pick(3) == 0) n.title = "T" + std::to_string(pick(2));
        if (pick(3) == 0) n.aliases.push_back("A" + std::to_string(pick(2)));
        return n;
    };
    auto keys_of = [](const NoteName& n) {
        std::vector<std::string> keys{notes::text::fold_key(notes::slug_of(n.path))};
        if (!n.title.empty()) keys.push_back(notes::text::fold_key(n.title));
        for (const auto& a : n.aliases) keys.push_back(notes::text::fold_key(a));
        std::vector<std::string> all = keys;
        for (const auto& k : keys) all.push_back(notes::target_key(k));
        return all;
    };
    int changed = 0;
    for (int round = 0; round < 300; ++round) {
        std::vector<NoteName> notes_before;
        std::vector<notes::FileName> files;
        for (std::int64_t id = 1; id <= 6; ++id) notes_before.push_back(random_note(id));
        files.push_back({100, folders[pick(folders.size())] + "p.png"});
        const NoteName added = random_note(7);
        std::vector<NoteName> notes_after = notes_before;
        notes_after.push_back(added);
        std::vector<notes::FileName> more_files = files;
        more_files.push_back({101, folders[pick(folders.size())] + "p.png"});
        const LinkResolver before(notes_before, files);
        const LinkResolver after(notes_after, files);
        const LinkResolver with_file(notes_before, more_files);
        for (const std::string& target : targets) {
            const std::string source = folders[pick(folders.size())] + "s.md";
            for (const char* kind : {"wiki", "markdown", "embed"}) {
                const auto r0 = before.resolve(source, 99, kind, target);
                const auto r1 = after.resolve(source, 99, kind, target);
                const auto r2 = with_file.resolve(source, 99, kind, target);
                const auto key = notes::link_name_key(target);
                if (r0.note_id != r1.note_id || r0.file_id != r1.file_id || r0.method != r1.method) {
                    ++changed;
                    const auto keys = keys_of(added);
                    EXPECT_TRUE(!key || std::find(keys.begin(), keys.end(), *key) != keys.end())
                        << "adding " << added.path << " changed " << target << " from " << source;
                    // Removing it again changes only the links that resolve to it.
                    EXPECT_EQ(r1.note_id, added.id) << target;
                }
                if (r0.file_id != r2.file_id) {
                    const std::string& path = more_files.back().path;
                    const std::string file_key = notes::text::fold_key(path.substr(path.rfind('/') + 1));
                    EXPECT_TRUE(!key || *key == file_key) << "a file changed " << target;
                }
            }
        }
    }
    EXPECT_GT(changed, 100);  // the vaults really exercised the rule
}
