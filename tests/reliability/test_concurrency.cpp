// Concurrency: readers (`sql`, `find`, `show`) run in a loop, as separate
// processes, while `index`, `index --full` and `index --rebuild` run; each
// must succeed and see the old index or the new one, never a mix. Two
// indexers at once: one runs, the other waits (--wait) or exits with 75.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>

#include "harness.hpp"
#include "reliability.hpp"

namespace fs = std::filesystem;
using namespace notes::reliability;
using notes::e2e::TempDir;
using ::testing::HasSubstr;

namespace {

constexpr int k_notes = 1000;

// One statement, so one read transaction: the three counts come from the
// same snapshot of the index.
constexpr const char* k_counts_query =
    "SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM links), (SELECT count(*) FROM tags), "
    "(SELECT count(*) FROM links WHERE status = 'resolved')";

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

std::size_t count_lines(const std::string& s) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

/// True when the process with `pid` holds a flock (from /proc/locks).
bool holds_flock(pid_t pid) {
    std::ifstream in("/proc/locks");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string n, kind, advisory, mode, owner;
        fields >> n >> kind >> advisory >> mode >> owner;
        if (kind == "FLOCK" && owner == std::to_string(pid)) return true;
    }
    return false;
}

}  // namespace

// Two versions of a vault, v1 and v2, indexed alternately into the same
// --db: every run moves the index from one state to the other, and the
// readers accept exactly those two.
TEST(Concurrency, ReadersNeverFailNorSeeAHalfWrittenIndex) {
    TempDir tmp;
    const fs::path v1 = tmp.path() / "v1";
    const fs::path v2 = tmp.path() / "v2";
    generate_vault(v1, k_notes, 3);
    generate_vault(v2, k_notes, 3);
    change_vault(v2, tmp.path());
    const fs::path db = tmp.path() / "index" / "index.db";

    auto index = [&](const fs::path& vault, const std::vector<std::string>& extra) {
        std::vector<std::string> args{"--vault", vault.string(), "--db", db.string(), "index", "-q"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, tmp.path());
    };
    const fs::path scratch = tmp.path() / "scratch";
    fs::create_directories(scratch);
    auto sql = [&](const std::string& query) {
        return run_notes({"--db", db.string(), "sql", query, "--format", "list"}, scratch);
    };

    // The state of each version, as the readers will see it.
    Finished r = index(v2, {});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string counts_v2 = trim(sql(k_counts_query).out);
    const std::size_t edited_v2 = count_lines(sql("SELECT n.path FROM notes n JOIN tags t ON t.note_id = n.id "
                                                  "WHERE t.tag_key = 'edited-1'")
                                                  .out);
    // A note both versions have, for `show`.
    const std::string slug =
        trim(sql("SELECT slug FROM notes WHERE path NOT LIKE 'added/%' ORDER BY path LIMIT 1 OFFSET 100").out);
    ASSERT_FALSE(slug.empty());
    r = index(v1, {});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string counts_v1 = trim(sql(k_counts_query).out);
    ASSERT_NE(counts_v1, counts_v2);
    ASSERT_GT(edited_v2, 0u);

    const bool have_find = run_notes({"find", "--help"}, scratch).status == 0;
    const bool have_show = run_notes({"show", "--help"}, scratch).status == 0;

    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::vector<std::string> failures;
    std::map<std::string, int> runs;
    auto fail = [&](const std::string& what) {
        std::lock_guard lock(mutex);
        if (failures.size() < 20) failures.push_back(what);
    };

    // Reader 1: counts through `notes sql`. Reader 2: `find --tag` and
    // `show`, which open the index their own way.
    auto sql_reader = [&] {
        const fs::path dir = tmp.path() / "reader-sql";
        fs::create_directories(dir);
        int n = 0;
        while (!stop) {
            const Finished f = run_notes({"--db", db.string(), "sql", k_counts_query, "--format", "list"}, dir);
            ++n;
            const std::string got = trim(f.out);
            if (f.status != 0) {
                fail("sql exited " + std::to_string(f.status) + ": " + f.err);
            } else if (got != counts_v1 && got != counts_v2) {
                fail("sql saw a state that is neither old nor new: " + got);
            }
        }
        std::lock_guard lock(mutex);
        runs["sql"] += n;
    };
    auto find_show_reader = [&] {
        const fs::path dir = tmp.path() / "reader-find";
        fs::create_directories(dir);
        int finds = 0;
        int shows = 0;
        while (!stop) {
            if (have_find) {
                const Finished f =
                    run_notes({"--db", db.string(), "find", "--tag", "edited-1", "--format", "paths"}, dir);
                ++finds;
                const std::size_t lines = count_lines(f.out);
                if (f.status != 0 && f.status != 1) {
                    fail("find exited " + std::to_string(f.status) + ": " + f.err);
                } else if (lines != 0 && lines != edited_v2) {
                    fail("find --tag saw " + std::to_string(lines) + " notes, neither 0 nor " +
                         std::to_string(edited_v2));
                }
            }
            if (have_show) {
                const Finished f = run_notes({"--db", db.string(), "show", slug, "--format", "json"}, dir);
                ++shows;
                if (f.status != 0 || f.out.empty()) fail("show exited " + std::to_string(f.status) + ": " + f.err);
            }
            if (!have_find && !have_show) {
                const Finished f = run_notes({"--db", db.string(), "sql", "SELECT count(*) FROM tags WHERE tag_key = "
                                                                         "'edited-1'", "--format", "list"},
                                             dir);
                ++finds;
                if (f.status != 0) fail("sql exited " + std::to_string(f.status) + ": " + f.err);
            }
        }
        std::lock_guard lock(mutex);
        runs["find"] += finds;
        runs["show"] += shows;
    };

    std::thread reader1(sql_reader);
    std::thread reader2(find_show_reader);
    // Each step moves the index to the other version.
    const std::vector<std::pair<const fs::path*, std::vector<std::string>>> steps{
        {&v2, {}}, {&v1, {"--rebuild"}}, {&v2, {"--full"}}, {&v1, {}}, {&v2, {"--rebuild"}},
        {&v1, {"--full"}}, {&v2, {}}, {&v1, {"--rebuild"}},
    };
    std::vector<std::string> indexer_failures;
    for (const auto& [vault, extra] : steps) {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));  // readers on the old state first
        const Finished f = index(*vault, extra);
        if (f.status != 0) indexer_failures.push_back(f.err);
        const std::string now = trim(sql(k_counts_query).out);
        EXPECT_EQ(now, vault == &v1 ? counts_v1 : counts_v2);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    stop = true;
    reader1.join();
    reader2.join();

    std::cout << "[ readers  ] " << steps.size() << " index runs (incremental, --full, --rebuild) under "
              << runs["sql"] << " sql, " << runs["find"] << " find and " << runs["show"] << " show runs"
              << (have_find ? "" : " (find not available)") << std::endl;
    EXPECT_THAT(indexer_failures, ::testing::IsEmpty());
    EXPECT_THAT(failures, ::testing::IsEmpty());
    EXPECT_GE(runs["sql"], 20);
    EXPECT_EQ(integrity(db), "ok");
}

