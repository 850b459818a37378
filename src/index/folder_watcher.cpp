// inotify watches folders, not trees: each folder the walk enters gets a
// watch, and the events name an entry of that folder. So:
//
//   - a folder created or moved in gets its own watch (and its subfolders:
//     `mkdir -p a/b/c` or a folder moved in with content are complete before
//     the event is read), and is reported as a path: the index run walks it,
//     which also finds what was written there before its watch existed;
//   - a folder deleted or moved away loses its watches (moved within the
//     vault, it is watched again under its new name by the event at the other
//     end); both names are reported, so the index drops the notes under the
//     old one and finds them under the new one;
//   - an editor's save (a temp file renamed over the note, delete and create,
//     vim's `4913` probe and `note.md~` backup) is a handful of events naming
//     paths; the index run looks at what those paths hold when it runs, so
//     only the end result counts;
//   - lost events (the queue overflowed) and a new configuration (other
//     ignore rules) are reported as such: the caller walks the whole vault,
//     and resync() watches the folders the walk enters then.
//
// Dot-files other than notes (`.note.md.swp`, `.#note.md`) are not reported:
// the walk never lists them. The vault folder itself deleted, moved or
// unmounted ends the watch: its path names nothing any more.

#include "notes/index/folder_watcher.hpp"

#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "notes/core/error.hpp"
#include "notes/core/paths.hpp"
#include "notes/index/vault.hpp"

namespace notes::index {
namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t k_folder_events =
    IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB |
    IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK;
// `.notes/` holds the index too, which changes with every run and every
// reader: only what can replace config.yaml, not every write.
constexpr std::uint32_t k_settings_events = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                            IN_CLOSE_WRITE | IN_ONLYDIR | IN_DONT_FOLLOW;

std::string child_of(const std::string& folder, const char* name) {
    return folder.empty() ? std::string(name) : folder + "/" + name;
}

bool under(const std::string& path, const std::string& folder) {
    return path == folder ||
           (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
            path[folder.size()] == '/');
}

}  // namespace

FolderWatcher::FolderWatcher(fs::path vault, const Config& config, Dialect dialect,
                             std::string own_files)
    : m_vault(std::move(vault)),
      m_config(config),
      m_dialect(dialect),
      m_own_files(std::move(own_files)) {
    m_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_fd < 0) {
        const int err = errno;
        const char* why = err == EMFILE ? " (the limit of inotify instances is reached: "
                                          "/proc/sys/fs/inotify/max_user_instances)"
                                        : "";
        throw Error(std::string("cannot watch the vault: ") + std::strerror(err) + why);
    }
    watch_tree("");
    watch_settings();
    m_config_present = config_present();
}

bool FolderWatcher::config_present() const {
    std::error_code ec;
    return fs::exists(m_vault / ".notes" / "config.yaml", ec);
}

FolderWatcher::~FolderWatcher() {
    if (m_fd >= 0) ::close(m_fd);  // drops every watch
}

std::size_t FolderWatcher::folder_count() const {
    return m_folders.size();
}

void FolderWatcher::watch_tree(const std::string& rel) {
    for (const std::string& folder : list_folders(m_vault, m_config, m_dialect, rel)) {
        if (m_limit_reached) return;
        const fs::path full = folder.empty() ? m_vault : m_vault / folder;
        const int wd = ::inotify_add_watch(m_fd, full.c_str(), k_folder_events);
        if (wd < 0) {
            // Gone again already, or unreadable: nothing to watch there.
            if (errno == ENOSPC) m_limit_reached = true;
            continue;
        }
        m_folders[wd] = folder;  // a folder watched again under a new name keeps its descriptor
        if (folder.empty()) m_root_wd = wd;
    }
}

void FolderWatcher::unwatch_tree(const std::string& rel) {
    for (auto it = m_folders.begin(); it != m_folders.end();) {
        if (under(it->second, rel) && it->first != m_root_wd) {
            ::inotify_rm_watch(m_fd, it->first);
            it = m_folders.erase(it);
        } else {
            ++it;
        }
    }
}

