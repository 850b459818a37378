// End-to-end: `notes sql` on a temporary copy of seeds/: every output format,
// the query from standard input, and every way of writing (or reading outside
// the index) refused by SQLite with the index left byte for byte as it was.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include "harness.hpp"

extern char** environ;

namespace fs = std::filesystem;
using namespace notes::e2e;
using namespace notes::e2e::inspect;
using ::testing::HasSubstr;

namespace {

constexpr const char* k_seed_note =
    "2026-02-28-8-python-database-techniques-every-developer-needs-for-scalable-reliable-applications.md";
constexpr int k_seed_notes = 23;

/// run_notes() with `input` on standard input (the harness gives /dev/null).
/// Output goes through files in `dir`, which must exist.
RunResult run_notes_with_input(const std::vector<std::string>& args, const fs::path& dir,
                               const std::string& input) {
    const fs::path in = dir / "stdin.txt";
    const fs::path out = dir / "stdout.txt";
    const fs::path err = dir / "stderr.txt";
    write_text(in, input);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
    std::vector<std::string> argv_storage{NOTES_BINARY};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_storage;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        if (entry.rfind("NOTES_", 0) != 0 && entry.rfind("NO_COLOR=", 0) != 0) env_storage.push_back(entry);
    }
    std::vector<char*> envp;
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, NOTES_BINARY, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("spawn failed");
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    RunResult result;
    result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    result.out = read_text(out);
    result.err = read_text(err);
    return result;
}

class SqlSeeds : public ::testing::Test {
protected:
    void SetUp() override {
        vault = copy_vault(seeds_dir(), tmp.path() / "vault");
        const auto r = run_notes({"--vault", vault.string(), "index", "-q"}, tmp.path());
        ASSERT_EQ(r.status, 0) << r.err;
    }
    RunResult sql(const std::string& query, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"--vault", vault.string(), "sql", query};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_notes(args, tmp.path());
    }
    fs::path db() const { return vault / ".notes" / "index.db"; }

    /// What must not change: the file's bytes, and (read through SQLite, so
    /// that a write sitting in the WAL would show too) the schema and notes.
    std::string fingerprint() const {
        return read_text(db()) + "\n--\n" + rows(db(), "PRAGMA user_version") + "\n" +
               rows(db(), "SELECT type, name, sql FROM sqlite_schema ORDER BY name") + "\n" +
               rows(db(), "SELECT id, path, title, hash FROM notes ORDER BY id") + "\n" +
               rows(db(), "SELECT (SELECT count(*) FROM links), (SELECT count(*) FROM tags), "
                          "(SELECT count(*) FROM meta), (SELECT count(*) FROM notes_fts)");
    }

    TempDir tmp;
    fs::path vault;
};

}  // namespace

// ---- Output formats --------------------------------------------------------

TEST_F(SqlSeeds, ListIsTheDefaultOffATerminal) {
    const auto r = sql(std::string("SELECT path, title FROM notes WHERE path = '") + k_seed_note + "'");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, std::string(k_seed_note) +
                         "\t8 Python Database Techniques Every Developer Needs for Scalable, Reliable "
                         "Applications\n");
    EXPECT_EQ(r.err, "");
}

