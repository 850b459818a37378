// The link graph in the core, on a small vault in an in-memory store.
#include "notes/query/graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "notes/store/index_store.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/index/indexer.hpp"
#include "notes/index/vault.hpp"

using notes::query::Graph;
using notes::query::GraphOptions;
using notes::store::IndexStore;

namespace {

class GraphOnVault : public ::testing::Test {
  protected:
    GraphOnVault() : store(":memory:", IndexStore::Mode::read_write) { store.create_schema(); }

    std::int64_t add(const std::string& path, const std::string& content) {
        const auto note = notes::parse::parse_note(path, notes::slug_of(path), content);
        return store.write_note(
            0, notes::store::FileRecord{path, static_cast<std::int64_t>(content.size()), 1, "h"}, note);
    }
    void SetUp() override {
        a = add("a.md",
                "---\ntags: [sql, db]\ndomain: SQL\nrelated: ['[[b]]']\n---\n[[b]] [[b]] [[#Top]] "
                "[[nope]]\n# Top\n");
        b = add("b.md", "[[c]] [[Nope.md]] https://example.org\n");
        c = add("c.md", "[[d]]\n");
        d = add("d.md", "#sql\n");
        e = add("e.md", "alone\n");
        notes::index::resolve_all_links(store);
    }
    static std::string id(std::int64_t note) { return "n" + std::to_string(note); }
    static std::vector<std::string> node_ids(const Graph& g) {
        std::vector<std::string> out;
        for (const auto& n : g.nodes) out.push_back(n.id);
        return out;
    }

    IndexStore store;
    std::int64_t a = 0, b = 0, c = 0, d = 0, e = 0;
};

TEST_F(GraphOnVault, WholeVault) {
    const Graph g = notes::query::build_graph(store, {});
    EXPECT_EQ(node_ids(g), (std::vector<std::string>{id(a), id(b), id(c), id(d), id(e)}));
    EXPECT_EQ(g.nodes[0].path, "a.md");
    EXPECT_EQ(g.nodes[0].domain, "SQL");
    EXPECT_EQ(g.nodes[0].tags, (std::vector<std::string>{"db", "sql"}));
    EXPECT_EQ(g.nodes[3].tags, (std::vector<std::string>{"sql"}));
    // a→b twice as wiki (merged), once as related; the self link and the
    // external and broken links are not edges.
    ASSERT_EQ(g.edges.size(), 4u);
    EXPECT_EQ(g.edges[0].source, id(a));
    EXPECT_EQ(g.edges[0].target, id(b));
    EXPECT_EQ(g.edges[0].kind, "related");
    EXPECT_EQ(g.edges[0].count, 1);
    EXPECT_EQ(g.edges[1].kind, "wiki");
    EXPECT_EQ(g.edges[1].count, 2);
    EXPECT_EQ(g.edges[2].source, id(b));
    EXPECT_EQ(g.edges[3].target, id(d));
    for (const auto& edge : g.edges) EXPECT_FALSE(edge.broken);
}

TEST_F(GraphOnVault, IncludeBrokenMakesOneNodePerMissingNote) {
    GraphOptions options;
    options.include_broken = true;
    const Graph g = notes::query::build_graph(store, options);
    ASSERT_EQ(g.nodes.size(), 6u);
    EXPECT_TRUE(g.nodes.back().missing);
    EXPECT_EQ(g.nodes.back().id, "m1");
    EXPECT_EQ(g.nodes.back().title, "Nope.md");  // "nope" and "Nope.md": one missing note
    const auto broken =
        std::count_if(g.edges.begin(), g.edges.end(), [](const auto& x) { return x.broken; });
    EXPECT_EQ(broken, 2);
}

TEST_F(GraphOnVault, SelectionIsAnInducedSubgraph) {
    GraphOptions options;
    options.notes = std::vector<std::int64_t>{a, c, d};
    const Graph g = notes::query::build_graph(store, options);
    EXPECT_EQ(node_ids(g), (std::vector<std::string>{id(a), id(c), id(d)}));
    ASSERT_EQ(g.edges.size(), 1u);
    EXPECT_EQ(g.edges[0].source, id(c));
    EXPECT_EQ(g.edges[0].target, id(d));
}

TEST_F(GraphOnVault, AroundFollowsLinksBothWays) {
    GraphOptions options;
    options.around = c;
    options.depth = 1;
    EXPECT_EQ(node_ids(notes::query::build_graph(store, options)),
              (std::vector<std::string>{id(b), id(c), id(d)}));
    options.depth = 2;
    EXPECT_EQ(node_ids(notes::query::build_graph(store, options)),
              (std::vector<std::string>{id(a), id(b), id(c), id(d)}));
    options.depth = 0;
    EXPECT_EQ(node_ids(notes::query::build_graph(store, options)), (std::vector<std::string>{id(c)}));
    // A selection applies to the neighbourhood; the centre always stays.
    options.depth = 2;
    options.notes = std::vector<std::int64_t>{a, d};
    EXPECT_EQ(node_ids(notes::query::build_graph(store, options)),
              (std::vector<std::string>{id(a), id(c), id(d)}));
}

TEST_F(GraphOnVault, EmptySelectionIsAnEmptyGraph) {
    GraphOptions options;
    options.notes = std::vector<std::int64_t>{};
    const Graph g = notes::query::build_graph(store, options);
    EXPECT_TRUE(g.nodes.empty());
    EXPECT_TRUE(g.edges.empty());
}

}  // namespace
