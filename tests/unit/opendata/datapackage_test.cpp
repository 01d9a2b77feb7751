#include <catch2/catch.hpp>

#include "opendata/csv.hpp"
#include "opendata/datapackage.hpp"
#include "opendata/hash.hpp"
#include "opendata/json_download.hpp"

using namespace mb::opendata;

namespace {
Table table() {
  Table t;
  t.name = "par-index-2025";
  t.columns = {{"co_quan", FieldType::string, "Cơ quan", "", ""},
               {"diem", FieldType::number, "Điểm", "Điểm PAR INDEX", "điểm"}};
  t.rows = {{Cell::text("Sở Tư pháp"), Cell::number(88.5, 1)}};
  return t;
}
DataPackage package() {
  Table t = table();
  std::string csv = write_csv(t);
  std::string json = write_table_json(t);
  DataPackage p;
  p.name = "cchc-tuyen-quang";
  p.title = "Dữ liệu cải cách hành chính";
  p.homepage = "https://tuyenquang.gov.vn/du-lieu/";
  p.licenses = {{"CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", ""}};
  p.resources = {json_resource("par-index-2025-json", "xep-hang/par-index-2025.json", t, json),
                 csv_resource("par-index-2025-csv", "xep-hang/par-index-2025.csv", t, csv)};
  p.resources[1].primary_key = {"co_quan"};
  return p;
}
}  // namespace

TEST_CASE("resources carry size, hash and schema of their bytes", "[opendata][datapackage]") {
  Table t = table();
  std::string csv = write_csv(t);
  Resource r = csv_resource("x", "x.csv", t, csv);
  CHECK(r.bytes == csv.size());
  CHECK(r.hash == "sha256:" + sha256_hex(csv));
  CHECK(r.format == "csv");
  CHECK(r.mediatype == "text/csv");
  CHECK(r.fields.size() == 2);
}

TEST_CASE("datapackage_json describes every download", "[opendata][datapackage]") {
  DataPackage p = package();
  REQUIRE(check_datapackage(p).empty());
  auto j = datapackage_json(p);
  CHECK(j["profile"] == "data-package");
  CHECK(j["name"] == "cchc-tuyen-quang");
  REQUIRE(j["resources"].size() == 2);
  auto csv = j["resources"][0];  // sorted by path: .csv before .json
  CHECK(csv["path"] == "xep-hang/par-index-2025.csv");
  CHECK(csv["profile"] == "tabular-data-resource");
  CHECK(csv["encoding"] == "utf-8");
  CHECK(csv["hash"].get<std::string>().rfind("sha256:", 0) == 0);
  CHECK(csv["schema"]["fields"][1] == nlohmann::ordered_json::parse(R"({"name": "diem", "title": "Điểm",
      "type": "number", "decimalChar": ".", "description": "Điểm PAR INDEX", "unit": "điểm"})"));
  CHECK(csv["schema"]["missingValues"] == nlohmann::ordered_json::array({""}));
  CHECK(csv["schema"]["primaryKey"] == nlohmann::ordered_json::array({"co_quan"}));
  CHECK(csv["dialect"]["lineTerminator"] == "\r\n");
  auto json = j["resources"][1];
  CHECK(json["profile"] == "data-resource");
  CHECK(json["mediatype"] == "application/json");
  CHECK_FALSE(json.contains("dialect"));
  std::string text = write_datapackage(p);
  CHECK(text.back() == '\n');
  CHECK(nlohmann::json::parse(text).is_object());
  // resource order in the input does not matter
  std::swap(p.resources[0], p.resources[1]);
  CHECK(write_datapackage(p) == text);
}

TEST_CASE("check_datapackage finds broken descriptors", "[opendata][datapackage]") {
  DataPackage p = package();
  p.name = "CCHC 2025";
  p.resources[0].name = "Par 2025";
  p.resources[1].path = "../etc/passwd";
  p.resources[1].hash = "md5:abc";
  p.resources[1].primary_key = {"missing"};
  Resource dup = p.resources[1];
  dup.path = "x.csv";
  dup.hash.clear();
  dup.primary_key.clear();
  p.resources.push_back(dup);
  CHECK(check_datapackage(p) ==
        std::vector<std::string>{
            "package name 'CCHC 2025' must be lowercase letters, digits, '.', '_' or '-'",
            "resource 1 name 'Par 2025' must be lowercase letters, digits, '.', '_' or '-'",
            "resource 2 'par-index-2025-csv': path '../etc/passwd' is not a relative path",
            "resource 2 'par-index-2025-csv': hash 'md5:abc' is not sha256:<64 hex digits>",
            "resource 2 'par-index-2025-csv': primary key 'missing' is not a field",
            "resource 3: duplicate name 'par-index-2025-csv'",
        });
  DataPackage empty;
  empty.name = "x";
  CHECK(check_datapackage(empty) == std::vector<std::string>{"package has no resources"});
  DataPackage paths = package();
  for (const char* bad : {"/abs.csv", "https://x/y.csv", "a//b.csv", "a/./b.csv", "a\\b.csv", ""}) {
    paths.resources[0].path = bad;
    INFO(bad);
    CHECK(check_datapackage(paths).size() == 1);
  }
}
