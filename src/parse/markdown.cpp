// The Markdown body: how it is read
//
// A body is read twice, for different facts.
//
// cmark-gfm parses it once for the block structure: which source lines are
// code (fenced or indented), which lines make up one paragraph or heading,
// the headings, and the visible text for full-text search. Only the core
// parser runs: the GFM extensions keep their special characters in a global
// table that every parse rewrites, which corrupts parses on other threads.
//
// Links, tags and block ids are then found by scanning the source itself,
// line by line, skipping the lines cmark says are code. cmark cannot give us
// these: it knows no wiki-links, it turns "\[[x]]" into the same text as
// "[[x]]" (escapes are only visible in the source), and its inline nodes carry
// no trustworthy line numbers. The scanner is one left-to-right pass that
// knows just enough inline syntax to stay out of the places where a link or a
// tag is not one: code spans (which may go on over later lines of the same
// paragraph, hence the paragraph boundaries from cmark), HTML and %% comments
// (which may span blocks), backslash escapes, and the text and destination of
// Markdown links. A lookahead that may fail again and again on hostile input
// (an unclosed backtick run, "[[" without "]]", "<" without ">") remembers
// where it failed, so the pass stays linear.
//
// Choices where Obsidian and CommonMark leave room:
// - A trailing '/' is not part of a tag: "#a/" is the tag "a".
// - Code blocks are part of the plain text, so a search finds identifiers.
// - HTML blocks are scanned for links and tags like any other line; their
//   plain text is the block without tags and comments.
// - An unclosed "<!--" or "%%" comments out the rest of the body, as an
//   unclosed HTML comment block does in CommonMark and "%%" does in Obsidian.
// - Reference links ("[text][ref]", "[ref][]", "[ref]") are reported when a
//   one-line definition "[ref]: dest" starts a paragraph (not inside a quote
//   or list). "[^1]" is a footnote, never a reference.
// - Bare "http(s)://" URLs are external links, as GFM autolinks them.
// - Headings keep the text a reader sees: emphasis removed, a wiki-link shown
//   as its label or target. Empty headings are dropped (nothing can link to
//   them).

#include "notes/parse/markdown.hpp"

#include <cmark-gfm.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include "notes/parse/links.hpp"
#include "notes/core/text.hpp"

namespace notes::parse {
namespace {

using text::ascii_lower;
using text::iequals_ascii;
using text::is_ascii_alpha;
using text::is_ascii_digit;
using text::is_ascii_punct;

constexpr std::size_t k_npos = std::string_view::npos;
// Link text is looked for over at most this many bytes, so that a line full
// of unmatched '[' costs linear time, not quadratic.
constexpr std::size_t k_max_link_text = 1000;
// Backtick runs up to this length remember a failed search for their closer.
constexpr std::size_t k_max_cached_backticks = 16;
// strip_inline_markdown() follows nested link texts this deep, then gives up
// and keeps the rest as written.
constexpr int k_max_strip_depth = 16;

bool is_ascii_alnum(char c) {
    return is_ascii_alpha(c) || (c >= '0' && c <= '9');
}
bool is_blank(char c) {
    return c == ' ' || c == '\t';
}
bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}



bool is_all_ascii_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// CommonMark backslash escapes: "\" before ASCII punctuation stands for it.
std::string unescape_backslashes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1])) ++i;
        out.push_back(s[i]);
    }
    return out;
}

// What a reader sees of a wiki-link: its label, else the target and heading.
void append_wiki_display(std::string& out, const Link& link) {
    if (!link.label.empty()) {
        out += link.label;
        return;
    }
    out += link.target;
    if (link.anchor.empty() || link.anchor.front() == '^') return;
    if (!link.target.empty()) out += ' ';
    for (const char c : link.anchor) out += c == '#' ? ' ' : c;
}

// If `line` ends with a block id ("text ^id", or "^id" alone), the offset of
// its '^'; else npos.
std::size_t find_block_id(std::string_view line) {
    std::size_t end = line.size();
    while (end > 0 && (is_blank(line[end - 1]) || line[end - 1] == '\r')) --end;
    std::size_t begin = end;
    while (begin > 0 && (is_ascii_alnum(line[begin - 1]) || line[begin - 1] == '-')) --begin;
    if (begin == end || begin == 0 || line[begin - 1] != '^') return k_npos;
    const std::size_t caret = begin - 1;
    if (caret > 0 && !is_blank(line[caret - 1])) return k_npos;
    return caret;
}

// ---------------------------------------------------------------------------
// strip_inline_markdown: a small hand-written inline pass. Emphasis follows
// CommonMark's flanking rules, so "snake_case" and "2 * 3" keep their
// characters; the rule of three is left out (titles do not need it).

bool is_punct_cp(char32_t cp) {
    if (cp < 0x80) return is_ascii_punct(static_cast<char>(cp));
    return !text::is_tag_char(cp) && !text::is_space(cp);
}

