// `notes watch` below the loop: the batching of changes into runs (with a
// made-up clock), and the folder watcher on a real folder (inotify).
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>

#include "notes/core/config.hpp"
#include "notes/index/folder_watcher.hpp"
#include "notes/watch/change_batch.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using notes::watch::ChangeBatch;
using notes::watch::Changes;
using notes::watch::Clock;

namespace {

const Clock::time_point t0{};

}  // namespace

TEST(ChangeBatch, EmptyIsNeverDue) {
    ChangeBatch batch(200ms, 2000ms);
    EXPECT_TRUE(batch.empty());
    EXPECT_EQ(batch.due(), std::nullopt);
    EXPECT_TRUE(batch.take().empty());
}

TEST(ChangeBatch, DueAQuietTimeAfterTheLastChange) {
    ChangeBatch batch(200ms, 2000ms);
    batch.add("a.md", t0);
    EXPECT_EQ(batch.due(), t0 + 200ms);
    batch.add("b.md", t0 + 150ms);  // an editor's second event
    EXPECT_EQ(batch.due(), t0 + 350ms);
    batch.add("a.md", t0 + 300ms);
    EXPECT_EQ(batch.due(), t0 + 500ms);
    const Changes changes = batch.take();
    EXPECT_FALSE(changes.whole_vault);
    EXPECT_EQ(changes.paths, (std::vector<std::string>{"a.md", "b.md"}));
    EXPECT_TRUE(batch.empty());
}

TEST(ChangeBatch, AStreamOfChangesWaitsNoLongerThanTheMaximumDelay) {
    ChangeBatch batch(200ms, 2000ms);
    for (auto t = 0ms; t < 5000ms; t += 100ms) {
        batch.add("log.md", t0 + t);
        if (t >= 1800ms) {
            EXPECT_EQ(batch.due(), t0 + 2000ms) << t.count();
        }
    }
    batch.take();
    batch.add("log.md", t0 + 5000ms);
    EXPECT_EQ(batch.due(), t0 + 5200ms);  // the next batch starts its own clock
}

TEST(ChangeBatch, AMaximumDelayShorterThanTheQuietTimeIsTheQuietTime) {
    ChangeBatch batch(500ms, 100ms);
    batch.add("a.md", t0);
    EXPECT_EQ(batch.due(), t0 + 500ms);
}

TEST(ChangeBatch, ZeroDebounceRunsAtOnce) {
    ChangeBatch batch(0ms, 0ms);
    batch.add("a.md", t0 + 7ms);
    EXPECT_EQ(batch.due(), t0 + 7ms);
}

TEST(ChangeBatch, TooManyPathsOrLostEventsMeanTheWholeVault) {
    ChangeBatch batch(200ms, 2000ms, 3);
    for (const char* p : {"a", "b", "c"}) batch.add(p, t0);
    EXPECT_FALSE(batch.take().whole_vault);
    for (const char* p : {"a", "b", "c", "d"}) batch.add(p, t0);
    Changes changes = batch.take();
    EXPECT_TRUE(changes.whole_vault);
    EXPECT_TRUE(changes.paths.empty());
    batch.add_whole_vault(t0);
    batch.add("e", t0 + 10ms);
    changes = batch.take();
    EXPECT_TRUE(changes.whole_vault);
    EXPECT_TRUE(changes.paths.empty());
}

TEST(ChangeBatch, ChangesPutBackAreMergedWithNewOnes) {
    ChangeBatch batch(200ms, 2000ms);
    batch.add("a.md", t0);
    const Changes failed = batch.take();
    batch.add("b.md", t0 + 50ms);
    batch.put_back(failed, t0 + 60ms);
    EXPECT_EQ(batch.due(), t0 + 260ms);
    EXPECT_EQ(batch.take().paths, (std::vector<std::string>{"a.md", "b.md"}));
    batch.put_back(Changes{true, {}}, t0);
    EXPECT_TRUE(batch.take().whole_vault);
}

