// The output layer: print_table() of a small Table in every format, byte for byte,
// the table format fitting a width, highlight markers, control characters and
// display widths.
#include "notes/render/output.hpp"
#include "notes/core/text.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

using notes::render::Column;
using notes::text::display_width;
using notes::render::Format;
using notes::render::RenderOptions;
using notes::render::Table;
using notes::render::Value;

namespace {

std::string rendered(const Table& table, Format format, bool header = false, int width = 0,
                     bool color = false) {
    char* buf = nullptr;
    std::size_t len = 0;
    std::FILE* out = ::open_memstream(&buf, &len);
    RenderOptions options;
    options.format = format;
    options.header = header;
    options.width = width;
    options.color = color;
    notes::render::print_table(table, options, out);
    std::fclose(out);
    std::string text(buf, len);
    std::free(buf);
    return text;
}

/// Two notes with what each format must treat with care: a comma and quotes,
/// a NULL, an integer, a real, a list and an empty list.
Table sample() {
    Table t;
    t.columns = {{"path"}, {"title"}, {"words"}, {"score"}, {"tags"}};
    t.rows.push_back({std::string("a.md"), std::string("Alpha, \"quoted\""), std::int64_t{120}, 2.5,
                      std::vector<std::string>{"sql", "db"}});
    t.rows.push_back({std::string("dir/b.md"), std::monostate{}, std::int64_t{7}, 0.25,
                      std::vector<std::string>{}});
    return t;
}

Table one_text_column(const std::string& name, const std::string& value) {
    Table t;
    t.columns = {{name}};
    t.rows.push_back({value});
    return t;
}

}  // namespace

TEST(ParseFormat, KnowsEveryNameAndNothingElse) {
    for (const auto& name : notes::render::format_names()) EXPECT_TRUE(notes::render::parse_format(name)) << name;
    EXPECT_EQ(notes::render::parse_format("jsonl"), Format::jsonl);
    EXPECT_FALSE(notes::render::parse_format("JSON"));
    EXPECT_FALSE(notes::render::parse_format("xml"));
}

TEST(Render, ListIsTabSeparatedWithListsJoined) {
    EXPECT_EQ(rendered(sample(), Format::list),
              "a.md\tAlpha, \"quoted\"\t120\t2.5\tsql, db\n"
              "dir/b.md\t\t7\t0.25\t\n");
}

TEST(Render, JsonIsOneArrayWithTypedValues) {
    EXPECT_EQ(rendered(sample(), Format::json),
              "[\n"
              "  {\"path\":\"a.md\",\"title\":\"Alpha, \\\"quoted\\\"\",\"words\":120,\"score\":2.5,"
              "\"tags\":[\"sql\",\"db\"]},\n"
              "  {\"path\":\"dir/b.md\",\"title\":null,\"words\":7,\"score\":0.25,\"tags\":[]}\n"
              "]\n");
}

TEST(Render, JsonOfNoRowsIsAnEmptyArray) {
    Table t = sample();
    t.rows.clear();
    EXPECT_EQ(rendered(t, Format::json), "[]\n");
    EXPECT_EQ(rendered(t, Format::jsonl), "");
}

TEST(Render, JsonEscapesQuotesBackslashesAndControlCharacters) {
    EXPECT_EQ(rendered(one_text_column("k\"ey", "a\\b\n\tc\x1b[31m\x7f\xc3\xa9"), Format::json),
              "[\n  {\"k\\\"ey\":\"a\\\\b\\n\\tc\\u001b[31m\\u007f\xc3\xa9\"}\n]\n");
}

TEST(Render, JsonlIsOneObjectPerLine) {
    EXPECT_EQ(rendered(sample(), Format::jsonl),
              "{\"path\":\"a.md\",\"title\":\"Alpha, \\\"quoted\\\"\",\"words\":120,\"score\":2.5,"
              "\"tags\":[\"sql\",\"db\"]}\n"
              "{\"path\":\"dir/b.md\",\"title\":null,\"words\":7,\"score\":0.25,\"tags\":[]}\n");
}

