// The report in the core: the mojibake detector, and every section computed
// from a small vault indexed into an in-memory store.
#include "notes/query/report.hpp"

#include <gtest/gtest.h>

#include "notes/store/index_store.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/core/resolve.hpp"
#include "notes/index/indexer.hpp"
#include "notes/index/vault.hpp"

using notes::store::IndexStore;
using notes::query::repair_mojibake;
using notes::query::ReportSection;

namespace {

// ---------------------------------------------------------------------------
// repair_mojibake

std::string repaired(const std::string& s) {
    return repair_mojibake(s).value_or("<not flagged>");
}

TEST(Mojibake, RepairsTheSeedNote) {
    // relevance: 🟡 (F0 9F 9F A1) read as cp1252.
    EXPECT_EQ(repaired("ðŸŸ¡"), "🟡");
    EXPECT_EQ(repaired("ðŸŸ¢"), "🟢");
    EXPECT_EQ(repaired("Whatâ€™s new and why it matters"), "What’s new and why it matters");
    EXPECT_EQ(repaired("the toolsâ€”the counter system"), "the tools—the counter system");
    EXPECT_EQ(repaired("with daâ€¦"), "with da…");
}

TEST(Mojibake, RepairsLatinAndOtherScripts) {
    EXPECT_EQ(repaired("cafÃ©"), "café");
    EXPECT_EQ(repaired("naÃ¯ve"), "naïve");
    EXPECT_EQ(repaired("Ã–lÃ§ek"), "Ölçek");
    EXPECT_EQ(repaired("Ã\u00A0Paris"), "àParis");  // à is C3 A0, and A0 is a no-break space
    EXPECT_EQ(repaired("ÐŸÑ€Ð¸Ð²ÐµÑ‚"), "Привет");
    EXPECT_EQ(repaired("æ—¥æœ¬èªž"), "日本語");
    EXPECT_EQ(repaired("â„¢"), "™");
}

TEST(Mojibake, LatinOneDecodingToo) {
    // The undefined cp1252 bytes pass through Latin-1 decoders as C1 controls.
    EXPECT_EQ(repaired("\xC3\xA2\xC2\x80\xC2\x9D"), "”");  // â U+0080 U+009D → E2 80 9D
}

TEST(Mojibake, TextMangledTwice) {
    EXPECT_EQ(repaired("Ã¢â‚¬â„¢"), "’");
}

TEST(Mojibake, OnlyTheMangledPartChanges) {
    EXPECT_EQ(repaired("naïve café: Whatâ€™s new"), "naïve café: What’s new");
    EXPECT_EQ(repaired("It’s “fine” but itâ€™s not"), "It’s “fine” but it’s not");
}

TEST(Mojibake, CorrectTextIsNotFlagged) {
    for (const char* ok : {"café",
                           "naïve",
                           "日本語",
                           "🟡",
                           "Ölçek",
                           "Straße",
                           "plain ASCII",
                           "",
                           "Ã",
                           "Â",
                           "CAFÉ…",
                           "„Fuß“",
                           "ÉTÉ — été",
                           "Ñandú",
                           "Ça va? À bientôt",
                           "Łódź",
                           "Ελληνικά",
                           "Привет",
                           "×÷",
                           "Ö”",
                           "Ã and Â as letters",
                           "résumé « cité »"}) {
        EXPECT_FALSE(repair_mojibake(ok).has_value()) << ok;
    }
}

// ---------------------------------------------------------------------------
// sections

TEST(ReportSections, NamesRoundTrip) {
    for (const ReportSection s : notes::query::all_report_sections()) {
        EXPECT_EQ(notes::query::parse_report_section(notes::query::report_section_name(s)), s);
    }
    EXPECT_EQ(notes::query::parse_report_section("Broken_Links"), ReportSection::broken_links);
    EXPECT_FALSE(notes::query::parse_report_section("nope").has_value());
}

/// A small vault in memory, indexed and resolved the way `notes index` does.
class ReportOnVault : public ::testing::Test {
  protected:
    ReportOnVault() : store(":memory:", IndexStore::Mode::read_write) { store.create_schema(); }

