// End-to-end: what every command shares — --version, --help with examples,
// the man page generated from the same definitions, and colour (--color,
// NO_COLOR).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <set>

#include "harness.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;

namespace {

/// The commands `notes --help` lists, read from its "Subcommands:" section.
std::vector<std::string> listed_commands() {
    const auto r = run_notes({"--help"}, fs::temp_directory_path());
    EXPECT_EQ(r.status, 0);
    std::vector<std::string> out;
    const auto at = r.out.find("Subcommands:");
    EXPECT_NE(at, std::string::npos) << r.out;
    if (at == std::string::npos) return out;
    // Lines "  name   summary" after the heading. (No std::regex: GCC 12
    // warns inside it under the sanitizers.)
    std::size_t pos = r.out.find('\n', at);
    while (pos != std::string::npos && r.out.compare(pos + 1, 2, "  ") == 0) {
        const std::size_t start = pos + 3;
        std::size_t end = start;
        while (end < r.out.size() && (std::islower(static_cast<unsigned char>(r.out[end])) || r.out[end] == '-')) ++end;
        if (end > start) out.push_back(r.out.substr(start, end - start));
        pos = r.out.find('\n', start);
    }
    return out;
}

/// Every --long flag in a help text.
std::set<std::string> long_flags(const std::string& help) {
    std::set<std::string> out;
    auto flag_char = [](char c) { return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'; };
    for (std::size_t at = help.find("--"); at != std::string::npos; at = help.find("--", at + 2)) {
        if (at > 0 && flag_char(help[at - 1])) continue;
        if (at + 2 >= help.size() || !std::islower(static_cast<unsigned char>(help[at + 2]))) continue;
        std::size_t end = at + 2;
        while (end < help.size() && flag_char(help[end])) ++end;
        out.insert(help.substr(at, end - at));
    }
    return out;
}

std::string roff_escaped(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '-') out += "\\";
        out.push_back(c);
    }
    return out;
}

TEST(Conventions, VersionNamesNotesAndEveryLibrary) {
    const auto r = run_notes({"--version"}, fs::temp_directory_path());
    EXPECT_EQ(r.status, 0);
    EXPECT_THAT(r.err, IsEmpty());
    EXPECT_THAT(r.out, MatchesRegex("notes [0-9]+\\.[0-9]+\\.[0-9]+\n"
                                    "SQLite 3\\.[0-9.]+, yaml-cpp [0-9]+\\.[0-9.]+, cmark-gfm [0-9a-z.]+, "
                                    "fmt [0-9]+\\.[0-9]+\\.[0-9]+, CLI11 [0-9.]+, utf8proc [0-9.]+, "
                                    "xxHash [0-9]+\\.[0-9]+\\.[0-9]+, nlohmann/json [0-9]+\\.[0-9]+\\.[0-9]+\n"));
}

TEST(Conventions, ListedCommandsAreTheDocumentedOnes) {
    EXPECT_THAT(listed_commands(),
                ::testing::ElementsAre("index", "watch", "find", "show", "tags", "related", "report", "graph", "sql",
                                       "mcp", "completion", "config", "init"));
}

TEST(Conventions, EveryCommandHelpHasAnExample) {
    for (const auto& command : listed_commands()) {
        const auto r = run_notes({command, "--help"}, fs::temp_directory_path());
        EXPECT_EQ(r.status, 0) << command;
        EXPECT_THAT(r.out, ContainsRegex("Examples?:\n  [^\n]*notes " + command)) << command;
    }
}

