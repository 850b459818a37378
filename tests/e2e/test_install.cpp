// Installation as a user does it: `cmake --install` into a temporary prefix,
// then the installed notes, man page and completions; and the Debian package
// CPack makes, read with dpkg-deb.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "harness.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using namespace notes::e2e;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

namespace {

std::vector<std::string> split(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto at = s.find(sep, start);
        out.push_back(s.substr(start, at - start));
        if (at == std::string::npos) break;
        start = at + sep.size();
    }
    return out;
}

const std::vector<std::string> k_installed_files = {
    "bin/notes",
    "share/man/man1/notes.1",
    "share/bash-completion/completions/notes",
    "share/zsh/site-functions/_notes",
    "share/fish/vendor_completions.d/notes.fish",
    "share/systemd/user/notes-watch@.service",
};

class Install : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp = std::make_unique<TempDir>();
        prefix = tmp->path() / "prefix";
        const auto r = run_program({NOTES_CMAKE, "--install", NOTES_BUILD_DIR, "--prefix", prefix.string()},
                                   tmp->path());
        ASSERT_EQ(r.status, 0) << r.out << r.err;
    }
    static void TearDownTestSuite() { tmp.reset(); }
    static inline std::unique_ptr<TempDir> tmp;
    static inline fs::path prefix;
};

TEST_F(Install, PutsTheBinaryManPageAndCompletionsInTheUsualPlaces) {
    for (const auto& file : k_installed_files) {
        EXPECT_TRUE(fs::is_regular_file(prefix / file)) << file;
    }
    EXPECT_NE(fs::status(prefix / "bin/notes").permissions() & fs::perms::owner_exec, fs::perms::none);
}

TEST_F(Install, InstalledBinaryRuns) {
    const std::string notes = (prefix / "bin/notes").string();
    auto r = run_program({notes, "--version"}, tmp->path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, StartsWith(std::string("notes ") + NOTES_PROJECT_VERSION + "\n"));

    const fs::path vault = copy_vault(seeds_dir(), tmp->path() / "vault");
    r = run_program({notes, "index", "-q"}, vault);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::exists(vault / ".notes/index.db"));
    r = run_program({notes, "find", "--tag", "db/sqlite", "--format", "paths"}, vault);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "2026-03-01-sqlite-wal-mode-and-checkpoints.md\n");
}

TEST_F(Install, InstalledFilesAreWhatTheBinaryGenerates) {
    const std::string notes = (prefix / "bin/notes").string();
    EXPECT_EQ(read_text(prefix / "share/man/man1/notes.1"), run_program({notes, "__man"}, tmp->path()).out);
    EXPECT_EQ(read_text(prefix / "share/bash-completion/completions/notes"),
              run_program({notes, "completion", "bash"}, tmp->path()).out);
    EXPECT_EQ(read_text(prefix / "share/zsh/site-functions/_notes"),
              run_program({notes, "completion", "zsh"}, tmp->path()).out);
    EXPECT_EQ(read_text(prefix / "share/fish/vendor_completions.d/notes.fish"),
              run_program({notes, "completion", "fish"}, tmp->path()).out);
}

