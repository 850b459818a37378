// The front-matter contract: how a block is found, and what its YAML becomes.
// One test per rule, with the exact values the indexer relies on.

#include "notes/parse/front_matter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "notes/core/text.hpp"

namespace notes::parse {
namespace {

using namespace std::string_literals;

// The front matter of seeds/000_a0db686567360baa.txt (file lines 2-24),
// mojibake relevance included, byte for byte.
const std::string k_seed_yaml =
    R"(title: '**8 Python Database Techniques Every Developer Needs for Scalable, Reliable
  Applications**'
date: '2026-02-28'
source: https://dev.to/nithinbharathwaj/8-python-database-techniques-every-developer-needs-for-scalable-reliable-applications-3i7m
domain: SQL
)"s +
    "relevance: \xC3\xB0\xC5\xB8\xC5\xB8\xC2\xA1\n" +
    R"(tags:
- '#ai'
- '#best-practice'
- '#library'
- '#python'
- '#sql'
- '#support-analytics'
- '#tool'
- '#zendesk'
related:
- '[[2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy]]'
- '[[2026-02-22-python-geospatial-analysis-5-practical-techniques-to-master-location-data-today]]'
- '[[2026-02-28-how-to-process-audio-with-python-from-waveforms-to-beat-tracking]]'
- '[[2026-02-24-stop-using-any-the-wrong-way-in-rails]]'
- '[[2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-learn-sql]]'
- '[[2026-02-27-how-to-build-a-competitive-intelligence-tool-that-reveals-any-companys-tech-stack]]'
status: unread
)";

std::vector<std::string> tag_names(const FrontMatter& fm) {
    std::vector<std::string> names;
    for (const Tag& t : fm.tags) names.push_back(t.name);
    return names;
}

std::vector<std::string> messages(const FrontMatter& fm) {
    std::vector<std::string> out;
    for (const Warning& w : fm.warnings) out.push_back(w.message);
    return out;
}

// Fields as "key[position]=value:type@line", compact enough to compare whole.
std::vector<std::string> field_strings(const FrontMatter& fm) {
    std::vector<std::string> out;
    for (const Field& f : fm.fields)
        out.push_back(f.key + "[" + std::to_string(f.position) + "]=" + f.value + ":" + f.type +
                      "@" + std::to_string(f.line));
    return out;
}

// Brackets outside strings balance: the JSON was closed properly.
bool json_is_balanced(const std::string& json) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth < 0) return false;
        }
    }
    return depth == 0 && !in_string;
}

std::string repeat(const std::string& s, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += s;
    return out;
}

// --- split_front_matter ------------------------------------------------------

TEST(SplitFrontMatter, FindsBlockAndBody) {
    const std::string file = "---\ntitle: A\ntags: [x]\n---\n# A\nbody\n";
    const FrontMatterBlock b = split_front_matter(file);
    EXPECT_TRUE(b.present);
    EXPECT_EQ(b.yaml, "title: A\ntags: [x]\n");
    EXPECT_EQ(b.yaml_first_line, 2);
    EXPECT_EQ(b.body, "# A\nbody\n");
    EXPECT_EQ(b.body_first_line, 5);
    EXPECT_FALSE(b.warning.has_value());
}

TEST(SplitFrontMatter, YamlAndBodyAreViewsIntoTheFile) {
    const std::string file = "---\na: 1\n---\nbody";
    const FrontMatterBlock b = split_front_matter(file);
    EXPECT_EQ(b.yaml.data(), file.data() + 4);
    EXPECT_EQ(b.body.data(), file.data() + 13);
}

TEST(SplitFrontMatter, SkipsUtf8Bom) {
    const FrontMatterBlock b = split_front_matter("\xEF\xBB\xBF---\na: 1\n---\nbody\n");
    EXPECT_TRUE(b.present);
    EXPECT_EQ(b.yaml, "a: 1\n");
    EXPECT_EQ(b.yaml_first_line, 2);
    EXPECT_EQ(b.body, "body\n");
    EXPECT_EQ(b.body_first_line, 4);
}

TEST(SplitFrontMatter, HandlesCrlf) {
    const FrontMatterBlock b = split_front_matter("---\r\na: 1\r\nb: 2\r\n---\r\nbody\r\n");
    EXPECT_TRUE(b.present);
    EXPECT_EQ(b.yaml, "a: 1\r\nb: 2\r\n");
    EXPECT_EQ(b.body, "body\r\n");
    EXPECT_EQ(b.body_first_line, 5);
}

TEST(SplitFrontMatter, DotsCloseTheBlock) {
    const FrontMatterBlock b = split_front_matter("---\na: 1\n...\nbody\n");
    EXPECT_TRUE(b.present);
    EXPECT_EQ(b.yaml, "a: 1\n");
    EXPECT_EQ(b.body, "body\n");
    EXPECT_EQ(b.body_first_line, 4);
}

TEST(SplitFrontMatter, FencesMayHaveTrailingBlanks) {
    const FrontMatterBlock b = split_front_matter("--- \t\na: 1\n---  \r\nbody\n");
    EXPECT_TRUE(b.present);
    EXPECT_EQ(b.yaml, "a: 1\n");
    EXPECT_EQ(b.body, "body\n");
    EXPECT_EQ(b.body_first_line, 4);
}

TEST(SplitFrontMatter, UnterminatedIsBodyWithWarningOnLine1) {
    const std::string file = "\xEF\xBB\xBF---\ntitle: A\n\nText.\n";
    const FrontMatterBlock b = split_front_matter(file);
    EXPECT_FALSE(b.present);
    EXPECT_EQ(b.yaml, "");
    EXPECT_EQ(b.body, "---\ntitle: A\n\nText.\n");
    EXPECT_EQ(b.body_first_line, 1);
    ASSERT_TRUE(b.warning.has_value());
    EXPECT_EQ(b.warning->line, 1);
    EXPECT_EQ(b.warning->message,
              "front matter is not terminated (no closing '---'); read as body");
}

TEST(SplitFrontMatter, FileThatIsOnlyAFenceIsUnterminated) {
    for (const char* file : {"---", "---\n", "---\r\n"}) {
        const FrontMatterBlock b = split_front_matter(file);
        EXPECT_FALSE(b.present) << file;
        EXPECT_EQ(b.body, file);
        EXPECT_TRUE(b.warning.has_value()) << file;
    }
}

TEST(SplitFrontMatter, FenceFollowedByTextIsNotFrontMatter) {
    const FrontMatterBlock b = split_front_matter("--- title\na: 1\n---\nbody\n");
    EXPECT_FALSE(b.present);
    EXPECT_EQ(b.body, "--- title\na: 1\n---\nbody\n");
    EXPECT_EQ(b.body_first_line, 1);
    EXPECT_FALSE(b.warning.has_value());
}

TEST(SplitFrontMatter, IndentedOrLongerFenceIsNotFrontMatter) {
    EXPECT_FALSE(split_front_matter(" ---\na: 1\n---\n").present);
    EXPECT_FALSE(split_front_matter("----\na: 1\n---\n").present);
}

TEST(SplitFrontMatter, ClosingLineWithTextDoesNotClose) {
    const FrontMatterBlock b = split_front_matter("---\na: |\n  --- x\n  ...y\n---\nbody\n");
    EXPECT_TRUE(b.present);
    EXPECT_EQ(b.yaml, "a: |\n  --- x\n  ...y\n");
    EXPECT_EQ(b.body_first_line, 6);
}

TEST(SplitFrontMatter, EmptyBlockIsPresent) {
    const FrontMatterBlock b = split_front_matter("---\n---\nbody\n");
    EXPECT_TRUE(b.present);
    EXPECT_EQ(b.yaml, "");
    EXPECT_EQ(b.yaml_first_line, 2);
    EXPECT_EQ(b.body, "body\n");
    EXPECT_EQ(b.body_first_line, 3);
}