namespace {

class Watcher : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "notes-watcher-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        vault = tmpl;
        write("a/old.md");
        write("a/b/deep.md");
        write("note.md");
        fs::create_directories(vault / ".git/objects");
        fs::create_directories(vault / "drafts");
        fs::create_directories(vault / ".notes");
        std::ofstream(vault / ".notes/config.yaml") << "ignore:\n  - drafts/\n";
        config = notes::load_config(vault / ".notes/config.yaml", ".notes/config.yaml");
    }
    void TearDown() override { fs::remove_all(vault); }

    void write(const std::string& rel, const std::string& text = "x\n") {
        fs::create_directories((vault / rel).parent_path());
        std::ofstream(vault / rel) << text;
    }

    /// Events until `until` says enough, or nothing more comes for a while.
    notes::index::FolderEvents wait_for(
        notes::index::FolderWatcher& w,
        const std::function<bool(const notes::index::FolderEvents&)>& until) {
        notes::index::FolderEvents all;
        for (int round = 0; round < 50 && !until(all); ++round) {
            pollfd fd{w.fd(), POLLIN, 0};
            if (::poll(&fd, 1, 200) <= 0) continue;
            const auto e = w.read_events();
            all.paths.insert(all.paths.end(), e.paths.begin(), e.paths.end());
            all.overflow |= e.overflow;
            all.settings_changed |= e.settings_changed;
            all.limit_reached |= e.limit_reached;
            if (!e.vault_gone.empty()) all.vault_gone = e.vault_gone;
        }
        return all;
    }

    static bool has(const notes::index::FolderEvents& e, const std::string& path) {
        return std::find(e.paths.begin(), e.paths.end(), path) != e.paths.end();
    }

    /// The paths reported, each once (a write is several events).
    static std::set<std::string> paths(const notes::index::FolderEvents& e) {
        return {e.paths.begin(), e.paths.end()};
    }

    fs::path vault;
    notes::Config config;
};

}  // namespace

TEST_F(Watcher, WatchesTheFoldersTheWalkEnters) {
    notes::index::FolderWatcher w(vault, config, notes::Dialect::obsidian);
    EXPECT_EQ(w.folder_count(), 3u);  // the vault, a, a/b: not .git, .notes or the ignored drafts
    EXPECT_FALSE(w.limit_reached());
}

TEST_F(Watcher, ReportsFilesWrittenCreatedDeletedAndMoved) {
    notes::index::FolderWatcher w(vault, config, notes::Dialect::obsidian);
    write("a/b/deep.md", "changed\n");
    write("new.md");
    fs::remove(vault / "note.md");
    fs::rename(vault / "a/old.md", vault / "a/b/moved.md");
    const auto e =
        wait_for(w, [&](const auto& x) { return has(x, "a/b/moved.md") && has(x, "note.md"); });
    for (const char* p : {"a/b/deep.md", "new.md", "note.md", "a/old.md", "a/b/moved.md"}) {
        EXPECT_TRUE(has(e, p)) << p;
    }
    EXPECT_FALSE(e.settings_changed);
    EXPECT_FALSE(e.overflow);
}

TEST_F(Watcher, AnEditorsSaveNamesTheNoteAndLeavesOutItsSwapFile) {
    notes::index::FolderWatcher w(vault, config, notes::Dialect::obsidian);
    // vim: a swap file, the 4913 probe, a backup, the new file written.
    write(".note.md.swp");
    write("4913");
    fs::remove(vault / "4913");
    fs::rename(vault / "note.md", vault / "note.md~");
    write("note.md", "saved\n");
    fs::remove(vault / "note.md~");
    fs::remove(vault / ".note.md.swp");
    const auto e =
        wait_for(w, [&](const auto& x) { return has(x, "note.md~") && has(x, "note.md"); });
    EXPECT_TRUE(has(e, "note.md"));
    EXPECT_TRUE(has(e, "4913"));  // a file that is gone when the run looks: nothing to index
    EXPECT_FALSE(has(e, ".note.md.swp"));
}

TEST_F(Watcher, NewFoldersAreWatchedWithWhatTheyHold) {
    notes::index::FolderWatcher w(vault, config, notes::Dialect::obsidian);
    fs::create_directories(vault / "x/y/z");
    write("x/y/z/first.md");
    auto e = wait_for(w, [&](const auto& x) { return has(x, "x"); });
    EXPECT_TRUE(has(e, "x"));  // the run walks it: first.md may predate the watch
    EXPECT_EQ(w.folder_count(), 6u);
    write("x/y/z/second.md");
    e = wait_for(w, [&](const auto& x) { return has(x, "x/y/z/second.md"); });
    EXPECT_TRUE(has(e, "x/y/z/second.md"));
}

