#pragma once
// `notes index`: bring the SQLite index in step with the vault.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "notes/core/dialect.hpp"
#include "notes/core/note.hpp"

namespace notes::store {
class IndexStore;
}

namespace notes::index {

enum class IndexMode {
    incremental,  ///< read only files whose size or mtime changed
    full,         ///< re-parse every file, in place
    rebuild,      ///< build a fresh database beside the old one, rename it in
};

/// Which warnings a run returns.
enum class WarningScope {
    all,      ///< every current warning of the vault
    written,  ///< those of the notes the run wrote or whose links it broke
};

struct IndexOptions {
    std::filesystem::path vault;
    std::filesystem::path db;
    IndexMode mode = IndexMode::incremental;
    /// How long to wait for another indexer's lock before giving up (75).
    double wait_seconds = 0;
    /// Parser threads; 0 = one per core.
    unsigned threads = 0;
    /// Called from the writing thread after each file: (done, total to parse).
    std::function<void(std::size_t, std::size_t)> on_progress;
    /// When set, an incremental run looks only at these vault-relative paths
    /// (files or folders, present or gone; "" is the whole vault) instead of
    /// walking the vault, and takes every other note as unchanged: for a
    /// caller that knows what changed (`notes watch`). The vault is walked
    /// anyway when the run must build a fresh index, parse every note again
    /// or follow symbolic links.
    std::optional<std::vector<std::string>> only_paths;
    WarningScope warnings = WarningScope::all;
    /// Fill IndexStats::added_paths, changed_paths and removed_paths.
    bool list_paths = false;
};

struct IndexStats {
    std::size_t seen = 0;       ///< note files found in the vault
    std::size_t added = 0;
    std::size_t changed = 0;    ///< content changed (by hash)
    std::size_t removed = 0;
    std::size_t unchanged = 0;  ///< seen - added - changed
    std::size_t parsed = 0;     ///< files parsed this run
    std::size_t links = 0;      ///< links whose resolution was (re)computed
    /// Every current warning: configuration, walk, unreadable files, and the
    /// stored parse warnings of every note (so the output does not depend on
    /// what earlier runs already parsed). With WarningScope::written, those
    /// of the configuration, the walk, unreadable files, and the notes the
    /// run wrote or whose links it broke.
    std::vector<Warning> warnings;
    /// Whether the previous run's warnings are known: false on the first
    /// run of an index (or one written by an older notes).
    bool previous_warnings_known = false;
    /// With previous_warnings_known, for each of `warnings` whether the
    /// previous run lacked it (same path and message: new_since()); empty
    /// otherwise.
    std::vector<bool> warning_is_new;
    /// One-line notices (e.g. "index schema changed; rebuilt").
    std::vector<std::string> notices;
    double seconds = 0;
    /// Wall time of each phase, in order: ("walk", 0.01), ("parse+write", …).
    std::vector<std::pair<std::string, double>> phases;
    /// With IndexOptions::list_paths: the notes added, changed (content) and
    /// removed, each in path order.
    std::vector<std::string> added_paths, changed_paths, removed_paths;
    /// Whether the run walked the whole vault (not only IndexOptions::only_paths).
    bool walked_vault = true;
};

/// Runs one indexing pass; all writes happen in one transaction (or, when
/// rebuilding, in a fresh file renamed into place), so readers see the old
/// index or the new one. Throws Error on failures that stop the run (lock
/// held: status 75; unusable vault or database: status 4); problems with
/// single files are warnings and never stop it.
IndexStats run_index(const IndexOptions& options);

/// The resolve step of a run on its own: every link of `store` resolved
/// against its notes and files by the rules of `dialect`. For tools and
/// tests that write notes into a store themselves. Returns the links visited.
std::size_t resolve_all_links(store::IndexStore& store, Dialect dialect = Dialect::obsidian);

/// The path of the index for a vault when no --db/$NOTES_DB is given.
std::filesystem::path default_db_path(const std::filesystem::path& vault);

}  // namespace notes::index
