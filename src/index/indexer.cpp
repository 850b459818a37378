// The index run, top to bottom (IndexRun::run() is the table of contents):
//
//   walk     list note files with their size and mtime (no content read);
//   diff     against the stamps stored in the index, one merge of two lists
//            in bytewise path order (the walk's, and the covering index
//            notes_stamp's): a file whose size and mtime are unchanged is not
//            opened; one whose stamp changed is read and hashed, and
//            re-parsed only if its hash changed; stored paths the walk did
//            not see are removed;
//   parse    the files to parse, on worker threads (cmark-gfm's core parser
//            and yaml-cpp are safe to run in parallel; no extension is used);
//   write    from this thread, in path order, with prepared statements, all
//            in one transaction, so a reader sees the old index or the new one;
//   resolve  the links of re-parsed notes and the anchored links into them;
//            when notes or files came or went, or a note's title or aliases
//            changed, also the links those names may concern: the links into
//            the notes concerned, and the links whose target's last segment
//            (links.name_hash) is one of the names (core/resolve.hpp,
//            link_name_key()). Every link when that is most of them, or in a
//            dialect whose rules reach notes by other keys (Dendron, Logseq);
//   commit,  and return the counts and warnings.
//
// A caller that knows which paths changed (`notes watch`) names them
// (IndexOptions::only_paths): the walk and the diff then cover those paths
// only, and everything else is taken as unchanged.
//
// A fresh build and an incremental run share every step. Where they differ:
// a fresh build (first run, --rebuild, another schema version) writes a new
// file with no journal and renames it over the old one at the end; it inserts
// notes with ids known in advance, so that the parser threads resolve most
// links before they are written (FreshBuildResolver); it creates the
// secondary indexes after the bulk insert; and its full-text index is built on
// a thread of its own and copied in before the commit.
//
// `notes index` and `notes watch` run in a process whose malloc asks for
// transparent huge pages (cli/huge_pages.hpp): a cold build touches a hundred
// megabytes of fresh memory, and in 2 MiB pages that is a tenth of the faults.

#include "notes/index/indexer.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <thread>
#include <unordered_map>

#include "database_file.hpp"
#include "link_resolution.hpp"
#include "notes/core/config.hpp"
#include "notes/core/error.hpp"
#include "notes/core/hash.hpp"
#include "notes/core/text.hpp"
#include "notes/core/warning_kinds.hpp"
#include "notes/index/dialect.hpp"
#include "notes/index/lock.hpp"
#include "notes/index/vault.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/store/index_store.hpp"
#include "parallel.hpp"
#include "read_file.hpp"
#include "warning_cache.hpp"

