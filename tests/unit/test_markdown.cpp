// The Markdown body: links, tags, block ids, headings and plain text, with
// file line numbers. Each test is one rule of PRODUCT.md §3.

#include "notes/parse/markdown.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace notes::parse {
namespace {

using Strings = std::vector<std::string>;

// "kind|target|anchor|label|line": one string per link, so that a failure
// shows every field at once.
Strings links(std::string_view body, int first_line = 1) {
    Strings out;
    for (const Link& l : extract_body(body, first_line).links) {
        out.push_back(l.kind + "|" + l.target + "|" + l.anchor + "|" + l.label + "|" +
                      std::to_string(l.line));
    }
    return out;
}

// "name@line"
Strings tags(std::string_view body, int first_line = 1) {
    Strings out;
    for (const Tag& t : extract_body(body, first_line).tags) {
        EXPECT_FALSE(t.from_front_matter);
        out.push_back(t.name + "@" + std::to_string(t.line));
    }
    return out;
}

// "level|text|line"
Strings headings(std::string_view body, int first_line = 1) {
    Strings out;
    for (const Heading& h : extract_body(body, first_line).headings) {
        out.push_back(std::to_string(h.level) + "|" + h.text + "|" + std::to_string(h.line));
    }
    return out;
}

Strings block_ids(std::string_view body) {
    return extract_body(body, 1).block_ids;
}

std::string plain(std::string_view body) {
    return extract_body(body, 1).text;
}

// In a vault of another dialect.
Strings links_in(Dialect dialect, std::string_view body, std::string_view folder = {}) {
    BodyOptions options;
    options.dialect = dialect;
    options.folder = folder;
    Strings out;
    for (const Link& l : extract_body(body, 1, options).links) {
        out.push_back(l.kind + "|" + l.target + "|" + l.anchor + "|" + l.label + "|" + std::to_string(l.line));
    }
    return out;
}

// --- wiki-links -------------------------------------------------------------

TEST(BodyWikiLinks, Plain) {
    EXPECT_EQ(links("See [[Target Note]]."), Strings{"wiki|Target Note|||1"});
}

TEST(BodyWikiLinks, Label) {
    EXPECT_EQ(links("[[target|the label]]"), Strings{"wiki|target||the label|1"});
}

TEST(BodyWikiLinks, Heading) {
    EXPECT_EQ(links("[[target#Heading]]"), Strings{"wiki|target|Heading||1"});
}

TEST(BodyWikiLinks, NestedHeadings) {
    EXPECT_EQ(links("[[target#H1#H2]]"), Strings{"wiki|target|H1#H2||1"});
}

TEST(BodyWikiLinks, BlockReference) {
    EXPECT_EQ(links("[[target#^block-id]]"), Strings{"wiki|target|^block-id||1"});
}

TEST(BodyWikiLinks, SameNoteHeading) {
    EXPECT_EQ(links("[[#Heading]]"), Strings{"wiki||Heading||1"});
}

TEST(BodyWikiLinks, Embed) {
    EXPECT_EQ(links("![[diagram.png]]"), Strings{"embed|diagram.png|||1"});
}

TEST(BodyWikiLinks, EmbedOfNoteSection) {
    EXPECT_EQ(links("![[Other note#Part]]"), Strings{"embed|Other note|Part||1"});
}

TEST(BodyWikiLinks, EscapedPipeInTable) {
    const char* body =
        "| note | why |\n"
        "| --- | --- |\n"
        "| [[a\\|b]] | [[c]] |\n";
    EXPECT_EQ(links(body), (Strings{"wiki|a||b|3", "wiki|c|||3"}));
}

TEST(BodyWikiLinks, TargetKeepsMdExtension) {
    EXPECT_EQ(links("[[dir/Note.md]]"), Strings{"wiki|dir/Note.md|||1"});
}

TEST(BodyWikiLinks, SeveralOnOneLineInOrder) {
    EXPECT_EQ(links("[[a]] and [[b]], then ![[c]]"),
              (Strings{"wiki|a|||1", "wiki|b|||1", "embed|c|||1"}));
}

TEST(BodyWikiLinks, NeverSpansLines) {
    EXPECT_EQ(links("[[a\nb]]"), Strings{});
}

TEST(BodyWikiLinks, StopsAtFirstClose) {
    EXPECT_EQ(links("[[a [[b]] c]]"), Strings{"wiki|a [[b|||1"});
}

TEST(BodyWikiLinks, EmptyIsNoLink) {
    EXPECT_EQ(links("[[]] [[|x]] [[ ]]"), Strings{});
}

TEST(BodyWikiLinks, InsideEmphasisAndHeadingAndList) {
    EXPECT_EQ(links("# About [[a]]\n\n- **[[b]]**\n> quote [[c]]\n"),
              (Strings{"wiki|a|||1", "wiki|b|||3", "wiki|c|||4"}));
}

TEST(BodyWikiLinks, SplitByInlineMarkupStillOneLink) {
    EXPECT_EQ(links("[[a *b* c]]"), Strings{"wiki|a *b* c|||1"});
}

// --- where links are not links ------------------------------------------

TEST(BodyIgnored, FencedCode) {
    EXPECT_EQ(links("```\n[[no]]\n```\n[[yes]]\n"), Strings{"wiki|yes|||4"});
    EXPECT_EQ(links("~~~python\n[[no]] #no\n~~~\n"), Strings{});
}

TEST(BodyIgnored, FencedCodeInListItem) {
    EXPECT_EQ(links("- item\n  ```\n  [[no]]\n  ```\n- [[yes]]\n"), Strings{"wiki|yes|||5"});
}

TEST(BodyIgnored, UnclosedFenceRunsToTheEnd) {
    EXPECT_EQ(links("```\n[[no]]\n\n[[no]]\n"), Strings{});
}

TEST(BodyIgnored, IndentedCode) {
    EXPECT_EQ(links("para\n\n    [[no]] #no\n\n[[yes]]\n"), Strings{"wiki|yes|||5"});
}

TEST(BodyIgnored, InlineCode) {
    EXPECT_EQ(links("`[[no]]` [[yes]]"), Strings{"wiki|yes|||1"});
}

TEST(BodyIgnored, DoubleBacktickCodeHoldsSingleBacktick) {
    EXPECT_EQ(links("``a ` [[no]]`` [[yes]]"), Strings{"wiki|yes|||1"});
}

TEST(BodyIgnored, CodeSpanClosesOnlyAtRunOfSameLength) {
    EXPECT_EQ(links("x ```a `` [[no]]``` [[yes]]"), Strings{"wiki|yes|||1"});
}

TEST(BodyIgnored, CodeSpanOverSeveralLinesOfAParagraph) {
    EXPECT_EQ(links("text `code\n[[no]] #no\nmore` [[yes]]\n"), Strings{"wiki|yes|||3"});
}

TEST(BodyIgnored, CodeSpanEndsWithItsParagraph) {
    EXPECT_EQ(links("text `unclosed\n\n[[yes]] `\n"), Strings{"wiki|yes|||3"});
}

TEST(BodyIgnored, UnclosedBacktickIsLiteral) {
    EXPECT_EQ(links("a ` [[yes]]"), Strings{"wiki|yes|||1"});
}

TEST(BodyIgnored, HtmlCommentOnOneLine) {
    EXPECT_EQ(links("a <!-- [[no]] #no --> [[yes]]"), Strings{"wiki|yes|||1"});
}

TEST(BodyIgnored, HtmlCommentOverLines) {
    EXPECT_EQ(links("<!--\n[[no]]\n\n# no\n-->\n[[yes]]\n"), Strings{"wiki|yes|||6"});
    EXPECT_EQ(headings("<!--\n# no\n-->\n# yes\n"), Strings{"1|yes|4"});
}

TEST(BodyIgnored, ObsidianCommentOnOneLine) {
    EXPECT_EQ(links("a %%[[no]] #no%% [[yes]]"), Strings{"wiki|yes|||1"});
}

TEST(BodyIgnored, ObsidianCommentOverLinesAndBlocks) {
    EXPECT_EQ(links("%%\n[[no]]\n\n## no\n%%\n[[yes]]\n"), Strings{"wiki|yes|||6"});
    EXPECT_EQ(headings("%%\n## no\n%%\n## yes\n"), Strings{"2|yes|4"});
}

TEST(BodyIgnored, UnclosedObsidianCommentHidesTheRest) {
    EXPECT_EQ(links("[[yes]] %% [[no]]\n\n[[no]] #no\n"), Strings{"wiki|yes|||1"});
}

TEST(BodyIgnored, CommentMarkersInsideCodeDoNotOpenComments) {
    EXPECT_EQ(links("`%%` [[a]] `<!--` [[b]]"), (Strings{"wiki|a|||1", "wiki|b|||1"}));
}

TEST(BodyIgnored, BackslashEscapes) {
    EXPECT_EQ(links(R"(\[[no]] \[x](no.md) [[yes]])"), Strings{"wiki|yes|||1"});
    // An escaped '!' is text, and the link after it is no longer an embed.
    EXPECT_EQ(links(R"(\![[x]])"), Strings{"wiki|x|||1"});
    EXPECT_EQ(tags(R"(\#no #yes)"), Strings{"yes@1"});
}

TEST(BodyIgnored, EscapedBackslashDoesNotEscape) {
    EXPECT_EQ(links(R"(\\[[yes]])"), Strings{"wiki|yes|||1"});
}

TEST(BodyIgnored, HtmlTagAttributes) {
    EXPECT_EQ(tags("<span title=\"a #no\">text #yes</span>"), Strings{"yes@1"});
}

TEST(BodyHtml, HtmlBlocksAreScanned) {
    const char* body =
        "<details>\n"
        "<summary>More</summary>\n"
        "\n"
        "[[inside]] #t\n"
        "\n"
        "</details>\n";
    EXPECT_EQ(links(body), Strings{"wiki|inside|||4"});
    EXPECT_EQ(tags(body), Strings{"t@4"});
}

// --- line numbers -----------------------------------------------------------

TEST(BodyLines, AreFileLinesAfterFrontMatter) {
    const BodyFacts facts = extract_body("\nintro #t\n\n[[x]]\n```\n[[no]]\n```\n[[y]]\n", 10);
    EXPECT_EQ(links("\nintro #t\n\n[[x]]\n```\n[[no]]\n```\n[[y]]\n", 10),
              (Strings{"wiki|x|||13", "wiki|y|||17"}));
    ASSERT_EQ(facts.tags.size(), 1u);
    EXPECT_EQ(facts.tags[0].line, 11);
}

TEST(BodyLines, CrlfEndsLinesAndIsNoPartOfTokens) {
    const char* body = "# Title\r\n\r\ntext #tag\r\n[[x]]\r\n```\r\n[[no]]\r\n```\r\nend ^id\r\n";
    EXPECT_EQ(links(body), Strings{"wiki|x|||4"});
    EXPECT_EQ(tags(body), Strings{"tag@3"});
    EXPECT_EQ(headings(body), Strings{"1|Title|1"});
    EXPECT_EQ(block_ids(body), Strings{"id"});
}

TEST(BodyLines, LoneCarriageReturnIsNotALineBreak) {
    // cmark would count "\r" as a line end; every other part of notes does not.
    EXPECT_EQ(links("a\rb\n```\n[[no]]\n```\n[[yes]]"), Strings{"wiki|yes|||5"});
}

TEST(BodyLines, EmptyAndBlankBodies) {
    for (const char* body : {"", "\n", "\r\n", "   \n\n  "}) {
        const BodyFacts facts = extract_body(body, 7);
        EXPECT_TRUE(facts.links.empty());
        EXPECT_TRUE(facts.tags.empty());
        EXPECT_TRUE(facts.headings.empty());
        EXPECT_EQ(facts.text, "");
        EXPECT_EQ(facts.word_count, 0);
    }
}

TEST(BodyLines, LinkWithoutTrailingNewline) {
    EXPECT_EQ(links("a\n[[x]]", 3), Strings{"wiki|x|||4"});
}

// --- Markdown links -----------------------------------------------------

TEST(BodyMarkdownLinks, RelativePath) {
    EXPECT_EQ(links("[A note](notes/a.md)"), Strings{"markdown|notes/a.md||A note|1"});
}

TEST(BodyMarkdownLinks, UrlEncodedTargetIsDecoded) {
    EXPECT_EQ(links("[x](My%20Note.md)"), Strings{"markdown|My Note.md||x|1"});
}

TEST(BodyMarkdownLinks, EscapesSpellingBadUtf8StayAsWritten) {
    // A Latin-1 escape would make the stored target ill-formed UTF-8.
    EXPECT_EQ(links("[x](caf%E9.md)"), Strings{"markdown|caf%E9.md||x|1"});
    EXPECT_EQ(links("[x](a.md#caf%E9)"), Strings{"markdown|a.md|caf%E9|x|1"});
}

TEST(BodyMarkdownLinks, AngleBracketsAllowSpaces) {
    EXPECT_EQ(links("[x](<My Note.md>)"), Strings{"markdown|My Note.md||x|1"});
}

TEST(BodyMarkdownLinks, AnchorIsSplitAndDecoded) {
    EXPECT_EQ(links("[x](a.md#Some%20Heading)"), Strings{"markdown|a.md|Some Heading|x|1"});
}

TEST(BodyMarkdownLinks, SameNoteAnchor) {
    EXPECT_EQ(links("[x](#Heading)"), Strings{"markdown||Heading|x|1"});
}

TEST(BodyMarkdownLinks, Title) {
    EXPECT_EQ(links("[x](a.md \"The title\") [y](<b c.md> 'T')"),
              (Strings{"markdown|a.md||x|1", "markdown|b c.md||y|1"}));
}

TEST(BodyMarkdownLinks, LabelLosesInlineMarkup) {
    EXPECT_EQ(links("[**bold** `code`](a.md)"), Strings{"markdown|a.md||bold code|1"});
}

TEST(BodyMarkdownLinks, ImageIsEmbed) {
    EXPECT_EQ(links("![a diagram](img/d.png)"), Strings{"embed|img/d.png||a diagram|1"});
}

TEST(BodyMarkdownLinks, ExternalKeepsUrlAsWritten) {
    EXPECT_EQ(links("[site](https://example.org/a%20b#frag)"),
              Strings{"external|https://example.org/a%20b#frag||site|1"});
    EXPECT_EQ(links("[mail](mailto:me@example.org)"),
              Strings{"external|mailto:me@example.org||mail|1"});
}

TEST(BodyMarkdownLinks, ExternalImage) {
    EXPECT_EQ(links("![logo](https://x.org/l.png)"),
              Strings{"external|https://x.org/l.png||logo|1"});
}

TEST(BodyMarkdownLinks, BadgeGivesLinkAndImage) {
    EXPECT_EQ(links("[![build](badge.svg)](https://ci.example.org)"),
              (Strings{"external|https://ci.example.org||build|1", "embed|badge.svg||build|1"}));
}

TEST(BodyMarkdownLinks, BalancedParenthesesInDestination) {
    EXPECT_EQ(links("[w](Foo_(bar).md)"), Strings{"markdown|Foo_(bar).md||w|1"});
}

TEST(BodyMarkdownLinks, EscapesInDestination) {
    EXPECT_EQ(links(R"([x](a\_b.md))"), Strings{"markdown|a_b.md||x|1"});
}

TEST(BodyMarkdownLinks, TextOverTwoLinesReportsFirstLine) {
    EXPECT_EQ(links("intro\n[two\nlines](a.md) end\n"), Strings{"markdown|a.md||two lines|2"});
}

TEST(BodyMarkdownLinks, NotLinks) {
    EXPECT_EQ(links("[x]() [x] (a.md) [x]"), Strings{});
    EXPECT_EQ(links("[x](a b.md)"), Strings{});
    EXPECT_EQ(links("- [ ] task\n- [x] done\n"), Strings{});
}

TEST(BodyMarkdownLinks, ReferenceLinks) {
    const char* body =
        "[full][r1], [Collapsed][], [shortcut] and [nothing].\n"
        "\n"
        "[r1]: notes/one.md\n"
        "[collapsed]: <two words.md> \"title\"\n"
        "[Shortcut]: https://example.org\n";
    EXPECT_EQ(links(body),
              (Strings{"markdown|notes/one.md||full|1", "markdown|two words.md||Collapsed|1",
                       "external|https://example.org||shortcut|1"}));
}

TEST(BodyMarkdownLinks, FootnoteIsNotAReference) {
    EXPECT_EQ(links("Claim[^1].\n\n[^1]: See [[source]].\n"), Strings{"wiki|source|||3"});
}

TEST(BodyMarkdownLinks, Autolink) {
    EXPECT_EQ(links("<https://example.org/x> <mailto:a@b.org>"),
              (Strings{"external|https://example.org/x|||1", "external|mailto:a@b.org|||1"}));
}

TEST(BodyMarkdownLinks, BareUrls) {
    EXPECT_EQ(links("See https://example.org/a_(b)."),
              Strings{"external|https://example.org/a_(b)|||1"});
    EXPECT_EQ(links("(see http://x.org/p?q=1), then"), Strings{"external|http://x.org/p?q=1|||1"});
    EXPECT_EQ(links("https://dev.to/x-3i7m"), Strings{"external|https://dev.to/x-3i7m|||1"});
}

TEST(BodyMarkdownLinks, NotBareUrls) {
    EXPECT_EQ(links("xhttps://example.org `https://code.org` https://"), Strings{});
}

TEST(BodyMarkdownLinks, LinksInsideLinkTextAreNotReported) {
    EXPECT_EQ(links("[see [[x]] and https://y.org #t](a.md)"),
              Strings{"markdown|a.md||see x and https://y.org #t|1"});
    EXPECT_EQ(tags("[see #t](a.md)"), Strings{});
}

// --- tags -------------------------------------------------------------------

TEST(BodyTags, AtLineStartAndAfterSpace) {
    EXPECT_EQ(tags("#start middle #mid\n\t#tab"), (Strings{"start@1", "mid@1", "tab@2"}));
}

TEST(BodyTags, AfterUnicodeSpace) {
    EXPECT_EQ(tags("a\u00a0#nbsp b\u3000#ideo"), (Strings{"nbsp@1", "ideo@1"}));
}

TEST(BodyTags, AllDigitsIsNotATag) {
    EXPECT_EQ(tags("#1984 #y1984 #19-84"), (Strings{"y1984@1", "19-84@1"}));
}

TEST(BodyTags, HeadingMarkerIsNotATag) {
    EXPECT_EQ(tags("# Title\n## Sub ##\n#"), Strings{});
}

TEST(BodyTags, TagInHeadingCounts) {
    EXPECT_EQ(tags("## Setup #sqlite"), Strings{"sqlite@1"});
    EXPECT_EQ(headings("## Setup #sqlite"), Strings{"2|Setup #sqlite|1"});
}

TEST(BodyTags, NestedTag) {
    EXPECT_EQ(tags("#project/notes/2026"), Strings{"project/notes/2026@1"});
}

TEST(BodyTags, TrailingSlashIsDropped) {
    EXPECT_EQ(tags("#area/ #//"), Strings{"area@1"});
}

TEST(BodyTags, UnicodeLettersAndEmoji) {
    EXPECT_EQ(tags("#café #日本語 #🟡 #wip_now"),
              (Strings{"café@1", "日本語@1", "🟡@1", "wip_now@1"}));
}

TEST(BodyTags, PunctuationEndsTheTag) {
    EXPECT_EQ(tags("#tag, #two. (#no) #three!"), (Strings{"tag@1", "two@1", "three@1"}));
}

TEST(BodyTags, NeedsSpaceBefore) {
    EXPECT_EQ(tags("a#b C#c https://x.org/#frag [[n#h]]"), Strings{});
}

TEST(BodyTags, HashAlone) {
    EXPECT_EQ(tags("# \n a # b #\n"), Strings{});
}

TEST(BodyTags, NotInCode) {
    EXPECT_EQ(tags("`#no` and ``#no``\n\n```\n#no\n```\n\n    #no\n"), Strings{});
}

TEST(BodyTags, CaseIsKeptAsWritten) {
    EXPECT_EQ(tags("#SQL #Sql"), (Strings{"SQL@1", "Sql@1"}));
}

// --- block ids ----------------------------------------------------------

TEST(BodyBlockIds, AtEndOfParagraph) {
    const BodyFacts facts = extract_body("A paragraph. ^para-1\n\n- item ^item2\n", 1);
    EXPECT_EQ(facts.block_ids, (Strings{"para-1", "item2"}));
    EXPECT_EQ(facts.text, "A paragraph.\nitem");
}

TEST(BodyBlockIds, OnItsOwnLine) {
    EXPECT_EQ(block_ids("> quote\n\n^quote-id\n"), Strings{"quote-id"});
}

TEST(BodyBlockIds, NotBlockIds) {
    EXPECT_EQ(
        block_ids(
            "x^2\ntext ^id more\n`^code`\n\n    ^indented\n\n## Heading ^h\n\nword ^bad_id\n"),
        Strings{});
}

// --- headings -----------------------------------------------------------

TEST(BodyHeadings, AtxLevelsAndLines) {
    EXPECT_EQ(headings("# One\ntext\n## Two ##\n\n###### Six\n####### seven\n", 20),
              (Strings{"1|One|20", "2|Two|22", "6|Six|24"}));
}

TEST(BodyHeadings, Setext) {
    EXPECT_EQ(headings("Title\n=====\n\nSub\ntitle\n---\n"),
              (Strings{"1|Title|1", "2|Sub title|4"}));
}

TEST(BodyHeadings, VisibleTextOnly) {
    EXPECT_EQ(headings("## **Bold** [[t|Label]] [[Plain]] `code` [x](u.md) \\*lit\\*"),
              Strings{"2|Bold Label Plain code x *lit*|1"});
}

TEST(BodyHeadings, NotInCode) {
    EXPECT_EQ(headings("```\n# no\n```\n    # no\n"), Strings{});
}

TEST(BodyHeadings, EmptyHeadingIsDropped) {
    EXPECT_EQ(headings("#\n## \n"), Strings{});
}

// --- plain text ---------------------------------------------------------

TEST(BodyText, NoMarkdownSyntax) {
    EXPECT_EQ(plain("# Title\n\n**bold** and _it_ [link](https://x.org) [[t|label]] [[plain]] "
                    "![[pic.png]] `code` <span>html</span>\n"),
              "Title\nbold and it link label plain pic.png code html");
}

TEST(BodyText, BlocksAreSeparatedByNewlines) {
    EXPECT_EQ(plain("para one\ncontinued\n\n- item\n\n> quote\n"),
              "para one\ncontinued\nitem\nquote");
}

TEST(BodyText, CodeBlocksAreIncluded) {
    EXPECT_EQ(plain("Run:\n\n```sh\nmake_index --fast\n```\n"), "Run:\nmake_index --fast");
}

TEST(BodyText, CommentsAreExcluded) {
    EXPECT_EQ(
        plain("a <!-- hidden --> b %% hidden %% c\n\n<!--\nhidden\n-->\n\n%%\nhidden\n\n%%\nd\n"),
        "a  b  c\nd");
}

TEST(BodyText, HtmlBlockKeepsItsWords) {
    EXPECT_EQ(plain("<div align=\"center\">\nSome <b>words</b>\n</div>\n"), "Some words");
}

TEST(BodyText, EntitiesAreDecoded) {
    EXPECT_EQ(plain("Fish &amp; chips &copy;"), "Fish & chips ©");
}

TEST(BodyText, WordCount) {
    const BodyFacts facts =
        extract_body("# Title here\n\nOne **two** three -- [[four|4]] `five`.\n", 1);
    EXPECT_EQ(facts.word_count, 7);
}

// --- the real note --------------------------------------------------------

TEST(BodySeedNote, LinksHeadingsAndText) {
    // The body of seeds/000_a0db686567360baa.txt (long lines trimmed); its
    // front matter ends on line 25.
    const char* body = R"(
> **TL;DR:** As a best-selling author, I invite you to explore my books on Amazon . Don't forget to follow me on Medium and show your support. Thank you! Your support means the world! Let me talk to you about how Python works with daâ€¦

## Whatâ€™s new and why it matters
As a best-selling author, I invite you to explore my books on Amazon . Imagine youâ€™re running a busy coffee shop. Python provides the toolsâ€”the counter system, the barista's instructions, and the inventory logsâ€”to manage that storage room efâ€¦

## How to apply
- Extract 1 actionable tactic from this post and try it on a real dataset this week.
- Write the query in a scratchpad and run EXPLAIN/QUERY PLAN to verify performance.
- Add a short note: what changed in your workflow?

## Relevance
ðŸŸ¡

## Source
https://dev.to/nithinbharathwaj/8-python-database-techniques-every-developer-needs-for-scalable-reliable-applications-3i7m

## Related notes
- [[2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy]]
- [[2026-02-22-python-geospatial-analysis-5-practical-techniques-to-master-location-data-today]]
- [[2026-02-28-how-to-process-audio-with-python-from-waveforms-to-beat-tracking]]
- [[2026-02-24-stop-using-any-the-wrong-way-in-rails]]
- [[2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-learn-sql]]
- [[2026-02-27-how-to-build-a-competitive-intelligence-tool-that-reveals-any-companys-tech-stack]]
)";
    const BodyFacts facts = extract_body(body, 26);
    Strings wiki;
    for (const Link& l : facts.links) {
        if (l.kind == "wiki") wiki.push_back(l.target + "@" + std::to_string(l.line));
    }
    EXPECT_EQ(
        wiki,
        (Strings{
            "2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy@44",
            "2026-02-22-python-geospatial-analysis-5-practical-techniques-to-master-location-data-"
            "today@45",
            "2026-02-28-how-to-process-audio-with-python-from-waveforms-to-beat-tracking@46",
            "2026-02-24-stop-using-any-the-wrong-way-in-rails@47",
            "2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-learn-sql@48",
            "2026-02-27-how-to-build-a-competitive-intelligence-tool-that-reveals-any-companys-"
            "tech-stack@49",
        }));
    ASSERT_EQ(facts.links.size(), 7u);
    EXPECT_EQ(facts.links[0].kind, "external");
    EXPECT_EQ(facts.links[0].line, 41);
    EXPECT_EQ(facts.links[0].target,
              "https://dev.to/nithinbharathwaj/"
              "8-python-database-techniques-every-developer-needs-for-scalable-reliable-"
              "applications-3i7m");
    EXPECT_EQ(headings(body, 26),
              (Strings{"2|Whatâ€™s new and why it matters|29", "2|How to apply|32",
                       "2|Relevance|37", "2|Source|40", "2|Related notes|43"}));
    EXPECT_TRUE(facts.tags.empty());
    EXPECT_EQ(facts.text.find("**"), std::string::npos);
    EXPECT_EQ(facts.text.find("[["), std::string::npos);
    EXPECT_EQ(facts.text.find("##"), std::string::npos);
    EXPECT_NE(facts.text.find("2026-02-24-stop-using-any-the-wrong-way-in-rails"),
              std::string::npos);
}

