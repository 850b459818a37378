// The report as Markdown, a dashboard a user may save into the vault: paths,
// tags and link targets are code spans, so that the saved file adds no links
// or tags to the vault it describes.

#include "notes/render/report.hpp"

#include <algorithm>
#include <string>
#include <tuple>

#include "notes/core/text.hpp"
#include "notes/render/output.hpp"
#include "report_wording.hpp"

namespace notes::render {
namespace {

using namespace report_detail;

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
    friend void report_detail::render_sections(const Report& r, Renderer& out);
    template <typename Renderer>
    friend void report_detail::render_lists(const Report& r, Renderer& out);

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
        if (!vault_uses_field(o.tagged_notes, o.notes)) {
            line("| Notes without tags | " + with_commas(o.notes - o.tagged_notes) +
                 unused_field_note("tags", o.tagged_notes, o.notes) + " |");
        }
        line("| Domains | " + with_commas(o.domains) + " |");
        line("| Statuses | " + with_commas(o.statuses) + " |");
        if (!o.first_date.empty()) line("| Dates | " + o.first_date + " … " + o.last_date + " |");
        line("| Undated notes | " + with_commas(o.notes - o.dated_notes) +
             unused_field_note("date", o.dated_notes, o.notes) + " |");
        line("| Titles | " + titles_fact(o) + " |");
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
        for (const auto& [list, name, field] :
             {std::tuple{&f.missing_title, "Missing title", "title"},
              std::tuple{&f.missing_date, "Missing date", "date"},
              std::tuple{&f.missing_tags, "Missing tags", "tags"}}) {
            sub(std::string(name) + " (" + with_commas(list->total) + ")");
            if (!list->field_used) {
                line("*" + unused_field_explanation(field, list->total, f.notes) + ".*");
                line();
                continue;
            }
            if (list->total == 0) none();
            paths(list->paths, list->total);
        }
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

}  // namespace

std::string report_markdown(const query::Report& report) {
    return MarkdownReport(report).render();
}

}  // namespace notes::render
