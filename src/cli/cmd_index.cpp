// `notes index`: update the index and report what changed.

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "cli/command.hpp"
#include "cli/huge_pages.hpp"
#include "cli/reading.hpp"
#include "cli/usage.hpp"
#include "cli/terminal.hpp"
#include "notes/core/error.hpp"
#include "notes/index/indexer.hpp"
#include "notes/core/json.hpp"
#include "notes/core/warning_kinds.hpp"
#include "notes/render/output.hpp"
#include "notes/render/warnings.hpp"

namespace notes::cli {

using index::IndexMode;
using index::IndexOptions;
using index::IndexStats;
using index::run_index;
using render::WarningsMode;
using render::printable;
using render::print_table;

namespace {

struct IndexFlags {
    bool full = false;
    bool rebuild = false;
    double wait = 0;
    bool json = false;
    bool strict = false;
    unsigned threads = 0;
    std::string warnings;  ///< --warnings; empty: `warnings:` of the config, else summary
};

std::size_t new_warnings(const IndexStats& s) {
    return static_cast<std::size_t>(std::count(s.warning_is_new.begin(), s.warning_is_new.end(), true));
}

std::string summary_line(const IndexStats& s) {
    const std::size_t fresh = new_warnings(s);
    return fmt::format("{} notes: {} added, {} changed, {} removed, {} unchanged; {} warning{}{}; {:.2f} s",
                       s.seen, s.added, s.changed, s.removed, s.unchanged, s.warnings.size(),
                       s.warnings.size() == 1 ? "" : "s", fresh > 0 ? fmt::format(" ({} new)", fresh) : "",
                       s.seconds);
}

std::string summary_json(const IndexStats& s, const Context& ctx) {
    JsonWriter w;
    w.begin_object();
    w.key("seen").value(static_cast<std::int64_t>(s.seen));
    w.key("added").value(static_cast<std::int64_t>(s.added));
    w.key("changed").value(static_cast<std::int64_t>(s.changed));
    w.key("removed").value(static_cast<std::int64_t>(s.removed));
    w.key("unchanged").value(static_cast<std::int64_t>(s.unchanged));
    w.key("parsed").value(static_cast<std::int64_t>(s.parsed));
    w.key("warnings").value(static_cast<std::int64_t>(s.warnings.size()));
    w.key("seconds").value(s.seconds);
    w.key("vault").value(ctx.vault.string());
    w.key("db").value(ctx.db.string());
    w.key("warning_list").begin_array();
    for (std::size_t i = 0; i < s.warnings.size(); ++i) {
        const Warning& warning = s.warnings[i];
        w.begin_object();
        w.key("path").value(warning.path);
        w.key("line");
        if (warning.line > 0) {
            w.value(warning.line);
        } else {
            w.null();
        }
        w.key("column");
        if (warning.column > 0) {
            w.value(warning.column);
        } else {
            w.null();
        }
        w.key("message").value(warning.message);
        w.key("kind").value(std::string(warning_kind_name(warning_kind(warning))));
        w.key("new");
        if (s.previous_warnings_known) {
            w.value(static_cast<bool>(s.warning_is_new[i]));
        } else {
            w.null();
        }
        w.end_object();
    }
    w.end_array();
    w.key("warning_kinds").begin_object();
    for (const WarningKindCount& c : count_by_kind(s.warnings, {})) {
        w.key(std::string(warning_kind_name(c.kind))).value(static_cast<std::int64_t>(c.count));
    }
    w.end_object();
    w.key("new_warnings");
    if (s.previous_warnings_known) {
        w.value(static_cast<std::int64_t>(new_warnings(s)));
    } else {
        w.null();
    }
    w.key("notices").begin_array();
    for (const auto& notice : s.notices) w.value(notice);
    w.end_array();
    w.end_object();
    return w.take();
}

int run_index_command(const Context& ctx, const IndexFlags& flags) {
    // A run touches tens to hundreds of megabytes: in huge pages, a tenth of
    // the page faults (docs/performance.md).
    rerun_with_huge_pages();
    require_vault_folder(ctx, "cannot index");
    IndexOptions options;
    options.vault = ctx.vault;
    options.db = ctx.db;
    options.mode = flags.rebuild ? IndexMode::rebuild : flags.full ? IndexMode::full : IndexMode::incremental;
    options.wait_seconds = flags.wait;
    options.threads = flags.threads;
    ProgressBar progress(ctx.stderr_is_terminal && !ctx.quiet && !flags.json);
    options.on_progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
    if (ctx.verbose > 0) {
        std::fprintf(stderr, "notes: vault %s, index %s\n", printable(ctx.vault.string()).c_str(),
                     printable(ctx.db.string()).c_str());
    }
    if (ctx.verbose > 1) {
        const char* tunables = std::getenv("GLIBC_TUNABLES");
        std::fprintf(stderr, "notes: GLIBC_TUNABLES=%s\n", tunables == nullptr ? "" : printable(tunables).c_str());
    }

    IndexStats stats;
    try {
        stats = run_index(options);
    } catch (...) {
        progress.finish();
        throw;
    }
    progress.finish();

    if (ctx.verbose > 0) {
        std::string phases;
        for (const auto& [name, seconds] : stats.phases) phases += fmt::format(" {} {:.3f} s;", name, seconds);
        std::fprintf(stderr, "notes: phases:%s parsed %zu, links resolved %zu\n", phases.c_str(),
                     stats.parsed, stats.links);
    }
    for (const auto& notice : stats.notices) {
        std::fprintf(stderr, "notes: %s\n", printable(notice).c_str());
    }
    const std::string& mode_name = flags.warnings.empty() ? ctx.warnings_setting : flags.warnings;
    const WarningsMode mode = render::parse_warnings_mode(mode_name).value_or(WarningsMode::summary);
    const std::string warnings = render::warnings_text(stats.warnings, stats.warning_is_new, mode, ctx.color_stderr);
    std::fwrite(warnings.data(), 1, warnings.size(), stderr);
    if (flags.json) {
        std::printf("%s\n", summary_json(stats, ctx).c_str());
    } else if (!ctx.quiet) {
        std::printf("%s\n", summary_line(stats).c_str());
    }
    if (flags.strict && !stats.warnings.empty()) return exit_status::k_strict_warnings;
    return exit_status::k_ok;
}

}  // namespace

CommandDefinition index_command() {
    return {"index", "Update the index from the vault (incremental)", [](CLI::App& app) -> Action {
                auto flags = std::make_shared<IndexFlags>();
                app.footer(
                    "Only files whose size or mtime changed are read, and only those whose content "
                    "changed are parsed.\n\nExamples:\n  notes index\n  notes index --json\n"
                    "  notes index --strict -q     # from cron: silent unless something is wrong\n"
                    "  notes index --warnings all  # every warning, one per line");
                auto* full = app.add_flag("--full", flags->full, "Re-parse every note");
                auto* rebuild = app.add_flag("--rebuild", flags->rebuild,
                                             "Build a fresh index beside the old one and move it into place");
                full->excludes(rebuild);
                app.add_option("--wait", flags->wait,
                               "Seconds to wait for another indexer to finish (default 0)")
                    ->option_text("SECONDS")
                    ->check(number("--wait", 0));
                app.add_flag("--json", flags->json, "Print the summary as one JSON object");
                app.add_flag("--strict", flags->strict, "Exit with status 3 when there are warnings");
                app.add_option("--warnings", flags->warnings,
                               "How to print warnings on stderr: summary (the default: by kind, the count, "
                               "the first " + std::to_string(render::k_warnings_per_kind) +
                                   " and the command that lists the rest), all (every one, one per line) or "
                                   "none; also `warnings:` in .notes/config.yaml")
                    ->option_text("MODE")
                    ->check(one_of("--warnings", render::warnings_mode_names()));
                app.add_option("--threads", flags->threads, "Parser threads (default: one per core)")
                    ->option_text("N")
                    ->check(whole_number("--threads", 0));
                return [flags](const Context& ctx) { return run_index_command(ctx, *flags); };
            }};
}

}  // namespace notes::cli
