// `notes config`: the effective configuration — every setting, its value,
// and where the value came from (a flag, the environment, a line of
// .notes/config.yaml, or the default). Problems in the file are warnings on
// stderr naming the file and line.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/command.hpp"
#include "cli/usage.hpp"
#include "notes/render/output.hpp"
#include "cli/terminal.hpp"
#include "notes/core/config.hpp"
#include "notes/index/dialect.hpp"
#include "notes/core/error.hpp"
#include "notes/core/text.hpp"
#include "notes/core/json.hpp"

namespace notes::cli {

using render::format_warning;
using render::printable;

namespace {

struct ConfigFlags {
    std::string format = "text";
};

/// One setting: a JSON value and its text form.
struct Setting {
    std::string key;
    std::string text;
    std::string json;
    std::string source;
};

std::string json_string(const std::string& s) {
    std::string out;
    append_json_string(out, s);
    return out;
}

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& i : items) {
        if (out.size() > 1) out += ",";
        append_json_string(out, i);
    }
    return out + "]";
}

std::string text_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out.empty() ? "(none)" : out;
}

std::string number_text(double d) {
    JsonWriter w;
    w.value(d);
    return w.take();
}

std::vector<Setting> settings_of(const Context& ctx, const Config& config, bool config_exists) {
    const FrontMatterKeys defaults;
    auto source = [&](const std::string& key) -> std::string {
        const auto it = config.lines.find(key);
        if (it == config.lines.end()) return "default";
        return ".notes/config.yaml:" + std::to_string(it->second);
    };
    std::vector<Setting> out;
    std::error_code ec;
    const bool vault_exists = std::filesystem::is_directory(ctx.vault, ec);
    out.push_back({"vault", ctx.vault.string() + (vault_exists ? "" : " (no such folder)"),
                   json_string(ctx.vault.string()), ctx.vault_source});
    out.push_back({"db", ctx.db.string(), json_string(ctx.db.string()), ctx.db_source});
    const auto file = ctx.vault / ".notes" / "config.yaml";
    out.push_back({"config_file", file.string() + (config_exists ? "" : " (absent)"),
                   config_exists ? json_string(file.string()) : "null", config_exists ? "found" : "default"});
    out.push_back({"color", ctx.color_setting, json_string(ctx.color_setting), ctx.color_source});
    const std::string format = ctx.default_format.empty() ? "table on a terminal, list otherwise" : ctx.default_format;
    out.push_back({"format", format, ctx.default_format.empty() ? "null" : json_string(ctx.default_format),
                   ctx.format_source});
    out.push_back({"warnings", ctx.warnings_setting, json_string(ctx.warnings_setting), ctx.warnings_source});
    const index::DialectChoice dialect = index::choose_dialect(ctx.vault, config);
    std::string dialect_text(dialect_name(dialect.dialect));
    if (dialect.logseq_legacy_file_names) dialect_text += " (legacy file names)";
    out.push_back({"dialect", dialect_text, json_string(std::string(dialect_name(dialect.dialect))), dialect.source});
    out.push_back({"ignore", text_list(config.ignore), json_list(config.ignore), source("ignore")});
    out.push_back({"follow_symlinks", config.follow_symlinks ? "true" : "false",
                   config.follow_symlinks ? "true" : "false", source("follow_symlinks")});
    const std::pair<const char*, const std::vector<std::string>*> keys[] = {
        {"title", &config.keys.title},
        {"date", &config.keys.date},
        {"tags", &config.keys.tags},
        {"aliases", &config.keys.aliases},
    };
    for (const auto& [name, list] : keys) {
        const std::string key = std::string("keys.") + name;
        out.push_back({key, text_list(*list), json_list(*list), source(key)});
    }
    for (const RelatedSignal s : all_related_signals()) {
        const std::string key = "related." + std::string(related_signal_name(s));
        const double w = config.related_weights[s];
        out.push_back({key, number_text(w), number_text(w), source(key)});
    }
    return out;
}

int run_config_command(const Context& ctx, const ConfigFlags& flags) {
    const auto file = ctx.vault / ".notes" / "config.yaml";
    std::error_code ec;
    const bool exists = std::filesystem::exists(file, ec);
    const Config config = load_config(file, ".notes/config.yaml");
    for (const auto& w : config.warnings) std::fprintf(stderr, "%s\n", format_warning(w).c_str());
    const std::vector<Setting> settings = settings_of(ctx, config, exists);

    std::string out;
    if (flags.format == "json") {
        out = "{";
        bool first = true;
        for (const auto& s : settings) {
            if (!first) out += ",";
            first = false;
            append_json_string(out, s.key);
            out += ":{\"value\":" + s.json + ",\"source\":";
            append_json_string(out, s.source);
            out += "}";
        }
        out += "}\n";
    } else {
        std::size_t key_width = 0;
        std::size_t value_width = 0;
        for (const auto& s : settings) {
            key_width = std::max(key_width, s.key.size());
            value_width = std::max(value_width, static_cast<std::size_t>(text::display_width(s.text)));
        }
        for (const auto& s : settings) {
            std::string line = s.key + std::string(key_width - s.key.size() + 2, ' ') + printable(s.text);
            line += std::string(value_width - static_cast<std::size_t>(text::display_width(s.text)) + 2, ' ');
            line += ctx.color_stdout ? "\x1b[2m" + s.source + "\x1b[0m" : s.source;
            out += line + "\n";
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return exit_status::k_ok;
}

}  // namespace

CommandDefinition config_command() {
    return {"config", "Show the effective configuration and where each value comes from",
            [](CLI::App& app) -> Action {
                auto flags = std::make_shared<ConfigFlags>();
                app.footer(
                    "Sources: a flag, the environment (NOTES_VAULT, NOTES_DB, NO_COLOR), a line of\n"
                    ".notes/config.yaml, or the default. Unknown keys and bad values in the file are\n"
                    "warnings on stderr (file:line:column). docs/config.md describes every key.\n\n"
                    "Examples:\n"
                    "  notes config\n"
                    "  notes config --format json | jq -r '.color.source'");
                app.add_option("-f,--format", flags->format, "text (default) or json")
                    ->option_text("FORMAT")
                    ->check(one_of("--format", {"text", "json"}));
                return [flags](const Context& ctx) { return run_config_command(ctx, *flags); };
            }};
}

}  // namespace notes::cli
