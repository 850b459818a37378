// `notes related NOTE`: the notes that belong with NOTE, best first, with the
// reasons. The scoring is core logic (notes/related.hpp, explained at the top
// of src/core/related.cpp); this file reads the weights from the config,
// turns the results into a Table and renders it.

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <memory>

#include "cli/command.hpp"
#include "cli/usage.hpp"
#include "notes/render/listings.hpp"
#include "notes/render/output.hpp"
#include "cli/reading.hpp"
#include "cli/terminal.hpp"
#include "notes/core/config.hpp"
#include "notes/core/error.hpp"
#include "notes/query/related.hpp"

namespace notes::cli {

using query::RelatedList;
using query::RelatedNote;
using query::RelatedOptions;
using render::Format;
using render::RenderOptions;
using render::Table;
using render::Value;
using render::format_names;
using render::format_warning;
using render::print_table;
using render::printable;

namespace {

struct RelatedFlags {
    std::string note;
    std::size_t limit = 10;
    std::string format;
    bool explain = false;
};

int run_related_command(const Context& ctx, const RelatedFlags& flags) {
    const RenderOptions options = render_options(ctx, flags.format);
    const Config config = load_config(ctx.vault / ".notes" / "config.yaml", ".notes/config.yaml");
    for (const Warning& w : config.warnings)
        std::fprintf(stderr, "%s\n", format_warning(w).c_str());

    auto store = open_index_for_reading(ctx);
    const auto id = resolve_note_argument(*store, flags.note);
    if (!id) return exit_status::k_nothing_found;

    RelatedOptions query;
    query.limit = flags.limit;
    query.weights = config.related_weights;
    const RelatedList list = find_related(*store, *id, query);
    const std::vector<RelatedNote>& related = list.notes;
    if (ctx.verbose > 0 && query.weights[RelatedSignal::similar_text] == 0) {
        std::fprintf(stderr, "notes: similar text: off (weight 0)\n");
    } else if (ctx.verbose > 0) {
        std::string terms;
        for (const auto& t : list.terms) terms += (terms.empty() ? "" : ", ") + t;
        std::fprintf(stderr, "notes: similar text searched for: %s\n",
                     terms.empty() ? "(no distinctive terms)" : printable(terms).c_str());
    }
    if (related.empty()) {
        std::fprintf(stderr,
                     "notes: nothing relates to '%s': it has no links, no tags or words in common "
                     "with another note\n",
                     printable(flags.note).c_str());
        // Like `find`: the machine formats still print an empty result.
        if (options.format == Format::table) return exit_status::k_nothing_found;
    }
    const bool as_list = options.format == Format::json || options.format == Format::jsonl;
    print_table(flags.explain ? render::related_explain_table(related, query.weights)
                              : render::related_table(related, as_list),
           options, stdout);
    return related.empty() ? exit_status::k_nothing_found : exit_status::k_ok;
}

}  // namespace

CommandDefinition related_command() {
    return {
        "related", "Notes related to NOTE, ranked, with the reasons", [](CLI::App& app) -> Action {
            auto flags = std::make_shared<RelatedFlags>();
            app.footer(
                "Combines front-matter relations, links both ways, shared tags (rare ones count "
                "more), co-citation, shared link targets, the domain and similar text; weights "
                "can be set under `related:` in .notes/config.yaml (see docs/related.md). Exit "
                "status 1 when nothing relates to NOTE.\n\n"
                "Examples:\n"
                "  notes related index-tuning.md\n"
                "  notes related index-tuning.md --limit 5 --format json\n"
                "  notes related index-tuning.md --explain");
            app.add_option("NOTE", flags->note, "The note: a slug, path, title or alias")
                ->required();
            app.add_option("-n,--limit", flags->limit, "Print at most N notes (default 10)")
                ->option_text("N")
                ->check(whole_number("--limit", 1));
            add_format_option(app, flags->format, "-f,--format");
            app.add_flag("--explain", flags->explain,
                         "One line per note and signal: its raw value, weight and contribution");
            return [flags](const Context& ctx) { return run_related_command(ctx, *flags); };
        }};
}

}  // namespace notes::cli
