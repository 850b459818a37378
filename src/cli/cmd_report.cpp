// `notes report`: the vault's health and shape. The core computes a Report
// (notes/report.hpp); this file declares the flags and renders the report in
// four formats:
//
//   text      for the terminal: aligned columns, Unicode bar charts, colour
//             when stdout is a terminal;
//   markdown  a dashboard a user may save into the vault: paths, tags and
//             link targets are code spans, so that the saved file adds no
//             links or tags to the vault it describes;
//   json      one object, stable and documented in docs/cli.md;
//   html      one self-contained file (inline CSS and SVG, no script, no
//             font, nothing fetched) with charts and the problem tables.
//
// Every renderer shows the same sections in the same order; a section absent
// from the Report (not asked for with --section) is left out.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/output.hpp"
#include "cli/reading.hpp"
#include "cli/terminal.hpp"
#include "notes/error.hpp"
#include "notes/index_store.hpp"
#include "notes/json.hpp"
#include "notes/report.hpp"

namespace notes::cli {
namespace {

struct ReportFlags {
    std::vector<std::string> sections;
    std::size_t limit = 10;
    std::string format = "text";
    std::string output;
};

// ---------------------------------------------------------------------------
// Shared wording

std::string with_commas(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (n < 0 ? "-" : "") + out;
}

std::string plural(std::int64_t n, const std::string& one, const std::string& many) {
    return with_commas(n) + " " + (n == 1 ? one : many);
}

/// `seconds` after the epoch, broken down in UTC.
std::tm utc(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}

std::string utc_time(std::int64_t seconds) {
    const std::tm tm = utc(seconds);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string age(std::int64_t seconds) {
    if (seconds < 60) return "just now";
    if (seconds < 3600) return plural(seconds / 60, "minute", "minutes") + " ago";
    if (seconds < 2 * 86400) return plural(seconds / 3600, "hour", "hours") + " ago";
    return plural(seconds / 86400, "day", "days") + " ago";
}

std::string status_kind_label(const std::string& kind) {
    if (kind == "invalid_yaml") return "Invalid YAML";
    if (kind == "unterminated_front_matter") return "Unterminated front matter";
    if (kind == "unparseable_date") return "Unparseable dates";
    if (kind == "empty_file") return "Empty files";
    if (kind == "bad_bytes") return "Invalid UTF-8 or NUL bytes";
    return "Other problems";
}

/// One entry of the "needs attention" summary.
struct Attention {
    std::string kind;   ///< stable name (JSON): "broken_links", "orphans", …
    std::string label;  ///< for people: "broken link" / "broken links"
    std::int64_t count;
    std::string section;  ///< the section that lists them (its --section name, the HTML anchor)
    /// Problems are errors in the vault; hints (orphans, missing fields) may
    /// be intended.
    bool problem;
};

/// What is wrong with the vault, from the sections that were computed; an
/// empty list means nothing is.
std::vector<Attention> attention(const Report& r) {
    std::vector<Attention> out;
    auto add = [&](const char* kind, std::int64_t n, const std::string& one,
                   const std::string& many, const char* section, bool problem) {
        if (n > 0) out.push_back({kind, n == 1 ? one : many, n, section, problem});
    };
    if (r.broken_links) {
        add("broken_links", r.broken_links->links, "broken link", "broken links", "broken-links",
            true);
        add("broken_anchors", r.broken_links->anchors, "broken anchor", "broken anchors",
            "broken-links", true);
    }
    if (r.front_matter) {
        add("file_problems", r.front_matter->problems_total, "file problem", "file problems",
            "front-matter", true);
        std::int64_t unknown = 0;
        for (const auto& u : r.front_matter->unknown_statuses) unknown += u.notes;
        add("unknown_statuses", unknown, "unknown status", "unknown statuses", "front-matter",
            true);
    }
    if (r.encoding) {
        add("double_encoded", r.encoding->notes_total, "double-encoded note",
            "double-encoded notes", "encoding", true);
    }
    if (r.duplicates) {
        add("shared_slugs", r.duplicates->slugs_total, "shared slug", "shared slugs", "duplicates",
            true);
        add("shared_titles", r.duplicates->titles_total, "shared title", "shared titles",
            "duplicates", true);
    }
    if (r.orphans) add("orphans", r.orphans->total, "orphan", "orphans", "orphans", false);
    if (r.front_matter) {
        add("missing_title", r.front_matter->missing_title.total, "note without title",
            "notes without title", "front-matter", false);
        add("missing_date", r.front_matter->missing_date.total, "note without date",
            "notes without date", "front-matter", false);
        add("missing_tags", r.front_matter->missing_tags.total, "note without tags",
            "notes without tags", "front-matter", false);
    }
    return out;
}

std::int64_t total_notes(const Report& r) {
    if (r.overview) return r.overview->notes;
    return -1;
}

/// The lists (what needs attention and what to read), in the order every
/// renderer shows them, each by the renderer's method for it.
template <typename Renderer>
void render_lists(const Report& r, Renderer& out) {
    if (r.broken_links) out.broken(*r.broken_links);
    if (r.orphans) out.orphans(*r.orphans);
    if (r.front_matter) out.front_matter(*r.front_matter);
    if (r.duplicates) out.duplicates(*r.duplicates);
    if (r.encoding) out.encoding(*r.encoding);
    if (r.reading_queue) out.queue(*r.reading_queue);
}

/// Every section the report holds, in order: the shape of the vault, then
/// the lists. (The HTML page draws the shape as charts and cards instead.)
template <typename Renderer>
void render_sections(const Report& r, Renderer& out) {
    if (r.overview) out.overview(*r.overview);
    if (r.activity) out.activity(*r.activity);
    if (r.tags) out.distribution(ReportSection::tags, *r.tags);
    if (r.domains) out.distribution(ReportSection::domains, *r.domains);
    if (r.statuses) out.distribution(ReportSection::statuses, *r.statuses);
    render_lists(r, out);
}

// ---------------------------------------------------------------------------
// text

using Style = AnsiStyle;

/// A bar of `width` cells for value/max, in eighths of a cell.
std::string unicode_bar(std::int64_t value, std::int64_t max, int width) {
    static const char* const k_eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    if (max <= 0 || value <= 0) return "";
    std::int64_t eighths = (value * width * 8 + max / 2) / max;
    if (eighths == 0) eighths = 1;
    std::string out;
    for (std::int64_t i = 0; i < eighths / 8; ++i) out += "█";
    out += k_eighths[eighths % 8];
    return out;
}

std::string pad_right(const std::string& s, int width) {
    const int w = display_width(s);
    return w >= width ? s : s + std::string(static_cast<std::size_t>(width - w), ' ');
}

std::string pad_left(const std::string& s, int width) {
    const int w = display_width(s);
    return w >= width ? s : std::string(static_cast<std::size_t>(width - w), ' ') + s;
}

/// Cuts `s` to `width` columns with "…".
std::string fit(const std::string& s, int width) {
    if (display_width(s) <= width) return s;
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t j = i + 1;
        while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
        if (display_width(out + s.substr(i, j - i)) > width - 1) break;
        out += s.substr(i, j - i);
        i = j;
    }
    return out + "…";
}

class TextReport {
  public:
    // The sections are drawn in order by render_sections()/render_lists().
    template <typename Renderer>
    friend void render_sections(const Report& r, Renderer& out);
    template <typename Renderer>
    friend void render_lists(const Report& r, Renderer& out);

    TextReport(const Report& r, bool color) : m_r(r), m_s(color) {}

    std::string render() {
        header();
        render_sections(m_r, *this);
        return m_out;
    }

    void distribution(ReportSection which, const ReportDistribution& d) {
        switch (which) {
            case ReportSection::tags:
                return distribution("Tags", d, "#", "without tags");
            case ReportSection::domains:
                return distribution("Domains", d, "", "without domain");
            default:
                return distribution("Statuses", d, "", "without status");
        }
    }

  private:
    void line(const std::string& s = "") { m_out += s + "\n"; }
    void section(const std::string& name, const std::string& note = "") {
        line();
        line(std::string(m_s.bold) + name + m_s.reset +
             (note.empty() ? "" : std::string(m_s.dim) + "  " + note + m_s.reset));
    }
    void more(std::int64_t shown, std::int64_t total, const std::string& indent = "  ") {
        if (total > shown) {
            line(indent + m_s.dim + "… and " + with_commas(total - shown) +
                 " more (--limit 0 shows all)" + m_s.reset);
        }
    }
    std::string count_style(std::int64_t n) const { return n > 0 ? m_s.bad : m_s.good; }
    std::string none() const { return std::string("  ") + m_s.good + "none" + m_s.reset; }

