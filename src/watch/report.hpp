#pragma once
// What `notes watch` prints: one line (or one JSON object) per update on
// stdout, the update's warnings and notices on stderr. Private to src/watch/.

#include <chrono>
#include <string>

#include "notes/index/indexer.hpp"
#include "notes/watch/watch.hpp"

namespace notes::watch::detail {

class Report {
  public:
    explicit Report(const WatchOptions& options) : m_options(options) {}

    /// `notes: <text>` on stderr.
    void notice(const std::string& text) const;
    /// `notes: warning: <text>` on stderr, also when quiet.
    void warning(const std::string& text) const;
    /// `notes: error: <text>` on stderr, also when quiet.
    void error(const std::string& text) const;

    /// An update: its notices and warnings on stderr, then its line. The
    /// configuration's own warnings are repeated only by the first update and
    /// the one after the configuration changed; an update that changed no
    /// note and has nothing to say prints nothing.
    void update(const index::IndexStats& stats, bool initial, bool settings_read,
                std::chrono::milliseconds elapsed) const;

  private:
    const WatchOptions& m_options;
};

}  // namespace notes::watch::detail
