#pragma once
// The resolve step of an index run. Private to src/index/.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
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

/// Re-resolves every link (`only_notes` empty), the links of `only_notes`
/// and the anchored links into them, or the links `link_ids`, and writes
/// back only those whose resolution changed, by the rules of `dialect`.
/// Returns how many it visited.
std::size_t resolve_links(IndexStore& store, Dialect dialect, const std::vector<std::int64_t>& only_notes,
                          const std::vector<std::int64_t>* link_ids = nullptr);

}  // namespace notes::index::detail
