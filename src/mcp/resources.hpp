#pragma once
// Notes as MCP resources: `notes://<path>`, the vault-relative path with
// each byte outside RFC 3986's unreserved set (and '/') percent-encoded.

#include <optional>
#include <string>
#include <string_view>

#include "index_access.hpp"
#include "json.hpp"

namespace notes::mcp {

/// The URI of the note at vault path `path`.
std::string note_uri(std::string_view path);

/// The vault path a `notes://` URI names; nullopt when it is not one (other
/// scheme, bad percent-encoding, empty path).
std::optional<std::string> note_path_of_uri(std::string_view uri);

/// One page of resources/list: notes in path order from the opaque `cursor`
/// ("" for the first page). Throws std::invalid_argument for a cursor this
/// server did not give.
Json list_note_resources(IndexAccess& index, const std::string& cursor);

/// resources/templates/list.
Json note_resource_templates();

/// resources/read of a note; nullopt when no note has that URI.
std::optional<Json> read_note_resource(IndexAccess& index, std::string_view uri);

/// Notes per page of resources/list.
inline constexpr std::size_t k_resources_page = 500;

}  // namespace notes::mcp
