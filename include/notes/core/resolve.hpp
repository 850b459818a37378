#pragma once
// Link resolution: which note a link target names (PRODUCT.md §4).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "notes/core/dialect.hpp"

namespace notes {

/// What the resolver needs to know of each note.
struct NoteName {
    std::int64_t id = 0;
    std::string path;  ///< vault-relative, with extension
    /// The name links may use besides path and slug (ParsedNote::link_name:
    /// a front-matter title, a Logseq page name); empty when none.
    std::string title;
    std::vector<std::string> aliases;
    /// Block ids other notes may reference as `((id))` (Logseq); lower case.
    std::vector<std::string> block_ids;
};

/// A file of the vault that is not a note: what attachment links name.
struct FileName {
    std::int64_t id = 0;
    std::string path;  ///< vault-relative
};

struct Resolution {
    std::int64_t note_id = 0;  ///< 0 when the target names no note
    std::int64_t file_id = 0;  ///< an attachment: the file it names
    /// Notes: "path", "slug", "alias", "title", "self", "block" (a Logseq
    /// block reference), "parent" (a Dendron hierarchy link to an ancestor
    /// further up). Attachments: "path" or "name". Empty when unresolved.
    std::string_view method;
};

/// Resolves link targets against one snapshot of the vault's notes. Pure and
/// deterministic: the same notes and link always give the same answer.
class LinkResolver {
public:
    explicit LinkResolver(std::vector<NoteName> notes, std::vector<FileName> files = {},
                          Dialect dialect = Dialect::obsidian);

    /// Resolves `target` (as written: may carry ".md", "/" and "../"; anchor
    /// already removed) of a link of `kind` found in the note at `source_path`
    /// whose id is `source_id`. An empty target is the source note itself.
    Resolution resolve(std::string_view source_path, std::int64_t source_id,
                       std::string_view kind, std::string_view target) const;

    /// The note holding the block `block_id` (a Logseq `((uuid))`).
    Resolution resolve_block(std::string_view block_id) const;

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
    Dialect m_dialect;
    std::vector<Entry> m_notes;  ///< in path order
    Index m_by_path;             ///< folded path without extension
    Index m_by_slug;
    Index m_by_alias;
    Index m_by_title;
    std::vector<Entry> m_files;  ///< in path order
    Index m_file_by_path;        ///< folded path
    Index m_file_by_name;        ///< folded file name
    std::unordered_map<std::string, std::int64_t> m_blocks;
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
    /// Files that are not notes whose folded path is `key`.
    virtual std::vector<Candidate> files_by_path(const std::string& key) = 0;
    /// Files that are not notes whose folded file name is `key`.
    virtual std::vector<Candidate> files_by_name(const std::string& key) = 0;
    /// The note holding the block id `key` (lower case), if any.
    virtual std::vector<Candidate> by_block(const std::string& key) = 0;
};

/// The rules of LinkResolver::resolve(), asking `names` at each step instead
/// of holding every note in memory: for a few links among many notes.
Resolution resolve_target(NameSource& names, std::string_view source_path, std::int64_t source_id,
                          std::string_view kind, std::string_view target, Dialect dialect = Dialect::obsidian);

/// LinkResolver::resolve_block() through `names`.
Resolution resolve_block_target(NameSource& names, std::string_view block_id);

/// Whether a target names a file rather than a note: its file name has an
/// extension other than a note's (".png", ".base", ".pdf", …). A broken link
/// to such a target is a missing attachment.
bool names_a_file(std::string_view target);

/// The folded lookup key of a target: anchor-free, ".md"/".markdown" removed,
/// trimmed, NFC and case-folded.
std::string target_key(std::string_view target);

/// The name a link's target reaches notes and files by: the folded last
/// segment of target_key(target) ("area/Sub Note.md" → "sub note",
/// "photo.png" → "photo.png"). Whatever rule resolves the link (path, slug,
/// alias, title, attachment), in the Obsidian and Foam dialects only a note
/// whose slug, alias or front-matter title key, or a file whose name key, is
/// this key or folds to it by target_key() can be what it resolves to. So
/// when such names appear or go, an incremental run resolves again only the
/// links with those keys. nullopt when the last segment is "..": such a link
/// is resolved again whenever any name changes.
std::optional<std::string> link_name_key(std::string_view target);

/// Joins `relative` onto `folder` and folds "." and ".." segments; returns
/// nullopt-like empty string when ".." climbs above the vault root.
std::string join_vault_path(std::string_view folder, std::string_view relative);

}  // namespace notes
