// libFuzzer target: the Markdown body (extract_body: links, tags, headings,
// block ids, plain text) and the inline stripping used for titles. Also the
// whole-note path (parse_note), which repairs bad bytes first: everything it
// returns must be valid UTF-8 with lines inside the file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "notes/parse/markdown.hpp"
#include "notes/parse/note_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using notes::fuzz::check;
    using notes::fuzz::check_utf8;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const int lines = 1 + static_cast<int>(std::count(input.begin(), input.end(), '\n'));

    const notes::parse::BodyFacts body = notes::parse::extract_body(input, 1);
    for (const auto& l : body.links) check(l.line >= 1 && l.line <= lines, "link line inside the body");
    for (const auto& t : body.tags) check(t.line >= 1 && t.line <= lines && !t.name.empty(), "tag");
    for (const auto& h : body.headings) {
        check(h.line >= 1 && h.line <= lines && h.level >= 1 && h.level <= 6, "heading");
    }
    check(body.word_count >= 0, "word count");
    (void)notes::parse::strip_inline_markdown(input.substr(0, 4096));

    const notes::ParsedNote note = notes::parse::parse_note("fuzz.md", "fuzz", input);
    check(!note.title.empty(), "a note always has a title (the slug at worst)");
    check_utf8(note.title, "title");
    check_utf8(note.text, "text");
    check_utf8(note.front_matter_json, "front matter JSON");
    for (const auto& l : note.links) {
        check_utf8(l.target, "link target");
        check_utf8(l.anchor, "link anchor");
        check_utf8(l.label, "link label");
        check(l.line >= 1 && l.line <= lines + 1, "link line inside the file");
    }
    for (const auto& t : note.tags) check_utf8(t.name, "tag");
    for (const auto& h : note.headings) check_utf8(h.text, "heading");
    for (const auto& f : note.fields) {
        check_utf8(f.key, "field key");
        check_utf8(f.value, "field value");
    }
    for (const auto& w : note.warnings) check_utf8(w.message, "warning");
    return 0;
}