TEST(SplitFrontMatter, ClosingFenceAtEndOfFile) {
    const FrontMatterBlock b = split_front_matter("---\na: 1\n---");
    EXPECT_TRUE(b.present);
    EXPECT_EQ(b.yaml, "a: 1\n");
    EXPECT_EQ(b.body, "");
    EXPECT_EQ(b.body_first_line, 4);
}

TEST(SplitFrontMatter, NoFrontMatter) {
    const FrontMatterBlock b = split_front_matter("\xEF\xBB\xBF# Title\n---\nx\n");
    EXPECT_FALSE(b.present);
    EXPECT_EQ(b.yaml, "");
    EXPECT_EQ(b.body, "# Title\n---\nx\n");
    EXPECT_EQ(b.body_first_line, 1);
    EXPECT_FALSE(b.warning.has_value());

    const FrontMatterBlock empty = split_front_matter("");
    EXPECT_FALSE(empty.present);
    EXPECT_EQ(empty.body, "");
    EXPECT_EQ(empty.body_first_line, 1);
}

TEST(SplitFrontMatter, SeedNote) {
    const std::string file = "---\n" + k_seed_yaml + "---\n\n> **TL;DR:** As a\n";
    const FrontMatterBlock b = split_front_matter(file);
    EXPECT_TRUE(b.present);
    EXPECT_EQ(b.yaml, k_seed_yaml);
    EXPECT_EQ(b.body, "\n> **TL;DR:** As a\n");
    EXPECT_EQ(b.body_first_line, 26);
}

// --- parse_front_matter: the seed note --------------------------------------

TEST(ParseFrontMatter, SeedNoteTypedColumns) {
    const FrontMatter fm = parse_front_matter(k_seed_yaml, 2);
    EXPECT_TRUE(fm.valid);
    EXPECT_TRUE(fm.warnings.empty()) << testing::PrintToString(messages(fm));
    EXPECT_EQ(fm.title,
              "**8 Python Database Techniques Every Developer Needs for Scalable, Reliable "
              "Applications**");
    EXPECT_EQ(fm.date, "2026-02-28");
    EXPECT_TRUE(fm.has_date_key);
    EXPECT_EQ(fm.domain, "SQL");
    EXPECT_EQ(fm.status, "unread");
    EXPECT_EQ(fm.source,
              "https://dev.to/nithinbharathwaj/"
              "8-python-database-techniques-every-developer-needs-for-scalable-reliable-"
              "applications-3i7m");
    EXPECT_EQ(fm.relevance, "\xC3\xB0\xC5\xB8\xC5\xB8\xC2\xA1");
    EXPECT_TRUE(fm.aliases.empty());
}

TEST(ParseFrontMatter, SeedNoteTags) {
    const FrontMatter fm = parse_front_matter(k_seed_yaml, 2);
    EXPECT_EQ(tag_names(fm),
              (std::vector<std::string>{"ai", "best-practice", "library", "python", "sql",
                                        "support-analytics", "tool", "zendesk"}));
    ASSERT_EQ(fm.tags.size(), 8u);
    for (std::size_t i = 0; i < fm.tags.size(); ++i) {
        EXPECT_EQ(fm.tags[i].line, 9 + static_cast<int>(i));
        EXPECT_TRUE(fm.tags[i].from_front_matter);
    }
}

TEST(ParseFrontMatter, SeedNoteRelatedStrings) {
    const FrontMatter fm = parse_front_matter(k_seed_yaml, 2);
    std::vector<FrontMatterString> related;
    for (const FrontMatterString& s : fm.strings)
        if (s.key == "related") related.push_back(s);
    ASSERT_EQ(related.size(), 6u);
    EXPECT_EQ(related[0].value,
              "[[2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy]]");
    EXPECT_EQ(related[3].value, "[[2026-02-24-stop-using-any-the-wrong-way-in-rails]]");
    for (std::size_t i = 0; i < related.size(); ++i)
        EXPECT_EQ(related[i].line, 18 + static_cast<int>(i));
    // Every other string value is there too, with its key and line.
    EXPECT_EQ(fm.strings.front().key, "title");
    EXPECT_EQ(fm.strings.front().line, 2);
    EXPECT_EQ(fm.strings.back().key, "status");
    EXPECT_EQ(fm.strings.back().value, "unread");
    EXPECT_EQ(fm.strings.back().line, 24);
    EXPECT_EQ(fm.strings.size(), 20u);
}

TEST(ParseFrontMatter, SeedNoteFieldsAndJson) {
    const FrontMatter fm = parse_front_matter(k_seed_yaml, 2);
    ASSERT_EQ(fm.fields.size(), 20u);
    EXPECT_EQ(field_strings(fm)[1], "date[-1]=2026-02-28:string@4");
    EXPECT_EQ(field_strings(fm)[3], "domain[-1]=SQL:string@6");
    EXPECT_EQ(field_strings(fm)[5], "tags[0]=#ai:string@9");
    EXPECT_EQ(field_strings(fm)[12], "tags[7]=#zendesk:string@16");
    EXPECT_EQ(field_strings(fm)[13].substr(0, 25), "related[0]=[[2026-02-23-d");
    EXPECT_EQ(field_strings(fm)[19], "status[-1]=unread:string@24");
    EXPECT_EQ(fm.json.substr(0, 32), R"({"title":"**8 Python Database Te)");
    EXPECT_NE(fm.json.find(R"("relevance":")"
                           "\xC3\xB0\xC5\xB8\xC5\xB8\xC2\xA1"
                           R"(","tags":["#ai","#best-practice",)"),
              std::string::npos);
    EXPECT_EQ(fm.json.substr(fm.json.size() - 20), R"(],"status":"unread"})");
}

// --- JSON ---------------------------------------------------------------------

TEST(ParseFrontMatter, JsonTypesFollowTheCoreSchema) {
    const FrontMatter fm = parse_front_matter(
        "title: Hello\n"
        "rating: 4\n"
        "score: -0.50\n"
        "reviewed: true\n"
        "none: ~\n"
        "empty:\n"
        "quoted: '4'\n"
        "date: 2026-02-28\n"
        "list: [1, two, \"3\", null, False]\n"
        "meta:\n"
        "  source_type: web\n"
        "  n: 0x1F\n"
        "yes_word: yes\n"
        "words: |\n"
        "  a \"b\"\n",
        2);
    EXPECT_TRUE(fm.valid);
    EXPECT_EQ(fm.json,
              R"({"title":"Hello","rating":4,"score":-0.50,"reviewed":true,"none":null,)"
              R"("empty":null,"quoted":"4","date":"2026-02-28","list":[1,"two","3",null,false],)"
              R"("meta":{"source_type":"web","n":31},"yes_word":"yes","words":"a \"b\"\n"})");
}

TEST(ParseFrontMatter, JsonNumbersAreRewrittenAsValidJson) {
    const FrontMatter fm = parse_front_matter(
        "a: +5\nb: 007\nc: .5\nd: 1.\ne: 0o17\nf: 1e3\ng: 12345678901234567890123\n"
        "h: .inf\ni: 1_000\nj: -0\nk: 6.02E+23\n",
        1);
    EXPECT_EQ(fm.json, R"({"a":5,"b":7,"c":0.5,"d":1,"e":15,"f":1e3,"g":12345678901234567890123,)"
                       R"("h":".inf","i":"1_000","j":-0,"k":6.02E+23})");
}

TEST(ParseFrontMatter, EmptyBlockIsAnEmptyObject) {
    for (const char* yaml : {"", "\n", "# only a comment\n"}) {
        const FrontMatter fm = parse_front_matter(yaml, 2);
        EXPECT_TRUE(fm.valid) << yaml;
        EXPECT_TRUE(fm.warnings.empty()) << yaml;
        EXPECT_EQ(fm.json, "{}");
        EXPECT_TRUE(fm.fields.empty());
    }
}