TEST_F(Watcher, AFolderMovedIsWatchedUnderItsNewName) {
    notes::index::FolderWatcher w(vault, config, notes::Dialect::obsidian);
    fs::rename(vault / "a", vault / "c");
    auto e = wait_for(w, [&](const auto& x) { return has(x, "a") && has(x, "c"); });
    EXPECT_TRUE(has(e, "a"));
    EXPECT_TRUE(has(e, "c"));
    EXPECT_EQ(w.folder_count(), 3u);
    write("c/b/after.md");
    e = wait_for(w, [&](const auto& x) { return has(x, "c/b/after.md"); });
    EXPECT_TRUE(has(e, "c/b/after.md"));
    EXPECT_FALSE(has(e, "a/b/after.md"));
    // Moved away into a dot-folder: the old name only, and no watch left.
    fs::rename(vault / "c", vault / ".git/c");
    e = wait_for(w, [&](const auto& x) { return has(x, "c"); });
    EXPECT_TRUE(has(e, "c"));
    EXPECT_EQ(w.folder_count(), 1u);
}

TEST_F(Watcher, IgnoredAndDotFoldersAreNotReported) {
    notes::index::FolderWatcher w(vault, config, notes::Dialect::obsidian);
    write("drafts/d.md");
    write(".git/objects/x");
    fs::create_directories(vault / ".trash");
    write("after.md");
    const auto e = wait_for(w, [&](const auto& x) { return has(x, "after.md"); });
    EXPECT_EQ(paths(e), std::set<std::string>{"after.md"});
}

TEST_F(Watcher, TheConfigurationIsASettingsChange) {
    notes::index::FolderWatcher w(vault, config, notes::Dialect::obsidian);
    std::ofstream(vault / ".notes/config.yaml.tmp") << "ignore: []\n";
    fs::rename(vault / ".notes/config.yaml.tmp", vault / ".notes/config.yaml");
    auto e = wait_for(w, [](const auto& x) { return x.settings_changed; });
    EXPECT_TRUE(e.settings_changed);
    const notes::Config none;
    w.resync(none, notes::Dialect::obsidian);
    EXPECT_EQ(w.folder_count(), 4u);  // drafts now too
    // The index's own files in .notes/ are no change (events come in order:
    // those of the index before the one of the marker).
    std::ofstream(vault / ".notes/index.db") << "x";
    write("marker.md");
    e = wait_for(w, [&](const auto& x) { return has(x, "marker.md"); });
    EXPECT_FALSE(e.settings_changed);
    EXPECT_EQ(paths(e), std::set<std::string>{"marker.md"});
}

TEST_F(Watcher, TheIndexInsideTheVaultIsNotAChange) {
    notes::index::FolderWatcher w(vault, config, notes::Dialect::obsidian, "a/index.db");
    write("a/index.db");
    write("a/index.db-wal");
    write("a/index.db.lock");
    write("a/index.dbx.md");
    const auto e = wait_for(w, [&](const auto& x) { return has(x, "a/index.dbx.md"); });
    EXPECT_EQ(paths(e), std::set<std::string>{"a/index.dbx.md"});
}

TEST_F(Watcher, TheVaultDeletedOrMovedEndsIt) {
    {
        notes::index::FolderWatcher w(vault, config, notes::Dialect::obsidian);
        const fs::path moved = vault.string() + "-moved";
        fs::rename(vault, moved);
        const auto e = wait_for(w, [](const auto& x) { return !x.vault_gone.empty(); });
        EXPECT_EQ(e.vault_gone, "moved");
        fs::rename(moved, vault);
    }
    notes::index::FolderWatcher w(vault, config, notes::Dialect::obsidian);
    fs::remove_all(vault);
    const auto e = wait_for(w, [](const auto& x) { return !x.vault_gone.empty(); });
    EXPECT_EQ(e.vault_gone, "deleted");
    fs::create_directories(vault);  // for TearDown
}
