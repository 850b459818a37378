#pragma once
// The index's files on disk: where a fresh build is made, how it is put in
// place of the old index, and what is cleaned up after a killed run.
// Private to src/index/.

#include <filesystem>

namespace notes::index::detail {

void remove_if_exists(const std::filesystem::path& p);

/// `p` with `suffix` appended to its file name: "index.db" + ".lock".
std::filesystem::path with_suffix(const std::filesystem::path& p, const char* suffix);

/// Removes a fresh build at `tmp` and its journal, WAL and shared memory.
void remove_fresh_build(const std::filesystem::path& tmp);

/// Removes a half-built fresh index when the run ends before renaming it into
/// place (a full disk, an error): it must not go on taking the space.
struct DiscardFreshBuild {
    const std::filesystem::path& tmp;
    bool armed;
    ~DiscardFreshBuild() {
        if (armed) remove_fresh_build(tmp);
    }
};

/// Puts the freshly built `fresh` in place of `db` by rename, after taking
/// the old file out of WAL mode (waiting for readers to let go). Throws
/// Error when that cannot be done; the old index then stays.
void replace_database(const std::filesystem::path& fresh, const std::filesystem::path& db);

}  // namespace notes::index::detail