TEST(ParseFrontMatter, NonMappingTopLevelIsAWarning) {
    for (const char* yaml : {"- a\n- b\n", "just text\n", "'[[x]]'\n"}) {
        const FrontMatter fm = parse_front_matter(yaml, 2);
        EXPECT_TRUE(fm.valid) << yaml;
        ASSERT_EQ(fm.warnings.size(), 1u) << yaml;
        EXPECT_EQ(fm.warnings[0].message, "front matter is not a mapping");
        EXPECT_EQ(fm.warnings[0].line, 2);
        EXPECT_EQ(fm.json, "{}");
        EXPECT_TRUE(fm.fields.empty());
        EXPECT_TRUE(fm.strings.empty());
    }
}

TEST(ParseFrontMatter, InvalidUtf8NeverReachesTheJson) {
    const FrontMatter fm = parse_front_matter("r: \"\xF0\x9F\"\nq: \xC3\x28 x\n", 2);
    EXPECT_TRUE(fm.valid);
    ASSERT_EQ(fm.fields.size(), 2u);
    EXPECT_EQ(fm.fields[0].value, "\xF0\x9F");  // the fields keep the bytes as written
    EXPECT_EQ(fm.fields[1].value, "\xC3\x28 x");
    EXPECT_TRUE(text::is_valid_utf8(fm.json)) << fm.json;
    EXPECT_EQ(fm.json.find('\xF0'), std::string::npos);
    EXPECT_NE(fm.json.find("\xEF\xBF\xBD"), std::string::npos);
}

// --- fields -------------------------------------------------------------------

TEST(ParseFrontMatter, NestedMapsAreFlattenedWithDots) {
    const FrontMatter fm = parse_front_matter(
        "meta:\n"
        "  source_type: web\n"
        "  author:\n"
        "    name: Ann\n"
        "    orcid: ~\n",
        2);
    EXPECT_EQ(field_strings(fm), (std::vector<std::string>{
                                     "meta.source_type[-1]=web:string@3",
                                     "meta.author.name[-1]=Ann:string@5",
                                     "meta.author.orcid[-1]=:null@6",
                                 }));
    EXPECT_EQ(fm.strings.size(), 2u);
    EXPECT_EQ(fm.strings[1].key, "meta");
    EXPECT_EQ(fm.strings[1].value, "Ann");
}

TEST(ParseFrontMatter, ListItemsKeepTheirPosition) {
    const FrontMatter fm = parse_front_matter(
        "authors:\n"
        "  - name: A\n"
        "    year: 2020\n"
        "  - name: B\n"
        "related: [x, 'y']\n"
        "nested: [[a, b], c]\n",
        1);
    EXPECT_EQ(field_strings(fm), (std::vector<std::string>{
                                     "authors.name[0]=A:string@2",
                                     "authors.year[0]=2020:number@3",
                                     "authors.name[1]=B:string@4",
                                     "related[0]=x:string@5",
                                     "related[1]=y:string@5",
                                     "nested[0]=a:string@6",
                                     "nested[1]=b:string@6",
                                     "nested[1]=c:string@6",
                                 }));
}

TEST(ParseFrontMatter, FieldTypes) {
    const FrontMatter fm = parse_front_matter(
        "n: 4\n"
        "f: 2.5\n"
        "b: False\n"
        "z: ~\n"
        "e:\n"
        "s: 'true'\n"
        "y: yes\n"
        "d: 2026-02-28\n"
        "l:\n"
        "  - ~\n"
        "  - 1\n",
        10);
    EXPECT_EQ(field_strings(fm), (std::vector<std::string>{
                                     "n[-1]=4:number@10",
                                     "f[-1]=2.5:number@11",
                                     "b[-1]=False:bool@12",
                                     "z[-1]=:null@13",
                                     "e[-1]=:null@14",
                                     "s[-1]=true:string@15",
                                     "y[-1]=yes:string@16",
                                     "d[-1]=2026-02-28:string@17",
                                     "l[0]=:null@19",
                                     "l[1]=1:number@20",
                                 }));
    // Only strings can hold links.
    std::vector<std::string> keys;
    for (const FrontMatterString& s : fm.strings) keys.push_back(s.key);
    EXPECT_EQ(keys, (std::vector<std::string>{"s", "y", "d"}));
}

TEST(ParseFrontMatter, EmptyListsAndMapsGiveNoFields) {
    const FrontMatter fm = parse_front_matter("tags: []\nmeta: {}\n", 2);
    EXPECT_TRUE(fm.fields.empty());
    EXPECT_EQ(fm.json, R"({"tags":[],"meta":{}})");
}

TEST(ParseFrontMatter, StringsCarryTheirTopLevelKey) {
    const FrontMatter fm = parse_front_matter(
        "up: \"[[Parent]]\"\n"
        "related: ['[[a]]', '[[b|B]]']\n"
        "rating: 3\n",
        2);
    ASSERT_EQ(fm.strings.size(), 3u);
    EXPECT_EQ(fm.strings[0].key, "up");
    EXPECT_EQ(fm.strings[0].value, "[[Parent]]");
    EXPECT_EQ(fm.strings[0].line, 2);
    EXPECT_EQ(fm.strings[1].key, "related");
    EXPECT_EQ(fm.strings[1].value, "[[a]]");
    EXPECT_EQ(fm.strings[2].value, "[[b|B]]");
    EXPECT_EQ(fm.strings[2].line, 3);
}

TEST(ParseFrontMatter, DuplicateKeysWarnAndTheLastWins) {
    const FrontMatter fm = parse_front_matter("title: One\nb: 2\ntitle: Two\n", 2);
    EXPECT_TRUE(fm.valid);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].message, "duplicate key 'title'; the last value is used");
    EXPECT_EQ(fm.warnings[0].line, 4);
    EXPECT_EQ(fm.title, "Two");
    EXPECT_EQ(fm.json, R"({"b":2,"title":"Two"})");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{"b[-1]=2:number@3", "title[-1]=Two:string@4"}));
}

TEST(ParseFrontMatter, DuplicateKeysInNestedMaps) {
    const FrontMatter fm = parse_front_matter("m:\n  a: 1\n  a: 2\n", 2);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].message, "duplicate key 'a'; the last value is used");
    EXPECT_EQ(fm.warnings[0].line, 4);
    EXPECT_EQ(fm.json, R"({"m":{"a":2}})");
}

TEST(ParseFrontMatter, NonScalarKeysAreSkipped) {
    const FrontMatter fm = parse_front_matter("? [a, b]\n: c\nd: 1\n", 2);
    EXPECT_TRUE(fm.valid);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].message, "front matter key is not a single value; skipped");
    EXPECT_EQ(fm.warnings[0].line, 2);
    EXPECT_EQ(fm.json, R"({"d":1})");
}

