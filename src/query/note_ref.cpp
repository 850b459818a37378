#include "notes/query/note_ref.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <optional>
#include <type_traits>
#include <unordered_map>

#include "notes/store/index_store.hpp"
#include "notes/core/json.hpp"
#include "notes/core/text.hpp"

namespace notes::query {

using store::QueryResult;
namespace {

std::vector<NoteMatch> matches_of(const QueryResult& r, const char* how) {
    std::vector<NoteMatch> out;
    for (const auto& row : r.rows) {
        out.push_back(NoteMatch{std::stoll(row[0].value_or("0")), row[1].value_or(""), row[2].value_or(""), how});
    }
    return out;
}

std::u32string code_points(std::string_view s) {
    std::u32string out;
    std::size_t i = 0;
    while (i < s.size()) out.push_back(text::decode(s, i));
    return out;
}

/// No byte of `s` has its high bit set (eight bytes at a time).
bool is_ascii(std::string_view s) {
    std::uint64_t bits = 0;
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, s.data() + i, 8);
        bits |= word;
    }
    for (; i < s.size(); ++i) bits |= static_cast<unsigned char>(s[i]);
    return (bits & 0x8080808080808080ULL) == 0;
}

/// How close `key` is to one slug or title: a name containing it scores
/// below 0.1 (the less else it holds, the lower), any other by edit distance
/// relative to the key's length. Scores above `bound` are not worth knowing:
/// nullopt then.
std::optional<double> closeness(const std::string& key, const EditDistanceFrom& distance,
                                std::string_view candidate, double bound) {
    if (candidate.find(key) != std::string_view::npos) {
        const double s = 0.1 * static_cast<double>(candidate.size() - key.size()) /
                         static_cast<double>(candidate.size() + 1);
        if (s <= bound) return s;
        return std::nullopt;
    }
    const double length = static_cast<double>(std::max<std::size_t>(key.size(), 1));
    // The largest distance within the bound, plus one against rounding; the
    // exact comparison is below.
    const auto limit = static_cast<std::size_t>(bound * length) + 1;
    const std::size_t d = distance.to(candidate, limit);
    if (d > limit) return std::nullopt;
    const double s = static_cast<double>(d) / length;
    if (s <= bound) return s;
    return std::nullopt;
}

/// Calls fn(key) for the key in `column` (slug_key or title_key) of every
/// note. The keys come from the column's index, all in one row, joined with
/// NUL: a row per note would cost several times the comparisons themselves.
/// A key that holds a NUL itself (a title could) would be split in two, so
/// the keys are counted, and read a row each if the counts disagree.
template <typename Fn>
void for_each_key(IndexStore& store, const std::string& column, Fn fn) {
    const auto all =
        store.query("SELECT count(" + column + "), group_concat(" + column + ", char(0)) FROM notes");
    if (all.rows.empty() || !all.rows[0][1]) return;
    const std::string_view keys = *all.rows[0][1];
    std::vector<std::string_view> split;
    for (std::size_t start = 0;;) {
        const std::size_t nul = keys.find('\0', start);
        split.push_back(keys.substr(start, nul == std::string_view::npos ? nul : nul - start));
        if (nul == std::string_view::npos) break;
        start = nul + 1;
    }
    if (split.size() == std::stoull(all.rows[0][0].value_or("0"))) {
        for (const std::string_view k : split) fn(k);
        return;
    }
    for (const auto& row : store.query("SELECT " + column + " FROM notes").rows) {
        if (row[0]) fn(std::string_view(*row[0]));
    }
}

