#pragma once
// Finding the vault and the notes in it.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notes/config.hpp"
#include "notes/note.hpp"

namespace notes {

/// A note file as the walk saw it: no content read.
struct VaultFile {
    std::string path;  ///< vault-relative, '/' separators, bytes as on disk
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
};

struct VaultScan {
    std::vector<VaultFile> files;  ///< sorted by path (bytewise)
    std::vector<Warning> warnings;
};

/// The vault root: `flag` if given, else $NOTES_VAULT (`env_value`), else the
/// nearest ancestor of `cwd` holding `.notes/`, else `cwd`.
std::filesystem::path find_vault_root(const std::optional<std::filesystem::path>& flag,
                                      const char* env_value, const std::filesystem::path& cwd);

/// True for `*.md` and `*.markdown` (extension case-insensitive).
bool is_note_file_name(std::string_view name);

/// The file name without directories and extension.
std::string slug_of(std::string_view path);

/// gitignore-style matcher: `*`, `?`, `[...]` within a segment (fnmatch),
/// `**` across segments, a leading or inner `/` anchors to the root, a
/// trailing `/` matches directories only, `!` re-includes. Last match wins.
class IgnoreRules {
public:
    explicit IgnoreRules(const std::vector<std::string>& patterns);
    bool ignored(std::string_view path, bool is_dir) const;
    bool empty() const { return m_rules.empty(); }

private:
    struct Rule {
        std::vector<std::string> segments;
        bool negate = false;
        bool dir_only = false;
    };
    std::vector<Rule> m_rules;
};

/// Walks the vault: note files, skipping dot-directories and ignored paths;
/// symbolic links only when the config says so, never leading outside the
/// vault, with loops detected. Unreadable directories become warnings.
VaultScan scan_vault(const std::filesystem::path& root, const Config& config);

}  // namespace notes
