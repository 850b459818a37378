#pragma once
// What the reading commands (find, show, tags, sql, …) share: opening the
// index read-only, turning a NOTE argument into a note, output options.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "notes/render/output.hpp"
#include "notes/query/find.hpp"
#include "notes/store/index_store.hpp"

namespace notes::cli {


/// Throws Error (status 4) when the vault is not a folder that exists: "the
/// vault folder /x does not exist (given by --vault)", "… is a file, not a
/// folder …". `doing` starts the message when set: "cannot index /x: …".
void require_vault_folder(const Context& ctx, const std::string& doing = {});

/// Opens the index read-only. Throws Error (status 4) with a hint when there
/// is no index yet (or no vault folder where the index would be) or it was
/// built by another version of notes.
std::unique_ptr<store::IndexStore> open_index_for_reading(const Context& ctx);

/// Resolves a NOTE argument. On a miss or an ambiguity prints what it found
/// to stderr ("did you mean …" / the candidates) and returns nullopt; the
/// command then exits with status 1.
std::optional<std::int64_t> resolve_note_argument(store::IndexStore& store, const std::string& arg);

/// Output options from a --format value ("" = the default: `table` on a
/// terminal, `list` otherwise) and the context.
render::RenderOptions render_options(const Context& ctx, const std::string& format);

/// The filters of `notes find`, as typed; `notes graph` takes the same ones
/// to choose its nodes.
struct FindFilterFlags {
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

    /// Whether any filter was given.
    bool any() const;
};

/// Declares the --format option of a listing command (`names`: "-f,--format"
/// or "--format"), checked against the formats print_table() knows.
void add_format_option(CLI::App& app, std::string& format, const std::string& names);

/// Declares the filter flags on a command.
void add_find_filter_flags(CLI::App& app, FindFilterFlags& flags);

/// The query the filters make, without the NOTE arguments (--links-to,
/// --linked-from: see resolve_note_filters()). Throws Error (usage) for a
/// date or --field that does not parse.
query::FindQuery find_query(const FindFilterFlags& flags);

/// Resolves the NOTE arguments of the filters into `query`. False when one
/// of them names no single note (resolve_note_argument() has said why).
bool resolve_note_filters(store::IndexStore& store, const FindFilterFlags& flags, query::FindQuery& query);

}  // namespace notes::cli
