// The report as one self-contained HTML file: inline CSS and SVG charts, no
// script, no font, nothing fetched.

#include "notes/render/report.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

#include "notes/core/text.hpp"
#include "notes/render/output.hpp"
#include "report_wording.hpp"

namespace notes::render {
namespace {

using namespace report_detail;

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
        if (text::display_width(name) > 22) name = fit(name, 22);
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
    friend void report_detail::render_sections(const Report& r, Renderer& out);
    template <typename Renderer>
    friend void report_detail::render_lists(const Report& r, Renderer& out);

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
        stat("Undated notes", with_commas(o.notes - o.dated_notes) +
                                  unused_field_note("date", o.dated_notes, o.notes));
        stat("Titles", titles_fact(o));
        if (!vault_uses_field(o.tagged_notes, o.notes)) {
            stat("Notes without tags", with_commas(o.notes - o.tagged_notes) +
                                           unused_field_note("tags", o.tagged_notes, o.notes));
        }
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
        for (const auto& [list, name, field] :
             {std::tuple{&f.missing_title, "Missing title", "title"},
              std::tuple{&f.missing_date, "Missing date", "date"},
              std::tuple{&f.missing_tags, "Missing tags", "tags"}}) {
            m_out += "<div class=\"panel\"><h3>" + std::string(name) + " <span class=\"muted\">(" +
                     with_commas(list->total) + ")</span></h3>";
            if (!list->field_used) {
                m_out += "<p class=\"muted\">" +
                         html_escape(unused_field_explanation(field, list->total, f.notes)) + ".</p>";
            } else {
                m_out += list->total == 0 ? "<p class=\"none\">✓ None.</p>"
                                          : "<p>" + path_list(list->paths, list->total) + "</p>";
            }
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

}  // namespace

std::string report_html(const query::Report& report) {
    return HtmlReport(report).render();
}

}  // namespace notes::render
