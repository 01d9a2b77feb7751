// Numbers, dates, periods and yes/no as offices write them in spreadsheets.
#include <catch2/catch.hpp>

#include "importer/values.hpp"

using namespace mb::importer;

TEST_CASE("numbers with a decimal comma, a point, percent signs and thousands", "[importer]") {
  bool pct = false;
  CHECK(parse_number("88,5", &pct) == Approx(88.5));
  CHECK_FALSE(pct);
  CHECK(parse_number("88.5") == Approx(88.5));
  CHECK(parse_number("88,5%", &pct) == Approx(88.5));
  CHECK(pct);
  CHECK(parse_number(" 95 % ", &pct) == Approx(95));
  CHECK(parse_number("1.234,5") == Approx(1234.5));
  CHECK(parse_number("1,234.5") == Approx(1234.5));
  CHECK(parse_number("1.234.567") == Approx(1234567));
  CHECK(parse_number("1 234") == Approx(1234));
  CHECK(parse_number("1\xC2\xA0" "234,5") == Approx(1234.5));  // no-break space
  CHECK(parse_number("-3") == Approx(-3));
  CHECK(parse_number("0,25") == Approx(0.25));
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("%"));
  CHECK_FALSE(parse_number("abc"));
  CHECK_FALSE(parse_number("88,5,1.2"));
  CHECK_FALSE(parse_number("1.23.4"));  // thousands groups are three digits
  CHECK_FALSE(parse_number("12,"));
  CHECK_FALSE(parse_number(",5"));
  CHECK_FALSE(parse_number("nan"));
}

TEST_CASE("numbers print in their shortest form", "[importer]") {
  CHECK(number_str(88.5) == "88.5");
  CHECK(number_str(90) == "90");
  CHECK(number_str(88.49999999999999) == "88.5");
}

TEST_CASE("dates day first or ISO", "[importer]") {
  CHECK(parse_date_text("2026-04-10") == "2026-04-10");
  CHECK(parse_date_text("10/4/2026") == "2026-04-10");
  CHECK(parse_date_text("10-04-2026") == "2026-04-10");
  CHECK(parse_date_text("10.04.2026") == "2026-04-10");
  CHECK_FALSE(parse_date_text("31/02/2026"));
  CHECK_FALSE(parse_date_text("10/04-2026"));
  CHECK_FALSE(parse_date_text("hôm qua"));
}

TEST_CASE("reporting periods in words", "[importer]") {
  CHECK(parse_period_text("2026") == "2026");
  CHECK(parse_period_text("Năm 2026") == "2026");
  CHECK(parse_period_text("2026-Q1") == "2026-Q1");
  CHECK(parse_period_text("Quý I/2026") == "2026-Q1");
  CHECK(parse_period_text("quý 3 năm 2026") == "2026-Q3");
  CHECK(parse_period_text("Q4/2026") == "2026-Q4");
  CHECK(parse_period_text("6 tháng đầu năm 2026") == "2026-H1");
  CHECK(parse_period_text("6 tháng cuối năm 2026") == "2026-H2");
  CHECK_FALSE(parse_period_text("Quý V/2026"));
  CHECK_FALSE(parse_period_text("tháng 3"));
}

TEST_CASE("done and not done", "[importer]") {
  CHECK(parse_yes_no("x") == true);
  CHECK(parse_yes_no("Đã hoàn thành") == true);
  CHECK(parse_yes_no("HOÀN THÀNH") == true);
  CHECK(parse_yes_no("Chưa") == false);
  CHECK(parse_yes_no("chưa hoàn thành") == false);
  CHECK_FALSE(parse_yes_no("có lẽ"));
}
