#pragma once
// The tools of the server: each one's name, description, input and output
// schemas, and the function that answers it from query/ and render/.

#include <atomic>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "index_access.hpp"
#include "json.hpp"

namespace notes::mcp {

/// A failure the model can act on (a note that does not exist, an invalid
/// full-text query, SQL SQLite refused): answered as a result with
/// `isError: true` and this message as its text.
class ToolError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ToolContext {
    IndexAccess& index;
};

struct ToolDefinition {
    std::string name;
    std::string title;
    std::string description;
    Json input_schema;
    Json output_schema;
    /// Answers a call whose arguments passed check_arguments(); returns the
    /// structured content. Throws ToolError.
    std::function<Json(ToolContext&, const Json& arguments)> run;
};

/// Every tool, in the order tools/list gives them.
const std::vector<ToolDefinition>& all_tools();
const ToolDefinition* find_tool(std::string_view name);

/// The tool as tools/list describes it.
Json tool_listing(const ToolDefinition& tool);

/// Checks `arguments` against the subset of JSON Schema the tools' input
/// schemas use (types, enum, minimum/maximum, minLength, pattern-free
/// strings, required, additionalProperties: false). Returns what is wrong,
/// in words a model can act on, or nullopt.
std::optional<std::string> check_arguments(const Json& schema, const Json& arguments);

/// The largest structured result, in bytes of JSON: lists are cut to fit
/// (with a notice) before a result grows past it.
inline constexpr std::size_t k_max_result_bytes = 256 * 1024;

}  // namespace notes::mcp
