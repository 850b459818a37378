#pragma once
// One snapshot of the index for the statements of one function.

#include "notes/store/index_store.hpp"

namespace notes::store {

/// Runs the statements of one function on one snapshot of the index, so
/// that an indexer committing meanwhile cannot make them disagree. A
/// savepoint, unlike BEGIN, also nests inside a caller's transaction.
class ReadSnapshot {
  public:
    explicit ReadSnapshot(IndexStore& store) : m_store(store) {
        m_store.query("SAVEPOINT notes_read");
    }
    ~ReadSnapshot() {
        try {
            m_store.query("RELEASE notes_read");
        } catch (...) {
            // Nothing was written; closing the connection ends the read.
        }
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

  private:
    IndexStore& m_store;
};

}  // namespace notes::store
