#pragma once
// What `notes show` and `notes tags` read from the index, as plain data. The
// command line renders it (text or JSON); docs/schema.md describes the tables
// these values come from.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace notes::store {
class IndexStore;
}

namespace notes::query {

using store::IndexStore;

/// One front-matter value (one item of a list), as in the `fields` table.
struct NoteField {
    std::string key;                       ///< nested keys flattened with '.'
    std::optional<std::string> value;      ///< nullopt for a YAML null
    std::optional<std::int64_t> position;  ///< index in a list; nullopt for a single value
    std::string type;                      ///< "string", "number", "bool" or "null"
    std::optional<std::int64_t> line;
};

struct NoteTag {
    std::string name;    ///< as first written in the note, without '#'
    std::string source;  ///< "front_matter" or "body"
    std::int64_t line = 0;
};

/// A link of the note with its current resolution (the `links` table).
struct OutgoingLink {
    std::int64_t line = 0;
    std::string kind;         ///< "wiki", "embed", "markdown", "external" or a front-matter key
    std::string target;       ///< as written; empty for a same-note link
    std::string anchor;       ///< empty when none
    std::string label;        ///< empty when none
    std::string status;       ///< "resolved", "broken", "external" or "attachment"
    std::string resolved_by;  ///< "path", "slug", "alias", "title", "self"; empty unless resolved
    std::string target_path;  ///< the note it resolves to; empty unless resolved
    std::string target_title;
    /// Resolved links with an anchor: whether the heading or block id exists.
    std::optional<bool> anchor_ok;
};

/// A resolved link from another note to this one (the `backlinks` view).
struct Backlink {
    std::string source_path;
    std::string source_title;
    std::int64_t line = 0;  ///< line of the link in the source note
    std::string kind;
    std::string anchor;  ///< empty when none
};

struct HierarchyNote {
    std::string path;
    std::string title;
};

struct NoteHeading {
    std::int64_t level = 0;
    std::string text;
    std::int64_t line = 0;
};

/// A problem found while parsing the note (the `warnings` table).
struct NoteWarning {
    std::optional<std::int64_t> line;
    std::optional<std::int64_t> col;
    std::string message;
};

/// Everything the index knows about one note. Empty strings stand for NULL
/// columns (the index stores no empty text).
struct NoteDetails {
    std::int64_t id = 0;
    std::string path;
    std::string slug;
    std::string folder;
    std::string title;
    std::string title_source;
    std::string date;
    std::string domain;
    std::string status;
    std::string source;
    std::string relevance;
    std::int64_t word_count = 0;
    /// The whole front matter as a JSON object; empty when there is none or
    /// it is not valid YAML (then front_matter_invalid is set).
    std::string front_matter_json;
    bool front_matter_invalid = false;
    std::vector<NoteField> fields;        ///< in file order
    std::vector<NoteTag> tags;            ///< in file order
    std::vector<std::string> aliases;     ///< in file order
    std::vector<OutgoingLink> links_out;  ///< by line
    std::vector<Backlink> backlinks;      ///< by source path, then line
    std::vector<NoteHeading> headings;    ///< in file order
    std::vector<NoteWarning> warnings;    ///< in file order
    /// The note's place in a hierarchy of `parent` links (Dendron's `a.b.c`,
    /// or a `parent:` front-matter link): its ancestors from the top down,
    /// and its children by path. Empty when it has none.
    std::vector<HierarchyNote> ancestors;
    std::vector<HierarchyNote> children;
};

/// The note with id `id` (from find_note()). Throws Error when no such note
/// exists: callers pass ids they just looked up.
NoteDetails load_note_details(IndexStore& store, std::int64_t id);

/// A tag and the number of notes carrying it, as in the `tag_counts` view:
/// tags are grouped by folded key and `tag` is the spelling of the first note
/// in path order.
/// One node of the tag tree: `db/sqlite` is the child `sqlite` of `db`.
struct TagNode {
    std::string name;  ///< the last part: "sqlite"
    std::string tag;   ///< the whole tag: "db/sqlite"
    std::string key;   ///< folded whole tag
    /// Notes carrying exactly this tag; 0 for a parent no note names alone.
    std::int64_t notes = 0;
    /// Distinct notes carrying this tag or one nested under it: a note tagged
    /// `db/a` and `db/b` counts once for `db`.
    std::int64_t subtree_notes = 0;
    std::vector<TagNode> children;
};

enum class TagSort { count, name };

/// The tags of the vault as a forest: nested tags under their parents (which
/// appear even when no note carries them alone), as the `tag_nodes` table
/// holds them. Siblings are ordered by `sort`: `count` is subtree_notes
/// descending, then key; `name` is by key.
std::vector<TagNode> tag_tree(IndexStore& store, TagSort sort);

}  // namespace notes::query