    void header() {
        std::string title = std::string(m_s.bold) + "Vault report" + m_s.reset;
        if (total_notes(m_r) >= 0) title += " · " + plural(total_notes(m_r), "note", "notes");
        title += std::string(m_s.dim) + " · " + utc_time(m_r.generated) + m_s.reset;
        line(title);
        const auto items = attention(m_r);
        const bool problems_computed =
            m_r.broken_links || m_r.front_matter || m_r.encoding || m_r.duplicates || m_r.orphans;
        if (!problems_computed) return;
        if (items.empty()) {
            line(std::string(m_s.good) + "Nothing needs attention." + m_s.reset);
            return;
        }
        // Problems on one line, hints (which may be intended) on the next.
        std::string problems;
        std::string hints;
        for (const auto& a : items) {
            std::string& s = a.problem ? problems : hints;
            s += (s.empty() ? "" : ", ") + std::string(a.problem ? m_s.bad : m_s.warn) +
                 with_commas(a.count) + m_s.reset + " " + a.label;
        }
        line(problems.empty() ? std::string(m_s.good) + "Nothing needs attention." + m_s.reset
                              : "Needs attention: " + problems);
        if (!hints.empty()) line("Worth a look: " + hints);
    }

    void overview(const ReportOverview& o) {
        section("Overview");
        auto row = [&](const std::string& label, const std::string& value) {
            line("  " + pad_right(label, 16) + value);
        };
        row("Notes", with_commas(o.notes));
        row("Words", with_commas(o.words));
        row("Links", with_commas(o.links) + std::string(m_s.dim) + "  resolved " +
                         with_commas(o.links_resolved) + " · broken " +
                         with_commas(o.links_broken) + " · external " +
                         with_commas(o.links_external) + " · attachment " +
                         with_commas(o.links_attachment) + m_s.reset);
        row("Broken anchors",
            count_style(o.broken_anchors) + with_commas(o.broken_anchors) + m_s.reset);
        row("Tags", with_commas(o.tags));
        row("Domains", with_commas(o.domains));
        row("Statuses", with_commas(o.statuses));
        if (o.first_date.empty()) {
            row("Dates", "no dated notes");
        } else {
            row("Dates", o.first_date + " … " + o.last_date + std::string(m_s.dim) + "  " +
                             with_commas(o.dated_notes) + " dated, " +
                             with_commas(o.notes - o.dated_notes) + " undated" + m_s.reset);
        }
        if (o.index_written) {
            row("Index written", utc_time(*o.index_written) + std::string(m_s.dim) + "  " +
                                     age(o.index_age_seconds.value_or(0)) + m_s.reset);
        }
        line();
        line(std::string("  ") + m_s.dim + "links per note" + m_s.reset);
        std::int64_t max = 0;
        for (const auto& b : o.links_per_note) max = std::max(max, b.count);
        for (const auto& b : o.links_per_note) {
            line("    " + pad_left(b.name, 5) + "  " + pad_left(with_commas(b.count), 8) + "  " +
                 m_s.bar + unicode_bar(b.count, max, 30) + m_s.reset);
        }
    }

    void activity(const ReportActivity& a) {
        std::int64_t max = 0;
        for (const auto& m : a.months) max = std::max(max, m.count);
        section("Activity", "notes per month" +
                                (a.undated > 0 ? "; " + with_commas(a.undated) + " undated" : ""));
        if (a.months.empty()) line(std::string("  ") + m_s.dim + "no dated notes" + m_s.reset);
        for (const auto& m : a.months) {
            line("  " + m.name + "  " + pad_left(with_commas(m.count), 7) + "  " + m_s.bar +
                 unicode_bar(m.count, max, 40) + m_s.reset);
        }
    }

    void distribution(const std::string& name, const ReportDistribution& d,
                      const std::string& prefix, const std::string& without) {
        section(name, with_commas(d.distinct) + " distinct" +
                          (d.notes_without > 0 ? "; " + plural(d.notes_without, "note " + without,
                                                               "notes " + without)
                                               : ""));
        if (d.top.empty()) line(std::string("  ") + m_s.dim + "none" + m_s.reset);
        int width = 0;
        for (const auto& t : d.top)
            width = std::max(width, display_width(prefix + printable(t.name)));
        width = std::min(width, 32);
        const std::int64_t max = d.top.empty() ? 0 : d.top.front().count;
        for (const auto& t : d.top) {
            line("  " + pad_right(fit(prefix + printable(t.name), 32), width) + "  " +
                 pad_left(with_commas(t.count), 7) + "  " + m_s.bar +
                 unicode_bar(t.count, max, 30) + m_s.reset);
        }
        more(static_cast<std::int64_t>(d.top.size()), d.distinct);
    }

    void broken(const ReportBrokenLinks& b) {
        section("Broken links", b.links == 0
                                    ? ""
                                    : plural(b.links, "link", "links") + " to " +
                                          plural(b.targets, "missing note", "missing notes") +
                                          ", most used first");
        if (b.top.empty()) line(none());
        for (const auto& t : b.top) {
            line("  " + std::string(m_s.bad) + printable(t.target) + m_s.reset +
                 std::string(m_s.dim) + "  " + plural(t.links, "link", "links") + " from " +
                 plural(t.notes, "note", "notes") + m_s.reset);
            for (const auto& s : t.sources) line("      " + printable(s));
            more(static_cast<std::int64_t>(t.sources.size()), t.notes, "      ");
        }
        more(static_cast<std::int64_t>(b.top.size()), b.targets);
        line();
        line(std::string("  ") + m_s.bold + "Broken anchors" + m_s.reset + std::string(m_s.dim) +
             "  headings or block ids that do not exist" + m_s.reset);
        if (b.anchor_list.empty()) line(none());
        for (const auto& a : b.anchor_list) {
            line("  " + printable(a.source_path) + ":" + std::to_string(a.line) + "  " + m_s.dim +
                 "→" + m_s.reset + " " + printable(a.target_path) + std::string(m_s.bad) + "#" +
                 printable(a.anchor) + m_s.reset);
        }
        more(static_cast<std::int64_t>(b.anchor_list.size()), b.anchors);
    }

    void orphans(const ReportOrphans& o) {
        section("Orphans", "notes with no link to or from another note");
        if (o.notes.empty()) line(none());
        int width = 0;
        for (const auto& n : o.notes) width = std::max(width, display_width(printable(n.path)));
        width = std::min(width, 60);
        for (const auto& n : o.notes) {
            line("  " + pad_right(fit(printable(n.path), 60), width) + "  " + m_s.dim +
                 printable(n.title) + m_s.reset);
        }
        more(static_cast<std::int64_t>(o.notes.size()), o.total);
    }

    void note_list(const std::string& label, const NoteList& list) {
        line();
        line("  " + std::string(m_s.bold) + label + m_s.reset + std::string(m_s.dim) + "  " +
             with_commas(list.total) + m_s.reset);
        if (list.total == 0) line("    " + std::string(m_s.good) + "none" + m_s.reset);
        for (const auto& p : list.paths) line("    " + printable(p));
        more(static_cast<std::int64_t>(list.paths.size()), list.total, "    ");
    }

    void front_matter(const ReportFrontMatter& f) {
        section("Front matter and file problems",
                f.problems_total == 0 ? "" : plural(f.problems_total, "problem", "problems"));
        if (f.problems.empty()) line(none());
        std::string kind;
        for (const auto& p : f.problems) {
            if (p.kind != kind) {
                kind = p.kind;
                line("  " + std::string(m_s.warn) + status_kind_label(kind) + m_s.reset);
            }
            Warning w{p.path, static_cast<int>(p.line), static_cast<int>(p.column), p.message};
            line("    " + printable(format_warning(w)));
        }
        more(static_cast<std::int64_t>(f.problems.size()), f.problems_total);
        note_list("Missing title (the title is the file name)", f.missing_title);
        note_list("Missing date", f.missing_date);
        note_list("Missing tags", f.missing_tags);
        line();
        line("  " + std::string(m_s.bold) + "Unknown status values" + m_s.reset);
        if (f.unknown_statuses.empty()) line("    " + std::string(m_s.good) + "none" + m_s.reset);
        for (const auto& u : f.unknown_statuses) {
            line("    " + std::string(m_s.bad) + "status: " + printable(u.value) + m_s.reset +
                 std::string(m_s.dim) + "  " + plural(u.notes, "note", "notes") +
                 (u.suggestion.empty() ? "" : "; did you mean '" + u.suggestion + "'?") +
                 m_s.reset);
            for (const auto& p : u.paths) line("      " + printable(p));
            more(static_cast<std::int64_t>(u.paths.size()), u.notes, "      ");
        }
    }

