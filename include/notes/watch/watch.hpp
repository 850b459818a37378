#pragma once
// `notes watch`: keeps the index current while it runs. A front end beside
// the command line: it watches the vault (index/folder_watcher.hpp), gathers
// changes (change_batch.hpp), updates the index with incremental runs told
// which paths changed (index/indexer.hpp), and prints one line per update.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "notes/render/warnings.hpp"

namespace notes::watch {

enum class Output {
    text,   ///< one line per update on `out`
    json,   ///< one JSON object per line per update on `out`
    quiet,  ///< nothing on `out`; warnings and errors still on `err`
};

struct WatchOptions {
    std::filesystem::path vault;
    std::filesystem::path db;
    /// Quiet time after the last change before an update.
    std::chrono::milliseconds debounce{200};
    /// The longest a change waits while changes keep coming.
    std::chrono::milliseconds max_delay{2000};
    /// Between periodic runs, when the vault is not watched (`poll`, or the
    /// inotify limit is reached).
    std::chrono::milliseconds interval{std::chrono::seconds(30)};
    /// Periodic incremental runs instead of inotify (network file systems).
    bool poll = false;
    /// Parser threads; 0 = one per core.
    unsigned threads = 0;
    Output output = Output::text;
    /// How each update prints its warnings on `err` (as `notes index` does:
    /// a large first update is summarised by kind).
    render::WarningsMode warnings = render::WarningsMode::summary;
    bool color_err = false;  ///< bold headings and dim hints in the summary
    std::FILE* out = stdout;
    std::FILE* err = stderr;
    /// Called during a run from its writing thread: (done, total to parse);
    /// then on_run_end() once the run is over. For a progress bar.
    std::function<void(std::size_t, std::size_t)> on_progress;
    std::function<void()> on_run_end;
};

/// Watches until SIGINT or SIGTERM (returns 0, after the update in
/// progress). Starts with an incremental run. Waits for another indexer's
/// lock rather than failing; reports a failed update and tries it again.
/// Throws Error (status 4) when the vault folder goes away or the index
/// cannot be used at all.
int run_watch(const WatchOptions& options);

}  // namespace notes::watch