TEST_F(SqlSeeds, TableHasAHeaderAndAlignedColumns) {
    const auto r = sql("SELECT tag, notes FROM tag_counts ORDER BY notes DESC, tag LIMIT 3", {"--format", "table"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "tag       notes\n"
              "sql       12\n"
              "sqlite    8\n"
              "postgres  7\n");
}

TEST_F(SqlSeeds, JsonKeepsSqliteTypes) {
    const auto r = sql("SELECT count(*) AS n, 1.5 AS r, NULL AS missing, '23' AS s FROM notes", {"--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "[\n  {\"n\":23,\"r\":1.5,\"missing\":null,\"s\":\"23\"}\n]\n");
    EXPECT_EQ(json_get(r.out, "$[0].n"), std::to_string(k_seed_notes));
}

TEST_F(SqlSeeds, JsonlIsOneObjectPerRow) {
    const auto r = sql("SELECT tag, notes FROM tag_counts ORDER BY notes DESC, tag LIMIT 2", {"--format", "jsonl"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "{\"tag\":\"sql\",\"notes\":12}\n{\"tag\":\"sqlite\",\"notes\":8}\n");
}

TEST_F(SqlSeeds, CsvQuotesTitlesWithCommas) {
    const auto r = sql(std::string("SELECT path, title, word_count > 0 AS has_words FROM notes WHERE path = '") +
                           k_seed_note + "'",
                       {"--format", "csv"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, std::string("path,title,has_words\r\n") + k_seed_note +
                         ",\"8 Python Database Techniques Every Developer Needs for Scalable, Reliable "
                         "Applications\",1\r\n");
}

TEST_F(SqlSeeds, PathsPrintsTheColumnNamedPathElseTheFirst) {
    auto r = sql("SELECT title, path FROM notes WHERE folder = 'projects' ORDER BY path", {"--format", "paths"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "projects/2026-03-05-migrate-reporting-to-sqlite.md\nprojects/index-tuning.md\n");
    r = sql("SELECT slug, title FROM notes WHERE folder = 'projects' ORDER BY path", {"--format", "paths"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "2026-03-05-migrate-reporting-to-sqlite\nindex-tuning\n");
}

TEST_F(SqlSeeds, ViewsAndFullTextCanBeQueried) {
    auto r = sql("SELECT count(*) FROM broken_links");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, rows(db(), "SELECT count(*) FROM broken_links") + "\n");
    r = sql("SELECT n.path FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid "
            "WHERE notes_fts MATCH 'checkpoint' ORDER BY n.path LIMIT 1");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "2026-03-01-sqlite-wal-mode-and-checkpoints.md\n");
}

TEST_F(SqlSeeds, ControlCharactersNeverReachTheTerminal) {
    auto r = sql("SELECT char(27) || '[31mred' || char(7) AS s");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "\\x1b[31mred\\x07\n");
    r = sql("SELECT char(27) || '[31mred' AS s", {"--format", "json"});
    EXPECT_EQ(r.out, "[\n  {\"s\":\"\\u001b[31mred\"}\n]\n");
}

TEST_F(SqlSeeds, BlobsAreShownAsSqlLiterals) {
    const auto r = sql("SELECT x'00ff10' AS b", {"--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "[\n  {\"b\":\"X'00FF10'\"}\n]\n");
}

TEST_F(SqlSeeds, ReadingPragmasIsAllowed) {
    auto r = sql("PRAGMA user_version");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "8\n");
    r = sql("PRAGMA table_info(tags)", {"--format", "csv"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("\r\n1,tag,TEXT,1,,0\r\n"));
}

TEST_F(SqlSeeds, ATrailingSemicolonAndCommentAreFine) {
    const auto r = sql("SELECT count(*) FROM notes; -- all of them\n");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "23\n");
}

TEST_F(SqlSeeds, NoRowsExitsWithOne) {
    auto r = sql("SELECT path FROM notes WHERE 0");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "");
    r = sql("SELECT path FROM notes WHERE 0", {"--format", "json"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "[]\n");
}

// ---- The query from standard input -----------------------------------------

TEST_F(SqlSeeds, DashReadsTheQueryFromStandardInput) {
    const auto r = run_notes_with_input({"--vault", vault.string(), "sql", "-", "--format", "jsonl"}, tmp.path(),
                                        "-- from a file\nSELECT count(*) AS n\n  FROM notes;\n");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "{\"n\":23}\n");
}

TEST_F(SqlSeeds, ANulOnStandardInputIsRefusedNotCutShort) {
    // SQLite would stop reading at the NUL: the DELETE would be neither run
    // nor refused, and an earlier version looped for ever.
    const auto r = run_notes_with_input({"--vault", vault.string(), "sql", "-"}, tmp.path(),
                                        std::string("SELECT 1;\0DELETE FROM notes", 27));
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "notes: error: sql: the query contains a NUL byte\n");
    EXPECT_EQ(r.out, "");
}

TEST_F(SqlSeeds, DashWithNothingOnStandardInputIsAUsageError) {
    const auto r = sql("-");  // the harness's standard input is /dev/null
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "notes: error: sql: the query is empty\n");
    EXPECT_EQ(r.out, "");
}

// ---- Errors ------------------------------------------------------------------

TEST_F(SqlSeeds, SyntaxErrorIsOneCleanLine) {
    const auto r = sql("SELEC path FROM notes");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "notes: error: sql: near \"SELEC\": syntax error\n");
    EXPECT_EQ(r.out, "");
}

TEST_F(SqlSeeds, UnknownNamesAndFunctionErrorsAreUsageErrors) {
    auto r = sql("SELECT path FROM note");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "notes: error: sql: no such table: note\n");
    r = sql("SELECT json_extract('{', '$')");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "notes: error: sql: malformed JSON\n");
}

TEST_F(SqlSeeds, EmptyQueryIsAUsageError) {
    for (const char* query : {"", "  ", "-- only a comment", ";"}) {
        const auto r = sql(query);
        EXPECT_EQ(r.status, 2) << query;
        EXPECT_EQ(r.err, "notes: error: sql: the query is empty\n") << query;
    }
}

TEST_F(SqlSeeds, UnknownFormatIsAUsageError) {
    const auto r = sql("SELECT 1", {"--format", "xml"});
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("xml"));
}