    void add(const std::string& path, const std::string& content) {
        const auto note = notes::parse::parse_note(path, notes::slug_of(path), content);
        store.write_note(
            0, notes::store::FileRecord{path, static_cast<std::int64_t>(content.size()), 1, "h"}, note);
    }
    void resolve() { notes::index::resolve_all_links(store); }
    notes::query::Report report(std::vector<ReportSection> sections = {}, std::size_t limit = 10) {
        notes::query::ReportOptions options;
        options.sections = std::move(sections);
        options.limit = limit;
        options.now = 1'800'000'000;
        return notes::query::build_report(store, options);
    }

    void SetUp() override {
        add("a.md",
            "---\ntitle: Alpha\ndate: 2026-01-05\ntags: [sql, db/sqlite]\ndomain: SQL\nstatus: "
            "unread\n---\n"
            "# Alpha\n[[b]] [[b]] [[missing one]] [[b#Nope]] https://example.org\n");
        add("b.md",
            "---\ntitle: Beta\ndate: 2026-03-01\ntags: sql\nstatus: Unread\n---\n[[a]] [[Missing "
            "One.md]]\n");
        add("lonely.md",
            "---\ntitle: Lonely\ndate: 2026-03-09\ntags: [x]\nstatus: unred\n---\nnothing\n");
        add("dir/a.md",
            "---\ntitle: Beta\nrelevance: ðŸŸ¡\ntags: [y]\n---\n## Whatâ€™s new\n[[a]]\n");
        add("plain.md", "no front matter, no tags, no date\n[[lonely]]\n");
        add("empty.md", "");
        add("bad.md", "---\ntitle: a: b\n---\n# Bad\n");
        resolve();
    }

