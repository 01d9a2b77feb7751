#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "value/value.hpp"

using namespace mb;

TEST_CASE("floats print as Python's repr", "[value]") {
  CHECK(float_repr(5.0) == "5.0");
  CHECK(float_repr(0.1 + 0.2) == "0.30000000000000004");
  CHECK(float_repr(1e20) == "1e+20");
  CHECK(float_repr(1.5e-7) == "1.5e-07");
  CHECK(float_repr(1e16) == "1e+16");
  CHECK(float_repr(1e15) == "1000000000000000.0");
  CHECK(float_repr(0.0001) == "0.0001");
  CHECK(float_repr(0.00001) == "1e-05");
  CHECK(float_repr(-0.0) == "-0.0");
  CHECK(float_repr(123.456) == "123.456");
  CHECK(float_repr(1.0 / 0.0) == "inf");
  CHECK(float_repr(-1.0 / 0.0) == "-inf");
  CHECK(float_repr(2.5e-5) == "2.5e-05");
  CHECK(float_repr(1.7976931348623157e308) == "1.7976931348623157e+308");
}

TEST_CASE("to_display follows Python str()", "[value]") {
  CHECK(to_display(Value::none()) == "None");
  CHECK(to_display(Value(true)) == "True");
  CHECK(to_display(Value(5)) == "5");
  CHECK(to_display(Value(5.0)) == "5.0");
  Value l = Value::list();
  l.push("a");
  l.push(1);
  l.push(Value::none());
  l.push("it's");
  CHECK(to_display(l) == "['a', 1, None, \"it's\"]");
  Value d = Value::dict();
  d.set("k", "v\n");
  d.set("n", 2.5);
  CHECK(to_display(d) == "{'k': 'v\\n', 'n': 2.5}");
  CHECK(to_display(Value::tuple({Value(1)})) == "(1,)");
  CHECK(to_display(Value::tuple({Value(1), Value("x")})) == "(1, 'x')");
  CHECK(to_repr(Value::safe("<b>")) == "Markup('<b>')");
  CHECK(to_repr(Value("Việt")) == "'Việt'");
}

TEST_CASE("a safe string can share a page body's storage instead of copying it", "[value]") {
  auto html = std::make_shared<const std::string>("<p>Kết quả</p>");
  Value v = Value::safe(html);
  CHECK(v.is_safe());
  CHECK(v.as_string() == "<p>Kết quả</p>");
  CHECK(&v.as_string() == html.get());  // the same bytes, not a copy
  Value copy = v;
  CHECK(&copy.as_string() == html.get());
  CHECK(html.use_count() == 3);
  // no body: the empty safe string
  Value none = Value::safe(std::shared_ptr<const std::string>());
  CHECK(none.is_safe());
  CHECK(none.as_string().empty());
  CHECK_FALSE(none.truthy());
}

TEST_CASE("a borrowed string refers to its text without copying it", "[value]") {
  const std::string title = "Kế hoạch cải cách hành chính năm 2026";
  Value v = Value::borrowed(title);
  CHECK(v.is_string());
  CHECK_FALSE(v.is_safe());
  CHECK(&v.as_string() == &title);  // the same object, not a copy
  Value copy = v;
  CHECK(&copy.as_string() == &title);
  CHECK(copy.same_storage(v));
  CHECK(equal(copy, Value(title)));
  CHECK(to_display(copy) == title);
  Value d = Value::dict();
  d.set("title", copy);
  CHECK(d.find("title")->as_string() == title);
  const std::string empty;
  CHECK(Value::borrowed(empty).as_string().empty());
  CHECK_FALSE(Value::borrowed(empty).truthy());
}

TEST_CASE("dicts keep insertion order and index large dicts", "[value]") {
  Value d = Value::dict();
  for (int i = 0; i < 1000; ++i) d.set("k" + std::to_string(999 - i), i);
  REQUIRE(d.size() == 1000);
  CHECK(d.entries().front().first == "k999");
  REQUIRE(d.find("k0") != nullptr);
  CHECK(d.find("k0")->as_int() == 999);
  CHECK(d.find("nope") == nullptr);
  d.set("k999", "replaced");
  CHECK(d.size() == 1000);
  CHECK(d.entries().front().second.as_string() == "replaced");
  std::vector<std::string> keys;
  d.for_each([&](const std::string& k, const Value&) { keys.push_back(k); });
  CHECK(keys.size() == 1000);
  CHECK(keys[1] == "k998");
}

