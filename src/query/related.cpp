// Related notes: a weighted sum of nine kinds of evidence.
//
// For the subject N (a note, or a draft that is not a note yet) and another
// note C, score(C) = Σ weight(s) × strength(s, C) over the signals s below.
// The raw values are built so that 1 means one solid piece of evidence, which
// keeps the weights comparable; docs/related.md gives the weights (fitted on
// the evaluation of real vaults), and how well the whole does.
//
//   explicit    a front-matter link (`related:`, `up:`, any key; a Dendron
//               hierarchy link), counted per direction: 1 when N lists C or C
//               lists N, 2 when both do. The user said so, and "related" is
//               symmetric.
//   links       the same for links in the body (wiki, embed, Markdown).
//   tags        Σ rarity(t) over the tags both carry, rarity(t) = ln(N/n_t) /
//               ln(N) for a tag on n_t of the vault's N notes (IDF, normalised
//               so that it does not grow with the vault).
//   cocitation  Σ 1/log2(out-degree(X)) over the notes X linking to both N and
//               C (Adamic–Adar): a reading list linking to 300 notes says
//               little about any pair of them.
//   targets     Σ 1/log2(in-degree(T)) over the notes T both link to.
//   domain      rarity(domain) when both have the same front-matter domain.
//   text        the share of N's distinctive-term weight that C contains
//               (related_text.cpp).
//   walk        where a three-step random walk from N over links, tags and
//               front-matter keys ends, relative to the likeliest note: notes
//               like N link to C (related_walk.cpp).
//   mention     1 when N's text names C by its title, 1 when C's text names N.
//
// The strength of explicit, links, domain, text, walk and mention is their
// raw value. Tags, co-citation and shared targets add up pieces of evidence
// without limit (a hub co-cited with N by 1,000 notes), so their strength is
// 1 − e^−raw: the first pieces count most and the weight is the most the
// signal can give.
//
// Nothing scans the vault. Candidates come from N outwards, each through an
// index: its links both ways, the notes citing it and their other targets, its
// targets and their other sources, the notes carrying its tags, the doclists
// of its distinctive terms, the notes whose text holds its title, the walk.
// What more than k_common_cap (1,000) notes share — a tag, a hub target, the
// domain, a front-matter key — is too common to count: it says little about
// any one of them, and counting or reading them all would cost more than
// everything else (a tag on 30,000 of 100,000 notes). Two kinds of evidence
// do not look for candidates: the domain (all its notes would tie) and N's
// text naming a note (looking would cost a lookup per phrase of N). They only
// add to notes found otherwise, and find_related() adds them lazily:
// candidates are taken in order of their score without them, and it stops
// once even the largest possible addition cannot lift the next candidate into
// the top N. So the top N is exact among the candidates.

#include "notes/query/related.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include "notes/core/json.hpp"
#include "notes/core/text.hpp"
#include "notes/store/index_store.hpp"
#include "notes/store/read_snapshot.hpp"
#include "related_gather.hpp"

