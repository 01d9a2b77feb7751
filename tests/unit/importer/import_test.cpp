// Planning imports on a small data folder (tests/unit/importer/data):
// rankings and results, what changes, unmatched names and KPIs, validation.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "data/loader.hpp"
#include "importer/import.hpp"
#include "importer/preview.hpp"

using namespace mb::importer;

namespace {

const std::filesystem::path kData = std::filesystem::path(MB_SOURCE_DIR) / "tests/unit/importer/data";

struct Fixture {
  mb::data::Dataset data;
  Fixture() {
    mb::Diagnostics d;
    REQUIRE(mb::data::load(kData, "data/", data, d));
  }
};

// A CSV table from its text (';' separated).
Table table(const std::string& text) {
  Table t;
  mb::Diagnostics d;
  REQUIRE(read_csv(text, "bang.csv", t, d));
  return t;
}

const Change* find(const ImportPlan& p, const std::string& key) {
  for (const auto& c : p.changes)
    if (c.key == key) return &c;
  return nullptr;
}

std::string messages(const mb::Diagnostics& d) {
  std::string s;
  for (const auto& x : d.sorted()) s += mb::format_diagnostic(x, false) + "\n";
  return s;
}

}  // namespace

TEST_CASE_METHOD(Fixture, "a ranking replaces the year's entries: added, changed, removed, unchanged", "[importer]") {
  Table t = table(
      "BẢNG XẾP HẠNG\n"
      "STT;Tên đơn vị;Tổng điểm;Cải cách TTHC;Người ký\n"
      "1;UBND xã Tân Trào;91;;\n"
      "2;Năm Dẫn;\"88,5\";\"13,5\";\n"
      "3;Xã Năm Dẫn mới;80;;\n");
  // one unknown name: nothing is planned, the row is reported with candidates
  ImportPlan plan;
  mb::Diagnostics diags;
  RankingOptions o{"cchc-xa", 2025, "", "", ""};
  CHECK_FALSE(plan_ranking(data, kData, "data/", t, o, plan, diags));
  std::string m = messages(diags);
  CHECK(m.find("bang.csv:5:3: error: no agency named 'Xã Năm Dẫn mới' among the communes") != std::string::npos);
  CHECK(m.find("note: closest: Xã Năm Dẫn (xa-nam-dan); ") != std::string::npos);

  Table ok = table(
      "STT;Tên đơn vị;Tổng điểm;Cải cách TTHC;Người ký\n"
      "1;UBND xã Tân Trào;91;;\n"
      "2;Năm Dẫn;\"88,5\";\"13,5\";\n");
  ImportPlan p;
  mb::Diagnostics d2;
  REQUIRE(plan_ranking(data, kData, "data/", ok, o, p, d2));
  CHECK(p.target == "data/rankings/cchc-xa/2025.json");
  CHECK_FALSE(p.new_file);
  CHECK(p.rows == 2);
  CHECK(p.unchanged == 1);
  const Change* nd = find(p, "xa-nam-dan");
  REQUIRE(nd);
  CHECK(nd->kind == ChangeKind::changed);
  CHECK(nd->line == 3);
  REQUIRE(nd->fields.size() == 2);
  CHECK(nd->fields[0].field == "score");
  CHECK(nd->fields[0].old_value == "85.5");
  CHECK(nd->fields[0].new_value == "88.5");
  CHECK(nd->fields[1].field == "components.cai-cach-tthc");
  const Change* mx = find(p, "phuong-minh-xuan");
  REQUIRE(mx);
  CHECK(mx->kind == ChangeKind::removed);
  CHECK(p.text.find("\"note\": \"giữ ghi chú\"") != std::string::npos);  // notes kept without a note column
  CHECK(p.text.find("\"name\": \"Quyết định số 1/QĐ-UBND\"") != std::string::npos);
  REQUIRE(p.info.size() == 1);
  CHECK(p.info[0] == "column 5 'Người ký' is not used");
  mb::Diagnostics v;
  CHECK(validate(kData, "data/", p, v));
  CHECK(messages(v) == "");

  std::string preview = format_preview(p, ok, Lang::en, false);
  CHECK(preview.find("  ~ changed xa-nam-dan (Xã Năm Dẫn): score 85.5 → 88.5, components.cai-cach-tthc — → 13.5\n") !=
        std::string::npos);
  CHECK(preview.find("0 added, 1 changed, 1 removed, 1 unchanged") != std::string::npos);
  CHECK(format_preview(p, ok, Lang::vi, true).find("1 sửa, 1 bỏ, 1 không đổi") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "a new year's ranking, its scope from the index's other rankings", "[importer]") {
  Table t = table("Đơn vị,Điểm,Xếp hạng\nXã Tân Trào,92,1\nXã Năm Dẫn,90,2\n");
  ImportPlan p;
  mb::Diagnostics d;
  REQUIRE(plan_ranking(data, kData, "data/", t, {"cchc-xa", 2026, "", "2027-01-20", "Quyết định số 9"}, p, d));
  CHECK(p.new_file);
  CHECK(p.text.find("\"scope\": \"communes\"") != std::string::npos);
  CHECK(p.text.find("\"published\": \"2027-01-20\"") != std::string::npos);
  CHECK(p.changes.size() == 2);
  mb::Diagnostics v;
  CHECK(validate(kData, "data/", p, v));
}

TEST_CASE_METHOD(Fixture, "errors found by the data loader name the spreadsheet row", "[importer]") {
  // rank 1 for the lower score: inconsistent with the scores
  Table t = table("Đơn vị;Điểm;Xếp hạng\nXã Tân Trào;92;2\nXã Năm Dẫn;90;1\nPhường Minh Xuân;120;3\n");
  ImportPlan p;
  mb::Diagnostics d;
  REQUIRE(plan_ranking(data, kData, "data/", t, {"cchc-xa", 2026, "", "", ""}, p, d));
  mb::Diagnostics v;
  CHECK_FALSE(validate(kData, "data/", p, v));
  std::string m = messages(v);
  // at the cell of the score, not in a file that was never written
  CHECK(m.find("bang.csv:4:18: error: score 120 is above the maximum 100 of index 'cchc-xa'\n"
               "  note: in data/rankings/cchc-xa/2026.json, which was not written") != std::string::npos);
  CHECK(m.find("bang.csv:3:15: error: rank 1 of 'xa-nam-dan' is inconsistent with the scores") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "bad cells are reported where they are", "[importer]") {
  Table t = table("Đơn vị;Điểm\nXã Tân Trào;chín mươi\nXã Tân Trào;90\nMinh Xuân;80\n");
  ImportPlan p;
  mb::Diagnostics d;
  CHECK_FALSE(plan_ranking(data, kData, "data/", t, {"cchc-xa", 2026, "", "", ""}, p, d));
  std::string m = messages(d);
  CHECK(m.find("bang.csv:2:13: error: 'chín mươi' is not a number") != std::string::npos);
  CHECK(m.find("bang.csv:3:1: error: 'Xã Tân Trào' is Xã Tân Trào (xa-tan-trao) again (already on line 2)") !=
        std::string::npos);
  // "Minh Xuân" is the short name of the commune: found
  CHECK(m.find("Minh Xuân") == std::string::npos);
  mb::Diagnostics u;
  CHECK_FALSE(plan_ranking(data, kData, "data/", t, {"cchc-x", 2026, "", "", ""}, p, u));
  CHECK(messages(u).find("--index: error: unknown index 'cchc-x'\n  note: did you mean 'cchc-xa'?") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "results are added and changed; with replace, left-out ones of the same period and agency go", "[importer]") {
  Table t = table(
      "Mã chỉ tiêu;Đơn vị;Kỳ báo cáo;Kết quả;Ghi chú\n"
      "I.1;;Quý I/2026;\"92,5%\";\n"
      "I.2;;Quý I/2026;x;đã ban hành\n"
      "I.3;UBND xã Năm Dẫn;Quý I/2026;75;\n");
  // by default a table adds and changes; nothing is removed
  ImportPlan keep;
  mb::Diagnostics dk;
  REQUIRE(plan_results(data, kData, "data/", t, {"p", "", "", "", false}, keep, dk));
  for (const auto& c : keep.changes) CHECK(c.kind != ChangeKind::removed);
  // --replace: the table is the whole report of its periods and agencies
  ImportPlan p;
  mb::Diagnostics d;
  REQUIRE(plan_results(data, kData, "data/", t, {"p", "", "", "", true}, p, d));
  CHECK(p.target == "data/results/p.json");
  const Change* i1 = find(p, "I.1 so-noi-vu 2026-Q1");
  REQUIRE(i1);
  CHECK(i1->kind == ChangeKind::changed);
  CHECK(i1->fields.at(0).old_value == "90");
  CHECK(i1->fields.at(0).new_value == "92.5");
  const Change* i2 = find(p, "I.2 so-noi-vu 2026-Q1");
  REQUIRE(i2);
  CHECK(i2->kind == ChangeKind::added);
  CHECK(i2->fields.at(0).new_value == "true");
  CHECK(find(p, "I.3 xa-nam-dan 2026-Q1")->kind == ChangeKind::changed);
  // Tân Trào's Q1 result is another agency: kept; I.1 2027 another period: kept
  CHECK_FALSE(find(p, "I.3 xa-tan-trao 2026-Q1"));
  CHECK(p.text.find("\"period\": \"2027\"") != std::string::npos);
  CHECK(p.text.find("\"agency\": \"xa-tan-trao\"") != std::string::npos);
  mb::Diagnostics v;
  CHECK(validate(kData, "data/", p, v));
  CHECK(messages(v) == "");

  Table only = table("Mã chỉ tiêu;Kỳ báo cáo;Kết quả\nI.2;Quý I/2026;x\n");
  ImportPlan a, r;
  mb::Diagnostics da, dr;
  REQUIRE(plan_results(data, kData, "data/", only, {"p", "", "", "", false}, a, da));
  CHECK_FALSE(find(a, "I.1 so-noi-vu 2026-Q1"));
  REQUIRE(plan_results(data, kData, "data/", only, {"p", "", "", "", true}, r, dr));
  REQUIRE(find(r, "I.1 so-noi-vu 2026-Q1"));
  CHECK(find(r, "I.1 so-noi-vu 2026-Q1")->kind == ChangeKind::removed);
  CHECK_FALSE(find(r, "I.1 so-noi-vu 2027"));  // another period: kept
}

TEST_CASE_METHOD(Fixture, "results: unknown KPIs, values of the wrong kind, missing periods", "[importer]") {
  Table t = table(
      "Chỉ tiêu số;Kết quả\n"
      "I.9;10\n"
      "I.2;88\n"
      "I.1;hoàn thành\n");
  ImportPlan p;
  mb::Diagnostics d;
  CHECK_FALSE(plan_results(data, kData, "data/", t, {"p", "", "", ""}, p, d));
  std::string m = messages(d);
  CHECK(m.find("bang.csv:2:1: error: no KPI 'I.9' in plan 'p'\n  note: closest: I.1 ") != std::string::npos);
  CHECK(m.find("bang.csv:3:5: error: '88' is neither a number nor done/not done") != std::string::npos);
  CHECK(m.find("bang.csv:4:5: error: 'hoàn thành' is not a number") != std::string::npos);
  // with --period the rows have one; titles find their KPI
  Table titles = table("Chỉ tiêu;Kết quả\nTỷ lệ hồ sơ giải quyết đúng hạn;96\n");
  ImportPlan q;
  mb::Diagnostics e;
  REQUIRE(plan_results(data, kData, "data/", titles, {"p", "6 tháng đầu năm 2026", "2026-07-05", "Báo cáo 5"}, q, e));
  CHECK(q.text.find("\"period\": \"2026-H1\",\n      \"value\": 96,\n      \"reported\": \"2026-07-05\",\n      \"source\": \"Báo cáo 5\"") !=
        std::string::npos);
}

TEST_CASE("results kept as CSV are written back as CSV", "[importer]") {
  namespace stdfs = std::filesystem;
  stdfs::path dir = stdfs::temp_directory_path() / ("minhbach-import-csv-" + std::to_string(::getpid()));
  stdfs::remove_all(dir);
  stdfs::copy(kData, dir, stdfs::copy_options::recursive);
  stdfs::remove(dir / "results/p.json");
  {
    std::ofstream out(dir / "results/p.csv", std::ios::binary);
    out << "kpi,agency,period,value,reported,source,note\nI.1,,2026-Q1,90,,,\n";
  }
  mb::data::Dataset data;
  mb::Diagnostics d;
  REQUIRE(mb::data::load(dir, "data/", data, d));
  Table t = table("Mã chỉ tiêu;Kỳ báo cáo;Kết quả;Ghi chú\nI.1;Quý I/2026;91;\"có dấu phẩy, và \"\"ngoặc\"\"\"\n");
  ImportPlan p;
  REQUIRE(plan_results(data, dir, "data/", t, {"p", "", "", ""}, p, d));
  CHECK(p.target == "data/results/p.csv");
  CHECK(p.text == "kpi,agency,period,value,reported,source,note\n"
                  "I.1,,2026-Q1,91,,,\"có dấu phẩy, và \"\"ngoặc\"\"\"\n");
  mb::Diagnostics v;
  CHECK(validate(dir, "data/", p, v));
  CHECK(messages(v) == "");
  stdfs::remove_all(dir);
}
