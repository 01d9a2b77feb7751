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

TEST_CASE("runaway loops, recursion and outputs stop at the render's limits", "[tmpl][hostile]") {
  tmpl::Options o;
  o.max_loop_iterations = 5000;
  o.max_output_bytes = 1u << 20;
  tmpl::Environment env({}, o);
  auto run = [&](const std::string& src) {
    Diagnostics d;
    std::string out;
    if (env.render_string(src, "t.html", Value::dict(), out, d)) return std::string("ok");
    return format_diagnostic(d.sorted().at(0), false);
  };
  const std::string iterations =
      " error: more than 5000 loop iterations and calls in one render (limits.loop_iterations; runaway loop or recursion?)";
  CHECK(run("{% for i in range(100) %}{% for j in range(100) %}{% endfor %}{% endfor %}") == "t.html:1:29:" + iterations);
  // no loop at all: a macro calling itself twice per level
  CHECK(run("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}")
            .starts_with("t.html:1:45:" + iterations + "\n  note: called from t.html:1:31"));
  CHECK(run("{% for i in range(4000) %}{{ 'x' * 1000 }}{% endfor %}") ==
        "t.html:1:34: error: output larger than 1 MB in one render (limits.page_mb)");
  // a captured block grows a buffer of its own: checked as it grows too
  CHECK(run("{% set b %}{% for i in range(4000) %}{{ 'x' * 1000 }}{% endfor %}{% endset %}") ==
        "t.html:1:45: error: output larger than 1 MB in one render (limits.page_mb)");
  CHECK(run("{% filter upper %}{% for i in range(4000) %}{{ 'x' * 1000 }}{% endfor %}{% endfilter %}") ==
        "t.html:1:52: error: output larger than 1 MB in one render (limits.page_mb)");
  // doubling a value needs only a few iterations and prints nothing
  CHECK(run("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}") ==
        "t.html:1:70: error: string larger than 1 MB in one render (limits.page_mb)");
  CHECK(run("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}") ==
        "t.html:1:75: error: string larger than 1 MB in one render (limits.page_mb)");
  CHECK(run("{% set ns = namespace(s=[1]) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}") ==
        "t.html:1:75: error: list larger than 1 MB in one render (limits.page_mb)");
  CHECK(run("{% for i in range(4000) %}{{ i }}{% endfor %}") == "ok");
  CHECK(run("{% set ns = namespace(s='x') %}{% for i in range(19) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}") == "ok");
}

TEST_CASE("truncate's length + leeway near 2**63 does not overflow", "[tmpl][hostile]") {
  // found by fuzz_tmpl (fuzz/regressions/tmpl/truncate-leeway-overflow): UBSan
  // reported the signed overflow; Python's integers simply compare larger
  CHECK(render("{{ 'abcdef'|truncate(3, true, '', 9223372036854775807) }}") == "abcdef");
  CHECK(render("{{ 'abcdef'|truncate(9223372036854775807, true, '', 9223372036854775807) }}") == "abcdef");
  CHECK(render("{{ 'abcdefghij'|truncate(4, true, '.', 0) }}") == "abc.");
}
