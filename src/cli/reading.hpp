#pragma once
// What the reading commands (find, show, tags, sql, …) share: opening the
// index read-only, turning a NOTE argument into a note, output options.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.hpp"
#include "cli/output.hpp"
#include "notes/index_store.hpp"

namespace notes::cli {

/// Opens the index read-only. Throws Error (status 4) with a hint when there
/// is no index yet or it was built by another version of notes.
std::unique_ptr<IndexStore> open_index_for_reading(const Context& ctx);

/// Resolves a NOTE argument. On a miss or an ambiguity prints what it found
/// to stderr ("did you mean …" / the candidates) and returns nullopt; the
/// command then exits with status 1.
std::optional<std::int64_t> resolve_note_argument(IndexStore& store, const std::string& arg);

/// Output options from a --format value ("" = the default: `table` on a
/// terminal, `list` otherwise) and the context.
RenderOptions render_options(const Context& ctx, const std::string& format);

}  // namespace notes::cli
