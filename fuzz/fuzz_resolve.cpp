// libFuzzer target: link resolution. The input describes a vault (one note per
// line: "path|title|alias,alias") and, after a line "===", links as
// "source-index|target". Resolution must give a note of the vault or none,
// and the same answer twice.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "notes/core/resolve.hpp"

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        const auto end = s.find(sep, start);
        out.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return out;
        start = end + 1;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using notes::fuzz::check;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto sep = input.find("\n===\n");
    const std::string_view vault = input.substr(0, sep);
    const std::string_view links = sep == std::string_view::npos ? std::string_view{} : input.substr(sep + 5);

    std::vector<notes::NoteName> names;
    std::int64_t id = 0;
    for (const std::string_view line : split(vault, '\n')) {
        if (line.empty() || names.size() >= 200) continue;
        const auto parts = split(line, '|');
        notes::NoteName n;
        n.id = ++id;
        n.path = std::string(parts[0]) + ".md";
        if (parts.size() > 1) n.title = std::string(parts[1]);
        if (parts.size() > 2) {
            for (const auto alias : split(parts[2], ',')) n.aliases.emplace_back(alias);
        }
        names.push_back(std::move(n));
    }
    // Paths are unique in a vault, and the resolver is given them in order.
    std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    names.erase(std::unique(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.path == b.path; }),
                names.end());
    if (names.empty()) return 0;
    const notes::LinkResolver resolver(names);

    auto exists = [&](std::int64_t note) {
        if (note == 0) return true;
        for (const auto& n : names) {
            if (n.id == note) return true;
        }
        return false;
    };
    for (const std::string_view line : split(links, '\n')) {
        const auto bar = line.find('|');
        if (bar == std::string_view::npos) continue;
        const auto& source = names[static_cast<unsigned char>(line[0]) % names.size()];
        const std::string_view target = line.substr(bar + 1);
        for (const char* kind : {"wiki", "markdown", "related"}) {
            const notes::Resolution a = resolver.resolve(source.path, source.id, kind, target);
            const notes::Resolution b = resolver.resolve(source.path, source.id, kind, target);
            check(exists(a.note_id), "resolves to a note of the vault or to none");
            check(a.note_id == b.note_id && a.method == b.method, "deterministic");
            check((a.note_id == 0) == a.method.empty(), "a method exactly when resolved");
        }
        (void)resolver.slug_count(target);
    }
    return 0;
}