TEST(Conventions, ManPageHasEveryCommandFlagExitStatusAndFile) {
    const auto r = run_notes({"__man"}, fs::temp_directory_path());
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string& page = r.out;
    EXPECT_THAT(page, HasSubstr(".TH NOTES 1"));
    // Every command and every long flag its --help shows (and the global ones).
    const std::set<std::string> global_flags = long_flags(run_notes({"--help"}, fs::temp_directory_path()).out);
    EXPECT_EQ(global_flags, (std::set<std::string>{"--color", "--db", "--help", "--quiet", "--vault", "--verbose",
                                                   "--version"}));
    EXPECT_THAT(long_flags(run_notes({"find", "--help"}, fs::temp_directory_path()).out),
                ::testing::IsSupersetOf({"--tag", "--not-tag", "--format", "--links-to", "--reverse"}));
    for (const auto& flag : global_flags) {
        EXPECT_THAT(page, HasSubstr("\\fB" + roff_escaped(flag) + "\\fR")) << flag;
    }
    for (const auto& command : listed_commands()) {
        EXPECT_THAT(page, HasSubstr(".SS \"notes " + command)) << command;
        const auto help = run_notes({command, "--help"}, fs::temp_directory_path());
        for (const auto& flag : long_flags(help.out)) {
            EXPECT_THAT(page, HasSubstr("\\fB" + roff_escaped(flag) + "\\fR")) << command << " " << flag;
        }
    }
    for (const std::string status : {"0", "1", "2", "3", "4", "75"}) {
        EXPECT_THAT(page, HasSubstr(".TP\n.B " + status + "\n")) << status;
    }
    for (const std::string name : {"NOTES_VAULT", "NOTES_DB", "NO_COLOR", "index.db", "config.yaml",
                                   "index.db.lock"}) {
        EXPECT_THAT(page, HasSubstr(name)) << name;
    }
}

TEST(Conventions, ManPageRendersWithMan) {
    if (!have_program("man")) GTEST_SKIP() << "man is not installed";
    TempDir tmp;
    write_text(tmp.path() / "notes.1", run_notes({"__man"}, tmp.path()).out);
    const auto r = run_program({"man", "-l", (tmp.path() / "notes.1").string()}, tmp.path(),
                               {"MANPAGER=cat", "PAGER=cat", "MANWIDTH=100", "LANG=C.UTF-8"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, IsEmpty());
    EXPECT_THAT(r.out, HasSubstr("EXIT STATUS"));
    EXPECT_THAT(r.out, HasSubstr("notes find"));
    EXPECT_THAT(r.out, HasSubstr("--not-tag T"));
    EXPECT_THAT(r.out, HasSubstr("NOTES_DB"));
}

class Colour : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp = std::make_unique<TempDir>();
        vault = copy_vault(seeds_dir(), tmp->path() / "vault");
        ASSERT_EQ(run_notes({"--vault", vault.string(), "index", "-q"}, tmp->path()).status, 0);
    }
    static void TearDownTestSuite() { tmp.reset(); }
    static bool coloured(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
        args.insert(args.begin(), {"--vault", vault.string()});
        const auto r = run_notes(args, tmp->path(), env);
        EXPECT_EQ(r.status, 0) << r.err;
        return r.out.find("\x1b[") != std::string::npos;
    }
    static inline std::unique_ptr<TempDir> tmp;
    static inline fs::path vault;
};

TEST_F(Colour, ColorFlagAndNoColorRuleEveryColouredOutput) {
    // Not a terminal: no colour unless asked for.
    const std::vector<std::vector<std::string>> commands = {
        {"find", "--match", "sqlite", "--format", "table"},
        {"report", "--section", "broken-links"},
        {"show", "index-tuning.md"},
    };
    for (auto args : commands) {
        EXPECT_FALSE(coloured(args)) << args.front();
        auto always = args;
        always.insert(always.begin(), {"--color", "always"});
        EXPECT_TRUE(coloured(always)) << args.front();
        // The flag is global: after the command too.
        auto after = args;
        after.insert(after.end(), {"--color", "always"});
        EXPECT_TRUE(coloured(after)) << args.front();
        // An explicit --color always wins over NO_COLOR.
        EXPECT_TRUE(coloured(always, {"NO_COLOR=1"})) << args.front();
        auto never = args;
        never.insert(never.begin(), {"--color", "never"});
        EXPECT_FALSE(coloured(never)) << args.front();
    }
}

TEST_F(Colour, BadColorValueIsAUsageError) {
    const auto r = run_notes({"--color", "sometimes", "tags"}, tmp->path());
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("--color"));
    EXPECT_THAT(r.out, IsEmpty());
}

}  // namespace
