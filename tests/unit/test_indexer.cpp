// The index run told which paths changed (IndexOptions::only_paths), and the
// incremental resolution of links when names come and go: after every change
// the index must hold exactly what a fresh build of the same files holds.
#include "notes/index/indexer.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "index/warning_cache.hpp"
#include "notes/core/paths.hpp"
#include "notes/store/index_store.hpp"

namespace fs = std::filesystem;
using notes::Warning;
using notes::index::IndexMode;
using notes::index::IndexOptions;
using notes::index::IndexStats;
using notes::index::run_index;
using notes::index::WarningScope;
using notes::store::IndexStore;

namespace {

void write_file(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Every row of an index by note path, without row ids: two indexes of the
/// same files give the same text.
std::string dump(const fs::path& db) {
    IndexStore store(db, IndexStore::Mode::read_only);
    const std::string note = " JOIN notes n ON n.id = x.note_id ";
    std::string out;
    for (const std::string& sql : {
             std::string("SELECT path, slug, folder, title, title_source, date, domain, status, "
                         "source, relevance, "
                         "front_matter, front_matter_invalid, word_count, link_count, tag_count, size, mtime_ns, hash, "
                         "path_key, slug_key, "
                         "title_key, name_key FROM notes ORDER BY path"),
             "SELECT n.path, x.alias, x.alias_key FROM aliases x" + note +
                 "ORDER BY n.path, x.rowid",
             "SELECT n.path, x.tag, x.tag_key, x.source, x.line FROM tags x" + note +
                 "ORDER BY n.path, x.tag_key",
             std::string("SELECT tag_key, tag, name, parent_key, notes, total FROM tag_nodes "
                         "ORDER BY tag_key"),
             "SELECT n.path, x.key, x.value, x.position, x.type, x.line FROM fields x" + note +
                 "ORDER BY n.path, x.rowid",
             "SELECT n.path, x.line, x.kind, x.target, x.anchor, x.label, t.path, x.status, "
             "x.resolved_by, "
             "x.anchor_ok, f.path, x.name_hash FROM links x" +
                 note +
                 "LEFT JOIN notes t ON t.id = x.target_id LEFT JOIN files f ON f.id = x.file_id "
                 "ORDER BY n.path, x.id",
             "SELECT n.path, x.level, x.text, x.key, x.line FROM headings x" + note +
                 "ORDER BY n.path, x.rowid",
             "SELECT n.path, x.line, x.col, x.message FROM warnings x" + note +
                 "ORDER BY n.path, x.rowid",
             std::string("SELECT path, path_key, name_key FROM files ORDER BY path"),
             std::string(
                 "SELECT n.path, f.title, f.body FROM notes_fts f JOIN notes n ON n.id = f.rowid "
                 "ORDER BY n.path"),
         }) {
        out += sql + "\n";
        for (const auto& row : store.query(sql).rows) {
            for (const auto& value : row) out += (value ? *value : std::string("∅")) + "|";
            out += "\n";
        }
        out += "\n";
    }
    return out;
}

/// The lines of `a` and `b` that differ (with the query above them), or ""
/// when they are the same: a readable failure.
std::string difference(const std::string& a, const std::string& b) {
    auto split = [](const std::string& s) {
        std::vector<std::string> out;
        std::stringstream in(s);
        for (std::string line; std::getline(in, line);) out.push_back(line);
        return out;
    };
    const std::vector<std::string> x = split(a), y = split(b);
    std::string out;
    std::string query;
    for (std::size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
        const std::string l = i < x.size() ? x[i] : "(none)";
        const std::string r = i < y.size() ? y[i] : "(none)";
        if (l.rfind("SELECT", 0) == 0) query = l;
        if (l != r) out += query.substr(0, 60) + "\n  live:  " + l + "\n  fresh: " + r + "\n";
        if (out.size() > 4000) break;
    }
    return out;
}

std::string lines(const std::vector<Warning>& warnings) {
    std::string out;
    for (const Warning& w : warnings) {
        out += w.path + ":" + std::to_string(w.line) + ":" + std::to_string(w.column) + ": " +
               w.message + "\n";
    }
    return out;
}

class IndexRuns : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "notes-indexer-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        tmp = tmpl;
        vault = tmp / "vault";
        fs::copy(fs::path(NOTES_SOURCE_DIR) / "seeds", vault, fs::copy_options::recursive);
        fs::remove_all(vault / ".notes");
        db = tmp / "live.db";
        fresh_db = tmp / "fresh.db";
        ASSERT_NO_THROW(full());
    }
    void TearDown() override { fs::remove_all(tmp); }