TEST(ParseFrontMatter, AliasBombIsTruncatedQuickly) {
    const std::string yaml =
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
        "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
        "tags: *i\n"
        "title: after the bomb\n";
    const auto start = std::chrono::steady_clock::now();
    const FrontMatter fm = parse_front_matter(yaml, 2);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    // About 30 ms here (300 under ASan, seconds on a loaded machine); an
    // unbounded walk of 9^9 nodes would take hours. The bound only catches
    // such a walk: the truncation message and the field count below are what
    // show the budget at work.
    EXPECT_LT(elapsed, std::chrono::seconds(60));
    EXPECT_TRUE(fm.valid);
    EXPECT_EQ(messages(fm), (std::vector<std::string>{
                                "front matter too large or too deeply nested; truncated",
                                "'tags' item is not a single value; skipped",
                            }));
    EXPECT_LE(fm.fields.size(), 100'000u);
    EXPECT_TRUE(json_is_balanced(fm.json));
    EXPECT_EQ(fm.title, "after the bomb");  // typed columns do not depend on the walk
}

TEST(ParseFrontMatter, DeepNestingIsTruncated) {
    const std::string yaml = "deep: " + std::string(100, '[') + "x" + std::string(100, ']') + "\n";
    const FrontMatter fm = parse_front_matter(yaml, 2);
    EXPECT_TRUE(fm.valid);
    EXPECT_EQ(messages(fm),
              (std::vector<std::string>{"front matter too large or too deeply nested; truncated"}));
    EXPECT_EQ(fm.warnings[0].line, 2);
    EXPECT_TRUE(json_is_balanced(fm.json));
    EXPECT_TRUE(fm.fields.empty());
}

// --- the common shape ---------------------------------------------------------
// `key: value` lines, single-quoted and plain scalars, `- item` lists, and
// their edges: a folded quote, nulls spelled out, an item after two blanks.

TEST(ParseFrontMatter, CommonShapeWithFoldedQuotesAndAnIndentedList) {
    const FrontMatter fm = parse_front_matter(
        "title: 'It''s a\n  folded title'\n"
        "source: https://x.y/a#b?c=1\n"
        "tags:\n  - 'one'\n  - two #2\n"
        "status:\n",
        2);
    EXPECT_TRUE(fm.warnings.empty());
    EXPECT_EQ(fm.json, R"({"title":"It's a folded title","source":"https://x.y/a#b?c=1",)"
                       R"("tags":["one","two"],"status":null})");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{"title[-1]=It's a folded title:string@2",
                                        "source[-1]=https://x.y/a#b?c=1:string@4",
                                        "tags[0]=one:string@6", "tags[1]=two:string@7",
                                        "status[-1]=:null@8"}));
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"one", "two"}));
    EXPECT_EQ(fm.source, "https://x.y/a#b?c=1");
}

TEST(ParseFrontMatter, NullsSpelledOutAndANullKey) {
    const FrontMatter fm = parse_front_matter("title: null\ndate: ~\nnull: 1\nk: 007\n", 2);
    EXPECT_EQ(fm.json, R"({"title":null,"date":null,"null":1,"k":7})");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{"title[-1]=:null@2", "date[-1]=:null@3",
                                        "null[-1]=1:number@4", "k[-1]=007:number@5"}));
    EXPECT_EQ(fm.title, "");
    EXPECT_TRUE(fm.has_date_key);
}

TEST(ParseFrontMatter, ListItemAfterTwoBlanks) {
    const FrontMatter fm = parse_front_matter("tags:\n- a\n-  b\nup:\n", 2);
    EXPECT_EQ(fm.json, R"({"tags":["a","b"],"up":null})");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{"tags[0]=a:string@3", "tags[1]=b:string@4",
                                        "up[-1]=:null@5"}));
}

// --- anchors, aliases and tags ------------------------------------------------
// An alias is the anchored node itself: it has the anchor's lines, and what
// is wrong with it is reported once.

TEST(ParseFrontMatter, AliasesRepeatTheAnchoredValueWithItsLines) {
    const FrontMatter fm = parse_front_matter(
        "base: &m {x: 1, y: two}\n"
        "copy: *m\n"
        "list: &l [a, 'b', 3]\n"
        "again: *l\n"
        "s: &s hello\n"
        "t: *s\n",
        2);
    EXPECT_TRUE(fm.warnings.empty());
    EXPECT_EQ(fm.json,
              R"({"base":{"x":1,"y":"two"},"copy":{"x":1,"y":"two"},"list":["a","b",3],)"
              R"("again":["a","b",3],"s":"hello","t":"hello"})");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{
                  "base.x[-1]=1:number@2", "base.y[-1]=two:string@2", "copy.x[-1]=1:number@2",
                  "copy.y[-1]=two:string@2", "list[0]=a:string@4", "list[1]=b:string@4",
                  "list[2]=3:number@4", "again[0]=a:string@4", "again[1]=b:string@4",
                  "again[2]=3:number@4", "s[-1]=hello:string@6", "t[-1]=hello:string@6"}));
    ASSERT_EQ(fm.strings.size(), 8u);
    EXPECT_EQ(fm.strings[7].key, "t");
    EXPECT_EQ(fm.strings[7].value, "hello");
    EXPECT_EQ(fm.strings[7].line, 6);
}

TEST(ParseFrontMatter, AliasUsedAsAKey) {
    const FrontMatter fm = parse_front_matter("k: &k title\n*k : Aliased key\nother: 1\n", 2);
    EXPECT_TRUE(fm.warnings.empty());
    EXPECT_EQ(fm.json, R"({"k":"title","title":"Aliased key","other":1})");
    EXPECT_EQ(fm.title, "Aliased key");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{"k[-1]=title:string@2", "title[-1]=Aliased key:string@3",
                                        "other[-1]=1:number@4"}));
}

TEST(ParseFrontMatter, AliasOfACollectionKeyIsSkippedOnce) {
    const FrontMatter fm = parse_front_matter("? &k [a, b]\n: v\n? *k\n: w\nz: 1\n", 2);
    EXPECT_EQ(messages(fm),
              (std::vector<std::string>{"front matter key is not a single value; skipped"}));
    EXPECT_EQ(fm.warnings[0].line, 2);
    EXPECT_EQ(fm.json, R"({"z":1})");
}

TEST(ParseFrontMatter, MapThatIsItsOwnKeyIsSkipped) {
    const FrontMatter fm = parse_front_matter("&r {*r : v}\n", 2);
    EXPECT_TRUE(fm.valid);
    EXPECT_EQ(messages(fm),
              (std::vector<std::string>{"front matter key is not a single value; skipped"}));
    EXPECT_EQ(fm.json, "{}");
}

TEST(ParseFrontMatter, ExplicitTagsMakeStrings) {
    const FrontMatter fm = parse_front_matter(
        "a: !foo bar\nb: !foo 12\nc: !!str 12\nd: !foo\ne: !!int 7\nf: ! 5\n", 2);
    EXPECT_TRUE(fm.warnings.empty());
    EXPECT_EQ(fm.json, R"({"a":"bar","b":"12","c":"12","d":"","e":"7","f":"5"})");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{"a[-1]=bar:string@2", "b[-1]=12:string@3",
                                        "c[-1]=12:string@4", "d[-1]=:string@5",
                                        "e[-1]=7:string@6", "f[-1]=5:string@7"}));
}

TEST(ParseFrontMatter, NullsThroughAliasesAndTags) {
    const FrontMatter fm =
        parse_front_matter("n: &n null\nm: *n\no: &o ~\np: !!null ''\nq: !foo ~\n", 2);
    EXPECT_EQ(fm.json, R"({"n":null,"m":null,"o":null,"p":"","q":"~"})");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{"n[-1]=:null@2", "m[-1]=:null@3", "o[-1]=:null@4",
                                        "p[-1]=:string@5", "q[-1]=~:string@6"}));
}

TEST(ParseFrontMatter, AnchorsOnEmptyValuesTakeTheKeyLine) {
    const FrontMatter fm = parse_front_matter(
        "a: &e\nb: *e\nc: &f\n  - x\nd: *f\ntitle: &t\ndate: *t\n", 2);
    EXPECT_TRUE(fm.warnings.empty());
    EXPECT_EQ(fm.json, R"({"a":null,"b":null,"c":["x"],"d":["x"],"title":null,"date":null})");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{"a[-1]=:null@2", "b[-1]=:null@3", "c[0]=x:string@5",
                                        "d[0]=x:string@5", "title[-1]=:null@7",
                                        "date[-1]=:null@8"}));
    EXPECT_TRUE(fm.has_date_key);
    EXPECT_EQ(fm.date, "");
}

