// Link resolution, deterministic and Obsidian-compatible.
//
// A target is compared by its folded key (".md" removed, NFC, case-folded),
// so `[[My Note]]`, `[[my note.md]]` and an NFD-named `My Note.md` agree.
// The rules, in order, each tried only when the earlier ones found nothing:
//   1. a target holding '/' names a path: from the vault root, else relative
//      to the linking note's folder (Markdown links try the folder first, as
//      a Markdown renderer would), else any note whose path ends with it;
//   2. otherwise a slug (file name without extension); with several notes of
//      that slug the one in the linking note's folder wins, else the shortest
//      path, else the first in path order;
//   3. an alias, then a title (first in path order when shared);
//   4. otherwise the link is broken. It resolves by itself on a later run once
//      a matching note exists, because every run resolves against the
//      current set of notes.
// Candidate lists are kept in path order, so every tie-break is a scan.

#include "notes/core/resolve.hpp"

#include <algorithm>

#include "notes/core/text.hpp"
#include "notes/core/paths.hpp"

namespace notes {
namespace {

std::string_view strip_note_extension(std::string_view s) {
    if (is_note_file_name(s)) {
        const auto dot = s.rfind('.');
        const auto slash = s.rfind('/');
        if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash + 1)) {
            return s.substr(0, dot);
        }
    }
    return s;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string target_key(std::string_view target) {
    return text::fold_key(strip_note_extension(trim(target)));
}

std::string join_vault_path(std::string_view folder, std::string_view relative) {
    std::vector<std::string_view> parts;
    auto push_segments = [&](std::string_view s) -> bool {
        std::size_t start = 0;
        while (start <= s.size()) {
            auto slash = s.find('/', start);
            if (slash == std::string_view::npos) slash = s.size();
            const std::string_view seg = s.substr(start, slash - start);
            if (seg == "..") {
                if (parts.empty()) return false;
                parts.pop_back();
            } else if (!seg.empty() && seg != ".") {
                parts.push_back(seg);
            }
            start = slash + 1;
        }
        return true;
    };
    if (!push_segments(folder) || !push_segments(relative)) return {};
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out.push_back('/');
        out.append(p);
    }
    return out;
}

LinkResolver::LinkResolver(std::vector<NoteName> notes) {
    std::sort(notes.begin(), notes.end(),
              [](const NoteName& a, const NoteName& b) { return a.path < b.path; });
    m_notes.reserve(notes.size());
    for (std::size_t i = 0; i < notes.size(); ++i) {
        NoteName& n = notes[i];
        m_notes.push_back(Entry{n.id, n.path, text::fold_key(folder_of(n.path))});
        m_by_path[text::fold_key(strip_note_extension(n.path))].push_back(i);
        m_by_slug[text::fold_key(slug_of(n.path))].push_back(i);
        for (const auto& alias : n.aliases) {
            auto& list = m_by_alias[text::fold_key(trim(alias))];
            if (list.empty() || list.back() != i) list.push_back(i);
        }
        if (!n.title.empty()) m_by_title[text::fold_key(n.title)].push_back(i);
    }
}

namespace {

// The rules, once, for both ways of looking names up. A `Names` answers
// path(key), slug(key), alias(key) and title(key) with a list in path order
// that has size(), id(k), path(k) and folder_key(k).
template <typename Names>
std::int64_t pick(const typename Names::List& candidates, std::string_view source_folder_key) {
    if (candidates.size() == 1) return candidates.id(0);
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        if (candidates.folder_key(k) == source_folder_key) return candidates.id(k);
    }
    std::size_t best = 0;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        if (candidates.path(k).size() < candidates.path(best).size()) best = k;
    }
    return candidates.id(best);
}

