// The Tables of the listing commands (find, related, tags, sql): which
// columns each has, in which order, and what gives way on a narrow terminal.
// docs/cli.md documents these columns; print_table() prints them.

#include "notes/render/listings.hpp"

#include <strings.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <variant>

namespace notes::render {

// ---- find -------------------------------------------------------------------
namespace {

Value text_or_null(std::string s) {
    if (s.empty()) return std::monostate{};
    return s;
}

/// `x` rounded to `digits` significant digits: BM25 scores span many orders
/// of magnitude (4.252e-06 in a vault where every note has the words), so a
/// fixed number of decimals would show most as 0.
double significant_digits(double x, int digits) {
    if (x == 0 || !std::isfinite(x)) return x;
    const double scale =
        std::pow(10.0, digits - static_cast<int>(std::ceil(std::log10(std::fabs(x)))));
    return std::round(x * scale) / scale;
}

}  // namespace

Table found_notes_table(std::vector<query::FoundNote> notes, bool ranked, bool for_table) {
    Table table;
    table.columns.push_back({"path", /*shrinkable=*/for_table});
    if (!for_table) table.columns.push_back({"slug"});
    table.columns.push_back({"title", /*shrinkable=*/true});
    table.columns.push_back({"date"});
    table.columns.push_back({"tags", false, /*optional_in_table=*/true});
    table.columns.push_back({"domain", false, true});
    table.columns.push_back({"status", false, true});
    if (ranked) {
        table.columns.push_back({"score"});
        table.columns.push_back({"snippet", /*shrinkable=*/true});
    }
    table.path_column = 0;
    table.rows.reserve(notes.size());
    for (query::FoundNote& note : notes) {
        auto& row = table.rows.emplace_back();
        row.reserve(table.columns.size());
        row.emplace_back(std::move(note.path));
        if (!for_table) row.emplace_back(std::move(note.slug));
        row.emplace_back(std::move(note.title));
        row.push_back(text_or_null(std::move(note.date)));
        row.emplace_back(std::move(note.tags));
        row.push_back(text_or_null(std::move(note.domain)));
        row.push_back(text_or_null(std::move(note.status)));
        if (ranked) {
            const double score = note.score.value_or(0);
            row.emplace_back(for_table ? significant_digits(score, 4) : score);
            row.emplace_back(std::move(note.snippet));
        }
    }
    return table;
}

void print_paths(const std::vector<std::string>& paths, std::FILE* out) {
    std::string line;
    for (const std::string& path : paths) {
        line = printable(path);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), out);
    }
}

// ---- related ----------------------------------------------------------------
namespace {

/// Four decimals: enough to order by, and stable across platforms.
double four_decimals(double x) {
    return std::round(x * 1e4) / 1e4;
}

/// The machine formats get the reasons as a list; the line formats as one
/// text joined with "; ", since a reason may itself hold a comma.
Value reasons_value(const std::vector<std::string>& reasons, bool as_list) {
    if (as_list) return reasons;
    std::string joined;
    for (const auto& r : reasons) joined += (joined.empty() ? "" : "; ") + r;
    return joined;
}

}  // namespace

Table related_table(const std::vector<query::RelatedNote>& notes, bool as_list) {
    Table table;
    table.columns = {{"rank"},
                     {"score"},
                     {"path", /*shrinkable=*/false, /*optional_in_table=*/true},
                     {"title", /*shrinkable=*/true},
                     {"reasons", /*shrinkable=*/true}};
    table.path_column = 2;
    std::int64_t rank = 0;
    for (const query::RelatedNote& n : notes) {
        table.rows.push_back(
            {++rank, four_decimals(n.score), n.path, n.title, reasons_value(n.reasons, as_list)});
    }
    return table;
}

