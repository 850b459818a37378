// Crash safety: `notes index` killed with SIGKILL at many moments of a run
// (first run, incremental run with changes, --full, --rebuild) over a
// generated vault. After every kill the index must open, pass
// PRAGMA integrity_check, and hold exactly the old or exactly the new state;
// the next run must complete, give the new state and leave no temporary file.
// `notes watch` killed during an update, likewise. Also: a full disk during a
// run is a clear error and keeps the old index.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <optional>

#include "harness.hpp"
#include "reliability.hpp"

namespace fs = std::filesystem;
using namespace notes::reliability;
using notes::e2e::read_text;
using notes::e2e::TempDir;
using notes::e2e::write_text;
using ::testing::AnyOf;
using ::testing::HasSubstr;

namespace {

constexpr int k_notes = 1500;
// When to kill, as fractions of an undisturbed run's duration: spread over
// the run, and denser towards the end where the commit and the rename
// happen. The run measured first is often the slowest (cold caches), so the
// last points stop short of its end, or most of them would land after later
// runs have finished.
constexpr double k_kill_fractions[] = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.78, 0.85};

/// What one kill left behind.
enum class Seen { old_state, new_state };

struct Tally {
    int kills = 0;
    int during_run = 0;  // the process was still running when killed
    int old_state = 0;
    int new_state = 0;
};

class CrashSafety : public ::testing::Test {
protected:
    void SetUp() override {
        vault = tmp.path() / "vault";
        notes_dir = vault / ".notes";
        db = notes_dir / "index.db";
        generate_vault(vault, k_notes, 1);
    }

    Finished index(const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args{"--vault", vault.string(), "index", "-q"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, tmp.path());
    }

    void save(const fs::path& where) {
        fs::remove_all(where);
        fs::create_directories(where);
        for (const auto& e : fs::directory_iterator(notes_dir)) {
            if (e.path().filename() == "index.db.lock") continue;
            fs::copy_file(e.path(), where / e.path().filename());
        }
    }

    /// After a completed run: nothing but the index, its WAL files and the lock.
    void expect_no_stray_files() {
        for (const auto& e : fs::directory_iterator(notes_dir)) {
            const auto name = e.path().filename().string();
            EXPECT_TRUE(name == "index.db" || name == "index.db-wal" || name == "index.db-shm" ||
                        name == "index.db.lock")
                << "stray file " << name;
        }
    }

    /// Kills `notes index extra...` at the k_kill_fractions of `duration`. Before each, `prepare()` puts the index back to its old state.
    /// `old_fp` empty means "no index at all" is the old state.
    Tally kill_at_many_points(const std::string& scenario, const std::vector<std::string>& extra,
                              double duration, const std::function<void()>& prepare,
                              const std::string& old_fp, const std::string& new_fp) {
        Tally tally;
        for (const double fraction : k_kill_fractions) {
            const double delay = duration * fraction;
            SCOPED_TRACE(scenario + ": kill after " + std::to_string(delay) + " s");
            prepare();
            std::vector<std::string> args{"--vault", vault.string(), "index", "-q"};
            args.insert(args.end(), extra.begin(), extra.end());
            {
                Child child(NOTES_BINARY, args, {});
                std::this_thread::sleep_for(std::chrono::duration<double>(delay));
                if (child.running()) ++tally.during_run;
                child.kill(SIGKILL);
                child.wait();
            }
            ++tally.kills;

            if (fs::exists(db)) {
                EXPECT_EQ(integrity(db), "ok");
                const std::string fp = fingerprint(db);
                if (fp == old_fp) {
                    ++tally.old_state;
                } else if (fp == new_fp) {
                    ++tally.new_state;
                } else {
                    ADD_FAILURE() << "index holds neither the old nor the new state:\n  old " << old_fp
                                  << "\n  new " << new_fp << "\n  got " << fp;
                }
            } else {
                EXPECT_EQ(old_fp, "") << "the index disappeared";
                ++tally.old_state;
            }

            const Finished next = index();
            EXPECT_EQ(next.status, 0) << next.err;
            EXPECT_EQ(fingerprint(db), new_fp);
            EXPECT_EQ(integrity(db), "ok");
            expect_no_stray_files();
        }
        std::cout << "[ crash    ] " << scenario << ": " << tally.kills << " kill points ("
                  << tally.during_run << " while running), run of " << duration << " s; left old state "
                  << tally.old_state << ", new state " << tally.new_state << std::endl;
        return tally;
    }