    IndexStore store;
};

TEST_F(ReportOnVault, OnlyTheSectionsAskedFor) {
    const auto r = report({ReportSection::orphans});
    EXPECT_TRUE(r.orphans.has_value());
    EXPECT_FALSE(r.overview.has_value());
    EXPECT_FALSE(r.encoding.has_value());
    EXPECT_EQ(r.generated, 1'800'000'000);
}

TEST_F(ReportOnVault, Overview) {
    const auto o = *report({ReportSection::overview}).overview;
    EXPECT_EQ(o.notes, 7);
    EXPECT_EQ(o.links, 9);
    EXPECT_EQ(o.links_resolved, 6);
    EXPECT_EQ(o.links_broken, 2);
    EXPECT_EQ(o.links_external, 1);
    EXPECT_EQ(o.links_attachment, 0);
    EXPECT_EQ(o.broken_anchors, 1);
    EXPECT_EQ(o.tags, 4);  // sql, db/sqlite, x, y
    EXPECT_EQ(o.domains, 1);
    EXPECT_EQ(o.statuses, 2);  // unread (twice spelled), unred
    EXPECT_EQ(o.first_date, "2026-01-05");
    EXPECT_EQ(o.last_date, "2026-03-09");
    EXPECT_EQ(o.dated_notes, 3);
    EXPECT_FALSE(o.index_written.has_value());
    ASSERT_EQ(o.links_per_note.size(), 8u);
    EXPECT_EQ(o.links_per_note[0].count, 3);  // lonely, empty, bad
    EXPECT_EQ(o.links_per_note[1].count, 2);  // dir/a, plain
    EXPECT_EQ(o.links_per_note[2].count, 1);  // b
    EXPECT_EQ(o.links_per_note[4].count, 1);  // a: 5 links
}

TEST_F(ReportOnVault, ActivityFillsEmptyMonths) {
    const auto a = *report({ReportSection::activity}).activity;
    ASSERT_EQ(a.months.size(), 3u);
    EXPECT_EQ(a.months[0].name, "2026-01");
    EXPECT_EQ(a.months[0].count, 1);
    EXPECT_EQ(a.months[1].name, "2026-02");
    EXPECT_EQ(a.months[1].count, 0);
    EXPECT_EQ(a.months[2].count, 2);
    EXPECT_EQ(a.undated, 4);
}

TEST_F(ReportOnVault, TagsDomainsStatuses) {
    const auto r = report({ReportSection::tags, ReportSection::domains, ReportSection::statuses});
    EXPECT_EQ(r.tags->distinct, 4);
    EXPECT_EQ(r.tags->top[0].name, "sql");
    EXPECT_EQ(r.tags->top[0].count, 2);
    EXPECT_EQ(r.tags->notes_without, 3);  // plain, empty, bad
    EXPECT_EQ(r.domains->distinct, 1);
    EXPECT_EQ(r.domains->notes_without, 6);
    ASSERT_EQ(r.statuses->top.size(), 2u);
    EXPECT_EQ(r.statuses->top[0].count, 2);  // "unread" and "Unread" are one status
    EXPECT_EQ(r.statuses->top[1].name, "unred");
}

TEST_F(ReportOnVault, BrokenLinksGroupedByTarget) {
    const auto b = *report({ReportSection::broken_links}).broken_links;
    EXPECT_EQ(b.links, 2);
    ASSERT_EQ(b.targets, 1);  // "missing one" and "Missing One.md" name the same note
    EXPECT_EQ(b.top[0].links, 2);
    EXPECT_EQ(b.top[0].notes, 2);
    EXPECT_EQ(b.top[0].sources, (std::vector<std::string>{"a.md", "b.md"}));
    ASSERT_EQ(b.anchor_list.size(), 1u);
    EXPECT_EQ(b.anchor_list[0].source_path, "a.md");
    EXPECT_EQ(b.anchor_list[0].target_path, "b.md");
    EXPECT_EQ(b.anchor_list[0].anchor, "Nope");
}

TEST_F(ReportOnVault, Orphans) {
    const auto o = *report({ReportSection::orphans}).orphans;
    // dir/a.md's [[a]] finds dir/a.md itself (same folder first): a link
    // to itself does not count.
    EXPECT_EQ(o.total, 3);
    ASSERT_EQ(o.notes.size(), 3u);
    EXPECT_EQ(o.notes[0].path, "bad.md");
    EXPECT_EQ(o.notes[1].path, "dir/a.md");
    EXPECT_EQ(o.notes[2].path, "empty.md");
}

TEST_F(ReportOnVault, FrontMatterProblems) {
    const auto f = *report({ReportSection::front_matter}).front_matter;
    ASSERT_EQ(f.problems_total, 2);
    EXPECT_EQ(f.problems[0].path, "bad.md");
    EXPECT_EQ(f.problems[0].kind, "invalid_yaml");
    EXPECT_EQ(f.problems[0].line, 2);
    EXPECT_GT(f.problems[0].column, 0);
    EXPECT_EQ(f.problems[1].kind, "empty_file");
    // One definition each: every note without the field, whatever else is
    // wrong with it (bad.md's YAML, empty.md's emptiness).
    EXPECT_EQ(f.missing_title.paths, (std::vector<std::string>{"empty.md", "plain.md"}));
    EXPECT_EQ(f.missing_date.paths,
              (std::vector<std::string>{"bad.md", "dir/a.md", "empty.md", "plain.md"}));
    EXPECT_EQ(f.missing_tags.paths, (std::vector<std::string>{"bad.md", "empty.md", "plain.md"}));
    ASSERT_EQ(f.unknown_statuses.size(), 1u);
    EXPECT_EQ(f.unknown_statuses[0].value, "unred");
    EXPECT_EQ(f.unknown_statuses[0].suggestion, "unread");
    EXPECT_EQ(f.unknown_statuses[0].paths, (std::vector<std::string>{"lonely.md"}));
}

TEST_F(ReportOnVault, AFieldMostNotesLackIsAFactNotAProblem) {
    // 5 of the 7 notes have a title and 4 a tag: the vault uses them. Only
    // 3 have a date: it does not, and its undated notes are how it is written.
    const auto r = report();
    EXPECT_EQ(r.overview->titled_notes, 5);
    EXPECT_EQ(r.overview->tagged_notes, 4);
    EXPECT_EQ(r.front_matter->notes, 7);
    EXPECT_TRUE(r.front_matter->missing_title.field_used);
    EXPECT_TRUE(r.front_matter->missing_tags.field_used);
    EXPECT_FALSE(r.front_matter->missing_date.field_used);
    // The list is still complete: only its meaning changed.
    EXPECT_EQ(r.front_matter->missing_date.total, 4);
}

TEST(VaultUsesField, MoreThanHalfOfTheNotes) {
    using notes::query::vault_uses_field;
    EXPECT_TRUE(vault_uses_field(4, 7));
    EXPECT_FALSE(vault_uses_field(3, 7));
    EXPECT_FALSE(vault_uses_field(1, 2));  // half is not most
    EXPECT_TRUE(vault_uses_field(2, 3));
    EXPECT_TRUE(vault_uses_field(1, 1));
    EXPECT_FALSE(vault_uses_field(0, 0));
}

TEST_F(ReportOnVault, DuplicatesAndWhichNoteLinksReach) {
    const auto d = *report({ReportSection::duplicates}).duplicates;
    ASSERT_EQ(d.slugs_total, 1);
    ASSERT_EQ(d.slugs[0].notes.size(), 2u);
    EXPECT_EQ(d.slugs[0].slug, "a");
    EXPECT_EQ(d.slugs[0].notes[0].path, "a.md");
    EXPECT_TRUE(d.slugs[0].notes[0].is_default);
    EXPECT_EQ(d.slugs[0].notes[0].links_by_slug, 1);  // from b.md
    EXPECT_EQ(d.slugs[0].notes[1].path, "dir/a.md");
    EXPECT_FALSE(d.slugs[0].notes[1].is_default);
    EXPECT_EQ(d.slugs[0].notes[1].links_by_slug, 1);  // its own [[a]]: the same folder comes first
    ASSERT_EQ(d.titles_total, 1);
    EXPECT_EQ(d.titles[0].title, "Beta");
    EXPECT_EQ(d.titles[0].paths, (std::vector<std::string>{"b.md", "dir/a.md"}));
}

TEST_F(ReportOnVault, Encoding) {
    const auto e = *report({ReportSection::encoding}).encoding;
    ASSERT_EQ(e.notes_total, 1);
    ASSERT_EQ(e.notes[0].findings.size(), 2u);
    EXPECT_EQ(e.notes[0].path, "dir/a.md");
    EXPECT_EQ(e.notes[0].findings[0].where, "relevance");
    EXPECT_EQ(e.notes[0].findings[0].repaired, "🟡");
    EXPECT_EQ(e.notes[0].findings[1].where, "heading");
    EXPECT_EQ(e.notes[0].findings[1].line, 6);
    EXPECT_EQ(e.notes[0].findings[1].repaired, "What’s new");
}

TEST_F(ReportOnVault, ListsOfFewNotesAmongManyAreInPathOrderToo) {
    // Among 258 notes the 3 without tags are listed from their rows by id,
    // not from a walk of every path (report.cpp, paths_in_order()); a path
    // with mojibake is found in the partial index notes_path_c3.
    for (int i = 0; i < 250; ++i) add("n" + std::to_string(100 + i) + ".md", "---\ntags: [t]\n---\nx\n");
    add("cafÃ©.md", "---\ntags: [t]\n---\nx\n");
    const auto r = report({ReportSection::front_matter, ReportSection::encoding});
    EXPECT_EQ(r.front_matter->missing_tags.total, 3);
    EXPECT_EQ(r.front_matter->missing_tags.paths, (std::vector<std::string>{"bad.md", "empty.md", "plain.md"}));
    const auto& e = *r.encoding;
    ASSERT_EQ(e.notes_total, 2);
    ASSERT_EQ(e.notes.size(), 2u);
    EXPECT_EQ(e.notes[0].path, "cafÃ©.md");
    ASSERT_EQ(e.notes[0].findings.size(), 1u);
    EXPECT_EQ(e.notes[0].findings[0].where, "path");
    EXPECT_EQ(e.notes[0].findings[0].repaired, "café.md");
    EXPECT_EQ(e.notes[1].path, "dir/a.md");
}

TEST_F(ReportOnVault, ReadingQueueOldestFirst) {
    const auto q = *report({ReportSection::reading_queue}).reading_queue;
    EXPECT_EQ(q.total, 2);
    ASSERT_EQ(q.notes.size(), 2u);
    EXPECT_EQ(q.notes[0].path, "a.md");
    EXPECT_EQ(q.notes[1].path, "b.md");
}

TEST_F(ReportOnVault, LimitCutsListsNotTotals) {
    const auto r = report({ReportSection::front_matter, ReportSection::orphans}, 1);
    EXPECT_EQ(r.orphans->total, 3);
    EXPECT_EQ(r.orphans->notes.size(), 1u);
    EXPECT_EQ(r.front_matter->problems_total, 2);
    EXPECT_EQ(r.front_matter->problems.size(), 1u);
    EXPECT_EQ(r.front_matter->missing_date.total, 4);
    EXPECT_EQ(r.front_matter->missing_date.paths.size(), 1u);
}

}  // namespace
