// Fuzzes the template lexer, parser and renderer: the input is a template
// source rendered (auto-escaping on) against a small fixed context that holds
// nested lists and dicts, untrusted-looking strings and numbers.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tmpl/tmpl.hpp"

using namespace mb;

namespace {
Value context() {
  Value page = Value::dict();
  page.set("title", Value("<script>alert(1)</script>"));
  page.set("url", Value("/tin-tuc/a/"));
  page.set("n", Value(static_cast<long long>(42)));
  page.set("x", Value(3.5));
  Value list = Value::list();
  for (int i = 0; i < 5; ++i) {
    Value e = Value::dict();
    e.set("name", Value("m" + std::to_string(i)));
    e.set("v", Value(static_cast<long long>(i * 7 % 3)));
    list.push(std::move(e));
  }
  page.set("items", list);
  Value ctx = Value::dict();
  ctx.set("page", page);
  ctx.set("s", Value("chào \"thế giới\" & <b>"));
  return ctx;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Value ctx = context();
  static tmpl::Environment env({});
  if (size > 4096) return 0;  // long inputs only slow the search down
  std::string src(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  std::string out;
  env.render_string(src, "fuzz.html", ctx, out, diags);
  return 0;
}