Table related_explain_table(const std::vector<query::RelatedNote>& notes, const SignalValues& weights) {
    Table table;
    table.columns = {{"rank"},        {"score"}, {"path", /*shrinkable=*/true},
                     {"signal"},      {"raw"},   {"weight"},
                     {"contribution"}};
    table.path_column = 2;
    std::int64_t rank = 0;
    for (const query::RelatedNote& n : notes) {
        ++rank;
        for (const RelatedSignal s : all_related_signals()) {
            table.rows.push_back({rank, four_decimals(n.score), n.path,
                                  std::string(related_signal_name(s)), four_decimals(n.raw[s]),
                                  four_decimals(weights[s]), four_decimals(n.contribution[s])});
        }
    }
    return table;
}

// ---- tags -------------------------------------------------------------------
namespace {

/// One node in tree order, with what the rows need of its place.
struct FlatNode {
    const query::TagNode* node;
    const query::TagNode* parent;
    std::size_t depth;
};

void flatten(const std::vector<query::TagNode>& nodes, const query::TagNode* parent, std::size_t depth,
             std::vector<FlatNode>& out) {
    for (const query::TagNode& n : nodes) {
        out.push_back({&n, parent, depth});
        flatten(n.children, &n, depth + 1, out);
    }
}

/// The tree view: names indented by depth, and the count of distinct notes in
/// each subtree, right-aligned in the table format (the renderer aligns left,
/// so the numbers arrive padded).
Table tree_table(const std::vector<FlatNode>& nodes, Format format) {
    Table table;
    table.columns = {{"tag", /*shrinkable=*/true}, {"notes"}};
    std::size_t count_width = table.columns[1].name.size();
    for (const FlatNode& f : nodes) {
        count_width = std::max(count_width, std::to_string(f.node->subtree_notes).size());
    }
    for (const FlatNode& f : nodes) {
        auto& row = table.rows.emplace_back();
        row.emplace_back(std::string(2 * f.depth, ' ') + f.node->name);
        if (format == Format::table) {
            const std::string count = std::to_string(f.node->subtree_notes);
            row.emplace_back(std::string(count_width - count.size(), ' ') + count);
        } else {
            row.emplace_back(f.node->subtree_notes);
        }
    }
    return table;
}

/// The machine formats: stable fields, documented in docs/cli.md.
Table flat_table(const std::vector<FlatNode>& nodes) {
    Table table;
    table.columns = {{"tag"}, {"notes"}, {"total"}, {"parent"}};
    for (const FlatNode& f : nodes) {
        auto& row = table.rows.emplace_back();
        row.emplace_back(f.node->tag);
        row.emplace_back(f.node->notes);
        row.emplace_back(f.node->subtree_notes);
        if (f.parent != nullptr) {
            row.emplace_back(f.parent->tag);
        } else {
            row.emplace_back(std::monostate{});
        }
    }
    return table;
}

}  // namespace

Table tags_table(const std::vector<query::TagNode>& tree, Format format) {
    std::vector<FlatNode> nodes;
    flatten(tree, nullptr, 0, nodes);
    const bool tree_view = format == Format::table || format == Format::list;
    return tree_view ? tree_table(nodes, format) : flat_table(nodes);
}

// ---- sql --------------------------------------------------------------------
namespace {

Value to_value(store::SqlValue&& v) {
    return std::visit(
        [](auto&& x) -> Value {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string>) {
                return std::move(x);
            } else {
                return x;
            }
        },
        std::move(v));
}

}  // namespace

Table sql_result_table(store::TypedQueryResult&& result) {
    Table table;
    std::vector<bool> has_text(result.columns.size(), false);
    for (auto& row : result.rows) {
        auto& cells = table.rows.emplace_back();
        cells.reserve(row.size());
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (std::holds_alternative<std::string>(row[c])) has_text[c] = true;
            cells.push_back(to_value(std::move(row[c])));
        }
    }
    bool path_found = false;
    for (std::size_t c = 0; c < result.columns.size(); ++c) {
        if (!path_found && ::strcasecmp(result.columns[c].c_str(), "path") == 0) {
            table.path_column = c;
            path_found = true;
        }
        table.columns.push_back(Column{std::move(result.columns[c]), has_text[c], false});
    }
    return table;
}

}  // namespace notes::render
