// `notes mcp` at the protocol level: raw JSON-RPC lines written to the built
// binary and its answers read back, for what a well-behaved client never
// sends (malformed JSON, oversized messages, wrong types), the two eras of
// the protocol, cancellation, the time limit, freshness and the promise that
// the vault is never written. tests/mcp/sdk.test.mjs drives the same server
// with the official TypeScript SDK.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

extern char** environ;

namespace notes::e2e {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using ::testing::HasSubstr;

constexpr const char* k_meta =
    R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}})";

/// A running `notes mcp`, talked to line by line.
class McpProcess {
  public:
    McpProcess(const fs::path& vault, std::vector<std::string> extra = {}) {
        int in_pipe[2], out_pipe[2], err_pipe[2];
        if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 ||
            ::pipe2(err_pipe, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe failed");
        }
        std::vector<std::string> args{NOTES_BINARY, "--vault", vault.string(), "mcp"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
        posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
        posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
        const int rc = ::posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(in_pipe[0]);
        ::close(out_pipe[1]);
        ::close(err_pipe[1]);
        if (rc != 0) throw std::runtime_error("cannot run notes");
        m_in = in_pipe[1];
        m_out = out_pipe[0];
        m_err = err_pipe[0];
    }

    ~McpProcess() {
        if (m_in >= 0) ::close(m_in);
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
        ::close(m_out);
        ::close(m_err);
    }

    void send(const std::string& line) {
        const std::string text = line + "\n";
        std::size_t done = 0;
        while (done < text.size()) {
            const ssize_t n = ::write(m_in, text.data() + done, text.size() - done);
            if (n <= 0) throw std::runtime_error("write failed");
            done += static_cast<std::size_t>(n);
        }
    }

    /// The next line of output, or "" after `timeout_ms` without one.
    std::string next_line(int timeout_ms = 20000) {
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;) {
            const auto nl = m_buffer.find('\n');
            if (nl != std::string::npos) {
                std::string line = m_buffer.substr(0, nl);
                m_buffer.erase(0, nl + 1);
                return line;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return "";
            pollfd fd{m_out, POLLIN, 0};
            if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
            char buf[65536];
            const ssize_t n = ::read(m_out, buf, sizeof buf);
            if (n <= 0) return "";
            m_buffer.append(buf, static_cast<std::size_t>(n));
        }
    }

    /// The next message, parsed (every line of output must be one).
    Json next(int timeout_ms = 20000) {
        const std::string line = next_line(timeout_ms);
        if (line.empty()) return Json();
        return Json::parse(line);
    }

    /// Sends a request and returns the response with its id (others that
    /// arrive first, e.g. pings answered early, are kept for later).
    Json call(const std::string& request) {
        const Json id = Json::parse(request)["id"];
        send(request);
        for (;;) {
            if (const auto it = m_pending.find(id.dump()); it != m_pending.end()) {
                Json found = it->second;
                m_pending.erase(it);
                return found;
            }
            Json msg = next();
            if (msg.is_null()) return msg;
            if (msg.value("id", Json()) == id) return msg;
            m_pending[msg["id"].dump()] = msg;
        }
    }

    void initialize() {
        const Json r = call(
            R"({"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"test","version":"1"}}})");
        ASSERT_EQ(r["result"]["protocolVersion"], "2025-11-25");
        send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    }

    /// Closes the input and returns (exit status, everything on stderr).
    std::pair<int, std::string> finish() {
        ::close(m_in);
        m_in = -1;
        std::string rest;
        for (std::string line; !(line = next_line(20000)).empty();) rest += line + "\n";
        m_buffer = rest;
        std::string err;
        char buf[4096];
        ssize_t n = 0;
        while ((n = ::read(m_err, buf, sizeof buf)) > 0)
            err.append(buf, static_cast<std::size_t>(n));
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
        return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), err};
    }

    const std::string& leftover() const { return m_buffer; }

  private:
    pid_t m_pid = -1;
    int m_in = -1, m_out = -1, m_err = -1;
    std::string m_buffer;
    std::map<std::string, Json> m_pending;
};

std::string tool_call(int id, const std::string& tool, const std::string& arguments) {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
           R"(,"method":"tools/call","params":{"name":")" + tool + R"(","arguments":)" + arguments +
           "}}";
}

