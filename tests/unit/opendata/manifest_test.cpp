#include <catch2/catch.hpp>

#include <random>
#include <stdexcept>

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

namespace {

using json = nlohmann::json;

// The reader parse_manifest replaced, which checked a whole JSON tree: the
// reference for what the event reader must accept, build and report.
std::optional<Manifest> tree_manifest(std::string_view text, std::string* error) {
  auto fail = [&](std::string msg) -> std::optional<Manifest> {
    *error = std::move(msg);
    return std::nullopt;
  };
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return fail("manifest is not valid JSON");
  if (!j.is_object()) return fail("manifest is not a JSON object");
  if (!j.contains("format") || j["format"] != kManifestFormat)
    return fail(std::string("manifest format is not '") + kManifestFormat + "'");
  Manifest m;
  for (const char* section : {"files", "sources", "values"})
    if (j.contains(section) && !j[section].is_object()) return fail(std::string(section) + " is not an object");
  if (j.contains("files")) {
    for (const auto& [path, e] : j["files"].items()) {
      std::string where = "files." + path;
      if (!e.is_object() || !e.contains("sha256") || !e["sha256"].is_string() || !e.contains("bytes") ||
          !e["bytes"].is_number_unsigned())
        return fail(where + " needs a sha256 string and a bytes count");
      std::string hash = e["sha256"].get<std::string>();
      if (!is_sha256_hex(hash)) return fail(where + ".sha256 is not a SHA-256 hex digest");
      m.files[path] = FileEntry{hash, e["bytes"].get<std::uint64_t>()};
    }
  }
  if (j.contains("sources"))
    for (const auto& [path, h] : j["sources"].items()) {
      if (!h.is_string() || !is_sha256_hex(h.get<std::string>()))
        return fail("sources." + path + " is not a SHA-256 hex digest");
      m.sources[path] = h.get<std::string>();
    }
  if (j.contains("values"))
    for (const auto& [key, v] : j["values"].items()) {
      if (!v.is_string()) return fail("values." + key + " is not a string");
      m.values[key] = v.get<std::string>();
    }
  return m;
}

// A manifest-shaped document, mostly valid; `odd` in 100 of its parts are not.
json random_manifest(std::mt19937& rng, int odd) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto wrong = [&] { return pick(100) < odd; };
  auto junk = [&]() -> json {
    switch (pick(7)) {
      case 0: return nullptr;
      case 1: return true;
      case 2: return -3;
      case 3: return 2.5;
      case 4: return json::array({1, json::object({{"a", "b"}})});
      case 5: return json::object({{"bytes", 1}, {"x", json::array()}});
      default: return "text \"quoted\" \u1ea1";
    }
  };
  auto name = [&] { return std::string("k") + std::to_string(pick(40)) + (pick(4) ? "/x" : "/\u00e2\n"); };
  auto hash = [&] { return sha256_hex(std::to_string(pick(1000))); };
  json doc = json::object();
  if (!wrong()) doc["format"] = kManifestFormat;
  else if (pick(2)) doc["format"] = junk();
  json files = json::object();
  for (int i = pick(6); i > 0; --i) {
    json e = json::object();
    if (!wrong()) e["bytes"] = pick(100000);
    else if (pick(2)) e["bytes"] = junk();
    if (!wrong()) e["sha256"] = hash();
    else if (pick(2)) e["sha256"] = pick(2) ? json("abc") : junk();
    if (wrong()) e["extra"] = junk();
    files[name()] = wrong() ? junk() : e;
  }
  json sources = json::object(), values = json::object();
  for (int i = pick(6); i > 0; --i) sources[name()] = wrong() ? junk() : json(hash());
  for (int i = pick(12); i > 0; --i) values[name()] = wrong() ? junk() : json(std::to_string(pick(1000)) + ".5");
  if (pick(5)) doc["files"] = wrong() ? junk() : files;
  if (pick(5)) doc["sources"] = wrong() ? junk() : sources;
  if (pick(5)) doc["values"] = wrong() ? junk() : values;
  if (wrong()) doc["other"] = junk();
  return wrong() && pick(3) == 0 ? junk() : doc;
}

}  // namespace

TEST_CASE("parse_manifest reads and rejects as a check of the whole tree does", "[opendata][manifest]") {
  std::mt19937 rng(20261204);
  int accepted = 0, rejected = 0;
  for (int odd : {0, 2, 10, 40}) {
    for (int n = 0; n < 1500; ++n) {
      json doc = random_manifest(rng, odd);
      std::string text = doc.dump(rng() % 2 ? 2 : -1);
      if (rng() % 20 == 0) text.resize(rng() % (text.size() + 1));  // cut short: not JSON
      std::string want_error = "(none)", got_error = "(none)";
      auto want = tree_manifest(text, &want_error);
      auto got = parse_manifest(text, &got_error);
      INFO(text);
      REQUIRE(got.has_value() == want.has_value());
      CHECK(got_error == want_error);
      if (want) CHECK(*got == *want);
      ++(want ? accepted : rejected);
    }
  }
  // both outcomes are exercised, several hundred times each
  CHECK(accepted > 500);
  CHECK(rejected > 500);
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

TEST_CASE("write_manifest with the figures as a sorted list writes what the map gives", "[opendata][manifest]") {
  Manifest m = sample();
  m.values["result/kh/I.1/_/2026/value"] = "Đã hoàn thành\n\x01";
  m.values[std::string("bad/\xC3(")] = std::string("\xFF");
  m.values["empty"] = "";
  ValueList list(m.values.begin(), m.values.end());
  Manifest without = m;
  without.values.clear();
  CHECK(write_manifest(without, &list) == write_manifest(m));
  ValueList none;
  CHECK(write_manifest(without, &none) == write_manifest(without));
  CHECK_THROWS_AS(write_manifest(m, &list), std::invalid_argument);
}