    IndexStats full() {
        IndexOptions options;
        options.vault = vault;
        options.db = db;
        options.threads = 2;
        return run_index(options);
    }

    /// An incremental run told that `paths` changed.
    IndexStats told(const std::vector<std::string>& paths, WarningScope scope = WarningScope::all) {
        IndexOptions options;
        options.vault = vault;
        options.db = db;
        options.threads = 2;
        options.only_paths = paths;
        options.warnings = scope;
        options.list_paths = true;
        return run_index(options);
    }

    IndexStats fresh() {
        fs::remove(fresh_db);
        IndexOptions options;
        options.vault = vault;
        options.db = fresh_db;
        options.threads = 1;
        return run_index(options);
    }

    /// The live index and its warnings are those of a fresh build.
    void expect_fresh(const IndexStats& run, const std::string& step) {
        const IndexStats built = fresh();
        EXPECT_EQ(difference(dump(db), dump(fresh_db)), "") << step;
        EXPECT_EQ(run.seen, built.seen) << step;
        EXPECT_EQ(lines(run.warnings), lines(built.warnings)) << step;
    }

    fs::path tmp, vault, db, fresh_db;
};

constexpr const char* k_sqlite_note = "2026-03-01-sqlite-wal-mode-and-checkpoints.md";

}  // namespace

TEST_F(IndexRuns, ToldOfAnEditParsesOnlyThatNote) {
    write_file(vault / k_sqlite_note,
               read_file(vault / k_sqlite_note) + "\nMore words, [[no-such-note-yet]].\n");
    // Another change the run is not told of stays unseen.
    write_file(vault / "index-tuning.md", read_file(vault / "index-tuning.md") + "\nUnseen.\n");
    const IndexStats s = told({k_sqlite_note}, WarningScope::written);
    EXPECT_FALSE(s.walked_vault);
    EXPECT_EQ(s.parsed, 1u);
    EXPECT_EQ(s.changed, 1u);
    EXPECT_EQ(s.changed_paths, std::vector<std::string>{k_sqlite_note});
    EXPECT_EQ(s.seen, 23u);
    EXPECT_EQ(s.unchanged, 22u);
    // Only the edited note's warnings: the one it has.
    ASSERT_EQ(s.warnings.size(), 1u) << lines(s.warnings);
    EXPECT_EQ(s.warnings[0].path, k_sqlite_note);
    EXPECT_EQ(s.warnings[0].message, "broken link to 'no-such-note-yet'");
    // The next run that walks the vault finds the other edit.
    const IndexStats walked = full();
    EXPECT_EQ(walked.changed, 1u);
    expect_fresh(walked, "after the walk");
}

