#pragma once
// JSON in the server: nlohmann's ordered_json (keys keep the order they were
// written in, as in the command line's JSON), dumped on one line with
// ill-formed UTF-8 replaced by U+FFFD.

#include <nlohmann/json.hpp>

#include <string>

namespace notes::mcp {

using Json = nlohmann::ordered_json;

/// `value` as one line of JSON (no newline inside: control characters are
/// escaped), never throwing on ill-formed UTF-8.
inline std::string dump(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace notes::mcp
