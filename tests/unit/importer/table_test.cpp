// CSV decoding and splitting; .xlsx reading from a workbook built here with libzip.
#include <catch2/catch.hpp>

#include <map>

#include <zip.h>

#include "importer/table.hpp"

using namespace mb::importer;

namespace {

std::string utf16(const std::string& utf8, bool le) {
  // enough for the BMP text of these tests
  std::string out = le ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
  for (std::size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    unsigned cp;
    int len;
    if (c < 0x80) { cp = c; len = 1; }
    else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; len = 2; }
    else { cp = c & 0x0F; len = 3; }
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += len;
    char hi = static_cast<char>(cp >> 8), lo = static_cast<char>(cp & 0xFF);
    out += le ? std::string{lo, hi} : std::string{hi, lo};
  }
  return out;
}

Table csv(const std::string& bytes, mb::Diagnostics& diags) {
  Table t;
  read_csv(bytes, "t.csv", t, diags);
  return t;
}

const std::string kText = "Đơn vị;Điểm\r\nXã Năm Dẫn;\"88,5\"\r\n\r\n\"Phường \"\"Minh\"\" Xuân\";90\r\n";

}  // namespace

TEST_CASE("CSV in every encoding gives the same rows", "[importer]") {
  for (const std::string& bytes : {kText, "\xEF\xBB\xBF" + kText, utf16(kText, true), utf16(kText, false)}) {
    mb::Diagnostics diags;
    Table t = csv(bytes, diags);
    REQUIRE_FALSE(diags.has_errors());
    CHECK(t.separator == ';');
    REQUIRE(t.rows.size() == 3);
    CHECK(t.rows[0].at(0) == "Đơn vị");
    CHECK(t.rows[1].at(1) == "88,5");
    CHECK(t.rows[2].at(0) == "Phường \"Minh\" Xuân");
    CHECK(t.rows[2].line == 4);
    CHECK(t.rows[1].cells[1].pos.line == 2);
    CHECK(t.rows[1].cells[1].pos.col == 12);  // code points, not bytes
  }
  std::string name, out, err;
  REQUIRE(decode_text(utf16(kText, true), "", out, name, err));
  CHECK(name == "UTF-16LE");
  REQUIRE(decode_text("\xEF\xBB\xBF" "a", "", out, name, err));
  CHECK(name == "UTF-8 with BOM");
}

TEST_CASE("CSV separators are detected from the header", "[importer]") {
  CHECK(detect_separator("a,b,c\n1;2,3") == ',');
  CHECK(detect_separator("Title\na;b;c\n1,5;2;3\n") == ';');
  CHECK(detect_separator("a;b;c\n") == ';');
  CHECK(detect_separator("a\tb\tc\n") == '\t');
  CHECK(detect_separator("\"a;b\",c\n") == ',');
  CHECK(detect_separator("single\n") == ',');
  mb::Diagnostics diags;
  Table t = csv("Đơn vị\tĐiểm\nXã A\t88,5\n", diags);
  CHECK(t.separator == '\t');
  CHECK(t.rows[1].at(1) == "88,5");
}

TEST_CASE("text that is not UTF-8 is refused with a hint", "[importer]") {
  mb::Diagnostics diags;
  Table t;
  CHECK_FALSE(read_csv("X\xE3 L\xE2m;1\n", "t.csv", t, diags));
  auto d = diags.sorted();
  REQUIRE(d.size() == 1);
  CHECK(d[0].message == "the file is not UTF-8 text");
  CHECK(d[0].notes.at(0).find("--encoding") != std::string::npos);
  // the same bytes read as windows-1258 (0xE3 = ă, 0xE2 = â)
  mb::Diagnostics ok;
  ReadOptions o;
  o.encoding = "windows-1258";
  REQUIRE(read_csv("X\xE3 L\xE2m;1\n", "t.csv", t, ok, o));
  CHECK(t.rows.at(0).at(0) == "Xă Lâm");
}

TEST_CASE("malformed quoting is reported at its line", "[importer]") {
  mb::Diagnostics diags;
  Table t = csv("a,b\n\"open,1\n", diags);
  REQUIRE(diags.has_errors());
  CHECK(diags.sorted()[0].line == 2);
}

