// End-to-end: `notes config` (the effective settings and their sources),
// `notes init` (a commented example config, never overwritten without
// --force), and the config keys that change what other commands do:
// format, color, keys.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "harness.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

std::vector<std::string> files_under(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        out.push_back(fs::relative(e.path(), dir).generic_string() + (e.is_directory() ? "/" : ""));
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// write_text, creating the directories first.
void write_file(const fs::path& file, const std::string& content) {
    fs::create_directories(file.parent_path());
    write_text(file, content);
}

/// One `"key":{"value":…,"source":…}` member of `notes config --format json`.
std::string member(const std::string& key, const std::string& value_json, const std::string& source) {
    return "\"" + key + "\":{\"value\":" + value_json + ",\"source\":\"" + source + "\"}";
}

TEST(ConfigCommand, DefaultsWithoutAConfigFile) {
    TempDir tmp;
    const auto r = run_notes({"config", "--format", "json"}, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, IsEmpty());
    const std::string vault = tmp.path().string();
    EXPECT_THAT(r.out, StartsWith("{" + member("vault", "\"" + vault + "\"", "current directory") + "," +
                                  member("db", "\"" + vault + "/.notes/index.db\"", "default") + "," +
                                  member("config_file", "null", "default") + "," +
                                  member("color", "\"auto\"", "default") + "," +
                                  member("format", "null", "default") + "," +
                                  member("warnings", "\"summary\"", "default") + "," +
                                  member("dialect", "\"obsidian\"", "default") + "," +
                                  member("ignore", "[]", "default") + "," +
                                  member("follow_symlinks", "false", "default") + "," +
                                  member("keys.title", "[\"title\"]", "default") + "," +
                                  member("keys.date", "[\"date\",\"created\"]", "default") + "," +
                                  member("keys.tags", "[\"tags\",\"tag\",\"keywords\"]", "default") + "," +
                                  member("keys.aliases", "[\"aliases\",\"alias\"]", "default") + ","));
    EXPECT_THAT(r.out, HasSubstr(member("related.explicit", "4", "default")));
    EXPECT_THAT(r.out, HasSubstr(member("related.text", "1.5", "default")));
}

TEST(ConfigCommand, SourcesAreFileLinesEnvironmentAndFlags) {
    TempDir tmp;
    write_file(tmp.path() / ".notes/config.yaml",
               "# comment\n"
               "ignore:\n"
               "  - templates/\n"
               "follow_symlinks: true\n"
               "format: json\n"
               "color: never\n"
               "keys:\n"
               "  tags: [topics, tags]\n"
               "  date: created\n"
               "related:\n"
               "  text: 0.25\n");
    auto r = run_notes({"config"}, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, IsEmpty());
    EXPECT_THAT(r.out, ContainsRegex("\nignore +templates/ +\\.notes/config\\.yaml:2\n"));
    EXPECT_THAT(r.out, ContainsRegex("\nfollow_symlinks +true +\\.notes/config\\.yaml:4\n"));
    EXPECT_THAT(r.out, ContainsRegex("\nformat +json +\\.notes/config\\.yaml:5\n"));
    EXPECT_THAT(r.out, ContainsRegex("\ncolor +never +\\.notes/config\\.yaml:6\n"));
    EXPECT_THAT(r.out, ContainsRegex("\nkeys\\.tags +topics, tags +\\.notes/config\\.yaml:8\n"));
    EXPECT_THAT(r.out, ContainsRegex("\nkeys\\.date +created +\\.notes/config\\.yaml:9\n"));
    EXPECT_THAT(r.out, ContainsRegex("\nkeys\\.title +title +default\n"));
    EXPECT_THAT(r.out, ContainsRegex("\nrelated\\.text +0\\.25 +\\.notes/config\\.yaml:11\n"));
    EXPECT_THAT(r.out, ContainsRegex("\nrelated\\.links +2 +default\n"));
    EXPECT_THAT(r.out, ContainsRegex("^vault +" + tmp.path().string() +
                                     " +current directory \\(holds \\.notes/\\)\n"));

    // A flag beats the file; the environment names the variable.
    const fs::path sub = tmp.path() / "deep/er";
    fs::create_directories(sub);
    r = run_notes({"--color", "always", "--db", "/tmp/x.db", "config", "--format", "json"}, sub,
                  {"NO_COLOR=1"});
    EXPECT_THAT(r.out, HasSubstr(member("vault", "\"" + tmp.path().string() + "\"",
                                        "nearest directory above holding .notes/")));
    EXPECT_THAT(r.out, HasSubstr(member("db", "\"/tmp/x.db\"", "flag --db")));
    EXPECT_THAT(r.out, HasSubstr(member("color", "\"always\"", "flag --color")));
    r = run_notes({"config", "--format", "json"}, sub, {"NOTES_DB=/tmp/y.db", "NOTES_VAULT=" + sub.string()});
    EXPECT_THAT(r.out, HasSubstr(member("vault", "\"" + sub.string() + "\"", "environment NOTES_VAULT")));
    EXPECT_THAT(r.out, HasSubstr(member("db", "\"/tmp/y.db\"", "environment NOTES_DB")));
    // That vault has no config: NO_COLOR decides.
    r = run_notes({"--vault", sub.string(), "config", "--format", "json"}, sub, {"NO_COLOR=1"});
    EXPECT_THAT(r.out, HasSubstr(member("vault", "\"" + sub.string() + "\"", "flag --vault")));
    EXPECT_THAT(r.out, HasSubstr(member("color", "\"never\"", "environment NO_COLOR")));
}

TEST(ConfigCommand, UnknownKeysAndBadValuesAreWarningsWithFileAndLine) {
    TempDir tmp;
    write_file(tmp.path() / ".notes/config.yaml",
               "colour: always\n"
               "color: sometimes\n"
               "format: xml\n"
               "keys:\n"
               "  tag: [x]\n"
               "  date: {a: b}\n"
               "follow_symlinks: maybe\n");
    const auto r = run_notes({"config", "--format", "json"}, tmp.path());
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.err,
              ".notes/config.yaml:1:1: unknown key 'colour'; ignored\n"
              ".notes/config.yaml:2:8: 'color' must be one of auto, always, never; using the default\n"
              ".notes/config.yaml:3:9: 'format' must be one of table, list, json, jsonl, csv, paths; using "
              "the default\n"
              ".notes/config.yaml:5:3: unknown key 'tag' in 'keys' (known: title, date, tags, aliases); "
              "ignored\n"
              ".notes/config.yaml:6:9: 'keys.date' must be a front-matter key or a list of keys; using the "
              "default\n"
              ".notes/config.yaml:7:18: 'follow_symlinks' must be true or false; using the default\n");
    EXPECT_THAT(r.out, HasSubstr(member("color", "\"auto\"", "default")));
    EXPECT_THAT(r.out, HasSubstr(member("keys.date", "[\"date\",\"created\"]", "default")));
}

