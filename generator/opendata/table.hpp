// A table of figures as it is downloaded: columns with types and units, and
// rows of cells. One Table gives the CSV, the JSON download and the Table
// Schema in datapackage.json, so the three always agree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mb::opendata {

/// One value. A number keeps the exact text it will be written as ("88.5",
/// "-3", "1234567"): '.' decimal point, no grouping, no exponent, never
/// affected by the locale, so Python's csv + float() and Excel read the same
/// value the page shows. Text is written as given (cleaned of invalid UTF-8
/// and control characters); empty means missing.
class Cell {
 public:
  enum class Kind { empty, text, number };

  Cell() = default;
  static Cell empty() { return Cell(); }
  static Cell text(std::string s);
  /// `v` with exactly `decimals` digits after the point (0..17), rounded
  /// half-to-even on the binary value as std::to_chars does: number(88.456, 1)
  /// is "88.5", number(3, 2) is "3.00", -0 is "0". NaN and infinities give an
  /// empty cell.
  static Cell number(double v, int decimals);
  static Cell integer(std::int64_t v);
  /// A decimal literal kept byte for byte: -?digits(.digits)?, e.g. "88.50".
  /// Throws std::invalid_argument for anything else ("88,5", "1e3", "").
  static Cell number_literal(std::string_view literal);
  /// True when `s` is a literal number_literal accepts.
  static bool is_decimal_literal(std::string_view s);

  Kind kind() const { return kind_; }
  bool is_empty() const { return kind_ == Kind::empty; }
  bool is_number() const { return kind_ == Kind::number; }
  /// The text as written ("" for empty).
  const std::string& value() const { return value_; }

  friend bool operator==(const Cell&, const Cell&) = default;

 private:
  Cell(Kind k, std::string v) : kind_(k), value_(std::move(v)) {}
  Kind kind_ = Kind::empty;
  std::string value_;
};

/// Table Schema field types (https://specs.frictionlessdata.io/table-schema/).
enum class FieldType { string, number, integer, boolean, date, datetime, year };

/// "string", "number", ...
const char* to_string(FieldType t);

struct Column {
  std::string name;         ///< machine name, also the CSV header: "diem", "hang"
  FieldType type = FieldType::string;
  std::string title;        ///< human label: "Điểm"
  std::string description;  ///< one sentence
  std::string unit;         ///< "điểm", "%", "ngày" ("" = none)
};

struct Table {
  std::string name;  ///< resource name: "par-index-2025"
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  ///< each row has columns.size() cells
};

/// Problems with a table ("row 3 has 5 cells, the table has 4 columns",
/// "column 2 'diem' is a number column but row 7 holds text 'n/a'"), empty
/// when fine. Writers throw std::invalid_argument on a wrong cell count.
std::vector<std::string> check_table(const Table& table);

}  // namespace mb::opendata
