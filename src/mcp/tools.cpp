// The tools. Each answers from the same query functions as the command it
// mirrors (`search` and `find`: find_notes(); `read_note`: find_note() and
// load_note_details(); `related`: find_related(); `tags`: tag_tree();
// `report`: build_report(); `sql`: run_user_query()) and shapes the result
// with the same renderers (the listing Tables, the JSON of `show` and
// `report`), so that a tool's structured result has the keys docs/cli.md
// documents for that command's JSON.
//
// Every result is bounded: lists by a `limit` argument with a maximum, and
// the whole result by k_max_result_bytes (a list is cut to fit, long SQL
// cells and note texts are cut); a cut result says so in `truncated` and a
// `notice` the model can act on ("call again with from_line 201").

#include "tools.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <variant>

#include "notes/core/config.hpp"
#include "notes/core/error.hpp"
#include "notes/query/find.hpp"
#include "notes/query/note_details.hpp"
#include "notes/query/note_ref.hpp"
#include "notes/query/related.hpp"
#include "notes/query/report.hpp"
#include "notes/render/listings.hpp"
#include "notes/render/note_details.hpp"
#include "notes/render/output.hpp"
#include "notes/render/report.hpp"

namespace notes::mcp {
namespace {

using query::FindQuery;
using query::FindSort;
using store::IndexStore;

// ---- results ----------------------------------------------------------------

/// Text cut to at most `max` bytes at a character boundary, with "…".
std::string cut_text(const std::string& s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end) + "…";
}

/// A snippet's highlight markers as Markdown bold, which a model reads.
std::string with_bold_highlights(const std::string& s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (const char c : s) {
        if (c == render::k_highlight_on || c == render::k_highlight_off) {
            out += "**";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

/// Longest text cell of an SQL result.
constexpr std::size_t k_max_cell_bytes = 4096;

Json value_json(const render::Value& v, std::size_t max_text, bool* cut) {
    return std::visit(
        [&](const auto& x) -> Json {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return nullptr;
            } else if constexpr (std::is_same_v<T, std::string>) {
                if (x.size() > max_text) {
                    *cut = true;
                    return cut_text(x, max_text);
                }
                return with_bold_highlights(x);
            } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                Json list = Json::array();
                for (const auto& item : x) list.push_back(item);
                return list;
            } else {
                return x;
            }
        },
        v);
}

/// The rows of a listing Table as objects keyed by column, as
/// `--format json` prints them; text cells longer than `max_text` are cut.
Json rows_json(const render::Table& table, std::size_t max_text = SIZE_MAX,
               bool* cut_cells = nullptr) {
    Json rows = Json::array();
    bool cut = false;
    for (const auto& row : table.rows) {
        Json object = Json::object();
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            object[table.columns[c].name] = value_json(row[c], max_text, &cut);
        }
        rows.push_back(std::move(object));
    }
    if (cut_cells != nullptr) *cut_cells = cut;
    return rows;
}

/// Drops items from the end of `list` until it takes at most `budget` bytes
/// of JSON; returns how many were dropped.
std::size_t fit_list(Json& list, std::size_t budget) {
    std::size_t used = 2;
    std::size_t keep = 0;
    for (; keep < list.size(); ++keep) {
        const std::size_t size = dump(list[keep]).size() + 1;
        if (used + size > budget) break;
        used += size;
    }
    const std::size_t dropped = list.size() - keep;
    if (dropped > 0) list.erase(list.begin() + static_cast<std::ptrdiff_t>(keep), list.end());
    return dropped;
}

/// `{<key>: items, count, truncated[, notice]}` for a list asked for with
/// `limit`, of which `items` holds up to limit + 1 (one more says there are
/// more).
Json list_result(const char* key, Json items, std::size_t limit, const std::string& more_hint) {
    bool truncated = false;
    if (items.size() > limit) {
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(limit), items.end());
        truncated = true;
    }
    const std::size_t dropped = fit_list(items, k_max_result_bytes - 1024);
    truncated = truncated || dropped > 0;
    Json result = Json::object();
    result["count"] = items.size();
    result["truncated"] = truncated;
    if (truncated) {
        result["notice"] = dropped > 0 ? "only the first " + std::to_string(items.size()) +
                                             " fit in one result; " + more_hint
                                       : "more match than the limit of " + std::to_string(limit) +
                                             "; " + more_hint;
    }
    result[key] = std::move(items);
    return result;
}

