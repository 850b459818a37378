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
//   3. an alias, then a name: the note's link name, which is a title set in
//      its front matter (a title taken from a heading or the file name never
//      resolves a link: Obsidian does not resolve by title), or in a Logseq
//      vault its page name (first in path order when shared);
//   4. a file of the vault that is not a note, by path as in 1, else by its
//      file name anywhere (as Obsidian does): an attachment. `x.excalidraw`
//      reaches here only when no note `x.excalidraw.md` exists (its slug);
//   5. otherwise the link is broken. It resolves by itself on a later run once
//      a matching note or file exists, because every run resolves against
//      the current set of notes and files.
// The dialects change the order and the keys (docs/dialects.md): Logseq
// looks a target up as a page name or alias first (`[[a/b]]` names the page
// "a/b", whatever its file is called); Dendron also tries the target with its
// spaces as '-', and resolves a `parent` link to the nearest ancestor that
// has a file.
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

std::string_view file_name_of(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// File types that are never notes: a broken link to one is a missing
// attachment. ".md" and ".markdown" are deliberately absent.
constexpr std::string_view k_file_extensions[] = {
    "png",  "jpg",  "jpeg", "gif",  "svg",  "webp", "bmp",        "ico",    "tif",  "tiff", "avif",
    "heic", "heif", "pdf",  "mp3",  "wav",  "ogg",  "oga",        "m4a",    "flac", "aac",  "opus",
    "3gp",  "mp4",  "webm", "mov",  "mkv",  "avi",  "ogv",        "m4v",    "zip",  "gz",   "tgz",
    "tar",  "7z",   "rar",  "csv",  "tsv",  "json", "xml",        "yaml",   "yml",  "xlsx", "xls",
    "docx", "doc",  "pptx", "ppt",  "odt",  "ods",  "odp",        "epub",   "txt",  "rtf",  "html",
    "htm",  "base", "canvas", "excalidraw", "drawio", "sh", "py", "js",     "ts",   "css",  "edn",
    "org",
};

}  // namespace

bool names_a_file(std::string_view target) {
    const std::string_view name = file_name_of(trim(target));
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return false;
    const std::string_view extension = name.substr(dot + 1);
    for (const std::string_view known : k_file_extensions) {
        if (text::iequals_ascii(extension, known)) return true;
    }
    return false;
}

std::string target_key(std::string_view target) {
    return text::fold_key(strip_note_extension(trim(target)));
}

