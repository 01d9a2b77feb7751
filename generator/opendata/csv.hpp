// CSV downloads (RFC 4180): comma separated, CRLF line ends, fields quoted
// when they hold a comma, quote, CR or LF, quotes doubled; UTF-8 with a byte
// order mark by default so Excel shows Vietnamese diacritics.
//
// CSV (formula) injection: a spreadsheet evaluates a cell that starts with
// = + - @ TAB or CR as a formula. Every *text* cell (and header name) that
// starts with one of those characters is written with a single quote in
// front ("=1+1" → "'=1+1", "-5 ngày" → "'-5 ngày"), which Excel and
// LibreOffice show as text. Number cells are never changed ("-3.5" stays
// "-3.5"), so numbers read back exactly. The JSON download carries the text
// unchanged. See docs/open-data.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "opendata/table.hpp"

namespace mb::opendata {

struct CsvOptions {
  bool bom = true;                  ///< start with U+FEFF (EF BB BF)
  bool neutralize_formulas = true;  ///< see above; turn off only for machine-only files
};

/// `text` with a leading "'" when it starts with = + - @ TAB or CR.
std::string neutralize_formula(std::string_view text);

/// One RFC 4180 field: quoted (with "" for ") only when it holds , " CR or LF.
std::string csv_field(std::string_view s);

/// Header row of column names, then one row per table row. Throws
/// std::invalid_argument when a row's cell count differs from the columns.
std::string write_csv(const Table& table, const CsvOptions& options = {});

/// The same from a bare header and rows.
std::string write_csv_rows(const std::vector<std::string>& header, const std::vector<std::vector<Cell>>& rows,
                      const CsvOptions& options = {});

}  // namespace mb::opendata
