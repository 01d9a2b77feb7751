#include <iostream>

#include "cli/commands.hpp"

namespace mb::cli {

// Replaced by the template engine's implementation (tmpl module).
int cmd_template(const Args& args) {
  std::cerr << "minhbach template: the template engine is not built yet\n";
  return kInputError;
}

}  // namespace mb::cli
