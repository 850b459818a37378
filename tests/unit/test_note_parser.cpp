// Whole-file parsing: the fallbacks between front matter and body (PRODUCT.md §2).
#include "notes/parse/note_parser.hpp"

#include <gtest/gtest.h>

using notes::parse::parse_note;

TEST(NoteParser, TitleFromFrontMatterWithMarkdownRemoved) {
    const auto n = parse_note("a.md", "a", "---\ntitle: '**8 Python**   Techniques'\n---\n# Other\n");
    EXPECT_EQ(n.title, "8 Python Techniques");
    EXPECT_EQ(n.title_source, "front_matter");
}

TEST(NoteParser, TitleFromFoldedYamlString) {
    const auto n = parse_note("a.md", "a",
                              "---\ntitle: '**8 Python Database Techniques Every Developer Needs for Scalable, Reliable\n"
                              "  Applications**'\n---\n");
    EXPECT_EQ(n.title, "8 Python Database Techniques Every Developer Needs for Scalable, Reliable Applications");
}

TEST(NoteParser, TitleFallsBackToALevelOneHeadingThatIsTheFirstBlock) {
    const auto n = parse_note("a.md", "a", "\n<!-- omit in toc -->\n\n# The *Real* Title[^1]\n## Two\n# Later\n");
    EXPECT_EQ(n.title, "The Real Title");
    EXPECT_EQ(n.title_source, "heading");
    EXPECT_EQ(n.link_name, "");  // a heading never names a note for links
}

TEST(NoteParser, AHeadingHalfwayDownIsASectionNotTheTitle) {
    for (const char* body : {"intro\n## Two\n# The Real Title\n", "## Two\n# Todo\n",
                             "- item\n\n# Todo\n", "```\ncode\n```\n# Example\n", "> quote\n\n# Footer\n"}) {
        const auto n = parse_note("dir/Scarcity.md", "Scarcity", body);
        EXPECT_EQ(n.title, "Scarcity") << body;
        EXPECT_EQ(n.title_source, "slug") << body;
    }
}

TEST(NoteParser, TitleFallsBackToSlug) {
    const auto n = parse_note("dir/My Note.md", "My Note", "");
    EXPECT_EQ(n.title, "My Note");
    EXPECT_EQ(n.title_source, "slug");
}

TEST(NoteParser, InvalidYamlStillGivesBodyTitleAndWarning) {
    const auto n = parse_note("bad.md", "bad", "---\ntitle: 'unclosed\ntags: [a\n---\n# Heading Title\n#tag here\n");
    EXPECT_TRUE(n.front_matter_invalid);
    EXPECT_EQ(n.title, "Heading Title");
    ASSERT_FALSE(n.warnings.empty());
    EXPECT_EQ(n.warnings[0].path, "bad.md");
    EXPECT_GE(n.warnings[0].line, 2);
    EXPECT_GT(n.warnings[0].column, 0);
    ASSERT_EQ(n.tags.size(), 1u);
    EXPECT_EQ(n.tags[0].name, "tag");
    EXPECT_EQ(n.tags[0].line, 6);
}

TEST(NoteParser, DateFromFrontMatter) {
    EXPECT_EQ(parse_note("a.md", "a", "---\ndate: 2026-02-28\n---\n").date, "2026-02-28");
    EXPECT_EQ(parse_note("a.md", "a", "---\ncreated: 2026-03-01T09:30:00\n---\n").date, "2026-03-01T09:30:00");
}

TEST(NoteParser, DateFallsBackToFileNamePrefix) {
    EXPECT_EQ(parse_note("2026-02-23-x.md", "2026-02-23-x", "body\n").date, "2026-02-23");
    EXPECT_EQ(parse_note("2026-02-30-x.md", "2026-02-30-x", "body\n").date, "");
    EXPECT_EQ(parse_note("x.md", "x", "body\n").date, "");
}

