// The stdio transport: newline-delimited JSON-RPC on two file descriptors.
//
// Three threads. The reader reads lines, refuses a line longer than the
// message limit without keeping it (-32600, then the next line), answers
// `ping` at once, and acts on `notifications/cancelled`; every other message
// goes, in order, to the worker, which answers one at a time with Server. A
// cancelled request still queued is dropped; one being answered has its SQL
// interrupted and its answer dropped (the specification: no response to a
// cancelled request). The watchdog interrupts a request that runs past the
// time limit. One mutex makes each response one whole line on the output.
//
// Nothing else may reach the output: while serving, the process's own
// standard output (fd 1) is pointed at standard error, so that a stray
// printf anywhere becomes a log line instead of a corrupt message.

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "json.hpp"
#include "notes/mcp/server.hpp"

namespace notes::mcp {
namespace {

/// Messages read ahead of the worker; the reader waits beyond this.
constexpr std::size_t k_max_queued = 256;

struct Queued {
    std::string line;
    std::string id;  ///< dump() of the request id; empty for notifications
};

class Transport {
  public:
    Transport(const ServerOptions& options, int in, int out)
        : m_options(options), m_server(options), m_in(in), m_out(out) {}

    int run() {
        std::thread worker([this] { work(); });
        std::thread watchdog([this] { watch(); });
        read_input();
        {
            std::lock_guard lock(m_mutex);
            m_input_done = true;
        }
        m_changed.notify_all();
        worker.join();
        {
            std::lock_guard lock(m_mutex);
            m_finished = true;
        }
        m_changed.notify_all();
        watchdog.join();
        return 0;
    }

  private:
    void write_line(const std::string& text) {
        std::lock_guard lock(m_write_mutex);
        if (m_output_closed) return;
        std::string line = text;
        line.push_back('\n');
        std::size_t done = 0;
        while (done < line.size()) {
            const ssize_t n = ::write(m_out, line.data() + done, line.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                m_output_closed = true;  // the client went away
                return;
            }
            done += static_cast<std::size_t>(n);
        }
    }

    static std::string error_line(const char* message, int code) {
        return dump(Json{{"jsonrpc", "2.0"},
                         {"id", nullptr},
                         {"error", {{"code", code}, {"message", message}}}});
    }

