// The link graph in the formats other tools read:
//
//   dot      Graphviz (`dot -Tsvg`), also read by Gephi and yEd;
//   json     {"nodes": […], "edges": […]}, documented in docs/cli.md;
//   graphml  GraphML 1.0 with label/path/tags/domain on nodes and
//            kind/weight on edges (Gephi, yEd, Cytoscape, networkx);
//   mermaid  a `flowchart` for Markdown renderers that draw Mermaid.

#include "notes/render/graph.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "notes/core/json.hpp"
#include "notes/render/output.hpp"

namespace notes::render {

using namespace notes::query;

namespace {

/// Text inside a DOT double-quoted string.
std::string dot_quote(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out + "\"";
}

}  // namespace

std::string graph_dot(const query::Graph& g) {
    std::string out =
        "digraph notes {\n"
        "  graph [overlap=false, splines=true, fontname=\"Helvetica\"];\n"
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef4fb\", color=\"#3b82c4\", "
        "fontname=\"Helvetica\", fontsize=10];\n"
        "  edge [color=\"#8c959f\", arrowsize=0.6, fontname=\"Helvetica\", fontsize=8];\n";
    for (const GraphNode& n : g.nodes) {
        out += "  " + dot_quote(n.id) + " [label=" + dot_quote(n.title);
        if (n.missing) {
            out += ", tooltip=" + dot_quote("missing note: " + n.title) +
                   ", style=\"rounded,dashed\", color=\"#c62828\", fontcolor=\"#c62828\"";
        } else {
            out += ", tooltip=" + dot_quote(n.path);
        }
        out += "];\n";
    }
    for (const GraphEdge& e : g.edges) {
        out += "  " + dot_quote(e.source) + " -> " + dot_quote(e.target);
        std::vector<std::string> attrs;
        if (e.kind != "wiki") attrs.push_back("label=" + dot_quote(e.kind));
        if (e.count > 1)
            attrs.push_back("penwidth=" +
                            std::to_string(std::min<std::int64_t>(1 + e.count / 2, 6)));
        if (e.broken) attrs.push_back("style=dashed, color=\"#c62828\"");
        if (!attrs.empty()) {
            out += " [";
            for (std::size_t i = 0; i < attrs.size(); ++i) out += (i > 0 ? ", " : "") + attrs[i];
            out += "]";
        }
        out += ";\n";
    }
    return out + "}\n";
}

std::string graph_json(const query::Graph& g) {
    JsonWriter w;
    w.begin_object();
    w.key("nodes").begin_array();
    for (const GraphNode& n : g.nodes) {
        w.begin_object();
        w.key("id").value(n.id);
        w.key("path");
        if (n.missing) {
            w.null();
        } else {
            w.value(n.path);
        }
        w.key("title").value(n.title);
        w.key("tags").begin_array();
        for (const auto& t : n.tags) w.value(t);
        w.end_array();
        w.key("domain");
        if (n.domain.empty()) {
            w.null();
        } else {
            w.value(n.domain);
        }
        w.key("missing").value(n.missing);
        w.end_object();
    }
    w.end_array();
    w.key("edges").begin_array();
    for (const GraphEdge& e : g.edges) {
        w.begin_object();
        w.key("source").value(e.source);
        w.key("target").value(e.target);
        w.key("kind").value(e.kind);
        w.key("count").value(e.count);
        w.key("broken").value(e.broken);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take() + "\n";
}

namespace {

/// Text for XML content and attribute values; characters XML 1.0 forbids
/// (C0 controls but tab and newline) become U+FFFD.
std::string xml_escape(const std::string& s) {
    return markup_escape(s, "&apos;");
}

}  // namespace

std::string graph_graphml(const query::Graph& g) {
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
        "  <key id=\"path\" for=\"node\" attr.name=\"path\" attr.type=\"string\"/>\n"
        "  <key id=\"tags\" for=\"node\" attr.name=\"tags\" attr.type=\"string\"/>\n"
        "  <key id=\"domain\" for=\"node\" attr.name=\"domain\" attr.type=\"string\"/>\n"
        "  <key id=\"missing\" for=\"node\" attr.name=\"missing\" attr.type=\"boolean\">"
        "<default>false</default></key>\n"
        "  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n"
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n"
        "  <key id=\"broken\" for=\"edge\" attr.name=\"broken\" attr.type=\"boolean\">"
        "<default>false</default></key>\n"
        "  <graph id=\"notes\" edgedefault=\"directed\">\n";
    for (const GraphNode& n : g.nodes) {
        out += "    <node id=\"" + xml_escape(n.id) + "\">";
        out += "<data key=\"label\">" + xml_escape(n.title) + "</data>";
        if (!n.missing) out += "<data key=\"path\">" + xml_escape(n.path) + "</data>";
        if (!n.tags.empty()) {
            std::string tags;
            for (const auto& t : n.tags) tags += (tags.empty() ? "" : ",") + t;
            out += "<data key=\"tags\">" + xml_escape(tags) + "</data>";
        }
        if (!n.domain.empty()) out += "<data key=\"domain\">" + xml_escape(n.domain) + "</data>";
        if (n.missing) out += "<data key=\"missing\">true</data>";
        out += "</node>\n";
    }
    for (std::size_t i = 0; i < g.edges.size(); ++i) {
        const GraphEdge& e = g.edges[i];
        out += "    <edge id=\"e" + std::to_string(i) + "\" source=\"" + xml_escape(e.source) +
               "\" target=\"" + xml_escape(e.target) + "\"><data key=\"kind\">" +
               xml_escape(e.kind) + "</data><data key=\"weight\">" + std::to_string(e.count) +
               "</data>" + (e.broken ? "<data key=\"broken\">true</data>" : "") + "</edge>\n";
    }
    return out + "  </graph>\n</graphml>\n";
}

namespace {

/// Text inside a Mermaid "quoted" label: quotes and the characters Mermaid
/// reads as markup become its #entity; codes.
std::string mermaid_quote(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
            case '"':
                out += "#quot;";
                break;
            case '#':
                out += "#35;";
                break;
            case '<':
                out += "#lt;";
                break;
            case '>':
                out += "#gt;";
                break;
            case '|':
                out += "#124;";
                break;
            case '`':
                out += "#96;";
                break;
            default:
                out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
        }
    }
    return out + "\"";
}

}  // namespace

std::string graph_mermaid(const query::Graph& g) {
    std::string out = "flowchart LR\n";
    for (const GraphNode& n : g.nodes) {
        out += "  " + n.id + "[" + mermaid_quote(n.title) + "]" + (n.missing ? ":::missing" : "") +
               "\n";
    }
    for (const GraphEdge& e : g.edges) {
        std::string label = e.kind == "wiki" ? "" : e.kind;
        if (e.count > 1)
            label += (label.empty() ? "" : " ") + std::string("×") + std::to_string(e.count);
        out += "  " + e.source + (e.broken ? " -.->" : " -->") +
               (label.empty() ? "" : "|" + mermaid_quote(label) + "|") + " " + e.target + "\n";
    }
    out += "  classDef missing stroke:#c62828,stroke-dasharray:4 3,color:#c62828\n";
    return out;
}

}  // namespace notes::render
