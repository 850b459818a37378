// End-to-end: `notes watch` running in the background on a temporary copy of
// seeds/, while the test creates, edits, renames and deletes notes and
// folders. Each test waits for the outcome (a row in the index, a line of
// output) with a deadline, never for a fixed time, and compares the index
// with what a full run makes of the same files.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <random>
#include <regex>
#include <thread>

#include "harness.hpp"
#include "notes/core/paths.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using namespace notes::e2e::inspect;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

namespace {

/// A JSON line of `notes watch` with its time and duration replaced by
/// fixed values, so that it can be compared exactly.
std::string normalised(const std::string& line) {
    static const std::regex time(
        "\"time\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z\"");
    static const std::regex ms("\"ms\":[0-9]+\\}$");
    return std::regex_replace(std::regex_replace(line, time, "\"time\":\"T\""), ms, "\"ms\":0}");
}

class WatchSeeds : public ::testing::Test {
  protected:
    void SetUp() override {
        vault = copy_vault(seeds_dir(), tmp.path() / "vault");
        outside = tmp.path() / "outside";
        fs::create_directories(outside);
    }
    void TearDown() override {
        if (watch && HasFailure())
            std::cerr << "notes watch printed:\n" << watch->out() << "--\n" << watch->err();
    }

    /// Starts `notes watch` and waits for its first update to be in the
    /// index (`notes` notes).
    void start(const std::vector<std::string>& flags = {"--json"},
               const std::vector<std::string>& before = {}, const std::string& notes = "23") {
        std::vector<std::string> args{"--vault", vault.string(), "watch"};
        if (std::find(flags.begin(), flags.end(), "--debounce") == flags.end()) {
            args.insert(args.end(), {"--debounce", "100"});
        }
        args.insert(args.end(), flags.begin(), flags.end());
        watch = std::make_unique<BackgroundNotes>(args, tmp.path(), tmp.path(), before);
        ASSERT_TRUE(eventually([&] {
            return q("SELECT count(*) FROM notes") == notes || !watch->running();
        })) << watch->err();
        ASSERT_TRUE(watch->running()) << watch->err();
    }

    fs::path db() const { return vault / ".notes" / "index.db"; }

    /// Rows of a query, or "(no index)" while there is none.
    std::string q(const std::string& sql) const {
        try {
            return rows(db(), sql);
        } catch (const std::exception& e) {
            return std::string("(no index: ") + e.what() + ")";
        }
    }

    /// Waits until `sql` gives `expected`.
    void expect_rows(const std::string& sql, const std::string& expected) {
        EXPECT_TRUE(eventually([&] { return q(sql) == expected; })) << sql << "\n  got: " << q(sql);
    }

    /// Waits until `notes watch` printed `n` lines on stdout; they are its lines.
    std::vector<std::string> lines(std::size_t n) {
        std::vector<std::string> got;
        EXPECT_TRUE(eventually([&] {
            got = lines_of(watch->out());
            return got.size() >= n;
        })) << "waited for "
            << n << " lines";
        return got;
    }

    /// Writes `text` to `rel` in one step (written beside the vault, then
    /// renamed into place), as editors that save atomically do.
    void save(const std::string& rel, const std::string& text) {
        const fs::path staged = outside / "staged";
        write_text(staged, text);
        fs::create_directories((vault / rel).parent_path());
        fs::rename(staged, vault / rel);
    }

    /// The index equals what a fresh build of the vault makes (waiting for
    /// the watch to catch up).
    void expect_fresh_index(const std::vector<std::string>& how = {}) {
        const fs::path fresh = tmp.path() / "fresh.db";
        fs::remove(fresh);
        std::vector<std::string> args{"--vault",      vault.string(), "--db",
                                      fresh.string(), "index",        "-q"};
        args.insert(args.end(), how.begin(), how.end());
        const auto r = run_notes(args, tmp.path());
        ASSERT_EQ(r.status, 0) << r.err;
        const std::string expected = index_by_path(fresh);
        std::string got;
        EXPECT_TRUE(eventually([&] {
            got = index_by_path(db());
            return got == expected;
        })) << "the watched index differs from a fresh build";
        if (got != expected) {
            const auto a = lines_of(got), b = lines_of(expected);
            for (std::size_t i = 0, shown = 0; i < std::max(a.size(), b.size()) && shown < 10;
                 ++i) {
                const std::string l = i < a.size() ? a[i] : "(none)",
                                  r2 = i < b.size() ? b[i] : "(none)";
                if (l != r2) {
                    ADD_FAILURE() << "watched: " << l.substr(0, 300)
                                  << "\nfresh:   " << r2.substr(0, 300);
                    ++shown;
                }
            }
        }
    }

