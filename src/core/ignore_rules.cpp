#include "notes/core/ignore_rules.hpp"

#include <fnmatch.h>

namespace notes {
namespace {

std::vector<std::string> split_segments(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto slash = s.find('/', start);
        const auto end = slash == std::string_view::npos ? s.size() : slash;
        if (end > start) out.emplace_back(s.substr(start, end - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

bool match_segments(const std::vector<std::string>& pat, std::size_t pi,
                    const std::vector<std::string>& path, std::size_t si) {
    if (pi == pat.size()) return si == path.size();
    if (pat[pi] == "**") {
        for (std::size_t k = si; k <= path.size(); ++k) {
            if (match_segments(pat, pi + 1, path, k)) return true;
        }
        return false;
    }
    if (si == path.size()) return false;
    if (::fnmatch(pat[pi].c_str(), path[si].c_str(), FNM_PERIOD) != 0) return false;
    return match_segments(pat, pi + 1, path, si + 1);
}

}  // namespace

IgnoreRules::IgnoreRules(const std::vector<std::string>& patterns) {
    for (std::string p : patterns) {
        while (!p.empty() && (p.back() == ' ' || p.back() == '\r')) p.pop_back();
        if (p.empty() || p[0] == '#') continue;
        Rule rule;
        if (p[0] == '!') {
            rule.negate = true;
            p.erase(0, 1);
        }
        if (!p.empty() && p.back() == '/') {
            rule.dir_only = true;
            p.pop_back();
        }
        const bool anchored = p.find('/') != std::string::npos;
        if (!p.empty() && p[0] == '/') p.erase(0, 1);
        if (!anchored) rule.segments.emplace_back("**");
        for (auto& segment : split_segments(p)) rule.segments.push_back(std::move(segment));
        if (rule.segments.empty() || (!anchored && rule.segments.size() == 1)) continue;
        // "dir/**" matches what is inside dir; "dir" alone matches dir itself,
        // and ignoring a directory ignores what it holds.
        m_rules.push_back(std::move(rule));
    }
}

bool IgnoreRules::ignored(std::string_view path, bool is_dir) const {
    const auto segments = split_segments(path);
    bool result = false;
    for (const Rule& rule : m_rules) {
        if (rule.dir_only && !is_dir) continue;
        if (match_segments(rule.segments, 0, segments, 0)) result = !rule.negate;
    }
    return result;
}

}  // namespace notes