TEST_F(Install, ManFindsTheInstalledPage) {
    if (!have_program("man")) GTEST_SKIP() << "man is not installed";
    const auto r = run_program({"man", "-M", (prefix / "share/man").string(), "notes"}, tmp->path(),
                               {"MANPAGER=cat", "PAGER=cat", "MANWIDTH=100", "LANG=C.UTF-8"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("EXIT STATUS"));
    EXPECT_THAT(r.out, HasSubstr("notes completion"));
}

TEST_F(Install, TheWatchUnitStartsTheInstalledBinary) {
    const std::string unit = read_text(prefix / "share/systemd/user/notes-watch@.service");
    EXPECT_THAT(unit, HasSubstr("\nExecStart=" + (prefix / "bin/notes").string() + " --vault %f watch\n"));
    EXPECT_THAT(unit, HasSubstr("\n[Install]\nWantedBy=default.target\n"));
    if (!have_program("systemd-analyze")) GTEST_SKIP() << "systemd-analyze is not installed";
    // An instance for the vault /home/me/vault, as systemd-escape --path names
    // it (its man page is not where man looks: not checked here).
    const fs::path instance = tmp->path() / "notes-watch@home-me-vault.service";
    write_text(instance, unit);
    const auto r = run_program({"systemd-analyze", "verify", "--man=no", instance.string()}, tmp->path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
}

/// The Debian packages owning the shared libraries `binary` loads: none for
/// a static binary, which ldd calls "statically linked".
std::set<std::string> linked_packages(const fs::path& binary) {
    std::set<std::string> out;
    const auto ldd = run_program({"ldd", binary.string()}, fs::temp_directory_path());
    EXPECT_EQ(ldd.status, 0) << ldd.err;
    if (ldd.out == "\tstatically linked\n") return out;
    for (const auto& line : split(ldd.out, "\n")) {
        // "\tlibx.so.1 => /lib/.../libx.so.1 (0x…)" or "\t/lib64/ld-linux….so.2 (0x…)"
        std::size_t from = line.find("=> ");
        from = from == std::string::npos ? line.find_first_not_of(" \t") : from + 3;
        if (from == std::string::npos || line[from] != '/') continue;
        const std::size_t to = line.find(" (", from);
        if (to == std::string::npos) continue;
        const std::string lib = line.substr(from, to - from);
        // Merged /usr: dpkg knows a library under one of its two names.
        std::vector<std::string> names = {lib};
        if (lib.rfind("/usr/", 0) == 0) {
            names.push_back(lib.substr(4));
        } else {
            names.push_back("/usr" + lib);
        }
        std::error_code ec;
        const auto real = fs::canonical(lib, ec);
        if (!ec) names.push_back(real.string());
        bool found = false;
        for (const auto& name : names) {
            const auto s = run_program({"dpkg", "-S", name}, fs::temp_directory_path());
            if (s.status != 0) continue;
            std::string package = s.out.substr(0, s.out.find(':'));
            out.insert(package);
            found = true;
            break;
        }
        EXPECT_TRUE(found) << "no package owns " << lib;
    }
    return out;
}

TEST_F(Install, DebianDependsCoverEveryLinkedLibrary) {
    if (!have_program("dpkg") || !have_program("ldd")) GTEST_SKIP() << "not a Debian system";
    std::set<std::string> depends;
    for (auto d : split(NOTES_DEB_DEPENDS, ", ")) {
        if (!d.empty()) depends.insert(d.substr(0, d.find(' ')));
    }
    const std::set<std::string> linked = linked_packages(prefix / "bin/notes");
    for (const auto& package : linked) EXPECT_TRUE(depends.count(package) == 1) << package;
    // And nothing more than those: none at all for the static binary of the
    // default build (cmake/Dependencies.cmake), libc6 and more for one that
    // links the shared libraries.
    EXPECT_EQ(depends, linked);
    EXPECT_EQ(linked.empty(), std::string(NOTES_DEB_DEPENDS).empty());
}

TEST(DebianPackage, CpackBuildsADebWithTheRightControlFieldsAndFiles) {
    if (!have_program("dpkg-deb")) GTEST_SKIP() << "dpkg-deb is not installed";
    TempDir tmp;
    auto r = run_program({NOTES_CPACK, "-G", "DEB", "--config", std::string(NOTES_BUILD_DIR) + "/CPackConfig.cmake",
                          "-B", tmp.path().string()},
                         tmp.path());
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    fs::path deb;
    for (const auto& entry : fs::directory_iterator(tmp.path())) {
        if (entry.path().extension() == ".deb") deb = entry.path();
    }
    ASSERT_FALSE(deb.empty()) << r.out;
    const auto arch = run_program({"dpkg", "--print-architecture"}, tmp.path()).out;
    EXPECT_EQ(deb.filename().string(),
              std::string("notes_") + NOTES_PROJECT_VERSION + "_" + arch.substr(0, arch.size() - 1) + ".deb");

    auto field = [&](const std::string& name) {
        const auto f = run_program({"dpkg-deb", "-f", deb.string(), name}, tmp.path());
        EXPECT_EQ(f.status, 0) << f.err;
        return f.out.empty() ? f.out : f.out.substr(0, f.out.size() - 1);
    };
    EXPECT_EQ(field("Package"), "notes");
    EXPECT_EQ(field("Version"), NOTES_PROJECT_VERSION);
    EXPECT_EQ(field("Depends"), NOTES_DEB_DEPENDS);
    EXPECT_EQ(field("Section"), "utils");

    r = run_program({"dpkg-deb", "-c", deb.string()}, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    for (const auto& file : k_installed_files) {
        EXPECT_THAT(r.out, HasSubstr(" ./usr/" + file + "\n")) << file;
    }

    // The packaged binary runs, and the unit starts it where it is.
    r = run_program({"dpkg-deb", "-x", deb.string(), (tmp.path() / "root").string()}, tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(read_text(tmp.path() / "root/usr/share/systemd/user/notes-watch@.service"),
                HasSubstr("\nExecStart=/usr/bin/notes --vault %f watch\n"));
    r = run_program({(tmp.path() / "root/usr/bin/notes").string(), "--version"}, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, StartsWith(std::string("notes ") + NOTES_PROJECT_VERSION + "\n"));
}

}  // namespace
