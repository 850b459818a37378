// Front matter: finding the `---` block, and turning its YAML into typed
// columns, flat fields, a JSON object and the strings that may hold links.
//
// yaml-cpp parses; no YAML type leaves this file. Its own node tree is costly
// (every node a shared, separately allocated object), so its parser's events
// build a small tree of ours instead (YamlTree, shaped exactly as yaml-cpp's
// node builder would shape its tree), which is then walked once. Its scanner
// is costlier still, so the plain shape most notes have (`key: value` lines,
// `- item` lists) is read by SimpleYamlReader into the same tree with the same
// lines, and everything else goes to yaml-cpp. Four habits of yaml-cpp 0.7
// shape the code:
//
// - An unterminated quoted scalar is not an error to it: `title: "abc` runs
//   to the end of the input and silently swallows every key after it. So we
//   parse the block followed by a document-end line (`...`), which is where
//   the closing fence stands in the file; a quoted scalar that reaches it
//   fails ("illegal document indicator in scalar"), and the warning then
//   points at the opening quote rather than at the fence.
// - Aliases are shared, not copied (an alias is the index of the anchored
//   node): loading a "billion laughs" document is cheap, walking it is
//   exponential. The walk has a node budget and a depth limit; past either
//   it stops, closes the JSON it has begun, and warns.
// - Duplicate keys sit side by side in the map. The last one wins, as in
//   JSON parsers and most YAML loaders, and each repeat is a warning.
// - The mark of an empty value is the position of the token after it, often
//   on the next line, so an empty map value takes its key's line.
//
// Scalars are typed by the YAML 1.2 core schema, which yaml-cpp leaves to the
// caller: only a plain scalar (tag "?") can be a number, bool or null, so
// `yes`, `on`, dates and anything quoted stay strings.

#include "notes/parse/front_matter.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <istream>
#include <numeric>
#include <set>
#include <streambuf>
#include <utility>

#include "notes/core/json.hpp"
#include "notes/core/text.hpp"

namespace notes::parse {
namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";
// Real front matter has tens of nodes; the budget is only there for alias
// bombs, and is still far beyond any hand-written block.
constexpr int k_max_nodes = 100'000;
constexpr int k_max_depth = 64;
constexpr std::string_view k_invalid_yaml = "invalid YAML front matter: ";

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
    return s;
}

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

// `line` (without its '\n') is `marker` followed only by blanks and a CR.
bool is_fence(std::string_view line, std::string_view marker) {
    if (!line.starts_with(marker)) return false;
    line.remove_prefix(marker.size());
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return std::all_of(line.begin(), line.end(), is_blank);
}

// --- scalar types (YAML 1.2 core schema) ------------------------------------

enum class ScalarType { string, number, boolean, null };

bool all_of_set(std::string_view s, std::string_view set) {
    return !s.empty() && s.find_first_not_of(set) == std::string_view::npos;
}

bool is_core_int(std::string_view s) {
    if (s.starts_with("0o")) return all_of_set(s.substr(2), "01234567");
    if (s.starts_with("0x")) return all_of_set(s.substr(2), "0123456789abcdefABCDEF");
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
    return all_of_set(s, "0123456789");
}

// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
// .inf and .nan are left out on purpose: JSON cannot hold them, and a note
// that writes them means the text more often than the number.
bool is_core_float(std::string_view s) {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && is_digit(s[i])) ++i;
        return i - start;
    };
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t int_digits = digits();
    std::size_t frac_digits = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        frac_digits = digits();
    }
    if (int_digits == 0 && frac_digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (digits() == 0) return false;
    }
    return i == s.size();
}

ScalarType plain_scalar_type(std::string_view s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return ScalarType::null;
    if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE")
        return ScalarType::boolean;
    if (is_core_int(s) || is_core_float(s)) return ScalarType::number;
    return ScalarType::string;
}

const char* type_name(ScalarType type) {
    switch (type) {
        case ScalarType::number:
            return "number";
        case ScalarType::boolean:
            return "bool";
        case ScalarType::null:
            return "null";
        case ScalarType::string:
            break;
    }
    return "string";
}

