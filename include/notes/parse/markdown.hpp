#pragma once
// The Markdown body: links, tags, headings, block ids and plain text, with
// 1-based line numbers of the file.

#include <string>
#include <string_view>
#include <vector>

#include "notes/core/dialect.hpp"
#include "notes/core/note.hpp"

namespace notes::parse {

/// A Logseq property line, `key:: value`.
struct Property {
    std::string key;    ///< lower case, '_' as '-' (Logseq's own spelling)
    std::string value;  ///< as written, trimmed
    int line = 0;
    /// A page property (the lines of the body's first block), as opposed to
    /// a property of one block of the outline.
    bool page = false;
};

struct BodyOptions {
    Dialect dialect = Dialect::obsidian;
    /// The note's folder, vault-relative: Foam's link definitions are
    /// relative to it.
    std::string_view folder;
};

struct BodyFacts {
    /// Kinds "wiki", "embed", "markdown", "external", "block_ref" (Logseq's
    /// `((uuid))`), or a Logseq property's key for links in its value.
    std::vector<Link> links;
    std::vector<Tag> tags;       ///< inline #tags, from_front_matter = false
    std::vector<Heading> headings;
    /// The level-1 heading that is the body's first block (index into
    /// `headings`), -1 when the first block is something else. Blocks with
    /// nothing to read (an HTML comment, an image) do not count.
    int first_block_heading = -1;
    std::vector<std::string> block_ids;
    /// Logseq vaults: the `key:: value` lines, in order.
    std::vector<Property> properties;
    std::string text;            ///< plain text for full-text search
    int word_count = 0;
};

/// Extracts the facts of a Markdown body. `first_line` is the file line on
/// which `body` starts (after any front matter). Links and tags inside fenced
/// or indented code, code spans, math (`$$…$$`, `$…$`), HTML comments,
/// %%Obsidian comments%% and backslash escapes are not reported. The dialect
/// changes what some syntax means (docs/dialects.md). Thread-safe: uses
/// cmark-gfm's core parser with no extension attached.
BodyFacts extract_body(std::string_view body, int first_line, const BodyOptions& options = {});

/// Inline Markdown removed and white space collapsed, footnote markers
/// dropped: "**8 Python** `x` [a](u) [[t|l]][^1]" -> "8 Python x a l". Used
/// for titles.
std::string strip_inline_markdown(std::string_view s);

/// The version of cmark-gfm in use, for `notes --version`.
std::string cmark_gfm_version();

}  // namespace notes::parse
