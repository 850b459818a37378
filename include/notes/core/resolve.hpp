#pragma once
// Link resolution: which note a link target names (PRODUCT.md §4).

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace notes {

/// What the resolver needs to know of each note.
struct NoteName {
    std::int64_t id = 0;
    std::string path;  ///< vault-relative, with extension
    std::string title;
    std::vector<std::string> aliases;
};

struct Resolution {
    std::int64_t note_id = 0;  ///< 0 when the target names no note
    /// "path", "slug", "alias", "title" or "self"; empty when unresolved.
    std::string_view method;
};

/// Resolves link targets against one snapshot of the vault's notes. Pure and
/// deterministic: the same notes and link always give the same answer.
class LinkResolver {
public:
    explicit LinkResolver(std::vector<NoteName> notes);

    /// Resolves `target` (as written: may carry ".md", "/" and "../"; anchor
    /// already removed) of a link of `kind` found in the note at `source_path`
    /// whose id is `source_id`. An empty target is the source note itself.
    Resolution resolve(std::string_view source_path, std::int64_t source_id,
                       std::string_view kind, std::string_view target) const;

    /// Candidates with this slug key, in path order (for ambiguity reports).
    std::size_t slug_count(std::string_view target) const;

    // Public for resolve.cpp's lookups (resolve_target() shares its rules).
    struct Entry {
        std::int64_t id;
        std::string path;
        std::string folder_key;  ///< folded folder of the note ("" at the root)
    };
    using Index = std::unordered_map<std::string, std::vector<std::size_t>>;

private:
    std::vector<Entry> m_notes;  ///< in path order
    Index m_by_path;             ///< folded path without extension
    Index m_by_slug;
    Index m_by_alias;
    Index m_by_title;
};

/// Where resolve_target() looks names up, by folded key (target_key()).
/// Every list is in path order.
class NameSource {
public:
    struct Candidate {
        std::int64_t id = 0;
        std::string path;
    };
    virtual ~NameSource() = default;
    /// Notes whose folded path without its extension is `key`.
    virtual std::vector<Candidate> by_path(const std::string& key) = 0;
    /// Notes whose folded file name without its extension is `key`.
    virtual std::vector<Candidate> by_slug(const std::string& key) = 0;
    virtual std::vector<Candidate> by_alias(const std::string& key) = 0;
    virtual std::vector<Candidate> by_title(const std::string& key) = 0;
};

/// The rules of LinkResolver::resolve(), asking `names` at each step instead
/// of holding every note in memory: for a few links among many notes.
Resolution resolve_target(NameSource& names, std::string_view source_path, std::int64_t source_id,
                          std::string_view kind, std::string_view target);

/// The folded lookup key of a target: anchor-free, ".md"/".markdown" removed,
/// trimmed, NFC and case-folded.
std::string target_key(std::string_view target);

/// Joins `relative` onto `folder` and folds "." and ".." segments; returns
/// nullopt-like empty string when ".." climbs above the vault root.
std::string join_vault_path(std::string_view folder, std::string_view relative);

}  // namespace notes
