#include "notes/index/vault.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <set>
#include <string_view>
#include <thread>
#include <utility>

namespace notes::index {
namespace fs = std::filesystem;

fs::path find_vault_root(const std::optional<fs::path>& flag, const char* env_value,
                         const fs::path& cwd) {
    if (flag) return fs::absolute(*flag).lexically_normal();
    if (env_value != nullptr && *env_value != '\0') return fs::absolute(env_value).lexically_normal();
    for (fs::path dir = cwd;; dir = dir.parent_path()) {
        std::error_code ec;
        if (fs::is_directory(dir / ".notes", ec)) return dir;
        if (dir == dir.parent_path()) break;
    }
    return cwd;
}

namespace {

/// The bytes of `name` from `from` to `from` + 8 as a big-endian integer,
/// zero-padded past its end: comparing two of them compares those bytes as
/// memcmp() would.
std::uint64_t big_endian_prefix(std::string_view name, std::size_t from) {
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        const std::size_t at = from + i;
        key = (key << 8) | (at < name.size() ? static_cast<unsigned char>(name[at]) : 0u);
    }
    return key;
}

struct Walker {
    const fs::path& root;
    std::string root_real;
    const Config& config;
    IgnoreRules rules;
    VaultScan scan;
    std::set<std::pair<dev_t, ino_t>> active_dirs;  // directories on the current path
    /// Logseq keeps its configuration and old copies of pages (bak/) there.
    bool skip_logseq_folder = false;
    /// Indexes in scan.files of the notes found by their directory entry
    /// alone, whose size and time are still to be read.
    std::vector<std::size_t> deferred{};

    void warn(const std::string& rel, const std::string& message) {
        scan.warnings.push_back(Warning{rel.empty() ? "." : rel, 0, 0, message});
    }

    bool inside_vault(const std::string& real) const {
        return real == root_real || (real.size() > root_real.size() &&
                                     real.compare(0, root_real.size(), root_real) == 0 &&
                                     (root_real == "/" || real[root_real.size()] == '/'));
    }

    void walk(const std::string& rel, int dir_fd) {
        DIR* dir = ::fdopendir(dir_fd);
        if (dir == nullptr) {
            warn(rel, std::string("cannot read directory: ") + std::strerror(errno));
            ::close(dir_fd);
            return;
        }
        struct stat dir_st {};
        ::fstat(dir_fd, &dir_st);
        const auto key = std::make_pair(dir_st.st_dev, dir_st.st_ino);
        active_dirs.insert(key);

        // The names in one buffer, sorted as views of it: a folder of
        // 10,000 notes is one allocation, not 10,000. Each entry carries its
        // first 16 bytes as two big-endian integers, which order most pairs
        // without reading the names: notes named by date share their first
        // 8 or 11 bytes, and comparing those byte by byte was most of the
        // walk's own time in a folder of 25,000.
        struct Entry {
            std::uint64_t head;  ///< bytes 0-7, zero-padded
            std::uint64_t next;  ///< bytes 8-15, zero-padded
            std::size_t offset;
            std::size_t size;
            unsigned char type;
        };
        std::string names;
        std::vector<Entry> entries;
        errno = 0;
        while (const dirent* e = ::readdir(dir)) {
            const std::string_view name = e->d_name;
            if (name == "." || name == "..") continue;
            entries.push_back(Entry{big_endian_prefix(name, 0), big_endian_prefix(name, 8), names.size(),
                                    name.size(), e->d_type});
            names.append(name);
            names.push_back('\0');  // each name usable as a C string
        }
        const auto name_of = [&](const Entry& e) { return std::string_view(names.data() + e.offset, e.size); };
        // Bytewise order: a name has no NUL, so the zero padding sorts a
        // name before the longer names it begins.
        std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
            if (a.head != b.head) return a.head < b.head;
            if (a.next != b.next) return a.next < b.next;
            return name_of(a) < name_of(b);
        });

