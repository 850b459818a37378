// `notes find`: list the notes that pass every filter given (AND), in the
// output format asked for. The query itself is core logic (notes/find.hpp);
// this file turns flags into a FindQuery and the notes found into a Table.

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.hpp"
#include "cli/output.hpp"
#include "cli/reading.hpp"
#include "notes/error.hpp"
#include "notes/find.hpp"

namespace notes::cli {
namespace {

/// On a terminal, without --limit, the table stops after this many notes.
constexpr std::size_t k_terminal_limit = 50;

struct FindFlags {
    FindFilterFlags filters;
    std::string sort;
    bool reverse = false;
    std::size_t limit = 0;
    std::string format;
};

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

/// Columns and rows. The machine formats (json, jsonl, csv, list) always
/// have the documented columns in the documented order; the table leaves out
/// the slug (the path's file name again) and gives up tags, domain and status
/// on a narrow terminal before it cuts titles and snippets.
Table found_table(std::vector<FoundNote> notes, bool ranked, bool for_table) {
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
    for (FoundNote& note : notes) {
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

int run_find_command(const Context& ctx, const FindFlags& flags) {
    FindQuery query = find_query(flags.filters);
    if (!flags.sort.empty()) query.sort = parse_find_sort(flags.sort);
    if (query.sort == FindSort::rank && !query.match) {
        throw Error("--sort rank needs --match (the rank is the full-text relevance)",
                    exit_status::k_usage);
    }
    query.reverse = flags.reverse;
    query.limit = flags.limit;
    const RenderOptions options = render_options(ctx, flags.format);
    // A table of every note would scroll past a terminal unread: without
    // --limit it stops at k_terminal_limit notes (one more is asked for, to
    // know whether there are more) and says so on stderr.
    const bool cut = flags.limit == 0 && options.format == Format::table && ctx.stdout_is_terminal;
    if (cut) query.limit = k_terminal_limit + 1;
    query.snippets = options.format != Format::paths;

    auto store = open_index_for_reading(ctx);
    if (!resolve_note_filters(*store, flags.filters, query)) return exit_status::k_nothing_found;

    std::vector<FoundNote> found = find_notes(*store, query);
    const bool nothing = found.empty();
    const bool more = cut && found.size() > k_terminal_limit;
    if (more) found.resize(k_terminal_limit);
    // Like grep: nothing matched is status 1, with nothing on stdout except
    // what keeps the machine formats parseable (`[]`, the CSV header).
    if (nothing && options.format == Format::table) return exit_status::k_nothing_found;
    render(found_table(std::move(found), query.match.has_value(), options.format == Format::table),
           options, stdout);
    if (more) {
        std::fflush(stdout);
        std::fprintf(stderr,
                     "notes: the first %zu notes; more match (--limit N shows N, a pipe gets "
                     "them all)\n",
                     k_terminal_limit);
    }
    return nothing ? exit_status::k_nothing_found : exit_status::k_ok;
}

}  // namespace

CommandDefinition find_command() {
    return {
        "find", "List the notes that match filters (tags, fields, full text, links, paths)",
        [](CLI::App& app) -> Action {
            auto flags = std::make_shared<FindFlags>();
            app.footer(
                "Filters combine with AND; exit status 1 when no note matches.\n\n"
                "Examples:\n"
                "  notes find --tag sql --status unread\n"
                "  notes find --match \"query plan\" --limit 5\n"
                "  notes find --links-to index-tuning --since 2026-03-01 --format json | jq "
                "'.[].path'");

            add_find_filter_flags(app, flags->filters);
            app.add_option("-s,--sort", flags->sort,
                           "Order: date (newest first; the default), title, path, modified "
                           "(newest first), rank (best first; the default with --match), words "
                           "(longest first)")
                ->option_text("KEY")
                ->check(CLI::IsMember({"date", "title", "path", "modified", "rank", "words"}));
            app.add_flag("-r,--reverse", flags->reverse, "Reverse the order");
            app.add_option("-n,--limit", flags->limit,
                           "Print at most N notes (default: all; on a terminal the first " +
                               std::to_string(k_terminal_limit) + ")")
                ->option_text("N")
                ->check(CLI::PositiveNumber);
            app.add_option("-f,--format", flags->format,
                           "table (default on a terminal), list (default otherwise), json, jsonl, "
                           "csv or paths")
                ->option_text("FORMAT")
                ->check(CLI::IsMember(format_names()));
            return [flags](const Context& ctx) { return run_find_command(ctx, *flags); };
        }};
}

}  // namespace notes::cli
