#include "notes/core/hash.hpp"

#include <xxhash.h>

#include <cstdio>

namespace notes {

std::string content_hash(std::string_view data) {
    const XXH64_hash_t h = XXH3_64bits(data.data(), data.size());
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::int64_t key_hash(std::string_view data) {
    return static_cast<std::int64_t>(XXH3_64bits(data.data(), data.size()));
}

std::string xxhash_version() {
    const unsigned v = XXH_versionNumber();
    return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." + std::to_string(v % 100);
}

}  // namespace notes
