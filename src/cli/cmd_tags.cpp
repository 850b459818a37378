// `notes tags`: every tag of the vault with its number of notes. The table
// and list formats show nested tags as a tree (`db/sqlite` under `db`); the
// machine formats give one flat row per node of that tree, in the same order,
// with its parent, so that a script can rebuild it.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>

#include "cli/command.hpp"
#include "cli/output.hpp"
#include "cli/reading.hpp"
#include "notes/error.hpp"
#include "notes/note_details.hpp"

namespace notes::cli {
namespace {

struct TagsFlags {
    std::string sort = "count";
    std::string format;
};

/// One node in tree order, with what the rows need of its place.
struct FlatNode {
    const TagNode* node;
    const TagNode* parent;
    std::size_t depth;
};

void flatten(const std::vector<TagNode>& nodes, const TagNode* parent, std::size_t depth,
             std::vector<FlatNode>& out) {
    for (const TagNode& n : nodes) {
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

int run_tags_command(const Context& ctx, const TagsFlags& flags) {
    const RenderOptions options = render_options(ctx, flags.format);
    auto store = open_index_for_reading(ctx);
    const std::vector<TagCount> tags = list_tags(*store);
    const std::vector<TagNode> tree =
        tag_tree(*store, tags, flags.sort == "name" ? TagSort::name : TagSort::count);
    std::vector<FlatNode> nodes;
    flatten(tree, nullptr, 0, nodes);

    // Like find: no tags is status 1, and the machine formats still print
    // something parseable (`[]`, the CSV header).
    const bool tree_view = options.format == Format::table || options.format == Format::list;
    if (nodes.empty() && options.format == Format::table) return exit_status::k_nothing_found;
    render(tree_view ? tree_table(nodes, options.format) : flat_table(nodes), options, stdout);
    return nodes.empty() ? exit_status::k_nothing_found : exit_status::k_ok;
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
                ->check(CLI::IsMember({"count", "name"}));
            app.add_option("-f,--format", flags->format,
                           "table (default on a terminal) or list (default otherwise): the tree; "
                           "json, jsonl or csv: one row per tag with its parent")
                ->option_text("FORMAT")
                ->check(CLI::IsMember({"table", "list", "json", "jsonl", "csv"}));
            return [flags](const Context& ctx) { return run_tags_command(ctx, *flags); };
        }};
}

}  // namespace notes::cli
