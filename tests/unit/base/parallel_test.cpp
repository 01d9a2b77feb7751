// parallel_for: every index exactly once, whatever the thread count and size.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "base/parallel.hpp"

using namespace mb;

TEST_CASE("parallel_for visits every index exactly once", "[parallel]") {
  for (std::size_t n : {0u, 1u, 2u, 3u, 17u, 255u, 256u, 513u, 4096u, 50037u}) {
    for (unsigned jobs : {1u, 2u, 3u, 8u}) {
      std::vector<std::atomic<int>> seen(n);
      parallel_for(n, jobs, [&](std::size_t i) { seen[i].fetch_add(1, std::memory_order_relaxed); });
      std::size_t wrong = 0;
      for (auto& s : seen) wrong += s.load() != 1;
      INFO("n = " << n << ", jobs = " << jobs);
      CHECK(wrong == 0);
    }
  }
}

TEST_CASE("parallel_for shares the last items between threads", "[parallel]") {
  // a slow last stretch (the tag pages at the end of a site's jobs) must not
  // fall to one thread: with two workers, both take part of the last 32. A
  // thread that reaches the stretch first waits there for the other (up to
  // 5 s, so handing the whole stretch to one thread fails instead of hanging).
  const std::size_t n = 50000;
  std::mutex m;
  std::condition_variable cv;
  std::set<std::thread::id> in_tail;
  parallel_for(n, 2, [&](std::size_t i) {
    if (i < n - 32) return;
    std::unique_lock<std::mutex> lock(m);
    if (!in_tail.insert(std::this_thread::get_id()).second) return;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(5), [&] { return in_tail.size() >= 2; });
  });
  CHECK(in_tail.size() == 2);
}