TEST(NoteParser, UnparseableDateWarnsAndDoesNotFallBack) {
    const auto n = parse_note("2026-02-23-x.md", "2026-02-23-x", "---\ndate: next tuesday\n---\n");
    EXPECT_EQ(n.date, "");
    ASSERT_EQ(n.warnings.size(), 1u);
    EXPECT_EQ(n.warnings[0].line, 2);
}

TEST(NoteParser, FrontMatterWikiLinksBecomeLinksOfTheKeysKind) {
    const auto n = parse_note("a.md", "a",
                              "---\nrelated:\n- '[[b]]'\n- '[[c|C]]'\nup: \"[[parent]]\"\nsource: x\n---\n"
                              "Body [[d]]\n");
    ASSERT_EQ(n.links.size(), 4u);
    EXPECT_EQ(n.links[0].kind, "related");
    EXPECT_EQ(n.links[0].target, "b");
    EXPECT_EQ(n.links[0].line, 3);
    EXPECT_EQ(n.links[1].label, "C");
    EXPECT_EQ(n.links[2].kind, "up");
    EXPECT_EQ(n.links[2].target, "parent");
    EXPECT_EQ(n.links[2].line, 5);
    EXPECT_EQ(n.links[3].kind, "wiki");
    EXPECT_EQ(n.links[3].line, 8);
}

TEST(NoteParser, TagsFromFrontMatterThenBody) {
    const auto n = parse_note("a.md", "a", "---\ntags: ['#sql', python]\n---\nText #sql #Inline\n");
    std::vector<std::string> names;
    for (const auto& t : n.tags) names.push_back(t.name);
    EXPECT_EQ(names, (std::vector<std::string>{"sql", "python", "sql", "Inline"}));
    EXPECT_TRUE(n.tags[0].from_front_matter);
    EXPECT_FALSE(n.tags[2].from_front_matter);
}

TEST(NoteParser, UnterminatedFrontMatterIsBodyWithWarning) {
    const auto n = parse_note("a.md", "a", "---\ntitle: x\n# Heading\n");
    ASSERT_EQ(n.warnings.size(), 1u);
    EXPECT_EQ(n.warnings[0].line, 1);
    EXPECT_TRUE(n.front_matter_json.empty());
}

TEST(NoteParser, CrlfFileLinesAreExact) {
    const auto n = parse_note("a.md", "a", "---\r\ntags: [x]\r\n---\r\n\r\nSee [[b]] #t\r\n");
    ASSERT_EQ(n.links.size(), 1u);
    EXPECT_EQ(n.links[0].line, 5);
    EXPECT_EQ(n.links[0].target, "b");
    EXPECT_EQ(n.tags.back().name, "t");
}

TEST(NoteParser, NulBytesAndInvalidUtf8AreRepairedWithWarnings) {
    const auto n = parse_note("a.md", "a", std::string("ok\nbad \xFF here\nnul \0 here [[x]]\n", 30));
    ASSERT_EQ(n.warnings.size(), 2u);
    EXPECT_EQ(n.warnings[0].line, 2);
    EXPECT_EQ(n.warnings[1].line, 3);
    ASSERT_EQ(n.links.size(), 1u);
    EXPECT_EQ(n.links[0].line, 3);
}

TEST(NoteParser, EmptyFile) {
    const auto n = parse_note("empty.md", "empty", "");
    EXPECT_EQ(n.title, "empty");
    EXPECT_TRUE(n.links.empty());
    ASSERT_EQ(n.warnings.size(), 1u);
    EXPECT_EQ(n.warnings[0].message, "empty file");
    EXPECT_EQ(n.word_count, 0);
}

TEST(NoteParser, FrontMatterJsonAndFieldsKept) {
    const auto n = parse_note("a.md", "a", "---\ndomain: SQL\nstatus: unread\nrating: 4\n---\n");
    EXPECT_EQ(n.domain, "SQL");
    EXPECT_EQ(n.status, "unread");
    EXPECT_NE(n.front_matter_json.find("\"rating\":4"), std::string::npos);
    EXPECT_EQ(n.fields.size(), 3u);
}
