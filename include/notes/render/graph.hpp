#pragma once
// The link graph (query/graph.hpp) written for other tools.

#include <string>

#include "notes/query/graph.hpp"

namespace notes::render {

/// Graphviz DOT: nodes titled, broken targets dashed in red.
std::string graph_dot(const query::Graph& graph);
/// {"nodes": […], "edges": […]}, documented in docs/cli.md.
std::string graph_json(const query::Graph& graph);
/// GraphML 1.0 with label/path/tags/domain on nodes and kind/weight on edges.
std::string graph_graphml(const query::Graph& graph);
/// A Mermaid `flowchart`.
std::string graph_mermaid(const query::Graph& graph);

}  // namespace notes::render
