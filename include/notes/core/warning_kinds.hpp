#pragma once
// What kind of problem a Warning is. `notes index` summarises warnings by
// kind (broken links by the thousand, a few invalid front matters) and
// `notes report` groups file problems by kind; both ask here, so that the
// two agree. The kind is read from the message each producer writes (the
// messages are documented in docs/cli.md and held by the tests).

#include <cstddef>
#include <string_view>
#include <vector>

#include "notes/core/note.hpp"

namespace notes {

/// In the order a summary lists them: the vault's configuration and files
/// first, then the notes' front matter and bytes, then links and names.
enum class WarningKind {
    configuration,              ///< .notes/config.yaml: unknown key, bad value
    unreadable,                 ///< a file or folder that could not be read, or vanished
    symbolic_link,              ///< a symbolic link skipped (broken, outside the vault, a loop)
    invalid_yaml,               ///< front matter that is not valid YAML
    unterminated_front_matter,  ///< no closing `---`
    front_matter,        ///< a front-matter value skipped (duplicate key, not a single value, …)
    unparseable_date,    ///< a date that does not parse
    empty_file,          ///< a note file with nothing in it
    bad_bytes,           ///< invalid UTF-8 or NUL bytes, replaced
    too_large,           ///< a file or note only partly read
    broken_link,         ///< a link to no note
    missing_attachment,  ///< a link to a file (by its extension) that does not exist
    broken_block_reference,  ///< a Logseq ((block reference)) to no block
    broken_anchor,           ///< a link to a heading or block id its target lacks
    shared_slug,             ///< a file name used by several notes
    other,
};

/// Every kind, in the order above.
const std::vector<WarningKind>& all_warning_kinds();

/// Stable snake_case name: "broken_link", "invalid_yaml", … (JSON keys).
std::string_view warning_kind_name(WarningKind kind);

WarningKind warning_kind(const Warning& warning);

/// The warnings of one kind, counted.
struct WarningKindCount {
    WarningKind kind = WarningKind::other;
    std::size_t count = 0;
    std::size_t new_count = 0;  ///< of them, those marked in `is_new`
};

/// How many warnings of each kind there are, kinds with none left out, in
/// the order of all_warning_kinds(). `is_new` is empty or holds one flag
/// per warning.
std::vector<WarningKindCount> count_by_kind(const std::vector<Warning>& warnings,
                                            const std::vector<bool>& is_new);

/// For each warning of `now`, whether `before` lacks it. Warnings are the
/// same when their path and message are (not their line: an edit above a
/// broken link does not make it new), each one of `before` matching one of
/// `now`.
std::vector<bool> new_since(const std::vector<Warning>& now, const std::vector<Warning>& before);

}  // namespace notes
