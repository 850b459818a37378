#pragma once
// The one exception type for failures a user must be told about. It is caught
// once, at the top of the command line, and printed as `notes: error: ...`
// with its exit status. Expected misses are return values, not exceptions.

#include <stdexcept>
#include <string>

namespace notes {

/// Exit statuses documented in docs/cli.md.
namespace exit_status {
inline constexpr int k_ok = 0;
inline constexpr int k_nothing_found = 1;
inline constexpr int k_usage = 2;
inline constexpr int k_strict_warnings = 3;
inline constexpr int k_runtime = 4;
inline constexpr int k_locked = 75;
}  // namespace exit_status

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, int status = exit_status::k_runtime)
        : std::runtime_error(message), m_status(status) {}
    int status() const { return m_status; }

private:
    int m_status;
};

}  // namespace notes
