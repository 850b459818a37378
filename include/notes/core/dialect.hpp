#pragma once
// Which tool a vault is written for. Obsidian is the default; Dendron, Logseq
// and Foam read some of the same syntax differently (docs/dialects.md).

#include <array>
#include <optional>
#include <string_view>

namespace notes {

enum class Dialect { obsidian, dendron, logseq, foam };

/// "obsidian", "dendron", "logseq", "foam": the names of `dialect:` in
/// .notes/config.yaml, `notes config` and the index's meta table.
std::string_view dialect_name(Dialect dialect);
std::optional<Dialect> parse_dialect(std::string_view name);
const std::array<Dialect, 4>& all_dialects();

}  // namespace notes
