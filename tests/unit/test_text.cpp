#include "notes/core/text.hpp"

#include <gtest/gtest.h>

using namespace notes::text;

TEST(Text, FoldKeyLowercasesAscii) { EXPECT_EQ(fold_key("My Note"), "my note"); }

TEST(Text, FoldKeyAppliesFullCaseFolding) { EXPECT_EQ(fold_key("Straße"), "strasse"); }

TEST(Text, FoldKeyMakesNfdAndNfcEqual) {
    EXPECT_EQ(fold_key("Cafe\xCC\x81"), fold_key("caf\xC3\xA9"));
    EXPECT_EQ(fold_key("Cafe\xCC\x81"), "caf\xC3\xA9");
}

TEST(Text, NfcComposes) { EXPECT_EQ(nfc("e\xCC\x81"), "\xC3\xA9"); }

TEST(Text, ValidUtf8) {
    EXPECT_TRUE(is_valid_utf8("plain"));
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x9F\xA1"));                 // 🟡
    EXPECT_TRUE(is_valid_utf8("\xC3\xB0\xC5\xB8\xC5\xB8\xC2\xA1"));  // the mojibake form, still UTF-8
    EXPECT_FALSE(is_valid_utf8("\xC3"));
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // a surrogate
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
}

TEST(Text, SanitizeReplacesBadBytes) { EXPECT_EQ(sanitize_utf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b"); }

TEST(Text, TagCharacters) {
    EXPECT_TRUE(is_tag_char(U'a'));
    EXPECT_TRUE(is_tag_char(U'_'));
    EXPECT_TRUE(is_tag_char(U'-'));
    EXPECT_TRUE(is_tag_char(U'/'));
    EXPECT_TRUE(is_tag_char(U'7'));
    EXPECT_TRUE(is_tag_char(U'é'));
    EXPECT_TRUE(is_tag_char(U'日'));
    EXPECT_TRUE(is_tag_char(U'📚'));
    EXPECT_FALSE(is_tag_char(U'.'));
    EXPECT_FALSE(is_tag_char(U','));
    EXPECT_FALSE(is_tag_char(U'#'));
    EXPECT_FALSE(is_tag_char(U' '));
    EXPECT_FALSE(is_tag_char(U'…'));
    EXPECT_FALSE(is_tag_char(U'“'));
    EXPECT_FALSE(is_tag_char(U'\u00A0'));
}

TEST(Text, CollapseWhitespace) {
    EXPECT_EQ(collapse_whitespace("  a \t b\n\nc  "), "a b c");
    EXPECT_EQ(collapse_whitespace("a\xC2\xA0" "b"), "a b");
}

TEST(Text, CountWords) {
    EXPECT_EQ(count_words("Hello, world - 3 **"), 3);
    EXPECT_EQ(count_words(""), 0);
    EXPECT_EQ(count_words("naïve café 日本語"), 3);
}

TEST(Text, PercentDecode) {
    EXPECT_EQ(percent_decode("My%20Note.md"), "My Note.md");
    EXPECT_EQ(percent_decode("caf%C3%A9"), "caf\xC3\xA9");
    EXPECT_EQ(percent_decode("100%"), "100%");
    EXPECT_EQ(percent_decode("%zz"), "%zz");
    // Escapes that decode to ill-formed UTF-8 or NUL leave the text as written.
    EXPECT_EQ(percent_decode("caf%E9.md"), "caf%E9.md");
    EXPECT_EQ(percent_decode("a%C3"), "a%C3");
    EXPECT_EQ(percent_decode("a%00b"), "a%00b");
    EXPECT_EQ(percent_decode("%41%C3%A9"), "A\xC3\xA9");
}

TEST(Text, DecodeAndAppendRoundTrip) {
    const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x9F\xA1";
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) append_utf8(out, decode(s, i));
    EXPECT_EQ(out, s);
}
