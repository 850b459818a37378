// NOTE arguments on an in-memory store: find_note() by path, slug, title and
// alias, in that order of precedence, ignoring case; ambiguity; suggestions
// for a miss; and the edit distance behind them.
#include "notes/query/note_ref.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "notes/store/index_store.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/core/text.hpp"
#include "notes/index/vault.hpp"

using notes::query::edit_distance;
using notes::query::EditDistanceFrom;
using notes::store::FileRecord;
using notes::query::find_note;
using notes::store::IndexStore;
using notes::query::NoteLookup;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

class FindNote : public ::testing::Test {
  protected:
    FindNote() : store(":memory:", IndexStore::Mode::read_write) { store.create_schema(); }

    void add(const std::string& path, const std::string& content) {
        const auto note = notes::parse::parse_note(path, notes::slug_of(path), content);
        store.write_note(0, FileRecord{path, static_cast<std::int64_t>(content.size()), 1, "h"},
                         note);
    }

    /// Paths of the matches, then how the first matched ("" when none).
    std::vector<std::string> paths(const NoteLookup& lookup) {
        std::vector<std::string> out;
        for (const auto& m : lookup.matches) out.push_back(m.path);
        return out;
    }
    std::string how(const NoteLookup& lookup) {
        return lookup.matches.empty() ? "" : lookup.matches.front().matched_by;
    }
    std::vector<std::string> suggested(const NoteLookup& lookup) {
        std::vector<std::string> out;
        for (const auto& m : lookup.suggestions) out.push_back(m.path);
        return out;
    }

    IndexStore store;
};

}  // namespace

TEST_F(FindNote, ByPathWithOrWithoutExtension) {
    add("area/Weekly Review.md", "# Weekly review\n");
    add("area/cheat.markdown", "x\n");
    for (const char* arg : {"area/Weekly Review.md", "area/weekly review.MD", "area/Weekly Review",
                            "./area/weekly review"}) {
        const auto lookup = find_note(store, arg);
        EXPECT_THAT(paths(lookup), ElementsAre("area/Weekly Review.md")) << arg;
        EXPECT_EQ(how(lookup), "path") << arg;
    }
    EXPECT_THAT(paths(find_note(store, "area/cheat")), ElementsAre("area/cheat.markdown"));
    EXPECT_THAT(paths(find_note(store, "AREA/CHEAT.markdown")), ElementsAre("area/cheat.markdown"));
}

TEST_F(FindNote, BySlugIgnoringCase) {
    add("projects/sqlite-wal.md", "x\n");
    add("Straße.md", "x\n");
    const auto lookup = find_note(store, "SQLite-WAL");
    EXPECT_THAT(paths(lookup), ElementsAre("projects/sqlite-wal.md"));
    EXPECT_EQ(how(lookup), "slug");
    // Full Unicode case folding, not just ASCII.
    EXPECT_THAT(paths(find_note(store, "STRASSE")), ElementsAre("Straße.md"));
}

TEST_F(FindNote, ByTitleIgnoringCaseAndSpacing) {
    add("2026-01-01-a.md", "---\ntitle: '**Reading** EXPLAIN output'\n---\n");
    add("b.md", "# Café notes\n");
    const auto lookup = find_note(store, "reading explain   OUTPUT");
    EXPECT_THAT(paths(lookup), ElementsAre("2026-01-01-a.md"));
    EXPECT_EQ(how(lookup), "title");
    // Composed and decomposed é are the same title (NFC).
    EXPECT_THAT(paths(find_note(store, "CAFE\xCC\x81 NOTES")), ElementsAre("b.md"));
}

TEST_F(FindNote, ByAlias) {
    add("orms.md", "---\naliases: [ORM myths, ORMs are a lie]\n---\n");
    add("models.md", "---\nalias: SQLAlchemy data models, Schema with SQLAlchemy\n---\n");
    auto lookup = find_note(store, "orm MYTHS");
    EXPECT_THAT(paths(lookup), ElementsAre("orms.md"));
    EXPECT_EQ(how(lookup), "alias");
    EXPECT_THAT(paths(find_note(store, "schema with sqlalchemy")), ElementsAre("models.md"));
}

TEST_F(FindNote, PathBeatsSlugBeatsTitleBeatsAlias) {
    add("notes/plan.md", "# Plan\n");
    add("other.md", "---\ntitle: notes/plan\n---\n");
    add("dir/shared-title.md", "---\naliases: [by-alias]\n---\n");
    add("by-title.md", "---\ntitle: shared-title\n---\n");
    add("alias-owner.md", "---\ntitle: by-alias\n---\n");
    // A path wins over another note's title...
    EXPECT_EQ(how(find_note(store, "notes/plan")), "path");
    EXPECT_THAT(paths(find_note(store, "notes/plan")), ElementsAre("notes/plan.md"));
    // ...a slug over a title...
    EXPECT_EQ(how(find_note(store, "shared-title")), "slug");
    EXPECT_THAT(paths(find_note(store, "shared-title")), ElementsAre("dir/shared-title.md"));
    // ...and a title over an alias.
    EXPECT_EQ(how(find_note(store, "by-alias")), "title");
    EXPECT_THAT(paths(find_note(store, "by-alias")), ElementsAre("alias-owner.md"));
}