namespace {

// A minimal workbook, as Excel lays it out, written with libzip.
std::string make_xlsx(const std::map<std::string, std::string>& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  for (const auto& [name, text] : parts) {
    zip_source_t* s = zip_source_buffer(z, text.data(), text.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  zip_source_open(src);
  zip_source_seek(src, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(static_cast<std::size_t>(size), '\0');
  zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(src);
  zip_source_free(src);
  return out;
}

const char* kNs = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

std::map<std::string, std::string> workbook() {
  std::map<std::string, std::string> p;
  p["xl/workbook.xml"] = std::string("<workbook ") + kNs +
                         "><sheets><sheet name=\"Bìa\" sheetId=\"1\" r:id=\"rId1\"/>"
                         "<sheet name=\"Xếp hạng\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
  p["xl/_rels/workbook.xml.rels"] =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\" Type=\"ws\"/>"
      "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\" Type=\"ws\"/></Relationships>";
  p["xl/sharedStrings.xml"] = std::string("<sst ") + kNs +
                              "><si><t>Đơn vị</t></si><si><r><t>Xã </t></r><r><t>Năm Dẫn</t></r>"
                              "<rPh><t>x</t></rPh></si></sst>";
  p["xl/styles.xml"] = std::string("<styleSheet ") + kNs +
                       "><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
                       "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"10\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";
  p["xl/worksheets/sheet1.xml"] = std::string("<worksheet ") + kNs + "><sheetData/></worksheet>";
  p["xl/worksheets/sheet2.xml"] =
      std::string("<worksheet ") + kNs +
      "><sheetData>"
      "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>Điểm</t></is></c></row>"
      "<row r=\"3\"><c r=\"B3\" t=\"s\"><v>1</v></c><c r=\"C3\"><v>88.499999999999986</v></c>"
      "<c r=\"D3\" s=\"1\"><v>0.885</v></c><c r=\"E3\" s=\"2\"><v>46122</v></c><c r=\"F3\" t=\"b\"><v>1</v></c></row>"
      "</sheetData></worksheet>";
  return p;
}

}  // namespace

TEST_CASE(".xlsx: shared and inline strings, numbers, percentages, dates, booleans", "[importer]") {
  mb::Diagnostics diags;
  Table t;
  ReadOptions o;
  o.sheet = "Xếp hạng";
  REQUIRE(read_xlsx(make_xlsx(workbook()), "b.xlsx", t, diags, o));
  CHECK_FALSE(diags.has_errors());
  CHECK(t.sheets == std::vector<std::string>{"Bìa", "Xếp hạng"});
  REQUIRE(t.rows.size() == 2);
  const Row& r = t.rows[1];
  CHECK(r.line == 3);
  CHECK(r.at(0) == "");
  CHECK(r.at(1) == "Xã Năm Dẫn");
  CHECK(r.cells[1].pos.col == 2);
  CHECK(t.cell_name(r.cells[1]) == "B3");
  CHECK(r.at(2) == "88.5");
  CHECK(r.at(3) == "88.5");        // 88.5% stored as 0.885
  CHECK(r.at(4) == "2026-04-10");  // date serial 46122
  CHECK(r.at(5) == "true");
  CHECK(t.rows[0].at(2) == "Điểm");
}

TEST_CASE(".xlsx: the first sheet by default; unknown sheets and broken files are reported", "[importer]") {
  mb::Diagnostics diags;
  Table t;
  REQUIRE(read_xlsx(make_xlsx(workbook()), "b.xlsx", t, diags));
  CHECK(t.sheet == "Bìa");
  CHECK(t.rows.empty());
  ReadOptions o;
  o.sheet = "Sheet9";
  CHECK_FALSE(read_xlsx(make_xlsx(workbook()), "b.xlsx", t, diags, o));
  REQUIRE(diags.sorted().size() == 1);
  CHECK(diags.sorted()[0].message == "no sheet named 'Sheet9' in this workbook");
  CHECK(diags.sorted()[0].notes[0] == "the sheets are: 'Bìa', 'Xếp hạng'");
  mb::Diagnostics broken;
  CHECK_FALSE(read_xlsx("PK\x03\x04 not really", "x.xlsx", t, broken));
  CHECK(broken.has_errors());
}

TEST_CASE("column letters", "[importer]") {
  CHECK(column_letters(1) == "A");
  CHECK(column_letters(26) == "Z");
  CHECK(column_letters(27) == "AA");
  CHECK(column_letters(703) == "AAA");
}