class Mcp : public ::testing::Test {
  protected:
    void SetUp() override {
        vault = copy_vault(seeds_dir(), tmp.path() / "vault");
        const RunResult r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path());
        ASSERT_EQ(r.status, 0) << r.err;
    }
    TempDir tmp;
    fs::path vault;
};

TEST_F(Mcp, MalformedMessagesAreAnsweredAndTheServerGoesOn) {
    McpProcess mcp(vault);
    mcp.send("this is not json");
    Json r = mcp.next();
    EXPECT_EQ(r["id"], nullptr);
    EXPECT_EQ(r["error"]["code"], -32700);
    EXPECT_THAT(r["error"]["message"].get<std::string>(), HasSubstr("Parse error"));

    mcp.send(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])");
    r = mcp.next();
    EXPECT_EQ(r["error"]["code"], -32600);
    EXPECT_THAT(r["error"]["message"].get<std::string>(), HasSubstr("batches"));

    r = mcp.call(R"({"jsonrpc":"1.0","id":2,"method":"tools/list"})");
    EXPECT_EQ(r["error"]["code"], -32600);
    r = mcp.call(R"({"jsonrpc":"2.0","id":3,"method":42})");
    EXPECT_EQ(r["error"]["code"], -32600);
    mcp.send(R"({"jsonrpc":"2.0","id":null,"method":"tools/list"})");
    r = mcp.next();
    EXPECT_EQ(r["error"]["code"], -32600);
    EXPECT_EQ(r["id"], nullptr);

    // Before initialize: refused, with how to go on.
    r = mcp.call(R"({"jsonrpc":"2.0","id":4,"method":"tools/list"})");
    EXPECT_EQ(r["error"]["code"], -32600);
    EXPECT_THAT(r["error"]["message"].get<std::string>(), HasSubstr("send initialize first"));
    // ping is answered before initialize.
    r = mcp.call(R"({"jsonrpc":"2.0","id":5,"method":"ping"})");
    EXPECT_EQ(r["result"], Json::object());

    mcp.initialize();
    r = mcp.call(R"({"jsonrpc":"2.0","id":6,"method":"no/such/method"})");
    EXPECT_EQ(r["error"]["code"], -32601);
    EXPECT_EQ(r["error"]["message"], "Method not found: no/such/method");
    r = mcp.call(
        R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"nope","arguments":{}}})");
    EXPECT_EQ(r["error"]["code"], -32602);
    EXPECT_THAT(r["error"]["message"].get<std::string>(), HasSubstr("Unknown tool: nope"));
    r = mcp.call(R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"arguments":{}}})");
    EXPECT_EQ(r["error"]["code"], -32602);
    r = mcp.call(
        R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"find","arguments":[1]}})");
    EXPECT_EQ(r["error"]["code"], -32602);
    r = mcp.call(R"({"jsonrpc":"2.0","id":10,"method":"tools/list","params":"x"})");
    EXPECT_EQ(r["error"]["code"], -32602);
    r = mcp.call(R"({"jsonrpc":"2.0","id":11,"method":"tools/list","params":{"cursor":"abc"}})");
    EXPECT_EQ(r["error"]["code"], -32602);

    // Arguments that do not match the input schema: a tool error the model reads.
    r = mcp.call(tool_call(12, "find", R"({"limit":"ten"})"));
    EXPECT_EQ(r["result"]["isError"], true);
    EXPECT_EQ(r["result"]["content"][0]["text"],
              "find: argument limit must be an integer, not a string");
    r = mcp.call(tool_call(13, "search", R"({"limit":5})"));
    EXPECT_EQ(r["result"]["content"][0]["text"], "search: missing argument query");
    r = mcp.call(tool_call(14, "find", R"({"sort":"size"})"));
    EXPECT_EQ(
        r["result"]["content"][0]["text"],
        R"(find: argument sort must be one of date, title, path, modified, words, not "size")");
    r = mcp.call(tool_call(15, "find", R"({"limit":501})"));
    EXPECT_EQ(r["result"]["content"][0]["text"],
              "find: argument limit must be at most 500, not 501");
    r = mcp.call(tool_call(16, "find", R"({"colour":"red"})"));
    EXPECT_THAT(r["result"]["content"][0]["text"].get<std::string>(),
                HasSubstr("unknown argument colour (arguments: tags,"));
    r = mcp.call(tool_call(17, "find", R"({"tags":["sql",3]})"));
    EXPECT_EQ(r["result"]["content"][0]["text"],
              "find: argument tags[1] must be a string, not an integer");
    r = mcp.call(tool_call(18, "find", R"({"since":"March 2026"})"));
    EXPECT_EQ(r["result"]["content"][0]["text"],
              "since: 'March 2026' is not a day (expected YYYY-MM-DD)");
    r = mcp.call(tool_call(19, "search", R"({"query":"\"unterminated"})"));
    EXPECT_EQ(r["result"]["isError"], true);
    r = mcp.call(tool_call(20, "read_note", R"({"note":"no-such-note"})"));
    EXPECT_EQ(r["result"]["isError"], true);
    EXPECT_THAT(r["result"]["content"][0]["text"].get<std::string>(),
                HasSubstr("note: no note matches 'no-such-note'"));
    r = mcp.call(tool_call(21, "read_note", R"({"note":"index-tuning"})"));
    EXPECT_EQ(r["result"]["isError"], true);
    EXPECT_EQ(r["result"]["content"][0]["text"],
              "note: 'index-tuning' is ambiguous: 2 notes match by slug; give one of these paths:\n"
              "  index-tuning.md\n  projects/index-tuning.md");
    r = mcp.call(tool_call(22, "sql", R"({"query":"DELETE FROM notes"})"));
    EXPECT_EQ(r["result"]["isError"], true);
    EXPECT_THAT(r["result"]["content"][0]["text"].get<std::string>(),
                HasSubstr("sql: attempt to write a readonly database"));

    // Still serving.
    r = mcp.call(R"({"jsonrpc":"2.0","id":23,"method":"ping"})");
    EXPECT_EQ(r["result"], Json::object());
    const auto [status, err] = mcp.finish();
    EXPECT_EQ(status, 0) << err;
    EXPECT_EQ(mcp.leftover(), "");
}

