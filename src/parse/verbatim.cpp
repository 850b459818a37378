// Lines that are read differently from CommonMark before cmark sees them:
//
// - `$$` math blocks (Obsidian, Logseq, Foam's and Dendron's previews alike):
//   from a line that starts with `$$` to the next line that ends with `$$`
//   (or the same line, `$$x = 1$$`). Outside fenced code only. An unclosed
//   `$$` is text: nothing after it becomes math.
// - Logseq's org-mode blocks inside Markdown, `#+BEGIN_EXAMPLE` … `#+END_EXAMPLE`
//   (also SRC and QUERY): their text is shown as written, not read.
// - Logseq's properties, `key:: value` lines: those of the first block are the
//   page's properties (`title::`, `alias::`, `tags::`, any other key), the rest
//   belong to one block of the outline (`id::` names the block for `((id))`).

#include <string>

#include "markdown_detail.hpp"

namespace notes::parse::detail {
namespace {

std::string_view line_text(std::string_view body, const SourceLine& l) {
    return body.substr(l.start, l.end - l.start);
}

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

/// The fence a line opens or closes ("```", "~~~~"), or "" when it is none.
std::string_view fence_of(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 4 && line[i] == ' ') ++i;
    if (i > 3 || i >= line.size() || (line[i] != '`' && line[i] != '~')) return {};
    std::size_t k = i;
    while (k < line.size() && line[k] == line[i]) ++k;
    return k - i >= 3 ? line.substr(i, k - i) : std::string_view{};
}

/// Logseq's org block keyword, upper-cased: "BEGIN_EXAMPLE", "END_SRC", …
bool org_block_line(std::string_view line, std::string_view prefix) {
    line = trim_blanks(line);
    if (line.size() >= 2 && line[0] == '-' && line[1] == ' ') line = trim_blanks(line.substr(2));
    if (line.size() < prefix.size() + 2 || line.substr(0, 2) != "#+") return false;
    return iequals_ascii(line.substr(2, prefix.size()), prefix);
}

bool is_property_key_char(char c) {
    return is_ascii_alnum(c) || c == '_' || c == '-' || c == '.' || c == '*' || c == '+' || c == '!' ||
           c == '?' || c == '$' || c == '%' || c == '&' || c == '=' || c == '<' || c == '>' || c == '/';
}

/// `key:: value` (after the outline's indentation and an optional "- "):
/// the key (lower case, '_' as '-') and the value; false otherwise.
bool parse_property(std::string_view line, std::string& key, std::string& value) {
    std::string_view s = trim_blanks(line);
    if (s.size() >= 2 && s[0] == '-' && s[1] == ' ') s = trim_blanks(s.substr(2));
    const std::size_t colons = s.find("::");
    if (colons == std::string_view::npos || colons == 0) return false;
    if (colons + 2 < s.size() && s[colons + 2] != ' ' && s[colons + 2] != '\t') return false;
    const std::string_view k = s.substr(0, colons);
    if (is_ascii_digit(k.front())) return false;
    for (const char c : k) {
        if (!is_property_key_char(c)) return false;
    }
    key.clear();
    for (const char c : k) key.push_back(c == '_' ? '-' : text::ascii_lower(c));
    value = std::string(trim_blanks(s.substr(colons + 2)));
    return true;
}

}  // namespace

bool mark_verbatim(std::string_view body, std::vector<SourceLine>& lines, const BodyOptions& options) {
    const bool logseq = options.dialect == Dialect::logseq;
    if (body.find("$$") == std::string_view::npos && !(logseq && body.find("#+") != std::string_view::npos)) {
        return false;
    }
    bool any_math = false;
    std::string_view open_fence;
    for (std::size_t j = 0; j < lines.size(); ++j) {
        const std::string_view line = line_text(body, lines[j]);
        if (const std::string_view fence = fence_of(line); !fence.empty()) {
            if (open_fence.empty()) {
                open_fence = fence;
            } else if (fence.front() == open_fence.front() && fence.size() >= open_fence.size()) {
                open_fence = {};
            }
            continue;
        }
        if (!open_fence.empty()) continue;
        const std::string_view trimmed = trim_blanks(line);
        if (trimmed.substr(0, 2) == "$$") {
            // One line ("$$x$$"), or up to the line that ends with "$$".
            std::size_t last = k_npos;
            if (trimmed.size() >= 4 && trimmed.substr(trimmed.size() - 2) == "$$") {
                last = j;
            } else {
                for (std::size_t k = j + 1; k < lines.size(); ++k) {
                    const std::string_view t = trim_blanks(line_text(body, lines[k]));
                    if (t.size() >= 2 && t.substr(t.size() - 2) == "$$") {
                        last = k;
                        break;
                    }
                }
            }
            if (last == k_npos) continue;
            for (std::size_t k = j; k <= last; ++k) lines[k].verbatim = Verbatim::math;
            any_math = true;
            j = last;
            continue;
        }
        if (logseq && (org_block_line(line, "BEGIN_EXAMPLE") || org_block_line(line, "BEGIN_SRC") ||
                       org_block_line(line, "BEGIN_QUERY"))) {
            for (std::size_t k = j; k < lines.size(); ++k) {
                lines[k].verbatim = Verbatim::block;
                if (k > j && org_block_line(line_text(body, lines[k]), "END_")) {
                    j = k;
                    break;
                }
                j = k;
            }
        }
    }
    return any_math;
}

void read_properties(std::string_view body, std::vector<SourceLine>& lines, BodyFacts& facts, int first_line) {
    if (body.find("::") == std::string_view::npos) return;
    bool in_first_block = true;
    bool seen_content = false;
    std::string key, value;
    for (std::size_t j = 0; j < lines.size(); ++j) {
        SourceLine& l = lines[j];
        const std::string_view line = line_text(body, l);
        if (trim_blanks(line).empty()) {
            if (seen_content) in_first_block = false;
            continue;
        }
        const bool property = l.kind != LineKind::code && l.verbatim == Verbatim::no && parse_property(line, key, value);
        if (!property) {
            in_first_block = false;
            seen_content = true;
            continue;
        }
        seen_content = true;
        l.property = static_cast<int>(facts.properties.size());
        facts.properties.push_back({key, value, first_line + static_cast<int>(j), in_first_block});
        if (key == "id" && !value.empty()) {
            std::string id;
            for (const char c : value) id.push_back(text::ascii_lower(c));
            facts.block_ids.push_back(std::move(id));
        }
    }
}

}  // namespace notes::parse::detail
