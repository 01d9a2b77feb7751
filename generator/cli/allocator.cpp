// The allocator's settings. A build touches its heap once, page by page: at
// 10,000 news pages some 32,000 first-touch faults of 4 KiB, and on a
// virtual machine each one traps to the hypervisor (about 10 µs on the
// machine of issue 7 on 2026-12-05: a third of a second, more than rendering
// every page). Backed by transparent huge pages, the same heap faults in
// 2 MiB at a time.
//
// mimalloc's own huge-page option pins what it maps: nothing is handed back
// to the kernel, and the full national build grew from 1.6 to 2.1 GB. So the
// huge pages have a budget instead: one arena of kHugeBudget, advised
// MADV_HUGEPAGE and given to mimalloc (mi_manage_os_memory), which takes its
// segments from it first. A news site of 50,000 pages fits in it; a larger
// heap goes on in ordinary pages, which mimalloc decommits as usual. The
// segment mimalloc took before main is advised too.
//
// Skipped when the kernel has THP off ("[never]"), or when the environment
// sets MIMALLOC_RESERVE_OS_MEMORY or MB_HUGE_PAGES=0.
#include "cli/allocator.hpp"

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#ifdef MB_MIMALLOC
#include <mimalloc.h>
#include <sys/mman.h>
#endif

namespace mb::cli {

#ifdef MB_MIMALLOC
namespace {

constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
// mimalloc 2.0 segments are 32 MiB and must be aligned to their size: the
// arena is aligned far beyond that
constexpr std::size_t kArenaAlign = std::size_t{256} << 20;
constexpr std::size_t kHugeBudget = std::size_t{1} << 30;

bool thp_available() {
  FILE* f = std::fopen("/sys/kernel/mm/transparent_hugepage/enabled", "re");
  if (!f) return false;
  char mode[128] = {};
  bool ok = std::fgets(mode, sizeof mode, f) != nullptr && std::strstr(mode, "[never]") == nullptr;
  std::fclose(f);
  return ok;
}

// The mapping that holds a fresh allocation, from /proc/self/maps, advised
// over the whole 2 MiB blocks it spans (pages already touched stay small)
void advise_current_heap() {
  void* probe = std::malloc(64);
  const auto at = reinterpret_cast<std::uintptr_t>(probe);
  if (FILE* f = std::fopen("/proc/self/maps", "re")) {
    char line[512];
    while (std::fgets(line, sizeof line, f)) {
      std::uintptr_t lo = 0, hi = 0;
      if (std::sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &lo, &hi) != 2 || at < lo || at >= hi) continue;
      lo = (lo + kHugePage - 1) & ~(kHugePage - 1);
      hi &= ~(kHugePage - 1);
      if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);  // advice: failure is harmless
      break;
    }
    std::fclose(f);
  }
  std::free(probe);
}

// kHugeBudget of address space, aligned, advised for huge pages; mimalloc
// treats it as committed memory (the kernel backs it on first touch)
void give_huge_arena() {
  const std::size_t span = kHugeBudget + kArenaAlign;
  void* raw = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (raw == MAP_FAILED) return;  // e.g. strict overcommit: ordinary pages, as before
  const auto lo = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t start = (lo + kArenaAlign - 1) & ~(std::uintptr_t{kArenaAlign} - 1);
  if (start > lo) ::munmap(raw, start - lo);
  if (const std::uintptr_t tail = lo + span - (start + kHugeBudget); tail > 0)
    ::munmap(reinterpret_cast<void*>(start + kHugeBudget), tail);
  void* arena = reinterpret_cast<void*>(start);
  ::madvise(arena, kHugeBudget, MADV_HUGEPAGE);
  if (!mi_manage_os_memory(arena, kHugeBudget, /*is_committed=*/true, /*is_large=*/false, /*is_zero=*/true,
                           /*numa_node=*/-1))
    ::munmap(arena, kHugeBudget);
}

}  // namespace
#endif

void tune_allocator() {
#ifdef MB_MIMALLOC
  const char* wanted = std::getenv("MB_HUGE_PAGES");
  if ((wanted && std::strcmp(wanted, "0") == 0) || std::getenv("MIMALLOC_RESERVE_OS_MEMORY") || !thp_available())
    return;
  give_huge_arena();
  advise_current_heap();
#endif
}

std::string allocator_name() {
#ifdef MB_MIMALLOC
  void* p = std::calloc(1, 64);  // calloc: initialised, for -Wmaybe-uninitialized
  bool ours = mi_is_in_heap_region(p);
  std::free(p);
  if (ours) {
    int v = mi_version();  // e.g. 209
    return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
  }
#endif
  return "system malloc";
}

}  // namespace mb::cli
