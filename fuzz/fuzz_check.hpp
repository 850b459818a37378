#pragma once
// What every fuzz target checks besides "no crash, no sanitizer report":
// that the facts a parser hands to the index are well-formed, whatever the
// input. A failed check aborts, which libFuzzer reports as a crash.

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "notes/core/text.hpp"

namespace notes::fuzz {

inline void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz check failed: %s\n", what);
        std::abort();
    }
}

/// Text stored in the index must be valid UTF-8 (SQLite TEXT, JSON output).
inline void check_utf8(std::string_view s, const char* what) { check(notes::text::is_valid_utf8(s), what); }

}  // namespace notes::fuzz
