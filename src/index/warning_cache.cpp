#include "warning_cache.hpp"

#include <exception>
#include <string>

namespace notes::index::detail {
namespace {

void encode_field(std::string& out, std::string_view s) {
    out += std::to_string(s.size());
    out.push_back(':');
    out.append(s);
}

}  // namespace

std::string encode_warnings(const std::vector<Warning>& warnings) {
    std::string out;
    for (const Warning& w : warnings) {
        encode_field(out, w.path);
        encode_field(out, std::to_string(w.line));
        encode_field(out, std::to_string(w.column));
        encode_field(out, w.message);
    }
    return out;
}

std::optional<std::vector<Warning>> decode_warnings(std::string_view s) {
    std::vector<Warning> out;
    std::size_t pos = 0;
    auto field = [&](std::string& value) {
        const std::size_t colon = s.find(':', pos);
        if (colon == std::string_view::npos || colon == pos || colon - pos > 12) return false;
        std::size_t size = 0;
        for (std::size_t i = pos; i < colon; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            size = size * 10 + static_cast<std::size_t>(s[i] - '0');
        }
        if (size > s.size() - colon - 1) return false;
        value.assign(s.substr(colon + 1, size));
        pos = colon + 1 + size;
        return true;
    };
    auto number = [&](int& value) {
        std::string text;
        if (!field(text) || text.empty() || text.size() > 10) return false;
        try {
            value = std::stoi(text);
        } catch (const std::exception&) {
            return false;
        }
        return true;
    };
    while (pos < s.size()) {
        Warning& w = out.emplace_back();
        if (!field(w.path) || !number(w.line) || !number(w.column) || !field(w.message)) return std::nullopt;
    }
    return out;
}

}  // namespace notes::index::detail
