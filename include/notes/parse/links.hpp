#pragma once
// Link grammar shared by the body parser and the front-matter parser: the
// inside of a wiki-link, and where link targets point.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notes/core/dialect.hpp"
#include "notes/core/note.hpp"

namespace notes::parse {

/// Parses the text between `[[` and `]]`: "target", "target|label",
/// "target#Heading", "target#H1#H2", "target#^block", "#Heading",
/// "a\|b" (the escaped pipe used inside tables). The target is trimmed and
/// keeps any ".md". Returns nullopt when there is nothing to link to
/// (empty, or only "|label"). Dendron writes the label first
/// ("label|target") and may prefix a vault ("dendron://vault/target").
std::optional<Link> parse_wiki_inner(std::string_view inner, Dialect dialect = Dialect::obsidian);

/// Finds every `[[...]]` and `![[...]]` in one piece of text that holds no
/// code (used for front-matter strings). Links get `kind` (embeds keep
/// `kind` too: front-matter values are never embeds) and `line`.
std::vector<Link> scan_wiki_links(std::string_view text, std::string_view kind, int line,
                                  Dialect dialect = Dialect::obsidian);

/// True for targets with a URL scheme ("https://", "mailto:", "obsidian://").
bool is_external_target(std::string_view target);


}  // namespace notes::parse
