#include "notes/config.hpp"

#include <yaml-cpp/yaml.h>

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
    }
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
                } else if (!value.IsNull()) {
                    config.warnings.push_back(warning_at(display_path, value.Mark(),
                                                         "'ignore' must be a list of globs"));
                }
            } else if (key == "follow_symlinks") {
                config.follow_symlinks = value.as<bool>();
            } else if (key == "related") {
                read_related_weights(value, display_path, config);
            } else {
                config.warnings.push_back(
                    warning_at(display_path, entry.first.Mark(), "unknown key '" + key + "'; ignored"));
            }
        } catch (const YAML::Exception&) {
            config.warnings.push_back(
                warning_at(display_path, value.Mark(), "bad value for '" + key + "'; using the default"));
        }
    }
    return config;
}

}  // namespace notes