TEST_F(Mcp, AnOversizedMessageIsRefusedUnreadAndTheNextOneAnswered) {
    McpProcess mcp(vault, {"--max-message-bytes", "1000"});
    const std::string big = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":")" +
                            std::string(5000, 'x') + R"("}})";
    mcp.send(big);
    const Json r = mcp.next();
    EXPECT_EQ(r["id"], nullptr);
    EXPECT_EQ(r["error"]["code"], -32600);
    EXPECT_EQ(r["error"]["message"],
              "Invalid Request: the message is " + std::to_string(big.size()) +
                  " bytes, more than the limit of 1000 (notes mcp --max-message-bytes)");
    EXPECT_EQ(mcp.call(R"({"jsonrpc":"2.0","id":2,"method":"ping"})")["result"], Json::object());
}

TEST_F(Mcp, InitializeNegotiatesTheVersion) {
    McpProcess mcp(vault);
    Json r = mcp.call(
        R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
    EXPECT_EQ(r["result"]["protocolVersion"], "2025-06-18");
    EXPECT_EQ(r["result"]["serverInfo"]["name"], "notes");
    EXPECT_EQ(
        r["result"]["capabilities"],
        Json::parse(
            R"({"tools":{"listChanged":false},"resources":{"listChanged":false,"subscribe":false}})"));
    // A version it does not know: its latest handshake revision.
    r = mcp.call(
        R"({"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"1999-01-01","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
    EXPECT_EQ(r["result"]["protocolVersion"], "2025-11-25");
    r = mcp.call(R"({"jsonrpc":"2.0","id":3,"method":"initialize","params":{}})");
    EXPECT_EQ(r["error"]["code"], -32602);
}

TEST_F(Mcp, TheStatelessRevisionNeedsNoHandshake) {
    McpProcess mcp(vault);
    Json r =
        mcp.call(std::string(R"({"jsonrpc":"2.0","id":"d","method":"server/discover","params":{)") +
                 k_meta + "}}");
    EXPECT_EQ(r["result"]["resultType"], "complete");
    EXPECT_EQ(r["result"]["supportedVersions"],
              Json::parse(R"(["2026-07-28","2025-11-25","2025-06-18"])"));
    EXPECT_EQ(r["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "notes");

    r = mcp.call(std::string(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{)") +
                 k_meta + "}}");
    EXPECT_EQ(r["result"]["resultType"], "complete");
    EXPECT_EQ(r["result"]["ttlMs"], 3600000);
    EXPECT_EQ(r["result"]["cacheScope"], "public");
    std::vector<std::string> names;
    for (const auto& tool : r["result"]["tools"]) names.push_back(tool["name"]);
    EXPECT_EQ(names, (std::vector<std::string>{"search", "find", "read_note", "related", "tags",
                                               "report", "sql"}));

    r = mcp.call(
        std::string(
            R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"find","arguments":{"tags":["decision"]},)") +
        k_meta + "}}");
    EXPECT_EQ(r["result"]["resultType"], "complete");
    EXPECT_EQ(r["result"]["structuredContent"]["notes"][0]["path"], "My Note.md");

    // A version it does not serve.
    r = mcp.call(
        R"({"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2030-01-01","io.modelcontextprotocol/clientCapabilities":{}}}})");
    EXPECT_EQ(r["error"]["code"], -32022);
    EXPECT_EQ(
        r["error"]["data"],
        Json::parse(
            R"({"supported":["2026-07-28","2025-11-25","2025-06-18"],"requested":"2030-01-01"})"));
    // Capabilities are required on every request.
    r = mcp.call(
        R"({"jsonrpc":"2.0","id":4,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}})");
    EXPECT_EQ(r["error"]["code"], -32602);
    // ping is gone in 2026-07-28; a missing resource is -32602 (it was -32002).
    r = mcp.call(std::string(R"({"jsonrpc":"2.0","id":5,"method":"ping","params":{)") + k_meta +
                 "}}");
    EXPECT_EQ(r["error"]["code"], -32601);
    r = mcp.call(
        std::string(
            R"({"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"notes://nothing.md",)") +
        k_meta + "}}");
    EXPECT_EQ(r["error"]["code"], -32602);
    EXPECT_EQ(r["error"]["data"]["uri"], "notes://nothing.md");
    mcp.initialize();
    r = mcp.call(
        R"({"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":"notes://nothing.md"}})");
    EXPECT_EQ(r["error"]["code"], -32002);
}

TEST_F(Mcp, ResourcesAreTheNotesByUri) {
    McpProcess mcp(vault);
    mcp.initialize();
    Json r = mcp.call(R"({"jsonrpc":"2.0","id":1,"method":"resources/list"})");
    const Json& resources = r["result"]["resources"];
    ASSERT_EQ(resources.size(), 23u);
    EXPECT_FALSE(r["result"].contains("nextCursor"));
    EXPECT_EQ(resources[0]["uri"],
              "notes://"
              "2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy.md");
    bool found = false;
    for (const auto& res : resources) {
        if (res["name"] == "café-notes.md") {
            found = true;
            EXPECT_EQ(res["uri"], "notes://caf%C3%A9-notes.md");
            EXPECT_EQ(res["mimeType"], "text/markdown");
        }
    }
    EXPECT_TRUE(found);
    r = mcp.call(
        R"({"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"notes://caf%C3%A9-notes.md"}})");
    EXPECT_EQ(r["result"]["contents"][0]["text"], read_text(vault / "café-notes.md"));
    // A slug names a note too.
    r = mcp.call(
        R"({"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"notes://duckdb-for-local-analytics"}})");
    EXPECT_EQ(r["result"]["contents"][0]["text"],
              read_text(vault / "duckdb-for-local-analytics.md"));
    r = mcp.call(
        R"({"jsonrpc":"2.0","id":4,"method":"resources/list","params":{"cursor":"bogus"}})");
    EXPECT_EQ(r["error"]["code"], -32602);
    r = mcp.call(R"({"jsonrpc":"2.0","id":5,"method":"resources/templates/list"})");
    EXPECT_EQ(r["result"]["resourceTemplates"][0]["uriTemplate"], "notes://{+path}");
}

TEST_F(Mcp, ResourcesListPagesThroughALargeVault) {
    fs::create_directories(vault / "gen");
    for (int i = 0; i < 620; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "gen/n%04d.md", i);
        write_text(vault / name, "# Note " + std::to_string(i) + "\n");
    }
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path()).status, 0);
    McpProcess mcp(vault);
    mcp.initialize();
    Json r = mcp.call(R"({"jsonrpc":"2.0","id":1,"method":"resources/list"})");
    ASSERT_EQ(r["result"]["resources"].size(), 500u);
    const std::string cursor = r["result"]["nextCursor"];
    r = mcp.call(R"({"jsonrpc":"2.0","id":2,"method":"resources/list","params":{"cursor":)" +
                 Json(cursor).dump() + "}}");
    EXPECT_EQ(r["result"]["resources"].size(), 643u - 500u);
    EXPECT_FALSE(r["result"].contains("nextCursor"));
}

