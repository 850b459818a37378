#include "notes/parse/note_parser.hpp"

#include <algorithm>
#include <cctype>

#include "notes/parse/front_matter.hpp"
#include "notes/parse/links.hpp"
#include "notes/parse/markdown.hpp"
#include "notes/core/text.hpp"

namespace notes::parse {
namespace {

// Past these sizes a note is read in part, so that memory stays bounded
// whatever the file: cmark-gfm's tree takes 30 to 50 times the size of the
// text it parses (up to 250 times on pathological input such as a megabyte of
// '['), and yaml-cpp's nodes are as costly. Real notes are a few kilobytes.
constexpr std::size_t k_max_front_matter_bytes = std::size_t{1} << 20;
constexpr std::size_t k_max_body_bytes = std::size_t{1} << 20;

int line_of_offset(std::string_view s, std::size_t offset) {
    return 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string date_from_file_name(std::string_view slug) {
    if (slug.size() < 10) return {};
    if (auto date = parse_date(slug.substr(0, 10)); date && (slug.size() == 10 || !std::isdigit(static_cast<unsigned char>(slug[10])))) {
        return *date;
    }
    return {};
}

/// A Logseq journal: "journals/2021_07_14.md" is the page "Jul 14th, 2021"
/// (Logseq's default :journal/page-title-format) of that date.
bool logseq_journal(std::string_view path, std::string_view slug, std::string& date, std::string& title) {
    if (path.substr(0, 9) != "journals/" || slug.size() != 10 || slug[4] != '_' || slug[7] != '_') return false;
    std::string iso(slug);
    iso[4] = '-';
    iso[7] = '-';
    const auto parsed = parse_date(iso);
    if (!parsed) return false;
    static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const int month = std::stoi(iso.substr(5, 2));
    const int day = std::stoi(iso.substr(8, 2));
    const char* suffix = (day % 10 == 1 && day != 11)   ? "st"
                         : (day % 10 == 2 && day != 12) ? "nd"
                         : (day % 10 == 3 && day != 13) ? "rd"
                                                        : "th";
    date = *parsed;
    title = std::string(k_months[month - 1]) + " " + std::to_string(day) + suffix + ", " + iso.substr(0, 4);
    return true;
}

/// Dendron's title for a note without `title:`: the last part of its name,
/// "note-reference" written "Note Reference" when all in lower case.
std::string dendron_title(std::string_view slug) {
    const auto dot = slug.rfind('.');
    std::string part(dot == std::string_view::npos ? slug : slug.substr(dot + 1));
    if (std::any_of(part.begin(), part.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) return part;
    bool word_start = true;
    for (char& c : part) {
        if (c == '-') {
            c = ' ';
            word_start = true;
        } else {
            if (word_start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            word_start = false;
        }
    }
    return part;
}

/// The items of a Logseq list property ("a, [[b c]], #d"): page names.
std::vector<std::string> property_items(std::string_view value) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t comma = value.find(',', start);
        // A comma inside "[[…]]" belongs to the page name.
        const std::size_t open = value.find("[[", start);
        if (open != std::string_view::npos && open < comma) {
            const std::size_t close = value.find("]]", open + 2);
            if (close != std::string_view::npos) comma = value.find(',', close);
        }
        if (comma == std::string_view::npos) comma = value.size();
        std::string_view item = value.substr(start, comma - start);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (!item.empty() && item.front() == '#') item.remove_prefix(1);
        if (item.size() >= 4 && item.substr(0, 2) == "[[" && item.substr(item.size() - 2) == "]]") {
            item = item.substr(2, item.size() - 4);
        }
        if (!item.empty()) items.emplace_back(text::collapse_whitespace(item));
        start = comma + 1;
    }
    return items;
}

/// Logseq's page properties as fields, tags and aliases; `title::` wins
/// over the file name.
void apply_logseq_properties(const std::vector<Property>& properties, ParsedNote& note, std::string& title) {
    for (const Property& p : properties) {
        if (!p.page) continue;
        if (p.key == "title" && !p.value.empty()) {
            title = p.value;
        }
        const bool list = p.key == "tags" || p.key == "alias";
        if (list) {
            const std::vector<std::string> items = property_items(p.value);
            for (std::size_t i = 0; i < items.size(); ++i) {
                note.fields.push_back({p.key, items[i], static_cast<int>(i), "string", p.line});
                if (p.key == "tags") {
                    note.tags.push_back({items[i], p.line, true});
                } else {
                    note.aliases.push_back(items[i]);
                }
            }
        } else {
            note.fields.push_back({p.key, p.value, -1, "string", p.line});
        }
    }
}

}  // namespace

std::string logseq_page_name(std::string_view slug, bool legacy) {
    std::string name;
    name.reserve(slug.size());
    for (std::size_t i = 0; i < slug.size(); ++i) {
        if (!legacy && slug.substr(i, 3) == "___") {
            name.push_back('/');
            i += 2;
        } else if (legacy && slug[i] == '.') {
            name.push_back('/');
        } else {
            name.push_back(slug[i]);
        }
    }
    return text::nfc(text::percent_decode(name));
}

ParsedNote parse_note(std::string_view path, std::string_view slug, std::string_view content) {
    static const FrontMatterKeys k_default_keys;
    return parse_note(path, slug, content, k_default_keys);
}

ParsedNote parse_note(std::string_view path, std::string_view slug, std::string_view content,
                      const FrontMatterKeys& keys) {
    ParseOptions options;
    options.keys = keys;
    return parse_note(path, slug, content, options);
}

ParsedNote parse_note(std::string_view path, std::string_view slug, std::string_view content,
                      const ParseOptions& options) {
    const FrontMatterKeys& keys = options.keys;
    const Dialect dialect = options.dialect;
    ParsedNote note;
    std::vector<Warning> warnings;

    // Bad bytes are repaired before parsing so that every later stage sees
    // well-formed UTF-8 with no NUL; the warning says where they were.
    if (content.empty()) {
        warnings.push_back({std::string(path), 0, 0, "empty file"});
    }
    std::string repaired;
    if (const auto nul = content.find('\0'); nul != std::string_view::npos) {
        warnings.push_back({std::string(path), line_of_offset(content, nul), 0,
                            "file contains NUL bytes; they were replaced with U+FFFD"});
        repaired.reserve(content.size());
        for (const char c : content) {
            if (c == '\0') {
                repaired += "\xEF\xBF\xBD";
            } else {
                repaired.push_back(c);
            }
        }
        content = repaired;
    }
    if (const auto bad = text::first_invalid_utf8(content); bad != std::string_view::npos) {
        warnings.push_back({std::string(path), line_of_offset(content, bad), 0,
                            "invalid UTF-8; bad bytes were replaced with U+FFFD"});
        repaired = text::sanitize_utf8(content);
        content = repaired;
    }

    const FrontMatterBlock block = split_front_matter(content);
    if (block.warning) warnings.push_back(*block.warning);

    FrontMatter fm;
    if (block.present && block.yaml.size() > k_max_front_matter_bytes) {
        warnings.push_back({std::string(path), block.yaml_first_line, 0,
                            "front matter is larger than 1 MiB; not read"});
        note.front_matter_invalid = true;
        note.front_matter_json = "{}";
    } else if (block.present) {
        fm = parse_front_matter(block.yaml, block.yaml_first_line, keys);
        warnings.insert(warnings.end(), fm.warnings.begin(), fm.warnings.end());
        note.front_matter_invalid = !fm.valid;
        note.front_matter_json = fm.json;
    }

    // Links, tags and headings come from the first k_max_body_bytes (whole
    // lines); the rest is only searchable text.
    std::string_view parsed_body = block.body;
    std::string_view text_only;
    if (parsed_body.size() > k_max_body_bytes) {
        std::size_t cut = parsed_body.rfind('\n', k_max_body_bytes - 1);
        cut = cut == std::string_view::npos ? k_max_body_bytes : cut + 1;
        while (cut > 0 && (static_cast<unsigned char>(parsed_body[cut]) & 0xC0u) == 0x80u) --cut;
        text_only = parsed_body.substr(cut);
        parsed_body = parsed_body.substr(0, cut);
        const int line = block.body_first_line + static_cast<int>(std::count(parsed_body.begin(), parsed_body.end(), '\n'));
        warnings.push_back({std::string(path), line, 0,
                            "note is larger than 1 MiB; links, tags and headings from this line on are not "
                            "indexed (its text is)"});
    }
    BodyOptions body_options;
    body_options.dialect = dialect;
    const auto slash = path.rfind('/');
    body_options.folder = slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
    BodyFacts body = extract_body(parsed_body, block.body_first_line, body_options);
    if (!text_only.empty()) {
        body.text += '\n';
        body.text.append(text_only);
        body.word_count += text::count_words(text_only);
    }

    // The title: the front matter's; else (Logseq) the page's name; else a
    // level-1 heading that is the body's first block (Foam: the first
    // level-1 heading anywhere, as Foam does); else the file name.
    std::string journal_date;
    std::string property_title;
    if (dialect == Dialect::logseq) apply_logseq_properties(body.properties, note, property_title);
    if (std::string title = strip_inline_markdown(fm.title); !title.empty()) {
        note.title = std::move(title);
        note.title_source = "front_matter";
    } else if (dialect == Dialect::logseq) {
        std::string journal_title;
        if (!property_title.empty()) {
            note.title = text::collapse_whitespace(property_title);
            note.title_source = "property";
        } else if (logseq_journal(path, slug, journal_date, journal_title)) {
            note.title = std::move(journal_title);
            note.title_source = "journal";
        } else {
            note.title = logseq_page_name(slug, options.logseq_legacy_file_names);
            note.title_source = "file_name";
        }
        if (note.title.empty()) {
            note.title = text::nfc(slug);
            note.title_source = "slug";
        }
    } else {
        const Heading* heading = nullptr;
        if (dialect == Dialect::foam) {
            const auto h1 = std::find_if(body.headings.begin(), body.headings.end(),
                                         [](const Heading& h) { return h.level == 1; });
            if (h1 != body.headings.end()) heading = &*h1;
        } else if (body.first_block_heading >= 0) {
            heading = &body.headings[static_cast<std::size_t>(body.first_block_heading)];
        }
        if (heading != nullptr && !heading->text.empty()) {
            note.title = text::collapse_whitespace(heading->text);
            note.title_source = "heading";
        } else {
            note.title = dialect == Dialect::dendron ? text::nfc(dendron_title(slug)) : text::nfc(slug);
            note.title_source = "slug";
        }
    }
    // Links may use a title the note sets itself, never one made from a
    // heading or the file name; every Logseq page name is one; Dendron
    // resolves by file name alone.
    if (dialect == Dialect::logseq || (note.title_source == "front_matter" && dialect != Dialect::dendron)) {
        note.link_name = note.title;
    }

    note.date = fm.date;
    if (!fm.has_date_key) note.date = journal_date.empty() ? date_from_file_name(slug) : journal_date;

    note.domain = std::move(fm.domain);
    note.status = std::move(fm.status);
    note.source = std::move(fm.source);
    note.relevance = std::move(fm.relevance);
    // Front matter first, then (Logseq) the page properties.
    std::vector<Field> fields = std::move(fm.fields);
    fields.insert(fields.end(), note.fields.begin(), note.fields.end());
    note.fields = std::move(fields);
    std::vector<std::string> aliases = std::move(fm.aliases);
    aliases.insert(aliases.end(), note.aliases.begin(), note.aliases.end());
    note.aliases = std::move(aliases);
    std::vector<Tag> tags = std::move(fm.tags);
    tags.insert(tags.end(), note.tags.begin(), note.tags.end());
    tags.insert(tags.end(), body.tags.begin(), body.tags.end());
    note.tags = std::move(tags);

    if (dialect == Dialect::dendron) {
        // Dendron's hierarchy: "a.b.c" is a child of "a.b" (resolved to the
        // nearest ancestor that has a file).
        if (const auto dot = slug.rfind('.'); dot != std::string_view::npos && dot > 0 && dot + 1 < slug.size()) {
            note.links.push_back({"parent", std::string(slug.substr(0, dot)), {}, {}, 0});
        }
    }
    for (const FrontMatterString& s : fm.strings) {
        if (s.value.find("[[") == std::string::npos) continue;
        auto found = scan_wiki_links(s.value, s.key, s.line, dialect);
        note.links.insert(note.links.end(), std::make_move_iterator(found.begin()),
                          std::make_move_iterator(found.end()));
    }
    note.links.insert(note.links.end(), std::make_move_iterator(body.links.begin()),
                      std::make_move_iterator(body.links.end()));

    note.headings = std::move(body.headings);
    note.block_ids = std::move(body.block_ids);
    note.text = std::move(body.text);
    note.word_count = body.word_count;

    for (Warning& w : warnings) w.path = std::string(path);
    std::stable_sort(warnings.begin(), warnings.end(),
                     [](const Warning& a, const Warning& b) { return a.line < b.line; });
    note.warnings = std::move(warnings);
    return note;
}

}  // namespace notes::parse