TEST(Concurrency, ASecondIndexerExits75OrWaits) {
    TempDir tmp;
    const fs::path vault = tmp.path() / "vault";
    generate_vault(vault, k_notes, 4);
    const fs::path lock = vault / ".notes" / "index.db.lock";
    const std::vector<std::string> base{"--vault", vault.string(), "index"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };

    for (const std::vector<std::string>& first_args : {with({"-q"}), with({"-q", "--rebuild"})}) {
        SCOPED_TRACE(first_args.back());
        SpawnOptions options;
        options.err_file = tmp.path() / "first.err";
        Child first(NOTES_BINARY, first_args, options);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!holds_flock(first.pid()) && first.running() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        ASSERT_TRUE(holds_flock(first.pid())) << "the first indexer never took the lock";

        // No --wait: status 75 at once, a clear message, nothing on stdout.
        const Finished second = run_notes(with({}), tmp.path());
        EXPECT_EQ(second.status, 75) << second.err;
        EXPECT_THAT(second.err, HasSubstr("notes: error: another `notes index` is running"));
        EXPECT_THAT(second.err, HasSubstr(lock.string()));
        EXPECT_EQ(second.out, "");
        EXPECT_LT(second.seconds, 5.0);

        // --wait long enough: it runs after the first one.
        const Finished waiting = run_notes(with({"--wait", "120", "--json"}), tmp.path());
        const Finished done = first.wait();
        EXPECT_EQ(done.status, 0) << done.err;
        EXPECT_EQ(waiting.status, 0) << waiting.err;
        EXPECT_THAT(waiting.out, HasSubstr("\"seen\":" + std::to_string(k_notes)));
        EXPECT_EQ(integrity(vault / ".notes" / "index.db"), "ok");
    }

    // A --wait that runs out is 75 too, after about that long. The lock is
    // held here, so that how long an indexer takes does not matter.
    const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX), 0);
    const Finished timed_out = run_notes(with({"--wait", "0.3"}), tmp.path());
    ::close(fd);
    EXPECT_EQ(timed_out.status, 75) << timed_out.err;
    EXPECT_GE(timed_out.seconds, 0.3);
    EXPECT_LT(timed_out.seconds, 10.0);
}
