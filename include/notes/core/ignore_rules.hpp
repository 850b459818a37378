#pragma once
// The vault's one glob language: `ignore:` in the config and `find --path`.

#include <string>
#include <string_view>
#include <vector>

namespace notes {

/// gitignore-style matcher: `*`, `?`, `[...]` within a segment (fnmatch),
/// `**` across segments, a leading or inner `/` anchors to the root, a
/// trailing `/` matches directories only, `!` re-includes. Last match wins.
class IgnoreRules {
public:
    explicit IgnoreRules(const std::vector<std::string>& patterns);
    bool ignored(std::string_view path, bool is_dir) const;
    bool empty() const { return m_rules.empty(); }

private:
    struct Rule {
        std::vector<std::string> segments;
        bool negate = false;
        bool dir_only = false;
    };
    std::vector<Rule> m_rules;
};

}  // namespace notes
