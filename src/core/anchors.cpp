// Anchors, the way each tool compares them (docs/dialects.md, "Anchors"):
//
// Obsidian compares a link's subpath with each heading after folding both
// with stripHeading(): a fixed set of ASCII punctuation becomes a space, white
// space collapses, case is ignored. "H1#H2" walks the target's headings in
// document order: each piece must match a heading deeper than the one the
// previous piece matched (not necessarily inside its section), and the first
// such heading wins. "^id" names a block, whatever the case of its id.
//
// GitHub, Dendron and Foam write anchors as github-slugger slugs of the
// heading's visible text ("## What's in a Foam?" -> #whats-in-a-foam), with
// "-1", "-2" for repeated headings. Markdown links accept them in every
// vault (they are what a Markdown renderer makes), wiki-links in Dendron and
// Foam vaults. Dendron note references also name ranges: "start,2:#end"
// (from the heading `start`, skipping 2 lines, to `end`), "#*" (to the next
// heading), "^begin" and "^end" (the note's ends); each named part must exist.

#include "notes/core/anchors.hpp"

#include <algorithm>

#include "notes/core/text.hpp"

namespace notes {
namespace {

bool is_stripped(char c) {
    switch (c) {
        case '!': case '"': case '#': case '$': case '%': case '&': case '(': case ')':
        case '*': case '+': case ',': case '.': case ':': case ';': case '<': case '=':
        case '>': case '?': case '@': case '^': case '`': case '{': case '|': case '}':
        case '~': case '/': case '[': case ']': case '\\': case '\r': case '\n':
            return true;
        default:
            return false;
    }
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = text::ascii_lower(c);
    return out;
}

std::vector<std::string_view> split_pieces(std::string_view anchor) {
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    while (start <= anchor.size()) {
        std::size_t hash = anchor.find('#', start);
        if (hash == std::string_view::npos) hash = anchor.size();
        if (hash > start) pieces.push_back(anchor.substr(start, hash - start));
        start = hash + 1;
    }
    return pieces;
}

bool block_exists(std::string_view id, const std::vector<std::string>& block_ids) {
    const std::string wanted = ascii_lower(id);
    return std::find(block_ids.begin(), block_ids.end(), wanted) != block_ids.end();
}

/// One heading named by `piece`, by key or (when `slugs`) by slug.
bool heading_named(std::string_view piece, bool slugs, const std::vector<AnchorHeading>& headings) {
    const std::string key = heading_match_key(piece);
    const std::string slug = slugs ? text::fold_key(piece) : std::string();
    for (const AnchorHeading& h : headings) {
        if (!key.empty() && h.key == key) return true;
        if (slugs && !slug.empty() && h.slug == slug) return true;
    }
    return false;
}

/// Obsidian's walk over the headings for "H1#H2#…".
bool heading_path_exists(const std::vector<std::string_view>& pieces, const std::vector<AnchorHeading>& headings) {
    std::vector<std::string> keys;
    for (const std::string_view p : pieces) keys.push_back(heading_match_key(p));
    std::size_t matched = 0;
    int level = 0;
    for (const AnchorHeading& h : headings) {
        if (h.level > level && h.key == keys[matched]) {
            level = h.level;
            if (++matched == keys.size()) return true;
        }
    }
    return false;
}

/// One part of a Dendron range: a heading slug or key, "^id", "*", "^begin", "^end".
bool dendron_part_exists(std::string_view part, bool is_end, const std::vector<AnchorHeading>& headings,
                         const std::vector<std::string>& block_ids) {
    while (!part.empty() && part.front() == '#') part.remove_prefix(1);
    if (part.empty()) return true;
    if (is_end && part == "*") return true;
    if (part == "^begin" || part == "^end") return true;
    if (part.front() == '^') return block_exists(part.substr(1), block_ids);
    return heading_named(part, true, headings);
}

}  // namespace

std::string heading_match_key(std::string_view text) {
    if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        // The common case in one pass: stripped characters and ASCII white
        // space become one space, none at the ends, letters lower case.
        std::string key;
        key.reserve(text.size());
        bool pending_space = false;
        for (const char c : text) {
            if (is_stripped(c) || c == ' ' || c == '\t' || c == '\f' || c == '\v') {
                pending_space = !key.empty();
                continue;
            }
            if (pending_space) key += ' ';
            pending_space = false;
            key += text::ascii_lower(c);
        }
        return key;
    }
    std::string spaced(text);
    for (char& c : spaced) {
        if (is_stripped(c)) c = ' ';
    }
    return text::fold_key(text::collapse_whitespace(spaced));
}

