#pragma once
// The warnings derived from the index, kept in `meta` for runs that change
// nothing: each field as its length, ':' and its bytes. Private to src/index/.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notes/core/note.hpp"

namespace notes::index::detail {

inline constexpr const char* k_warnings_meta_key = "warnings";
/// The warnings of the last run that no note holds (configuration, walk,
/// unreadable files): with the list above, what the last run printed, so
/// that the next one can say what is new.
inline constexpr const char* k_run_warnings_meta_key = "run_warnings";

std::string encode_warnings(const std::vector<Warning>& warnings);

/// nullopt when `s` is not what encode_warnings() wrote.
std::optional<std::vector<Warning>> decode_warnings(std::string_view s);

}  // namespace notes::index::detail
