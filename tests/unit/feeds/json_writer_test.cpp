// The streaming JsonWriter against nlohmann::json's dump, the writer the
// JSON outputs used before and the reference for their exact bytes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <random>
#include <string>

#include "feeds/datetime.hpp"
#include "feeds/feed.hpp"
#include "feeds/json_writer.hpp"
#include "feeds/xml.hpp"
#include "opendata/json_download.hpp"
#include "sample.hpp"

using namespace mb::feeds;
using ojson = nlohmann::ordered_json;

namespace {

std::string dump(const ojson& j) { return j.dump(2, ' ', false, ojson::error_handler_t::replace); }

std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "a", "Sở Nội vụ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", std::string("\0", 1), "\x01", "\x1f",
      "\x7f", "</script>", "\xE2\x80\xA8", "\xC3", "\xE2\x82", "\xF0\x9F\x98\x80", "\xFF", "\xED\xA0\x80", "é", " ", "{}"};
  std::string s;
  for (int n = std::uniform_int_distribution<int>(0, 6)(rng); n > 0; --n)
    s += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
  return s;
}

std::string random_literal(std::mt19937& rng) {
  auto digit_run = [&](int max) {
    std::string d;
    for (int n = std::uniform_int_distribution<int>(1, max)(rng); n > 0; --n)
      d += static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng));
    return d;
  };
  std::string s = std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? "-" : "";
  std::string whole = digit_run(std::uniform_int_distribution<int>(0, 1)(rng) ? 3 : 20);
  if (whole.size() > 1 && std::uniform_int_distribution<int>(0, 3)(rng)) whole[0] = '1' + whole[0] % 9;  // mostly JSON
  if (std::uniform_int_distribution<int>(0, 4)(rng) == 0) whole = "0";
  s += whole;
  if (std::uniform_int_distribution<int>(0, 2)(rng)) {
    std::string frac = digit_run(std::uniform_int_distribution<int>(0, 1)(rng) ? 4 : 19);
    if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) frac = std::string(std::uniform_int_distribution<int>(1, 6)(rng), '0') + frac;
    if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) frac += "000";
    s += "." + frac;
  }
  return s;
}

// A random value written through `w` and built as a tree, side by side.
ojson random_value(std::mt19937& rng, JsonWriter& w, int depth) {
  int kind = std::uniform_int_distribution<int>(0, depth > 3 ? 4 : 6)(rng);
  switch (kind) {
    case 0: w.null(); return nullptr;
    case 1: {
      bool b = rng() & 1;
      w.boolean(b);
      return b;
    }
    case 2: {
      std::string s = random_text(rng);
      w.string(s);
      return s;
    }
    case 3: {
      std::int64_t v = static_cast<std::int64_t>(rng()) - (1ll << 31);
      w.integer(v);
      return v;
    }
    case 4: {
      std::string lit = random_literal(rng);
      ojson parsed;
      try {
        parsed = ojson::parse(lit);
      } catch (const ojson::parse_error&) {
        CHECK_THROWS(w.number_literal(lit));
        w.null();
        return nullptr;
      }
      w.number_literal(lit);
      return parsed;
    }
    case 5: {
      ojson o = ojson::object();
      w.begin_object();
      for (int n = std::uniform_int_distribution<int>(0, 4)(rng); n > 0; --n) {
        std::string k = random_text(rng) + std::to_string(n);  // distinct keys: a tree keeps one
        w.key(k);
        o[k] = random_value(rng, w, depth + 1);
      }
      w.end_object();
      return o;
    }
    default: {
      ojson a = ojson::array();
      w.begin_array();
      for (int n = std::uniform_int_distribution<int>(0, 4)(rng); n > 0; --n) a.push_back(random_value(rng, w, depth + 1));
      w.end_array();
      return a;
    }
  }
}

}  // namespace

TEST_CASE("JsonWriter writes what nlohmann's dump(2) writes for the same value", "[feeds][json]") {
  std::mt19937 rng(20261204);
  for (int i = 0; i < 3000; ++i) {
    std::string out;
    JsonWriter w(out);
    ojson tree = random_value(rng, w, 0);
    REQUIRE(w.done());
    REQUIRE(out == dump(tree));
  }
}

TEST_CASE("JsonWriter number literals print as nlohmann prints their parsed value", "[feeds][json]") {
  std::mt19937 rng(7);
  int compared = 0, shorter = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string lit = random_literal(rng);
    ojson parsed;
    try {
      parsed = ojson::parse(lit);
    } catch (const ojson::parse_error&) {
      continue;
    }
    std::string out;
    JsonWriter(out).number_literal(lit);
    std::string reference = parsed.dump();
    if (out != reference) {
      // nlohmann prints doubles with Grisu2, which now and then gives 17
      // digits where fewer read back the same ("6.000861" as
      // 6.0008609999999996): the writer keeps the literal's digits then,
      // which parse to the very same double
      ojson back = ojson::parse(out);
      REQUIRE(back.type() == parsed.type());
      REQUIRE(back == parsed);
      REQUIRE(out.size() < reference.size());
      ++shorter;
    }
    ++compared;
  }
  CHECK(compared > 100000);
  CHECK(shorter < compared / 100);
  for (std::string lit : {"0", "-0", "0.0", "-0.0", "0.5", "0.0001", "0.00001", "88.50", "3.00", "100", "1.25",
                          "123456789012345.5", "999999999999999", "9999999999999999999", "-12.340", "6.000861"}) {
    std::string out;
    JsonWriter(out).number_literal(lit);
    CHECK(ojson::parse(out) == ojson::parse(lit));
    CHECK(out.size() <= ojson::parse(lit).dump().size());
  }
  std::string exact;
  JsonWriter(exact).number_literal("6.000861");
  CHECK(exact == "6.000861");
}

