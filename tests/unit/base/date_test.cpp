// One date rule for every module: front matter, data files, the template
// `date` filter and feeds read a date the same way.
#include <catch2/catch.hpp>

#include "base/date.hpp"
#include "content/page.hpp"
#include "data/model.hpp"
#include "feeds/datetime.hpp"

using namespace mb;

TEST_CASE("RFC 3339 and written forms", "[date]") {
  using date::Form;
  auto t = date::parse("2026-03-01T09:00:00+07:00");
  REQUIRE(t);
  CHECK(t->has_time);
  CHECK(t->has_zone);
  CHECK(t->offset_minutes == 420);
  CHECK(date::format_rfc822(*t) == "Sun, 01 Mar 2026 09:00:00 +0700");
  // RFC 3339 needs the seconds and the zone; people may leave them out
  CHECK_FALSE(date::parse("2026-03-01T09:00+07:00"));
  CHECK_FALSE(date::parse("2026-03-01T09:00:00"));
  CHECK_FALSE(date::parse("2026-03-01 09:00:00+07:00"));
  auto w = date::parse("2026-03-01 09:00", Form::written);
  REQUIRE(w);
  CHECK_FALSE(w->has_zone);
  CHECK(w->offset_minutes == date::kDefaultOffsetMinutes);
  CHECK(date::format_rfc3339(*w) == "2026-03-01T09:00:00+07:00");
  // impossible dates, times and zones, in both forms
  for (auto form : {Form::rfc3339, Form::written}) {
    CHECK_FALSE(date::parse("2025-02-29", form));
    CHECK_FALSE(date::parse("2025-13-01", form));
    CHECK_FALSE(date::parse("2025-04-31", form));
    CHECK_FALSE(date::parse("2025-01-01T24:00:00Z", form));
    CHECK_FALSE(date::parse("2025-01-01T10:00:00+24:00", form));
    CHECK_FALSE(date::parse("2025-01-01T10:00:00+07:00x", form));
    CHECK(date::parse("2024-02-29", form));
  }
  CHECK_FALSE(date::parse_day("2024-02-29T00:00:00Z"));
  CHECK(date::parse_day("2024-02-29"));
  CHECK(date::days_in_month(2100, 2) == 28);
  CHECK(date::days_in_month(2000, 2) == 29);
  CHECK(date::days_in_month(2000, 13) == 0);
}

TEST_CASE("front matter, data and feeds agree on dates", "[date]") {
  for (const char* s : {"2025-02-28", "2025-02-29", "2024-02-29", "2025-00-10", "2025-1-10", "20250110", "2025-11-31"}) {
    std::string normalised;
    bool content_ok = content::normalise_date(s, "+07:00", normalised);
    bool data_ok = data::parse_date(s).has_value();
    bool feeds_ok = feeds::parse_datetime(s).has_value();
    INFO(s);
    CHECK(content_ok == data_ok);
    CHECK(data_ok == feeds_ok);
  }
  std::string out;
  REQUIRE(content::normalise_date("2025-12-30 08:00", "+07:00", out));
  CHECK(out == "2025-12-30T08:00:00+07:00");
  REQUIRE(content::normalise_date("2025-12-30T08:00:00Z", "+07:00", out));
  CHECK(out == "2025-12-30T08:00:00+00:00");
  CHECK(feeds::normalize_rfc3339(out) == out);
}
