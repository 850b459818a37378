// `notes show`: one note as a readable, sectioned text or as one JSON object.
// A note is not a table, so it has its own two views instead of render().

#include "notes/render/note_details.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "notes/core/json.hpp"
#include "notes/core/text.hpp"
#include "notes/render/output.hpp"

namespace notes::render {
namespace {

using namespace notes::query;

using Style = AnsiStyle;

std::string join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i > 0 ? sep : "") + items[i];
    return out;
}

/// Front-matter values the text view shows elsewhere: tags (same line, from
/// the front matter), aliases (the keys they are read from) and links (same
/// line, kind named after the key, as for `related:` and `up:`). The JSON view
/// keeps every field.
bool shown_elsewhere(const NoteDetails& d, const NoteField& f) {
    if (!d.aliases.empty() && (f.key == "aliases" || f.key == "alias")) return true;
    if (!f.line) return false;
    for (const NoteTag& t : d.tags) {
        if (t.source == "front_matter" && t.line == *f.line) return true;
    }
    for (const OutgoingLink& l : d.links_out) {
        if (l.kind == f.key && l.line == *f.line) return true;
    }
    return false;
}

/// Where a link goes, as the text view says it: the note it resolves to, or
/// what was written and why it goes nowhere.
std::string link_destination(const OutgoingLink& l, const Style& s) {
    const std::string anchor = l.anchor.empty() ? "" : "#" + l.anchor;
    if (l.status == "resolved") {
        std::string out = std::string(s.good) + "→" + s.reset + " ";
        out += l.resolved_by == "self" ? printable(anchor) + " " + s.dim + "(this note)" + s.reset
                                       : printable(l.target_path + anchor);
        if (l.anchor_ok == false) {
            const bool block =
                l.anchor.rfind('^', 0) == 0 || l.anchor.find("#^") != std::string::npos;
            out += std::string(" ") + s.bad + (block ? "(missing block)" : "(missing heading)") +
                   s.reset;
        }
        return out;
    }
    if (l.status == "broken") {
        return std::string(s.bad) + "✗" + s.reset + " " + printable(l.target + anchor) + " " +
               s.bad + "(broken)" + s.reset;
    }
    if (l.status == "external") return "↗ " + printable(l.target + anchor);
    if (l.status == "attachment" && !l.target_path.empty()) {
        return "→ " + printable(l.target_path + anchor) + " " + s.dim + "(attachment)" + s.reset;
    }
    return "→ " + printable(l.target + anchor) + " " + s.dim + "(" + printable(l.status) + ")" +
           s.reset;
}

