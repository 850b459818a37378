// The text signals of `related`: distinctive terms in common, and one note
// naming the other by its title.
//
// Similar text. The subject's title and body are split into words roughly
// as FTS5's unicode61 tokenizer does (related_text_words), title words
// counting thrice. Its k_text_probe_terms most frequent words are looked up
// with a bounded count (`LIMIT cap` over the doclist: exact for rare words,
// "common" for the rest, so never a whole doclist of a common word). Words
// on 2 to cap notes (1 to cap for a draft, which is not in the index) are
// kept, best tf·idf first; each weighs tf·idf, and a note's value is the
// summed weight of the terms it holds over the total: 1 when it holds them
// all. This overlap, unlike a bm25 query, needs only the rowids of a few
// short doclists, cheap whatever the size of the vault, and it says which
// terms each note shares, for the reasons. (FTS5's bm25 over the same terms
// was measured beside it and ranked no better: docs/related.md.)
//
// Mentions. A note that names another by its title in its text is close to
// linking it ("see the Daily notes page"). Both directions count: other
// notes whose text holds the subject's title are found with one FTS5 phrase
// query (a title so common that cap notes hold it says nothing; in a vault of
// over 5,000 notes, only a title with a distinctive word); whether the
// subject's text holds a candidate's title is checked lazily, for the
// candidates that could still reach the top, in the subject's text folded
// into " word word … ". Titles under four letters are not looked for.

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "notes/core/text.hpp"
#include "related_gather.hpp"