// A core-schema number as JSON text. JSON has no '+', no leading zeros, no
// bare '.', no hex or octal; rewriting the text (rather than going through a
// double) keeps every digit that was written.
std::string json_number(std::string_view s) {
    if (s.starts_with("0x") || s.starts_with("0o")) {
        const int base = s[1] == 'x' ? 16 : 8;
        const std::string_view digits = s.substr(2);
        std::uint64_t value = 0;
        const auto [end, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
        if (ec == std::errc{} && end == digits.data() + digits.size()) return std::to_string(value);
        double approx = 0;  // beyond 64 bits: a JSON number may be approximate
        for (const char c : digits) {
            const int d = is_digit(c) ? c - '0' : ascii_lower(c) - 'a' + 10;
            approx = approx * base + d;
        }
        char buf[32];
        const auto res = std::to_chars(buf, buf + sizeof buf, approx);
        return std::string(buf, res.ptr);
    }
    std::string out;
    std::size_t i = 0;
    if (s[i] == '+' || s[i] == '-') {
        if (s[i] == '-') out.push_back('-');
        ++i;
    }
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    std::string_view int_part = s.substr(start, i - start);
    while (int_part.size() > 1 && int_part.front() == '0') int_part.remove_prefix(1);
    out += int_part.empty() ? "0" : int_part;
    if (i < s.size() && s[i] == '.') {
        start = ++i;
        while (i < s.size() && is_digit(s[i])) ++i;
        if (i > start) {
            out.push_back('.');
            out += s.substr(start, i - start);
        }
    }
    out += s.substr(i);  // the exponent, already valid JSON
    return out;
}

// --- the unclosed-quote hunt -------------------------------------------------

struct TextPosition {
    int line = 0;    // 0-based
    int column = 0;  // 0-based, in bytes
};

// After `...` block headers (`|`, `>-`, `|2+`): only indicators, blanks and
// a comment may follow on the line.
bool is_block_header_rest(std::string_view rest) {
    const std::size_t end = rest.find_first_not_of("0123456789+-");
    rest = trim(rest.substr(end == std::string_view::npos ? rest.size() : end));
    return rest.empty() || rest.front() == '#';
}

// A line (after its indentation) that opens a list item or a `key:` entry.
bool looks_like_entry(std::string_view rest) {
    if (rest == "-" || rest.starts_with("- ")) return true;
    if (rest.empty() || std::string_view("'\"#[{").find(rest[0]) != std::string_view::npos)
        return false;
    const std::size_t colon = rest.find(':');
    return colon != std::string_view::npos &&
           (colon + 1 == rest.size() || is_blank(rest[colon + 1]));
}

// Where the quoted scalar that ran to the end of `yaml` went wrong. Run only
// once yaml-cpp has failed, it follows yaml-cpp's scanner closely enough to
// pair quotes the way it did: a quote opens a scalar only where a token starts
// (after an indicator, a flow bracket, a closed quote), so the apostrophe of
// plain text (`it's`) is content, as are quotes in block scalars and comments.
// One missing quote shifts the pairing of every quote after it, so the answer
// is the first quoted scalar that swallowed what looks like the next entry at
// its own indentation, else the one still open at the end.
std::optional<TextPosition> find_unclosed_quote(std::string_view yaml) {
    char quote = 0;
    TextPosition open;
    std::size_t open_indent = 0;
    std::optional<TextPosition> swallower;
    int flow_depth = 0;
    int block_parent_indent = -1;  // >= 0 while inside a block scalar
    int line_no = 0;
    for (std::size_t pos = 0; pos < yaml.size(); ++line_no) {
        std::size_t end = yaml.find('\n', pos);
        if (end == std::string_view::npos) end = yaml.size();
        std::string_view line = yaml.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::size_t indent = line.find_first_not_of(' ');
        if (quote != 0 && !swallower && indent != std::string_view::npos && indent <= open_indent &&
            looks_like_entry(line.substr(indent)))
            swallower = open;
        if (quote == 0 && block_parent_indent >= 0) {
            if (indent == std::string_view::npos || static_cast<int>(indent) > block_parent_indent)
                continue;
            block_parent_indent = -1;
        }
        bool token_start = true;  // false inside a plain scalar
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (quote == '"') {
                if (c == '\\') {
                    ++i;
                } else if (c == '"') {
                    quote = 0;
                    token_start = true;
                }
                continue;
            }
            if (quote == '\'') {
                if (c == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
                    ++i;
                } else if (c == '\'') {
                    quote = 0;
                    token_start = true;
                }
                continue;
            }
            if (is_blank(c)) continue;
            if (c == '#' && (i == 0 || is_blank(line[i - 1]))) break;
            const bool blank_after = i + 1 == line.size() || is_blank(line[i + 1]);
            const bool flow_indicator = c == '[' || c == '{' || c == ']' || c == '}' || c == ',';
            if (!token_start) {
                // Inside a plain scalar: only ": " and, in flow, a flow
                // indicator end it.
                if (c == ':' && blank_after) {
                    token_start = true;
                } else if (flow_depth > 0 && flow_indicator) {
                    flow_depth += c == '[' || c == '{' ? 1 : (c == ',' ? 0 : -1);
                    token_start = true;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                open = {line_no, static_cast<int>(i)};
                open_indent = indent;
            } else if ((c == '|' || c == '>') && flow_depth == 0 &&
                       is_block_header_rest(line.substr(i + 1))) {
                block_parent_indent =
                    indent == std::string_view::npos ? 0 : static_cast<int>(indent);
                break;
            } else if (flow_indicator) {
                flow_depth += c == '[' || c == '{' ? 1 : (c == ',' || flow_depth == 0 ? 0 : -1);
            } else if ((c == '-' || c == '?' || c == ':') && blank_after) {
                // an indicator: the next token starts after it
            } else if (c == '&' || c == '!' || c == '*') {
                while (i + 1 < line.size() && !is_blank(line[i + 1])) ++i;  // anchor, tag, alias
            } else {
                token_start = false;
            }
        }
    }
    if (swallower) return swallower;
    if (quote == 0) return std::nullopt;
    return open;
}

// --- the parsed YAML ---------------------------------------------------------

// The document as yaml-cpp's node builder (src/nodebuilder.cpp) would build
// it, event for event, but in three flat arrays: the nodes, the links that
// chain each collection's children, and the bytes of every scalar. An alias
// is the index of the anchored node, so one node may sit in many collections,
// or in itself. A map's links alternate key and value in document order,
// duplicates included.
class YamlTree final : public YAML::EventHandler {
  public:
    enum class Kind : std::uint8_t { null, scalar, sequence, map };

    struct Node {
        Kind kind = Kind::null;
        bool plain = false;  // a scalar tagged "?": the core schema types it
        int line = -1;       // of the mark, 0-based; -1 if none
        int pos = 0;         // of the mark: the node's identity in warnings
        std::uint32_t text_begin = 0;
        std::uint32_t text_size = 0;
        int first_link = -1;  // the children of a collection
        int last_link = -1;
    };

    static constexpr int k_none = -1;

    int root() const { return m_root; }
    const Node& node(int n) const { return m_nodes[static_cast<std::size_t>(n)]; }
    std::string_view scalar(int n) const {
        const Node& x = node(n);
        return std::string_view(m_text).substr(x.text_begin, x.text_size);
    }

    // for (int l = first(n); l != k_none; l = next(l)) visits at(l), the children of n.
    int first(int n) const { return node(n).first_link; }
    int next(int link) const { return m_links[static_cast<std::size_t>(link)].next; }
    int at(int link) const { return m_links[static_cast<std::size_t>(link)].node; }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        push(add(mark, anchor, Kind::null));
        pop();
    }

    void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
        // The parser reports only aliases of anchors it has seen.
        if (anchor >= m_anchors.size() || m_anchors[anchor] == k_none) return;
        push(m_anchors[anchor]);
        pop();
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        scalar(mark, anchor, tag == "?", value);
    }

    // A scalar without an anchor; `plain` for tag "?".
    void scalar(const YAML::Mark& mark, bool plain, std::string_view value) {
        scalar(mark, YAML::NullAnchor, plain, value);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        push(add(mark, anchor, Kind::sequence));
    }

    void OnSequenceEnd() override { pop(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        push(add(mark, anchor, Kind::map));
        ++m_map_depth;
    }

    void OnMapEnd() override {
        --m_map_depth;
        pop();
    }

  private:
    void scalar(const YAML::Mark& mark, YAML::anchor_t anchor, bool plain, std::string_view value) {
        const int n = add(mark, anchor, Kind::scalar);
        Node& x = m_nodes.back();
        x.plain = plain;
        x.text_begin = static_cast<std::uint32_t>(m_text.size());
        x.text_size = static_cast<std::uint32_t>(value.size());
        m_text += value;
        push(n);
        pop();
    }

    struct Link {
        int node;
        int next;
    };

    struct PendingKey {
        int node;
        bool complete;  // the key is read; its value comes next
    };

    int add(const YAML::Mark& mark, YAML::anchor_t anchor, Kind kind) {
        const int n = static_cast<int>(m_nodes.size());
        Node& x = m_nodes.emplace_back();
        x.kind = kind;
        x.line = mark.line;
        x.pos = mark.pos;
        if (anchor != YAML::NullAnchor) {
            // A name defined again gets a new id; later aliases see the new node.
            if (anchor >= m_anchors.size()) m_anchors.resize(anchor + 1, k_none);
            m_anchors[anchor] = n;
        }
        return n;
    }

    void append(int collection, int child) {
        const int link = static_cast<int>(m_links.size());
        m_links.push_back({child, k_none});
        Node& c = m_nodes[static_cast<std::size_t>(collection)];
        if (c.last_link == k_none)
            c.first_link = link;
        else
            m_links[static_cast<std::size_t>(c.last_link)].next = link;
        c.last_link = link;
    }

    // A node that starts inside a map is a key when the map has no key
    // waiting for its value.
    void push(int n) {
        const bool needs_key = !m_stack.empty() && node(m_stack.back()).kind == Kind::map &&
                               m_keys.size() < m_map_depth;
        m_stack.push_back(n);
        if (needs_key) m_keys.push_back({n, false});
    }

    // A finished node joins its collection: as a sequence item, as a map key
    // (held until its value is finished too) or as a map value.
    void pop() {
        const int n = m_stack.back();
        m_stack.pop_back();
        if (m_stack.empty()) {
            m_root = n;
            return;
        }
        const int collection = m_stack.back();
        if (node(collection).kind == Kind::sequence) {
            append(collection, n);
        } else if (node(collection).kind == Kind::map && !m_keys.empty()) {
            PendingKey& key = m_keys.back();
            if (!key.complete) {
                key.complete = true;
                return;
            }
            const int key_node = key.node;
            m_keys.pop_back();
            append(collection, key_node);
            append(collection, n);
        }
    }

    std::vector<Node> m_nodes;
    std::vector<Link> m_links;
    std::string m_text;
    std::vector<int> m_anchors{k_none};  // by yaml-cpp's anchor id, which starts at 1
    std::vector<int> m_stack;
    std::vector<PendingKey> m_keys;
    std::size_t m_map_depth = 0;
    int m_root = k_none;
};

