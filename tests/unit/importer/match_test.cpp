// Agency names as spreadsheets write them.
#include <catch2/catch.hpp>

#include "base/text.hpp"
#include "importer/match.hpp"

using namespace mb::importer;
using mb::data::Agency;
using mb::data::AgencyKind;

namespace {

std::vector<Agency> agencies() {
  auto a = [](const char* id, const char* name, const char* short_name, AgencyKind k,
              std::vector<std::string> aliases = {}) {
    Agency x;
    x.id = id;
    x.name = name;
    x.short_name = short_name;
    x.kind = k;
    x.aliases = std::move(aliases);
    return x;
  };
  return {a("xa-nam-dan", "Xã Năm Dẫn", "Năm Dẫn", AgencyKind::commune),
          a("xa-tan-trao", "Xã Tân Trào", "Tân Trào", AgencyKind::commune),
          a("phuong-minh-xuan", "Phường Minh Xuân", "Minh Xuân", AgencyKind::commune),
          a("xa-minh-xuan", "Xã Minh Xuân", "Minh Xuân", AgencyKind::commune),
          a("so-noi-vu", "Sở Nội vụ", "Sở Nội vụ", AgencyKind::department, {"SNV"}),
          a("xa-ha-giang", "Xã Hà Giang", "Hà Giang", AgencyKind::commune),
          a("xa-ha-giang-2", "Xã Hạ Giang", "Hạ Giang", AgencyKind::commune),
          a("so-tu-phap", "Sở Tư pháp", "Sở Tư pháp", AgencyKind::department),
          a("so-tu-phap-thai-nguyen", "Sở Tư pháp tỉnh Thái Nguyên", "Sở Tư pháp", AgencyKind::department)};
}

struct Fixture {
  std::vector<Agency> list = agencies();
  AgencyMatcher matcher{[this] {
    std::vector<const Agency*> v;
    for (const auto& a : list) v.push_back(&a);
    return v;
  }()};
  std::string id(std::string_view name) {
    Match m = matcher.match(name);
    return m.agency ? m.agency->id : "";
  }
};

}  // namespace

TEST_CASE("names normalise case, spacing and punctuation", "[importer]") {
  auto n = [](const char* s) { return normalise_name(s); };
  CHECK(n("  UBND  xã Năm-Dẫn ") == n("ubnd xã năm dẫn"));
  CHECK(n("UBND XÃ NĂM DẪN") == n("ubnd xã năm dẫn"));
  CHECK(n("ubnd xã năm dẫn").find("ubnd x") == 0);
  CHECK(strip_kind_words(n("ubnd xã năm dẫn")) == n("năm dẫn"));
  CHECK(strip_kind_words(n("ủy ban nhân dân phường minh xuân")) == n("minh xuân"));
  CHECK(strip_kind_words(n("sở nội vụ")) == n("nội vụ"));
  CHECK(strip_kind_words(n("xã")) == n("xã"));  // never empty
}

TEST_CASE_METHOD(Fixture, "an agency is found by id, name, short name, alias, with or without prefixes",
                 "[importer]") {
  CHECK(id("xa-nam-dan") == "xa-nam-dan");
  CHECK(id("Xã Năm Dẫn") == "xa-nam-dan");
  CHECK(id("UBND xã Năm Dẫn") == "xa-nam-dan");
  CHECK(id("Ủy ban nhân dân xã Năm Dẫn") == "xa-nam-dan");
  CHECK(id("Năm Dẫn") == "xa-nam-dan");
  CHECK(id("  năm   DẪN ") == "xa-nam-dan");
  CHECK(id(mb::text::nfc("Xa\xCC\x83 Năm Dẫn")) == "xa-nam-dan");
  CHECK(id("Xa\xCC\x83 Na\xCC\x86m Da\xCC\x82\xCC\x83n") == "xa-nam-dan");  // NFD, as pasted from some PDFs
  CHECK(id("snv") == "so-noi-vu");
  CHECK(id("Sở Nội Vụ") == "so-noi-vu");
  CHECK(id("Nội vụ") == "so-noi-vu");
  CHECK(id("Phường Minh Xuân") == "phuong-minh-xuan");
  CHECK(id("Xã Hạ Giang") == "xa-ha-giang-2");  // diacritics tell Hà and Hạ apart
  CHECK(id("Sở Tư pháp") == "so-tu-phap");      // a name before another's short name
  CHECK(id("Sở Tư pháp tỉnh Thái Nguyên") == "so-tu-phap-thai-nguyen");
}

TEST_CASE_METHOD(Fixture, "tone placement does not matter, the tone does", "[importer]") {
  CHECK(normalise_name("Hoà Bình") == normalise_name("Hòa Bình"));
  CHECK(normalise_name("Thuỷ") == normalise_name("Thủy"));
  CHECK(normalise_name("Hà") != normalise_name("Hạ"));
  CHECK(id("Xã Năm Dần") == "");  // other diacritics: another name
  Match m = matcher.match("Xã Năm Dần");
  REQUIRE_FALSE(m.candidates.empty());
  CHECK(m.candidates[0].agency->id == "xa-nam-dan");
}

TEST_CASE_METHOD(Fixture, "names without diacritics match only when one agency fits", "[importer]") {
  Match m = matcher.match("UBND xa Nam Dan");
  REQUIRE(m.agency);
  CHECK(m.agency->id == "xa-nam-dan");
  CHECK(m.without_diacritics);
  Match h = matcher.match("Xa Ha Giang");  // Hà Giang or Hạ Giang?
  CHECK_FALSE(h.agency);
  CHECK(h.ambiguous);
  REQUIRE(h.candidates.size() == 2);
}

TEST_CASE_METHOD(Fixture, "a name fitting several agencies is never guessed", "[importer]") {
  Match m = matcher.match("Minh Xuân");
  CHECK_FALSE(m.agency);
  CHECK(m.ambiguous);
  REQUIRE(m.candidates.size() == 2);
  CHECK(m.candidates[0].agency->id == "phuong-minh-xuan");
  CHECK(m.candidates[1].agency->id == "xa-minh-xuan");
}

TEST_CASE_METHOD(Fixture, "an unknown name gets the three closest candidates", "[importer]") {
  Match m = matcher.match("Xã Nậm Đăm");
  CHECK_FALSE(m.agency);
  CHECK_FALSE(m.ambiguous);
  REQUIRE(m.candidates.size() == 3);
  CHECK(m.candidates[0].agency->id == "xa-nam-dan");
  CHECK(describe(*m.candidates[0].agency) == "Xã Năm Dẫn (xa-nam-dan)");
}
