// The examples of docs/templates.md, run as tests.
#include <catch2/catch.hpp>

#include "tmpl/tmpl.hpp"

using namespace mb;

namespace {
std::string r(const std::string& src, const std::string& name = "t.txt") {
  tmpl::Environment env({});
  Diagnostics diags;
  std::string out;
  Value ctx = Value::dict();
  Value d = Value::dict();
  d.set("b", 1);
  d.set("a", 2);
  ctx.set("d", d);
  Value pages = Value::list();
  for (auto [title, section, n] : {std::tuple{"Bãi", "tin-tuc", 3}, {"An", "van-ban", 1}, {"Cầu", "tin-tuc", 2}}) {
    Value p = Value::dict();
    p.set("title", title);
    p.set("section", section);
    p.set("n", n);
    pages.push(p);
  }
  ctx.set("pages", pages);
  if (!env.render_string(src, name, ctx, out, diags)) {
    auto v = diags.sorted();
    return "ERROR: " + (v.empty() ? std::string() : v[0].message);
  }
  return out;
}
}  // namespace

TEST_CASE("documented Jinja2 filters", "[tmpl][filters]") {
  CHECK(r("{{ -3|abs }}") == "3");
  CHECK(r("{{ [1,2,3]|batch(2)|list }}") == "[[1, 2], [3]]");
  CHECK(r("{{ 'hà nội'|capitalize }}") == "Hà nội");
  CHECK(r("{{ 'x'|center(5) }}") == "  x  ");
  CHECK(r("{{ missing|d('—') }}{{ ''|d('—', true) }}") == "——");
  CHECK(r("{% for k, v in d|dictsort %}{{ k }}{{ v }}{% endfor %}") == "a2b1");
  CHECK(r("{{ d|dictsort(by='value') }}") == "[('b', 1), ('a', 2)]");
  CHECK(r("{{ '<a>'|e }}") == "&lt;a&gt;");
  CHECK(r("{{ 1500000|filesizeformat }} {{ 1048576|filesizeformat(true) }}") == "1.5 MB 1.0 MiB");
  CHECK(r("{{ [1,2]|first }}{{ [1,2]|last }}") == "12");
  CHECK(r("{{ '3.5'|float }} {{ 'x'|float }}") == "3.5 0.0");
  CHECK(r("{{ '%s: %.1f'|format('a', 2) }}") == "a: 2.0");
  CHECK(r("{% for g in pages|groupby('section') %}{{ g.grouper }}: {{ g.list|length }};{% endfor %}") ==
        "tin-tuc: 2;van-ban: 1;");
  CHECK(r("{% for key, items in pages|groupby('section') %}{{ key }}={{ items|map(attribute='title')|join(',') }};{% endfor %}") ==
        "tin-tuc=Bãi,Cầu;van-ban=An;");
  CHECK(r("{{ 'a\nb'|indent(2) }}") == "a\n  b");
  CHECK(r("{{ '42'|int }} {{ '4.7'|int }} {{ 'x'|int(7) }}") == "42 4 7");
  CHECK(r("{% for k, v in d|items %}{{ k }}{{ v }}{% endfor %}") == "b1a2");
  CHECK(r("{{ ['a','b']|join(', ') }} {{ pages|join(', ', attribute='title') }}") == "a, b Bãi, An, Cầu");
  CHECK(r("{{ 'Việt'|length }} {{ 'Việt'|upper }} {{ 'VIỆT'|lower }}") == "4 VIỆT việt");
  CHECK(r("{{ 'ab'|list }}") == "['a', 'b']");
  CHECK(r("{{ pages|map(attribute='title')|join(', ') }}") == "Bãi, An, Cầu");
  CHECK(r("{{ (pages|max(attribute='n')).title }} {{ (pages|min(attribute='n')).title }}") == "Bãi An");
  CHECK(r("{{ [1,2,3,4]|select('odd')|list }} {{ [1,2,3,4]|reject('odd')|list }}") == "[1, 3] [2, 4]");
  CHECK(r("{{ pages|selectattr('n', 'gt', 1)|map(attribute='title')|list }}") == "['Bãi', 'Cầu']");
  CHECK(r("{{ 'a-b'|replace('-', ' ') }}") == "a b");
  CHECK(r("{{ [1,2]|reverse|list }} {{ 'ab'|reverse }}") == "[2, 1] ba");
  CHECK(r("{{ 2.675|round(2) }} {{ 4.1|round(0, 'ceil') }} {{ 2.5|round }} {{ 3|round }}") == "2.67 5.0 2.0 3");
  CHECK(r("{{ [1,2,3,4,5]|slice(2)|list }}") == "[[1, 2, 3], [4, 5]]");
  CHECK(r("{{ pages|sort(attribute='n', reverse=true)|map(attribute='n')|list }}") == "[3, 2, 1]");
  CHECK(r("{{ pages|sort(attribute='section,n')|map(attribute='title')|list }}") == "['Cầu', 'Bãi', 'An']");
  CHECK(r("{{ ['b', 'A', 'c']|sort }} {{ ['b', 'A', 'c']|sort(case_sensitive=true) }}") ==
        "['A', 'b', 'c'] ['A', 'b', 'c']");
  CHECK(r("{{ '<p>a &amp; b</p>'|striptags }}") == "a & b");
  CHECK(r("{{ pages|sum(attribute='n') }} {{ [1, 2]|sum(start=10) }}") == "6 13");
  CHECK(r("{{ 'sở nội vụ'|title }}") == "Sở Nội Vụ");
  CHECK(r("{{ {'b': '<', 'a': 1}|tojson }}") == "{\"a\": 1, \"b\": \"\\u003c\"}");
  CHECK(r("{{ '  x '|trim }}|{{ 'xxaxx'|trim('x') }}") == "x|a");
  CHECK(r("{{ 'one two three four'|truncate(9, leeway=0) }}") == "one...");
  CHECK(r("{{ ['a', 'A', 'b']|unique|list }}") == "['a', 'b']");
  CHECK(r("{{ 'a b/c'|urlencode }} {{ {'q': 'x y'}|urlencode }}") == "a%20b/c q=x+y");
  CHECK(r("{{ 'một hai ba'|wordcount }}") == "3");
  CHECK(r("<a{{ {'href': '/x', 'title': none}|xmlattr }}>", "t.html") == "<a href=\"/x\">");
}

