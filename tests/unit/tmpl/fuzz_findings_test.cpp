// Template inputs found by fuzz_tmpl (fuzz/regressions/tmpl/): each must end
// quickly with output or an error, without exhausting memory.
#include <catch2/catch.hpp>

#include "tmpl/tmpl.hpp"

using namespace mb;

namespace {
std::string render(const std::string& src) {
  tmpl::Environment env({});
  Diagnostics diags;
  std::string out;
  if (!env.render_string(src, "t.html", Value::dict(), out, diags)) {
    auto all = diags.sorted();
    return "ERROR: " + (all.empty() ? std::string() : all[0].message);
  }
  return out;
}
}  // namespace

TEST_CASE("repetition counts near 2**63 are refused, not overflowed", "[tmpl][hostile]") {
  CHECK(render("{{ 8 * '%s' * 2 ** 62 }}") == "ERROR: string repetition too large");
  CHECK(render("{{ ('ab' * 2 ** 62) | length }}") == "ERROR: string repetition too large");
  CHECK(render("{{ ([1, 2] * 2 ** 62) | length }}") == "ERROR: list repetition too large");
  CHECK(render("{{ (2 ** 62 * [1]) | length }}") == "ERROR: list repetition too large");
  // nothing repeated any number of times is nothing, at once
  CHECK(render("{{ ('' * 2 ** 62) | length }}") == "0");
  CHECK(render("{{ ([] * 2 ** 62) | length }}") == "0");
  CHECK(render("{{ 'ab' * 3 }}") == "ababab");
}
