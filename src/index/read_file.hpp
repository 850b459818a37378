#pragma once
// Reading one note file safely: the file may have changed since the walk saw
// it (now a FIFO, a device, a symbolic link leading anywhere), and may be
// larger than any note should be. Private to src/index/.

#include <cstddef>
#include <filesystem>
#include <string>

namespace notes::index::detail {

// Past this size only the beginning of a file is read: a note is not a
// gigabyte, and its content and searchable text are held in memory (and
// tokenized by FTS5 in one piece) while it is indexed.
inline constexpr std::size_t k_max_file_bytes = std::size_t{16} << 20;

/// What a file may be for the indexer to read it.
struct ReadPolicy {
    bool follow_symlinks = false;
    std::string vault_real;  ///< the vault's canonical path; empty: not checked
};

struct ReadResult {
    bool ok = false;
    int error = 0;          ///< errno, when `problem` is empty
    std::string problem;    ///< why the file was refused, when it is not an errno
    bool truncated = false; ///< larger than k_max_file_bytes; only that much was read
    std::string content;
};

/// Reads `file` under `policy`; never throws for a problem with the file.
ReadResult read_file(const std::filesystem::path& file, const ReadPolicy& policy);

}  // namespace notes::index::detail
