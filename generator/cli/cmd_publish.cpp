#include <iostream>

#include "cli/office.hpp"

namespace mb::cli {

int cmd_publish(const Args& args) {
  const Command& cmd = office::command("publish");
  OptionParser parser(cmd, args);
  std::vector<std::string> pos;
  if (int rc = parser.parse(&pos); rc >= 0) return rc;
  std::cerr << "minhbach publish: not implemented yet\n";
  return kInputError;
}

}  // namespace mb::cli
