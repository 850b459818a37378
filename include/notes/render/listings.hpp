#pragma once
// The results of the listing commands as Tables, for print_table(). The
// columns are documented in docs/cli.md; the machine formats always have all
// of them, in that order.

#include <cstdio>
#include <string>
#include <vector>

#include "notes/core/related_signals.hpp"
#include "notes/query/find.hpp"
#include "notes/query/note_details.hpp"
#include "notes/query/related.hpp"
#include "notes/render/output.hpp"
#include "notes/store/index_store.hpp"

namespace notes::render {

/// `notes find`: path, slug, title, date, tags, domain, status, and with
/// `ranked` score and snippet. `for_table` (the table format) leaves out the
/// slug (the path's file name again), rounds scores to 4 significant digits
/// and gives up tags, domain and status on a narrow terminal before it cuts
/// titles and snippets.
Table found_notes_table(std::vector<query::FoundNote> notes, bool ranked, bool for_table);

/// `notes find --format paths`: each path on a line, as print_table()
/// prints the path column of found_notes_table(), without making the table.
void print_paths(const std::vector<std::string>& paths, std::FILE* out);

/// `notes related`: rank, score, path, title, reasons, one row per note. A
/// table too wide for the terminal leaves out the path first (the title
/// names the note too), then cuts titles and reasons. `as_list`: reasons as a
/// list (json, jsonl), else joined with "; ".
Table related_table(const std::vector<query::RelatedNote>& notes, bool as_list);

/// `notes related --explain`: rank, score, path, signal, raw, weight,
/// contribution, one row per note and signal, every signal listed.
Table related_explain_table(const std::vector<query::RelatedNote>& notes, const SignalValues& weights);

/// `notes tags`: in the table and list formats the tree (names indented by
/// depth; in a table the notes of each subtree right-aligned); else tag,
/// notes, total, parent.
Table tags_table(const std::vector<query::TagNode>& tree, Format format);

/// `notes sql`: columns named after the result's, cells keeping their SQLite
/// types so that numbers stay numbers in JSON. `paths` prints the column
/// named `path`, else the first. On a narrow terminal every column holding
/// text may be cut: a query's columns have no known priority, and numbers
/// are never cut.
Table sql_result_table(store::TypedQueryResult&& result);

}  // namespace notes::render
