#pragma once
// The parser threads' schedule. Private to src/index/.

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace notes::index::detail {

/// Runs `work(i)` for i in [0, n) on `threads` threads and hands the results
/// to `consume(i, result)` on the calling thread in index order. Workers stay
/// at most `window` items ahead of the consumer, which bounds memory.
template <typename Result, typename Work, typename Consume>
void parallel_ordered(std::size_t n, unsigned threads, std::size_t window, Work work, Consume consume) {
    if (threads <= 1 || n < 2) {
        for (std::size_t i = 0; i < n; ++i) consume(i, work(i));
        return;
    }
    std::vector<std::optional<Result>> slots(window);
    std::mutex mutex;
    std::condition_variable ready;   // a slot was filled
    std::condition_variable space;   // the consumer moved on
    std::size_t next = 0;            // next item to claim
    std::size_t consumed = 0;        // items handed to consume
    bool stop = false;

    auto worker = [&] {
        for (;;) {
            std::size_t i;
            {
                std::unique_lock lock(mutex);
                space.wait(lock, [&] { return stop || next >= n || next < consumed + window; });
                if (stop || next >= n) return;
                i = next++;
            }
            Result r = work(i);
            {
                std::lock_guard lock(mutex);
                slots[i % window] = std::move(r);
            }
            ready.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    try {
        for (std::size_t i = 0; i < n; ++i) {
            Result r;
            {
                std::unique_lock lock(mutex);
                ready.wait(lock, [&] { return slots[i % window].has_value(); });
                r = std::move(*slots[i % window]);
                slots[i % window].reset();
                ++consumed;
            }
            space.notify_all();
            consume(i, std::move(r));
        }
    } catch (...) {
        {
            std::lock_guard lock(mutex);
            stop = true;
        }
        space.notify_all();
        for (auto& t : pool) t.join();
        throw;
    }
    for (auto& t : pool) t.join();
}

}  // namespace notes::index::detail