// --- threads ----------------------------------------------------------------

TEST(BodyThreads, SameFactsOnSeveralThreads) {
    // extract_body runs on worker threads: parses must not share state.
    std::string body;
    for (int i = 0; i < 40; ++i) {
        body += "## Part " + std::to_string(i) + "\n[[n" + std::to_string(i) + "]] **b** `c` #t" +
                std::to_string(i) + " ^b" + std::to_string(i) + "\n\n```\n[[no]]\n```\n";
    }
    const BodyFacts expected = extract_body(body, 5);
    ASSERT_EQ(expected.links.size(), 40u);
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                const BodyFacts facts = extract_body(body, 5);
                if (facts.text != expected.text || facts.links.size() != expected.links.size() ||
                    facts.links.back().line != expected.links.back().line ||
                    facts.tags.size() != expected.tags.size() ||
                    facts.headings.size() != expected.headings.size()) {
                    ++mismatches;
                }
            }
        });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(mismatches.load(), 0);
}

// --- hostile input ------------------------------------------------------

TEST(BodyHostile, PathologicalInputStaysFastAndSafe) {
    // Each would be quadratic without the scanner's memory of failed searches.
    const std::string many_backticks = [] {
        std::string s;
        for (int i = 0; i < 20000; ++i) s += (i % 3 == 0) ? "`a " : (i % 3 == 1) ? "``b " : "```c ";
        return s;
    }();
    const std::string many_open_wiki(200000, '[');
    std::string many_tags_and_angles;
    for (int i = 0; i < 20000; ++i) many_tags_and_angles += "<a [x #t ^ :// %";
    for (const std::string& body : {many_backticks, many_open_wiki, many_tags_and_angles}) {
        const BodyFacts facts = extract_body(body, 1);
        EXPECT_TRUE(facts.links.empty());
    }
}

