#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "opendata/hash.hpp"
#include "opendata/manifest.hpp"

using namespace mb::opendata;

namespace {
Manifest sample() {
  Manifest m;
  m.files["feed.xml"] = file_entry("<rss/>");
  m.files["du-lieu/xep-hang/par-index-2025.csv"] = file_entry("a,b\r\n");
  m.sources["data/rankings/par-index-2025.yaml"] = sha256_hex("ranking");
  m.values["ranking/par-index/2025/so-tu-phap/score"] = "88.5";
  m.values["ranking/par-index/2025/so-tu-phap/rank"] = "3";
  m.values["kpi/tthc-truc-tuyen/2026-q1/value"] = "72";
  return m;
}
}  // namespace

TEST_CASE("write_manifest is sorted and has no timestamps", "[opendata][manifest]") {
  Manifest m;
  m.files["b.csv"] = FileEntry{sha256_hex("b"), 1};
  m.files["a.csv"] = FileEntry{sha256_hex("a"), 1};
  m.values["z/1"] = "1";
  m.values["a/1"] = "2";
  CHECK(write_manifest(m) ==
        "{\n"
        "  \"files\": {\n"
        "    \"a.csv\": {\n"
        "      \"bytes\": 1,\n"
        "      \"sha256\": \"" + sha256_hex("a") + "\"\n"
        "    },\n"
        "    \"b.csv\": {\n"
        "      \"bytes\": 1,\n"
        "      \"sha256\": \"" + sha256_hex("b") + "\"\n"
        "    }\n"
        "  },\n"
        "  \"format\": \"minhbach-manifest/1\",\n"
        "  \"sources\": {},\n"
        "  \"values\": {\n"
        "    \"a/1\": \"2\",\n"
        "    \"z/1\": \"1\"\n"
        "  }\n"
        "}\n");
  CHECK(write_manifest(sample()) == write_manifest(sample()));
}

TEST_CASE("write_manifest writes what a JSON tree dump(2) gives, escapes included", "[opendata][manifest]") {
  Manifest m = sample();
  m.files["dir/\"quoted\"\\back.csv"] = FileEntry{sha256_hex("q"), 12345678901ULL};
  m.sources["data/tệp \t tab.json"] = sha256_hex("s");
  m.values["result/kh/I.1/_/2026/value"] = "Đã hoàn thành\n\x01";
  m.values[std::string("bad/\xC3(")] = std::string("\xFF");
  m.values["empty"] = "";
  using json = nlohmann::json;
  auto reference = [](const Manifest& x) {  // the former writer: a whole JSON tree, then dump(2)
    json j = json::object();
    j["format"] = kManifestFormat;
    json files = json::object();
    for (const auto& [path, e] : x.files) files[path] = json{{"bytes", e.bytes}, {"sha256", e.sha256}};
    j["files"] = std::move(files);
    j["sources"] = x.sources.empty() ? json::object() : json(x.sources);
    j["values"] = x.values.empty() ? json::object() : json(x.values);
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  };
  CHECK(write_manifest(m) == reference(m));
  CHECK(write_manifest(Manifest{}) == reference(Manifest{}));
  Manifest only_values;
  only_values.values["a"] = "1";
  CHECK(write_manifest(only_values) == reference(only_values));
}

TEST_CASE("parse_manifest reads what write_manifest wrote", "[opendata][manifest]") {
  Manifest m = sample();
  auto back = parse_manifest(write_manifest(m));
  REQUIRE(back);
  CHECK(*back == m);
  CHECK(file_entry("<rss/>").bytes == 6);
}