        std::string child = rel;
        if (!child.empty()) child += '/';
        const std::size_t prefix = child.size();
        for (const Entry& entry : entries) {
            const std::string_view name = name_of(entry);
            const unsigned char d_type = entry.type;
            child.resize(prefix);
            child.append(name);
            unsigned char type = d_type;
            struct stat st {};
            bool have_stat = false;
            if (type == DT_UNKNOWN) {
                if (::fstatat(dir_fd, name.data(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
                have_stat = true;
                type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK
                                                      : S_ISREG(st.st_mode) ? DT_REG
                                                                            : DT_UNKNOWN;
            }
            const bool is_link = type == DT_LNK;
            if (is_link) {
                if (!config.follow_symlinks) continue;
                if (name[0] == '.') continue;
                std::error_code ec;
                const fs::path real = fs::canonical(root / child, ec);
                if (ec) {
                    warn(child, "broken symbolic link; skipped");
                    continue;
                }
                if (!inside_vault(real.string())) {
                    warn(child, "symbolic link leads outside the vault; skipped");
                    continue;
                }
                if (::fstatat(dir_fd, name.data(), &st, 0) != 0) continue;
                have_stat = true;
                type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
            }
            if (type == DT_DIR) {
                if (name[0] == '.') continue;  // .git, .obsidian, .trash, .notes, ...
                if (!rules.empty() && rules.ignored(child, true)) continue;
                if (skip_logseq_folder && child == "logseq") continue;
                const int child_fd =
                    ::openat(dir_fd, name.data(), O_RDONLY | O_DIRECTORY | O_CLOEXEC |
                                                       (is_link ? 0 : O_NOFOLLOW));
                if (child_fd < 0) {
                    warn(child, std::string("cannot open directory: ") + std::strerror(errno));
                    continue;
                }
                struct stat cst {};
                ::fstat(child_fd, &cst);
                if (active_dirs.count({cst.st_dev, cst.st_ino}) != 0) {
                    warn(child, "symbolic link loop; skipped");
                    ::close(child_fd);
                    continue;
                }
                walk(child, child_fd);
            } else if (type == DT_REG && is_note_file_name(name)) {
                if (!rules.empty() && rules.ignored(child, false)) continue;
                if (!have_stat) {
                    // Its size and time are read after the walk (stat_deferred()).
                    deferred.push_back(scan.files.size());
                    scan.files.push_back(VaultFile{child, 0, 0});
                    continue;
                }
                scan.files.push_back(VaultFile{
                    child, static_cast<std::int64_t>(st.st_size),
                    static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec});
            } else if (type == DT_REG && name[0] != '.') {
                // Any other file is what an attachment link may name.
                if (!rules.empty() && rules.ignored(child, false)) continue;
                scan.attachments.push_back(child);
            }
        }
        active_dirs.erase(key);
        ::closedir(dir);  // closes dir_fd
    }
};

/// `path` as segments without empty and "." ones; nullopt when one is "..".
std::optional<std::vector<std::string>> segments_of(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        std::string segment = path.substr(start, slash - start);
        if (segment == "..") return std::nullopt;
        if (!segment.empty() && segment != ".") out.push_back(std::move(segment));
        start = slash + 1;
    }
    return out;
}

/// Whether `dir` (vault-relative) is a folder the walk may enter by its name
/// alone: not a dot-folder, not ignored, not Logseq's own folder.
bool enterable_folder(const Walker& walker, const std::string& dir, const std::string& name) {
    if (name[0] == '.') return false;
    if (!walker.rules.empty() && walker.rules.ignored(dir, true)) return false;
    return !(walker.skip_logseq_folder && dir == "logseq");
}

/// The size and time of the notes the walk found by their directory entry,
/// read after it on a few threads. A `stat` per note is most of the time of
/// a run that changes nothing, and the kernel serves them side by side. A
/// note gone since the walk is simply not there.
void stat_deferred(Walker& walker) {
    std::vector<VaultFile>& files = walker.scan.files;
    const std::vector<std::size_t>& deferred = walker.deferred;
    if (deferred.empty()) return;
    const int root_fd = ::open(walker.root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    std::vector<char> gone(deferred.size(), 0);
    const auto stat_range = [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            VaultFile& file = files[deferred[i]];
            struct stat st {};
            if (root_fd < 0 || ::fstatat(root_fd, file.path.c_str(), &st, 0) != 0 || !S_ISREG(st.st_mode)) {
                gone[i] = 1;
                continue;
            }
            file.size = static_cast<std::int64_t>(st.st_size);
            file.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
        }
    };
    // Threads only where they pay for themselves: a few thousand notes.
    const std::size_t n = deferred.size();
    const std::size_t threads =
        n < 4096 ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(stat_range, n * t / threads, n * (t + 1) / threads);
    stat_range(0, n / threads);
    for (std::thread& helper : helpers) helper.join();
    if (root_fd >= 0) ::close(root_fd);

    if (std::find(gone.begin(), gone.end(), 1) == gone.end()) return;
    std::vector<char> drop(files.size(), 0);
    for (std::size_t i = 0; i < n; ++i) drop[deferred[i]] = gone[i];
    std::size_t kept = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (drop[i] == 0) files[kept++] = std::move(files[i]);
    }
    files.resize(kept);
}

/// Files in bytewise path order. The walk reads each folder's entries in
/// name order, so a vault without subfolders (and most of one with them)
/// comes out sorted already: checked in one pass before sorting.
void sort_by_path(std::vector<VaultFile>& files) {
    const auto by_path = [](const VaultFile& a, const VaultFile& b) { return a.path < b.path; };
    if (!std::is_sorted(files.begin(), files.end(), by_path)) std::sort(files.begin(), files.end(), by_path);
}

}  // namespace

VaultScan scan_vault(const fs::path& root, const Config& config, Dialect dialect) {
    std::error_code ec;
    const fs::path real = fs::canonical(root, ec);
    Walker walker{root, ec ? root.string() : real.string(), config, IgnoreRules(config.ignore), {}, {}};
    walker.skip_logseq_folder = dialect == Dialect::logseq;
    const int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        walker.warn("", std::string("cannot open vault: ") + std::strerror(errno));
        return std::move(walker.scan);
    }
    walker.walk("", fd);
    stat_deferred(walker);
    sort_by_path(walker.scan.files);
    std::sort(walker.scan.attachments.begin(), walker.scan.attachments.end());
    return std::move(walker.scan);
}

