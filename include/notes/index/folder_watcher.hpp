#pragma once
// Watching the vault for changes with Linux inotify: one watch on every
// folder the walk enters (list_folders()), added as folders appear, dropped
// as they go or move away, so that a caller learns which paths changed
// without walking the vault. Also `.notes/`, for the configuration.

#include <cstddef>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "notes/core/config.hpp"
#include "notes/core/dialect.hpp"

namespace notes::index {

/// What one read of the pending events told.
struct FolderEvents {
    /// Vault-relative paths of the files and folders created, written,
    /// touched, deleted or moved (both ends of a move within the vault); a
    /// folder stands for everything under it. May repeat.
    std::vector<std::string> paths;
    /// Events were lost (the kernel's queue overflowed): anything may have
    /// changed, and folders may have come or gone unseen.
    bool overflow = false;
    /// `.notes/config.yaml` changed (or `.notes/` came or went), or a
    /// dot-folder that marks the vault's dialect (`.foam/`, `.vscode/`) did.
    bool settings_changed = false;
    /// Set when the vault folder itself went: "deleted", "moved" (renamed,
    /// or moved elsewhere) or "unmounted".
    std::string vault_gone;
    /// A folder could not be watched: the inotify watch limit
    /// (fs.inotify.max_user_watches) is reached.
    bool limit_reached = false;
};

class FolderWatcher {
  public:
    /// Watches the folders of `vault` that the walk enters under `config`
    /// and `dialect`, and `.notes/`. `own_files` (the index's vault-relative
    /// path, when it lies inside a watched folder) and its companions
    /// (`-wal`, `.lock`, …) are never reported: the index's own writes are no
    /// change of the vault.
    /// Throws Error when inotify cannot be used at all (no instance left:
    /// fs.inotify.max_user_instances); check limit_reached() for folders it
    /// could not watch.
    FolderWatcher(std::filesystem::path vault, const Config& config, Dialect dialect,
                  std::string own_files = {});
    ~FolderWatcher();
    FolderWatcher(const FolderWatcher&) = delete;
    FolderWatcher& operator=(const FolderWatcher&) = delete;

    /// Readable (poll) when events are pending.
    int fd() const { return m_fd; }

    /// Reads every pending event, without blocking, and watches the folders
    /// that appeared.
    FolderEvents read_events();

    /// Watches exactly the folders the walk enters now, under new rules (the
    /// configuration changed) or after lost events.
    void resync(const Config& config, Dialect dialect);

    /// How many folders are watched (`.notes/` not counted).
    std::size_t folder_count() const;

    /// Whether some folder could not be watched because of the watch limit.
    bool limit_reached() const { return m_limit_reached; }

  private:
    void watch_tree(const std::string& rel);
    void unwatch_tree(const std::string& rel);
    void watch_settings();
    bool reported(const std::string& path) const;
    bool config_present() const;

    std::filesystem::path m_vault;
    Config m_config;
    Dialect m_dialect;
    std::string m_own_files;
    int m_fd = -1;
    int m_root_wd = -1;
    int m_settings_wd = -1;
    bool m_limit_reached = false;
    bool m_config_present = false;
    std::unordered_map<int, std::string> m_folders;  ///< watch descriptor → vault-relative folder
};

}  // namespace notes::index
