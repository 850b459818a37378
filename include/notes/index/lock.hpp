#pragma once
// One indexer at a time: an advisory lock (flock) on a file beside the
// database. The kernel releases it when the process dies, so a killed
// indexer never leaves a stale lock behind. Readers never take it.

#include <filesystem>

namespace notes::index {

class IndexLock {
public:
    /// Takes the lock on `lock_file`, waiting up to `wait_seconds`.
    /// Throws Error with status 75 when another process still holds it.
    IndexLock(const std::filesystem::path& lock_file, double wait_seconds);
    ~IndexLock();
    IndexLock(const IndexLock&) = delete;
    IndexLock& operator=(const IndexLock&) = delete;

private:
    int m_fd = -1;
};

}  // namespace notes::index
