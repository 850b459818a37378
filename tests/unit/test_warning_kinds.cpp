// The kind of each warning the parser, the walk, the indexer and the
// configuration write, what is new since the last run, and the summary
// `notes index` prints.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "notes/core/warning_kinds.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/render/warnings.hpp"

using namespace notes;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

WarningKind kind_of(const std::string& message, const std::string& path = "a.md") {
    return warning_kind(Warning{path, 1, 0, message});
}

/// The kinds of the warnings parse_note() gives `text`.
std::vector<WarningKind> parsed_kinds(const std::string& text) {
    const ParsedNote note = parse::parse_note("x.md", "x", text);
    std::vector<WarningKind> out;
    for (const Warning& w : note.warnings) out.push_back(warning_kind(w));
    return out;
}

}  // namespace

TEST(WarningKind, TheMessagesOfTheLinkAndNameChecks) {
    EXPECT_EQ(kind_of("broken link to 'x'"), WarningKind::broken_link);
    EXPECT_EQ(kind_of("broken link to 'x' (related)"), WarningKind::broken_link);
    EXPECT_EQ(kind_of("missing attachment 'photo.png'"), WarningKind::missing_attachment);
    EXPECT_EQ(kind_of("broken block reference '((abc))': no block has this id"),
              WarningKind::broken_block_reference);
    EXPECT_EQ(kind_of("broken anchor '#H' in link to 'b'"), WarningKind::broken_anchor);
    EXPECT_EQ(kind_of("slug 'index' is also used by b/index.md; links by slug pick …"),
              WarningKind::shared_slug);
}

TEST(WarningKind, TheParsersMessages) {
    EXPECT_THAT(parsed_kinds(""), ElementsAre(WarningKind::empty_file));
    EXPECT_THAT(parsed_kinds("---\ntitle: [x\n---\n"), ElementsAre(WarningKind::invalid_yaml));
    EXPECT_THAT(parsed_kinds("---\ntitle: x\n"),
                ElementsAre(WarningKind::unterminated_front_matter));
    EXPECT_THAT(parsed_kinds("---\ndate: next tuesday\n---\n"),
                ElementsAre(WarningKind::unparseable_date));
    EXPECT_THAT(parsed_kinds(std::string("a\0b\n", 4)), ElementsAre(WarningKind::bad_bytes));
    EXPECT_THAT(parsed_kinds("a\xff\n"), ElementsAre(WarningKind::bad_bytes));
    EXPECT_THAT(parsed_kinds("---\n- a\n---\n"), ElementsAre(WarningKind::front_matter));
    EXPECT_THAT(parsed_kinds("---\ntitle: a\ntitle: b\n---\n"),
                ElementsAre(WarningKind::front_matter));
    EXPECT_THAT(parsed_kinds("---\ntitle: [a, b]\n---\n"), ElementsAre(WarningKind::front_matter));
    EXPECT_THAT(parsed_kinds("---\ntags: {a: b}\n---\n"), ElementsAre(WarningKind::front_matter));
    EXPECT_THAT(parsed_kinds("---\ntags: [[a]]\n---\n"), ElementsAre(WarningKind::front_matter));
    EXPECT_THAT(parsed_kinds("---\n? [a]\n: b\n---\n"), ElementsAre(WarningKind::front_matter));
    EXPECT_THAT(parsed_kinds("---\nt: " + std::string(1100000, 'a') + "\n---\n"),
                ElementsAre(WarningKind::too_large));
}

TEST(WarningKind, TheRunsOwnMessages) {
    EXPECT_EQ(kind_of("file is larger than 64 MiB; only its first 64 MiB were read"),
              WarningKind::too_large);
    EXPECT_EQ(kind_of("note is larger than 1 MiB; links, tags and headings from this line on are "
                      "not indexed"),
              WarningKind::too_large);
    EXPECT_EQ(kind_of("cannot read file: Permission denied; keeping its previous entry"),
              WarningKind::unreadable);
    EXPECT_EQ(kind_of("file disappeared during the run; not indexed"), WarningKind::unreadable);
    EXPECT_EQ(kind_of("cannot read directory: Permission denied", "private"),
              WarningKind::unreadable);
    EXPECT_EQ(kind_of("cannot open directory: Permission denied", "private"),
              WarningKind::unreadable);
    EXPECT_EQ(kind_of("broken symbolic link; skipped"), WarningKind::symbolic_link);
    EXPECT_EQ(kind_of("symbolic link leads outside the vault; skipped"),
              WarningKind::symbolic_link);
    EXPECT_EQ(kind_of("symbolic link loop; skipped"), WarningKind::symbolic_link);
    EXPECT_EQ(kind_of("something else entirely"), WarningKind::other);
    // Every problem of the configuration file, whatever its message.
    EXPECT_EQ(kind_of("unknown key 'colour'; ignored", ".notes/config.yaml"),
              WarningKind::configuration);
    EXPECT_EQ(kind_of("invalid YAML: bad; using defaults", ".notes/config.yaml"),
              WarningKind::configuration);
}

