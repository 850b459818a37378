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
    /// A scan of part of the vault (scan_paths()), which covers `scopes`:
    /// vault-relative paths, each a file or a folder with everything under
    /// it, sorted.
    bool partial = false;
    std::vector<std::string> scopes;
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

/// What scan_vault() would list at or under `paths` (vault-relative files
/// or folders, present or gone), with those paths as its scopes: for a caller
/// that knows which paths changed. A path the walk never enters (inside a
/// dot-folder, an ignored folder or Logseq's `logseq/`) is left out; a path
/// reached through a symbolic link is covered but lists nothing, since links
/// are not followed here (a vault that follows them is walked whole). An
/// empty path, the vault itself, makes this scan_vault().
VaultScan scan_paths(const std::filesystem::path& root, const Config& config, Dialect dialect,
                     const std::vector<std::string>& paths);

/// The folders scan_vault() enters at or under `rel` (vault-relative; "" is
/// the vault itself), `rel` first if it is one: real folders (symbolic links
/// are not followed), not dot-folders, not ignored, not Logseq's `logseq/`.
/// A folder that cannot be opened is listed without its subfolders. For
/// watching the vault.
std::vector<std::string> list_folders(const std::filesystem::path& root, const Config& config, Dialect dialect,
                                      const std::string& rel = "");

/// Whether scan_vault() would enter the folder `rel` (vault-relative, not
/// ""), judging by its path alone: no dot-folder on the way, nothing ignored,
/// not Logseq's `logseq/`.
bool walk_enters(const Config& config, Dialect dialect, const std::string& rel);

}  // namespace notes::index
