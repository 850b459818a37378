#pragma once
// Which dialect a vault is written in: `dialect:` in .notes/config.yaml,
// else what its marker files say, else Obsidian (docs/dialects.md).

#include <filesystem>
#include <string>

#include "notes/core/config.hpp"
#include "notes/core/dialect.hpp"

namespace notes::index {

struct DialectChoice {
    Dialect dialect = Dialect::obsidian;
    /// For `notes config`: ".notes/config.yaml:3", "marker dendron.yml", "default".
    std::string source = "default";
    /// Logseq: `:file/name-format :legacy` in logseq/config.edn.
    bool logseq_legacy_file_names = false;
};

/// The dialect of the vault at `vault`. Markers: `dendron.yml` or
/// `dendron.code-workspace` (Dendron); `logseq/config.edn` (Logseq); a
/// `.foam/` folder, or `.vscode/extensions.json` recommending
/// foam.foam-vscode, or `.vscode/settings.json` with `foam.` settings (Foam).
DialectChoice choose_dialect(const std::filesystem::path& vault, const Config& config);

/// What the index records of the choice, so that a change re-parses every
/// note: "logseq", "logseq legacy-file-names", …
std::string dialect_fingerprint(const DialectChoice& choice);

}  // namespace notes::index