// The text as an input stream, without the copy a std::istringstream makes.
class TextStreamBuf final : public std::streambuf {
  public:
    explicit TextStreamBuf(std::string& text) {
        setg(text.data(), text.data(), text.data() + text.size());
    }
};

// --- the common case without yaml-cpp -----------------------------------------

// Most front matter is what PyYAML and note apps write: `key: value` lines at
// the left margin, single-quoted or plain scalars, lists of them as `- item`
// lines. yaml-cpp spends most of its time matching regular expressions
// character by character, so that shape is read here and fed to the tree as
// the events yaml-cpp would report, marked on the same lines (positions only
// tell nodes apart, and byte offsets do that). Anything else, and
// anything doubtful (comments, blank lines, tabs, CRs, double quotes, flow
// collections, anchors, nulls spelled out, continuation of a plain scalar,
// bytes yaml-cpp would rewrite), goes to yaml-cpp unchanged.
class SimpleYamlReader {
  public:
    SimpleYamlReader(std::string_view yaml, YamlTree& tree) : m_yaml(yaml), m_tree(tree) {}

    bool read() {
        if (m_yaml.empty() || !plain_bytes(m_yaml)) return false;
        m_tree.OnMapStart(mark_at(0), "?", YAML::NullAnchor, YAML::EmitterStyle::Block);
        while (m_pos < m_yaml.size()) {
            if (!read_entry()) return false;
        }
        m_tree.OnMapEnd();
        return true;
    }