TEST(InitCommand, WritesACommentedConfigAndNothingElse) {
    TempDir tmp;
    write_file(tmp.path() / "note.md", "# A note\n");
    auto r = run_notes({"init"}, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "Wrote " + (tmp.path() / ".notes/config.yaml").string() + "\nNext: notes index\n");
    EXPECT_THAT(r.err, IsEmpty());
    EXPECT_EQ(files_under(tmp.path()),
              (std::vector<std::string>{".notes/", ".notes/config.yaml", "note.md"}));
    const std::string example = read_text(tmp.path() / ".notes/config.yaml");
    for (const std::string key : {"# ignore:", "# follow_symlinks: false", "# keys:", "#   tags: [tags, tag, keywords]",
                                  "# format: table", "# color: auto", "# warnings: summary", "# related:", "#   explicit: 4"}) {
        EXPECT_THAT(example, HasSubstr(key + "\n")) << key;
    }
    // Every setting is commented out: no warning and every value the default.
    r = run_notes({"config", "--format", "json"}, tmp.path());
    EXPECT_THAT(r.err, IsEmpty());
    EXPECT_THAT(r.out, HasSubstr(member("config_file", "\"" + (tmp.path() / ".notes/config.yaml").string() + "\"",
                                        "found")));
    EXPECT_THAT(r.out, Not(HasSubstr(".notes/config.yaml:")));
    // Uncommented, the example is valid and says what the defaults are.
    std::string uncommented;
    // A setting is "# " then spaces and `key:` or `- item`.
    std::size_t start = 0;
    while (start < example.size()) {
        const auto nl = example.find('\n', start);
        const std::string line = example.substr(start, nl - start);
        start = nl + 1;
        if (line.rfind("# ", 0) != 0) continue;
        const std::string rest = line.substr(2);
        std::size_t i = rest.find_first_not_of(' ');
        if (i == std::string::npos) continue;
        std::size_t j = i;
        while (j < rest.size() && (std::islower(static_cast<unsigned char>(rest[j])) || rest[j] == '_')) ++j;
        const bool key = j > i && j < rest.size() && rest[j] == ':';
        const bool item = rest.compare(i, 2, "- ") == 0;
        if (key || item) uncommented += rest + "\n";
    }
    EXPECT_THAT(uncommented, StartsWith("ignore:\n  - templates/\n"));
    write_file(tmp.path() / "other/.notes/config.yaml", uncommented);
    r = run_notes({"--vault", (tmp.path() / "other").string(), "config", "--format", "json"}, tmp.path());
    EXPECT_THAT(r.err, IsEmpty()) << uncommented;
    EXPECT_THAT(r.out, ContainsRegex("\"keys.tags\":\\{\"value\":\\[\"tags\",\"tag\",\"keywords\"\\],"
                                     "\"source\":\"\\.notes/config\\.yaml:[0-9]+\"\\}"));
    EXPECT_THAT(r.out, HasSubstr("\"color\":{\"value\":\"auto\",\"source\":\".notes/config.yaml:"));
    EXPECT_THAT(r.out, HasSubstr("\"related.explicit\":{\"value\":4,"));
}

