// A spreadsheet read into rows of text cells, from .xlsx or CSV.
//
// Every cell keeps its position for diagnostics: for CSV the line and column
// (code points) of the field in the decoded text, for .xlsx the row number
// and the column number (A = 1). Cell text is NFC; numbers from .xlsx are in
// their shortest decimal form ("88.5"), percent-formatted numbers are scaled
// to percent ("0.885" shown as 88.5% gives "88.5"), date-formatted numbers
// become "YYYY-MM-DD" and booleans "true"/"false".
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/diag.hpp"

namespace mb::importer {

struct Cell {
  std::string text;  ///< trimmed, NFC
  SourcePos pos;
};

struct Row {
  std::vector<Cell> cells;  ///< empty cells included up to the last non-empty one
  int line = 0;             ///< CSV line or Excel row number
  /// The text of cell `i`, "" when the row is shorter.
  const std::string& at(std::size_t i) const;
  bool blank() const;
};

struct Table {
  std::string path;                 ///< display path ("bang-xep-hang.xlsx")
  std::string format;               ///< "xlsx" or "csv"
  std::string sheet;                ///< .xlsx: the sheet read
  std::vector<std::string> sheets;  ///< .xlsx: every sheet, in workbook order
  std::string encoding;             ///< CSV: "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", or --encoding
  char separator = 0;               ///< CSV: ',', ';' or '\t'
  std::vector<Row> rows;            ///< blank rows left out
  bool xlsx() const { return format == "xlsx"; }
  /// "B7" for .xlsx, "line 7" for CSV: how a clerk finds the cell.
  std::string cell_name(const Cell& c) const;
};

struct ReadOptions {
  std::string sheet;     ///< .xlsx: sheet name ("" = the first sheet)
  std::string encoding;  ///< CSV: ICU converter name ("" = detect UTF-8 / UTF-16 from the BOM)
  std::size_t max_bytes = 64u << 20;  ///< larger files, or zip members, are refused
};

/// Reads `file` (.xlsx or .csv/.txt/.tsv by extension) into `out`. Problems
/// are reported at `display` ("path:line:col: error: ..."); returns false when
/// nothing usable was read.
bool read_table(const std::filesystem::path& file, const std::string& display, Table& out, Diagnostics& diags,
                const ReadOptions& options = {});

/// Reads .xlsx bytes (exposed for tests).
bool read_xlsx(const std::string& bytes, const std::string& display, Table& out, Diagnostics& diags,
               const ReadOptions& options = {});

/// Decodes CSV bytes to UTF-8 (BOM: UTF-8, UTF-16LE, UTF-16BE; else UTF-8 or
/// `encoding`), detects the separator and splits rows (exposed for tests).
bool read_csv(const std::string& bytes, const std::string& display, Table& out, Diagnostics& diags,
              const ReadOptions& options = {});

/// Converts `bytes` to UTF-8. Sets `name` to what was found. False (and
/// `error`) when the bytes are not valid in the encoding.
bool decode_text(const std::string& bytes, const std::string& encoding, std::string& utf8, std::string& name,
                 std::string& error);

/// The separator of CSV text: whichever of tab, ';' and ',' occurs most often
/// (outside quotes) in the first 20 lines; ',' when none does.
char detect_separator(std::string_view text);

/// "A" for 1, "Z" for 26, "AA" for 27.
std::string column_letters(int col);

}  // namespace mb::importer
