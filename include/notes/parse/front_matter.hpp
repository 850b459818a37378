#pragma once
// YAML front matter: finding the block, and turning it into typed columns,
// fields and links.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notes/core/front_matter_keys.hpp"
#include "notes/core/note.hpp"

namespace notes::parse {

/// Where the front matter is in a file.
struct FrontMatterBlock {
    bool present = false;
    std::string_view yaml;   ///< text between the fences (empty if none)
    int yaml_first_line = 0; ///< file line of the first YAML line
    std::string_view body;   ///< everything after the closing fence (or the whole file)
    int body_first_line = 1; ///< file line on which `body` starts
    /// Set when the file opens with `---` but no closing fence follows; the
    /// whole file is then the body.
    std::optional<Warning> warning;
};

/// Splits a file into front matter and body. The block is present when the
/// file starts (after an optional UTF-8 BOM) with a line `---`; it ends at the
/// next line `---` or `...` (trailing spaces and CRLF allowed).
FrontMatterBlock split_front_matter(std::string_view file);

/// One string value of the front matter (a scalar or a list item) with its
/// key, so that the caller can look for wiki-links in it.
struct FrontMatterString {
    std::string key;   ///< top-level key ("related", "up")
    std::string value;
    int line = 0;
};

struct FrontMatter {
    bool valid = true;
    std::string json;          ///< the whole block as a JSON object
    std::vector<Field> fields;
    std::string title;         ///< raw, Markdown not yet removed
    std::string date;          ///< ISO 8601 text, or empty
    bool has_date_key = false; ///< a date/created key was present (even if unparseable)
    std::string domain, status, source, relevance;
    std::vector<std::string> aliases;
    std::vector<Tag> tags;     ///< without '#', from_front_matter = true
    std::vector<FrontMatterString> strings;
    std::vector<Warning> warnings;
};

/// Parses the YAML of a front-matter block. `first_line` is the file line of
/// the first YAML line, so that warnings carry file lines. Never throws:
/// invalid YAML gives valid = false and a warning with line and column.
FrontMatter parse_front_matter(std::string_view yaml, int first_line);
/// The same with `keys` naming the keys of the title, date, tags and aliases.
FrontMatter parse_front_matter(std::string_view yaml, int first_line, const FrontMatterKeys& keys);

/// Which YAML reader parse_front_matter() uses. `any`: the fast reader for
/// the common shape of front matter (`key: value` lines, plain and
/// single-quoted scalars, `- item` lists), yaml-cpp for everything else.
/// `yaml_cpp`: always yaml-cpp. Both must give the same result; the tests and
/// the fuzzer compare them.
enum class YamlReader { any, yaml_cpp };
FrontMatter parse_front_matter(std::string_view yaml, int first_line, const FrontMatterKeys& keys,
                               YamlReader reader);
/// True when the fast reader takes `yaml` (rather than handing it to yaml-cpp).
bool fast_yaml_reader_takes(std::string_view yaml);

/// Every member of `fm`, one per line, for comparing two results.
std::string describe(const FrontMatter& fm);

/// Parses a date or datetime written as in YAML or ISO 8601
/// ("2026-02-28", "2026-02-28 09:30", "2026-02-28T09:30:00Z",
/// "2026-02-28T09:30:00+02:00") into ISO 8601 text; nullopt if it is not a
/// valid calendar date. A bare number of 9–10 digits (Unix seconds) or 12–13
/// digits (milliseconds, as Dendron writes `created:`) is a UTC datetime.
std::optional<std::string> parse_date(std::string_view s);

}  // namespace notes::parse
