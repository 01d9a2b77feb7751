#pragma once
// How the process's allocator is set up (see allocator.cpp).
#include <string>

namespace mb::cli {

// Called first in main: backs the heap with transparent huge pages where the
// kernel offers them (mimalloc builds; nothing otherwise).
void tune_allocator();

// For commands that end with one build (build, check): freed memory is kept
// for reuse instead of being handed back to the kernel.
void keep_freed_memory();

// "mimalloc 2.0.9" when mimalloc serves malloc, else "system malloc".
std::string allocator_name();

}  // namespace mb::cli
