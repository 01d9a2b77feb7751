#include "importer/preview.hpp"

#include "base/text.hpp"

namespace mb::importer {

namespace {

std::string field_name(const std::string& f, Lang lang) {
  if (lang == Lang::en) return f;
  if (f == "score") return "điểm";
  if (f == "rank") return "hạng";
  if (f == "group") return "nhóm";
  if (f == "note") return "ghi chú";
  if (f == "value") return "kết quả";
  if (f == "reported") return "ngày báo cáo";
  if (f == "source") return "nguồn";
  if (f.rfind("components.", 0) == 0) return f.substr(11);
  return f;
}

std::string fields_text(const Change& c, Lang lang) {
  std::string s;
  for (const auto& f : c.fields) {
    s += s.empty() ? "" : ", ";
    s += field_name(f.field, lang) + " ";
    if (c.kind == ChangeKind::added) s += f.new_value;
    else if (c.kind == ChangeKind::removed) s += f.old_value;
    else s += (f.old_value.empty() ? "—" : f.old_value) + " → " + (f.new_value.empty() ? "—" : f.new_value);
  }
  return s;
}

}  // namespace

std::string format_preview(const ImportPlan& plan, const Table& table, Lang lang, bool wrote) {
  bool vi = lang == Lang::vi;
  std::string out;
  std::string what = plan.what;
  if (vi) {
    if (what.rfind("ranking ", 0) == 0) what = "xếp hạng " + what.substr(8);
    else if (what.rfind("results ", 0) == 0) what = "kết quả " + what.substr(8);
  }
  out += (vi ? "nhập " : "import ") + what + (vi ? " từ " : " from ") + table.path;
  if (table.xlsx()) out += (vi ? " (trang tính \"" : " (sheet \"") + table.sheet + "\")";
  else {
    std::string sep = table.separator == '\t' ? "tab" : std::string(1, table.separator);
    out += " (" + table.encoding + ", " + (vi ? "phân cách " : "separator ") + sep + ")";
  }
  out += ": " + std::to_string(plan.rows) + (vi ? " dòng" : plan.rows == 1 ? " row" : " rows") + "\n";
  out += "  → " + plan.target + (plan.new_file ? (vi ? " (tệp mới)" : " (new file)") : "") + "\n";
  std::size_t added = 0, changed = 0, removed = 0;
  for (const auto& c : plan.changes) {
    const char* mark = c.kind == ChangeKind::added ? "+" : c.kind == ChangeKind::changed ? "~" : "-";
    std::string kind = c.kind == ChangeKind::added     ? (vi ? "thêm" : "added")
                       : c.kind == ChangeKind::changed ? (vi ? "sửa" : "changed")
                                                       : (vi ? "bỏ" : "removed");
    (c.kind == ChangeKind::added ? added : c.kind == ChangeKind::changed ? changed : removed)++;
    for (std::size_t n = text::length_utf8(kind); n < 8; ++n) kind += ' ';  // columns, not bytes
    out += "  " + std::string(mark) + " " + kind + c.key + " (" + c.label + "): " + fields_text(c, lang) + "\n";
  }
  if (vi)
    out += "  " + std::to_string(added) + " thêm, " + std::to_string(changed) + " sửa, " + std::to_string(removed) +
           " bỏ, " + std::to_string(plan.unchanged) + " không đổi\n";
  else
    out += "  " + std::to_string(added) + " added, " + std::to_string(changed) + " changed, " + std::to_string(removed) +
           " removed, " + std::to_string(plan.unchanged) + " unchanged\n";
  for (const auto& i : plan.info) out += (vi ? "  lưu ý: " : "  note: ") + translate_message(i, lang) + "\n";
  if (wrote)
    out += vi ? "đã ghi " + plan.target + " (dữ liệu đã được kiểm tra, không có lỗi)\n"
              : "wrote " + plan.target + " (the data folder was checked with it: no errors)\n";
  else
    out += vi ? "chạy thử: chưa ghi gì; chạy lại lệnh không có --dry-run để ghi " + plan.target + "\n"
              : "dry run: nothing was written; run the command again without --dry-run to write " + plan.target + "\n";
  return out;
}

}  // namespace mb::importer
