// Whole builds (dry run) of tiny sites with hostile input, for what only the
// build step can see. The CLI-level corpus is tests/hostile/.
#include <catch2/catch.hpp>

#include <filesystem>

#include "site/site.hpp"
#include "temp_site.hpp"

using namespace mb;
using mb::test::TempSite;
namespace stdfs = std::filesystem;

TEST_CASE("an alias that would overwrite a page is reported at the alias", "[site][hostile]") {
  TempSite s("alias");
  s.put("content/a.md", "---\ntitle: A\n---\n");
  s.put("content/b.md", "---\ntitle: B\naliases:\n  - /c/\n  - /a/\n  - /c/\n---\n");
  bool ok = true;
  auto diags = s.build(ok);
  CHECK_FALSE(ok);
  REQUIRE(diags.size() == 2);
  CHECK(diags[0].path == "content/b.md");
  CHECK(diags[0].line == 5);
  CHECK(diags[0].col == 5);
  CHECK(diags[0].message.find("alias /a/ would overwrite /a/index.html") != std::string::npos);
  CHECK(diags[1].line == 6);  // the second /c/
}

TEST_CASE("agencies named in front matter must exist", "[site][hostile]") {
  TempSite s("agencies");
  s.put("data/agencies.json", "[{\"id\": \"so-noi-vu\", \"name\": \"S\", \"kind\": \"department\"}]");
  s.put("content/tin-tuc/a.md", "---\ntitle: A\nagencies:\n  - so-noi-vu\n  - ../../outside\n---\n");
  bool ok = true;
  auto diags = s.build(ok);
  CHECK_FALSE(ok);
  REQUIRE(diags.size() == 1);
  CHECK(format_diagnostic(diags[0], false) ==
        "content/tin-tuc/a.md:5:5: error: unknown agency '../../outside' in 'agencies' (use an id from "
        "data/agencies.json)");
}
