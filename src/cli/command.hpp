#pragma once
// What every subcommand gets, and how it declares itself. Each command lives
// in its own cmd_<name>.cpp with its flags next to its code; commands.cpp
// lists them.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace notes::cli {

/// Global options, resolved: where the vault and index are, how to print.
struct Context {
    std::filesystem::path vault;
    std::filesystem::path db;
    bool color_stdout = false;
    bool color_stderr = false;
    bool stdout_is_terminal = false;
    bool stderr_is_terminal = false;
    bool quiet = false;
    int verbose = 0;
    /// The default --format of the listing commands, from `format:` in
    /// .notes/config.yaml; empty: table on a terminal, list otherwise.
    std::string default_format;
    /// How `notes index` prints warnings when no --warnings flag says:
    /// `warnings:` in .notes/config.yaml, else "summary".
    std::string warnings_setting = "summary";
    /// Where the settings above came from, for `notes config`: "flag --vault",
    /// "environment NOTES_DB", ".notes/config.yaml:3", "default", …
    std::string vault_source;
    std::string db_source;
    std::string color_setting;  ///< auto, always or never
    std::string color_source;
    std::string format_source;
    std::string warnings_source;
};

using Action = std::function<int(const Context&)>;

struct CommandDefinition {
    const char* name;
    const char* summary;
    /// Declares the command's flags on `app` and returns what runs it (the
    /// flags' storage lives in the returned closure).
    std::function<Action(CLI::App& app)> define;
    /// Whether the command reads the whole command line (its parent app):
    /// then every command declares its flags, not only the one that runs.
    bool describes_command_line = false;
};

/// Every subcommand, in the order `notes --help` lists them.
std::vector<CommandDefinition> all_commands();

CommandDefinition index_command();
CommandDefinition watch_command();
CommandDefinition find_command();
CommandDefinition show_command();
CommandDefinition tags_command();
CommandDefinition sql_command();
CommandDefinition related_command();
CommandDefinition report_command();
CommandDefinition graph_command();
CommandDefinition completion_command();
CommandDefinition complete_command();
CommandDefinition man_command();
CommandDefinition config_command();
CommandDefinition init_command();
CommandDefinition mcp_command();

}  // namespace notes::cli