TEST_CASE("parse_manifest rejects other documents", "[opendata][manifest]") {
  std::string error;
  CHECK_FALSE(parse_manifest("not json", &error));
  CHECK(error == "manifest is not valid JSON");
  CHECK_FALSE(parse_manifest("[]", &error));
  CHECK(error == "manifest is not a JSON object");
  CHECK_FALSE(parse_manifest(R"({"format": "other/2"})", &error));
  CHECK(error == "manifest format is not 'minhbach-manifest/1'");
  CHECK_FALSE(parse_manifest(R"({"format": "minhbach-manifest/1", "files": {"a": {"bytes": 1, "sha256": "x"}}})", &error));
  CHECK(error == "files.a.sha256 is not a SHA-256 hex digest");
  CHECK_FALSE(parse_manifest(R"({"format": "minhbach-manifest/1", "files": {"a": {"sha256": "x"}}})", &error));
  CHECK(error == "files.a needs a sha256 string and a bytes count");
  CHECK_FALSE(parse_manifest(R"({"format": "minhbach-manifest/1", "values": {"k": 88.5}})", &error));
  CHECK(error == "values.k is not a string");
  CHECK_FALSE(parse_manifest(R"({"format": "minhbach-manifest/1", "values": []})", &error));
  CHECK(error == "values is not an object");
  auto empty = parse_manifest(R"({"format": "minhbach-manifest/1"})");
  REQUIRE(empty);
  CHECK(*empty == Manifest{});
}

TEST_CASE("one corrected figure is exactly one value change", "[opendata][manifest][changes]") {
  Manifest before = sample();
  Manifest after = sample();
  after.values["ranking/par-index/2025/so-tu-phap/score"] = "89.0";
  auto changes = diff_manifests(before, after);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0] == Change{ManifestSection::values, ChangeKind::changed, "ranking/par-index/2025/so-tu-phap/score",
                             "88.5", "89.0"});
  CHECK(diff_manifests(before, before).empty());
}

TEST_CASE("diff_manifests lists added, removed and changed entries in order", "[opendata][manifest][changes]") {
  Manifest before = sample();
  Manifest after = sample();
  after.values.erase("kpi/tthc-truc-tuyen/2026-q1/value");
  after.values["kpi/tthc-truc-tuyen/2026-q2/value"] = "80";
  after.values["ranking/par-index/2025/so-tu-phap/rank"] = "2";
  after.sources["data/rankings/par-index-2025.yaml"] = sha256_hex("ranking v2");
  after.files["du-lieu/xep-hang/par-index-2025.csv"] = file_entry("a,b\r\n1,2\r\n");
  after.files["atom.xml"] = file_entry("<feed/>");
  auto changes = diff_manifests(before, after);
  std::vector<std::string> got;
  for (const auto& c : changes)
    got.push_back(std::string(to_string(c.section)) + " " + to_string(c.kind) + " " + c.key + " " +
                  c.old_value.substr(0, 8) + "→" + c.new_value.substr(0, 8));
  CHECK(got == std::vector<std::string>{
                   "values removed kpi/tthc-truc-tuyen/2026-q1/value 72→",
                   "values added kpi/tthc-truc-tuyen/2026-q2/value →80",
                   "values changed ranking/par-index/2025/so-tu-phap/rank 3→2",
                   "sources changed data/rankings/par-index-2025.yaml " + sha256_hex("ranking").substr(0, 8) + "→" +
                       sha256_hex("ranking v2").substr(0, 8),
                   "files added atom.xml →" + sha256_hex("<feed/>").substr(0, 8),
                   "files changed du-lieu/xep-hang/par-index-2025.csv " + sha256_hex("a,b\r\n").substr(0, 8) + "→" +
                       sha256_hex("a,b\r\n1,2\r\n").substr(0, 8),
               });
  auto ranking = changes_under(changes, ManifestSection::values, "ranking/par-index/2025/");
  REQUIRE(ranking.size() == 1);
  CHECK(ranking[0].key == "ranking/par-index/2025/so-tu-phap/rank");
}

TEST_CASE("the first publication is all additions", "[opendata][manifest][changes]") {
  auto changes = diff_manifests(Manifest{}, sample());
  CHECK(changes.size() == 6);
  for (const auto& c : changes) CHECK(c.kind == ChangeKind::added);
}

TEST_CASE("sha256_by_path feeds SHA256SUMS", "[opendata][manifest]") {
  Manifest m = sample();
  CHECK(write_sha256sums(sha256_by_path(m)) ==
        sha256_hex("a,b\r\n") + "  du-lieu/xep-hang/par-index-2025.csv\n" + sha256_hex("<rss/>") + "  feed.xml\n");
}