TEST(WarningKind, NamesAreStableAndCountsFollowTheKindsOrder) {
    std::vector<std::string> names;
    for (const WarningKind k : all_warning_kinds()) names.emplace_back(warning_kind_name(k));
    EXPECT_THAT(names, ElementsAre("configuration", "unreadable", "symbolic_link", "invalid_yaml",
                                   "unterminated_front_matter", "front_matter", "unparseable_date",
                                   "empty_file", "bad_bytes", "too_large", "broken_link",
                                   "missing_attachment", "broken_block_reference", "broken_anchor",
                                   "shared_slug", "other"));
    const std::vector<Warning> ws{{"b.md", 1, 0, "broken link to 'x'"},
                                  {"a.md", 0, 0, "empty file"},
                                  {"c.md", 2, 0, "broken link to 'y'"}};
    const auto counts = count_by_kind(ws, {true, false, false});
    ASSERT_EQ(counts.size(), 2u);
    EXPECT_EQ(counts[0].kind, WarningKind::empty_file);
    EXPECT_EQ(counts[0].count, 1u);
    EXPECT_EQ(counts[0].new_count, 0u);
    EXPECT_EQ(counts[1].kind, WarningKind::broken_link);
    EXPECT_EQ(counts[1].count, 2u);
    EXPECT_EQ(counts[1].new_count, 1u);
}

TEST(NewSince, SamePathAndMessageIsTheSameWarningWhateverTheLine) {
    const std::vector<Warning> before{{"a.md", 3, 0, "broken link to 'x'"},
                                      {"a.md", 4, 0, "broken link to 'x'"}};
    const std::vector<Warning> now{{"a.md", 5, 0, "broken link to 'x'"},
                                   {"a.md", 6, 0, "broken link to 'x'"},
                                   {"a.md", 7, 0, "broken link to 'x'"},
                                   {"b.md", 3, 0, "broken link to 'x'"},
                                   {"a.md", 8, 0, "broken link to 'y'"}};
    // Two of the three 'x' in a.md were there before: one is new.
    EXPECT_THAT(new_since(now, before), ElementsAre(false, false, true, true, true));
    EXPECT_THAT(new_since(now, now), ElementsAre(false, false, false, false, false));
    EXPECT_THAT(new_since({}, before), ElementsAre());
}

TEST(WarningsText, AllAndAFewArePrintedAsTheyAreNoneIsSilent) {
    std::vector<Warning> ws;
    for (int i = 0; i < 11; ++i)
        ws.push_back({"n" + std::to_string(i) + ".md", 1, 0, "broken link to 'x'"});
    const std::string all = render::warnings_text(ws, {}, render::WarningsMode::all, false);
    EXPECT_THAT(
        all, ::testing::StartsWith("n0.md:1: broken link to 'x'\nn1.md:1: broken link to 'x'\n"));
    EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 11);
    EXPECT_EQ(render::warnings_text(ws, {}, render::WarningsMode::none, false), "");
    ws.resize(10);
    EXPECT_EQ(render::warnings_text(ws, {}, render::WarningsMode::summary, false),
              render::warnings_text(ws, {}, render::WarningsMode::all, false));
}

TEST(WarningsText, ASummaryListsNewOnesFirstAndSaysHowManyAreLeft) {
    std::vector<Warning> ws;
    std::vector<bool> fresh;
    for (int i = 10; i < 23; ++i) {
        ws.push_back({"n" + std::to_string(i) + ".md", 2, 0, "broken link to 'x'"});
        fresh.push_back(i == 21 || i == 22);
    }
    ws.push_back({"z.md", 0, 0, "empty file"});
    fresh.push_back(true);
    std::string expected =
        "empty files: 1 (1 new)\n  z.md: empty file\nbroken links: 13 (2 new)\n"
        "  n21.md:2: broken link to 'x'\n  n22.md:2: broken link to 'x'\n";
    for (int i = 10; i < 18; ++i)
        expected += "  n" + std::to_string(i) + ".md:2: broken link to 'x'\n";
    expected +=
        "  … and 3 more: `notes report --section broken-links --limit 0` lists them\n"
        "notes: 11 of 14 warnings shown; `notes index --warnings all` prints every one\n";
    EXPECT_EQ(render::warnings_text(ws, fresh, render::WarningsMode::summary, false), expected);
    // Colour: headings bold, hints dim.
    const std::string coloured =
        render::warnings_text(ws, fresh, render::WarningsMode::summary, true);
    EXPECT_THAT(coloured, HasSubstr("\033[1mbroken links: 13\033[0m (2 new)\n"));
    EXPECT_THAT(coloured, HasSubstr("  \033[2m… and 3 more"));
}

TEST(WarningsText, EveryKindNamesACommandThatKeepsIt) {
    for (const WarningKind k : all_warning_kinds()) {
        const std::string command = render::warning_kind_command(k);
        EXPECT_THAT(command, ::testing::StartsWith("notes ")) << warning_kind_name(k);
        EXPECT_FALSE(render::warning_kind_heading(k).empty());
    }
}
