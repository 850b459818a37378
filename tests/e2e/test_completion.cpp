// End-to-end: the shell completions of `notes completion bash|zsh|fish`,
// sourced in the real shells and asked for completions the way the shells
// ask, on an indexed copy of seeds/; and `notes __complete`, which they call
// for tags, domains and note names. seeds/ has the tags scaling,
// schema-design, sql, sqlalchemy, sqlite and support-analytics starting with
// "s", the domains SQL, SQLite and Python, and a note "My Note".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "harness.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

using Lines = std::vector<std::string>;

Lines lines_of(const std::string& text) {
    Lines out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

/// `s` in single quotes for bash, zsh and fish alike (no \ inside).
std::string single_quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

class Completion : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp = std::make_unique<TempDir>();
        vault = copy_vault(seeds_dir(), tmp->path() / "vault");
        const auto r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp->path());
        ASSERT_EQ(r.status, 0) << r.err;
        for (const std::string shell : {"bash", "zsh", "fish"}) {
            const auto s = run_notes({"completion", shell}, tmp->path());
            ASSERT_EQ(s.status, 0) << s.err;
            ASSERT_THAT(s.err, IsEmpty());
            write_text(tmp->path() / ("notes." + shell), s.out);
        }
    }
    static void TearDownTestSuite() { tmp.reset(); }

    /// The environment of a user who has notes in PATH.
    static std::vector<std::string> user_env() {
        const char* path = std::getenv("PATH");
        return {"PATH=" + notes_binary_dir().string() + ":" + (path ? path : "/usr/bin:/bin"),
                "HOME=" + tmp->path().string(), "XDG_CONFIG_HOME=" + (tmp->path() / "xdg").string(),
                "XDG_DATA_HOME=" + (tmp->path() / "xdg").string()};
    }

    /// What bash completes for `words` (the last one being completed), with
    /// the script sourced after bash-completion when it is installed.
    static Lines bash(const Lines& words, const fs::path& cwd = vault) {
        std::string script;
        script += "[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion\n";
        script += ". " + single_quoted((tmp->path() / "notes.bash").string()) + "\n";
        script += "COMP_WORDS=(";
        std::string line;
        for (const auto& w : words) {
            script += single_quoted(w) + " ";
            line += (line.empty() ? "" : " ") + w;
        }
        script += ")\nCOMP_CWORD=" + std::to_string(words.size() - 1) + "\n";
        script += "COMP_LINE=" + single_quoted(line) + "\nCOMP_POINT=${#COMP_LINE}\n";
        script += "_notes notes \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n";
        script += "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        const auto r = run_program({"bash", "--norc", "--noprofile", "-c", script}, cwd, user_env());
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_THAT(r.err, IsEmpty());
        Lines out = lines_of(r.out);
        if (out == Lines{""}) out.clear();
        return out;
    }

    /// What fish completes for the command line `line`, candidates only.
    static Lines fish(const std::string& line, const fs::path& cwd = vault) {
        const std::string script = "source " + single_quoted((tmp->path() / "notes.fish").string()) +
                                   "; complete -C " + single_quoted(line);
        const auto r = run_program({"fish", "--no-config", "-c", script}, cwd, user_env());
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_THAT(r.err, IsEmpty());
        Lines out;
        for (auto& l : lines_of(r.out)) out.push_back(l.substr(0, l.find('\t')));
        return out;
    }

    static RunResult zsh(const std::string& script) {
        return run_program({"zsh", "-f", "-c", script}, vault, user_env());
    }

    static inline std::unique_ptr<TempDir> tmp;
    static inline fs::path vault;
};

TEST_F(Completion, CompleteListsTagsDomainsAndNotesFromTheIndex) {
    auto r = run_notes({"__complete", "tags", "s"}, vault);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "scaling\nschema-design\nsql\nsqlalchemy\nsqlite\nsupport-analytics\n");
    EXPECT_THAT(r.err, IsEmpty());
    // Case-insensitive prefixes; LIKE wildcards are literal.
    EXPECT_EQ(run_notes({"__complete", "tags", "DB/"}, vault).out, "db/sqlite\n");
    EXPECT_EQ(run_notes({"__complete", "tags", "s%"}, vault).out, "");
    EXPECT_EQ(run_notes({"__complete", "domains", "s"}, vault).out, "SQL\nSQLite\n");
    // The spelling that starts with the prefix as typed, when a tag has several.
    EXPECT_EQ(run_notes({"__complete", "tags", "SQ"}, vault).out, "SQL\nsqlalchemy\nsqlite\n");
    EXPECT_EQ(run_notes({"__complete", "domains", ""}, vault).out, "Python\nSQL\nSQLite\n");
    // Slugs once each, though index-tuning is the slug of two notes.
    EXPECT_EQ(run_notes({"__complete", "notes", "index"}, vault).out, "index-tuning\n");
    // A prefix that looks like a flag, after --.
    EXPECT_EQ(run_notes({"__complete", "tags", "--", "-x"}, vault).out, "");
}

