#pragma once
// The rules of the tag tree (the `tag_nodes` table, docs/schema.md) as pure
// functions, and the tally a fresh build keeps of the tags it writes. Private
// to src/store/; tag_nodes.cpp says how the table stays true.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace notes::store::detail {

/// The parts of a nested tag ("db/sqlite" -> db, sqlite). A tag with an
/// empty part ("a//b", "a/", "/a") is not nested: it is one part, as written.
std::vector<std::string_view> tag_parts(std::string_view tag);

/// Whether a tag key is nested: it has several parts, none of them empty.
bool is_nested(std::string_view key);

/// The nodes whose rows a change of the tag `key` may change: the key itself
/// and every prefix of it that ends before a '/' and leaves something after
/// it ("a/b/c": a/b/c, a/b, a). A prefix is the key of a parent whose total
/// counts the notes of `key`, when it is a parent at all.
std::vector<std::string> affected_nodes(std::string_view key);

/// A row of `tag_nodes`.
struct TagNodeRow {
    std::string key;
    std::string tag;
    std::string name;
    std::optional<std::string> parent_key;
    std::int64_t notes = 0;
    std::int64_t total = 0;
};

/// The row of node `key`, given what the tags table holds for it:
/// - `carried`: its spelling and number of notes when notes carry the key
///   itself (the spelling of the first of them in path order);
/// - `first_child`: the first key in byte order, among the keys notes carry,
///   that is nested under `key` (its key and spelling), if any: the node is
///   then a parent, and a parent no note carries alone is spelled as the
///   start of that key's spelling;
/// - `under`: the number of distinct notes carrying `key` or a key from
///   `key/` (excluded) to `key0` (excluded), counted only for a parent.
/// nullopt when the node is neither carried nor a parent.
std::optional<TagNodeRow> tag_node(
    const std::string& key, const std::optional<std::pair<std::string, std::int64_t>>& carried,
    const std::optional<std::pair<std::string, std::string>>& first_child, std::int64_t under);

/// The tags of a fresh build, counted as its notes are written (the notes
/// of a fresh build are all new, and none is removed): the rows of
/// `tag_nodes` without a query over `tags`.
class TagTally {
  public:
    /// One note's tags: (key, spelling) pairs, one per key.
    void add_note(std::string_view path,
                  const std::vector<std::pair<std::string_view, std::string_view>>& tags);
    /// Every row of the table, in key order.
    std::vector<TagNodeRow> rows() const;

  private:
    struct Carried {
        std::string tag;
        std::string first_path;
        std::int64_t notes = 0;
    };
    /// Hashes a key given as a string or a view (heterogeneous lookup).
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    template <typename T>
    using ByKey = std::unordered_map<std::string, T, KeyHash, std::equal_to<>>;
    ByKey<Carried> m_carried;
    /// Per node key: the notes carrying it or a key under it (affected_nodes()).
    ByKey<std::int64_t> m_under;
    /// One note's nodes, views of its keys.
    std::vector<std::string_view> m_scratch;
};

}  // namespace notes::store::detail
