#include "cli/reading.hpp"

#include <cstdio>

#include "cli/terminal.hpp"
#include "notes/error.hpp"
#include "notes/note_ref.hpp"

namespace notes::cli {

std::unique_ptr<IndexStore> open_index_for_reading(const Context& ctx) {
    std::error_code ec;
    if (!std::filesystem::exists(ctx.db, ec)) {
        throw Error("no index at " + ctx.db.string() + "; run `notes index` first");
    }
    auto store = std::make_unique<IndexStore>(ctx.db, IndexStore::Mode::read_only);
    const int version = store->schema_version();
    if (version != IndexStore::k_schema_version) {
        throw Error("the index at " + ctx.db.string() + " has schema version " + std::to_string(version) +
                    ", this notes reads version " + std::to_string(IndexStore::k_schema_version) +
                    "; run `notes index` to rebuild it");
    }
    return store;
}

std::optional<std::int64_t> resolve_note_argument(IndexStore& store, const std::string& arg) {
    const NoteLookup lookup = find_note(store, arg);
    if (lookup.matches.size() == 1) return lookup.matches.front().id;
    if (lookup.matches.size() > 1) {
        std::fprintf(stderr, "notes: '%s' is ambiguous: %zu notes match by %s:\n", printable(arg).c_str(),
                     lookup.matches.size(), lookup.matches.front().matched_by.c_str());
        for (const auto& m : lookup.matches) std::fprintf(stderr, "  %s\n", printable(m.path).c_str());
        std::fprintf(stderr, "notes: give the path to choose one\n");
        return std::nullopt;
    }
    std::fprintf(stderr, "notes: no note matches '%s'\n", printable(arg).c_str());
    if (!lookup.suggestions.empty()) {
        std::fprintf(stderr, "did you mean:\n");
        for (const auto& m : lookup.suggestions) {
            std::fprintf(stderr, "  %s  (%s)\n", printable(m.path).c_str(), printable(m.title).c_str());
        }
    }
    return std::nullopt;
}

RenderOptions render_options(const Context& ctx, const std::string& format) {
    RenderOptions options;
    // A --format flag, else `format:` of .notes/config.yaml, else by terminal.
    const std::string& chosen = format.empty() ? ctx.default_format : format;
    if (chosen.empty()) {
        options.format = ctx.stdout_is_terminal ? Format::table : Format::list;
    } else if (auto f = parse_format(chosen)) {
        options.format = *f;
    } else {
        throw Error("unknown format '" + chosen + "'", exit_status::k_usage);
    }
    options.color = ctx.color_stdout && (options.format == Format::table || options.format == Format::list);
    options.width = ctx.stdout_is_terminal ? terminal_width(stdout) : 0;
    options.header = options.format == Format::table;
    return options;
}

}  // namespace notes::cli
