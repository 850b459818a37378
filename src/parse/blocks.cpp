// The block structure of a body, from cmark-gfm's core parser: which source
// lines are code, paragraphs, headings or HTML, the headings, and the plain
// text for full-text search. Only the core parser runs: the GFM extensions
// keep their special characters in a global table that every parse rewrites,
// which corrupts parses on other threads.

#include <cmark-gfm.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "markdown_detail.hpp"
#include "notes/parse/links.hpp"

namespace notes::parse {
namespace detail {

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

namespace {

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
// It also finds the body's first block with something to read (an HTML
// comment, an image or a rule alone does not count): when that is a level-1
// heading, it names the note (ParsedNote's title fallback).
class BlockReader {
  public:
    /// `parsed` is the text cmark parsed (the body with math lines blanked
    /// and Logseq's tabs widened): headings' source text is read from it.
    BlockReader(std::vector<SourceLine>& lines, BodyFacts& facts, int first_line, std::string_view parsed)
        : m_lines(lines), m_facts(facts), m_first_line(first_line), m_parsed(parsed) {}

    void read(cmark_node* root) {
        const std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> iter(cmark_iter_new(root),
                                                                           &cmark_iter_free);
        cmark_event_type event;
        while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
            cmark_node* node = cmark_iter_get_node(iter.get());
            const cmark_node_type type = cmark_node_get_type(node);
            const bool top_level = cmark_node_parent(node) == root;
            if (event == CMARK_EVENT_EXIT) {
                if (type == CMARK_NODE_PARAGRAPH) {
                    strip_block_ids(m_block_text);
                    flush_block();
                } else if (type == CMARK_NODE_HEADING) {
                    add_heading(node);
                    flush_block();
                }
                if (top_level) end_top_level_block(type == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) == 1);
                continue;
            }
            if (top_level) {
                m_text_before_block = m_facts.text.size();
                m_headings_before_block = m_facts.headings.size();
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
                    if (top_level) end_top_level_block(false);  // a leaf: no exit event
                    break;
                case CMARK_NODE_HTML_BLOCK:
                    mark_lines(node, LineKind::html);
                    if (!m_in_comment) {
                        m_block_text = html_block_text(literal(node));
                        flush_block();
                    }
                    if (top_level) end_top_level_block(false);
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
    /// A top-level block ended: the first that added text decides the title.
    void end_top_level_block(bool level_one_heading) {
        if (m_first_block_seen || m_facts.text.size() == m_text_before_block) return;
        m_first_block_seen = true;
        if (level_one_heading && m_facts.headings.size() > m_headings_before_block) {
            m_facts.first_block_heading = static_cast<int>(m_facts.headings.size()) - 1;
        }
    }

    /// Line `n` (1-based) of the parsed text.
    std::string_view parsed_line(int n) {
        if (m_parsed_starts.empty()) {
            m_parsed_starts.push_back(0);
            for (std::size_t i = m_parsed.find('\n'); i != k_npos; i = m_parsed.find('\n', i + 1)) {
                m_parsed_starts.push_back(i + 1);
            }
        }
        if (n < 1 || static_cast<std::size_t>(n) > m_parsed_starts.size()) return {};
        const std::size_t start = m_parsed_starts[static_cast<std::size_t>(n - 1)];
        std::size_t end = static_cast<std::size_t>(n) < m_parsed_starts.size()
                              ? m_parsed_starts[static_cast<std::size_t>(n)] - 1
                              : m_parsed.size();
        if (end > start && m_parsed[end - 1] == '\r') --end;
        return m_parsed.substr(start, end - start);
    }

    /// The heading as written: an ATX heading's text between its `#` marks
    /// and an optional closing run of `#`; a setext heading's lines above
    /// its underline, joined by spaces.
    std::string heading_source(cmark_node* node) {
        const int first = cmark_node_get_start_line(node);
        const int last = cmark_node_get_end_line(node);
        const int column = std::max(cmark_node_get_start_column(node), 1);
        std::string_view line = parsed_line(first);
        line = line.substr(std::min(line.size(), static_cast<std::size_t>(column - 1)));
        while (!line.empty() && is_blank(line.front())) line.remove_prefix(1);
        if (!line.empty() && line.front() == '#') {
            while (!line.empty() && line.front() == '#') line.remove_prefix(1);
            while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
            std::size_t hashes = line.size();
            while (hashes > 0 && line[hashes - 1] == '#') --hashes;
            if (hashes < line.size() && (hashes == 0 || is_blank(line[hashes - 1]))) line = line.substr(0, hashes);
            return text::collapse_whitespace(line);
        }
        // A setext heading: its lines up to the underline.
        auto is_underline = [](std::string_view l) {
            while (!l.empty() && is_blank(l.front())) l.remove_prefix(1);
            while (!l.empty() && is_blank(l.back())) l.remove_suffix(1);
            return !l.empty() && (l.find_first_not_of('=') == k_npos || l.find_first_not_of('-') == k_npos);
        };
        std::string out(line);
        for (int n = first + 1; n <= last; ++n) {
            const std::string_view next = parsed_line(n);
            if (is_underline(next)) break;
            out += ' ';
            out += next;
        }
        return text::collapse_whitespace(out);
    }

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
        std::string heading = text::collapse_whitespace(remove_footnote_markers(m_block_text));
        if (heading.empty()) return;
        m_facts.headings.push_back({cmark_node_get_heading_level(node), std::move(heading),
                                    m_first_line + cmark_node_get_start_line(node) - 1, heading_source(node)});
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
    std::string_view m_parsed;
    std::vector<std::size_t> m_parsed_starts;  // offsets of its lines, made on demand
    bool m_first_block_seen = false;
    std::size_t m_text_before_block = 0;
    std::size_t m_headings_before_block = 0;
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

void read_blocks(std::string_view body, std::vector<SourceLine>& lines, BodyFacts& facts, int first_line,
                 const BodyOptions& options) {
    const bool math = std::any_of(lines.begin(), lines.end(),
                                  [](const SourceLine& l) { return l.verbatim == Verbatim::math; });
    const bool widen_tabs = options.dialect == Dialect::logseq && body.find('\t') != k_npos;
    std::string changed;
    std::string_view for_cmark = body;
    if (has_lone_cr(body) || math || widen_tabs) {
        // Same lines, so that cmark's line numbers stay the body's.
        changed.reserve(body.size() + (widen_tabs ? body.size() / 16 : 0));
        for (const SourceLine& l : lines) {
            std::string_view text = body.substr(l.start, l.end - l.start);
            if (l.verbatim == Verbatim::math) text = {};
            if (widen_tabs) {
                while (!text.empty() && (text.front() == '\t' || text.front() == ' ')) {
                    changed += text.front() == '\t' ? "  " : " ";
                    text.remove_prefix(1);
                }
            }
            for (const char c : text) changed.push_back(c == '\r' ? ' ' : c);
            changed.push_back('\n');
        }
        changed.pop_back();  // the last line has no line end of its own
        for_cmark = changed;
    }
    ArenaParse arena;
    if (cmark_node* root = arena.parse(for_cmark)) BlockReader(lines, facts, first_line, for_cmark).read(root);
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

}  // namespace detail

std::string cmark_gfm_version() { return cmark_version_string(); }

}  // namespace notes::parse
