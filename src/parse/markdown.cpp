// The Markdown body: how it is read
//
// A body is read twice, for different facts.
//
// cmark-gfm parses it once for the block structure: which source lines are
// code (fenced or indented), which lines make up one paragraph or heading,
// the headings, and the visible text for full-text search. Only the core
// parser runs: the GFM extensions keep their special characters in a global
// table that every parse rewrites, which corrupts parses on other threads.
//
// Links, tags and block ids are then found by scanning the source itself,
// line by line, skipping the lines cmark says are code. cmark cannot give us
// these: it knows no wiki-links, it turns "\[[x]]" into the same text as
// "[[x]]" (escapes are only visible in the source), and its inline nodes carry
// no trustworthy line numbers. The scanner is one left-to-right pass that
// knows just enough inline syntax to stay out of the places where a link or a
// tag is not one: code spans (which may go on over later lines of the same
// paragraph, hence the paragraph boundaries from cmark), HTML and %% comments
// (which may span blocks), backslash escapes, and the text and destination of
// Markdown links. A lookahead that may fail again and again on hostile input
// (an unclosed backtick run, "[[" without "]]", "<" without ">") remembers
// where it failed, so the pass stays linear.
//
// Math is neither: a `$$` block is hidden from cmark (its lines are blank
// there, so a `=` line in it makes no setext heading) and the scanner skips
// it, as it skips inline `$…$`.
//
// Choices where Obsidian and CommonMark leave room:
// - A trailing '/' is not part of a tag: "#a/" is the tag "a".
// - Code blocks are part of the plain text, so a search finds identifiers.
// - HTML blocks are scanned for links and tags like any other line; their
//   plain text is the block without tags and comments.
// - An unclosed "<!--" or "%%" comments out the rest of the body, as an
//   unclosed HTML comment block does in CommonMark and "%%" does in Obsidian.
// - Reference links ("[text][ref]", "[ref][]", "[ref]") are reported when a
//   one-line definition "[ref]: dest" starts a paragraph (not inside a quote
//   or list). "[^1]" is a footnote, never a reference.
// - Bare "http(s)://" URLs are external links, as GFM autolinks them.
// - Headings keep the text a reader sees: emphasis removed, a wiki-link shown
//   as its label or target. Empty headings are dropped (nothing can link to
//   them).

#include "notes/parse/markdown.hpp"

#include <algorithm>

#include "markdown_detail.hpp"

namespace notes::parse {

BodyFacts extract_body(std::string_view body, int first_line, const BodyOptions& options) {
    BodyFacts facts;
    if (body.empty()) return facts;
    std::vector<detail::SourceLine> lines = detail::split_lines(body);
    // One allocation for the usual number of links: a wiki-link has two '['.
    const auto brackets = static_cast<std::size_t>(std::count(body.begin(), body.end(), '['));
    facts.links.reserve(std::min<std::size_t>(brackets / 2 + 2, 256));
    detail::mark_verbatim(body, lines, options);
    detail::read_blocks(body, lines, facts, first_line, options);
    if (options.dialect == Dialect::logseq) detail::read_properties(body, lines, facts, first_line);
    detail::scan_source(body, lines, first_line, facts, options);
    facts.word_count = text::count_words(facts.text);
    return facts;
}

}  // namespace notes::parse
