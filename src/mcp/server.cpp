// One MCP server: a JSON-RPC message in, a response out.
//
// The server speaks both eras of the protocol (docs/mcp.md). The current
// revision, 2026-07-28, is stateless: every request carries its protocol
// version and the client's capabilities in `_meta`, `server/discover` tells
// what the server supports, `ping` is gone and every result says
// `"resultType": "complete"`. The revisions before it (2025-11-25,
// 2025-06-18) open with an `initialize` handshake that fixes the version for
// the life of the process. A dual-era server picks per request: one whose
// `_meta` names a protocol version is served statelessly; otherwise the
// version `initialize` chose applies, and before `initialize` only `ping`
// (and `server/discover`) is answered.
//
// Errors follow the specification: a message that is not JSON is -32700; one
// that is not a JSON-RPC request is -32600; an unknown method -32601; bad
// parameters, an unknown tool or an unknown resource -32602 (-32002 for the
// resource before 2026-07-28); an unsupported version in `_meta` -32022. A
// tool that fails in a way the model can act on (a note that does not exist,
// arguments that do not match the input schema, SQL SQLite refused) answers
// a result with `isError: true`. An index that cannot be read is -32000.

#include "notes/mcp/server.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>

#include "index_access.hpp"
#include "json.hpp"
#include "notes/core/error.hpp"
#include "resources.hpp"
#include "tools.hpp"

namespace notes::mcp {
namespace {

constexpr const char* k_modern_version = "2026-07-28";
/// Revisions negotiated with `initialize`, newest first.
constexpr const char* k_legacy_versions[] = {"2025-11-25", "2025-06-18"};

constexpr int k_parse_error = -32700;
constexpr int k_invalid_request = -32600;
constexpr int k_method_not_found = -32601;
constexpr int k_invalid_params = -32602;
constexpr int k_internal_error = -32603;
/// Implementation-defined (-32000..-32019): the index cannot be read.
constexpr int k_index_unavailable = -32000;
/// 2025-11-25 and before: resource not found.
constexpr int k_legacy_resource_not_found = -32002;
constexpr int k_unsupported_version = -32022;

constexpr const char* k_meta_version = "io.modelcontextprotocol/protocolVersion";
constexpr const char* k_meta_capabilities = "io.modelcontextprotocol/clientCapabilities";

/// A failure answered as a JSON-RPC error.
struct ProtocolError {
    int code;
    std::string message;
    Json data = nullptr;
};

Json supported_versions() {
    Json versions = Json::array({k_modern_version});
    for (const char* v : k_legacy_versions) versions.push_back(v);
    return versions;
}

const char* k_instructions =
    "The user's vault of Markdown notes (YAML front matter, [[wiki-links]], #tags), indexed. A "
    "note "
    "is named by its vault path, as the tools return it. To find notes about a subject use search; "
    "by tags, front-matter fields, dates or links use find; read one with read_note (text, front "
    "matter, links, backlinks); gather context with related; learn the vocabulary with tags; check "
    "the vault's health with report; anything else with sql. The tools only read: they never "
    "change a note.";

}  // namespace

struct Server::Impl {
    ServerOptions options;
    IndexAccess index;
    /// The version `initialize` chose; empty before.
    std::string legacy_version;
    std::atomic<bool> stop{false};
    std::atomic<bool> cancelled{false};

    explicit Impl(ServerOptions o)
        : options(std::move(o)),
          index(options.vault, options.db, options.refresh_seconds, options.threads,
                options.verbose) {}

    Json server_info() const {
        return Json{{"name", "notes"},
                    {"title", "notes: a vault of Markdown notes"},
                    {"version", options.version},
                    {"description",
                     "Full text, tags, fields, links and related notes of a Markdown vault"}};
    }

    Json capabilities() const {
        return Json{{"tools", {{"listChanged", false}}},
                    {"resources", {{"listChanged", false}, {"subscribe", false}}}};
    }

