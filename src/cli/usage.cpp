#include "cli/usage.hpp"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "cli/cli_model.hpp"
#include "notes/core/spelling.hpp"
#include "notes/core/text.hpp"
#include "notes/render/output.hpp"

namespace notes::cli {

using render::printable;

namespace {

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
    return out;
}

/// The command being parsed when the error came, or nullptr (the root).
const CLI::App* current_command(const CLI::App& root) {
    const std::vector<CLI::App*> parsed = root.get_subcommands();
    return parsed.empty() ? nullptr : parsed.back();
}

std::string command_words(const CLI::App* command) {
    return command == nullptr ? "notes" : "notes " + command->get_name();
}

std::vector<const CLI::App*> visible_commands(const CLI::App& root) {
    std::vector<const CLI::App*> out;
    for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; })) {
        if (!sub->get_group().empty()) out.push_back(sub);
    }
    return out;
}

/// Long names ("tag") of the options of `app` (its positionals have none).
std::vector<std::string> long_names(const CLI::App& app) {
    std::vector<std::string> out;
    for (const CLI::Option* opt : app.get_options()) {
        for (const auto& l : opt->get_lnames()) out.push_back(l);
    }
    return out;
}

bool has_flag(const CLI::App& app, const std::string& flag) {
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->check_name(flag)) return true;
    }
    return false;
}

/// A word on the command line that CLI11 reads as a flag: `-x`, `--xy`,
/// but not `-` (standard input) or a negative number.
bool looks_like_flag(const std::string& word) {
    if (word.size() < 2 || word[0] != '-') return false;
    char* end = nullptr;
    errno = 0;
    std::strtod(word.c_str(), &end);
    return !(end != nullptr && *end == '\0');
}

std::string unknown_command(const CLI::App& root, const std::string& word) {
    std::vector<std::string> names;
    for (const CLI::App* sub : visible_commands(root)) names.push_back(sub->get_name());
    std::string out = "notes: unknown command '" + printable(word) + "'";
    const auto close = closest_words(word, names);
    if (!close.empty()) {
        out += " — did you mean " + quoted_alternatives(close) + "?";
    } else {
        out += " (commands: " + join(names) + ")";
    }
    return out;
}

std::string unknown_flag(const CLI::App& root, const CLI::App* command, const std::string& word) {
    const std::string flag = word.substr(0, word.find('='));
    const std::string who = command_words(command);
    std::vector<std::string> names = long_names(root);
    if (command != nullptr) {
        const auto own = long_names(*command);
        names.insert(names.begin(), own.begin(), own.end());
    }
    std::vector<std::string> close;
    if (flag.rfind("--", 0) == 0) {
        close = closest_words(flag.substr(2), names);
    } else {
        // `-tag`: a long name written with one dash.
        for (const auto& n : names) {
            if (text::iequals_ascii(n, flag.substr(1)) && n.size() > 1) close = {n};
        }
    }
    for (auto& c : close) c = "--" + c;
    std::string out = who + ": unknown flag '" + printable(flag) + "'";
    if (!close.empty()) return out + " — did you mean " + quoted_alternatives(close) + "?";
    // Right flag, wrong command: say which commands take it.
    std::vector<std::string> elsewhere;
    for (const CLI::App* sub : visible_commands(root)) {
        if (sub != command && flag.size() > 2 && has_flag(*sub, flag)) {
            elsewhere.push_back("notes " + sub->get_name());
        }
    }
    if (!elsewhere.empty()) {
        std::string list;
        for (std::size_t i = 0; i < elsewhere.size(); ++i) {
            list += (i == 0 ? "" : i + 1 == elsewhere.size() ? " and " : ", ") + elsewhere[i];
        }
        out += " (" + list + (elsewhere.size() == 1 ? " takes it)" : " take it)");
    }
    return out;
}

std::string unexpected_argument(const CLI::App* command, const std::string& word) {
    std::string out = command_words(command) + ": unexpected argument '" + printable(word) + "'";
    if (command == nullptr) return out;
    std::vector<std::string> positionals;
    for (const CLI::Option* opt : command->get_options()) {
        if (opt->get_positional() && !opt->nonpositional())
            positionals.push_back(opt->get_name(true));
    }
    if (positionals.empty())
        return out + " (" + command->get_name() + " takes no arguments, only flags)";
    if (positionals.size() == 1) {
        return out + " (" + positionals.front() + " is one argument: quote it if it holds spaces)";
    }
    return out;
}

/// The option of `command` or the root whose name starts `message` as
/// CLI11 writes it ("--limit: …"), or nullptr.
const CLI::Option* option_named_in(const CLI::App& root, const CLI::App* command,
                                   const std::string& message) {
    for (const CLI::App* app : {command, &root}) {
        if (app == nullptr) continue;
        for (const CLI::Option* opt : app->get_options()) {
            const std::string name = opt->get_name();
            if (!name.empty() && message.rfind(name + ":", 0) == 0) return opt;
        }
    }
    return nullptr;
}

