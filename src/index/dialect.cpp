#include "notes/index/dialect.hpp"

#include <fstream>
#include <iterator>

namespace notes::index {
namespace fs = std::filesystem;
namespace {

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

/// The first `limit` bytes of a small file; "" when it cannot be read.
std::string head_of(const fs::path& p, std::size_t limit = 1 << 20) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return {};
    std::string text;
    text.resize(limit);
    in.read(text.data(), static_cast<std::streamsize>(limit));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

}  // namespace

DialectChoice choose_dialect(const fs::path& vault, const Config& config) {
    DialectChoice choice;
    if (config.dialect) {
        choice.dialect = *config.dialect;
        const auto line = config.lines.find("dialect");
        choice.source = ".notes/config.yaml" + (line == config.lines.end() ? std::string() : ":" + std::to_string(line->second));
    } else if (is_file(vault / "dendron.yml") || is_file(vault / "dendron.code-workspace")) {
        choice.dialect = Dialect::dendron;
        choice.source = is_file(vault / "dendron.yml") ? "marker dendron.yml" : "marker dendron.code-workspace";
    } else if (is_file(vault / "logseq" / "config.edn")) {
        choice.dialect = Dialect::logseq;
        choice.source = "marker logseq/config.edn";
    } else {
        std::error_code ec;
        if (fs::is_directory(vault / ".foam", ec)) {
            choice.dialect = Dialect::foam;
            choice.source = "marker .foam/";
        } else if (head_of(vault / ".vscode" / "extensions.json").find("foam.foam-vscode") != std::string::npos) {
            choice.dialect = Dialect::foam;
            choice.source = "marker .vscode/extensions.json";
        } else if (head_of(vault / ".vscode" / "settings.json").find("\"foam.") != std::string::npos) {
            choice.dialect = Dialect::foam;
            choice.source = "marker .vscode/settings.json";
        }
    }
    if (choice.dialect == Dialect::logseq) {
        // EDN, read for one setting: ":file/name-format :legacy" (the
        // format Logseq used before 0.8.9, where "a.b.md" is the page "a/b").
        const std::string edn = head_of(vault / "logseq" / "config.edn");
        const auto at = edn.find(":file/name-format");
        if (at != std::string::npos) {
            const auto value = edn.find_first_not_of(" \t\r\n,", at + 17);
            choice.logseq_legacy_file_names = value != std::string::npos && edn.compare(value, 7, ":legacy") == 0;
        }
    }
    return choice;
}

std::string dialect_fingerprint(const DialectChoice& choice) {
    std::string out(dialect_name(choice.dialect));
    if (choice.dialect == Dialect::logseq && choice.logseq_legacy_file_names) out += " legacy-file-names";
    return out;
}

}  // namespace notes::index
