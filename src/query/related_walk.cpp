// The walk signal of `related`: where a short random walk from the subject
// ends.
//
// The other link signals look one step away (links) or two (co-citation:
// N ← X → C; shared targets: N → T ← C). Much of what a researcher links is
// three steps away: notes like this one link to it. A movie's note shares
// its front-matter keys (director, cast, rating) with the movie template, and
// the template links to the Movies category; a Logseq property page shares
// its target with other property pages, and they all say `type:: [[Property]]`;
// a Dendron note's parent's other children link to the page it will link to.
//
// So: a random walk of three steps from the subject N over an undirected
// graph of notes and of two kinds of group — a tag (its notes) and a
// front-matter key (the notes that have it, empty or not: a template's
// empty keys are its shape). Step 1 leaves N by a
// link (either way) with probability ½, by one of its tags ¼, by one of its
// keys ¼ (a kind N does not have gives its share to the others), uniformly
// within the kind. Step 2 goes from a note to one of its link neighbours,
// from a group to one of its notes. Step 3 follows links only, from the
// k_walk_expanded most probable notes of step 2: notes like N, and the
// notes they link with. The raw value of C is its probability after three
// steps over that of the most probable note, so 1 for the best.
//
// It stays local and cheap: a note or group with more than k_walk_cap (256)
// members (a hub, a tag on half the vault, a key every note has) is not
// walked through — it says little about any one of its members, and reading
// it would cost more than the rest — and its share of the walk is lost. (On
// the real vaults of the evaluation, a cap of 200 and one of 1,000 gave the
// same rankings.)
// The neighbourhood of N's links is read once for co-citation, shared
// targets and the walk (read_adjacency); step 3 reads that of up to 64 notes
// more (those of the neighbourhood read already are not read again).

#include <algorithm>
#include <unordered_map>

#include "related_gather.hpp"