/// CLI11's words for an error CLI11 itself found, rephrased.
std::string rephrase(const CLI::App& root, const CLI::App* command, const CLI::ParseError& error) {
    const std::string who = command_words(command);
    const std::string what = error.what();
    if (dynamic_cast<const CLI::ValidationError*>(&error) != nullptr) {
        // Our validators say everything; CLI11 puts "NAME: " before it.
        if (const CLI::Option* opt = option_named_in(root, command, what)) {
            return who + ": " + what.substr(opt->get_name().size() + 2);
        }
        return who + ": " + what;
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
        if (const CLI::Option* opt = option_named_in(root, command, what)) {
            const std::string value = describe_option(*opt).value_name;
            return who + ": " + opt->get_name() + " needs a value (" + opt->get_name() + " " +
                   value + ")";
        }
    }
    if (dynamic_cast<const CLI::ExcludesError*>(&error) != nullptr) {
        const auto at = what.find(" excludes ");
        if (at != std::string::npos) {
            return who + ": " + what.substr(0, at) + " and " + what.substr(at + 10) +
                   " cannot be used together";
        }
    }
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
        const std::string suffix = " is required";
        if (what.size() > suffix.size() &&
            what.compare(what.size() - suffix.size(), suffix.size(), suffix) == 0) {
            return who + ": missing argument " + what.substr(0, what.size() - suffix.size());
        }
    }
    return who + ": " + what;
}

}  // namespace

std::string invalid_choice(const std::string& flag, const std::string& value,
                           const std::vector<std::string>& valid) {
    std::string out = "invalid " + flag + " '" + printable(value) + "'";
    const auto close = closest_words(value, valid);
    if (!close.empty()) out += " — did you mean " + quoted_alternatives(close) + "?";
    return out + " (valid: " + join(valid) + ")";
}

CLI::Validator one_of(const std::string& flag, std::vector<std::string> valid, bool ignore_case) {
    const std::string description = "{" + join(valid, ",") + "}";
    return CLI::Validator(
        [flag, valid, ignore_case](std::string& value) -> std::string {
            for (const auto& v : valid) {
                if (v == value) return {};
                if (ignore_case && text::iequals_ascii(v, value)) {
                    value = v;
                    return {};
                }
            }
            return invalid_choice(flag, value, valid);
        },
        description);
}

CLI::Validator whole_number(const std::string& flag, long long min) {
    return CLI::Validator(
        [flag, min](std::string& value) -> std::string {
            char* end = nullptr;
            errno = 0;
            const long long n = std::strtoll(value.c_str(), &end, 10);
            if (!value.empty() && end != nullptr && *end == '\0' && errno == 0 && n >= min)
                return {};
            return "invalid " + flag + " '" + printable(value) +
                   "': expected a whole number of at least " + std::to_string(min);
        },
        "");
}

CLI::Validator number(const std::string& flag, double min) {
    return CLI::Validator(
        [flag, min](std::string& value) -> std::string {
            char* end = nullptr;
            errno = 0;
            const double n = std::strtod(value.c_str(), &end);
            if (!value.empty() && end != nullptr && *end == '\0' && errno == 0 &&
                std::isfinite(n) && n >= min) {
                return {};
            }
            std::string bound = std::to_string(min);
            bound.erase(bound.find_last_not_of('0') + 1);
            if (!bound.empty() && bound.back() == '.') bound.pop_back();
            return "invalid " + flag + " '" + printable(value) +
                   "': expected a number of at least " + bound;
        },
        "");
}

namespace {

/// `-tag` for `--tag`: CLI11 reads it as `-t ag`, and what it then
/// complains about is some later word. The spelling is the mistake.
std::string single_dash_long_flag(const CLI::App& root, const CLI::App* command,
                                  const std::vector<std::string>& args) {
    std::vector<std::string> names = long_names(root);
    if (command != nullptr) {
        const auto own = long_names(*command);
        names.insert(names.end(), own.begin(), own.end());
    }
    for (const auto& a : args) {
        if (a == "--") break;
        if (a.size() < 3 || a[0] != '-' || a[1] == '-') continue;
        const std::string word =
            a.substr(1, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 1);
        for (const auto& n : names) {
            if (text::iequals_ascii(n, word)) {
                return command_words(command) + ": unknown flag '" +
                       printable(a.substr(0, word.size() + 1)) + "' — did you mean '--" + n + "'?";
            }
        }
    }
    return {};
}

}  // namespace

std::string usage_error_text(const CLI::App& root, const CLI::ParseError& error,
                             const std::vector<std::string>& args) {
    const CLI::App* command = current_command(root);
    // The words CLI11 could not place: those after the command first, then
    // the global ones (an unknown flag before the command).
    std::vector<std::string> extras;
    if (command != nullptr) extras = command->remaining();
    for (const auto& w : root.remaining()) extras.push_back(w);

    std::string line = single_dash_long_flag(root, command, args);
    // Before any command: the first stray word says what went wrong (an
    // unknown command, or an unknown flag whose value follows it).
    if (line.empty() && command == nullptr && !extras.empty() && !looks_like_flag(extras.front())) {
        line = unknown_command(root, extras.front());
    }
    for (const auto& w : extras) {
        if (!line.empty()) break;
        if (looks_like_flag(w)) {
            line = unknown_flag(root, command, w);
            break;
        }
    }
    if (line.empty() && command == nullptr && !extras.empty())
        line = unknown_command(root, extras.front());
    if (line.empty() && command == nullptr &&
        dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
        std::vector<std::string> names;
        for (const CLI::App* sub : visible_commands(root)) names.push_back(sub->get_name());
        line = "notes: no command given (commands: " + join(names) + ")";
    }
    if (line.empty() && !extras.empty() &&
        dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
        line = unexpected_argument(command, extras.front());
    }
    if (line.empty()) line = rephrase(root, command, error);
    return line + "\nSee `" + command_words(command) + " --help`.\n";
}

}  // namespace notes::cli
