#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "data/json_source.hpp"

using mb::Diagnostics;
using mb::SourcePos;
namespace json = mb::json;

namespace {
std::string first_error(const Diagnostics& d) {
  auto v = d.sorted();
  return v.empty() ? "" : mb::format_diagnostic(v.front(), false);
}
bool same(SourcePos a, SourcePos b) { return a.line == b.line && a.col == b.col; }
}  // namespace

TEST_CASE("every value and key gets its line and column", "[data][json]") {
  Diagnostics d;
  json::Document doc;
  std::string text =
      "{\n"
      "  \"id\": \"x\",\n"
      "  \"n\": 12.5,\n"
      "  \"list\": [1, true, null, {\"a\": -3}],\n"
      "  \"tên\": \"Sở Nội vụ\", \"z\": []\n"
      "}\n";
  REQUIRE(json::parse(text, "f.json", doc, d));
  CHECK(d.size() == 0);
  CHECK(same(doc.pos(""), {1, 1}));
  CHECK(same(doc.pos("/id"), {2, 9}));
  CHECK(same(doc.key("/id"), {2, 3}));
  CHECK(same(doc.pos("/n"), {3, 8}));
  CHECK(same(doc.pos("/list"), {4, 11}));
  CHECK(same(doc.pos("/list/0"), {4, 12}));
  CHECK(same(doc.pos("/list/1"), {4, 15}));
  CHECK(same(doc.pos("/list/2"), {4, 21}));
  CHECK(same(doc.pos("/list/3"), {4, 27}));
  CHECK(same(doc.pos("/list/3/a"), {4, 33}));
  // columns count code points, not bytes
  CHECK(same(doc.key("/tên"), {5, 3}));
  CHECK(same(doc.pos("/tên"), {5, 10}));
  CHECK(same(doc.key("/z"), {5, 23}));
  CHECK(same(doc.pos("/z"), {5, 28}));
  // unknown pointers fall back to the nearest ancestor
  CHECK(same(doc.pos("/list/3/nope"), {4, 27}));
  CHECK(doc.root["list"][3]["a"] == -3);
}

TEST_CASE("JSON pointer tokens are escaped", "[data][json]") {
  CHECK(json::pointer_append("", "a/b~c") == "/a~1b~0c");
  CHECK(json::pointer_append("/x", std::size_t{3}) == "/x/3");
  Diagnostics d;
  json::Document doc;
  REQUIRE(json::parse("{\"a/b\": 1}", "f.json", doc, d));
  CHECK(same(doc.pos("/a~1b"), {1, 9}));
}

TEST_CASE("malformed JSON is reported at the offending character", "[data][json]") {
  Diagnostics d;
  json::Document doc;
  CHECK_FALSE(json::parse("{\n  \"a\": 1,\n  \"b\": tru\n}", "f.json", doc, d));
  CHECK(first_error(d).rfind("f.json:3:", 0) == 0);
  CHECK(first_error(d).find("malformed JSON") != std::string::npos);

  Diagnostics d2;
  CHECK_FALSE(json::parse("[1, 2", "g.json", doc, d2));
  CHECK(first_error(d2) == "g.json:1:6: error: malformed JSON: syntax error while parsing array - unexpected end of input; expected ']'");

  Diagnostics d3;
  CHECK_FALSE(json::parse("", "e.json", doc, d3));
  CHECK(first_error(d3).rfind("e.json:1:1: error: malformed JSON", 0) == 0);

  Diagnostics d4;
  CHECK_FALSE(json::parse("{\"a\": 1} x", "t.json", doc, d4));
  CHECK(first_error(d4).rfind("t.json:1:10: error: malformed JSON", 0) == 0);
}

TEST_CASE("duplicate keys are errors at the second key; the first value is kept", "[data][json]") {
  Diagnostics d;
  json::Document doc;
  CHECK_FALSE(json::parse("{\n  \"a\": 1,\n  \"a\": {\"b\": [2]}\n}", "f.json", doc, d));
  REQUIRE(d.size() == 1);
  auto v = d.sorted();
  CHECK(mb::format_diagnostic(v[0], false) ==
        "f.json:3:3: error: duplicate key 'a'\n  note: first defined at line 2, column 3");
  CHECK(doc.root["a"] == 1);
  CHECK(same(doc.pos("/a"), {2, 8}));
  CHECK(doc.value_pos.count("/a/b") == 0);
}

