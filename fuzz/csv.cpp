// Fuzzes the RFC 4180 CSV splitter used for results/*.csv.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "data/csv.hpp"

using namespace mb::data;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<csv::Error> errors;
  auto rows = csv::parse(std::string_view(reinterpret_cast<const char*>(data), size), errors);
  for (const auto& r : rows)
    for (const auto& f : r.fields)
      if (f.offset > size) __builtin_trap();
  for (const auto& e : errors)
    if (e.offset > size) __builtin_trap();
  return 0;
}