TEST_F(IndexRuns, NewNamesResolveTheLinksThatNameThem) {
    // A note named like a broken link, a title and an alias that links use,
    // an attachment a link misses, a note in a folder that takes a slug from
    // another: each resolved by the links it concerns only.
    std::vector<std::pair<std::string, std::function<std::vector<std::string>()>>> steps{
        {"a note named like a broken link",
         [&] {
             write_file(vault / "a-note-that-does-not-exist.md", "# Here now\n");
             return std::vector<std::string>{"a-note-that-does-not-exist.md"};
         }},
        {"a title and an alias links use",
         [&] {
             write_file(vault / "n1.md",
                        "---\ntitle: Linked By Title\naliases: [By Alias]\n---\nx\n");
             write_file(vault / "n2.md", "[[linked by title]] [[BY ALIAS]] [[n1#Nope]]\n");
             return std::vector<std::string>{"n1.md", "n2.md"};
         }},
        {"the title changes",
         [&] {
             write_file(vault / "n1.md",
                        "---\ntitle: Another Title\naliases: [By Alias]\n---\nx\n");
             return std::vector<std::string>{"n1.md"};
         }},
        {"the alias goes",
         [&] {
             write_file(vault / "n1.md", "---\ntitle: Another Title\n---\nx\n");
             return std::vector<std::string>{"n1.md"};
         }},
        {"an attachment appears",
         [&] {
             write_file(vault / "n3.md", "![[photo.png]] [[pics/photo.png]]\n");
             write_file(vault / "pics/photo.png", "png");
             return std::vector<std::string>{"n3.md", "pics"};
         }},
        {"a second file of the name",
         [&] {
             write_file(vault / "photo.png", "png");
             return std::vector<std::string>{"photo.png"};
         }},
        {"the attachment goes",
         [&] {
             fs::remove_all(vault / "pics");
             return std::vector<std::string>{"pics"};
         }},
        {"a slug in another folder",
         [&] {
             write_file(vault / "deep/down/index-tuning.md", "# Deeper\n[[index-tuning]]\n");
             return std::vector<std::string>{"deep"};
         }},
        {"a note by its whole .markdown name",
         [&] {
             write_file(vault / "n4.md", "[[x.markdown]] [[sub/x.markdown]] [[../x]]\n");
             write_file(vault / "x.markdown.md", "whole\n");
             return std::vector<std::string>{"n4.md", "x.markdown.md"};
         }},
        {"then the short one",
         [&] {
             write_file(vault / "sub/x.md", "short\n");
             return std::vector<std::string>{"sub/x.md"};
         }},
        {"a note with backlinks deleted",
         [&] {
             fs::remove(vault / "index-tuning.md");
             return std::vector<std::string>{"index-tuning.md"};
         }},
        {"a folder renamed",
         [&] {
             fs::rename(vault / "deep", vault / "shallow");
             return std::vector<std::string>{"deep", "shallow"};
         }},
        {"a note moved into a dot-folder",
         [&] {
             fs::create_directories(vault / ".trash");
             fs::rename(vault / "n2.md", vault / ".trash/n2.md");
             return std::vector<std::string>{"n2.md", ".trash/n2.md"};
         }},
        {"a note only touched",
         [&] {
             ::utimensat(AT_FDCWD, (vault / "n1.md").c_str(), nullptr, 0);
             return std::vector<std::string>{"n1.md"};
         }},
        {"a note replaced by a folder of its name",
         [&] {
             fs::remove(vault / "n3.md");
             write_file(vault / "n3.md/inner.md", "[[n1]]\n");
             return std::vector<std::string>{"n3.md"};
         }},
    };
    for (const auto& [name, change] : steps) {
        const IndexStats s = told(change());
        EXPECT_FALSE(s.walked_vault) << name;
        expect_fresh(s, name);
    }
}

TEST_F(IndexRuns, PathsOutsideTheWalkAreIgnored) {
    write_file(vault / ".notes/config.yaml", "ignore:\n  - drafts/\n");
    ASSERT_NO_THROW(full());
    write_file(vault / "drafts/d.md", "# Draft\n");
    write_file(vault / ".hidden/h.md", "# Hidden\n");
    write_file(vault / ".dotted.md", "# A dot-file note is a note\n");
    const IndexStats s =
        told({"drafts/d.md", "drafts", ".hidden/h.md", ".dotted.md", "../outside.md", "a/../b"});
    EXPECT_EQ(s.added_paths, std::vector<std::string>{".dotted.md"});
    expect_fresh(s, "ignored");
}