VaultScan scan_paths(const fs::path& root, const Config& config, Dialect dialect,
                     const std::vector<std::string>& paths) {
    // Canonical paths, sorted, without those inside another one.
    std::vector<std::vector<std::string>> wanted;
    for (const std::string& path : paths) {
        auto segments = segments_of(path);
        if (!segments) continue;
        if (segments->empty()) return scan_vault(root, config, dialect);
        wanted.push_back(std::move(*segments));
    }
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());

    std::error_code ec;
    const fs::path real = fs::canonical(root, ec);
    Walker walker{root, ec ? root.string() : real.string(), config, IgnoreRules(config.ignore), {}, {}};
    walker.skip_logseq_folder = dialect == Dialect::logseq;
    walker.scan.partial = true;
    const std::vector<std::string>* last_scope = nullptr;
    for (const std::vector<std::string>& segments : wanted) {
        if (last_scope != nullptr && last_scope->size() < segments.size() &&
            std::equal(last_scope->begin(), last_scope->end(), segments.begin())) {
            continue;  // inside the folder just scanned
        }
        // Every folder on the way must be one the walk enters, and a real
        // folder; otherwise nothing is there for the index.
        std::string rel;
        bool reachable = true;
        bool skipped = false;
        for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
            rel += (i > 0 ? "/" : "") + segments[i];
            if (!enterable_folder(walker, rel, segments[i])) {
                skipped = true;
                break;
            }
            struct stat st {};
            if (reachable && (::lstat((root / rel).c_str(), &st) != 0 || !S_ISDIR(st.st_mode))) reachable = false;
        }
        if (skipped) continue;
        const std::string& name = segments.back();
        rel += (segments.size() > 1 ? "/" : "") + name;
        walker.scan.scopes.push_back(rel);
        last_scope = &segments;
        struct stat st {};
        if (!reachable || ::lstat((root / rel).c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            if (!enterable_folder(walker, rel, name)) continue;
            const int fd = ::open((root / rel).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
            if (fd < 0) {
                walker.warn(rel, std::string("cannot open directory: ") + std::strerror(errno));
                continue;
            }
            walker.walk(rel, fd);
        } else if (S_ISREG(st.st_mode) && is_note_file_name(name)) {
            if (!walker.rules.empty() && walker.rules.ignored(rel, false)) continue;
            walker.scan.files.push_back(VaultFile{
                rel, static_cast<std::int64_t>(st.st_size),
                static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec});
        } else if (S_ISREG(st.st_mode) && name[0] != '.') {
            if (!walker.rules.empty() && walker.rules.ignored(rel, false)) continue;
            walker.scan.attachments.push_back(rel);
        }
    }
    stat_deferred(walker);
    sort_by_path(walker.scan.files);
    std::sort(walker.scan.attachments.begin(), walker.scan.attachments.end());
    std::sort(walker.scan.scopes.begin(), walker.scan.scopes.end());
    return std::move(walker.scan);
}

namespace {

void add_folders(const fs::path& root, const Walker& walker, const std::string& rel, std::vector<std::string>& out) {
    out.push_back(rel);
    DIR* dir = ::opendir((rel.empty() ? root : root / rel).c_str());
    if (dir == nullptr) return;
    std::vector<std::string> children;
    while (const dirent* e = ::readdir(dir)) {
        const std::string name = e->d_name;
        if (name == "." || name == ".." || name[0] == '.') continue;
        const std::string child = rel.empty() ? name : rel + "/" + name;
        bool is_dir = e->d_type == DT_DIR;
        if (e->d_type == DT_UNKNOWN) {
            struct stat st {};
            is_dir = ::lstat((root / child).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
        }
        if (is_dir && enterable_folder(walker, child, name)) children.push_back(child);
    }
    ::closedir(dir);
    std::sort(children.begin(), children.end());
    for (const std::string& child : children) add_folders(root, walker, child, out);
}

}  // namespace

bool walk_enters(const Config& config, Dialect dialect, const std::string& rel) {
    const fs::path no_root;
    Walker walker{no_root, std::string(), config, IgnoreRules(config.ignore), {}, {}};
    walker.skip_logseq_folder = dialect == Dialect::logseq;
    const auto segments = segments_of(rel);
    if (!segments || segments->empty()) return segments.has_value();
    std::string dir;
    for (const std::string& segment : *segments) {
        dir += (dir.empty() ? "" : "/") + segment;
        if (!enterable_folder(walker, dir, segment)) return false;
    }
    return true;
}

std::vector<std::string> list_folders(const fs::path& root, const Config& config, Dialect dialect,
                                      const std::string& rel) {
    std::vector<std::string> out;
    if (!walk_enters(config, dialect, rel)) return out;
    struct stat st {};
    if (::lstat((rel.empty() ? root : root / rel).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return out;
    Walker walker{root, std::string(), config, IgnoreRules(config.ignore), {}, {}};
    walker.skip_logseq_folder = dialect == Dialect::logseq;
    add_folders(root, walker, rel, out);
    return out;
}

}  // namespace notes::index
