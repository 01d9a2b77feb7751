// Fuzzes a content page: UTF-8 check, front-matter splitter, YAML → JSON
// conversion, field validation, dates and the Markdown body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "content/page.hpp"

using namespace mb;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  content::LoadOptions options;
  options.today = "2026-06-30";
  {
    Diagnostics diags;
    content::Page page;
    content::parse_page(text, "tin-tuc/a.md", "content/tin-tuc/a.md", page, diags, options);
    for (const auto& d : diags.sorted()) (void)format_diagnostic(d, true);
  }
  {
    Diagnostics diags;
    std::string_view front, body;
    int line = 0;
    content::split_front_matter(text, "a.md", front, body, line, diags);
  }
  {
    std::string s(text.substr(0, 64)), out;
    content::normalise_date(s, "+07:00", out);
  }
  return 0;
}