    void read_input() {
        std::string line;
        bool too_long = false;
        std::size_t long_size = 0;
        char buf[65536];
        for (;;) {
            const ssize_t n = ::read(m_in, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            std::size_t start = 0;
            const auto size = static_cast<std::size_t>(n);
            while (start < size) {
                const char* nl =
                    static_cast<const char*>(std::memchr(buf + start, '\n', size - start));
                const std::size_t end = nl != nullptr ? static_cast<std::size_t>(nl - buf) : size;
                const std::size_t piece = end - start;
                if (too_long) {
                    long_size += piece;
                } else if (line.size() + piece > m_options.max_message_bytes) {
                    too_long = true;
                    long_size = line.size() + piece;
                    line.clear();
                    line.shrink_to_fit();
                } else {
                    line.append(buf + start, piece);
                }
                start = end;
                if (nl != nullptr) {
                    ++start;
                    if (too_long) {
                        refuse_long(long_size);
                        too_long = false;
                    } else {
                        take(std::move(line));
                    }
                    line.clear();
                }
                if (m_output_closed) return;
            }
        }
        if (too_long) {
            refuse_long(long_size);
        } else if (!line.empty()) {
            take(std::move(line));
        }
    }

    void refuse_long(std::size_t size) {
        const std::string message = "Invalid Request: the message is " + std::to_string(size) +
                                    " bytes, more than the limit of " +
                                    std::to_string(m_options.max_message_bytes) +
                                    " (notes mcp --max-message-bytes)";
        std::fprintf(stderr, "notes mcp: refused a message of %zu bytes\n", size);
        write_line(dump(Json{{"jsonrpc", "2.0"},
                             {"id", nullptr},
                             {"error", {{"code", -32600}, {"message", message}}}}));
    }

    /// One line read: answered here (ping, cancellation) or queued.
    void take(std::string line) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) return;
        Queued item;
        Json msg;
        try {
            msg = Json::parse(line);
        } catch (const Json::parse_error&) {
            msg = nullptr;  // the worker answers the parse error, in order
        }
        if (msg.is_object()) {
            const Json method = msg.value("method", Json());
            const bool has_id = msg.contains("id");
            if (has_id) item.id = dump(msg["id"]);
            if (!has_id && method == "notifications/cancelled") {
                cancel(msg.value("params", Json::object()));
                return;
            }
            const bool modern =
                msg.contains("params") && msg["params"].is_object() &&
                msg["params"].contains("_meta") && msg["params"]["_meta"].is_object() &&
                msg["params"]["_meta"].contains("io.modelcontextprotocol/protocolVersion");
            if (has_id && method == "ping" && !modern && msg.value("jsonrpc", Json()) == "2.0" &&
                (msg["id"].is_string() || msg["id"].is_number_integer())) {
                write_line(
                    dump(Json{{"jsonrpc", "2.0"}, {"id", msg["id"]}, {"result", Json::object()}}));
                return;
            }
        }
        item.line = std::move(line);
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_queue.size() < k_max_queued; });
        m_queue.push_back(std::move(item));
        m_changed.notify_all();
    }

    void cancel(const Json& params) {
        if (!params.is_object() || !params.contains("requestId")) return;
        const std::string id = dump(params["requestId"]);
        std::lock_guard lock(m_mutex);
        if (m_current && *m_current == id) {
            m_server.interrupt(/*cancelled=*/true);
        } else {
            for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
                if (it->id == id) {
                    m_queue.erase(it);
                    m_changed.notify_all();
                    break;
                }
            }
        }
        if (m_options.verbose)
            std::fprintf(stderr, "notes mcp: request %s cancelled\n", id.c_str());
    }

    void work() {
        for (;;) {
            Queued item;
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [this] { return !m_queue.empty() || m_input_done; });
                if (m_queue.empty()) return;
                item = std::move(m_queue.front());
                m_queue.pop_front();
                if (!item.id.empty()) m_current = item.id;
                m_server.clear_interrupt();
                m_deadline = std::chrono::steady_clock::now() +
                             std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(m_options.timeout_seconds));
                m_changed.notify_all();
            }
            std::optional<std::string> response = m_server.handle(item.line);
            {
                std::lock_guard lock(m_mutex);
                m_current.reset();
            }
            if (response) write_line(*response);
        }
    }

    /// Interrupts the current request once it is past its deadline (again
    /// every tick: an interrupt finds only the statement running then).
    void watch() {
        std::unique_lock lock(m_mutex);
        while (!m_finished) {
            m_changed.wait_for(lock, std::chrono::milliseconds(100));
            if (m_current && m_options.timeout_seconds > 0 &&
                std::chrono::steady_clock::now() > m_deadline) {
                m_server.interrupt(/*cancelled=*/false);
            }
        }
    }

    const ServerOptions& m_options;
    Server m_server;
    int m_in, m_out;

    std::mutex m_write_mutex;
    std::atomic<bool> m_output_closed{false};

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Queued> m_queue;
    std::optional<std::string> m_current;
    std::chrono::steady_clock::time_point m_deadline;
    bool m_input_done = false;
    bool m_finished = false;
};

}  // namespace

int serve_stdio(const ServerOptions& options, int in, int out) {
    // A client that closes its end must not kill the process mid-write.
    ::signal(SIGPIPE, SIG_IGN);
    std::fflush(stdout);
    const int protocol = ::dup(out);
    if (protocol < 0) {
        std::perror("notes mcp: dup");
        return 4;
    }
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    if (options.verbose) {
        std::fprintf(stderr, "notes mcp: serving %s (index %s)\n", options.vault.c_str(),
                     options.db.c_str());
    }
    Transport transport(options, in, protocol);
    const int status = transport.run();
    ::close(protocol);
    return status;
}

}  // namespace notes::mcp
