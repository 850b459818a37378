#pragma once
// NOTE arguments: what `notes show X`, `notes related X`, `--links-to X` name.

#include <cstdint>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

namespace notes::store {
class IndexStore;
}

namespace notes::query {

using store::IndexStore;

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

/// The Levenshtein distance from one string to many others, bit-parallel:
/// to(text, limit) equals min(edit_distance(pattern, text), limit + 1), and
/// gives up early once the distance is sure to exceed `limit`. Not safe to
/// share between threads (it reuses its buffers).
class EditDistanceFrom {
  public:
    explicit EditDistanceFrom(std::string_view pattern);
    std::size_t to(std::string_view text, std::size_t limit) const;

  private:
    template <typename Text>
    std::size_t distance(Text text, std::size_t limit) const;

    std::size_t m_length = 0;  ///< of the pattern, in code points
    std::size_t m_blocks = 0;  ///< 64-bit words per bit vector
    /// Per character, the pattern positions holding it, as m_blocks words.
    std::vector<std::uint64_t> m_ascii;  ///< characters below 128
    std::vector<std::pair<char32_t, std::vector<std::uint64_t>>> m_other;
    std::vector<std::uint64_t> m_zero;
    mutable std::u32string m_text;
    mutable std::vector<std::uint64_t> m_pv, m_mv;
};

}  // namespace notes::query