    TempDir tmp;
    fs::path vault;
    fs::path outside;
    std::unique_ptr<BackgroundNotes> watch;
};

constexpr const char* k_shared_slug =
    "slug 'index-tuning' is also used by projects/index-tuning.md; links by slug pick the note "
    "in the linking note's folder, else the shortest path";

}  // namespace

TEST_F(WatchSeeds, JsonLinesOneObjectPerUpdate) {
    start({"--json", "--debounce", "300"});
    std::vector<std::string> out = lines(1);
    ASSERT_EQ(out.size(), 1u);
    const std::string first = out[0];
    EXPECT_THAT(
        first,
        MatchesRegex("\\{\"time\":\"[0-9-]+T[0-9:.]+Z\",\"initial\":true,.*,\"ms\":[0-9]+\\}"));
    EXPECT_EQ(json_get(first, "$.notes"), "23");
    EXPECT_EQ(json_sql(first, "json_array_length(?, '$.added')"), "23");
    EXPECT_EQ(json_get(first, "$.changed"), "[]");
    EXPECT_EQ(json_get(first, "$.removed"), "[]");
    EXPECT_EQ(json_sql(first, "json_array_length(?, '$.warnings')"), "15");
    EXPECT_EQ(
        json_get(first, "$.warnings[0]"),
        "{\"path\":\"2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-"
        "learn-sql.md\","
        "\"line\":29,\"column\":null,\"message\":\"broken anchor '#Lazy loading' in link to "
        "'2026-02-23-data-models-schema-defining-your-database-structure-with-sqlalchemy'\"}");
    EXPECT_EQ(json_get(first, "$.whole_vault"), "1");

    save("new.md", "# New\n\n[[nowhere]] and [[index-tuning]]\n");
    out = lines(2);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(normalised(out[1]),
              "{\"time\":\"T\",\"initial\":false,\"notes\":24,\"added\":[\"new.md\"],"
              "\"changed\":[],\"removed\":[],\"warnings\":[{\"path\":\"new.md\",\"line\":3,"
              "\"column\":null,\"message\":\"broken link to 'nowhere'\"}],\"notices\":[],"
              "\"whole_vault\":false,\"ms\":0}");

    save("index-tuning.md", read_text(vault / "index-tuning.md") + "\nWatched. #watched\n");
    out = lines(3);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(normalised(out[2]),
              std::string("{\"time\":\"T\",\"initial\":false,\"notes\":24,\"added\":[],"
                          "\"changed\":[\"index-tuning.md\"],\"removed\":[],\"warnings\":["
                          "{\"path\":\"index-tuning.md\",\"line\":null,\"column\":null,"
                          "\"message\":\"") +
                  k_shared_slug + "\"}],\"notices\":[],\"whole_vault\":false,\"ms\":0}");

    fs::rename(vault / "new.md", vault / "newer.md");
    out = lines(4);
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(
        normalised(out[3]),
        "{\"time\":\"T\",\"initial\":false,\"notes\":24,\"added\":[\"newer.md\"],\"changed\":[],"
        "\"removed\":[\"new.md\"],\"warnings\":[{\"path\":\"newer.md\",\"line\":3,\"column\":null,"
        "\"message\":\"broken link to 'nowhere'\"}],\"notices\":[],\"whole_vault\":false,"
        "\"ms\":0}");

    fs::remove(vault / "newer.md");
    out = lines(5);
    ASSERT_EQ(out.size(), 5u);
    EXPECT_EQ(normalised(out[4]),
              "{\"time\":\"T\",\"initial\":false,\"notes\":23,\"added\":[],\"changed\":[],"
              "\"removed\":[\"newer.md\"],\"warnings\":[],\"notices\":[],\"whole_vault\":false,"
              "\"ms\":0}");

    // A note touched but not changed: the index takes its new time, and
    // there is nothing to print.
    set_mtime(vault / "index-tuning.md", 1'900'000'000);
    expect_rows("SELECT mtime_ns FROM notes WHERE path = 'index-tuning.md'", "1900000000000000000");
    save("marker.md", "marker\n");
    out = lines(6);
    EXPECT_EQ(json_get(out.back(), "$.added"), "[\"marker.md\"]");
    watch->signal(SIGTERM);
    const auto r = watch->wait();
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(lines_of(r.out).size(), 6u);
}

TEST_F(WatchSeeds, ADeletedNoteReportsTheLinksItBroke) {
    start({"--json", "--debounce", "300"});
    lines(1);
    fs::remove(vault / "2026-02-24-stop-using-any-the-wrong-way-in-rails.md");
    const std::vector<std::string> out = lines(2);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(json_get(out[1], "$.removed"),
              "[\"2026-02-24-stop-using-any-the-wrong-way-in-rails.md\"]");
    // The two notes that linked to it, with their broken links (the new
    // ones and those they had).
    EXPECT_EQ(json_sql(out[1],
                       "(SELECT group_concat(DISTINCT json_extract(value, '$.path')) "
                       "FROM json_each(?, '$.warnings'))"),
              "2026-02-28-8-python-database-techniques-every-developer-needs-for-scalable-"
              "reliable-applications.md,2026-03-03-database-reading-map.md");
    EXPECT_EQ(json_sql(out[1],
                       "(SELECT count(*) FROM json_each(?, '$.warnings') WHERE json_extract(value, "
                       "'$.message') LIKE 'broken link to "
                       "''2026-02-24-stop-using-any-the-wrong-way-in-rails''%')"),
              "3");  // one of them in front matter: "… (related)"
}

TEST_F(WatchSeeds, AStreamOfWritesIsIndexedWithinTheMaximumDelay) {
    // A note written every 20 ms never leaves 300 ms of quiet; the update
    // comes anyway, while the writes go on.
    start({"--debounce", "300", "--max-delay", "600"});
    std::atomic<bool> stop{false};
    std::atomic<bool> streaming{true};
    std::thread writer([&] {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (int i = 0; !stop && std::chrono::steady_clock::now() < until; ++i) {
            write_text(vault / "stream.md", "# Stream\n\ntick " + std::to_string(i) + "\n");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        streaming = false;
    });
    const bool indexed =
        eventually([&] { return q("SELECT count(*) FROM notes WHERE path = 'stream.md'") == "1"; });
    const bool while_streaming = streaming;
    stop = true;
    writer.join();
    EXPECT_TRUE(indexed);
    EXPECT_TRUE(while_streaming) << "indexed only once the writes stopped";
}

TEST_F(WatchSeeds, WarningsArePrintedInTheModeIndexUses) {
    // The first update has the vault's 15 warnings: a summary by kind, as
    // `notes index` prints them.
    start({});
    save("new.md", "[[nowhere]]\n");
    ASSERT_EQ(lines(2).size(), 2u);
    EXPECT_THAT(watch->err(), HasSubstr("\nbroken links: 9\n  2026-02-28-8-python-database"));
    EXPECT_THAT(watch->err(), HasSubstr("\nshared slugs: 1\n  index-tuning.md: slug 'index-tuning'"));
    // A later update's warning alone is one line.
    EXPECT_THAT(watch->err(), HasSubstr("\nnew.md:1: broken link to 'nowhere'\n"));
    watch->signal(SIGINT);
    EXPECT_EQ(watch->wait().status, 0);

    fs::remove(vault / "new.md");
    start({"--warnings", "all"});
    save("new.md", "[[nowhere]]\n");
    ASSERT_EQ(lines(2).size(), 2u);
    EXPECT_THAT(watch->err(), Not(HasSubstr("broken links: ")));
    EXPECT_THAT(watch->err(), HasSubstr("\nindex-tuning.md: slug 'index-tuning' is also used by"));
    watch->signal(SIGINT);
    EXPECT_EQ(watch->wait().status, 0);

    fs::remove(vault / "new.md");
    start({"--warnings", "none"});
    save("new.md", "[[nowhere]]\n");
    ASSERT_EQ(lines(2).size(), 2u);
    EXPECT_THAT(watch->err(), Not(HasSubstr("nowhere")));
    EXPECT_THAT(watch->err(), Not(HasSubstr("index-tuning.md")));
    watch->signal(SIGINT);
    EXPECT_EQ(watch->wait().status, 0);
}

TEST_F(WatchSeeds, TextLineSaysWhatChanged) {
    start({});
    save("new.md", "# New\n\n[[nowhere]]\n");
    std::vector<std::string> out = lines(2);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_THAT(out[0],
                MatchesRegex("[0-9]{2}:[0-9]{2}:[0-9]{2} 23 notes: 23 added, 0 changed, 0 removed; "
                             "15 warnings; [0-9]+ ms"));
    EXPECT_THAT(out[1],
                MatchesRegex("[0-9]{2}:[0-9]{2}:[0-9]{2} 24 notes: 1 added, 0 changed, 0 removed "
                             "\\(new.md\\); 1 warning; [0-9]+ ms"));
    EXPECT_THAT(watch->err(), HasSubstr("notes: watching 4 folders of " + vault.string() + "\n"));
    EXPECT_THAT(watch->err(), HasSubstr("\nnew.md:3: broken link to 'nowhere'\n"));
    for (int i = 0; i < 5; ++i) save("many-" + std::to_string(i) + ".md", "x\n");
    out = lines(3);
    EXPECT_TRUE(eventually([&] { return q("SELECT count(*) FROM notes") == "29"; }));
    out = lines_of(watch->out());
    // However the five came in, the lines name at most three notes each.
    for (std::size_t i = 2; i < out.size(); ++i) {
        EXPECT_THAT(
            out[i],
            MatchesRegex("[0-9:]{8} [0-9]+ notes: [1-5] added, 0 changed, 0 removed "
                         "\\(many-[0-9].md(, many-[0-9].md){0,2}(, [12] more)?\\); 0 warnings; "
                         "[0-9]+ ms"));
    }
}

TEST_F(WatchSeeds, NotesAndFoldersCreatedEditedRenamedDeleted) {
    start();
    save("new note.md", "# A new note\n\nAbout #fresh things, see [[index-tuning]].\n");
    expect_rows("SELECT n.path FROM tags t JOIN notes n ON n.id = t.note_id WHERE t.tag = 'fresh'",
                "new note.md");
    save("new note.md", "# A new note\n\nAbout #fresh and #edited things.\n");
    expect_rows("SELECT n.path FROM tags t JOIN notes n ON n.id = t.note_id WHERE t.tag = 'edited'",
                "new note.md");
    fs::rename(vault / "new note.md", vault / "renamed note.md");
    expect_rows(
        "SELECT group_concat(path) FROM notes WHERE path IN ('new note.md', 'renamed note.md')",
        "renamed note.md");
    // A link to the renamed note resolves once it is there under that name.
    save("linker.md", "[[renamed note]] [[new note]]\n");
    expect_rows(
        "SELECT l.target || ' ' || l.status FROM links l JOIN notes n ON n.id = l.note_id "
        "WHERE n.path = 'linker.md' ORDER BY l.id",
        "renamed note resolved\nnew note broken");
    fs::remove(vault / "renamed note.md");
    expect_rows(
        "SELECT l.target || ' ' || l.status FROM links l JOIN notes n ON n.id = l.note_id "
        "WHERE n.path = 'linker.md' ORDER BY l.id",
        "renamed note broken\nnew note broken");

    // A folder with notes in it, made at once, then one more note.
    fs::create_directories(outside / "area/sub");
    for (const char* n : {"a", "b", "c"})
        write_text(outside / "area/sub" / (std::string(n) + ".md"), "# Note\n");
    fs::rename(outside / "area", vault / "area");
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'area/sub/%'", "3");
    fs::create_directories(vault / "made/here");
    write_text(vault / "made/here/d.md", "# Made here\n");
    expect_rows("SELECT path FROM notes WHERE path LIKE 'made/%'", "made/here/d.md");
    save("area/sub/e.md", "# Later\n");  // in a folder watched since it came
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'area/sub/%'", "4");
    fs::rename(vault / "area", vault / "zone");
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'area/%' OR path LIKE 'zone/sub/%'",
                "4");
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'area/%'", "0");
    save("zone/sub/f.md", "# Under the new name\n");
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'zone/sub/%'", "5");
    fs::rename(vault / "zone", outside / "zone");  // out of the vault
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'zone/%'", "0");
    fs::rename(outside / "zone", vault / "back");  // and in again
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'back/sub/%'", "5");
    fs::rename(vault / "back", vault / ".trash");  // into a dot-folder
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'back/%' OR path LIKE '.trash/%'", "0");
    fs::remove_all(vault / "made");
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'made/%'", "0");
    expect_fresh_index();
}

TEST_F(WatchSeeds, EditorSavePatternsGiveTheIndexOfAFullRun) {
    start();
    const fs::path note = vault / "index-tuning.md";
    auto tag_of = [&](const std::string& tag) {
        return "SELECT count(*) FROM tags t JOIN notes n ON n.id = t.note_id "
               "WHERE n.path = 'index-tuning.md' AND t.tag = '" + tag + "'";
    };
    // Write to a temporary file beside it, then rename over it.
    write_text(vault / ".index-tuning.md.tmp", read_text(note) + "\n#atomic\n");
    fs::rename(vault / ".index-tuning.md.tmp", note);
    expect_rows(tag_of("atomic"), "1");
    // Delete and create again.
    const std::string text = read_text(note);
    fs::remove(note);
    write_text(note, text + "\n#recreated\n");
    expect_rows(tag_of("recreated"), "1");
    // vim: swap file, the `4913` probe, the note renamed to a backup, the
    // new text written, the backup removed.
    write_text(vault / ".index-tuning.md.swp", "swap");
    write_text(vault / "4913", "");
    fs::remove(vault / "4913");
    fs::rename(note, vault / "index-tuning.md~");
    write_text(note, text + "\n#vim\n");
    fs::remove(vault / "index-tuning.md~");
    fs::remove(vault / ".index-tuning.md.swp");
    expect_rows(tag_of("vim"), "1");
    // vim with `backup` on keeps the backup: a file of the vault like any.
    write_text(vault / "My Note.md~", read_text(vault / "My Note.md"));
    write_text(vault / "My Note.md", read_text(vault / "My Note.md") + "\n#kept\n");
    expect_rows("SELECT count(*) FROM files WHERE path = 'My Note.md~'", "1");
    // emacs: a lock symlink and an auto-save file, then the save.
    fs::create_symlink("user@host.1234:1700000000", vault / ".#duckdb-for-local-analytics.md");
    write_text(vault / "#duckdb-for-local-analytics.md#", "autosave");
    fs::rename(vault / "duckdb-for-local-analytics.md", vault / "duckdb-for-local-analytics.md~");
    write_text(vault / "duckdb-for-local-analytics.md",
               read_text(vault / "duckdb-for-local-analytics.md~") + "\n#emacs\n");
    fs::remove(vault / "#duckdb-for-local-analytics.md#");
    fs::remove(vault / ".#duckdb-for-local-analytics.md");
    expect_rows("SELECT count(*) FROM tags WHERE tag = 'emacs'", "1");
    // A `git checkout` of another branch: many files replaced, some gone,
    // some new, in one go.
    std::vector<fs::path> notes;
    for (const auto& e : fs::recursive_directory_iterator(vault)) {
        if (e.is_regular_file() && e.path().extension() == ".md" &&
            e.path().string().find("/.") == std::string::npos) {
            notes.push_back(e.path());
        }
    }
    std::sort(notes.begin(), notes.end());
    for (std::size_t i = 0; i < notes.size(); ++i) {
        if (i % 5 == 0) {
            fs::remove(notes[i]);
        } else {
            write_text(outside / "staged",
                       read_text(notes[i]) + "\nOn the other branch. #branch\n");
            fs::rename(outside / "staged", notes[i]);
        }
    }
    for (int i = 0; i < 40; ++i)
        write_text(vault / "branch" / ("b" + std::to_string(i) + ".md"), "# B\n[[index-tuning]]\n");
    expect_fresh_index();
}

TEST_F(WatchSeeds, ABurstOfAThousandChangesGivesTheIndexOfARebuild) {
    start();
    // Notes that link to each other by name, created, rewritten, renamed,
    // moved between folders and deleted at random, as fast as the file
    // system takes them; folders renamed and deleted too.
    std::mt19937 random(17);
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
    const std::vector<std::string> folders{"", "inbox/", "inbox/old/", "topics/", "topics/db/"};
    std::vector<std::string> made;
    auto text = [&] {
        std::string t = "---\ntitle: Note " + std::to_string(pick(50)) + "\n---\n# Heading\n";
        for (int i = 0; i < 3; ++i)
            t +=
                "[[n" + std::to_string(pick(300)) + "]] [[Note " + std::to_string(pick(50)) + "]] ";
        return t + "#burst\n";
    };
    for (int change = 0; change < 1000; ++change) {
        const std::string path =
            folders[pick(folders.size())] + "n" + std::to_string(pick(300)) + ".md";
        const std::size_t what = made.empty() ? 0 : pick(10);
        if (what < 5) {
            fs::create_directories((vault / path).parent_path());
            write_text(vault / path, text());
            made.push_back(path);
        } else if (what < 7) {
            const std::string from = made[pick(made.size())];
            if (fs::exists(vault / from)) {
                fs::create_directories((vault / path).parent_path());
                fs::rename(vault / from, vault / path);
                made.push_back(path);
            }
        } else if (what < 9) {
            fs::remove(vault / made[pick(made.size())]);
        } else if (fs::exists(vault / "inbox/old")) {
            fs::rename(vault / "inbox/old", vault / ("archive-" + std::to_string(change)));
        } else {
            fs::remove_all(vault / "topics/db");
        }
    }
    save("zz-last.md", "the last change\n");
    expect_rows("SELECT count(*) FROM notes WHERE path = 'zz-last.md'", "1");
    expect_fresh_index({"--rebuild"});
}

TEST_F(WatchSeeds, EventsLostInAFloodMeanAWalkOfTheWholeVault) {
    const long queue = std::stol(read_text("/proc/sys/fs/inotify/max_queued_events"));
    if (queue > 100'000) GTEST_SKIP() << "the inotify queue holds " << queue << " events";
    start();
    // Stopped, the watch reads nothing while the queue overflows: each new
    // note is three events (created, written, closed).
    watch->signal(SIGSTOP);
    for (long i = 0; i < queue / 3 + 200; ++i)
        write_text(vault / ("flood-" + std::to_string(i) + ".md"), "x\n");
    write_text(vault / "after.md", "# After the flood\n");
    watch->signal(SIGCONT);
    expect_rows("SELECT count(*) FROM notes WHERE path = 'after.md'", "1");
    EXPECT_TRUE(eventually([&] {
        return watch->err().find(
                   "notes: changes came faster than they could be read; looking at the whole "
                   "vault\n") != std::string::npos;
    })) << watch->err();
    expect_fresh_index();
}

TEST_F(WatchSeeds, ACronIndexRunsBesideItAndItWaitsForALockHeldElsewhere) {
    start();
    // Between updates the watch holds no lock: `notes index` runs at once.
    auto r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    // Someone else holds the lock: the watch waits, then catches up.
    const int fd = ::open((vault / ".notes" / "index.db.lock").c_str(), O_RDWR);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    save("while-locked.md", "# Written while locked\n");
    EXPECT_TRUE(eventually([&] {
        return watch->err().find("notes: another `notes index` holds the lock; waiting for it\n") !=
               std::string::npos;
    })) << watch->err();
    EXPECT_EQ(q("SELECT count(*) FROM notes WHERE path = 'while-locked.md'"), "0");
    r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path());
    EXPECT_EQ(r.status, 75) << r.err;
    ::close(fd);
    expect_rows("SELECT count(*) FROM notes WHERE path = 'while-locked.md'", "1");
    EXPECT_TRUE(eventually([&] {
        return watch->err().find("notes: the lock is free; updating\n") != std::string::npos;
    }));
    EXPECT_TRUE(watch->running());
}

TEST_F(WatchSeeds, SigintAndSigtermEndItCleanly) {
    for (const int signal : {SIGINT, SIGTERM}) {
        start();
        watch->signal(signal);
        const auto r = watch->wait();
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_THAT(r.err, HasSubstr("notes: stopped watching " + vault.string() + "\n"));
        EXPECT_EQ(q("PRAGMA integrity_check"), "ok");
        fs::remove_all(vault / ".notes");
    }
}

TEST_F(WatchSeeds, AChangedConfigurationIsReadAgain) {
    start();
    write_text(vault / ".notes" / "config.yaml", "ignore:\n  - projects/\n");
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'projects/%'", "0");
    EXPECT_THAT(watch->err(), HasSubstr("notes: .notes/config.yaml changed; reading it again\n"));
    // The ignored folder is not watched any more; once it is again, it is,
    // with what was written there meanwhile.
    save("projects/ignored.md", "x\n");
    fs::remove(vault / ".notes" / "config.yaml");
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'projects/%'", "4");
    save("projects/seen.md", "x\n");
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE 'projects/%'", "5");
    expect_fresh_index();
}

TEST_F(WatchSeeds, TheVaultDeletedOrMovedIsAnErrorThatEndsIt) {
    start();
    fs::rename(vault, tmp.path() / "moved");
    auto r = watch->wait();
    EXPECT_EQ(r.status, 4);
    EXPECT_THAT(r.err, HasSubstr("notes: error: the vault folder " + vault.string() +
                                 " was moved; stopped watching\n"));
    fs::rename(tmp.path() / "moved", vault);
    fs::remove_all(vault / ".notes");
    start();
    fs::remove_all(vault);
    r = watch->wait();
    EXPECT_EQ(r.status, 4);
    EXPECT_THAT(r.err, HasSubstr("notes: error: the vault folder " + vault.string() +
                                 " was deleted; stopped watching\n"));
}

TEST_F(WatchSeeds, QuietPrintsOnlyWarnings) {
    start({"-q"});
    save("new.md", "[[nowhere]]\n");
    expect_rows("SELECT count(*) FROM notes WHERE path = 'new.md'", "1");
    EXPECT_TRUE(eventually([&] {
        return watch->err().find("new.md:1: broken link to 'nowhere'\n") != std::string::npos;
    }));
    watch->signal(SIGINT);
    const auto r = watch->wait();
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, Not(HasSubstr("notes: watching")));
    EXPECT_THAT(r.err, Not(HasSubstr("stopped")));
}

