// The evidence of links, tags and the domain, and what every signal starts
// from: the subject (a note or a draft) and its neighbourhood in the link
// graph. related.cpp explains the signals and how they are combined.

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

#include "notes/core/json.hpp"
#include "notes/core/resolve.hpp"
#include "notes/core/text.hpp"
#include "related_gather.hpp"

namespace notes::query::detail {

namespace {

std::int64_t int_of(const std::optional<std::string>& s) {
    return s ? std::stoll(*s) : 0;
}

/// splitmix64's finaliser: a fixed, well-spread order for sampling ids.
std::uint64_t mix(std::int64_t id) {
    auto z = static_cast<std::uint64_t>(id) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void add_link(RelatedCandidate& c, const SubjectLink& link, bool out) {
    if (link.body) {
        (out ? c.links_out : c.links_in) = true;
        c.raw[RelatedSignal::direct_link] = (c.links_out ? 1 : 0) + (c.links_in ? 1 : 0);
        return;
    }
    // A front-matter key, a Logseq property, a Dendron hierarchy link: the
    // user's own structure.
    (out ? c.explicit_out : c.explicit_in) = true;
    c.raw[RelatedSignal::explicit_relation] = (c.explicit_out ? 1 : 0) + (c.explicit_in ? 1 : 0);
    auto& keys = out ? c.keys_out : c.keys_in;
    if (!link.kind.empty() && std::find(keys.begin(), keys.end(), link.kind) == keys.end())
        keys.push_back(link.kind);
}

void sort_unique(std::vector<std::int64_t>& ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace

bool is_body_kind(std::string_view kind) {
    return kind == "wiki" || kind == "embed" || kind == "markdown" || kind == "block_ref" ||
           kind == "external";
}

std::string json_strings(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        out += '"';
        for (const char c : items[i]) {
            if (static_cast<unsigned char>(c) < 0x20) {
                static const char* const hex = "0123456789abcdef";
                out += "\\u00";
                out += hex[(c >> 4) & 0xf];
                out += hex[c & 0xf];
                continue;
            }
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "]";
}

double rarity(std::int64_t notes, std::int64_t vault) {
    if (vault < 2 || notes <= 0) return 0;
    const double r = std::log(static_cast<double>(vault) / static_cast<double>(notes)) /
                     std::log(static_cast<double>(vault));
    return std::clamp(r, 0.0, 1.0);
}

double damping(std::size_t degree) {
    return degree <= 2 ? 1.0 : 1.0 / std::log2(static_cast<double>(degree));
}

// --- the subject ---

Subject note_subject(IndexStore& store, std::int64_t id, bool text) {
    Subject s;
    s.id = id;
    const auto note = store.query("SELECT coalesce(domain, '') FROM notes WHERE id = ?", {id});
    if (note.rows.empty()) throw std::invalid_argument("no note with id " + std::to_string(id));
    s.domain = note.rows[0][0].value_or("");
    for (const auto& row :
         store.query("SELECT tag, tag_key FROM tags WHERE note_id = ? ORDER BY tag_key", {id})
             .rows) {
        RelatedTag& tag = s.tags.emplace_back();
        tag.name = row[0].value_or("");
        tag.key = row[1].value_or("");
    }
    for (const auto& row :
         store.query("SELECT DISTINCT key FROM fields WHERE note_id = ? ORDER BY key", {id}).rows) {
        s.keys.push_back(row[0].value_or(""));
    }
    const std::string body = k_is_body_kind_sql;
    const auto out =
        store.query_ints("SELECT target_id, " + body +
                             " FROM links WHERE note_id = ?1 AND target_id IS NOT NULL "
                             "AND target_id <> ?1",
                         {id});
    for (std::size_t i = 0; i + 1 < out.size(); i += 2)
        s.out.push_back({out[i], out[i + 1] != 0, {}});
    // No DISTINCT: a repeated (note, kind) changes nothing, and the temporary
    // b-tree would cost more than the repeats (a hub has thousands of
    // backlinks). links_target covers the kind.
    const auto in = store.query_ints(
        "SELECT note_id, " + body + " FROM links WHERE target_id = ?1 AND note_id <> ?1", {id});
    for (std::size_t i = 0; i + 1 < in.size(); i += 2) s.in.push_back({in[i], in[i + 1] != 0, {}});
    if (text) {
        const auto own = store.query("SELECT title, body FROM notes_fts WHERE rowid = ?", {id});
        if (!own.rows.empty()) {
            s.title = own.rows[0][0].value_or("");
            s.body = own.rows[0][1].value_or("");
        }
        s.has_text = true;
    }
    return s;
}

Subject draft_subject(IndexStore& store, const RelatedDraft& draft) {
    Subject s;
    s.draft = true;
    s.id = draft.note_id.value_or(0);
    s.title = draft.title;
    s.body = draft.text;
    s.has_text = true;
    s.domain = draft.domain;
    for (const Tag& t : draft.tags) {
        const std::string key = text::fold_key(t.name);
        if (std::any_of(s.tags.begin(), s.tags.end(),
                        [&](const RelatedTag& r) { return r.key == key; }))
            continue;
        RelatedTag& tag = s.tags.emplace_back();
        tag.name = t.name;
        tag.key = key;
    }
    std::sort(s.tags.begin(), s.tags.end(),
              [](const RelatedTag& a, const RelatedTag& b) { return a.key < b.key; });
    s.keys = draft.keys;
    std::sort(s.keys.begin(), s.keys.end());
    s.keys.erase(std::unique(s.keys.begin(), s.keys.end()), s.keys.end());

    // The draft's links, resolved as the indexer would resolve them from its path.
    const std::string stored = store.meta("dialect").value_or("obsidian");
    const Dialect dialect =
        parse_dialect(stored.substr(0, stored.find(' '))).value_or(Dialect::obsidian);
    store::IndexNames names(store);
    for (const Link& link : draft.links) {
        if (link.kind == "external") continue;
        Resolution r;
        if (link.kind == "block_ref") {
            r = resolve_block_target(
                names, std::string_view(link.anchor).substr(link.anchor.empty() ? 0 : 1));
        } else {
            if (link.target.empty()) continue;  // a link within the draft
            r = resolve_target(names, draft.path, s.id, link.kind, link.target, dialect);
        }
        if (r.note_id != 0 && r.note_id != s.id)
            s.out.push_back({r.note_id, is_body_kind(link.kind), link.kind});
    }
    if (s.id != 0) {
        const auto in = store.query_ints("SELECT note_id, " + std::string(k_is_body_kind_sql) +
                                             " FROM links WHERE target_id = ?1 AND note_id <> ?1",
                                         {s.id});
        for (std::size_t i = 0; i + 1 < in.size(); i += 2)
            s.in.push_back({in[i], in[i + 1] != 0, {}});
    }
    return s;
}

// --- the link neighbourhood ---

std::vector<std::int64_t> Adjacency::neighbours(std::int64_t id) const {
    std::vector<std::int64_t> all;
    if (const auto o = out.find(id); o != out.end()) all = o->second;
    if (const auto i = in.find(id); i != in.end())
        all.insert(all.end(), i->second.begin(), i->second.end());
    sort_unique(all);
    return all;
}

bool Adjacency::hub(std::int64_t id, std::int64_t cap) const {
    const auto b = backlinks.find(id);
    return b != backlinks.end() && b->second > cap;
}

Adjacency read_adjacency(IndexStore& store, const std::vector<std::int64_t>& ids, std::int64_t cap,
                         const std::vector<std::int64_t>& out_only) {
    Adjacency a;
    // Each note's backlinks are read up to cap + 1 (the covering index
    // links_target): a hub's thousands of sources are never read, and
    // reading more than cap says it is one.
    for (const std::int64_t id : ids) {
        // note_id <> ?1, not <> target_id: a comparison with the parameter
        // reads one column of each row, not two.
        std::vector<std::int64_t> sources = store.query_ints(
            "SELECT note_id FROM links WHERE target_id = ?1 AND note_id <> ?1 LIMIT ?2",
            {id, cap + 1});
        if (sources.empty()) continue;
        a.backlinks[id] = static_cast<std::int64_t>(sources.size());
        if (static_cast<std::int64_t>(sources.size()) <= cap) a.in[id] = std::move(sources);
    }
    std::vector<std::int64_t> all = ids;
    all.insert(all.end(), out_only.begin(), out_only.end());
    sort_unique(all);
    if (!all.empty()) {
        // A link of a note to itself is left out here rather than in SQL,
        // where the test would read both columns of every row once more.
        const auto out = store.query_ints(
            "SELECT note_id, target_id FROM links WHERE note_id IN (SELECT value FROM "
            "json_each(?)) AND target_id IS NOT NULL",
            {json_int_array(all)});
        for (std::size_t i = 0; i + 1 < out.size(); i += 2) {
            if (out[i] != out[i + 1]) a.out[out[i]].push_back(out[i + 1]);
        }
    }
    for (auto* side : {&a.out, &a.in}) {
        for (auto& [id, v] : *side) sort_unique(v);
    }
    return a;
}

// --- the gatherer ---

Gatherer::Gatherer(IndexStore& store, Subject subject, const SignalValues* weights)
    : m_store(store),
      m_complete(weights == nullptr),
      m_weights(weights),
      m_subject(std::move(subject)) {
    m_ev.note_id = m_subject.id;
}

RelatedCandidate& Gatherer::candidate(std::int64_t id) {
    const auto [it, added] = m_index.try_emplace(id, m_ev.candidates.size());
    if (added) {
        m_ev.candidates.emplace_back().id = id;
        m_mention_checked.push_back(false);
    }
    return m_ev.candidates[it->second];
}

void Gatherer::gather() {
    gather_vault();
    // Room for the usual candidates (its links, the other signals' few
    // hundred; complete, the notes of the subject's tags too, which ranking
    // keeps aside) at once: a hub's thousands would otherwise be moved and
    // rehashed several times over.
    std::size_t expected = m_subject.out.size() + m_subject.in.size() + 512;
    if (m_complete) {
        for (const auto& [key, notes] : m_tag_notes) expected += notes.size();
    }
    m_ev.candidates.reserve(expected);
    m_mention_checked.reserve(expected);
    m_index.reserve(expected);
    gather_links();
    // Complete, every tag neighbour is a candidate from the start. Ranking,
    // the tags come last, once every other signal has made its candidates:
    // the tag neighbours that none of them found are kept aside
    // (m_tag_only), and rank() makes them candidates only when one of them
    // could reach the list. The walk adds to every tag neighbour it
    // reaches, as to any candidate (m_tag_neighbours).
    const bool tags = wanted(RelatedSignal::shared_tags);
    if (tags && m_complete) gather_tags();
    const bool co_citation = wanted(RelatedSignal::co_citation);
    const bool targets = wanted(RelatedSignal::shared_targets);
    if (co_citation || targets || wanted(RelatedSignal::graph_walk)) gather_neighbourhood();
    if (co_citation) gather_co_citation();
    if (targets) gather_shared_targets();
    if (wanted(RelatedSignal::similar_text)) gather_text();
    if (wanted(RelatedSignal::title_mention)) gather_mentions_of_subject();
    if (tags && !m_complete) {
        for (const auto& [key, notes] : m_tag_notes)
            m_tag_neighbours.insert(m_tag_neighbours.end(), notes.begin(), notes.end());
        sort_unique(m_tag_neighbours);
    }
    if (wanted(RelatedSignal::graph_walk)) gather_walk();
    if (tags && !m_complete) gather_tags();
}

void Gatherer::gather_vault() {
    m_ev.vault_notes = m_store.committed_note_count();
    // A draft that is not a note counts as one more note of the vault.
    if (m_subject.id == 0) ++m_ev.vault_notes;
    m_ev.domain = m_subject.domain;
    // Counts are bounded: what more than k_common_cap notes share is too
    // common to count (rarity 0), and reading all of them would cost more
    // than everything else.
    const std::int64_t self = m_subject.id == 0 ? 1 : 0;  // a draft that is no note
    if (!m_ev.domain.empty() && wanted(RelatedSignal::same_domain)) {
        // The rows of other notes, up to k_common_cap + 1. fields_key_value
        // covers a count of all the rows (notes.domain has no index); asking
        // it for note_id would read the table row of each, so the subject's
        // own rows are counted apart (through fields_note) and taken off.
        const auto own = m_store.query_ints(
            "SELECT count(*) FROM fields WHERE note_id = ?1 AND key = 'domain' AND value = ?2",
            {m_subject.id, m_ev.domain});
        const std::int64_t own_rows = own.empty() ? 0 : own[0];
        const auto count = m_store.query_ints(
            "SELECT count(*) FROM (SELECT 1 FROM fields WHERE key = 'domain' AND value = ?1 "
            "LIMIT ?2)",
            {m_ev.domain, k_common_cap + 1 + own_rows});
        m_ev.domain_notes = count.empty() ? 0 : count[0] - own_rows;
        if (m_ev.domain_notes + 1 <= k_common_cap)
            m_domain_rarity = rarity(m_ev.domain_notes + 1, m_ev.vault_notes);
    }
    if (!wanted(RelatedSignal::shared_tags) && !wanted(RelatedSignal::graph_walk)) return;
    for (RelatedTag tag : m_subject.tags) {
        // Its notes, up to k_common_cap + 1: all of them, or "too common".
        std::vector<std::int64_t> notes = m_store.query_ints(
            "SELECT note_id FROM tags WHERE tag_key = ? LIMIT ?", {tag.key, k_common_cap + 1});
        tag.notes = std::max<std::int64_t>(static_cast<std::int64_t>(notes.size()) + self, 1);
        tag.rarity = tag.notes <= k_common_cap ? rarity(tag.notes, m_ev.vault_notes) : 0;
        if (tag.notes <= k_common_cap) {
            notes.erase(std::remove(notes.begin(), notes.end(), m_subject.id), notes.end());
            std::sort(notes.begin(), notes.end());  // for name_shared_tags(); the index gives them so
            m_tag_notes[tag.key] = std::move(notes);
        }
        m_ev.tags.push_back(std::move(tag));
    }
}

void Gatherer::gather_links() {
    for (const SubjectLink& l : m_subject.out) {
        m_targets.push_back(l.note);
        add_link(candidate(l.note), l, true);
    }
    for (const SubjectLink& l : m_subject.in) {
        m_citing.push_back(l.note);
        add_link(candidate(l.note), l, false);
    }
    sort_unique(m_targets);
    sort_unique(m_citing);
}

void Gatherer::gather_tags() {
    // Summed tag by tag, in the same order either way (the same doubles).
    std::vector<double> aside(m_tag_neighbours.size(), 0.0);
    for (std::size_t t = 0; t < m_ev.tags.size(); ++t) {
        const auto notes = m_tag_notes.find(m_ev.tags[t].key);
        if (notes == m_tag_notes.end()) continue;
        const double rarity = m_ev.tags[t].rarity;
        for (const std::int64_t id : notes->second) {
            if (m_complete) {
                candidate(id).raw[RelatedSignal::shared_tags] += rarity;
            } else if (const auto found = m_index.find(id); found != m_index.end()) {
                m_ev.candidates[found->second].raw[RelatedSignal::shared_tags] += rarity;
            } else {
                // m_tag_neighbours holds every note of every tag.
                const auto at = std::lower_bound(m_tag_neighbours.begin(), m_tag_neighbours.end(), id);
                if (at != m_tag_neighbours.end() && *at == id)
                    aside[static_cast<std::size_t>(at - m_tag_neighbours.begin())] += rarity;
            }
        }
    }
    for (std::size_t i = 0; i < aside.size(); ++i) {
        if (aside[i] != 0) m_tag_only.emplace_back(m_tag_neighbours[i], aside[i]);
    }
}

double Gatherer::tag_only_best(const SignalValues& weights) const {
    double most = 0;
    for (const auto& [id, raw] : m_tag_only) most = std::max(most, raw);
    if (!(most > 0)) return 0;
    return weights[RelatedSignal::shared_tags] * related_strength(RelatedSignal::shared_tags, most);
}

void Gatherer::add_tag_only() {
    for (const auto& [id, raw] : m_tag_only) candidate(id).raw[RelatedSignal::shared_tags] = raw;
    m_tag_only.clear();
}

void Gatherer::name_shared_tags(const std::vector<std::size_t>& which) {
    for (std::size_t t = 0; t < m_ev.tags.size(); ++t) {
        const auto notes = m_tag_notes.find(m_ev.tags[t].key);
        if (notes == m_tag_notes.end()) continue;
        for (const std::size_t i : which) {
            RelatedCandidate& c = m_ev.candidates[i];
            if (std::binary_search(notes->second.begin(), notes->second.end(), c.id)) c.shared_tags.push_back(t);
        }
    }
}

void Gatherer::gather_neighbourhood() {
    // A note cited by very many notes uses fixed samples of them, in an order
    // by a hash of their ids (so that every run agrees): the walk leaves by
    // the first k_walk_citing_notes, co-citation counts the first
    // k_max_citing_notes (scaled up) unless every signal must be exact.
    std::vector<std::int64_t> by_hash = m_citing;
    std::sort(by_hash.begin(), by_hash.end(), [](std::int64_t a, std::int64_t b) {
        return std::make_pair(mix(a), a) < std::make_pair(mix(b), b);
    });
    m_walk_citing.assign(by_hash.begin(),
                         by_hash.begin() + static_cast<std::ptrdiff_t>(
                                               std::min(by_hash.size(), k_walk_citing_notes)));
    std::sort(m_walk_citing.begin(), m_walk_citing.end());
    if (!m_complete && m_citing.size() > k_max_citing_notes) {
        m_ev.co_citation_scale =
            static_cast<double>(m_citing.size()) / static_cast<double>(k_max_citing_notes);
        m_citing.assign(by_hash.begin(),
                        by_hash.begin() + static_cast<std::ptrdiff_t>(k_max_citing_notes));
        std::sort(m_citing.begin(), m_citing.end());
    }
    // The targets (shared targets, the walk) and the walk's citing notes
    // need their neighbours both ways; the other citing notes only their
    // links out (co-citation).
    std::vector<std::int64_t> both = m_targets;
    both.insert(both.end(), m_walk_citing.begin(), m_walk_citing.end());
    sort_unique(both);
    m_adjacency = read_adjacency(m_store, both, k_common_cap, m_citing);
}

void Gatherer::gather_co_citation() {
    // Every note each citing note links to, damped by how much it links.
    for (const std::int64_t citing : m_citing) {
        const auto it = m_adjacency.out.find(citing);
        if (it == m_adjacency.out.end()) continue;
        const double weight = damping(it->second.size()) * m_ev.co_citation_scale;
        for (const std::int64_t target : it->second) {
            if (target == m_subject.id) continue;
            RelatedCandidate& c = candidate(target);
            c.raw[RelatedSignal::co_citation] += weight;
            ++c.co_citing_notes;
        }
    }
}

void Gatherer::gather_shared_targets() {
    // Every note linking to each target, damped by how linked-to it is. A
    // target with more than k_common_cap backlinks (a hub) is too common to
    // count, like a tag on that many notes.
    for (const std::int64_t target : m_targets) {
        if (m_adjacency.hub(target, k_common_cap)) continue;
        const auto it = m_adjacency.in.find(target);
        if (it == m_adjacency.in.end()) continue;
        // The subject counts among the sources even when it is a draft.
        std::size_t sources = it->second.size();
        if (m_subject.id == 0 ||
            !std::binary_search(it->second.begin(), it->second.end(), m_subject.id))
            ++sources;
        const double weight = damping(sources);
        for (const std::int64_t source : it->second) {
            if (source == m_subject.id) continue;
            RelatedCandidate& c = candidate(source);
            c.raw[RelatedSignal::shared_targets] += weight;
            ++c.shared_target_notes;
        }
    }
}

// --- naming the keys of explicit relations ---

void Gatherer::name_keys(const std::vector<std::size_t>& which) {
    if (m_subject.id == 0) return;
    std::vector<std::int64_t> out, in;
    std::unordered_map<std::int64_t, std::size_t> position;
    for (const std::size_t i : which) {
        const RelatedCandidate& c = m_ev.candidates[i];
        // A draft's own links were named when it was parsed.
        if (c.explicit_out && !m_subject.draft && c.keys_out.empty()) out.push_back(c.id);
        if (c.explicit_in && c.keys_in.empty()) in.push_back(c.id);
        position.emplace(c.id, i);
    }
    auto add = [&](const std::string& sql, const std::vector<std::int64_t>& ids, bool outgoing) {
        if (ids.empty()) return;
        for (const auto& row : m_store.query(sql, {m_subject.id, json_int_array(ids)}).rows) {
            RelatedCandidate& c = m_ev.candidates[position.at(int_of(row[0]))];
            auto& keys = outgoing ? c.keys_out : c.keys_in;
            const std::string kind = row[1].value_or("");
            if (std::find(keys.begin(), keys.end(), kind) == keys.end()) keys.push_back(kind);
        }
    };
    const std::string body = k_body_kinds_sql;
    add("SELECT target_id, kind FROM links WHERE note_id = ?1 AND target_id IN (SELECT value FROM "
        "json_each(?2)) AND kind NOT IN " +
            body + " ORDER BY id",
        out, true);
    add("SELECT note_id, kind FROM links WHERE target_id = ?1 AND note_id IN (SELECT value FROM "
        "json_each(?2)) AND kind NOT IN " +
            body + " ORDER BY id",
        in, false);
}

// --- the lazy pass ---

double Gatherer::lazy_bound(const SignalValues& weights) const {
    double bound = 0;
    if (wanted(RelatedSignal::same_domain))
        bound += weights[RelatedSignal::same_domain] * m_domain_rarity;
    if (!m_words.empty()) bound += weights[RelatedSignal::title_mention];
    return bound;
}

void Gatherer::add_lazy_signals(const std::vector<std::size_t>& which,
                                std::unordered_map<std::int64_t, std::string>& titles) {
    if (which.empty()) return;
    std::vector<std::int64_t> ids;
    ids.reserve(which.size());
    std::unordered_map<std::int64_t, std::size_t> position;
    for (const std::size_t i : which) {
        ids.push_back(m_ev.candidates[i].id);
        position.emplace(m_ev.candidates[i].id, i);
    }
    const bool domain = m_domain_rarity > 0 && wanted(RelatedSignal::same_domain);
    const auto rows = m_store.query(
        "SELECT id, coalesce(domain, ''), title FROM notes WHERE id IN (SELECT value FROM "
        "json_each(?))",
        {json_int_array(ids)});
    for (const auto& row : rows.rows) {
        const std::int64_t id = int_of(row[0]);
        titles[id] = row[2].value_or("");
        if (!domain || !text::iequals_ascii(row[1].value_or(""), m_ev.domain)) continue;
        RelatedCandidate& c = m_ev.candidates[position.at(id)];
        c.same_domain = true;
        c.raw[RelatedSignal::same_domain] = m_domain_rarity;
    }
    if (wanted(RelatedSignal::title_mention)) add_mentions_in_subject(which, titles);
}

}  // namespace notes::query::detail
