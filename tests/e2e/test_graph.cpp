// End-to-end: `notes graph` on a temporary copy of seeds/. Each format is
// parsed (JSON with SQLite's JSON functions, GraphML with the small
// well-formedness checker below) or rendered (DOT, where Graphviz is
// installed).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "harness.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using namespace notes::e2e::inspect;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

/// Paths of the nodes of a JSON graph, in order.
std::vector<std::string> node_paths(const std::string& json) {
    SQLite::Database d(":memory:", SQLite::OPEN_READWRITE);
    SQLite::Statement st(
        d,
        "SELECT coalesce(json_extract(value, '$.path'), '?' || json_extract(value, '$.title')) "
        "FROM json_each(json_extract(?, '$.nodes'))");
    st.bind(1, json);
    std::vector<std::string> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
    return out;
}

/// Checks that `xml` is well-formed (one root, balanced tags, quoted
/// attributes, known entities) and counts elements by name. Returns false
/// with `error` set otherwise. Enough for the GraphML we write; not a full
/// XML parser.
bool parse_xml(const std::string& xml, std::map<std::string, int>& elements, std::string& error) {
    std::vector<std::string> open;
    std::size_t i = 0;
    bool root_seen = false;
    auto fail = [&](const std::string& why) {
        error = why + " at byte " + std::to_string(i);
        return false;
    };
    auto check_text = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to; ++k) {
            if (xml[k] == '<') return false;
            if (xml[k] == '&') {
                const auto semi = xml.find(';', k);
                if (semi == std::string::npos || semi > to) return false;
                const std::string ent = xml.substr(k + 1, semi - k - 1);
                if (ent != "amp" && ent != "lt" && ent != "gt" && ent != "quot" && ent != "apos" &&
                    ent.rfind('#', 0) != 0) {
                    return false;
                }
            }
        }
        return true;
    };
    if (xml.rfind("<?xml ", 0) == 0) i = xml.find("?>") + 2;
    while (i < xml.size()) {
        const auto lt = xml.find('<', i);
        if (lt == std::string::npos) {
            if (!open.empty() || !check_text(i, xml.size())) return fail("text after the root");
            break;
        }
        if (!check_text(i, lt)) return fail("bad character data");
        if (open.empty() && root_seen) return fail("second root element");
        i = lt + 1;
        const bool closing = xml[i] == '/';
        if (closing) ++i;
        std::size_t name_end = i;
        while (name_end < xml.size() &&
               (std::isalnum(static_cast<unsigned char>(xml[name_end])) || xml[name_end] == ':' ||
                xml[name_end] == '_' || xml[name_end] == '-')) {
            ++name_end;
        }
        const std::string name = xml.substr(i, name_end - i);
        if (name.empty()) return fail("empty tag name");
        i = name_end;
        if (closing) {
            if (open.empty() || open.back() != name) return fail("unbalanced </" + name + ">");
            open.pop_back();
            if (xml[i] != '>') return fail("bad end tag");
            ++i;
            continue;
        }
        // Attributes: name="value" with a checked value.
        for (;;) {
            while (std::isspace(static_cast<unsigned char>(xml[i]))) ++i;
            if (xml[i] == '>' || (xml[i] == '/' && xml[i + 1] == '>')) break;
            const auto eq = xml.find('=', i);
            if (eq == std::string::npos || xml[eq + 1] != '"') return fail("unquoted attribute");
            const auto close = xml.find('"', eq + 2);
            if (close == std::string::npos || !check_text(eq + 2, close))
                return fail("bad attribute value");
            i = close + 1;
        }
        ++elements[name];
        root_seen = true;
        if (xml[i] == '/') {
            i += 2;
        } else {
            open.push_back(name);
            ++i;
        }
    }
    if (!open.empty()) return fail("unclosed <" + open.back() + ">");
    return root_seen;
}

class GraphSeeds : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_tmp = new TempDir();
        s_vault = copy_vault(seeds_dir(), s_tmp->path() / "vault");
        const auto r = run_notes({"--vault", s_vault.string(), "index"}, s_tmp->path());
        ASSERT_EQ(r.status, 0) << r.err;
    }
    static void TearDownTestSuite() {
        delete s_tmp;
        s_tmp = nullptr;
    }
    RunResult graph(std::vector<std::string> extra) {
        std::vector<std::string> args{"--vault", s_vault.string(), "graph"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, s_tmp->path());
    }

    static TempDir* s_tmp;
    static fs::path s_vault;
};

