#pragma once
// Transparent huge pages for the commands that touch hundreds of megabytes
// (`index`, `watch`): glibc's malloc asks the kernel for them when the
// environment says GLIBC_TUNABLES=glibc.malloc.hugetlb=1, which only the
// environment can say, so those commands run themselves again with it.

#include <optional>
#include <string>
#include <string_view>

namespace notes::cli {

/// Remembers the process's arguments, as main() received them, for
/// rerun_with_huge_pages().
void keep_process_arguments(int argc, char** argv);

/// Replaces this process by the same program with the same arguments and
/// GLIBC_TUNABLES=glibc.malloc.hugetlb=1 added, when that helps: the kernel
/// gives huge pages to memory that asks for them ("madvise" in
/// /sys/kernel/mm/transparent_hugepage/enabled) and GLIBC_TUNABLES does not
/// name glibc.malloc.hugetlb already (so it runs again at most once, and
/// `GLIBC_TUNABLES=glibc.malloc.hugetlb=0` opts out). Returns when it does
/// not, or cannot, and the command goes on in this process.
void rerun_with_huge_pages();

/// The GLIBC_TUNABLES value to run again with, given the current one
/// (nullptr when unset) and the first line of
/// /sys/kernel/mm/transparent_hugepage/enabled; nullopt when not to.
std::optional<std::string> huge_pages_tunables(const char* current, std::string_view kernel_setting);

}  // namespace notes::cli
