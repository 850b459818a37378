// When `notes index` runs itself again with malloc in transparent huge
// pages: the environment's GLIBC_TUNABLES and the kernel's setting decide.
#include "cli/huge_pages.hpp"

#include <gtest/gtest.h>

using notes::cli::huge_pages_tunables;

TEST(HugePages, AddedWhereTheKernelGivesThemOnRequest) {
    const char* madvise = "always [madvise] never";
    EXPECT_EQ(huge_pages_tunables(nullptr, madvise), "glibc.malloc.hugetlb=1");
    EXPECT_EQ(huge_pages_tunables("", madvise), "glibc.malloc.hugetlb=1");
    EXPECT_EQ(huge_pages_tunables("glibc.malloc.tcache_count=7", madvise),
              "glibc.malloc.tcache_count=7:glibc.malloc.hugetlb=1");
}

TEST(HugePages, NotWhereTheEnvironmentNamesTheTunableAlready) {
    const char* madvise = "always [madvise] never";
    // Also what stops the second process from running a third.
    EXPECT_EQ(huge_pages_tunables("glibc.malloc.hugetlb=1", madvise), std::nullopt);
    // The user's way out.
    EXPECT_EQ(huge_pages_tunables("glibc.malloc.hugetlb=0", madvise), std::nullopt);
    EXPECT_EQ(huge_pages_tunables("glibc.malloc.check=0:glibc.malloc.hugetlb=2", madvise), std::nullopt);
}

TEST(HugePages, NotWhereTheKernelGivesThemAnywayOrNever) {
    EXPECT_EQ(huge_pages_tunables(nullptr, "[always] madvise never"), std::nullopt);
    EXPECT_EQ(huge_pages_tunables(nullptr, "always madvise [never]"), std::nullopt);
    // No file (a kernel without transparent huge pages, no /sys).
    EXPECT_EQ(huge_pages_tunables(nullptr, ""), std::nullopt);
}
