#pragma once
// What the files of the Markdown body reader share (markdown.cpp explains how
// a body is read): source lines and what cmark says each one is, the small
// character tests, and the three passes. Private to src/parse/.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "notes/core/note.hpp"
#include "notes/core/text.hpp"
#include "notes/parse/markdown.hpp"

namespace notes::parse::detail {

using text::ascii_lower;
using text::iequals_ascii;
using text::is_ascii_alpha;
using text::is_ascii_digit;
using text::is_ascii_punct;

inline constexpr std::size_t k_npos = std::string_view::npos;
// Link text is looked for over at most this many bytes, so that a line full
// of unmatched '[' costs linear time, not quadratic.
inline constexpr std::size_t k_max_link_text = 1000;
// Backtick runs up to this length remember a failed search for their closer.
inline constexpr std::size_t k_max_cached_backticks = 16;
// strip_inline_markdown() follows nested link texts this deep, then gives up
// and keeps the rest as written.
inline constexpr int k_max_strip_depth = 16;

inline bool is_ascii_alnum(char c) {
    return is_ascii_alpha(c) || (c >= '0' && c <= '9');
}
inline bool is_blank(char c) {
    return c == ' ' || c == '\t';
}
inline bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

inline bool is_all_ascii_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The code point before offset `i` of `s`; a space at the start.
char32_t cp_before(std::string_view s, std::size_t i);

// CommonMark backslash escapes: "\" before ASCII punctuation stands for it.
std::string unescape_backslashes(std::string_view s);
// What a reader sees of a wiki-link: its label, else the target and heading.
void append_wiki_display(std::string& out, const Link& link);
// If `line` ends with a block id ("text ^id", or "^id" alone), the offset of
// its '^'; else npos.
std::size_t find_block_id(std::string_view line);

enum class LineKind : std::uint8_t { none, paragraph, heading, html, code, definition };

/// Lines whose text is not scanned for links and tags, whatever cmark says
/// they are: a `$$` math block (hidden from cmark too, so that a `=` line in
/// it makes no heading), a Logseq `#+BEGIN_EXAMPLE` … `#+END_EXAMPLE` block.
enum class Verbatim : std::uint8_t { no, math, block };

struct SourceLine {
    std::size_t start = 0;  // offset of the first byte
    std::size_t end = 0;    // offset one past the content ("\r\n" excluded)
    int block = -1;         // cmark leaf block holding the line; -1 for none
    LineKind kind = LineKind::none;
    Verbatim verbatim = Verbatim::no;
    int property = -1;      // Logseq: index into BodyFacts::properties
};

/// The body's lines, '\n'-separated ("\r\n" counts as one end).
std::vector<SourceLine> split_lines(std::string_view body);

/// verbatim.cpp: marks `$$` math blocks (outside fenced code) and, in a
/// Logseq vault, its verbatim `#+BEGIN_…` blocks. True when any line is math.
bool mark_verbatim(std::string_view body, std::vector<SourceLine>& lines, const BodyOptions& options);

/// verbatim.cpp: a Logseq vault's `key:: value` lines, into
/// facts.properties and each line's `property`.
void read_properties(std::string_view body, std::vector<SourceLine>& lines, BodyFacts& facts, int first_line);

/// blocks.cpp: cmark-gfm's block structure. Marks each line's block and
/// kind (code, paragraph, …) and adds the headings, the first block's
/// heading and the plain text to `facts`. Math lines are hidden from cmark;
/// in a Logseq vault each leading tab is read as two spaces, so that an
/// outline indented with tabs is a list, not indented code.
void read_blocks(std::string_view body, std::vector<SourceLine>& lines, BodyFacts& facts, int first_line,
                 const BodyOptions& options);

/// source_scanner.cpp: the links, tags and block ids of the lines that are
/// not code, added to `facts`.
void scan_source(std::string_view body, std::vector<SourceLine>& lines, int first_line, BodyFacts& facts,
                 const BodyOptions& options);

/// inline_markup.cpp: `s` without footnote markers ("[^1]", "[^note]"), which
/// a reader sees as a superscript, not as words of a heading or title.
std::string remove_footnote_markers(std::string_view s);

/// inline_markup.cpp: the text of `s` with inline Markdown removed, appended
/// to `out` (not yet white-space collapsed); `depth` counts nested link texts.
void strip_into(std::string& out, std::string_view s, int depth);

}  // namespace notes::parse::detail