  private:
    static bool is_key_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
               c == '-';
    }

    // Printable ASCII, '\n', and well-formed UTF-8 other than a BOM, C1
    // controls and the Unicode line separators, which yaml-cpp may treat
    // specially.
    static bool plain_bytes(std::string_view s) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c == '\n') continue;
            if (c < 0x20 || c == 0x7F) return false;
            if (c < 0x80) continue;
            if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0)
                return false;
            if (c == 0xEF && s.substr(i, 3) == "\xEF\xBB\xBF") return false;
            if (c == 0xE2 && (s.substr(i, 3) == "\xE2\x80\xA8" || s.substr(i, 3) == "\xE2\x80\xA9"))
                return false;
        }
        return text::is_valid_utf8(s);
    }

    YAML::Mark mark_at(std::size_t pos) const {
        YAML::Mark mark;
        mark.pos = static_cast<int>(pos);
        mark.line = m_line;
        mark.column = static_cast<int>(pos - m_line_start);
        return mark;
    }

    std::string_view line_at(std::size_t start) const {
        const std::size_t end = m_yaml.find('\n', start);
        return m_yaml.substr(start, end == std::string_view::npos ? std::string_view::npos
                                                                  : end - start);
    }

    void next_line() {
        const std::size_t end = m_yaml.find('\n', m_pos);
        m_pos = end == std::string_view::npos ? m_yaml.size() : end + 1;
        m_line_start = m_pos;
        ++m_line;
    }

    // A line that starts an entry: `key:` then the end or a blank.
    static bool is_key_line(std::string_view line) {
        std::size_t i = 0;
        while (i < line.size() && is_key_char(line[i])) ++i;
        return i > 0 && line[0] != '-' && i < line.size() && line[i] == ':' &&
               (i + 1 == line.size() || line[i + 1] == ' ');
    }

    static bool is_item_line(std::string_view line, std::size_t indent) {
        return line.size() > indent + 2 && line.find_first_not_of(' ') == indent &&
               line.substr(indent, 2) == "- ";
    }

    bool read_entry() {
        const std::string_view line = line_at(m_pos);
        if (!is_key_line(line)) return false;
        const std::size_t colon = line.find(':');
        const std::string_view key = line.substr(0, colon);
        if (key == "null" || key == "Null" || key == "NULL") return false;  // a null key
        m_tree.scalar(mark_at(m_pos), true, key);
        if (colon + 1 == line.size()) {
            next_line();
            if (m_pos < m_yaml.size()) {
                const std::string_view next = line_at(m_pos);
                for (const std::size_t indent : {std::size_t{0}, std::size_t{2}})
                    if (is_item_line(next, indent)) return read_sequence(indent);
                if (!is_key_line(next)) return false;
            }
            // An empty value: yaml-cpp marks it at the next token.
            m_tree.OnNull(mark_at(m_pos), YAML::NullAnchor);
            return true;
        }
        const std::size_t value = colon + 2;
        if (value >= line.size() || line[value] == ' ') return false;
        return read_scalar(m_pos + value, 0, std::string_view::npos);
    }

    bool read_sequence(std::size_t indent) {
        m_tree.OnSequenceStart(mark_at(m_pos + indent), "?", YAML::NullAnchor,
                               YAML::EmitterStyle::Block);
        while (m_pos < m_yaml.size() && is_item_line(line_at(m_pos), indent)) {
            const std::size_t value = m_pos + indent + 2;
            if (m_yaml[value] == ' ') return false;
            if (!read_scalar(value, indent + 1, indent)) return false;
        }
        m_tree.OnSequenceEnd();
        return m_pos == m_yaml.size() || is_key_line(line_at(m_pos));
    }

    // The scalar at `start` to the end of its line (or, quoted, of a later
    // line indented by at least `min_indent`), then the next line, which must
    // be an entry or an item at `item_indent`.
    bool read_scalar(std::size_t start, std::size_t min_indent, std::size_t item_indent) {
        const YAML::Mark mark = mark_at(start);
        if (m_yaml[start] == '\'') {
            if (!read_single_quoted(start + 1, min_indent)) return false;
            m_tree.scalar(mark, false, m_text);
        } else {
            const std::string_view text = line_at(start);
            if (!is_simple_plain(text)) return false;
            m_tree.scalar(mark, true, text);
            next_line();
        }
        if (m_pos == m_yaml.size()) return true;
        const std::string_view next = line_at(m_pos);
        return is_key_line(next) ||
               (item_indent != std::string_view::npos && is_item_line(next, item_indent));
    }

    static bool is_simple_plain(std::string_view s) {
        if (s.empty() || std::string_view(" -?:,[]{}#&*!|>'\"%@`").find(s[0]) != std::string_view::npos)
            return false;
        if (s.back() == ' ' || s.back() == ':') return false;
        if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos)
            return false;
        return s != "~" && s != "null" && s != "Null" && s != "NULL";
    }

    // Reads the rest of a single-quoted scalar into m_text, lines folded into
    // one space, and moves to the line after it.
    bool read_single_quoted(std::size_t pos, std::size_t min_indent) {
        m_text.clear();
        for (;;) {
            const std::size_t line_end = std::min(m_yaml.find('\n', pos), m_yaml.size());
            for (; pos < line_end; ++pos) {
                const char c = m_yaml[pos];
                if (c != '\'') {
                    m_text.push_back(c);
                } else if (pos + 1 < line_end && m_yaml[pos + 1] == '\'') {
                    m_text.push_back('\'');
                    ++pos;
                } else {
                    if (pos + 1 != line_end) return false;  // something after the quote
                    next_line();
                    return true;
                }
            }
            // The scalar goes on: the next line must continue it, indented,
            // with no blank before the break or line that is only blanks.
            if (m_text.empty() || m_text.back() == ' ') return false;
            next_line();
            if (m_pos >= m_yaml.size()) return false;
            const std::string_view next = line_at(m_pos);
            const std::size_t indent = next.find_first_not_of(' ');
            if (indent == std::string_view::npos || indent < min_indent || indent == 0)
                return false;
            m_text.push_back(' ');
            pos = m_pos + indent;
        }
    }

    std::string_view m_yaml;
    YamlTree& m_tree;
    std::size_t m_pos = 0;
    std::size_t m_line_start = 0;
    int m_line = 0;
    std::string m_text;
};

