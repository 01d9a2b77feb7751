// Internal to the importer: pieces shared by the ranking and results imports.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "data/json_source.hpp"
#include "importer/import.hpp"
#include "importer/match.hpp"

namespace mb::importer::detail {

using json::Json;

/// A logical column and the header texts (header_key form) that name it.
struct ColumnSpec {
  std::string field;
  std::vector<std::string> names;
};

struct Header {
  std::size_t row = 0;                       ///< index in table.rows
  std::map<std::string, std::size_t> column;  ///< field → cell index
  std::vector<std::size_t> unused;            ///< header cells naming nothing known
};

/// The header row: among the first 20 rows, the first one that names
/// `required` (any of them) with the most known columns.
std::optional<Header> find_header(const Table& table, const std::vector<ColumnSpec>& specs,
                                  const std::vector<std::string>& required);

/// Error at a cell, with the cell's name ("B7") as a note for .xlsx.
void cell_error(Diagnostics& diags, const Table& table, const Cell& cell, std::string message,
                std::vector<std::string> notes = {});
/// Error at a row (its first cell).
void row_error(Diagnostics& diags, const Table& table, const Row& row, std::string message);

/// The cell of `field` in `row` (an empty cell at the row when absent).
Cell cell_of(const Row& row, const Header& h, const std::string& field);

/// Reports an unmatched or ambiguous agency name at `cell`.
void report_match(Diagnostics& diags, const Table& table, const Cell& cell, const Match& m, const std::string& among);

/// A JSON number: an integer when whole.
Json json_number(double v);
/// "88.5", "true", the string itself: how a value shows in a preview.
std::string show(const Json& v);
/// Two-space indented JSON, UTF-8 as is, final newline.
std::string dump(const Json& v);

/// Field-by-field differences of two flat objects (nested objects compared
/// member by member as "components.x").
std::vector<FieldChange> diff_objects(const Json& old_obj, const Json& new_obj, const std::vector<std::string>& skip);

/// "7" (CSV line, .xlsx row) as a clerk names it: "row 7" / "line 7".
std::string row_name(const Table& table, int line);

}  // namespace mb::importer::detail
