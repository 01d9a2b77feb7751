#include <catch2/catch.hpp>

#include "opendata/json_download.hpp"

using namespace mb::opendata;

TEST_CASE("write_table_json gives typed JSON records", "[opendata][json]") {
  Table t;
  t.columns = {{"ten", FieldType::string, "", "", ""},
               {"diem", FieldType::number, "", "", ""},
               {"hang", FieldType::integer, "", "", ""}};
  t.rows = {{Cell::text("=Sở"), Cell::number_literal("88.50"), Cell::integer(3)},
            {Cell(), Cell::number(-1.25, 2), Cell()}};
  CHECK(write_table_json(t) ==
        "[\n"
        "  {\n"
        "    \"ten\": \"=Sở\",\n"
        "    \"diem\": 88.5,\n"
        "    \"hang\": 3\n"
        "  },\n"
        "  {\n"
        "    \"ten\": null,\n"
        "    \"diem\": -1.25,\n"
        "    \"hang\": null\n"
        "  }\n"
        "]\n");
  t.rows[0].pop_back();
  CHECK_THROWS_AS(write_table_json(t), std::invalid_argument);
}

TEST_CASE("write_json is deterministic and tolerates bad UTF-8", "[opendata][json]") {
  nlohmann::json j = {{"b", 1}, {"a", "x\xC3"}};
  CHECK(write_json(j) == "{\n  \"a\": \"x\xEF\xBF\xBD\",\n  \"b\": 1\n}\n");
}

TEST_CASE("json_ld_script cannot be broken out of", "[opendata][jsonld][security]") {
  nlohmann::ordered_json j;
  j["@context"] = "https://schema.org";
  j["@type"] = "Dataset";
  j["name"] = "</script><script>alert('x')</script> <!-- & \xE2\x80\xA8";
  std::string html = json_ld_script(j);
  CHECK(html ==
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Dataset\","
        "\"name\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert('x')\\u003c/script\\u003e \\u003c!-- \\u0026 "
        "\\u2028\"}</script>");
  // only one closing tag: ours
  CHECK(html.find("</script>") == html.size() - 9);
  CHECK(html.find("<!--") == std::string::npos);
  // the escaped text is the same JSON value
  CHECK(nlohmann::ordered_json::parse(json_for_script(j)) == j);
  nlohmann::json plain = {{"k", "<&>"}};
  CHECK(json_for_script(plain) == "{\"k\":\"\\u003c\\u0026\\u003e\"}");
  CHECK(nlohmann::json::parse(json_for_script(plain)) == plain);
}
