// `notes tags`: every tag of the vault with its number of notes. The table
// and list formats show nested tags as a tree (`db/sqlite` under `db`); the
// machine formats give one flat row per node of that tree, in the same order,
// with its parent, so that a script can rebuild it.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>

#include "cli/command.hpp"
#include "cli/usage.hpp"
#include "notes/render/listings.hpp"
#include "notes/render/output.hpp"
#include "cli/reading.hpp"
#include "notes/core/error.hpp"
#include "notes/query/note_details.hpp"

namespace notes::cli {

using query::TagNode;
using query::TagSort;
using query::tag_tree;
using render::Format;
using render::RenderOptions;
using render::Table;

namespace {

struct TagsFlags {
    std::string sort = "count";
    std::string format;
};

int run_tags_command(const Context& ctx, const TagsFlags& flags) {
    const RenderOptions options = render_options(ctx, flags.format);
    auto store = open_index_for_reading(ctx);
    const std::vector<TagNode> tree =
        tag_tree(*store, flags.sort == "name" ? TagSort::name : TagSort::count);
    // Like find: no tags is status 1, and the machine formats still print
    // something parseable (`[]`, the CSV header).
    if (tree.empty() && options.format == Format::table) return exit_status::k_nothing_found;
    print_table(render::tags_table(tree, options.format), options, stdout);
    return tree.empty() ? exit_status::k_nothing_found : exit_status::k_ok;
}

}  // namespace

CommandDefinition tags_command() {
    return {
        "tags", "Tags with their note counts, nested tags as a tree", [](CLI::App& app) -> Action {
            auto flags = std::make_shared<TagsFlags>();
            app.footer(
                "A tag's count includes the notes of its nested tags, each note once.\n"
                "Exit status 1 when the vault has no tags.\n\n"
                "Examples:\n"
                "  notes tags\n"
                "  notes tags --sort name\n"
                "  notes tags --format json | jq '.[] | select(.parent == null) | .tag'");
            app.add_option("-s,--sort", flags->sort,
                           "Order of tags (and of the tags under each parent): count (most notes "
                           "first; the default) or name")
                ->option_text("KEY")
                ->check(one_of("--sort", {"count", "name"}));
            app.add_option("-f,--format", flags->format,
                           "table (default on a terminal) or list (default otherwise): the tree; "
                           "json, jsonl or csv: one row per tag with its parent")
                ->option_text("FORMAT")
                ->check(one_of("--format", {"table", "list", "json", "jsonl", "csv"}));
            return [flags](const Context& ctx) { return run_tags_command(ctx, *flags); };
        }};
}

}  // namespace notes::cli
