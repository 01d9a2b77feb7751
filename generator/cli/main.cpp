// minhbach — a static site generator for public transparency publishing.
// The binary is thin: each subcommand lives in its own cmd_*.cpp file and is
// registered in commands.hpp.
#include <cstring>
#include <iostream>
#include <string>

#include "cli/allocator.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  mb::cli::tune_allocator();  // before the work allocates: huge pages
  std::vector<std::string> args(argv + 1, argv + argc);
  return mb::cli::dispatch(args);
}
