// `notes graph`: the link graph for other tools. The graph is a query
// (notes/query/graph.hpp) and its formats are renderers
// (notes/render/graph.hpp); this file turns the flags into a node selection:
// the filters of `notes find`, a neighbourhood with --around.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/usage.hpp"
#include "notes/render/output.hpp"
#include "cli/reading.hpp"
#include "cli/terminal.hpp"
#include "notes/core/error.hpp"
#include "notes/query/find.hpp"
#include "notes/query/graph.hpp"
#include "notes/render/graph.hpp"
#include "notes/core/json.hpp"

namespace notes::cli {

using query::FindQuery;
using query::FoundNote;
using query::Graph;
using query::GraphOptions;
using render::write_output;

namespace {

struct GraphFlags {
    FindFilterFlags filters;  ///< the filters of `notes find`, with the same meaning
    // The graph's own.
    std::optional<std::string> around;
    int depth = 1;
    bool include_broken = false;
    std::string format = "dot";
    std::string output;
};

// ---------------------------------------------------------------------------
// the command

int run_graph_command(const Context& ctx, const GraphFlags& flags) {
    auto store = open_index_for_reading(ctx);
    GraphOptions options;
    options.include_broken = flags.include_broken;
    options.depth = flags.depth;
    if (flags.around) {
        const auto id = resolve_note_argument(*store, *flags.around);
        if (!id) return exit_status::k_nothing_found;
        options.around = *id;
    }
    if (flags.filters.any()) {
        FindQuery query = find_query(flags.filters);
        query.snippets = false;
        if (!resolve_note_filters(*store, flags.filters, query)) {
            return exit_status::k_nothing_found;
        }
        std::vector<std::int64_t> ids;
        for (const FoundNote& n : find_notes(*store, query)) ids.push_back(n.id);
        options.notes = std::move(ids);
    }
    const Graph graph = build_graph(*store, options);

    std::string out;
    if (flags.format == "json") {
        out = render::graph_json(graph);
    } else if (flags.format == "graphml") {
        out = render::graph_graphml(graph);
    } else if (flags.format == "mermaid") {
        out = render::graph_mermaid(graph);
    } else {
        out = render::graph_dot(graph);
    }
    write_output(out, flags.output);
    if (ctx.verbose > 0) {
        std::fprintf(stderr, "notes: %zu nodes, %zu edges\n", graph.nodes.size(),
                     graph.edges.size());
    }
    // Like find: a selection that matched nothing is status 1 (the output is
    // still a valid, empty graph).
    return graph.nodes.empty() ? exit_status::k_nothing_found : exit_status::k_ok;
}

}  // namespace

CommandDefinition graph_command() {
    return {
        "graph", "Export the link graph (DOT, JSON, GraphML, Mermaid), whole or a part",
        [](CLI::App& app) -> Action {
            auto flags = std::make_shared<GraphFlags>();
            app.footer(
                "Nodes are notes; an edge stands for the links of one kind from one note to "
                "another.\n"
                "The filters are those of `notes find` and choose the nodes; edges join chosen "
                "nodes.\n\n"
                "Examples:\n"
                "  notes graph | dot -Tsvg > vault.svg\n"
                "  notes graph --tag sql --format graphml -o sql.graphml\n"
                "  notes graph --around index-tuning --depth 2 --format mermaid");
            add_find_filter_flags(app, flags->filters);
            app.add_option("--around", flags->around,
                           "Only NOTE and the notes at most --depth links away (either direction)")
                ->option_text("NOTE");
            app.add_option("--depth", flags->depth, "Links to follow from --around (default 1)")
                ->option_text("N")
                ->check(whole_number("--depth", 0));
            app.add_flag("--include-broken", flags->include_broken,
                         "Also draw links to missing notes (one node per missing note)");
            app.add_option("-f,--format", flags->format, "dot (default), json, graphml or mermaid")
                ->option_text("FORMAT")
                ->transform(one_of("--format", {"dot", "json", "graphml", "mermaid"}, /*ignore_case=*/true));
            app.add_option("-o,--output", flags->output, "Write to FILE instead of stdout")
                ->option_text("FILE");
            return [flags](const Context& ctx) { return run_graph_command(ctx, *flags); };
        }};
}

}  // namespace notes::cli
