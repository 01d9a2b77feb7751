// The input stamp: when a build may trust file times and sizes.
#include <catch2/catch.hpp>

#include "site/site.hpp"
#include "temp_site.hpp"

using namespace mb;

TEST_CASE("an input changed less than two seconds before the build started, or after, makes no stamp") {
  test::TempSite s("stamp");
  s.put("content/a.md", "---\ntitle: A\n---\nx\n");
  config::SiteConfig cfg;
  Diagnostics d;
  REQUIRE(config::load_config(s.root, cfg, d));
  site::BuildOptions o;
  const auto out = s.root / "out";
  const std::int64_t now = site::realtime_ns();  // the files were all written before this
  constexpr std::int64_t kSecond = 1'000'000'000;
  // a build that started before the files were written may have read them
  // before the last edit: the stamp is taken beside the build
  CHECK(site::input_stamp(cfg, "2026-06-30", o, out, now - 5 * kSecond, 1).empty());
  // written less than two seconds before the build started: a second edit
  // in the same tick of a coarse clock would keep the time and the size
  CHECK(site::input_stamp(cfg, "2026-06-30", o, out, now + kSecond, 1).empty());
  const std::string later = site::input_stamp(cfg, "2026-06-30", o, out, now + 3 * kSecond, 1);
  CHECK_FALSE(later.empty());
  CHECK(site::input_stamp(cfg, "2026-06-30", o, out, now + 3 * kSecond, 2) == later);
  // what the build reads is in the stamp
  CHECK(site::input_stamp(cfg, "2026-07-01", o, out, now + 3 * kSecond, 1) != later);
  s.put("content/a.md", "---\ntitle: AB\n---\nx\n");
  CHECK(site::input_stamp(cfg, "2026-06-30", o, out, site::realtime_ns() + 3 * kSecond, 1) != later);
}
