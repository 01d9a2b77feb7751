#include <iostream>

#include "cli/commands.hpp"

namespace mb::cli {

int cmd_build(const Args& args) {
  std::cerr << "minhbach build: not implemented yet\n";
  return kInputError;
}

int cmd_check(const Args& args) {
  std::cerr << "minhbach check: not implemented yet\n";
  return kInputError;
}

}  // namespace mb::cli