TEST_F(Completion, CompleteIsSilentAndSucceedsWithoutAnIndex) {
    TempDir empty;
    for (const std::string source : {"tags", "domains", "notes"}) {
        const auto r = run_notes({"__complete", source, "s"}, empty.path());
        EXPECT_EQ(r.status, 0) << source;
        EXPECT_THAT(r.out, IsEmpty());
        EXPECT_THAT(r.err, IsEmpty());
    }
}

TEST_F(Completion, CompleteIsHiddenFromHelp) {
    const auto r = run_notes({"--help"}, vault);
    EXPECT_EQ(r.status, 0);
    EXPECT_THAT(r.out, HasSubstr("completion"));
    EXPECT_THAT(r.out, ::testing::Not(HasSubstr("__complete")));
    EXPECT_THAT(r.out, ::testing::Not(HasSubstr("__man")));
}

TEST_F(Completion, UnknownShellIsAUsageError) {
    const auto r = run_notes({"completion", "tcsh"}, vault);
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Completion, BashCompletesCommandsFlagsAndFormats) {
    EXPECT_THAT(bash({"notes", ""}), ElementsAre("index", "watch", "find", "show", "tags", "related", "report",
                                                 "graph", "sql", "mcp", "completion", "config", "init"));
    EXPECT_THAT(bash({"notes", "re"}), ElementsAre("related", "report"));
    EXPECT_THAT(bash({"notes", "--co"}), ElementsAre("--color"));
    EXPECT_THAT(bash({"notes", "--color", ""}), ElementsAre("always", "auto", "never"));
    EXPECT_THAT(bash({"notes", "find", "--for"}), ElementsAre("--format"));
    EXPECT_THAT(bash({"notes", "find", "--format", "j"}), ElementsAre("json", "jsonl"));
    EXPECT_THAT(bash({"notes", "find", "--format", "=", "c"}), ElementsAre("csv"));
    EXPECT_THAT(bash({"notes", "tags", "--sort", ""}), ElementsAre("count", "name"));
    EXPECT_THAT(bash({"notes", "completion", ""}), ElementsAre("bash", "zsh", "fish"));
    // A global flag after the command (CLI11 lets them through).
    EXPECT_THAT(bash({"notes", "show", "--vau"}), ElementsAre("--vault"));
    // The value of --limit is a number: nothing to offer.
    EXPECT_THAT(bash({"notes", "find", "--limit", ""}), IsEmpty());
}

TEST_F(Completion, BashCompletesTagsDomainsAndNotesFromTheIndex) {
    EXPECT_THAT(bash({"notes", "find", "--tag", "s"}),
                ElementsAre("scaling", "schema-design", "sql", "sqlalchemy", "sqlite", "support-analytics"));
    EXPECT_THAT(bash({"notes", "find", "-t", "sq"}), ElementsAre("sql", "sqlalchemy", "sqlite"));
    EXPECT_THAT(bash({"notes", "find", "--not-tag", "d"}), ElementsAre("database", "db/sqlite", "decision", "duckdb"));
    EXPECT_THAT(bash({"notes", "find", "--domain", "SQ"}), ElementsAre("SQL", "SQLite"));
    EXPECT_THAT(bash({"notes", "show", "index"}), ElementsAre("index-tuning"));
    EXPECT_THAT(bash({"notes", "related", "My"}), ElementsAre("My\\ Note"));
    EXPECT_THAT(bash({"notes", "related", "My\\ N"}), ElementsAre("My\\ Note"));
    EXPECT_THAT(bash({"notes", "related", "'My N"}), ElementsAre("My\\ Note"));
    EXPECT_THAT(bash({"notes", "find", "--links-to", "café"}), ElementsAre("café-notes"));
    // --vault on the command line is the vault asked, wherever the shell is.
    TempDir elsewhere;
    EXPECT_THAT(bash({"notes", "--vault", vault.string(), "find", "--tag", "sqli"}, elsewhere.path()),
                ElementsAre("sqlite"));
    EXPECT_THAT(bash({"notes", "find", "--tag", "sqli"}, elsewhere.path()), IsEmpty());
}

TEST_F(Completion, FishCompletesCommandsFormatsAndIndexValues) {
    EXPECT_THAT(fish("notes re"), ElementsAre("related", "report"));
    EXPECT_THAT(fish("notes find --format j"), ElementsAre("json", "jsonl"));
    EXPECT_THAT(fish("notes find --tag sq"), ElementsAre("sql", "sqlalchemy", "sqlite"));
    EXPECT_THAT(fish("notes find --domain SQL"), ElementsAre("SQL", "SQLite"));
    EXPECT_THAT(fish("notes show index-t"), ElementsAre("index-tuning"));
    const Lines flags = fish("notes find --any");
    EXPECT_THAT(flags, ElementsAre("--any-tag"));
    TempDir elsewhere;
    EXPECT_THAT(fish("notes --vault " + vault.string() + " find --tag sqli", elsewhere.path()),
                ElementsAre("sqlite"));
}