    void duplicates(const ReportDuplicates& d) {
        section("Duplicates and ambiguity");
        line("  " + std::string(m_s.bold) + "Shared slugs" + m_s.reset + std::string(m_s.dim) +
             "  a link by slug picks the note in the linking note's folder, else the marked one" +
             m_s.reset);
        if (d.slugs.empty()) line("    " + std::string(m_s.good) + "none" + m_s.reset);
        for (const auto& s : d.slugs) {
            line("    " + std::string(m_s.warn) + printable(s.slug) + m_s.reset +
                 std::string(m_s.dim) + "  " +
                 plural(static_cast<std::int64_t>(s.notes.size()), "note", "notes") + m_s.reset);
            int width = 0;
            for (const auto& h : s.notes) width = std::max(width, display_width(printable(h.path)));
            for (const auto& h : s.notes) {
                line("      " + pad_right(printable(h.path), width) + "  " +
                     plural(h.links_by_slug, "link", "links") + " by slug" +
                     (h.is_default
                          ? std::string("  ") + m_s.good + "← links from other folders" + m_s.reset
                          : ""));
            }
        }
        more(static_cast<std::int64_t>(d.slugs.size()), d.slugs_total, "    ");
        line();
        line("  " + std::string(m_s.bold) + "Shared titles" + m_s.reset);
        if (d.titles.empty()) line("    " + std::string(m_s.good) + "none" + m_s.reset);
        for (const auto& t : d.titles) {
            line("    " + std::string(m_s.warn) + printable(t.title) + m_s.reset +
                 std::string(m_s.dim) + "  " + plural(t.notes, "note", "notes") + m_s.reset);
            for (const auto& p : t.paths) line("      " + printable(p));
            more(static_cast<std::int64_t>(t.paths.size()), t.notes, "      ");
        }
        more(static_cast<std::int64_t>(d.titles.size()), d.titles_total, "    ");
    }

    void encoding(const ReportEncoding& e) {
        section("Encoding", e.notes_total == 0
                                ? "text that looks double-encoded (UTF-8 read as cp1252)"
                                : plural(e.notes_total, "note looks", "notes look") +
                                      " double-encoded (UTF-8 read as cp1252); suggested repairs");
        if (e.notes.empty()) line(none());
        for (const auto& n : e.notes) {
            line("  " + printable(n.path));
            int width = 0;
            std::vector<std::string> labels;
            for (const auto& f : n.findings) {
                labels.push_back(f.where == "heading" ? "heading, line " + std::to_string(f.line)
                                                      : f.where);
                width = std::max(width, display_width(printable(labels.back())));
            }
            for (std::size_t i = 0; i < n.findings.size(); ++i) {
                const auto& f = n.findings[i];
                line("    " + std::string(m_s.dim) + pad_right(printable(labels[i]), width) +
                     m_s.reset + "  " + m_s.bad + printable(f.text) + m_s.reset + "  →  " +
                     m_s.good + printable(f.repaired) + m_s.reset);
            }
        }
        more(static_cast<std::int64_t>(e.notes.size()), e.notes_total);
        if (e.notes_total > static_cast<std::int64_t>(e.notes.size()) && !e.common.empty()) {
            line("  " + std::string(m_s.bold) + "Most common" + m_s.reset);
            for (const auto& c : e.common) {
                line("    " + std::string(m_s.bad) + printable(c.text) + m_s.reset + "  →  " +
                     m_s.good + printable(c.repaired) + m_s.reset + std::string(m_s.dim) + "  " +
                     plural(c.notes, "note", "notes") + m_s.reset);
            }
        }
    }

    void queue(const ReportReadingQueue& q) {
        section("Reading queue",
                plural(q.total, "note", "notes") + " with status: " + q.status + ", oldest first");
        if (q.notes.empty()) line(std::string("  ") + m_s.dim + "empty" + m_s.reset);
        int width = 0;
        for (const auto& n : q.notes)
            width = std::max(width, display_width(fit(printable(n.title), 60)));
        for (const auto& n : q.notes) {
            line("  " + pad_right(n.date.empty() ? "undated" : n.date.substr(0, 10), 10) + "  " +
                 pad_right(fit(printable(n.title), 60), width) + std::string(m_s.dim) + "  " +
                 printable(n.path) + m_s.reset);
        }
        more(static_cast<std::int64_t>(q.notes.size()), q.total);
    }