TEST(BodyHostile, InvalidUtf8AndNul) {
    const std::string body = std::string("#ta\xff g [[a\0b]] \xc3", 16) + "\n#ok";
    const BodyFacts facts = extract_body(body, 1);
    ASSERT_EQ(facts.tags.size(), 2u);
    EXPECT_EQ(facts.tags[0].name, "ta");
    EXPECT_EQ(facts.tags[1].name, "ok");
    EXPECT_EQ(facts.tags[1].line, 2);
    ASSERT_EQ(facts.links.size(), 1u);
    EXPECT_EQ(facts.links[0].target, std::string("a\0b", 3));
}

// --- strip_inline_markdown ------------------------------------------------

TEST(StripInlineMarkdown, SeedTitle) {
    EXPECT_EQ(
        strip_inline_markdown("**8 Python Database Techniques Every Developer Needs for Scalable, "
                              "Reliable Applications**"),
        "8 Python Database Techniques Every Developer Needs for Scalable, Reliable Applications");
}

TEST(StripInlineMarkdown, Emphasis) {
    EXPECT_EQ(strip_inline_markdown("*a* _b_ __c__ ***d*** ~~e~~ ==f== **g *h* i**"),
              "a b c d e f g h i");
}

TEST(StripInlineMarkdown, DelimitersThatAreNotEmphasisStay) {
    EXPECT_EQ(strip_inline_markdown("snake_case_words"), "snake_case_words");
    EXPECT_EQ(strip_inline_markdown("2 * 3 = 6"), "2 * 3 = 6");
    EXPECT_EQ(strip_inline_markdown("5* hotel"), "5* hotel");
    EXPECT_EQ(strip_inline_markdown("a ~ b == c ~~~"), "a ~ b == c ~~~");
    EXPECT_EQ(strip_inline_markdown("file_name_v2 and a*b"), "file_name_v2 and a*b");
}

