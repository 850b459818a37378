#pragma once
// Whether a link's anchor (`[[Note#Heading]]`, `[x](note.md#heading)`,
// `[[Note#^block]]`) names something in its target: the rules of
// docs/dialects.md, as pure functions over the target's headings.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notes/core/dialect.hpp"

namespace notes {

/// Obsidian's key for comparing a heading with a link (its stripHeading):
/// each of ! " # $ % & ( ) * + , . : ; < = > ? @ ^ ` { | } ~ / [ ] \ and line
/// ends becomes a space, white space collapses, then NFC and case folding.
/// Applied to a heading's source text and to the anchor alike, so that
/// "What is X?" matches `#What is X`, and "`move`" matches `#move`.
std::string heading_match_key(std::string_view text);

/// The GitHub anchors of a note's headings (their visible text), in order:
/// a repeated slug gets "-1", "-2", … as GitHub and github-slugger give it.
std::vector<std::string> heading_slugs(const std::vector<std::string>& texts);

/// What an anchor is compared with.
enum class AnchorStyle {
    obsidian,          ///< heading_match_key; "H1#H2" walks the headings in order
    obsidian_or_slug,  ///< also a GitHub slug (Markdown links; Foam's wiki-links)
    dendron,           ///< slugs and keys, and Dendron's ranges "a,1:#b", "#*", "^begin"
};

/// The style for a link of `kind` ("wiki", "embed", "markdown", a
/// front-matter key) in a vault of `dialect`.
AnchorStyle anchor_style(Dialect dialect, std::string_view kind);

/// One heading of the target, as the index keeps it.
struct AnchorHeading {
    int level = 0;
    std::string key;   ///< heading_match_key() of its source text
    std::string slug;  ///< from heading_slugs()
};

/// What a one-piece heading anchor ("Heading", the common case) is compared
/// with: a heading's `key`, and when `slug` is not empty also its `slug`.
/// Lets a store look the heading up through an index instead of reading every
/// heading of the target; gives the answer anchor_exists() would give.
struct HeadingAnchorKeys {
    std::string key;
    std::string slug;
};

/// The keys of `anchor` when it names one heading; nullopt for block ids,
/// heading paths ("H1#H2") and Dendron's styles, which need every heading.
std::optional<HeadingAnchorKeys> single_heading_keys(std::string_view anchor, AnchorStyle style);

/// Whether `anchor` (as written after the first '#': "Heading", "H1#H2",
/// "^block-id", Dendron's "start,1:#end") names a heading or block of the
/// target. `block_ids` are the target's block ids in lower case (block ids
/// match whatever their case).
bool anchor_exists(std::string_view anchor, AnchorStyle style, const std::vector<AnchorHeading>& headings,
                   const std::vector<std::string>& block_ids);

}  // namespace notes