std::string text_of(const NoteDetails& d, bool color) {
    const Style s(color);
    std::string out;
    auto line = [&out](const std::string& text) { out += text + "\n"; };
    auto section = [&](const std::string& name, std::size_t count) {
        out += std::string("\n") + s.bold + name + s.reset + " (" + std::to_string(count) + "):\n";
    };

    // What the index made of the note, then its front matter as written.
    line(std::string(s.bold) + printable(d.title) + s.reset);
    line("path: " + printable(d.path));
    if (!d.date.empty()) line("date: " + printable(d.date));
    if (!d.tags.empty()) {
        std::vector<std::string> tags;
        for (const NoteTag& t : d.tags) tags.push_back("#" + printable(t.name));
        line("tags: " + join(tags, " "));
    }
    if (!d.aliases.empty()) {
        std::vector<std::string> aliases;
        for (const auto& a : d.aliases) aliases.push_back(printable(a));
        line("aliases: " + join(aliases, ", "));
    }
    line("words: " + std::to_string(d.word_count));
    std::string front_matter;
    for (std::size_t i = 0; i < d.fields.size();) {
        // The items of a list on one line.
        const std::string& key = d.fields[i].key;
        std::vector<std::string> values;
        std::size_t j = i;
        for (; j < d.fields.size() && d.fields[j].key == key; ++j) {
            if (!shown_elsewhere(d, d.fields[j]))
                values.push_back(printable(d.fields[j].value.value_or("")));
        }
        if (!values.empty())
            front_matter += "  " + printable(key) + ": " + join(values, ", ") + "\n";
        i = j;
    }
    if (!front_matter.empty())
        out += std::string("\n") + s.bold + "front matter:" + s.reset + "\n" + front_matter;

    // Line numbers and kinds in aligned columns.
    int line_width = 1;
    int kind_width = 0;
    for (const OutgoingLink& l : d.links_out) {
        line_width = std::max(line_width, static_cast<int>(std::to_string(l.line).size()));
        kind_width = std::max(kind_width, text::display_width(printable(l.kind)));
    }
    for (const NoteHeading& h : d.headings) {
        line_width = std::max(line_width, static_cast<int>(std::to_string(h.line).size()));
    }
    auto line_number = [&](std::int64_t n) {
        const std::string digits = std::to_string(n);
        return std::string(s.dim) + "line " + std::string(line_width - digits.size(), ' ') +
               digits + s.reset;
    };

    section("links", d.links_out.size());
    for (const OutgoingLink& l : d.links_out) {
        const std::string kind = printable(l.kind);
        line("  " + line_number(l.line) + "  " + kind +
             std::string(kind_width - text::display_width(kind), ' ') + "  " + link_destination(l, s));
    }
    section("backlinks", d.backlinks.size());
    for (const Backlink& b : d.backlinks) {
        line("  " + printable(b.source_path) + ":" + std::to_string(b.line) + "  " + s.dim +
             printable(b.kind) + (b.anchor.empty() ? "" : " #" + printable(b.anchor)) + s.reset);
    }
    if (!d.ancestors.empty() || !d.children.empty()) {
        // A tree, as `notes tags` draws one: the ancestors, the note, its children.
        out += std::string("\n") + s.bold + "hierarchy:" + s.reset + "\n";
        std::size_t depth = 1;
        for (const HierarchyNote& a : d.ancestors) {
            line(std::string(2 * depth++, ' ') + printable(a.title) + "  " + s.dim + printable(a.path) + s.reset);
        }
        line(std::string(2 * depth, ' ') + s.bold + printable(d.title) + s.reset + "  " + s.dim + "(this note)" + s.reset);
        for (const HierarchyNote& c : d.children) {
            line(std::string(2 * depth + 2, ' ') + printable(c.title) + "  " + s.dim + printable(c.path) + s.reset);
        }
    }
    if (!d.headings.empty()) {
        section("headings", d.headings.size());
        // Indented by level, the note's top level flush left.
        std::int64_t top = 6;
        for (const NoteHeading& h : d.headings) top = std::min(top, h.level);
        for (const NoteHeading& h : d.headings) {
            const auto indent =
                static_cast<std::size_t>(2 * std::max<std::int64_t>(0, h.level - top));
            line("  " + line_number(h.line) + "  " + std::string(indent, ' ') + printable(h.text));
        }
    }
    if (!d.warnings.empty()) {
        section("warnings", d.warnings.size());
        for (const NoteWarning& w : d.warnings) {
            std::string where;
            if (w.line)
                where = std::string(s.dim) + "line " + std::to_string(*w.line) +
                        (w.col ? ":" + std::to_string(*w.col) : "") + s.reset + "  ";
            line("  " + where + s.bad + printable(w.message) + s.reset);
        }
    }
    return out;
}

void integer_or_null(JsonWriter& w, const std::optional<std::int64_t>& n) {
    if (n) {
        w.value(*n);
    } else {
        w.null();
    }
}

