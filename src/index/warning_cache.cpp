#include "warning_cache.hpp"

#include <limits>
#include <string>
#include <string_view>

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
    // The next field's text, a view of `s`.
    auto field = [&](std::string_view& value) {
        const std::size_t colon = s.find(':', pos);
        if (colon == std::string_view::npos || colon == pos || colon - pos > 12) return false;
        std::size_t size = 0;
        for (std::size_t i = pos; i < colon; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            size = size * 10 + static_cast<std::size_t>(s[i] - '0');
        }
        if (size > s.size() - colon - 1) return false;
        value = s.substr(colon + 1, size);
        pos = colon + 1 + size;
        return true;
    };
    auto text = [&](std::string& value) {
        std::string_view view;
        if (!field(view)) return false;
        value.assign(view);
        return true;
    };
    // A decimal int as std::to_string() writes it: an optional '-', then
    // one to ten digits, within the range of int.
    auto number = [&](int& value) {
        std::string_view digits;
        if (!field(digits) || digits.size() > 11) return false;
        const bool negative = !digits.empty() && digits[0] == '-';
        if (negative) digits.remove_prefix(1);
        if (digits.empty() || digits.size() > 10) return false;
        long long n = 0;
        for (const char c : digits) {
            if (c < '0' || c > '9') return false;
            n = n * 10 + (c - '0');
        }
        if (negative) n = -n;
        if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) return false;
        value = static_cast<int>(n);
        return true;
    };
    while (pos < s.size()) {
        Warning& w = out.emplace_back();
        if (!text(w.path) || !number(w.line) || !number(w.column) || !text(w.message)) return std::nullopt;
    }
    return out;
}

}  // namespace notes::index::detail
