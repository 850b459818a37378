#pragma once
// The one output layer: commands compute a Table, and render() prints it in
// the format the user asked for. Commands never print rows themselves. The
// renderers of whole results (report, graph, show) live beside it in
// render/; nothing here touches a terminal (the CLI says whether to colour
// and how wide the terminal is).

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "notes/core/note.hpp"

namespace notes::render {

enum class Format { table, list, json, jsonl, csv, paths };

/// Parses "table", "list", "json", "jsonl", "csv", "paths".
std::optional<Format> parse_format(const std::string& name);
/// The names above, for --help and completions.
const std::vector<std::string>& format_names();

/// A cell: nothing, a number, text, or a list of text (tags, aliases).
using Value = std::variant<std::monostate, std::int64_t, double, std::string, std::vector<std::string>>;

/// Marks highlighted stretches inside text values (FTS5 snippets): shown in
/// colour on a terminal, removed everywhere else.
inline constexpr char k_highlight_on = '\x02';
inline constexpr char k_highlight_off = '\x03';

struct Column {
    std::string name;
    /// Table format: the column that gives up width (cut with "…") when
    /// the rows do not fit the terminal.
    bool shrinkable = false;
    /// Table format: left out when the terminal is narrow.
    bool optional_in_table = false;
};

struct Table {
    std::vector<Column> columns;
    std::vector<std::vector<Value>> rows;
    /// The column the `paths` format prints. (A column named "path" is also
    /// shown dimmed in a coloured table.)
    std::size_t path_column = 0;
};

struct RenderOptions {
    Format format = Format::table;
    bool color = false;
    /// Terminal width for `table`; 0 means unlimited.
    int width = 0;
    /// `table`: print the column names as a header line.
    bool header = true;
};

/// Prints `table` to `out`. json is one array of objects; jsonl one object
/// per line; csv has a header row and RFC 4180 quoting; list is one line per
/// row, tab-separated, lists joined with ", "; paths prints the path column.
void print_table(const Table& table, const RenderOptions& options, std::FILE* out);

/// Text safe to print: control characters (C0, DEL, C1) and therefore escape
/// sequences are shown as \xNN, so a file name cannot drive the terminal.
std::string printable(std::string_view s);

/// `path:line:col: message` (line and column left out when unknown).
std::string format_warning(const Warning& w);

/// Text for XML or HTML content and attribute values: `&`, `<`, `>`, `"`
/// escaped and `'` written as `apostrophe`; control characters other than
/// tab and newline (which XML 1.0 forbids) become U+FFFD.
std::string markup_escape(std::string_view s, std::string_view apostrophe);

/// Writes `text` to stdout when `file` is empty, else to `file` (created or
/// truncated). Throws Error "cannot write FILE" when that fails.
void write_output(const std::string& text, const std::string& file);

/// ANSI styles for text on a terminal; empty strings when colour is off.
struct AnsiStyle {
    explicit AnsiStyle(bool color)
        : bold(color ? "\033[1m" : ""),
          dim(color ? "\033[2m" : ""),
          bad(color ? "\033[31m" : ""),
          warn(color ? "\033[33m" : ""),
          good(color ? "\033[32m" : ""),
          bar(color ? "\033[36m" : ""),
          reset(color ? "\033[0m" : "") {}
    const char* bold;
    const char* dim;
    const char* bad;
    const char* warn;
    const char* good;
    const char* bar;
    const char* reset;
};

}  // namespace notes::render
