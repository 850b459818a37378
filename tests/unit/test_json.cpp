// core/json.hpp, the streaming writer of the command line's JSON, held to
// nlohmann/json as the reference: whatever JsonWriter writes, nlohmann reads
// back as the values written (ill-formed UTF-8 as U+FFFD), and for
// well-formed text both write the same escapes but for DEL, which JsonWriter
// escapes too. (docs/performance.md says why output stays on JsonWriter.)
#include "notes/core/json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace {

using Json = nlohmann::ordered_json;

const std::vector<std::string>& tricky_strings() {
    static const std::vector<std::string> k_strings{
        "",
        "plain",
        "quote \" backslash \\ slash /",
        "tab\tnewline\ncr\rbackspace\bformfeed\f",
        std::string("nul \0 inside", 12),
        "\x01\x1f control",
        "del \x7f",
        "café naïve 日本語 🟡 ðŸŸ¡",
        "\xEF\xBF\xBD already a replacement",
        "bad \xC3 lead, bad \x80 continuation, overlong \xC0\xAF, surrogate \xED\xA0\x80, end \xC3",
        "\x02highlight\x03",
    };
    return k_strings;
}

TEST(Json, WriterOutputReadsBackAsTheStringsWritten) {
    for (const std::string& s : tricky_strings()) {
        notes::JsonWriter w;
        w.begin_object()
            .key(s)
            .value(s)
            .key("n")
            .value(std::int64_t{-42})
            .key("d")
            .value(0.5)
            .key("b")
            .value(true);
        w.key("null").null().key("list").begin_array().value(s).value(s).end_array().end_object();
        const Json parsed = Json::parse(w.str());
        // The reference's own reading of the same bytes, ill-formed UTF-8 replaced.
        const std::string expected =
            Json::parse(Json(s).dump(-1, ' ', false, Json::error_handler_t::replace))
                .get<std::string>();
        ASSERT_EQ(parsed.size(), 6u) << w.str();
        EXPECT_EQ(parsed.begin().key(), expected) << w.str();
        EXPECT_EQ(parsed[expected], expected);
        EXPECT_EQ(parsed["n"], -42);
        EXPECT_EQ(parsed["d"], 0.5);
        EXPECT_EQ(parsed["b"], true);
        EXPECT_TRUE(parsed["null"].is_null());
        EXPECT_EQ(parsed["list"], Json::array({expected, expected}));
    }
}

TEST(Json, WriterEscapesAsTheReferenceDoesExceptDel) {
    for (const std::string& s : tricky_strings()) {
        std::string ours;
        notes::append_json_string(ours, s);
        std::string reference = Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
        std::string::size_type at = 0;
        while ((at = reference.find('\x7f', at)) != std::string::npos)
            reference.replace(at, 1, "\\u007f");
        EXPECT_EQ(ours, reference) << s;
    }
}

TEST(Json, ATruncatedSequenceIsOneReplacementPerByte) {
    // The one difference from the reference: JsonWriter replaces each byte
    // of an incomplete multi-byte sequence (text::decode), nlohmann the
    // whole "maximal subpart" at once. Both are valid UTF-8 out.
    std::string ours;
    notes::append_json_string(ours, "end \xF0\x9F");
    EXPECT_EQ(ours, "\"end \xEF\xBF\xBD\xEF\xBF\xBD\"");
    EXPECT_EQ(
        Json(std::string("end \xF0\x9F")).dump(-1, ' ', false, Json::error_handler_t::replace),
        "\"end \xEF\xBF\xBD\"");
}

}  // namespace

TEST(JsonIntArray, IsTheIdsInOrderAsJson) {
    EXPECT_EQ(notes::json_int_array({}), "[]");
    EXPECT_EQ(notes::json_int_array({7}), "[7]");
    EXPECT_EQ(notes::json_int_array({3, -1, 9'000'000'000}), "[3,-1,9000000000]");
}
