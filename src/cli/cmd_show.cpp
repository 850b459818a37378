// `notes show NOTE`: everything the index knows about one note. The data is
// a query (notes/query/note_details.hpp) and its two views are renderers
// (notes/render/note_details.hpp); this file resolves the NOTE argument.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.hpp"
#include "cli/usage.hpp"
#include "notes/render/output.hpp"
#include "cli/reading.hpp"
#include "cli/terminal.hpp"
#include "notes/core/error.hpp"
#include "notes/core/json.hpp"
#include "notes/query/note_details.hpp"
#include "notes/render/note_details.hpp"

namespace notes::cli {

using query::NoteDetails;
using query::load_note_details;

namespace {

struct ShowFlags {
    std::string note;
    std::string format = "text";
};

int run_show_command(const Context& ctx, const ShowFlags& flags) {
    auto store = open_index_for_reading(ctx);
    const auto id = resolve_note_argument(*store, flags.note);
    if (!id) return exit_status::k_nothing_found;
    const NoteDetails details = load_note_details(*store, *id);
    if (flags.format == "json") {
        std::printf("%s\n", render::note_details_json(details).c_str());
    } else {
        std::fputs(render::note_details_text(details, ctx.color_stdout).c_str(), stdout);
    }
    return exit_status::k_ok;
}

}  // namespace

CommandDefinition show_command() {
    return {"show",
            "Everything the index knows about one note: fields, tags, links, backlinks, headings",
            [](CLI::App& app) -> Action {
                auto flags = std::make_shared<ShowFlags>();
                app.footer(
                    "NOTE is a path (with or without extension), a slug, a title or an alias, "
                    "ignoring case.\nExit status 1 when it names no note or several.\n\n"
                    "Examples:\n"
                    "  notes show index-tuning.md\n"
                    "  notes show \"ORM myths\"\n"
                    "  notes show projects/index-tuning --format json | jq '.backlinks[].path'");
                app.add_option("NOTE", flags->note, "The note: a path, slug, title or alias")
                    ->type_name("")
                    ->required();
                app.add_option(
                       "-f,--format", flags->format,
                       "text (default: a readable view, coloured on a terminal) or json (one "
                       "object, for scripts)")
                    ->option_text("FORMAT")
                    ->check(one_of("--format", {"text", "json"}));
                return [flags](const Context& ctx) { return run_show_command(ctx, *flags); };
            }};
}

}  // namespace notes::cli