TEST(StripInlineMarkdown, CodeSpans) {
    EXPECT_EQ(strip_inline_markdown("Use `*ptr` and `` a`b ``"), "Use *ptr and a`b");
}

TEST(StripInlineMarkdown, Links) {
    EXPECT_EQ(strip_inline_markdown("[text](https://x.org) ![alt](a.png) [[t|l]] [[t2]] ![[e.png]] "
                                    "[[n#Part]] <https://y.org>"),
              "text alt l t2 e.png n Part https://y.org");
}

TEST(StripInlineMarkdown, WikiLinkWithHeadingAndLabel) {
    EXPECT_EQ(strip_inline_markdown("See [[Note#Part|the part]] and [[#Local]]"),
              "See the part and Local");
}

TEST(StripInlineMarkdown, EmphasisInsideLinkText) {
    EXPECT_EQ(strip_inline_markdown("[**bold** link](u)"), "bold link");
}

TEST(StripInlineMarkdown, BackslashEscapes) {
    EXPECT_EQ(strip_inline_markdown(R"(\*not emphasis\* \[[x]] a\_b)"), "*not emphasis* [[x]] a_b");
}

TEST(StripInlineMarkdown, BlockSyntaxIsKept) {
    EXPECT_EQ(strip_inline_markdown("1. Intro"), "1. Intro");
    EXPECT_EQ(strip_inline_markdown("# x"), "# x");
    EXPECT_EQ(strip_inline_markdown("- item"), "- item");
}

