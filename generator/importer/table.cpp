// Tables from CSV: decoding (UTF-8, UTF-16 through ICU), separator detection,
// RFC 4180 quoting with any of ',', ';' and tab.
#include "importer/table.hpp"

#include <memory>

#include <unicode/ucnv.h>

#include "base/fs.hpp"
#include "base/text.hpp"
#include "data/json_source.hpp"

namespace mb::importer {

const std::string& Row::at(std::size_t i) const {
  static const std::string empty;
  return i < cells.size() ? cells[i].text : empty;
}

bool Row::blank() const {
  for (const auto& c : cells)
    if (!c.text.empty()) return false;
  return true;
}

std::string column_letters(int col) {
  std::string s;
  while (col > 0) {
    int r = (col - 1) % 26;
    s.insert(s.begin(), static_cast<char>('A' + r));
    col = (col - 1) / 26;
  }
  return s;
}

std::string Table::cell_name(const Cell& c) const {
  if (xlsx()) return column_letters(c.pos.col) + std::to_string(c.pos.line);
  return "line " + std::to_string(c.pos.line);
}

namespace {

bool convert(const std::string& bytes, std::size_t skip, const char* codepage, std::string& utf8, std::string& error) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open(codepage, &st), ucnv_close);
  if (U_FAILURE(st)) {
    error = std::string("unknown encoding '") + codepage + "'";
    return false;
  }
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
  std::string_view in(bytes);
  in.remove_prefix(skip);
  std::u16string u16(in.size() * 2 + 2, u'\0');
  st = U_ZERO_ERROR;
  int32_t n = ucnv_toUChars(conv.get(), reinterpret_cast<UChar*>(u16.data()), static_cast<int32_t>(u16.size()),
                            in.data(), static_cast<int32_t>(in.size()), &st);
  if (U_FAILURE(st)) {
    error = std::string("the file is not valid ") + codepage + " text";
    return false;
  }
  u16.resize(static_cast<std::size_t>(n));
  // UTF-16 → UTF-8 through ICU as well
  std::unique_ptr<UConverter, void (*)(UConverter*)> u8(ucnv_open("UTF-8", &st), ucnv_close);
  utf8.assign(u16.size() * 3 + 1, '\0');
  st = U_ZERO_ERROR;
  int32_t m = ucnv_fromUChars(u8.get(), utf8.data(), static_cast<int32_t>(utf8.size()),
                              reinterpret_cast<const UChar*>(u16.data()), static_cast<int32_t>(u16.size()), &st);
  if (U_FAILURE(st)) {
    error = "cannot convert the text to UTF-8";
    return false;
  }
  utf8.resize(static_cast<std::size_t>(m));
  return true;
}

// Heuristic for UTF-16 without a BOM: many NUL bytes on one side of the pairs.
const char* utf16_without_bom(const std::string& b) {
  std::size_t even = 0, odd = 0, n = std::min<std::size_t>(b.size() & ~std::size_t(1), 4096);
  for (std::size_t i = 0; i < n; ++i)
    if (b[i] == '\0') (i % 2 ? odd : even)++;
  if (n >= 4 && odd > n / 4 && even == 0) return "UTF-16LE";
  if (n >= 4 && even > n / 4 && odd == 0) return "UTF-16BE";
  return nullptr;
}

}  // namespace

bool decode_text(const std::string& bytes, const std::string& encoding, std::string& utf8, std::string& name,
                 std::string& error) {
  auto starts = [&](std::string_view p) { return bytes.compare(0, p.size(), p) == 0; };
  if (!encoding.empty()) {
    name = encoding;
    std::size_t skip = 0;
    if (starts("\xEF\xBB\xBF")) skip = 3;
    if (!convert(bytes, skip, encoding.c_str(), utf8, error)) return false;
  } else if (starts("\xEF\xBB\xBF")) {
    name = "UTF-8 with BOM";
    utf8 = bytes.substr(3);
  } else if (starts("\xFF\xFE")) {
    name = "UTF-16LE";
    if (!convert(bytes, 2, "UTF-16LE", utf8, error)) return false;
  } else if (starts("\xFE\xFF")) {
    name = "UTF-16BE";
    if (!convert(bytes, 2, "UTF-16BE", utf8, error)) return false;
  } else if (const char* u16 = utf16_without_bom(bytes)) {
    name = u16;
    if (!convert(bytes, 0, u16, utf8, error)) return false;
  } else {
    name = "UTF-8";
    utf8 = bytes;
  }
  if (std::size_t bad = text::invalid_utf8_offset(utf8); bad != text::npos) {
    error = utf8[bad] == '\0' ? "NUL byte in the text" : "the file is not UTF-8 text";
    return false;
  }
  return true;
}