TEST_F(Mcp, AVaultWithoutAnIndexIsAClearError) {
    const fs::path bare = copy_vault(seeds_dir(), tmp.path() / "bare");
    McpProcess mcp(bare);
    mcp.initialize();
    Json r = mcp.call(tool_call(1, "find", "{}"));
    EXPECT_EQ(r["error"]["code"], -32000);
    EXPECT_EQ(r["error"]["message"], "no index at " + (bare / ".notes" / "index.db").string() +
                                         "; run `notes index` in the vault first");
    // The server answers what needs no index, and never created one.
    r = mcp.call(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
    EXPECT_EQ(r["result"]["tools"].size(), 7u);
    mcp.finish();
    EXPECT_FALSE(fs::exists(bare / ".notes"));
}

TEST_F(Mcp, TheIndexFollowsTheVaultAndTheVaultIsNeverWritten) {
    McpProcess mcp(vault, {"--refresh", "0"});
    mcp.initialize();
    Json r = mcp.call(tool_call(1, "search", R"({"query":"zeppelin"})"));
    EXPECT_EQ(r["result"]["structuredContent"]["count"], 0);
    write_text(vault / "new-note.md",
               "---\ntitle: Airships\ntags: [transport]\n---\nA zeppelin note.\n");
    r = mcp.call(tool_call(2, "search", R"({"query":"zeppelin"})"));
    ASSERT_EQ(r["result"]["structuredContent"]["count"], 1);
    EXPECT_EQ(r["result"]["structuredContent"]["notes"][0]["path"], "new-note.md");

    // Every file outside .notes/ as it was: same bytes, same mtime.
    std::map<std::string, std::pair<std::string, fs::file_time_type>> before;
    for (const auto& e : fs::recursive_directory_iterator(vault)) {
        const std::string rel = fs::relative(e.path(), vault).string();
        if (rel.rfind(".notes", 0) == 0 || !e.is_regular_file()) continue;
        before[rel] = {read_text(e.path()), e.last_write_time()};
    }
    int id = 10;
    for (const auto& [tool, args] : std::vector<std::pair<std::string, std::string>>{
             {"search", R"({"query":"sqlite"})"},
             {"find", R"({"broken":true})"},
             {"read_note", R"({"note":"My Note.md"})"},
             {"related", R"({"note":"index-tuning.md"})"},
             {"tags", "{}"},
             {"report", "{}"},
             {"sql", R"({"query":"SELECT count(*) AS n FROM notes"})"}}) {
        r = mcp.call(tool_call(++id, tool, args));
        EXPECT_EQ(r["result"]["isError"], false) << tool << ": " << r.dump();
    }
    mcp.finish();
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(vault)) {
        const std::string rel = fs::relative(e.path(), vault).string();
        if (rel.rfind(".notes", 0) == 0 || !e.is_regular_file()) continue;
        ++files;
        ASSERT_TRUE(before.count(rel)) << rel << " appeared";
        EXPECT_EQ(read_text(e.path()), before[rel].first) << rel;
        EXPECT_EQ(e.last_write_time(), before[rel].second) << rel;
    }
    EXPECT_EQ(files, before.size());
}

