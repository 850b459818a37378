// Related notes in the core: each signal on small hand-made vaults in an
// in-memory store, the way they combine, and the `related:` weights of the
// config.
#include "notes/query/related.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <unordered_map>

#include "notes/core/config.hpp"
#include "notes/core/resolve.hpp"
#include "notes/index/indexer.hpp"
#include "notes/index/vault.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/store/index_store.hpp"

using notes::RelatedSignal;
using notes::store::IndexStore;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

namespace {

class Related : public ::testing::Test {
  protected:
    Related() : store(":memory:", IndexStore::Mode::read_write) { store.create_schema(); }

    std::int64_t add(const std::string& path, const std::string& content) {
        const auto note = notes::parse::parse_note(path, notes::slug_of(path), content);
        const auto id = store.write_note(
            0, notes::store::FileRecord{path, static_cast<std::int64_t>(content.size()), 1, "h"},
            note);
        ids[notes::slug_of(path)] = id;
        return id;
    }

    /// Resolves every link, as the indexer does after writing.
    void resolve() { notes::index::resolve_all_links(store); }

    /// Filler notes that carry nothing in common with anything.
    void add_fillers(int count) {
        for (int i = 0; i < count; ++i) add("filler" + std::to_string(i) + ".md", "");
    }

    notes::query::RelatedList related(const std::string& slug,
                                      notes::query::RelatedOptions options = {}) {
        return notes::query::find_related(store, ids.at(slug), options);
    }

    /// Only one signal counts.
    static notes::query::RelatedOptions only(RelatedSignal s) {
        notes::query::RelatedOptions o;
        o.weights = {};
        o.weights[s] = 1;
        return o;
    }

    std::vector<std::string> slugs(const notes::query::RelatedList& list) {
        std::vector<std::string> out;
        for (const auto& n : list.notes) out.push_back(n.slug);
        return out;
    }

    const notes::query::RelatedNote& entry(const notes::query::RelatedList& list,
                                           const std::string& slug) {
        for (const auto& n : list.notes) {
            if (n.slug == slug) return n;
        }
        throw std::runtime_error(slug + " is not in the list");
    }