// --- walking the parsed YAML -------------------------------------------------

struct Entry {
    std::string key;
    int key_node = YamlTree::k_none;
    int value = YamlTree::k_none;
    int key_line = 0;
};

class FrontMatterReader {
  public:
    FrontMatterReader(FrontMatter& out, const YamlTree& tree, int first_line,
                      const FrontMatterKeys& keys)
        : m_out(out), m_tree(tree), m_first_line(first_line), m_keys(keys) {}

    void read() {
        const int root = m_tree.root();
        if (root == YamlTree::k_none || is_null(root)) {
            m_out.json = "{}";
            return;
        }
        if (kind(root) != YamlTree::Kind::map) {
            m_out.warnings.push_back(
                {{}, line_of(root, m_first_line), 0, "front matter is not a mapping"});
            m_out.json = "{}";
            return;
        }
        const std::vector<Entry> top = entries_of(root);
        ++m_nodes;
        m_json.begin_object();
        for (const Entry& e : top) {
            m_json.key(e.key);
            walk(e.value, e.key, e.key, -1, 1, e.key_line);
            if (m_truncated) break;
        }
        m_json.end_object();
        m_out.json = m_json.take();
        read_typed_columns(top);
    }

  private:
    YamlTree::Kind kind(int node) const { return m_tree.node(node).kind; }
    bool is_null(int node) const { return kind(node) == YamlTree::Kind::null; }
    bool is_scalar(int node) const { return kind(node) == YamlTree::Kind::scalar; }

    ScalarType scalar_type(int node) const {
        if (is_null(node)) return ScalarType::null;
        return m_tree.node(node).plain ? plain_scalar_type(m_tree.scalar(node))
                                       : ScalarType::string;
    }

    int line_of(int node, int fallback) const {
        const int line = m_tree.node(node).line;
        return line >= 0 ? m_first_line + line : fallback;
    }

    int value_line(const Entry& e) const {
        return is_null(e.value) ? e.key_line : line_of(e.value, e.key_line);
    }

    // An aliased node is met again at every reference; its problems are
    // reported once.
    void warn_once(int node, int line, std::string message) {
        if (!m_warned.emplace(m_tree.node(node).pos, message).second) return;
        m_out.warnings.push_back({{}, line, 0, std::move(message)});
    }

