// The front-matter fast path must give exactly what yaml-cpp gives: the same
// JSON values and types and the same source positions, or decline.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/yaml_json.hpp"
#include "content/page.hpp"

using namespace mb;
using namespace mb::config;

namespace {

void same_as_yaml_cpp(const std::string& text, bool expect_fast) {
  INFO("YAML:\n" << text);
  YamlDoc fast, slow;
  bool took = parse_simple_yaml(text, 1, fast);
  CHECK(took == expect_fast);
  Diagnostics d;
  REQUIRE(parse_yaml_general(text, "x.md", 1, slow, d));
  if (!took) return;
  CHECK(fast.value.dump() == slow.value.dump());
  REQUIRE(fast.positions.size() == slow.positions.size());
  for (const auto& [ptr, p] : slow.positions) {
    INFO("pointer " << ptr);
    REQUIRE(fast.positions.count(ptr));
    CHECK(fast.positions.at(ptr).line == p.line);
    CHECK(fast.positions.at(ptr).col == p.col);
  }
}

}  // namespace

TEST_CASE("yaml fast path matches yaml-cpp on simple front matter", "[config][yaml]") {
  same_as_yaml_cpp("title: \"Bản tin số 1\"\ndate: 2020-01-01T08:00:00+07:00\ntags: [so-1, so-22]\n"
                   "summary: \"Tóm tắt bản tin 1\"\n", true);
  same_as_yaml_cpp("# comment\n\ntitle: Kế hoạch 158  # trailing comment\nweight: 3\ndraft: false\n"
                   "ratio: 1.5\nexp: 1e3\nneg: -7\nlead0: 0123\nnothing: null\ntilde: ~\nyes_word: yes\n", true);
  same_as_yaml_cpp("title: 'single # not a comment'\ntags: []\nagencies: [\"Sở Nội vụ\", so-tu-phap , 'x y']\n"
                   "url: http://a.b/c?d=e#f\nhash: a#b\n", true);
  same_as_yaml_cpp("title: \"x\"   # c\nlist: [a,b,c]   # c\nk-e_y: v\n", true);
  same_as_yaml_cpp("title: Chu\u0309 \u0111\u00ea\u0300\n", true);  // decomposed: NFC like the slow path
  same_as_yaml_cpp("a: [1, 2.5, true, null, \"3\", -4, -x]\n", true);
  same_as_yaml_cpp("a: b\n   \nc: d", true);
}

TEST_CASE("yaml fast path declines what it does not decode", "[config][yaml]") {
  for (const char* text : {
           "title: \"a \\\"quoted\\\" word\"\n",   // escapes
           "title: 'it''s'\n",                    // '' escape
           "params:\n  a: 1\n",                   // nested mapping
           "tags:\n  - a\n  - b\n",               // block list
           "title: long\n  continued\n",          // multi-line plain scalar
           "title: |\n  block\n",                 // block scalar
           "a: {b: 1}\n",                         // flow mapping
           "a: [b, [c]]\n",                       // nested flow
           "a: [b,\n  c]\n",                      // flow over lines
           "empty:\n",                            // null by emptiness
           "\"quoted key\": 1\n",                 // quoted key
           "k\xC3\xA9: 1\n",                      // non-ASCII key
           "a: 1\r\nb: 2\r\n",                    // CRLF
           "a:\t1\n",                             // tab
           "- a\n- b\n",                          // top-level list
           "a: !!str 5\n",                        // tag
           "# only a comment\n",                  // no keys
       })
    same_as_yaml_cpp(text, false);
}

TEST_CASE("yaml fast path leaves errors to yaml-cpp", "[config][yaml]") {
  YamlDoc doc;
  CHECK_FALSE(parse_simple_yaml("a: 1\na: 2\n", 0, doc));     // duplicate key
  CHECK_FALSE(parse_simple_yaml("a: b: c\n", 0, doc));        // mapping in a plain scalar
  CHECK_FALSE(parse_simple_yaml("a: \"open\n", 0, doc));      // unclosed quote
  CHECK_FALSE(parse_simple_yaml("a: [b, c\n", 0, doc));       // unclosed list
  CHECK_FALSE(parse_simple_yaml("a: [b, c,]\n", 0, doc));     // trailing comma
  Diagnostics d;
  CHECK_FALSE(parse_yaml("a: 1\na: 2\n", "x.md", 0, doc, d));
  CHECK(d.error_count() == 1);
}

