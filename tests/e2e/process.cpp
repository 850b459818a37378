#include "process.hpp"

#include <unistd.h>

#include <cstdlib>

namespace notes::e2e {
namespace fs = std::filesystem;

bool have_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    if (path == nullptr) return false;
    std::string p = path;
    std::size_t start = 0;
    while (start <= p.size()) {
        auto colon = p.find(':', start);
        if (colon == std::string::npos) colon = p.size();
        const fs::path candidate = fs::path(p.substr(start, colon - start)) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return true;
        start = colon + 1;
    }
    return false;
}

fs::path notes_binary_dir() { return fs::path(NOTES_BINARY).parent_path(); }

}  // namespace notes::e2e