template <typename Names>
Resolution resolve_with(Names& names, std::string_view source_path, std::int64_t source_id,
                        std::string_view kind, std::string_view target) {
    const std::string key = target_key(target);
    if (key.empty()) return {source_id, "self"};
    const std::string source_folder_key = text::fold_key(folder_of(source_path));

    if (key.find('/') != std::string::npos) {
        const bool absolute = key.front() == '/';
        const std::string from_root = join_vault_path("", key);
        const std::string relative = absolute ? std::string() : join_vault_path(source_folder_key, key);
        const bool folder_first = kind == "markdown" || kind == "embed";
        const std::string* order[2] = {&from_root, &relative};
        if (folder_first) std::swap(order[0], order[1]);
        for (const std::string* candidate : order) {
            if (candidate->empty()) continue;
            const auto hits = names.path(*candidate);
            if (hits.size() > 0) return {hits.id(0), "path"};
        }
        // A partial path ("sub/note" for "area/sub/note.md"), as Obsidian
        // accepts: notes of that slug whose path ends with the target.
        const std::string tail = "/" + from_root;
        const auto slash = from_root.rfind('/');
        const auto hits = names.slug(from_root.substr(slash + 1));
        std::vector<std::size_t> matching;
        for (std::size_t k = 0; k < hits.size(); ++k) {
            const std::string path_key = text::fold_key(strip_note_extension(hits.path(k)));
            if (path_key.size() > tail.size() &&
                path_key.compare(path_key.size() - tail.size(), tail.size(), tail) == 0) {
                matching.push_back(k);
            }
        }
        if (!matching.empty()) return {pick<Names>(hits.subset(matching), source_folder_key), "path"};
        return {};
    }

    if (const auto hits = names.slug(key); hits.size() > 0) return {pick<Names>(hits, source_folder_key), "slug"};
    if (const auto hits = names.alias(key); hits.size() > 0) return {hits.id(0), "alias"};
    if (const auto hits = names.title(key); hits.size() > 0) return {hits.id(0), "title"};
    return {};
}

/// LinkResolver's hash maps.
struct HeldNames {
    struct List {
        const std::vector<std::size_t>* hits;
        const std::vector<LinkResolver::Entry>* notes;
        std::vector<std::size_t> own;  // set by subset()

        const std::vector<std::size_t>& items() const { return hits != nullptr ? *hits : own; }
        std::size_t size() const { return items().size(); }
        std::int64_t id(std::size_t k) const { return (*notes)[items()[k]].id; }
        std::string_view path(std::size_t k) const { return (*notes)[items()[k]].path; }
        std::string_view folder_key(std::size_t k) const { return (*notes)[items()[k]].folder_key; }
        List subset(const std::vector<std::size_t>& ks) const {
            List out{nullptr, notes, {}};
            for (const std::size_t k : ks) out.own.push_back(items()[k]);
            return out;
        }
    };

    const LinkResolver::Index& by_path;
    const LinkResolver::Index& by_slug;
    const LinkResolver::Index& by_alias;
    const LinkResolver::Index& by_title;
    const std::vector<LinkResolver::Entry>& notes;

    List find(const LinkResolver::Index& index, const std::string& key) const {
        static const std::vector<std::size_t> k_none;
        const auto it = index.find(key);
        return List{it == index.end() ? &k_none : &it->second, &notes, {}};
    }
    List path(const std::string& key) const { return find(by_path, key); }
    List slug(const std::string& key) const { return find(by_slug, key); }
    List alias(const std::string& key) const { return find(by_alias, key); }
    List title(const std::string& key) const { return find(by_title, key); }
};

/// A NameSource, asked for each lookup.
struct AskedNames {
    struct List {
        std::vector<NameSource::Candidate> items;
        std::size_t size() const { return items.size(); }
        std::int64_t id(std::size_t k) const { return items[k].id; }
        std::string_view path(std::size_t k) const { return items[k].path; }
        std::string folder_key(std::size_t k) const { return text::fold_key(folder_of(items[k].path)); }
        List subset(const std::vector<std::size_t>& ks) const {
            List out;
            for (const std::size_t k : ks) out.items.push_back(items[k]);
            return out;
        }
    };

    NameSource& source;
    List path(const std::string& key) { return {source.by_path(key)}; }
    List slug(const std::string& key) { return {source.by_slug(key)}; }
    List alias(const std::string& key) { return {source.by_alias(key)}; }
    List title(const std::string& key) { return {source.by_title(key)}; }
};

}  // namespace

Resolution LinkResolver::resolve(std::string_view source_path, std::int64_t source_id,
                                 std::string_view kind, std::string_view target) const {
    const HeldNames names{m_by_path, m_by_slug, m_by_alias, m_by_title, m_notes};
    return resolve_with(names, source_path, source_id, kind, target);
}

Resolution resolve_target(NameSource& names, std::string_view source_path, std::int64_t source_id,
                          std::string_view kind, std::string_view target) {
    AskedNames asked{names};
    return resolve_with(asked, source_path, source_id, kind, target);
}

std::size_t LinkResolver::slug_count(std::string_view target) const {
    const auto it = m_by_slug.find(target_key(target));
    return it == m_by_slug.end() ? 0 : it->second.size();
}

}  // namespace notes
