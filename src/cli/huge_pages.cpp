#include "cli/huge_pages.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace notes::cli {
namespace {

int g_argc = 0;
char** g_argv = nullptr;

constexpr const char* k_tunables = "GLIBC_TUNABLES";
constexpr const char* k_huge_pages = "glibc.malloc.hugetlb";

std::string read_kernel_setting() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    std::getline(in, line);
    return line;
}

}  // namespace

void keep_process_arguments(int argc, char** argv) {
    g_argc = argc;
    g_argv = argv;
}

std::optional<std::string> huge_pages_tunables(const char* current, std::string_view kernel_setting) {
    const std::string before = current == nullptr ? std::string() : std::string(current);
    if (before.find(k_huge_pages) != std::string::npos) return std::nullopt;
    // Huge pages only where a process asks (madvise), which is what the
    // tunable makes malloc do: "always" gives them without asking, "never"
    // not at all, and an unknown setting is left alone.
    if (kernel_setting.find("[madvise]") == std::string_view::npos) return std::nullopt;
    return before.empty() ? std::string(k_huge_pages) + "=1" : before + ":" + k_huge_pages + "=1";
}

void rerun_with_huge_pages() {
    if (g_argv == nullptr || g_argc < 1) return;
    const char* tunables = std::getenv(k_tunables);
    const std::optional<std::string> after = huge_pages_tunables(tunables, read_kernel_setting());
    if (!after) return;
    const std::string before = tunables == nullptr ? std::string() : std::string(tunables);
    // The program itself, not argv[0], which may be a name on $PATH or a
    // relative path (readlink also sees through valgrind to its client).
    std::string self(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= self.size()) return;
    self.resize(static_cast<std::size_t>(n));
    if (::setenv(k_tunables, after->c_str(), 1) != 0) return;
    std::fflush(nullptr);
    ::execv(self.c_str(), g_argv);
    // Not run again (the file gone or replaced, no /proc): carry on here,
    // with the environment as it was.
    const int saved = errno;
    if (tunables == nullptr) {
        ::unsetenv(k_tunables);
    } else {
        ::setenv(k_tunables, before.c_str(), 1);
    }
    errno = saved;
}

}  // namespace notes::cli