TempDir* GraphSeeds::s_tmp = nullptr;
fs::path GraphSeeds::s_vault;

// Every note, and one edge per (source, target, kind) of the resolved links
// between two different notes: 71 in seeds/.
constexpr int k_notes = 23;
constexpr int k_edges = 71;

}  // namespace

TEST_F(GraphSeeds, JsonHasEveryNoteAndMergedEdges) {
    const auto r = graph({"--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    SQLite::Database d(":memory:", SQLite::OPEN_READWRITE);
    SQLite::Statement st(d,
                         "SELECT json_array_length(?, '$.nodes'), json_array_length(?, '$.edges')");
    st.bind(1, r.out);
    st.bind(2, r.out);
    ASSERT_TRUE(st.executeStep());
    EXPECT_EQ(st.getColumn(0).getInt(), k_notes);
    EXPECT_EQ(st.getColumn(1).getInt(), k_edges);
    // Nodes carry path, title, tags and domain; edges kind and count.
    EXPECT_EQ(json_get(r.out, "$.nodes[0].path"),
              "2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy.md");
    EXPECT_EQ(json_get(r.out, "$.nodes[0].title"),
              "Data Models & Schema: Defining Your Database Structure with SQLAlchemy");
    EXPECT_EQ(json_get(r.out, "$.nodes[0].domain"), "SQL");
    EXPECT_NE(json_get(r.out, "$.nodes[0].tags[0]"), "∅");
    EXPECT_EQ(json_get(r.out, "$.nodes[0].missing"), "0");
    EXPECT_NE(json_get(r.out, "$.edges[0].kind"), "∅");
    EXPECT_GE(std::stoi(json_get(r.out, "$.edges[0].count")), 1);
    EXPECT_EQ(json_get(r.out, "$.edges[0].broken"), "0");
}

TEST_F(GraphSeeds, IncludeBrokenAddsTheFiveMissingNotes) {
    const auto r = graph({"--format", "json", "--include-broken"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto nodes = node_paths(r.out);
    ASSERT_EQ(nodes.size(), static_cast<std::size_t>(k_notes + 5));
    EXPECT_EQ(nodes[k_notes],
              "?2026-02-22-python-geospatial-analysis-5-practical-techniques-to-master-location-"
              "data-today");
    EXPECT_EQ(nodes.back(), "?a-note-that-does-not-exist");
    EXPECT_EQ(json_get(r.out, "$.nodes[#-1].missing"), "1");
    EXPECT_EQ(json_get(r.out, "$.nodes[#-1].path"), "∅");
    SQLite::Database d(":memory:", SQLite::OPEN_READWRITE);
    SQLite::Statement st(
        d,
        "SELECT count(*), sum(json_extract(value, '$.count')) FROM json_each(?, '$.edges') "
        "WHERE json_extract(value, '$.broken')");
    st.bind(1, r.out);
    ASSERT_TRUE(st.executeStep());
    EXPECT_EQ(st.getColumn(0).getInt(), 9);  // distinct (note, target, kind)
    EXPECT_EQ(st.getColumn(1).getInt(), 9);  // the 9 broken links
}

TEST_F(GraphSeeds, FindFiltersChooseTheNodes) {
    // The same notes as `notes find --tag sqlite`.
    const auto found =
        run_notes({"--vault", s_vault.string(), "find", "--tag", "sqlite", "--format", "paths"},
                  s_tmp->path());
    std::vector<std::string> expected;
    for (std::size_t start = 0, nl; (nl = found.out.find('\n', start)) != std::string::npos;
         start = nl + 1) {
        expected.push_back(found.out.substr(start, nl - start));
    }
    std::sort(expected.begin(), expected.end());
    const auto r = graph({"--format", "json", "--tag", "sqlite"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(node_paths(r.out), expected);
    EXPECT_EQ(expected.size(), 8u);

    const auto projects = graph({"--format", "json", "--path", "projects/"});
    EXPECT_EQ(node_paths(projects.out),
              (std::vector<std::string>{"projects/2026-03-05-migrate-reporting-to-sqlite.md",
                                        "projects/drafts/2026-03-06-benchmark-plan.md",
                                        "projects/index-tuning.md"}));
}

TEST_F(GraphSeeds, AroundANoteWithDepth) {
    const auto one = graph({"--format", "json", "--around", "index-tuning.md", "--depth", "1"});
    ASSERT_EQ(one.status, 0) << one.err;
    EXPECT_EQ(node_paths(one.out),
              (std::vector<std::string>{"2026-03-02-reading-explain-query-plan-output.md",
                                        "2026-03-03-database-reading-map.md", "index-tuning.md",
                                        "projects/drafts/2026-03-06-benchmark-plan.md",
                                        "projects/index-tuning.md"}));
    const auto zero = graph({"--format", "json", "--around", "index-tuning.md", "--depth", "0"});
    EXPECT_EQ(node_paths(zero.out), (std::vector<std::string>{"index-tuning.md"}));
    const auto two = graph({"--format", "json", "--around", "index-tuning.md", "--depth", "2"});
    EXPECT_GT(node_paths(two.out).size(), node_paths(one.out).size());
    // With a filter: the neighbourhood's notes that also pass it.
    const auto filtered =
        graph({"--format", "json", "--around", "index-tuning.md", "--path", "projects/"});
    EXPECT_EQ(
        node_paths(filtered.out),
        (std::vector<std::string>{"index-tuning.md", "projects/drafts/2026-03-06-benchmark-plan.md",
                                  "projects/index-tuning.md"}));
    const auto missing = graph({"--around", "no-such-note"});
    EXPECT_EQ(missing.status, 1);
    EXPECT_THAT(missing.err, HasSubstr("no note matches 'no-such-note'"));
}

TEST_F(GraphSeeds, NothingSelectedIsStatusOneAndAnEmptyGraph) {
    const auto r = graph({"--format", "json", "--tag", "no-such-tag"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "{\"nodes\":[],\"edges\":[]}\n");
}

TEST_F(GraphSeeds, GraphmlIsWellFormed) {
    const auto r = graph({"--format", "graphml", "--include-broken"});
    ASSERT_EQ(r.status, 0) << r.err;
    std::map<std::string, int> elements;
    std::string error;
    ASSERT_TRUE(parse_xml(r.out, elements, error)) << error;
    EXPECT_EQ(elements["graphml"], 1);
    EXPECT_EQ(elements["graph"], 1);
    EXPECT_EQ(elements["node"], k_notes + 5);
    EXPECT_EQ(elements["edge"], k_edges + 9);
    EXPECT_EQ(elements["key"], 8);
    EXPECT_THAT(r.out, HasSubstr("edgedefault=\"directed\""));
    EXPECT_THAT(r.out, HasSubstr("<data key=\"label\">Data Models &amp; Schema"));
    EXPECT_THAT(r.out, HasSubstr("<data key=\"missing\">true</data>"));
}

TEST_F(GraphSeeds, DotRendersWithGraphviz) {
    const auto r = graph({});  // dot is the default
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, StartsWith("digraph notes {\n"));
    EXPECT_THAT(
        r.out,
        HasSubstr(
            "[label=\"Data Models & Schema: Defining Your Database Structure with SQLAlchemy\""));
    if (std::system("command -v dot >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "Graphviz `dot` is not installed";
    const fs::path in = s_tmp->path() / "g.dot";
    const fs::path out = s_tmp->path() / "g.svg";
    write_text(in, graph({"--include-broken"}).out);
    const std::string cmd = "dot -Tsvg '" + in.string() + "' -o '" + out.string() + "' 2>'" +
                            (s_tmp->path() / "dot.err").string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << read_text(s_tmp->path() / "dot.err");
    EXPECT_EQ(read_text(s_tmp->path() / "dot.err"), "");
    EXPECT_THAT(read_text(out), HasSubstr("<svg"));
}

TEST_F(GraphSeeds, Mermaid) {
    const auto r =
        graph({"--format", "mermaid", "--around", "index-tuning.md", "--include-broken"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, StartsWith("flowchart LR\n"));
    EXPECT_THAT(r.out, HasSubstr("[\"Index tuning checklist\"]"));
    EXPECT_THAT(r.out, HasSubstr(" -->|\"markdown\"| "));
    EXPECT_THAT(r.out, HasSubstr("classDef missing"));
}

TEST_F(GraphSeeds, OutputFile) {
    const fs::path file = s_tmp->path() / "vault.graphml";
    const auto r = graph({"--format", "graphml", "-o", file.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(read_text(file), StartsWith("<?xml"));
}
