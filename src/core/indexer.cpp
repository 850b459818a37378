// The incremental indexer, top to bottom:
//
//   walk    list note files with their size and mtime (no content read);
//   diff    against the stamps stored in the index: a file whose size and
//           mtime are unchanged is not opened; one whose stamp changed is read
//           and hashed, and re-parsed only if its hash changed; stored paths
//           the walk did not see are removed;
//   parse   the files to parse, on worker threads (cmark-gfm's core parser
//           and yaml-cpp are safe to run in parallel; no extension is used);
//   write   from this thread, in path order, with prepared statements, all
//           in one transaction, so a reader sees the old index or the new one;
//   resolve every link against the new set of notes, when that set or any
//           name links resolve by (path, title, alias) changed; otherwise only
//           the links of re-parsed notes and anchored links into them;
//   commit, and return the counts and warnings.
//
// A fresh index (first run, --rebuild, or a schema version change) is built in
// a temporary file with no journal and renamed over the old one at the end.

#include "notes/indexer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "notes/config.hpp"
#include "notes/error.hpp"
#include "notes/hash.hpp"
#include "notes/index_store.hpp"
#include "notes/links.hpp"
#include "notes/lock.hpp"
#include "notes/note_parser.hpp"
#include "notes/resolve.hpp"
#include "notes/text.hpp"
#include "notes/vault.hpp"