TEST_F(Completion, ZshScriptLoadsAndRegistersWithCompinit) {
    const std::string file = single_quoted((tmp->path() / "notes.zsh").string());
    // Syntax.
    auto r = run_program({"zsh", "-n", (tmp->path() / "notes.zsh").string()}, vault, user_env());
    EXPECT_EQ(r.status, 0) << r.err;
    // Sourced after compinit, it registers _notes for notes.
    r = zsh("autoload -U compinit; compinit -u -D; source " + file + "; print -r -- $_comps[notes]");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "_notes\n");
    // Installed as _notes in $fpath, compinit finds it by its #compdef line.
    fs::create_directories(tmp->path() / "site-functions");
    fs::copy_file(tmp->path() / "notes.zsh", tmp->path() / "site-functions" / "_notes",
                  fs::copy_options::overwrite_existing);
    r = zsh("fpath=(" + single_quoted((tmp->path() / "site-functions").string()) +
            " $fpath); autoload -U compinit; compinit -u -D; print -r -- $_comps[notes]");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "_notes\n");
}

TEST_F(Completion, ZshOffersTagsAndNotesFromTheIndex) {
    // The function the _arguments specs call for --tag, --domain and NOTE,
    // with compadd replaced by a printer.
    const std::string prelude = "autoload -U compinit; compinit -u -D; source " +
                                single_quoted((tmp->path() / "notes.zsh").string()) +
                                "; compadd() { shift; print -rl -- \"$@\"; }; _notes_prog=notes; ";
    auto r = zsh(prelude + "PREFIX=sq; _notes_dynamic tags");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "sql\nsqlalchemy\nsqlite\n");
    r = zsh(prelude + "PREFIX=S; _notes_dynamic domains");
    EXPECT_EQ(r.out, "SQL\nSQLite\n");
    r = zsh(prelude + "PREFIX=index; _notes_dynamic notes");
    EXPECT_EQ(r.out, "index-tuning\n");
    // The specs name the sources for the right flags.
    const std::string script = read_text(tmp->path() / "notes.zsh");
    EXPECT_THAT(script, HasSubstr("{--tag,-t}'[Notes with tag T"));
    EXPECT_THAT(script, HasSubstr(":T:_notes_dynamic tags'"));
    EXPECT_THAT(script, HasSubstr(":D:_notes_dynamic domains'"));
    EXPECT_THAT(script, HasSubstr("'1:NOTE:_notes_dynamic notes'"));
    EXPECT_THAT(script, HasSubstr(":FORMAT:(table list json jsonl csv paths)'"));
}

/// Drives an interactive zsh in a pseudo-terminal (zpty): types `line`, a
/// TAB, and captures every match the completion system adds (compadd is
/// wrapped to print them), with _notes found through $fpath by compinit.
/// comppostfuncs marks the end of the completion, so that a slow machine
/// waits for all the matches (up to a minute) instead of a pause. The
/// markers are never written literally in the commands: the terminal and
/// zle echo those, at moments that depend on how fast zsh starts.
const char* const k_zsh_capture = R"ZSH(zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT=''"
zpty -w z "fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compprefuncs=( no_list ); no_list() { compstate[list]=; }'
zpty -w z 'comppostfuncs=( mark_done ); mark_done() { print -r -- "<"DONE">"; }'
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  local h; for h in $__hits; do print -r -- "<"M">$h</"M">"; done
}'
zpty -w z "bindkey '^I' complete-word; print -r -- '<''READY>'"
zpty -r z line '*<READY>*'
zpty -w -n z "$2"$'\t'
out=""; tries=0
while (( tries < 1200 )) && [[ $out != *'<DONE>'* ]]; do
  if zpty -r -t z chunk; then out+=$chunk; else sleep 0.05; (( tries++ )); fi
done
print -r -- "$out" | grep -o '<M>[^<]*</M>' | sed 's/<M>//; s/<\/M>//' | sort -u
zpty -d z
)ZSH";

TEST_F(Completion, ZshCompletesThroughTheRealCompletionSystem) {
    const fs::path dir = tmp->path() / "zsh-fpath";
    fs::create_directories(dir);
    fs::copy_file(tmp->path() / "notes.zsh", dir / "_notes", fs::copy_options::overwrite_existing);
    write_text(tmp->path() / "capture.zsh", k_zsh_capture);
    auto complete = [&](const std::string& line) {
        const auto r = run_program({"zsh", "-f", (tmp->path() / "capture.zsh").string(), dir.string(), line},
                                   vault, user_env());
        EXPECT_EQ(r.status, 0) << r.err;
        return lines_of(r.out);
    };
    EXPECT_THAT(complete("notes re"), ElementsAre("related", "report"));
    EXPECT_THAT(complete("notes find --format j"), ElementsAre("json", "jsonl"));
    EXPECT_THAT(complete("notes find --li"), ElementsAre("--limit", "--linked-from", "--links-to"));
    EXPECT_THAT(complete("notes find --tag sq"), ElementsAre("sql", "sqlalchemy", "sqlite"));
    EXPECT_THAT(complete("notes find --domain S"), ElementsAre("SQL", "SQLite"));
    EXPECT_THAT(complete("notes show index"), ElementsAre("index-tuning"));
    EXPECT_THAT(complete("notes --vault " + vault.string() + " graph --around café"), ElementsAre("café-notes"));
}

}  // namespace
