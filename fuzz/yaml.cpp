// Differential fuzzing of the front-matter YAML fast path: whenever
// parse_simple_yaml accepts a text, yaml-cpp (parse_yaml_general) must accept
// it too and give the same JSON and the same positions; otherwise trap.
// Also runs parse_yaml (the entry point) on everything.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "config/yaml_json.hpp"

using namespace mb;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  {
    Diagnostics d;
    config::YamlDoc doc;
    config::parse_yaml(text, "x.md", 1, doc, d);
  }
  config::YamlDoc fast, slow;
  if (!config::parse_simple_yaml(text, 1, fast)) return 0;
  Diagnostics d;
  if (!config::parse_yaml_general(text, "x.md", 1, slow, d)) {
    std::fprintf(stderr, "fast path accepted what yaml-cpp refuses\n");
    __builtin_trap();
  }
  if (fast.value.dump() != slow.value.dump()) {
    std::fprintf(stderr, "values differ:\nfast: %s\nslow: %s\n", fast.value.dump().c_str(), slow.value.dump().c_str());
    __builtin_trap();
  }
  for (const auto& [ptr, p] : slow.positions) {
    auto it = fast.positions.find(ptr);
    if (it == fast.positions.end() || it->second.line != p.line || it->second.col != p.col) {
      std::fprintf(stderr, "position of '%s' differs\n", ptr.c_str());
      __builtin_trap();
    }
  }
  if (fast.positions.size() != slow.positions.size()) {
    std::fprintf(stderr, "position counts differ\n");
    __builtin_trap();
  }
  return 0;
}
