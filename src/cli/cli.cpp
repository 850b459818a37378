// GCC 12 sees a null dereference in the vector<string> reallocation of
// CLI11's detail::split, emitted in this file for App::parse(); the pointer
// is never null (a false positive that comes and goes with inlining).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif

#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "cli/command.hpp"
#include "cli/huge_pages.hpp"
#include "cli/terminal.hpp"
#include "cli/usage.hpp"
#include "notes/core/config.hpp"
#include "notes/core/error.hpp"
#include "notes/core/hash.hpp"
#include "notes/core/text.hpp"
#include "notes/parse/markdown.hpp"
#include "notes/render/output.hpp"
#include "notes/store/index_store.hpp"
#include "notes/index/indexer.hpp"
#include "notes/index/vault.hpp"
#include "notes/mcp/server.hpp"

#ifndef NOTES_VERSION
#define NOTES_VERSION "0.0.0"
#endif
// yaml-cpp 0.7 has no version macro: CMake passes the version its package
// configuration declares.
#ifndef NOTES_YAML_CPP_VERSION
#define NOTES_YAML_CPP_VERSION "unknown"
#endif

namespace notes::cli {

using index::default_db_path;
using index::find_vault_root;
using render::printable;

namespace {

std::string version_text() {
    return fmt::format(
        "notes {}\nSQLite {}, yaml-cpp {}, cmark-gfm {}, fmt {}.{}.{}, CLI11 {}, utf8proc {}, "
        "xxHash {}, nlohmann/json {}",
        NOTES_VERSION, store::sqlite_version(), NOTES_YAML_CPP_VERSION, parse::cmark_gfm_version(),
        FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100, CLI11_VERSION,
        text::utf8proc_version(), xxhash_version(), mcp::json_library_version());
}

const char* color_name(ColorChoice c) {
    switch (c) {
        case ColorChoice::always: return "always";
        case ColorChoice::never: return "never";
        case ColorChoice::automatic: break;
    }
    return "auto";
}

bool env_set(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0';
}

/// The global settings, each from the first place that gives it: a flag,
/// the environment, .notes/config.yaml, the default.
Context resolve_context(const std::optional<std::string>& vault_flag,
                        const std::optional<std::string>& db_flag, std::optional<ColorChoice> color_flag,
                        bool quiet, int verbose) {
    Context ctx;
    std::optional<std::filesystem::path> flag;
    if (vault_flag) flag = *vault_flag;
    const auto cwd = std::filesystem::current_path();
    ctx.vault = find_vault_root(flag, std::getenv("NOTES_VAULT"), cwd);
    std::error_code ec;
    if (vault_flag) {
        ctx.vault_source = "flag --vault";
    } else if (env_set("NOTES_VAULT")) {
        ctx.vault_source = "environment NOTES_VAULT";
    } else if (std::filesystem::is_directory(ctx.vault / ".notes", ec)) {
        ctx.vault_source = ctx.vault == cwd ? "current directory (holds .notes/)" : "nearest directory above holding .notes/";
    } else {
        ctx.vault_source = "current directory";
    }
    if (db_flag) {
        ctx.db = std::filesystem::absolute(*db_flag);
        ctx.db_source = "flag --db";
    } else if (env_set("NOTES_DB")) {
        ctx.db = std::filesystem::absolute(std::getenv("NOTES_DB"));
        ctx.db_source = "environment NOTES_DB";
    } else {
        ctx.db = default_db_path(ctx.vault);
        ctx.db_source = "default";
    }

    const Config config = load_config(ctx.vault / ".notes" / "config.yaml", ".notes/config.yaml");
    auto config_line = [&](const std::string& key) {
        const auto it = config.lines.find(key);
        return ".notes/config.yaml:" + std::to_string(it == config.lines.end() ? 0 : it->second);
    };
    // A flag, then the config file, then NO_COLOR (no-color.org: user
    // configuration and flags override it).
    ColorChoice color = ColorChoice::automatic;
    if (color_flag) {
        color = *color_flag;
        ctx.color_source = "flag --color";
    } else if (!config.color.empty()) {
        color = config.color == "always" ? ColorChoice::always
                : config.color == "never" ? ColorChoice::never
                                          : ColorChoice::automatic;
        ctx.color_source = config_line("color");
    } else if (env_set("NO_COLOR")) {
        color = ColorChoice::never;
        ctx.color_source = "environment NO_COLOR";
    } else {
        ctx.color_source = "default";
    }
    ctx.color_setting = color_name(color);
    ctx.color_stdout = use_color(color, stdout);
    ctx.color_stderr = use_color(color, stderr);
    ctx.stdout_is_terminal = is_terminal(stdout);
    ctx.stderr_is_terminal = is_terminal(stderr);
    ctx.default_format = config.format;
    ctx.format_source = config.format.empty() ? "default" : config_line("format");
    if (!config.warnings_mode.empty()) ctx.warnings_setting = config.warnings_mode;
    ctx.warnings_source = config.warnings_mode.empty() ? "default" : config_line("warnings");
    ctx.quiet = quiet;
    ctx.verbose = verbose;
    return ctx;
}

/// The command word of `argv`: the first argument that is neither a global
/// option nor its value. nullopt when an argument before it is an option
/// this does not know (the parser will say what is wrong with it) or there
/// is none.
std::optional<std::string_view> command_word(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--vault" || arg == "--db" || arg == "--color") {
            ++i;  // its value
            continue;
        }
        if (arg.starts_with("--vault=") || arg.starts_with("--db=") || arg.starts_with("--color=") ||
            arg == "--quiet" || arg == "--verbose") {
            continue;
        }
        if (arg.size() >= 2 && arg[0] == '-' && arg[1] != '-' &&
            arg.find_first_not_of("qv", 1) == std::string_view::npos) {
            continue;  // -q, -v, -vv, -qv
        }
        if (arg.starts_with("-")) return std::nullopt;
        return arg;
    }
    return std::nullopt;
}

