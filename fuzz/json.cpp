// Fuzzes the positioned JSON parser used by every data file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/json_source.hpp"

using namespace mb;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  Diagnostics diags;
  json::Document doc;
  json::ParseOptions o;
  o.max_depth = 64;
  if (json::parse(std::string(reinterpret_cast<const char*>(data), size), "f.json", doc, diags, o)) {
    // walk the positions of what was parsed
    (void)doc.pos("/0/a");
    (void)doc.key("/a");
    (void)json::describe(doc.root);
  }
  for (const auto& d : diags.sorted()) (void)format_diagnostic(d, true);
  return 0;
}
