// `notes mcp`: serve the index to AI assistants over the Model Context
// Protocol (stdio). The server is its own front end (src/mcp/); this file
// only turns flags into ServerOptions.

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <memory>

#include "cli/command.hpp"
#include "notes/core/error.hpp"
#include "notes/mcp/server.hpp"

#ifndef NOTES_VERSION
#define NOTES_VERSION "0.0.0"
#endif

namespace notes::cli {

namespace {

struct McpFlags {
    double refresh = 2;
    bool no_refresh = false;
    double timeout = 30;
    std::size_t max_message_bytes = std::size_t{1} << 20;
    unsigned threads = 0;
};

int run_mcp_command(const Context& ctx, const McpFlags& flags) {
    mcp::ServerOptions options;
    options.vault = ctx.vault;
    options.db = ctx.db;
    options.refresh_seconds = flags.no_refresh ? -1 : flags.refresh;
    options.threads = flags.threads;
    options.max_message_bytes = flags.max_message_bytes;
    options.timeout_seconds = flags.timeout;
    options.version = NOTES_VERSION;
    options.verbose = ctx.verbose > 0;
    return mcp::serve_stdio(options, STDIN_FILENO, STDOUT_FILENO);
}

}  // namespace

CommandDefinition mcp_command() {
    return {
        "mcp", "Serve the index to AI assistants over the Model Context Protocol (stdio)",
        [](CLI::App& app) -> Action {
            auto flags = std::make_shared<McpFlags>();
            app.footer(
                "Reads JSON-RPC messages from standard input and answers on standard output, one "
                "per line, until the input ends; logs go to standard error. MCP clients start it "
                "themselves. Tools: search, find, read_note, related, tags, report, sql; every "
                "note is a resource notes://PATH. The index is refreshed (incrementally, under "
                "the indexer lock) before a request when the last refresh is older than "
                "--refresh seconds; the notes are never written. See docs/mcp.md.\n\n"
                "Examples:\n"
                "  notes mcp --vault ~/vault --refresh 10\n"
                "  claude mcp add notes -- notes --vault ~/vault mcp\n"
                "  echo "
                "'{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/"
                "discover\",\"params\":{\"_meta\":"
                "{\"io.modelcontextprotocol/"
                "protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/"
                "clientCapabilities\":{}}}}' | notes mcp");
            app.add_option("--refresh", flags->refresh,
                           "Refresh the index before a request when the last refresh is at least "
                           "SECONDS old (default 2; 0: before every request)")
                ->option_text("SECONDS")
                ->check(CLI::NonNegativeNumber);
            app.add_flag("--no-refresh", flags->no_refresh,
                         "Never refresh the index: only read it (for a read-only vault, or when "
                         "`notes watch` or cron keeps it current)");
            app.add_option("--timeout", flags->timeout,
                           "Stop a tool call whose queries run longer than SECONDS (default 30; 0: "
                           "no limit)")
                ->option_text("SECONDS")
                ->check(CLI::NonNegativeNumber);
            app.add_option("--max-message-bytes", flags->max_message_bytes,
                           "Refuse a message longer than N bytes (default 1048576)")
                ->option_text("N")
                ->check(CLI::PositiveNumber);
            app.add_option("--threads", flags->threads,
                           "Parser threads of a refresh (default: one per core)")
                ->option_text("N");
            return [flags](const Context& ctx) { return run_mcp_command(ctx, *flags); };
        }};
}

}  // namespace notes::cli
