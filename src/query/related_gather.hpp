#pragma once
// Private to src/query/: how `related` gathers the evidence about one
// subject (a note of the index or a draft). related.cpp explains the signals;
// related_gather.cpp the links, tags and domain; related_text.cpp the text
// and the mentions; related_walk.cpp the random walk.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "notes/query/related.hpp"
#include "notes/store/index_store.hpp"

namespace notes::query::detail {

/// A resolved link between the subject and another note.
struct SubjectLink {
    std::int64_t note = 0;
    /// A link in the body (wiki, embed, Markdown, block reference), not a
    /// front-matter key's (or a Logseq property's, or Dendron's parent).
    bool body = false;
    /// The front-matter key, when known here (a draft's links); the index's
    /// are named only for the notes listed (Gatherer::name_keys).
    std::string kind;
};

/// Whether a link of `kind` is in the body rather than under a key.
bool is_body_kind(std::string_view kind);
/// The body kinds as SQL, for `kind IN (…)`.
inline constexpr const char* k_body_kinds_sql =
    "('wiki','embed','markdown','block_ref','external')";
/// 1 for a link of a body kind, else 0, as SQL. A CASE, not `kind IN (…)`:
/// an IN list in the result is an ephemeral b-tree searched (and rewound, to
/// look for a NULL) at every row, several times the cost of five string
/// comparisons over a hub's thousands of links.
inline constexpr const char* k_is_body_kind_sql =
    "(CASE kind WHEN 'wiki' THEN 1 WHEN 'embed' THEN 1 WHEN 'markdown' THEN 1 "
    "WHEN 'block_ref' THEN 1 WHEN 'external' THEN 1 ELSE 0 END)";

/// What `related` is asked about: a note of the index, or a draft.
struct Subject {
    /// The subject's note in the index; 0 for a draft that is none.
    std::int64_t id = 0;
    bool draft = false;
    /// Plain text, loaded only when the text or mention signal needs it.
    std::string title, body;
    bool has_text = false;
    std::string domain;
    /// Distinct by key, in key order.
    std::vector<RelatedTag> tags;
    /// Front-matter keys (Logseq: page properties), with a value or not: a
    /// template's empty keys give its shape.
    std::vector<std::string> keys;
    /// Resolved links to and from other notes, one per link.
    std::vector<SubjectLink> out, in;
};

/// Loads the subject of an indexed note; `text`: its title and body too.
/// Throws std::invalid_argument for an unknown id.
Subject note_subject(IndexStore& store, std::int64_t id, bool text);
/// A draft as a subject: its links resolved against the index.
Subject draft_subject(IndexStore& store, const RelatedDraft& draft);

std::string json_strings(const std::vector<std::string>& items);

/// The neighbours of a set of notes in the link graph (links either way,
/// between different notes, each neighbour once), read through the link
/// indexes. A note with more than `cap` backlinks is a hub: its backlinks
/// are not read, and `hub` says so. Notes in `out_only` get their links out
/// only (co-citation needs no more of them).
struct Adjacency {
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> out, in;
    std::unordered_map<std::int64_t, std::int64_t> backlinks;  ///< links to each note
    /// Distinct neighbours of `id` either way (empty for a hub).
    std::vector<std::int64_t> neighbours(std::int64_t id) const;
    bool hub(std::int64_t id, std::int64_t cap) const;
};
Adjacency read_adjacency(IndexStore& store, const std::vector<std::int64_t>& ids, std::int64_t cap,
                         const std::vector<std::int64_t>& out_only = {});
/// The walk leaves a note with more backlinks by a fixed sample of them.
inline constexpr std::size_t k_walk_citing_notes = 64;

/// Gathers the evidence: every candidate with the raw value of each signal.
class Gatherer {
  public:
    /// `weights` null: every signal for every candidate (co-citation not
    /// sampled). Else signals weighted 0 are skipped and the lazy evidence is
    /// added only to the candidates that could reach the top.
    Gatherer(IndexStore& store, Subject subject, const SignalValues* weights);

    RelatedEvidence& evidence() { return m_ev; }
    const Subject& subject() const { return m_subject; }

    void gather();

