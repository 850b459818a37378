#pragma once
// Changes gathered into index runs. A run starts once no change has come
// for a moment (the debounce: an editor's save is several events, a `git
// checkout` thousands), or once the oldest waiting change has waited the
// maximum delay, so that a steady stream of writes is still indexed. Pure:
// the time is passed in, so that tests use made-up clocks.

#include <chrono>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace notes::watch {

using Clock = std::chrono::steady_clock;

/// What one index run looks at.
struct Changes {
    /// The whole vault (events were lost, the settings changed, too many
    /// paths, a periodic run); otherwise `paths`.
    bool whole_vault = false;
    /// Vault-relative paths, sorted, each once.
    std::vector<std::string> paths;
    bool empty() const { return !whole_vault && paths.empty(); }
};

class ChangeBatch {
  public:
    /// `quiet`: how long no change must come before a run; `max_delay`: how
    /// long the oldest change may wait; more than `max_paths` distinct paths
    /// make a walk of the whole vault, which is then cheaper.
    ChangeBatch(std::chrono::milliseconds quiet, std::chrono::milliseconds max_delay,
                std::size_t max_paths = 2000);

    void add(const std::string& path, Clock::time_point now);
    void add_whole_vault(Clock::time_point now);
    /// Takes back the changes of a run that did not happen (the index was
    /// locked, the run failed), as changes that came at `now`.
    void put_back(const Changes& changes, Clock::time_point now);

    bool empty() const { return !m_whole_vault && m_paths.empty(); }
    /// When the next run is due; nullopt when nothing waits.
    std::optional<Clock::time_point> due() const;
    /// The waiting changes; the batch is empty afterwards.
    Changes take();

  private:
    void note_time(Clock::time_point now);

    std::chrono::milliseconds m_quiet;
    std::chrono::milliseconds m_max_delay;
    std::size_t m_max_paths;
    bool m_whole_vault = false;
    std::set<std::string> m_paths;
    Clock::time_point m_first{};
    Clock::time_point m_last{};
};

}  // namespace notes::watch
