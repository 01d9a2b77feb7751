// The clerk-facing catalogue: both languages, the same placeholders.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "importer/messages.hpp"

using namespace mb::importer;

namespace {
std::multiset<std::string> placeholders(const char* s) {
  std::multiset<std::string> out;
  if (!s) return out;
  std::string t(s);
  std::regex re("\\{#?[0-9]\\}");
  for (auto it = std::sregex_iterator(t.begin(), t.end(), re); it != std::sregex_iterator(); ++it)
    out.insert(it->str().find('#') != std::string::npos ? "{" + it->str().substr(2) : it->str());
  return out;
}
}  // namespace

TEST_CASE("every catalogue entry has both languages with the same placeholders", "[importer]") {
  std::set<std::string> seen;
  for (const auto& e : catalogue()) {
    INFO(e.en);
    CHECK(seen.insert(e.en).second);
    REQUIRE(e.vi);
    CHECK(std::string(e.vi) != "");
    CHECK(placeholders(e.en) == placeholders(e.vi));
    CHECK((e.hint_en == nullptr) == (e.hint_vi == nullptr));
    CHECK(placeholders(e.hint_en) == placeholders(e.hint_vi));
  }
}

TEST_CASE("templates match messages and capture their arguments", "[importer]") {
  auto caps = match_template("no agency named '{0}' among the {1}", "no agency named 'Xã A' among the communes");
  REQUIRE(caps);
  CHECK((*caps)[0] == "Xã A");
  CHECK((*caps)[1] == "communes");
  CHECK_FALSE(match_template("no agency named '{0}'", "no agency named 'X' among the communes"));
  CHECK_FALSE(match_template("row {#0}", "row needs a value"));
  CHECK(match_template("row {#0}", "row 12"));
}

TEST_CASE("messages of other modules are localised, prefix kept, hint added", "[importer]") {
  mb::Diagnostics diags;
  mb::Diagnostic d;
  d.path = "data/rankings/x/2025.json";
  d.line = 3;
  d.col = 7;
  d.message = "unknown agency 'xa-nam-dann'";
  d.notes = {"did you mean 'xa-nam-dan'?"};
  std::vector<mb::Diagnostic> v = {d};
  localise(v, Lang::vi);
  CHECK(v[0].message == "không có đơn vị mã 'xa-nam-dann' trong data/agencies");
  CHECK(v[0].notes[0] == "có phải là 'xa-nam-dan'?");
  CHECK(v[0].notes.back().rfind("cách sửa: ", 0) == 0);
  CHECK(mb::format_diagnostic(v[0], false).rfind("data/rankings/x/2025.json:3:7: error: ", 0) == 0);
  std::vector<mb::Diagnostic> en = {d};
  localise(en, Lang::en);
  CHECK(en[0].message == d.message);
  CHECK(en[0].notes.back().rfind("how to fix: ", 0) == 0);
  // unknown messages stay as they are
  d.message = "something nobody translated";
  std::vector<mb::Diagnostic> u = {d};
  localise(u, Lang::vi);
  CHECK(u[0].message == "something nobody translated");
}

TEST_CASE("arguments that are messages themselves are translated", "[importer]") {
  CHECK(translate_message("'Xã A' is Xã A (xa-a) again (already on row 7)", Lang::vi) ==
        "'Xã A' lại là Xã A (xa-a) (đã có ở dòng 7)");
  CHECK(msg(Lang::vi, "{#0} errors", {"3"}) == "3 lỗi");
  CHECK(msg(Lang::en, "{#0} errors", {"3"}) == "3 errors");
}
