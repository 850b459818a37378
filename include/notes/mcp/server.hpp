#pragma once
// `notes mcp`: the index served over the Model Context Protocol, as JSON-RPC
// 2.0 messages, one per line, on standard input and output. docs/mcp.md
// describes the protocol revisions, the tools, the resources, the limits and
// the errors for users; src/mcp/README.md says how the files divide the work.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace notes::mcp {

struct ServerOptions {
    std::filesystem::path vault;
    std::filesystem::path db;
    /// Before answering from the index, bring it up to date with an
    /// incremental run when the last one is at least this many seconds old;
    /// 0: before every request; negative: never (the index is only read).
    double refresh_seconds = 2;
    /// Parser threads of a refresh; 0: one per core.
    unsigned threads = 0;
    /// A message longer than this many bytes is refused (-32600) unread.
    std::size_t max_message_bytes = std::size_t{1} << 20;
    /// A tool call whose queries run longer than this is stopped and
    /// answered with a tool error; 0: no limit.
    double timeout_seconds = 30;
    /// The server's version, for serverInfo.
    std::string version = "0.0.0";
    /// Log every request and its time on stderr.
    bool verbose = false;
};

/// One MCP server: answers JSON-RPC messages. Not thread-safe, except for
/// interrupt(). serve_stdio() drives it; benchmarks and tests call it
/// directly.
class Server {
  public:
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Answers one message (one line, without its newline): the response
    /// line, or nullopt when there is none (a notification, a cancelled
    /// request).
    std::optional<std::string> handle(std::string_view message);

    /// Stops the SQL the current request runs (from another thread): the
    /// request then ends with a "stopped" tool error, or its answer is
    /// dropped when `cancelled` (the client said it no longer wants it).
    void interrupt(bool cancelled);
    /// Forgets an interrupt(): called before each request.
    void clear_interrupt();

    struct Impl;

  private:
    std::unique_ptr<Impl> m_impl;
};

/// Serves MCP on the file descriptors `in` and `out` until `in` ends.
/// Nothing but protocol messages is written to `out`: while it runs, the
/// process's standard output is sent to standard error. Returns the exit
/// status (0 at the end of input).
int serve_stdio(const ServerOptions& options, int in, int out);

/// The version of nlohmann/json in use, for `notes --version`.
std::string json_library_version();

}  // namespace notes::mcp