TEST_F(IndexRuns, TheWholeVaultIsWalkedWhenItMustBe) {
    // The vault itself named, or a run that parses every note again.
    EXPECT_TRUE(told({""}).walked_vault);
    write_file(vault / ".notes/config.yaml", "keys:\n  tags: [tags, keywords]\n");
    const IndexStats s = told({"index-tuning.md"});
    EXPECT_TRUE(s.walked_vault);
    EXPECT_EQ(s.parsed, 23u);
    expect_fresh(s, "keys changed");
}

TEST_F(IndexRuns, RandomChangesToldOrWalkedGiveTheFreshIndex) {
    // Notes that link to each other by slug, path, title, alias, anchor and
    // attachment, changed at random: created, rewritten, deleted, renamed,
    // moved between folders, touched; attachments and folders too. After
    // each change, an incremental run (told of the paths, or walking the
    // vault) must leave the index a fresh build makes.
    std::mt19937 random(20261207);
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
    const std::vector<std::string> folders{"", "a/", "a/b/", "c/"};
    const std::vector<std::string> slugs{"n0", "n1",         "n2",           "N2",
                                         "n3", "x.markdown", "index-tuning", "café-notes"};
    auto note_text = [&] {
        std::string front;
        if (pick(3) == 0) front += "title: T" + std::to_string(pick(4)) + "\n";
        if (pick(3) == 0) front += "aliases: [A" + std::to_string(pick(4)) + "]\n";
        std::string text = front.empty() ? "" : "---\n" + front + "---\n";
        text += "# Heading " + std::to_string(pick(3)) + "\n\n";
        const std::vector<std::string> links{
            "[[" + slugs[pick(slugs.size())] + "]]",
            "[[T" + std::to_string(pick(4)) + "]]",
            "[[a" + std::to_string(pick(4)) + "]]",
            "[[" + folders[pick(folders.size())] + slugs[pick(slugs.size())] + "]]",
            "[[" + slugs[pick(slugs.size())] + "#Heading " + std::to_string(pick(3)) + "]]",
            "![[img" + std::to_string(pick(3)) + ".png]]",
            "[md](../" + slugs[pick(slugs.size())] + ".md)",
            "[[x]]",
            "[[../n1]]",
        };
        for (int i = 0; i < 4; ++i) text += links[pick(links.size())] + " ";
        // Tags in several spellings, nested and not: the stored tag tree
        // follows renames and moves (its spellings are the first note's in
        // path order).
        const std::vector<std::string> tags{"#x", "#X", "#p/q", "#P/q/r", "#p/s", "#Q"};
        for (std::size_t i = 0, n = pick(3); i < n; ++i) text += tags[pick(tags.size())] + " ";
        return text + "\n";
    };
    auto notes_now = [&] {
        std::vector<std::string> out;
        for (auto it = fs::recursive_directory_iterator(vault);
             it != fs::recursive_directory_iterator(); ++it) {
            if (it->path().filename().string()[0] == '.') {
                if (it->is_directory()) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file() && notes::is_note_file_name(it->path().filename().string())) {
                out.push_back(fs::relative(it->path(), vault).string());
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    for (int step = 0; step < 70; ++step) {
        std::vector<std::string> paths;
        std::string what;
        const std::vector<std::string> existing = notes_now();
        const std::string new_path =
            folders[pick(folders.size())] + slugs[pick(slugs.size())] + ".md";
        switch (pick(8)) {
            case 0:
            case 1:
                what = "write " + new_path;
                write_file(vault / new_path, note_text());
                paths = {new_path};
                break;
            case 2: {
                const std::string& victim = existing[pick(existing.size())];
                what = "delete " + victim;
                fs::remove(vault / victim);
                paths = {victim};
                break;
            }
            case 3: {
                const std::string& from = existing[pick(existing.size())];
                what = "rename " + from + " to " + new_path;
                fs::create_directories((vault / new_path).parent_path());
                fs::rename(vault / from, vault / new_path);
                paths = {from, new_path};
                break;
            }
            case 4: {
                const std::string image =
                    folders[pick(folders.size())] + "img" + std::to_string(pick(3)) + ".png";
                if (fs::exists(vault / image)) {
                    what = "delete " + image;
                    fs::remove(vault / image);
                } else {
                    what = "write " + image;
                    write_file(vault / image, "png");
                }
                paths = {image};
                break;
            }
            case 5:
                if (fs::exists(vault / "a")) {
                    const std::string to = pick(2) == 0 ? "c/moved" : "d";
                    what = "move folder a to " + to;
                    fs::remove_all(vault / to);
                    fs::create_directories((vault / to).parent_path());
                    fs::rename(vault / "a", vault / to);
                    paths = {"a", to};
                } else {
                    what = "delete folder c";
                    fs::remove_all(vault / "c");
                    paths = {"c"};
                }
                break;
            case 6: {
                const std::string& note = existing[pick(existing.size())];
                what = "touch " + note;
                ::utimensat(AT_FDCWD, (vault / note).c_str(), nullptr, 0);
                paths = {note};
                break;
            }
            default: {
                const std::string& note = existing[pick(existing.size())];
                what = "rewrite " + note;
                write_file(vault / note, note_text());
                paths = {note};
                break;
            }
        }
        const bool walk = step % 3 == 2;
        SCOPED_TRACE("step " + std::to_string(step) + ": " + what +
                     (walk ? " (walked)" : " (told)"));
        const IndexStats s = walk ? full() : told(paths);
        expect_fresh(s, what);
        if (HasFailure()) break;
    }
}

// The warnings a run keeps in `meta` for the next one: what is written is
// read back, and anything else is refused (the run then rebuilds the list).
TEST(WarningCache, RoundTripsAndRefusesWhatItDidNotWrite) {
    using notes::index::detail::decode_warnings;
    using notes::index::detail::encode_warnings;
    const std::vector<Warning> warnings{
        {"a.md", 3, 7, "broken link to 'b'"},
        {"d\xc3\xa9j\xc3\xa0/x:y.md", 0, 0, "message with : colons and 12:34"},
        {"", -1, 2147483647, ""},
        {std::string(300, 'p'), -2147483647 - 1, 1, std::string(5000, 'm')},
    };
    const std::string encoded = encode_warnings(warnings);
    const auto decoded = decode_warnings(encoded);
    ASSERT_TRUE(decoded.has_value());
    ASSERT_EQ(decoded->size(), warnings.size());
    for (std::size_t i = 0; i < warnings.size(); ++i) {
        EXPECT_EQ((*decoded)[i].path, warnings[i].path) << i;
        EXPECT_EQ((*decoded)[i].line, warnings[i].line) << i;
        EXPECT_EQ((*decoded)[i].column, warnings[i].column) << i;
        EXPECT_EQ((*decoded)[i].message, warnings[i].message) << i;
    }
    EXPECT_EQ(decode_warnings("")->size(), 0u);
    EXPECT_TRUE(decode_warnings("4:a.md1:31:74:text").has_value());
    for (const char* bad : {
             "4:a.md1:31:7",              // a warning cut short
             "5:a.md1:31:74:text",        // a length past the end of the text
             "4:a.md1:x1:74:text",        // a line that is not a number
             "4:a.md0:1:74:text",         // an empty line number
             "4:a.md1:-1:74:text",        // a lone minus sign
             "4:a.md10:21474836481:74:text",  // a line past the range of int
             "4:a.md2:3a1:74:text",       // a digit then a letter
             "x:a.md1:31:74:text",        // a length that is not a number
             ":a.md1:31:74:text",         // no length
         }) {
        EXPECT_FALSE(decode_warnings(bad).has_value()) << bad;
    }
}
