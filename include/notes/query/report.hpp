#pragma once
// `notes report` in the core: the vault's health and shape, computed from the
// index as plain data, one struct per section. The command line renders it
// (text, Markdown, JSON, HTML); docs/cli.md describes every figure for users.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace notes::store {
class IndexStore;
}

namespace notes::query {

using store::IndexStore;

// ---------------------------------------------------------------------------
// Double-encoded text ("mojibake")

/// One stretch of text that was UTF-8, decoded as cp1252 (or Latin-1) and
/// encoded as UTF-8 again: "ðŸŸ¡" for "🟡", "â€™" for "’", "Ã©" for "é".
/// Returns the repaired text (every such stretch replaced by what its bytes
/// spell, repeated for text mangled twice), or nullopt when `text` holds no
/// such stretch. Correct text is never flagged: "café", "naïve", "Ölçek",
/// "日本語", "🟡". A stretch counts when its characters all exist in cp1252,
/// their bytes form one or more complete UTF-8 sequences of non-ASCII
/// characters, and it starts the way mojibake does: a three- or four-byte
/// sequence (lead "à"…"ô", e.g. "â€", "ðŸ"), or a two-byte one led by "Â",
/// "Ã", "Ä", "Å" (Latin-1 and Latin Extended-A) or "Ð", "Ñ" (Cyrillic).
std::optional<std::string> repair_mojibake(std::string_view text);

// ---------------------------------------------------------------------------
// Sections

enum class ReportSection {
    overview,
    activity,
    tags,
    domains,
    statuses,
    broken_links,
    orphans,
    front_matter,
    duplicates,
    encoding,
    reading_queue,
};

/// Every section, in the order a full report shows them.
const std::vector<ReportSection>& all_report_sections();
/// "overview", "activity", "tags", "domains", "statuses", "broken-links",
/// "orphans", "front-matter", "duplicates", "encoding", "reading-queue".
std::string_view report_section_name(ReportSection section);
/// The inverse of report_section_name (also accepts '_' for '-').
std::optional<ReportSection> parse_report_section(std::string_view name);

/// The `status` values a report treats as known, lower case (see
/// ReportFrontMatter::unknown_statuses).
const std::vector<std::string>& known_statuses();
/// A status used by at least this many notes is taken as the vault's own
/// vocabulary even when it is not in known_statuses().
inline constexpr std::int64_t k_established_status_notes = 3;

struct NamedCount {
    std::string name;
    std::int64_t count = 0;
};

/// A note as the lists of the report name it.
struct ReportNote {
    std::string path;
    std::string title;
    std::string date;  ///< ISO 8601 as stored; empty when unknown
};

struct ReportOverview {
    std::int64_t notes = 0;
    std::int64_t words = 0;
    /// Every link written in a note, by status (see docs/schema.md).
    std::int64_t links = 0;
    std::int64_t links_resolved = 0;
    std::int64_t links_broken = 0;
    std::int64_t links_external = 0;
    std::int64_t links_attachment = 0;
    /// Resolved links whose heading or block id does not exist.
    std::int64_t broken_anchors = 0;
    /// Distinct values (tags case-insensitively; domains and statuses too).
    std::int64_t tags = 0;
    std::int64_t domains = 0;
    std::int64_t statuses = 0;
    /// Day of the oldest and newest dated note ("YYYY-MM-DD"); empty when
    /// no note has a date.
    std::string first_date;
    std::string last_date;
    std::int64_t dated_notes = 0;
    /// Notes whose title is not just the file name (a `title:`, a first
    /// level-1 heading, a Logseq page name), and notes with at least one tag.
    std::int64_t titled_notes = 0;
    std::int64_t tagged_notes = 0;
    /// When the index file was last written (Unix seconds), and how long ago.
    std::optional<std::int64_t> index_written;
    std::optional<std::int64_t> index_age_seconds;
    /// How many notes have n links of any kind: buckets named "0", "1", "2",
    /// "3-4", "5-9", "10-19", "20-49", "50+", all present, in that order.
    std::vector<NamedCount> links_per_note;
};

struct ReportActivity {
    /// Notes per month ("YYYY-MM"), every month from the first to the last
    /// dated note, empty months included.
    std::vector<NamedCount> months;
    std::int64_t undated = 0;
};

/// Counts of one property (tags, domains, statuses), most used first.
struct ReportDistribution {
    std::int64_t distinct = 0;
    /// The `limit` most used values (ties by name), as first written.
    std::vector<NamedCount> top;
    /// Notes without the property (no tag, no domain, no status).
    std::int64_t notes_without = 0;
};

/// A link target that names no note, with the notes that use it.
struct BrokenTarget {
    std::string target;  ///< as written in the first link (folded forms are grouped)
    std::int64_t links = 0;
    std::int64_t notes = 0;
    /// Paths of the notes that use it, in path order (at most `limit`).
    std::vector<std::string> sources;
};

struct BrokenAnchor {
    std::string source_path;
    std::int64_t line = 0;
    std::string target_path;
    std::string anchor;
};

struct ReportBrokenLinks {
    std::int64_t links = 0;
    std::int64_t targets = 0;
    /// Most used first (links, then notes, then target); at most `limit`.
    std::vector<BrokenTarget> top;
    std::int64_t anchors = 0;
    /// In path and line order; at most `limit`.
    std::vector<BrokenAnchor> anchor_list;
};

struct ReportOrphans {
    std::int64_t total = 0;
    std::vector<ReportNote> notes;  ///< path order; at most `limit`
};

/// A stored parse warning (docs/schema.md `warnings`).
struct NoteProblem {
    /// "invalid_yaml", "unterminated_front_matter", "unparseable_date",
    /// "empty_file", "invalid_utf8" or "other".
    std::string kind;
    std::string path;
    std::int64_t line = 0;    ///< 0 when unknown
    std::int64_t column = 0;  ///< 0 when unknown
    std::string message;
};

/// Notes that lack something, with how many there are in all.
struct NoteList {
    std::int64_t total = 0;
    std::vector<std::string> paths;  ///< path order; at most `limit`
    /// For the notes lacking a field (title, date, tags): whether the vault
    /// uses the field (vault_uses_field()). Only then is lacking it worth a
    /// look; otherwise it is how the vault is written.
    bool field_used = true;
};

/// Whether a vault uses a field that `with` of its `notes` notes have: more
/// than half of them do. A vault whose notes take their title from the file
/// name (most Obsidian vaults) does not use titles, and its untitled notes
/// are a fact about it rather than a problem.
inline bool vault_uses_field(std::int64_t with, std::int64_t notes) { return with * 2 > notes; }

struct UnknownStatus {
    std::string value;
    std::int64_t notes = 0;
    std::vector<std::string> paths;  ///< path order; at most `limit`
    /// The closest known status (edit distance at most 2), or empty.
    std::string suggestion;
};

struct ReportFrontMatter {
    /// Notes in the vault, of which the lists below are a part.
    std::int64_t notes = 0;
    std::int64_t problems_total = 0;
    /// Every stored warning, in path and line order; at most `limit`.
    std::vector<NoteProblem> problems;
    /// Counts per NoteProblem::kind, all of them (kinds with none left out).
    std::vector<NamedCount> problem_kinds;
    /// Notes whose title is only the file name (no `title:`, no level-1
    /// heading first), every one: empty files and notes with invalid YAML
    /// too.
    NoteList missing_title;
    /// Notes without a date (no `date:`/`created:` that parses, no date in
    /// the file name), every one.
    NoteList missing_date;
    /// Notes without any tag (front matter or body).
    NoteList missing_tags;
    /// Status values neither in known_statuses() nor used by at least
    /// k_established_status_notes notes; compared case-insensitively.
    std::vector<UnknownStatus> unknown_statuses;
};

struct SlugHolder {
    std::string path;
    std::string title;
    /// Links that resolve to this note by its slug.
    std::int64_t links_by_slug = 0;
    /// The note a link by this slug reaches from a folder that holds none of
    /// the notes (the shortest path, then the first in path order).
    bool is_default = false;
};

struct SharedSlug {
    std::string slug;
    std::vector<SlugHolder> notes;  ///< path order
};

struct SharedTitle {
    std::string title;
    std::vector<std::string> paths;  ///< path order; at most `limit`
    std::int64_t notes = 0;
};

struct ReportDuplicates {
    std::int64_t slugs_total = 0;
    std::vector<SharedSlug> slugs;  ///< most notes first, then by slug; at most `limit`
    std::int64_t titles_total = 0;
    std::vector<SharedTitle> titles;  ///< most notes first, then by title; at most `limit`
};

struct EncodingFinding {
    /// "path", "heading", or the front-matter key ("relevance", "tags[1]").
    std::string where;
    std::int64_t line = 0;  ///< headings only; 0 otherwise
    std::string text;
    std::string repaired;
};

struct EncodingNote {
    std::string path;
    std::vector<EncodingFinding> findings;  ///< path, front matter, then headings by line
};

struct ReportEncoding {
    std::int64_t notes_total = 0;
    std::int64_t findings_total = 0;
    std::vector<EncodingNote> notes;  ///< path order; at most `limit`
    /// The most frequent repairs (text -> repaired) with the number of
    /// notes showing each, most frequent first; at most `limit`.
    struct Repair {
        std::string text;
        std::string repaired;
        std::int64_t notes = 0;
    };
    std::vector<Repair> common;
};

struct ReportReadingQueue {
    std::string status = "unread";
    std::int64_t total = 0;
    /// Oldest first; undated notes after the dated ones; at most `limit`.
    std::vector<ReportNote> notes;
};

/// What build_report() computed: a section is set when it was asked for.
struct Report {
    std::int64_t generated = 0;  ///< Unix seconds
    std::optional<ReportOverview> overview;
    std::optional<ReportActivity> activity;
    std::optional<ReportDistribution> tags;
    std::optional<ReportDistribution> domains;
    std::optional<ReportDistribution> statuses;
    std::optional<ReportBrokenLinks> broken_links;
    std::optional<ReportOrphans> orphans;
    std::optional<ReportFrontMatter> front_matter;
    std::optional<ReportDuplicates> duplicates;
    std::optional<ReportEncoding> encoding;
    std::optional<ReportReadingQueue> reading_queue;
};

struct ReportOptions {
    /// The sections to compute; empty means all.
    std::vector<ReportSection> sections;
    /// The longest list of any section; 0 means no limit. Activity months
    /// are never cut.
    std::size_t limit = 10;
    /// The index file: its modification time (or that of its -wal file
    /// while it holds frames) is when the index was last written. Empty:
    /// unknown.
    std::filesystem::path index_file;
    /// "Now" in Unix seconds (tests); nullopt: the system clock.
    std::optional<std::int64_t> now;
    /// Opens another read-only connection to the same index. When set, the
    /// sections are computed on two connections at once (each on its own
    /// thread); without it, one after the other on `store`.
    std::function<std::unique_ptr<IndexStore>()> open_store;
};

/// Computes the requested sections from the index. Reads only aggregates and
/// short lists, so that a vault of 100,000 notes takes well under a second
/// (docs/performance.md).
Report build_report(IndexStore& store, const ReportOptions& options);

}  // namespace notes::query