/// Up to five notes whose slug or title is closest to `key` (see closeness();
/// nothing scoring above 0.5), best first, equal scores in path order.
///
/// Every slug and every title is compared, but cheaply: the keys come from
/// their indexes (not the wide notes rows), the edit distance is
/// bit-parallel and stops as soon as it cannot come within the bound, and
/// the bound tightens to the fifth best score found so far. Only the keys
/// that stay within it are looked up again, for their notes' ids and paths.
std::vector<NoteMatch> suggest_notes(IndexStore& store, const std::string& key) {
    constexpr std::size_t k_suggestions = 5;
    const EditDistanceFrom distance(key);
    double bound = 0.5;
    // Per column, the keys within the bound (when they were compared) and the
    // k_suggestions best scores (a max-heap). Within one column every key is
    // one note, so the fifth best of either heap is at least the fifth best
    // note's score: a safe bound.
    struct Column {
        const char* name;
        std::unordered_map<std::string, double> kept;
        std::vector<double> best;
    };
    std::array<Column, 2> columns{Column{"slug_key", {}, {}}, Column{"title_key", {}, {}}};
    for (Column& column : columns) {
        for_each_key(store, column.name, [&](std::string_view candidate) {
            const auto s = closeness(key, distance, candidate, bound);
            if (!s) return;
            column.kept.emplace(candidate, *s);
            column.best.push_back(*s);
            std::push_heap(column.best.begin(), column.best.end());
            if (column.best.size() > k_suggestions) {
                std::pop_heap(column.best.begin(), column.best.end());
                column.best.pop_back();
            }
            if (column.best.size() == k_suggestions) bound = std::min(bound, column.best.front());
        });
    }

    // The notes of the keys kept, each with its better score.
    std::unordered_map<std::int64_t, std::pair<double, NoteMatch>> notes;
    for (const Column& column : columns) {
        std::vector<std::string> keys;
        for (const auto& [k, s] : column.kept) {
            if (s <= bound) keys.push_back(k);
        }
        if (keys.empty()) continue;
        JsonWriter list;
        list.begin_array();
        for (const auto& k : keys) list.value(k);
        list.end_array();
        const auto rows = store.query(std::string("SELECT id, path, title, ") + column.name +
                                          " FROM notes WHERE " + column.name +
                                          " IN (SELECT value FROM json_each(?))",
                                      {list.take()});
        for (const auto& row : rows.rows) {
            const std::int64_t id = std::stoll(row[0].value_or("0"));
            const double s = column.kept.at(row[3].value_or(""));
            auto [it, added] = notes.try_emplace(
                id, s, NoteMatch{id, row[1].value_or(""), row[2].value_or(""), "similar"});
            if (!added) it->second.first = std::min(it->second.first, s);
        }
    }
    std::vector<std::pair<double, NoteMatch>> scored;
    scored.reserve(notes.size());
    for (auto& [id, entry] : notes) scored.push_back(std::move(entry));
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second.path < b.second.path;
    });
    std::vector<NoteMatch> out;
    for (std::size_t i = 0; i < scored.size() && i < k_suggestions; ++i)
        out.push_back(std::move(scored[i].second));
    return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::u32string x = code_points(a);
    const std::u32string y = code_points(b);
    std::vector<std::size_t> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[y.size()];
}

EditDistanceFrom::EditDistanceFrom(std::string_view pattern) : m_length(code_points(pattern).size()) {
    const std::u32string p = code_points(pattern);
    m_blocks = (p.size() + 63) / 64;
    m_ascii.assign(128 * m_blocks, 0);
    for (std::size_t i = 0; i < p.size(); ++i) {
        const std::uint64_t bit = std::uint64_t{1} << (i % 64);
        std::uint64_t* masks = nullptr;
        if (p[i] < 128) {
            masks = &m_ascii[p[i] * m_blocks];
        } else {
            auto it = std::find_if(m_other.begin(), m_other.end(),
                                   [&](const auto& entry) { return entry.first == p[i]; });
            if (it == m_other.end()) {
                m_other.emplace_back(p[i], std::vector<std::uint64_t>(m_blocks, 0));
                it = std::prev(m_other.end());
            }
            masks = it->second.data();
        }
        masks[i / 64] |= bit;
    }
    m_zero.assign(m_blocks, 0);
}

std::size_t EditDistanceFrom::to(std::string_view text, std::size_t limit) const {
    if (is_ascii(text)) return distance(text, limit);
    m_text.resize(text.size());
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size();) m_text[n++] = text::decode(text, i);
    m_text.resize(n);
    return distance(std::u32string_view(m_text), limit);
}

