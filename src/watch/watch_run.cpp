// The watch loop. One thread, blocked in poll() between changes (no timer
// runs while nothing waits), on three things: the inotify descriptor, the
// pipe the signal handler writes to, and the time the next update is due.
//
//   start    watch the folders (before the first run, so that nothing
//            written during it is missed), then an incremental run of the
//            whole vault;
//   events   paths go into the batch; lost events or new settings mean the
//            next run walks the whole vault (and the watches are brought in
//            step with the folders); the vault itself gone ends the watch;
//   update   when the batch is due: one incremental run told which paths
//            changed, holding the indexer lock only while it runs. A lock
//            held by someone else (a cron `notes index`) puts the changes
//            back and tries again shortly; a failed run is reported and
//            tried again later, with the changes that came meanwhile;
//   fallback when inotify is out of watches: one warning, then a periodic
//            incremental run every --interval, as with --poll.
//
// Each update prints one line (or one JSON object) and the warnings of the
// notes it wrote, not the whole vault's again.

#include "notes/watch/watch.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "notes/core/config.hpp"
#include "notes/core/error.hpp"
#include "notes/index/dialect.hpp"
#include "notes/index/folder_watcher.hpp"
#include "notes/index/indexer.hpp"
#include "notes/watch/change_batch.hpp"
#include "report.hpp"
#include "stop_signals.hpp"

