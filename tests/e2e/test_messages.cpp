// End-to-end: the messages a person reads when something is wrong — a typo
// in a command, flag or value, a vault that is not there — each with its
// exact text and exit status, as docs/cli.md lists them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

struct UsageCase {
    std::vector<std::string> args;
    std::string err;
};

}  // namespace

TEST(UsageMessages, EveryParseErrorNamesTheCommandTheProblemAndTheHelp) {
    TempDir tmp;
    const std::string formats = "(valid: table, list, json, jsonl, csv, paths)";
    const std::vector<UsageCase> cases{
        // Commands
        {{"fnid"}, "notes: unknown command 'fnid' — did you mean 'find'?\nSee `notes --help`.\n"},
        {{"Find"}, "notes: unknown command 'Find' — did you mean 'find'?\nSee `notes --help`.\n"},
        {{"rep"}, "notes: unknown command 'rep' — did you mean 'report'?\nSee `notes --help`.\n"},
        {{"--vault", "x", "fnid", "--tag", "a"},
         "notes: unknown command 'fnid' — did you mean 'find'?\nSee `notes --help`.\n"},
        {{"help", "fnid"}, "notes: unknown command 'fnid' — did you mean 'find'?\nSee `notes --help`.\n"},
        {{},
         "notes: no command given (commands: index, watch, find, show, tags, related, report, graph, sql, "
         "mcp, completion, config, init)\nSee `notes --help`.\n"},
        // Flags
        {{"find", "--tga", "x"},
         "notes find: unknown flag '--tga' — did you mean '--tag'?\nSee `notes find --help`.\n"},
        {{"find", "--tga=x"},
         "notes find: unknown flag '--tga' — did you mean '--tag'?\nSee `notes find --help`.\n"},
        {{"find", "-tag", "sql"},
         "notes find: unknown flag '-tag' — did you mean '--tag'?\nSee `notes find --help`.\n"},
        {{"find", "--form", "json"},
         "notes find: unknown flag '--form' — did you mean '--format'?\nSee `notes find "
         "--help`.\n"},
        {{"find", "--hepl"},
         "notes find: unknown flag '--hepl' — did you mean '--help'?\nSee `notes find --help`.\n"},
        {{"find", "-x"}, "notes find: unknown flag '-x'\nSee `notes find --help`.\n"},
        {{"--colr", "never", "find"},
         "notes find: unknown flag '--colr' — did you mean '--color'?\nSee `notes find --help`.\n"},
        {{"--colr", "never"},
         "notes: unknown flag '--colr' — did you mean '--color'?\nSee `notes --help`.\n"},
        {{"tags", "--tag", "x"},
         "notes tags: unknown flag '--tag' (notes find and notes graph take it)\nSee `notes tags "
         "--help`.\n"},
        {{"show", "x", "--explain"},
         "notes show: unknown flag '--explain' (notes related takes it)\nSee `notes show "
         "--help`.\n"},
        // Values of flags with a fixed set
        {{"find", "--format", "tabel"},
         "notes find: invalid --format 'tabel' — did you mean 'table'? " + formats +
             "\nSee `notes find --help`.\n"},
        {{"find", "--format", "xml"},
         "notes find: invalid --format 'xml' " + formats + "\nSee `notes find --help`.\n"},
        {{"find", "--sort", "dat"},
         "notes find: invalid --sort 'dat' — did you mean 'date'? (valid: date, title, path, "
         "modified, rank, "
         "words)\nSee `notes find --help`.\n"},
        {{"tags", "--sort", "nme"},
         "notes tags: invalid --sort 'nme' — did you mean 'name'? (valid: count, name)\nSee `notes "
         "tags --help`.\n"},
        {{"tags", "--format", "paths"},
         "notes tags: invalid --format 'paths' (valid: table, list, json, jsonl, csv)\nSee `notes "
         "tags --help`.\n"},
        {{"sql", "SELECT 1", "--format", "jsn"},
         "notes sql: invalid --format 'jsn' — did you mean 'json'? " + formats +
             "\nSee `notes sql --help`.\n"},
        {{"report", "--section", "broken-link"},
         "notes report: invalid --section 'broken-link' — did you mean 'broken-links'? (valid: "
         "overview, "
         "activity, tags, domains, statuses, broken-links, orphans, front-matter, duplicates, "
         "encoding, "
         "reading-queue)\nSee `notes report --help`.\n"},
        {{"report", "--section", "overview,orphan"},
         "notes report: invalid --section 'orphan' — did you mean 'orphans'? (valid: overview, "
         "activity, tags, "
         "domains, statuses, broken-links, orphans, front-matter, duplicates, encoding, "
         "reading-queue)\n"
         "See `notes report --help`.\n"},
        {{"report", "--format", "htm"},
         "notes report: invalid --format 'htm' — did you mean 'html'? (valid: text, markdown, md, "
         "json, html)\n"
         "See `notes report --help`.\n"},
        {{"graph", "--format", "dott"},
         "notes graph: invalid --format 'dott' — did you mean 'dot'? (valid: dot, json, graphml, "
         "mermaid)\n"
         "See `notes graph --help`.\n"},
        {{"show", "x", "--format", "table"},
         "notes show: invalid --format 'table' (valid: text, json)\nSee `notes show --help`.\n"},
        {{"config", "--format", "yaml"},
         "notes config: invalid --format 'yaml' (valid: text, json)\nSee `notes config --help`.\n"},
        {{"--color", "nevr", "find"},
         "notes find: invalid --color 'nevr' — did you mean 'never'? (valid: always, auto, never)\n"
         "See `notes find --help`.\n"},
        {{"completion", "fsh"},
         "notes completion: invalid SHELL 'fsh' — did you mean 'zsh' or 'fish'? (valid: bash, zsh, "
         "fish)\n"
         "See `notes completion --help`.\n"},
        // Numbers
        {{"find", "--limit", "abc"},
         "notes find: invalid --limit 'abc': expected a whole number of at least 1\nSee `notes "
         "find --help`.\n"},
        {{"find", "--limit", "0"},
         "notes find: invalid --limit '0': expected a whole number of at least 1\nSee `notes find "
         "--help`.\n"},
        {{"related", "x", "-n", "2.5"},
         "notes related: invalid --limit '2.5': expected a whole number of at least 1\n"
         "See `notes related --help`.\n"},
        {{"report", "--limit", "x"},
         "notes report: invalid --limit 'x': expected a whole number of at least 0\nSee `notes "
         "report --help`.\n"},
        {{"graph", "--depth", "-1"},
         "notes graph: invalid --depth '-1': expected a whole number of at least 0\nSee `notes "
         "graph --help`.\n"},
        {{"index", "--threads", "many"},
         "notes index: invalid --threads 'many': expected a whole number of at least 0\n"
         "See `notes index --help`.\n"},
        {{"index", "--wait", "soon"},
         "notes index: invalid --wait 'soon': expected a number of at least 0\nSee `notes index "
         "--help`.\n"},
        // Missing and extra arguments
        {{"find", "--limit"},
         "notes find: --limit needs a value (--limit N)\nSee `notes find --help`.\n"},
        {{"find", "--tag"},
         "notes find: --tag needs a value (--tag T)\nSee `notes find --help`.\n"},
        {{"related", "x", "--limit"},
         "notes related: --limit needs a value (--limit N)\nSee `notes related --help`.\n"},
        {{"--vault"}, "notes: --vault needs a value (--vault DIR)\nSee `notes --help`.\n"},
        {{"show"}, "notes show: missing argument NOTE\nSee `notes show --help`.\n"},
        {{"sql"}, "notes sql: missing argument QUERY\nSee `notes sql --help`.\n"},
        {{"show", "My", "Note"},
         "notes show: unexpected argument 'Note' (NOTE is one argument: quote it if it holds "
         "spaces)\n"
         "See `notes show --help`.\n"},
        {{"find", "sql"},
         "notes find: unexpected argument 'sql' (find takes no arguments, only flags)\nSee `notes "
         "find --help`.\n"},
        {{"index", "--full", "--rebuild"},
         "notes index: --full and --rebuild cannot be used together\nSee `notes index --help`.\n"},
    };
    for (const auto& c : cases) {
        std::string shown = "notes";
        for (const auto& a : c.args) shown += " " + a;
        const auto r = run_notes(c.args, tmp.path());
        EXPECT_EQ(r.status, 2) << shown;
        EXPECT_EQ(r.err, c.err) << shown;
        EXPECT_THAT(r.out, IsEmpty()) << shown;
    }
}

