#pragma once
// Whole-file parsing: front matter + body + the fallbacks between them.

#include <string_view>

#include "notes/core/front_matter_keys.hpp"
#include "notes/core/note.hpp"

namespace notes::parse {

/// Parses one note file. `path` is vault-relative (for warnings and the
/// date-from-file-name fallback); `slug` is the file name without extension.
/// Never throws on bad content: problems become warnings.
ParsedNote parse_note(std::string_view path, std::string_view slug, std::string_view content);
/// The same with `keys` naming the front-matter keys of the typed columns.
ParsedNote parse_note(std::string_view path, std::string_view slug, std::string_view content,
                      const FrontMatterKeys& keys);

}  // namespace notes::parse