/// The JSON view: one object whose keys are documented in docs/cli.md.
std::string json_of(const NoteDetails& d) {
    JsonWriter w;
    w.begin_object();
    w.key("id").value(d.id);
    w.key("path").value(d.path);
    w.key("slug").value(d.slug);
    w.key("folder").value(d.folder);
    w.key("title").value(d.title);
    w.key("title_source").value(d.title_source);
    for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"date", &d.date},
                                     {"domain", &d.domain},
                                     {"status", &d.status},
                                     {"source", &d.source},
                                     {"relevance", &d.relevance}}) {
        w.key(key);
        w.text_or_null(*value);
    }
    w.key("word_count").value(d.word_count);
    w.key("front_matter");
    if (d.front_matter_json.empty()) {
        w.null();
    } else {
        w.raw(d.front_matter_json);  // stored as a JSON object by the indexer
    }
    w.key("front_matter_invalid").value(d.front_matter_invalid);
    w.key("fields").begin_array();
    for (const NoteField& f : d.fields) {
        w.begin_object();
        w.key("key").value(f.key);
        w.key("value");
        if (f.value) {
            w.value(*f.value);
        } else {
            w.null();
        }
        w.key("position");
        integer_or_null(w, f.position);
        w.key("type").value(f.type);
        w.key("line");
        integer_or_null(w, f.line);
        w.end_object();
    }
    w.end_array();
    w.key("tags").begin_array();
    for (const NoteTag& t : d.tags) {
        w.begin_object();
        w.key("tag").value(t.name);
        w.key("source").value(t.source);
        w.key("line").value(t.line);
        w.end_object();
    }
    w.end_array();
    w.key("aliases").begin_array();
    for (const auto& a : d.aliases) w.value(a);
    w.end_array();
    w.key("links").begin_array();
    for (const OutgoingLink& l : d.links_out) {
        w.begin_object();
        w.key("line").value(l.line);
        w.key("kind").value(l.kind);
        w.key("target").value(l.target);
        w.key("anchor");
        w.text_or_null(l.anchor);
        w.key("label");
        w.text_or_null(l.label);
        w.key("status").value(l.status);
        w.key("resolved_by");
        w.text_or_null(l.resolved_by);
        w.key("target_path");
        w.text_or_null(l.target_path);
        w.key("target_title");
        w.text_or_null(l.target_title);
        w.key("anchor_ok");
        if (l.anchor_ok) {
            w.value(*l.anchor_ok);
        } else {
            w.null();
        }
        w.end_object();
    }
    w.end_array();
    w.key("backlinks").begin_array();
    for (const Backlink& b : d.backlinks) {
        w.begin_object();
        w.key("path").value(b.source_path);
        w.key("title").value(b.source_title);
        w.key("line").value(b.line);
        w.key("kind").value(b.kind);
        w.key("anchor");
        w.text_or_null(b.anchor);
        w.end_object();
    }
    w.end_array();
    for (const auto& [key, list] : {std::pair<const char*, const std::vector<HierarchyNote>*>{"ancestors", &d.ancestors},
                                    {"children", &d.children}}) {
        w.key(key).begin_array();
        for (const HierarchyNote& n : *list) {
            w.begin_object();
            w.key("path").value(n.path);
            w.key("title").value(n.title);
            w.end_object();
        }
        w.end_array();
    }
    w.key("headings").begin_array();
    for (const NoteHeading& h : d.headings) {
        w.begin_object();
        w.key("level").value(h.level);
        w.key("text").value(h.text);
        w.key("line").value(h.line);
        w.end_object();
    }
    w.end_array();
    w.key("warnings").begin_array();
    for (const NoteWarning& warning : d.warnings) {
        w.begin_object();
        w.key("line");
        integer_or_null(w, warning.line);
        w.key("column");
        integer_or_null(w, warning.col);
        w.key("message").value(warning.message);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take();
}

}  // namespace

std::string note_details_text(const query::NoteDetails& details, bool color) {
    return text_of(details, color);
}

std::string note_details_json(const query::NoteDetails& details) { return json_of(details); }

}  // namespace notes::render