std::optional<std::string> link_name_key(std::string_view target) {
    const std::string key = target_key(target);
    std::string_view last;
    std::size_t start = 0;
    while (start <= key.size()) {
        auto slash = key.find('/', start);
        if (slash == std::string::npos) slash = key.size();
        const std::string_view segment = std::string_view(key).substr(start, slash - start);
        if (!segment.empty() && segment != ".") last = segment;
        start = slash + 1;
    }
    if (last == "..") return std::nullopt;
    return std::string(last);
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

LinkResolver::LinkResolver(std::vector<NoteName> notes, std::vector<FileName> files, Dialect dialect)
    : m_dialect(dialect) {
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
        for (const auto& block : n.block_ids) m_blocks.emplace(block, n.id);
    }
    std::sort(files.begin(), files.end(), [](const FileName& a, const FileName& b) { return a.path < b.path; });
    m_files.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        m_files.push_back(Entry{files[i].id, files[i].path, text::fold_key(folder_of(files[i].path))});
        m_file_by_path[text::fold_key(files[i].path)].push_back(i);
        m_file_by_name[text::fold_key(file_name_of(files[i].path))].push_back(i);
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

/// Step 1: a target holding '/' as a path from the root or the source's
/// folder, else the end of a longer path. `lookup(key)` is the list of notes
/// (or files) with that folded path; `by_name(name)` the list with that last
/// segment, for the path-end match.
template <typename Names, typename Lookup, typename ByName, typename Strip>
std::int64_t find_by_path(const std::string& key, const std::string& source_folder_key, std::string_view kind,
                          Lookup lookup, ByName by_name, Strip strip) {
    const bool absolute = key.front() == '/';
    const std::string from_root = join_vault_path("", key);
    const std::string relative = absolute ? std::string() : join_vault_path(source_folder_key, key);
    const bool folder_first = kind == "markdown" || kind == "embed";
    const std::string* order[2] = {&from_root, &relative};
    if (folder_first) std::swap(order[0], order[1]);
    for (const std::string* candidate : order) {
        if (candidate->empty()) continue;
        const auto hits = lookup(*candidate);
        if (hits.size() > 0) return hits.id(0);
    }
    if (from_root.empty()) return 0;
    // A partial path ("sub/note" for "area/sub/note.md"), as Obsidian
    // accepts: those whose path ends with the target.
    const std::string tail = "/" + from_root;
    const auto slash = from_root.rfind('/');
    const auto hits = by_name(from_root.substr(slash == std::string::npos ? 0 : slash + 1));
    std::vector<std::size_t> matching;
    for (std::size_t k = 0; k < hits.size(); ++k) {
        const std::string path_key = text::fold_key(strip(hits.path(k)));
        if (path_key.size() > tail.size() &&
            path_key.compare(path_key.size() - tail.size(), tail.size(), tail) == 0) {
            matching.push_back(k);
        }
    }
    if (!matching.empty()) return pick<Names>(hits.subset(matching), source_folder_key);
    return 0;
}

template <typename Names>
Resolution resolve_note(Names& names, Dialect dialect, const std::string& key, const std::string& source_folder_key,
                        std::string_view kind) {
    // Logseq: a target is a page name ("a/b" included) or an alias first.
    if (dialect == Dialect::logseq) {
        if (const auto hits = names.title(key); hits.size() > 0) return {hits.id(0), 0, "title"};
        if (const auto hits = names.alias(key); hits.size() > 0) return {hits.id(0), 0, "alias"};
    }
    if (key.find('/') != std::string::npos) {
        const std::int64_t id = find_by_path<Names>(
            key, source_folder_key, kind, [&](const std::string& k) { return names.path(k); },
            [&](const std::string& k) { return names.slug(k); }, strip_note_extension);
        if (id != 0) return {id, 0, "path"};
        return {};
    }
    if (const auto hits = names.slug(key); hits.size() > 0) return {pick<Names>(hits, source_folder_key), 0, "slug"};
    if (dialect == Dialect::dendron && key.find(' ') != std::string::npos) {
        std::string dashed = key;
        std::replace(dashed.begin(), dashed.end(), ' ', '-');
        if (const auto hits = names.slug(dashed); hits.size() > 0) {
            return {pick<Names>(hits, source_folder_key), 0, "slug"};
        }
    }
    if (dialect != Dialect::logseq) {
        if (const auto hits = names.alias(key); hits.size() > 0) return {hits.id(0), 0, "alias"};
        if (const auto hits = names.title(key); hits.size() > 0) return {hits.id(0), 0, "title"};
    }
    return {};
}

template <typename Names>
Resolution resolve_file(Names& names, std::string_view target, const std::string& source_folder_key,
                        std::string_view kind) {
    const std::string key = text::fold_key(trim(target));
    if (key.empty() || key.back() == '/') return {};
    if (key.find('/') != std::string::npos) {
        const std::int64_t id = find_by_path<Names>(
            key, source_folder_key, kind, [&](const std::string& k) { return names.file_path(k); },
            [&](const std::string& k) { return names.file_name(k); }, [](std::string_view p) { return p; });
        if (id != 0) return {0, id, "path"};
        // Obsidian looks a file up by its name anywhere, also when the link
        // says a folder that does not hold it.
        const auto hits = names.file_name(std::string(file_name_of(key)));
        if (hits.size() > 0) return {0, pick<Names>(hits, source_folder_key), "name"};
        return {};
    }
    if (const auto hits = names.file_name(key); hits.size() > 0) {
        return {0, pick<Names>(hits, source_folder_key), "name"};
    }
    return {};
}

template <typename Names>
Resolution resolve_with(Names& names, Dialect dialect, std::string_view source_path, std::int64_t source_id,
                        std::string_view kind, std::string_view target) {
    const std::string key = target_key(target);
    if (key.empty()) return {source_id, 0, "self"};
    const std::string source_folder_key = text::fold_key(folder_of(source_path));
    if (kind == "parent" && dialect == Dialect::dendron) {
        // Dendron's hierarchy: the parent "a.b" of "a.b.c", else the nearest
        // ancestor with a file ("a"), else the vault's root note.
        std::string ancestor = key;
        for (bool first = true;; first = false) {
            if (const auto hits = names.slug(ancestor); hits.size() > 0) {
                return {pick<Names>(hits, source_folder_key), 0, first ? "slug" : "parent"};
            }
            const auto dot = ancestor.rfind('.');
            if (dot == std::string::npos) break;
            ancestor.resize(dot);
        }
        if (const auto hits = names.slug("root"); hits.size() > 0) return {hits.id(0), 0, "parent"};
        return {};
    }
    // "dendron.topic.markdown" is more often the note of that name (a
    // hierarchy ending in "markdown") than the note "dendron.topic" written
    // with its extension: the whole name is tried first.
    const std::string_view trimmed = trim(target);
    if (trimmed.size() > 9 && text::iequals_ascii(trimmed.substr(trimmed.size() - 9), ".markdown")) {
        const std::string whole = text::fold_key(trimmed);
        if (Resolution r = resolve_note(names, dialect, whole, source_folder_key, kind); r.note_id != 0) return r;
    }
    if (Resolution r = resolve_note(names, dialect, key, source_folder_key, kind); r.note_id != 0) return r;
    if (dialect == Dialect::logseq && !names_a_file(target)) {
        // A Logseq page may be an Org file ("Org Mode.org"), which is not
        // indexed as a note but is there.
        if (Resolution r = resolve_file(names, std::string(trim(target)) + ".org", source_folder_key, kind);
            r.file_id != 0) {
            return r;
        }
    }
    return resolve_file(names, target, source_folder_key, kind);
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
    const LinkResolver::Index& file_by_path;
    const LinkResolver::Index& file_by_name;
    const std::vector<LinkResolver::Entry>& files;

    static List find(const LinkResolver::Index& index, const std::vector<LinkResolver::Entry>& entries,
                     const std::string& key) {
        static const std::vector<std::size_t> k_none;
        const auto it = index.find(key);
        return List{it == index.end() ? &k_none : &it->second, &entries, {}};
    }
    List path(const std::string& key) const { return find(by_path, notes, key); }
    List slug(const std::string& key) const { return find(by_slug, notes, key); }
    List alias(const std::string& key) const { return find(by_alias, notes, key); }
    List title(const std::string& key) const { return find(by_title, notes, key); }
    List file_path(const std::string& key) const { return find(file_by_path, files, key); }
    List file_name(const std::string& key) const { return find(file_by_name, files, key); }
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
    List file_path(const std::string& key) { return {source.files_by_path(key)}; }
    List file_name(const std::string& key) { return {source.files_by_name(key)}; }
};

}  // namespace

