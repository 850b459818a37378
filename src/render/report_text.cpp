// The report for a terminal: aligned columns, Unicode bar charts, colour
// when asked for.

#include "notes/render/report.hpp"

#include <algorithm>
#include <string>

#include "notes/core/text.hpp"
#include "notes/render/output.hpp"
#include "report_wording.hpp"

namespace notes::render {
namespace {

using namespace report_detail;

using Style = AnsiStyle;

std::string pad_right(const std::string& s, int width) {
    const int w = text::display_width(s);
    return w >= width ? s : s + std::string(static_cast<std::size_t>(width - w), ' ');
}

std::string pad_left(const std::string& s, int width) {
    const int w = text::display_width(s);
    return w >= width ? s : std::string(static_cast<std::size_t>(width - w), ' ') + s;
}

class TextReport {
  public:
    // The sections are drawn in order by render_sections()/render_lists().
    template <typename Renderer>
    friend void report_detail::render_sections(const Report& r, Renderer& out);
    template <typename Renderer>
    friend void report_detail::render_lists(const Report& r, Renderer& out);

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
        row("Tags", with_commas(o.tags) +
                        (vault_uses_field(o.tagged_notes, o.notes)
                             ? ""
                             : std::string(m_s.dim) + "  " +
                                   plural(o.notes - o.tagged_notes, "note", "notes") + " without tags" +
                                   unused_field_note("tags", o.tagged_notes, o.notes) + m_s.reset));
        row("Domains", with_commas(o.domains));
        row("Statuses", with_commas(o.statuses));
        if (o.first_date.empty()) {
            row("Dates", "no dated notes");
        } else {
            row("Dates", o.first_date + " … " + o.last_date + std::string(m_s.dim) + "  " +
                             with_commas(o.dated_notes) + " dated, " +
                             with_commas(o.notes - o.dated_notes) + " undated" +
                             unused_field_note("date", o.dated_notes, o.notes) + m_s.reset);
        }
        row("Titles", titles_fact(o));
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
            width = std::max(width, text::display_width(prefix + printable(t.name)));
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
        for (const auto& n : o.notes) width = std::max(width, text::display_width(printable(n.path)));
        width = std::min(width, 60);
        for (const auto& n : o.notes) {
            line("  " + pad_right(fit(printable(n.path), 60), width) + "  " + m_s.dim +
                 printable(n.title) + m_s.reset);
        }
        more(static_cast<std::int64_t>(o.notes.size()), o.total);
    }

    void note_list(const std::string& label, const NoteList& list, const std::string& field,
                   std::int64_t notes) {
        line();
        line("  " + std::string(m_s.bold) + label + m_s.reset + std::string(m_s.dim) + "  " +
             with_commas(list.total) + m_s.reset);
        if (!list.field_used) {
            line("    " + std::string(m_s.dim) + unused_field_explanation(field, list.total, notes) + m_s.reset);
            return;
        }
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
        note_list("Missing title (the title is the file name)", f.missing_title, "title", f.notes);
        note_list("Missing date", f.missing_date, "date", f.notes);
        note_list("Missing tags", f.missing_tags, "tags", f.notes);
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
            for (const auto& h : s.notes) width = std::max(width, text::display_width(printable(h.path)));
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
                width = std::max(width, text::display_width(printable(labels.back())));
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
            width = std::max(width, text::display_width(fit(printable(n.title), 60)));
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

}  // namespace

std::string report_text(const query::Report& report, bool color) {
    return TextReport(report, color).render();
}

}  // namespace notes::render