    IndexStore store;
    std::unordered_map<std::string, std::int64_t> ids;
};

double rarity(double notes, double vault) {
    return std::log(vault / notes) / std::log(vault);
}

TEST(RelatedSignals, NamesRoundTrip) {
    for (const RelatedSignal s : notes::all_related_signals()) {
        EXPECT_EQ(notes::parse_related_signal(notes::related_signal_name(s)), s);
        EXPECT_GT(notes::default_related_weights()[s], 0) << notes::related_signal_name(s);
    }
    EXPECT_EQ(notes::parse_related_signal("Tags"), std::nullopt);
    EXPECT_EQ(notes::related_signal_name(RelatedSignal::co_citation), "cocitation");
}

TEST(RelatedText, WordsAreFoldedAndFiltered) {
    EXPECT_THAT(notes::query::related_text_words("The Query-Plan of an INDEX, 2024 x86 ok"),
                ElementsAre("query", "plan", "index", "x86"));
    EXPECT_THAT(notes::query::related_text_words("Café CAFÉ naïve"),
                ElementsAre("café", "café", "naïve"));
    EXPECT_THAT(notes::query::related_text_words("you’re running—fast"),
                ElementsAre("running", "fast"));
}

TEST_F(Related, ExplicitRelationsAreSymmetric) {
    add("a.md", "---\nrelated: ['[[b]]']\n---\n");
    add("b.md", "");
    add("c.md", "---\nup: '[[a]]'\n---\n");
    resolve();
    const auto from_a = related("a", only(RelatedSignal::explicit_relation));
    const auto from_b = related("b", only(RelatedSignal::explicit_relation));
    EXPECT_EQ(entry(from_a, "b").score, entry(from_b, "a").score);
    EXPECT_EQ(entry(from_a, "b").raw[RelatedSignal::explicit_relation], 1);
    EXPECT_THAT(entry(from_a, "b").reasons, ElementsAre("related: (front matter)"));
    EXPECT_THAT(entry(from_b, "a").reasons, ElementsAre("its related: lists this (front matter)"));
    // Any front-matter key is an explicit relation, named in the reason.
    EXPECT_THAT(entry(from_a, "c").reasons, ElementsAre("its up: lists this (front matter)"));
}

TEST_F(Related, ExplicitRelationBothWaysCountsTwice) {
    add("a.md", "---\nrelated: ['[[b]]']\n---\n");
    add("b.md", "---\nrelated: ['[[a]]']\n---\n");
    resolve();
    const auto list = related("a", only(RelatedSignal::explicit_relation));
    EXPECT_EQ(entry(list, "b").raw[RelatedSignal::explicit_relation], 2);
    EXPECT_THAT(entry(list, "b").reasons, ElementsAre("related: both ways (front matter)"));
}

TEST_F(Related, BodyLinksInEitherDirection) {
    add("a.md", "See [[b]] and ![[c]].\n");
    add("b.md", "Back to [[a]].\n");
    add("c.md", "");
    add("d.md", "[[a]] twice: [[a|again]]\n");
    resolve();
    const auto list = related("a", only(RelatedSignal::direct_link));
    EXPECT_EQ(slugs(list), (std::vector<std::string>{"b", "c", "d"}));
    EXPECT_EQ(entry(list, "b").raw[RelatedSignal::direct_link], 2);
    EXPECT_THAT(entry(list, "b").reasons, ElementsAre("links both ways"));
    EXPECT_THAT(entry(list, "c").reasons, ElementsAre("linked from here"));
    EXPECT_THAT(entry(list, "d").reasons, ElementsAre("links here"));
    EXPECT_EQ(entry(list, "d").raw[RelatedSignal::direct_link], 1);  // two links, one direction
}

TEST_F(Related, RareTagsCountMoreThanCommonOnes) {
    // #common is on 6 of 10 notes, #rare on 2: sharing #rare says more.
    add("n.md", "---\ntags: [common, rare]\n---\n");
    add("r.md", "---\ntags: [rare]\n---\n");
    for (int i = 0; i < 5; ++i) add("c" + std::to_string(i) + ".md", "---\ntags: [Common]\n---\n");
    add_fillers(3);
    resolve();
    const auto list = related("n", only(RelatedSignal::shared_tags));
    ASSERT_EQ(list.notes.size(), 6u);
    EXPECT_EQ(list.notes[0].slug, "r");
    EXPECT_NEAR(list.notes[0].raw[RelatedSignal::shared_tags], rarity(2, 10), 1e-9);
    EXPECT_NEAR(entry(list, "c0").raw[RelatedSignal::shared_tags], rarity(6, 10), 1e-9);
    EXPECT_THAT(list.notes[0].reasons, ElementsAre("shares #rare (rare)"));
    EXPECT_THAT(entry(list, "c0").reasons, ElementsAre("shares #common"));
    // Equal scores are ordered by path.
    EXPECT_EQ(slugs(list), (std::vector<std::string>{"r", "c0", "c1", "c2", "c3", "c4"}));
}

TEST_F(Related, TagRarityAddsUp) {
    add("n.md", "---\ntags: [x, y]\n---\n");
    add("both.md", "---\ntags: [x, y]\n---\n");
    add("one.md", "---\ntags: [x]\n---\n");
    add("two.md", "---\ntags: [x]\n---\n");
    add_fillers(6);
    resolve();
    const auto list = related("n", only(RelatedSignal::shared_tags));
    EXPECT_NEAR(entry(list, "both").raw[RelatedSignal::shared_tags], rarity(4, 10) + rarity(2, 10),
                1e-9);
    EXPECT_EQ(list.notes[0].slug, "both");
    EXPECT_THAT(list.notes[0].reasons, ElementsAre("shares #y (rare) and #x"));
}

TEST_F(Related, CoCitationIsDampedByTheCitingNotesDegree) {
    // p cites only n and a; hub cites n, b and six more: p's pairing says more.
    add("n.md", "");
    add("a.md", "");
    add("b.md", "");
    add("p.md", "[[n]] [[a]]\n");
    std::string hub = "[[n]] [[b]]";
    for (int i = 0; i < 6; ++i) {
        add("x" + std::to_string(i) + ".md", "");
        hub += " [[x" + std::to_string(i) + "]]";
    }
    add("hub.md", hub + "\n");
    resolve();
    const auto list = related("n", only(RelatedSignal::co_citation));
    EXPECT_NEAR(entry(list, "a").raw[RelatedSignal::co_citation], 1.0, 1e-9);
    EXPECT_NEAR(entry(list, "b").raw[RelatedSignal::co_citation], 1.0 / std::log2(8.0), 1e-9);
    EXPECT_EQ(list.notes[0].slug, "a");
    EXPECT_THAT(entry(list, "a").reasons, ElementsAre("co-cited by 1 note"));
}

TEST_F(Related, CoCitationCountsEachCitingNote) {
    add("n.md", "");
    add("a.md", "");
    add("p.md", "[[n]] [[a]]\n");
    add("q.md", "[[n]] [[a]] [[n#Again]]\n");
    resolve();
    const auto list = related("n", only(RelatedSignal::co_citation));
    EXPECT_NEAR(entry(list, "a").raw[RelatedSignal::co_citation], 2.0, 1e-9);
    EXPECT_THAT(entry(list, "a").reasons, ElementsAre("co-cited by 2 notes"));
}

TEST_F(Related, SharedTargetsAreDampedByTheTargetsInDegree) {
    // n and x both link to t (2 backlinks); n and y both link to the hub
    // (8 backlinks): sharing t says more than sharing the hub.
    add("t.md", "");
    add("hub.md", "");
    add("n.md", "[[t]] [[hub]]\n");
    add("x.md", "[[t]]\n");
    add("y.md", "[[hub]]\n");
    for (int i = 0; i < 6; ++i) add("z" + std::to_string(i) + ".md", "[[hub]]\n");
    resolve();
    const auto list = related("n", only(RelatedSignal::shared_targets));
    EXPECT_NEAR(entry(list, "x").raw[RelatedSignal::shared_targets], 1.0, 1e-9);
    EXPECT_NEAR(entry(list, "y").raw[RelatedSignal::shared_targets], 1.0 / std::log2(8.0), 1e-9);
    EXPECT_EQ(list.notes[0].slug, "x");
    EXPECT_THAT(entry(list, "y").reasons, ElementsAre("both link to 1 note"));
}

TEST_F(Related, AMapOfContentDoesNotMakeEverythingRelated) {
    // The map links to n and 30 other notes; p links to n and a only; r
    // shares a rare tag. The 30 are weakly related, well below a and r.
    add("n.md", "---\ntags: [rare]\n---\n");
    add("a.md", "");
    add("r.md", "---\ntags: [rare]\n---\n");
    add("p.md", "[[n]] [[a]]\n");
    std::string map = "[[n]]";
    for (int i = 0; i < 30; ++i) {
        add("o" + std::to_string(i) + ".md", "");
        map += " [[o" + std::to_string(i) + "]]";
    }
    add("map.md", map + "\n");
    resolve();
    notes::query::RelatedOptions o;
    o.limit = 40;
    const auto list = related("n", o);
    EXPECT_NEAR(entry(list, "o0").raw[RelatedSignal::co_citation], 1.0 / std::log2(31.0), 1e-9);
    // The map and p link here; a and r have specific evidence; the 30 come
    // last, all equal.
    ASSERT_EQ(list.notes.size(), 34u);
    const auto order = slugs(list);
    EXPECT_THAT(std::vector<std::string>(order.begin(), order.begin() + 4),
                UnorderedElementsAre("map", "p", "a", "r"));
    EXPECT_GT(entry(list, "a").score, 3 * entry(list, "o0").score);
    EXPECT_EQ(list.notes[4].score, list.notes[33].score);
}

TEST_F(Related, SameDomainIsWeightedByRarity) {
    add("n.md", "---\ndomain: SQL\ntags: [t]\n---\n");
    add("a.md", "---\ndomain: SQL\ntags: [t]\n---\n");
    add("b.md", "---\ndomain: Python\ntags: [t]\n---\n");
    add("c.md", "---\ndomain: SQL\n---\n");
    add_fillers(6);
    resolve();
    const auto list = related("n");
    EXPECT_NEAR(entry(list, "a").raw[RelatedSignal::same_domain], rarity(3, 10), 1e-9);
    EXPECT_EQ(entry(list, "b").raw[RelatedSignal::same_domain], 0);
    EXPECT_THAT(entry(list, "a").reasons, ElementsAre("shares #t (rare)", "same domain (SQL)"));
    EXPECT_EQ(list.notes[0].slug, "a");
    // The domain alone finds nothing: all its notes would tie.
    EXPECT_THAT(slugs(list), Not(Contains("c")));
}

TEST_F(Related, SimilarTextFromDistinctiveTerms) {
    // pgbouncer: 3 times in n, on 2 notes; pooling: once, on 2 notes;
    // transaction and mode: on most notes, so not distinctive.
    add("n.md", "pgbouncer pooling pgbouncer transaction mode pgbouncer\n");
    add("close.md", "pgbouncer in transaction mode\n");
    add("far.md", "pooling mentioned once\n");
    for (int i = 0; i < 12; ++i)
        add("f" + std::to_string(i) + ".md", "transaction logs and mode switches\n");
    resolve();
    const auto list = related("n", only(RelatedSignal::similar_text));
    ASSERT_GE(list.notes.size(), 2u);
    EXPECT_EQ(list.notes[0].slug, "close");
    EXPECT_EQ(list.notes[1].slug, "far");
    EXPECT_THAT(list.notes[0].reasons, ElementsAre("similar text: pgbouncer"));
    EXPECT_THAT(list.terms, ElementsAre("pgbouncer", "pooling"));
    const double raw = list.notes[0].raw[RelatedSignal::similar_text];
    EXPECT_GT(raw, 0);
    EXPECT_LE(raw, 1);
}

TEST_F(Related, ATermOnTheCapsNotesIsCommonAndOnOneFewerIsNot) {
    // 15 notes: a term is common from 5 notes on (n / 50, at least 5).
    // zephyr is on 4 notes with n, quokka on 5.
    add("n.md", "zephyr quokka\n");
    for (int i = 0; i < 3; ++i) add("z" + std::to_string(i) + ".md", "zephyr\n");
    for (int i = 0; i < 4; ++i) add("q" + std::to_string(i) + ".md", "quokka\n");
    add_fillers(7);
    resolve();
    const auto list = related("n", only(RelatedSignal::similar_text));
    EXPECT_THAT(list.terms, ElementsAre("zephyr"));
    EXPECT_THAT(slugs(list), UnorderedElementsAre("z0", "z1", "z2"));
}

TEST_F(Related, TheWalkFindsWhatNotesLikeThisLinkTo) {
    // The film shares its front-matter keys with the template, and the
    // template links to the category: three steps, film → key → template →
    // category. Nothing else connects the film and the category. (The
    // template itself is two steps away: the walk lists where it ends.)
    add("film.md", "---\ndirector: Ridley Scott\ncast: Harrison Ford\n---\n");
    add("template.md", "---\ncategories: ['[[Movies]]']\ndirector:\ncast:\n---\n");
    add("Movies.md", "");
    add_fillers(5);
    resolve();
    const auto list = related("film", only(RelatedSignal::graph_walk));
    EXPECT_EQ(slugs(list), (std::vector<std::string>{"Movies"}));
    EXPECT_EQ(list.notes[0].raw[RelatedSignal::graph_walk], 1);  // the likeliest end
    EXPECT_THAT(list.notes[0].reasons, ElementsAre("near in the graph (via template)"));
    // The other signals see nothing between the film and the category.
    EXPECT_THAT(slugs(related("film",
                              []() {
                                  auto o = notes::query::RelatedOptions{};
                                  o.weights[RelatedSignal::graph_walk] = 0;
                                  return o;
                              }())),
                Not(Contains("Movies")));
}

TEST_F(Related, TheWalkGoesThroughLinksAndTags) {
    // n links to a; b also links to a and links to t: n → a → b → t.
    add("n.md", "[[a]]\n");
    add("a.md", "");
    add("b.md", "[[a]] [[t]]\n");
    add("t.md", "");
    // n and c share a rare tag; c links to u: n → #x → c → u.
    add("c.md", "---\ntags: [x]\n---\n[[u]]\n");
    add("u.md", "");
    add("m.md", "---\ntags: [x]\n---\n");
    add_fillers(3);
    resolve();
    const auto o = only(RelatedSignal::graph_walk);
    const auto list = related("n", o);
    EXPECT_THAT(slugs(list), Contains("t"));
    EXPECT_THAT(entry(list, "t").reasons, ElementsAre("near in the graph (via b)"));
    const auto tagged = related("m", o);
    EXPECT_THAT(entry(tagged, "u").reasons, ElementsAre("near in the graph (via c)"));
}

TEST_F(Related, MentionsByTitleBothWays) {
    // n's text names "Daily notes"; w's text names n ("Weekly review").
    add("n.md", "---\ntitle: Weekly review\n---\nStart from the daily notes of the week.\n");
    add("daily.md", "---\ntitle: Daily notes\n---\nOne a day.\n");
    add("w.md", "Every Friday: the weekly review.\n");
    add("x.md", "---\ntitle: Day\n---\nA short title is not looked for.\n");
    add_fillers(4);
    resolve();
    // Naming a note is lazy evidence: it adds to candidates found otherwise.
    auto o = only(RelatedSignal::title_mention);
    o.weights[RelatedSignal::similar_text] = 0.001;
    add("t.md", "daily week\n");
    const auto list = related("n", o);
    EXPECT_THAT(entry(list, "w").reasons, Contains("names this note"));
    const auto ev = notes::query::gather_related_evidence(store, ids.at("n"));
    for (const auto& c : ev.candidates) {
        if (c.id == ids.at("daily")) {
            EXPECT_TRUE(c.mentioned_here);
            EXPECT_EQ(c.raw[RelatedSignal::title_mention], 1);
        }
        if (c.id == ids.at("w")) {
            EXPECT_TRUE(c.mentions_this);
        }
        EXPECT_NE(c.id, ids.at("x")) << "a title under four letters";
    }
}

TEST_F(Related, ADraftIsRankedLikeANote) {
    add("wal.md", "---\ntags: [sqlite]\n---\n# WAL mode\nThe checkpoint moves pages back.\n");
    add("plan.md", "---\ntags: [sqlite]\n---\nEXPLAIN QUERY PLAN output.\n");
    add("other.md", "Gardening.\n");
    add_fillers(4);
    resolve();
    const std::string text = "---\ntags: [sqlite]\n---\nNotes on the checkpoint, see [[plan]].\n";
    auto draft = notes::query::related_draft(notes::parse::parse_note("draft.md", "draft", text),
                                             "draft.md");
    EXPECT_EQ(draft.title, "");  // the file name is no title
    const auto list = notes::query::find_related(store, draft);
    EXPECT_EQ(slugs(list), (std::vector<std::string>{"plan", "wal"}));
    EXPECT_THAT(list.notes[0].reasons, Contains("linked from here"));
    EXPECT_THAT(list.notes[1].reasons, Contains("similar text: checkpoint"));
    EXPECT_THAT(list.notes[1].reasons, Contains("shares #sqlite"));
}

TEST_F(Related, ADraftOfAnIndexedNoteIsNeverListedAndKeepsItsBacklinks) {
    add("n.md", "old text\n");
    add("p.md", "[[n]]\n");
    add("a.md", "");
    add_fillers(3);
    resolve();
    auto draft = notes::query::related_draft(
        notes::parse::parse_note("n.md", "n", "new text with [[a]] and [[n]]\n"), "n.md");
    draft.note_id = ids.at("n");
    const auto list = notes::query::find_related(store, draft);
    EXPECT_THAT(slugs(list), IsSupersetOf({"a", "p"}));
    EXPECT_THAT(slugs(list), Not(Contains("n")));
    EXPECT_THAT(entry(list, "p").reasons, Contains("links here"));
}

TEST_F(Related, TheNoteItselfNeverAppears) {
    add("n.md", "---\nrelated: ['[[n]]']\ntags: [x]\n---\n# N\nwidget [[n]] [[#N]] [[a]]\n");
    add("a.md", "---\ntags: [x]\n---\nwidget [[n]]\n");
    add("p.md", "[[n]] [[a]]\n");
    add_fillers(5);
    resolve();
    const auto list = related("n");
    EXPECT_EQ(slugs(list), (std::vector<std::string>{"a", "p"}));
    const auto ev = notes::query::gather_related_evidence(store, ids.at("n"));
    for (const auto& c : ev.candidates) EXPECT_NE(c.id, ids.at("n"));
}

TEST_F(Related, NothingInCommonGivesAnEmptyList) {
    add("n.md", "---\ndomain: SQL\n---\nzyxwvut\n");
    add("a.md", "---\ndomain: SQL\n---\nsomething else\n");
    resolve();
    EXPECT_TRUE(related("n").notes.empty());
}

TEST_F(Related, LimitAndWeights) {
    add("n.md", "---\ntags: [x]\n---\n[[a]] [[b]] [[c]]\n");
    add("a.md", "");
    add("b.md", "");
    add("c.md", "---\ntags: [x]\n---\n");
    add_fillers(4);
    resolve();
    notes::query::RelatedOptions o;
    o.limit = 2;
    const auto list = related("n", o);
    EXPECT_EQ(slugs(list), (std::vector<std::string>{"c", "a"}));
    const auto& c = list.notes[0];
    double sum = 0;
    for (const RelatedSignal s : notes::all_related_signals()) sum += c.contribution[s];
    EXPECT_NEAR(c.score, sum, 1e-9);
    EXPECT_GT(c.contribution[RelatedSignal::shared_tags], 0);
    EXPECT_EQ(c.contribution[RelatedSignal::direct_link],
              notes::default_related_weights()[RelatedSignal::direct_link]);
    o.weights = {};
    EXPECT_TRUE(related("n", o).notes.empty());
    o.weights[RelatedSignal::shared_tags] = -1;
    EXPECT_THROW(related("n", o), std::invalid_argument);
}

TEST_F(Related, EvidenceAgreesWithTheRanking) {
    add("n.md", "---\ntags: [x, y]\ndomain: D\nrelated: ['[[a]]']\n---\nalpha beta [[b]]\n");
    add("a.md", "---\ntags: [x]\ndomain: D\n---\nalpha\n");
    add("b.md", "---\ntags: [y]\n---\n[[n]] beta\n");
    add("c.md", "[[n]] [[a]]\n");
    add_fillers(6);
    resolve();
    const auto list = related("n");
    const auto ev = notes::query::gather_related_evidence(store, ids.at("n"));
    for (const auto& r : list.notes) {
        const auto it =
            std::find_if(ev.candidates.begin(), ev.candidates.end(),
                         [&](const notes::query::RelatedCandidate& c) { return c.id == r.id; });
        ASSERT_NE(it, ev.candidates.end()) << r.slug;
        EXPECT_NEAR(notes::query::related_score(it->raw, notes::default_related_weights()), r.score,
                    1e-6)
            << r.slug;
    }
    EXPECT_EQ(ev.domain, "D");
    EXPECT_EQ(ev.domain_notes, 1);
    EXPECT_EQ(ev.vault_notes, 10);
}

TEST_F(Related, TheListIsTheTopOfEveryCandidateWhateverTheLimit) {
    // Ranking keeps the notes found by a shared tag alone aside unless one
    // could reach the list: at every limit, the list must be the top of all
    // the evidence (every candidate scored, equal scores by path).
    add("n.md", "---\ntags: [x, y, z]\n---\nalpha [[a]] [[b]] [[c]] [[hub]]\n");
    add("a.md", "alpha\n");
    add("b.md", "");
    add("c.md", "---\ntags: [x]\n---\n");
    add("hub.md", "");
    // Weak candidates: they share a popular target with n.
    for (int i = 0; i < 20; ++i) add("d" + std::to_string(i) + ".md", "[[hub]]\n");
    // Found by the tags alone: s shares all three, the t notes one.
    add("s.md", "---\ntags: [x, y, z]\n---\n");
    for (int i = 0; i < 6; ++i) add("t" + std::to_string(i) + ".md", "---\ntags: [x]\n---\n");
    add_fillers(40);
    resolve();
    std::unordered_map<std::int64_t, std::string> slug_of;
    for (const auto& [slug, id] : ids) slug_of[id] = slug;
    const auto ev = notes::query::gather_related_evidence(store, ids.at("n"));
    std::vector<std::pair<double, std::string>> all;
    for (const auto& c : ev.candidates) {
        const double score =
            std::round(notes::query::related_score(c.raw, notes::default_related_weights()) * 1e9) / 1e9;
        if (score > 0) all.emplace_back(-score, slug_of.at(c.id));
    }
    std::sort(all.begin(), all.end());
    // Each way is taken: up to 4 the tags' notes stay aside (the 4th scores
    // more than any of them could, a mention added); from 5 they must be
    // scored, s above the twenty weak candidates.
    ASSERT_EQ(all.size(), 31u);
    EXPECT_THAT(std::vector<std::string>({all[0].second, all[1].second, all[2].second, all[3].second}),
                UnorderedElementsAre("a", "b", "c", "hub"));
    EXPECT_EQ(all[4].second, "s");
    EXPECT_EQ(all[5].second, "t0");
    EXPECT_EQ(all[11].second, "d0");
    for (std::size_t limit = 1; limit <= all.size() + 1; ++limit) {
        notes::query::RelatedOptions o;
        o.limit = limit;
        std::vector<std::string> expected;
        for (std::size_t i = 0; i < std::min(limit, all.size()); ++i) expected.push_back(all[i].second);
        EXPECT_EQ(slugs(related("n", o)), expected) << "limit " << limit;
    }
}

TEST_F(Related, WhatOverAThousandNotesShareIsTooCommonToCount) {
    // Over 1,000 notes carry #common, link to the hub and to n: the tag and
    // the hub count for nothing, and co-citation of n is sampled. The domain
    // (on a third of them) is added lazily; the scores of what is listed
    // must still equal the complete computation.
    add("n.md", "---\ntags: [common, rare]\ndomain: D\n---\n[[hub]] [[a]]\n");
    add("a.md", "---\ntags: [rare, common]\ndomain: D\n---\n[[hub]]\n");
    add("hub.md", "");
    for (int i = 0; i < 1100; ++i) {
        add("z" + std::to_string(i) + ".md", std::string("---\ntags: [common]\n") +
                                                 (i % 3 == 0 ? "domain: D\n" : "") +
                                                 "---\n[[hub]] [[n]]\n");
    }
    resolve();
    notes::query::RelatedOptions o;
    o.limit = 5;
    const auto list = related("n", o);
    ASSERT_EQ(list.notes.size(), 5u);
    EXPECT_THAT(slugs(list), IsSupersetOf({"a", "hub"}));
    const auto ev = notes::query::gather_related_evidence(store, ids.at("n"));
    std::unordered_map<std::int64_t, double> complete;
    std::multiset<double, std::greater<>> all;
    for (const auto& c : ev.candidates) {
        complete[c.id] = notes::query::related_score(c.raw, o.weights);
        all.insert(complete[c.id]);
        EXPECT_EQ(c.raw[RelatedSignal::shared_targets], 0) << "the hub is too common";
    }
    ASSERT_GE(all.size(), 5u);
    const double fifth = *std::next(all.begin(), 4);
    for (const auto& r : list.notes) {
        EXPECT_NEAR(r.score, complete.at(r.id), 1e-6) << r.slug;
        EXPECT_GE(r.score, fifth - 1e-6) << r.slug;
    }
    // a shares #rare only; then z notes of the domain: they link here and
    // share the domain; the walk comes back to them through n.
    EXPECT_THAT(entry(list, "a").reasons, Contains("shares #rare (rare)"));
    EXPECT_THAT(list.notes[2].slug, StartsWith("z"));
    EXPECT_THAT(list.notes[2].reasons,
                UnorderedElementsAre("links here", "same domain (D)", "near in the graph"));
}

TEST_F(Related, TheDomainCountsOtherNotesUpToTheCap) {
    // The notes sharing the subject's domain are counted without the
    // subject, up to k_common_cap + 1: on 1,000 notes with the subject the
    // domain still counts; past that it is too common, and counting stops.
    add("n.md", "---\ndomain: D\n---\nthe subject\n");
    add("m.md", "---\ndomain: D\n---\n[[n]]\n");
    for (int i = 1; i < 999; ++i) add("d" + std::to_string(i) + ".md", "---\ndomain: D\n---\n");
    add_fillers(1000);  // so that the domain is not on every note (rarity 0)
    resolve();
    const auto same_domain = [&](const notes::query::RelatedEvidence& ev) {
        const auto m = std::find_if(
            ev.candidates.begin(), ev.candidates.end(),
            [&](const notes::query::RelatedCandidate& c) { return c.id == ids.at("m"); });
        return m == ev.candidates.end() ? -1.0 : m->raw[RelatedSignal::same_domain];
    };
    auto ev = notes::query::gather_related_evidence(store, ids.at("n"));
    EXPECT_EQ(ev.domain_notes, 999);
    EXPECT_GT(same_domain(ev), 0);

    for (int i = 999; i < 1002; ++i) add("d" + std::to_string(i) + ".md", "---\ndomain: D\n---\n");
    resolve();
    ev = notes::query::gather_related_evidence(store, ids.at("n"));
    EXPECT_EQ(ev.domain_notes, 1001) << "1,002 others, counted up to the cap + 1";
    EXPECT_EQ(same_domain(ev), 0) << "too common to count";
}

class RelatedConfig : public ::testing::Test {
  protected:
    notes::Config load(const std::string& yaml) {
        const auto file =
            std::filesystem::temp_directory_path() /
            ("notes-related-config-" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".yaml");
        std::ofstream(file) << yaml;
        auto config = notes::load_config(file, ".notes/config.yaml");
        std::filesystem::remove(file);
        return config;
    }
};

TEST_F(RelatedConfig, WeightsOverrideTheDefaults) {
    const auto config = load("related:\n  text: 0\n  tags: 2.5\n");
    EXPECT_TRUE(config.warnings.empty());
    EXPECT_EQ(config.related_weights[RelatedSignal::similar_text], 0);
    EXPECT_EQ(config.related_weights[RelatedSignal::shared_tags], 2.5);
    EXPECT_EQ(config.related_weights[RelatedSignal::co_citation],
              notes::default_related_weights()[RelatedSignal::co_citation]);
}

TEST_F(RelatedConfig, UnknownNamesAndBadValuesAreWarnings) {
    const auto config = load("ignore: [x/]\nrelated:\n  tag: 1\n  links: -1\n  text: lots\n");
    ASSERT_EQ(config.warnings.size(), 3u);
    EXPECT_EQ(config.warnings[0].line, 3);
    EXPECT_THAT(config.warnings[0].message, HasSubstr("unknown related weight 'tag'"));
    EXPECT_THAT(config.warnings[0].message, HasSubstr("known: explicit, links, tags"));
    EXPECT_THAT(config.warnings[1].message, HasSubstr("'links' must be a number >= 0"));
    EXPECT_THAT(config.warnings[2].message, HasSubstr("'text' must be a number >= 0"));
    EXPECT_EQ(config.related_weights[RelatedSignal::direct_link],
              notes::default_related_weights()[RelatedSignal::direct_link]);
    EXPECT_EQ(config.ignore, (std::vector<std::string>{"x/"}));
}

TEST_F(RelatedConfig, RelatedMustBeAMap) {
    const auto config = load("related: 3\n");
    ASSERT_EQ(config.warnings.size(), 1u);
    EXPECT_THAT(config.warnings[0].message,
                HasSubstr("'related' must map signal names to weights"));
}

}  // namespace