TEST(ParseFrontMatter, AnchorDefinedAgainTakesEffectForLaterAliases) {
    const FrontMatter fm = parse_front_matter("key: &a\n  - &b one\n  - *b\n  - &b two\n  - *b\n", 2);
    EXPECT_EQ(fm.json, R"({"key":["one","one","two","two"]})");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{"key[0]=one:string@3", "key[1]=one:string@3",
                                        "key[2]=two:string@5", "key[3]=two:string@5"}));
}

TEST(ParseFrontMatter, AliasedMappingForTypedColumnsWarnsPerKey) {
    const FrontMatter fm = parse_front_matter("tags: &tg\n  m: 1\nkeywords: *tg\ntitle: *tg\n", 2);
    EXPECT_EQ(fm.json, R"({"tags":{"m":1},"keywords":{"m":1},"title":{"m":1}})");
    EXPECT_EQ(messages(fm), (std::vector<std::string>{
                                "'title' is not a single value; ignored",
                                "'tags' is a mapping; expected a list or a string",
                                "'keywords' is a mapping; expected a list or a string",
                            }));
    EXPECT_EQ(fm.warnings[0].line, 2);
    EXPECT_EQ(fm.title, "");
    EXPECT_TRUE(fm.tags.empty());
}

TEST(ParseFrontMatter, AliasedListForTagsAndAliases) {
    const FrontMatter fm =
        parse_front_matter("tags: &t [one, [nested], {k: v}, two]\nkeywords: *t\naliases: *t\n", 2);
    EXPECT_EQ(fm.json, R"({"tags":["one",["nested"],{"k":"v"},"two"],)"
                       R"("keywords":["one",["nested"],{"k":"v"},"two"],)"
                       R"("aliases":["one",["nested"],{"k":"v"},"two"]})");
    EXPECT_EQ(messages(fm), (std::vector<std::string>{
                                "'tags' item is not a single value; skipped",
                                "'tags' item is not a single value; skipped",
                                "'keywords' item is not a single value; skipped",
                                "'keywords' item is not a single value; skipped",
                                "'aliases' item is not a single value; skipped",
                                "'aliases' item is not a single value; skipped",
                            }));
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"one", "two", "one", "two"}));
    EXPECT_EQ(fm.aliases, (std::vector<std::string>{"one", "two"}));
    EXPECT_EQ(field_strings(fm)[1], "tags[0]=nested:string@2");
    EXPECT_EQ(field_strings(fm)[2], "tags.k[2]=v:string@2");
}

TEST(ParseFrontMatter, DuplicateKeysInsideADuplicate) {
    const FrontMatter fm =
        parse_front_matter("m:\n  n:\n    a: 1\n    b: 2\n    a: 3\n  n: {c: 4}\nx: 5\n", 2);
    // The replaced `n` is never walked, so its own duplicate goes unreported.
    EXPECT_EQ(messages(fm),
              (std::vector<std::string>{"duplicate key 'n'; the last value is used"}));
    EXPECT_EQ(fm.warnings[0].line, 7);
    EXPECT_EQ(fm.json, R"({"m":{"n":{"c":4}},"x":5})");
    EXPECT_EQ(field_strings(fm),
              (std::vector<std::string>{"m.n.c[-1]=4:number@7", "x[-1]=5:number@8"}));
}

TEST(ParseFrontMatter, DuplicateKeysInAnAliasedMapAreReportedOnce) {
    const FrontMatter fm = parse_front_matter("a: 1\na: &d {b: 1, b: 2}\nc: *d\n", 2);
    EXPECT_EQ(messages(fm), (std::vector<std::string>{
                                "duplicate key 'a'; the last value is used",
                                "duplicate key 'b'; the last value is used",
                            }));
    EXPECT_EQ(fm.warnings[1].line, 3);
    EXPECT_EQ(fm.json, R"({"a":{"b":2},"c":{"b":2}})");
}

TEST(ParseFrontMatter, EachRepeatOfAKeyIsAWarning) {
    const FrontMatter fm =
        parse_front_matter("title: \"x\"\ntitle: y\ntitle: &t3 z\nagain: *t3\n", 2);
    EXPECT_EQ(messages(fm), (std::vector<std::string>{
                                "duplicate key 'title'; the last value is used",
                                "duplicate key 'title'; the last value is used",
                            }));
    EXPECT_EQ(fm.warnings[0].line, 3);
    EXPECT_EQ(fm.warnings[1].line, 4);
    EXPECT_EQ(fm.title, "z");
    EXPECT_EQ(fm.json, R"({"title":"z","again":"z"})");
}

TEST(ParseFrontMatter, AliasesCountAgainstTheNodeBudget) {
    std::string yaml = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (char c = 'b'; c <= 'e'; ++c) {
        const std::string prev(1, static_cast<char>(c - 1));
        yaml += std::string(1, c) + ": &" + std::string(1, c) + " [";
        for (int i = 0; i < 10; ++i) yaml += (i ? ", *" : "*") + prev;
        yaml += "]\n";
    }
    yaml += "f: *e\ntitle: after\n";
    const FrontMatter fm = parse_front_matter(yaml, 2);
    EXPECT_TRUE(fm.valid);
    EXPECT_EQ(messages(fm),
              (std::vector<std::string>{"front matter too large or too deeply nested; truncated"}));
    // The node past the budget is a `lol` of `a`, met through the aliases.
    EXPECT_EQ(fm.warnings[0].line, 2);
    // 111,110 nodes in a-e: the budget of 100,000 stops the walk in `e`,
    // after 89,999 scalars, and `f` is never reached.
    ASSERT_EQ(fm.fields.size(), 89'999u);
    EXPECT_EQ(field_strings(fm).back(), "e[8]=lol:string@2");
    EXPECT_TRUE(fm.json.ends_with(R"("lol",null]]]]]})"));
    EXPECT_EQ(fm.json.find(R"("f":)"), std::string::npos);
    EXPECT_TRUE(json_is_balanced(fm.json));
    EXPECT_EQ(fm.title, "after");
}

TEST(ParseFrontMatter, AliasOfItsOwnListStopsAtTheDepthLimit) {
    const FrontMatter fm = parse_front_matter("x: &x [1, *x]\n", 2);
    EXPECT_TRUE(fm.valid);
    EXPECT_EQ(messages(fm),
              (std::vector<std::string>{"front matter too large or too deeply nested; truncated"}));
    EXPECT_EQ(fm.warnings[0].line, 2);
    EXPECT_EQ(fm.fields.size(), 63u);
    EXPECT_EQ(fm.json, R"({"x":)" + repeat("[1,", 63) + "[null" + std::string(64, ']') + "}");
}

TEST(ParseFrontMatter, AliasOfItsOwnMapStopsAtTheDepthLimit) {
    const FrontMatter fm = parse_front_matter("x: &y {a: *y}\n", 2);
    EXPECT_EQ(messages(fm),
              (std::vector<std::string>{"front matter too large or too deeply nested; truncated"}));
    EXPECT_TRUE(fm.fields.empty());
    EXPECT_EQ(fm.json, R"({"x":)" + repeat(R"({"a":)", 64) + "null" + std::string(65, '}'));
}

TEST(ParseFrontMatter, CrlfInsideTheYaml) {
    const FrontMatter fm = parse_front_matter(
        "title: Hello\r\ntags:\r\n  - a\r\n  - b\r\nnote: |\r\n  x\r\n  y\r\nq: \"p\r\n  q\"\r\n",
        2);
    EXPECT_TRUE(fm.valid);
    EXPECT_EQ(fm.title, "Hello");
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(fm.tags[1].line, 5);
    ASSERT_EQ(fm.fields.size(), 5u);
    EXPECT_EQ(fm.fields[3].value, "x\ny\n");
    EXPECT_EQ(fm.fields[4].value, "p q");
    EXPECT_EQ(fm.json.find('\r'), std::string::npos);
}

// --- invalid YAML -------------------------------------------------------------

TEST(ParseFrontMatter, UnclosedQuoteIsReportedAtTheQuote) {
    // yaml-cpp alone would let the string swallow the rest of the block.
    const FrontMatter fm =
        parse_front_matter("title: ok\nsummary: \"it never ends\ntags: [a]\n", 2);
    EXPECT_FALSE(fm.valid);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].line, 3);
    EXPECT_EQ(fm.warnings[0].column, 10);
    EXPECT_EQ(fm.warnings[0].message, "invalid YAML front matter: quoted string is not closed");
    EXPECT_TRUE(fm.fields.empty());
    EXPECT_TRUE(fm.tags.empty());
    EXPECT_EQ(fm.title, "");
    EXPECT_EQ(fm.json, "");
}

