#pragma once
// What the four report renderers share: the wording of numbers, times and
// problem kinds, the "needs attention" summary, and the order in which every
// renderer shows the sections. Private to src/render/.

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "notes/query/report.hpp"

namespace notes::render::report_detail {

using namespace notes::query;

/// 1234567 → "1,234,567".
std::string with_commas(std::int64_t n);
/// "1 note", "2,000 notes".
std::string plural(std::int64_t n, const std::string& one, const std::string& many);
/// `seconds` after the epoch, broken down in UTC.
std::tm utc(std::int64_t seconds);
/// "2026-03-01 09:30 UTC".
std::string utc_time(std::int64_t seconds);
/// "just now", "5 minutes ago", "3 days ago".
std::string age(std::int64_t seconds);
/// A bar of `width` cells for value/max, in eighths of a cell (█▏▎…).
std::string unicode_bar(std::int64_t value, std::int64_t max, int width);
/// Cuts `s` to `width` terminal columns, ending it with "…".
std::string fit(const std::string& s, int width);
/// The heading of a kind of file problem: "Invalid YAML", "Empty files", …
std::string status_kind_label(const std::string& kind);

/// For a vault that does not use a field (vault_uses_field()): "the vault
/// does not set titles", "… date its notes", "… tag its notes".
std::string unused_field(const std::string& field);
/// What a report says instead of listing the notes that lack a field the
/// vault does not use: "only 38 of 7,000 notes have one: the vault does not
/// set titles, so this is how it is written, not a problem".
std::string unused_field_explanation(const std::string& field, std::int64_t missing, std::int64_t notes);
/// The overview's titles: "20 set in the notes, 3 from file names", or
/// "from file names in 6,962 notes (the vault does not set titles)".
std::string titles_fact(const ReportOverview& o);
/// What the overview adds to its dates or tags figure for a vault that does
/// not use the field: " (the vault does not date its notes)", or "".
std::string unused_field_note(const std::string& field, std::int64_t with, std::int64_t notes);

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
std::vector<Attention> attention(const Report& r);

/// The number of notes, or -1 when the overview was not computed.
std::int64_t total_notes(const Report& r);

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

}  // namespace notes::render::report_detail
