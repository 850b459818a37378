// "Did you mean …?": the distance typing mistakes follow, and when a word is
// close enough to suggest.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "notes/core/spelling.hpp"

using notes::closest_words;
using notes::quoted_alternatives;
using notes::typo_distance;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(TypoDistance, ASwapOfNeighboursIsOneEdit) {
    EXPECT_EQ(typo_distance("fnid", "find"), 1u);
    EXPECT_EQ(typo_distance("tga", "tag"), 1u);
    EXPECT_EQ(typo_distance("tabel", "table"), 1u);
    // Plain Levenshtein would say 2 for each of these.
    EXPECT_EQ(typo_distance("ab", "ba"), 1u);
}

TEST(TypoDistance, InsertionsDeletionsSubstitutions) {
    EXPECT_EQ(typo_distance("", ""), 0u);
    EXPECT_EQ(typo_distance("", "abc"), 3u);
    EXPECT_EQ(typo_distance("dat", "date"), 1u);
    EXPECT_EQ(typo_distance("dott", "dot"), 1u);
    EXPECT_EQ(typo_distance("nevr", "never"), 1u);
    EXPECT_EQ(typo_distance("kitten", "sitting"), 3u);
    // Optimal string alignment: a swapped pair is not edited again ("ca" →
    // "abc" is 3, where unrestricted Damerau–Levenshtein says 2).
    EXPECT_EQ(typo_distance("ca", "abc"), 3u);
}

TEST(TypoDistance, AsciiCaseIsIgnoredAndCodePointsCount) {
    EXPECT_EQ(typo_distance("FIND", "find"), 0u);
    EXPECT_EQ(typo_distance("café", "cafe"), 1u);
    EXPECT_EQ(typo_distance("ü", "u"), 1u);
}

TEST(ClosestWords, SuggestsTheNearestWithinAThirdOfTheLength) {
    const std::vector<std::string> commands{"index",   "find",   "show",  "tags",
                                            "related", "report", "graph", "sql"};
    EXPECT_THAT(closest_words("fnid", commands), ElementsAre("find"));
    EXPECT_THAT(closest_words("Find", commands), ElementsAre("find"));
    EXPECT_THAT(closest_words("reprot", commands), ElementsAre("report"));
    EXPECT_THAT(closest_words("grahp", commands), ElementsAre("graph"));
    // Too far from everything: nothing, rather than a random guess.
    EXPECT_THAT(closest_words("help", commands), IsEmpty());
    EXPECT_THAT(closest_words("x", commands), IsEmpty());
    EXPECT_THAT(closest_words("", commands), IsEmpty());
}

TEST(ClosestWords, LongerWordsMayBeFurther) {
    const std::vector<std::string> sections{"broken-links", "orphans", "front-matter",
                                            "reading-queue"};
    EXPECT_THAT(closest_words("brokenlinks", sections), ElementsAre("broken-links"));
    EXPECT_THAT(closest_words("frontmater", sections), ElementsAre("front-matter"));
    EXPECT_THAT(closest_words("orpans", sections), ElementsAre("orphans"));
}

TEST(ClosestWords, TiesAreAllSuggestedInCandidateOrder) {
    EXPECT_THAT(closest_words("bsh", {"bash", "zsh", "fish"}), ElementsAre("bash", "zsh"));
}

TEST(ClosestWords, AUniquePrefixIsASuggestion) {
    const std::vector<std::string> flags{"format", "full", "field", "include-broken"};
    EXPECT_THAT(closest_words("form", flags), ElementsAre("format"));
    EXPECT_THAT(closest_words("include", flags), ElementsAre("include-broken"));
    // One letter is too short; two candidates with the prefix are too many.
    EXPECT_THAT(closest_words("f", flags), IsEmpty());
    EXPECT_THAT(closest_words("fu", {"full", "fuzzy"}), IsEmpty());
}

TEST(ClosestWords, AnExactMatchIsNotATypo) {
    EXPECT_THAT(closest_words("find", {"find", "fine"}), IsEmpty());
}

TEST(QuotedAlternatives, ListsAsASentenceDoes) {
    EXPECT_EQ(quoted_alternatives({"a"}), "'a'");
    EXPECT_EQ(quoted_alternatives({"a", "b"}), "'a' or 'b'");
    EXPECT_EQ(quoted_alternatives({"a", "b", "c"}), "'a', 'b' or 'c'");
}