TEST(ParseFrontMatter, UnclosedSingleQuoteAfterApostrophes) {
    const FrontMatter fm = parse_front_matter(
        "title: it's fine\n"
        "quote: 'it''s closed'\n"
        "tags:\n"
        "  - 'open\n"
        "status: x\n",
        5);
    EXPECT_FALSE(fm.valid);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].line, 8);
    EXPECT_EQ(fm.warnings[0].column, 5);
}

TEST(ParseFrontMatter, UnclosedQuoteInAListPointsAtTheItem) {
    // The missing quote of line 3 pairs every later quote the wrong way; the
    // warning names the item whose string swallowed the next one.
    const FrontMatter fm = parse_front_matter(
        "related:\n"
        "- '[[a]]\n"
        "- '[[b]]'\n"
        "- '[[c]]'\n"
        "status: x\n",
        2);
    EXPECT_FALSE(fm.valid);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].line, 3);
    EXPECT_EQ(fm.warnings[0].column, 3);
    EXPECT_EQ(fm.warnings[0].message, "invalid YAML front matter: quoted string is not closed");
}

TEST(ParseFrontMatter, ApostropheInPlainTextIsFine) {
    const FrontMatter fm = parse_front_matter("title: it's Bob's \"note\"\n", 2);
    EXPECT_TRUE(fm.valid);
    EXPECT_EQ(fm.title, "it's Bob's \"note\"");
}

// Found by fuzz_body: yaml-cpp names the byte after a backslash, here the
// first byte of 'é', which alone is not UTF-8.
TEST(ParseFrontMatter, InvalidYamlMessageIsValidUtf8) {
    const FrontMatter fm = parse_front_matter("title: \"a\\\xC3\xA9\"\n", 2);
    EXPECT_FALSE(fm.valid);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_TRUE(text::is_valid_utf8(fm.warnings[0].message)) << fm.warnings[0].message;
    EXPECT_EQ(fm.warnings[0].message.rfind("invalid YAML front matter: unknown escape character: ", 0), 0u)
        << fm.warnings[0].message;
}

TEST(ParseFrontMatter, InvalidYamlGivesLineAndColumn) {
    // yaml-cpp's marks are 0-based; warnings are file lines and 1-based columns.
    const FrontMatter fm = parse_front_matter("title: ok\nb: \"bad\" trailing\n", 2);
    EXPECT_FALSE(fm.valid);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].line, 3);
    EXPECT_EQ(fm.warnings[0].column, 10);
    EXPECT_EQ(fm.warnings[0].message, "invalid YAML front matter: end of map not found");
    EXPECT_TRUE(fm.fields.empty());
    EXPECT_TRUE(fm.strings.empty());
}

TEST(ParseFrontMatter, TabIndentationIsInvalid) {
    const FrontMatter fm = parse_front_matter("key: value\n\tbad: tab\n", 2);
    EXPECT_FALSE(fm.valid);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].line, 3);
    EXPECT_EQ(fm.warnings[0].column, 1);
    EXPECT_EQ(fm.warnings[0].message,
              "invalid YAML front matter: illegal tab when looking for indentation");
}

TEST(ParseFrontMatter, UnclosedFlowListIsReportedAtTheClosingFence) {
    // The list runs to the end of the block: the closing fence is line 4.
    const FrontMatter fm = parse_front_matter("title: x\ntags: [a, b\n", 2);
    EXPECT_FALSE(fm.valid);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].line, 4);
    EXPECT_EQ(fm.warnings[0].column, 1);
    EXPECT_EQ(fm.warnings[0].message, "invalid YAML front matter: end of sequence flow not found");
}

TEST(ParseFrontMatter, UndefinedAliasIsInvalid) {
    const FrontMatter fm = parse_front_matter("a: *nope\n", 2);
    EXPECT_FALSE(fm.valid);
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].line, 2);
    EXPECT_EQ(fm.warnings[0].column, 4);
    EXPECT_EQ(fm.warnings[0].message,
              "invalid YAML front matter: the referenced anchor is not defined");
}

// --- title --------------------------------------------------------------------

TEST(ParseFrontMatter, TitleIsTheRawScalar) {
    EXPECT_EQ(parse_front_matter("title: '**Bold** _it_'\n", 2).title, "**Bold** _it_");
    EXPECT_EQ(parse_front_matter("title: >\n  folded\n  text\n", 2).title, "folded text\n");
    EXPECT_EQ(parse_front_matter("title: 1984\n", 2).title, "1984");
    EXPECT_EQ(parse_front_matter("title:\n", 2).title, "");
}

TEST(ParseFrontMatter, TitleThatIsAListIsIgnored) {
    const FrontMatter fm = parse_front_matter("title:\n  - a\n  - b\n", 2);
    EXPECT_EQ(fm.title, "");
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].message, "'title' is not a single value; ignored");
    EXPECT_EQ(fm.warnings[0].line, 3);
    EXPECT_EQ(fm.fields.size(), 2u);  // still kept as fields
}

TEST(ParseFrontMatter, KeysMatchCaseInsensitively) {
    const FrontMatter fm = parse_front_matter(
        "Title: T\nTAGS: [a]\nDate: 2026-01-02\nStatus: read\nDomain: D\nAliases: X\n"
        "Source: S\nRelevance: high\n",
        2);
    EXPECT_EQ(fm.title, "T");
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"a"}));
    EXPECT_EQ(fm.date, "2026-01-02");
    EXPECT_EQ(fm.status, "read");
    EXPECT_EQ(fm.domain, "D");
    EXPECT_EQ(fm.aliases, (std::vector<std::string>{"X"}));
    EXPECT_EQ(fm.source, "S");
    EXPECT_EQ(fm.relevance, "high");
    EXPECT_EQ(fm.fields[0].key, "Title");  // fields keep the key as written
}

// --- dates --------------------------------------------------------------------

TEST(ParseFrontMatter, DateIsIsoText) {
    const FrontMatter fm = parse_front_matter("date: 2026-02-28\n", 2);
    EXPECT_EQ(fm.date, "2026-02-28");
    EXPECT_TRUE(fm.has_date_key);
    EXPECT_TRUE(fm.warnings.empty());
}

TEST(ParseFrontMatter, DateTime) {
    EXPECT_EQ(parse_front_matter("date: 2026-02-28 09:30\n", 2).date, "2026-02-28T09:30:00");
    EXPECT_EQ(parse_front_matter("date: 2026-02-28T09:30:05+0200\n", 2).date,
              "2026-02-28T09:30:05+02:00");
    EXPECT_EQ(parse_front_matter("date: '2026-02-28T09:30:05.250Z'\n", 2).date,
              "2026-02-28T09:30:05Z");
}