TEST_CASE("invalid UTF-8 is reported with its position before parsing", "[data][json]") {
  Diagnostics d;
  json::Document doc;
  CHECK_FALSE(json::parse("{\n  \"a\": \"x\xC3\"\n}", "f.json", doc, d));
  CHECK(first_error(d) == "f.json:2:10: error: invalid UTF-8 byte sequence");
  Diagnostics d2;
  CHECK_FALSE(json::parse(std::string("[\"a\0\"]", 6), "n.json", doc, d2));
  CHECK(first_error(d2) == "n.json:1:4: error: NUL byte in text");
}

TEST_CASE("strings and keys are returned in NFC", "[data][json]") {
  Diagnostics d;
  json::Document doc;
  // "Việt" decomposed, as a key and as a value
  std::string nfd = "Vie\xCC\xA3\xCC\x82t";
  REQUIRE(json::parse("{\"" + nfd + "\": \"" + nfd + "\"}", "f.json", doc, d));
  CHECK(d.size() == 0);
  REQUIRE(doc.root.contains("Việt"));
  CHECK(doc.root["Việt"] == "Việt");
}

TEST_CASE("nesting deeper than the limit is a clean error", "[data][json]") {
  Diagnostics d;
  json::Document doc;
  json::ParseOptions opt;
  opt.max_depth = 3;
  CHECK(json::parse("[[[1]]]", "ok.json", doc, d, opt));
  CHECK_FALSE(json::parse("[[[[1]]]]", "deep.json", doc, d, opt));
  CHECK(first_error(d) == "deep.json:1:4: error: nesting too deep (more than 3 levels)");

  // a very deep document with the default limit: no stack overflow
  Diagnostics d2;
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  CHECK_FALSE(json::parse(deep, "huge.json", doc, d2));
  CHECK(first_error(d2) == "huge.json:1:201: error: nesting too deep (more than 200 levels)");
}

TEST_CASE("numbers too large for a double are errors", "[data][json]") {
  Diagnostics d;
  json::Document doc;
  CHECK_FALSE(json::parse("{\"a\": 1e999}", "f.json", doc, d));
  CHECK(first_error(d) == "f.json:1:7: error: number out of range: 1e999");
}

TEST_CASE("a UTF-8 byte order mark is skipped", "[data][json]") {
  Diagnostics d;
  json::Document doc;
  REQUIRE(json::parse("\xEF\xBB\xBF{\"a\": 1}", "f.json", doc, d));
  CHECK(doc.root["a"] == 1);
}

TEST_CASE("files over the size cap are refused", "[data][json]") {
  auto path = std::filesystem::temp_directory_path() / "mb_json_source_test_big.json";
  {
    std::ofstream out(path);
    out << "[" << std::string(100, ' ') << "]";
  }
  Diagnostics d;
  json::Document doc;
  json::ParseOptions opt;
  opt.max_bytes = 50;
  CHECK_FALSE(json::load_file(path, "big.json", doc, d, opt));
  CHECK(first_error(d) == "big.json: error: file too large (102 bytes; the limit is 50 bytes)");
  Diagnostics d2;
  CHECK(json::load_file(path, "big.json", doc, d2));
  std::filesystem::remove(path);
}

TEST_CASE("numbers are printed shortest-first in messages", "[data][json]") {
  CHECK(json::format_number(83.81) == "83.81");
  CHECK(json::format_number(35) == "35");
  CHECK(json::format_number(0.1 + 0.2) == "0.30000000000000004");
}

TEST_CASE("escaped control characters in strings and keys are errors", "[data][json][hostile]") {
  Diagnostics d;
  json::Document doc;
  CHECK_FALSE(json::parse("{\"a\": [1,\n  \"x\\u0000y\"]}", "f.json", doc, d));
  CHECK(first_error(d) == "f.json:2:3: error: control character U+0000 in a string");
  Diagnostics d2;
  CHECK_FALSE(json::parse("{\"\\u001b[31m\": 1}", "k.json", doc, d2));
  CHECK(first_error(d2) == "k.json:1:2: error: control character U+001B in a string");
  Diagnostics d3;
  CHECK(json::parse("[\"tab\\there\\nline\\r\"]", "ok.json", doc, d3));
}
