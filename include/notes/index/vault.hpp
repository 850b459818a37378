#pragma once
// Finding the vault and the notes in it.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notes/core/config.hpp"
#include "notes/core/ignore_rules.hpp"
#include "notes/core/note.hpp"
#include "notes/core/paths.hpp"

namespace notes::index {

/// A note file as the walk saw it: no content read.
struct VaultFile {
    std::string path;  ///< vault-relative, '/' separators, bytes as on disk
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
};

struct VaultScan {
    std::vector<VaultFile> files;  ///< sorted by path (bytewise)
    /// Every other file (not a dot-file), vault-relative, sorted: what
    /// attachment links name.
    std::vector<std::string> attachments;
    std::vector<Warning> warnings;
};

/// The vault root: `flag` if given, else $NOTES_VAULT (`env_value`), else the
/// nearest ancestor of `cwd` holding `.notes/`, else `cwd`.
std::filesystem::path find_vault_root(const std::optional<std::filesystem::path>& flag,
                                      const char* env_value, const std::filesystem::path& cwd);

/// Walks the vault: note files and the other files, skipping dot-directories
/// and ignored paths (and, in a Logseq vault, its `logseq/` folder); symbolic
/// links only when the config says so, never leading outside the vault,
/// with loops detected. Unreadable directories become warnings.
VaultScan scan_vault(const std::filesystem::path& root, const Config& config,
                     Dialect dialect = Dialect::obsidian);

}  // namespace notes::index
