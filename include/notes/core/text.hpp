#pragma once
// UTF-8 and Unicode helpers. Normalisation, case folding and character
// categories come from utf8proc (Debian's libutf8proc): the Unicode tables are
// large and change with each Unicode version, so we do not keep our own.

#include <cstdint>
#include <string>
#include <string_view>

namespace notes::text {

/// True when `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

/// Byte offset of the first ill-formed UTF-8 sequence in `s`, or npos.
std::size_t first_invalid_utf8(std::string_view s);

/// ASCII-only helpers for the parsers' hot loops (no locale, no tables).
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_punct(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}
/// Case-insensitive equality of ASCII letters; other bytes compare exactly.
inline bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    }
    return true;
}

/// `s` with every ill-formed byte sequence replaced by U+FFFD.
std::string sanitize_utf8(std::string_view s);

/// Decodes the code point starting at s[i]; advances i past it. Ill-formed
/// bytes decode as U+FFFD and advance by one byte.
char32_t decode(std::string_view s, std::size_t& i);

/// Appends the UTF-8 encoding of `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

/// Unicode NFC of `s` (ill-formed input is sanitized first).
std::string nfc(std::string_view s);

/// The key used for every case-insensitive comparison of names (slugs, paths,
/// tags, aliases, titles, headings): NFC, then full Unicode case folding.
std::string fold_key(std::string_view s);

/// Obsidian's tag grammar: letters, digits, '_', '-', '/', and any other
/// code point that is not punctuation, a symbol of the ASCII range, a
/// separator or a control character (so emoji are allowed).
bool is_tag_char(char32_t cp);

/// True for Unicode white space (including U+00A0 and U+3000).
bool is_space(char32_t cp);

/// Collapses every run of white space to one ASCII space and trims both ends.
std::string collapse_whitespace(std::string_view s);

/// Number of words in `s`: runs of characters that are not white space and
/// hold at least one letter or digit.
int count_words(std::string_view s);

/// Decodes %XX escapes ("My%20Note.md" -> "My Note.md"); invalid escapes are
/// kept as written, and so is the whole of `s` when its escapes decode to
/// ill-formed UTF-8 or a NUL byte.
std::string percent_decode(std::string_view s);

/// GitHub's anchor for a heading (github-slugger, also Dendron's and Foam's):
/// lower case; punctuation other than '-' and '_', symbols (emoji), controls
/// and separators other than the ASCII space removed; each space a '-'.
/// "What's in a Foam?" -> "whats-in-a-foam". Without the "-1" suffix of a
/// repeated heading.
std::string github_slug(std::string_view text);

/// Columns one code point takes on a terminal: 0, 1 or 2 (East Asian wide).
int char_width(char32_t cp);

/// Display width of UTF-8 text on a terminal (East Asian wide characters
/// count 2, control characters 0).
int display_width(std::string_view s);

/// The version of utf8proc in use, for `notes --version`.
std::string utf8proc_version();

}  // namespace notes::text