TEST(ParseFrontMatter, CreatedIsTheFallback) {
    const FrontMatter fm = parse_front_matter("created: 2026-01-02\n", 2);
    EXPECT_EQ(fm.date, "2026-01-02");
    EXPECT_TRUE(fm.has_date_key);
    // date wins when both are set; an empty date lets created through.
    EXPECT_EQ(parse_front_matter("created: 2026-01-02\ndate: 2026-03-04\n", 2).date, "2026-03-04");
    EXPECT_EQ(parse_front_matter("date:\ncreated: 2026-01-02\n", 2).date, "2026-01-02");
}

TEST(ParseFrontMatter, NoDateKey) {
    const FrontMatter fm = parse_front_matter("title: x\n", 2);
    EXPECT_FALSE(fm.has_date_key);
    EXPECT_EQ(fm.date, "");
}

TEST(ParseFrontMatter, EmptyDateIsNotAWarning) {
    const FrontMatter fm = parse_front_matter("date:\n", 2);
    EXPECT_TRUE(fm.has_date_key);
    EXPECT_EQ(fm.date, "");
    EXPECT_TRUE(fm.warnings.empty());
}

TEST(ParseFrontMatter, UnparseableDateWarnsWithItsLine) {
    const FrontMatter fm = parse_front_matter("title: x\ndate: next tuesday\n", 2);
    EXPECT_TRUE(fm.valid);
    EXPECT_TRUE(fm.has_date_key);
    EXPECT_EQ(fm.date, "");
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].line, 3);
    EXPECT_EQ(fm.warnings[0].message, "unparseable date 'next tuesday'");
}

TEST(ParseFrontMatter, DateThatIsAListIsIgnored) {
    const FrontMatter fm = parse_front_matter("date: [2026-01-02]\n", 2);
    EXPECT_EQ(fm.date, "");
    EXPECT_TRUE(fm.has_date_key);
    EXPECT_EQ(messages(fm), (std::vector<std::string>{"'date' is not a single value; ignored"}));
}

// --- tags ---------------------------------------------------------------------

TEST(ParseFrontMatter, TagsAsList) {
    const FrontMatter fm =
        parse_front_matter("tags:\n  - a\n  - ' b '\n  - '#c'\n  - ''\n  - ~\n  - '##d'\n", 2);
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"a", "b", "c", "#d"}));
    EXPECT_EQ(fm.tags[0].line, 3);
    EXPECT_EQ(fm.tags[3].line, 8);
    EXPECT_TRUE(fm.warnings.empty());
}

TEST(ParseFrontMatter, TagsAsFlowList) {
    const FrontMatter fm = parse_front_matter("tags: [a, 'b c', \"#d\"]\n", 2);
    // A list item is one tag, spaces and all.
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"a", "b c", "d"}));
}

TEST(ParseFrontMatter, TagsAsCommaString) {
    const FrontMatter fm = parse_front_matter("tags: a, b,c,,#d\n", 2);
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"a", "b", "c", "d"}));
    EXPECT_EQ(fm.tags[2].line, 2);
    // In YAML, " #" starts a comment even in the middle of a plain string.
    EXPECT_EQ(tag_names(parse_front_matter("tags: a, #b\n", 2)), (std::vector<std::string>{"a"}));
}

TEST(ParseFrontMatter, TagsAsWhitespaceString) {
    const FrontMatter fm = parse_front_matter("tags: \"#a  b\\tc, d\"\n", 2);
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(ParseFrontMatter, QuotedHashTagIsATag) {
    EXPECT_EQ(tag_names(parse_front_matter("tags: '#x'\n", 2)), (std::vector<std::string>{"x"}));
}

TEST(ParseFrontMatter, UnquotedHashTagIsACommentSoNoTag) {
    const FrontMatter fm = parse_front_matter("tags: #x\n", 2);
    EXPECT_TRUE(fm.tags.empty());
    EXPECT_TRUE(fm.warnings.empty());
    EXPECT_EQ(fm.json, R"({"tags":null})");
}

TEST(ParseFrontMatter, NumericTagsKeepTheirText) {
    const FrontMatter fm = parse_front_matter("tags:\n- 2024\n- 3.10\n- true\n", 2);
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"2024", "3.10", "true"}));
    EXPECT_EQ(tag_names(parse_front_matter("tags: 2024\n", 2)), (std::vector<std::string>{"2024"}));
}

TEST(ParseFrontMatter, TagItemsThatAreNotScalarsAreSkipped) {
    const FrontMatter fm = parse_front_matter("tags:\n- a\n- {b: c}\n- [d]\n- e\n", 2);
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"a", "e"}));
    ASSERT_EQ(fm.warnings.size(), 2u);
    EXPECT_EQ(fm.warnings[0].message, "'tags' item is not a single value; skipped");
    EXPECT_EQ(fm.warnings[0].line, 4);
    EXPECT_EQ(fm.warnings[1].line, 5);
}

TEST(ParseFrontMatter, TagsAsMappingIsAWarning) {
    const FrontMatter fm = parse_front_matter("tags:\n  a: 1\n", 2);
    EXPECT_TRUE(fm.tags.empty());
    ASSERT_EQ(fm.warnings.size(), 1u);
    EXPECT_EQ(fm.warnings[0].message, "'tags' is a mapping; expected a list or a string");
    EXPECT_EQ(fm.warnings[0].line, 3);
}

TEST(ParseFrontMatter, TagTagsAndKeywordsAreUnitedInThatOrder) {
    const FrontMatter fm = parse_front_matter("keywords: k1, k2\ntag: t\ntags: [a, k1]\n", 2);
    EXPECT_EQ(tag_names(fm), (std::vector<std::string>{"a", "k1", "t", "k1", "k2"}));
    EXPECT_EQ(fm.tags[2].line, 3);
    EXPECT_EQ(tag_names(parse_front_matter("tag: solo\n", 2)), (std::vector<std::string>{"solo"}));
    EXPECT_EQ(tag_names(parse_front_matter("keywords: [x]\n", 2)), (std::vector<std::string>{"x"}));
}

// --- aliases and the other string columns -------------------------------------

TEST(ParseFrontMatter, AliasesAsList) {
    const FrontMatter fm = parse_front_matter("aliases:\n  - One Two\n  - ' Three '\n  - ''\n", 2);
    EXPECT_EQ(fm.aliases, (std::vector<std::string>{"One Two", "Three"}));
}

TEST(ParseFrontMatter, AliasesAsCommaString) {
    const FrontMatter fm = parse_front_matter("aliases: One Two,  Three ,\n", 2);
    EXPECT_EQ(fm.aliases, (std::vector<std::string>{"One Two", "Three"}));
}

TEST(ParseFrontMatter, AliasIsTheFallback) {
    EXPECT_EQ(parse_front_matter("alias: Solo Name\n", 2).aliases,
              (std::vector<std::string>{"Solo Name"}));
    EXPECT_EQ(parse_front_matter("alias: B\naliases: [A]\n", 2).aliases,
              (std::vector<std::string>{"A"}));
}

TEST(ParseFrontMatter, UrlIsTheSourceFallback) {
    EXPECT_EQ(parse_front_matter("url: https://example.org/a\n", 2).source,
              "https://example.org/a");
    EXPECT_EQ(parse_front_matter("url: https://u\nsource: book\n", 2).source, "book");
}

TEST(ParseFrontMatter, StringColumnsTakeScalarsOnly) {
    const FrontMatter fm =
        parse_front_matter("domain: [SQL, Python]\nstatus: 3\nrelevance: high\n", 2);
    EXPECT_EQ(fm.domain, "");
    EXPECT_EQ(fm.status, "3");
    EXPECT_EQ(fm.relevance, "high");
    EXPECT_EQ(messages(fm), (std::vector<std::string>{"'domain' is not a single value; ignored"}));
    EXPECT_EQ(fm.warnings[0].line, 2);
}

// --- parse_date -----------------------------------------------------------------

