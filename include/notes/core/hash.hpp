#pragma once
// Content hashes decide whether a file whose size or mtime changed really
// changed. XXH3 (Debian's libxxhash) is non-cryptographic and runs at memory
// speed; a collision only costs a missed re-parse of an edited note, and at
// 64 bits that is negligible for vaults of any size.

#include <cstdint>
#include <string>
#include <string_view>

namespace notes {

/// 16 lowercase hex digits of XXH3-64 of `data`.
std::string content_hash(std::string_view data);

/// XXH3-64 of `data` as a signed 64-bit number (what SQLite stores as an
/// INTEGER): for lookups where a collision costs only some extra work.
std::int64_t key_hash(std::string_view data);

/// "0.8.1": the version of libxxhash in use, for `notes --version`.
std::string xxhash_version();

}  // namespace notes
