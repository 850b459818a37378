#pragma once
// `notes related`: which notes belong with a given note, or with a draft that
// is not a note yet, with a score and the evidence for it. How the signals
// are computed and combined is explained at the top of src/query/related.cpp;
// docs/related.md gives the weights, how they were fitted, and how well the
// scorer does.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notes/core/note.hpp"
#include "notes/core/related_signals.hpp"

namespace notes::store {
class IndexStore;
}

namespace notes::query {

using store::IndexStore;

/// How much of its weight a signal gives for a raw value: the raw value
/// itself for explicit, links, domain, text, walk and mention (each in
/// [0, 2]); for the signals that add up pieces of evidence (tags,
/// cocitation, targets) 1 − e^−raw, so that the first pieces count most and
/// no pile of weak evidence outgrows the weight.
double related_strength(RelatedSignal signal, double raw);

/// Σ weight × strength(raw) over the signals: a candidate's score.
double related_score(const SignalValues& raw, const SignalValues& weights);

/// What `related` is asked about when it is not a note of the index: a
/// draft (`notes related --text`, `--file`), parsed by the caller with the
/// vault's dialect. Its links are resolved here, against the index.
struct RelatedDraft {
    /// Where the draft would be, vault-relative ("draft.md" for text that is
    /// in no file): relative links are resolved from its folder.
    std::string path = "draft.md";
    /// The indexed note the draft is (a file of the vault given with
    /// --file), else nullopt. That note is never listed, and the links other
    /// notes have to it count as links to the draft.
    std::optional<std::int64_t> note_id;
    /// Its name, when it gives one (a front-matter title, a heading); may be
    /// empty. Other notes that name it in their text are found by it.
    std::string title;
    /// Its plain text (ParsedNote::text).
    std::string text;
    std::string domain;
    std::vector<Tag> tags;
    std::vector<Link> links;
    /// Its front-matter keys (or Logseq page properties), with a value or not.
    std::vector<std::string> keys;
};

/// The draft's fields from a parsed note: title (unless it only repeats
/// the file name), text, domain, tags, links and front-matter keys.
RelatedDraft related_draft(const ParsedNote& note, std::string path);

/// A tag of the note, with the number of notes carrying it.
struct RelatedTag {
    std::string name;  ///< as written in the note
    std::string key;   ///< folded
    std::int64_t notes = 0;
    /// ln(N / notes) / ln(N) for a vault of N notes: 1 for a tag no other
    /// note has, 0 for a tag on every note.
    double rarity = 0;
};

/// What one other note has in common with the note.
struct RelatedCandidate {
    std::int64_t id = 0;
    /// Each signal's value before weighting; docs/related.md defines them.
    SignalValues raw;
    /// A front-matter link (a key, a Logseq property, a Dendron parent)
    /// from the note to this one, and back; a link in the body each way.
    bool explicit_out = false, explicit_in = false;
    bool links_out = false, links_in = false;
    /// The keys of the front-matter links, each way (for the reasons).
    std::vector<std::string> keys_out, keys_in;
    /// Indexes into RelatedEvidence::tags: the tags both carry, listed for
    /// the notes find_related() returns and for every candidate of
    /// gather_related_evidence() (raw[shared_tags] is summed for all).
    std::vector<std::size_t> shared_tags;
    int co_citing_notes = 0;
    int shared_target_notes = 0;
    bool same_domain = false;
    /// Indexes into RelatedEvidence::terms: the distinctive terms it holds.
    std::vector<std::size_t> shared_terms;
    /// The walk: the note through which most of its probability came (the
    /// second step's note), 0 when none.
    std::int64_t walk_via = 0;
    /// The note's text names this one by its title; this one's text names the note.
    bool mentioned_here = false, mentions_this = false;
};

/// Everything gather_related_evidence() found about one note.
struct RelatedEvidence {
    std::int64_t note_id = 0;
    std::int64_t vault_notes = 0;
    std::string domain;             ///< empty when the note has none
    std::int64_t domain_notes = 0;  ///< other notes with the same domain
    std::vector<RelatedTag> tags;
    /// The distinctive terms the text signal searched for, best first.
    std::vector<std::string> terms;
    /// 1, or (find_related() on a note with very many backlinks) the factor
    /// by which co-citation counted on a sample of the citing notes is scaled.
    double co_citation_scale = 1;
    /// Every note some signal connects to the note (never the note itself),
    /// in no particular order.
    std::vector<RelatedCandidate> candidates;
};

/// For measuring the scorer (bench/eval_related.cpp): every note any signal
/// finds, with the exact value of every signal. Slower than find_related()
/// on large vaults: it enumerates the notes of common tags too. Same domain
/// alone finds no candidates (its notes all tie); see `domain_notes`.
RelatedEvidence gather_related_evidence(IndexStore& store, std::int64_t note_id);

/// One result of find_related().
struct RelatedNote {
    std::int64_t id = 0;
    std::string path, slug, title;
    double score = 0;
    SignalValues raw;
    SignalValues contribution;  ///< weight × related_strength(raw)
    /// The evidence in words, strongest contribution first: "related:
    /// (front matter)", "links here", "shares #sql #python (rare)",
    /// "co-cited by 3 notes", "similar text: query, plan", "near in the
    /// graph (via Index tuning)", "mentioned in the text".
    std::vector<std::string> reasons;
};

struct RelatedOptions {
    std::size_t limit = 10;
    SignalValues weights = default_related_weights();
};

struct RelatedList {
    /// Best first, equal scores by path; at most `limit`; never the note
    /// itself. Empty when no signal connects the note to another one.
    std::vector<RelatedNote> notes;
    /// The distinctive terms the text signal searched for, best first.
    std::vector<std::string> terms;
};

/// The notes most related to `note_id`. A signal whose weight is 0 is not
/// computed. Throws std::invalid_argument for a negative weight or an
/// unknown note.
RelatedList find_related(IndexStore& store, std::int64_t note_id,
                         const RelatedOptions& options = {});

/// The notes most related to a draft: the same scorer, with the signals a
/// draft has (its text, tags, domain, front-matter keys and the notes its
/// links resolve to; backlinks only when it is an indexed note).
RelatedList find_related(IndexStore& store, const RelatedDraft& draft,
                         const RelatedOptions& options = {});

/// The words `related` tokenizes a note into for its text signal: lower
/// case, split at anything but letters and digits, at least 3 bytes, not all
/// digits, English stop words removed. Exposed for tests.
std::vector<std::string> related_text_words(std::string_view text);

}  // namespace notes::query
