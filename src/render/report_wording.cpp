#include "report_wording.hpp"

#include "notes/core/text.hpp"

namespace notes::render::report_detail {

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

std::string unused_field(const std::string& field) {
    if (field == "title") return "the vault does not set titles";
    if (field == "date") return "the vault does not date its notes";
    return "the vault does not tag its notes";
}

std::string unused_field_explanation(const std::string& field, std::int64_t missing, std::int64_t notes) {
    const std::int64_t with = notes - missing;
    return (with == 0 ? std::string("no note has one")
                      : "only " + with_commas(with) + " of " + with_commas(notes) + " notes " +
                            (with == 1 ? "has" : "have") + " one") +
           ": " + unused_field(field) + ", so this is how it is written, not a problem";
}

std::string titles_fact(const ReportOverview& o) {
    const std::int64_t from_names = o.notes - o.titled_notes;
    if (vault_uses_field(o.titled_notes, o.notes)) {
        return with_commas(o.titled_notes) + " set in the notes, " + with_commas(from_names) + " from file names";
    }
    return "from file names in " + plural(from_names, "note", "notes") +
           (o.titled_notes > 0 ? ", set in " + with_commas(o.titled_notes) : "") + " (" + unused_field("title") +
           ")";
}

std::string unused_field_note(const std::string& field, std::int64_t with, std::int64_t notes) {
    if (notes == 0 || vault_uses_field(with, notes)) return "";
    return " (" + unused_field(field) + ")";
}

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
        // Only where the vault uses the field: elsewhere lacking it is the
        // norm, and the overview says so instead.
        const ReportFrontMatter& f = *r.front_matter;
        if (f.missing_title.field_used) {
            add("missing_title", f.missing_title.total, "note without title", "notes without title",
                "front-matter", false);
        }
        if (f.missing_date.field_used) {
            add("missing_date", f.missing_date.total, "note without date", "notes without date",
                "front-matter", false);
        }
        if (f.missing_tags.field_used) {
            add("missing_tags", f.missing_tags.total, "note without tags", "notes without tags",
                "front-matter", false);
        }
    }
    return out;
}

std::int64_t total_notes(const Report& r) {
    if (r.overview) return r.overview->notes;
    return -1;
}

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

std::string fit(const std::string& s, int width) {
    if (text::display_width(s) <= width) return s;
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t j = i + 1;
        while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
        if (text::display_width(out + s.substr(i, j - i)) > width - 1) break;
        out += s.substr(i, j - i);
        i = j;
    }
    return out + "…";
}

}  // namespace notes::render::report_detail
