// The links, tags and block ids of a body, found by scanning its source line
// by line and skipping the lines cmark says are code (markdown.cpp says why
// the source and not cmark's tree). One left-to-right pass; a lookahead that
// may fail again and again on hostile input remembers where it failed, so
// the pass stays linear.

#include <array>
#include <algorithm>
#include <optional>

#include "notes/core/resolve.hpp"

#include "markdown_detail.hpp"
#include "notes/parse/links.hpp"

namespace notes::parse::detail {
namespace {

constexpr std::array<bool, 256> make_special_bytes(std::string_view bytes) {
    std::array<bool, 256> special{};
    for (const char c : bytes) special[static_cast<unsigned char>(c)] = true;
    return special;
}
// The bytes at which the scanner has something to decide; a Logseq vault
// adds its block references "((…))" and macros "{{…}}".
constexpr std::array<bool, 256> k_special_bytes = make_special_bytes("\\`<%![#^:$");
constexpr std::array<bool, 256> k_logseq_special_bytes = make_special_bytes("\\`<%![#^:$({");

bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!is_ascii_digit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

// Finds links, tags and block ids in the source lines that are not code.
class SourceScanner {
  public:
    SourceScanner(std::string_view source, std::vector<SourceLine>& lines, int first_line,
                  BodyFacts& facts, const BodyOptions& options)
        : m_src(source),
          m_lines(lines),
          m_first_line(first_line),
          m_facts(facts),
          m_options(options),
          m_special(options.dialect == Dialect::logseq ? k_logseq_special_bytes : k_special_bytes) {}

