#include <catch2/catch.hpp>

#include "feeds/datetime.hpp"

using namespace mb::feeds;

TEST_CASE("RFC 3339 timestamps parse and round-trip", "[feeds][datetime]") {
  auto t = parse_datetime("2026-03-01T09:00:00+07:00");
  REQUIRE(t);
  CHECK(format_rfc3339(*t) == "2026-03-01T09:00:00+07:00");
  CHECK(format_rfc822(*t) == "Sun, 01 Mar 2026 09:00:00 +0700");
  CHECK(normalize_rfc3339("2025-12-31T23:59:59.250Z") == "2025-12-31T23:59:59.250Z");
  CHECK(normalize_rfc3339("2025-12-31t23:59:59-05:30") == "2025-12-31T23:59:59-05:30");
  CHECK(format_rfc822(*parse_datetime("2024-02-29T00:00:00-05:30")) == "Thu, 29 Feb 2024 00:00:00 -0530");
}

TEST_CASE("a bare date is local midnight in Vietnam", "[feeds][datetime]") {
  CHECK(normalize_rfc3339("2026-04-02") == "2026-04-02T00:00:00+07:00");
  CHECK(format_rfc822(*parse_datetime("2026-04-02")) == "Thu, 02 Apr 2026 00:00:00 +0700");
}

TEST_CASE("malformed or impossible timestamps are rejected", "[feeds][datetime]") {
  for (const char* s : {"", "2026", "2026-13-01", "2025-02-29", "2026-03-01T09:00:00", "2026-03-01 09:00:00+07:00",
                        "2026-03-01T24:00:00Z", "2026-03-01T09:00:00+0700", "2026-03-01T09:00:00.Z",
                        "2026-03-01T09:00:00Zjunk", "26-03-01"}) {
    INFO(s);
    CHECK_FALSE(parse_datetime(s));
  }
}

TEST_CASE("instants compare across offsets", "[feeds][datetime]") {
  auto a = *parse_datetime("2026-03-01T09:00:00+07:00");
  auto b = *parse_datetime("2026-03-01T02:00:00Z");
  auto c = *parse_datetime("2026-03-01T02:00:00.5Z");
  CHECK(compare(a, b) == 0);
  CHECK(compare(b, c) < 0);
  CHECK(compare(c, a) > 0);
  CHECK(parse_datetime("1970-01-01T00:00:00Z")->epoch_seconds() == 0);
  CHECK(parse_datetime("1969-12-31T23:59:59Z")->epoch_seconds() == -1);
}

TEST_CASE("formatting pads every field and falls back for wide ones", "[feeds][datetime]") {
  CHECK(format_rfc3339(*parse_datetime("0007-01-02T03:04:05.060-09:30")) == "0007-01-02T03:04:05.060-09:30");
  CHECK(format_rfc822(*parse_datetime("0007-01-02T03:04:05-09:30")) == "Tue, 02 Jan 0007 03:04:05 -0930");
  CHECK(normalize_rfc3339("2026-03-01t09:00:00z") == "2026-03-01T09:00:00Z");
  DateTime wide;
  wide.year = 12345;
  wide.offset_minutes = -61;
  CHECK(format_rfc3339(wide) == "12345-01-01T00:00:00-01:01");
  CHECK(format_rfc822(wide).substr(3) == ", 01 Jan 12345 00:00:00 -0101");
}

TEST_CASE("the newest of several dates is found by instant, not by text", "[feeds][datetime]") {
  Newest n;
  CHECK(n.text().empty());
  CHECK_FALSE(n.offer("not a date"));
  CHECK_FALSE(n.offer(""));
  CHECK(n.offer("2025-01-01T10:00:00+07:00"));  // 03:00Z
  // written later as text, earlier as an instant: "10:00+07:00" > "05:00Z" compares wrongly as text
  CHECK(n.offer("2025-01-01T05:00:00Z"));
  CHECK(n.text() == "2025-01-01T05:00:00Z");
  CHECK_FALSE(n.offer("2025-01-01T11:00:00+07:00"));  // 04:00Z
  CHECK_FALSE(n.offer("2025-01-01T12:00:00+07:00"));  // the same instant: the first stays
  CHECK(n.text() == "2025-01-01T05:00:00Z");
  CHECK_FALSE(n.offer("2024-12-31"));
  CHECK(n.offer("2025-01-02"));  // a bare date: local midnight, 2025-01-01T17:00Z
  CHECK(n.text() == "2025-01-02");
  CHECK(n.when());
  CHECK(format_rfc3339(*n.when()) == "2025-01-02T00:00:00+07:00");
}
