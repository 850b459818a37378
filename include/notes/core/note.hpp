#pragma once
// Domain types shared by every layer: plain structs of std types, free of any
// library type (no YAML::Node, cmark_node*, SQLite::Statement).

#include <cstdint>
#include <string>
#include <vector>

namespace notes {

/// A problem with one input file. line/column are 1-based; 0 means unknown.
/// Rendered as `path:line:col: message` (line and column omitted when 0).
struct Warning {
    std::string path;
    int line = 0;
    int column = 0;
    std::string message;
};

/// One link found in a note, before resolution.
struct Link {
    /// "wiki", "embed", "markdown", "external", or the front-matter key the
    /// link was found under ("related", "up", ...).
    std::string kind;
    /// Target as written, without label and anchor: "Some Note", "dir/x.md",
    /// "https://example.org". Empty for a same-note link (`[[#Heading]]`).
    std::string target;
    /// Heading path ("H1#H2") or block reference ("^block-id"); empty if none.
    std::string anchor;
    /// Display text (`[[target|label]]`, `[label](target)`); empty if none.
    std::string label;
    /// 1-based line in the file.
    int line = 0;
};

/// One tag occurrence, without the leading '#', as written.
struct Tag {
    std::string name;
    int line = 0;
    bool from_front_matter = false;
};

struct Heading {
    int level = 0;
    /// What a reader sees: inline Markdown removed.
    std::string text;
    int line = 0;
    /// The heading as written after its `#` marks (ATX) or on its lines
    /// (setext): what Obsidian compares a link's anchor with.
    std::string source;
};

/// One scalar of the front matter (or one item of a list). Nested maps are
/// flattened with '.' ("author.name"); list items keep their key and get their
/// 0-based position.
struct Field {
    std::string key;
    std::string value;
    /// -1 for a plain scalar value, else the item's index in its list.
    int position = -1;
    /// "string", "number", "bool", "null".
    std::string type = "string";
    int line = 0;
};

/// Everything parsing one file yields. Pure data: computing it touches no
/// database and no file system.
struct ParsedNote {
    std::string title;
    /// Where the title came from: "front_matter", "heading" or "slug"; in a
    /// Logseq vault "property" (`title::`), "file_name" (the decoded page
    /// name) or "journal" (a journal's date).
    std::string title_source;
    /// The name other notes' links may use besides its path and slug: a
    /// title set in the front matter; a Logseq page's name. Empty for a
    /// title taken from a heading or the file name (nothing resolves by
    /// those) and in Dendron vaults (Dendron resolves by file name only).
    std::string link_name;
    /// ISO 8601 text ("2026-02-28" or "2026-02-28T09:30:00"), or empty.
    std::string date;
    std::string domain;
    std::string status;
    std::string source;
    std::string relevance;
    std::vector<std::string> aliases;
    /// Front-matter tags first, then body tags in order of appearance; one
    /// entry per occurrence (the store keeps the first per note).
    std::vector<Tag> tags;
    std::vector<Link> links;
    std::vector<Heading> headings;
    /// Block identifiers (`^id` at the end of a block), without the caret.
    std::vector<std::string> block_ids;
    std::vector<Field> fields;
    /// The whole front matter as a JSON object; empty when the note has none
    /// or it is invalid.
    std::string front_matter_json;
    /// True when the file has a front-matter block that failed to parse.
    bool front_matter_invalid = false;
    /// Plain text of the body (Markdown syntax removed) for full-text search.
    std::string text;
    int word_count = 0;
    /// Problems found while parsing; paths are filled in by the caller.
    std::vector<Warning> warnings;
};

}  // namespace notes