    const Report& m_r;
    Style m_s;
    std::string m_out;
};

// ---------------------------------------------------------------------------
// json

std::string iso_time(std::int64_t seconds) {
    const std::tm tm = utc(seconds);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void text_or_null(JsonWriter& w, const std::string& s) {
    if (s.empty()) {
        w.null();
    } else {
        w.value(s);
    }
}

void int_or_null(JsonWriter& w, std::int64_t n) {
    if (n > 0) {
        w.value(n);
    } else {
        w.null();
    }
}

void json_strings(JsonWriter& w, const std::vector<std::string>& items) {
    w.begin_array();
    for (const auto& s : items) w.value(s);
    w.end_array();
}

void json_note_list(JsonWriter& w, const NoteList& list) {
    w.begin_object();
    w.key("total").value(list.total);
    w.key("paths");
    json_strings(w, list.paths);
    w.end_object();
}

void json_notes(JsonWriter& w, const std::vector<ReportNote>& notes) {
    w.begin_array();
    for (const auto& n : notes) {
        w.begin_object();
        w.key("path").value(n.path);
        w.key("title").value(n.title);
        w.key("date");
        text_or_null(w, n.date);
        w.end_object();
    }
    w.end_array();
}

void json_distribution(JsonWriter& w, const ReportDistribution& d) {
    w.begin_object();
    w.key("distinct").value(d.distinct);
    w.key("notes_without").value(d.notes_without);
    w.key("top").begin_array();
    for (const auto& t : d.top) {
        w.begin_object();
        w.key("name").value(t.name);
        w.key("notes").value(t.count);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

std::string render_json(const Report& r, std::size_t limit) {
    JsonWriter w;
    w.begin_object();
    w.key("generated").value(iso_time(r.generated));
    w.key("limit").value(static_cast<std::int64_t>(limit));
    w.key("attention").begin_array();
    for (const auto& a : attention(r)) {
        w.begin_object();
        w.key("kind").value(a.kind);
        w.key("count").value(a.count);
        w.key("section").value(a.section);
        w.key("problem").value(a.problem);
        w.end_object();
    }
    w.end_array();
    if (const auto& o = r.overview) {
        w.key("overview").begin_object();
        w.key("notes").value(o->notes);
        w.key("words").value(o->words);
        w.key("links").begin_object();
        w.key("total").value(o->links);
        w.key("resolved").value(o->links_resolved);
        w.key("broken").value(o->links_broken);
        w.key("external").value(o->links_external);
        w.key("attachment").value(o->links_attachment);
        w.end_object();
        w.key("broken_anchors").value(o->broken_anchors);
        w.key("tags").value(o->tags);
        w.key("domains").value(o->domains);
        w.key("statuses").value(o->statuses);
        w.key("first_date");
        text_or_null(w, o->first_date);
        w.key("last_date");
        text_or_null(w, o->last_date);
        w.key("dated_notes").value(o->dated_notes);
        w.key("index_written");
        if (o->index_written) {
            w.value(iso_time(*o->index_written));
        } else {
            w.null();
        }
        w.key("index_age_seconds");
        if (o->index_age_seconds) {
            w.value(*o->index_age_seconds);
        } else {
            w.null();
        }
        w.key("links_per_note").begin_array();
        for (const auto& b : o->links_per_note) {
            w.begin_object();
            w.key("links").value(b.name);
            w.key("notes").value(b.count);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    if (const auto& a = r.activity) {
        w.key("activity").begin_object();
        w.key("months").begin_array();
        for (const auto& m : a->months) {
            w.begin_object();
            w.key("month").value(m.name);
            w.key("notes").value(m.count);
            w.end_object();
        }
        w.end_array();
        w.key("undated").value(a->undated);
        w.end_object();
    }
    if (r.tags) json_distribution(w.key("tags"), *r.tags);
    if (r.domains) json_distribution(w.key("domains"), *r.domains);
    if (r.statuses) json_distribution(w.key("statuses"), *r.statuses);
    if (const auto& b = r.broken_links) {
        w.key("broken_links").begin_object();
        w.key("links").value(b->links);
        w.key("targets").value(b->targets);
        w.key("top").begin_array();
        for (const auto& t : b->top) {
            w.begin_object();
            w.key("target").value(t.target);
            w.key("links").value(t.links);
            w.key("notes").value(t.notes);
            w.key("sources");
            json_strings(w, t.sources);
            w.end_object();
        }
        w.end_array();
        w.key("anchors").value(b->anchors);
        w.key("anchor_list").begin_array();
        for (const auto& a : b->anchor_list) {
            w.begin_object();
            w.key("source").value(a.source_path);
            w.key("line").value(a.line);
            w.key("target").value(a.target_path);
            w.key("anchor").value(a.anchor);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    if (const auto& o = r.orphans) {
        w.key("orphans").begin_object();
        w.key("total").value(o->total);
        w.key("notes");
        json_notes(w, o->notes);
        w.end_object();
    }
    if (const auto& f = r.front_matter) {
        w.key("front_matter").begin_object();
        w.key("problems_total").value(f->problems_total);
        w.key("problem_kinds").begin_object();
        for (const auto& k : f->problem_kinds) w.key(k.name).value(k.count);
        w.end_object();
        w.key("problems").begin_array();
        for (const auto& p : f->problems) {
            w.begin_object();
            w.key("kind").value(p.kind);
            w.key("path").value(p.path);
            w.key("line");
            int_or_null(w, p.line);
            w.key("column");
            int_or_null(w, p.column);
            w.key("message").value(p.message);
            w.end_object();
        }
        w.end_array();
        w.key("missing_title");
        json_note_list(w, f->missing_title);
        w.key("missing_date");
        json_note_list(w, f->missing_date);
        w.key("missing_tags");
        json_note_list(w, f->missing_tags);
        w.key("unknown_statuses").begin_array();
        for (const auto& u : f->unknown_statuses) {
            w.begin_object();
            w.key("value").value(u.value);
            w.key("notes").value(u.notes);
            w.key("paths");
            json_strings(w, u.paths);
            w.key("suggestion");
            text_or_null(w, u.suggestion);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    if (const auto& d = r.duplicates) {
        w.key("duplicates").begin_object();
        w.key("slugs_total").value(d->slugs_total);
        w.key("slugs").begin_array();
        for (const auto& s : d->slugs) {
            w.begin_object();
            w.key("slug").value(s.slug);
            w.key("notes").begin_array();
            for (const auto& h : s.notes) {
                w.begin_object();
                w.key("path").value(h.path);
                w.key("title").value(h.title);
                w.key("links_by_slug").value(h.links_by_slug);
                w.key("default").value(h.is_default);
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.key("titles_total").value(d->titles_total);
        w.key("titles").begin_array();
        for (const auto& t : d->titles) {
            w.begin_object();
            w.key("title").value(t.title);
            w.key("notes").value(t.notes);
            w.key("paths");
            json_strings(w, t.paths);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    if (const auto& e = r.encoding) {
        w.key("encoding").begin_object();
        w.key("notes_total").value(e->notes_total);
        w.key("findings_total").value(e->findings_total);
        w.key("notes").begin_array();
        for (const auto& n : e->notes) {
            w.begin_object();
            w.key("path").value(n.path);
            w.key("findings").begin_array();
            for (const auto& f : n.findings) {
                w.begin_object();
                w.key("where").value(f.where);
                w.key("line");
                int_or_null(w, f.line);
                w.key("text").value(f.text);
                w.key("repaired").value(f.repaired);
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.key("common").begin_array();
        for (const auto& c : e->common) {
            w.begin_object();
            w.key("text").value(c.text);
            w.key("repaired").value(c.repaired);
            w.key("notes").value(c.notes);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    if (const auto& q = r.reading_queue) {
        w.key("reading_queue").begin_object();
        w.key("status").value(q->status);
        w.key("total").value(q->total);
        w.key("notes");
        json_notes(w, q->notes);
        w.end_object();
    }
    w.end_object();
    return w.take() + "\n";
}

// ---------------------------------------------------------------------------
// markdown

/// `s` as a code span that is safe inside a table cell: no link, tag or
/// emphasis is read from it, and a '|' does not end the cell.
std::string md_code(const std::string& s) {
    std::string body;
    for (const char c : s) {
        if (c == '|') {
            body += "\\|";
        } else if (c == '\n' || c == '\r') {
            body += ' ';
        } else {
            body += c;
        }
    }
    if (body.empty()) return "";
    std::string fence = "`";
    while (body.find(fence) != std::string::npos) fence += '`';
    const bool pad = body.front() == '`' || body.back() == '`' || body.front() == ' ';
    return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

/// Plain text for a table cell: Markdown punctuation escaped, so that a
/// title with `[[x]]`, `#tag` or `*` reads as written.
std::string md_text(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (c == '\n' || c == '\r') {
            out += ' ';
        } else if (std::string_view("\\`*_[]<>#|~%").find(c) != std::string_view::npos) {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}

class MarkdownReport {
  public:
    // The sections are drawn in order by render_sections()/render_lists().
    template <typename Renderer>
    friend void render_sections(const Report& r, Renderer& out);
    template <typename Renderer>
    friend void render_lists(const Report& r, Renderer& out);

    explicit MarkdownReport(const Report& r) : m_r(r) {}

    std::string render() {
        line("# Vault report");
        line();
        std::string sub = "Generated " + utc_time(m_r.generated);
        if (total_notes(m_r) >= 0) sub += " · " + plural(total_notes(m_r), "note", "notes");
        if (m_r.overview && m_r.overview->index_written) {
            sub += " · index written " + age(m_r.overview->index_age_seconds.value_or(0));
        }
        line(sub);
        const auto items = attention(m_r);
        if (!items.empty()) {
            line();
            std::string s = "**Needs attention:** ";
            for (std::size_t i = 0; i < items.size(); ++i) {
                s += (i > 0 ? " · " : "") + with_commas(items[i].count) + " " + items[i].label;
            }
            line(s);
        }
        render_sections(m_r, *this);
        return m_out;
    }

    void distribution(ReportSection which, const ReportDistribution& d) {
        switch (which) {
            case ReportSection::tags:
                return distribution("Tags", d, "Tag", true);
            case ReportSection::domains:
                return distribution("Domains", d, "Domain", false);
            default:
                return distribution("Statuses", d, "Status", false);
        }
    }

  private:
    void line(const std::string& s = "") { m_out += s + "\n"; }
    void heading(const std::string& s) {
        line();
        line("## " + s);
        line();
    }
    void sub(const std::string& s) {
        line();
        line("### " + s);
        line();
    }
    void more(std::int64_t shown, std::int64_t total) {
        if (total > shown) {
            line();
            line("*… and " + with_commas(total - shown) + " more.*");
        }
    }
    void none() { line("None."); }
    void paths(const std::vector<std::string>& list, std::int64_t total) {
        for (const auto& p : list) line("- " + md_code(p));
        if (total > static_cast<std::int64_t>(list.size())) {
            line("- *… and " + with_commas(total - static_cast<std::int64_t>(list.size())) +
                 " more*");
        }
    }

    void overview(const ReportOverview& o) {
        heading("Overview");
        line("| | |");
        line("|---|---:|");
        line("| Notes | " + with_commas(o.notes) + " |");
        line("| Words | " + with_commas(o.words) + " |");
        line("| Links | " + with_commas(o.links) + " |");
        line("| — resolved | " + with_commas(o.links_resolved) + " |");
        line("| — broken | " + with_commas(o.links_broken) + " |");
        line("| — external | " + with_commas(o.links_external) + " |");
        line("| — attachments | " + with_commas(o.links_attachment) + " |");
        line("| Broken anchors | " + with_commas(o.broken_anchors) + " |");
        line("| Tags | " + with_commas(o.tags) + " |");
        line("| Domains | " + with_commas(o.domains) + " |");
        line("| Statuses | " + with_commas(o.statuses) + " |");
        if (!o.first_date.empty()) line("| Dates | " + o.first_date + " … " + o.last_date + " |");
        line("| Undated notes | " + with_commas(o.notes - o.dated_notes) + " |");
        if (o.index_written) line("| Index written | " + utc_time(*o.index_written) + " |");
        sub("Links per note");
        line("| Links | Notes | |");
        line("|---:|---:|---|");
        std::int64_t max = 0;
        for (const auto& b : o.links_per_note) max = std::max(max, b.count);
        for (const auto& b : o.links_per_note) {
            line("| " + b.name + " | " + with_commas(b.count) + " | " +
                 unicode_bar(b.count, max, 20) + " |");
        }
    }

    void activity(const ReportActivity& a) {
        heading("Activity");
        if (a.months.empty()) {
            line("No dated notes.");
            return;
        }
        line("| Month | Notes | |");
        line("|---|---:|---|");
        std::int64_t max = 0;
        for (const auto& m : a.months) max = std::max(max, m.count);
        for (const auto& m : a.months) {
            line("| " + m.name + " | " + with_commas(m.count) + " | " +
                 unicode_bar(m.count, max, 30) + " |");
        }
        if (a.undated > 0) {
            line();
            line(plural(a.undated, "note has", "notes have") + " no date.");
        }
    }

    void distribution(const std::string& name, const ReportDistribution& d, const std::string& what,
                      bool tag) {
        heading(name);
        line(with_commas(d.distinct) + " distinct; " + plural(d.notes_without, "note", "notes") +
             " without.");
        if (d.top.empty()) return;
        line();
        line("| " + what + " | Notes | |");
        line("|---|---:|---|");
        const std::int64_t max = d.top.front().count;
        for (const auto& t : d.top) {
            line("| " + (tag ? md_code(t.name) : md_text(t.name)) + " | " + with_commas(t.count) +
                 " | " + unicode_bar(t.count, max, 20) + " |");
        }
        more(static_cast<std::int64_t>(d.top.size()), d.distinct);
    }

    void broken(const ReportBrokenLinks& b) {
        heading("Broken links");
        if (b.top.empty()) {
            none();
        } else {
            line(plural(b.links, "link", "links") + " to " +
                 plural(b.targets, "missing note", "missing notes") + ", most used first.");
            line();
            line("| Missing note | Links | Used in |");
            line("|---|---:|---|");
            for (const auto& t : b.top) {
                std::string used;
                for (const auto& s : t.sources) used += (used.empty() ? "" : "<br>") + md_code(s);
                if (t.notes > static_cast<std::int64_t>(t.sources.size())) {
                    used += "<br>… and " +
                            with_commas(t.notes - static_cast<std::int64_t>(t.sources.size())) +
                            " more";
                }
                line("| " + md_code(t.target) + " | " + with_commas(t.links) + " | " + used + " |");
            }
            more(static_cast<std::int64_t>(b.top.size()), b.targets);
        }
        sub("Broken anchors");
        if (b.anchor_list.empty()) {
            none();
            return;
        }
        line("| Note | Line | Links to | Missing heading |");
        line("|---|---:|---|---|");
        for (const auto& a : b.anchor_list) {
            line("| " + md_code(a.source_path) + " | " + std::to_string(a.line) + " | " +
                 md_code(a.target_path) + " | " + md_code("#" + a.anchor) + " |");
        }
        more(static_cast<std::int64_t>(b.anchor_list.size()), b.anchors);
    }

    void orphans(const ReportOrphans& o) {
        heading("Orphans");
        if (o.notes.empty()) {
            none();
            return;
        }
        line(plural(o.total, "note has", "notes have") + " no link to or from another note.");
        line();
        line("| Note | Title |");
        line("|---|---|");
        for (const auto& n : o.notes)
            line("| " + md_code(n.path) + " | " + md_text(n.title) + " |");
        more(static_cast<std::int64_t>(o.notes.size()), o.total);
    }

    void front_matter(const ReportFrontMatter& f) {
        heading("Front matter and file problems");
        if (f.problems.empty()) {
            none();
        } else {
            line("| Problem | Note | Line | Message |");
            line("|---|---|---:|---|");
            for (const auto& p : f.problems) {
                line("| " + status_kind_label(p.kind) + " | " + md_code(p.path) + " | " +
                     (p.line > 0 ? std::to_string(p.line) +
                                       (p.column > 0 ? ":" + std::to_string(p.column) : "")
                                 : "") +
                     " | " + md_text(p.message) + " |");
            }
            more(static_cast<std::int64_t>(f.problems.size()), f.problems_total);
        }
        sub("Missing title (" + with_commas(f.missing_title.total) + ")");
        if (f.missing_title.total == 0) none();
        paths(f.missing_title.paths, f.missing_title.total);
        sub("Missing date (" + with_commas(f.missing_date.total) + ")");
        if (f.missing_date.total == 0) none();
        paths(f.missing_date.paths, f.missing_date.total);
        sub("Missing tags (" + with_commas(f.missing_tags.total) + ")");
        if (f.missing_tags.total == 0) none();
        paths(f.missing_tags.paths, f.missing_tags.total);
        sub("Unknown status values");
        if (f.unknown_statuses.empty()) {
            none();
            return;
        }
        line("| Status | Notes | Did you mean | Used in |");
        line("|---|---:|---|---|");
        for (const auto& u : f.unknown_statuses) {
            std::string used;
            for (const auto& p : u.paths) used += (used.empty() ? "" : "<br>") + md_code(p);
            line("| " + md_code(u.value) + " | " + with_commas(u.notes) + " | " +
                 (u.suggestion.empty() ? "" : md_code(u.suggestion)) + " | " + used + " |");
        }
    }

    void duplicates(const ReportDuplicates& d) {
        heading("Duplicates and ambiguity");
        sub("Shared slugs");
        if (d.slugs.empty()) {
            none();
        } else {
            line("A link by slug picks the note in the linking note's folder, else the default.");
            line();
            line("| Slug | Note | Links by slug | Default |");
            line("|---|---|---:|---|");
            for (const auto& s : d.slugs) {
                for (const auto& h : s.notes) {
                    line("| " + md_code(s.slug) + " | " + md_code(h.path) + " | " +
                         with_commas(h.links_by_slug) + " | " + (h.is_default ? "yes" : "") + " |");
                }
            }
            more(static_cast<std::int64_t>(d.slugs.size()), d.slugs_total);
        }
        sub("Shared titles");
        if (d.titles.empty()) {
            none();
            return;
        }
        line("| Title | Notes | Paths |");
        line("|---|---:|---|");
        for (const auto& t : d.titles) {
            std::string used;
            for (const auto& p : t.paths) used += (used.empty() ? "" : "<br>") + md_code(p);
            line("| " + md_text(t.title) + " | " + with_commas(t.notes) + " | " + used + " |");
        }
        more(static_cast<std::int64_t>(d.titles.size()), d.titles_total);
    }

    void encoding(const ReportEncoding& e) {
        heading("Encoding");
        if (e.notes.empty()) {
            none();
            return;
        }
        line(plural(e.notes_total, "note looks", "notes look") +
             " double-encoded (UTF-8 read as cp1252). Suggested repairs:");
        line();
        line("| Note | Where | Text | Repaired |");
        line("|---|---|---|---|");
        for (const auto& n : e.notes) {
            for (const auto& f : n.findings) {
                line("| " + md_code(n.path) + " | " +
                     (f.where == "heading" ? "heading, line " + std::to_string(f.line)
                                           : md_text(f.where)) +
                     " | " + md_code(f.text) + " | " + md_code(f.repaired) + " |");
            }
        }
        more(static_cast<std::int64_t>(e.notes.size()), e.notes_total);
    }

    void queue(const ReportReadingQueue& q) {
        heading("Reading queue");
        if (q.notes.empty()) {
            line("No note has status " + md_code(q.status) + ".");
            return;
        }
        line(plural(q.total, "note has", "notes have") + " status " + md_code(q.status) +
             "; oldest first.");
        line();
        line("| Date | Title | Note |");
        line("|---|---|---|");
        for (const auto& n : q.notes) {
            line("| " + (n.date.empty() ? std::string("—") : n.date.substr(0, 10)) + " | " +
                 md_text(n.title) + " | " + md_code(n.path) + " |");
        }
        more(static_cast<std::int64_t>(q.notes.size()), q.total);
    }

    const Report& m_r;
    std::string m_out;
};

// ---------------------------------------------------------------------------
// html

std::string html_escape(const std::string& s) {
    return markup_escape(s, "&#39;");
}

std::string code(const std::string& s) {
    return "<code>" + html_escape(s) + "</code>";
}

/// 1, 2 or 5 times a power of ten: the step between axis ticks.
std::int64_t nice_step(std::int64_t max, int ticks) {
    if (max <= ticks) return 1;
    const double raw = static_cast<double>(max) / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * power >= raw) return static_cast<std::int64_t>(m * power);
    }
    return static_cast<std::int64_t>(10 * power);
}

std::string fmt_num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

/// Vertical bars with a y axis: activity per month, links per note.
std::string svg_columns(const std::vector<NamedCount>& data, const std::string& label,
                        int width_px = 1000, int height = 220) {
    const double width = width_px;
    const double left = 48;
    const double right = 8;
    const double top = 10;
    const double bottom = 34;
    std::int64_t max = 1;
    for (const auto& d : data) max = std::max(max, d.count);
    const std::int64_t step = nice_step(max, 4);
    const std::int64_t axis_max = ((max + step - 1) / step) * step;
    const double plot_h = height - top - bottom;
    const double plot_w = width - left - right;
    const double slot = data.empty() ? plot_w : plot_w / static_cast<double>(data.size());
    const double bar = std::clamp(slot * 0.78, 1.0, 56.0);
    std::string svg = "<svg viewBox=\"0 0 " + std::to_string(width_px) + " " +
                      std::to_string(height) + "\" width=\"100%\" role=\"img\" aria-label=\"" +
                      html_escape(label) + "\">";
    for (std::int64_t v = 0; v <= axis_max; v += step) {
        const double y =
            top + plot_h - plot_h * static_cast<double>(v) / static_cast<double>(axis_max);
        svg += "<line x1=\"" + fmt_num(left) + "\" x2=\"" + fmt_num(width - right) + "\" y1=\"" +
               fmt_num(y) + "\" y2=\"" + fmt_num(y) + "\" class=\"grid\"/>";
        svg += "<text x=\"" + fmt_num(left - 6) + "\" y=\"" + fmt_num(y + 4) +
               "\" text-anchor=\"end\">" + with_commas(v) + "</text>";
    }
    // At most about 14 labels under the bars.
    const std::size_t every = std::max<std::size_t>(1, (data.size() + 13) / 14);
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double h =
            plot_h * static_cast<double>(data[i].count) / static_cast<double>(axis_max);
        const double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
        svg += "<rect class=\"bar\" x=\"" + fmt_num(x) + "\" y=\"" + fmt_num(top + plot_h - h) +
               "\" width=\"" + fmt_num(bar) + "\" height=\"" + fmt_num(h) + "\"><title>" +
               html_escape(data[i].name) + ": " + with_commas(data[i].count) + "</title></rect>";
        if (i % every == 0) {
            svg += "<text x=\"" + fmt_num(left + slot * (static_cast<double>(i) + 0.5)) +
                   "\" y=\"" + fmt_num(height - bottom + 16) + "\" text-anchor=\"middle\">" +
                   html_escape(data[i].name) + "</text>";
        }
    }
    svg += "<line x1=\"" + fmt_num(left) + "\" x2=\"" + fmt_num(width - right) + "\" y1=\"" +
           fmt_num(top + plot_h) + "\" y2=\"" + fmt_num(top + plot_h) + "\" class=\"axis\"/>";
    return svg + "</svg>";
}

/// Horizontal bars, one row per value: top tags, domains, statuses.
std::string svg_rows(const std::vector<NamedCount>& data, const std::string& label,
                     const std::string& prefix) {
    const double width = 480;
    const double row = 24;
    const double label_w = 150;
    const double count_w = 56;
    const double height = std::max(1.0, row * static_cast<double>(data.size()));
    std::int64_t max = 1;
    for (const auto& d : data) max = std::max(max, d.count);
    std::string svg = "<svg viewBox=\"0 0 480 " + fmt_num(height) +
                      "\" width=\"100%\" role=\"img\" aria-label=\"" + html_escape(label) + "\">";
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double y = row * static_cast<double>(i);
        const double w = (width - label_w - count_w) * static_cast<double>(data[i].count) /
                         static_cast<double>(max);
        std::string name = prefix + data[i].name;
        if (display_width(name) > 22) name = fit(name, 22);
        svg += "<text x=\"" + fmt_num(label_w - 8) + "\" y=\"" + fmt_num(y + 16) +
               "\" text-anchor=\"end\">" + html_escape(name) + "</text>";
        svg += "<rect class=\"bar\" x=\"" + fmt_num(label_w) + "\" y=\"" + fmt_num(y + 5) +
               "\" width=\"" + fmt_num(std::max(1.0, w)) + "\" height=\"15\" rx=\"2\"><title>" +
               html_escape(prefix + data[i].name) + ": " + with_commas(data[i].count) +
               "</title></rect>";
        svg += "<text x=\"" + fmt_num(label_w + w + 6) + "\" y=\"" + fmt_num(y + 16) + "\">" +
               with_commas(data[i].count) + "</text>";
    }
    return svg + "</svg>";
}

constexpr const char* k_css = R"(
:root{--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--bg:#fff;--panel:#f6f8fa;--bar:#3b82c4;--bad:#c62828;--warn:#9a6700;--good:#1a7f37}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:1120px;margin:0 auto;padding:32px 28px 64px}
h1{font-size:28px;margin:0}
.sub{color:var(--muted);margin:4px 0 20px}
h2{font-size:19px;margin:40px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:14px;margin:20px 0 8px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px}
.card{display:block;border:1px solid var(--line);border-left:4px solid var(--good);border-radius:6px;padding:10px 14px;background:var(--panel);color:inherit;text-decoration:none}
.card.bad{border-left-color:var(--bad)}.card.warn{border-left-color:#d4a72c}
.card .n{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.card.bad .n{color:var(--bad)}.card .l{color:var(--muted);font-size:13px}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:4px 24px;margin:0}
.stats div{display:flex;justify-content:space-between;border-bottom:1px dotted var(--line);padding:4px 0}
.stats dt{color:var(--muted)}.stats dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:20px}
.panel{border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.panel h3{margin-top:0}
svg{display:block}
svg text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:var(--muted)}
svg .bar{fill:var(--bar)}svg .grid{stroke:#eaeef2;stroke-width:1}svg .axis{stroke:#afb8c1;stroke-width:1}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--panel);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;background:var(--panel);padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}
.none{color:var(--good)}.more{color:var(--muted);font-style:italic}
.bad{color:var(--bad)}.good{color:var(--good)}.muted{color:var(--muted)}
.kind{white-space:nowrap}
footer{margin-top:48px;color:var(--muted);font-size:12px}
@media print{main{max-width:none}h2{break-after:avoid}.panel,tr{break-inside:avoid}}
)";

class HtmlReport {
  public:
    // The sections are drawn in order by render_sections()/render_lists().
    template <typename Renderer>
    friend void render_sections(const Report& r, Renderer& out);
    template <typename Renderer>
    friend void render_lists(const Report& r, Renderer& out);

    explicit HtmlReport(const Report& r) : m_r(r) {}

    std::string render() {
        std::string title = "Vault report";
        if (total_notes(m_r) >= 0) title += " · " + plural(total_notes(m_r), "note", "notes");
        m_out +=
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"notes report\">\n<title>" +
            html_escape(title) + "</title>\n<style>" + k_css +
            "</style>\n</head>\n<body>\n<main>\n";
        m_out += "<h1>Vault report</h1>\n<p class=\"sub\">Generated " + utc_time(m_r.generated);
        if (total_notes(m_r) >= 0) m_out += " · " + plural(total_notes(m_r), "note", "notes");
        if (m_r.overview && m_r.overview->index_written) {
            m_out += " · index written " + age(m_r.overview->index_age_seconds.value_or(0));
        }
        m_out += "</p>\n";
        cards();
        if (m_r.overview) overview(*m_r.overview);
        charts();
        if (m_r.domains || m_r.statuses) distributions();
        render_lists(m_r, *this);
        m_out +=
            "<footer>Made by <code>notes report --format html</code>. This file is self-contained: "
            "it loads nothing from anywhere.</footer>\n</main>\n</body>\n</html>\n";
        return m_out;
    }

  private:
    void h2(const std::string& id, const std::string& text, const std::string& note = "") {
        m_out +=
            "<section id=\"" + id + "\">\n<h2>" + html_escape(text) +
            (note.empty() ? ""
                          : " <span class=\"muted\" style=\"font-weight:400;font-size:14px\">" +
                                html_escape(note) + "</span>") +
            "</h2>\n";
    }
    void end_section() { m_out += "</section>\n"; }
    void none(const std::string& what = "None.") {
        m_out += "<p class=\"none\">✓ " + html_escape(what) + "</p>\n";
    }
    void more(std::int64_t shown, std::int64_t total) {
        if (total > shown) {
            m_out += "<p class=\"more\">… and " + with_commas(total - shown) +
                     " more (<code>--limit 0</code> shows all).</p>\n";
        }
    }
    std::string path_list(const std::vector<std::string>& paths, std::int64_t total) {
        std::string out;
        for (const auto& p : paths) out += (out.empty() ? "" : "<br>") + code(p);
        if (total > static_cast<std::int64_t>(paths.size())) {
            out += "<br><span class=\"more\">… and " +
                   with_commas(total - static_cast<std::int64_t>(paths.size())) + " more</span>";
        }
        return out;
    }

    void cards() {
        const bool problems_computed =
            m_r.broken_links || m_r.front_matter || m_r.encoding || m_r.duplicates || m_r.orphans;
        if (!problems_computed) return;
        const auto items = attention(m_r);
        m_out += "<div class=\"cards\">\n";
        if (items.empty()) {
            m_out +=
                "<div class=\"card\"><div class=\"n\">✓</div><div class=\"l\">Nothing needs "
                "attention</div></div>\n";
        }
        for (const auto& a : items) {
            m_out += "<a class=\"card " + std::string(a.problem ? "bad" : "warn") + "\" href=\"#" +
                     a.section + "\"><div class=\"n\">" + with_commas(a.count) +
                     "</div><div class=\"l\">" + html_escape(a.label) + "</div></a>\n";
        }
        m_out += "</div>\n";
    }

    void overview(const ReportOverview& o) {
        h2("overview", "Overview");
        m_out += "<dl class=\"stats\">\n";
        auto stat = [&](const std::string& k, const std::string& v) {
            m_out += "<div><dt>" + html_escape(k) + "</dt><dd>" + html_escape(v) + "</dd></div>\n";
        };
        stat("Notes", with_commas(o.notes));
        stat("Words", with_commas(o.words));
        stat("Links", with_commas(o.links));
        stat("Resolved links", with_commas(o.links_resolved));
        stat("Broken links", with_commas(o.links_broken));
        stat("External links", with_commas(o.links_external));
        stat("Attachments", with_commas(o.links_attachment));
        stat("Broken anchors", with_commas(o.broken_anchors));
        stat("Tags", with_commas(o.tags));
        stat("Domains", with_commas(o.domains));
        stat("Statuses", with_commas(o.statuses));
        stat("Undated notes", with_commas(o.notes - o.dated_notes));
        if (!o.first_date.empty()) {
            stat("First note", o.first_date);
            stat("Last note", o.last_date);
        }
        if (o.index_written) stat("Index written", age(o.index_age_seconds.value_or(0)));
        m_out += "</dl>\n";
        end_section();
    }

    void charts() {
        if (m_r.activity) {
            h2("activity", "Activity", "notes per month");
            if (m_r.activity->months.empty()) {
                m_out += "<p class=\"muted\">No dated notes.</p>\n";
            } else {
                m_out += "<div class=\"panel\">" +
                         svg_columns(m_r.activity->months, "Notes per month") + "</div>\n";
            }
            if (m_r.activity->undated > 0) {
                m_out += "<p class=\"muted\">Not shown: " +
                         plural(m_r.activity->undated, "note", "notes") + " without a date.</p>\n";
            }
            end_section();
        }
        if (!m_r.tags && !m_r.overview) return;
        m_out += "<div class=\"grid2\" id=\"tags\" style=\"margin-top:20px\">\n";
        if (m_r.tags) {
            const auto& t = *m_r.tags;
            m_out += "<div class=\"panel\"><h3>Top tags <span class=\"muted\">(" +
                     with_commas(t.distinct) + " distinct; " +
                     plural(t.notes_without, "note", "notes") + " without)</span></h3>";
            m_out += t.top.empty() ? "<p class=\"muted\">No tags.</p>"
                                   : svg_rows(t.top, "Top tags", "#");
            m_out += "</div>\n";
        }
        if (m_r.overview) {
            m_out +=
                "<div class=\"panel\"><h3>Links per note <span class=\"muted\">(notes by number of "
                "links "
                "written in them)</span></h3>" +
                svg_columns(m_r.overview->links_per_note, "Links per note", 480, 240) + "</div>\n";
        }
        m_out += "</div>\n";
    }

    void distributions() {
        m_out += "<div class=\"grid2\" style=\"margin-top:20px\">\n";
        for (const auto& [d, name, id] : {std::tuple{&m_r.domains, "Domains", "domains"},
                                          std::tuple{&m_r.statuses, "Statuses", "statuses"}}) {
            if (!*d) continue;
            m_out += "<div class=\"panel\" id=\"" + std::string(id) + "\"><h3>" + name +
                     " <span class=\"muted\">(" + with_commas((*d)->distinct) + " distinct; " +
                     plural((*d)->notes_without, "note", "notes") + " without)</span></h3>";
            m_out +=
                (*d)->top.empty() ? "<p class=\"muted\">None.</p>" : svg_rows((*d)->top, name, "");
            m_out += "</div>\n";
        }
        m_out += "</div>\n";
    }

    void broken(const ReportBrokenLinks& b) {
        h2("broken-links", "Broken links",
           b.links == 0
               ? ""
               : plural(b.links, "link", "links") + " to " +
                     plural(b.targets, "missing note", "missing notes") + ", most used first");
        if (b.top.empty()) {
            none("Every link resolves.");
        } else {
            m_out +=
                "<table><thead><tr><th>Missing note</th><th class=\"num\">Links</th><th "
                "class=\"num\">Notes</th>"
                "<th>Used in</th></tr></thead><tbody>\n";
            for (const auto& t : b.top) {
                m_out += "<tr><td>" + code(t.target) + "</td><td class=\"num\">" +
                         with_commas(t.links) + "</td><td class=\"num\">" + with_commas(t.notes) +
                         "</td><td>" + path_list(t.sources, t.notes) + "</td></tr>\n";
            }
            m_out += "</tbody></table>\n";
            more(static_cast<std::int64_t>(b.top.size()), b.targets);
        }
        m_out += "<h3>Broken anchors</h3>\n";
        if (b.anchor_list.empty()) {
            none("Every heading and block link finds its target.");
        } else {
            m_out +=
                "<table><thead><tr><th>Note</th><th class=\"num\">Line</th><th>Links to</th>"
                "<th>Missing heading or block</th></tr></thead><tbody>\n";
            for (const auto& a : b.anchor_list) {
                m_out += "<tr><td>" + code(a.source_path) + "</td><td class=\"num\">" +
                         std::to_string(a.line) + "</td><td>" + code(a.target_path) +
                         "</td><td class=\"bad\">" + code("#" + a.anchor) + "</td></tr>\n";
            }
            m_out += "</tbody></table>\n";
            more(static_cast<std::int64_t>(b.anchor_list.size()), b.anchors);
        }
        end_section();
    }

    void orphans(const ReportOrphans& o) {
        h2("orphans", "Orphans", "notes with no link to or from another note");
        if (o.notes.empty()) {
            none("Every note is linked.");
        } else {
            m_out +=
                "<table><thead><tr><th>Note</th><th>Title</th><th>Date</th></tr></thead><tbody>\n";
            for (const auto& n : o.notes) {
                m_out += "<tr><td>" + code(n.path) + "</td><td>" + html_escape(n.title) +
                         "</td><td>" + html_escape(n.date.substr(0, 10)) + "</td></tr>\n";
            }
            m_out += "</tbody></table>\n";
            more(static_cast<std::int64_t>(o.notes.size()), o.total);
        }
        end_section();
    }

    void front_matter(const ReportFrontMatter& f) {
        h2("front-matter", "Front matter and file problems",
           f.problems_total == 0 ? "" : plural(f.problems_total, "problem", "problems"));
        if (f.problems.empty()) {
            none("Every file parsed cleanly.");
        } else {
            m_out +=
                "<table><thead><tr><th>Problem</th><th>Note</th><th "
                "class=\"num\">Line</th><th>Message</th>"
                "</tr></thead><tbody>\n";
            for (const auto& p : f.problems) {
                m_out += "<tr><td class=\"kind\">" + html_escape(status_kind_label(p.kind)) +
                         "</td><td>" + code(p.path) + "</td><td class=\"num\">" +
                         (p.line > 0 ? std::to_string(p.line) +
                                           (p.column > 0 ? ":" + std::to_string(p.column) : "")
                                     : "") +
                         "</td><td>" + html_escape(p.message) + "</td></tr>\n";
            }
            m_out += "</tbody></table>\n";
            more(static_cast<std::int64_t>(f.problems.size()), f.problems_total);
        }
        m_out += "<div class=\"grid2\" style=\"margin-top:16px\">\n";
        for (const auto& [list, name] : {std::pair{&f.missing_title, "Missing title"},
                                         std::pair{&f.missing_date, "Missing date"},
                                         std::pair{&f.missing_tags, "Missing tags"}}) {
            m_out += "<div class=\"panel\"><h3>" + std::string(name) + " <span class=\"muted\">(" +
                     with_commas(list->total) + ")</span></h3>";
            m_out += list->total == 0 ? "<p class=\"none\">✓ None.</p>"
                                      : "<p>" + path_list(list->paths, list->total) + "</p>";
            m_out += "</div>\n";
        }
        m_out += "<div class=\"panel\"><h3>Unknown status values</h3>";
        if (f.unknown_statuses.empty()) {
            m_out += "<p class=\"none\">✓ None.</p>";
        } else {
            m_out +=
                "<table><thead><tr><th>Status</th><th class=\"num\">Notes</th><th>Did you mean</th>"
                "<th>Used in</th></tr></thead><tbody>";
            for (const auto& u : f.unknown_statuses) {
                m_out += "<tr><td class=\"bad\">" + code(u.value) + "</td><td class=\"num\">" +
                         with_commas(u.notes) + "</td><td>" +
                         (u.suggestion.empty() ? "" : code(u.suggestion)) + "</td><td>" +
                         path_list(u.paths, u.notes) + "</td></tr>";
            }
            m_out += "</tbody></table>";
        }
        m_out += "</div>\n</div>\n";
        end_section();
    }

    void duplicates(const ReportDuplicates& d) {
        h2("duplicates", "Duplicates and ambiguity");
        m_out += "<h3>Shared slugs</h3>\n";
        if (d.slugs.empty()) {
            none();
        } else {
            m_out +=
                "<p class=\"muted\">A link by slug picks the note in the linking note's folder, "
                "else the "
                "default (the shortest path).</p>\n";
            m_out +=
                "<table><thead><tr><th>Slug</th><th>Note</th><th>Title</th><th class=\"num\">Links "
                "by slug</th>"
                "<th>Default</th></tr></thead><tbody>\n";
            for (const auto& s : d.slugs) {
                for (std::size_t i = 0; i < s.notes.size(); ++i) {
                    const auto& h = s.notes[i];
                    m_out += "<tr>" +
                             (i == 0 ? "<td rowspan=\"" + std::to_string(s.notes.size()) + "\">" +
                                           code(s.slug) + "</td>"
                                     : std::string()) +
                             "<td>" + code(h.path) + "</td><td>" + html_escape(h.title) +
                             "</td><td class=\"num\">" + with_commas(h.links_by_slug) +
                             "</td><td>" +
                             (h.is_default ? "<span class=\"good\">✓ default</span>" : "") +
                             "</td></tr>\n";
                }
            }
            m_out += "</tbody></table>\n";
            more(static_cast<std::int64_t>(d.slugs.size()), d.slugs_total);
        }
        m_out += "<h3>Shared titles</h3>\n";
        if (d.titles.empty()) {
            none();
        } else {
            m_out +=
                "<table><thead><tr><th>Title</th><th "
                "class=\"num\">Notes</th><th>Paths</th></tr></thead><tbody>\n";
            for (const auto& t : d.titles) {
                m_out += "<tr><td>" + html_escape(t.title) + "</td><td class=\"num\">" +
                         with_commas(t.notes) + "</td><td>" + path_list(t.paths, t.notes) +
                         "</td></tr>\n";
            }
            m_out += "</tbody></table>\n";
            more(static_cast<std::int64_t>(d.titles.size()), d.titles_total);
        }
        end_section();
    }

    void encoding(const ReportEncoding& e) {
        h2("encoding", "Encoding",
           e.notes_total == 0 ? ""
                              : plural(e.notes_total, "note looks", "notes look") +
                                    " double-encoded (UTF-8 read as cp1252)");
        if (e.notes.empty()) {
            none("No double-encoded text found.");
            end_section();
            return;
        }
        m_out +=
            "<table><thead><tr><th>Note</th><th>Where</th><th>Text</th><th>Suggested "
            "repair</th></tr></thead>"
            "<tbody>\n";
        for (const auto& n : e.notes) {
            for (std::size_t i = 0; i < n.findings.size(); ++i) {
                const auto& f = n.findings[i];
                m_out +=
                    "<tr>" +
                    (i == 0 ? "<td rowspan=\"" + std::to_string(n.findings.size()) + "\">" +
                                  code(n.path) + "</td>"
                            : std::string()) +
                    "<td class=\"kind\">" +
                    html_escape(f.where == "heading" ? "heading, line " + std::to_string(f.line)
                                                     : f.where) +
                    "</td><td class=\"bad\">" + html_escape(f.text) + "</td><td class=\"good\">" +
                    html_escape(f.repaired) + "</td></tr>\n";
            }
        }
        m_out += "</tbody></table>\n";
        more(static_cast<std::int64_t>(e.notes.size()), e.notes_total);
        if (e.notes_total > static_cast<std::int64_t>(e.notes.size()) && !e.common.empty()) {
            m_out +=
                "<h3>Most common</h3>\n<table><thead><tr><th>Text</th><th>Suggested repair</th>"
                "<th class=\"num\">Notes</th></tr></thead><tbody>\n";
            for (const auto& c : e.common) {
                m_out += "<tr><td class=\"bad\">" + html_escape(c.text) +
                         "</td><td class=\"good\">" + html_escape(c.repaired) +
                         "</td><td class=\"num\">" + with_commas(c.notes) + "</td></tr>\n";
            }
            m_out += "</tbody></table>\n";
        }
        end_section();
    }

    void queue(const ReportReadingQueue& q) {
        h2("reading-queue", "Reading queue",
           plural(q.total, "note", "notes") + " with status " + q.status + ", oldest first");
        if (q.notes.empty()) {
            m_out += "<p class=\"muted\">Empty.</p>\n";
        } else {
            m_out +=
                "<table><thead><tr><th>Date</th><th>Title</th><th>Note</th></tr></thead><tbody>\n";
            for (const auto& n : q.notes) {
                m_out += "<tr><td class=\"num\">" +
                         html_escape(n.date.empty() ? "—" : n.date.substr(0, 10)) + "</td><td>" +
                         html_escape(n.title) + "</td><td>" + code(n.path) + "</td></tr>\n";
            }
            m_out += "</tbody></table>\n";
            more(static_cast<std::int64_t>(q.notes.size()), q.total);
        }
        end_section();
    }

    const Report& m_r;
    std::string m_out;
};

// ---------------------------------------------------------------------------
// the command

int run_report_command(const Context& ctx, const ReportFlags& flags) {
    ReportOptions options;
    for (const auto& name : flags.sections) {
        const auto section = parse_report_section(name);
        if (!section) {
            std::string known;
            for (const ReportSection s : all_report_sections()) {
                known += (known.empty() ? "" : ", ") + std::string(report_section_name(s));
            }
            throw Error("unknown section '" + name + "' (sections: " + known + ")",
                        exit_status::k_usage);
        }
        if (std::find(options.sections.begin(), options.sections.end(), *section) ==
            options.sections.end()) {
            options.sections.push_back(*section);
        }
    }
    options.limit = flags.limit;
    options.index_file = ctx.db;
    const std::unique_ptr<IndexStore> store = open_index_for_reading(ctx);
    options.open_store = [&ctx] {
        return std::make_unique<IndexStore>(ctx.db, IndexStore::Mode::read_only);
    };
    const Report report = build_report(*store, options);

    const bool to_file = !flags.output.empty();
    std::string out;
    if (flags.format == "text") {
        out = TextReport(report, ctx.color_stdout && !to_file).render();
    } else if (flags.format == "markdown" || flags.format == "md") {
        out = MarkdownReport(report).render();
    } else if (flags.format == "json") {
        out = render_json(report, flags.limit);
    } else {
        out = HtmlReport(report).render();
    }
    write_output(out, flags.output);
    if (to_file && ctx.verbose > 0) {
        std::fprintf(stderr, "notes: wrote %s\n", printable(flags.output).c_str());
    }
    return exit_status::k_ok;
}

}  // namespace

CommandDefinition report_command() {
    return {"report",
            "The vault's health and shape: problems, activity, tags (text, Markdown, JSON, HTML)",
            [](CLI::App& app) -> Action {
                auto flags = std::make_shared<ReportFlags>();
                app.footer(
                    "Sections: overview, activity, tags, domains, statuses, broken-links, orphans, "
                    "front-matter,\n"
                    "duplicates, encoding, reading-queue.\n\nExamples:\n  notes report\n"
                    "  notes report --section broken-links --limit 0\n"
                    "  notes report --format html --output report.html");
                app.add_option("--section", flags->sections,
                               "Only this section (repeatable, or comma-separated)")
                    ->delimiter(',');
                app.add_option("--limit", flags->limit,
                               "Longest list per section (default 10; 0 = no limit)");
                app.add_option("--format", flags->format, "text (default), markdown, json or html")
                    ->transform(CLI::IsMember({"text", "markdown", "md", "json", "html"},
                                              CLI::ignore_case));
                app.add_option("-o,--output", flags->output, "Write to FILE instead of stdout");
                return [flags](const Context& ctx) { return run_report_command(ctx, *flags); };
            }};
}

}  // namespace notes::cli