namespace notes::query {

namespace {

/// Terms whose document frequency is looked up, and terms kept.
constexpr std::size_t k_text_probe_terms = 24;
constexpr std::size_t k_text_query_terms = 16;
/// How many notes the text signal finds at most (the best overlaps).
constexpr std::size_t k_text_results = 50;
/// A term on 1/k_common_term_share of the vault or more is common; the
/// doclists read are also capped (the cost of a probe grows with it).
constexpr std::int64_t k_common_term_share = 50;
constexpr std::int64_t k_text_doclist_cap = 200;
/// A title word counts like this many body words when choosing terms.
constexpr int k_title_term_frequency = 3;
/// Titles with fewer letters and digits are not looked for in text.
constexpr std::size_t k_min_title_letters = 4;
/// Above this many notes, the subject's title is looked for in other notes'
/// text only when one of its words is distinctive: a phrase of common words
/// reads their whole doclists (2 ms at 100,000 notes).
constexpr std::int64_t k_mention_any_title = 5000;

/// Words too common in English prose to be distinctive of a note, left out
/// before any lookup: each would cost a probe and be dropped as common.
constexpr std::string_view k_stop_words[] = {
    "about",   "above",   "across",  "actually", "after",      "again",     "against",
    "ago",     "all",     "almost",  "along",    "already",    "also",      "although",
    "always",  "among",   "and",     "another",  "any",        "anyone",    "anything",
    "anyway",  "are",     "aren",    "around",   "away",       "back",      "because",
    "been",    "before",  "being",   "below",    "best",       "better",    "between",
    "both",    "but",     "came",    "can",      "cannot",     "come",      "comes",
    "could",   "couldn",  "did",     "didn",     "different",  "does",      "doesn",
    "doing",   "don",     "done",    "down",     "during",     "each",      "either",
    "else",    "enough",  "etc",     "even",     "ever",       "every",     "everything",
    "example", "few",     "find",    "first",    "for",        "from",      "further",
    "get",     "gets",    "getting", "give",     "given",      "goes",      "going",
    "gone",    "good",    "got",     "had",      "hadn",       "has",       "hasn",
    "have",    "haven",   "having",  "her",      "here",       "hers",      "herself",
    "him",     "himself", "his",     "how",      "however",    "http",      "https",
    "into",    "isn",     "its",     "itself",   "just",       "keep",      "know",
    "last",    "later",   "least",   "less",     "let",        "like",      "likely",
    "made",    "make",    "makes",   "making",   "many",       "may",       "maybe",
    "might",   "more",    "most",    "much",     "must",       "myself",    "need",
    "needs",   "never",   "new",     "next",     "nor",        "not",       "nothing",
    "now",     "off",     "often",   "once",     "one",        "ones",      "only",
    "other",   "others",  "our",     "ours",     "ourselves",  "out",       "over",
    "own",     "per",     "put",     "quite",    "rather",     "really",    "said",
    "same",    "say",     "says",    "see",      "seem",       "seems",     "several",
    "she",     "should",  "shouldn", "since",    "some",       "something", "sometimes",
    "still",   "such",    "sure",    "take",     "takes",      "than",      "that",
    "the",     "their",   "theirs",  "them",     "themselves", "then",      "there",
    "these",   "they",    "thing",   "things",   "think",      "this",      "those",
    "though",  "three",   "through", "thus",     "too",        "took",      "two",
    "under",   "until",   "upon",    "use",      "used",       "uses",      "using",
    "very",    "want",    "was",     "wasn",     "way",        "ways",      "well",
    "went",    "were",    "weren",   "what",     "when",       "where",     "whether",
    "which",   "while",   "who",     "whom",     "whose",      "why",       "will",
    "with",    "within",  "without", "won",      "would",      "wouldn",    "www",
    "yes",     "yet",     "you",     "your",     "yours",      "yourself",  "yourselves"};

/// Quoted as one FTS5 string, so that no word is read as syntax.
std::string fts_term(std::string_view word) {
    std::string out = "\"";
    for (const char c : word) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

/// Calls fn(word, ascii) for each run of letters and digits of `text`
/// (non-ASCII letters as FTS5's unicode61 sees them), lower-cased if ASCII.
template <typename Fn>
void for_each_word(std::string_view text, Fn fn) {
    std::string word;
    bool ascii = true;
    auto flush = [&] {
        if (!word.empty()) fn(word, ascii);
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
}

}  // namespace

std::vector<std::string> related_text_words(std::string_view text) {
    static const std::unordered_set<std::string_view> stop(std::begin(k_stop_words),
                                                           std::end(k_stop_words));
    std::vector<std::string> words;
    for_each_word(text, [&](std::string& word, bool ascii) {
        if (word.size() < 3 || std::all_of(word.begin(), word.end(), text::is_ascii_digit)) return;
        if (!ascii) word = text::fold_key(word);
        if (!stop.contains(word)) words.push_back(word);
    });
    return words;
}

namespace detail {

std::string folded_words(std::string_view text) {
    std::string out = " ";
    for_each_word(text, [&](std::string& word, bool ascii) {
        out += ascii ? word : text::fold_key(word);
        out += ' ';
    });
    return out;
}

namespace {

std::size_t letters_in(std::string_view folded) {
    return static_cast<std::size_t>(
        std::count_if(folded.begin(), folded.end(), [](char c) { return c != ' '; }));
}

}  // namespace

void Gatherer::gather_text() {
    std::unordered_map<std::string, int> frequency;
    for (const auto& w : related_text_words(m_subject.title))
        frequency[w] += k_title_term_frequency;
    for (const auto& w : related_text_words(m_subject.body)) ++frequency[w];
    if (frequency.empty()) return;

    std::vector<std::pair<std::string, int>> probes(frequency.begin(), frequency.end());
    std::sort(probes.begin(), probes.end(), [](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second > b.second;
        if (a.first.size() != b.first.size()) return a.first.size() > b.first.size();
        return a.first < b.first;
    });
    if (probes.size() > k_text_probe_terms) probes.resize(k_text_probe_terms);

    // Each probe counts at most `cap` notes of the term's doclist: a term on
    // that many notes is common (not distinctive); for the others the count
    // is their document frequency. A note's own words are on it (df 1 is
    // nobody else's); a draft's are on notes other than itself.
    const std::int64_t n = std::max<std::int64_t>(m_ev.vault_notes, 1);
    const std::int64_t cap =
        std::clamp<std::int64_t>(n / k_common_term_share, 5, k_text_doclist_cap);
    const std::int64_t min_df = m_subject.id != 0 ? 2 : 1;
    struct Term {
        std::string word;
        double weight;
        std::vector<std::int64_t> notes;
    };
    std::vector<Term> terms;
    for (const auto& [word, tf] : probes) {
        // A term on `cap` notes or more is common, as most of a note's terms
        // are: asked first whether its doclist has a cap-th note (FTS5
        // steps over the others without handing each one over as a row).
        // If not, its rowids, fewer than `cap`: the term is distinctive.
        const std::string term = fts_term(word);
        if (!m_store
                 .query_ints("SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? LIMIT 1 OFFSET ?",
                             {term, cap - 1})
                 .empty()) {
            m_probed.emplace(word, false);
            continue;
        }
        std::vector<std::int64_t> notes = m_store.query_ints(
            "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? LIMIT ?", {term, cap});
        const auto df = static_cast<std::int64_t>(notes.size());
        m_probed.emplace(word, df < cap);
        if (df < min_df || df >= cap) continue;
        // A draft that is no note is one more document holding the word.
        const std::int64_t docs = df + (m_subject.id == 0 ? 1 : 0);
        terms.push_back({word, tf * std::log(static_cast<double>(n) / static_cast<double>(docs)),
                         std::move(notes)});
    }
    std::stable_sort(terms.begin(), terms.end(),
                     [](const Term& a, const Term& b) { return a.weight > b.weight; });
    if (terms.size() > k_text_query_terms) terms.resize(k_text_query_terms);
    for (Term& t : terms) std::sort(t.notes.begin(), t.notes.end());

    // The share of the subject's term weight that each other note holds.
    double total = 0;
    for (const Term& t : terms) total += t.weight;
    if (!(total > 0)) return;
    std::unordered_map<std::int64_t, double> overlap;
    for (const Term& t : terms) {
        for (const std::int64_t id : t.notes) {
            if (id != m_subject.id) overlap[id] += t.weight / total;
        }
    }
    std::vector<std::pair<std::int64_t, double>> best(overlap.begin(), overlap.end());
    std::sort(best.begin(), best.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (best.size() > k_text_results) best.resize(k_text_results);
    for (const Term& t : terms) m_ev.terms.push_back(t.word);
    for (const auto& [id, share] : best) {
        RelatedCandidate& c = candidate(id);
        c.raw[RelatedSignal::similar_text] = std::min(share, 1.0);
        for (std::size_t i = 0; i < terms.size(); ++i) {
            if (std::binary_search(terms[i].notes.begin(), terms[i].notes.end(), id))
                c.shared_terms.push_back(i);
        }
    }
}

void Gatherer::gather_mentions_of_subject() {
    m_words = folded_words(m_subject.body);
    const std::string title = folded_words(m_subject.title);
    if (letters_in(title) < k_min_title_letters) return;
    const std::int64_t n = std::max<std::int64_t>(m_ev.vault_notes, 1);
    if (n > k_mention_any_title) {
        bool distinctive = false;
        for (const auto& w : related_text_words(m_subject.title)) {
            const auto it = m_probed.find(w);
            distinctive = distinctive || (it != m_probed.end() && it->second);
        }
        if (!distinctive) return;
    }
    const std::int64_t cap =
        std::clamp<std::int64_t>(n / k_common_term_share, 5, k_text_doclist_cap);
    const std::string phrase = "body : " + fts_term(title.substr(1, title.size() - 2));
    const auto ids = m_store.query_ints(
        "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? AND rowid <> ? LIMIT ?",
        {phrase, m_subject.id, cap});
    if (static_cast<std::int64_t>(ids.size()) >= cap) return;  // a title that says nothing
    for (const std::int64_t id : ids) {
        RelatedCandidate& c = candidate(id);
        c.mentions_this = true;
        c.raw[RelatedSignal::title_mention] += 1;
    }
}

void Gatherer::add_mentions_in_subject(
    const std::vector<std::size_t>& which,
    const std::unordered_map<std::int64_t, std::string>& titles) {
    if (m_words.size() < 2) return;
    if (m_word_starts.empty()) {
        // Where each word of the subject's text starts in m_words, by word.
        for (std::size_t at = 1; at < m_words.size();) {
            const std::size_t end = m_words.find(' ', at);
            m_word_starts[m_words.substr(at, end - at)].push_back(at - 1);
            at = end + 1;
        }
    }
    for (const std::size_t i : which) {
        if (m_mention_checked[i]) continue;
        m_mention_checked[i] = true;
        RelatedCandidate& c = m_ev.candidates[i];
        const auto t = titles.find(c.id);
        if (t == titles.end()) continue;
        const std::string title = folded_words(t->second);
        if (letters_in(title) < k_min_title_letters) continue;
        const std::size_t first_end = title.find(' ', 1);
        const auto starts = m_word_starts.find(title.substr(1, first_end - 1));
        if (starts == m_word_starts.end()) continue;
        const bool found = std::any_of(
            starts->second.begin(), starts->second.end(),
            [&](std::size_t at) { return m_words.compare(at, title.size(), title) == 0; });
        if (!found) continue;
        c.mentioned_here = true;
        c.raw[RelatedSignal::title_mention] += 1;
    }
}

}  // namespace detail
}  // namespace notes::query