void FolderWatcher::watch_settings() {
    const int wd = ::inotify_add_watch(m_fd, (m_vault / ".notes").c_str(), k_settings_events);
    if (wd < 0 && errno == ENOSPC) m_limit_reached = true;
    m_settings_wd = wd;
}

void FolderWatcher::resync(const Config& config, Dialect dialect) {
    m_config = config;
    m_dialect = dialect;
    const std::unordered_map<int, std::string> before = m_folders;
    m_folders.clear();
    watch_tree("");
    for (const auto& [wd, folder] : before) {
        if (m_folders.count(wd) == 0) ::inotify_rm_watch(m_fd, wd);
    }
    if (m_settings_wd < 0) watch_settings();
}

bool FolderWatcher::reported(const std::string& path) const {
    if (!m_own_files.empty() && path.compare(0, m_own_files.size(), m_own_files) == 0 &&
        (path.size() == m_own_files.size() || path[m_own_files.size()] == '-' ||
         path[m_own_files.size()] == '.')) {
        return false;  // the index, index.db-wal, index.db.lock, …
    }
    const auto slash = path.rfind('/');
    const std::string_view name =
        std::string_view(path).substr(slash == std::string::npos ? 0 : slash + 1);
    // Swap and lock files of editors: never listed by the walk.
    return name.empty() || name[0] != '.' || is_note_file_name(name);
}

FolderEvents FolderWatcher::read_events() {
    FolderEvents out;
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // EAGAIN: nothing more pending
        for (ssize_t at = 0; at < n;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
            at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            const std::uint32_t mask = event->mask;
            if ((mask & IN_Q_OVERFLOW) != 0) {
                out.overflow = true;
                continue;
            }
            const char* name = event->len > 0 ? event->name : nullptr;
            if (event->wd == m_settings_wd) {
                if ((mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) != 0) {
                    m_settings_wd = -1;  // watched again when the root sees it come back
                    out.settings_changed = true;
                } else if (name != nullptr && std::strcmp(name, "config.yaml") == 0) {
                    out.settings_changed = true;
                    m_config_present = config_present();
                }
                continue;
            }
            const auto folder = m_folders.find(event->wd);
            if (folder == m_folders.end()) continue;  // a watch dropped a moment ago
            if (event->wd == m_root_wd &&
                (mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED)) != 0) {
                out.vault_gone = (mask & IN_MOVE_SELF) != 0 ? "moved"
                                 : (mask & IN_UNMOUNT) != 0 ? "unmounted"
                                                            : "deleted";
                return out;
            }
            if ((mask & IN_IGNORED) != 0) {
                m_folders.erase(folder);  // the folder is gone; its parent reported it
                continue;
            }
            if (name == nullptr) continue;  // about the folder itself: its parent reports it
            const std::string path = child_of(folder->second, name);
            if (folder->second.empty() && name[0] == '.') {
                if (std::strcmp(name, ".notes") == 0) {
                    // Made by the first index run, usually: a change of
                    // settings only if a configuration comes or goes.
                    if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0) watch_settings();
                    const bool present = config_present();
                    if (present || m_config_present) out.settings_changed = true;
                    m_config_present = present;
                } else if (std::strcmp(name, ".foam") == 0 || std::strcmp(name, ".vscode") == 0) {
                    out.settings_changed = true;
                }
            }
            if ((mask & IN_ISDIR) != 0) {
                if ((mask & (IN_MOVED_FROM | IN_DELETE)) != 0) unwatch_tree(path);
                if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0) watch_tree(path);
                if (walk_enters(m_config, m_dialect, path)) out.paths.push_back(path);
                continue;
            }
            if (reported(path)) out.paths.push_back(path);
        }
    }
    out.limit_reached = m_limit_reached;
    return out;
}

}  // namespace notes::index
