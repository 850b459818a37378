#include "notes/index/vault.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>

namespace fs = std::filesystem;
using notes::Config;
using notes::IgnoreRules;

namespace {

class VaultDir : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "notes-vault-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        root = tmpl;
    }
    void TearDown() override { fs::remove_all(root); }
    void touch(const std::string& rel) {
        fs::create_directories((root / rel).parent_path());
        std::ofstream(root / rel) << "x";
    }
    std::vector<std::string> paths(const Config& config = {}) {
        std::vector<std::string> out;
        for (const auto& f : notes::index::scan_vault(root, config).files) out.push_back(f.path);
        return out;
    }
    fs::path root;
};

}  // namespace

TEST(Vault, NoteFileNames) {
    EXPECT_TRUE(notes::is_note_file_name("a.md"));
    EXPECT_TRUE(notes::is_note_file_name("a.MD"));
    EXPECT_TRUE(notes::is_note_file_name("a.Markdown"));
    EXPECT_FALSE(notes::is_note_file_name("a.txt"));
    EXPECT_FALSE(notes::is_note_file_name(".md"));
    EXPECT_FALSE(notes::is_note_file_name("amd"));
}

TEST(Vault, SlugOf) {
    EXPECT_EQ(notes::slug_of("a/b/My Note.md"), "My Note");
    EXPECT_EQ(notes::slug_of("x.markdown"), "x");
    EXPECT_EQ(notes::slug_of("v1.2 notes.md"), "v1.2 notes");
}

TEST(Vault, IgnoreRulesBasename) {
    IgnoreRules rules({"*.tmp.md", "drafts/"});
    EXPECT_TRUE(rules.ignored("a/b/x.tmp.md", false));
    EXPECT_TRUE(rules.ignored("a/drafts", true));
    EXPECT_FALSE(rules.ignored("a/drafts", false));  // dir-only rule
    EXPECT_FALSE(rules.ignored("a/x.md", false));
}

TEST(Vault, IgnoreRulesAnchoredAndDoubleStar) {
    IgnoreRules rules({"/archive", "templates/**/*.md", "!templates/keep.md"});
    EXPECT_TRUE(rules.ignored("archive", true));
    EXPECT_FALSE(rules.ignored("x/archive", true));
    EXPECT_TRUE(rules.ignored("templates/a/b/c.md", false));
    EXPECT_TRUE(rules.ignored("templates/c.md", false));
    EXPECT_FALSE(rules.ignored("templates/keep.md", false));
}

TEST_F(VaultDir, FindsNotesRecursivelyInPathOrder) {
    touch("b.md");
    touch("a/c.MD");
    touch("a/d.markdown");
    touch("a/e.txt");
    EXPECT_EQ(paths(), (std::vector<std::string>{"a/c.MD", "a/d.markdown", "b.md"}));
}

TEST_F(VaultDir, SkipsDotDirectories) {
    touch(".obsidian/w.md");
    touch(".notes/x.md");
    touch(".trash/y.md");
    touch("n.md");
    EXPECT_EQ(paths(), (std::vector<std::string>{"n.md"}));
}

TEST_F(VaultDir, HonoursIgnoreGlobs) {
    touch("templates/t.md");
    touch("n.md");
    Config config;
    config.ignore = {"templates/"};
    EXPECT_EQ(paths(config), (std::vector<std::string>{"n.md"}));
}

TEST_F(VaultDir, SymlinksNotFollowedByDefault) {
    touch("real/n.md");
    fs::create_directory_symlink(root / "real", root / "link");
    EXPECT_EQ(paths(), (std::vector<std::string>{"real/n.md"}));
}

TEST_F(VaultDir, FollowedSymlinksStayInsideAndLoopsAreDetected) {
    touch("real/n.md");
    fs::create_directory_symlink(root / "real", root / "link");
    fs::create_directory_symlink(root, root / "real" / "loop");
    fs::create_directory_symlink("/usr/share", root / "outside");
    Config config;
    config.follow_symlinks = true;
    const auto scan = notes::index::scan_vault(root, config);
    std::vector<std::string> got;
    for (const auto& f : scan.files) got.push_back(f.path);
    // "link/loop" and "real/loop" lead back to the root, which is an ancestor
    // on the current walk: a loop, reported and skipped.
    EXPECT_EQ(got, (std::vector<std::string>{"link/n.md", "real/n.md"}));
    bool outside_warned = false;
    for (const auto& w : scan.warnings) {
        if (w.path == "outside" && w.message.find("outside the vault") != std::string::npos) outside_warned = true;
    }
    EXPECT_TRUE(outside_warned);
}

TEST(Vault, FindVaultRootPrefersFlagThenEnvThenAncestor) {
    std::string tmpl = (fs::temp_directory_path() / "notes-root-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    const fs::path root = tmpl;
    fs::create_directories(root / ".notes");
    fs::create_directories(root / "a" / "b");
    EXPECT_EQ(notes::index::find_vault_root(fs::path("/tmp"), "/srv", root / "a" / "b"), fs::path("/tmp"));
    EXPECT_EQ(notes::index::find_vault_root(std::nullopt, "/srv", root / "a" / "b"), fs::path("/srv"));
    EXPECT_EQ(notes::index::find_vault_root(std::nullopt, nullptr, root / "a" / "b"), root);
    EXPECT_EQ(notes::index::find_vault_root(std::nullopt, "", fs::path("/")), fs::path("/"));
    fs::remove_all(root);
}

TEST_F(VaultDir, ManyNotesGetTheirOwnSizeAndTimeInPathOrder) {
    // Over 4,096 notes: their sizes and times are read on several threads
    // after the walk. Each note's size is its own, and so is its time.
    std::vector<std::string> expected;
    for (int i = 0; i < 5000; ++i) {
        const std::string rel = (i % 3 == 0 ? "a/" : i % 3 == 1 ? "a-b/" : "") + std::to_string(i) + ".md";
        fs::create_directories((root / rel).parent_path());
        std::ofstream(root / rel) << std::string(static_cast<std::size_t>(i % 97), 'x');
        const auto t = fs::file_time_type(std::chrono::seconds(1'700'000'000 + i));
        fs::last_write_time(root / rel, t);
        expected.push_back(rel);
    }
    std::sort(expected.begin(), expected.end());
    const auto scan = notes::index::scan_vault(root, Config{});
    ASSERT_EQ(scan.files.size(), expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
        const auto& f = scan.files[k];
        ASSERT_EQ(f.path, expected[k]);
        const int i = std::stoi(fs::path(f.path).stem().string());
        EXPECT_EQ(f.size, i % 97) << f.path;
        struct stat st {};
        ASSERT_EQ(::stat((root / f.path).c_str(), &st), 0);
        EXPECT_EQ(f.mtime_ns, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec)
            << f.path;
    }
}