template <typename Text>
std::size_t EditDistanceFrom::distance(Text text, std::size_t limit) const {
    const std::size_t m = m_length;
    const std::size_t n = text.size();
    if ((m > n ? m - n : n - m) > limit) return limit + 1;
    if (m == 0) return n;
    auto matches = [&](auto c) -> const std::uint64_t* {
        const auto code = static_cast<char32_t>(static_cast<std::make_unsigned_t<decltype(c)>>(c));
        if (code < 128) return &m_ascii[code * m_blocks];
        for (const auto& [cp, masks] : m_other) {
            if (cp == code) return masks.data();
        }
        return m_zero.data();
    };

    // Myers' bit-vector algorithm in Hyyrö's blocked form: bit i of a block
    // holds the vertical delta D[i][j] - D[i-1][j] of one column of the
    // dynamic-programming table as +1 (pv) or -1 (mv); each text character
    // advances the column by a few word operations per 64 pattern characters.
    // `score` follows the bottom row, D[m][j]. The top row is D[0][j] = j:
    // a horizontal delta of +1 enters the first block.
    const std::uint64_t last_bit = std::uint64_t{1} << ((m - 1) % 64);
    std::size_t score = m;
    if (m_blocks == 1) {
        std::uint64_t pv = ~std::uint64_t{0};
        std::uint64_t mv = 0;
        for (std::size_t j = 0; j < n; ++j) {
            const std::uint64_t eq = *matches(text[j]);
            const std::uint64_t xv = eq | mv;
            const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
            std::uint64_t ph = mv | ~(xh | pv);
            std::uint64_t mh = pv & xh;
            if ((ph & last_bit) != 0) {
                ++score;
            } else if ((mh & last_bit) != 0) {
                --score;
            }
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | ~(xv | ph);
            mv = ph & xv;
            // The bottom row falls by at most one per remaining column.
            if (score > limit + (n - j - 1)) return limit + 1;
        }
        return std::min(score, limit + 1);
    }

    m_pv.assign(m_blocks, ~std::uint64_t{0});
    m_mv.assign(m_blocks, 0);
    const std::size_t last = m_blocks - 1;
    constexpr std::uint64_t k_high = std::uint64_t{1} << 63;
    for (std::size_t j = 0; j < n; ++j) {
        const std::uint64_t* eq_blocks = matches(text[j]);
        int carry = 1;
        for (std::size_t b = 0; b < m_blocks; ++b) {
            std::uint64_t eq = eq_blocks[b];
            const std::uint64_t pv = m_pv[b];
            const std::uint64_t mv = m_mv[b];
            const std::uint64_t xv = eq | mv;
            if (carry < 0) eq |= 1;
            const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
            std::uint64_t ph = mv | ~(xh | pv);
            std::uint64_t mh = pv & xh;
            const std::uint64_t out = b == last ? last_bit : k_high;
            const int carry_out = (ph & out) != 0 ? 1 : (mh & out) != 0 ? -1 : 0;
            ph = (ph << 1) | (carry > 0 ? 1 : 0);
            mh = (mh << 1) | (carry < 0 ? 1 : 0);
            m_pv[b] = mh | ~(xv | ph);
            m_mv[b] = ph & xv;
            carry = carry_out;
        }
        score = carry > 0 ? score + 1 : carry < 0 ? score - 1 : score;
        if (score > limit + (n - j - 1)) return limit + 1;
    }
    return std::min(score, limit + 1);
}

NoteLookup find_note(IndexStore& store, std::string_view arg) {
    NoteLookup lookup;
    std::string key = text::fold_key(text::collapse_whitespace(arg));
    while (key.size() > 2 && key.compare(0, 2, "./") == 0) key.erase(0, 2);
    if (key.empty()) return lookup;

    constexpr const char* k_select = "SELECT n.id, n.path, n.title FROM notes n ";
    // A path: exact ("index-tuning.md"), or without the extension when it
    // names a folder ("projects/index-tuning"). A bare name is a slug first,
    // so that a slug shared by several folders is reported as ambiguous
    // rather than silently taken from the root.
    // The slug (the file name's stem) narrows the search through its index
    // before the path is compared.
    const bool has_folder = key.find('/') != std::string::npos;
    const auto slash = key.rfind('/');
    const std::string name = key.substr(slash == std::string::npos ? 0 : slash + 1);
    std::string stem = name;
    for (const char* ext : {".md", ".markdown"}) {
        const std::string_view e(ext);
        if (stem.size() > e.size() && stem.compare(stem.size() - e.size(), e.size(), e) == 0) {
            stem.resize(stem.size() - e.size());
            break;
        }
    }
    auto paths = store.query(std::string(k_select) + "WHERE n.slug_key IN (?2, ?3) AND " +
                                 (has_folder ? "n.path_key IN (?1, ?1 || '.md', ?1 || '.markdown') "
                                             : "n.path_key = ?1 ") +
                                 "ORDER BY n.path",
                             {key, name, stem});
    lookup.matches = matches_of(paths, "path");
    if (!lookup.matches.empty()) return lookup;

    const std::pair<const char*, const char*> k_kinds[] = {
        {"WHERE n.slug_key = ? ORDER BY n.path", "slug"},
        {"WHERE n.title_key = ? ORDER BY n.path", "title"},
        {"JOIN aliases a ON a.note_id = n.id WHERE a.alias_key = ? GROUP BY n.id ORDER BY n.path", "alias"},
    };
    for (const auto& [where, how] : k_kinds) {
        lookup.matches = matches_of(store.query(std::string(k_select) + where, {key}), how);
        if (!lookup.matches.empty()) return lookup;
    }

    lookup.suggestions = suggest_notes(store, key);
    return lookup;
}

}  // namespace notes::query