TEST(StripInlineMarkdown, WhiteSpaceCollapsed) {
    EXPECT_EQ(strip_inline_markdown("  a \n\t b  "), "a b");
    EXPECT_EQ(strip_inline_markdown(""), "");
}

TEST(StripInlineMarkdown, UnbalancedMarkupIsKept) {
    EXPECT_EQ(strip_inline_markdown("[unclosed (x) **open"), "[unclosed (x) **open");
}

// --- the first block, heading sources, math, Windows paths --------------------

TEST(BodyFirstBlock, ALevelOneHeadingFirstNamesTheNote) {
    EXPECT_EQ(extract_body("# Title\n\ntext\n", 1).first_block_heading, 0);
    EXPECT_EQ(extract_body("<!-- c -->\n\n![](x.png)\n\n# Title\n", 1).first_block_heading, 0);
    EXPECT_EQ(extract_body("text\n\n# Title\n", 1).first_block_heading, -1);
    EXPECT_EQ(extract_body("## Two\n# One\n", 1).first_block_heading, -1);
    EXPECT_EQ(extract_body("- # In a list\n", 1).first_block_heading, -1);
}

TEST(BodyHeadings, SourceTextAndFootnoteMarkers) {
    const BodyFacts b = extract_body("## `move` it *now* ##\nSetext **title**\n===\n# Title[^1]\n", 1);
    ASSERT_EQ(b.headings.size(), 3u);
    EXPECT_EQ(b.headings[0].text, "move it now");
    EXPECT_EQ(b.headings[0].source, "`move` it *now*");
    EXPECT_EQ(b.headings[1].source, "Setext **title**");
    EXPECT_EQ(b.headings[2].text, "Title");
}

