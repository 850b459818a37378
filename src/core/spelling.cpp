// Suggestions for mistyped words. The distance is the one typing mistakes
// follow: a swapped pair of neighbouring keys ("fnid", "--tga") is one edit,
// not two as in plain Levenshtein. The threshold grows with the word, so
// that "x" suggests nothing while "brokenlinks" still finds "broken-links";
// a word too far from every candidate gets no suggestion at all rather than
// a random one.

#include "notes/core/spelling.hpp"

#include <algorithm>

#include "notes/core/text.hpp"

namespace notes {
namespace {

std::u32string folded_code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = text::decode(s, i);
        if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
        out.push_back(cp);
    }
    return out;
}

}  // namespace

std::size_t typo_distance(std::string_view a, std::string_view b) {
    const std::u32string x = folded_code_points(a);
    const std::u32string y = folded_code_points(b);
    // Three rows of the dynamic-programming table: two back for a swap.
    std::vector<std::size_t> before(y.size() + 1), previous(y.size() + 1), current(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t cost = x[i - 1] == y[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[y.size()];
}

std::vector<std::string> closest_words(std::string_view typed,
                                       const std::vector<std::string>& candidates) {
    const std::size_t length = folded_code_points(typed).size();
    if (length == 0) return {};
    const std::size_t threshold = std::max<std::size_t>(1, length / 3);
    std::size_t best = threshold + 1;
    std::vector<std::string> out;
    for (const auto& c : candidates) {
        const std::size_t d = typo_distance(typed, c);
        if (d == 0 && c == typed) return {};
        if (d > threshold) continue;
        if (d < best) {
            best = d;
            out.clear();
        }
        if (d == best && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    if (!out.empty() || length < 2) return out;
    const std::u32string prefix = folded_code_points(typed);
    for (const auto& c : candidates) {
        const std::u32string folded = folded_code_points(c);
        if (folded.compare(0, prefix.size(), prefix) == 0 && folded.size() > prefix.size()) {
            if (!out.empty() && out.front() != c) return {};
            out = {c};
        }
    }
    return out;
}

std::string quoted_alternatives(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
        out += "'" + words[i] + "'";
    }
    return out;
}

}  // namespace notes