TEST(UsageMessages, HelpAndVersionStillSucceed) {
    TempDir tmp;
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--help"},
                                                 {"--version"},
                                                 {"find", "--help"},
                                                 {"report", "-h"}}) {
        const auto r = run_notes(args, tmp.path());
        EXPECT_EQ(r.status, 0) << args.front();
        EXPECT_THAT(r.err, IsEmpty());
        EXPECT_FALSE(r.out.empty());
    }
}

TEST(UsageMessages, HelpCommandIsTheHelpFlag) {
    TempDir tmp;
    const auto help = run_notes({"help"}, tmp.path());
    EXPECT_EQ(help.status, 0);
    EXPECT_EQ(help.out, run_notes({"--help"}, tmp.path()).out);
    const auto find_help = run_notes({"help", "find"}, tmp.path());
    EXPECT_EQ(find_help.status, 0);
    EXPECT_EQ(find_help.out, run_notes({"find", "--help"}, tmp.path()).out);
    EXPECT_THAT(find_help.out, HasSubstr("--tag"));
}

TEST(UsageMessages, ValuesStillAcceptedAsBefore) {
    // Case-insensitive values stay so; '_' still names a report section.
    TempDir tmp;
    const fs::path vault = copy_vault(seeds_dir(), tmp.path() / "vault");
    ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path()).status, 0);
    for (const std::vector<std::string>& args : {
             std::vector<std::string>{"--color", "NEVER", "tags"},
             {"graph", "--format", "DOT"},
             {"report", "--format", "HTML"},
             {"report", "--section", "broken_links,orphans", "--limit", "0"},
             {"find", "-rn", "2"},
             {"index", "--wait", "0.5", "--threads", "1", "-q", "--warnings", "none"},
         }) {
        std::vector<std::string> full{"--vault", vault.string()};
        full.insert(full.end(), args.begin(), args.end());
        const auto r = run_notes(full, tmp.path());
        EXPECT_EQ(r.status, 0) << args.front() << ": " << r.err;
        EXPECT_THAT(r.err, IsEmpty()) << args.front();
    }
}

