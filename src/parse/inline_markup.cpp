// strip_inline_markdown(): a small hand-written inline pass for titles and
// headings. Emphasis follows CommonMark's flanking rules, so "snake_case" and
// "2 * 3" keep their characters; the rule of three is left out (titles do
// not need it).

#include <array>

#include "markdown_detail.hpp"
#include "notes/parse/links.hpp"

namespace notes::parse {
namespace detail {

char32_t cp_before(std::string_view s, std::size_t i) {
    if (i == 0) return U' ';
    std::size_t k = i - 1;
    while (k > 0 && i - k < 4 && (static_cast<unsigned char>(s[k]) & 0xC0u) == 0x80u) --k;
    return text::decode(s, k);
}

namespace {

bool is_punct_cp(char32_t cp) {
    if (cp < 0x80) return is_ascii_punct(static_cast<char>(cp));
    return !text::is_tag_char(cp) && !text::is_space(cp);
}

char32_t cp_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return U' ';
    return text::decode(s, i);
}

struct DelimiterRun {
    std::size_t pos = 0;  // offset in the output
    std::size_t length = 0;
    char marker = 0;
    bool can_open = false;
    bool can_close = false;
    std::size_t remaining = 0;
    std::size_t removed_front = 0;  // consumed as a closer
    std::size_t removed_back = 0;   // consumed as an opener
};

// Lookaheads of one strip_into() call that remember where they failed: a
// failed search from x fails from every later position too, which keeps a
// hostile title (thousands of '[' or '`') linear.
struct StripSearches {
    std::size_t no_wiki_close_from = k_npos;   // no "]]" at or after this
    std::size_t close_bracket_query = k_npos;  // see next_close_bracket()
    std::size_t close_bracket = k_npos;
    std::array<std::size_t, k_max_cached_backticks + 1> no_code_close_from{};

    StripSearches() { no_code_close_from.fill(k_npos); }

    std::size_t find(std::string_view s, std::string_view needle, std::size_t from,
                     std::size_t& failed_from) {
        if (failed_from != k_npos && from >= failed_from) return k_npos;
        const std::size_t hit = s.find(needle, from);
        if (hit == k_npos) failed_from = from;
        return hit;
    }

    // Start of the next run of exactly `length` backticks at or after `from`.
    std::size_t find_backticks(std::string_view s, std::size_t from, std::size_t length) {
        std::size_t* failed =
            length <= k_max_cached_backticks ? &no_code_close_from[length] : nullptr;
        if (failed != nullptr && *failed != k_npos && from >= *failed) return k_npos;
        for (std::size_t close = s.find('`', from); close != k_npos; close = s.find('`', close)) {
            std::size_t close_end = close;
            while (close_end < s.size() && s[close_end] == '`') ++close_end;
            if (close_end - close == length) return close;
            close = close_end;
        }
        if (failed != nullptr) *failed = from;
        return k_npos;
    }

    // The first ']' at or after `from`; the last answer stays right for every
    // later `from` up to that ']'.
    std::size_t next_close_bracket(std::string_view s, std::size_t from) {
        if (from < close_bracket_query || (close_bracket != k_npos && from > close_bracket)) {
            close_bracket_query = from;
            close_bracket = s.find(']', from);
        }
        return close_bracket;
    }

    // Position of the ']' matching the '[' at `open`, or npos.
    std::size_t match_bracket(std::string_view s, std::size_t open) {
        const std::size_t first_close = next_close_bracket(s, open);
        if (first_close == k_npos || first_close > open + k_max_link_text) return k_npos;
        int depth = 0;
        const std::size_t end = std::min(s.size(), open + k_max_link_text);
        for (std::size_t i = open; i < end; ++i) {
            if (s[i] == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1])) {
                ++i;
            } else if (s[i] == '[') {
                ++depth;
            } else if (s[i] == ']' && --depth == 0) {
                return i;
            }
        }
        return k_npos;
    }
};

// Position after the ')' closing an inline link destination whose '(' is at
// `open`, or npos.
std::size_t match_destination_in(std::string_view s, std::size_t open) {
    int depth = 0;
    bool in_angle = false;
    const std::size_t end = std::min(s.size(), open + k_max_link_text);
    for (std::size_t i = open; i < end; ++i) {
        const char c = s[i];
        if (c == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1])) {
            ++i;
        } else if (in_angle) {
            if (c == '<' || c == '\n') return k_npos;
            in_angle = c != '>';
        } else if (c == '<' && i == open + 1) {
            in_angle = true;
        } else if (c == '(') {
            if (++depth > 32) return k_npos;
        } else if (c == ')' && --depth == 0) {
            return i + 1;
        }
    }
    return k_npos;
}

void resolve_emphasis(std::string& out, std::size_t base, std::vector<DelimiterRun>& runs) {
    // openers_bottom: below this index no opener of the marker can match.
    std::array<std::size_t, 4> bottom{};
    auto marker_slot = [](char m) -> std::size_t {
        return m == '*' ? 0 : m == '_' ? 1 : m == '~' ? 2 : 3;
    };
    for (std::size_t c = 0; c < runs.size(); ++c) {
        if (!runs[c].can_close) continue;
        const std::size_t slot = marker_slot(runs[c].marker);
        const bool pairs_only = runs[c].marker == '~' || runs[c].marker == '=';
        while (runs[c].remaining > 0) {
            std::size_t opener = k_npos;
            for (std::size_t o = c; o-- > bottom[slot];) {
                const DelimiterRun& r = runs[o];
                if (r.marker == runs[c].marker && r.can_open && r.remaining > 0 &&
                    (!pairs_only || r.remaining >= 2)) {
                    opener = o;
                    break;
                }
            }
            if (opener == k_npos) {
                bottom[slot] = c;
                break;
            }
            const std::size_t o = opener;
            const std::size_t use = (runs[o].remaining >= 2 && runs[c].remaining >= 2) ? 2 : 1;
            runs[o].remaining -= use;
            runs[o].removed_back += use;
            runs[c].remaining -= use;
            runs[c].removed_front += use;
            for (std::size_t k = o + 1; k < c; ++k) runs[k].remaining = 0;
        }
    }
    // Compact the output in place, dropping the consumed delimiters.
    std::size_t write = base;
    std::size_t read = base;
    auto move_range = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) out[write++] = out[i];
    };
    for (const DelimiterRun& r : runs) {
        move_range(read, r.pos);
        move_range(r.pos + r.removed_front, r.pos + r.length - r.removed_back);
        read = r.pos + r.length;
    }
    move_range(read, out.size());
    out.resize(write);
}

}  // namespace