    void run() {
        if (m_src.find("]:") != k_npos) read_definitions();
        const std::size_t count = m_lines.size();
        while (m_line < count) {
            const SourceLine& line = m_lines[m_line];
            // An empty line has nothing to scan; stepping onto it would read
            // the byte at its end, which for the last line is past the body.
            if (line.kind == LineKind::code || line.kind == LineKind::definition ||
                line.verbatim != Verbatim::no || m_pos >= line.end || line.start == line.end) {
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
            case '$':
                skip_inline_math(line);
                break;
            case '(':
                if (m_options.dialect == Dialect::logseq) {
                    on_block_ref(line);
                } else {
                    m_pos = p + 1;
                }
                break;
            case '{':
                if (m_options.dialect == Dialect::logseq) {
                    on_macro(line);
                } else {
                    m_pos = p + 1;
                }
                break;
            default:
                // Plain text: nothing to decide until the next special byte.
                ++m_pos;
                while (m_pos < line.end && !m_special[static_cast<unsigned char>(m_src[m_pos])]) {
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

    // Inline math, `$…$` or `$$…$$` on one line: the opening `$` is followed
    // by a non-space, the closing one follows a non-space and is not followed
    // by a digit (Pandoc's rule, so that "$5 and $10" is text).
    void skip_inline_math(const SourceLine& line) {
        const std::size_t p = m_pos;
        m_pos = p + 1;
        if (p + 1 >= line.end) return;
        if (m_src[p + 1] == '$') {
            const std::size_t close = m_src.substr(0, line.end).find("$$", p + 2);
            if (close != k_npos && close > p + 2) m_pos = close + 2;
            else m_pos = p + 2;
            return;
        }
        if (is_blank(m_src[p + 1])) return;
        for (std::size_t i = p + 2; i < line.end; ++i) {
            if (m_src[i] == '\\') {
                ++i;
                continue;
            }
            if (m_src[i] != '$') continue;
            if (is_blank(m_src[i - 1])) continue;
            if (i + 1 < line.end && is_ascii_digit(m_src[i + 1])) continue;
            m_pos = i + 1;
            return;
        }
    }

    // Logseq's block reference "((uuid))": a link to the block whose
    // `id::` property is that id, wherever it is.
    void on_block_ref(const SourceLine& line) {
        const std::size_t p = m_pos;
        m_pos = p + 1;
        if (p + 40 > line.end || m_src[p + 1] != '(') return;
        const std::string_view id = m_src.substr(p + 2, 36);
        if (!is_uuid(id) || m_src.substr(p + 38, 2) != "))") return;
        // Also inside "{{embed …}}": an embedded block is still a block.
        add_link("block_ref", {}, "^" + std::string(id), {}, file_line(m_line));
        m_pos = p + 40;
    }

    // Logseq's macros: "{{embed [[page]]}}" and "{{embed ((uuid))}}" embed;
    // the arguments of any other ("{{query (and [[a]] [[b]])}}", "{{video
    // url}}") are not links.
    void on_macro(const SourceLine& line) {
        const std::size_t p = m_pos;
        m_pos = p + 1;
        if (p + 1 >= line.end || m_src[p + 1] != '{') return;
        const std::size_t close = m_src.substr(0, line.end).find("}}", p + 2);
        if (close == k_npos) return;
        std::string_view name = m_src.substr(p + 2, close - p - 2);
        while (!name.empty() && is_blank(name.front())) name.remove_prefix(1);
        if (name.substr(0, 5) == "embed" && (name.size() == 5 || is_blank(name[5]))) {
            m_embed_until = close;
            m_pos = p + 2;
            return;
        }
        m_pos = close + 2;
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
        const std::string_view inner = m_src.substr(open + 2, close - open - 2);
        if (auto link = parse_wiki_inner(inner, m_options.dialect)) {
            link->kind = embed || m_embed_until > open ? "embed" : "wiki";
            link->line = file_line(m_line);
            if (m_options.dialect == Dialect::dendron) {
                // "![[notes.2021.*]]" embeds every note the glob matches: a
                // query, not a link to one note.
                if (!link->target.empty() && link->target.back() == '*') {
                    m_pos = close + 2;
                    return;
                }
                if (is_external_target(link->target)) link->kind = "external";  // [[label|https://…]]
            }
            if (m_options.dialect == Dialect::foam) use_foam_definition(inner, *link);
            if (!embed) link->kind = property_kind(link->kind);
            m_facts.links.push_back(std::move(*link));
        }
        m_pos = close + 2;
    }

    // Foam writes a link reference definition for each wiki-link under the
    // note ("[name]: folder/name.md \"Title\""), and a wiki-link whose text
    // has one goes where the definition says, relative to the note.
    void use_foam_definition(std::string_view inner, Link& link) const {
        const Definition* definition = find_definition(inner);
        if (definition == nullptr || is_external_target(definition->destination)) return;
        const std::size_t hash = definition->destination.find('#');
        const std::string path = text::percent_decode(std::string_view(definition->destination).substr(0, hash));
        if (path.empty()) return;
        const std::string joined = join_vault_path(text::nfc(m_options.folder), path);
        if (joined.empty()) return;
        link.target = "/" + joined;
        if (link.anchor.empty() && hash != k_npos) {
            link.anchor = text::percent_decode(std::string_view(definition->destination).substr(hash + 1));
        }
    }

    // On a Logseq property line, a link's kind is the property's key
    // (`type:: [[Feature]]`), as a front-matter key names the links in it.
    std::string property_kind(std::string kind) const {
        const int property = m_lines[m_line].property;
        if (property < 0 || (kind != "wiki" && kind != "markdown")) return kind;
        return m_facts.properties[static_cast<std::size_t>(property)].key;
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

    void add_markdown_link(std::string destination, std::string_view link_text, bool image, int line) {
        if (destination.empty()) return;
        if (is_external_target(destination)) {
            add_link("external", destination, {}, strip_inline_markdown(link_text), line);
            return;
        }
        if (m_options.dialect == Dialect::logseq && destination.size() > 4) {
            // "[label]([[page]])" and "[label](((uuid)))": Logseq's page and
            // block references with a label.
            const std::string_view d = destination;
            if (d.substr(0, 2) == "[[" && d.substr(d.size() - 2) == "]]") {
                if (auto link = parse_wiki_inner(d.substr(2, d.size() - 4), m_options.dialect)) {
                    add_link(property_kind("wiki"), std::move(link->target), std::move(link->anchor),
                             strip_inline_markdown(link_text), line);
                }
                return;
            }
            if (d.size() == 40 && d.substr(0, 2) == "((" && is_uuid(d.substr(2, 36)) && d.substr(38) == "))") {
                add_link("block_ref", {}, "^" + std::string(d.substr(2, 36)), strip_inline_markdown(link_text), line);
                return;
            }
        }
        // "..\folder\note.md": a path written on Windows. A backslash that
        // survived unescaping stood before no punctuation, so it is a
        // separator, not an escape.
        std::replace(destination.begin(), destination.end(), '\\', '/');
        const std::size_t hash = destination.find('#');
        std::string target = text::percent_decode(std::string_view(destination).substr(0, hash));
        std::string anchor =
            hash == k_npos ? std::string()
                           : text::percent_decode(std::string_view(destination).substr(hash + 1));
        if (target.empty() && anchor.empty()) return;
        add_link(image ? "embed" : property_kind("markdown"), std::move(target), std::move(anchor),
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
        if (m_options.dialect == Dialect::logseq && view.substr(p + 1, 2) == "[[") {
            // "#[[multi word]]": a tag, and (as every Logseq tag) a page
            // reference, which on_wiki() reads next.
            const std::size_t close = view.find("]]", p + 3);
            if (close != k_npos) {
                const std::string name = text::collapse_whitespace(view.substr(p + 3, close - p - 3));
                if (!name.empty()) m_facts.tags.push_back({name, file_line(m_line), false});
            }
            return;
        }
        const bool dotted = m_options.dialect == Dialect::dendron;  // #stage.sprout
        std::size_t i = p + 1;
        while (i < line.end) {
            std::size_t k = i;
            if (!text::is_tag_char(text::decode(view, k))) {
                if (dotted && m_src[i] == '.' && i > p + 1 && i + 1 < line.end) {
                    std::size_t after = i + 1;
                    if (text::is_tag_char(text::decode(view, after))) {
                        i = after;
                        continue;
                    }
                }
                break;
            }
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
    const BodyOptions& m_options;
    const std::array<bool, 256>& m_special;
    std::size_t m_embed_until = 0;  // inside Logseq's "{{embed …}}" up to here
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

}  // namespace

void scan_source(std::string_view body, std::vector<SourceLine>& lines, int first_line, BodyFacts& facts,
                 const BodyOptions& options) {
    SourceScanner(body, lines, first_line, facts, options).run();
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

}  // namespace notes::parse::detail