    /// The most that the lazily computed evidence (the domain, the subject's
    /// text naming a note) can add to any candidate's score with `weights`.
    double lazy_bound(const SignalValues& weights) const;
    /// Adds the lazy evidence to the candidates at `which`; `titles`
    /// receives their titles (the mention needs them), by id.
    void add_lazy_signals(const std::vector<std::size_t>& which,
                          std::unordered_map<std::int64_t, std::string>& titles);
    /// Ranking only: the notes whose one piece of evidence is a shared tag
    /// (most of a typical note's candidates: the notes of its tags) are
    /// kept aside, not made candidates. The most that one of them can score
    /// with `weights`, without the lazy evidence; 0 when there are none.
    double tag_only_best(const SignalValues& weights) const;
    bool has_tag_only() const { return !m_tag_only.empty(); }
    /// Makes them candidates, as a complete gathering does.
    void add_tag_only();
    /// Names the front-matter keys of the explicit relations of the
    /// candidates at `which` (keys_out, keys_in), for their reasons.
    void name_keys(const std::vector<std::size_t>& which);
    /// Lists the subject's tags that the candidates at `which` share
    /// (shared_tags), for their reasons: gathering only sums their rarity,
    /// since most candidates (a tag's notes) are never listed.
    void name_shared_tags(const std::vector<std::size_t>& which);

  private:
    bool wanted(RelatedSignal s) const { return m_weights == nullptr || (*m_weights)[s] > 0; }
    RelatedCandidate& candidate(std::int64_t id);

    // related_gather.cpp
    void gather_vault();
    void gather_links();
    void gather_tags();
    void gather_neighbourhood();
    void gather_co_citation();
    void gather_shared_targets();
    // related_text.cpp
    void gather_text();
    void gather_mentions_of_subject();
    void add_mentions_in_subject(const std::vector<std::size_t>& which,
                                 const std::unordered_map<std::int64_t, std::string>& titles);
    // related_walk.cpp
    void gather_walk();

    IndexStore& m_store;
    const bool m_complete;
    const SignalValues* m_weights;
    Subject m_subject;
    RelatedEvidence m_ev;
    std::unordered_map<std::int64_t, std::size_t> m_index;  ///< candidate id → position

    /// The notes of each of the subject's tags not too common to count, in
    /// id order (name_shared_tags() searches them), the subject left out;
    /// the walk goes through them too.
    std::unordered_map<std::string, std::vector<std::int64_t>> m_tag_notes;
    /// Ranking only: all of those notes (sorted, distinct), and the ones no
    /// other signal found, with their summed tag rarities (tag_only_best()).
    std::vector<std::int64_t> m_tag_neighbours;
    std::vector<std::pair<std::int64_t, double>> m_tag_only;
    std::vector<std::int64_t> m_targets, m_citing;  ///< distinct; m_citing maybe a sample
    std::vector<std::int64_t> m_walk_citing;        ///< the citing notes the walk leaves by
    Adjacency m_adjacency;                          ///< of m_targets and m_citing
    double m_domain_rarity = 0;
    /// The subject's text as " word word … " (folded), for finding titles in it.
    std::string m_words;
    std::vector<bool> m_mention_checked;  ///< per candidate: titles looked for
    /// Where each word starts in m_words (at its leading space), by word.
    std::unordered_map<std::string, std::vector<std::size_t>> m_word_starts;
    /// The words the text signal probed, and whether each is distinctive
    /// (on fewer notes than the common-term cap).
    std::unordered_map<std::string, bool> m_probed;
};

/// Adamic–Adar damping of a shared neighbour with `degree` links, scaled so
/// that the smallest possible degree (2: the two notes) gives 1.
double damping(std::size_t degree);
/// ln(N / notes) / ln(N), in [0, 1].
double rarity(std::int64_t notes, std::int64_t vault);
/// Text folded into " word word … ": lower case, split at anything but
/// letters and digits, with a space at each end. Titles are compared in it.
std::string folded_words(std::string_view text);

/// What more notes than this share — a tag, the domain, a target (a hub),
/// a front-matter key — is too common to count: it says little about any
/// one of them, and reading them all would cost more than everything else.
inline constexpr std::int64_t k_common_cap = 1000;
/// A note cited by more notes estimates co-citation from this many of them.
inline constexpr std::size_t k_max_citing_notes = 500;

}  // namespace notes::query::detail