Resolution LinkResolver::resolve(std::string_view source_path, std::int64_t source_id,
                                 std::string_view kind, std::string_view target) const {
    const HeldNames names{m_by_path, m_by_slug,      m_by_alias,   m_by_title,
                          m_notes,   m_file_by_path, m_file_by_name, m_files};
    return resolve_with(names, m_dialect, source_path, source_id, kind, target);
}

Resolution LinkResolver::resolve_block(std::string_view block_id) const {
    const auto it = m_blocks.find(text::fold_key(block_id));
    if (it == m_blocks.end()) return {};
    return {it->second, 0, "block"};
}

Resolution resolve_target(NameSource& names, std::string_view source_path, std::int64_t source_id,
                          std::string_view kind, std::string_view target, Dialect dialect) {
    AskedNames asked{names};
    return resolve_with(asked, dialect, source_path, source_id, kind, target);
}

Resolution resolve_block_target(NameSource& names, std::string_view block_id) {
    const auto hits = names.by_block(text::fold_key(block_id));
    if (hits.empty()) return {};
    return {hits.front().id, 0, "block"};
}

std::size_t LinkResolver::slug_count(std::string_view target) const {
    const auto it = m_by_slug.find(target_key(target));
    return it == m_by_slug.end() ? 0 : it->second.size();
}

}  // namespace notes