int run_parsed(int argc, char** argv, bool declare_all);

}  // namespace

int run(int argc, char** argv) {
    keep_process_arguments(argc, argv);
    // `notes help [COMMAND]`, as git and cargo have it: the same as
    // `notes [COMMAND] --help`. A word that is no command is left for the
    // parser to call unknown (with its suggestion), not drowned in help.
    std::vector<char*> help_argv;
    if (argc >= 2 && std::string_view(argv[1]) == "help") {
        static char help_flag[] = "--help";
        const auto& commands = all_commands();
        const bool known = argc < 3 || std::any_of(commands.begin(), commands.end(), [&](const CommandDefinition& c) {
                               return c.name == std::string_view(argv[2]);
                           });
        help_argv.push_back(argv[0]);
        for (int i = 2; i < argc; ++i) help_argv.push_back(argv[i]);
        if (known) help_argv.push_back(help_flag);
        argc = static_cast<int>(help_argv.size());
        argv = help_argv.data();
    }
    return run_parsed(argc, argv, /*declare_all=*/false);
}

namespace {

int run_parsed(int argc, char** argv, bool declare_all) {
    CLI::App app{"notes: index a vault of Markdown notes into SQLite and ask it questions.", "notes"};
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough();

    std::optional<std::string> vault_flag;
    std::optional<std::string> db_flag;
    std::string color_text;
    bool quiet = false;
    int verbose = 0;
    app.add_option("--vault", vault_flag,
                   "Vault root (default: $NOTES_VAULT, else the nearest directory above holding "
                   ".notes/, else the current directory)")
        ->option_text("DIR");
    app.add_option("--db", db_flag, "Index file (default: $NOTES_DB, else <vault>/.notes/index.db)")
        ->option_text("FILE");
    auto* color_option = app.add_option("--color", color_text,
                   "Colour: auto (default: on a terminal, unless NO_COLOR is set), always or never")
        ->transform(one_of("--color", {"always", "auto", "never"}, /*ignore_case=*/true))
        ->option_text("WHEN");
    app.add_flag("-q,--quiet", quiet, "Print nothing on success; only warnings and errors");
    app.add_flag("-v,--verbose", verbose, "Say more (repeatable)");

    // Only the command that runs declares its flags (most of a short
    // command's start-up was building the other commands' parsers); the
    // others are there by name, for the parser to tell them apart. When the
    // command word is unclear, every command is declared.
    // A command that describes the command line (completion scripts, the
    // man page) needs all of it, and so do the messages about a word that is
    // no command.
    const std::vector<CommandDefinition> commands = all_commands();
    std::optional<std::string_view> word = command_word(argc, argv);
    if (declare_all) word.reset();
    if (word) {
        const auto named = std::find_if(commands.begin(), commands.end(),
                                        [&](const CommandDefinition& c) { return *word == c.name; });
        if (named == commands.end() || named->describes_command_line) word.reset();
    }
    // `notes --version` alone runs no command.
    const bool version_only = !declare_all && argc == 2 && std::string_view(argv[1]) == "--version";
    std::vector<std::pair<CLI::App*, Action>> actions;
    for (const CommandDefinition& command : commands) {
        CLI::App* sub = app.add_subcommand(command.name, command.summary);
        if (!version_only && (!word || *word == command.name)) actions.emplace_back(sub, command.define(*sub));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        // Said with every command declared: a flag unknown here may be
        // another command's. Nothing has run yet.
        if (word || version_only) return run_parsed(argc, argv, /*declare_all=*/true);
        std::fputs(usage_error_text(app, e, std::vector<std::string>(argv + 1, argv + argc)).c_str(), stderr);
        return exit_status::k_usage;
    }

    try {
        std::optional<ColorChoice> color_flag;
        if (color_option->count() > 0) {
            color_flag = color_text == "always" ? ColorChoice::always
                         : color_text == "never" ? ColorChoice::never
                                                 : ColorChoice::automatic;
        }
        const Context ctx = resolve_context(vault_flag, db_flag, color_flag, quiet, verbose);
        for (auto& [sub, action] : actions) {
            if (sub->parsed()) return action(ctx);
        }
        return exit_status::k_usage;
    } catch (const Error& e) {
        std::fprintf(stderr, "notes: error: %s\n", printable(e.what()).c_str());
        return e.status();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "notes: error: %s%s\n", store::is_database_error(e) ? "database: " : "",
                     printable(e.what()).c_str());
        return exit_status::k_runtime;
    }
}

}  // namespace

}  // namespace notes::cli
