#include "notes/core/warning_kinds.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace notes {
namespace {

bool starts(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

const std::vector<WarningKind>& all_warning_kinds() {
    static const std::vector<WarningKind> kinds{
        WarningKind::configuration,
        WarningKind::unreadable,
        WarningKind::symbolic_link,
        WarningKind::invalid_yaml,
        WarningKind::unterminated_front_matter,
        WarningKind::front_matter,
        WarningKind::unparseable_date,
        WarningKind::empty_file,
        WarningKind::bad_bytes,
        WarningKind::too_large,
        WarningKind::broken_link,
        WarningKind::missing_attachment,
        WarningKind::broken_block_reference,
        WarningKind::broken_anchor,
        WarningKind::shared_slug,
        WarningKind::other,
    };
    return kinds;
}

std::string_view warning_kind_name(WarningKind kind) {
    switch (kind) {
        case WarningKind::configuration:
            return "configuration";
        case WarningKind::unreadable:
            return "unreadable";
        case WarningKind::symbolic_link:
            return "symbolic_link";
        case WarningKind::invalid_yaml:
            return "invalid_yaml";
        case WarningKind::unterminated_front_matter:
            return "unterminated_front_matter";
        case WarningKind::front_matter:
            return "front_matter";
        case WarningKind::unparseable_date:
            return "unparseable_date";
        case WarningKind::empty_file:
            return "empty_file";
        case WarningKind::bad_bytes:
            return "bad_bytes";
        case WarningKind::too_large:
            return "too_large";
        case WarningKind::broken_link:
            return "broken_link";
        case WarningKind::missing_attachment:
            return "missing_attachment";
        case WarningKind::broken_block_reference:
            return "broken_block_reference";
        case WarningKind::broken_anchor:
            return "broken_anchor";
        case WarningKind::shared_slug:
            return "shared_slug";
        case WarningKind::other:
            break;
    }
    return "other";
}

WarningKind warning_kind(const Warning& w) {
    const std::string_view m = w.message;
    if (w.path == ".notes/config.yaml") return WarningKind::configuration;
    // Links and names first: they are most of the warnings of a large vault.
    if (starts(m, "broken link to ")) return WarningKind::broken_link;
    if (starts(m, "broken anchor ")) return WarningKind::broken_anchor;
    if (starts(m, "missing attachment ")) return WarningKind::missing_attachment;
    if (starts(m, "broken block reference ")) return WarningKind::broken_block_reference;
    if (starts(m, "slug '") && m.find("' is also used by ") != std::string_view::npos) {
        return WarningKind::shared_slug;
    }
    if (starts(m, "invalid YAML")) return WarningKind::invalid_yaml;
    if (starts(m, "front matter is not terminated")) return WarningKind::unterminated_front_matter;
    if (starts(m, "unparseable date")) return WarningKind::unparseable_date;
    if (m == "empty file") return WarningKind::empty_file;
    if (starts(m, "invalid UTF-8") || starts(m, "file contains NUL")) return WarningKind::bad_bytes;
    if (starts(m, "file is larger than") || starts(m, "note is larger than") ||
        starts(m, "front matter is larger than")) {
        return WarningKind::too_large;
    }
    if (starts(m, "front matter") || starts(m, "duplicate key '") ||
        starts(m, "could not read front matter") ||
        (starts(m, "'") && (m.find("' is not a single value") != std::string_view::npos ||
                            m.find("' item is not a single value") != std::string_view::npos ||
                            m.find("' is a mapping; expected") != std::string_view::npos))) {
        return WarningKind::front_matter;
    }
    if (starts(m, "cannot read ") || starts(m, "cannot open ") ||
        starts(m, "file disappeared during the run")) {
        return WarningKind::unreadable;
    }
    if (starts(m, "broken symbolic link") || starts(m, "symbolic link "))
        return WarningKind::symbolic_link;
    return WarningKind::other;
}

std::vector<WarningKindCount> count_by_kind(const std::vector<Warning>& warnings,
                                            const std::vector<bool>& is_new) {
    std::vector<WarningKindCount> all;
    for (const WarningKind k : all_warning_kinds()) all.push_back({k, 0, 0});
    for (std::size_t i = 0; i < warnings.size(); ++i) {
        WarningKindCount& c = all[static_cast<std::size_t>(warning_kind(warnings[i]))];
        ++c.count;
        if (i < is_new.size() && is_new[i]) ++c.new_count;
    }
    std::vector<WarningKindCount> out;
    for (const auto& c : all) {
        if (c.count > 0) out.push_back(c);
    }
    return out;
}

std::vector<bool> new_since(const std::vector<Warning>& now, const std::vector<Warning>& before) {
    // A count per (path, message): each earlier warning vouches for one now.
    // Keys are views into `before`; nothing is copied.
    struct Key {
        std::string_view path;
        std::string_view message;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            const std::hash<std::string_view> h;
            return h(k.path) * 31 + h(k.message);
        }
    };
    std::unordered_map<Key, std::size_t, KeyHash> earlier;
    earlier.reserve(before.size());
    for (const Warning& w : before) ++earlier[Key{w.path, w.message}];
    std::vector<bool> out(now.size(), true);
    for (std::size_t i = 0; i < now.size(); ++i) {
        const auto it = earlier.find(Key{now[i].path, now[i].message});
        if (it != earlier.end() && it->second > 0) {
            --it->second;
            out[i] = false;
        }
    }
    return out;
}

}  // namespace notes
