#include "cli/clerk.hpp"

namespace mb::cli::clerk {

const Command& command(const char* name) {
  for (const auto& c : commands())
    if (std::string(c.name) == name) return c;
  return commands().front();
}

int parse_lang(const Command& cmd, const std::string& value, importer::Lang& lang) {
  if (value.empty()) return -1;
  auto l = importer::parse_lang(value);
  if (!l) return usage_error(cmd, "--lang must be 'en' or 'vi'");
  lang = *l;
  return -1;
}

int fail(const Command& cmd, const Diagnostics& diags, importer::Lang lang, bool nothing_written) {
  importer::print_diagnostics(diags, lang, std::cerr);
  std::size_t n = diags.error_count();
  std::string count = std::to_string(n);
  std::string line = n == 1 ? importer::msg(lang, "{#0} error", {count}) : importer::msg(lang, "{#0} errors", {count});
  if (nothing_written) line += importer::msg(lang, "; nothing was written");
  std::cerr << "minhbach " << cmd.name << ": " << line << '\n';
  return kInputError;
}

}  // namespace mb::cli::clerk
