#pragma once
// What `notes index` prints on stderr about the vault's warnings. A large
// vault has hundreds of thousands (broken links, mostly), which nobody
// reads: the summary gives each kind's count, its first few warnings (new
// ones first) and the command that lists them all. `--warnings all` prints
// every warning, one per line, as tools expect.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notes/core/note.hpp"
#include "notes/core/warning_kinds.hpp"

namespace notes::render {

enum class WarningsMode {
    summary,  ///< by kind: count, the first few, the command that lists the rest
    all,      ///< every warning, `path:line:col: message`, in path order
    none,     ///< nothing (the counts stay in the summary line and --json)
};

/// "summary", "all", "none".
const std::vector<std::string>& warnings_mode_names();
std::optional<WarningsMode> parse_warnings_mode(std::string_view name);

/// Warnings of one kind a summary shows before "… and N more".
inline constexpr std::size_t k_warnings_per_kind = 10;
/// A vault with at most this many warnings gets them all, even in summary
/// mode: grouping a handful would only add headings.
inline constexpr std::size_t k_warnings_listed_whole = 10;

/// The heading of a kind in a summary: "broken links", "invalid YAML front
/// matter", "problems in .notes/config.yaml".
std::string warning_kind_heading(WarningKind kind);

/// The command that lists every warning of `kind`: `notes report --section
/// broken-links --limit 0`, `notes config`, … (`notes index --warnings all`
/// for the kinds no other command keeps).
std::string warning_kind_command(WarningKind kind);

/// The text for stderr, every line ending in '\n' ("" in mode none).
/// `is_new` is empty (new or not unknown) or holds one flag per warning.
/// `color` sets headings in bold and the hints dim.
std::string warnings_text(const std::vector<Warning>& warnings, const std::vector<bool>& is_new,
                          WarningsMode mode, bool color);

}  // namespace notes::render