TEST(Sql, WithoutAnIndexSaysToRunIndex) {
    TempDir tmp;
    const auto r = run_notes({"--vault", tmp.path().string(), "sql", "SELECT 1"}, tmp.path());
    EXPECT_EQ(r.status, 4);
    EXPECT_THAT(r.err, HasSubstr("run `notes index` first"));
    EXPECT_FALSE(fs::exists(tmp.path() / ".notes" / "index.db"));
}

// ---- Refusals: SQLite refuses, and the index is unchanged ----------------------

namespace {

struct Refusal {
    std::string query;
    std::string message;  // after "notes: error: sql: "
};

void PrintTo(const Refusal& refusal, std::ostream* os) { *os << refusal.query; }

// Relative file names land in the test's temporary directory (the working
// directory of `notes`), where the test checks that none appeared.
std::vector<Refusal> refusals() {
    const std::string readonly = "attempt to write a readonly database; a query only reads the index";
    const std::string attach = "attaching a database (ATTACH, VACUUM); a query reads the index and no other file";
    const std::string pragma = "; a query may read pragmas, not set them";
    return {
        // The file is opened read-only.
        {"DELETE FROM notes", readonly},
        {"UPDATE notes SET title = 'x'", readonly},
        {"INSERT INTO meta VALUES ('k', 'v')", readonly},
        {"DROP TABLE notes", readonly},
        {"CREATE TABLE t (x)", readonly},
        {"CREATE INDEX notes_title ON notes(title)", readonly},
        {"INSERT INTO notes_fts(notes_fts) VALUES ('delete-all')", readonly},
        {"WITH doomed AS (SELECT id FROM notes) DELETE FROM notes WHERE id IN doomed", readonly},
        {"REINDEX", readonly},
        {"ANALYZE", readonly},
        {"BEGIN EXCLUSIVE", readonly},
        // query_only: not even the temp database.
        {"CREATE TEMP TABLE t (x)", readonly},
        {"CREATE TEMP VIEW v AS SELECT 1", readonly},
        // The schema table itself.
        {"UPDATE sqlite_schema SET sql = 'x' WHERE name = 'notes'", "table sqlite_master may not be modified"},
        // Attaching, refused by the authorizer while compiling (the attach
        // limit stands behind it); VACUUM attaches its target at run time.
        {"ATTACH DATABASE 'attached.db' AS x", "not authorized: " + attach},
        {"ATTACH DATABASE ':memory:' AS x", "not authorized: " + attach},
        {"VACUUM", "authorization denied: " + attach},
        {"VACUUM INTO 'vacuumed.db'", "authorization denied: " + attach},
        // Setting pragmas.
        {"PRAGMA writable_schema = ON", "not authorized: PRAGMA writable_schema = ON" + pragma},
        {"PRAGMA journal_mode = DELETE", "not authorized: PRAGMA journal_mode = DELETE" + pragma},
        {"PRAGMA query_only = OFF", "not authorized: PRAGMA query_only = OFF" + pragma},
        {"PRAGMA main.user_version = 7", "not authorized: PRAGMA user_version = 7" + pragma},
        {"PRAGMA wal_checkpoint(TRUNCATE)", "not authorized: PRAGMA wal_checkpoint = TRUNCATE" + pragma},
        {"PRAGMA wal_checkpoint", "not authorized: PRAGMA wal_checkpoint; it writes to the index"},
        {"PRAGMA optimize", "not authorized: PRAGMA optimize; it writes to the index"},
        // Functions that reach outside SQL.
        {"SELECT load_extension('./evil.so')", "not authorized to use function: load_extension"},
        {"SELECT hex(fts3_tokenizer('simple'))", "not authorized to use function: fts3_tokenizer"},
        {"SELECT readfile('/etc/passwd')", "no such function: readfile"},
        {"SELECT writefile('written.txt', 'x')", "no such function: writefile"},
        // One statement per run, refused before the first one runs.
        {"SELECT 1; DELETE FROM notes",
         "more than one statement; one is run at a time (the second begins 'DELETE FROM notes')"},
        {"SELECT count(*) FROM notes;\nUPDATE notes SET title = 'x' WHERE id IN (SELECT id FROM notes)",
         "more than one statement; one is run at a time (the second begins 'UPDATE notes SET title = 'x' "
         "WHERE id IN…')"},
        // Each run is a new connection, and the first statement is refused anyway.
        {"PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = 'x'",
         "not authorized: PRAGMA writable_schema = ON" + pragma},
    };
}

class SqlRefuses : public SqlSeeds, public ::testing::WithParamInterface<Refusal> {};

}  // namespace