    Json initialize(const Json& params) {
        const auto version = params.find("protocolVersion");
        if (version == params.end() || !version->is_string()) {
            throw ProtocolError{k_invalid_params,
                                "initialize: params.protocolVersion must be a string"};
        }
        // The client's version when it is one of ours, else our latest
        // handshake revision (the client then decides whether to go on).
        std::string chosen = k_legacy_versions[0];
        for (const char* v : k_legacy_versions) {
            if (*version == v) chosen = v;
        }
        legacy_version = chosen;
        return Json{{"protocolVersion", chosen},
                    {"capabilities", capabilities()},
                    {"serverInfo", server_info()},
                    {"instructions", k_instructions}};
    }

    Json discover() const {
        return Json{{"supportedVersions", supported_versions()},
                    {"capabilities", capabilities()},
                    {"serverInfo", server_info()},
                    {"instructions", k_instructions}};
    }

    Json tools_list(const Json& params) const {
        reject_cursor(params);
        Json tools = Json::array();
        for (const ToolDefinition& tool : all_tools()) tools.push_back(tool_listing(tool));
        return Json{{"tools", std::move(tools)}};
    }

    static void reject_cursor(const Json& params) {
        if (params.contains("cursor") && !params["cursor"].is_null()) {
            throw ProtocolError{k_invalid_params, "invalid cursor: this list has a single page"};
        }
    }

    void prepare_index() {
        try {
            index.prepare();
        } catch (const IndexUnavailable& e) {
            throw ProtocolError{
                k_index_unavailable, e.what(),
                Json{{"vault", index.vault().string()}, {"index", index.db().string()}}};
        } catch (const std::exception& e) {
            throw ProtocolError{k_index_unavailable,
                                std::string("the index cannot be read: ") + e.what()};
        }
    }

    static Json tool_error(const std::string& text) {
        return Json{{"content", Json::array({Json{{"type", "text"}, {"text", text}}})},
                    {"isError", true}};
    }

    Json tools_call(const Json& params) {
        const auto name = params.find("name");
        if (name == params.end() || !name->is_string()) {
            throw ProtocolError{k_invalid_params,
                                "tools/call: params.name must be the name of a tool"};
        }
        const ToolDefinition* tool = find_tool(name->get<std::string>());
        if (tool == nullptr) {
            std::string known;
            for (const ToolDefinition& t : all_tools())
                known += (known.empty() ? "" : ", ") + t.name;
            throw ProtocolError{k_invalid_params, "Unknown tool: " + name->get<std::string>() +
                                                      " (tools: " + known + ")"};
        }
        Json arguments = params.value("arguments", Json::object());
        if (arguments.is_null()) arguments = Json::object();
        if (!arguments.is_object()) {
            throw ProtocolError{k_invalid_params, "tools/call: params.arguments must be an object"};
        }
        // Arguments that do not match the schema are the model's to fix:
        // a tool error it can read (the specification's "input validation
        // errors"), not a protocol error.
        if (auto problem = check_arguments(tool->input_schema, arguments)) {
            return tool_error(tool->name + ": " + *problem);
        }
        prepare_index();
        if (stop) return stopped_error();
        ToolContext ctx{index};
        Json structured;
        try {
            structured = tool->run(ctx, arguments);
        } catch (const ToolError& e) {
            if (stop) return stopped_error();
            return tool_error(e.what());
        } catch (const std::exception& e) {
            if (stop) return stopped_error();
            throw ProtocolError{k_internal_error, tool->name + ": " + e.what()};
        }
        if (stop) return stopped_error();
        return Json{{"content", Json::array({Json{{"type", "text"}, {"text", dump(structured)}}})},
                    {"structuredContent", std::move(structured)},
                    {"isError", false}};
    }

