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
/// while the other cores had nothing left (1.5 s of one core). Taking a
/// chunk is one atomic add.
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
    for (;;) {
      std::size_t start = next.fetch_add(chunk);
      if (start >= n) return;
      std::size_t end = std::min(n, start + chunk);
      for (std::size_t i = start; i < end; ++i) f(i);
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  for (unsigned t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
}

}  // namespace mb
