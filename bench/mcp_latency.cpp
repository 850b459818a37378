// notes-bench-mcp: the latency of each MCP tool call inside one server
// process, as a client sees it minus the pipe: a JSON-RPC request in,
// the response line out (parsing, the query, the result's JSON).
//
//   notes-bench-mcp --vault DIR [--runs N] [--only TOOL]
//
// The vault must be indexed. Calls are measured with refreshing off (the
// cost of a call), then the refresh a request pays when one is due (an
// incremental run that finds nothing changed) is measured on its own. The
// notes and tags asked about are picked from the index: the median path, the
// note with the most backlinks, the most used tag. Prints a Markdown table
// (median and 95th percentile in ms, response size) for docs/performance.md.

#include <nlohmann/json.hpp>

#include <time.h>
#include <algorithm>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "notes/index/indexer.hpp"
#include "notes/mcp/server.hpp"

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string vault;
    int runs = 30;
    std::string only;  ///< measure only the calls of this tool (for a profiler)
};

Options parse_args(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--vault" && i + 1 < argc) {
            o.vault = argv[++i];
        } else if (a == "--runs" && i + 1 < argc) {
            o.runs = std::atoi(argv[++i]);
        } else if (a == "--only" && i + 1 < argc) {
            o.only = argv[++i];
        } else {
            std::fprintf(stderr, "usage: notes-bench-mcp --vault DIR [--runs N] [--only TOOL]\n");
            std::exit(2);
        }
    }
    if (o.vault.empty() || o.runs < 1) {
        std::fprintf(stderr, "usage: notes-bench-mcp --vault DIR [--runs N] [--only TOOL]\n");
        std::exit(2);
    }
    return o;
}

int g_id = 0;

std::string tool_request(const std::string& tool, const Json& args) {
    return Json{{"jsonrpc", "2.0"},
                {"id", ++g_id},
                {"method", "tools/call"},
                {"params", {{"name", tool}, {"arguments", args}}}}
        .dump();
}

Json call(notes::mcp::Server& server, const std::string& request) {
    const auto response = server.handle(request);
    if (!response) {
        std::fprintf(stderr, "no response to %s\n", request.c_str());
        std::exit(1);
    }
    Json r = Json::parse(*response);
    if (r.contains("error") || r["result"].value("isError", false)) {
        std::fprintf(stderr, "error for %s: %s\n", request.c_str(), response->c_str());
        std::exit(1);
    }
    return r["result"];
}

/// The first cell of the first row of an SQL query through the sql tool.
std::string sql_value(notes::mcp::Server& server, const std::string& sql) {
    const Json r = call(server, tool_request("sql", {{"query", sql}}));
    const Json& row = r["structuredContent"]["rows"][0];
    return row.begin()->is_string() ? row.begin()->get<std::string>() : row.begin()->dump();
}

struct Figure {
    double median = 0, p95 = 0, cpu = 0;
    std::size_t bytes = 0;
};

/// CPU time of the whole process (every thread), in ms: on a loaded
/// machine wall time also counts the time other processes had the cores.
double process_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

