#pragma once
// What a note's vault-relative path says about it (PRODUCT.md §1): whether
// the file is a note, its slug, its folder.

#include <string>
#include <string_view>

namespace notes {

/// True for `*.md` and `*.markdown` (extension case-insensitive).
bool is_note_file_name(std::string_view name);

/// The file name without directories and its note extension.
std::string slug_of(std::string_view path);

/// "a/b/c.md" → "a/b"; "" at the vault root. A view into `path`.
std::string_view folder_of(std::string_view path);

}  // namespace notes