TEST_F(Mcp, ALockedIndexIsReadAsItIs) {
    const fs::path lock_file = vault / ".notes" / "index.db.lock";
    const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    McpProcess mcp(vault);
    mcp.initialize();
    const Json r = mcp.call(tool_call(1, "find", R"({"tags":["decision"]})"));
    EXPECT_EQ(r["result"]["structuredContent"]["notes"][0]["path"], "My Note.md");
    const auto [status, err] = mcp.finish();
    EXPECT_EQ(status, 0);
    EXPECT_THAT(err, HasSubstr("notes mcp: index not refreshed:"));
    ::close(fd);
}

/// A query that runs for minutes unless interrupted.
const char* k_slow_sql =
    R"({"query":"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"})";

TEST_F(Mcp, ACancelledRequestIsStoppedAndNotAnswered) {
    McpProcess mcp(vault);
    mcp.initialize();
    mcp.send(tool_call(1, "sql", k_slow_sql));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    mcp.send(
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"reason":"user"}})");
    // The next request is answered, and nothing ever comes for request 1.
    const Json r = mcp.call(tool_call(2, "sql", R"({"query":"SELECT 7 AS n"})"));
    EXPECT_EQ(r["result"]["structuredContent"]["rows"][0]["n"], 7);
    mcp.finish();
    EXPECT_EQ(mcp.leftover(), "");
}