TEST_CASE("documented site filters", "[tmpl][filters][site]") {
  CHECK(r("{{ 1234567|number }} {{ 88.5|number(1) }} {{ -1234.5|number }}") == "1.234.567 88,5 -1.235");
  CHECK(r("{{ 88.25|number(1) }} {{ 0.004|number(2) }} {{ -0.001|number(2) }} {{ 999.5|number }}") ==
        "88,3 0,00 0,00 1.000");
  CHECK(r("{{ 88.5|percent }} {{ 100|percent(0) }} {{ 12.345|percent(2) }}") == "88,5% 100% 12,35%");
  CHECK(r("{{ '2025-12-30'|date }} {{ '2025-12-30T08:05'|date('%H:%M %d/%m/%Y') }}") == "30/12/2025 08:05 30/12/2025");
  CHECK(r("{{ '2025-12-30 08:05:09+07:00'|date('%Y%m%d %H%M%S %e %y %%') }}") == "20251230 080509 30 25 %");
  CHECK(r("{{ '2025-12-30'|date('long') }} {{ '2025-02-05'|date('long') }} {{ '2025-11-05'|date('long') }}") ==
        "ngày 30 tháng 12 năm 2025 ngày 05 tháng 02 năm 2025 ngày 05 tháng 11 năm 2025");
  CHECK(r("{{ 'Đề án 2021–2025'|slugify }}") == "de-an-2021-2025");
  CHECK(r("{{ '2025-02-30'|date }}") == "ERROR: filter 'date' expects a date YYYY-MM-DD[THH:MM[:SS]], got '2025-02-30'");
  CHECK(r("{{ '2025-01-01'|date('%Q') }}") == "ERROR: filter 'date' unknown format code '%Q' (use %d %e %m %Y %y %H %M %S %%)");
  CHECK(r("{{ none|number }}") == "ERROR: filter 'number' expects a number, got 'NoneType'");
}

TEST_CASE("documented tests and globals", "[tmpl][tests]") {
  CHECK(r("{{ x is defined }} {{ x is undefined }} {{ none is none }} {{ true is number }} {{ 1 is integer }}") ==
        "False True True True True");
  CHECK(r("{{ 6 is divisibleby 3 }} {{ 3 is odd }} {{ 'ab' is lower }} {{ 2 is gt 1 }} {{ 'a' is in ['a'] }}") ==
        "True True True True True");
  CHECK(r("{{ 'upper' is filter }} {{ 'nope' is filter }} {{ d is mapping }} {{ 'a'|safe is escaped }}") ==
        "True False True True");
  CHECK(r("{{ range(3)|list }} {{ range(1, 10, 4)|list }} {{ dict(a=1) }}") == "[0, 1, 2] [1, 5, 9] {'a': 1}");
  CHECK(r("{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}") == "abab");
  CHECK(r("{% set j = joiner(', ') %}{% for x in [1, 2] %}{{ j() }}{{ x }}{% endfor %}") == "1, 2");
  CHECK(r("{% set ns = namespace(total=0) %}{% for p in pages %}{% set ns.total = ns.total + p.n %}{% endfor %}{{ ns.total }}") ==
        "6");
  CHECK(r("{{ 'a,b'.split(',') }} {{ d.get('z', 0) }} {{ d.items()|list }}") == "['a', 'b'] 0 [('b', 1), ('a', 2)]");
}
