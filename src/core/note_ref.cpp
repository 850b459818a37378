#include "notes/note_ref.hpp"

#include <algorithm>

#include "notes/index_store.hpp"
#include "notes/text.hpp"

namespace notes {
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

    // Nothing: suggest the closest slugs and titles. Substring matches rank
    // first, then by edit distance relative to length.
    struct Scored {
        double score;
        NoteMatch match;
    };
    std::vector<Scored> scored;
    const auto all = store.query("SELECT id, path, title, slug_key, title_key FROM notes");
    for (const auto& row : all.rows) {
        const std::string& slug_key = *row[3];
        const std::string& title_key = *row[4];
        double best = 1e9;
        for (const std::string* candidate : {&slug_key, &title_key}) {
            double s;
            if (candidate->find(key) != std::string::npos) {
                s = 0.1 * static_cast<double>(candidate->size() - key.size()) /
                    static_cast<double>(candidate->size() + 1);
            } else {
                const std::size_t d = edit_distance(key, *candidate);
                s = static_cast<double>(d) / static_cast<double>(std::max<std::size_t>(key.size(), 1));
            }
            best = std::min(best, s);
        }
        if (best <= 0.5) {
            scored.push_back({best, NoteMatch{std::stoll(*row[0]), *row[1], row[2].value_or(""), "similar"}});
        }
    }
    std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
        return a.score != b.score ? a.score < b.score : a.match.path < b.match.path;
    });
    for (std::size_t i = 0; i < scored.size() && i < 5; ++i) lookup.suggestions.push_back(scored[i].match);
    return lookup;
}

}  // namespace notes
