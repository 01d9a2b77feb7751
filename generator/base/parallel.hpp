// Parallel loops. Results are written by index, so output order never depends
// on the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace mb {

/// Number of workers for `jobs` (0 = all cores).
inline unsigned worker_count(unsigned jobs) {
  if (jobs > 0) return jobs;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

/// Calls f(i) for every i in [0, n) on up to `jobs` threads (0 = all cores).
/// Indices are handed out in small chunks; f must only write to slot i.
/// Chunks are small (a 256th of a worker's share) because items differ in
/// cost and similar ones sit together: a national site's 3,400 agency
/// profiles, its heaviest pages, come one after another, and in chunks of a
/// 16th of a share they all fell to one thread at the end of the render
/// while the other cores had nothing left (1.5 s of one core). Near the end
/// they shrink to one item: the last chunk of a 50,000-page news site held
/// all 31 tag pages (each lists 1,600 pages) and one thread rendered them
/// alone for 0.14 s. Taking a chunk is one compare-and-swap.
template <class F>
void parallel_for(std::size_t n, unsigned jobs, F&& f) {
  unsigned workers = static_cast<unsigned>(std::min<std::size_t>(worker_count(jobs), n));
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  const std::size_t chunk = std::max<std::size_t>(1, n / (workers * 256));
  auto work = [&] {
    for (std::size_t start = next.load(std::memory_order_relaxed);;) {
      if (start >= n) return;
      // the last 16 rounds of chunks get smaller, down to one item
      const std::size_t size = std::clamp<std::size_t>((n - start) / (workers * 16), 1, chunk);
      if (!next.compare_exchange_weak(start, start + size, std::memory_order_relaxed)) continue;
      const std::size_t end = std::min(n, start + size);
      for (std::size_t i = start; i < end; ++i) f(i);
      start = next.load(std::memory_order_relaxed);
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  for (unsigned t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
}

}  // namespace mb