namespace notes::index {
namespace fs = std::filesystem;

fs::path default_db_path(const fs::path& vault) { return vault / ".notes" / "index.db"; }

namespace {

using namespace detail;
using store::FileRecord;
using store::IndexStore;
using store::StoredStamp;

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
    store::PreparedNote prepared;  ///< for Outcome::parsed
};

/// Reads, hashes and (unless its content is the stored one) parses one file.
/// Runs on the parser threads.
WorkResult read_and_parse(const fs::path& vault, const WorkItem& item, bool force_parse,
                          const ReadPolicy& policy, const parse::ParseOptions& options) {
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
    result.note = parse::parse_note(item.file->path, slug_of(item.file->path), read.content, options);
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

/// Whether a re-parse changed the names links resolve by (its link name,
/// aliases; with `block_ids` its block ids too).
bool names_changed(const std::vector<std::string>& before, const ParsedNote& note, bool block_ids) {
    std::vector<std::string> after;
    after.push_back(text::fold_key(note.link_name));
    for (const auto& a : note.aliases) after.push_back(text::fold_key(a));
    if (block_ids) {
        for (const auto& b : note.block_ids) {
            std::string key = "^";
            for (const char c : b) key.push_back(text::ascii_lower(c));
            after.push_back(std::move(key));
        }
    }
    std::vector<std::string> b = before;
    std::sort(b.begin(), b.end());
    std::sort(after.begin(), after.end());
    return b != after;
}

/// What the diff decided.
struct Diff {
    /// Files to open: new ones, and stored ones whose size or mtime changed
    /// (every stored one when everything is parsed again).
    std::vector<WorkItem> to_read;
    /// Stored notes the walk did not see: deleted files.
    std::vector<std::pair<std::int64_t, std::string>> deleted;
};

/// Adds the keys a link may name `key` by (core/resolve.hpp): the key
/// itself, and the same without a note extension (a target "x.markdown"
/// reaches the note "x.markdown.md" by its whole name).
void add_name_key(std::vector<std::string>& keys, const std::string& key) {
    keys.push_back(key);
    std::string bare = target_key(key);
    if (bare != key) keys.push_back(std::move(bare));
}

/// One run of the indexer. Each step is a member function; run() calls them
/// in order and the members carry what a step tells the later ones.
class IndexRun {
public:
    explicit IndexRun(const IndexOptions& options)
        : m_options(options),
          m_db(options.db),
          m_tmp(with_suffix(options.db, ".rebuild")),
          m_started(std::chrono::steady_clock::now()),
          m_phase_start(m_started) {}

    IndexStats run() {
        prepare_folders();
        IndexLock lock(with_suffix(m_db, ".lock"), m_options.wait_seconds);
        remove_fresh_build(m_tmp);  // left over by a run killed while building one
        load_configuration();
        choose_the_dialect();
        m_fresh = needs_fresh_build();

        DiscardFreshBuild discard{m_tmp, m_fresh};
        {
            IndexStore store(m_fresh ? m_tmp : m_db, IndexStore::Mode::read_write);
            if (m_fresh) start_fresh_build(store);
            compare_settings(store);
            const VaultScan scan = walk();
            if (m_fresh) store.size_build_cache(scan.files.size());
            const Diff diff = compare_with_index(store, scan);
            store.begin();
            try {
                parse_and_write(store, diff.to_read);
                remove_deleted(store, diff.deleted);
                resolve(store);
                count_notes(store);
                collect_warnings(store);
                store.set_meta("front_matter_keys", m_keys_fingerprint);
                store.set_meta("dialect", m_dialect_fingerprint);
                store.commit();
            } catch (...) {
                store.rollback();
                throw;
            }
            if (m_fresh) store.finish_fresh_build();
            end_phase("commit");
        }
        if (m_fresh) {
            replace_database(m_tmp, m_db);
            discard.armed = false;
            end_phase("replace");
        }
        m_stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
        return std::move(m_stats);
    }

private:
    /// The vault must be a folder. The index's folder is created when
    /// missing, never writable by others whatever the umask: another user
    /// could otherwise put a file or a link where the index is about to be.
    void prepare_folders() {
        std::error_code ec;
        if (!fs::is_directory(m_options.vault, ec)) {
            throw Error("cannot index " + m_options.vault.string() + ": " +
                        (fs::exists(m_options.vault, ec) ? "it is not a folder" : "the folder does not exist"));
        }
        if (!m_db.parent_path().empty() && !fs::exists(m_db.parent_path(), ec)) {
            fs::create_directories(m_db.parent_path(), ec);
            fs::permissions(m_db.parent_path(), fs::perms::others_write, fs::perm_options::remove, ec);
        }
    }

    /// `.notes/config.yaml`; its problems are warnings of the run.
    void load_configuration() {
        m_config = load_config(m_options.vault / ".notes" / "config.yaml", ".notes/config.yaml");
        append_warnings(m_config.warnings);
    }

    /// The vault's dialect (docs/dialects.md): how its notes are parsed and
    /// its links resolved.
    void choose_the_dialect() {
        m_dialect = choose_dialect(m_options.vault, m_config);
        m_dialect_fingerprint = dialect_fingerprint(m_dialect);
        m_parse.keys = m_config.keys;
        m_parse.dialect = m_dialect.dialect;
        m_parse.logseq_legacy_file_names = m_dialect.logseq_legacy_file_names;
    }

    /// Whether to build a fresh file instead of updating the index in place:
    /// --rebuild, no index yet, an empty one, another schema version, or a
    /// file that cannot be read (the last two say so in a notice).
    /// A fresh build replaces an index whose warnings the run compares its
    /// own with: they are read here, before the old file goes.
    bool needs_fresh_build() {
        std::error_code ec;
        if (!fs::exists(m_db, ec)) return true;
        if (m_options.mode == IndexMode::rebuild) {
            try {
                IndexStore old(m_db, IndexStore::Mode::read_only);
                m_previous_warnings = stored_warnings(old);
            } catch (const std::exception&) {
            }
            return true;
        }
        try {
            IndexStore probe(m_db, IndexStore::Mode::read_only);
            const int version = probe.schema_version();
            if (probe.is_empty()) return true;
            if (version != IndexStore::k_schema_version) {
                m_stats.notices.push_back("index schema version " + std::to_string(version) + " differs from " +
                                          std::to_string(IndexStore::k_schema_version) + "; rebuilding the index");
                m_previous_warnings = stored_warnings(probe);
                return true;
            }
        } catch (const std::exception& e) {
            m_stats.notices.push_back(std::string("the index could not be read (") + e.what() + "); rebuilding it");
            return true;
        }
        return false;
    }

    /// The warnings the last run printed, as it kept them in `meta`; nullopt
    /// when it kept none (an index written before notes kept them) or they
    /// cannot be read.
    static std::optional<std::vector<Warning>> stored_warnings(IndexStore& store) {
        try {
            const auto per_note = store.meta(k_warnings_meta_key);
            if (!per_note) return std::nullopt;
            auto out = decode_warnings(*per_note);
            if (!out) return std::nullopt;
            if (const auto run = store.meta(k_run_warnings_meta_key)) {
                if (auto decoded = decode_warnings(*run)) out->insert(out->end(), decoded->begin(), decoded->end());
            }
            return out;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }

    /// walk: the note files, with their size and mtime; only at the paths
    /// the caller named, when it named them and nothing requires the whole
    /// vault.
    VaultScan walk() {
        const bool partial = m_options.only_paths && !m_fresh && m_options.mode == IndexMode::incremental &&
                             !m_force_parse && !m_config.follow_symlinks;
        VaultScan scan = partial ? scan_paths(m_options.vault, m_config, m_dialect.dialect, *m_options.only_paths)
                                 : scan_vault(m_options.vault, m_config, m_dialect.dialect);
        m_partial = scan.partial;
        m_stats.walked_vault = !m_partial;
        append_warnings(scan.warnings);
        m_stats.seen = scan.files.size();
        end_phase("walk");
        return scan;
    }

    /// A fresh file: no journal while it is private, the tables without
    /// their secondary indexes, the full-text rows to the builder thread.
    void start_fresh_build(IndexStore& store) {
        store.use_fast_build_settings();
        store.create_schema(/*with_indexes=*/false);
        store.build_fts_aside();
    }

    /// Notes parsed with another front-matter key mapping (`keys:` of the
    /// config) or in another dialect are parsed again; no record means the
    /// default mapping and Obsidian. Whether names that appear or go can be
    /// followed to the links they concern (link_name_key()) depends on the
    /// dialect's rules.
    void compare_settings(IndexStore& store) {
        m_keys_fingerprint = fingerprint(m_config.keys);
        m_keys_changed = !m_fresh && store.meta("front_matter_keys").value_or(fingerprint(FrontMatterKeys{})) !=
                                         m_keys_fingerprint;
        const std::string stored_dialect = store.meta("dialect").value_or("obsidian");
        m_dialect_changed = !m_fresh && stored_dialect != m_dialect_fingerprint;
        m_force_parse = m_options.mode != IndexMode::incremental || m_keys_changed || m_dialect_changed;
        if (m_keys_changed) {
            m_stats.notices.push_back("the front-matter keys of .notes/config.yaml changed; parsing every note again");
        }
        if (m_dialect_changed) {
            m_stats.notices.push_back("the vault's dialect is now " + m_dialect_fingerprint + " (" + m_dialect.source +
                                      "; was " + stored_dialect + "); parsing every note again");
        }
        m_names_by_key = m_dialect.dialect == Dialect::obsidian || m_dialect.dialect == Dialect::foam;
        m_full_resolve = m_fresh || m_options.mode == IndexMode::full || m_keys_changed || m_dialect_changed;
    }

    /// Names appeared or went: their links are resolved again, all of them
    /// when the dialect's rules do not allow finding them by name.
    void names_touched(const std::vector<std::string>& keys, std::int64_t note_id = 0) {
        if (!m_names_by_key) {
            m_full_resolve = true;
            return;
        }
        for (const std::string& key : keys) add_name_key(m_touched_names, key);
        if (note_id != 0) m_touched_notes.push_back(note_id);
    }

    /// diff: which files to open and which stored notes are gone. The other
    /// files of the vault are stored as they are now; the names of those that
    /// came or went are touched (a broken link may now be an attachment).
    Diff compare_with_index(IndexStore& store, const VaultScan& scan) {
        const store::StoredStamps stored = m_partial ? store.load_stamps(scan.scopes) : store.load_stamps();
        const std::vector<std::string> files_changed =
            m_partial ? store.replace_files(scan.scopes, scan.attachments) : store.replace_files(scan.attachments);
        for (const std::string& file : files_changed) {
            const auto slash = file.rfind('/');
            names_touched({text::fold_key(slash == std::string::npos ? file : file.substr(slash + 1))});
        }
        // Both lists are in bytewise path order: one merge.
        Diff diff;
        const auto& stamps = stored.entries();
        auto next = stamps.begin();
        const auto gone_before = [&](std::string_view path) {
            for (; next != stamps.end() && next->path < path; ++next) {
                diff.deleted.emplace_back(next->stamp.id, std::string(next->path));
            }
        };
        for (const VaultFile& file : scan.files) {
            gone_before(file.path);
            if (next == stamps.end() || next->path != file.path) {
                diff.to_read.push_back(WorkItem{&file, 0, {}});
                continue;
            }
            const StoredStamp& stamp = next->stamp;
            if (!m_force_parse && stamp.size == file.size && stamp.mtime_ns == file.mtime_ns) {
                ++m_stats.unchanged;
            } else {
                diff.to_read.push_back(WorkItem{&file, stamp.id, std::string(stamp.hash)});
            }
            ++next;
        }
        for (; next != stamps.end(); ++next) diff.deleted.emplace_back(next->stamp.id, std::string(next->path));
        return diff;
    }

    /// parse on the worker threads, write on this one in path order.
    void parse_and_write(IndexStore& store, const std::vector<WorkItem>& work) {
        if (m_fresh) {
            std::vector<std::string> paths;
            paths.reserve(work.size());
            for (const WorkItem& item : work) paths.push_back(item.file->path);
            m_fresh_resolver.emplace(paths, m_dialect.dialect);
            m_pre_resolved_ok = true;
        }
        ReadPolicy policy;
        policy.follow_symlinks = m_config.follow_symlinks;
        std::error_code real_ec;
        const fs::path vault_real = fs::canonical(m_options.vault, real_ec);
        if (!real_ec && vault_real != vault_real.root_path()) policy.vault_real = vault_real.string();
        const unsigned threads =
            m_options.threads != 0 ? m_options.threads : std::max(1u, std::thread::hardware_concurrency());
        parallel_ordered<WorkResult>(
            work.size(), threads, 256,
            [&](std::size_t i) {
                WorkResult r = read_and_parse(m_options.vault, work[i], m_force_parse, policy, m_parse);
                if (r.outcome == Outcome::parsed) {
                    r.prepared = store::prepare_note(work[i].file->path, r.note);
                    if (m_fresh_resolver) m_fresh_resolver->prepare(i, work[i].file->path, r.note, r.prepared);
                }
                return r;
            },
            [&](std::size_t i, WorkResult result) {
                write(store, work[i], std::move(result));
                if (m_options.on_progress) m_options.on_progress(i + 1, work.size());
            });
    }

    /// write: one file's outcome into the store, counted.
    void write(IndexStore& store, const WorkItem& item, WorkResult result) {
        switch (result.outcome) {
            case Outcome::vanished:
                m_pre_resolved_ok = false;
                m_stats.warnings.push_back(*result.warning);
                if (item.stored_id != 0) {
                    store.remove_note(item.stored_id);
                    ++m_stats.removed;
                    if (m_options.list_paths) m_stats.removed_paths.push_back(item.file->path);
                    names_touched({}, item.stored_id);
                }
                --m_stats.seen;
                break;
            case Outcome::unreadable:
                m_pre_resolved_ok = false;
                m_stats.warnings.push_back(*result.warning);
                if (item.stored_id != 0) {
                    ++m_stats.unchanged;
                } else {
                    --m_stats.seen;
                }
                break;
            case Outcome::same_content:
                store.update_stamp(item.stored_id, item.file->size, item.file->mtime_ns);
                ++m_stats.unchanged;
                break;
            case Outcome::parsed: {
                ++m_stats.parsed;
                if (item.stored_id == 0) {
                    ++m_stats.added;
                    if (m_options.list_paths) m_stats.added_paths.push_back(item.file->path);
                    if (!m_full_resolve) {
                        std::vector<std::string> keys = result.prepared.alias_keys;
                        keys.push_back(result.prepared.slug_key);
                        if (!result.prepared.name_key.empty()) keys.push_back(result.prepared.name_key);
                        names_touched(keys);
                    }
                } else if (result.hash != item.stored_hash) {
                    ++m_stats.changed;
                    if (m_options.list_paths) m_stats.changed_paths.push_back(item.file->path);
                } else {
                    ++m_stats.unchanged;
                }
                const bool blocks = m_dialect.dialect == Dialect::logseq;
                if (item.stored_id != 0 && !m_full_resolve) {
                    std::vector<std::string> before = store.name_keys(item.stored_id, blocks);
                    if (names_changed(before, result.note, blocks)) {
                        before.insert(before.end(), result.prepared.alias_keys.begin(),
                                      result.prepared.alias_keys.end());
                        if (!result.prepared.name_key.empty()) before.push_back(result.prepared.name_key);
                        names_touched(before, item.stored_id);
                    }
                }
                m_written_links += result.note.links.size();
                const FileRecord record{item.file->path, item.file->size, item.file->mtime_ns, result.hash};
                m_reparsed.push_back(store.write_note(item.stored_id, record, std::move(result.note),
                                                      &result.prepared,
                                                      m_fresh_resolver ? &m_unresolved_links : nullptr));
                break;
            }
        }
    }

    /// The stored notes whose files are gone. A fresh build then creates the
    /// indexes anchors are checked through, before resolving: its resolution
    /// updates do not maintain the other indexes row by row.
    void remove_deleted(IndexStore& store, const std::vector<std::pair<std::int64_t, std::string>>& deleted) {
        for (const auto& [id, path] : deleted) {
            store.remove_note(id);
            ++m_stats.removed;
            if (m_options.list_paths) m_stats.removed_paths.push_back(path);
            names_touched({}, id);
        }
        if (m_options.list_paths) {
            std::sort(m_stats.removed_paths.begin(), m_stats.removed_paths.end());
        }
        if (m_fresh) {
            store.end_fts_aside_rows();
            store.create_anchor_indexes();
        }
        end_phase("parse+write");
    }

    /// resolve: a fresh build only the links its parser threads could not
    /// (unless a file it walked was not indexed after all); else the links
    /// of the re-parsed notes and the anchored links into them, and the links
    /// the names that came or went concern; every link when that is most of
    /// them or cannot be told.
    void resolve(IndexStore& store) {
        m_fresh_resolver.reset();  // the full resolver below replaces it
        const Dialect dialect = m_dialect.dialect;
        std::vector<std::int64_t>* broken = m_options.warnings == WarningScope::written ? &m_newly_broken : nullptr;
        LinkScope scope;
        if (!m_full_resolve && (!m_touched_names.empty() || !m_touched_notes.empty())) {
            std::sort(m_touched_names.begin(), m_touched_names.end());
            m_touched_names.erase(std::unique(m_touched_names.begin(), m_touched_names.end()), m_touched_names.end());
            std::vector<std::int64_t> ids =
                m_touched_names.empty() ? std::vector<std::int64_t>{} : store.links_by_name_key(m_touched_names);
            const std::vector<std::int64_t> into = store.links_into(m_touched_notes);
            ids.insert(ids.end(), into.begin(), into.end());
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            // Looked up one by one, a link costs several times what it costs
            // with every name in memory.
            if (ids.size() * 5 > static_cast<std::size_t>(store.link_count_estimate())) {
                m_full_resolve = true;
            } else {
                scope.link_ids = std::move(ids);
            }
        }
        if (m_fresh && m_pre_resolved_ok) {
            scope.link_ids = std::move(m_unresolved_links);
            scope.names_in_memory = true;
            resolve_links(store, dialect, scope);
            m_stats.links = m_written_links;
        } else if (m_full_resolve) {
            scope = LinkScope{true, {}, {}, true};
            m_stats.links = resolve_links(store, dialect, scope, broken);
        } else if (!m_reparsed.empty() || !scope.link_ids.empty()) {
            scope.notes = m_reparsed;
            m_stats.links = resolve_links(store, dialect, scope, broken);
        }
        end_phase("resolve");
        if (m_fresh) {
            store.create_indexes();
            end_phase("indexes");
            store.finish_fts_aside();
            end_phase("full text");
        }
    }

    /// The warnings of every note and of the vault as a whole (broken links,
    /// shared slugs), sorted by path and line. They change only with the
    /// notes and links: a run that wrote neither reads the list the last run
    /// kept.
    ///
    /// The list kept in `meta`, with the run's own warnings (configuration,
    /// walk, unreadable files) kept beside it, is also what the next run
    /// compares with to say which warnings are new.
    void collect_warnings(IndexStore& store) {
        const bool notes_unchanged = m_stats.parsed == 0 && m_stats.removed == 0 && !m_full_resolve &&
                                     m_reparsed.empty() && m_touched_names.empty() && m_touched_notes.empty();
        // The run's own warnings so far: configuration, walk, unreadable files.
        const std::vector<Warning> run_level = m_stats.warnings;
        if (m_options.warnings == WarningScope::written) {
            // The list kept for runs that change nothing describes the whole
            // vault: left for the next such run to make again.
            if (!notes_unchanged) store.erase_meta(k_warnings_meta_key);
            std::vector<std::int64_t> ids = m_reparsed;
            ids.insert(ids.end(), m_newly_broken.begin(), m_newly_broken.end());
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            std::vector<Warning> per_note = store.load_warnings(&ids);
            std::vector<Warning> links = store.vault_warnings(&ids);
            per_note.insert(per_note.end(), links.begin(), links.end());
            std::stable_sort(per_note.begin(), per_note.end(), [](const Warning& a, const Warning& b) {
                return a.path != b.path ? a.path < b.path : a.line < b.line;
            });
            append_warnings(std::move(per_note));
            end_phase("warnings");
            return;
        }
        std::optional<std::string> kept;
        std::optional<std::vector<Warning>> cached;
        std::optional<std::string> kept_run_level;
        if (!m_fresh) {
            kept = store.meta(k_warnings_meta_key);
            if (kept) cached = decode_warnings(*kept);
            kept_run_level = store.meta(k_run_warnings_meta_key);
        }
        std::vector<Warning> per_note;
        if (notes_unchanged && cached) {
            // The last run's list is this one: only the run's own warnings
            // can be new.
            per_note = std::move(*cached);
            const auto before = decode_warnings(kept_run_level.value_or("")).value_or(std::vector<Warning>{});
            m_stats.previous_warnings_known = true;
            m_stats.warning_is_new = new_since(run_level, before);
            m_stats.warning_is_new.resize(run_level.size() + per_note.size(), false);
        } else {
            if (cached) {
                m_previous_warnings = std::move(*cached);
                if (const auto before = decode_warnings(kept_run_level.value_or(""))) {
                    m_previous_warnings->insert(m_previous_warnings->end(), before->begin(), before->end());
                }
            }
            per_note = store.load_warnings();
            std::vector<Warning> vault_wide = store.vault_warnings();
            per_note.insert(per_note.end(), vault_wide.begin(), vault_wide.end());
            std::stable_sort(per_note.begin(), per_note.end(), [](const Warning& a, const Warning& b) {
                return a.path != b.path ? a.path < b.path : a.line < b.line;
            });
            std::string encoded = encode_warnings(per_note);
            if (encoded != kept) store.set_meta(k_warnings_meta_key, encoded);
        }
        // Written only when they changed: they rarely do.
        const std::string encoded_run_level = encode_warnings(run_level);
        if (encoded_run_level != kept_run_level) store.set_meta(k_run_warnings_meta_key, encoded_run_level);
        append_warnings(std::move(per_note));
        if (m_previous_warnings) {
            m_stats.previous_warnings_known = true;
            m_stats.warning_is_new = new_since(m_stats.warnings, *m_previous_warnings);
        }
        end_phase("warnings");
    }

    /// A run over part of the vault counts the notes it did not look at as
    /// unchanged.
    void count_notes(IndexStore& store) {
        if (!m_partial) return;
        m_stats.seen = store.note_count();
        m_stats.unchanged = m_stats.seen - m_stats.added - m_stats.changed;
    }

    void append_warnings(const std::vector<Warning>& warnings) {
        m_stats.warnings.insert(m_stats.warnings.end(), warnings.begin(), warnings.end());
    }
    /// The same, moving them: the list of every note's warnings can be tens
    /// of thousands.
    void append_warnings(std::vector<Warning>&& warnings) {
        m_stats.warnings.insert(m_stats.warnings.end(), std::make_move_iterator(warnings.begin()),
                                std::make_move_iterator(warnings.end()));
        warnings.clear();
    }

    void end_phase(const char* name) {
        const auto now = std::chrono::steady_clock::now();
        m_stats.phases.emplace_back(name, std::chrono::duration<double>(now - m_phase_start).count());
        m_phase_start = now;
    }

    const IndexOptions& m_options;
    const fs::path m_db;
    const fs::path m_tmp;  ///< where a fresh build is made
    const std::chrono::steady_clock::time_point m_started;
    std::chrono::steady_clock::time_point m_phase_start;
    IndexStats m_stats;
    Config m_config;
    DialectChoice m_dialect;
    std::string m_dialect_fingerprint;
    parse::ParseOptions m_parse;

    bool m_fresh = false;
    /// What the last run printed (stored_warnings()), when it is known.
    std::optional<std::vector<Warning>> m_previous_warnings;
    bool m_partial = false;  ///< only the paths the caller named were walked
    bool m_keys_changed = false;
    bool m_dialect_changed = false;
    /// Whether the links a name concerns can be found by it (link_name_key()).
    bool m_names_by_key = false;
    /// Names (folded) of notes and files that came or went, and notes whose
    /// links in must be resolved again (removed, or names changed).
    std::vector<std::string> m_touched_names;
    std::vector<std::int64_t> m_touched_notes;
    std::vector<std::int64_t> m_newly_broken;  ///< notes with a link this run broke
    bool m_force_parse = false;  ///< parse files even when their hash is the stored one
    std::string m_keys_fingerprint;
    /// Whether every link must be resolved again: notes were added or
    /// removed, or names links resolve by changed.
    bool m_full_resolve = false;
    std::optional<FreshBuildResolver> m_fresh_resolver;
    /// False once a walked file of a fresh build was not indexed after all:
    /// the ids the parser threads resolved with are then not the notes'.
    bool m_pre_resolved_ok = false;
    std::vector<std::int64_t> m_unresolved_links;  ///< a fresh build's links left for the resolve step
    std::size_t m_written_links = 0;
    std::vector<std::int64_t> m_reparsed;  ///< ids of the notes written this run
};

}  // namespace

std::size_t resolve_all_links(IndexStore& store, Dialect dialect) {
    return resolve_links(store, dialect, LinkScope{true, {}, {}, true});
}

IndexStats run_index(const IndexOptions& options) {
    try {
        return IndexRun(options).run();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        // A database failure (a full disk, an I/O error) or no memory: the
        // transaction was rolled back or the fresh file discarded.
        throw Error("cannot update the index " + options.db.string() + ": " + e.what() +
                    "; the previous index is unchanged");
    }
}

}  // namespace notes::index
