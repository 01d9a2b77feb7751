#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "opendata/csv.hpp"

using namespace mb::opendata;

namespace {
Table ranking() {
  Table t;
  t.name = "par-index-2025";
  t.columns = {{"co_quan", FieldType::string, "Cơ quan", "", ""},
               {"diem", FieldType::number, "Điểm", "", "điểm"},
               {"hang", FieldType::integer, "Hạng", "", ""}};
  t.rows = {{Cell::text("Sở Tư pháp"), Cell::number(88.5, 2), Cell::integer(3)},
            {Cell::text("Sở Nội vụ, Tuyên Quang"), Cell::number_literal("-1.50"), Cell()},
            {Cell::text("Ban \"Dân tộc\"\nmới"), Cell::number(72, 0), Cell::integer(-2)}};
  return t;
}
}  // namespace

TEST_CASE("write_csv gives RFC 4180 with BOM and CRLF", "[opendata][csv]") {
  CHECK(write_csv(ranking()) ==
        "\xEF\xBB\xBF"
        "co_quan,diem,hang\r\n"
        "Sở Tư pháp,88.50,3\r\n"
        "\"Sở Nội vụ, Tuyên Quang\",-1.50,\r\n"
        "\"Ban \"\"Dân tộc\"\"\nmới\",72,-2\r\n");
  CsvOptions no_bom;
  no_bom.bom = false;
  CHECK(write_csv(ranking(), no_bom).rfind("co_quan,", 0) == 0);
  CHECK(write_csv_rows({"a"}, {}) == "\xEF\xBB\xBF" "a\r\n");
}

TEST_CASE("csv_field quotes only when needed", "[opendata][csv]") {
  CHECK(csv_field("plain text") == "plain text");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("line\r\nbreak") == "\"line\r\nbreak\"");
  CHECK(csv_field("'quoted'") == "'quoted'");
}

TEST_CASE("formula injection is neutralised in text cells only", "[opendata][csv][security]") {
  CHECK(neutralize_formula("=1+1") == "'=1+1");
  CHECK(neutralize_formula("+84 912 345 678") == "'+84 912 345 678");
  CHECK(neutralize_formula("-5 ngày") == "'-5 ngày");
  CHECK(neutralize_formula("@SUM(A1:A9)") == "'@SUM(A1:A9)");
  CHECK(neutralize_formula("\t=cmd") == "'\t=cmd");
  CHECK(neutralize_formula("\r=cmd") == "'\r=cmd");
  CHECK(neutralize_formula("Sở =1") == "Sở =1");
  CHECK(neutralize_formula("") == "");

  std::vector<std::vector<Cell>> rows = {
      {Cell::text("=HYPERLINK(\"http://evil\",\"x\")"), Cell::number(-3.5, 1)},
      {Cell::text("-"), Cell::integer(-7)},
      {Cell::text("@x,y"), Cell::number_literal("-0.25")},
  };
  CHECK(write_csv_rows({"=ten", "gia_tri"}, rows) ==
        "\xEF\xBB\xBF"
        "'=ten,gia_tri\r\n"
        "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",-3.5\r\n"
        "'-,-7\r\n"
        "\"'@x,y\",-0.25\r\n");
  CsvOptions raw;
  raw.neutralize_formulas = false;
  raw.bom = false;
  CHECK(write_csv_rows({"a"}, {{Cell::text("=1+1")}}, raw) == "a\r\n=1+1\r\n");
}

TEST_CASE("text cells are cleaned of control characters and bad UTF-8", "[opendata][csv]") {
  CHECK(Cell::text("a\x01\x1b" "b\xC3").value() == "ab\xEF\xBF\xBD");
  CHECK(Cell::text("").is_empty());
  // a tab kept inside a cell, but a leading one is neutralised
  CHECK(write_csv_rows({"a"}, {{Cell::text("\tx\ty")}}, {false, true}) == "a\r\n'\tx\ty\r\n");
}

TEST_CASE("number cells are written exactly, with a '.' decimal point", "[opendata][csv][cell]") {
  CHECK(Cell::number(88.5, 1).value() == "88.5");
  CHECK(Cell::number(88.456, 1).value() == "88.5");
  CHECK(Cell::number(3, 2).value() == "3.00");
  CHECK(Cell::number(1234567.891, 2).value() == "1234567.89");
  CHECK(Cell::number(-0.0001, 2).value() == "0.00");
  CHECK(Cell::number(-2.25, 1).value() == "-2.2");  // -2.25 is exact in binary: ties to even
  CHECK(Cell::number(0.1 + 0.2, 2).value() == "0.30");
  CHECK(Cell::number(std::nan(""), 2).is_empty());
  CHECK(Cell::number(std::numeric_limits<double>::infinity(), 2).is_empty());
  CHECK_THROWS_AS(Cell::number(1, -1), std::invalid_argument);
  CHECK(Cell::integer(-9007199254740993LL).value() == "-9007199254740993");
  CHECK(Cell::number_literal("88.50").value() == "88.50");
  CHECK(Cell::number_literal("-0").value() == "-0");
  for (const char* bad : {"", "-", "88,5", "1e3", ".5", "5.", "+5", " 5", "5 ", "1.2.3", "０"}) {
    INFO(bad);
    CHECK_FALSE(Cell::is_decimal_literal(bad));
    CHECK_THROWS_AS(Cell::number_literal(bad), std::invalid_argument);
  }
}

TEST_CASE("rows must match the header", "[opendata][csv]") {
  Table t = ranking();
  t.rows[1].pop_back();
  CHECK_THROWS_AS(write_csv(t), std::invalid_argument);
  CHECK(check_table(t) == std::vector<std::string>{"row 2 has 2 cells, the table has 3 columns"});
  t.rows[1].push_back(Cell());
  t.rows[0][1] = Cell::text("n/a");
  t.rows[2][2] = Cell::number(2.5, 1);
  CHECK(check_table(t) == std::vector<std::string>{
                              "column 2 'diem' is a number column but row 1 holds text 'n/a'",
                              "column 3 'hang' is an integer column but row 3 holds 2.5"});
  CHECK(check_table(ranking()).empty());
}
