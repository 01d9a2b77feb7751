#pragma once
// How the process's allocator is set up (see allocator.cpp).
#include <string>

namespace mb::cli {

// Called first in main: backs the first GiB of the heap with transparent huge
// pages where the kernel offers them (mimalloc builds; nothing otherwise).
void tune_allocator();

// "mimalloc 2.0.9" when mimalloc serves malloc, else "system malloc".
std::string allocator_name();

}  // namespace mb::cli
