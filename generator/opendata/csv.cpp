#include "opendata/csv.hpp"

#include <stdexcept>

#include "feeds/xml.hpp"

namespace mb::opendata {

std::string neutralize_formula(std::string_view text) {
  if (!text.empty()) {
    switch (text.front()) {
      case '=': case '+': case '-': case '@': case '\t': case '\r':
        return "'" + std::string(text);
      default:
        break;
    }
  }
  return std::string(text);
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

namespace {

std::string text_field(std::string_view s, const CsvOptions& o) {
  std::string clean = feeds::clean_text(s);
  return csv_field(o.neutralize_formulas ? neutralize_formula(clean) : clean);
}

}  // namespace

std::string write_csv_rows(const std::vector<std::string>& header, const std::vector<std::vector<Cell>>& rows,
                      const CsvOptions& options) {
  std::string out;
  if (options.bom) out += "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (i) out += ',';
    out += text_field(header[i], options);
  }
  out += "\r\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() != header.size())
      throw std::invalid_argument("write_csv: row " + std::to_string(r + 1) + " has " + std::to_string(row.size()) +
                                  " cells, the header has " + std::to_string(header.size()));
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      const Cell& c = row[i];
      if (c.kind() == Cell::Kind::number) out += c.value();
      else if (c.kind() == Cell::Kind::text) out += text_field(c.value(), options);
    }
    out += "\r\n";
  }
  return out;
}

std::string write_csv(const Table& table, const CsvOptions& options) {
  std::vector<std::string> header;
  header.reserve(table.columns.size());
  for (const auto& c : table.columns) header.push_back(c.name);
  return write_csv_rows(header, table.rows, options);
}

}  // namespace mb::opendata
