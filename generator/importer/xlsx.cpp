// .xlsx: a zip (libzip) of XML parts (libxml2). Reads the workbook's sheet
// list, the shared strings, the number formats (to recognise dates and
// percentages) and one worksheet's cells.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "base/text.hpp"
#include "data/json_source.hpp"
#include "importer/table.hpp"

namespace mb::importer {

namespace {

using XmlDoc = std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)>;

struct Zip {
  zip_t* z = nullptr;
  ~Zip() {
    if (z) zip_discard(z);
  }
};

bool is(const xmlNode* n, const char* local) {
  return n && n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

std::string attr(const xmlNode* n, const char* local, bool any_namespace = false) {
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), local) != 0) continue;
    if (!any_namespace && a->ns) continue;
    xmlChar* v = xmlNodeGetContent(reinterpret_cast<const xmlNode*>(a));
    std::string s = v ? reinterpret_cast<const char*>(v) : "";
    xmlFree(v);
    return s;
  }
  return "";
}

// r:id — the relationship id, whichever namespace URI (transitional or strict) it uses.
std::string rel_id(const xmlNode* n) {
  for (const xmlAttr* a = n->properties; a; a = a->next)
    if (a->ns && std::strcmp(reinterpret_cast<const char*>(a->name), "id") == 0) {
      xmlChar* v = xmlNodeGetContent(reinterpret_cast<const xmlNode*>(a));
      std::string s = v ? reinterpret_cast<const char*>(v) : "";
      xmlFree(v);
      return s;
    }
  return "";
}

std::string content(const xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string s = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}

// All <t> text under `n`, leaving out phonetic runs (<rPh>).
void collect_text(const xmlNode* n, std::string& out) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (is(c, "t")) out += content(c);
    else if (is(c, "r")) collect_text(c, out);
  }
}

class Reader {
 public:
  Reader(const std::string& display, Diagnostics& diags, std::size_t max_bytes)
      : display_(display), diags_(diags), max_bytes_(max_bytes) {}

  bool open(const std::string& bytes) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src) zip.z = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!zip.z) {
      if (src) zip_source_free(src);
      fail("not a readable .xlsx file (" + std::string(zip_error_strerror(&err)) + ")",
           {"save the spreadsheet again from Excel or LibreOffice as .xlsx, or as CSV UTF-8"});
      zip_error_fini(&err);
      return false;
    }
    zip_error_fini(&err);
    return true;
  }

  /// The XML part `name`, parsed; nullptr (with `required` an error) when absent.
  XmlDoc part(const std::string& name, bool required) {
    XmlDoc none(nullptr, xmlFreeDoc);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(zip.z, name.c_str(), 0, &st) != 0) {
      if (required) fail("this .xlsx file has no " + name + " part", {"save it again from Excel or LibreOffice"});
      return none;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > max_bytes_) {
      fail(name + " is larger than " + std::to_string(max_bytes_ >> 20) + " MB once unpacked");
      return none;
    }
    zip_file_t* f = zip_fopen(zip.z, name.c_str(), 0);
    if (!f) {
      fail("cannot read " + name + " in the .xlsx file");
      return none;
    }
    std::string data;
    char buf[65536];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) {
      data.append(buf, static_cast<std::size_t>(n));
      if (data.size() > max_bytes_) break;
    }
    zip_fclose(f);
    if (n < 0 || data.size() > max_bytes_) {
      fail("cannot read " + name + " in the .xlsx file");
      return none;
    }
    // no network, no entity expansion, no DTD loading
    xmlDocPtr d = xmlReadMemory(data.data(), static_cast<int>(data.size()), name.c_str(), nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!d) {
      fail(name + " in the .xlsx file is not well-formed XML");
      return none;
    }
    return XmlDoc(d, xmlFreeDoc);
  }

  void fail(std::string message, std::vector<std::string> notes = {}) {
    Diagnostic d;
    d.path = display_;
    d.message = std::move(message);
    d.notes = std::move(notes);
    diags_.add(std::move(d));
  }

  Zip zip;

 private:
  const std::string& display_;
  Diagnostics& diags_;
  std::size_t max_bytes_;
};

enum class NumKind { plain, date, percent };

bool is_date_format(const std::string& code) {
  bool quoted = false;
  int bracket = 0;
  for (char c : code) {
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '[') ++bracket;
    else if (c == ']') --bracket;
    else if (bracket == 0 && (c == 'd' || c == 'D' || c == 'y' || c == 'Y')) return true;
  }
  return false;
}