TEST_F(FindNote, SharedSlugIsAmbiguousInPathOrder) {
    add("b/index-tuning.md", "x\n");
    add("a/index-tuning.md", "x\n");
    const auto lookup = find_note(store, "index-tuning");
    EXPECT_THAT(paths(lookup), ElementsAre("a/index-tuning.md", "b/index-tuning.md"));
    EXPECT_EQ(how(lookup), "slug");
    EXPECT_THAT(lookup.suggestions, IsEmpty());
    // The path picks one.
    EXPECT_THAT(paths(find_note(store, "b/index-tuning")), ElementsAre("b/index-tuning.md"));
}

TEST_F(FindNote, BareNameSharedByRootAndFolderIsAmbiguous) {
    // seeds/ has index-tuning.md and projects/index-tuning.md: a bare name is
    // the slug of both, so it names no single note; `index-tuning.md` (with
    // its extension) or `projects/index-tuning` do.
    add("index-tuning.md", "x\n");
    add("projects/index-tuning.md", "x\n");
    EXPECT_THAT(paths(find_note(store, "index-tuning")),
                ElementsAre("index-tuning.md", "projects/index-tuning.md"));
    EXPECT_THAT(paths(find_note(store, "index-tuning.md")), ElementsAre("index-tuning.md"));
    EXPECT_THAT(paths(find_note(store, "projects/index-tuning")),
                ElementsAre("projects/index-tuning.md"));
}

TEST_F(FindNote, SharedTitleOrAliasIsAmbiguous) {
    add("a.md", "# Same title\n");
    add("b.md", "# same TITLE\n");
    add("c.md", "---\naliases: [twin]\n---\n");
    add("d.md", "---\naliases: [Twin, twin again]\n---\n");
    EXPECT_THAT(paths(find_note(store, "same title")), ElementsAre("a.md", "b.md"));
    EXPECT_EQ(how(find_note(store, "same title")), "title");
    EXPECT_THAT(paths(find_note(store, "twin")), ElementsAre("c.md", "d.md"));
}

TEST_F(FindNote, MissSuggestsClosestFirst) {
    add("2026-03-01-sqlite-wal-mode-and-checkpoints.md", "# SQLite WAL mode and checkpoints\n");
    add("2026-03-11-sqlite-json-functions.md", "# SQLite JSON functions\n");
    add("index-tuning.md", "# Index tuning checklist\n");
    add("unrelated.md", "# Something else entirely\n");
    const auto lookup = find_note(store, "sqlite-wal");
    EXPECT_THAT(lookup.matches, IsEmpty());
    // A slug or title containing the name first.
    ASSERT_FALSE(lookup.suggestions.empty());
    EXPECT_EQ(lookup.suggestions.front().path, "2026-03-01-sqlite-wal-mode-and-checkpoints.md");
    EXPECT_EQ(lookup.suggestions.front().title, "SQLite WAL mode and checkpoints");
    EXPECT_EQ(lookup.suggestions.front().matched_by, "similar");
    // A typo: by edit distance.
    EXPECT_THAT(suggested(find_note(store, "index tuning checklst")),
                ElementsAre("index-tuning.md"));
    // Nothing near: no suggestions.
    EXPECT_THAT(find_note(store, "zzzzqqqq").suggestions, IsEmpty());
}

TEST_F(FindNote, AtMostFiveSuggestions) {
    for (int i = 0; i < 8; ++i) add("note-" + std::to_string(i) + ".md", "x\n");
    const auto lookup = find_note(store, "note-");
    EXPECT_THAT(lookup.matches, IsEmpty());
    EXPECT_EQ(lookup.suggestions.size(), 5u);
}

TEST_F(FindNote, EmptyArgumentFindsNothing) {
    add("a.md", "x\n");
    for (const char* arg : {"", "   ", "./"}) {
        const auto lookup = find_note(store, arg);
        EXPECT_THAT(lookup.matches, IsEmpty()) << '"' << arg << '"';
    }
}

