#include "notes/core/text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace notes::text {
namespace {

bool is_ascii(std::string_view s) {
    for (const char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

// utf8proc_map allocates with malloc; this owns the result.
std::string map_with_utf8proc(std::string_view s, int options) {
    const std::string clean = is_valid_utf8(s) ? std::string(s) : sanitize_utf8(s);
    utf8proc_uint8_t* out = nullptr;
    const utf8proc_ssize_t n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
                     static_cast<utf8proc_ssize_t>(clean.size()), &out,
                     static_cast<utf8proc_option_t>(options));
    if (n < 0) return clean;
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(out, &std::free);
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

}  // namespace

char32_t decode(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2, cp = b0 & 0x1Fu, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3, cp = b0 & 0x0Fu, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4, cp = b0 & 0x07u, min = 0x10000;
    } else {
        ++i;
        return 0xFFFD;
    }
    if (i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (int k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0u) != 0x80u) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return 0xFFFD;
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::size_t first_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        // A decoded U+FFFD is an error unless the text really holds U+FFFD.
        if (decode(s, i) == 0xFFFD && !(i - start == 3 && s.substr(start, 3) == "\xEF\xBF\xBD")) {
            return start;
        }
    }
    return std::string_view::npos;
}

bool is_valid_utf8(std::string_view s) { return first_invalid_utf8(s) == std::string_view::npos; }

std::string sanitize_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t start = i;
        const char32_t cp = decode(s, i);
        if (cp == 0xFFFD && i - start == 1) {
            out += "\xEF\xBF\xBD";
        } else {
            out.append(s.substr(start, i - start));
        }
    }
    return out;
}

std::string nfc(std::string_view s) {
    if (is_ascii(s)) return std::string(s);
    return map_with_utf8proc(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string fold_key(std::string_view s) {
    if (is_ascii(s)) {
        std::string out(s);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        return out;
    }
    // Case folding can produce decomposed sequences; composing in the same
    // call yields the NFC form of the folded string.
    return map_with_utf8proc(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

bool is_tag_char(char32_t cp) {
    if (cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
               cp == '_' || cp == '-' || cp == '/';
    }
    if (cp == 0x200D) return true;  // zero-width joiner inside emoji sequences
    if (cp == 0xFFFD) return false;
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC:
        case UTF8PROC_CATEGORY_ME:
        case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL:
        case UTF8PROC_CATEGORY_NO:
        case UTF8PROC_CATEGORY_SM:
        case UTF8PROC_CATEGORY_SC:
        case UTF8PROC_CATEGORY_SK:
        case UTF8PROC_CATEGORY_SO:
            return true;
        default:
            return false;
    }
}

bool is_space(char32_t cp) {
    if (cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
    if (cp == 0x85) return true;
    const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP;
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t start = i;
        const auto byte = static_cast<unsigned char>(s[i]);
        // ASCII without decoding; anything else through decode and is_space.
        const char32_t cp = byte < 0x80 ? (++i, byte) : decode(s, i);
        if (is_space(cp)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        if (byte < 0x80) {
            out.push_back(static_cast<char>(byte));
        } else {
            out.append(s.substr(start, i - start));
        }
    }
    return out;
}

int count_words(std::string_view s) {
    int words = 0;
    bool in_token = false;
    bool token_has_word_char = false;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto byte = static_cast<unsigned char>(s[i]);
        char32_t cp;
        if (byte < 0x80) {  // most text is ASCII: no decoding, no table lookup
            cp = byte;
            ++i;
        } else {
            cp = decode(s, i);
        }
        if (is_space(cp)) {
            if (in_token && token_has_word_char) ++words;
            in_token = false;
            token_has_word_char = false;
            continue;
        }
        in_token = true;
        if (!token_has_word_char) {
            if (cp < 0x80) {
                token_has_word_char = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                                      (cp >= '0' && cp <= '9');
            } else {
                const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
                token_has_word_char = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                                      (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
            }
        }
    }
    if (in_token && token_has_word_char) ++words;
    return words;
}

std::string percent_decode(std::string_view s) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hex(s[i + 1]);
            const int lo = hex(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    // Escapes that spell ill-formed UTF-8 (a Latin-1 "caf%E9") or a NUL name
    // no file on the vault can have: the text stays as written, so the
    // broken-link report shows what the note says.
    if (out.find('\0') != std::string::npos || !is_valid_utf8(out)) return std::string(s);
    return out;
}

std::string github_slug(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {  // most headings are ASCII: no decoding, no table lookup
            ++i;
            if (byte == ' ') {
                out += '-';
            } else if (byte >= 'A' && byte <= 'Z') {
                out += static_cast<char>(byte - 'A' + 'a');
            } else if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || byte == '-' ||
                       byte == '_') {
                out += static_cast<char>(byte);
            }
            continue;
        }
        const char32_t cp = decode(text, i);
        if (cp == ' ') {
            out += '-';
            continue;
        }
        if (cp == '-' || cp == '_') {
            out += static_cast<char>(cp);
            continue;
        }
        switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
            case UTF8PROC_CATEGORY_LU:
            case UTF8PROC_CATEGORY_LL:
            case UTF8PROC_CATEGORY_LT:
            case UTF8PROC_CATEGORY_LM:
            case UTF8PROC_CATEGORY_LO:
            case UTF8PROC_CATEGORY_MN:
            case UTF8PROC_CATEGORY_MC:
            case UTF8PROC_CATEGORY_ME:
            case UTF8PROC_CATEGORY_ND:
            case UTF8PROC_CATEGORY_NL:
            case UTF8PROC_CATEGORY_PC:
                append_utf8(out, static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))));
                break;
            default:
                break;  // other numbers, punctuation, symbols, separators, controls
        }
    }
    return out;
}

int char_width(char32_t cp) { return std::max(0, utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp))); }

int display_width(std::string_view s) {
    int width = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            if (b >= 0x20 && b != 0x7F) ++width;
            continue;
        }
        const char32_t cp = decode(s, i);
        width += char_width(cp);
    }
    return width;
}

std::string utf8proc_version() { return ::utf8proc_version(); }

}  // namespace notes::text