NumKind kind_of_format(int id, const std::map<int, std::string>& custom) {
  if (id == 9 || id == 10) return NumKind::percent;
  if ((id >= 14 && id <= 17) || id == 22) return NumKind::date;
  auto it = custom.find(id);
  if (it == custom.end()) return NumKind::plain;
  if (it->second.find('%') != std::string::npos) return NumKind::percent;
  if (is_date_format(it->second)) return NumKind::date;
  return NumKind::plain;
}

// Days since 1970-01-01 → civil date (Howard Hinnant's algorithm).
std::string civil(long long z) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  long long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[64];  // room for any long long
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", y, m, d);
  return buf;
}

// Shortest decimal text of an Excel number, without binary noise
// (88.49999999999999 → 88.5).
std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return json::format_number(std::strtod(buf, nullptr));
}

// "B7" → column 2, row 7. False when malformed.
bool parse_ref(const std::string& ref, int& col, int& row) {
  std::size_t i = 0;
  col = 0;
  while (i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i]))) {
    col = col * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (col > 16384) return false;
    ++i;
  }
  if (i == 0 || i == ref.size()) return false;
  row = 0;
  for (; i < ref.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(ref[i]))) return false;
    row = row * 10 + (ref[i] - '0');
    if (row > 1048576) return false;
  }
  return row > 0;
}

std::string resolve_target(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  std::string t = "xl/" + target;
  // collapse "xl/../x" forms
  std::size_t p;
  while ((p = t.find("/../")) != std::string::npos) {
    std::size_t q = t.rfind('/', p - 1);
    t.erase(q == std::string::npos ? 0 : q + 1, p + 4 - (q == std::string::npos ? 0 : q + 1));
  }
  return t;
}

}  // namespace