    TempDir tmp;
    fs::path vault;
    fs::path notes_dir;
    fs::path db;
};

}  // namespace

TEST_F(CrashSafety, KilledAtManyMomentsKeepsOldOrNewIndex) {
    // First run, undisturbed: the reference for the "new" state of v1.
    const Finished first = index();
    ASSERT_EQ(first.status, 0) << first.err;
    const std::string v1 = fingerprint(db);
    ASSERT_THAT(v1, HasSubstr("notes=" + std::to_string(k_notes) + " "));
    const fs::path saved_v1 = tmp.path() / "saved-v1";
    save(saved_v1);

    Tally total;
    auto add = [&](const Tally& t) {
        total.kills += t.kills;
        total.during_run += t.during_run;
        total.old_state += t.old_state;
        total.new_state += t.new_state;
    };

    // 1. First run: before it there is no index.
    add(kill_at_many_points("first run", {}, first.seconds, [&] { fs::remove_all(notes_dir); }, "", v1));

    // The next day's vault and its reference state, from v1's index.
    change_vault(vault, tmp.path());
    restore_dir(saved_v1, notes_dir);
    const Finished incremental = index();
    ASSERT_EQ(incremental.status, 0) << incremental.err;
    const std::string v2 = fingerprint(db);
    ASSERT_NE(v1, v2);

    restore_dir(saved_v1, notes_dir);
    const Finished rebuild = index({"--rebuild"});
    ASSERT_EQ(rebuild.status, 0) << rebuild.err;
    ASSERT_EQ(fingerprint(db), v2) << "a rebuild and an incremental run disagree";

    restore_dir(saved_v1, notes_dir);
    const Finished full = index({"--full"});
    ASSERT_EQ(full.status, 0) << full.err;
    ASSERT_EQ(fingerprint(db), v2) << "a --full run and an incremental run disagree";

    const auto back_to_v1 = [&] { restore_dir(saved_v1, notes_dir); };
    // 2. Incremental run with changes, in place, in one transaction.
    add(kill_at_many_points("incremental", {}, incremental.seconds, back_to_v1, v1, v2));
    // 3. --full: every note re-parsed, in place.
    add(kill_at_many_points("--full", {"--full"}, full.seconds, back_to_v1, v1, v2));
    // 4. --rebuild: a fresh file renamed over the old one.
    add(kill_at_many_points("--rebuild", {"--rebuild"}, rebuild.seconds, back_to_v1, v1, v2));

    std::cout << "[ crash    ] total: " << total.kills << " kill points, " << total.during_run
              << " while running; old state " << total.old_state << ", new state " << total.new_state
              << std::endl;
    EXPECT_GE(total.kills, 20);
    // At least 20 kills, and most of them, must land inside a run, or the
    // test proves little.
    EXPECT_GE(total.during_run, 20);
    EXPECT_GE(total.during_run, total.kills / 2);
    EXPECT_GT(total.old_state, 0);
}

// --- notes watch -----------------------------------------------------------

namespace {

/// Swaps two folders in one step (renameat2 RENAME_EXCHANGE): to a watch,
/// one change of the folder's name, so one update.
void exchange(const fs::path& a, const fs::path& b) {
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0) {
        throw std::runtime_error("renameat2 failed: " + std::string(std::strerror(errno)));
    }
}