char32_t cp_before(std::string_view s, std::size_t i) {
    if (i == 0) return U' ';
    std::size_t k = i - 1;
    while (k > 0 && i - k < 4 && (static_cast<unsigned char>(s[k]) & 0xC0u) == 0x80u) --k;
    return text::decode(s, k);
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

// ---------------------------------------------------------------------------
// extract_body

enum class LineKind : std::uint8_t { none, paragraph, heading, html, code, definition };

struct SourceLine {
    std::size_t start = 0;  // offset of the first byte
    std::size_t end = 0;    // offset one past the content ("\r\n" excluded)
    int block = -1;         // cmark leaf block holding the line; -1 for none
    LineKind kind = LineKind::none;
};

std::vector<SourceLine> split_lines(std::string_view body) {
    std::vector<SourceLine> lines;
    lines.reserve(body.size() / 48 + 2);
    std::size_t start = 0;
    while (true) {
        const std::size_t newline = body.find('\n', start);
        std::size_t end = newline == k_npos ? body.size() : newline;
        if (end > start && body[end - 1] == '\r') --end;
        lines.push_back({start, end});
        if (newline == k_npos) break;
        start = newline + 1;
    }
    return lines;
}

// cmark ends a line at a lone '\r' too, while notes counts '\n' only. A body
// with lone CRs is handed to cmark with spaces in their place so that both
// agree on line numbers.
bool has_lone_cr(std::string_view s) {
    for (std::size_t i = s.find('\r'); i != k_npos; i = s.find('\r', i + 1)) {
        if (i + 1 < s.size() && s[i + 1] != '\n') return true;
    }
    return false;
}

// Appends the text of one cmark text node as a reader sees it: a wiki-link
// shows its label or target, %% comments are left out. `in_comment` carries
// an open %% comment from one node to the next.
void append_visible_text(std::string& out, std::string_view s, bool& in_comment) {
    // A wiki-link ends on its line; the line's end is found once, and a line
    // without "]]" is searched once.
    std::size_t line_end = 0;
    std::size_t line_without_close = k_npos;
    std::size_t i = 0;
    while (i < s.size()) {
        if (in_comment) {
            const std::size_t close = s.find("%%", i);
            if (close == k_npos) return;
            in_comment = false;
            i = close + 2;
            continue;
        }
        std::size_t j = i;
        while (j < s.size() && s[j] != '[' && s[j] != '%' && s[j] != '!') ++j;
        out.append(s.substr(i, j - i));
        if (j == s.size()) return;
        i = j;
        if (s[i] == '%') {
            if (i + 1 < s.size() && s[i + 1] == '%') {
                in_comment = true;
                i += 2;
            } else {
                out += '%';
                ++i;
            }
            continue;
        }
        const std::size_t open = s[i] == '!' ? i + 1 : i;
        if (s.substr(open, 2) == "[[") {
            if (open >= line_end) line_end = std::min(s.find('\n', open), s.size());
            std::size_t close = k_npos;
            if (line_without_close != line_end) {
                close = s.substr(0, line_end).find("]]", open + 2);
                if (close == k_npos) line_without_close = line_end;
            }
            if (close != k_npos) {
                if (auto link = parse_wiki_inner(s.substr(open + 2, close - open - 2))) {
                    append_wiki_display(out, *link);
                }
                i = close + 2;
                continue;
            }
        }
        out += s[i];
        ++i;
    }
}

// Removes the block id at the end of each line of a paragraph's text.
void strip_block_ids(std::string& s) {
    if (s.find('^') == k_npos) return;
    std::string out;
    out.reserve(s.size());
    std::size_t start = 0;
    while (true) {
        const std::size_t newline = s.find('\n', start);
        const std::size_t end = newline == k_npos ? s.size() : newline;
        std::string_view line(s.data() + start, end - start);
        if (const std::size_t caret = find_block_id(line); caret != k_npos) {
            line = line.substr(0, caret);
            while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
        }
        out += line;
        if (newline == k_npos) break;
        out += '\n';
        start = newline + 1;
    }
    s.swap(out);
}

// The words of an HTML block: tags and comments become spaces.
std::string html_block_text(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    std::size_t no_tag_close_from = k_npos;  // no '>' at or after this
    std::size_t i = 0;
    while (i < html.size()) {
        if (html[i] == '<') {
            std::size_t close = k_npos;
            std::size_t close_length = 1;
            if (html.substr(i, 4) == "<!--") {
                close = html.find("-->", i + 4);
                close_length = 3;
                if (close == k_npos) break;
            } else if (i + 1 < html.size() && i < no_tag_close_from &&
                       (is_ascii_alpha(html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!' ||
                        html[i + 1] == '?')) {
                close = html.find('>', i + 1);
                if (close == k_npos) no_tag_close_from = i;
            }
            if (close != k_npos) {
                out += ' ';
                i = close + close_length;
                continue;
            }
        }
        out += html[i];
        ++i;
    }
    return text::collapse_whitespace(out);
}

// Walks cmark's tree in document order: marks which source lines are code and
// which belong to one paragraph or heading, and collects headings and text.
class BlockReader {
  public:
    BlockReader(std::vector<SourceLine>& lines, BodyFacts& facts, int first_line)
        : m_lines(lines), m_facts(facts), m_first_line(first_line) {}

    void read(cmark_node* root) {
        const std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> iter(cmark_iter_new(root),
                                                                           &cmark_iter_free);
        cmark_event_type event;
        while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
            cmark_node* node = cmark_iter_get_node(iter.get());
            const cmark_node_type type = cmark_node_get_type(node);
            if (event == CMARK_EVENT_EXIT) {
                if (type == CMARK_NODE_PARAGRAPH) {
                    strip_block_ids(m_block_text);
                    flush_block();
                } else if (type == CMARK_NODE_HEADING) {
                    add_heading(node);
                    flush_block();
                }
                continue;
            }
            switch (type) {
                case CMARK_NODE_PARAGRAPH:
                    mark_lines(node, LineKind::paragraph);
                    break;
                case CMARK_NODE_HEADING:
                    mark_lines(node, LineKind::heading);
                    break;
                case CMARK_NODE_CODE_BLOCK:
                    mark_lines(node, LineKind::code);
                    if (!m_in_comment) {
                        m_block_text = literal(node);
                        flush_block();
                    }
                    break;
                case CMARK_NODE_HTML_BLOCK:
                    mark_lines(node, LineKind::html);
                    if (!m_in_comment) {
                        m_block_text = html_block_text(literal(node));
                        flush_block();
                    }
                    break;
                case CMARK_NODE_TEXT:
                    append_visible_text(m_block_text, literal(node), m_in_comment);
                    break;
                case CMARK_NODE_CODE:
                    if (!m_in_comment) m_block_text += literal(node);
                    break;
                case CMARK_NODE_SOFTBREAK:
                case CMARK_NODE_LINEBREAK:
                    m_block_text += '\n';
                    break;
                default:
                    break;
            }
        }
    }

  private:
    static std::string_view literal(cmark_node* node) {
        const char* s = cmark_node_get_literal(node);
        return s == nullptr ? std::string_view() : std::string_view(s);
    }

    // Later blocks overwrite earlier ones: cmark sometimes counts the line
    // that closed a block (a blank line, the next fence) as the block's last.
    void mark_lines(cmark_node* node, LineKind kind) {
        const int block = m_next_block++;
        const int first = std::max(cmark_node_get_start_line(node), 1);
        const int last = std::min(cmark_node_get_end_line(node), static_cast<int>(m_lines.size()));
        for (int l = first; l <= last; ++l) {
            SourceLine& line = m_lines[static_cast<std::size_t>(l - 1)];
            line.block = block;
            line.kind = kind;
        }
    }

    void add_heading(cmark_node* node) {
        std::string heading = text::collapse_whitespace(m_block_text);
        if (heading.empty()) return;
        m_facts.headings.push_back({cmark_node_get_heading_level(node), std::move(heading),
                                    m_first_line + cmark_node_get_start_line(node) - 1});
    }

    void flush_block() {
        std::string_view t = m_block_text;
        while (!t.empty() && is_ascii_space(t.back())) t.remove_suffix(1);
        while (!t.empty() && is_ascii_space(t.front())) t.remove_prefix(1);
        if (!t.empty()) {
            if (!m_facts.text.empty()) m_facts.text += '\n';
            m_facts.text += t;
        }
        m_block_text.clear();
    }

    std::vector<SourceLine>& m_lines;
    BodyFacts& m_facts;
    int m_first_line;
    int m_next_block = 0;
    std::string m_block_text;   // the visible text of the current leaf block
    bool m_in_comment = false;  // inside %% ... %% (may span blocks)
};

constexpr std::array<bool, 256> make_special_bytes() {
    std::array<bool, 256> special{};
    for (const char c : std::string_view("\\`<%![#^:"))
        special[static_cast<unsigned char>(c)] = true;
    return special;
}
// The bytes at which the scanner has something to decide.
constexpr std::array<bool, 256> k_special_bytes = make_special_bytes();

// Finds links, tags and block ids in the source lines that are not code.
class SourceScanner {
  public:
    SourceScanner(std::string_view source, std::vector<SourceLine>& lines, int first_line,
                  BodyFacts& facts)
        : m_src(source), m_lines(lines), m_first_line(first_line), m_facts(facts) {}

    void run() {
        if (m_src.find("]:") != k_npos) read_definitions();
        const std::size_t count = m_lines.size();
        while (m_line < count) {
            const SourceLine& line = m_lines[m_line];
            // An empty line has nothing to scan; stepping onto it would read
            // the byte at its end, which for the last line is past the body.
            if (line.kind == LineKind::code || line.kind == LineKind::definition ||
                m_pos >= line.end || line.start == line.end) {
                ++m_line;
                continue;
            }
            m_pos = std::max(m_pos, line.start);
            step(line);
            if (m_pos >= m_src.size()) break;
            while (m_line + 1 < count && m_pos >= m_lines[m_line + 1].start) ++m_line;
        }
    }

  private:
    struct Definition {
        std::string key;
        std::string destination;
    };

    // Where a lookahead failed: from `from` on, in `segment`, it fails again.
    struct FailedSearch {
        std::int64_t segment = -1;
        std::size_t from = k_npos;
        bool covers(std::int64_t s, std::size_t f) const { return s == segment && f >= from; }
    };

    int file_line(std::size_t line_index) const {
        return m_first_line + static_cast<int>(line_index);
    }

    std::size_t line_of(std::size_t pos) const {
        const auto it =
            std::upper_bound(m_lines.begin(), m_lines.end(), pos,
                             [](std::size_t p, const SourceLine& l) { return p < l.start; });
        return static_cast<std::size_t>(it - m_lines.begin()) - 1;
    }

    // Lines of one paragraph (or heading, or HTML block) form a segment: code
    // spans and link texts may continue over them. A line in no block is a
    // segment of its own.
    std::int64_t segment_of(std::size_t line_index) const {
        const int block = m_lines[line_index].block;
        return block >= 0 ? block : -2 - static_cast<std::int64_t>(line_index);
    }

    bool next_in_segment(std::size_t& line_index) const {
        const int block = m_lines[line_index].block;
        if (block < 0 || line_index + 1 >= m_lines.size() ||
            m_lines[line_index + 1].block != block ||
            m_lines[line_index + 1].kind == LineKind::code) {
            return false;
        }
        ++line_index;
        return true;
    }

    bool preceded_by_space(std::size_t pos, const SourceLine& line) const {
        if (pos <= line.start) return true;
        const char32_t cp = cp_before(m_src.substr(line.start, pos - line.start), pos - line.start);
        return text::is_space(cp);
    }

    void step(const SourceLine& line) {
        const std::size_t p = m_pos;
        switch (m_src[p]) {
            case '\\':
                m_pos = p + (p + 1 < line.end && is_ascii_punct(m_src[p + 1]) ? 2 : 1);
                break;
            case '`':
                skip_code_span(line);
                break;
            case '<':
                on_angle(line);
                break;
            case '%':
                if (p + 1 < line.end && m_src[p + 1] == '%') {
                    skip_comment("%%", p + 2);
                } else {
                    m_pos = p + 1;
                }
                break;
            case '!':
                if (p + 1 < line.end && m_src[p + 1] == '[') {
                    on_bracket(line, p + 1, true);
                } else {
                    m_pos = p + 1;
                }
                break;
            case '[':
                on_bracket(line, p, false);
                break;
            case '#':
                on_hash(line);
                break;
            case '^':
                on_caret(line);
                break;
            case ':':
                on_colon(line);
                break;
            default:
                // Plain text: nothing to decide until the next special byte.
                ++m_pos;
                while (m_pos < line.end &&
                       !k_special_bytes[static_cast<unsigned char>(m_src[m_pos])]) {
                    ++m_pos;
                }
                return;
        }
        m_plain_from = m_pos;
    }

    // --- code spans and comments ---

    // Position after the run of exactly `run` backticks that closes a code
    // span opened before `from` on line `line_index`, or npos. Sets `end_line`.
    std::size_t find_code_span_end(std::size_t line_index, std::size_t from, std::size_t run,
                                   std::size_t& end_line) {
        const std::int64_t segment = segment_of(line_index);
        const bool cached = run <= k_max_cached_backticks;
        if (cached && m_no_code_close[run].covers(segment, from)) return k_npos;
        std::size_t j = line_index;
        while (true) {
            const SourceLine& l = m_lines[j];
            std::size_t i = std::max(from, l.start);
            while (i < l.end) {
                if (m_src[i] != '`') {
                    ++i;
                    continue;
                }
                std::size_t k = i;
                while (k < l.end && m_src[k] == '`') ++k;
                if (k - i == run) {
                    end_line = j;
                    return k;
                }
                i = k;
            }
            if (!next_in_segment(j)) break;
        }
        if (cached) m_no_code_close[run] = {segment, from};
        return k_npos;
    }

    void skip_code_span(const SourceLine& line) {
        std::size_t run_end = m_pos;
        while (run_end < line.end && m_src[run_end] == '`') ++run_end;
        std::size_t end_line = m_line;
        const std::size_t end = find_code_span_end(m_line, run_end, run_end - m_pos, end_line);
        // An unclosed run is literal backticks.
        m_pos = end == k_npos ? run_end : end;
    }

    // Moves past the next `closer` on a line that is not code; without one,
    // the comment runs to the end of the body.
    void skip_comment(std::string_view closer, std::size_t from) {
        for (std::size_t j = m_line; j < m_lines.size(); ++j) {
            const SourceLine& l = m_lines[j];
            const std::size_t begin = std::max(from, l.start);
            if (l.kind == LineKind::code || begin >= l.end) continue;
            const std::size_t hit = m_src.substr(0, l.end).find(closer, begin);
            if (hit != k_npos) {
                m_pos = hit + closer.size();
                return;
            }
        }
        m_pos = m_src.size();
    }

    // --- '<': comments, autolinks, HTML tags ---

    void on_angle(const SourceLine& line) {
        const std::size_t p = m_pos;
        const std::string_view rest = m_src.substr(p, line.end - p);
        if (rest.substr(0, 4) == "<!--") {
            skip_comment("-->", p + 4);
            return;
        }
        const char next = rest.size() > 1 ? rest[1] : '\0';
        if (is_ascii_alpha(next)) {
            std::size_t e = 1;
            while (e < rest.size() && rest[e] != '>' && rest[e] != '<' &&
                   static_cast<unsigned char>(rest[e]) > ' ') {
                ++e;
            }
            if (e < rest.size() && rest[e] == '>' && is_external_target(rest.substr(1, e - 1))) {
                add_link("external", std::string(rest.substr(1, e - 1)), {}, {}, file_line(m_line));
                m_pos = p + e + 1;
                return;
            }
        }
        if (is_ascii_alpha(next) || next == '/' || next == '!' || next == '?') {
            // An HTML tag: its attributes hold no tags or links of ours.
            const std::int64_t segment = -2 - static_cast<std::int64_t>(m_line);
            if (!m_no_tag_close.covers(segment, p)) {
                const std::size_t close = rest.find('>');
                if (close != k_npos) {
                    m_pos = p + close + 1;
                    return;
                }
                m_no_tag_close = {segment, p};
            }
        }
        m_pos = p + 1;
    }

    // --- '[' and '![': wiki-links, Markdown links and images ---

    void on_bracket(const SourceLine& line, std::size_t open, bool image) {
        if (open + 1 < line.end && m_src[open + 1] == '[') {
            on_wiki(line, open, image);
            return;
        }
        const std::size_t after = parse_markdown_link(m_line, open, image, true);
        m_pos = after == k_npos ? open + 1 : after;
    }

    void on_wiki(const SourceLine& line, std::size_t open, bool embed) {
        // A wiki-link never spans lines and ends at the first "]]".
        const std::int64_t segment = -2 - static_cast<std::int64_t>(m_line);
        std::size_t close = k_npos;
        if (!m_no_wiki_close.covers(segment, open)) {
            close = m_src.substr(0, line.end).find("]]", open + 2);
            if (close == k_npos) m_no_wiki_close = {segment, open};
        }
        if (close == k_npos) {
            m_pos = open + 1;
            return;
        }
        if (auto link = parse_wiki_inner(m_src.substr(open + 2, close - open - 2))) {
            link->kind = embed ? "embed" : "wiki";
            link->line = file_line(m_line);
            m_facts.links.push_back(std::move(*link));
        }
        m_pos = close + 2;
    }

    // Position of the ']' that closes the link text opened at `open`, or npos.
    std::size_t match_link_text(std::size_t line_index, std::size_t open, std::size_t& close_line) {
        const std::size_t first_close = next_close_bracket(open);
        if (first_close == k_npos || first_close > open + k_max_link_text) return k_npos;
        int depth = 0;
        std::size_t j = line_index;
        std::size_t i = open;
        const std::size_t limit = open + k_max_link_text;
        while (true) {
            const SourceLine* l = &m_lines[j];
            while (i < l->end) {
                if (i > limit) return k_npos;
                const char c = m_src[i];
                if (c == '\\' && i + 1 < l->end && is_ascii_punct(m_src[i + 1])) {
                    i += 2;
                    continue;
                }
                if (c == '`') {
                    std::size_t run_end = i;
                    while (run_end < l->end && m_src[run_end] == '`') ++run_end;
                    std::size_t end_line = j;
                    const std::size_t end = find_code_span_end(j, run_end, run_end - i, end_line);
                    if (end == k_npos) {
                        i = run_end;
                    } else {
                        i = end;
                        j = end_line;
                        l = &m_lines[j];
                    }
                    continue;
                }
                if (c == '[') {
                    ++depth;
                } else if (c == ']' && --depth == 0) {
                    close_line = j;
                    return i;
                }
                ++i;
            }
            if (!next_in_segment(j)) return k_npos;
            i = m_lines[j].start;
        }
    }

    // The first ']' at or after `from`. Remembers its last answer, which
    // stays right for every later `from` up to that ']'.
    std::size_t next_close_bracket(std::size_t from) {
        if (from < m_close_bracket_query || (m_close_bracket != k_npos && from > m_close_bracket)) {
            m_close_bracket_query = from;
            m_close_bracket = m_src.find(']', from);
        }
        return m_close_bracket;
    }

    // Skips spaces, tabs and line ends inside the segment.
    void skip_link_space(std::size_t& i, std::size_t& j) const {
        while (true) {
            while (i < m_lines[j].end && is_blank(m_src[i])) ++i;
            if (i < m_lines[j].end) return;
            std::size_t next = j;
            if (!next_in_segment(next)) return;
            j = next;
            i = m_lines[j].start;
        }
    }

    // Parses "(dest)", "(<dest>)", "(dest "title")" starting after the '('.
    // Returns the position after ')' and sets `destination`, or npos.
    std::size_t parse_inline_destination(std::size_t i, std::size_t j,
                                         std::string& destination) const {
        skip_link_space(i, j);
        if (i >= m_lines[j].end) return k_npos;
        std::string_view raw;
        const std::size_t end = m_lines[j].end;
        if (m_src[i] == '<') {
            std::size_t k = i + 1;
            while (k < end && m_src[k] != '>' && m_src[k] != '<') {
                k += (m_src[k] == '\\' && k + 1 < end) ? 2 : 1;
            }
            if (k >= end || m_src[k] != '>') return k_npos;
            raw = m_src.substr(i + 1, k - i - 1);
            i = k + 1;
        } else {
            std::size_t k = i;
            int depth = 0;
            while (k < end) {
                const char c = m_src[k];
                if (c == '\\' && k + 1 < end && is_ascii_punct(m_src[k + 1])) {
                    k += 2;
                    continue;
                }
                if (static_cast<unsigned char>(c) <= ' ') break;
                if (c == '(') {
                    if (++depth > 32) return k_npos;
                } else if (c == ')') {
                    if (depth == 0) break;
                    --depth;
                }
                ++k;
            }
            if (depth != 0) return k_npos;
            raw = m_src.substr(i, k - i);
            i = k;
        }
        const std::size_t before_space = i;
        skip_link_space(i, j);
        if (i < m_lines[j].end && i != before_space &&
            (m_src[i] == '"' || m_src[i] == '\'' || m_src[i] == '(')) {
            const char closer = m_src[i] == '(' ? ')' : m_src[i];
            ++i;
            while (true) {
                while (i < m_lines[j].end && m_src[i] != closer) {
                    i += (m_src[i] == '\\' && i + 1 < m_lines[j].end) ? 2 : 1;
                }
                if (i < m_lines[j].end) break;
                if (!next_in_segment(j)) return k_npos;
                i = m_lines[j].start;
            }
            ++i;
            skip_link_space(i, j);
        }
        if (i >= m_lines[j].end || m_src[i] != ')') return k_npos;
        destination = unescape_backslashes(raw);
        return i + 1;
    }

    const Definition* find_definition(std::string_view label) const {
        const std::string key = text::fold_key(text::collapse_whitespace(label));
        for (const Definition& d : m_definitions) {
            if (d.key == key) return &d;
        }
        return nullptr;
    }

    // Parses a Markdown link or image whose text opens at `open` on line
    // `line_index`; records it and returns the position after it, or npos.
    // `nested` allows the images of a badge ("[![alt](img)](url)").
    std::size_t parse_markdown_link(std::size_t line_index, std::size_t open, bool image,
                                    bool nested) {
        std::size_t close_line = line_index;
        const std::size_t close = match_link_text(line_index, open, close_line);
        if (close == k_npos) return k_npos;
        const std::string_view link_text = m_src.substr(open + 1, close - open - 1);
        const int line = file_line(line_index);
        const std::size_t close_line_end = m_lines[close_line].end;
        std::size_t after = k_npos;
        std::string destination;
        if (close + 1 < close_line_end && m_src[close + 1] == '(') {
            after = parse_inline_destination(close + 2, close_line, destination);
        }
        if (after == k_npos && !m_definitions.empty()) {
            std::string_view label = link_text;
            std::size_t end = close + 1;
            if (close + 1 < close_line_end && m_src[close + 1] == '[') {
                const std::size_t ref_close = m_src.substr(0, close_line_end).find(']', close + 2);
                if (ref_close != k_npos) {
                    if (ref_close > close + 2)
                        label = m_src.substr(close + 2, ref_close - close - 2);
                    end = ref_close + 1;
                }
            }
            if (const Definition* definition = find_definition(label)) {
                destination = definition->destination;
                after = end;
            }
        }
        if (after == k_npos) return k_npos;
        add_markdown_link(destination, link_text, image, line);
        if (nested && !image) {
            for (std::size_t k = open + 1; k + 1 < close; ++k) {
                if (m_src[k] == '!' && m_src[k + 1] == '[') {
                    const std::size_t inner_end =
                        parse_markdown_link(line_of(k + 1), k + 1, true, false);
                    if (inner_end != k_npos) k = inner_end - 1;
                }
            }
        }
        return after;
    }

    void add_markdown_link(const std::string& destination, std::string_view link_text, bool image,
                           int line) {
        if (destination.empty()) return;
        if (is_external_target(destination)) {
            add_link("external", destination, {}, strip_inline_markdown(link_text), line);
            return;
        }
        const std::size_t hash = destination.find('#');
        std::string target = text::percent_decode(std::string_view(destination).substr(0, hash));
        std::string anchor =
            hash == k_npos ? std::string()
                           : text::percent_decode(std::string_view(destination).substr(hash + 1));
        if (target.empty() && anchor.empty()) return;
        add_link(image ? "embed" : "markdown", std::move(target), std::move(anchor),
                 strip_inline_markdown(link_text), line);
    }

    void add_link(std::string kind, std::string target, std::string anchor, std::string label,
                  int line) {
        Link link;
        link.kind = std::move(kind);
        link.target = std::move(target);
        link.anchor = std::move(anchor);
        link.label = std::move(label);
        link.line = line;
        m_facts.links.push_back(std::move(link));
    }

    // --- '#': tags ---

    void on_hash(const SourceLine& line) {
        const std::size_t p = m_pos;
        m_pos = p + 1;
        if (!preceded_by_space(p, line)) return;
        const std::string_view view = m_src.substr(0, line.end);
        std::size_t i = p + 1;
        while (i < line.end) {
            std::size_t k = i;
            if (!text::is_tag_char(text::decode(view, k))) break;
            i = k;
        }
        std::size_t name_end = i;
        while (name_end > p + 1 && m_src[name_end - 1] == '/') --name_end;
        const std::string_view name = m_src.substr(p + 1, name_end - p - 1);
        if (name.empty() || is_all_ascii_digits(name)) return;
        m_facts.tags.push_back({std::string(name), file_line(m_line), false});
        m_pos = i;
    }

    // --- '^': block ids ---

    void on_caret(const SourceLine& line) {
        const std::size_t p = m_pos;
        m_pos = p + 1;
        if (line.kind != LineKind::paragraph) return;
        if (find_block_id(m_src.substr(line.start, line.end - line.start)) != p - line.start)
            return;
        std::size_t e = p + 1;
        while (e < line.end && (is_ascii_alnum(m_src[e]) || m_src[e] == '-')) ++e;
        m_facts.block_ids.emplace_back(m_src.substr(p + 1, e - p - 1));
        m_pos = e;
    }

    // --- ':': bare URLs ---

    void on_colon(const SourceLine& line) {
        const std::size_t p = m_pos;
        m_pos = p + 1;
        if (p + 3 >= line.end || m_src[p + 1] != '/' || m_src[p + 2] != '/') return;
        std::size_t start = k_npos;
        if (p >= 5 && iequals_ascii(m_src.substr(p - 5, 5), "https")) {
            start = p - 5;
        } else if (p >= 4 && iequals_ascii(m_src.substr(p - 4, 4), "http")) {
            start = p - 4;
        }
        // The scheme must be plain text we walked over, after a space or an
        // opening mark, as GFM's extended autolinks require.
        if (start == k_npos || start < m_plain_from || start < line.start) return;
        if (start > line.start) {
            const char b = m_src[start - 1];
            if (!(b == '(' || b == '*' || b == '_' || b == '~' || b == '"' || b == '\'') &&
                !preceded_by_space(start, line)) {
                return;
            }
        }
        std::size_t e = p + 3;
        while (e < line.end && !is_ascii_space(m_src[e]) && m_src[e] != '<') ++e;
        // Trailing punctuation ends the sentence, not the URL; a closing
        // bracket belongs to the URL only when it is balanced inside it.
        while (e > p + 3) {
            const char c = m_src[e - 1];
            if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '"' ||
                c == '\'' || c == '*' || c == '_' || c == '~') {
                --e;
                continue;
            }
            if (c == ')' || c == ']') {
                const char opener = c == ')' ? '(' : '[';
                const std::string_view url = m_src.substr(start, e - start);
                if (std::count(url.begin(), url.end(), c) >
                    std::count(url.begin(), url.end(), opener)) {
                    --e;
                    continue;
                }
            }
            break;
        }
        if (e == p + 3) return;
        add_link("external", std::string(m_src.substr(start, e - start)), {}, {},
                 file_line(m_line));
        m_pos = e;
    }

    // --- link reference definitions ---

    // "[label]: destination" with an optional title, on one line.
    static std::optional<Definition> parse_definition(std::string_view s) {
        std::size_t i = 0;
        while (i < 3 && i < s.size() && s[i] == ' ') ++i;
        if (i >= s.size() || s[i] != '[') return std::nullopt;
        std::size_t k = i + 1;
        while (k < s.size() && s[k] != ']') {
            if (s[k] == '[') return std::nullopt;
            k += (s[k] == '\\' && k + 1 < s.size()) ? 2 : 1;
        }
        if (k >= s.size() || k == i + 1 || k + 1 >= s.size() || s[k + 1] != ':')
            return std::nullopt;
        const std::string_view label = s.substr(i + 1, k - i - 1);
        if (label.front() == '^') return std::nullopt;  // a footnote
        std::size_t d = k + 2;
        while (d < s.size() && is_blank(s[d])) ++d;
        if (d >= s.size()) return std::nullopt;
        std::string_view destination;
        std::size_t e = d;
        if (s[d] == '<') {
            e = s.find('>', d + 1);
            if (e == k_npos) return std::nullopt;
            destination = s.substr(d + 1, e - d - 1);
            ++e;
        } else {
            while (e < s.size() && !is_ascii_space(s[e])) ++e;
            destination = s.substr(d, e - d);
        }
        const std::size_t title = s.find_first_not_of(" \t", e);
        if (title != k_npos && s[title] != '"' && s[title] != '\'' && s[title] != '(')
            return std::nullopt;
        if (title == e && title != k_npos) return std::nullopt;  // a title needs a space before it
        return Definition{text::fold_key(text::collapse_whitespace(label)),
                          unescape_backslashes(destination)};
    }

    // A definition starts a paragraph or follows another definition. cmark
    // drops a paragraph made of definitions only, so its lines are in no block.
    void read_definitions() {
        for (std::size_t j = 0; j < m_lines.size(); ++j) {
            SourceLine& l = m_lines[j];
            if (l.kind != LineKind::none && l.kind != LineKind::paragraph) continue;
            const bool starts_block = l.kind == LineKind::none || j == 0 ||
                                      m_lines[j - 1].block != l.block ||
                                      m_lines[j - 1].kind == LineKind::definition;
            if (!starts_block) continue;
            auto definition = parse_definition(m_src.substr(l.start, l.end - l.start));
            if (!definition) continue;
            l.kind = LineKind::definition;
            if (find_definition_key(definition->key) == nullptr) {
                m_definitions.push_back(std::move(*definition));  // the first one wins
            }
        }
    }

    const Definition* find_definition_key(const std::string& key) const {
        for (const Definition& d : m_definitions) {
            if (d.key == key) return &d;
        }
        return nullptr;
    }

    std::string_view m_src;
    std::vector<SourceLine>& m_lines;
    int m_first_line;
    BodyFacts& m_facts;
    std::size_t m_pos = 0;
    std::size_t m_line = 0;        // index of the line holding m_pos
    std::size_t m_plain_from = 0;  // m_pos after the last construct consumed
    std::vector<Definition> m_definitions;
    std::array<FailedSearch, k_max_cached_backticks + 1> m_no_code_close{};
    FailedSearch m_no_wiki_close;
    FailedSearch m_no_tag_close;
    std::size_t m_close_bracket_query = k_npos;  // see next_close_bracket()
    std::size_t m_close_bracket = k_npos;
};