TEST_CASE("yaml fast path matches yaml-cpp on every page of the example site", "[config][yaml]") {
  namespace fs = std::filesystem;
  std::size_t fast = 0, pages = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(MB_SOURCE_DIR) / "content")) {
    if (e.path().extension() != ".md") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    std::string_view front, body;
    int body_line = 0;
    Diagnostics d;
    REQUIRE(content::split_front_matter(text, e.path().string(), front, body, body_line, d));
    if (front.empty()) continue;
    ++pages;
    YamlDoc probe;
    bool took = parse_simple_yaml(front, 1, probe);
    fast += took;
    same_as_yaml_cpp(std::string(front), took);
  }
  CHECK(pages > 0);
  CHECK(fast > 0);
}

TEST_CASE("yaml fast path agrees with yaml-cpp on generated front matter", "[config][yaml]") {
  const char* values[] = {"plain", "Bản tin số 7", "\"quoted: yes\"", "'single'", "12", "-3", "0.5", "1e5", "true",
                          "No", "null", "~", "a#b", "a #b", "x: y", "x:y", "[a, b]", "[ 'a b' , \"c\" ]", "[]",
                          "[a, -1, 2.0]", "\"\"", "''", "2020-01-01", "2020-01-01T08:00:00+07:00", "http://x.vn/a?b#c",
                          "a,b", "a]b", "a}", "{a", "%x", "@x", "`x`", "*x", "!x", "|", ">", "?x", "-", "- x",
                          "[a, b] c", "\"a\" b", "'a'b", "[a,]", "[,a]", "[a b, c d]", "end:", "a: ", "ü\xCC\x88",
                          "\"tab\tin\"", "v   # c", "\"x\"#c", "[a]#c", "[a] #c"};
  const char* keys[] = {"title", "date", "tags", "k-1", "_x", "x_y", "9", "-a", "a b"};
  std::uint32_t seed = 12345;
  auto rnd = [&](std::uint32_t n) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % n;
  };
  std::size_t agreed = 0;
  for (int doc = 0; doc < 3000; ++doc) {
    std::string text;
    std::uint32_t lines = 1 + rnd(5);
    for (std::uint32_t l = 0; l < lines; ++l) {
      if (rnd(8) == 0) text += rnd(2) ? "# comment\n" : "\n";
      text += keys[rnd(sizeof keys / sizeof *keys)];
      text += rnd(6) ? ": " : ":  ";
      text += values[rnd(sizeof values / sizeof *values)];
      text += "\n";
    }
    YamlDoc fast, slow;
    if (!parse_simple_yaml(text, 0, fast)) continue;
    INFO("YAML:\n" << text);
    Diagnostics d;
    REQUIRE(parse_yaml_general(text, "x.md", 0, slow, d));
    REQUIRE(fast.value.dump() == slow.value.dump());
    REQUIRE(fast.positions.size() == slow.positions.size());
    for (const auto& [ptr, p] : slow.positions) {
      INFO("pointer " << ptr);
      REQUIRE(fast.positions.count(ptr));
      CHECK(fast.positions.at(ptr).line == p.line);
      CHECK(fast.positions.at(ptr).col == p.col);
    }
    ++agreed;
  }
  CHECK(agreed > 100);
}

TEST_CASE("yaml fast path declines what yaml-cpp or its checks refuse (found by fuzz_yaml)", "[config][yaml][hostile]") {
  YamlDoc doc;
  // yaml-cpp: "unknown token" for any '?' in a flow plain scalar
  CHECK_FALSE(parse_simple_yaml("title: B\naliases: [/a?]\n", 0, doc));
  CHECK_FALSE(parse_simple_yaml("tags: [a?b, c]\n", 0, doc));
  Diagnostics d1;
  CHECK_FALSE(parse_yaml("title: B\naliases: [/a?]\n", "x.md", 0, doc, d1));
  // DEL is a control character: refused like the others, not let through by the fast path
  CHECK_FALSE(parse_simple_yaml("title: a\x7f" "b\n", 0, doc));
  Diagnostics d2;
  CHECK_FALSE(parse_yaml("title: a\x7f" "b\n", "x.md", 0, doc, d2));
  CHECK(d2.sorted().at(0).message == "control character in value");
  // yaml-cpp reads the key NULL as a null node, which is refused as a key
  CHECK_FALSE(parse_simple_yaml("title: x\nNULL: 2021-10-01\n", 0, doc));
  Diagnostics d3;
  CHECK_FALSE(parse_yaml("title: x\nNULL: 2021-10-01\n", "x.md", 0, doc, d3));
  // a '?' in a block plain scalar is fine for both
  CHECK(parse_simple_yaml("title: Hỏi gì?\n", 0, doc));
}