TEST(EditDistance, ClassicCases) {
    EXPECT_EQ(edit_distance("", ""), 0u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
    EXPECT_EQ(edit_distance("abc", ""), 3u);
    EXPECT_EQ(edit_distance("abc", "abc"), 0u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);
    EXPECT_EQ(edit_distance("checklist", "checklst"), 1u);
}

TEST(EditDistance, IsSymmetric) {
    EXPECT_EQ(edit_distance("sunday", "saturday"), edit_distance("saturday", "sunday"));
    EXPECT_EQ(edit_distance("sunday", "saturday"), 3u);
}

TEST(EditDistance, CountsCodePointsNotBytes) {
    // é is two bytes in UTF-8 but one edit.
    EXPECT_EQ(edit_distance("café", "cafe"), 1u);
    EXPECT_EQ(edit_distance("naïve", "naive"), 1u);
    EXPECT_EQ(edit_distance("📚", "x"), 1u);
    EXPECT_EQ(edit_distance("日本語", "日本"), 1u);
}

TEST(EditDistanceFrom, AgreesWithEditDistanceWithinTheLimit) {
    // Random strings over a small alphabet (so that they share characters),
    // with non-ASCII letters, and patterns longer than one 64-bit block.
    const std::vector<std::string> alphabet = {"a", "b", "c", "-", "é", "日", "📚"};
    std::mt19937 random(12345);
    auto word = [&](std::size_t max) {
        std::string out;
        const std::size_t n = random() % (max + 1);
        for (std::size_t i = 0; i < n; ++i) out += alphabet[random() % alphabet.size()];
        return out;
    };
    for (int round = 0; round < 400; ++round) {
        const std::string pattern = word(round % 4 == 0 ? 150 : 30);
        const EditDistanceFrom from(pattern);
        for (int k = 0; k < 10; ++k) {
            const std::string text = word(round % 4 == 0 ? 150 : 30);
            const std::size_t d = edit_distance(pattern, text);
            for (const std::size_t limit : {std::size_t{0}, std::size_t{3}, d, d + 1, std::size_t{500}}) {
                EXPECT_EQ(from.to(text, limit), std::min(d, limit + 1))
                    << "'" << pattern << "' to '" << text << "' within " << limit;
            }
        }
    }
}

TEST(EditDistanceFrom, BlockBoundaries) {
    for (const std::size_t n : {63u, 64u, 65u, 127u, 128u, 129u}) {
        const std::string a(n, 'x');
        std::string b = a;
        b[n / 2] = 'y';
        EXPECT_EQ(EditDistanceFrom(a).to(b, 1000), 1u) << n;
        EXPECT_EQ(EditDistanceFrom(a).to(a + "zz", 1000), 2u) << n;
        EXPECT_EQ(EditDistanceFrom(a).to("", 1000), n) << n;
        EXPECT_EQ(EditDistanceFrom("").to(a, 1000), n) << n;
    }
}

/// Suggestions as the plain definition gives them: every slug and title
/// scored, the five best kept (see docs/cli.md, `notes show`).
std::vector<std::string> suggestions_by_definition(IndexStore& store, const std::string& key) {
    std::vector<std::pair<double, std::string>> scored;
    for (const auto& row : store.query("SELECT path, slug_key, title_key FROM notes").rows) {
        double best = 1e9;
        for (const std::string& candidate : {*row[1], *row[2]}) {
            double s;
            if (candidate.find(key) != std::string::npos) {
                s = 0.1 * static_cast<double>(candidate.size() - key.size()) /
                    static_cast<double>(candidate.size() + 1);
            } else {
                s = static_cast<double>(edit_distance(key, candidate)) /
                    static_cast<double>(std::max<std::size_t>(key.size(), 1));
            }
            best = std::min(best, s);
        }
        if (best <= 0.5) scored.emplace_back(best, *row[0]);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < 5; ++i) out.push_back(scored[i].second);
    return out;
}

TEST_F(FindNote, SuggestionsAreThoseOfThePlainDefinition) {
    // Many similar names, shared slugs and titles, and ties: the pruned
    // search must find exactly what scoring every note finds.
    const std::vector<std::string> words = {"sqlite", "wal",   "index", "tuning", "query",
                                            "plan",   "café",  "notes", "python", "join"};
    std::mt19937 random(99);
    std::set<std::string> paths;
    for (int i = 0; i < 300; ++i) {
        std::string slug;
        std::string title;
        const std::size_t n = 1 + random() % 4;
        for (std::size_t w = 0; w < n; ++w) {
            const std::string& word = words[random() % words.size()];
            slug += (w > 0 ? "-" : "") + word;
            title += (w > 0 ? " " : "") + word;
        }
        const std::string folder = i % 3 == 0 ? "a/" : i % 3 == 1 ? "b/" : "";
        const std::string path = folder + slug + "-" + std::to_string(i % 50) + ".md";
        if (paths.insert(path).second) add(path, "# " + title + "\n");
    }
    for (const std::string key :
         {"sqlite-wal-notes-7", "sqlite wal notes", "sqlite-wal-notes", "indx-tuning-3", "query",
          "café plan", "cafe-plan-12", "python-join-join-4", "zzzzqqqq", "q", "join-sqlite-wal-index-tuning-49",
          "pyhton", "tuning index"}) {
        const auto lookup = find_note(store, key);
        if (!lookup.matches.empty()) continue;
        EXPECT_EQ(suggested(lookup), suggestions_by_definition(store, notes::text::fold_key(key)))
            << key;
    }
}