TEST(InitCommand, RefusesToOverwriteWithoutForce) {
    TempDir tmp;
    write_file(tmp.path() / ".notes/config.yaml", "ignore: [x/]\n");
    auto r = run_notes({"init"}, tmp.path());
    EXPECT_EQ(r.status, 4);
    EXPECT_THAT(r.out, IsEmpty());
    EXPECT_EQ(r.err, "notes: error: " + (tmp.path() / ".notes/config.yaml").string() +
                         " already exists; --force replaces it with the example\n");
    EXPECT_EQ(read_text(tmp.path() / ".notes/config.yaml"), "ignore: [x/]\n");
    r = run_notes({"-q", "init", "--force"}, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, IsEmpty());
    EXPECT_THAT(read_text(tmp.path() / ".notes/config.yaml"), StartsWith("# Configuration of this notes vault"));
    EXPECT_EQ(files_under(tmp.path()), (std::vector<std::string>{".notes/", ".notes/config.yaml"}));
}

TEST(InitCommand, InitialisesTheDirectoryGivenNotAVaultAbove) {
    TempDir tmp;
    fs::create_directories(tmp.path() / ".notes");
    fs::create_directories(tmp.path() / "sub");
    auto r = run_notes({"init", "sub"}, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::exists(tmp.path() / "sub/.notes/config.yaml"));
    EXPECT_FALSE(fs::exists(tmp.path() / ".notes/config.yaml"));
    fs::create_directories(tmp.path() / "sub2");
    r = run_notes({"init"}, tmp.path() / "sub2");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::exists(tmp.path() / "sub2/.notes/config.yaml"));
    r = run_notes({"init", "missing"}, tmp.path());
    EXPECT_EQ(r.status, 4);
    EXPECT_EQ(r.err, "notes: error: cannot initialise " + (tmp.path() / "missing").string() +
                         ": the folder does not exist\n");
    EXPECT_FALSE(fs::exists(tmp.path() / "missing"));
}

class ConfigEffects : public ::testing::Test {
  protected:
    void SetUp() override {
        vault = copy_vault(seeds_dir(), tmp.path() / "vault");
        ASSERT_EQ(run_notes({"index", "-q"}, vault).status, 0);
    }
    TempDir tmp;
    fs::path vault;
};