TEST_F(WatchSeeds, PollChecksTheVaultEveryInterval) {
    start({"--poll", "--interval", "0.3"});
    EXPECT_THAT(watch->err(),
                HasSubstr("notes: checking " + vault.string() + " every 300 ms (--poll)\n"));
    save("polled.md", "# Polled\n");
    expect_rows("SELECT count(*) FROM notes WHERE path = 'polled.md'", "1");
}

TEST_F(WatchSeeds, OutOfInotifyWatchesItWarnsAndChecksEveryInterval) {
    // A user namespace of its own, with room for two watches: the host's
    // limit is not touched.
    if (!have_program("unshare")) GTEST_SKIP() << "unshare is not installed";
    const auto probe = run_program({"unshare", "--user", "--map-root-user", "sh", "-c",
                                    "echo 2 > /proc/sys/user/max_inotify_watches"},
                                   tmp.path());
    if (probe.status != 0)
        GTEST_SKIP() << "no user namespace with its own inotify limit here: " << probe.err;
    start({"--interval", "0.3"},
          {"unshare", "--user", "--map-root-user", "sh", "-c",
           "echo 2 > /proc/sys/user/max_inotify_watches && exec \"$0\" \"$@\""});
    EXPECT_TRUE(
        eventually([&] { return watch->err().find("notes: warning: ") != std::string::npos; }));
    EXPECT_THAT(
        watch->err(),
        MatchesRegex("(.|\n)*notes: warning: the inotify watch limit is reached after [0-9]+ "
                     "folders \\(/proc/sys/fs/inotify/max_user_watches is [0-9]+; in this user "
                     "namespace, 2\\); raise it, e\\.g\\. `sudo sysctl "
                     "fs\\.inotify\\.max_user_watches=524288`; checking the vault every 300 ms "
                     "instead\n(.|\n)*"));
    save("projects/deep.md", "# In a folder that has no watch\n");
    expect_rows("SELECT count(*) FROM notes WHERE path = 'projects/deep.md'", "1");
}

