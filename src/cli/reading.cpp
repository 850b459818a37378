#include "cli/reading.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/terminal.hpp"
#include "cli/usage.hpp"
#include "notes/render/output.hpp"
#include "notes/core/error.hpp"
#include "notes/parse/front_matter.hpp"
#include "notes/query/note_ref.hpp"

namespace notes::cli {

using parse::parse_date;
using query::FieldFilter;
using query::FindQuery;
using query::NoteLookup;
using query::find_note;
using render::Format;
using render::RenderOptions;
using render::parse_format;
using render::printable;
using store::IndexStore;

void require_vault_folder(const Context& ctx, const std::string& doing) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(ctx.vault, ec);
    if (fs::is_directory(status)) return;
    // Where the path came from, so that a stale $NOTES_VAULT is found.
    std::string given;
    if (ctx.vault_source == "flag --vault") given = " (given by --vault)";
    if (ctx.vault_source == "environment NOTES_VAULT") given = " (given by $NOTES_VAULT)";
    const std::string vault = ctx.vault.string();
    std::string problem;
    if (status.type() == fs::file_type::not_found) {
        problem = doing.empty() ? "the vault folder " + vault + " does not exist" : "the folder does not exist";
    } else if (ec) {
        problem = (doing.empty() ? "cannot reach the vault folder " + vault + ": " : "") + ec.message();
    } else {
        problem = doing.empty() ? "the vault " + vault + " is a file, not a folder" : "it is a file, not a folder";
    }
    throw Error((doing.empty() ? "" : doing + " " + vault + ": ") + problem + given);
}

std::unique_ptr<IndexStore> open_index_for_reading(const Context& ctx) {
    std::error_code ec;
    if (!std::filesystem::exists(ctx.db, ec)) {
        // No index is the lesser problem when there is no vault either.
        require_vault_folder(ctx);
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

namespace {

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

}  // namespace

bool FindFilterFlags::any() const {
    return !tags.empty() || !not_tags.empty() || domain || status || !fields.empty() || since ||
           until || match || !links_to.empty() || !linked_from.empty() || orphan || broken ||
           !paths.empty();
}

void add_format_option(CLI::App& app, std::string& format, const std::string& names) {
    app.add_option(names, format,
                   "table (default on a terminal), list (default otherwise), json, jsonl, csv or "
                   "paths")
        ->option_text("FORMAT")
        ->check(one_of(names.substr(names.rfind(',') + 1), render::format_names()));
}

void add_find_filter_flags(CLI::App& app, FindFilterFlags& flags) {
    app.add_option("-t,--tag", flags.tags,
                   "Notes with tag T (and its nested tags T/…); repeat to require every "
                   "tag; case-insensitive, a leading # is fine")
        ->option_text("T")
        ->allow_extra_args(false);
    app.add_flag("--any-tag", flags.any_tag, "With several --tag: any one of them is enough");
    app.add_option("--not-tag", flags.not_tags, "Leave out notes with tag T (or T/…); repeatable")
        ->option_text("T")
        ->allow_extra_args(false);
    app.add_option("--domain", flags.domain, "Front-matter domain equals D (case-insensitive)")
        ->option_text("D");
    app.add_option("--status", flags.status, "Front-matter status equals S (case-insensitive)")
        ->option_text("S");
    app.add_option("--field", flags.fields,
                   "Front-matter KEY equals VALUE (any item of a list); KEY alone: the key "
                   "is present; repeatable")
        ->option_text("KEY[=VALUE]")
        ->allow_extra_args(false);
    app.add_option("--since", flags.since, "Notes dated on or after DATE (YYYY-MM-DD)")
        ->option_text("DATE");
    app.add_option("--until", flags.until, "Notes dated on or before DATE (YYYY-MM-DD)")
        ->option_text("DATE");
    app.add_option("-m,--match", flags.match,
                   "Full-text search of titles and bodies, ranked, with a snippet: words, "
                   "\"phrases\", prefix*, OR, NOT, title:word")
        ->option_text("QUERY");
    app.add_option("--links-to", flags.links_to,
                   "Notes linking to NOTE (slug, path, title or alias); repeatable")
        ->option_text("NOTE")
        ->allow_extra_args(false);
    app.add_option("--linked-from", flags.linked_from, "Notes NOTE links to; repeatable")
        ->option_text("NOTE")
        ->allow_extra_args(false);
    app.add_flag("--orphan", flags.orphan, "Notes with no link to or from another note");
    app.add_flag("--broken", flags.broken, "Notes with at least one link to no note");
    app.add_option("--path", flags.paths,
                   "Notes whose path matches GLOB (gitignore-style: *.md, projects/, "
                   "projects/**, !drafts/); repeatable, the last match wins")
        ->option_text("GLOB")
        ->allow_extra_args(false);
}

FindQuery find_query(const FindFilterFlags& flags) {
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
    return query;
}

bool resolve_note_filters(IndexStore& store, const FindFilterFlags& flags, FindQuery& query) {
    // Each list up to its first miss, so that a bad --links-to and a bad
    // --linked-from are both reported.
    bool found = true;
    for (const auto& [args, ids] : {std::pair{&flags.links_to, &query.links_to},
                                    std::pair{&flags.linked_from, &query.linked_from}}) {
        for (const auto& arg : *args) {
            const auto id = resolve_note_argument(store, arg);
            if (!id) {
                found = false;
                break;
            }
            ids->push_back(*id);
        }
    }
    return found;
}

}  // namespace notes::cli