namespace notes {
namespace fs = std::filesystem;

fs::path default_db_path(const fs::path& vault) { return vault / ".notes" / "index.db"; }

namespace {

// Past this size only the beginning of a file is read: a note is not a
// gigabyte, and its content and searchable text are held in memory (and
// tokenized by FTS5 in one piece) while it is indexed.
constexpr std::size_t k_max_file_bytes = std::size_t{16} << 20;

/// What a file may be for the indexer to read it.
struct ReadPolicy {
    bool follow_symlinks = false;
    std::string vault_real;  ///< the vault's canonical path; empty: not checked
};

struct ReadResult {
    bool ok = false;
    int error = 0;          ///< errno, when `problem` is empty
    std::string problem;    ///< why the file was refused, when it is not an errno
    bool truncated = false; ///< larger than k_max_file_bytes; only that much was read
    std::string content;
};

// Where the open descriptor really leads, from /proc; empty if unknown.
std::string real_path_of(int fd) {
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char target[4096];
    const ssize_t n = ::readlink(link, target, sizeof target);
    if (n <= 0 || static_cast<std::size_t>(n) >= sizeof target) return {};
    return std::string(target, static_cast<std::size_t>(n));
}

// The file may have changed since the walk saw a regular note inside the
// vault: it may now be a FIFO (opening it would block: O_NONBLOCK, then
// fstat), a device, or a symbolic link leading anywhere (O_NOFOLLOW, then
// where the descriptor really leads).
ReadResult read_file(const fs::path& file, const ReadPolicy& policy) {
    ReadResult r;
    const int fd = ::open(file.c_str(),
                          O_RDONLY | O_CLOEXEC | O_NONBLOCK | (policy.follow_symlinks ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        r.error = errno;
        if (r.error == ELOOP && !policy.follow_symlinks) r.problem = "it is now a symbolic link; not followed";
        return r;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        r.problem = "not a regular file; not read";
        ::close(fd);
        return r;
    }
    if (!policy.vault_real.empty()) {
        const std::string real = real_path_of(fd);
        if (!real.empty() && real.compare(0, policy.vault_real.size() + 1, policy.vault_real + "/") != 0) {
            r.problem = "it leads outside the vault; not read";
            ::close(fd);
            return r;
        }
    }
    if (st.st_size > 0) {
        r.content.reserve(std::min(static_cast<std::size_t>(st.st_size), k_max_file_bytes + 1));
    }
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            r.error = errno;
            ::close(fd);
            return r;
        }
        if (n == 0) break;
        r.content.append(buf, static_cast<std::size_t>(n));
        if (r.content.size() > k_max_file_bytes) {
            r.content.resize(k_max_file_bytes);
            r.truncated = true;
            break;
        }
    }
    ::close(fd);
    r.ok = true;
    return r;
}

/// One file the diff decided to open.
struct WorkItem {
    const VaultFile* file;
    std::int64_t stored_id = 0;  // 0: not in the index yet
    std::string stored_hash;
};

enum class Outcome { parsed, same_content, unreadable, vanished };

struct WorkResult {
    Outcome outcome = Outcome::parsed;
    std::string hash;
    ParsedNote note;
    std::optional<Warning> warning;
    PreparedNote prepared;  ///< for Outcome::parsed
};

WorkResult process(const fs::path& vault, const WorkItem& item, bool force_parse, const ReadPolicy& policy,
                   const FrontMatterKeys& keys) {
    WorkResult result;
    ReadResult read = read_file(vault / item.file->path, policy);
    if (!read.ok) {
        const bool stored = item.stored_id != 0;
        if (read.problem.empty() && read.error == ENOENT) {
            result.outcome = Outcome::vanished;
            result.warning = Warning{item.file->path, 0, 0,
                                     std::string("file disappeared during the run; ") +
                                         (stored ? "removed from the index" : "not indexed")};
            return result;
        }
        result.outcome = Outcome::unreadable;
        result.warning = Warning{item.file->path, 0, 0,
                                 (read.problem.empty() ? std::string("cannot read file: ") + std::strerror(read.error)
                                                       : "cannot read file: " + read.problem) +
                                     (stored ? "; keeping its previous entry" : "")};
        return result;
    }
    result.hash = content_hash(read.content);
    if (!force_parse && item.stored_id != 0 && result.hash == item.stored_hash) {
        result.outcome = Outcome::same_content;
        return result;
    }
    result.note = parse_note(item.file->path, slug_of(item.file->path), read.content, keys);
    if (read.truncated) {
        // Stored with the note, so that every run reports it.
        result.note.warnings.insert(result.note.warnings.begin(),
                                    Warning{item.file->path, 0, 0,
                                            "file is larger than " + std::to_string(k_max_file_bytes >> 20) +
                                                " MiB; only its first " + std::to_string(k_max_file_bytes >> 20) +
                                                " MiB were read"});
    }
    return result;
}

/// Runs `work(i)` for i in [0, n) on `threads` threads and hands the results
/// to `consume(i, result)` on the calling thread in index order. Workers stay
/// at most `window` items ahead of the consumer, which bounds memory.
template <typename Result, typename Work, typename Consume>
void parallel_ordered(std::size_t n, unsigned threads, std::size_t window, Work work, Consume consume) {
    if (threads <= 1 || n < 2) {
        for (std::size_t i = 0; i < n; ++i) consume(i, work(i));
        return;
    }
    std::vector<std::optional<Result>> slots(window);
    std::mutex mutex;
    std::condition_variable ready;   // a slot was filled
    std::condition_variable space;   // the consumer moved on
    std::size_t next = 0;            // next item to claim
    std::size_t consumed = 0;        // items handed to consume
    bool stop = false;

    auto worker = [&] {
        for (;;) {
            std::size_t i;
            {
                std::unique_lock lock(mutex);
                space.wait(lock, [&] { return stop || next >= n || next < consumed + window; });
                if (stop || next >= n) return;
                i = next++;
            }
            Result r = work(i);
            {
                std::lock_guard lock(mutex);
                slots[i % window] = std::move(r);
            }
            ready.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    try {
        for (std::size_t i = 0; i < n; ++i) {
            Result r;
            {
                std::unique_lock lock(mutex);
                ready.wait(lock, [&] { return slots[i % window].has_value(); });
                r = std::move(*slots[i % window]);
                slots[i % window].reset();
                ++consumed;
            }
            space.notify_all();
            consume(i, std::move(r));
        }
    } catch (...) {
        {
            std::lock_guard lock(mutex);
            stop = true;
        }
        space.notify_all();
        for (auto& t : pool) t.join();
        throw;
    }
    for (auto& t : pool) t.join();
}

/// Re-resolves every link (`only_notes` empty), the links of `only_notes`
/// and the anchored links into them, or the links `link_ids`, and writes
/// back only those whose resolution changed. Returns how many it visited.
std::size_t resolve_links(IndexStore& store, const std::vector<std::int64_t>& only_notes,
                          const std::vector<std::int64_t>* link_ids = nullptr) {
    // Every link, or a fresh build's leftovers: all the names in memory.
    // The links of a few notes: each target looked up through the indexes,
    // which costs far less than reading and folding the names of every note.
    const bool few = link_ids == nullptr && !only_notes.empty();
    std::vector<NoteName> names;
    std::unordered_map<std::int64_t, std::string> path_of;
    std::optional<LinkResolver> held;
    IndexNames asked(store);
    if (!few) {
        names = store.load_note_names();
        path_of.reserve(names.size());
        for (const auto& n : names) path_of.emplace(n.id, n.path);
        held.emplace(std::move(names));
    }
    const auto source_path = [&](std::int64_t id) -> const std::string& {
        auto it = path_of.find(id);
        if (it == path_of.end()) it = path_of.emplace(id, store.path_of(id)).first;
        return it->second;
    };

    std::size_t visited = 0;
    const auto visit = [&](const StoredLink& link) {
        ++visited;
        StoredLink next = link;
        next.target_id = 0;
        next.resolved_by.clear();
        next.anchor_ok = -1;
        if (link.kind == "external" || is_external_target(link.target)) {
            next.status = "external";
        } else if (is_attachment_target(link.target)) {
            next.status = "attachment";
        } else {
            const std::string& from = source_path(link.note_id);
            const Resolution r = held ? held->resolve(from, link.note_id, link.kind, link.target)
                                      : resolve_target(asked, from, link.note_id, link.kind, link.target);
            if (r.note_id != 0) {
                next.status = "resolved";
                next.target_id = r.note_id;
                next.resolved_by = std::string(r.method);
                if (!link.anchor.empty()) next.anchor_ok = store.has_anchor(r.note_id, link.anchor) ? 1 : 0;
            } else {
                next.status = "broken";
            }
        }
        if (next.target_id != link.target_id || next.status != link.status ||
            next.resolved_by != link.resolved_by || next.anchor_ok != link.anchor_ok) {
            store.set_link_resolution(next);
        }
    };
    if (link_ids != nullptr) {
        store.for_each_link_id(*link_ids, visit);
    } else {
        store.for_each_link(only_notes, visit);
    }
    return visited;
}

bool names_changed(const std::vector<std::string>& before, const ParsedNote& note) {
    std::vector<std::string> after;
    after.push_back(text::fold_key(note.title));
    for (const auto& a : note.aliases) after.push_back(text::fold_key(a));
    std::vector<std::string> b = before;
    std::sort(b.begin(), b.end());
    std::sort(after.begin(), after.end());
    return b != after;
}

void remove_if_exists(const fs::path& p) {
    std::error_code ec;
    fs::remove(p, ec);
}

fs::path with_suffix(const fs::path& p, const char* suffix) { return fs::path(p.string() + suffix); }

void remove_fresh_build(const fs::path& tmp) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) remove_if_exists(with_suffix(tmp, suffix));
}

/// Removes a half-built fresh index when the run ends before renaming it into
/// place (a full disk, an error): it must not go on taking the space.
struct DiscardFreshBuild {
    const fs::path& tmp;
    bool armed;
    ~DiscardFreshBuild() {
        if (armed) remove_fresh_build(tmp);
    }
};

void fsync_path(const fs::path& p, bool directory) {
    const int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

/// Puts the freshly built `fresh` in place of `db`. The old database is first
/// switched out of WAL mode, so that no WAL or shared-memory file of the old
/// file is left for the new one to pick up; SQLite refuses the switch while
/// another process has the old file open, and we wait for it.
void replace_database(const fs::path& fresh, const fs::path& db) {
    std::error_code ec;
    if (fs::exists(db, ec)) {
        // The switch needs a moment when no reader has the old file open.
        // Readers are short and come and go: try again for a while.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        WalExit exit = leave_wal_mode(db);
        while (exit == WalExit::busy && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            exit = leave_wal_mode(db);
        }
        switch (exit) {
            case WalExit::done:
                break;
            case WalExit::busy:
                throw Error("cannot replace the index: other processes keep " + db.string() +
                            " open; the new index was discarded, try again");
            case WalExit::unreadable:
                // Not a database we can open: nobody can be reading it either,
                // so its WAL and shared-memory files are garbage.
                remove_if_exists(with_suffix(db, "-wal"));
                remove_if_exists(with_suffix(db, "-shm"));
                break;
        }
    }
    fsync_path(fresh, false);
    if (::rename(fresh.c_str(), db.c_str()) != 0) {
        throw Error("cannot move the new index into place at " + db.string() + ": " +
                    std::strerror(errno));
    }
    fsync_path(db.parent_path().empty() ? fs::path(".") : db.parent_path(), true);
}

IndexStats update_index(const IndexOptions& options);

// The warnings derived from the index, kept in `meta` for runs that change
// nothing: each field as its length, ':' and its bytes.
constexpr const char* k_warnings_meta_key = "warnings";

void encode_field(std::string& out, std::string_view s) {
    out += std::to_string(s.size());
    out.push_back(':');
    out.append(s);
}

std::string encode_warnings(const std::vector<Warning>& warnings) {
    std::string out;
    for (const Warning& w : warnings) {
        encode_field(out, w.path);
        encode_field(out, std::to_string(w.line));
        encode_field(out, std::to_string(w.column));
        encode_field(out, w.message);
    }
    return out;
}

/// nullopt when `s` is not what encode_warnings() wrote.
std::optional<std::vector<Warning>> decode_warnings(std::string_view s) {
    std::vector<Warning> out;
    std::size_t pos = 0;
    auto field = [&](std::string& value) {
        const std::size_t colon = s.find(':', pos);
        if (colon == std::string_view::npos || colon == pos || colon - pos > 12) return false;
        std::size_t size = 0;
        for (std::size_t i = pos; i < colon; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            size = size * 10 + static_cast<std::size_t>(s[i] - '0');
        }
        if (size > s.size() - colon - 1) return false;
        value.assign(s.substr(colon + 1, size));
        pos = colon + 1 + size;
        return true;
    };
    auto number = [&](int& value) {
        std::string text;
        if (!field(text) || text.empty() || text.size() > 10) return false;
        try {
            value = std::stoi(text);
        } catch (const std::exception&) {
            return false;
        }
        return true;
    };
    while (pos < s.size()) {
        Warning& w = out.emplace_back();
        if (!field(w.path) || !number(w.line) || !number(w.column) || !field(w.message)) return std::nullopt;
    }
    return out;
}

}  // namespace

IndexStats run_index(const IndexOptions& options) {
    try {
        return update_index(options);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        // A database failure (a full disk, an I/O error) or no memory: the
        // transaction was rolled back or the fresh file discarded.
        throw Error("cannot update the index " + options.db.string() + ": " + e.what() +
                    "; the previous index is unchanged");
    }
}

namespace {

IndexStats update_index(const IndexOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    IndexStats stats;
    auto phase_start = started;
    auto end_phase = [&](const char* name) {
        const auto now = std::chrono::steady_clock::now();
        stats.phases.emplace_back(name, std::chrono::duration<double>(now - phase_start).count());
        phase_start = now;
    };

    std::error_code ec;
    if (!fs::is_directory(options.vault, ec)) {
        throw Error("vault " + options.vault.string() + " is not a directory");
    }
    const fs::path db = options.db;
    if (!db.parent_path().empty() && !fs::exists(db.parent_path(), ec)) {
        fs::create_directories(db.parent_path(), ec);
        // Never writable by others, whatever the umask: another user could
        // otherwise put a file or a link where the index is about to be.
        fs::permissions(db.parent_path(), fs::perms::others_write, fs::perm_options::remove, ec);
    }
    IndexLock lock(with_suffix(db, ".lock"), options.wait_seconds);

    // Left over by a run that was killed while building a fresh index.
    const fs::path tmp = with_suffix(db, ".rebuild");
    remove_fresh_build(tmp);

    const Config config = load_config(options.vault / ".notes" / "config.yaml", ".notes/config.yaml");
    stats.warnings.insert(stats.warnings.end(), config.warnings.begin(), config.warnings.end());

    // Decide between updating in place and building a fresh file.
    bool fresh = options.mode == IndexMode::rebuild || !fs::exists(db, ec);
    if (!fresh) {
        try {
            IndexStore probe(db, IndexStore::Mode::read_only);
            const int version = probe.schema_version();
            if (probe.is_empty()) {
                fresh = true;
            } else if (version != IndexStore::k_schema_version) {
                fresh = true;
                stats.notices.push_back("index schema version " + std::to_string(version) +
                                        " differs from " + std::to_string(IndexStore::k_schema_version) +
                                        "; rebuilding the index");
            }
        } catch (const std::exception& e) {
            fresh = true;
            stats.notices.push_back(std::string("the index could not be read (") + e.what() +
                                    "); rebuilding it");
        }
    }

    VaultScan scan = scan_vault(options.vault, config);
    stats.warnings.insert(stats.warnings.end(), scan.warnings.begin(), scan.warnings.end());
    stats.seen = scan.files.size();
    end_phase("walk");

    DiscardFreshBuild discard{tmp, fresh};
    {
        IndexStore store(fresh ? tmp : db, IndexStore::Mode::read_write);
        if (fresh) {
            store.use_fast_build_settings();
            store.create_schema(/*with_indexes=*/false);
            store.build_fts_aside();
        }
        std::unordered_map<std::string, StoredStamp> stamps = store.load_stamps();

        // Notes parsed with another front-matter key mapping (`keys:` of the
        // config) are parsed again; no record means the default mapping.
        const std::string keys_fingerprint = fingerprint(config.keys);
        const bool keys_changed =
            !fresh && store.meta("front_matter_keys").value_or(fingerprint(FrontMatterKeys{})) != keys_fingerprint;
        const bool force_parse = options.mode != IndexMode::incremental || keys_changed;
        if (keys_changed) {
            stats.notices.push_back("the front-matter keys of .notes/config.yaml changed; parsing every note again");
        }
        std::vector<WorkItem> work;
        for (const VaultFile& file : scan.files) {
            const auto it = stamps.find(file.path);
            if (it == stamps.end()) {
                work.push_back(WorkItem{&file, 0, {}});
                continue;
            }
            const StoredStamp& stamp = it->second;
            if (!force_parse && stamp.size == file.size && stamp.mtime_ns == file.mtime_ns) {
                ++stats.unchanged;
            } else {
                work.push_back(WorkItem{&file, stamp.id, stamp.hash});
            }
            stamps.erase(it);
        }
        // What is left in `stamps` was not seen by the walk: deleted files.

        // A fresh build inserts every note with a known id (its place in
        // path order) and resolves, on the parser threads, each link that
        // names a note by path or slug: those depend only on the paths the
        // walk found. Links that need the titles and aliases of all notes, or
        // the headings of their target (anchors), are resolved after the last
        // note is written. No link row is written twice.
        std::optional<LinkResolver> pre_resolver;
        if (fresh) {
            std::vector<NoteName> names;
            names.reserve(work.size());
            for (std::size_t i = 0; i < work.size(); ++i) {
                names.push_back(NoteName{static_cast<std::int64_t>(i + 1), work[i].file->path, {}, {}});
            }
            pre_resolver.emplace(std::move(names));
        }
        bool pre_resolved_ok = pre_resolver.has_value();  // false once a walked file is not indexed
        std::vector<std::int64_t> unresolved_links;
        std::size_t written_links = 0;
        const auto prepare = [&](WorkResult& r, std::size_t i) {
            if (r.outcome != Outcome::parsed) return;
            const std::string& path = work[i].file->path;
            r.prepared = prepare_note(path, r.note);
            if (!pre_resolver) return;
            const auto id = static_cast<std::int64_t>(i + 1);
            r.prepared.id = id;
            r.prepared.links.reserve(r.note.links.size());
            for (const Link& l : r.note.links) {
                PreparedNote::LinkState& state = r.prepared.links.emplace_back();
                if (l.kind == "external" || is_external_target(l.target)) {
                    state.status = "external";
                } else if (is_attachment_target(l.target)) {
                    state.status = "attachment";
                } else if (l.anchor.empty()) {
                    const Resolution res = pre_resolver->resolve(path, id, l.kind, l.target);
                    if (res.note_id != 0 && (res.method == "path" || res.method == "slug" || res.method == "self")) {
                        state.status = "resolved";
                        state.target_id = res.note_id;
                        state.resolved_by = std::string(res.method);
                    }
                }
            }
        };

        store.begin();
        try {
            bool full_resolve = fresh || options.mode == IndexMode::full || !stamps.empty() || keys_changed;
            std::vector<std::int64_t> reparsed;

            ReadPolicy policy;
            policy.follow_symlinks = config.follow_symlinks;
            std::error_code real_ec;
            const fs::path vault_real = fs::canonical(options.vault, real_ec);
            if (!real_ec && vault_real != vault_real.root_path()) policy.vault_real = vault_real.string();
            const unsigned threads = options.threads != 0
                                         ? options.threads
                                         : std::max(1u, std::thread::hardware_concurrency());
            parallel_ordered<WorkResult>(
                work.size(), threads, 256,
                [&](std::size_t i) {
                    WorkResult r = process(options.vault, work[i], force_parse, policy, config.keys);
                    prepare(r, i);
                    return r;
                },
                [&](std::size_t i, WorkResult result) {
                    const WorkItem& item = work[i];
                    const FileRecord record{item.file->path, item.file->size, item.file->mtime_ns,
                                            result.hash};
                    switch (result.outcome) {
                        case Outcome::vanished:
                            pre_resolved_ok = false;
                            stats.warnings.push_back(*result.warning);
                            if (item.stored_id != 0) {
                                store.remove_note(item.stored_id);
                                ++stats.removed;
                                full_resolve = true;
                            }
                            --stats.seen;
                            break;
                        case Outcome::unreadable:
                            pre_resolved_ok = false;
                            stats.warnings.push_back(*result.warning);
                            if (item.stored_id != 0) {
                                ++stats.unchanged;
                            } else {
                                --stats.seen;
                            }
                            break;
                        case Outcome::same_content:
                            store.update_stamp(item.stored_id, item.file->size, item.file->mtime_ns);
                            ++stats.unchanged;
                            break;
                        case Outcome::parsed: {
                            ++stats.parsed;
                            if (item.stored_id == 0) {
                                ++stats.added;
                                full_resolve = true;
                            } else if (result.hash != item.stored_hash) {
                                ++stats.changed;
                            } else {
                                ++stats.unchanged;
                            }
                            if (item.stored_id != 0 && !full_resolve &&
                                names_changed(store.name_keys(item.stored_id), result.note)) {
                                full_resolve = true;
                            }
                            written_links += result.note.links.size();
                            reparsed.push_back(store.write_note(item.stored_id, record, std::move(result.note),
                                                                &result.prepared,
                                                                pre_resolver ? &unresolved_links : nullptr));
                            break;
                        }
                    }
                    if (options.on_progress) options.on_progress(i + 1, work.size());
                });

            for (const auto& [path, stamp] : stamps) {
                store.remove_note(stamp.id);
                ++stats.removed;
            }
            // A fresh build resolves before the other indexes exist, so the
            // resolution updates do not maintain them row by row.
            if (fresh) store.create_anchor_indexes();
            end_phase("parse+write");

            pre_resolver.reset();  // the full resolver below replaces it
            if (pre_resolved_ok) {
                resolve_links(store, {}, &unresolved_links);
                stats.links = written_links;
            } else if (full_resolve) {
                stats.links = resolve_links(store, {});
            } else if (!reparsed.empty()) {
                stats.links = resolve_links(store, reparsed);
            }
            if (fresh) store.create_indexes();
            end_phase("resolve");
            if (fresh) {
                store.finish_fts_aside();
                end_phase("full text");
            }
            // The stored warnings change only with the notes and links: a
            // run that wrote neither reads the list the last run kept.
            const bool notes_unchanged = stats.parsed == 0 && stats.removed == 0 && !full_resolve &&
                                         reparsed.empty();
            std::optional<std::vector<Warning>> cached;
            if (notes_unchanged) {
                if (const auto kept = store.meta(k_warnings_meta_key)) cached = decode_warnings(*kept);
            }
            std::vector<Warning> per_note;
            if (cached) {
                per_note = std::move(*cached);
            } else {
                per_note = store.load_warnings();
                std::vector<Warning> vault_wide = store.vault_warnings();
                per_note.insert(per_note.end(), vault_wide.begin(), vault_wide.end());
                std::stable_sort(per_note.begin(), per_note.end(), [](const Warning& a, const Warning& b) {
                    return a.path != b.path ? a.path < b.path : a.line < b.line;
                });
                store.set_meta(k_warnings_meta_key, encode_warnings(per_note));
            }
            stats.warnings.insert(stats.warnings.end(), per_note.begin(), per_note.end());
            end_phase("warnings");
            store.set_meta("front_matter_keys", keys_fingerprint);
            store.commit();
        } catch (...) {
            store.rollback();
            throw;
        }
        if (fresh) store.finish_fresh_build();
        end_phase("commit");
    }
    if (fresh) {
        replace_database(tmp, db);
        discard.armed = false;
        end_phase("replace");
    }

    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return stats;
}

}  // namespace
}  // namespace notes