void strip_into(std::string& out, std::string_view s, int depth) {
    const std::size_t base = out.size();
    std::vector<DelimiterRun> runs;
    StripSearches searches;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1])) {
            out += s[i + 1];
            i += 2;
        } else if (c == '`') {
            std::size_t run = i;
            while (run < s.size() && s[run] == '`') ++run;
            const std::size_t length = run - i;
            // The closer is the next run of exactly the same length.
            const std::size_t close = searches.find_backticks(s, run, length);
            if (close == k_npos) {
                i = run;  // a stray backtick run is dropped
                continue;
            }
            std::string_view code = s.substr(run, close - run);
            if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ' &&
                code.find_first_not_of(' ') != k_npos) {
                code = code.substr(1, code.size() - 2);
            }
            out += code;
            i = close + length;
        } else if (c == '[' && i + 2 < s.size() && s[i + 1] == '^') {
            // A footnote marker, "[^1]" or "[^note]": a superscript a reader
            // does not read as part of the title.
            std::size_t close = i + 2;
            while (close < s.size() && s[close] != ']' && s[close] != '[' && !is_ascii_space(s[close])) ++close;
            if (close < s.size() && s[close] == ']' && close > i + 2) {
                i = close + 1;
                continue;
            }
            out += c;
            ++i;
        } else if ((c == '[' || (c == '!' && i + 1 < s.size() && s[i + 1] == '[')) &&
                   depth < k_max_strip_depth) {
            const std::size_t open = c == '!' ? i + 1 : i;
            if (open + 1 < s.size() && s[open + 1] == '[') {
                const std::size_t close =
                    searches.find(s, "]]", open + 2, searches.no_wiki_close_from);
                if (close != k_npos) {
                    if (auto link = parse_wiki_inner(s.substr(open + 2, close - open - 2))) {
                        append_wiki_display(out, *link);
                    }
                    i = close + 2;
                    continue;
                }
            } else if (const std::size_t close = searches.match_bracket(s, open); close != k_npos) {
                std::size_t after = k_npos;
                if (close + 1 < s.size() && s[close + 1] == '(') {
                    after = match_destination_in(s, close + 1);
                } else if (close + 1 < s.size() && s[close + 1] == '[') {
                    const std::size_t ref_close = searches.next_close_bracket(s, close + 2);
                    if (ref_close != k_npos) after = ref_close + 1;
                }
                if (after != k_npos) {
                    strip_into(out, s.substr(open + 1, close - open - 1), depth + 1);
                    i = after;
                    continue;
                }
            }
            out += c;
            ++i;
        } else if (c == '<' && i + 1 < s.size() && is_ascii_alpha(s[i + 1])) {
            // "<https://x>" shows its URL.
            std::size_t close = i + 1;
            while (close < s.size() && s[close] != '>' && s[close] != '<' &&
                   !is_ascii_space(s[close]))
                ++close;
            if (close < s.size() && s[close] == '>' &&
                is_external_target(s.substr(i + 1, close - i - 1))) {
                out += s.substr(i + 1, close - i - 1);
                i = close + 1;
            } else {
                out += c;
                ++i;
            }
        } else if (c == '*' || c == '_' || c == '~' || c == '=') {
            std::size_t end = i;
            while (end < s.size() && s[end] == c) ++end;
            const std::size_t length = end - i;
            const char32_t before = cp_before(s, i);
            const char32_t after = cp_at(s, end);
            const bool before_space = text::is_space(before);
            const bool after_space = text::is_space(after);
            const bool before_punct = is_punct_cp(before);
            const bool after_punct = is_punct_cp(after);
            const bool left = !after_space && (!after_punct || before_space || before_punct);
            const bool right = !before_space && (!before_punct || after_space || after_punct);
            DelimiterRun r;
            r.pos = out.size();
            r.length = length;
            r.marker = c;
            r.remaining = length;
            if (c == '_') {
                r.can_open = left && (!right || before_punct);
                r.can_close = right && (!left || after_punct);
            } else if (c == '*' || length == 2) {
                r.can_open = left;
                r.can_close = right;
            }
            out.append(s.substr(i, length));
            if (r.can_open || r.can_close) runs.push_back(r);
            i = end;
        } else {
            out += c;
            ++i;
        }
    }
    if (!runs.empty()) resolve_emphasis(out, base, runs);
}

std::string remove_footnote_markers(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '[' && i + 2 < s.size() && s[i + 1] == '^') {
            std::size_t close = i + 2;
            while (close < s.size() && s[close] != ']' && s[close] != '[' && !is_ascii_space(s[close])) ++close;
            if (close < s.size() && s[close] == ']' && close > i + 2) {
                i = close + 1;
                continue;
            }
        }
        out += s[i++];
    }
    return out;
}

}  // namespace detail

std::string strip_inline_markdown(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    detail::strip_into(out, s, 0);
    return text::collapse_whitespace(out);
}

}  // namespace notes::parse
