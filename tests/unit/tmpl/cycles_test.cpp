// Renders that build reference cycles (a top-level macro holds the template's
// variables, which hold the macro; a namespace holding itself). Without the
// cycle breaking in ~Renderer each render leaked; LeakSanitizer
// (scripts/test-sanitizers) fails this test if it comes back. Found by
// fuzz_tmpl (fuzz/regressions/tmpl/macro-cycle-leak).
#include <catch2/catch.hpp>

#include "tmpl/tmpl.hpp"

using namespace mb;

namespace {
std::string render(const std::string& src) {
  tmpl::Environment env({});
  Diagnostics diags;
  std::string out;
  if (!env.render_string(src, "t.html", Value::dict(), out, diags)) return "ERROR";
  return out;
}
}  // namespace

TEST_CASE("renders with macro and namespace cycles leak nothing", "[tmpl][hostile]") {
  CHECK(render("[{% macro nothing() %}{% endmacro %}{{ nothing() }}]") == "[]");
  CHECK(render("{% set ns = namespace() %}{% set ns.me = ns %}{{ ns.me.me is defined }}") == "True");
  CHECK(render("{% set ns = namespace() %}{% macro m() %}{% endmacro %}{% set ns.m = m %}ok") == "ok");
  CHECK(render("{% for i in [1] %}{% macro m() %}{{ i }}{% endmacro %}{{ m() }}{% endfor %}") == "1");
}
