#pragma once
// A plain description of the command line, read from the CLI11 App itself:
// the shell completions and the man page are generated from it, so they
// cannot drift from the flags the program really accepts.

#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace notes::cli {

/// What an option's value (or a positional argument) is, for completion.
enum class ValueKind {
    none,       ///< a flag: takes no value
    text,       ///< anything
    choice,     ///< one of `choices`
    file,       ///< a file name
    directory,  ///< a directory name
    tag,        ///< a tag of the index
    domain,     ///< a front-matter domain of the index
    note,       ///< a NOTE argument: a slug of the index
};

struct OptionModel {
    std::vector<std::string> short_names;  ///< without the dash: "t"
    std::vector<std::string> long_names;   ///< without the dashes: "tag"
    std::string value_name;                ///< "T", "FORMAT"; empty for a flag
    ValueKind kind = ValueKind::none;
    std::vector<std::string> choices;      ///< for ValueKind::choice
    std::string description;
};

struct PositionalModel {
    std::string name;  ///< "NOTE", "QUERY"
    ValueKind kind = ValueKind::text;
    std::vector<std::string> choices;  ///< for ValueKind::choice
    std::string description;
    bool required = false;
};

struct CommandModel {
    std::string name;
    std::string summary;
    std::string footer;  ///< notes and examples, as --help prints them
    std::vector<OptionModel> options;
    std::vector<PositionalModel> positionals;
};

struct CliModel {
    std::string name;  ///< "notes"
    std::string description;
    std::vector<OptionModel> global_options;  ///< --help and --version included
    std::vector<CommandModel> commands;       ///< the visible ones, in --help order
};

/// Reads the model from the root App once every subcommand is defined.
/// Hidden subcommands (an empty group, like `__complete`) are left out.
CliModel describe_cli(const CLI::App& root);

/// One option as the model describes it (its value name: "N", "FORMAT", …).
OptionModel describe_option(const CLI::Option& option);

/// "--tag" / "-t" spellings of an option: long names first.
std::vector<std::string> option_spellings(const OptionModel& option);

/// The `notes __complete` source of values of this kind ("tags", "domains",
/// "notes"), or nullptr when they do not come from the index.
const char* dynamic_source(ValueKind kind);

/// The completion script for "bash", "zsh" or "fish" (cmd_completion.cpp).
std::string completion_script(const CLI::App& root, const std::string& shell);

/// The manual page notes(1) in roff (man_page.cpp).
std::string man_page(const CLI::App& root);

}  // namespace notes::cli