std::size_t lines_in(const fs::path& file) {
    const std::string text = read_text(file);
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_F(CrashSafety, WatchKilledDuringAnUpdateKeepsOldOrNewIndex) {
    // The watched vault holds the generated notes in v/; the next day's
    // version waits outside and is swapped in at once, so that the watch
    // makes one update of all of it (10% edited, 3% deleted, 120 added, an
    // alias added). SIGKILL at moments of that update must leave the old or
    // the new index, and the next run must complete.
    const fs::path base = tmp.path() / "watched";
    const fs::path next = tmp.path() / "next";
    fs::create_directories(base);
    fs::create_directories(next);
    fs::rename(vault, base / "v");
    fs::copy(base / "v", next / "v", fs::copy_options::recursive);
    change_vault(next / "v", tmp.path());
    const fs::path watched_db = base / ".notes" / "index.db";

    auto index_base = [&](const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args{"--vault", base.string(), "index", "-q"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, tmp.path());
    };
    ASSERT_EQ(index_base().status, 0);
    const std::string old_fp = fingerprint(watched_db);
    const fs::path saved_old = tmp.path() / "saved-old";
    fs::remove_all(saved_old);
    fs::create_directories(saved_old);
    for (const auto& e : fs::directory_iterator(base / ".notes")) {
        if (e.path().filename() != "index.db.lock") fs::copy_file(e.path(), saved_old / e.path().filename());
    }
    exchange(base / "v", next / "v");
    const fs::path reference = tmp.path() / "reference.db";
    ASSERT_EQ(index_base({"--db", reference.string()}).status, 0);
    const std::string new_fp = fingerprint(reference);
    ASSERT_NE(old_fp, new_fp);
    exchange(base / "v", next / "v");

    const fs::path out = tmp.path() / "watch.out";
    const fs::path err = tmp.path() / "watch.err";
    // One round: the old index, a watch started on it and past its first
    // run, the new version swapped in; then `kill` after `delay` (or, with
    // no delay, the end of the update awaited: its duration is returned).
    auto round = [&](std::optional<double> delay) -> double {
        restore_dir(saved_old, base / ".notes");
        fs::remove(out);  // not the last round's lines
        Child watch(NOTES_BINARY, {"--vault", base.string(), "watch", "--json", "--debounce", "0"},
                    {tmp.path(), {}, {}, out, err});
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (lines_in(out) < 1 && watch.running() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        EXPECT_EQ(lines_in(out), 1u) << read_text(err);
        const auto swapped = std::chrono::steady_clock::now();
        exchange(base / "v", next / "v");
        double took = 0;
        if (delay) {
            std::this_thread::sleep_for(std::chrono::duration<double>(*delay));
        } else {
            while (lines_in(out) < 2 && watch.running() && std::chrono::steady_clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            took = std::chrono::duration<double>(std::chrono::steady_clock::now() - swapped).count();
            EXPECT_EQ(lines_in(out), 2u) << read_text(err);
        }
        watch.kill(SIGKILL);
        watch.wait();
        return took;
    };

    const double duration = round(std::nullopt);
    EXPECT_EQ(fingerprint(watched_db), new_fp);
    exchange(base / "v", next / "v");
    Tally tally;
    for (const double fraction : {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2}) {
        SCOPED_TRACE("watch: kill " + std::to_string(fraction * duration) + " s after the swap");
        round(fraction * duration);
        ++tally.kills;
        EXPECT_EQ(integrity(watched_db), "ok");
        const std::string fp = fingerprint(watched_db);
        if (fp == old_fp) {
            ++tally.old_state;
        } else if (fp == new_fp) {
            ++tally.new_state;
        } else {
            ADD_FAILURE() << "index holds neither the old nor the new state:\n  old " << old_fp << "\n  new "
                          << new_fp << "\n  got " << fp;
        }
        const auto r = index_base();
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(fingerprint(watched_db), new_fp);
        EXPECT_EQ(integrity(watched_db), "ok");
        exchange(base / "v", next / "v");  // the old version back in place
    }
    std::cout << "[ crash    ] watch: " << tally.kills << " kill points over an update of " << duration
              << " s (swap to line); left old state " << tally.old_state << ", new state " << tally.new_state
              << std::endl;
    EXPECT_GT(tally.old_state, 0);
}

// --- full disk -----------------------------------------------------------

namespace {

/// A small tmpfs mounted for the life of the object (needs root or
/// CAP_SYS_ADMIN; `mounted()` is false where that is not allowed).
class SmallDisk {
public:
    SmallDisk(const fs::path& where, const std::string& size) : m_where(where) {
        fs::create_directories(where);
        m_mounted = ::mount("tmpfs", where.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
    }
    ~SmallDisk() {
        if (m_mounted) ::umount2(m_where.c_str(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    bool mounted() const { return m_mounted; }

private:
    fs::path m_where;
    bool m_mounted = false;
};

/// A note of about `bytes` of words that do not repeat much, so that its
/// full-text rows are as large as its text.
std::string big_note(std::size_t bytes) {
    std::string text = "---\ntitle: A very large note\n---\n# Big\n\n";
    std::uint64_t x = 88172645463325252ull;
    while (text.size() < bytes) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        text += "w" + std::to_string(x % 1000000007) + (x % 11 == 0 ? "\n\n" : " ");
    }
    return text;
}

}  // namespace

TEST(FullDisk, ARunThatFillsTheDiskFailsClearlyAndKeepsTheOldIndex) {
    TempDir tmp;
    const fs::path vault = notes::e2e::copy_vault(notes::e2e::seeds_dir(), tmp.path() / "vault");
    SmallDisk disk(tmp.path() / "disk", "3m");
    if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root): " << std::strerror(errno);
    const fs::path db = tmp.path() / "disk" / "index.db";
    const std::vector<std::string> base{"--vault", vault.string(), "--db", db.string(), "index"};
    auto index = [&](const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, tmp.path());
    };

    Finished r = index();
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string before = fingerprint(db);

    // 8 MB of text cannot fit in the 3 MB left for the index.
    write_text(vault / "huge.md", big_note(8 << 20));
    for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--full"}, {"--rebuild"}}) {
        SCOPED_TRACE(extra.empty() ? "incremental" : extra[0]);
        r = index(extra);
        EXPECT_EQ(r.status, 4) << r.err;
        EXPECT_THAT(r.err, HasSubstr("notes: error: "));
        EXPECT_THAT(r.err, HasSubstr("database or disk is full"));
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(integrity(db), "ok");
        EXPECT_EQ(fingerprint(db), before) << "the old index changed";
        // A failed rebuild does not leave its half-built file filling the disk.
        EXPECT_THAT(files_starting_with(db.parent_path(), "index.db.rebuild"), ::testing::IsEmpty());
    }

    // Once there is room again, the next run completes.
    fs::remove(vault / "huge.md");
    write_text(vault / "small-new-note.md", "# Small new note\n");
    r = index({"--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(integrity(db), "ok");
    EXPECT_NE(fingerprint(db), before);
}

// --- unattended runs ------------------------------------------------------------

TEST(Cron, QuietPrintsNothingOnSuccessAndOnlyProblemsOtherwise) {
    TempDir tmp;
    const fs::path vault = tmp.path() / "vault";
    fs::create_directories(vault);
    write_text(vault / "a.md", "---\ntitle: A\ntags: [x]\n---\n# A\n\nSee [[b]].\n");
    write_text(vault / "b.md", "# B\n\nBack to [[a]].\n");
    auto index = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> args{"--vault", vault.string(), "index"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, tmp.path());
    };

    for (int run = 0; run < 2; ++run) {  // the first run and an incremental one
        const Finished r = index({"--quiet"});
        EXPECT_EQ(r.status, 0);
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, "");
    }
    write_text(vault / "c.md", "# C\n\nA link to [[nowhere]].\n");
    Finished r = index({"-q"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "c.md:3: broken link to 'nowhere'\n");
    r = index({"-q", "--strict"});
    EXPECT_EQ(r.status, 3);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "c.md:3: broken link to 'nowhere'\n");

    r = run_notes({"--vault", (tmp.path() / "missing").string(), "index", "-q"}, tmp.path());
    EXPECT_EQ(r.status, 4);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, ::testing::StartsWith("notes: error: "));
}
