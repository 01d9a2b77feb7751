#include <catch2/catch.hpp>

#include <thread>

#include "tmpl/tmpl.hpp"

using namespace mb;

namespace {

// Renders `src` as a template called `name`; returns output or "ERROR: diag".
std::string render(const std::string& src, const Value& ctx = Value::dict(), const std::string& name = "t.html") {
  tmpl::Environment env({});
  Diagnostics diags;
  std::string out;
  if (!env.render_string(src, name, ctx, out, diags)) {
    std::string msg = "ERROR:";
    for (const auto& d : diags.sorted()) msg += " " + format_diagnostic(d, false);
    return msg;
  }
  return out;
}

Value ctx_of(std::initializer_list<std::pair<const char*, Value>> kv) {
  Value d = Value::dict();
  for (const auto& [k, v] : kv) d.set(k, v);
  return d;
}

}  // namespace

TEST_CASE("output escapes HTML in .html templates", "[tmpl]") {
  auto ctx = ctx_of({{"x", Value("<script>alert(1)</script>")}, {"a", Value("\" onmouseover=\"x")}});
  CHECK(render("{{ x }}", ctx) == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(render("<a title=\"{{ a }}\">", ctx) == "<a title=\"&#34; onmouseover=&#34;x\">");
  CHECK(render("{{ x }}", ctx, "t.txt") == "<script>alert(1)</script>");
  CHECK(render("{{ x|safe }}", ctx) == "<script>alert(1)</script>");
  CHECK(render("{{ x|e }}", ctx, "t.txt") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(render("{{ '<b>'|safe ~ x }}", ctx) == "<b>&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(render("{{ \"'\" }}") == "&#39;");
}

TEST_CASE("statements: if, for, set, macro", "[tmpl]") {
  CHECK(render("{% if 0 %}a{% elif 1 %}b{% else %}c{% endif %}") == "b");
  CHECK(render("{% for i in [1,2,3] %}{{ loop.index }}{{ i }}{% if not loop.last %},{% endif %}{% endfor %}") ==
        "11,22,33");
  CHECK(render("{% for k, v in {'a': 1, 'b': 2}|items %}{{ k }}={{ v }};{% endfor %}") == "a=1;b=2;");
  CHECK(render("{% for i in [] %}x{% else %}empty{% endfor %}") == "empty");
  CHECK(render("{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{% endfor %}{{ x }}") == "1");
  CHECK(render("{% set x %}<b>{{ 1 }}</b>{% endset %}{{ x }}") == "<b>1</b>");
  CHECK(render("{% macro m(a, b=2) %}{{ a }}-{{ b }}{% endmacro %}{{ m(1) }} {{ m(1, b=3) }}") == "1-2 1-3");
  CHECK(render("{%- if true -%}\n  x  \n{%- endif -%}") == "x");
  CHECK(render("{% raw %}{{ x }}{% endraw %}") == "{{ x }}");
  CHECK(render("a\n{# comment #}b\n") == "a\nb\n");
}

TEST_CASE("expressions follow Python", "[tmpl]") {
  CHECK(render("{{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 2 ** 10 }} {{ 4 / 2 }}") == "3 -4 2 3.5 1024 2.0");
  CHECK(render("{{ 0.1 + 0.2 }} {{ 1e20 }} {{ 1.5e-7 }}") == "0.30000000000000004 1e+20 1.5e-07");
  CHECK(render("{{ 1 < 2 < 3 }} {{ 'a' in 'cat' }} {{ 3 not in [1] }}") == "True True True");
  CHECK(render("{{ none or 'x' }} {{ 0 and 1 }} {{ 'y' if false else 'n' }}") == "x 0 n");
  CHECK(render("{{ [1, 'a', none] }} {{ (1,) }}", Value::dict(), "t.txt") == "[1, 'a', None] (1,)");
  CHECK(render("{{ 'abc'[1:] }} {{ [1,2,3][-1] }}") == "bc 3");
  CHECK_THAT(render("{{ 9223372036854775807 + 1 }}"), Catch::Contains("integer overflow"));
  CHECK_THAT(render("{{ 1 / 0 }}"), Catch::Contains("division by zero"));
}

TEST_CASE("strict undefined reports line and column", "[tmpl]") {
  CHECK(render("a\n  {{ missing }}") == "ERROR: t.html:2:6: error: 'missing' is undefined");
  CHECK(render("{{ missing is defined }} {{ missing|default('d') }}") == "False d");
  CHECK(render("{{ d.nope }}", ctx_of({{"d", Value::dict()}})) ==
        "ERROR: t.html:1:6: error: 'dict object' has no attribute 'nope'");
  CHECK_THAT(render("{% if missing %}{% endif %}"), Catch::Contains("'missing' is undefined"));
  CHECK(render("{% set total = 1 %}{{ totl }}") == "ERROR: t.html:1:23: error: 'totl' is undefined\n  note: did you mean 'total'?");
}

TEST_CASE("syntax errors are reported with position", "[tmpl]") {
  CHECK(render("x\n{% for i in %}") == "ERROR: t.html:2:13: error: expected an expression, got 'end of statement block'");
  CHECK_THAT(render("{{ x|nope }}"), Catch::Contains("t.html:1:6: error: no filter named 'nope'"));
  CHECK_THAT(render("{% if x %}"), Catch::Contains("unexpected end of template, expected 'elif' or 'else' or 'endif'"));
}

TEST_CASE("site filters", "[tmpl][site]") {
  CHECK(render("{{ 1234 | number }}") == "1.234");
  CHECK(render("{{ 1234567.891 | number(2) }}") == "1.234.567,89");
  CHECK(render("{{ 88.5 | number(1) }}") == "88,5");
  CHECK(render("{{ -1234.5 | number }}") == "-1.235");
  CHECK(render("{{ 88.5 | percent }}") == "88,5%");
  CHECK(render("{{ 2.675 | number(2) }}") == "2,68");
  CHECK(render("{{ '2025-12-30' | date }}") == "30/12/2025");
  CHECK(render("{{ '2025-12-30T08:05' | date('%H:%M %d/%m/%Y') }}") == "08:05 30/12/2025");
  CHECK(render("{{ '2025-12-30' | date('long') }}") == "ngày 30 tháng 12 năm 2025");
  CHECK(render("{{ '2025-02-05' | date('long') }}") == "ngày 05 tháng 02 năm 2025");
  CHECK(render("{{ 'Sở Nội vụ' | slugify }}") == "so-noi-vu");
  CHECK_THAT(render("{{ 'x' | number }}"), Catch::Contains("expects a number"));
}

TEST_CASE("site filters and functions can be registered", "[tmpl]") {
  tmpl::Environment env({});
  env.add_filter("shout", [](const Value& self, const std::vector<Value>& args, const tmpl::Kwargs&, tmpl::CallContext&) {
    return Value(self.as_string() + "!");
  });
  env.add_filter("html", [](const Value& self, const std::vector<Value>&, const tmpl::Kwargs&, tmpl::CallContext&) {
    return Value::safe("<em>" + self.as_string() + "</em>");
  });
  env.add_function("greet", [](const Value&, const std::vector<Value>& args, const tmpl::Kwargs& kw, tmpl::CallContext& cc) {
    if (args.empty()) throw tmpl::Error("needs a name");
    return Value("hi " + args[0].as_string() + (cc.autoescape() ? " (html)" : ""));
  });
  Diagnostics diags;
  std::string out;
  REQUIRE(env.render_string("{{ 'a'|shout }} {{ 'b'|html }} {{ greet('c') }}", "t.html", Value::dict(), out, diags));
  CHECK(out == "a! <em>b</em> hi c (html)");
  out.clear();
  CHECK_FALSE(env.render_string("\n {{ greet() }}", "t.html", Value::dict(), out, diags));
  REQUIRE(diags.size() == 1);
  CHECK(format_diagnostic(diags.sorted()[0], false) == "t.html:2:10: error: function 'greet': needs a name");
}

TEST_CASE("a const environment renders identically from 4 threads", "[tmpl][threads]") {
  tmpl::Environment env({});
  Value items = Value::list();
  for (int i = 0; i < 300; ++i) {
    Value it = Value::dict();
    it.set("name", "mục <" + std::to_string(i) + ">");
    it.set("n", i);
    items.push(it);
  }
  Value ctx = ctx_of({{"items", items}});
  const std::string src =
      "{% macro row(i) %}<li>{{ i.name }} {{ i.n * 2 }}</li>{% endmacro %}"
      "{% for i in items|sort(attribute='n', reverse=true) %}{{ row(i) }}{% endfor %}{{ items|length }}";
  const tmpl::Environment& cenv = env;
  std::string expected;
  Diagnostics d0;
  REQUIRE(cenv.render_string(src, "t.html", ctx, expected, d0));
  std::vector<std::string> outs(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < 20; ++k) {
        std::string out;
        Diagnostics d;
        cenv.render_string(src, "t.html", ctx, out, d);
        if (k == 0) outs[t] = out;
        else if (out != outs[t]) outs[t] = "MISMATCH";
      }
    });
  for (auto& th : threads) th.join();
  for (const auto& o : outs) CHECK(o == expected);
}

TEST_CASE("strict_undefined off behaves as Jinja2's Undefined", "[tmpl]") {
  tmpl::Options opts;
  opts.strict_undefined = false;
  tmpl::Environment env({}, opts);
  Diagnostics diags;
  std::string out;
  REQUIRE(env.render_string("[{{ missing }}]{% if missing %}x{% endif %}{% for i in missing %}y{% endfor %}{{ missing|length }}",
                            "t.html", Value::dict(), out, diags));
  CHECK(out == "[]0");
  out.clear();
  CHECK_FALSE(env.render_string("{{ missing + 1 }}", "t.html", Value::dict(), out, diags));
}

TEST_CASE("call blocks pass their body as caller", "[tmpl]") {
  CHECK(render("{% macro card(t) %}<div>{{ t }}:{{ caller() }}</div>{% endmacro %}"
               "{% call card('<x>') %}<b>{{ 1 + 1 }}</b>{% endcall %}") == "<div>&lt;x&gt;:<b>2</b></div>");
  CHECK(render("{% macro each(items) %}{% for i in items %}[{{ caller(i) }}]{% endfor %}{% endmacro %}"
               "{% call(it) each(['a', 'b']) %}{{ it|upper }}{% endcall %}") == "[A][B]");
  CHECK(render("{% macro m() %}x{% endmacro %}{% call m() %}y{% endcall %}") ==
        "ERROR: t.html:1:40: error: macro 'm' takes no keyword argument 'caller'");
}

TEST_CASE("autoescape blocks switch escaping for their body", "[tmpl]") {
  auto ctx = ctx_of({{"s", Value("<b>")}});
  CHECK(render("{% autoescape false %}{{ s }}{% endautoescape %}{{ s }}", ctx) == "<b>&lt;b&gt;");
  CHECK(render("{% autoescape true %}{{ s }}{% endautoescape %}", ctx, "t.txt") == "&lt;b&gt;");
  CHECK(render("{% autoescape false %}{% macro m() %}{{ s }}{% endmacro %}{{ m() }}{% endautoescape %}", ctx) == "<b>");
  CHECK(render("{% autoescape false %}{% set x = 1 %}{% endautoescape %}{{ x is defined }}", ctx) == "False");
}

TEST_CASE("nested calls and filters keep their own arguments", "[tmpl]") {
  // argument lists are reused from finished calls: nested and repeated calls must not see each other's
  const std::string macros =
      "{% macro pair(a, b) %}({{ a }},{{ b }}){% endmacro %}"
      "{% macro wrap(x, y=3) %}[{{ x }}|{{ y }}]{% endmacro %}";
  CHECK(render(macros + "{{ pair(wrap(1, 2), pair(3, wrap(4))) }}") == "([1|2],(3,[4|3]))");
  CHECK(render(macros + "{% for i in range(3) %}{{ pair(i, 'abc' | replace('b', i | string)) }}{% endfor %}") ==
        "(0,a0c)(1,a1c)(2,a2c)");
  CHECK(render("{{ 'a-b-c' | replace('-', '+' | replace('+', ['x', 'y'] | join('/'))) }}") == "ax/ybx/yc");
  CHECK(render(macros + "{{ pair(1) }}").rfind("ERROR: t.html:1:35: error: parameter 'b' was not provided", 0) == 0);
}