// ---- arguments --------------------------------------------------------------

std::string get_string(const Json& args, const char* key, const std::string& fallback = {}) {
    const auto it = args.find(key);
    return it == args.end() || it->is_null() ? fallback : it->get<std::string>();
}

std::optional<std::string> get_optional(const Json& args, const char* key) {
    const auto it = args.find(key);
    if (it == args.end() || it->is_null()) return std::nullopt;
    return it->get<std::string>();
}

std::vector<std::string> get_strings(const Json& args, const char* key) {
    std::vector<std::string> out;
    const auto it = args.find(key);
    if (it == args.end() || it->is_null()) return out;
    for (const auto& item : *it) out.push_back(item.get<std::string>());
    return out;
}

std::size_t get_size(const Json& args, const char* key, std::size_t fallback) {
    const auto it = args.find(key);
    return it == args.end() || it->is_null() ? fallback : it->get<std::size_t>();
}

bool get_bool(const Json& args, const char* key) {
    const auto it = args.find(key);
    return it != args.end() && it->is_boolean() && it->get<bool>();
}

Json string_property(const std::string& description) {
    return Json{{"type", "string"}, {"description", description}};
}

Json strings_property(const std::string& description) {
    return Json{
        {"type", "array"}, {"items", Json{{"type", "string"}}}, {"description", description}};
}

Json limit_property(std::size_t fallback, std::size_t max, const std::string& what) {
    return Json{
        {"type", "integer"},
        {"minimum", 1},
        {"maximum", max},
        {"default", fallback},
        {"description", "Return at most this many " + what + " (default " +
                            std::to_string(fallback) + ", at most " + std::to_string(max) + ")"}};
}