TEST(WatchErrors, AnIndexThatCannotBeWrittenEndsItAtStart) {
    TempDir tmp;
    const fs::path vault = copy_vault(seeds_dir(), tmp.path() / "vault");
    write_text(tmp.path() / "file", "not a folder");
    BackgroundNotes watch(
        {"--vault", vault.string(), "--db", (tmp.path() / "file" / "index.db").string(), "watch"},
        tmp.path(), tmp.path());
    const auto r = watch.wait();
    EXPECT_EQ(r.status, 4);
    EXPECT_THAT(r.err, HasSubstr("notes: error: "));
    EXPECT_THAT(r.err, HasSubstr("file/index.db"));
}

TEST(WatchErrors, AMissingVaultIsAnError) {
    TempDir tmp;
    const auto r = run_notes({"--vault", (tmp.path() / "none").string(), "watch"}, tmp.path());
    EXPECT_EQ(r.status, 4);
    EXPECT_EQ(r.err,
              "notes: error: vault " + (tmp.path() / "none").string() + " is not a directory\n");
}

TEST(WatchErrors, BadFlagValuesAreUsageErrors) {
    TempDir tmp;
    for (const std::vector<std::string>& flags : {std::vector<std::string>{"--debounce", "-1"},
                                                  {"--interval", "0"},
                                                  {"--max-delay", "soon"}}) {
        std::vector<std::string> args{"watch"};
        args.insert(args.end(), flags.begin(), flags.end());
        const auto r = run_notes(args, tmp.path());
        EXPECT_EQ(r.status, 2) << flags[0];
    }
}