TEST_CASE("JsonWriter refuses calls out of order", "[feeds][json]") {
  std::string out;
  JsonWriter w(out);
  CHECK_THROWS_AS(w.key("a"), std::logic_error);
  w.begin_object();
  CHECK_THROWS_AS(w.string("no key"), std::logic_error);
  CHECK_THROWS_AS(w.end_array(), std::logic_error);
  w.key("a");
  CHECK_THROWS_AS(w.end_object(), std::logic_error);
  w.integer(1);
  w.end_object();
  CHECK(w.done());
  CHECK_THROWS_AS(w.null(), std::logic_error);
  CHECK(out == "{\n  \"a\": 1\n}");
}

namespace {

// The JSON Feed as the writer built it before, through a tree.
std::string json_feed_by_tree(const Feed& feed) {
  auto put = [](ojson& o, const char* key, const std::string& value) {
    if (!value.empty()) o[key] = clean_text(value);
  };
  ojson j;
  j["version"] = "https://jsonfeed.org/version/1.1";
  j["title"] = clean_text(feed.title);
  put(j, "home_page_url", feed.home_url);
  put(j, "feed_url", feed.self_url);
  put(j, "description", feed.subtitle);
  put(j, "language", feed.language);
  if (!feed.author_name.empty() || !feed.author_email.empty()) {
    ojson a = ojson::object();
    put(a, "name", feed.author_name);
    if (!feed.author_email.empty()) a["url"] = "mailto:" + clean_text(feed.author_email);
    j["authors"] = ojson::array({a});
  }
  ojson items = ojson::array();
  for (const auto& it : feed.items) {
    auto text = [&it](const std::string& s) { return it.clean ? s : clean_text(s); };
    ojson o;
    o["id"] = text(it.id);
    if (!it.url.empty()) o["url"] = text(it.url);
    if (!it.title.empty()) o["title"] = text(it.title);
    if (!it.content_html.empty()) o["content_html"] = text(it.content_html);
    else o["content_text"] = text(it.summary);
    if (!it.summary.empty()) o["summary"] = text(it.summary);
    put(o, "date_published", normalize_rfc3339(it.published));
    put(o, "date_modified", normalize_rfc3339(it.updated));
    if (!it.author.empty()) o["authors"] = ojson::array({ojson{{"name", text(it.author)}}});
    if (!it.categories.empty()) {
      ojson tags = ojson::array();
      for (const auto& c : it.categories) tags.push_back(text(c));
      o["tags"] = tags;
    }
    items.push_back(std::move(o));
  }
  j["items"] = std::move(items);
  return dump(j) + "\n";
}

}  // namespace

TEST_CASE("write_json_feed gives the bytes of the tree-built JSON Feed", "[feeds][json]") {
  std::mt19937 rng(3);
  for (int i = 0; i < 400; ++i) {
    Feed f = testing::small_feed();
    if (i % 3 == 0) f.author_name.clear();
    if (i % 5 == 0) f.author_email.clear();
    f.title = random_text(rng);
    f.subtitle = random_text(rng);
    for (auto& it : f.items) {
      it.title = random_text(rng);
      it.summary = random_text(rng);
      it.content_html = i % 2 ? random_text(rng) : "";
      it.author = random_text(rng);
      it.categories = {random_text(rng), random_text(rng)};
      if (i % 4 == 0) it.categories.clear();
      if (i % 7 == 0) clean_item(it);
    }
    if (i % 11 == 0) f.items.clear();
    REQUIRE(write_json_feed(f) == json_feed_by_tree(f));
  }
}

TEST_CASE("write_table_json gives the bytes of the tree-built records", "[opendata][json]") {
  namespace od = mb::opendata;
  std::mt19937 rng(11);
  for (int i = 0; i < 300; ++i) {
    od::Table t;
    t.columns = {{"ten", od::FieldType::string, "", "", ""},
                 {"diem", od::FieldType::number, "", "", ""},
                 {"dat", od::FieldType::boolean, "", "", ""},
                 {random_text(rng) + "x", od::FieldType::string, "", "", ""}};
    ojson expected = ojson::array();
    for (int r = std::uniform_int_distribution<int>(0, 5)(rng); r > 0; --r) {
      static const char* const literals[] = {"12.50", "88.5", "-1.25", "0", "100", "3.00", "0.0005", "97.123", "-7"};
      std::string lit = literals[std::uniform_int_distribution<int>(0, 8)(rng)];
      std::string name = random_text(rng);
      bool yes = rng() & 1;
      std::vector<od::Cell> row = {od::Cell::text(name), od::Cell::number_literal(lit),
                                   r % 3 ? od::Cell::text(yes ? "true" : "false") : od::Cell(), od::Cell::text(name)};
      ojson rec = ojson::object();
      auto text = [](const od::Cell& c) { return c.is_empty() ? ojson(nullptr) : ojson(c.value()); };
      rec["ten"] = text(row[0]);  // a text cell is cleaned
      rec["diem"] = ojson::parse(lit);
      rec["dat"] = r % 3 ? ojson(yes) : ojson(nullptr);
      rec[t.columns[3].name] = text(row[3]);
      t.rows.push_back(row);
      expected.push_back(rec);
    }
    REQUIRE(od::write_table_json(t) == od::write_json(expected));
  }
}