namespace notes::watch {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using detail::StopSignals;
using index::FolderWatcher;
using index::IndexStats;

namespace {

/// How long to wait before trying a run again after another indexer held
/// the lock, and after a failure (doubling up to the interval).
constexpr auto k_lock_retry = 250ms;
constexpr auto k_first_failure_retry = 5000ms;

std::string read_first_line(const char* file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

/// The index's path inside the vault, when it lies there: its writes are
/// not changes of the vault.
std::string index_inside_vault(const fs::path& vault, const fs::path& db) {
    std::error_code ec;
    const fs::path v = fs::weakly_canonical(vault, ec);
    const fs::path d = fs::weakly_canonical(db, ec);
    const fs::path rel = d.lexically_relative(v);
    if (rel.empty() || rel.native().rfind("..", 0) == 0) return {};
    return rel.generic_string();
}

class WatchRun {
  public:
    explicit WatchRun(const WatchOptions& options)
        : m_options(options),
          m_stop(options.output != Output::quiet && ::isatty(::fileno(options.err)) != 0),
          m_batch(options.debounce, options.max_delay),
          m_report(options) {}

    int run() {
        read_settings();
        if (!m_options.poll) start_watching();
        announce();
        m_next_periodic = Clock::now() + m_options.interval;
        m_batch.add_whole_vault(Clock::now());
        update();
        while (!m_stop.requested()) {
            wait_for_something();
            if (m_stop.requested()) break;
            if (m_watcher) take_events();
            if (!m_watcher && Clock::now() >= m_next_periodic) {
                m_batch.add_whole_vault(Clock::now());
                m_next_periodic = Clock::now() + m_options.interval;
            }
            if (update_due()) update();
        }
        if (m_options.output != Output::quiet)
            m_report.notice("stopped watching " + m_options.vault.string());
        return 0;
    }

  private:
    void read_settings() {
        m_config = load_config(m_options.vault / ".notes" / "config.yaml", ".notes/config.yaml");
        m_dialect = index::choose_dialect(m_options.vault, m_config).dialect;
    }

    void start_watching() {
        try {
            m_watcher =
                std::make_unique<FolderWatcher>(m_options.vault, m_config, m_dialect,
                                                index_inside_vault(m_options.vault, m_options.db));
        } catch (const Error& e) {
            fall_back(e.what());
            return;
        }
        if (m_watcher->limit_reached()) fall_back_for_the_limit();
    }

    void fall_back_for_the_limit() {
        const std::string limit = read_first_line("/proc/sys/fs/inotify/max_user_watches");
        // Since Linux 5.11 a user namespace may have a lower limit of its own.
        const std::string here = read_first_line("/proc/sys/user/max_inotify_watches");
        fall_back(
            "the inotify watch limit is reached after " +
            std::to_string(m_watcher->folder_count()) +
            " folders (/proc/sys/fs/inotify/max_user_watches is " +
            (limit.empty() ? "unknown" : limit) +
            (!here.empty() && here != limit ? "; in this user namespace, " + here : std::string()) +
            "); raise it, e.g. `sudo sysctl fs.inotify.max_user_watches=524288`");
    }

    /// Periodic runs from now on, with one warning saying why.
    void fall_back(const std::string& why) {
        m_watcher.reset();
        m_report.warning(why + "; checking the vault every " + seconds(m_options.interval) +
                         " instead");
        m_next_periodic = Clock::now() + m_options.interval;
        m_batch.add_whole_vault(Clock::now());
    }

    static std::string seconds(std::chrono::milliseconds d) {
        const auto ms = d.count();
        return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
    }

    void announce() {
        if (m_options.output == Output::quiet) return;
        if (m_watcher) {
            m_report.notice("watching " + std::to_string(m_watcher->folder_count()) + " folder" +
                            (m_watcher->folder_count() == 1 ? "" : "s") + " of " +
                            m_options.vault.string());
        } else if (m_options.poll) {
            m_report.notice("checking " + m_options.vault.string() + " every " +
                            seconds(m_options.interval) + " (--poll)");
        }
    }

    /// The time of the next update: when the batch is due, but not before
    /// a retry is allowed.
    std::optional<Clock::time_point> next_update() const {
        std::optional<Clock::time_point> due = m_batch.due();
        if (due && m_retry_at && *due < *m_retry_at) due = m_retry_at;
        return due;
    }

    bool update_due() const {
        const auto due = next_update();
        return due && *due <= Clock::now();
    }

    /// Blocks until an event, a signal, or the next update or periodic run
    /// is due.
    void wait_for_something() {
        std::optional<Clock::time_point> wake = next_update();
        if (!m_watcher && (!wake || m_next_periodic < *wake)) wake = m_next_periodic;
        int timeout = -1;
        if (wake) {
            const auto left =
                std::chrono::ceil<std::chrono::milliseconds>(*wake - Clock::now()).count();
            timeout = static_cast<int>(std::clamp<long long>(left, 0, 24 * 3600 * 1000));
        }
        pollfd fds[2] = {{m_stop.fd(), POLLIN, 0}, {m_watcher ? m_watcher->fd() : -1, POLLIN, 0}};
        if (::poll(fds, 2, timeout) < 0 && errno != EINTR) {
            throw Error(std::string("cannot wait for changes: ") + std::strerror(errno));
        }
    }

    void take_events() {
        index::FolderEvents events = m_watcher->read_events();
        const auto now = Clock::now();
        if (!events.vault_gone.empty()) {
            throw Error("the vault folder " + m_options.vault.string() + " was " +
                        events.vault_gone + "; stopped watching");
        }
        if (events.settings_changed) {
            if (m_options.output != Output::quiet) {
                m_report.notice(".notes/config.yaml changed; reading it again");
            }
            read_settings();
            m_watcher->resync(m_config, m_dialect);
            m_batch.add_whole_vault(now);
            m_settings_run = true;
        }
        if (events.overflow) {
            if (m_options.output != Output::quiet) {
                m_report.notice(
                    "changes came faster than they could be read; looking at the whole vault");
            }
            m_watcher->resync(m_config, m_dialect);
            m_batch.add_whole_vault(now);
        }
        for (const std::string& path : events.paths) m_batch.add(path, now);
        if (events.limit_reached || m_watcher->limit_reached()) fall_back_for_the_limit();
    }

    void update() {
        const Changes changes = m_batch.take();
        index::IndexOptions options;
        options.vault = m_options.vault;
        options.db = m_options.db;
        options.threads = m_options.threads;
        options.on_progress = m_options.on_progress;
        if (!changes.whole_vault) options.only_paths = changes.paths;
        options.warnings = m_initial ? index::WarningScope::all : index::WarningScope::written;
        options.list_paths = true;
        const auto started = Clock::now();
        IndexStats stats;
        m_stop.updating(true);
        try {
            stats = index::run_index(options);
        } catch (const Error& e) {
            m_stop.updating(false);
            if (m_options.on_run_end) m_options.on_run_end();
            failed(changes, e);
            return;
        }
        m_stop.updating(false);
        if (m_options.on_run_end) m_options.on_run_end();
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
        if (m_waiting_for_lock && m_options.output != Output::quiet)
            m_report.notice("the lock is free; updating");
        m_waiting_for_lock = false;
        m_retry_at.reset();
        m_failure_retry = k_first_failure_retry;
        m_report.update(stats, m_initial, m_settings_run, ms);
        m_initial = false;
        m_settings_run = false;
    }

    void failed(const Changes& changes, const Error& e) {
        const auto now = Clock::now();
        m_batch.put_back(changes, now);
        if (e.status() == exit_status::k_locked) {
            if (!m_waiting_for_lock && m_options.output != Output::quiet) {
                m_report.notice("another `notes index` holds the lock; waiting for it");
            }
            m_waiting_for_lock = true;
            m_retry_at = now + k_lock_retry;
            return;
        }
        std::error_code ec;
        if (!fs::is_directory(m_options.vault, ec)) {
            // The watcher's event about it is queued by now: it says how.
            std::string how = "deleted";
            if (m_watcher) {
                const index::FolderEvents events = m_watcher->read_events();
                if (!events.vault_gone.empty()) how = events.vault_gone;
            }
            throw Error("the vault folder " + m_options.vault.string() + " was " + how +
                        "; stopped watching");
        }
        // The first run must work: a watch that cannot index is no watch.
        if (m_initial) throw;
        m_report.error(std::string(e.what()) + "; trying again in " + seconds(m_failure_retry));
        m_retry_at = now + m_failure_retry;
        m_failure_retry =
            std::min(m_failure_retry * 2, std::max(m_options.interval, k_first_failure_retry));
    }

    const WatchOptions& m_options;
    StopSignals m_stop;
    ChangeBatch m_batch;
    detail::Report m_report;
    Config m_config;
    Dialect m_dialect = Dialect::obsidian;
    std::unique_ptr<FolderWatcher> m_watcher;
    bool m_initial = true;
    bool m_settings_run = true;  ///< the update after a (re)reading of the settings
    bool m_waiting_for_lock = false;
    std::optional<Clock::time_point> m_retry_at;
    std::chrono::milliseconds m_failure_retry = k_first_failure_retry;
    Clock::time_point m_next_periodic;
};

}  // namespace

int run_watch(const WatchOptions& options) {
    std::error_code ec;
    if (!fs::is_directory(options.vault, ec)) {
        throw Error("vault " + options.vault.string() + " is not a directory");
    }
    return WatchRun(options).run();
}

}  // namespace notes::watch
