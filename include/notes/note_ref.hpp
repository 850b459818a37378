#pragma once
// NOTE arguments: what `notes show X`, `notes related X`, `--links-to X` name.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

class IndexStore;

struct NoteMatch {
    std::int64_t id = 0;
    std::string path;
    std::string title;
    /// "path", "slug", "title" or "alias" (for suggestions: "similar").
    std::string matched_by;
};

struct NoteLookup {
    /// One entry: found. Several: ambiguous (all candidates, in path order).
    /// None: see `suggestions`.
    std::vector<NoteMatch> matches;
    /// When nothing matched: up to five closest notes, closest first.
    std::vector<NoteMatch> suggestions;
};

/// Looks `arg` up case-insensitively (NFC): as a vault path (with or without
/// extension), then a slug, then a title, then an alias. The first kind that
/// matches anything decides; several notes of that kind make it ambiguous.
NoteLookup find_note(IndexStore& store, std::string_view arg);

/// Levenshtein distance between two strings, counted in code points.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace notes
