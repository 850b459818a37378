// `notes init [DIR]`: makes DIR (default: --vault, else the current
// directory) a vault: creates DIR/.notes/ and a commented example
// .notes/config.yaml. It writes nothing else, and refuses to replace an
// existing config.yaml without --force.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/command.hpp"
#include "cli/terminal.hpp"
#include "notes/render/output.hpp"
#include "notes/core/error.hpp"
#include "notes/core/json.hpp"
#include "notes/core/related_signals.hpp"

namespace notes::cli {

using render::printable;

namespace {

// Every key commented out: a fresh vault behaves as with no file at all,
// and `notes config` shows every value as "default".
constexpr const char* k_example_config = R"YAML(# Configuration of this notes vault (docs/config.md describes every key).
# Every setting is optional; the values shown commented out are the defaults.
# `notes config` shows the effective values and where each comes from.

# Paths not to index, gitignore-style: *, ?, [...], **, a leading / anchors at
# the vault root, a trailing / matches directories, ! re-includes.
# ignore:
#   - templates/
#   - "*.excalidraw.md"

# Follow symbolic links (never outside the vault; loops are detected).
# follow_symlinks: false

# Which tool the vault is written with: obsidian, dendron, logseq or foam.
# Unset, notes recognises it by its marker files (dendron.yml,
# logseq/config.edn, .foam/, .vscode Foam settings), else Obsidian.
# Changing it re-parses every note at the next `notes index`.
# dialect: obsidian

# Which front-matter keys hold the title, the date, the tags and the aliases.
# Changing them re-parses every note at the next `notes index`.
# keys:
#   title: [title]
#   date: [date, created]
#   tags: [tags, tag, keywords]
#   aliases: [aliases, alias]

# Default output format of find, tags, related and sql:
# table, list, json, jsonl, csv or paths (default: table on a terminal,
# list otherwise). A --format flag wins.
# format: table

# Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
# A --color flag wins.
# color: auto

# How `notes index` prints warnings on stderr: summary (by kind: the count,
# the first 10 and the command that lists the rest), all (every one, one per
# line) or none. A --warnings flag wins.
# warnings: summary

# Weights of the signals of `notes related` (numbers >= 0).
# related:
)YAML";

/// The example, with the related weights of this version of notes.
std::string example_config() {
    std::string out = k_example_config;
    const SignalValues weights = default_related_weights();
    for (const RelatedSignal s : all_related_signals()) {
        JsonWriter number;
        number.value(weights[s]);
        out += "#   " + std::string(related_signal_name(s)) + ": " + number.take() + "\n";
    }
    return out;
}

struct InitFlags {
    std::string dir;
    bool force = false;
};

int run_init_command(const Context& ctx, const InitFlags& flags) {
    namespace fs = std::filesystem;
    // The vault is DIR, else --vault / NOTES_VAULT, else the current directory
    // (not a vault found above it: init makes a new one here).
    fs::path vault;
    if (!flags.dir.empty()) {
        vault = fs::absolute(flags.dir).lexically_normal();
    } else if (ctx.vault_source == "flag --vault" || ctx.vault_source == "environment NOTES_VAULT") {
        vault = ctx.vault;
    } else {
        vault = fs::current_path();
    }
    std::error_code ec;
    if (!fs::is_directory(vault, ec)) {
        throw Error("cannot initialise " + vault.string() + ": " +
                    (fs::exists(vault, ec) ? "it is a file, not a folder" : "the folder does not exist"));
    }
    const fs::path dir = vault / ".notes";
    const fs::path file = dir / "config.yaml";
    if (fs::exists(file, ec) && !flags.force) {
        throw Error(file.string() + " already exists; --force replaces it with the example");
    }
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
        throw Error("cannot initialise " + vault.string() + ": .notes exists and is not a directory");
    }
    fs::create_directory(dir, ec);
    if (ec) throw Error("cannot create " + dir.string() + ": " + ec.message());
    // Write beside and rename: a failure leaves the old file (or none).
    const fs::path tmp = dir / "config.yaml.tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << example_config();
        out.flush();
        if (!out) {
            fs::remove(tmp, ec);
            throw Error("cannot write " + tmp.string());
        }
    }
    fs::rename(tmp, file, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error("cannot write " + file.string() + ": " + ec.message());
    }
    if (!ctx.quiet) {
        std::printf("Wrote %s\nNext: notes index\n", printable(file.string()).c_str());
    }
    return exit_status::k_ok;
}

}  // namespace

CommandDefinition init_command() {
    return {"init", "Make a directory a vault: create .notes/ and a commented config.yaml",
            [](CLI::App& app) -> Action {
                auto flags = std::make_shared<InitFlags>();
                app.footer(
                    "Writes only DIR/.notes/config.yaml (every setting commented out, so the\n"
                    "defaults apply until you change one).\n\n"
                    "Examples:\n"
                    "  notes init\n"
                    "  notes init ~/vault && notes --vault ~/vault index\n"
                    "  notes init --force    # replace the config with the example");
                app.add_option("DIR", flags->dir,
                               "The vault's root (default: --vault, else the current directory)")
                    ->option_text("DIR");
                app.add_flag("--force", flags->force, "Replace an existing .notes/config.yaml");
                return [flags](const Context& ctx) { return run_init_command(ctx, *flags); };
            }};
}

}  // namespace notes::cli
