// `notes graph`: the link graph from the index.
//
// The node set is decided first (every note, the notes a find query chose,
// and/or a neighbourhood found breadth-first over resolved links in both
// directions); edges are then the links among those nodes, one edge per
// source, target and kind with the number of links it stands for. Every step
// is one query over indexes (links_note, links_target); a subset is passed
// to SQLite as a JSON array of ids through json_each().

#include "notes/query/graph.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "notes/core/json.hpp"
#include "notes/store/index_store.hpp"
#include "notes/core/resolve.hpp"

namespace notes::query {

using store::QueryResult;
using store::SqlParam;
namespace {

std::int64_t as_int(const std::optional<std::string>& s) {
    return s ? std::stoll(*s) : 0;
}
std::string as_text(const std::optional<std::string>& s) {
    return s.value_or(std::string());
}

/// Notes at most `depth` resolved links from `center`, either direction.
std::set<std::int64_t> neighbourhood(IndexStore& store, std::int64_t center, int depth) {
    std::set<std::int64_t> seen{center};
    std::vector<std::int64_t> frontier{center};
    for (int level = 0; level < depth && !frontier.empty(); ++level) {
        const std::string ids = json_int_array(frontier);
        const QueryResult r = store.query(
            "SELECT target_id FROM links WHERE note_id IN (SELECT value FROM json_each(?1)) "
            "AND status = 'resolved' "
            "UNION SELECT note_id FROM links WHERE target_id IN (SELECT value FROM json_each(?1)) "
            "AND status = 'resolved'",
            {ids});
        frontier.clear();
        for (const auto& row : r.rows) {
            const std::int64_t id = as_int(row[0]);
            if (seen.insert(id).second) frontier.push_back(id);
        }
    }
    return seen;
}

}  // namespace

Graph build_graph(IndexStore& store, const GraphOptions& options) {
    // The node set: nullopt means every note (queries then need no id list).
    std::optional<std::vector<std::int64_t>> chosen;
    if (options.notes) {
        chosen = *options.notes;
        std::sort(chosen->begin(), chosen->end());
    }
    if (options.around) {
        const std::set<std::int64_t> near =
            neighbourhood(store, *options.around, std::max(0, options.depth));
        std::vector<std::int64_t> ids;
        for (const std::int64_t id : near) {
            if (!chosen || id == *options.around ||
                std::binary_search(chosen->begin(), chosen->end(), id)) {
                ids.push_back(id);
            }
        }
        chosen = std::move(ids);
    }
    const std::string ids = chosen ? json_int_array(*chosen) : std::string();
    const std::string in_chosen = chosen ? " IN (SELECT value FROM json_each(?1))" : std::string();
    std::vector<SqlParam> params;
    if (chosen) params.emplace_back(ids);

    Graph graph;
    std::unordered_map<std::int64_t, std::size_t> node_of;  // note id → index in graph.nodes
    const QueryResult notes =
        store.query("SELECT id, path, title, domain FROM notes" +
                        (chosen ? " WHERE id" + in_chosen : "") + " ORDER BY path",
                    params);
    graph.nodes.reserve(notes.rows.size());
    for (const auto& row : notes.rows) {
        const std::int64_t id = as_int(row[0]);
        node_of[id] = graph.nodes.size();
        graph.nodes.push_back({"n" + std::to_string(id),
                               as_text(row[1]),
                               as_text(row[2]),
                               as_text(row[3]),
                               {},
                               false});
    }
    const QueryResult tags =
        store.query("SELECT note_id, tag FROM tags" + (chosen ? " WHERE note_id" + in_chosen : "") +
                        " ORDER BY note_id, tag_key",
                    params);
    for (const auto& row : tags.rows) {
        if (auto it = node_of.find(as_int(row[0])); it != node_of.end()) {
            graph.nodes[it->second].tags.push_back(as_text(row[1]));
        }
    }

    struct Edge {
        std::size_t source;
        std::size_t target;
        std::string kind;
        std::int64_t count;
        bool broken;
    };
    std::vector<Edge> edges;
    const QueryResult resolved = store.query(
        "SELECT note_id, target_id, kind, count(*) FROM links WHERE status = 'resolved' AND "
        "target_id <> note_id" +
            (chosen ? " AND note_id" + in_chosen + " AND target_id" + in_chosen : "") +
            " GROUP BY note_id, target_id, kind",
        params);
    for (const auto& row : resolved.rows) {
        const auto s = node_of.find(as_int(row[0]));
        const auto t = node_of.find(as_int(row[1]));
        if (s == node_of.end() || t == node_of.end()) continue;
        edges.push_back({s->second, t->second, as_text(row[2]), as_int(row[3]), false});
    }

    if (options.include_broken) {
        const QueryResult broken = store.query(
            "SELECT note_id, target, kind, count(*) FROM links WHERE status = 'broken'" +
                (chosen ? " AND note_id" + in_chosen : "") +
                " GROUP BY note_id, target, kind ORDER BY target",
            params);
        // One node per missing note, however its links spell it (compared as
        // resolution compares targets).
        std::map<std::string, std::size_t> missing;  // folded target → node index
        std::map<std::tuple<std::size_t, std::size_t, std::string>, std::size_t> merged;
        const std::size_t first_missing = graph.nodes.size();
        for (const auto& row : broken.rows) {
            const auto s = node_of.find(as_int(row[0]));
            if (s == node_of.end()) continue;
            const std::string target = as_text(row[1]);
            auto [it, added] = missing.try_emplace(notes::target_key(target), graph.nodes.size());
            if (added) {
                graph.nodes.push_back({"m" + std::to_string(graph.nodes.size() - first_missing + 1),
                                       "",
                                       target,
                                       "",
                                       {},
                                       true});
            }
            const auto key = std::tuple{s->second, it->second, as_text(row[2])};
            if (auto m = merged.find(key); m != merged.end()) {
                edges[m->second].count += as_int(row[3]);
            } else {
                merged[key] = edges.size();
                edges.push_back({s->second, it->second, as_text(row[2]), as_int(row[3]), true});
            }
        }
    }

    std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
        return std::tie(a.source, a.target, a.kind) < std::tie(b.source, b.target, b.kind);
    });
    graph.edges.reserve(edges.size());
    for (Edge& e : edges) {
        graph.edges.push_back({graph.nodes[e.source].id, graph.nodes[e.target].id,
                               std::move(e.kind), e.count, e.broken});
    }
    return graph;
}

}  // namespace notes::query