TEST(VaultMessages, AVaultThatIsNotThereIsSaidSoNotNoIndex) {
    TempDir tmp;
    const std::string missing = (tmp.path() / "nonexistent").string();
    const fs::path file = tmp.path() / "notes.txt";
    write_text(file, "not a folder\n");
    struct Case {
        std::vector<std::string> args;
        std::vector<std::string> env;
        std::string err;
    };
    const std::vector<Case> cases{
        {{"--vault", missing, "find", "--tag", "x"},
         {},
         "notes: error: the vault folder " + missing + " does not exist (given by --vault)\n"},
        {{"find", "--tag", "x"},
         {"NOTES_VAULT=" + missing},
         "notes: error: the vault folder " + missing + " does not exist (given by $NOTES_VAULT)\n"},
        {{"--vault", file.string(), "report"},
         {},
         "notes: error: the vault " + file.string() +
             " is a file, not a folder (given by --vault)\n"},
        {{"--vault", missing, "show", "x"},
         {},
         "notes: error: the vault folder " + missing + " does not exist (given by --vault)\n"},
        {{"--vault", missing, "sql", "SELECT 1"},
         {},
         "notes: error: the vault folder " + missing + " does not exist (given by --vault)\n"},
        {{"--vault", missing, "index"},
         {},
         "notes: error: cannot index " + missing +
             ": the folder does not exist (given by --vault)\n"},
        {{"index"},
         {"NOTES_VAULT=" + missing},
         "notes: error: cannot index " + missing +
             ": the folder does not exist (given by $NOTES_VAULT)\n"},
        {{"--vault", file.string(), "index", "--json"},
         {},
         "notes: error: cannot index " + file.string() +
             ": it is a file, not a folder (given by --vault)\n"},
    };
    for (const auto& c : cases) {
        std::string shown = "notes";
        for (const auto& a : c.args) shown += " " + a;
        const auto r = run_notes(c.args, tmp.path(), c.env);
        EXPECT_EQ(r.status, 4) << shown;
        EXPECT_EQ(r.err, c.err) << shown;
        EXPECT_THAT(r.out, IsEmpty()) << shown;
    }
    // Nothing was created on the way.
    EXPECT_FALSE(fs::exists(missing));
}

TEST(VaultMessages, AVaultWithoutAnIndexStillSaysRunIndexFirst) {
    TempDir tmp;
    const auto r = run_notes({"--vault", tmp.path().string(), "find", "--tag", "x"}, tmp.path());
    EXPECT_EQ(r.status, 4);
    EXPECT_EQ(r.err, "notes: error: no index at " + (tmp.path() / ".notes/index.db").string() +
                         "; run `notes index` first\n");
}

TEST(VaultMessages, ConfigShowsAMissingVaultAndCompletionStaysSilent) {
    TempDir tmp;
    const std::string missing = (tmp.path() / "gone").string();
    auto r = run_notes({"--vault", missing, "config"}, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, ::testing::ContainsRegex("^vault +" + missing +
                                                " \\(no such folder\\) +flag --vault\n"));
    r = run_notes({"--vault", missing, "__complete", "tags", ""}, tmp.path());
    EXPECT_EQ(r.status, 0);
    EXPECT_THAT(r.out, IsEmpty());
    EXPECT_THAT(r.err, IsEmpty());
}