char detect_separator(std::string_view t) {
  // counts outside quotes over the first 20 lines (a title line above the
  // header has none; decimal commas in a ';' file are fewer than the ';')
  std::size_t counts[3] = {0, 0, 0};  // tab, ';', ','
  bool quoted = false;
  int lines = 0;
  for (std::size_t i = 0; i < t.size() && lines < 20; ++i) {
    char c = t[i];
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == '\n') ++lines;
    else if (!quoted && c == '\t') counts[0]++;
    else if (!quoted && c == ';') counts[1]++;
    else if (!quoted && c == ',') counts[2]++;
  }
  const char seps[3] = {'\t', ';', ','};
  std::size_t best = 2;
  for (std::size_t k = 0; k < 3; ++k)
    if (counts[k] > counts[best]) best = k;
  return seps[best];
}

bool read_csv(const std::string& bytes, const std::string& display, Table& out, Diagnostics& diags,
              const ReadOptions& options) {
  out.path = display;
  out.format = "csv";
  std::string t, error;
  if (!decode_text(bytes, options.encoding, t, out.encoding, error)) {
    Diagnostic d;
    d.path = display;
    d.message = error;
    if (options.encoding.empty())
      d.notes = {"save the spreadsheet as \"CSV UTF-8\" or \"Unicode text\", or give the file's encoding with "
                 "--encoding (for example --encoding windows-1258)"};
    diags.add(std::move(d));
    return false;
  }
  out.separator = detect_separator(t);
  const char sep = out.separator;
  json::LineCursor cursor(t);
  Row row;
  std::string field;
  std::size_t field_start = 0, i = 0, n = t.size();
  bool quoted = false, was_quoted = false, ok = true;
  auto end_field = [&]() {
    Cell c;
    c.text = text::nfc(text::trim(field));
    c.pos = cursor.at(field_start);
    if (row.cells.empty()) row.line = c.pos.line;
    row.cells.push_back(std::move(c));
    field.clear();
    was_quoted = false;
  };
  auto end_row = [&]() {
    while (!row.cells.empty() && row.cells.back().text.empty()) row.cells.pop_back();
    if (!row.cells.empty()) out.rows.push_back(std::move(row));
    row = Row();
  };
  field_start = 0;
  while (i < n) {
    char c = t[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < n && t[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        ++i;
        continue;
      }
      field += c;
      ++i;
      continue;
    }
    if (c == '"' && text::trim(field).empty()) {
      field.clear();
      quoted = was_quoted = true;
      ++i;
      continue;
    }
    if (c == sep) {
      end_field();
      field_start = ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      end_field();
      end_row();
      if (c == '\r' && i + 1 < n && t[i + 1] == '\n') ++i;
      field_start = ++i;
      continue;
    }
    if (was_quoted && c != ' ') {
      diags.error(display, cursor.at(i), "malformed CSV: text after a closing quote");
      ok = false;
      was_quoted = false;
    }
    field += c;
    ++i;
  }
  if (quoted) {
    diags.error(display, cursor.at(field_start), "malformed CSV: a quoted field is never closed");
    ok = false;
  }
  if (!field.empty() || !row.cells.empty()) {
    end_field();
    end_row();
  }
  return ok;
}

bool read_table(const std::filesystem::path& file, const std::string& display, Table& out, Diagnostics& diags,
                const ReadOptions& options) {
  std::string bytes;
  if (!json::read_capped(file, display, options.max_bytes, bytes, diags)) return false;
  std::string ext = file.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool zip = bytes.compare(0, 4, "PK\x03\x04") == 0;
  if (ext == ".xlsx" || ext == ".xlsm" || (zip && ext != ".csv")) return read_xlsx(bytes, display, out, diags, options);
  if (ext == ".xls") {
    Diagnostic d;
    d.path = display;
    d.message = "old Excel 97-2003 workbooks (.xls) cannot be read";
    d.notes = {"open the file in Excel or LibreOffice and save it as .xlsx (Excel Workbook) or as CSV UTF-8"};
    diags.add(std::move(d));
    return false;
  }
  return read_csv(bytes, display, out, diags, options);
}

}  // namespace mb::importer
