// RFC 4180 CSV with byte offsets for every field, for precise diagnostics.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mb::data::csv {

struct Field {
  std::string value;        ///< unquoted, "" → "
  std::size_t offset = 0;   ///< byte offset of the field's first character (its quote, if quoted)
};

struct Row {
  std::vector<Field> fields;
  std::size_t offset = 0;  ///< byte offset of the row's first character
};

struct Error {
  std::size_t offset = 0;
  std::string message;
};

/// Splits `text` into rows. Fields are separated by ',', rows by CRLF or LF;
/// a field may be quoted with '"' (a doubled quote stands for one, and line
/// breaks are allowed inside). Empty lines are skipped; a UTF-8 BOM is
/// ignored. Malformed quoting is reported in `errors` (parsing continues with
/// the next line).
std::vector<Row> parse(std::string_view text, std::vector<Error>& errors);

}  // namespace mb::data::csv
