#pragma once
// SIGINT and SIGTERM end `notes watch` between updates: the handler only
// records the signal and wakes the loop through a pipe it polls. A signal
// that comes during an update lets the update finish (and says so on a
// terminal); a second one ends the process at once, which leaves the index
// as it was before the update (one transaction). Private to src/watch/.

#include <atomic>

namespace notes::watch::detail {

class StopSignals {
  public:
    /// Installs the handlers; `say_so`: write a line to stderr when a
    /// signal waits for an update to finish.
    explicit StopSignals(bool say_so);
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    /// Readable once a signal came.
    int fd() const;
    bool requested() const;
    /// Marks an update in progress (a signal then waits for its end).
    void updating(bool in_progress);
};

}  // namespace notes::watch::detail