TEST_F(ConfigEffects, FormatIsTheDefaultOfTheListingCommandsAndAFlagWins) {
    const auto before = run_notes({"find", "--tag", "db/sqlite"}, vault);
    EXPECT_THAT(before.out, StartsWith("2026-03-01-sqlite-wal-mode-and-checkpoints.md\t"
                                       "2026-03-01-sqlite-wal-mode-and-checkpoints\tSQLite WAL mode and checkpoints\t"));
    write_file(vault / ".notes/config.yaml", "format: paths\n");
    auto r = run_notes({"find", "--tag", "db/sqlite"}, vault);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "2026-03-01-sqlite-wal-mode-and-checkpoints.md\n");
    r = run_notes({"find", "--tag", "db/sqlite", "--format", "list"}, vault);
    EXPECT_EQ(r.out, before.out);
    write_file(vault / ".notes/config.yaml", "format: jsonl\n");
    r = run_notes({"sql", "SELECT 1 AS one"}, vault);
    EXPECT_EQ(r.out, "{\"one\":1}\n");
}

TEST_F(ConfigEffects, ColorFromTheConfigFileAndAFlagWins) {
    write_file(vault / ".notes/config.yaml", "color: always\n");
    auto r = run_notes({"find", "--match", "sqlite", "--format", "table"}, vault, {"NO_COLOR=1"});
    EXPECT_THAT(r.out, HasSubstr("\x1b["));
    r = run_notes({"--color", "never", "find", "--match", "sqlite", "--format", "table"}, vault);
    EXPECT_THAT(r.out, Not(HasSubstr("\x1b[")));
    write_file(vault / ".notes/config.yaml", "color: never\n");
    r = run_notes({"find", "--match", "sqlite", "--format", "table"}, vault);
    EXPECT_THAT(r.out, Not(HasSubstr("\x1b[")));
}

TEST(ConfigKeys, KeyAliasesChooseTheTypedColumnsAndAChangeReparses) {
    TempDir tmp;
    const fs::path v = tmp.path() / "v";
    write_file(v / "n.md",
               "---\ntitle: Plain\nname: Other Title\ntopics: [alpha, beta]\ntags: [gamma]\n"
               "created: 2026-01-02\nwhen: 2025-12-31\nnick: [N1]\n---\nbody\n");
    auto sql = [&](const std::string& q) { return run_notes({"sql", "--format", "csv", q}, v).out; };
    auto r = run_notes({"index", "--json"}, v);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(sql("SELECT title, date FROM notes"), "title,date\r\nPlain,2026-01-02\r\n");
    EXPECT_EQ(sql("SELECT group_concat(tag, ' ') AS t FROM (SELECT tag FROM tags ORDER BY tag)"),
              "t\r\ngamma\r\n");

    write_file(v / ".notes/config.yaml",
               "keys:\n  tags: [topics]\n  title: [name, title]\n  date: when\n  aliases: nick\n");
    r = run_notes({"index", "--json"}, v);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("\"parsed\":1,"));
    EXPECT_THAT(r.err, HasSubstr("the front-matter keys of .notes/config.yaml changed; parsing every note again"));
    EXPECT_EQ(sql("SELECT title, date FROM notes"), "title,date\r\nOther Title,2025-12-31\r\n");
    EXPECT_EQ(sql("SELECT group_concat(tag, ' ') AS t FROM (SELECT tag FROM tags ORDER BY tag)"),
              "t\r\nalpha beta\r\n");
    EXPECT_EQ(run_notes({"find", "--tag", "alpha", "--format", "paths"}, v).out, "n.md\n");
    EXPECT_EQ(run_notes({"find", "--tag", "gamma"}, v).status, 1);
    EXPECT_EQ(run_notes({"show", "N1", "--format", "json"}, v).status, 0);

    // The same mapping again: nothing to parse.
    r = run_notes({"index", "--json"}, v);
    EXPECT_THAT(r.out, HasSubstr("\"parsed\":0,"));
    EXPECT_THAT(r.err, Not(HasSubstr("front-matter keys")));

    // Back to the defaults.
    fs::remove(v / ".notes/config.yaml");
    r = run_notes({"index", "--json"}, v);
    EXPECT_THAT(r.out, HasSubstr("\"parsed\":1,"));
    EXPECT_EQ(sql("SELECT title FROM notes"), "title\r\nPlain\r\n");
}

}  // namespace
