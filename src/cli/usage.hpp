#pragma once
// Usage errors a person can act on. CLI11 decides whether a command line
// parses; when it does not, these functions say what was wrong in the words
// of git and cargo, naming the command and suggesting the closest spelling:
//
//   notes: unknown command 'fnid' — did you mean 'find'?
//   notes find: unknown flag '--tga' — did you mean '--tag'?
//   notes find: invalid --format 'tabel' — did you mean 'table'? (valid: table, list, …)
//
// followed by a pointer to the command's --help, exit status 2.

#include <string>
#include <vector>

namespace CLI {
class App;
class ParseError;
class Validator;
}  // namespace CLI

namespace notes::cli {

/// "invalid --format 'tabel' — did you mean 'table'? (valid: table, list, …)":
/// the message for a value of `flag` outside `valid`.
std::string invalid_choice(const std::string& flag, const std::string& value,
                           const std::vector<std::string>& valid);

/// A validator accepting one of `valid` (ASCII case ignored when
/// `ignore_case`, the value then rewritten as listed: use it with
/// Option::transform()). Its description is `{a,b,c}`, from which the
/// completions and the man page read the choices.
CLI::Validator one_of(const std::string& flag, std::vector<std::string> valid,
                      bool ignore_case = false);

/// A validator accepting whole numbers >= `min`:
/// "invalid --limit 'abc': expected a whole number of at least 1".
CLI::Validator whole_number(const std::string& flag, long long min);

/// A validator accepting numbers (decimals too) >= `min`.
CLI::Validator number(const std::string& flag, double min);

/// What to print on stderr for a parse error of `root` (the command line
/// `args`, without the program name, parsed as far as it went): one line
/// naming the command and the problem, then where the help is. Ends with a
/// newline.
std::string usage_error_text(const CLI::App& root, const CLI::ParseError& error,
                             const std::vector<std::string>& args);

}  // namespace notes::cli