    Json stopped_error() const {
        // A cancelled request's answer is dropped by the caller; this text
        // is for a call stopped by the time limit.
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%g", options.timeout_seconds);
        return tool_error(std::string("stopped: the call ran longer than ") + seconds +
                          " s (narrow it: add filters, a LIMIT, or fewer sections)");
    }

    Json resources_list(const Json& params) {
        std::string cursor;
        if (params.contains("cursor") && !params["cursor"].is_null()) {
            if (!params["cursor"].is_string())
                throw ProtocolError{k_invalid_params, "invalid cursor"};
            cursor = params["cursor"].get<std::string>();
        }
        prepare_index();
        try {
            return list_note_resources(index, cursor);
        } catch (const std::invalid_argument&) {
            throw ProtocolError{k_invalid_params,
                                "invalid cursor: give the nextCursor of the previous page"};
        }
    }

    Json resources_read(const Json& params, bool modern) {
        const auto uri = params.find("uri");
        if (uri == params.end() || !uri->is_string()) {
            throw ProtocolError{k_invalid_params,
                                "resources/read: params.uri must be a notes:// URI"};
        }
        prepare_index();
        auto result = read_note_resource(index, uri->get<std::string>());
        if (!result) {
            throw ProtocolError{modern ? k_invalid_params : k_legacy_resource_not_found,
                                "Resource not found", Json{{"uri", *uri}}};
        }
        return std::move(*result);
    }

    /// The result of `method`, or a ProtocolError.
    Json dispatch(const std::string& method, const Json& params, bool modern) {
        if (method == "tools/list") return tools_list(params);
        if (method == "tools/call") return tools_call(params);
        if (method == "resources/list") return resources_list(params);
        if (method == "resources/read") return resources_read(params, modern);
        if (method == "resources/templates/list") {
            reject_cursor(params);
            return note_resource_templates();
        }
        if (method == "server/discover") return discover();
        if (method == "ping" && !modern) return Json::object();
        throw ProtocolError{
            k_method_not_found,
            "Method not found: " + method + (method == "ping" ? " (removed in 2026-07-28)" : "")};
    }

    Json modern_request(const std::string& method, const Json& params) {
        const Json& meta = params["_meta"];
        const Json& version = meta[k_meta_version];
        if (!version.is_string() || version != k_modern_version) {
            throw ProtocolError{k_unsupported_version, "Unsupported protocol version",
                                Json{{"supported", supported_versions()}, {"requested", version}}};
        }
        if (!meta.contains(k_meta_capabilities) || !meta[k_meta_capabilities].is_object()) {
            throw ProtocolError{k_invalid_params, std::string("_meta must hold ") +
                                                      k_meta_capabilities + " (an object)"};
        }
        Json result = dispatch(method, params, true);
        Json out{{"resultType", "complete"}};
        for (auto& [key, value] : result.items()) out[key] = std::move(value);
        // Cache hints: the tool list changes only with the program; notes
        // with the vault, noticed at the next refresh.
        if (method == "tools/list" || method == "resources/templates/list" ||
            method == "server/discover") {
            out["ttlMs"] = 3600000;
            out["cacheScope"] = method == "tools/list" ? "public" : "private";
        } else if (method == "resources/list" || method == "resources/read") {
            out["ttlMs"] = options.refresh_seconds > 0
                               ? static_cast<std::int64_t>(options.refresh_seconds * 1000)
                               : 0;
            out["cacheScope"] = "private";
        }
        out["_meta"] = Json{{"io.modelcontextprotocol/serverInfo", server_info()}};
        return out;
    }

    Json request(const std::string& method, const Json& params) {
        if (method == "initialize") return initialize(params);
        const bool modern = params.contains("_meta") && params["_meta"].is_object() &&
                            params["_meta"].contains(k_meta_version);
        if (modern) return modern_request(method, params);
        if (legacy_version.empty() && method != "ping" && method != "server/discover") {
            throw ProtocolError{
                k_invalid_request,
                "not initialized: send initialize first, or name the protocol version in "
                "params._meta[\"io.modelcontextprotocol/protocolVersion\"] (2026-07-28)"};
        }
        return dispatch(method, params, false);
    }

