#pragma once
// The vault's optional configuration, `.notes/config.yaml`.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "notes/core/dialect.hpp"
#include "notes/core/front_matter_keys.hpp"
#include "notes/core/note.hpp"
#include "notes/core/related_signals.hpp"

namespace notes {

struct Config {
    /// gitignore-style globs of vault paths not to index.
    std::vector<std::string> ignore;
    /// Follow symbolic links (never outside the vault; loops are detected).
    bool follow_symlinks = false;
    /// `related:` weights by signal name (explicit, links, tags, cocitation,
    /// targets, domain, text); the names not given keep their defaults.
    SignalValues related_weights = default_related_weights();
    /// `keys:` which front-matter keys hold the title, date, tags, aliases.
    FrontMatterKeys keys;
    /// `dialect:` obsidian, dendron, logseq or foam; unset: recognised from
    /// the vault's marker files (index/dialect_detection).
    std::optional<Dialect> dialect;
    /// `color:` auto, always or never; empty when the file does not say.
    std::string color;
    /// `format:` the default output format of the listing commands (table,
    /// list, json, jsonl, csv, paths); empty when the file does not say.
    std::string format;
    /// `warnings:` how `notes index` prints warnings on stderr: summary, all
    /// or none; empty when the file does not say.
    std::string warnings_mode;
    /// The 1-based line of each setting the file gives: "ignore",
    /// "follow_symlinks", "color", "format", "warnings", "related.<signal>",
    /// "keys.<name>".
    std::map<std::string, int> lines;
    /// Unknown keys and bad values, with file and line.
    std::vector<Warning> warnings;
};

/// Reads `file`; a missing file gives the defaults. Never throws: problems
/// become warnings and the defaults stay.
Config load_config(const std::filesystem::path& file, const std::string& display_path);

}  // namespace notes
