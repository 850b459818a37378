#pragma once
// The resolve step of an index run. Private to src/index/.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "notes/core/anchors.hpp"
#include "notes/core/note.hpp"
#include "notes/core/resolve.hpp"
#include "notes/store/index_store.hpp"

namespace notes::index::detail {

using store::IndexStore;

/// True for a link to a URL: it is never resolved.
bool is_external(std::string_view kind, std::string_view target);

/// A fresh build inserts every note with a known id (its place in path
/// order) and resolves, on the parser threads, each link that names a note
/// by path or slug: those depend only on the paths the walk found. Links that
/// need the titles and aliases of all notes, or the headings of their target
/// (anchors), are left for resolve_links() after the last note is written.
class FreshBuildResolver {
public:
    /// `paths`: every file to be parsed, in path order; note i gets id i + 1.
    FreshBuildResolver(const std::vector<std::string>& paths, Dialect dialect);

    /// Sets the id of note `index` and the links it can resolve already.
    /// Safe to call from several threads at once.
    void prepare(std::size_t index, const std::string& path, const ParsedNote& note,
                 store::PreparedNote& prepared) const;

private:
    Dialect m_dialect;
    LinkResolver m_resolver;
};

/// Which links resolve_links() visits.
struct LinkScope {
    /// Every link; otherwise the links of `notes`, the anchored links into
    /// them, and the links `link_ids`.
    bool every_link = false;
    std::vector<std::int64_t> notes;
    std::vector<std::int64_t> link_ids;
    /// Every note's names held in memory, for many links; otherwise each
    /// target is looked up through the index's name indexes.
    bool names_in_memory = false;
};

/// Re-resolves the links of `scope` and writes back only those whose
/// resolution changed, by the rules of `dialect`. Returns how many it
/// visited; the notes holding a link that became broken (or whose anchor
/// did) are added to `newly_broken`, when given.
std::size_t resolve_links(IndexStore& store, Dialect dialect, const LinkScope& scope,
                          std::vector<std::int64_t>* newly_broken = nullptr);

}  // namespace notes::index::detail
