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

}  // namespace

ParsedNote parse_note(std::string_view path, std::string_view slug, std::string_view content) {
    static const FrontMatterKeys k_default_keys;
    return parse_note(path, slug, content, k_default_keys);
}

ParsedNote parse_note(std::string_view path, std::string_view slug, std::string_view content,
                      const FrontMatterKeys& keys) {
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
    BodyFacts body = extract_body(parsed_body, block.body_first_line);
    if (!text_only.empty()) {
        body.text += '\n';
        body.text.append(text_only);
        body.word_count += text::count_words(text_only);
    }

    if (std::string title = strip_inline_markdown(fm.title); !title.empty()) {
        note.title = std::move(title);
        note.title_source = "front_matter";
    } else {
        const auto h1 = std::find_if(body.headings.begin(), body.headings.end(),
                                     [](const Heading& h) { return h.level == 1; });
        if (h1 != body.headings.end() && !h1->text.empty()) {
            note.title = text::collapse_whitespace(h1->text);
            note.title_source = "heading";
        } else {
            note.title = text::nfc(slug);
            note.title_source = "slug";
        }
    }

    note.date = fm.date;
    if (!fm.has_date_key) note.date = date_from_file_name(slug);

    note.domain = std::move(fm.domain);
    note.status = std::move(fm.status);
    note.source = std::move(fm.source);
    note.relevance = std::move(fm.relevance);
    note.aliases = std::move(fm.aliases);
    note.fields = std::move(fm.fields);

    note.tags = std::move(fm.tags);
    note.tags.insert(note.tags.end(), body.tags.begin(), body.tags.end());

    for (const FrontMatterString& s : fm.strings) {
        if (s.value.find("[[") == std::string::npos) continue;
        auto found = scan_wiki_links(s.value, s.key, s.line);
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