TEST_CASE("copies share storage and are copy-on-write", "[value]") {
  Value a = Value::list({Value(1), Value(2)});
  Value b = a;
  CHECK(a.same_storage(b));
  b.push(3);
  CHECK(a.size() == 2);
  CHECK(b.size() == 3);
  CHECK_FALSE(a.same_storage(b));
}

TEST_CASE("truthiness and equality follow Python", "[value]") {
  CHECK_FALSE(Value().truthy());
  CHECK_FALSE(Value("").truthy());
  CHECK_FALSE(Value::list().truthy());
  CHECK(Value("0").truthy());
  CHECK(equal(Value(1), Value(1.0)));
  CHECK(equal(Value(true), Value(1)));
  CHECK_FALSE(equal(Value("1"), Value(1)));
  CHECK(equal(Value("a"), Value::safe("a")));
  CHECK_FALSE(equal(Value::tuple({Value(1)}), Value::list({Value(1)})));
  Value d1 = Value::dict(), d2 = Value::dict();
  d1.set("a", 1);
  d1.set("b", 2);
  d2.set("b", 2);
  d2.set("a", 1);
  CHECK(equal(d1, d2));
}

TEST_CASE("JSON round trip keeps key order", "[value]") {
  auto j = nlohmann::ordered_json::parse(R"({"z": 1, "a": [true, null, 2.5, "s"], "m": {"x": 18446744073709551615}})");
  Value v = from_json(j);
  CHECK(v.keys() == std::vector<std::string>{"z", "a", "m"});
  CHECK(v.find("a")->at(2).as_number() == 2.5);
  CHECK(v.find("m")->find("x")->is_float());
  CHECK(to_json(v).dump() == R"({"z":1,"a":[true,null,2.5,"s"],"m":{"x":1.8446744073709552e+19}})");
}

TEST_CASE("dict copies are copy-on-write too", "[value]") {
  Value a = Value::dict();
  for (int i = 0; i < 40; ++i) a.set("k" + std::to_string(i), i);
  Value b = a;
  b.set("k3", "changed");
  b.set("new", true);
  CHECK(a.find("k3")->as_int() == 3);
  CHECK(a.find("new") == nullptr);
  CHECK(b.find("k3")->as_string() == "changed");
  CHECK(b.find("k39")->as_int() == 39);
  CHECK(b.size() == 41);
}

TEST_CASE("depth counts nested containers", "[value]") {
  CHECK(Value(1).depth() == 0);
  Value inner = Value::list({Value(1)});
  Value outer = Value::dict();
  outer.set("l", inner);
  CHECK(inner.depth() == 1);
  CHECK(outer.depth() == 2);
}

TEST_CASE("undefined values remember why", "[value]") {
  Value d = Value::dict();
  d.set("title", "x");
  Value u = Value::undefined("'dict object' has no attribute 'titel'", d, "titel");
  CHECK(u.is_undefined());
  CHECK_FALSE(u.truthy());
  CHECK(u.undefined_hint() == "'dict object' has no attribute 'titel'");
  CHECK(u.undefined_name() == "titel");
  REQUIRE(u.undefined_object() != nullptr);
  CHECK(u.undefined_object()->find("title") != nullptr);
  CHECK(Value().undefined_object() == nullptr);
  CHECK(to_display(Value()) == "");
}

TEST_CASE("accessors are total", "[value]") {
  Value s("abc");
  CHECK(s.size() == 3);
  CHECK(s.at(0).is_undefined());
  CHECK(s.find("x") == nullptr);
  CHECK(s.items().empty());
  CHECK(Value(2.9).as_int() == 2);
  CHECK(Value(true).as_int() == 1);
  CHECK(Value(1e300).as_int() == 0);
  CHECK(Value(7).as_string().empty());
  CHECK(Value(static_cast<std::size_t>(5)).is_int());
  CHECK(Value(~0ull).is_float());
}

TEST_CASE("dict lookups with a precomputed key hash find the same entries", "[value]") {
  for (int n : {3, 16, 17, 200}) {
    Value d = Value::dict();
    for (int i = 0; i < n; ++i) d.set("key" + std::to_string(i), Value(i));
    for (int i = 0; i < n; ++i) {
      std::string k = "key" + std::to_string(i);
      const Value* v = d.find(k, Value::key_hash(k));
      REQUIRE(v);
      CHECK(v->as_int() == i);
      CHECK(v == d.find(k));
    }
    CHECK(d.find("missing", Value::key_hash("missing")) == nullptr);
    CHECK(d.find("", Value::key_hash("")) == nullptr);
  }
  CHECK(Value::list().find("x", Value::key_hash("x")) == nullptr);
}
