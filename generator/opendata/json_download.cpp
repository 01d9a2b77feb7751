#include "opendata/json_download.hpp"

#include <stdexcept>

#include "feeds/json_writer.hpp"

namespace mb::opendata {

using ojson = nlohmann::ordered_json;

std::string write_table_json(const Table& table) {
  std::string out;
  feeds::JsonWriter w(out);
  w.begin_array();
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (row.size() != table.columns.size())
      throw std::invalid_argument("write_table_json: row " + std::to_string(r + 1) + " has " +
                                  std::to_string(row.size()) + " cells, the table has " +
                                  std::to_string(table.columns.size()) + " columns");
    w.begin_object();
    for (std::size_t i = 0; i < row.size(); ++i) {
      const Cell& c = row[i];
      w.key(table.columns[i].name);
      if (c.kind() == Cell::Kind::empty) w.null();
      else if (c.kind() == Cell::Kind::number) w.number_literal(c.value());
      else if (table.columns[i].type == FieldType::boolean) w.boolean(c.value() == "true");
      else w.string(c.value());
    }
    w.end_object();
  }
  w.end_array();
  out += '\n';
  return out;
}

std::string write_json(const ojson& value) {
  return value.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string write_json(const nlohmann::json& value) {
  return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

std::string escape_for_script(const std::string& dumped) {
  std::string out;
  out.reserve(dumped.size());
  for (std::size_t i = 0; i < dumped.size(); ++i) {
    char c = dumped[i];
    // '<', '>' and '&' only ever occur inside JSON strings, where \uXXXX is equivalent
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else if (c == '\xE2' && i + 2 < dumped.size() && dumped[i + 1] == '\x80' &&
             (dumped[i + 2] == '\xA8' || dumped[i + 2] == '\xA9')) {
      out += dumped[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else out += c;
  }
  return out;
}

const char* const kOpen = "<script type=\"application/ld+json\">";
const char* const kClose = "</script>";

}  // namespace

std::string json_for_script(const nlohmann::json& value) {
  return escape_for_script(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string json_for_script(const ojson& value) {
  return escape_for_script(value.dump(-1, ' ', false, ojson::error_handler_t::replace));
}

std::string json_ld_script(const nlohmann::json& value) { return kOpen + json_for_script(value) + kClose; }
std::string json_ld_script(const ojson& value) { return kOpen + json_for_script(value) + kClose; }

}  // namespace mb::opendata
