#include "notes/core/dialect.hpp"

namespace notes {
namespace {

constexpr std::array<Dialect, 4> k_dialects = {Dialect::obsidian, Dialect::dendron, Dialect::logseq,
                                               Dialect::foam};
constexpr std::array<std::string_view, 4> k_names = {"obsidian", "dendron", "logseq", "foam"};

}  // namespace

std::string_view dialect_name(Dialect dialect) { return k_names[static_cast<std::size_t>(dialect)]; }

std::optional<Dialect> parse_dialect(std::string_view name) {
    for (std::size_t i = 0; i < k_names.size(); ++i) {
        if (k_names[i] == name) return k_dialects[i];
    }
    return std::nullopt;
}

const std::array<Dialect, 4>& all_dialects() { return k_dialects; }

}  // namespace notes
