// The wiki-link grammar shared by the body and the front matter, and whether
// a link target is a URL.

#include "notes/parse/links.hpp"

#include "notes/core/text.hpp"

#include <algorithm>
#include <cstddef>

namespace notes::parse {
namespace {

using text::ascii_lower;
using text::iequals_ascii;
using text::is_ascii_alpha;
using text::is_ascii_digit;
using text::is_ascii_punct;




// Only ASCII white space is trimmed: a non-breaking space typed into a link
// is part of the name the user chose.
std::string_view trim(std::string_view s) {
    auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

// Schemes that are URLs without "//" after the colon. Any other scheme counts
// only with "//", so a wiki target like "Meeting: notes" or "C:\x" stays a
// note name.
constexpr std::string_view k_opaque_schemes[] = {
    "mailto", "tel", "sms",   "data", "news", "urn",      "magnet",
    "xmpp",   "geo", "about", "file", "irc",  "obsidian", "javascript",
    // VS Code's command links, which Dendron and Foam notes use.
    "command", "vscode",
};

}  // namespace

std::optional<Link> parse_wiki_inner(std::string_view inner, Dialect dialect) {
    std::string_view destination = inner;
    std::string_view label;
    // The first '|' ends the destination (Dendron: the label). Inside a table
    // it has to be written "\|"; the backslash then belongs to neither side.
    if (const std::size_t bar = inner.find('|'); bar != std::string_view::npos) {
        std::string_view before = inner.substr(0, bar);
        if (!before.empty() && before.back() == '\\') before.remove_suffix(1);
        if (dialect == Dialect::dendron) {
            label = before;
            destination = inner.substr(bar + 1);
        } else {
            destination = before;
            label = inner.substr(bar + 1);
        }
    }
    if (dialect == Dialect::dendron) {
        // "dendron://vault/note.name": a note of the named vault of the
        // workspace; this index holds one vault, so the name is dropped.
        destination = trim(destination);
        if (destination.size() > 10 && iequals_ascii(destination.substr(0, 10), "dendron://")) {
            const std::size_t slash = destination.find('/', 10);
            destination = slash == std::string_view::npos ? std::string_view{} : destination.substr(slash + 1);
        }
    }
    std::string_view target = destination;
    std::string_view anchor;
    if (const std::size_t hash = destination.find('#'); hash != std::string_view::npos) {
        target = destination.substr(0, hash);
        anchor = destination.substr(hash + 1);
    }
    target = trim(target);
    anchor = trim(anchor);
    if (target.empty() && anchor.empty()) return std::nullopt;

    Link link;
    link.kind = "wiki";
    link.target = std::string(target);
    link.anchor = std::string(anchor);
    link.label = std::string(trim(label));
    return link;
}

std::vector<Link> scan_wiki_links(std::string_view text, std::string_view kind, int line, Dialect dialect) {
    std::vector<Link> links;
    // A wiki-link ends on its line; the line's end is found once, and a line
    // without "]]" is searched once.
    std::size_t line_end = 0;
    std::size_t line_without_close = std::string_view::npos;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
        } else if (c == '\\' && i + 1 < text.size() && is_ascii_punct(text[i + 1])) {
            i += 2;  // "\[[x]]" is text, not a link
        } else if (c == '[' && i + 1 < text.size() && text[i + 1] == '[') {
            // A wiki-link never spans lines and ends at the first "]]".
            if (i >= line_end) line_end = std::min(text.find('\n', i), text.size());
            std::size_t close = std::string_view::npos;
            if (line_without_close != line_end) {
                close = text.substr(0, line_end).find("]]", i + 2);
                if (close == std::string_view::npos) line_without_close = line_end;
            }
            if (close == std::string_view::npos) {
                ++i;
                continue;
            }
            if (auto link = parse_wiki_inner(text.substr(i + 2, close - i - 2), dialect)) {
                link->kind = std::string(kind);
                link->line = line;
                links.push_back(std::move(*link));
            }
            i = close + 2;
        } else {
            ++i;
        }
    }
    return links;
}

bool is_external_target(std::string_view target) {
    if (target.empty() || !is_ascii_alpha(target[0])) return false;
    std::size_t i = 1;
    while (i < target.size() && (is_ascii_alpha(target[i]) || is_ascii_digit(target[i]) ||
                                 target[i] == '+' || target[i] == '-' || target[i] == '.')) {
        ++i;
    }
    // One letter before ':' is a Windows drive ("C:/notes/x.md"), not a scheme.
    if (i < 2 || i > 32 || i >= target.size() || target[i] != ':') return false;
    const std::string_view rest = target.substr(i + 1);
    if (rest.size() > 2 && rest[0] == '/' && rest[1] == '/') return true;
    if (rest.empty()) return false;
    const std::string_view scheme = target.substr(0, i);
    for (const std::string_view known : k_opaque_schemes) {
        if (iequals_ascii(scheme, known)) return true;
    }
    return false;
}


}  // namespace notes::parse