    static std::string error_response(const Json& id, const ProtocolError& e) {
        Json error{{"code", e.code}, {"message", e.message}};
        if (!e.data.is_null()) error["data"] = e.data;
        return dump(Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}});
    }

    std::optional<std::string> handle(std::string_view message) {
        Json msg;
        try {
            msg = Json::parse(message);
        } catch (const Json::parse_error& e) {
            return error_response(nullptr,
                                  {k_parse_error, std::string("Parse error: ") + e.what()});
        }
        if (msg.is_array()) {
            return error_response(
                nullptr,
                {k_invalid_request, "Invalid Request: JSON-RPC batches are not part of MCP"});
        }
        if (!msg.is_object()) {
            return error_response(
                nullptr, {k_invalid_request, "Invalid Request: a message is a JSON object"});
        }
        const auto id_it = msg.find("id");
        const bool has_id = id_it != msg.end();
        const bool id_ok = has_id && (id_it->is_string() || id_it->is_number_integer() ||
                                      id_it->is_number_unsigned());
        const Json id = id_ok ? *id_it : Json(nullptr);
        if (msg.value("jsonrpc", Json()) != "2.0") {
            return error_response(id,
                                  {k_invalid_request, "Invalid Request: jsonrpc must be \"2.0\""});
        }
        const auto method_it = msg.find("method");
        if (method_it == msg.end()) {
            // A response from the client: this server sends no requests.
            if (msg.contains("result") || msg.contains("error")) return std::nullopt;
            return error_response(id, {k_invalid_request, "Invalid Request: no method"});
        }
        if (!method_it->is_string()) {
            return error_response(id,
                                  {k_invalid_request, "Invalid Request: method must be a string"});
        }
        if (has_id && !id_ok) {
            return error_response(
                nullptr, {k_invalid_request, "Invalid Request: id must be a string or an integer"});
        }
        const std::string method = method_it->get<std::string>();
        Json params = msg.value("params", Json::object());
        if (params.is_null()) params = Json::object();
        if (!has_id)
            return std::nullopt;  // notifications: initialized, cancelled (see serve_stdio)
        if (!params.is_object()) {
            return error_response(id,
                                  {k_invalid_params, "Invalid params: params must be an object"});
        }
        const auto start = std::chrono::steady_clock::now();
        std::optional<std::string> response;
        try {
            Json result = request(method, params);
            response = dump(Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
        } catch (const ProtocolError& e) {
            response = error_response(id, e);
        } catch (const std::exception& e) {
            response =
                error_response(id, {k_internal_error, std::string("Internal error: ") + e.what()});
        }
        if (options.verbose) {
            const std::chrono::duration<double, std::milli> ms =
                std::chrono::steady_clock::now() - start;
            std::string what = method;
            if (method == "tools/call" && params.contains("name") && params["name"].is_string()) {
                what += " " + params["name"].get<std::string>();
            }
            std::fprintf(stderr, "notes mcp: %s %s: %.2f ms\n", dump(id).c_str(), what.c_str(),
                         ms.count());
        }
        if (cancelled) return std::nullopt;
        return response;
    }
};

std::string json_library_version() {
    return std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
           std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
           std::to_string(NLOHMANN_JSON_VERSION_PATCH);
}

Server::Server(ServerOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {}
Server::~Server() = default;

std::optional<std::string> Server::handle(std::string_view message) {
    return m_impl->handle(message);
}

void Server::interrupt(bool cancelled) {
    if (cancelled) m_impl->cancelled = true;
    m_impl->stop = true;
    m_impl->index.interrupt();
}

void Server::clear_interrupt() {
    m_impl->stop = false;
    m_impl->cancelled = false;
}

}  // namespace notes::mcp
