// The full-text index of a fresh build (src/store/fts_aside.cpp): made on a
// thread of its own, its segments merged into one before it is copied in,
// and the same index as FTS5 makes row by row.
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

class FtsBuild : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "notes-fts-build-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        tmp = tmpl;
        vault = tmp / "vault";
        fs::create_directories(vault);
    }
    void TearDown() override { fs::remove_all(tmp); }

    /// Enough text that FTS5's pending terms pass its 8 MiB `hashsize`
    /// several times: 2,500 notes of 700 words from a vocabulary of 30,000.
    void write_large_vault() {
        std::mt19937 random(11);
        std::vector<std::string> vocabulary;
        for (int i = 0; i < 30000; ++i) {
            std::string word;
            for (int n = i; word.size() < 3 || n > 0; n /= 26) word += static_cast<char>('a' + n % 26);
            vocabulary.push_back(word + "x");
        }
        for (int i = 0; i < 2500; ++i) {
            std::string body;
            for (int w = 0; w < 700; ++w) {
                body += vocabulary[random() % vocabulary.size()];
                body += (w % 15 == 14) ? ".\n\n" : " ";
            }
            std::ofstream(vault / ("n" + std::to_string(i) + ".md"))
                << "---\ntitle: note " << i << "\n---\n" << body << (i % 10 == 0 ? "marker\n" : "") << "\n";
        }
    }

    fs::path index() const { return tmp / "index.db"; }

    void run() const {
        IndexOptions options;
        options.vault = vault;
        options.db = index();
        run_index(options);
    }

    fs::path tmp, vault;
};

TEST_F(FtsBuild, AFreshBuildsIndexIsOneSegmentAndWhole) {
    write_large_vault();
    run();
    IndexStore store(index(), IndexStore::Mode::read_write);
    EXPECT_EQ(store.query("SELECT count(DISTINCT segid) FROM notes_fts_idx").rows.at(0).at(0), "1");
    // FTS5's own check of the index against its content.
    EXPECT_NO_THROW(store.query("INSERT INTO notes_fts (notes_fts) VALUES ('integrity-check')"));
    EXPECT_EQ(store.query("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'marker'").rows.at(0).at(0), "250");
    EXPECT_EQ(store.query("SELECT count(*) FROM notes_fts").rows.at(0).at(0), "2500");
}

}  // namespace