namespace notes::query {

using detail::Gatherer;
using detail::Subject;

namespace {

/// A tag this rare or rarer is called "(rare)" in the reasons.
constexpr double k_rare_tag = 0.5;
/// Reasons name at most this many terms.
constexpr std::size_t k_reason_terms = 3;

/// Scores rounded so that sums of the same evidence in another order tie.
double rounded(double score) {
    return std::round(score * 1e9) / 1e9;
}

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

/// One reason per signal that contributes, in words. `titles` holds the
/// titles of the walk's intermediate notes.
std::string reason(RelatedSignal s, const RelatedEvidence& ev, const RelatedCandidate& c,
                   const std::unordered_map<std::int64_t, std::string>& titles) {
    switch (s) {
        case RelatedSignal::explicit_relation:
            if (c.explicit_out && c.explicit_in) {
                return keys_text(c.keys_out) + " both ways (front matter)";
            }
            if (c.explicit_out) return keys_text(c.keys_out) + " (front matter)";
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
        case RelatedSignal::similar_text: {
            std::string out = "similar text";
            for (std::size_t i = 0; i < c.shared_terms.size() && i < k_reason_terms; ++i) {
                out += (i == 0 ? ": " : ", ") + ev.terms[c.shared_terms[i]];
            }
            return out;
        }
        case RelatedSignal::graph_walk: {
            const auto via = titles.find(c.walk_via);
            if (via == titles.end() || c.walk_via == c.id) return "near in the graph";
            return "near in the graph (via " + via->second + ")";
        }
        case RelatedSignal::title_mention:
            if (c.mentioned_here && c.mentions_this) return "each names the other";
            return c.mentioned_here ? "named in the text" : "names this note";
    }
    return {};
}

RelatedList rank(Gatherer& g, IndexStore& store, const RelatedOptions& options) {
    RelatedList list;
    g.gather();
    RelatedEvidence& ev = g.evidence();
    list.terms = ev.terms;
    auto& cands = ev.candidates;
    const SignalValues& weights = options.weights;

    std::vector<double> score(cands.size());
    for (std::size_t i = 0; i < cands.size(); ++i) score[i] = related_score(cands[i].raw, weights);
    // The notes found by a shared tag alone stay aside when the best of them,
    // with all the lazy evidence, stays below the limit-th candidate's score
    // before it: then none of them can reach the list, nor tie with its last
    // (scores are rounded at 1e-9, hence the margin).
    if (g.has_tag_only()) {
        bool aside = false;
        if (options.limit > 0 && cands.size() >= options.limit) {
            std::vector<double> best = score;
            std::nth_element(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(options.limit - 1),
                             best.end(), std::greater<>());
            aside = g.tag_only_best(weights) + g.lazy_bound(weights) + 1e-6 < best[options.limit - 1];
        }
        if (!aside) {
            g.add_tag_only();
            for (std::size_t i = score.size(); i < cands.size(); ++i)
                score.push_back(related_score(cands[i].raw, weights));
        }
    }
    std::vector<std::size_t> order(cands.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto better = [&](std::size_t a, std::size_t b) {
        return score[a] != score[b] ? score[a] > score[b] : cands[a].id < cands[b].id;
    };
    // Only the best are usually needed: the rest is sorted when the lazy
    // pass gets to it (a hub has thousands of candidates).
    std::size_t sorted = std::min<std::size_t>(order.size(), 256);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(sorted),
                      order.end(), better);
    const auto sort_up_to = [&](std::size_t n) {
        if (n <= sorted) return;
        std::sort(order.begin() + static_cast<std::ptrdiff_t>(sorted), order.end(), better);
        sorted = order.size();
    };

    // The lazy signals, best candidates first, until the rest cannot catch up.
    std::unordered_map<std::int64_t, std::string> titles;
    const double bound = g.lazy_bound(weights);
    std::size_t done = order.size();
    if (bound > 0) {
        done = 0;
        std::size_t batch = std::max<std::size_t>(64, 4 * options.limit);
        std::vector<double> best;
        while (done < order.size()) {
            const std::size_t end = std::min(order.size(), done + batch);
            sort_up_to(end + 1);
            std::vector<std::size_t> which(order.begin() + static_cast<std::ptrdiff_t>(done),
                                           order.begin() + static_cast<std::ptrdiff_t>(end));
            g.add_lazy_signals(which, titles);
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
    const auto higher = [&](std::size_t a, std::size_t b) { return score[a] > score[b]; };
    if (ranked.size() > options.limit) {
        // Keep every note tied with the last one: the path decides among them.
        const auto nth = ranked.begin() + static_cast<std::ptrdiff_t>(options.limit - 1);
        std::nth_element(ranked.begin(), nth, ranked.end(), higher);
        const double last = score[*nth];
        ranked.erase(std::remove_if(ranked.begin(), ranked.end(),
                                    [&](std::size_t i) { return score[i] < last; }),
                     ranked.end());
    }
    std::sort(ranked.begin(), ranked.end(), higher);
    if (ranked.empty()) return list;

    g.name_keys(ranked);
    g.name_shared_tags(ranked);
    // Names of the listed notes and of the notes the walk went through.
    std::vector<std::int64_t> ids;
    for (const std::size_t i : ranked) {
        ids.push_back(cands[i].id);
        if (cands[i].walk_via != 0 && !titles.contains(cands[i].walk_via))
            ids.push_back(cands[i].walk_via);
    }
    struct Names {
        std::string path, slug, title;
    };
    std::unordered_map<std::int64_t, Names> names;
    for (const auto& row : store
                               .query("SELECT id, path, slug, title FROM notes WHERE id IN (SELECT "
                                      "value FROM json_each(?))",
                                      {json_int_array(ids)})
                               .rows) {
        const std::int64_t id = std::stoll(row[0].value_or("0"));
        names[id] = {row[1].value_or(""), row[2].value_or(""), row[3].value_or("")};
        titles[id] = row[3].value_or("");
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
        r.path = n.path;
        r.slug = n.slug;
        r.title = n.title;
        r.score = score[i];
        r.raw = c.raw;
        std::vector<RelatedSignal> contributing;
        for (const RelatedSignal s : all_related_signals()) {
            r.contribution[s] = weights[s] * related_strength(s, c.raw[s]);
            if (r.contribution[s] > 0) contributing.push_back(s);
        }
        std::stable_sort(contributing.begin(), contributing.end(),
                         [&](RelatedSignal a, RelatedSignal b) {
                             return r.contribution[a] > r.contribution[b];
                         });
        for (const RelatedSignal s : contributing) r.reasons.push_back(reason(s, ev, c, titles));
    }
    return list;
}

void check_weights(const RelatedOptions& options) {
    for (const double w : options.weights.values) {
        if (!(w >= 0)) throw std::invalid_argument("related weights must be non-negative numbers");
    }
}

bool needs_text(const SignalValues& w) {
    return w[RelatedSignal::similar_text] > 0 || w[RelatedSignal::title_mention] > 0;
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
    for (const RelatedSignal s : all_related_signals()) {
        // A signal without evidence adds nothing (every strength of 0 is 0).
        if (weights[s] != 0 && raw[s] != 0) score += weights[s] * related_strength(s, raw[s]);
    }
    return score;
}

RelatedDraft related_draft(const ParsedNote& note, std::string path) {
    RelatedDraft d;
    d.path = std::move(path);
    // A title taken from the file name is no name the text gives itself.
    if (note.title_source != "slug") d.title = note.title;
    d.text = note.text;
    d.domain = note.domain;
    d.tags = note.tags;
    d.links = note.links;
    for (const Field& f : note.fields) d.keys.push_back(f.key);
    return d;
}

RelatedEvidence gather_related_evidence(IndexStore& store, std::int64_t note_id) {
    const store::ReadSnapshot snapshot(store);
    Gatherer g(store, detail::note_subject(store, note_id, true), nullptr);
    g.gather();
    std::vector<std::size_t> all(g.evidence().candidates.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    std::unordered_map<std::int64_t, std::string> titles;
    g.add_lazy_signals(all, titles);
    g.name_keys(all);
    g.name_shared_tags(all);
    return std::move(g.evidence());
}

RelatedList find_related(IndexStore& store, std::int64_t note_id, const RelatedOptions& options) {
    check_weights(options);
    if (options.limit == 0) return {};
    // One snapshot: one read lock for the forty-odd statements, and answers
    // that agree with each other while an index run commits.
    const store::ReadSnapshot snapshot(store);
    Gatherer g(store, detail::note_subject(store, note_id, needs_text(options.weights)),
               &options.weights);
    return rank(g, store, options);
}

RelatedList find_related(IndexStore& store, const RelatedDraft& draft,
                         const RelatedOptions& options) {
    check_weights(options);
    if (options.limit == 0) return {};
    const store::ReadSnapshot snapshot(store);
    Gatherer g(store, detail::draft_subject(store, draft), &options.weights);
    return rank(g, store, options);
}

}  // namespace notes::query