    // The map's entries in order, keys as strings, later duplicates replacing
    // earlier ones.
    std::vector<Entry> entries_of(int map) {
        std::vector<Entry> entries;
        for (int link = m_tree.first(map); link != YamlTree::k_none;) {
            const int k = m_tree.at(link);
            link = m_tree.next(link);
            const int value = m_tree.at(link);
            link = m_tree.next(link);
            const int line = line_of(k, m_first_line);
            if (is_null(k)) {
                entries.push_back({"null", k, value, line});
            } else if (is_scalar(k)) {
                entries.push_back({std::string(m_tree.scalar(k)), k, value, line});
            } else {
                warn_once(k, line, "front matter key is not a single value; skipped");
            }
        }
        if (entries.size() < 2) return entries;
        std::vector<std::size_t> order(entries.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return entries[a].key < entries[b].key;
        });
        std::vector<bool> replaced(entries.size(), false);
        bool any = false;
        for (std::size_t i = 1; i < order.size(); ++i) {
            const Entry& later = entries[order[i]];
            if (later.key != entries[order[i - 1]].key) continue;
            replaced[order[i - 1]] = true;
            any = true;
            warn_once(later.key_node, later.key_line,
                      "duplicate key '" + later.key + "'; the last value is used");
        }
        if (!any) return entries;
        std::vector<Entry> kept;
        kept.reserve(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i)
            if (!replaced[i]) kept.push_back(std::move(entries[i]));
        return kept;
    }

    void stop(int line) {
        m_truncated = true;
        m_out.warnings.push_back(
            {{}, line, 0, "front matter too large or too deeply nested; truncated"});
    }

    // Writes `node` as JSON and records its scalars as fields (and strings).
    // `path` is the flattened key, `top_key` the top-level key, `position`
    // the index in the innermost list (-1 outside lists), `null_line` the
    // line to report if the node is empty (its key's line for a map value,
    // since an empty node's own mark is the next token's).
    void walk(int node, const std::string& path, const std::string& top_key, int position,
              int depth, int null_line) {
        if (++m_nodes > k_max_nodes || depth > k_max_depth) {
            stop(line_of(node, null_line));
            m_json.null();
            return;
        }
        switch (kind(node)) {
            case YamlTree::Kind::map: {
                m_json.begin_object();
                for (const Entry& e : entries_of(node)) {
                    m_json.key(e.key);
                    walk(e.value, path + '.' + e.key, top_key, position, depth + 1, e.key_line);
                    if (m_truncated) break;
                }
                m_json.end_object();
                return;
            }
            case YamlTree::Kind::sequence: {
                m_json.begin_array();
                int index = 0;
                for (int link = m_tree.first(node); link != YamlTree::k_none;
                     link = m_tree.next(link)) {
                    const int item = m_tree.at(link);
                    walk(item, path, top_key, index++, depth + 1,
                         line_of(item, line_of(node, null_line)));
                    if (m_truncated) break;
                }
                m_json.end_array();
                return;
            }
            case YamlTree::Kind::scalar: {
                const std::string_view text = m_tree.scalar(node);
                const ScalarType type = scalar_type(node);
                const int line = line_of(node, null_line);
                switch (type) {
                    case ScalarType::string:
                        m_json.value(text);
                        m_out.strings.push_back({top_key, std::string(text), line});
                        break;
                    case ScalarType::number:
                        m_json.raw(json_number(text));
                        break;
                    case ScalarType::boolean:
                        m_json.value(ascii_lower(text[0]) == 't');
                        break;
                    case ScalarType::null:
                        m_json.null();
                        break;
                }
                m_out.fields.push_back({path,
                                        type == ScalarType::null ? std::string() : std::string(text),
                                        position, type_name(type), line});
                return;
            }
            case YamlTree::Kind::null:
                break;
        }
        m_json.null();
        m_out.fields.push_back({path, std::string(), position, "null", null_line});
    }

    // --- typed columns ---------------------------------------------------

    // Keys match case-insensitively; among spellings of one key (`Tags`,
    // `tags`) the last wins, as for duplicates.
    static const Entry* find(const std::vector<Entry>& top, std::string_view name) {
        const Entry* found = nullptr;
        for (const Entry& e : top)
            if (iequals(e.key, name)) found = &e;
        return found;
    }

    // The first of `names` that has a non-null value.
    const Entry* find_first(const std::vector<Entry>& top,
                            std::initializer_list<std::string_view> names) const {
        for (const std::string_view name : names) {
            const Entry* e = find(top, name);
            if (e && !is_null(e->value)) return e;
        }
        return nullptr;
    }

    const Entry* find_first(const std::vector<Entry>& top,
                            const std::vector<std::string>& names) const {
        for (const std::string& name : names) {
            const Entry* e = find(top, name);
            if (e && !is_null(e->value)) return e;
        }
        return nullptr;
    }

    std::string scalar_text(const Entry* e) {
        if (!e || is_null(e->value)) return {};
        if (is_scalar(e->value)) return std::string(m_tree.scalar(e->value));
        warn_once(e->value, value_line(*e), "'" + e->key + "' is not a single value; ignored");
        return {};
    }

    void add_tag(std::string_view text, int line) {
        text = trim(text);
        if (text.starts_with('#')) text = trim(text.substr(1));
        if (!text.empty()) m_out.tags.push_back({std::string(text), line, true});
    }

    void add_alias(std::string_view text) {
        text = trim(text);
        if (!text.empty()) m_out.aliases.emplace_back(text);
    }

    // A list of scalars, or one string cut at any of `separators`; `add`
    // takes each piece and its line.
    template <typename Add>
    void read_list(const Entry& e, std::string_view separators, Add add) {
        const int v = e.value;
        if (is_scalar(v)) {
            const std::string_view s = m_tree.scalar(v);
            const int line = value_line(e);
            std::size_t start = 0;
            while (start <= s.size()) {
                std::size_t end = s.find_first_of(separators, start);
                if (end == std::string_view::npos) end = s.size();
                add(s.substr(start, end - start), line);
                start = end + 1;
            }
        } else if (kind(v) == YamlTree::Kind::sequence) {
            for (int link = m_tree.first(v); link != YamlTree::k_none; link = m_tree.next(link)) {
                const int item = m_tree.at(link);
                if (is_scalar(item)) {
                    add(m_tree.scalar(item), line_of(item, value_line(e)));
                } else if (!is_null(item)) {
                    warn_once(item, line_of(item, value_line(e)),
                              "'" + e.key + "' item is not a single value; skipped");
                }
            }
        } else if (kind(v) == YamlTree::Kind::map) {
            warn_once(v, value_line(e),
                      "'" + e.key + "' is a mapping; expected a list or a string");
        }
    }

    void read_date(const std::vector<Entry>& top) {
        m_out.has_date_key = std::any_of(m_keys.date.begin(), m_keys.date.end(),
                                         [&](const std::string& k) { return find(top, k) != nullptr; });
        const Entry* e = find_first(top, m_keys.date);
        const std::string text = scalar_text(e);
        if (trim(text).empty()) return;
        if (auto iso = parse_date(text)) {
            m_out.date = std::move(*iso);
        } else {
            m_out.warnings.push_back({{}, value_line(*e), 0, "unparseable date '" + text + "'"});
        }
    }

    void read_typed_columns(const std::vector<Entry>& top) {
        m_out.title = scalar_text(find_first(top, m_keys.title));
        read_date(top);
        // All three tag keys count: a note may carry `tags` and `keywords`.
        for (const std::string& name : m_keys.tags) {
            if (const Entry* e = find(top, name))
                read_list(*e, ", \t\n\r\f\v",
                          [&](std::string_view s, int line) { add_tag(s, line); });
        }
        // Aliases may contain spaces: only commas separate them.
        if (const Entry* e = find_first(top, m_keys.aliases))
            read_list(*e, ",", [&](std::string_view s, int) { add_alias(s); });
        m_out.domain = scalar_text(find(top, "domain"));
        m_out.status = scalar_text(find(top, "status"));
        m_out.source = scalar_text(find_first(top, {"source", "url"}));
        m_out.relevance = scalar_text(find(top, "relevance"));
    }

    FrontMatter& m_out;
    const YamlTree& m_tree;
    int m_first_line;
    const FrontMatterKeys& m_keys;
    JsonWriter m_json;
    int m_nodes = 0;
    bool m_truncated = false;
    std::set<std::pair<int, std::string>> m_warned;  // (mark position, message)
};