std::vector<std::string> heading_slugs(const std::vector<std::string>& texts) {
    // github-slugger's counter: a slug already given gets "-N", N counting
    // the repeats of the original slug, until the result is new.
    // A note has a few headings: the slugs given so far are searched
    // linearly, with the repeat count of each original beside it.
    std::vector<std::string> out;
    out.reserve(texts.size());
    std::vector<std::pair<std::string, int>> repeats;  // original slug, its repeats so far
    const auto given = [&out](const std::string& slug) { return std::find(out.begin(), out.end(), slug) != out.end(); };
    for (const std::string& t : texts) {
        std::string original = text::github_slug(t);
        if (!given(original)) {
            out.push_back(std::move(original));
            continue;
        }
        auto it = std::find_if(repeats.begin(), repeats.end(), [&](const auto& r) { return r.first == original; });
        if (it == repeats.end()) it = repeats.insert(repeats.end(), {original, 0});
        std::string slug;
        do {
            slug = original + "-" + std::to_string(++it->second);
        } while (given(slug));
        out.push_back(std::move(slug));
    }
    return out;
}

AnchorStyle anchor_style(Dialect dialect, std::string_view kind) {
    if (dialect == Dialect::dendron && kind != "markdown") return AnchorStyle::dendron;
    if (kind == "markdown" || dialect == Dialect::foam || dialect == Dialect::dendron) {
        return AnchorStyle::obsidian_or_slug;
    }
    return AnchorStyle::obsidian;
}

std::optional<HeadingAnchorKeys> single_heading_keys(std::string_view anchor, AnchorStyle style) {
    if (style == AnchorStyle::dendron) return std::nullopt;
    const std::vector<std::string_view> pieces = split_pieces(anchor);
    if (pieces.size() != 1 || pieces[0].front() == '^') return std::nullopt;
    return HeadingAnchorKeys{heading_match_key(pieces[0]),
                             style == AnchorStyle::obsidian_or_slug ? text::fold_key(pieces[0]) : std::string()};
}

bool anchor_exists(std::string_view anchor, AnchorStyle style, const std::vector<AnchorHeading>& headings,
                   const std::vector<std::string>& block_ids) {
    if (style == AnchorStyle::dendron) {
        const std::size_t range = anchor.find(":#");
        std::string_view start = range == std::string_view::npos ? anchor : anchor.substr(0, range);
        if (const std::size_t comma = start.find(','); comma != std::string_view::npos) {
            start = start.substr(0, comma);  // ",N": lines skipped after the start
        }
        if (!dendron_part_exists(start, false, headings, block_ids)) return false;
        return range == std::string_view::npos ||
               dendron_part_exists(anchor.substr(range + 2), true, headings, block_ids);
    }
    const std::vector<std::string_view> pieces = split_pieces(anchor);
    if (pieces.empty()) return true;
    if (pieces.size() == 1 && pieces[0].front() == '^') return block_exists(pieces[0].substr(1), block_ids);
    if (pieces.size() == 1) return heading_named(pieces[0], style == AnchorStyle::obsidian_or_slug, headings);
    return heading_path_exists(pieces, headings);
}

}  // namespace notes