TEST_P(SqlRefuses, WithAClearMessageAndTheIndexUnchanged) {
    const Refusal& refusal = GetParam();
    const std::string before = fingerprint();
    const auto r = sql(refusal.query);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.err, "notes: error: sql: " + refusal.message + "\n");
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(fingerprint(), before);
    EXPECT_EQ(rows(db(), "SELECT count(*) FROM notes"), std::to_string(k_seed_notes));
    // Nothing waits in the WAL either, and no file appeared.
    const fs::path wal = db().string() + "-wal";
    if (fs::exists(wal)) {
        EXPECT_EQ(fs::file_size(wal), 0u);
    }
    for (const char* name : {"attached.db", "vacuumed.db", "written.txt"}) {
        EXPECT_FALSE(fs::exists(tmp.path() / name)) << name;
    }
}

INSTANTIATE_TEST_SUITE_P(Sql, SqlRefuses, ::testing::ValuesIn(refusals()));

TEST_F(SqlSeeds, AttachingAnExistingDatabaseIsRefused) {
    // A database the query must not be able to read, beside the vault.
    const fs::path other = tmp.path() / "other.db";
    {
        SQLite::Database d(other.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        d.exec("CREATE TABLE secret (x TEXT); INSERT INTO secret VALUES ('hidden')");
    }
    const std::string other_before = read_text(other);
    const std::string before = fingerprint();
    const std::vector<std::string> queries{"ATTACH DATABASE '" + other.string() + "' AS o",
                                           "ATTACH 'other.db' AS o; SELECT x FROM o.secret",
                                           "ATTACH 'file:" + other.string() + "?mode=ro' AS o"};
    for (const std::string& query : queries) {
        const auto r = sql(query);
        EXPECT_EQ(r.status, 2) << query;
        EXPECT_THAT(r.err, ::testing::StartsWith("notes: error: sql: not authorized: attaching a database"))
            << query;
        EXPECT_EQ(r.out, "") << query;
    }
    EXPECT_EQ(read_text(other), other_before);
    EXPECT_EQ(fingerprint(), before);
}

TEST_F(SqlSeeds, TheIndexStillWorksAfterTheRefusals) {
    for (const Refusal& refusal : refusals()) sql(refusal.query);
    const auto r = run_notes({"--vault", vault.string(), "index", "--json"}, tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json_get(r.out, "$.unchanged"), std::to_string(k_seed_notes));
    EXPECT_EQ(json_get(r.out, "$.parsed"), "0");
}