// 1-based line and column of a yaml-cpp error, as file positions.
Warning yaml_error(const YAML::Exception& e, std::string_view yaml, int first_line) {
    // yaml-cpp quotes the offending byte ("unknown escape character: X"),
    // which may be one byte of a multi-byte character: keep messages UTF-8.
    Warning w{{}, first_line, 0, std::string(k_invalid_yaml) + text::sanitize_utf8(e.msg)};
    if (e.msg == YAML::ErrorMsg::DOC_IN_SCALAR) {
        // Our document-end sentinel stopped a quoted scalar (see the top).
        if (const auto open = find_unclosed_quote(yaml)) {
            w.line = first_line + open->line;
            w.column = open->column + 1;
            w.message = std::string(k_invalid_yaml) + "quoted string is not closed";
            return w;
        }
        w.message = std::string(k_invalid_yaml) +
                    "quoted string is not closed before the end of the front matter";
    }
    if (!e.mark.is_null()) {
        w.line = first_line + e.mark.line;
        w.column = e.mark.column + 1;
    }
    return w;
}

bool digits_at(std::string_view s, std::size_t i, std::size_t width, int& out) {
    if (i + width > s.size()) return false;
    out = 0;
    for (std::size_t k = i; k < i + width; ++k) {
        if (!is_digit(s[k])) return false;
        out = out * 10 + (s[k] - '0');
    }
    return true;
}

int days_in_month(int year, int month) {
    static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : k_days[month - 1];
}

void append_2d(std::string& out, int n) {
    out.push_back(static_cast<char>('0' + n / 10));
    out.push_back(static_cast<char>('0' + n % 10));
}

}  // namespace