// cmark allocates every node and buffer through a cmark_mem. Ours carves them
// from a per-thread arena that is dropped whole once the tree has been read:
// that saves most calls to calloc and free, and the walk of cmark_node_free()
// (together a third of the time of a parse). cmark-gfm's own arena allocator
// is one global, unusable from several threads.
class ParseArena {
  public:
    ParseArena() = default;
    ParseArena(const ParseArena&) = delete;
    ParseArena& operator=(const ParseArena&) = delete;
    ~ParseArena() {
        for (const Block& b : m_blocks) std::free(b.data);
    }

    void* allocate(std::size_t size) {
        if (size > k_max_allocation) std::abort();  // as cmark's own allocator does
        const std::size_t needed = (size + k_header + k_align - 1) / k_align * k_align;
        if (m_blocks.empty() || m_used + needed > m_blocks[m_current].capacity) next_block(needed);
        char* p = m_blocks[m_current].data + m_used;
        m_last = m_used;
        m_used += needed;
        std::memcpy(p, &size, sizeof size);
        return p + k_header;
    }

    void* reallocate(void* old, std::size_t size) {
        if (old == nullptr) return allocate(size);
        char* p = static_cast<char*>(old) - k_header;
        std::size_t old_size = 0;
        std::memcpy(&old_size, p, sizeof old_size);
        if (size <= old_size) return old;
        // cmark grows its buffers one at a time: the last allocation of the
        // block usually grows where it is.
        const Block& block = m_blocks[m_current];
        const std::size_t needed = (size + k_header + k_align - 1) / k_align * k_align;
        if (p == block.data + m_last && m_last + needed <= block.capacity) {
            m_used = m_last + needed;
            std::memcpy(p, &size, sizeof size);
            return old;
        }
        void* fresh = allocate(size);
        std::memcpy(fresh, old, old_size);
        return fresh;
    }

