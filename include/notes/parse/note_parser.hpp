#pragma once
// Whole-file parsing: front matter + body + the fallbacks between them.

#include <string_view>

#include "notes/core/dialect.hpp"
#include "notes/core/front_matter_keys.hpp"
#include "notes/core/note.hpp"

namespace notes::parse {

/// How a vault's notes are read.
struct ParseOptions {
    /// The front-matter keys of the typed columns (`keys:` of the config).
    FrontMatterKeys keys;
    Dialect dialect = Dialect::obsidian;
    /// Logseq: file names in the legacy format, where "a.b.md" is the page
    /// "a/b" (`:file/name-format :legacy` in logseq/config.edn); otherwise
    /// "a___b.md" is.
    bool logseq_legacy_file_names = false;
};

/// Parses one note file. `path` is vault-relative (for warnings and the
/// date-from-file-name fallback); `slug` is the file name without extension.
/// Never throws on bad content: problems become warnings.
ParsedNote parse_note(std::string_view path, std::string_view slug, std::string_view content);
/// The same with `keys` naming the front-matter keys of the typed columns.
ParsedNote parse_note(std::string_view path, std::string_view slug, std::string_view content,
                      const FrontMatterKeys& keys);
/// The same for a vault of a dialect (docs/dialects.md).
ParsedNote parse_note(std::string_view path, std::string_view slug, std::string_view content,
                      const ParseOptions& options);

/// A Logseq page's name from its file name: "a___b" is "a/b", "%3F" is "?"
/// (with `legacy`: "a.b" is "a/b" too).
std::string logseq_page_name(std::string_view slug, bool legacy);

}  // namespace notes::parse