FrontMatterBlock split_front_matter(std::string_view file) {
    if (file.starts_with(k_bom)) file.remove_prefix(k_bom.size());
    FrontMatterBlock block;
    block.body = file;
    const std::size_t first_end = file.find('\n');
    if (!is_fence(file.substr(0, first_end), "---")) return block;
    if (first_end != std::string_view::npos) {
        const std::size_t yaml_start = first_end + 1;
        int line = 2;
        for (std::size_t pos = yaml_start; pos < file.size(); ++line) {
            const std::size_t end = file.find('\n', pos);
            const std::string_view text = file.substr(
                pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
            if (is_fence(text, "---") || is_fence(text, "...")) {
                block.present = true;
                block.yaml = file.substr(yaml_start, pos - yaml_start);
                block.yaml_first_line = 2;
                block.body =
                    end == std::string_view::npos ? file.substr(file.size()) : file.substr(end + 1);
                block.body_first_line = line + 1;
                return block;
            }
            if (end == std::string_view::npos) break;
            pos = end + 1;
        }
    }
    block.warning =
        Warning{{}, 1, 0, "front matter is not terminated (no closing '---'); read as body"};
    return block;
}

FrontMatter parse_front_matter(std::string_view yaml, int first_line) {
    static const FrontMatterKeys k_default_keys;
    return parse_front_matter(yaml, first_line, k_default_keys);
}

FrontMatter parse_front_matter(std::string_view yaml, int first_line, const FrontMatterKeys& keys) {
    return parse_front_matter(yaml, first_line, keys, YamlReader::any);
}

bool fast_yaml_reader_takes(std::string_view yaml) {
    YamlTree tree;
    try {
        return SimpleYamlReader(yaml, tree).read();
    } catch (const std::exception&) {
        return false;
    }
}

std::string describe(const FrontMatter& fm) {
    std::string out = "valid " + std::to_string(fm.valid) + "\njson " + fm.json + "\ntitle " + fm.title +
                      "\ndate " + fm.date + " " + std::to_string(fm.has_date_key) + "\ndomain " + fm.domain +
                      "\nstatus " + fm.status + "\nsource " + fm.source + "\nrelevance " + fm.relevance + "\n";
    for (const auto& a : fm.aliases) out += "alias " + a + "\n";
    for (const auto& t : fm.tags) out += "tag " + t.name + " " + std::to_string(t.line) + "\n";
    for (const auto& f : fm.fields) {
        out += "field " + f.key + "=" + f.value + " " + std::to_string(f.position) + " " + f.type + " " +
               std::to_string(f.line) + "\n";
    }
    for (const auto& st : fm.strings) out += "string " + st.key + "=" + st.value + " " + std::to_string(st.line) + "\n";
    for (const auto& w : fm.warnings) {
        out += "warning " + std::to_string(w.line) + ":" + std::to_string(w.column) + " " + w.message + "\n";
    }
    return out;
}

FrontMatter parse_front_matter(std::string_view yaml, int first_line, const FrontMatterKeys& keys,
                               YamlReader reader) {
    FrontMatter fm;
    try {
        YamlTree simple;
        if (reader == YamlReader::any && SimpleYamlReader(yaml, simple).read()) {
            FrontMatterReader(fm, simple, first_line, keys).read();
        } else {
            std::string source;
            source.reserve(yaml.size() + 5);
            source.append(yaml);
            if (!source.empty() && source.back() != '\n') source.push_back('\n');
            source.append("...\n");  // where the closing fence stands; see the top of the file
            TextStreamBuf buffer(source);
            std::istream stream(&buffer);
            YAML::Parser parser(stream);
            YamlTree tree;
            parser.HandleNextDocument(tree);  // no document leaves the tree empty
            FrontMatterReader(fm, tree, first_line, keys).read();
        }
    } catch (const YAML::DeepRecursion& e) {
        // yaml-cpp's guard against stack exhaustion; its message is "bad file".
        fm = FrontMatter{};
        fm.valid = false;
        fm.warnings.push_back({{}, first_line + std::max(e.mark.line, 0), 0,
                               std::string(k_invalid_yaml) + "nested too deeply"});
    } catch (const YAML::Exception& e) {
        fm = FrontMatter{};
        fm.valid = false;
        fm.warnings.push_back(yaml_error(e, yaml, first_line));
    } catch (const std::exception& e) {
        fm = FrontMatter{};
        fm.valid = false;
        fm.warnings.push_back(
            {{}, first_line, 0, std::string("could not read front matter: ") + e.what()});
    }
    std::stable_sort(fm.warnings.begin(), fm.warnings.end(),
                     [](const Warning& a, const Warning& b) { return a.line < b.line; });
    return fm;
}

namespace {

/// Seconds since 1970 as ISO 8601 UTC ("2021-08-31T05:56:24Z").
std::string iso_utc(std::int64_t seconds) {
    std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    // Howard Hinnant's civil_from_days.
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    std::string out = std::to_string(year);
    out.push_back('-');
    append_2d(out, month);
    out.push_back('-');
    append_2d(out, day);
    out.push_back('T');
    append_2d(out, static_cast<int>(rest / 3600));
    out.push_back(':');
    append_2d(out, static_cast<int>(rest / 60 % 60));
    out.push_back(':');
    append_2d(out, static_cast<int>(rest % 60));
    out.push_back('Z');
    return out;
}

}  // namespace

std::optional<std::string> parse_date(std::string_view s) {
    // Strict on purpose: only ISO 8601 and YAML timestamps. `03/04/2026` or
    // `2026/3/4` could be read several ways, and a wrong date is worse than a
    // warning and an empty column. One more form is unambiguous: Unix time
    // as a bare number, 12 or 13 digits in milliseconds (Dendron's `created:
    // 1630389384892`), 9 or 10 digits in seconds (2001 to 2286).
    s = trim(s);
    if ((s.size() >= 9 && s.size() <= 10) || (s.size() >= 12 && s.size() <= 13)) {
        if (std::all_of(s.begin(), s.end(), is_digit)) {
            std::int64_t n = 0;
            for (const char c : s) n = n * 10 + (c - '0');
            if (s.size() >= 12) n /= 1000;
            if (n >= 1'000'000'000) return iso_utc(n);
        }
    }
    int year = 0, month = 0, day = 0;
    if (!digits_at(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits_at(s, 5, 2, month) ||
        s[7] != '-' || !digits_at(s, 8, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
    std::string out(s.substr(0, 10));
    if (s.size() == 10) return out;

    std::size_t i = 10;
    if (s[i] != 'T' && s[i] != ' ') return std::nullopt;
    ++i;
    int hour = 0, minute = 0, second = 0;
    if (!digits_at(s, i, 2, hour) || i + 2 >= s.size() || s[i + 2] != ':' ||
        !digits_at(s, i + 3, 2, minute))
        return std::nullopt;
    i += 5;
    if (i < s.size() && s[i] == ':') {
        if (!digits_at(s, i + 1, 2, second)) return std::nullopt;
        i += 3;
        if (i < s.size() && s[i] == '.') {
            const std::size_t start = ++i;
            while (i < s.size() && is_digit(s[i])) ++i;
            if (i == start) return std::nullopt;
        }
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    out.push_back('T');
    append_2d(out, hour);
    out.push_back(':');
    append_2d(out, minute);
    out.push_back(':');
    append_2d(out, second);
    if (i == s.size()) return out;

    if (s[i] == 'Z') {
        if (i + 1 != s.size()) return std::nullopt;
        out.push_back('Z');
        return out;
    }
    if (s[i] != '+' && s[i] != '-') return std::nullopt;
    const char sign = s[i++];
    int off_hour = 0, off_minute = 0;
    if (!digits_at(s, i, 2, off_hour)) return std::nullopt;
    i += 2;
    if (i < s.size() && s[i] == ':') ++i;
    if (!digits_at(s, i, 2, off_minute) || i + 2 != s.size()) return std::nullopt;
    if (off_hour > 23 || off_minute > 59) return std::nullopt;
    out.push_back(sign);
    append_2d(out, off_hour);
    out.push_back(':');
    append_2d(out, off_minute);
    return out;
}

}  // namespace notes::parse
