// `notes find`: list the notes that pass every filter given (AND), in the
// output format asked for. The query itself is core logic (notes/find.hpp);
// this file turns flags into a FindQuery and the notes found into a Table.

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.hpp"
#include "cli/usage.hpp"
#include "notes/render/listings.hpp"
#include "notes/render/output.hpp"
#include "cli/reading.hpp"
#include "notes/core/error.hpp"
#include "notes/query/find.hpp"

namespace notes::cli {

using query::FindQuery;
using query::FindSort;
using query::FoundNote;
using query::find_note_paths;
using query::find_notes;
using query::parse_find_sort;
using render::Format;
using render::RenderOptions;
using render::Table;
using render::Value;
using render::format_names;

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

    auto store = open_index_for_reading(ctx);
    if (!resolve_note_filters(*store, flags.filters, query)) return exit_status::k_nothing_found;

    if (options.format == Format::paths) {
        const std::vector<std::string> paths = find_note_paths(*store, query);
        render::print_paths(paths, stdout);
        return paths.empty() ? exit_status::k_nothing_found : exit_status::k_ok;
    }
    std::vector<FoundNote> found = find_notes(*store, query);
    const bool nothing = found.empty();
    const bool more = cut && found.size() > k_terminal_limit;
    if (more) found.resize(k_terminal_limit);
    // Like grep: nothing matched is status 1, with nothing on stdout except
    // what keeps the machine formats parseable (`[]`, the CSV header).
    if (nothing && options.format == Format::table) return exit_status::k_nothing_found;
    print_table(render::found_notes_table(std::move(found), query.match.has_value(),
                                          options.format == Format::table),
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
                ->check(one_of("--sort", {"date", "title", "path", "modified", "rank", "words"}));
            app.add_flag("-r,--reverse", flags->reverse, "Reverse the order");
            app.add_option("-n,--limit", flags->limit,
                           "Print at most N notes (default: all; on a terminal the first " +
                               std::to_string(k_terminal_limit) + ")")
                ->option_text("N")
                ->check(whole_number("--limit", 1));
            add_format_option(app, flags->format, "-f,--format");
            return [flags](const Context& ctx) { return run_find_command(ctx, *flags); };
        }};
}

}  // namespace notes::cli
