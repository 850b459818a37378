#include "notes/core/config.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
#include <cmath>
#include <fstream>
#include <sstream>

namespace notes {
namespace {

Warning warning_at(const std::string& path, const YAML::Mark& mark, std::string message) {
    return Warning{path, mark.line + 1, mark.column + 1, std::move(message)};
}

/// `related:` — a map from signal names to non-negative weights.
void read_related_weights(const YAML::Node& value, const std::string& path, Config& config) {
    if (value.IsNull()) return;
    if (!value.IsMap()) {
        config.warnings.push_back(
            warning_at(path, value.Mark(), "'related' must map signal names to weights; ignored"));
        return;
    }
    for (const auto& entry : value) {
        const std::string name = entry.first.as<std::string>("");
        const auto signal = parse_related_signal(name);
        if (!signal) {
            std::string known;
            for (const RelatedSignal s : all_related_signals()) {
                known += (known.empty() ? "" : ", ") + std::string(related_signal_name(s));
            }
            config.warnings.push_back(warning_at(
                path, entry.first.Mark(),
                "unknown related weight '" + name + "' (known: " + known + "); ignored"));
            continue;
        }
        double weight = -1;
        try {
            weight = entry.second.as<double>();
        } catch (const YAML::Exception&) {
        }
        if (!(weight >= 0) || !std::isfinite(weight)) {
            config.warnings.push_back(warning_at(
                path, entry.second.Mark(),
                "related weight '" + name + "' must be a number >= 0; using the default"));
            continue;
        }
        config.related_weights[*signal] = weight;
        config.lines["related." + name] = entry.first.Mark().line + 1;
    }
}

/// `keys:` — a map from title, date, tags, aliases to a key or a list of keys.
void read_keys(const YAML::Node& value, const std::string& path, Config& config) {
    if (value.IsNull()) return;
    if (!value.IsMap()) {
        config.warnings.push_back(warning_at(
            path, value.Mark(), "'keys' must map title, date, tags and aliases to lists of keys; ignored"));
        return;
    }
    const std::array<std::pair<const char*, std::vector<std::string>*>, 4> targets{{
        {"title", &config.keys.title},
        {"date", &config.keys.date},
        {"tags", &config.keys.tags},
        {"aliases", &config.keys.aliases},
    }};
    for (const auto& entry : value) {
        const std::string name = entry.first.as<std::string>("");
        std::vector<std::string>* target = nullptr;
        for (const auto& [known, list] : targets) {
            if (name == known) target = list;
        }
        if (target == nullptr) {
            config.warnings.push_back(warning_at(path, entry.first.Mark(),
                                                 "unknown key '" + name +
                                                     "' in 'keys' (known: title, date, tags, aliases); ignored"));
            continue;
        }
        std::vector<std::string> keys;
        bool bad = false;
        if (entry.second.IsScalar()) {
            keys.push_back(entry.second.Scalar());
        } else if (entry.second.IsSequence()) {
            for (const auto& item : entry.second) {
                if (item.IsScalar() && !item.Scalar().empty()) {
                    keys.push_back(item.Scalar());
                } else {
                    bad = true;
                }
            }
        } else {
            bad = true;
        }
        if (bad || keys.empty()) {
            config.warnings.push_back(warning_at(
                path, entry.second.Mark(),
                "'keys." + name + "' must be a front-matter key or a list of keys; using the default"));
            continue;
        }
        *target = std::move(keys);
        config.lines["keys." + name] = entry.first.Mark().line + 1;
    }
}

/// A scalar that must be one of `allowed`; a warning and "" otherwise.
std::string read_choice(const std::string& key, const YAML::Node& value,
                        const std::vector<std::string>& allowed, const std::string& path,
                        Config& config) {
    const std::string text = value.IsScalar() ? value.Scalar() : "";
    for (const auto& a : allowed) {
        if (text == a) return text;
    }
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    config.warnings.push_back(warning_at(path, value.Mark(),
                                         "'" + key + "' must be one of " + list + "; using the default"));
    return "";
}

}  // namespace

Config load_config(const std::filesystem::path& file, const std::string& display_path) {
    Config config;
    std::ifstream in(file, std::ios::binary);
    if (!in) return config;
    std::stringstream buffer;
    buffer << in.rdbuf();

    YAML::Node root;
    try {
        root = YAML::Load(buffer.str());
    } catch (const YAML::Exception& e) {
        config.warnings.push_back(
            warning_at(display_path, e.mark, "invalid YAML: " + e.msg + "; using defaults"));
        return config;
    }
    if (!root || root.IsNull()) return config;
    if (!root.IsMap()) {
        config.warnings.push_back({display_path, 1, 1, "configuration is not a mapping; ignored"});
        return config;
    }
    for (const auto& entry : root) {
        const std::string key = entry.first.as<std::string>("");
        const YAML::Node& value = entry.second;
        try {
            if (key == "ignore") {
                if (value.IsSequence()) {
                    config.lines[key] = entry.first.Mark().line + 1;
                    for (const auto& item : value) {
                        if (item.IsScalar()) {
                            config.ignore.push_back(item.Scalar());
                        } else {
                            config.warnings.push_back(warning_at(
                                display_path, item.Mark(), "'ignore' items must be glob strings"));
                        }
                    }
                } else if (value.IsScalar()) {
                    config.ignore.push_back(value.Scalar());
                    config.lines[key] = entry.first.Mark().line + 1;
                } else if (!value.IsNull()) {
                    config.warnings.push_back(warning_at(display_path, value.Mark(),
                                                         "'ignore' must be a list of globs"));
                }
            } else if (key == "follow_symlinks") {
                config.follow_symlinks = value.as<bool>();
                config.lines[key] = entry.first.Mark().line + 1;
            } else if (key == "related") {
                read_related_weights(value, display_path, config);
            } else if (key == "keys") {
                read_keys(value, display_path, config);
            } else if (key == "color") {
                config.color = read_choice(key, value, {"auto", "always", "never"}, display_path, config);
                if (!config.color.empty()) config.lines[key] = entry.first.Mark().line + 1;
            } else if (key == "dialect") {
                std::vector<std::string> names;
                for (const Dialect d : all_dialects()) names.emplace_back(dialect_name(d));
                const std::string name = read_choice(key, value, names, display_path, config);
                if (!name.empty()) {
                    config.dialect = parse_dialect(name);
                    config.lines[key] = entry.first.Mark().line + 1;
                }
            } else if (key == "format") {
                config.format = read_choice(key, value, {"table", "list", "json", "jsonl", "csv", "paths"},
                                            display_path, config);
                if (!config.format.empty()) config.lines[key] = entry.first.Mark().line + 1;
            } else if (key == "warnings") {
                config.warnings_mode = read_choice(key, value, {"summary", "all", "none"}, display_path, config);
                if (!config.warnings_mode.empty()) config.lines[key] = entry.first.Mark().line + 1;
            } else {
                config.warnings.push_back(
                    warning_at(display_path, entry.first.Mark(), "unknown key '" + key + "'; ignored"));
            }
        } catch (const YAML::Exception&) {
            config.warnings.push_back(warning_at(
                display_path, value.Mark(),
                key == "follow_symlinks" ? "'follow_symlinks' must be true or false; using the default"
                                         : "bad value for '" + key + "'; using the default"));
        }
    }
    return config;
}

std::string fingerprint(const FrontMatterKeys& keys) {
    std::string out;
    auto add = [&](const char* name, const std::vector<std::string>& list) {
        out += name;
        out += '=';
        for (const auto& k : list) {
            out += std::to_string(k.size());
            out += ':';
            out += k;
        }
        out += ';';
    };
    add("title", keys.title);
    add("date", keys.date);
    add("tags", keys.tags);
    add("aliases", keys.aliases);
    return out;
}

}  // namespace notes
