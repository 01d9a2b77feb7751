// Fuzzes the spreadsheet reader of `minhbach import`: the first input byte
// picks .xlsx (zip + XML through libzip and libxml2) or CSV (encoding
// detection, separator detection, RFC 4180 rows); the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "importer/table.hpp"

using namespace mb;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > (1u << 18)) return 0;
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  Diagnostics diags;
  importer::Table t;
  importer::ReadOptions o;
  o.max_bytes = 4u << 20;
  bool ok = (data[0] & 1) ? importer::read_xlsx(bytes, "f.xlsx", t, diags, o)
                          : importer::read_csv(bytes, "f.csv", t, diags, o);
  if (ok)
    for (const auto& r : t.rows)
      for (const auto& c : r.cells) (void)t.cell_name(c);
  for (const auto& d : diags.sorted()) (void)format_diagnostic(d, true);
  return 0;
}