namespace notes::query::detail {

namespace {

/// Notes and groups with more members are not walked through.
constexpr std::int64_t k_walk_cap = 256;
/// Step 3 starts from this many of step 2's most probable notes.
constexpr std::size_t k_walk_expanded = 64;
/// Notes found by the walk alone that become candidates (the most probable).
constexpr std::size_t k_walk_results = 200;
/// Step 1's shares: links, tags, keys.
constexpr double k_share_links = 0.5, k_share_tags = 0.25, k_share_keys = 0.25;

}  // namespace

void Gatherer::gather_walk() {
    std::vector<std::int64_t> linked = m_targets;
    linked.insert(linked.end(), m_walk_citing.begin(), m_walk_citing.end());
    std::sort(linked.begin(), linked.end());
    linked.erase(std::unique(linked.begin(), linked.end()), linked.end());

    // The groups of step 1: the tags enumerated already, and the keys with
    // at most k_walk_cap notes.
    std::vector<std::pair<double, const std::vector<std::int64_t>*>> tag_groups;  // (size, notes)
    for (const RelatedTag& tag : m_ev.tags) {
        const auto it = m_tag_notes.find(tag.key);
        if (it != m_tag_notes.end() && tag.notes <= k_walk_cap)
            tag_groups.emplace_back(static_cast<double>(tag.notes), &it->second);
    }
    std::unordered_map<std::string, std::vector<std::int64_t>> key_notes;
    std::vector<std::string> small_keys;
    for (const std::string& key : m_subject.keys) {
        // Rows, not notes (a list value has a row per item): at most cap rows
        // when there is no row past them, through the covering index (skipping
        // rows costs less than counting them); a key with more rows than the
        // cap has too many notes, or nearly.
        const auto past = m_store.query_ints("SELECT 1 FROM fields WHERE key = ? LIMIT 1 OFFSET ?",
                                             {key, k_walk_cap});
        if (past.empty()) small_keys.push_back(key);
    }
    if (!small_keys.empty()) {
        for (const auto& row : m_store
                                   .query("SELECT DISTINCT key, note_id FROM fields WHERE key IN "
                                          "(SELECT value FROM json_each(?))",
                                          {json_strings(small_keys)})
                                   .rows) {
            key_notes[row[0].value_or("")].push_back(std::stoll(row[1].value_or("0")));
        }
    }
    // The subject is a member of its groups (a draft that is no note: one more).
    const double self = m_subject.id == 0 ? 1 : 0;

    double share_links = linked.empty() ? 0 : k_share_links;
    double share_tags = m_ev.tags.empty() ? 0 : k_share_tags;
    double share_keys = m_subject.keys.empty() ? 0 : k_share_keys;
    const double total = share_links + share_tags + share_keys;
    if (!(total > 0)) return;
    share_links /= total;
    share_tags /= total;
    share_keys /= total;

    // Step 2: from each first step to its neighbours.
    std::unordered_map<std::int64_t, double> p2;
    const double per_link = linked.empty() ? 0 : share_links / static_cast<double>(linked.size());
    for (const std::int64_t x : linked) {
        if (m_adjacency.hub(x, k_walk_cap)) continue;
        const std::vector<std::int64_t> next = m_adjacency.neighbours(x);
        if (next.empty() || static_cast<std::int64_t>(next.size()) > k_walk_cap) continue;
        for (const std::int64_t y : next) p2[y] += per_link / static_cast<double>(next.size());
    }
    const double per_tag =
        share_tags / static_cast<double>(std::max<std::size_t>(m_ev.tags.size(), 1));
    for (const auto& [size, notes] : tag_groups) {
        for (const std::int64_t y : *notes) p2[y] += per_tag / (size + self);
    }
    const double per_key =
        share_keys / static_cast<double>(std::max<std::size_t>(m_subject.keys.size(), 1));
    for (const auto& [key, notes] : key_notes) {
        for (const std::int64_t y : notes) {
            if (y != m_subject.id) p2[y] += per_key / (static_cast<double>(notes.size()) + self);
        }
    }

    // Step 3, from the most probable notes of step 2, by links.
    std::vector<std::pair<std::int64_t, double>> top;
    double back = 0;  // the walk back at the subject: it leaves by a link again
    for (const auto& [id, mass] : p2) {
        if (id == m_subject.id && m_subject.id != 0) {
            back = mass;
        } else {
            top.emplace_back(id, mass);
        }
    }
    const auto likelier = [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    if (top.size() > k_walk_expanded) {
        std::nth_element(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(k_walk_expanded),
                         top.end(), likelier);
        top.resize(k_walk_expanded);
    }
    std::sort(top.begin(), top.end(), likelier);  // a fixed order: ties for "via" go to the first
    // The subject's link neighbours (`linked`) were read both ways already,
    // with a larger cap (k_common_cap): their hubs and neighbours are the
    // same at k_walk_cap. Only the others are read.
    std::vector<std::int64_t> ids;
    for (const auto& [id, mass] : top) {
        if (!std::binary_search(linked.begin(), linked.end(), id)) ids.push_back(id);
    }
    const Adjacency others = read_adjacency(m_store, ids, k_walk_cap);
    const auto adjacency_of = [&](std::int64_t id) -> const Adjacency& {
        return std::binary_search(linked.begin(), linked.end(), id) ? m_adjacency : others;
    };
    struct End {
        double mass = 0;
        double best = 0;  ///< the largest share from one note of step 2
        std::int64_t via = 0;
    };
    std::unordered_map<std::int64_t, End> p3;
    for (const auto& [y, mass] : top) {
        const Adjacency& more = adjacency_of(y);
        if (more.hub(y, k_walk_cap)) continue;
        const std::vector<std::int64_t> next = more.neighbours(y);
        if (next.empty() || static_cast<std::int64_t>(next.size()) > k_walk_cap) continue;
        const double each = mass / static_cast<double>(next.size());
        for (const std::int64_t z : next) {
            End& e = p3[z];
            e.mass += each;
            if (each > e.best) {
                e.best = each;
                e.via = y;
            }
        }
    }
    for (const std::int64_t x : linked) p3[x].mass += back * per_link;

    double most = 0;
    for (const auto& [id, end] : p3) {
        if (id != m_subject.id) most = std::max(most, end.mass);
    }
    if (!(most > 0)) return;
    // The walk's own finds: the most probable; the others only add to
    // candidates that other signals found (the tags' notes among them).
    std::vector<std::pair<std::int64_t, double>> found;
    for (const auto& [id, end] : p3) {
        if (id == m_subject.id) continue;
        if (m_complete || m_index.contains(id) ||
            std::binary_search(m_tag_neighbours.begin(), m_tag_neighbours.end(), id)) {
            RelatedCandidate& c = candidate(id);
            c.raw[RelatedSignal::graph_walk] = end.mass / most;
            c.walk_via = end.via;
        } else {
            found.emplace_back(id, end.mass);
        }
    }
    if (found.size() > k_walk_results) {
        std::nth_element(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(k_walk_results),
                         found.end(), likelier);
        found.resize(k_walk_results);
    }
    for (const auto& [id, mass] : found) {
        RelatedCandidate& c = candidate(id);
        c.raw[RelatedSignal::graph_walk] = mass / most;
        c.walk_via = p3[id].via;
    }
}

}  // namespace notes::query::detail
