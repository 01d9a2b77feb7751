#include "opendata/table.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "feeds/xml.hpp"

namespace mb::opendata {

Cell Cell::text(std::string s) {
  std::string v = feeds::clean_text(s);
  if (v.empty()) return Cell();
  return Cell(Kind::text, std::move(v));
}

Cell Cell::number(double v, int decimals) {
  if (!std::isfinite(v)) return Cell();
  if (decimals < 0 || decimals > 17) throw std::invalid_argument("Cell::number: decimals must be 0..17");
  char buf[512];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  if (r.ec != std::errc()) throw std::invalid_argument("Cell::number: value too large");
  std::string s(buf, r.ptr);
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);  // "-0.0" → "0.0"
  return Cell(Kind::number, std::move(s));
}

Cell Cell::integer(std::int64_t v) { return Cell(Kind::number, std::to_string(v)); }

bool Cell::is_decimal_literal(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  std::size_t start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == start) return false;
  if (i == s.size()) return true;
  if (s[i] != '.') return false;
  std::size_t frac = ++i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i > frac && i == s.size();
}

Cell Cell::number_literal(std::string_view literal) {
  if (!is_decimal_literal(literal))
    throw std::invalid_argument("Cell::number_literal: '" + std::string(literal) + "' is not a decimal number");
  return Cell(Kind::number, std::string(literal));
}

const char* to_string(FieldType t) {
  switch (t) {
    case FieldType::string: return "string";
    case FieldType::number: return "number";
    case FieldType::integer: return "integer";
    case FieldType::boolean: return "boolean";
    case FieldType::date: return "date";
    case FieldType::datetime: return "datetime";
    case FieldType::year: return "year";
  }
  return "string";
}

std::vector<std::string> check_table(const Table& table) {
  std::vector<std::string> out;
  if (table.columns.empty()) out.push_back("table '" + table.name + "' has no columns");
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (row.size() != table.columns.size()) {
      out.push_back("row " + std::to_string(r + 1) + " has " + std::to_string(row.size()) + " cells, the table has " +
                    std::to_string(table.columns.size()) + " columns");
      continue;
    }
    for (std::size_t c = 0; c < row.size(); ++c) {
      const Column& col = table.columns[c];
      bool numeric = col.type == FieldType::number || col.type == FieldType::integer;
      if (numeric && row[c].kind() == Cell::Kind::text)
        out.push_back("column " + std::to_string(c + 1) + " '" + col.name + "' is a " + to_string(col.type) +
                      " column but row " + std::to_string(r + 1) + " holds text '" + row[c].value() + "'");
      if (col.type == FieldType::integer && row[c].is_number() && row[c].value().find('.') != std::string::npos)
        out.push_back("column " + std::to_string(c + 1) + " '" + col.name + "' is an integer column but row " +
                      std::to_string(r + 1) + " holds " + row[c].value());
    }
  }
  return out;
}

}  // namespace mb::opendata