TEST(Render, CsvQuotesAsRfc4180WithCrlf) {
    EXPECT_EQ(rendered(sample(), Format::csv),
              "path,title,words,score,tags\r\n"
              "a.md,\"Alpha, \"\"quoted\"\"\",120,2.5,\"sql, db\"\r\n"
              "dir/b.md,,7,0.25,\r\n");
}

TEST(Render, CsvQuotesLineBreaksAndHeaderNames) {
    Table t;
    t.columns = {{"a,b"}, {"text"}};
    t.rows.push_back({std::string("x"), std::string("line 1\nline 2\r\n")});
    EXPECT_EQ(rendered(t, Format::csv), "\"a,b\",text\r\nx,\"line 1\nline 2\r\n\"\r\n");
}

// A NUL inside a value does not end the line (SQL can produce such text:
// `SELECT 'a' || char(0) || 'b'`).
TEST(Render, CsvKeepsTextAfterANul) {
    Table t;
    t.columns = {{"a"}, {"b"}};
    t.rows.push_back({std::string("x\0y", 3), std::string("z")});
    EXPECT_EQ(rendered(t, Format::csv), std::string("a,b\r\nx\0y,z\r\n", 12));
}

// Reals are printed as the shortest text that reads back as the same double.
TEST(Render, CsvKeepsEveryDigitOfAReal) {
    Table t;
    t.columns = {{"x"}};
    t.rows.push_back({123456.7});
    EXPECT_EQ(rendered(t, Format::csv), "x\r\n123456.7\r\n");
}

TEST(Render, PathsPrintsThePathColumn) {
    Table t = sample();
    EXPECT_EQ(rendered(t, Format::paths), "a.md\ndir/b.md\n");
    t.path_column = 2;
    EXPECT_EQ(rendered(t, Format::paths), "120\n7\n");
}

TEST(Render, TablePadsColumnsButNotTheLast) {
    Table t = sample();
    t.rows[1][4] = std::vector<std::string>{"x"};
    EXPECT_EQ(rendered(t, Format::table, /*header=*/true),
              "path      title            words  score  tags\n"
              "a.md      Alpha, \"quoted\"  120    2.5    sql, db\n"
              "dir/b.md                   7      0.25   x\n");
}

TEST(Render, TableDropsOptionalColumnsThenCutsTheShrinkableOne) {
    Table t;
    t.columns = {{"path"}, {"title", /*shrinkable=*/true}, {"words", false, /*optional_in_table=*/true}};
    t.rows.push_back({std::string("notes/a.md"), std::string("A rather long title that will not fit"),
                      std::int64_t{1200}});
    // 10 + 2 + 37 + 2 + 5 = 56 columns: `words` goes, then `title` gives up 19.
    EXPECT_EQ(rendered(t, Format::table, true, 30),
              "path        title\n"
              "notes/a.md  A rather long tit…\n");
    // Wide enough: nothing changes.
    EXPECT_EQ(rendered(t, Format::table, true, 56),
              "path        title                                  words\n"
              "notes/a.md  A rather long title that will not fit  1200\n");
}

TEST(Render, TableCutsWideCharactersWhole) {
    Table t;
    t.columns = {{"id"}, {"title", true}};
    t.rows.push_back({std::int64_t{1}, std::string("日本語のノートのタイトル")});  // 24 columns
    // 12 columns: `title` keeps 9, "日本語の" (8) and "…".
    EXPECT_EQ(rendered(t, Format::table, false, 12), "1  日本語の…\n");
    // 13: `title` keeps 10, but "ノ" would end at 10 and leave no room for
    // "…", so the cut is one column short rather than splitting a character.
    EXPECT_EQ(rendered(t, Format::table, false, 13), "1  日本語の…\n");
}

// A shrinkable column narrower than 8 is never widened when another column
// makes the line too long.
TEST(Render, TableNeverWidensTheShrinkableColumn) {
    Table t;
    t.columns = {{"a", true}, {"b"}};
    t.rows.push_back({std::string("abcde"), std::string(30, 'b')});
    EXPECT_EQ(rendered(t, Format::table, false, 20), "abcde  " + std::string(30, 'b') + "\n");
}

