// The allocator's settings. A build touches its heap once, page by page:
// at 10,000 pages some 32,000 first-touch page faults of 4 KiB, and on a
// virtual machine each one traps to the hypervisor (about 10 µs on the
// machine of issue 7: a third of a second, more than rendering every page).
// With transparent huge pages the same heap faults in 2 MiB at a time: about
// 70 faults. So mimalloc is asked to allocate its segments with
// MADV_HUGEPAGE (the kernel's default THP mode is "madvise"), including each
// thread's first segment, and the segment it already took before main is
// advised too. Where the kernel has THP off, the advice does nothing.
//
// A user's own MIMALLOC_LARGE_OS_PAGES / MIMALLOC_EAGER_COMMIT_DELAY /
// MIMALLOC_ALLOW_DECOMMIT in the environment win over these settings.
#include "cli/allocator.hpp"

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#ifdef MB_MIMALLOC
#include <mimalloc.h>
#include <sys/mman.h>
#endif

namespace mb::cli {

#ifdef MB_MIMALLOC
namespace {

bool user_set(const char* name) { return std::getenv(name) != nullptr; }

// The mapping that holds a fresh allocation, from /proc/self/maps, advised
// for huge pages over the whole 2 MiB blocks it spans (pages already touched
// stay small; the rest of the segment fills in huge pages)
void advise_current_heap() {
  void* probe = std::malloc(64);
  const auto at = reinterpret_cast<std::uintptr_t>(probe);
  if (FILE* f = std::fopen("/proc/self/maps", "re")) {
    char line[512];
    while (std::fgets(line, sizeof line, f)) {
      std::uintptr_t lo = 0, hi = 0;
      if (std::sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &lo, &hi) != 2 || at < lo || at >= hi) continue;
      constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
      lo = (lo + huge - 1) & ~(huge - 1);
      hi &= ~(huge - 1);
      if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);  // advice: failure is harmless
      break;
    }
    std::fclose(f);
  }
  std::free(probe);
}

}  // namespace
#endif

void tune_allocator() {
#ifdef MB_MIMALLOC
  if (user_set("MIMALLOC_LARGE_OS_PAGES")) return;
  mi_option_enable(mi_option_large_os_pages);
  // by default a thread's first segment is committed lazily and never gets huge pages
  if (!user_set("MIMALLOC_EAGER_COMMIT_DELAY")) mi_option_set(mi_option_eager_commit_delay, 0);
  advise_current_heap();
#endif
}

void keep_freed_memory() {
#ifdef MB_MIMALLOC
  // decommitting (MADV_DONTNEED) splits the huge pages, and the memory is
  // soon touched again, a fault per 4 KiB; the process ends with the build
  if (!user_set("MIMALLOC_ALLOW_DECOMMIT")) mi_option_disable(mi_option_allow_decommit);
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
