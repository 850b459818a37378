// `notes watch`: flags into a watch run (src/watch/).

#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "cli/command.hpp"
#include "cli/huge_pages.hpp"
#include "cli/terminal.hpp"
#include "cli/usage.hpp"
#include "notes/watch/watch.hpp"

namespace notes::cli {

namespace {

struct WatchFlags {
    long debounce_ms = 200;
    long max_delay_ms = 2000;
    double interval_s = 30;
    bool poll = false;
    bool json = false;
    unsigned threads = 0;
    std::string warnings;  ///< --warnings; empty: `warnings:` of the config, else summary
};

int run_watch_command(const Context& ctx, const WatchFlags& flags) {
    rerun_with_huge_pages();  // as `notes index`: its first run is one
    watch::WatchOptions options;
    options.vault = ctx.vault;
    options.db = ctx.db;
    options.debounce = std::chrono::milliseconds(flags.debounce_ms);
    options.max_delay = std::chrono::milliseconds(flags.max_delay_ms);
    options.interval = std::chrono::milliseconds(static_cast<long long>(flags.interval_s * 1000));
    options.poll = flags.poll;
    options.threads = flags.threads;
    options.output = flags.json  ? watch::Output::json
                     : ctx.quiet ? watch::Output::quiet
                                 : watch::Output::text;
    const std::string& mode_name = flags.warnings.empty() ? ctx.warnings_setting : flags.warnings;
    options.warnings = render::parse_warnings_mode(mode_name).value_or(render::WarningsMode::summary);
    options.color_err = ctx.color_stderr;
    // A bar of its own for each run: it shows only once a run takes longer
    // than a moment (a first build, a whole vault after lost events).
    const bool bar = ctx.stderr_is_terminal && !ctx.quiet && !flags.json;
    auto progress = std::make_shared<std::unique_ptr<ProgressBar>>();
    options.on_progress = [progress, bar](std::size_t done, std::size_t total) {
        if (!*progress) *progress = std::make_unique<ProgressBar>(bar);
        (*progress)->update(done, total);
    };
    options.on_run_end = [progress] {
        if (*progress) (*progress)->finish();
        progress->reset();
    };
    return watch::run_watch(options);
}

}  // namespace

CommandDefinition watch_command() {
    return {
        "watch", "Keep the index current while notes change (runs until stopped)",
        [](CLI::App& app) -> Action {
            auto flags = std::make_shared<WatchFlags>();
            app.footer(
                "Starts with an incremental run, then updates the index a moment after notes\n"
                "change (inotify), one line per update. Holds the indexer lock only while\n"
                "updating: a cron `notes index` waits or exits 75 meanwhile, and the watch waits\n"
                "for a lock someone else holds. Ctrl-C or SIGTERM ends it after the update in\n"
                "progress (exit 0).\n\n"
                "Examples:\n"
                "  notes watch\n"
                "  notes watch --json | while read -r update; do …; done\n"
                "  notes --vault ~/vault watch -q      # a service: only warnings and errors\n"
                "  notes watch --poll --interval 60   # a network file system: every minute");
            app.add_option("--debounce", flags->debounce_ms,
                           "Milliseconds without a change before an update (default 200)")
                ->option_text("MS")
                ->check(CLI::Range(0L, 3'600'000L));
            app.add_option(
                   "--max-delay", flags->max_delay_ms,
                   "Milliseconds a change may wait while changes keep coming (default 2000)")
                ->option_text("MS")
                ->check(CLI::Range(0L, 3'600'000L));
            app.add_option("--interval", flags->interval_s,
                           "Seconds between runs when not watching (--poll, or the inotify limit "
                           "reached; default 30)")
                ->option_text("SECONDS")
                ->check(CLI::Range(0.1, 86400.0));
            app.add_flag(
                "--poll", flags->poll,
                "Run every --interval instead of watching with inotify (network file systems)");
            app.add_flag("--json", flags->json, "Print one JSON object per line per update");
            app.add_option("--warnings", flags->warnings,
                           "How to print warnings on stderr: summary (the default), all or none, as "
                           "for notes index; also `warnings:` in .notes/config.yaml")
                ->option_text("MODE")
                ->check(one_of("--warnings", render::warnings_mode_names()));
            app.add_option("--threads", flags->threads, "Parser threads (default: one per core)");
            return [flags](const Context& ctx) { return run_watch_command(ctx, *flags); };
        }};
}

}  // namespace notes::cli
