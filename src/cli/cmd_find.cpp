// `notes find`: list the notes that pass every filter given (AND), in the
// output format asked for. The query itself is core logic (notes/find.hpp);
// this file turns flags into a FindQuery and the notes found into a Table.

#include <CLI/CLI.hpp>

#include <cmath>
#include <memory>

#include "cli/command.hpp"
#include "cli/output.hpp"
#include "cli/reading.hpp"
#include "notes/error.hpp"
#include "notes/find.hpp"
#include "notes/front_matter.hpp"

namespace notes::cli {
namespace {

struct FindFlags {
    std::vector<std::string> tags;
    bool any_tag = false;
    std::vector<std::string> not_tags;
    std::optional<std::string> domain;
    std::optional<std::string> status;
    std::vector<std::string> fields;
    std::optional<std::string> since;
    std::optional<std::string> until;
    std::optional<std::string> match;
    std::vector<std::string> links_to;
    std::vector<std::string> linked_from;
    bool orphan = false;
    bool broken = false;
    std::vector<std::string> paths;
    std::string sort;
    bool reverse = false;
    std::size_t limit = 0;
    std::string format;
};

/// The day of a --since/--until value: any date or datetime parse_date()
/// accepts, reduced to YYYY-MM-DD (the bounds compare whole days).
std::string day_of(const std::string& flag, const std::string& value) {
    const auto date = parse_date(value);
    if (!date) {
        throw Error(flag + ": '" + value + "' is not a date (expected YYYY-MM-DD)",
                    exit_status::k_usage);
    }
    return date->substr(0, 10);
}

FieldFilter field_filter(const std::string& arg) {
    const auto eq = arg.find('=');
    FieldFilter filter;
    filter.key = arg.substr(0, eq);
    if (eq != std::string::npos) filter.value = arg.substr(eq + 1);
    if (filter.key.empty()) {
        throw Error("--field: '" + arg + "' names no key (expected KEY=VALUE or KEY)",
                    exit_status::k_usage);
    }
    return filter;
}

/// Resolves NOTE arguments to ids; nullopt when one of them names no single
/// note (resolve_note_argument has said why on stderr).
std::optional<std::vector<std::int64_t>> note_ids(IndexStore& store,
                                                  const std::vector<std::string>& args) {
    std::vector<std::int64_t> ids;
    for (const auto& arg : args) {
        const auto id = resolve_note_argument(store, arg);
        if (!id) return std::nullopt;
        ids.push_back(*id);
    }
    return ids;
}

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
    FindQuery query;
    query.tags = flags.tags;
    query.any_tag = flags.any_tag;
    query.not_tags = flags.not_tags;
    query.domain = flags.domain;
    query.status = flags.status;
    for (const auto& f : flags.fields) query.fields.push_back(field_filter(f));
    if (flags.since) query.since = day_of("--since", *flags.since);
    if (flags.until) query.until = day_of("--until", *flags.until);
    query.match = flags.match;
    query.orphan = flags.orphan;
    query.broken = flags.broken;
    query.path_globs = flags.paths;
    if (!flags.sort.empty()) query.sort = parse_find_sort(flags.sort);
    if (query.sort == FindSort::rank && !query.match) {
        throw Error("--sort rank needs --match (the rank is the full-text relevance)",
                    exit_status::k_usage);
    }
    query.reverse = flags.reverse;
    query.limit = flags.limit;
    const RenderOptions options = render_options(ctx, flags.format);

    auto store = open_index_for_reading(ctx);
    const auto links_to = note_ids(*store, flags.links_to);
    const auto linked_from = note_ids(*store, flags.linked_from);
    if (!links_to || !linked_from) return exit_status::k_nothing_found;
    query.links_to = *links_to;
    query.linked_from = *linked_from;

    std::vector<FoundNote> found = find_notes(*store, query);
    const bool nothing = found.empty();
    // Like grep: nothing matched is status 1, with nothing on stdout except
    // what keeps the machine formats parseable (`[]`, the CSV header).
    if (nothing && options.format == Format::table) return exit_status::k_nothing_found;
    render(found_table(std::move(found), query.match.has_value(), options.format == Format::table),
           options, stdout);
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

            app.add_option("-t,--tag", flags->tags,
                           "Notes with tag T (and its nested tags T/…); repeat to require every "
                           "tag; case-insensitive, a leading # is fine")
                ->option_text("T")
                ->allow_extra_args(false);
            app.add_flag("--any-tag", flags->any_tag,
                         "With several --tag: any one of them is enough");
            app.add_option("--not-tag", flags->not_tags,
                           "Leave out notes with tag T (or T/…); repeatable")
                ->option_text("T")
                ->allow_extra_args(false);
            app.add_option("--domain", flags->domain,
                           "Front-matter domain equals D (case-insensitive)")
                ->option_text("D");
            app.add_option("--status", flags->status,
                           "Front-matter status equals S (case-insensitive)")
                ->option_text("S");
            app.add_option("--field", flags->fields,
                           "Front-matter KEY equals VALUE (any item of a list); KEY alone: the key "
                           "is present; repeatable")
                ->option_text("KEY[=VALUE]")
                ->allow_extra_args(false);
            app.add_option("--since", flags->since, "Notes dated on or after DATE (YYYY-MM-DD)")
                ->option_text("DATE");
            app.add_option("--until", flags->until, "Notes dated on or before DATE (YYYY-MM-DD)")
                ->option_text("DATE");
            app.add_option("-m,--match", flags->match,
                           "Full-text search of titles and bodies, ranked, with a snippet: words, "
                           "\"phrases\", prefix*, OR, NOT, title:word")
                ->option_text("QUERY");
            app.add_option("--links-to", flags->links_to,
                           "Notes linking to NOTE (slug, path, title or alias); repeatable")
                ->option_text("NOTE")
                ->allow_extra_args(false);
            app.add_option("--linked-from", flags->linked_from, "Notes NOTE links to; repeatable")
                ->option_text("NOTE")
                ->allow_extra_args(false);
            app.add_flag("--orphan", flags->orphan, "Notes with no link to or from another note");
            app.add_flag("--broken", flags->broken, "Notes with at least one link to no note");
            app.add_option("--path", flags->paths,
                           "Notes whose path matches GLOB (gitignore-style: *.md, projects/, "
                           "projects/**, !drafts/); repeatable, the last match wins")
                ->option_text("GLOB")
                ->allow_extra_args(false);
            app.add_option("-s,--sort", flags->sort,
                           "Order: date (newest first; the default), title, path, modified "
                           "(newest first), rank (best first; the default with --match), words "
                           "(longest first)")
                ->option_text("KEY")
                ->check(CLI::IsMember({"date", "title", "path", "modified", "rank", "words"}));
            app.add_flag("-r,--reverse", flags->reverse, "Reverse the order");
            app.add_option("-n,--limit", flags->limit, "Print at most N notes (default: all)")
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
