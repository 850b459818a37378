// notes_bm25() (src/store/text_rank.cpp) against FTS5's own bm25(): the same
// double for every matching row, whatever the query's shape and whichever
// order the rows come in.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "notes/index/indexer.hpp"
#include "notes/store/index_store.hpp"

namespace fs = std::filesystem;
using notes::index::IndexOptions;
using notes::index::run_index;
using notes::store::IndexStore;

namespace {

class TextRank : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        std::string tmpl = (fs::temp_directory_path() / "notes-text-rank-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        s_tmp = tmpl;
        const fs::path vault = s_tmp / "vault";
        fs::create_directories(vault);
        // Notes of very different lengths, over a small vocabulary so that
        // words repeat within and across notes; some note ids missing from
        // the middle (the docsize cursor must skip), a title weighted 10.
        const char* words[] = {"query", "plan",  "index", "sqlite", "cache", "page",
                               "join",  "scan",  "tree",  "vacuum", "wal",   "lock"};
        std::mt19937 random(7);
        for (int i = 0; i < 300; ++i) {
            std::string body;
            const int length = 1 + static_cast<int>(random() % (i % 7 == 0 ? 400 : 40));
            for (int w = 0; w < length; ++w) {
                body += words[random() % 12];
                body += (w % 13 == 12) ? ".\n\n" : " ";
            }
            std::string title = std::string(words[random() % 12]) + " " + words[random() % 12];
            std::ofstream(vault / ("n" + std::to_string(i) + ".md"))
                << "---\ntitle: " << title << "\n---\n" << body << "\n";
        }
        IndexOptions options;
        options.vault = vault;
        options.db = s_tmp / "index.db";
        options.threads = 1;
        run_index(options);
        // Holes in the ids: an incremental run removes every fifth note.
        for (int i = 0; i < 300; i += 5) fs::remove(vault / ("n" + std::to_string(i) + ".md"));
        run_index(options);
    }
    static void TearDownTestSuite() { fs::remove_all(s_tmp); }

    static fs::path s_tmp;
};
fs::path TextRank::s_tmp;

TEST_F(TextRank, EqualsBm25OnEveryRowOfEveryQueryShape) {
    IndexStore store(s_tmp / "index.db", IndexStore::Mode::read_only);
    const char* queries[] = {
        "query",         "query plan",        "\"query plan\"",       "query OR vacuum",
        "query NOT plan", "NEAR(query plan, 2)", "title: query",       "title: sqlite plan",
        "{title body}: wal", "ind*",           "(cache OR page) AND lock", "zzz OR wal",
    };
    const char* orders[] = {"", " ORDER BY rowid DESC", " ORDER BY rank", " ORDER BY random()"};
    for (const char* q : queries) {
        for (const char* order : orders) {
            const auto rows = store.query(
                std::string("SELECT bm25(notes_fts, 10.0, 1.0) = notes_bm25(notes_fts, 10.0, 1.0),"
                            " bm25(notes_fts) = notes_bm25(notes_fts), notes_bm25(notes_fts, 10.0, 1.0) < 0"
                            " FROM notes_fts WHERE notes_fts MATCH ?") +
                    order,
                {std::string(q)});
            if (std::string(q) != "zzz OR wal") {
                EXPECT_GT(rows.rows.size(), 3u) << q;
            }
            for (const auto& row : rows.rows) {
                ASSERT_EQ(row[0], "1") << q << order;
                ASSERT_EQ(row[1], "1") << q << order;
                ASSERT_EQ(row[2], "1") << q << order;
            }
        }
    }
}

TEST_F(TextRank, RanksTheSameNotesInTheSameOrder) {
    IndexStore store(s_tmp / "index.db", IndexStore::Mode::read_only);
    for (const char* q : {"query plan", "sqlite OR wal", "title: cache"}) {
        const auto ours = store.query(
            "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? ORDER BY notes_bm25(notes_fts, 10.0, 1.0), rowid",
            {std::string(q)});
        const auto theirs = store.query(
            "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? ORDER BY bm25(notes_fts, 10.0, 1.0), rowid",
            {std::string(q)});
        EXPECT_FALSE(ours.rows.empty()) << q;
        EXPECT_EQ(ours.rows, theirs.rows) << q;
    }
}

}  // namespace