TEST(BodyMath, BlocksAndInlineMathHoldNoLinksTagsOrHeadings) {
    const std::string body = "$$\nx\n=\n[[a]] #b\n$$\n$$[[c]]$$\n$d [[e]] #f$ and $5, $10 #real [[g]]\n";
    EXPECT_EQ(links(body), Strings{"wiki|g|||7"});
    EXPECT_EQ(tags(body), Strings{"real@7"});
    EXPECT_TRUE(headings(body).empty());
    // Fenced code is not math, and an unclosed $$ is text.
    EXPECT_EQ(links("```\n$$\n```\n[[h]]\n$$\n[[i]]\n"), (Strings{"wiki|h|||4", "wiki|i|||6"}));
}

TEST(BodyMarkdownLinks, WindowsSeparators) {
    EXPECT_EQ(links(R"([x](..\dir\note.md#Part) [y](a\_b.md))"),
              (Strings{"markdown|../dir/note.md|Part|x|1", "markdown|a_b.md||y|1"}));
}

// --- dialects -----------------------------------------------------------------

TEST(BodyDendron, LabelFirstVaultPrefixesWildcardsAndUrls) {
    EXPECT_EQ(links_in(Dialect::dendron,
                       "[[Label|note.name#h]] [[x|dendron://vault.name/a.b]] ![[a.b.*]] [[web|https://x.org]] "
                       "[[plain]]"),
              (Strings{"wiki|note.name|h|Label|1", "wiki|a.b||x|1", "external|https://x.org||web|1",
                       "wiki|plain|||1"}));
    BodyOptions dendron;
    dendron.dialect = Dialect::dendron;
    Strings names;
    for (const Tag& t : extract_body("#stage.sprout and #role.bug. #x.", 1, dendron).tags) names.push_back(t.name);
    EXPECT_EQ(names, (Strings{"stage.sprout", "role.bug", "x"}));
}

