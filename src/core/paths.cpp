#include "notes/core/paths.hpp"

#include <algorithm>

namespace notes {

bool is_note_file_name(std::string_view name) {
    auto ends_with_ci = [&](std::string_view ext) {
        if (name.size() <= ext.size()) return false;
        const std::string_view tail = name.substr(name.size() - ext.size());
        return std::equal(tail.begin(), tail.end(), ext.begin(), [](char a, char b) {
            return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
        });
    };
    return ends_with_ci(".md") || ends_with_ci(".markdown");
}

std::string slug_of(std::string_view path) {
    const auto slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot != std::string_view::npos && dot > 0 && is_note_file_name(name)) name = name.substr(0, dot);
    return std::string(name);
}

std::string_view folder_of(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

}  // namespace notes
