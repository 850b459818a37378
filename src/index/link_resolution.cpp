// The resolve step of a run: links stored with their targets as written are
// given the note each names (core/resolve.hpp has the rules). A fresh build
// resolves most links before they are written (FreshBuildResolver); every
// other run resolves stored links again, all of them or those of the notes it
// re-parsed.

#include "link_resolution.hpp"

#include <optional>
#include <unordered_map>

#include "notes/parse/links.hpp"

namespace notes::index::detail {

using store::IndexNames;
using store::StoredLink;
using parse::is_external_target;

bool is_external(std::string_view kind, std::string_view target) {
    return kind == "external" || is_external_target(target);
}

FreshBuildResolver::FreshBuildResolver(const std::vector<std::string>& paths, Dialect dialect)
    : m_dialect(dialect), m_resolver([&] {
          std::vector<NoteName> names;
          names.reserve(paths.size());
          for (std::size_t i = 0; i < paths.size(); ++i) {
              names.push_back(NoteName{static_cast<std::int64_t>(i + 1), paths[i], {}, {}, {}});
          }
          return names;
      }(), {}, dialect) {}

void FreshBuildResolver::prepare(std::size_t index, const std::string& path, const ParsedNote& note,
                                 store::PreparedNote& prepared) const {
    const auto id = static_cast<std::int64_t>(index + 1);
    prepared.id = id;
    prepared.links.reserve(note.links.size());
    for (const Link& l : note.links) {
        store::PreparedNote::LinkState& state = prepared.links.emplace_back();
        if (is_external(l.kind, l.target)) {
            state.status = "external";
        } else if (l.anchor.empty() && l.kind != "block_ref" && m_dialect != Dialect::logseq) {
            // Logseq looks names up before paths: nothing is known until
            // every note's name is.
            const Resolution res = m_resolver.resolve(path, id, l.kind, l.target);
            if (res.note_id != 0 && (res.method == "path" || res.method == "slug" || res.method == "self" ||
                                     res.method == "parent")) {
                state.status = "resolved";
                state.target_id = res.note_id;
                state.resolved_by = std::string(res.method);
            }
        }
    }
}

std::size_t resolve_links(IndexStore& store, Dialect dialect, const LinkScope& scope,
                          std::vector<std::int64_t>* newly_broken) {
    // Every link, or a fresh build's leftovers: all the names in memory.
    // The links of a few notes: each target looked up through the indexes,
    // which costs far less than reading and folding the names of every note.
    const bool few = !scope.names_in_memory;
    std::vector<NoteName> names;
    std::unordered_map<std::int64_t, std::string> path_of;
    std::optional<LinkResolver> held;
    IndexNames asked(store);
    if (!few) {
        names = store.load_note_names(dialect == Dialect::logseq);
        path_of.reserve(names.size());
        for (const auto& n : names) path_of.emplace(n.id, n.path);
        held.emplace(std::move(names), store.load_files(), dialect);
    }
    const auto source_path = [&](std::int64_t id) -> const std::string& {
        auto it = path_of.find(id);
        if (it == path_of.end()) it = path_of.emplace(id, store.path_of(id)).first;
        return it->second;
    };

    std::size_t visited = 0;
    // A link may be both among the links of a note and named by id.
    const bool may_repeat = !scope.every_link && !scope.notes.empty() && !scope.link_ids.empty();
    std::unordered_set<std::int64_t> seen;
    const auto visit = [&](const StoredLink& link) {
        if (may_repeat && !seen.insert(link.id).second) return;
        ++visited;
        StoredLink next = link;
        next.target_id = 0;
        next.file_id = 0;
        next.resolved_by.clear();
        next.anchor_ok = -1;
        if (is_external(link.kind, link.target)) {
            next.status = "external";
        } else if (link.kind == "block_ref") {
            // A Logseq block reference names the block, wherever it is.
            const std::string_view id = std::string_view(link.anchor).substr(link.anchor.empty() ? 0 : 1);
            const Resolution r = held ? held->resolve_block(id) : resolve_block_target(asked, id);
            next.status = r.note_id != 0 ? "resolved" : "broken";
            next.target_id = r.note_id;
            if (r.note_id != 0) next.resolved_by = std::string(r.method);
        } else {
            const std::string& from = source_path(link.note_id);
            const Resolution r = held ? held->resolve(from, link.note_id, link.kind, link.target)
                                      : resolve_target(asked, from, link.note_id, link.kind, link.target, dialect);
            if (r.note_id != 0) {
                next.status = "resolved";
                next.target_id = r.note_id;
                next.resolved_by = std::string(r.method);
                if (!link.anchor.empty()) {
                    next.anchor_ok = store.has_anchor(r.note_id, link.anchor, anchor_style(dialect, link.kind)) ? 1 : 0;
                }
            } else if (r.file_id != 0) {
                // An attachment: its subpath is a page, a view or a size,
                // nothing a heading could be.
                next.status = "attachment";
                next.file_id = r.file_id;
                next.resolved_by = std::string(r.method);
            } else {
                next.status = link.kind == "parent" && dialect == Dialect::dendron ? "stub" : "broken";
            }
        }
        if (next.target_id != link.target_id || next.status != link.status || next.file_id != link.file_id ||
            next.resolved_by != link.resolved_by || next.anchor_ok != link.anchor_ok) {
            store.set_link_resolution(next);
            if (newly_broken != nullptr && ((next.status == "broken" && link.status != "broken") ||
                                            (next.anchor_ok == 0 && link.anchor_ok != 0))) {
                newly_broken->push_back(link.note_id);
            }
        }
    };
    if (scope.every_link) {
        store.for_each_link({}, visit);
        return visited;
    }
    if (!scope.notes.empty()) store.for_each_link(scope.notes, visit);
    if (!scope.link_ids.empty()) store.for_each_link_id(scope.link_ids, visit);
    return visited;
}

}  // namespace notes::index::detail