TEST(WatchHelp, HelpHasAnExample) {
    TempDir tmp;
    const auto r = run_notes({"watch", "--help"}, tmp.path());
    EXPECT_EQ(r.status, 0);
    EXPECT_THAT(r.out, HasSubstr("--debounce MS"));
    EXPECT_THAT(r.out, HasSubstr("Examples:\n  notes watch\n"));
}

namespace {

/// The same on the fixture vault of each dialect, where the rules reach
/// notes by other names (Dendron's hierarchy, Logseq's page names) and
/// every link is resolved again when names change.
class WatchDialects : public WatchSeeds, public ::testing::WithParamInterface<const char*> {
  protected:
    void SetUp() override {
        vault = copy_vault(fixtures_dir() / GetParam(), tmp.path() / "vault");
        outside = tmp.path() / "outside";
        fs::create_directories(outside);
    }
};

}  // namespace

TEST_P(WatchDialects, RenamesAdditionsDeletionsAndEditsGiveTheIndexOfAFullRun) {
    const auto r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string notes = q("SELECT count(*) FROM notes");
    const std::string folder =
        q("SELECT folder FROM notes ORDER BY length(folder) DESC, path LIMIT 1");
    std::vector<std::string> paths = lines_of(q("SELECT path FROM notes ORDER BY path LIMIT 3"));
    ASSERT_EQ(paths.size(), 3u);
    start({}, {}, notes);
    const std::string renamed = (folder.empty() ? "" : folder + "/") + "renamed note.md";
    fs::rename(vault / paths[0], vault / renamed);
    fs::remove(vault / paths[1]);
    save(paths[2], read_text(vault / paths[2]) + "\n[[renamed note]] [[a new page]] #watched\n");
    save((folder.empty() ? "" : folder + "/") + "a new page.md",
         "---\ntitle: A new page\n---\n[[" + notes::slug_of(paths[0]) + "]]\n");
    expect_rows("SELECT count(*) FROM notes WHERE path LIKE '%a new page.md'", "1");
    expect_fresh_index();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, WatchDialects,
                         ::testing::Values("dendron", "logseq", "foam", "obsidian-exact"));