TEST(Render, HighlightMarkersAreRemovedOutsideAColouredTable) {
    const std::string snippet = std::string("a ") + notes::render::k_highlight_on + "hit" +
                                notes::render::k_highlight_off + " b";
    const Table t = one_text_column("snippet", snippet);
    EXPECT_EQ(rendered(t, Format::list), "a hit b\n");
    EXPECT_EQ(rendered(t, Format::csv), "snippet\r\na hit b\r\n");
    EXPECT_EQ(rendered(t, Format::json), "[\n  {\"snippet\":\"a hit b\"}\n]\n");
    EXPECT_EQ(rendered(t, Format::jsonl), "{\"snippet\":\"a hit b\"}\n");
    EXPECT_EQ(rendered(t, Format::table, false, 0, /*color=*/false), "a hit b\n");
}

// Highlight markers become colour in a coloured table, and only there.
TEST(Render, HighlightMarkersBecomeColourInAColouredTable) {
    const std::string snippet = std::string("a ") + notes::render::k_highlight_on + "hit" +
                                notes::render::k_highlight_off + " b";
    Table t;
    t.columns = {Column{"n"}, Column{"snippet"}};
    t.rows.push_back({Value{std::int64_t{1}}, Value{snippet}});
    EXPECT_EQ(rendered(t, Format::table, false, 0, true), "1  a \033[1;33mhit\033[0m b\n");
}

TEST(Render, ColouredTableHasABoldHeaderAndADimPathColumn) {
    Table t;
    t.columns = {{"path"}, {"n"}};
    t.rows.push_back({std::string("a.md"), std::int64_t{3}});
    EXPECT_EQ(rendered(t, Format::table, true, 0, true),
              "\033[1mpath\033[0m  \033[1mn\033[0m\n"
              "\033[2ma.md\033[0m  3\n");
}

TEST(Render, ControlCharactersAreShownEscapedOnTheTerminalFormats) {
    const Table t = one_text_column("path", "evil\x1b]0;title\x07\x1b[31mred\xc2\x9b.md");
    const std::string shown = "evil\\x1b]0;title\\x07\\x1b[31mred\\x9b.md";
    EXPECT_EQ(rendered(t, Format::list), shown + "\n");
    EXPECT_EQ(rendered(t, Format::table, false), shown + "\n");
    EXPECT_EQ(rendered(t, Format::paths), shown + "\n");
    const std::string json = rendered(t, Format::json);
    EXPECT_EQ(json.find('\x1b'), std::string::npos) << json;
    EXPECT_NE(json.find("\\u001b"), std::string::npos) << json;
}

TEST(Render, OnlyControlsAreEscapedWhereverTheyStand) {
    // Clean text is passed whole; a C2 lead byte that does not start a C1
    // control (`©`, `§`) is text; escapes at the start, middle and end.
    for (const auto& [text, shown] : std::vector<std::pair<std::string, std::string>>{
             {"notes/caf\xc3\xa9 \xc2\xa9 2026.md", "notes/caf\xc3\xa9 \xc2\xa9 2026.md"},
             {"\x01" "a", "\\x01a"},
             {"a\x7f\xc2\xa7" "b\xc2\x85", "a\\x7f\xc2\xa7" "b\\x85"},
             {"end\xc2", "end\xc2"},
             {"", ""},
         }) {
        EXPECT_EQ(rendered(one_text_column("path", text), Format::paths), shown + "\n") << shown;
    }
}

TEST(DisplayWidth, CountsColumnsNotBytes) {
    EXPECT_EQ(display_width(""), 0);
    EXPECT_EQ(display_width("abc"), 3);
    EXPECT_EQ(display_width("日本語"), 6);            // East Asian wide: 2 each
    EXPECT_EQ(display_width("ｶﾀｶﾅ"), 4);              // half-width katakana: 1 each
    EXPECT_EQ(display_width("e\xcc\x81"), 1);         // e + COMBINING ACUTE ACCENT
    EXPECT_EQ(display_width("Stra\xc3\x9f" "e"), 6);  // ß is one column
    EXPECT_EQ(display_width("a\x1b" "b\x7f"), 2);     // control characters take none
    EXPECT_EQ(display_width("…"), 1);
}