bool read_xlsx(const std::string& bytes, const std::string& display, Table& out, Diagnostics& diags,
               const ReadOptions& options) {
  out.path = display;
  out.format = "xlsx";
  Reader rd(display, diags, options.max_bytes);
  if (!rd.open(bytes)) return false;

  // workbook: sheet names → relationship ids; the 1904 date system
  XmlDoc wb = rd.part("xl/workbook.xml", true);
  if (!wb) return false;
  std::vector<std::pair<std::string, std::string>> sheets;  // name, r:id
  bool date1904 = false;
  for (const xmlNode* n = xmlDocGetRootElement(wb.get())->children; n; n = n->next) {
    if (is(n, "workbookPr")) {
      std::string v = attr(n, "date1904");
      date1904 = v == "1" || v == "true";
    }
    if (!is(n, "sheets")) continue;
    for (const xmlNode* s = n->children; s; s = s->next)
      if (is(s, "sheet")) sheets.emplace_back(text::nfc(attr(s, "name")), rel_id(s));
  }
  for (const auto& s : sheets) out.sheets.push_back(s.first);
  if (sheets.empty()) {
    rd.fail("this .xlsx file has no sheets");
    return false;
  }
  std::size_t chosen = 0;
  if (!options.sheet.empty()) {
    chosen = sheets.size();
    for (std::size_t i = 0; i < sheets.size(); ++i)
      if (sheets[i].first == text::nfc(options.sheet)) chosen = i;
    if (chosen == sheets.size()) {
      std::string list;
      for (const auto& s : sheets) list += (list.empty() ? "" : ", ") + ("'" + s.first + "'");
      rd.fail("no sheet named '" + options.sheet + "' in this workbook", {"the sheets are: " + list});
      return false;
    }
  }
  out.sheet = sheets[chosen].first;

  // the sheet's part name
  std::string target;
  if (XmlDoc rels = rd.part("xl/_rels/workbook.xml.rels", true)) {
    for (const xmlNode* n = xmlDocGetRootElement(rels.get())->children; n; n = n->next)
      if (is(n, "Relationship") && attr(n, "Id") == sheets[chosen].second) target = resolve_target(attr(n, "Target"));
  } else {
    return false;
  }
  if (target.empty()) {
    rd.fail("the sheet '" + out.sheet + "' has no worksheet part in this .xlsx file");
    return false;
  }

  // shared strings (optional)
  std::vector<std::string> shared;
  if (XmlDoc ss = rd.part("xl/sharedStrings.xml", false)) {
    for (const xmlNode* n = xmlDocGetRootElement(ss.get())->children; n; n = n->next) {
      if (!is(n, "si")) continue;
      std::string s;
      collect_text(n, s);
      shared.push_back(std::move(s));
    }
  }

  // styles: cell format index → number kind
  std::vector<NumKind> xf_kind;
  if (XmlDoc st = rd.part("xl/styles.xml", false)) {
    std::map<int, std::string> custom;
    const xmlNode* root = xmlDocGetRootElement(st.get());
    for (const xmlNode* n = root->children; n; n = n->next)
      if (is(n, "numFmts"))
        for (const xmlNode* f = n->children; f; f = f->next)
          if (is(f, "numFmt")) custom[std::atoi(attr(f, "numFmtId").c_str())] = attr(f, "formatCode");
    for (const xmlNode* n = root->children; n; n = n->next)
      if (is(n, "cellXfs"))
        for (const xmlNode* x = n->children; x; x = x->next)
          if (is(x, "xf")) xf_kind.push_back(kind_of_format(std::atoi(attr(x, "numFmtId").c_str()), custom));
  }

  XmlDoc sheet = rd.part(target, true);
  if (!sheet) return false;
  const xmlNode* data = nullptr;
  for (const xmlNode* n = xmlDocGetRootElement(sheet.get())->children; n; n = n->next)
    if (is(n, "sheetData")) data = n;
  if (!data) return true;  // an empty sheet
  int next_row = 1;
  for (const xmlNode* r = data->children; r; r = r->next) {
    if (!is(r, "row")) continue;
    Row row;
    std::string rn = attr(r, "r");
    row.line = rn.empty() ? next_row : std::atoi(rn.c_str());
    next_row = row.line + 1;
    int next_col = 1;
    for (const xmlNode* c = r->children; c; c = c->next) {
      if (!is(c, "c")) continue;
      int col = next_col, rr = row.line;
      std::string ref = attr(c, "r");
      if (!ref.empty() && !parse_ref(ref, col, rr)) col = next_col;
      next_col = col + 1;
      std::string type = attr(c, "t"), value;
      bool has_v = false;
      for (const xmlNode* k = c->children; k; k = k->next) {
        if (is(k, "v")) {
          value = content(k);
          has_v = true;
        } else if (is(k, "is")) {
          collect_text(k, value);
        }
      }
      std::string cell;
      if (type == "s") {
        std::size_t i = static_cast<std::size_t>(std::atol(value.c_str()));
        if (has_v && i < shared.size()) cell = shared[i];
      } else if (type == "inlineStr" || type == "str" || type == "e") {
        cell = value;
      } else if (type == "b") {
        cell = value == "1" ? "true" : "false";
      } else if (has_v && !value.empty()) {
        char* end = nullptr;
        double v = std::strtod(value.c_str(), &end);
        std::size_t s = static_cast<std::size_t>(std::atol(attr(c, "s").c_str()));
        NumKind kind = s < xf_kind.size() ? xf_kind[s] : NumKind::plain;
        if (end && *end == '\0' && std::isfinite(v)) {
          if (kind == NumKind::date && v >= 1 && v < 2958466) {
            long long days = static_cast<long long>(std::floor(v));
            // serial 1 = 1900-01-01 with Excel's phantom 1900-02-29 (serial 60)
            long long unix_days = date1904 ? days - 24107 : (days < 60 ? days - 25568 : days - 25569);
            cell = civil(unix_days);
          } else if (kind == NumKind::percent) {
            cell = number_text(v * 100);
          } else {
            cell = number_text(v);
          }
        } else {
          cell = value;
        }
      }
      Cell k;
      k.text = text::nfc(text::trim(cell));
      k.pos = {row.line, col};
      while (static_cast<int>(row.cells.size()) + 1 < col) row.cells.push_back(Cell{"", {row.line, static_cast<int>(row.cells.size()) + 1}});
      if (static_cast<int>(row.cells.size()) >= col) continue;  // duplicate or out-of-order cell: keep the first
      row.cells.push_back(std::move(k));
    }
    while (!row.cells.empty() && row.cells.back().text.empty()) row.cells.pop_back();
    if (!row.cells.empty()) out.rows.push_back(std::move(row));
  }
  return true;
}

}  // namespace mb::importer
