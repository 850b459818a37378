// Related notes: a weighted sum of seven kinds of evidence.
//
// For the note N and another note C, score(C) = Σ weight(s) × strength(s, C)
// over the signals s below. The raw values are built so that 1 means one
// solid piece of evidence, which keeps the weights comparable; docs/related.md
// gives the weights, why each is what it is, and how well the whole does.
//
//   explicit    a front-matter link (`related:`, `up:`, any key), counted per
//               direction: 1 when N lists C or C lists N, 2 when both do. The
//               user said so, and "related" is symmetric.
//   links       the same for links in the body (wiki, embed, Markdown).
//   tags        Σ rarity(t) over the tags both carry, rarity(t) = ln(N/n_t) /
//               ln(N) for a tag on n_t of the vault's N notes: a tag on every
//               note is worth 0, a tag on two notes nearly 1 (IDF, normalised
//               so that it does not grow with the vault).
//   cocitation  Σ 1/log2(out-degree(X)) over the notes X linking to both N and
//               C (Adamic–Adar). A reading list linking to 300 notes says
//               little about any pair of them; a note linking to just the two
//               says a lot (1/log2(2) = 1).
//   targets     Σ 1/log2(in-degree(T)) over the notes T both link to: the same
//               damping from the other side, so that two notes linking to a
//               hub with 3,000 backlinks have little in common through it.
//   domain      rarity(domain) when both have the same front-matter domain.
//   text        the share of N's distinctive-term weight that C contains (see
//               below): 1 when C holds every one of N's distinctive terms.
//
// The strength of explicit, links, domain and text is their raw value. Tags,
// co-citation and shared targets add up pieces of evidence without limit (a
// hub co-cited with N by 1,000 notes), so their strength is 1 − e^−raw: the
// first pieces count most and the weight is the most the signal can give.
//
// Nothing scans the vault. Candidates come from the note outwards, each
// through an index: its links both ways (links_note, links_target), the notes
// citing it and their other targets, its targets and their other sources,
// the notes carrying its tags (tags_key), and the doclists of its distinctive
// terms. Three kinds of evidence do not look for candidates, because their
// notes are too many and each is worth little: tags on more than
// k_tag_enumeration_cap notes, targets with more than k_max_target_sources
// links (hubs), and the domain. They only add to notes found otherwise, and
// find_related() adds them lazily: candidates are taken in order of their
// score without them, and it stops once even the largest possible addition
// cannot lift the next candidate into the top N. So the top N is exact among
// the candidates; a note that shares nothing but common tags, a hub or the
// domain is not one. A note cited by more than k_max_citing_notes notes has
// its co-citation estimated from a fixed sample of them (by a hash of their
// ids, so every run agrees), scaled up.
//
// The text signal needs N's distinctive terms. We tokenize N's title and body
// (as FTS5 stored them) roughly as FTS5 does, count term frequencies (title
// words thrice), take the most frequent k_text_probe_terms and look up their
// document frequency with a bounded count (`LIMIT cap` over the doclist:
// exact for rare terms, "common" for the rest, so never a full doclist of a
// common word). Terms on 2 to cap notes are kept, best tf·idf first; each one
// weighs tf·idf, and C's value is the summed weight of the terms it holds
// over the total. This overlap, unlike a bm25 query, needs only the rowids of
// a few short doclists: cheap whatever the size of the vault, and it tells
// which terms each note shares, for the reasons.

#include "notes/query/related.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "notes/core/text.hpp"
#include "notes/store/index_store.hpp"

namespace notes::query {

using store::QueryResult;
namespace {

const std::array<RelatedSignal, k_related_signals>& k_signals = all_related_signals();

/// Tags on more notes than this only add to candidates found otherwise.
constexpr std::int64_t k_tag_enumeration_cap = 1000;
/// How many notes the text signal finds at most (the best overlaps).
constexpr std::size_t k_text_results = 50;
/// Terms whose document frequency is looked up, and terms kept.
constexpr std::size_t k_text_probe_terms = 20;
constexpr std::size_t k_text_query_terms = 12;
/// A term on 1/k_common_term_share of the vault or more is common; the
/// doclists read are also capped (the cost of a probe grows with it).
constexpr std::int64_t k_common_term_share = 50;
constexpr std::int64_t k_text_doclist_cap = 2000;
/// A title word counts like this many body words when choosing terms.
constexpr int k_title_term_frequency = 3;
/// A note cited by more notes estimates co-citation from this many of them.
constexpr std::size_t k_max_citing_notes = 500;
/// A target with more links than this is a hub: its sources are not listed.
constexpr std::int64_t k_max_target_sources = 1000;
/// A tag this rare or rarer is called "(rare)" in the reasons.
constexpr double k_rare_tag = 0.5;
/// Reasons name at most this many terms.
constexpr std::size_t k_reason_terms = 3;

constexpr std::string_view k_stop_words[] = {
    "about",     "above",  "after",   "again", "against", "all",      "also",      "and",
    "any",       "are",    "because", "been",  "before",  "being",    "below",     "between",
    "both",      "but",    "can",     "could", "did",     "does",     "doing",     "don",
    "down",      "during", "each",    "few",   "for",     "from",     "further",   "had",
    "has",       "have",   "having",  "her",   "here",    "hers",     "herself",   "him",
    "himself",   "his",    "how",     "http",  "https",   "into",     "its",       "itself",
    "just",      "more",   "most",    "much",  "must",    "myself",   "nor",       "not",
    "now",       "off",    "once",    "one",   "only",    "other",    "our",       "ours",
    "ourselves", "out",    "over",    "own",   "same",    "she",      "should",    "some",
    "such",      "than",   "that",    "the",   "their",   "theirs",   "them",      "themselves",
    "then",      "there",  "these",   "they",  "this",    "those",    "through",   "too",
    "under",     "until",  "very",    "was",   "way",     "were",     "what",      "when",
    "where",     "which",  "while",   "who",   "whom",    "why",      "will",      "with",
    "would",     "www",    "you",     "your",  "yours",   "yourself", "yourselves"};

std::int64_t int_of(const std::optional<std::string>& s) {
    return s ? std::stoll(*s) : 0;
}

std::string json_array(const std::vector<std::int64_t>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + "]";
}

std::string json_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        out += '"';
        for (const char c : items[i]) {
            if (c == '"' || c == '\\') out += '\\';
            if (static_cast<unsigned char>(c) < 0x20) continue;  // keys never hold controls
            out += c;
        }
        out += '"';
    }
    return out + "]";
}

