#pragma once
// The Markdown body: links, tags, headings, block ids and plain text, with
// 1-based line numbers of the file.

#include <string>
#include <string_view>
#include <vector>

#include "notes/core/note.hpp"

namespace notes::parse {

struct BodyFacts {
    std::vector<Link> links;     ///< kinds "wiki", "embed", "markdown", "external"
    std::vector<Tag> tags;       ///< inline #tags, from_front_matter = false
    std::vector<Heading> headings;
    std::vector<std::string> block_ids;
    std::string text;            ///< plain text for full-text search
    int word_count = 0;
};

/// Extracts the facts of a Markdown body. `first_line` is the file line on
/// which `body` starts (after any front matter). Links and tags inside fenced
/// or indented code, code spans, HTML comments, %%Obsidian comments%% and
/// backslash escapes are not reported. Thread-safe: uses cmark-gfm's core
/// parser with no extension attached.
BodyFacts extract_body(std::string_view body, int first_line);

/// Inline Markdown removed and white space collapsed:
/// "**8 Python** `x` [a](u) [[t|l]]" -> "8 Python x a l". Used for titles.
std::string strip_inline_markdown(std::string_view s);

/// The version of cmark-gfm in use, for `notes --version`.
std::string cmark_gfm_version();

}  // namespace notes::parse