    // Forgets every allocation; keeps the first block for the next parse.
    void reset() {
        for (std::size_t i = 1; i < m_blocks.size(); ++i) std::free(m_blocks[i].data);
        if (!m_blocks.empty()) m_blocks.resize(1);
        m_current = 0;
        m_used = 0;
        m_last = 0;
    }

  private:
    static constexpr std::size_t k_align = 16;
    static constexpr std::size_t k_header = 16;  // the payload size, padded to k_align
    static constexpr std::size_t k_block_size = 256 * 1024;
    static constexpr std::size_t k_max_allocation = std::size_t{1} << 40;

    struct Block {
        char* data = nullptr;
        std::size_t capacity = 0;
    };

    void next_block(std::size_t needed) {
        const std::size_t capacity = std::max(k_block_size, needed);
        char* data = static_cast<char*>(std::malloc(capacity));
        if (data == nullptr) std::abort();
        m_blocks.push_back({data, capacity});
        m_current = m_blocks.size() - 1;
        m_used = 0;
        m_last = 0;
    }

    std::vector<Block> m_blocks;
    std::size_t m_current = 0;
    std::size_t m_used = 0;
    std::size_t m_last = 0;  // offset of the last allocation in the current block
};

thread_local ParseArena t_parse_arena;

void* arena_calloc(std::size_t count, std::size_t size) {
    if (size != 0 && count > SIZE_MAX / size) std::abort();
    void* p = t_parse_arena.allocate(count * size);
    std::memset(p, 0, count * size);
    return p;
}
void* arena_realloc(void* p, std::size_t size) {
    return t_parse_arena.reallocate(p, size);
}
void arena_free(void*) {}

