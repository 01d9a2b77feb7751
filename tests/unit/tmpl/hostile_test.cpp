// Hostile templates fail with a clean error instead of crashing or hanging.
#include <catch2/catch.hpp>

#include "tmpl/tmpl.hpp"

using namespace mb;

namespace {
std::string render_err(const std::string& src) {
  tmpl::Environment env({});
  Diagnostics diags;
  std::string out;
  if (env.render_string(src, "h.html", Value::dict(), out, diags)) return "OK:" + out.substr(0, 40);
  auto v = diags.sorted();
  return v.empty() ? "ERROR" : v[0].message;
}
std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}
}  // namespace

TEST_CASE("deep nesting is refused at load", "[tmpl][hostile]") {
  CHECK(render_err("{{ " + repeat("(", 5000) + "1" + repeat(")", 5000) + " }}") == "brackets nested too deeply");
  CHECK(render_err("{{ " + repeat("-", 5000) + "1 }}") == "template too deeply nested");
  CHECK_THAT(render_err(repeat("{% if 1 %}", 3000) + repeat("{% endif %}", 3000)), Catch::Contains("too deeply nested"));
  CHECK(render_err("{{ 1" + repeat(" + 1", 100000) + " }}") == "expression too deeply nested or too long");
  CHECK(render_err("{{ x" + repeat("|default(1)", 50000) + " }}") == "expression too deeply nested or too long");
  CHECK(render_err("{{ 1" + repeat(" + 1", 100) + " }}") == "OK:101");
}

TEST_CASE("recursion is limited", "[tmpl][hostile]") {
  CHECK_THAT(render_err("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"), Catch::StartsWith("maximum nesting depth (64)"));
  CHECK_THAT(render_err("{% block a %}{{ self.a() }}{% endblock %}"), Catch::StartsWith("maximum nesting depth"));
  CHECK(render_err("{% set ns = namespace(x=[1]) %}{% for i in range(100000) %}{% set ns.x = [ns.x] %}{% endfor %}") ==
        "value nested too deeply");
  CHECK_THAT(render_err("{% set ns = namespace() %}{% set ns.me = ns %}{{ ns }}"), Catch::StartsWith("OK:&lt;Namespace"));
}

TEST_CASE("resource and arithmetic limits", "[tmpl][hostile]") {
  CHECK(render_err("{{ 'x' * 10000000000 }}") == "string repetition too large");
  CHECK(render_err("{{ range(10000000000) }}") == "range too big (more than 1000000 items)");
  CHECK(render_err("{{ 2 ** 100 }}") == "integer overflow in '**'");
  CHECK(render_err("{{ (-9223372036854775807 - 1) // -1 }}") == "integer overflow in '//'");
  CHECK(render_err("{{ -(-9223372036854775807 - 1) }}") == "integer overflow");
  CHECK(render_err("{{ 99999999999999999999 }}") == "integer literal too large");
  CHECK(render_err("{{ [1, 2][1:2:0] }}") == "slice step cannot be zero");
  CHECK(render_err(std::string("{{ '\xff' }}")) == "template is not valid UTF-8 text");
  CHECK(render_err("{{ x") == "expected '}}', got 'end of template'");
}
