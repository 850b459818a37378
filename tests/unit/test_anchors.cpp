// Anchors as each tool compares them (core/anchors.hpp, docs/dialects.md).
#include "notes/core/anchors.hpp"

#include <gtest/gtest.h>

#include "notes/core/text.hpp"

namespace notes {
namespace {

std::vector<AnchorHeading> headings(std::initializer_list<std::pair<int, const char*>> list) {
    std::vector<AnchorHeading> out;
    std::vector<std::string> texts;
    for (const auto& [level, text] : list) texts.emplace_back(text);
    const std::vector<std::string> slugs = heading_slugs(texts);
    std::size_t i = 0;
    for (const auto& [level, text] : list) out.push_back({level, heading_match_key(text), slugs[i++]});
    return out;
}

TEST(Anchors, ObsidianDropsItsPunctuationSetAndCase) {
    EXPECT_EQ(heading_match_key("How large can each vault be?"), "how large can each vault be");
    EXPECT_EQ(heading_match_key("`move`"), "move");
    EXPECT_EQ(heading_match_key("Foo: Bar"), "foo bar");
    EXPECT_EQ(heading_match_key("100% [done]"), "100 done");
    EXPECT_EQ(heading_match_key("**8 Python** tips"), "8 python tips");
    EXPECT_EQ(heading_match_key("C++ / C#"), "c c");
    // Kept: '-', '_', apostrophes and non-ASCII punctuation.
    EXPECT_EQ(heading_match_key("_Draft_ notes"), "_draft_ notes");
    EXPECT_EQ(heading_match_key("Don't – panic"), "don't – panic");
}

TEST(Anchors, GitHubSlugs) {
    EXPECT_EQ(text::github_slug("What's in a Foam?"), "whats-in-a-foam");
    EXPECT_EQ(text::github_slug("Draw.io"), "drawio");
    EXPECT_EQ(text::github_slug("a - b"), "a---b");
    EXPECT_EQ(text::github_slug("0.31.3"), "0313");
    EXPECT_EQ(text::github_slug("Émoji 🎉 snake_case"), "émoji--snake_case");
    EXPECT_EQ(heading_slugs({"Tasks", "Tasks", "Tasks-1", "Tasks"}),
              (std::vector<std::string>{"tasks", "tasks-1", "tasks-1-1", "tasks-2"}));
}

TEST(Anchors, OneHeadingByKeyAndMarkdownLinksBySlugToo) {
    const auto h = headings({{1, "FAQ"}, {2, "Tab stacks"}});
    EXPECT_TRUE(anchor_exists("tab   STACKS", AnchorStyle::obsidian, h, {}));
    EXPECT_FALSE(anchor_exists("tab-stacks", AnchorStyle::obsidian, h, {}));
    EXPECT_TRUE(anchor_exists("tab-stacks", AnchorStyle::obsidian_or_slug, h, {}));
    EXPECT_FALSE(anchor_exists("tabs", AnchorStyle::obsidian_or_slug, h, {}));
}

TEST(Anchors, AHeadingPathWalksDeeperInOrder) {
    const auto h = headings({{1, "A"}, {2, "B"}, {1, "D"}, {3, "C"}, {2, "B"}});
    EXPECT_TRUE(anchor_exists("A#B", AnchorStyle::obsidian, h, {}));
    // C comes after A and is deeper; it need not be inside A's section.
    EXPECT_TRUE(anchor_exists("A#C", AnchorStyle::obsidian, h, {}));
    EXPECT_FALSE(anchor_exists("B#A", AnchorStyle::obsidian, h, {}));
    EXPECT_FALSE(anchor_exists("A#D", AnchorStyle::obsidian, h, {}));  // D is not deeper than A
    EXPECT_TRUE(anchor_exists("A##B#", AnchorStyle::obsidian, h, {}));  // empty pieces dropped
}

TEST(Anchors, BlockIdsMatchWhateverTheirCase) {
    EXPECT_TRUE(anchor_exists("^Quote-Of-The-Day", AnchorStyle::obsidian, {}, {"quote-of-the-day"}));
    EXPECT_FALSE(anchor_exists("^other", AnchorStyle::obsidian, {}, {"quote-of-the-day"}));
}

TEST(Anchors, DendronRanges) {
    const auto h = headings({{2, "Motivation"}, {2, "Why Hierarchies?"}, {3, "0.31.3"}});
    const std::vector<std::string> blocks{"1f1egthix10t"};
    EXPECT_TRUE(anchor_exists("motivation", AnchorStyle::dendron, h, blocks));
    EXPECT_TRUE(anchor_exists("Motivation", AnchorStyle::dendron, h, blocks));
    EXPECT_TRUE(anchor_exists("why-hierarchies,1:#*", AnchorStyle::dendron, h, blocks));
    EXPECT_TRUE(anchor_exists("motivation:#0313", AnchorStyle::dendron, h, blocks));
    EXPECT_TRUE(anchor_exists("motivation:#^1f1egthix10t", AnchorStyle::dendron, h, blocks));
    EXPECT_TRUE(anchor_exists("^begin", AnchorStyle::dendron, h, blocks));
    EXPECT_FALSE(anchor_exists("motivation:#gone", AnchorStyle::dendron, h, blocks));
    EXPECT_FALSE(anchor_exists("gone,2:#*", AnchorStyle::dendron, h, blocks));
}

TEST(Anchors, StylePerDialectAndKind) {
    EXPECT_EQ(anchor_style(Dialect::obsidian, "wiki"), AnchorStyle::obsidian);
    EXPECT_EQ(anchor_style(Dialect::obsidian, "markdown"), AnchorStyle::obsidian_or_slug);
    EXPECT_EQ(anchor_style(Dialect::foam, "wiki"), AnchorStyle::obsidian_or_slug);
    EXPECT_EQ(anchor_style(Dialect::dendron, "embed"), AnchorStyle::dendron);
    EXPECT_EQ(anchor_style(Dialect::dendron, "markdown"), AnchorStyle::obsidian_or_slug);
}

}  // namespace
}  // namespace notes