TEST(BodyLogseq, PropertiesTabsBlockRefsMacrosAndTags) {
    BodyOptions logseq;
    logseq.dialect = Dialect::logseq;
    const BodyFacts b = extract_body(
        "title:: A/B\ntype:: [[Feature]]\n\n## Terms\n\t- [[one]]\n\t  id:: 634FB0A7-1D17-4C1E-B9F0-5C4D6EE0A0F1\n"
        "- ((634fb0a7-1d17-4c1e-b9f0-5c4d6ee0a0f1)) [l]([[two]]) #[[multi word]]\n"
        "- {{embed [[three]]}} {{query [[four]]}}\n- #+BEGIN_EXAMPLE\n  [[five]]\n  #+END_EXAMPLE\n",
        1, logseq);
    Strings out;
    for (const Link& l : b.links) out.push_back(l.kind + "|" + l.target + "|" + l.anchor + "|" + std::to_string(l.line));
    EXPECT_EQ(out, (Strings{"type|Feature||2", "wiki|one||5", "block_ref||^634fb0a7-1d17-4c1e-b9f0-5c4d6ee0a0f1|7",
                            "wiki|two||7", "wiki|multi word||7", "embed|three||8"}));
    ASSERT_EQ(b.properties.size(), 3u);
    EXPECT_EQ(b.properties[0].key + "=" + b.properties[0].value, "title=A/B");
    EXPECT_TRUE(b.properties[1].page);
    EXPECT_EQ(b.properties[2].key, "id");
    EXPECT_FALSE(b.properties[2].page);
    EXPECT_EQ(b.block_ids, Strings{"634fb0a7-1d17-4c1e-b9f0-5c4d6ee0a0f1"});
    ASSERT_EQ(b.tags.size(), 1u);
    EXPECT_EQ(b.tags[0].name, "multi word");
    // In another vault a tab-indented line after a heading is indented code.
    EXPECT_TRUE(links("## Terms\n\t- [[one]]\n").empty());
}

TEST(BodyFoam, AWikiLinkWithADefinitionGoesWhereItSays) {
    EXPECT_EQ(links_in(Dialect::foam, "[[publishing]] [[other]]\n\n[publishing]: pub/github-pages.md \"Pages\"\n",
                       "user"),
              (Strings{"wiki|/user/pub/github-pages.md|||1", "wiki|other|||1"}));
    EXPECT_EQ(links_in(Dialect::obsidian, "[[publishing]]\n\n[publishing]: pub/github-pages.md\n"),
              Strings{"wiki|publishing|||1"});
}

}  // namespace
}  // namespace notes::parse