TEST(ParseDate, AcceptedForms) {
    EXPECT_EQ(parse_date("2026-02-28"), "2026-02-28");
    // Unix time: Dendron's milliseconds, and seconds.
    EXPECT_EQ(parse_date("1630389384892"), "2021-08-31T05:56:24Z");
    EXPECT_EQ(parse_date("1600000000"), "2020-09-13T12:26:40Z");
    EXPECT_EQ(parse_date("20240101"), std::nullopt);  // not ISO, not Unix time
    EXPECT_EQ(parse_date("12345678901"), std::nullopt);
    EXPECT_EQ(parse_date("  2026-02-28 \n"), "2026-02-28");
    EXPECT_EQ(parse_date("2026-02-28T09:30"), "2026-02-28T09:30:00");
    EXPECT_EQ(parse_date("2026-02-28 09:30"), "2026-02-28T09:30:00");
    EXPECT_EQ(parse_date("2026-02-28T09:30:15"), "2026-02-28T09:30:15");
    EXPECT_EQ(parse_date("2026-02-28T09:30:15.123"), "2026-02-28T09:30:15");
    EXPECT_EQ(parse_date("2026-02-28T09:30:15Z"), "2026-02-28T09:30:15Z");
    EXPECT_EQ(parse_date("2026-02-28T09:30Z"), "2026-02-28T09:30:00Z");
    EXPECT_EQ(parse_date("2026-02-28T09:30:15+02:00"), "2026-02-28T09:30:15+02:00");
    EXPECT_EQ(parse_date("2026-02-28T09:30:15-0530"), "2026-02-28T09:30:15-05:30");
    EXPECT_EQ(parse_date("2026-02-28 23:59:59.999999+14:00"), "2026-02-28T23:59:59+14:00");
    EXPECT_EQ(parse_date("2026-02-28T00:00+00:00"), "2026-02-28T00:00:00+00:00");
}

TEST(ParseDate, CalendarIsChecked) {
    EXPECT_EQ(parse_date("2024-02-29"), "2024-02-29");
    EXPECT_EQ(parse_date("2000-02-29"), "2000-02-29");
    EXPECT_EQ(parse_date("2026-12-31"), "2026-12-31");
    EXPECT_EQ(parse_date("2025-02-29"), std::nullopt);
    EXPECT_EQ(parse_date("1900-02-29"), std::nullopt);
    EXPECT_EQ(parse_date("2026-02-30"), std::nullopt);
    EXPECT_EQ(parse_date("2026-04-31"), std::nullopt);
    EXPECT_EQ(parse_date("2026-13-01"), std::nullopt);
    EXPECT_EQ(parse_date("2026-00-10"), std::nullopt);
    EXPECT_EQ(parse_date("2026-01-00"), std::nullopt);
}

TEST(ParseDate, TimeIsChecked) {
    EXPECT_EQ(parse_date("2026-02-28T24:00"), std::nullopt);
    EXPECT_EQ(parse_date("2026-02-28T09:60"), std::nullopt);
    EXPECT_EQ(parse_date("2026-02-28T09:30:60"), std::nullopt);
    EXPECT_EQ(parse_date("2026-02-28T09:30:00+24:00"), std::nullopt);
    EXPECT_EQ(parse_date("2026-02-28T09:30:00+02:60"), std::nullopt);
}

TEST(ParseDate, OtherFormsAreRejected) {
    for (const char* s :
         {"next tuesday", "2026-2-3", "2026/02/28", "28.02.2026", "20260228", "", "2026-02",
          "2026-02-28x", "2026-02-28T", "2026-02-28T09", "2026-02-28T9:30", "2026-02-28T09:30:15.",
          "2026-02-28T09:30.5", "2026-02-28T09:30+2", "2026-02-28T09:30:00Z junk",
          "2026-02-28  09:30", "2026-02-28T09:30:00 +02:00", "+2026-02-28"}) {
        EXPECT_EQ(parse_date(s), std::nullopt) << s;
    }
}

}  // namespace
}  // namespace notes::parse

// --- the fast reader against yaml-cpp --------------------------------------

namespace {

std::string read_file(const std::filesystem::path& p) {
    // stdio: GCC 12 sees a null dereference in istreambuf_iterator at -O2.
    std::string out;
    if (FILE* f = std::fopen(p.c_str(), "rb")) {
        char buf[65536];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
        std::fclose(f);
    }
    return out;
}

/// Compares the two readers on `yaml`; counts what the fast reader took.
void expect_same_readers(const std::string& yaml, const std::string& what, int& fast, int& total) {
    static const notes::FrontMatterKeys k_keys;
    const auto a = notes::parse::parse_front_matter(yaml, 2, k_keys, notes::parse::YamlReader::any);
    const auto b = notes::parse::parse_front_matter(yaml, 2, k_keys, notes::parse::YamlReader::yaml_cpp);
    EXPECT_EQ(notes::parse::describe(a), notes::parse::describe(b)) << what << "\n" << yaml;
    ++total;
    if (notes::parse::fast_yaml_reader_takes(yaml)) ++fast;
}

}  // namespace

TEST(FrontMatterReaders, AgreeOnEveryFileOfTheRepository) {
    int fast = 0, total = 0;
    const std::filesystem::path root = NOTES_SOURCE_DIR;
    for (const char* dir : {"seeds", "tests/fixtures", "fuzz/corpus/fuzz_front_matter", "fuzz/corpus/fuzz_body"}) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(root / dir)) {
            if (!e.is_regular_file()) continue;
            const std::string file = read_file(e.path());
            const auto block = notes::parse::split_front_matter(file);
            if (block.present) expect_same_readers(std::string(block.yaml), e.path().string(), fast, total);
        }
    }
    EXPECT_GT(total, 40);
    EXPECT_GT(fast, 10);  // the fast reader is exercised, not only yaml-cpp twice
}

TEST(FrontMatterReaders, AgreeOnGeneratedCommonShapes) {
    // Front matter as note apps write it, with the values that trip readers
    // up: numbers, booleans, nulls, dates, '#' and ':' inside values,
    // quotes and escaped quotes, URLs with fragments, Unicode, empty values,
    // trailing blanks, list items of every kind.
    const std::vector<std::string> values{
        "plain text", "'single quoted'", "'it''s quoted'", "\"double\"", "42", "-3.5", "0x1F", "1e3", "true",
        "False", "null", "~", "", "2026-02-28", "2026-02-28T09:30:00", "'#sql'", "#sql", "a #b", "a: b",
        "a:b", "https://example.org/x#frag", "'[[Some Note]]'", "[[Some Note]]", "Straße café 日本",
        "trailing   ", "'multi\n  line quoted'", "plain\n  continued", "- item", "[a, b]", "{a: 1}",
        "&anchor value", "*alias", "!tag value", "|\n  block", ">\n  folded", "'unterminated", "@at", "`tick`",
        "% percent", "a # comment", "a\t# tab comment", "yes", "on", ".inf", "0o17", "+12", "007"};
    const std::vector<std::string> keys{"title", "date", "tags", "related", "status", "Title", "my key",
                                        "'quoted key'", "x"};
    int fast = 0, total = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const std::string& v = values[i];
            const std::string& other = values[(i * 7 + k * 3) % values.size()];
            expect_same_readers(keys[k] + ": " + v + "\n", "scalar", fast, total);
            expect_same_readers(keys[k] + ":\n- " + v + "\n- " + other + "\n", "list", fast, total);
            expect_same_readers(keys[k] + ":\n  - " + v + "\n  - " + other + "\nnext: " + other + "\n", "indented list",
                                fast, total);
            expect_same_readers("title: " + other + "\n" + keys[k] + ": " + v + "\ntags:\n- sql\n- '#" + keys[k] +
                                    "'\n" + keys[k] + ": again\n",
                                "duplicate keys", fast, total);
        }
    }
    EXPECT_GT(fast, total / 5);  // 368 of 1,692 when written
}
