// The wiki-link grammar and the classification of link targets.

#include "notes/parse/links.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace notes::parse {
namespace {

// "kind|target|anchor|label|line": one string per link, so that a failure
// shows every field at once.
std::string describe(const Link& link) {
    return link.kind + "|" + link.target + "|" + link.anchor + "|" + link.label + "|" +
           std::to_string(link.line);
}

std::string inner(std::string_view s) {
    const auto link = parse_wiki_inner(s);
    return link ? describe(*link) : "none";
}

std::vector<std::string> scan(std::string_view text, std::string_view kind = "related",
                              int line = 1) {
    std::vector<std::string> out;
    for (const Link& link : scan_wiki_links(text, kind, line)) out.push_back(describe(link));
    return out;
}

using Strings = std::vector<std::string>;

TEST(ParseWikiInner, TargetOnly) {
    EXPECT_EQ(inner("Some Note"), "wiki|Some Note|||0");
}

TEST(ParseWikiInner, TargetAndLabel) {
    EXPECT_EQ(inner("Some Note|shown"), "wiki|Some Note||shown|0");
}

TEST(ParseWikiInner, Heading) {
    EXPECT_EQ(inner("Note#Setup"), "wiki|Note|Setup||0");
}

TEST(ParseWikiInner, NestedHeadingsKeepTheirPath) {
    EXPECT_EQ(inner("Note#H1#H2"), "wiki|Note|H1#H2||0");
}

TEST(ParseWikiInner, BlockReferenceKeepsCaret) {
    EXPECT_EQ(inner("Note#^block-1"), "wiki|Note|^block-1||0");
}

TEST(ParseWikiInner, SameNoteHeadingHasEmptyTarget) {
    EXPECT_EQ(inner("#Heading"), "wiki||Heading||0");
}

TEST(ParseWikiInner, HeadingAndLabel) {
    EXPECT_EQ(inner("Note#Part|see part"), "wiki|Note|Part|see part|0");
}

TEST(ParseWikiInner, EscapedPipeOfTablesSeparatesLabel) {
    EXPECT_EQ(inner(R"(a\|b)"), "wiki|a||b|0");
}

TEST(ParseWikiInner, ExtensionIsKept) {
    EXPECT_EQ(inner("dir/Note.md"), "wiki|dir/Note.md|||0");
}

TEST(ParseWikiInner, TrimsSpaces) {
    EXPECT_EQ(inner("  Note # Part | label  "), "wiki|Note|Part|label|0");
}

TEST(ParseWikiInner, OnlyTheFirstPipeSeparates) {
    EXPECT_EQ(inner("a|b|c"), "wiki|a||b|c|0");
}

TEST(ParseWikiInner, NothingToLinkTo) {
    EXPECT_EQ(inner(""), "none");
    EXPECT_EQ(inner("   "), "none");
    EXPECT_EQ(inner("|label"), "none");
    EXPECT_EQ(inner("#"), "none");
    EXPECT_EQ(inner("#|label"), "none");
}

TEST(ParseWikiInner, EmptyLabelIsNoLabel) {
    EXPECT_EQ(inner("Note|"), "wiki|Note|||0");
}

TEST(ParseWikiInner, UnicodeTarget) {
    EXPECT_EQ(inner("Café über 🟡"), "wiki|Café über 🟡|||0");
}

TEST(ScanWikiLinks, FrontMatterValue) {
    EXPECT_EQ(scan("[[2026-02-23-data-models]]", "related", 17),
              Strings{"related|2026-02-23-data-models|||17"});
}

TEST(ScanWikiLinks, SeveralInOneString) {
    EXPECT_EQ(scan("[[a]], [[b|B]] and [[c#h]]", "up", 3),
              (Strings{"up|a|||3", "up|b||B|3", "up|c|h||3"}));
}

TEST(ScanWikiLinks, EmbedKeepsTheKeyAsKind) {
    EXPECT_EQ(scan("![[pic.png]]", "cover"), Strings{"cover|pic.png|||1"});
}

TEST(ScanWikiLinks, NoLinks) {
    EXPECT_EQ(scan("plain text"), Strings{});
    EXPECT_EQ(scan("[[]]"), Strings{});
    EXPECT_EQ(scan("[[unclosed"), Strings{});
    EXPECT_EQ(scan("[single]"), Strings{});
}

TEST(ScanWikiLinks, EscapedOpenerIsText) {
    EXPECT_EQ(scan(R"(\[[x]] [[y]])"), Strings{"related|y|||1"});
}

TEST(ScanWikiLinks, NeverSpansLinesAndCountsThem) {
    EXPECT_EQ(scan("[[a\nb]] [[c]]\n[[d]]", "related", 5),
              (Strings{"related|c|||6", "related|d|||7"}));
}

TEST(ScanWikiLinks, StopsAtFirstClose) {
    EXPECT_EQ(scan("[[a]]]]"), Strings{"related|a|||1"});
}

TEST(IsExternalTarget, UrlsWithScheme) {
    EXPECT_TRUE(is_external_target("https://example.org/x"));
    EXPECT_TRUE(is_external_target("http://example.org"));
    EXPECT_TRUE(is_external_target("HTTPS://EXAMPLE.ORG"));
    EXPECT_TRUE(is_external_target("mailto:someone@example.org"));
    EXPECT_TRUE(is_external_target("obsidian://open?vault=v&file=x"));
    EXPECT_TRUE(is_external_target("file:///home/u/x.pdf"));
    EXPECT_TRUE(is_external_target("zotero://select/items/ABC"));
    EXPECT_TRUE(is_external_target("tel:+123"));
}

TEST(IsExternalTarget, NoteNamesAndPaths) {
    EXPECT_TRUE(is_external_target("command:dendron.createDailyJournalNote"));
    EXPECT_FALSE(is_external_target("Some Note"));
    EXPECT_FALSE(is_external_target("dir/note.md"));
    EXPECT_FALSE(is_external_target("../x.md"));
    EXPECT_FALSE(is_external_target("#Heading"));
    EXPECT_FALSE(is_external_target(""));
    EXPECT_FALSE(is_external_target("C:/notes/x.md"));
    EXPECT_FALSE(is_external_target(R"(C:\notes\x.md)"));
    EXPECT_FALSE(is_external_target("Meeting: notes"));
    EXPECT_FALSE(is_external_target("Todo:later"));
    EXPECT_FALSE(is_external_target("https:"));
}

}  // namespace
}  // namespace notes::parse
