// The report as one JSON object, stable and documented in docs/cli.md.

#include "notes/render/report.hpp"

#include <string>

#include "notes/core/json.hpp"

#include "notes/core/text.hpp"
#include "notes/render/output.hpp"
#include "report_wording.hpp"

namespace notes::render {
namespace {

using namespace report_detail;

std::string iso_time(std::int64_t seconds) {
    const std::tm tm = utc(seconds);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
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
    w.key("field_used").value(list.field_used);
    w.end_object();
}

void json_notes(JsonWriter& w, const std::vector<ReportNote>& notes) {
    w.begin_array();
    for (const auto& n : notes) {
        w.begin_object();
        w.key("path").value(n.path);
        w.key("title").value(n.title);
        w.key("date");
        w.text_or_null(n.date);
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

std::string json_of(const Report& r, std::size_t limit) {
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
        w.text_or_null(o->first_date);
        w.key("last_date");
        w.text_or_null(o->last_date);
        w.key("dated_notes").value(o->dated_notes);
        w.key("titled_notes").value(o->titled_notes);
        w.key("tagged_notes").value(o->tagged_notes);
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
            w.text_or_null(u.suggestion);
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

}  // namespace

std::string report_json(const query::Report& report, std::size_t limit) {
    return json_of(report, limit);
}

}  // namespace notes::render