Json object_schema(Json properties, std::vector<std::string> required = {}) {
    Json schema{{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) schema["required"] = required;
    schema["additionalProperties"] = false;
    return schema;
}

// ---- notes named by the model -------------------------------------------------

/// The note a NOTE argument names; a miss or an ambiguity is a ToolError
/// listing the candidates, so that the model can call again with a path.
std::int64_t resolve_note(IndexStore& store, const std::string& arg, const char* argument) {
    const query::NoteLookup lookup = query::find_note(store, arg);
    if (lookup.matches.size() == 1) return lookup.matches.front().id;
    std::string message;
    if (lookup.matches.size() > 1) {
        message = std::string(argument) + ": '" + arg +
                  "' is ambiguous: " + std::to_string(lookup.matches.size()) + " notes match by " +
                  lookup.matches.front().matched_by + "; give one of these paths:";
        for (const auto& m : lookup.matches) message += "\n  " + m.path;
    } else {
        message = std::string(argument) + ": no note matches '" + arg + "'";
        if (!lookup.suggestions.empty()) {
            message += "; did you mean:";
            for (const auto& m : lookup.suggestions)
                message += "\n  " + m.path + " (" + m.title + ")";
        } else {
            message +=
                " (a note is named by its path, slug, title or alias; the search tool finds notes "
                "by their words)";
        }
    }
    throw ToolError(message);
}

// ---- the filters of find and search -----------------------------------------

Json filter_properties() {
    Json p = Json::object();
    p["tags"] = strings_property(
        "Only notes with every one of these tags (a tag also matches its nested tags: 'db' matches "
        "'db/sqlite'); case-insensitive, a leading # is fine");
    p["any_tag"] = Json{{"type", "boolean"},
                        {"description", "With several tags: a note needs only one of them"}};
    p["not_tags"] =
        strings_property("Leave out notes with any of these tags (or their nested tags)");
    p["domain"] =
        string_property("Only notes whose front-matter domain is this (case-insensitive)");
    p["status"] = string_property(
        "Only notes whose front-matter status is this, e.g. unread (case-insensitive)");
    p["fields"] = strings_property(
        "Front-matter conditions, each 'KEY=VALUE' (the key holds the value, or a list holding it) "
        "or "
        "'KEY' (the key is present); all must hold");
    p["since"] = string_property("Only notes dated on or after this day, YYYY-MM-DD");
    p["until"] = string_property("Only notes dated on or before this day, YYYY-MM-DD");
    p["links_to"] = strings_property(
        "Only notes that link to each of these notes (path, slug, title or alias)");
    p["linked_from"] = strings_property("Only notes that each of these notes links to");
    p["orphan"] = Json{{"type", "boolean"},
                       {"description", "Only notes with no link to or from another note"}};
    p["broken"] = Json{{"type", "boolean"},
                       {"description", "Only notes with at least one link that leads to no note"}};
    p["paths"] = strings_property(
        "Only notes whose vault path matches one of these gitignore-style globs ('projects/', "
        "'*.md', 'journal/2026-*'); a '!' glob excludes");
    return p;
}

bool is_day(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    const int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

FindQuery filter_query(IndexStore& store, const Json& args) {
    FindQuery query;
    query.tags = get_strings(args, "tags");
    query.any_tag = get_bool(args, "any_tag");
    query.not_tags = get_strings(args, "not_tags");
    query.domain = get_optional(args, "domain");
    query.status = get_optional(args, "status");
    for (const std::string& f : get_strings(args, "fields")) {
        const auto eq = f.find('=');
        query::FieldFilter filter;
        filter.key = f.substr(0, eq);
        if (eq != std::string::npos) filter.value = f.substr(eq + 1);
        if (filter.key.empty())
            throw ToolError("fields: '" + f + "' names no key (expected KEY=VALUE or KEY)");
        query.fields.push_back(std::move(filter));
    }
    for (const auto& [key, bound] :
         {std::pair{"since", &query.since}, std::pair{"until", &query.until}}) {
        if (auto day = get_optional(args, key)) {
            if (!is_day(*day))
                throw ToolError(std::string(key) + ": '" + *day +
                                "' is not a day (expected YYYY-MM-DD)");
            *bound = *day;
        }
    }
    for (const std::string& note : get_strings(args, "links_to")) {
        query.links_to.push_back(resolve_note(store, note, "links_to"));
    }
    for (const std::string& note : get_strings(args, "linked_from")) {
        query.linked_from.push_back(resolve_note(store, note, "linked_from"));
    }
    query.orphan = get_bool(args, "orphan");
    query.broken = get_bool(args, "broken");
    query.path_globs = get_strings(args, "paths");
    return query;
}

/// The notes of find_notes() as `notes find --format json` rows.
Json found_notes(IndexStore& store, FindQuery& query, std::size_t limit) {
    query.limit = limit + 1;  // one more: are there more?
    std::vector<query::FoundNote> found;
    try {
        found = query::find_notes(store, query);
    } catch (const Error& e) {
        if (e.status() == exit_status::k_usage) throw ToolError(e.what());
        throw;
    }
    const bool ranked = query.match.has_value();
    return rows_json(render::found_notes_table(std::move(found), ranked, false));
}

Json note_row_schema(bool ranked) {
    Json props{
        {"path", {{"type", "string"}, {"description", "Vault-relative path: names the note"}}},
        {"slug", {{"type", "string"}}},
        {"title", {{"type", "string"}}},
        {"date", {{"type", {"string", "null"}}, {"description", "ISO 8601"}}},
        {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"domain", {{"type", {"string", "null"}}}},
        {"status", {{"type", {"string", "null"}}}}};
    std::vector<std::string> required{"path", "slug", "title", "date", "tags", "domain", "status"};
    if (ranked) {
        props["score"] =
            Json{{"type", "number"}, {"description", "Relevance (BM25), higher is better"}};
        props["snippet"] = Json{{"type", "string"},
                                {"description", "Extract of the body, matched words in **bold**"}};
        required.push_back("score");
        required.push_back("snippet");
    }
    return Json{{"type", "object"}, {"properties", props}, {"required", required}};
}

Json list_output_schema(const char* key, Json item) {
    return Json{
        {"type", "object"},
        {"properties",
         {{"count", {{"type", "integer"}}},
          {"truncated", {{"type", "boolean"}, {"description", "Some results were left out"}}},
          {"notice",
           {{"type", "string"}, {"description", "Why results were left out, and what to do"}}},
          {key, {{"type", "array"}, {"items", std::move(item)}}}}},
        {"required", {"count", "truncated", key}}};
}

// ---- search -----------------------------------------------------------------

ToolDefinition search_tool() {
    Json props = Json::object();
    props["query"] = string_property(
        "What to look for in titles and bodies. Every bare word must occur (English stemming: "
        "'indexes' finds 'index'); \"an exact phrase\", prefix*, OR, NOT, (grouping), and "
        "title:word also work");
    props["limit"] = limit_property(10, 50, "notes");
    const Json filters = filter_properties();
    for (const auto& [key, value] : filters.items()) props[key] = value;
    return {
        "search",
        "Search notes by their words",
        "Full-text search of the vault's notes, best matches first, each with a snippet of the "
        "text around the matched words. Use it to find notes about a subject; narrow it with the "
        "same filters as `find` (tags, dates, front-matter fields, links, folders). Then read a "
        "note with `read_note` (by its path).",
        object_schema(props, {"query"}),
        list_output_schema("notes", note_row_schema(true)),
        [](ToolContext& ctx, const Json& args) {
            IndexStore& store = ctx.index.store();
            FindQuery query = filter_query(store, args);
            query.match = get_string(args, "query");
            const std::size_t limit = get_size(args, "limit", 10);
            Json notes = found_notes(store, query, limit);
            return list_result("notes", std::move(notes), limit,
                               "raise limit (at most 50) or add filters to narrow the search");
        }};
}

// ---- find -------------------------------------------------------------------

ToolDefinition find_tool() {
    Json props = filter_properties();
    props["sort"] = Json{{"type", "string"},
                         {"enum", {"date", "title", "path", "modified", "words"}},
                         {"description",
                          "Order: date (newest first; the default), title, path, modified (last "
                          "edited first), words (longest first)"}};
    props["reverse"] = Json{{"type", "boolean"}, {"description", "Reverse the order"}};
    props["limit"] = limit_property(50, 500, "notes");
    return {
        "find",
        "List notes by tags, fields, dates and links",
        "Lists the notes that pass every filter given (AND): tags, front-matter fields, domain, "
        "status, date range, links to or from given notes, orphans (no links either way), "
        "notes with broken links, folders. Without filters, every note. For notes about a "
        "subject, use `search`.",
        object_schema(props),
        list_output_schema("notes", note_row_schema(false)),
        [](ToolContext& ctx, const Json& args) {
            IndexStore& store = ctx.index.store();
            FindQuery query = filter_query(store, args);
            if (auto sort = get_optional(args, "sort")) query.sort = query::parse_find_sort(*sort);
            query.reverse = get_bool(args, "reverse");
            query.snippets = false;
            const std::size_t limit = get_size(args, "limit", 50);
            Json notes = found_notes(store, query, limit);
            return list_result("notes", std::move(notes), limit,
                               "raise limit (at most 500) or add filters");
        }};
}

// ---- read_note ----------------------------------------------------------------

/// Lines returned by one read_note call when to_line is not given.
constexpr std::size_t k_default_lines = 200;
/// The most text one read_note call returns.
constexpr std::size_t k_max_text_bytes = 64 * 1024;
/// The longest list (links, backlinks, headings, …) one read_note returns.
constexpr std::size_t k_max_note_list = 200;
/// A note file larger than this is read only this far.
constexpr std::size_t k_max_file_bytes = 16 * 1024 * 1024;

std::vector<std::string> file_lines(const std::filesystem::path& file, bool* cut) {
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in)
        throw ToolError("cannot read " + file.string() + " (it may have been moved or deleted)");
    const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
    in.seekg(0);
    *cut = size > k_max_file_bytes;
    std::string text(std::min(size, k_max_file_bytes), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

ToolDefinition read_note_tool() {
    Json props = Json::object();
    props["note"] = string_property(
        "The note: its vault path (as search and find return it), slug, title or alias; "
        "case-insensitive");
    props["from_line"] = Json{{"type", "integer"},
                              {"minimum", 1},
                              {"default", 1},
                              {"description", "First line of the text to return (1-based)"}};
    props["to_line"] =
        Json{{"type", "integer"},
             {"minimum", 1},
             {"description", "Last line of the text to return (default: from_line + " +
                                 std::to_string(k_default_lines - 1) + ")"}};
    Json link{{"type", "object"}};
    Json output{
        {"type", "object"},
        {"properties",
         {{"path", {{"type", "string"}}},
          {"slug", {{"type", "string"}}},
          {"title", {{"type", "string"}}},
          {"date", {{"type", {"string", "null"}}}},
          {"front_matter", {{"type", {"object", "null"}}}},
          {"tags", {{"type", "array"}}},
          {"aliases", {{"type", "array"}}},
          {"links",
           {{"type", "array"}, {"description", "Outgoing links with line, target and status"}}},
          {"backlinks",
           {{"type", "array"}, {"description", "Notes linking here, with the line of the link"}}},
          {"headings", {{"type", "array"}}},
          {"text", {{"type", "string"}, {"description", "The file's lines from_line..to_line"}}},
          {"lines",
           {{"type", "object"},
            {"properties",
             {{"from", {{"type", "integer"}}},
              {"to", {{"type", "integer"}}},
              {"total", {{"type", "integer"}}}}},
            {"required", {"from", "to", "total"}}}},
          {"truncated", {{"type", "boolean"}}},
          {"notice", {{"type", "string"}}},
          {"omitted",
           {{"type", "object"}, {"description", "Entries left out of long lists, by list"}}}}},
        {"required", {"path", "title", "text", "lines", "truncated"}}};
    return {
        "read_note",
        "Read a note: its text, front matter, links and backlinks",
        "Reads one note: its Markdown text (a range of lines for long notes), front matter, tags, "
        "aliases, headings, outgoing links (resolved or broken) and backlinks (the notes that link "
        "to it, with the line of each link). Line numbers of links and headings are lines of the "
        "text.",
        object_schema(props, {"note"}),
        output,
        [](ToolContext& ctx, const Json& args) {
            IndexStore& store = ctx.index.store();
            const std::int64_t id = resolve_note(store, get_string(args, "note"), "note");
            const query::NoteDetails details = query::load_note_details(store, id);
            Json show = Json::parse(render::note_details_json(details));
            Json result = Json::object();
            for (const char* key : {"path",
                                    "slug",
                                    "folder",
                                    "title",
                                    "title_source",
                                    "date",
                                    "domain",
                                    "status",
                                    "source",
                                    "relevance",
                                    "word_count",
                                    "front_matter",
                                    "front_matter_invalid",
                                    "tags",
                                    "aliases",
                                    "links",
                                    "backlinks",
                                    "ancestors",
                                    "children",
                                    "headings",
                                    "warnings"}) {
                if (show.contains(key)) result[key] = std::move(show[key]);
            }
            Json omitted = Json::object();
            for (const char* key :
                 {"tags", "links", "backlinks", "children", "headings", "warnings"}) {
                Json& list = result[key];
                if (list.size() > k_max_note_list) {
                    omitted[key] = list.size() - k_max_note_list;
                    list.erase(list.begin() + k_max_note_list, list.end());
                }
            }

            bool file_cut = false;
            const std::vector<std::string> lines =
                file_lines(ctx.index.vault() / details.path, &file_cut);
            const std::size_t total = lines.size();
            const std::size_t from = get_size(args, "from_line", 1);
            std::size_t to = get_size(args, "to_line", from + k_default_lines - 1);
            if (to < from)
                throw ToolError("to_line (" + std::to_string(to) + ") is before from_line (" +
                                std::to_string(from) + ")");
            if (from > std::max<std::size_t>(total, 1)) {
                throw ToolError("from_line " + std::to_string(from) +
                                " is past the end: the note has " + std::to_string(total) +
                                " lines");
            }
            to = std::min(to, total);
            std::string text;
            std::size_t last = from - 1;
            bool cut = false;
            for (std::size_t i = from; i <= to; ++i) {
                const std::string& line = lines[i - 1];
                if (text.size() + line.size() + 1 > k_max_text_bytes) {
                    if (i == from) {  // one very long line: part of it
                        text = cut_text(line, k_max_text_bytes);
                        last = i;
                    }
                    cut = true;
                    break;
                }
                text += line;
                if (i < to) text.push_back('\n');
                last = i;
            }
            if (cut && !text.empty() && text.back() == '\n')
                text.pop_back();  // before the line left out
            result["text"] = text;
            result["lines"] = Json{{"from", from}, {"to", last}, {"total", total}};
            const bool more = last < total || file_cut;
            result["truncated"] = more || !omitted.empty();
            if (more) {
                result["notice"] =
                    "lines " + std::to_string(from) + "-" + std::to_string(last) + " of " +
                    std::to_string(total) + (file_cut ? "+ (the file is larger than 16 MiB)" : "") +
                    "; call read_note again with from_line " + std::to_string(last + 1) +
                    " for more" + (cut ? " (at most 64 KiB of text per call)" : "");
            } else if (!omitted.empty()) {
                result["notice"] =
                    "long lists were cut to " + std::to_string(k_max_note_list) +
                    " entries (see omitted); the find tool lists them all (links_to, linked_from)";
            }
            if (!omitted.empty()) result["omitted"] = std::move(omitted);
            return result;
        }};
}

// ---- related ----------------------------------------------------------------

ToolDefinition related_tool() {
    Json props = Json::object();
    props["note"] = string_property("The note: its vault path, slug, title or alias");
    props["limit"] = limit_property(10, 50, "notes");
    Json item{{"type", "object"},
              {"properties",
               {{"rank", {{"type", "integer"}}},
                {"score", {{"type", "number"}}},
                {"path", {{"type", "string"}}},
                {"title", {{"type", "string"}}},
                {"reasons", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
              {"required", {"rank", "score", "path", "title", "reasons"}}};
    Json output = list_output_schema("related", item);
    output["properties"]["note"] =
        Json{{"type", "string"}, {"description", "Path of the note asked about"}};
    return {"related",
            "Notes related to a note, with the reasons",
            "The notes that belong with a given note, best first, each with its reasons: an "
            "explicit related: link, links either way, shared tags (rare ones count more), notes "
            "citing both, shared link targets, the same domain, similar text. Use it to gather "
            "context around a note or to suggest links.",
            object_schema(props, {"note"}),
            output,
            [](ToolContext& ctx, const Json& args) {
                IndexStore& store = ctx.index.store();
                const std::int64_t id = resolve_note(store, get_string(args, "note"), "note");
                const Config config =
                    load_config(ctx.index.vault() / ".notes" / "config.yaml", ".notes/config.yaml");
                query::RelatedOptions options;
                const std::size_t limit = get_size(args, "limit", 10);
                options.limit = limit + 1;
                options.weights = config.related_weights;
                const query::RelatedList list = query::find_related(store, id, options);
                Json result =
                    list_result("related", rows_json(render::related_table(list.notes, true)),
                                limit, "raise limit (at most 50)");
                Json out = Json::object();
                out["note"] = store.path_of(id);
                for (auto& [key, value] : result.items()) out[key] = std::move(value);
                return out;
            }};
}

// ---- tags -------------------------------------------------------------------

ToolDefinition tags_tool() {
    Json props = Json::object();
    props["sort"] = Json{{"type", "string"},
                         {"enum", {"count", "name"}},
                         {"description", "Order: count (most notes first; the default) or name"}};
    props["limit"] = limit_property(200, 2000, "tags");
    Json item{
        {"type", "object"},
        {"properties",
         {{"tag", {{"type", "string"}}},
          {"notes", {{"type", "integer"}, {"description", "Notes with exactly this tag"}}},
          {"total",
           {{"type", "integer"}, {"description", "Notes with this tag or one nested under it"}}},
          {"parent",
           {{"type", {"string", "null"}}, {"description", "The tag it is nested under"}}}}},
        {"required", {"tag", "notes", "total", "parent"}}};
    return {"tags",
            "The vault's tags with their note counts",
            "Every tag of the vault with the number of notes carrying it; nested tags (db/sqlite) "
            "come right after their parent, which counts their notes in its total. Use it to learn "
            "the vault's vocabulary before filtering by tag.",
            object_schema(props),
            list_output_schema("tags", item),
            [](ToolContext& ctx, const Json& args) {
                IndexStore& store = ctx.index.store();
                const auto tree = query::tag_tree(store, get_string(args, "sort", "count") == "name"
                                                             ? query::TagSort::name
                                                             : query::TagSort::count);
                const std::size_t limit = get_size(args, "limit", 200);
                return list_result("tags",
                                   rows_json(render::tags_table(tree, render::Format::json)), limit,
                                   "raise limit (at most 2000)");
            }};
}

// ---- report -----------------------------------------------------------------

ToolDefinition report_tool() {
    Json sections = Json::array();
    for (const query::ReportSection s : query::all_report_sections()) {
        sections.push_back(std::string(query::report_section_name(s)));
    }
    Json props = Json::object();
    props["sections"] = Json{{"type", "array"},
                             {"items", {{"type", "string"}, {"enum", sections}}},
                             {"description", "Only these sections (default: all)"}};
    props["limit"] = limit_property(10, 100, "entries per list");
    return {"report",
            "The vault's health: broken links, orphans, front-matter problems",
            "A summary of the vault: counts of notes, words, links and tags; notes per month; the "
            "most used tags, domains and statuses; broken links and anchors; orphans; notes "
            "missing a title, date or tags; duplicate slugs and titles; double-encoded text; the "
            "reading queue (by status). Each list is cut to limit entries.",
            object_schema(props),
            Json{{"type", "object"},
                 {"properties",
                  {{"generated", {{"type", "string"}}},
                   {"limit", {{"type", "integer"}}},
                   {"attention",
                    {{"type", "array"}, {"description", "The problems worth looking at first"}}},
                   {"overview", {{"type", "object"}}}}}},
            [](ToolContext& ctx, const Json& args) {
                query::ReportOptions options;
                for (const std::string& name : get_strings(args, "sections")) {
                    const auto section = query::parse_report_section(name);
                    if (section && std::find(options.sections.begin(), options.sections.end(),
                                             *section) == options.sections.end()) {
                        options.sections.push_back(*section);
                    }
                }
                options.limit = get_size(args, "limit", 10);
                options.index_file = ctx.index.db();
                options.open_store = [&ctx] { return ctx.index.open_another(); };
                const query::Report report = query::build_report(ctx.index.store(), options);
                return Json::parse(render::report_json(report, options.limit));
            }};
}

// ---- sql --------------------------------------------------------------------

ToolDefinition sql_tool() {
    Json props = Json::object();
    props["query"] = string_property(
        "One read-only SQLite statement over the index. Tables: notes (path, slug, title, date, "
        "domain, status, word_count, front_matter JSON, …), tags (note_id, tag, tag_key), fields "
        "(note_id, key, value), links (note_id, target, target_id, status, line), headings, "
        "aliases, tag_nodes (the tag tree: tag, tag_key, parent_key, notes, total); views backlinks, broken_links, tag_counts, orphans; full text: notes_fts "
        "MATCH. Writes, ATTACH and setting pragmas are refused.");
    props["limit"] = limit_property(100, 1000, "rows");
    Json output{{"type", "object"},
                {"properties",
                 {{"columns", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                  {"count", {{"type", "integer"}}},
                  {"truncated", {{"type", "boolean"}}},
                  {"notice", {{"type", "string"}}},
                  {"rows", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
                {"required", {"columns", "count", "truncated", "rows"}}};
    return {
        "sql",
        "Run read-only SQL over the index",
        "Runs one SQL query on the index (SQLite, read-only), for questions the other tools do "
        "not answer: counts, joins, front-matter keys (json_extract(front_matter, '$.key')), "
        "links by kind. docs/schema.md describes every table and view. Rows are objects keyed "
        "by column; long text cells are cut to 4096 bytes.",
        object_schema(props, {"query"}),
        output,
        [](ToolContext& ctx, const Json& args) {
            IndexStore& store = ctx.index.sql_store();
            const std::size_t limit = get_size(args, "limit", 100);
            store::TypedQueryResult result;
            try {
                result = store.run_user_query(get_string(args, "query"), limit);
            } catch (const Error& e) {
                if (e.status() == exit_status::k_usage || std::string(e.what()) == "interrupted") {
                    throw ToolError(std::string("sql: ") + e.what());
                }
                throw;
            }
            const bool more = result.truncated;
            Json columns = result.columns;
            bool cut_cells = false;
            Json rows = rows_json(render::sql_result_table(std::move(result)), k_max_cell_bytes,
                                  &cut_cells);
            if (more) rows.push_back(nullptr);  // list_result: "there are more"
            Json listed = list_result(
                "rows", std::move(rows), limit,
                "add LIMIT/OFFSET or WHERE to the query, or raise limit (at most 1000)");
            Json out = Json::object();
            out["columns"] = std::move(columns);
            for (auto& [key, value] : listed.items()) out[key] = std::move(value);
            if (cut_cells) {
                const std::string note =
                    "text cells longer than 4096 bytes were cut (use substr() to read parts)";
                out["notice"] =
                    out.contains("notice") ? out["notice"].get<std::string>() + "; " + note : note;
            }
            return out;
        }};
}

// ---- argument checking ---------------------------------------------------------

std::string type_name(const Json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "a boolean";
    if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
    if (v.is_number()) return "a number";
    if (v.is_string()) return "a string";
    if (v.is_array()) return "an array";
    return "an object";
}

bool has_type(const Json& v, const std::string& type) {
    if (type == "string") return v.is_string();
    if (type == "integer") {
        if (v.is_number_integer() || v.is_number_unsigned()) return true;
        if (v.is_number_float()) {
            const double d = v.get<double>();
            return d == static_cast<double>(static_cast<std::int64_t>(d));
        }
        return false;
    }
    if (type == "number") return v.is_number();
    if (type == "boolean") return v.is_boolean();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    if (type == "null") return v.is_null();
    return false;
}

std::optional<std::string> check_value(const Json& schema, const Json& v,
                                       const std::string& where) {
    if (const auto t = schema.find("type"); t != schema.end()) {
        bool ok = false;
        std::string wanted;
        for (const auto& one : t->is_array() ? *t : Json::array({*t})) {
            ok = ok || has_type(v, one.get<std::string>());
            wanted += (wanted.empty() ? "" : " or ") + one.get<std::string>();
        }
        if (!ok)
            return where + " must be " + (wanted == "integer" ? "an " : "a ") + wanted + ", not " +
                   type_name(v);
    }
    if (const auto e = schema.find("enum"); e != schema.end()) {
        if (std::find(e->begin(), e->end(), v) == e->end()) {
            std::string known;
            for (const auto& item : *e)
                known += (known.empty() ? "" : ", ") + item.get<std::string>();
            return where + " must be one of " + known + ", not " + dump(v);
        }
    }
    if (v.is_number()) {
        const double d = v.get<double>();
        if (const auto m = schema.find("minimum"); m != schema.end() && d < m->get<double>()) {
            return where + " must be at least " + dump(*m) + ", not " + dump(v);
        }
        if (const auto m = schema.find("maximum"); m != schema.end() && d > m->get<double>()) {
            return where + " must be at most " + dump(*m) + ", not " + dump(v);
        }
    }
    if (v.is_array()) {
        if (const auto items = schema.find("items"); items != schema.end()) {
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (auto problem = check_value(*items, v[i], where + "[" + std::to_string(i) + "]"))
                    return problem;
            }
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> check_arguments(const Json& schema, const Json& arguments) {
    if (!arguments.is_object()) return "arguments must be an object, not " + type_name(arguments);
    const Json& properties = schema["properties"];
    for (const auto& name : schema.value("required", Json::array())) {
        if (!arguments.contains(name.get<std::string>())) {
            return "missing argument " + name.get<std::string>();
        }
    }
    for (const auto& [key, value] : arguments.items()) {
        const auto it = properties.find(key);
        if (it == properties.end()) {
            std::string known;
            for (const auto& [name, unused] : properties.items())
                known += (known.empty() ? "" : ", ") + name;
            return "unknown argument " + key + " (arguments: " + known + ")";
        }
        if (value.is_null()) continue;  // null: as if left out
        if (auto problem = check_value(*it, value, "argument " + key)) return problem;
    }
    return std::nullopt;
}

const std::vector<ToolDefinition>& all_tools() {
    static const std::vector<ToolDefinition> k_tools{search_tool(),  find_tool(), read_note_tool(),
                                                     related_tool(), tags_tool(), report_tool(),
                                                     sql_tool()};
    return k_tools;
}

const ToolDefinition* find_tool(std::string_view name) {
    for (const ToolDefinition& tool : all_tools()) {
        if (tool.name == name) return &tool;
    }
    return nullptr;
}

Json tool_listing(const ToolDefinition& tool) {
    return Json{{"name", tool.name},
                {"title", tool.title},
                {"description", tool.description},
                {"inputSchema", tool.input_schema},
                {"outputSchema", tool.output_schema},
                {"annotations",
                 {{"title", tool.title},
                  {"readOnlyHint", true},
                  {"destructiveHint", false},
                  {"idempotentHint", true},
                  {"openWorldHint", false}}}};
}

}  // namespace notes::mcp
