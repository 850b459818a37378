#pragma once
// `notes graph` in the core: the link graph of the vault, or part of it, as
// plain data. The command line writes it as DOT, JSON, GraphML or Mermaid
// (docs/cli.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace notes::store {
class IndexStore;
}

namespace notes::query {

using store::IndexStore;

struct GraphNode {
    /// "n<note id>" for a note, "m<k>" for a missing link target. Unique in
    /// one graph; not stable across index rebuilds (the path is).
    std::string id;
    std::string path;   ///< empty for a missing target
    std::string title;  ///< for a missing target: the target as first written
    std::string domain;
    std::vector<std::string> tags;  ///< as first written, ordered by folded key
    bool missing = false;
};

/// The links of one kind from one note to another, merged into one edge.
struct GraphEdge {
    std::string source;  ///< node id
    std::string target;  ///< node id
    /// "wiki", "embed", "markdown", or the front-matter key ("related", "up").
    std::string kind;
    std::int64_t count = 0;
    bool broken = false;  ///< the target is a missing note
};

struct Graph {
    std::vector<GraphNode> nodes;  ///< notes in path order, then missing targets
    std::vector<GraphEdge> edges;  ///< by source, target, kind (node order)
};

struct GraphOptions {
    /// The notes to draw (what find_notes() selected); nullopt: every note.
    std::optional<std::vector<std::int64_t>> notes;
    /// Only the notes at most `depth` resolved links away from this note,
    /// following links in either direction through the whole vault; the
    /// `notes` selection then applies to them (the note itself always stays).
    std::optional<std::int64_t> around;
    int depth = 1;
    /// Also draw links to missing notes, each missing target as one node.
    bool include_broken = false;
};

/// The nodes and the edges between them: resolved links between two
/// different drawn notes (external links and links to attachments never).
Graph build_graph(IndexStore& store, const GraphOptions& options);

}  // namespace notes::query