bool is_front_matter_kind(std::string_view kind) {
    return kind != "wiki" && kind != "embed" && kind != "markdown" && kind != "external";
}

double rarity(std::int64_t notes, std::int64_t vault) {
    if (vault < 2 || notes <= 0) return 0;
    const double r = std::log(static_cast<double>(vault) / static_cast<double>(notes)) /
                     std::log(static_cast<double>(vault));
    return std::clamp(r, 0.0, 1.0);
}

/// Adamic–Adar damping of a shared neighbour with `degree` links, scaled so
/// that the smallest possible degree (2: the two notes) gives 1.
double damping(std::size_t degree) {
    return degree <= 2 ? 1.0 : 1.0 / std::log2(static_cast<double>(degree));
}

/// Quoted as one FTS5 string, so that no word is read as syntax.
std::string fts_term(std::string_view word) {
    std::string out = "\"";
    for (const char c : word) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

/// splitmix64's finaliser: a fixed, well-spread order for sampling ids.
std::uint64_t mix(std::int64_t id) {
    auto z = static_cast<std::uint64_t>(id) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// Scores rounded so that sums of the same evidence in another order tie.
double rounded(double score) {
    return std::round(score * 1e9) / 1e9;
}

class Gatherer {
  public:
    /// `weights` null: every signal, exactly, for every candidate (the
    /// common tags' notes enumerated too). Else signals weighted 0 are skipped.
    Gatherer(IndexStore& store, std::int64_t note_id, const SignalValues* weights)
        : m_store(store), m_complete(weights == nullptr), m_weights(weights) {
        m_ev.note_id = note_id;
    }

    RelatedEvidence& evidence() { return m_ev; }

    void gather() {
        gather_note();
        gather_links();
        if (wanted(RelatedSignal::shared_tags)) gather_tags();
        if (wanted(RelatedSignal::co_citation)) gather_co_citation();
        if (wanted(RelatedSignal::shared_targets)) gather_shared_targets();
        if (wanted(RelatedSignal::similar_text) || wanted(RelatedSignal::text_bm25)) gather_text();
        if (wanted(RelatedSignal::walk2) || wanted(RelatedSignal::walk3)) gather_walk();
        if (wanted(RelatedSignal::text_bm25)) gather_bm25();
        if (wanted(RelatedSignal::mention)) gather_mentions();
        if (wanted(RelatedSignal::broken_targets)) gather_broken();
        if (wanted(RelatedSignal::same_folder)) gather_folders();
    }

    /// The most that the lazily computed evidence (common tags, hub targets,
    /// the domain) can add to any candidate's score with `weights`.
    double lazy_bound(const SignalValues& weights) const {
        // A saturating signal's strength 1 − e^−x grows by at most 1 − e^−d
        // when d is added to x, whatever x.
        double tags = 0, targets = 0;
        for (std::size_t t = 0; t < m_ev.tags.size(); ++t) {
            if (!m_enumerated[t]) tags += m_ev.tags[t].rarity;
        }
        for (const auto& [target, weight] : m_hub_targets) targets += weight;
        double bound = weights[RelatedSignal::shared_tags] *
                           related_strength(RelatedSignal::shared_tags, tags) +
                       weights[RelatedSignal::shared_targets] *
                           related_strength(RelatedSignal::shared_targets, targets);
        if (!m_ev.domain.empty()) bound += weights[RelatedSignal::same_domain] * m_domain_rarity;
        return bound;
    }

    /// Adds the common tags, the domain and the hub targets to the
    /// candidates at `which`.
    void add_lazy_signals(const std::vector<std::size_t>& which) {
        if (which.empty()) return;
        std::vector<std::int64_t> ids;
        ids.reserve(which.size());
        std::unordered_map<std::int64_t, std::size_t> position;
        for (const std::size_t i : which) {
            ids.push_back(m_ev.candidates[i].id);
            position.emplace(m_ev.candidates[i].id, i);
        }
        const std::string id_list = json_array(ids);
        if (!m_ev.domain.empty() && wanted(RelatedSignal::same_domain)) {
            const auto rows = m_store.query(
                "SELECT id, domain FROM notes WHERE id IN (SELECT value FROM json_each(?))",
                {id_list});
            for (const auto& row : rows.rows) {
                if (!row[1] || !text::iequals_ascii(*row[1], m_ev.domain)) continue;
                RelatedCandidate& c = m_ev.candidates[position.at(int_of(row[0]))];
                c.same_domain = true;
                c.raw[RelatedSignal::same_domain] = m_domain_rarity;
            }
        }
        if (!m_hub_targets.empty() && wanted(RelatedSignal::shared_targets)) {
            std::vector<std::int64_t> hubs;
            for (const auto& [target, weight] : m_hub_targets) hubs.push_back(target);
            const auto rows = m_store.query(
                "SELECT DISTINCT note_id, target_id FROM links WHERE note_id IN (SELECT value FROM "
                "json_each(?1)) "
                "AND target_id IN (SELECT value FROM json_each(?2))",
                {id_list, json_array(hubs)});
            for (const auto& row : rows.rows) {
                RelatedCandidate& c = m_ev.candidates[position.at(int_of(row[0]))];
                c.raw[RelatedSignal::shared_targets] += m_hub_targets.at(int_of(row[1]));
                ++c.shared_target_notes;
            }
        }
        std::vector<std::string> keys;
        std::unordered_map<std::string, std::size_t> tag_of;
        for (std::size_t t = 0; t < m_ev.tags.size(); ++t) {
            if (m_enumerated[t]) continue;
            keys.push_back(m_ev.tags[t].key);
            tag_of.emplace(m_ev.tags[t].key, t);
        }
        if (keys.empty() || !wanted(RelatedSignal::shared_tags)) return;
        const auto rows = m_store.query(
            "SELECT note_id, tag_key FROM tags WHERE note_id IN (SELECT value FROM json_each(?1)) "
            "AND tag_key IN (SELECT value FROM json_each(?2))",
            {id_list, json_array(keys)});
        for (const auto& row : rows.rows) {
            const std::size_t t = tag_of.at(row[1].value_or(""));
            RelatedCandidate& c = m_ev.candidates[position.at(int_of(row[0]))];
            c.shared_tags.push_back(t);
            c.raw[RelatedSignal::shared_tags] += m_ev.tags[t].rarity;
        }
    }

  private:
    bool wanted(RelatedSignal s) const { return m_weights == nullptr || (*m_weights)[s] > 0; }

    RelatedCandidate& candidate(std::int64_t id) {
        const auto [it, added] = m_index.try_emplace(id, m_ev.candidates.size());
        if (added) m_ev.candidates.emplace_back().id = id;
        return m_ev.candidates[it->second];
    }

    void gather_note() {
        const auto rows = m_store.query(
            "SELECT coalesce(domain, ''), (SELECT count(*) FROM notes) FROM notes WHERE id = ?",
            {m_ev.note_id});
        if (rows.rows.empty())
            throw std::invalid_argument("no note with id " + std::to_string(m_ev.note_id));
        m_ev.domain = rows.rows[0][0].value_or("");
        m_ev.vault_notes = int_of(rows.rows[0][1]);
        if (!m_ev.domain.empty()) {
            // fields_key_value covers this count (notes.domain has no index,
            // and a note_id condition would need the table).
            const auto count = m_store.query(
                "SELECT (SELECT count(*) FROM fields WHERE key = 'domain' AND value = ?1) - "
                "(SELECT count(*) FROM fields WHERE note_id = ?2 AND key = 'domain' AND value = "
                "?1)",
                {m_ev.domain, m_ev.note_id});
            m_ev.domain_notes = int_of(count.rows[0][0]);
            m_domain_rarity = rarity(m_ev.domain_notes + 1, m_ev.vault_notes);
        }
        const auto tags = m_store.query(
            "SELECT t.tag, t.tag_key, (SELECT count(*) FROM tags u WHERE u.tag_key = t.tag_key) "
            "FROM tags t WHERE t.note_id = ? ORDER BY t.tag_key",
            {m_ev.note_id});
        for (const auto& row : tags.rows) {
            RelatedTag tag;
            tag.name = row[0].value_or("");
            tag.key = row[1].value_or("");
            tag.notes = int_of(row[2]);
            tag.rarity = rarity(tag.notes, m_ev.vault_notes);
            m_enumerated.push_back(m_complete || tag.notes <= k_tag_enumeration_cap);
            m_ev.tags.push_back(std::move(tag));
        }
    }

    void gather_links() {
        const std::int64_t id = m_ev.note_id;
        const auto out = m_store.query(
            "SELECT target_id, kind FROM links WHERE note_id = ?1 AND target_id IS NOT NULL "
            "AND target_id <> ?1",
            {id});
        for (const auto& row : out.rows) {
            m_targets.push_back(int_of(row[0]));
            add_link(candidate(m_targets.back()), row[1].value_or(""), true);
        }
        // No DISTINCT: a repeated (note, kind) changes nothing below, and the
        // temporary b-tree would cost more than the repeats (a hub has
        // thousands of backlinks).
        const auto in = m_store.query(
            "SELECT note_id, kind FROM links WHERE target_id = ?1 AND note_id <> ?1", {id});
        for (const auto& row : in.rows) {
            m_citing.push_back(int_of(row[0]));
            add_link(candidate(m_citing.back()), row[1].value_or(""), false);
        }
        for (auto* ids : {&m_targets, &m_citing}) {
            std::sort(ids->begin(), ids->end());
            ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
        }
    }

    static void add_link(RelatedCandidate& c, const std::string& kind, bool out) {
        if (is_front_matter_kind(kind)) {
            auto& keys = out ? c.keys_out : c.keys_in;
            if (std::find(keys.begin(), keys.end(), kind) == keys.end()) keys.push_back(kind);
            c.raw[RelatedSignal::explicit_relation] =
                (c.keys_out.empty() ? 0 : 1) + (c.keys_in.empty() ? 0 : 1);
        } else {
            (out ? c.links_out : c.links_in) = true;
            c.raw[RelatedSignal::direct_link] = (c.links_out ? 1 : 0) + (c.links_in ? 1 : 0);
        }
    }

    void gather_tags() {
        std::vector<std::string> keys;
        std::unordered_map<std::string, std::size_t> tag_of;
        for (std::size_t t = 0; t < m_ev.tags.size(); ++t) {
            if (!m_enumerated[t]) continue;
            keys.push_back(m_ev.tags[t].key);
            tag_of.emplace(m_ev.tags[t].key, t);
        }
        if (keys.empty()) return;
        const auto rows = m_store.query(
            "SELECT note_id, tag_key FROM tags WHERE tag_key IN (SELECT value FROM json_each(?1)) "
            "AND note_id <> ?2",
            {json_array(keys), m_ev.note_id});
        for (const auto& row : rows.rows) {
            const std::size_t t = tag_of.at(row[1].value_or(""));
            RelatedCandidate& c = candidate(int_of(row[0]));
            c.shared_tags.push_back(t);
            c.raw[RelatedSignal::shared_tags] += m_ev.tags[t].rarity;
        }
    }

    /// Rows (group, member) sorted by group: each group's members are the
    /// neighbours of one shared note, and the number of distinct ones is its
    /// degree. fn(members) gets each group's members once, in the order of
    /// their first row. (Repeats are dropped here rather than by SELECT
    /// DISTINCT, whose temporary b-tree costs more than the rows.)
    template <typename Fn>
    static void for_each_group(const QueryResult& rows, Fn fn) {
        std::vector<std::int64_t> members;
        std::unordered_set<std::int64_t> seen;
        std::size_t start = 0;
        while (start < rows.rows.size()) {
            members.clear();
            seen.clear();
            std::size_t end = start;
            for (; end < rows.rows.size() && rows.rows[end][0] == rows.rows[start][0]; ++end) {
                const std::int64_t member = int_of(rows.rows[end][1]);
                if (seen.insert(member).second) members.push_back(member);
            }
            fn(members);
            start = end;
        }
    }

    void gather_co_citation() {
        // The notes citing N, and every note each of them links to. A note
        // cited by very many notes uses a fixed sample of them, scaled up.
        std::vector<std::int64_t> citing = m_citing;
        if (!m_complete && citing.size() > k_max_citing_notes) {
            std::sort(citing.begin(), citing.end(), [](std::int64_t a, std::int64_t b) {
                return std::make_pair(mix(a), a) < std::make_pair(mix(b), b);
            });
            citing.resize(k_max_citing_notes);
            m_ev.co_citation_scale =
                static_cast<double>(m_citing.size()) / static_cast<double>(citing.size());
        }
        if (citing.empty()) return;
        const auto rows = m_store.query(
            "SELECT l.note_id, l.target_id FROM links l "
            "WHERE l.note_id IN (SELECT value FROM json_each(?1)) "
            "AND l.target_id IS NOT NULL AND l.target_id <> l.note_id ORDER BY l.note_id",
            {json_array(citing)});
        for_each_group(rows, [&](const std::vector<std::int64_t>& targets) {
            const double weight = damping(targets.size()) * m_ev.co_citation_scale;
            for (const std::int64_t target : targets) {
                if (target == m_ev.note_id) continue;
                RelatedCandidate& c = candidate(target);
                c.raw[RelatedSignal::co_citation] += weight;
                ++c.co_citing_notes;
            }
        });
    }

    void gather_shared_targets() {
        // The notes N links to, and every note linking to each of them.
        // Targets with very many backlinks (hubs) are left to the lazy pass:
        // they would add thousands of candidates, each worth little.
        if (m_targets.empty()) return;
        std::vector<std::int64_t> enumerated;
        if (m_complete) {
            enumerated = m_targets;
        } else {
            const auto counts = m_store.query(
                "SELECT target_id, count(*) FROM links WHERE target_id IN (SELECT value FROM "
                "json_each(?)) "
                "GROUP BY target_id",
                {json_array(m_targets)});
            for (const auto& row : counts.rows) {
                const std::int64_t target = int_of(row[0]), links = int_of(row[1]);
                if (links > k_max_target_sources) {
                    m_hub_targets.emplace(target, damping(static_cast<std::size_t>(links)));
                } else {
                    enumerated.push_back(target);
                }
            }
        }
        if (enumerated.empty()) return;
        const auto rows = m_store.query(
            "SELECT l.target_id, l.note_id FROM links l "
            "WHERE l.target_id IN (SELECT value FROM json_each(?1)) "
            "AND l.note_id <> l.target_id ORDER BY l.target_id",
            {json_array(enumerated)});
        for_each_group(rows, [&](const std::vector<std::int64_t>& sources) {
            const double weight = damping(sources.size());
            for (const std::int64_t source : sources) {
                if (source == m_ev.note_id) continue;
                RelatedCandidate& c = candidate(source);
                c.raw[RelatedSignal::shared_targets] += weight;
                ++c.shared_target_notes;
            }
        });
    }

    void gather_text() {
        const auto own =
            m_store.query("SELECT title, body FROM notes_fts WHERE rowid = ?", {m_ev.note_id});
        if (own.rows.empty()) return;
        std::unordered_map<std::string, int> frequency;
        for (const auto& w : related_text_words(own.rows[0][0].value_or(""))) {
            frequency[w] += k_title_term_frequency;
        }
        for (const auto& w : related_text_words(own.rows[0][1].value_or(""))) ++frequency[w];
        if (frequency.empty()) return;

        std::vector<std::pair<std::string, int>> probes(frequency.begin(), frequency.end());
        std::sort(probes.begin(), probes.end(), [](const auto& a, const auto& b) {
            if (a.second != b.second) return a.second > b.second;
            if (a.first.size() != b.first.size()) return a.first.size() > b.first.size();
            return a.first < b.first;
        });
        const auto probe_terms = static_cast<std::size_t>(env("TEXT_PROBES", k_text_probe_terms));
        if (probes.size() > probe_terms) probes.resize(probe_terms);

        // Each probe counts at most `cap` notes of the term's doclist: a term
        // on that many notes is common (not distinctive); for the others the
        // count is their document frequency.
        const std::int64_t n = std::max<std::int64_t>(m_ev.vault_notes, 1);
        const std::int64_t cap =
            std::clamp<std::int64_t>(n / k_common_term_share, 5, k_text_doclist_cap);
        struct Term {
            std::string word;
            double weight;
            std::vector<std::int64_t> notes;
        };
        std::vector<Term> terms;
        for (const auto& [word, tf] : probes) {
            const std::int64_t df = int_of(m_store
                                               .query("SELECT count(*) FROM (SELECT 1 FROM "
                                                      "notes_fts WHERE notes_fts MATCH ? LIMIT ?)",
                                                      {fts_term(word), cap})
                                               .rows[0][0]);
            if (df < 2 || df >= cap) continue;
            terms.push_back(
                {word, tf * std::log(static_cast<double>(n) / static_cast<double>(df)), {}});
        }
        std::stable_sort(terms.begin(), terms.end(),
                         [](const Term& a, const Term& b) { return a.weight > b.weight; });
        const auto query_terms = static_cast<std::size_t>(env("TEXT_TERMS", k_text_query_terms));
        if (terms.size() > query_terms) terms.resize(query_terms);
        for (Term& t : terms) {
            for (const auto& row : m_store
                                       .query("SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?",
                                              {fts_term(t.word)})
                                       .rows) {
                t.notes.push_back(int_of(row[0]));
            }
            std::sort(t.notes.begin(), t.notes.end());
        }

        // The share of N's term weight that each other note holds.
        double total = 0;
        for (const Term& t : terms) total += t.weight;
        if (!(total > 0)) return;
        std::unordered_map<std::int64_t, double> overlap;
        for (const Term& t : terms) {
            for (const std::int64_t id : t.notes) {
                if (id != m_ev.note_id) overlap[id] += t.weight / total;
            }
        }
        std::vector<std::pair<std::int64_t, double>> best(overlap.begin(), overlap.end());
        std::sort(best.begin(), best.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        if (best.size() > k_text_results) best.resize(k_text_results);
        for (const Term& t : terms) m_ev.terms.push_back(t.word);
        for (const Term& t : terms) m_term_list.emplace_back(t.word, t.weight);
        for (const auto& [id, share] : best) {
            RelatedCandidate& c = candidate(id);
            c.raw[RelatedSignal::similar_text] = std::min(share, 1.0);
            for (std::size_t i = 0; i < terms.size(); ++i) {
                if (std::binary_search(terms[i].notes.begin(), terms[i].notes.end(), id))
                    c.shared_terms.push_back(i);
            }
        }
    }

    // ---- experimental signals ----

    /// Distinct neighbours (links either way) of each of `ids`.
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> neighbours(
        const std::vector<std::int64_t>& ids) {
        std::unordered_map<std::int64_t, std::vector<std::int64_t>> adj;
        if (ids.empty()) return adj;
        const auto rows = m_store.query(
            "SELECT note_id, target_id FROM links WHERE note_id IN (SELECT value FROM "
            "json_each(?1)) "
            "AND target_id IS NOT NULL AND target_id <> note_id "
            "UNION SELECT target_id, note_id FROM links WHERE target_id IN (SELECT value FROM "
            "json_each(?1)) AND note_id <> target_id",
            {json_array(ids)});
        for (const auto& row : rows.rows) adj[int_of(row[0])].push_back(int_of(row[1]));
        return adj;
    }

    static double env(const char* name, double fallback) {
        const char* e = std::getenv(name);
        return e ? std::stod(e) : fallback;
    }

    /// The members of each group node: `sql` returns (group, member) rows
    /// for the groups in json ?1.
    using Groups = std::unordered_map<std::string, std::vector<std::int64_t>>;
    Groups members(const std::string& sql, const std::vector<std::string>& keys) {
        Groups out;
        if (keys.empty()) return out;
        for (const auto& row : m_store.query(sql, {json_array(keys)}).rows) {
            auto& v = out[row[0].value_or("")];
            const std::int64_t id = int_of(row[1]);
            if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
        }
        return out;
    }

    void gather_walk() {
        std::vector<std::int64_t> n1 = m_targets;
        n1.insert(n1.end(), m_citing.begin(), m_citing.end());
        std::sort(n1.begin(), n1.end());
        n1.erase(std::unique(n1.begin(), n1.end()), n1.end());
        const std::size_t cap = walk_cap();
        // Group nodes N belongs to: its tags, its front-matter keys, its missing targets.
        std::vector<std::string> tag_keys, field_keys, broken_keys;
        for (const auto& t : m_ev.tags) tag_keys.push_back(t.key);
        for (const auto& row :
             m_store.query("SELECT DISTINCT key FROM fields WHERE note_id = ?", {m_ev.note_id})
                 .rows)
            field_keys.push_back(row[0].value_or(""));
        for (const auto& row : m_store
                                   .query("SELECT DISTINCT lower(target) FROM links WHERE note_id "
                                          "= ? AND status = 'broken' "
                                          "AND target <> ''",
                                          {m_ev.note_id})
                                   .rows)
            broken_keys.push_back(row[0].value_or(""));
        Groups tags = env("WALK_TAGS", 1) > 0 ? members(
                                                    "SELECT tag_key, note_id FROM tags WHERE "
                                                    "tag_key IN (SELECT value FROM json_each(?1))",
                                                    tag_keys)
                                              : Groups{};
        Groups fields = env("WALK_KEYS", 1) > 0 ? members(
                                                      "SELECT key, note_id FROM fields WHERE key "
                                                      "IN (SELECT value FROM json_each(?1))",
                                                      field_keys)
                                                : Groups{};
        Groups broken = env("WALK_BROKEN", 1) > 0
                            ? members(
                                  "SELECT lower(target), note_id FROM links WHERE status = "
                                  "'broken' AND lower(target) IN "
                                  "(SELECT value FROM json_each(?1))",
                                  broken_keys)
                            : Groups{};
        // Step 1: each kind of edge gets its share of the mass; an absent kind
        // gives its share to the others.
        double share_links = n1.empty() ? 0 : env("WALK_SHARE_LINKS", 1);
        double share_tags = tags.empty() ? 0 : env("WALK_SHARE_TAGS", 0.5);
        double share_keys = fields.empty() ? 0 : env("WALK_SHARE_KEYS", 0.5);
        double share_broken = broken.empty() ? 0 : env("WALK_SHARE_BROKEN", 0.5);
        const double total = share_links + share_tags + share_keys + share_broken;
        if (!(total > 0)) return;
        share_links /= total;
        share_tags /= total;
        share_keys /= total;
        share_broken /= total;
        std::unordered_map<std::int64_t, double> p2, p3;
        const auto adj = neighbours(n1);
        const double p1 = n1.empty() ? 0 : share_links / static_cast<double>(n1.size());
        for (const std::int64_t x : n1) {
            const auto it = adj.find(x);
            if (it == adj.end() || it->second.size() > cap) continue;
            for (const std::int64_t y : it->second) {
                p2[y] += p1 / static_cast<double>(it->second.size());
            }
        }
        auto spread = [&](const Groups& groups, double share) {
            if (groups.empty()) return;
            const double each = share / static_cast<double>(groups.size());
            for (const auto& [key, notes] : groups) {
                if (notes.size() > cap) continue;
                for (const std::int64_t y : notes)
                    p2[y] += each / static_cast<double>(notes.size());
            }
        };
        spread(tags, share_tags);
        spread(fields, share_keys);
        spread(broken, share_broken);

        std::vector<std::pair<std::int64_t, double>> top(p2.begin(), p2.end());
        std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        const std::size_t k = walk_top();
        if (top.size() > k) top.resize(k);
        std::vector<std::int64_t> ids;
        for (const auto& [id, mass] : top) {
            if (id == m_ev.note_id) {
                for (const std::int64_t x : n1) p3[x] += mass * p1;
            } else {
                ids.push_back(id);
            }
        }
        const auto adj2 = neighbours(ids);
        for (const auto& [id, mass] : top) {
            const auto it = adj2.find(id);
            if (it == adj2.end() || it->second.size() > cap) continue;
            for (const std::int64_t z : it->second) {
                p3[z] += mass / static_cast<double>(it->second.size());
            }
        }
        double max2 = 0, max3 = 0;
        for (const auto& [id, mass] : p2) {
            if (id != m_ev.note_id) max2 = std::max(max2, mass);
        }
        for (const auto& [id, mass] : p3) {
            if (id != m_ev.note_id) max3 = std::max(max3, mass);
        }
        for (const auto& [id, mass] : p2) {
            if (id != m_ev.note_id) candidate(id).raw[RelatedSignal::walk2] = mass / max2;
        }
        for (const auto& [id, mass] : p3) {
            if (id != m_ev.note_id) candidate(id).raw[RelatedSignal::walk3] = mass / max3;
        }
    }
    static std::size_t walk_cap() {
        const char* e = std::getenv("WALK_CAP");
        return e ? std::stoul(e) : 1000;
    }
    static std::size_t walk_top() {
        const char* e = std::getenv("WALK_TOP");
        return e ? std::stoul(e) : 64;
    }

    void gather_bm25() {
        if (m_term_list.empty()) return;
        std::string match;
        for (const auto& [word, weight] : m_term_list) {
            if (!match.empty()) match += " OR ";
            match += fts_term(word);
        }
        const char* tw = std::getenv("BM25_TITLE");
        const std::string sql =
            std::string("SELECT rowid, bm25(notes_fts, ") + (tw ? tw : "3.0") +
            ", 1.0) FROM notes_fts WHERE notes_fts MATCH ? ORDER BY rank LIMIT 101";
        const auto rows = m_store.query(sql, {match});
        double self = 0;
        for (const auto& row : rows.rows) {
            if (int_of(row[0]) == m_ev.note_id) self = -std::stod(row[1].value_or("0"));
        }
        if (self <= 0) {
            const auto own =
                m_store.query(std::string("SELECT bm25(notes_fts, ") + (tw ? tw : "3.0") +
                                  ", 1.0) FROM notes_fts WHERE notes_fts MATCH ? AND rowid = ?",
                              {match, m_ev.note_id});
            if (!own.rows.empty()) self = -std::stod(own.rows[0][0].value_or("0"));
        }
        for (const auto& row : rows.rows) {
            const std::int64_t id = int_of(row[0]);
            if (id == m_ev.note_id) continue;
            const double score = -std::stod(row[1].value_or("0"));
            if (score <= 0) continue;
            candidate(id).raw[RelatedSignal::text_bm25] =
                self > 0 ? std::min(score / self, 1.0) : 0;
        }
    }

    static std::string plain_words(std::string_view text) {
        std::string out = " ";
        for (const auto& w : words_of(text)) out += w + ' ';
        return out;
    }
    static std::vector<std::string> words_of(std::string_view text) {
        std::vector<std::string> words;
        std::string word;
        std::size_t i = 0;
        auto flush = [&] {
            if (!word.empty()) words.push_back(text::fold_key(word));
            word.clear();
        };
        while (i < text.size()) {
            const std::size_t start = i;
            const char32_t cp = text::decode(text, i);
            if (cp < 0x80) {
                const char c = static_cast<char>(cp);
                if (text::is_ascii_alpha(c) || text::is_ascii_digit(c)) {
                    word += c;
                } else {
                    flush();
                }
            } else if (cp != 0xFFFD && text::is_tag_char(cp) && !text::is_space(cp)) {
                word.append(text.substr(start, i - start));
            } else {
                flush();
            }
        }
        flush();
        return words;
    }

    void gather_mentions() {
        const auto own =
            m_store.query("SELECT title, body FROM notes_fts WHERE rowid = ?", {m_ev.note_id});
        if (own.rows.empty()) return;
        const std::string mine = plain_words(own.rows[0][1].value_or(""));
        const std::string my_title = plain_words(own.rows[0][0].value_or(""));
        // (a) a title of another note in N's body: every note's title (experimental: a scan).
        const bool scan = env("MENTION_SCAN", 1) > 0;
        std::vector<std::int64_t> known_ids;
        for (const auto& c : m_ev.candidates) known_ids.push_back(c.id);
        const auto titles =
            scan ? m_store.query("SELECT id, title FROM notes WHERE id <> ?", {m_ev.note_id})
                 : m_store.query(
                       "SELECT id, title FROM notes WHERE id IN (SELECT value FROM json_each(?))",
                       {json_array(known_ids)});
        for (const auto& row : titles.rows) {
            const std::string t = plain_words(row[1].value_or(""));
            if (t.size() < 6) continue;  // " abc " at least 4 letters
            if (mine.find(t) != std::string::npos) {
                candidate(int_of(row[0])).raw[RelatedSignal::mention] += 1;
            }
        }
        // (b) N's title in another note's body: a phrase query.
        if (my_title.size() < 6) return;
        std::string phrase = "body : " + fts_term(my_title.substr(1, my_title.size() - 2));
        const auto rows =
            m_store.query("SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? AND rowid <> ?",
                          {phrase, m_ev.note_id});
        for (const auto& row : rows.rows)
            candidate(int_of(row[0])).raw[RelatedSignal::mention] += 1;
    }

    void gather_broken() {
        const auto mine = m_store.query(
            "SELECT DISTINCT lower(target) FROM links WHERE note_id = ? AND status = 'broken' "
            "AND target <> ''",
            {m_ev.note_id});
        if (mine.rows.empty()) return;
        std::vector<std::string> keys;
        for (const auto& row : mine.rows) keys.push_back(row[0].value_or(""));
        const auto rows = m_store.query(
            "SELECT lower(target), note_id FROM links WHERE status = 'broken' AND lower(target) IN "
            "(SELECT value FROM json_each(?1)) AND note_id <> ?2 ORDER BY 1",
            {json_array(keys), m_ev.note_id});
        // one group per target: its sources; +1 for N
        std::size_t start = 0;
        while (start < rows.rows.size()) {
            std::size_t end = start;
            std::unordered_set<std::int64_t> srcs;
            while (end < rows.rows.size() && rows.rows[end][0] == rows.rows[start][0]) {
                srcs.insert(int_of(rows.rows[end][1]));
                ++end;
            }
            const double w = damping(srcs.size() + 1);
            for (const std::int64_t id : srcs)
                candidate(id).raw[RelatedSignal::broken_targets] += w;
            start = end;
        }
    }

    static std::vector<std::string> path_parts(const std::string& path) {
        std::vector<std::string> parts;
        std::string stem = path;
        const std::size_t dot = stem.rfind('.');
        const std::size_t slash = stem.rfind('/');
        if (dot != std::string::npos && (slash == std::string::npos || dot > slash))
            stem.resize(dot);
        std::string cur;
        for (const char c : stem) {
            if (c == '/' || c == '.') {
                parts.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        parts.push_back(cur);
        parts.pop_back();  // the name itself
        return parts;
    }

    void gather_folders() {
        std::vector<std::int64_t> ids;
        for (const auto& c : m_ev.candidates) ids.push_back(c.id);
        ids.push_back(m_ev.note_id);
        const auto rows =
            m_store.query("SELECT id, path FROM notes WHERE id IN (SELECT value FROM json_each(?))",
                          {json_array(ids)});
        std::unordered_map<std::int64_t, std::vector<std::string>> parts;
        for (const auto& row : rows.rows) parts[int_of(row[0])] = path_parts(row[1].value_or(""));
        const auto& mine = parts[m_ev.note_id];
        for (auto& c : m_ev.candidates) {
            const auto& theirs = parts[c.id];
            const std::size_t longest = std::max(mine.size(), theirs.size());
            if (longest == 0) continue;
            std::size_t common = 0;
            while (common < mine.size() && common < theirs.size() && mine[common] == theirs[common])
                ++common;
            c.raw[RelatedSignal::same_folder] =
                static_cast<double>(common) / static_cast<double>(longest);
        }
    }

    IndexStore& m_store;
    const bool m_complete;
    const SignalValues* m_weights;
    RelatedEvidence m_ev;
    std::vector<bool> m_enumerated;                          ///< per tag: its notes were enumerated
    std::vector<std::int64_t> m_targets, m_citing;           ///< N's links out and in, distinct
    std::unordered_map<std::int64_t, double> m_hub_targets;  ///< lazy targets and their damping
    double m_domain_rarity = 0;
    std::unordered_map<std::int64_t, std::size_t> m_index;
    std::vector<std::pair<std::string, double>> m_term_list;  ///< the kept terms and weights
};

std::string tag_list(const RelatedEvidence& ev, const std::vector<std::size_t>& tags, bool rare) {
    std::string out;
    for (const std::size_t t : tags) {
        if ((ev.tags[t].rarity >= k_rare_tag) != rare) continue;
        if (!out.empty()) out += ' ';
        out += '#' + ev.tags[t].name;
    }
    return out;
}

std::string keys_text(const std::vector<std::string>& keys) {
    std::string out;
    for (const auto& k : keys) {
        if (!out.empty()) out += ' ';
        out += k + ':';
    }
    return out;
}

std::string count_text(int n, const char* one, const char* many) {
    return std::to_string(n) + ' ' + (n == 1 ? one : many);
}

/// One reason per signal that contributes, in words.
std::string reason(RelatedSignal s, const RelatedEvidence& ev, const RelatedCandidate& c) {
    switch (s) {
        case RelatedSignal::explicit_relation:
            if (!c.keys_out.empty() && !c.keys_in.empty()) {
                return keys_text(c.keys_out) + " both ways (front matter)";
            }
            if (!c.keys_out.empty()) return keys_text(c.keys_out) + " (front matter)";
            return "its " + keys_text(c.keys_in) + " lists this (front matter)";
        case RelatedSignal::direct_link:
            if (c.links_out && c.links_in) return "links both ways";
            return c.links_out ? "linked from here" : "links here";
        case RelatedSignal::shared_tags: {
            std::vector<std::size_t> tags = c.shared_tags;
            std::sort(tags.begin(), tags.end(), [&](std::size_t a, std::size_t b) {
                if (ev.tags[a].rarity != ev.tags[b].rarity)
                    return ev.tags[a].rarity > ev.tags[b].rarity;
                return ev.tags[a].key < ev.tags[b].key;
            });
            const std::string rare = tag_list(ev, tags, true);
            const std::string common = tag_list(ev, tags, false);
            std::string out = "shares";
            if (!rare.empty()) out += ' ' + rare + " (rare)";
            if (!rare.empty() && !common.empty()) out += " and";
            if (!common.empty()) out += ' ' + common;
            return out;
        }
        case RelatedSignal::co_citation:
            if (ev.co_citation_scale > 1) {
                const auto about =
                    static_cast<int>(std::lround(c.co_citing_notes * ev.co_citation_scale));
                return "co-cited by about " + count_text(about, "note", "notes");
            }
            return "co-cited by " + count_text(c.co_citing_notes, "note", "notes");
        case RelatedSignal::shared_targets:
            return "both link to " + count_text(c.shared_target_notes, "note", "notes");
        case RelatedSignal::same_domain:
            return "same domain (" + ev.domain + ")";
        case RelatedSignal::walk2:
        case RelatedSignal::walk3:
            return "near in the link graph";
        case RelatedSignal::text_bm25:
            return "similar text (bm25)";
        case RelatedSignal::mention:
            return "mentions by title";
        case RelatedSignal::same_folder:
            return "same folder";
        case RelatedSignal::broken_targets:
            return "both link to the same missing notes";
        case RelatedSignal::similar_text: {
            std::string out = "similar text";
            for (std::size_t i = 0; i < c.shared_terms.size() && i < k_reason_terms; ++i) {
                out += (i == 0 ? ": " : ", ") + ev.terms[c.shared_terms[i]];
            }
            return out;
        }
    }
    return {};
}

}  // namespace

double related_strength(RelatedSignal signal, double raw) {
    switch (signal) {
        case RelatedSignal::shared_tags:
        case RelatedSignal::co_citation:
        case RelatedSignal::shared_targets:
            return 1 - std::exp(-raw);
        default:
            return raw;
    }
}

double related_score(const SignalValues& raw, const SignalValues& weights) {
    double score = 0;
    for (const RelatedSignal s : k_signals) {
        if (weights[s] != 0) score += weights[s] * related_strength(s, raw[s]);
    }
    return score;
}

std::vector<std::string> related_text_words(std::string_view text) {
    static const std::unordered_set<std::string_view> stop(std::begin(k_stop_words),
                                                           std::end(k_stop_words));
    std::vector<std::string> words;
    std::string word;
    bool ascii = true;
    auto flush = [&] {
        if (word.size() >= 3 && !std::all_of(word.begin(), word.end(), text::is_ascii_digit)) {
            if (!ascii) word = text::fold_key(word);
            if (!stop.contains(word)) words.push_back(word);
        }
        word.clear();
        ascii = true;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        const char32_t cp = text::decode(text, i);
        if (cp < 0x80) {
            const char c = static_cast<char>(cp);
            if (text::is_ascii_alpha(c) || text::is_ascii_digit(c)) {
                word += text::ascii_lower(c);
            } else {
                flush();
            }
        } else if (cp != 0xFFFD && text::is_tag_char(cp) && !text::is_space(cp)) {
            word.append(text.substr(start, i - start));
            ascii = false;
        } else {
            flush();
        }
    }
    flush();
    return words;
}

RelatedEvidence gather_related_evidence(IndexStore& store, std::int64_t note_id) {
    Gatherer g(store, note_id, nullptr);
    g.gather();
    std::vector<std::size_t> all(g.evidence().candidates.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    g.add_lazy_signals(all);
    return std::move(g.evidence());
}

RelatedList find_related(IndexStore& store, std::int64_t note_id, const RelatedOptions& options) {
    for (const double w : options.weights.values) {
        if (!(w >= 0)) throw std::invalid_argument("related weights must be non-negative numbers");
    }
    RelatedList list;
    if (options.limit == 0) return list;
    Gatherer g(store, note_id, &options.weights);
    g.gather();
    RelatedEvidence& ev = g.evidence();
    list.terms = ev.terms;
    auto& cands = ev.candidates;
    const SignalValues& weights = options.weights;

    std::vector<double> score(cands.size());
    for (std::size_t i = 0; i < cands.size(); ++i) score[i] = related_score(cands[i].raw, weights);
    std::vector<std::size_t> order(cands.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });

    // The lazy signals, best candidates first, until the rest cannot catch up.
    const double bound = g.lazy_bound(weights);
    std::size_t done = order.size();
    if (bound > 0) {
        done = 0;
        std::size_t batch = std::max<std::size_t>(64, 4 * options.limit);
        std::vector<double> best;
        while (done < order.size()) {
            const std::size_t end = std::min(order.size(), done + batch);
            std::vector<std::size_t> which(order.begin() + static_cast<std::ptrdiff_t>(done),
                                           order.begin() + static_cast<std::ptrdiff_t>(end));
            g.add_lazy_signals(which);
            for (const std::size_t i : which) {
                score[i] = related_score(cands[i].raw, weights);
                best.push_back(score[i]);
            }
            done = end;
            batch *= 2;
            if (done == order.size() || best.size() < options.limit) continue;
            std::nth_element(best.begin(),
                             best.begin() + static_cast<std::ptrdiff_t>(options.limit - 1),
                             best.end(), std::greater<>());
            const double kth = best[options.limit - 1];
            // Candidates not yet completed are in order of their partial score.
            if (score[order[done]] + bound < kth) break;
        }
    }

    // The top `limit` by score, equal scores by path.
    std::vector<std::size_t> ranked;
    for (std::size_t k = 0; k < done; ++k) {
        const std::size_t i = order[k];
        score[i] = rounded(score[i]);
        if (score[i] > 0) ranked.push_back(i);
    }
    std::sort(ranked.begin(), ranked.end(),
              [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    if (ranked.size() > options.limit) {
        // Keep every note tied with the last one: the path decides among them.
        const double last = score[ranked[options.limit - 1]];
        std::size_t keep = options.limit;
        while (keep < ranked.size() && score[ranked[keep]] == last) ++keep;
        ranked.resize(keep);
    }
    if (ranked.empty()) return list;

    std::vector<std::int64_t> ids;
    for (const std::size_t i : ranked) ids.push_back(cands[i].id);
    struct Names {
        std::string path, slug, title;
    };
    std::unordered_map<std::int64_t, Names> names;
    for (const auto& row : store
                               .query("SELECT id, path, slug, title FROM notes WHERE id IN (SELECT "
                                      "value FROM json_each(?))",
                                      {json_array(ids)})
                               .rows) {
        names[int_of(row[0])] = {row[1].value_or(""), row[2].value_or(""), row[3].value_or("")};
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
        if (score[a] != score[b]) return score[a] > score[b];
        return names[cands[a].id].path < names[cands[b].id].path;
    });
    if (ranked.size() > options.limit) ranked.resize(options.limit);

    for (const std::size_t i : ranked) {
        const RelatedCandidate& c = cands[i];
        RelatedNote& r = list.notes.emplace_back();
        r.id = c.id;
        Names& n = names[c.id];
        r.path = std::move(n.path);
        r.slug = std::move(n.slug);
        r.title = std::move(n.title);
        r.score = score[i];
        r.raw = c.raw;
        std::vector<RelatedSignal> contributing;
        for (const RelatedSignal s : k_signals) {
            r.contribution[s] = weights[s] * related_strength(s, c.raw[s]);
            if (r.contribution[s] > 0) contributing.push_back(s);
        }
        std::stable_sort(contributing.begin(), contributing.end(),
                         [&](RelatedSignal a, RelatedSignal b) {
                             return r.contribution[a] > r.contribution[b];
                         });
        for (const RelatedSignal s : contributing) r.reasons.push_back(reason(s, ev, c));
    }
    return list;
}

}  // namespace notes::query