TEST_F(Mcp, ACallPastTheTimeLimitIsAToolError) {
    McpProcess mcp(vault, {"--timeout", "0.5"});
    mcp.initialize();
    const auto start = std::chrono::steady_clock::now();
    const Json r = mcp.call(tool_call(1, "sql", k_slow_sql));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
    EXPECT_EQ(r["result"]["isError"], true);
    EXPECT_EQ(r["result"]["content"][0]["text"],
              "stopped: the call ran longer than 0.5 s (narrow it: add filters, a LIMIT, or fewer "
              "sections)");
}

TEST_F(Mcp, ResultsAreBounded) {
    McpProcess mcp(vault);
    mcp.initialize();
    Json r = mcp.call(
        tool_call(1, "sql", R"({"query":"SELECT path FROM notes ORDER BY path","limit":3})"));
    const Json& s = r["result"]["structuredContent"];
    EXPECT_EQ(s["count"], 3);
    EXPECT_EQ(s["truncated"], true);
    EXPECT_EQ(s["notice"],
              "more match than the limit of 3; add LIMIT/OFFSET or WHERE to the query, or raise "
              "limit (at most 1000)");
    r = mcp.call(tool_call(2, "sql", R"({"query":"SELECT printf('%.*c', 100000, 'x') AS big"})"));
    EXPECT_EQ(r["result"]["structuredContent"]["rows"][0]["big"].get<std::string>().size(),
              4096u + 3u);
    EXPECT_THAT(r["result"]["structuredContent"]["notice"].get<std::string>(), HasSubstr("cut"));
    // A long note is read by line ranges.
    std::string text;
    for (int i = 1; i <= 450; ++i) text += "line " + std::to_string(i) + "\n";
    write_text(vault / "long.md", text);
    McpProcess fresh(vault, {"--refresh", "0"});
    fresh.initialize();
    r = fresh.call(tool_call(3, "read_note", R"({"note":"long.md"})"));
    EXPECT_EQ(r["result"]["structuredContent"]["lines"],
              Json::parse(R"({"from":1,"to":200,"total":450})"));
    EXPECT_EQ(r["result"]["structuredContent"]["notice"],
              "lines 1-200 of 450; call read_note again with from_line 201 for more");
    r = fresh.call(tool_call(4, "read_note", R"({"note":"long.md","from_line":440})"));
    EXPECT_EQ(r["result"]["structuredContent"]["text"],
              "line 440\nline 441\nline 442\nline 443\nline 444\nline 445\nline 446\nline "
              "447\nline 448\nline 449\nline 450");
    EXPECT_EQ(r["result"]["structuredContent"]["truncated"], false);
    // A range ending on an empty line keeps it.
    write_text(vault / "gaps.md", "one\n\nthree\n\nfive\n");
    r = fresh.call(tool_call(5, "read_note", R"({"note":"gaps.md","to_line":4})"));
    EXPECT_EQ(r["result"]["structuredContent"]["text"], "one\n\nthree\n");
    EXPECT_EQ(r["result"]["structuredContent"]["lines"],
              Json::parse(R"({"from":1,"to":4,"total":5})"));
}

}  // namespace
}  // namespace notes::e2e