cmark_mem k_arena_mem = {arena_calloc, arena_realloc, arena_free};

// Resets the arena when the parse is over, also when reading it threw.
struct ArenaParse {
    ArenaParse() = default;
    ArenaParse(const ArenaParse&) = delete;
    ArenaParse& operator=(const ArenaParse&) = delete;
    ~ArenaParse() { t_parse_arena.reset(); }

    cmark_node* parse(std::string_view s) {
        cmark_parser* parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &k_arena_mem);
        cmark_parser_feed(parser, s.data(), s.size());
        // Neither the parser nor the tree is freed: their memory is the
        // arena's, and freeing is a no-op.
        return cmark_parser_finish(parser);
    }
};

}  // namespace

BodyFacts extract_body(std::string_view body, int first_line) {
    BodyFacts facts;
    if (body.empty()) return facts;
    std::vector<SourceLine> lines = split_lines(body);
    // One allocation for the usual number of links: a wiki-link has two '['.
    const auto brackets = static_cast<std::size_t>(std::count(body.begin(), body.end(), '['));
    facts.links.reserve(std::min<std::size_t>(brackets / 2 + 2, 256));

    std::string without_lone_cr;
    std::string_view for_cmark = body;
    if (has_lone_cr(body)) {
        without_lone_cr.assign(body);
        for (std::size_t i = 0; i + 1 < without_lone_cr.size(); ++i) {
            if (without_lone_cr[i] == '\r' && without_lone_cr[i + 1] != '\n')
                without_lone_cr[i] = ' ';
        }
        for_cmark = without_lone_cr;
    }
    {
        ArenaParse arena;
        if (cmark_node* root = arena.parse(for_cmark))
            BlockReader(lines, facts, first_line).read(root);
    }
    SourceScanner(body, lines, first_line, facts).run();
    facts.word_count = text::count_words(facts.text);
    return facts;
}

std::string strip_inline_markdown(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    strip_into(out, s, 0);
    return text::collapse_whitespace(out);
}

std::string cmark_gfm_version() { return cmark_version_string(); }

}  // namespace notes::parse
