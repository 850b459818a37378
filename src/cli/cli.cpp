#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/SQLiteCpp.h>
#include <cmark-gfm.h>
#include <fmt/core.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>

#include "cli/command.hpp"
#include "cli/terminal.hpp"
#include "notes/error.hpp"
#include "notes/indexer.hpp"
#include "notes/vault.hpp"

#ifndef NOTES_VERSION
#define NOTES_VERSION "0.0.0"
#endif

namespace notes::cli {
namespace {

std::string version_text() {
    return fmt::format("notes {}\nSQLite {}, cmark-gfm {}, utf8proc {}, CLI11 {}, fmt {}.{}.{}",
                       NOTES_VERSION, sqlite3_libversion(), cmark_version_string(),
                       utf8proc_version(), CLI11_VERSION, FMT_VERSION / 10000,
                       FMT_VERSION / 100 % 100, FMT_VERSION % 100);
}

Context resolve_context(const std::optional<std::string>& vault_flag,
                        const std::optional<std::string>& db_flag, ColorChoice color, bool quiet,
                        int verbose) {
    Context ctx;
    std::optional<std::filesystem::path> flag;
    if (vault_flag) flag = *vault_flag;
    ctx.vault = find_vault_root(flag, std::getenv("NOTES_VAULT"), std::filesystem::current_path());
    if (db_flag) {
        ctx.db = std::filesystem::absolute(*db_flag);
    } else if (const char* env = std::getenv("NOTES_DB"); env != nullptr && *env != '\0') {
        ctx.db = std::filesystem::absolute(env);
    } else {
        ctx.db = default_db_path(ctx.vault);
    }
    ctx.color_stdout = use_color(color, stdout);
    ctx.color_stderr = use_color(color, stderr);
    ctx.stdout_is_terminal = is_terminal(stdout);
    ctx.stderr_is_terminal = is_terminal(stderr);
    ctx.quiet = quiet;
    ctx.verbose = verbose;
    return ctx;
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"notes: index a vault of Markdown notes into SQLite and ask it questions.", "notes"};
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough();

    std::optional<std::string> vault_flag;
    std::optional<std::string> db_flag;
    ColorChoice color = ColorChoice::automatic;
    bool quiet = false;
    int verbose = 0;
    app.add_option("--vault", vault_flag,
                   "Vault root (default: $NOTES_VAULT, else the nearest directory above holding "
                   ".notes/, else the current directory)");
    app.add_option("--db", db_flag, "Index file (default: $NOTES_DB, else <vault>/.notes/index.db)");
    const std::map<std::string, ColorChoice> colors{{"auto", ColorChoice::automatic},
                                                    {"always", ColorChoice::always},
                                                    {"never", ColorChoice::never}};
    app.add_option("--color", color, "Colour: auto (default; honours NO_COLOR), always or never")
        ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case))
        ->option_text("WHEN");
    app.add_flag("-q,--quiet", quiet, "Print nothing on success; only warnings and errors");
    app.add_flag("-v,--verbose", verbose, "Say more (repeatable)");

    Action chosen;
    std::vector<std::pair<CLI::App*, Action>> actions;
    for (const CommandDefinition& command : all_commands()) {
        CLI::App* sub = app.add_subcommand(command.name, command.summary);
        actions.emplace_back(sub, command.define(*sub));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int status = app.exit(e);
        return status == 0 ? exit_status::k_ok : exit_status::k_usage;
    }

    try {
        const Context ctx = resolve_context(vault_flag, db_flag, color, quiet, verbose);
        for (auto& [sub, action] : actions) {
            if (sub->parsed()) return action(ctx);
        }
        return exit_status::k_usage;
    } catch (const Error& e) {
        std::fprintf(stderr, "notes: error: %s\n", printable(e.what()).c_str());
        return e.status();
    } catch (const SQLite::Exception& e) {
        std::fprintf(stderr, "notes: error: database: %s\n", printable(e.what()).c_str());
        return exit_status::k_runtime;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "notes: error: %s\n", printable(e.what()).c_str());
        return exit_status::k_runtime;
    }
}

}  // namespace notes::cli