Figure measure(int runs, const std::function<std::size_t()>& once) {
    std::vector<double> ms, cpu;
    std::size_t bytes = once();  // warm: statements prepared, pages cached
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        const double cpu_start = process_cpu_ms();
        bytes = once();
        cpu.push_back(process_cpu_ms() - cpu_start);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)],
            cpu[cpu.size() / 2], bytes};
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse_args(argc, argv);
    notes::mcp::ServerOptions options;
    options.vault = o.vault;
    options.db = notes::index::default_db_path(o.vault);
    options.refresh_seconds = -1;
    notes::mcp::Server server(options);
    call(
        server,
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}})");

    const std::string notes = sql_value(server, "SELECT count(*) FROM notes");
    const std::string median_path = sql_value(
        server,
        "SELECT path FROM notes ORDER BY path LIMIT 1 OFFSET (SELECT count(*) / 2 FROM notes)");
    const std::string hub =
        sql_value(server,
                  "SELECT n.path FROM links l JOIN notes n ON n.id = l.target_id GROUP BY "
                  "l.target_id ORDER BY count(*) DESC LIMIT 1");
    const std::string top_tag =
        sql_value(server, "SELECT tag FROM tag_counts ORDER BY notes DESC LIMIT 1");
    // The longest word of the median note's title: a rarer term.
    std::string rare_word;
    {
        const std::string title =
            sql_value(server, "SELECT lower(title) FROM notes WHERE path = '" + median_path + "'");
        std::string word;
        for (const char c : title + " ") {
            if (std::isalnum(static_cast<unsigned char>(c))) {
                word.push_back(c);
            } else {
                if (word.size() > rare_word.size()) rare_word = word;
                word.clear();
            }
        }
    }

    struct Case {
        std::string tool;
        Json args;
    };
    const std::vector<Case> cases{
        {"search", {{"query", "database performance"}}},
        {"search", {{"query", rare_word}}},
        {"find", {{"tags", {top_tag}}}},
        {"find", {{"status", "unread"}, {"since", "2026-01-01"}, {"sort", "title"}}},
        {"find", {{"links_to", {hub}}}},
        {"read_note", {{"note", median_path}}},
        {"read_note", {{"note", hub}}},
        {"related", {{"note", median_path}}},
        {"related", {{"note", hub}}},
        {"tags", Json::object()},
        {"report", Json::object()},
        {"sql",
         {{"query", "SELECT domain, count(*) AS n FROM notes GROUP BY domain ORDER BY n DESC"}}},
    };
    std::printf("%s notes; %d runs each; median path %s, hub %s, top tag %s\n\n", notes.c_str(),
                o.runs, median_path.c_str(), hub.c_str(), top_tag.c_str());
    std::printf(
        "| call | arguments | median ms | p95 ms | CPU ms (median) | response bytes "
        "|\n|---|---|---:|---:|---:|---:|\n");
    for (const Case& c : cases) {
        if (!o.only.empty() && c.tool != o.only) continue;
        const Figure f =
            measure(o.runs, [&] { return server.handle(tool_request(c.tool, c.args))->size(); });
        std::string shown = c.args.dump();
        for (const std::string& long_value : {median_path, hub}) {
            if (const auto at = shown.find(long_value); at != std::string::npos) {
                shown.replace(at, long_value.size(), long_value == hub ? "HUB" : "MEDIAN");
            }
        }
        std::printf("| %s | `%s` | %.2f | %.2f | %.2f | %zu |\n", c.tool.c_str(), shown.c_str(),
                    f.median, f.p95, f.cpu, f.bytes);
    }
    if (!o.only.empty()) return 0;
    const Figure resource = measure(o.runs, [&] {
        const std::string uri = "notes://" + median_path;  // generated paths need no escaping
        return server
            .handle(Json{{"jsonrpc", "2.0"},
                         {"id", ++g_id},
                         {"method", "resources/read"},
                         {"params", {{"uri", uri}}}}
                        .dump())
            ->size();
    });
    std::printf("| resources/read | `MEDIAN` | %.2f | %.2f | %.2f | %zu |\n", resource.median,
                resource.p95, resource.cpu, resource.bytes);

    // The refresh a request pays when one is due and nothing changed.
    options.refresh_seconds = 0;
    notes::mcp::Server refreshing(options);
    call(
        refreshing,
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}})");
    const Figure refresh = measure(std::min(o.runs, 10), [&] {
        return refreshing.handle(tool_request("find", {{"tags", {top_tag}}, {"limit", 1}}))->size();
    });
    std::printf(
        "| find + a due refresh (nothing changed) | `{\"tags\":[\"%s\"],\"limit\":1}` | %.2f | "
        "%.2f | %.2f | %zu |\n",
        top_tag.c_str(), refresh.median, refresh.p95, refresh.cpu, refresh.bytes);
    return 0;
}
