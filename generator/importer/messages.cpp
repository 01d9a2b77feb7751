#include "importer/messages.hpp"

#include <ostream>
#include <set>

namespace mb::importer {

// English template, Vietnamese template, hint (en), hint (vi). Keep the
// placeholders the same in both languages; tests check it.
const std::vector<CatalogueEntry>& catalogue() {
  static const std::vector<CatalogueEntry> table = {
      // ---------------------------------------------------------------- import
      {"no agency named '{0}'", "không tìm thấy cơ quan, đơn vị nào tên '{0}'",
       "correct the name in the spreadsheet, or add it to the agency's \"aliases\" in data/agencies.json or data/agencies/",
       "sửa tên trong bảng tính cho đúng, hoặc thêm tên này vào \"aliases\" (tên gọi khác) của đơn vị trong "
       "data/agencies.json hay data/agencies/"},
      {"the name '{0}' fits several agencies", "tên '{0}' khớp với nhiều đơn vị",
       "write the full name (with \"xã\", \"phường\", \"Sở\"...) or the agency id in the spreadsheet",
       "ghi tên đầy đủ (có \"xã\", \"phường\", \"Sở\"...) hoặc mã đơn vị trong bảng tính"},
      {"closest: {0}", "gần nhất: {0}", nullptr, nullptr},
      {"it fits: {0}", "các đơn vị khớp: {0}", nullptr, nullptr},
      {"'{0}' is not a number", "'{0}' không phải là số",
       "write the number with a decimal comma or point, e.g. 88,5 or 88.5 (a % sign is allowed)",
       "ghi số với dấu phẩy hoặc dấu chấm thập phân, ví dụ 88,5 hoặc 88.5 (được phép có dấu %)"},
      {"'{0}' is not a rank", "'{0}' không phải là thứ hạng", "write a whole number from 1", "ghi số nguyên từ 1 trở lên"},
      {"'{0}' is not a date", "'{0}' không phải là ngày hợp lệ", "write the date as 10/04/2026 or 2026-04-10",
       "ghi ngày dạng 10/04/2026 hoặc 2026-04-10"},
      {"'{0}' is not a reporting period", "'{0}' không phải là kỳ báo cáo",
       "write 2026, Quý I/2026, 6 tháng đầu năm 2026, or 2026-Q1 / 2026-H1",
       "ghi 2026, Quý I/2026, 6 tháng đầu năm 2026, hoặc 2026-Q1 / 2026-H1"},
      {"'{0}' is neither a number nor done/not done", "'{0}' không phải là số, cũng không phải đạt/chưa đạt",
       "write a number (88,5), or \"x\" / \"hoàn thành\" for done and \"chưa\" for not done",
       "ghi số (88,5), hoặc \"x\" / \"hoàn thành\" nếu đã hoàn thành và \"chưa\" nếu chưa"},
      {"no KPI '{0}' in plan '{1}'", "kế hoạch '{1}' không có chỉ tiêu '{0}'",
       "write the KPI number as in the plan's appendix (e.g. I.1), or the KPI's exact title",
       "ghi số hiệu chỉ tiêu như trong phụ lục kế hoạch (ví dụ I.1), hoặc đúng tên chỉ tiêu"},
      {"no header row found: expected a column for {0}", "không thấy dòng tiêu đề: cần có cột {0}",
       "the first rows of the sheet must name the columns, e.g. \"Đơn vị\", \"Điểm\", \"Xếp hạng\"",
       "các dòng đầu của bảng phải có tên cột, ví dụ \"Đơn vị\", \"Điểm\", \"Xếp hạng\""},
      {"the spreadsheet has no rows below its header", "bảng tính không có dòng số liệu nào dưới dòng tiêu đề", nullptr,
       nullptr},
      {"'{0}' is {1} again (already on {2})", "'{0}' lại là {1} (đã có ở {2})",
       "keep one row per agency", "mỗi đơn vị chỉ ghi một dòng"},
      {"the same result appears twice (also on {0})", "kết quả này xuất hiện hai lần (cả ở {0})",
       "keep one row per KPI, agency and period", "mỗi chỉ tiêu, đơn vị và kỳ chỉ ghi một dòng"},
      {"row needs a score or a rank", "dòng cần có điểm hoặc thứ hạng", nullptr, nullptr},
      {"row needs a value", "dòng cần có kết quả", nullptr, nullptr},
      {"no period for this row", "dòng này không có kỳ báo cáo",
       "add a \"Kỳ báo cáo\" column, or give --year or --period", "thêm cột \"Kỳ báo cáo\", hoặc dùng --year hay --period"},
      {"unknown index '{0}'", "không có chỉ số '{0}' trong data/indices/", nullptr, nullptr},
      {"unknown plan '{0}'", "không có kế hoạch '{0}'", nullptr, nullptr},
      {"column {0} '{1}' is not used", "cột {0} '{1}' không được dùng", nullptr, nullptr},
      {"cannot tell which kind of agencies this ranking ranks", "không xác định được bảng xếp hạng này xếp loại đơn vị nào",
       "give --scope provinces, --scope departments or --scope communes",
       "dùng --scope provinces (tỉnh), --scope departments (sở, ngành) hoặc --scope communes (xã, phường)"},
      {"no agency named '{0}' among the {1}", "không tìm thấy '{0}' trong danh sách {1}",
       "correct the name in the spreadsheet, or add it to the agency's \"aliases\" in data/agencies.json or data/agencies/",
       "sửa tên trong bảng tính cho đúng, hoặc thêm tên này vào \"aliases\" (tên gọi khác) của đơn vị trong "
       "data/agencies.json hay data/agencies/"},
      {"this row would make the data invalid: {0}", "dòng này làm dữ liệu không hợp lệ: {0}", nullptr, nullptr},
      {"the data folder has errors; fix them before importing", "thư mục data có lỗi; cần sửa trước khi nhập",
       "run `minhbach check` to see them", "chạy `minhbach check` để xem các lỗi"},
      {"the file is not UTF-8 text", "tệp không phải là văn bản UTF-8",
       "save the spreadsheet as \"CSV UTF-8\" or \"Unicode text\", or give the file's encoding with --encoding "
       "(for example --encoding windows-1258)",
       "lưu bảng tính dạng \"CSV UTF-8\" hoặc \"Unicode Text\", hoặc cho biết bảng mã bằng --encoding "
       "(ví dụ --encoding windows-1258)"},
      {"save the spreadsheet as \"CSV UTF-8\" or \"Unicode text\", or give the file's encoding with --encoding (for "
       "example --encoding windows-1258)",
       "lưu bảng tính dạng \"CSV UTF-8\" hoặc \"Unicode Text\", hoặc cho biết bảng mã bằng --encoding (ví dụ "
       "--encoding windows-1258)",
       nullptr, nullptr},
      {"old Excel 97-2003 workbooks (.xls) cannot be read", "không đọc được tệp Excel 97-2003 (.xls)",
       nullptr, nullptr},
      {"open the file in Excel or LibreOffice and save it as .xlsx (Excel Workbook) or as CSV UTF-8",
       "mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx (Excel Workbook) hoặc CSV UTF-8", nullptr, nullptr},
      {"no sheet named '{0}' in this workbook", "tệp Excel không có trang tính tên '{0}'", nullptr, nullptr},
      {"the sheets are: {0}", "các trang tính có: {0}", nullptr, nullptr},
      {"malformed CSV: {0}", "tệp CSV sai định dạng: {0}", nullptr, nullptr},
      {"text after a closing quote", "có chữ sau dấu ngoặc kép đóng", nullptr, nullptr},
      {"a quoted field is never closed", "một ô mở dấu ngoặc kép mà không đóng", nullptr, nullptr},
      {"cannot read the file: {0}", "không đọc được tệp: {0}", nullptr, nullptr},
      {"cannot open file: No such file or directory", "không có tệp này",
       "check the file name and the folder you are in (ls shows the files)",
       "kiểm tra tên tệp và thư mục đang đứng (lệnh ls liệt kê các tệp)"},
      {"cannot open file: {0}", "không mở được tệp: {0}", nullptr, nullptr},
      {"refusing to overwrite {0}", "không ghi đè tệp đã có {0}", "choose another name or delete the file first",
       "chọn tên khác hoặc xóa tệp cũ trước"},
      // ---------------------------------------------------------------- publish
      {"broken link {0}", "liên kết hỏng {0}",
       "fix the link in the page's Markdown (or the template), or add the missing page",
       "sửa liên kết trong tệp Markdown của trang (hoặc trong mẫu giao diện), hoặc thêm trang còn thiếu"},
      {"the same link is on {#0} other pages (in a template?)", "liên kết này còn ở {0} trang khác (có thể nằm trong mẫu giao diện)",
       nullptr, nullptr},
      {"refusing to use this output folder: {0}", "không dùng được thư mục xuất bản này: {0}", nullptr, nullptr},
      {"it holds files minhbach did not write (no .minhbach-output marker); empty it or pass --force",
       "thư mục có tệp không do minhbach tạo (thiếu tệp đánh dấu .minhbach-output); hãy làm trống thư mục hoặc dùng "
       "--force",
       nullptr, nullptr},
      {"it contains the site itself", "thư mục này chứa chính trang nguồn", nullptr, nullptr},
      {"cannot swap the new site into place: {0}", "không thay được bản mới vào chỗ bản cũ: {0}",
       "the previous publication is still in place", "bản xuất bản trước vẫn còn nguyên"},
      // ---------------------------------------------------------------- data loader
      {"unknown agency '{0}'", "không có đơn vị mã '{0}' trong data/agencies",
       "use an id listed in data/agencies.json or data/agencies/*.json, or add the agency there",
       "dùng mã đơn vị có trong data/agencies.json hoặc data/agencies/*.json, hoặc thêm đơn vị vào đó"},
      {"did you mean '{0}'?", "có phải là '{0}'?", nullptr, nullptr},
      {"first defined at {0}", "đã khai báo lần đầu ở {0}", nullptr, nullptr},
      {"unknown field '{0}' in {1}", "trường '{0}' không hợp lệ trong {1}",
       "check the spelling of the field name (see docs/data-format.md)",
       "kiểm tra chính tả tên trường (xem docs/data-format.md)"},
      {"missing required field '{0}' in {1}", "thiếu trường bắt buộc '{0}' trong {1}", nullptr, nullptr},
      {"'{0}' must not be empty", "'{0}' không được để trống", nullptr, nullptr},
      {"'{0}' must be a number, not {1}", "'{0}' phải là số, không phải {1}",
       "write numbers without quotes and with a decimal point: 88.5", "ghi số không có ngoặc kép, dùng dấu chấm thập phân: 88.5"},
      {"'{0}' must be a string, not {1}", "'{0}' phải là chuỗi chữ, không phải {1}", "put the text in double quotes",
       "đặt chữ trong dấu ngoặc kép"},
      {"'{0}' must be {1}, not {2}", "'{0}' phải là {1}, không phải {2}", nullptr, nullptr},
      {"invalid date '{0}': expected YYYY-MM-DD", "ngày '{0}' không hợp lệ: cần ghi dạng NĂM-THÁNG-NGÀY (YYYY-MM-DD)",
       "for example 2026-04-10 for 10 April 2026", "ví dụ 2026-04-10 là ngày 10 tháng 4 năm 2026"},
      {"invalid date '{0}': no such day", "ngày '{0}' không có thật", nullptr, nullptr},
      {"malformed JSON: {0}", "tệp JSON sai cú pháp: {0}",
       "look for a missing comma or quote, or an extra comma, at or just before this place",
       "tìm chỗ thiếu dấu phẩy, thiếu dấu ngoặc kép hoặc thừa dấu phẩy ở đúng chỗ này hoặc ngay trước đó"},
      {"syntax error while parsing object - unexpected string literal; expected '}'",
       "thiếu dấu phẩy ở cuối dòng trước (hoặc thiếu dấu })", nullptr, nullptr},
      {"syntax error while parsing object - unexpected string literal; expected '}' or ','",
       "thiếu dấu phẩy ở cuối dòng trước (hoặc thiếu dấu })", nullptr, nullptr},
      {"syntax error while parsing object key - unexpected '}'; expected string literal",
       "thừa dấu phẩy trước dấu }", nullptr, nullptr},
      {"syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal",
       "thừa dấu phẩy trước dấu ]", nullptr, nullptr},
      {"syntax error while parsing value - invalid string: missing closing quote; last read: {0}",
       "thiếu dấu ngoặc kép đóng; đã đọc đến: {0}", nullptr, nullptr},
      {"'date' is not a valid date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00): '{0}'",
       "ngày đăng ('date') không hợp lệ: '{0}'", "write the date as year-month-day: 2026-11-20",
       "ghi ngày theo thứ tự năm-tháng-ngày: 2026-11-20"},
      {"'updated' is not a valid date: '{0}'", "ngày cập nhật ('updated') không hợp lệ: '{0}'", nullptr, nullptr},
      {"'{0}' must be a list of text", "'{0}' phải là danh sách chữ, ví dụ [xếp hạng, cấp xã]", nullptr, nullptr},
      {"duplicate key '{0}'", "khóa '{0}' bị lặp", nullptr, nullptr},
      {"invalid UTF-8 byte sequence", "có ký tự không phải UTF-8", "save the file as UTF-8", "lưu tệp với bảng mã UTF-8"},
      {"invalid UTF-8 byte sequence (save the file as UTF-8)", "có ký tự không phải UTF-8 (hãy lưu tệp với bảng mã UTF-8)",
       nullptr, nullptr},
      {"unknown KPI '{0}' in plan '{1}'", "kế hoạch '{1}' không có chỉ tiêu '{0}'", nullptr, nullptr},
      {"invalid period '{0}': expected YYYY, YYYY-Qn (n = 1–4) or YYYY-Hn (n = 1–2)",
       "kỳ '{0}' không hợp lệ: cần ghi YYYY, YYYY-Qn (quý n = 1–4) hoặc YYYY-Hn (nửa năm n = 1–2)", nullptr, nullptr},
      {"period {0} is outside the plan's period {1}", "kỳ {0} nằm ngoài thời gian của kế hoạch {1}", nullptr, nullptr},
      {"'value' must be a number or true/false, not {0}", "'value' phải là số hoặc true/false, không phải {0}", nullptr,
       nullptr},
      {"the target of KPI '{0}' is 'done': its value is true or false, not a number",
       "chỉ tiêu '{0}' là loại hoàn thành/chưa hoàn thành: kết quả là true hoặc false, không phải số", nullptr, nullptr},
      {"the target of KPI '{0}' is '{1}': its value is a number, not true or false",
       "chỉ tiêu '{0}' có mục tiêu '{1}': kết quả phải là số, không phải true/false", nullptr, nullptr},
      {"reported on {0}, before its period {1} began", "ngày báo cáo {0} trước khi kỳ {1} bắt đầu", nullptr, nullptr},
      {"duplicate result for KPI '{0}'{1}", "kết quả của chỉ tiêu '{0}'{1} bị lặp", nullptr, nullptr},
      {"agency '{0}' is a {1}; this ranking ranks {2}", "đơn vị '{0}' thuộc loại {1}; bảng xếp hạng này xếp {2}",
       nullptr, nullptr},
      {"score {0} is below 0", "điểm {0} nhỏ hơn 0", nullptr, nullptr},
      {"score {0} is above the maximum {1} of index '{2}'", "điểm {0} vượt quá điểm tối đa {1} của chỉ số '{2}'",
       "check the decimal mark: 88,5 is eighty-eight and a half", "kiểm tra dấu thập phân: 88,5 là tám mươi tám phẩy năm"},
      {"score {0} is above the maximum {1} of component '{2}'",
       "điểm {0} vượt quá điểm tối đa {1} của lĩnh vực '{2}'", nullptr, nullptr},
      {"a rank starts at 1", "thứ hạng bắt đầu từ 1", nullptr, nullptr},
      {"duplicate entry for agency '{0}'", "đơn vị '{0}' có hai dòng xếp hạng", nullptr, nullptr},
      {"rank {0} of {1} is inconsistent with the scores: {2}", "thứ hạng {0} của {1} không khớp với điểm: {2}",
       "ranks are computed from the scores: leave the rank column empty, or correct the score",
       "thứ hạng được tính từ điểm: để trống cột xếp hạng, hoặc sửa lại điểm"},
      {"unknown group '{0}' of index '{1}'", "chỉ số '{1}' không có nhóm '{0}'", nullptr, nullptr},
      {"unknown component '{0}' of index '{1}'", "chỉ số '{1}' không có lĩnh vực '{0}'", nullptr, nullptr},
      {"the entry for {0} needs a 'score' or a 'rank'", "dòng của {0} cần có điểm ('score') hoặc thứ hạng ('rank')",
       nullptr, nullptr},
      {"year {0} does not match the file name '{1}'", "năm {0} không khớp với tên tệp '{1}'",
       "the file of the {0} ranking is named {0}.json", "tệp xếp hạng năm {0} phải tên là {0}.json"},
      {"plan '{0}' does not match the file name '{1}'", "kế hoạch '{0}' không khớp với tên tệp '{1}'", nullptr, nullptr},
      {"plan id '{0}' does not match the file name '{1}'", "mã kế hoạch '{0}' không khớp với tên tệp '{1}'", nullptr,
       nullptr},
      {"invalid id '{0}': use lowercase letters a-z, digits and single '-'",
       "mã '{0}' không hợp lệ: chỉ dùng chữ thường không dấu a-z, chữ số và dấu '-'", nullptr, nullptr},
      {"unsupported data file: {0}", "tệp dữ liệu không được hỗ trợ: {0}", nullptr, nullptr},
      // ---------------------------------------------------------------- site and content
      {"page has no 'title' in its front matter", "trang chưa có tiêu đề ('title') trong phần đầu trang",
       "add a line title: \"...\" between the two --- lines at the top of the file",
       "thêm dòng title: \"...\" giữa hai dòng --- ở đầu tệp"},
      {"front matter opened with '---' is never closed (add a line '---' after it)",
       "phần đầu trang mở bằng '---' nhưng chưa đóng (thêm một dòng '---' sau nó)", nullptr, nullptr},
      {"front matter must be a mapping of keys to values (key: value)",
       "phần đầu trang phải gồm các dòng dạng khóa: giá trị", nullptr, nullptr},
      {"invalid YAML: {0}", "sai cú pháp YAML: {0}",
       "check the indentation and put text containing ':' in double quotes",
       "kiểm tra thụt đầu dòng và đặt chữ có dấu ':' trong ngoặc kép"},
      {"page URL {0} is already used by {1}", "địa chỉ trang {0} đã được dùng cho {1}", nullptr, nullptr},
      {"theme '{0}' not found in {1}", "không tìm thấy giao diện '{0}' trong {1}", nullptr, nullptr},
      {"base_url must start with http:// or https://", "base_url phải bắt đầu bằng http:// hoặc https://", nullptr,
       nullptr},
      {"cannot read the site configuration: {0}", "không đọc được cấu hình trang: {0}",
       "run minhbach in the site folder (the one holding site.yaml), or give --site FOLDER",
       "chạy minhbach trong thư mục trang (thư mục có tệp site.yaml), hoặc dùng --site THƯ_MỤC"},
      {"while rendering {0} with {1}", "khi dựng {0} bằng mẫu {1}", nullptr, nullptr},
      // ---------------------------------------------------------------- summaries
      {"{#0} error", "{0} lỗi", nullptr, nullptr},
      {"{#0} errors", "{0} lỗi", nullptr, nullptr},
      {"; nothing was written", "; chưa ghi gì", nullptr, nullptr},
      {"; the deployment folder was not changed", "; thư mục xuất bản vẫn giữ nguyên bản trước", nullptr, nullptr},
      {"ok: {#0} pages checked, no errors", "tốt: đã kiểm tra {0} trang, không có lỗi", nullptr, nullptr},
      {"warning: the data folder already has {#0} errors; run `minhbach check` to see them",
       "cảnh báo: thư mục data đang có {0} lỗi; chạy `minhbach check` để xem", nullptr, nullptr},
      // ---------------------------------------------------------------- fragments (also inside other messages)
      {"row {#0}", "dòng {0}", nullptr, nullptr},
      {"communes", "xã, phường", nullptr, nullptr},
      {"departments", "sở, ban, ngành", nullptr, nullptr},
      {"provinces", "tỉnh, thành phố", nullptr, nullptr},
      {"line {#0}", "dòng {0}", nullptr, nullptr},
      {"cell {0} of sheet '{1}'", "ô {0} của trang tính '{1}'", nullptr, nullptr},
      {"in {0}, which was not written", "trong tệp {0} (chưa ghi)", nullptr, nullptr},
      {"a score of {0} ranks {#1}", "điểm {0} thì xếp hạng {1}", nullptr, nullptr},
      {"'{0}' has the same score ({1}) but rank {#2}", "'{0}' cùng điểm ({1}) nhưng xếp hạng {2}", nullptr, nullptr},
      {"'{0}' scores better ({1} against {2}) but ranks {#3}", "'{0}' điểm cao hơn ({1} so với {2}) nhưng xếp hạng {3}",
       nullptr, nullptr},
      {"matched '{0}' to {1} ignoring diacritics ({2})", "đã khớp '{0}' với {1} khi bỏ qua dấu ({2})", nullptr, nullptr},
      {"the source is the spreadsheet's file name; give --source \"Quyết định số .../QĐ-UBND ngày ...\" to cite the "
       "decision",
       "nguồn đang ghi là tên tệp bảng tính; dùng --source \"Quyết định số .../QĐ-UBND ngày ...\" để ghi đúng văn "
       "bản công bố",
       nullptr, nullptr},
      {"the ranking was marked illustrative (sample data); the imported one is not",
       "bảng xếp hạng cũ là dữ liệu minh họa; bảng nhập vào là dữ liệu thật", nullptr, nullptr},
      {"the plan's results are marked illustrative (sample data); the file keeps that mark",
       "kết quả của kế hoạch đang đánh dấu là minh họa; tệp giữ nguyên dấu này", nullptr, nullptr},
      {"the indices are: {0}", "các chỉ số có: {0}", nullptr, nullptr},
      {"the plans are: {0}", "các kế hoạch có: {0}", nullptr, nullptr},
  };
  return table;
}

std::optional<Lang> parse_lang(std::string_view s) {
  if (s == "en") return Lang::en;
  if (s == "vi") return Lang::vi;
  return std::nullopt;
}

namespace {
// A placeholder at t[i]: "{N}" (any text) or "{#N}" (digits only). Returns
// its length (0 when there is none) and sets `index` and `digits`.
std::size_t placeholder(std::string_view t, std::size_t i, std::size_t& index, bool& digits) {
  if (t[i] != '{') return 0;
  std::size_t j = i + 1;
  digits = j < t.size() && t[j] == '#';
  if (digits) ++j;
  if (j + 1 < t.size() && t[j] >= '0' && t[j] <= '9' && t[j + 1] == '}') {
    index = static_cast<std::size_t>(t[j] - '0');
    return j + 2 - i;
  }
  return 0;
}
}  // namespace

std::string format(std::string_view t, const std::vector<std::string>& args) {
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    std::size_t k = 0;
    bool digits = false;
    if (std::size_t len = placeholder(t, i, k, digits)) {
      if (k < args.size()) out += args[k];
      i += len - 1;
      continue;
    }
    out += t[i];
  }
  return out;
}

namespace {
const CatalogueEntry* find_entry(std::string_view en) {
  for (const auto& e : catalogue())
    if (en == e.en) return &e;
  return nullptr;
}

// Matches `m` from `mi` against template `t` from `ti`; placeholders match
// any text (shortest first, backtracking).
bool match_from(std::string_view t, std::size_t ti, std::string_view m, std::size_t mi, std::vector<std::string>& caps) {
  while (ti < t.size()) {
    std::size_t k = 0;
    bool digits = false;
    if (std::size_t len = placeholder(t, ti, k, digits)) {
      if (caps.size() <= k) caps.resize(k + 1);
      for (std::size_t end = mi + 1; end <= m.size(); ++end) {
        if (digits && (m[end - 1] < '0' || m[end - 1] > '9')) return false;
        caps[k] = std::string(m.substr(mi, end - mi));
        if (match_from(t, ti + len, m, end, caps)) return true;
      }
      return false;
    }
    if (mi >= m.size() || t[ti] != m[mi]) return false;
    ++ti;
    ++mi;
  }
  return mi == m.size();
}

// Translates one message; sets `hint` to the entry's hint in `lang`.
std::string translate(std::string_view message, Lang lang, std::string* hint) {
  for (const auto& e : catalogue()) {
    auto caps = match_template(e.en, message);
    if (!caps) continue;
    if (hint) {
      const char* h = lang == Lang::vi ? e.hint_vi : e.hint_en;
      *hint = h ? format(h, *caps) : "";
    }
    if (lang == Lang::en) return std::string(message);
    for (auto& c : *caps) c = translate(c, lang, nullptr);  // "row 7" → "dòng 7"
    return format(e.vi, *caps);
  }
  return std::string(message);
}
}  // namespace

std::string translate_message(std::string_view message, Lang lang) { return translate(message, lang, nullptr); }

std::optional<std::vector<std::string>> match_template(std::string_view templ, std::string_view message) {
  std::vector<std::string> caps;
  if (!match_from(templ, 0, message, 0, caps)) return std::nullopt;
  return caps;
}

std::string msg(Lang lang, std::string_view en, const std::vector<std::string>& args) {
  const CatalogueEntry* e = find_entry(en);
  if (!e || lang == Lang::en) return format(en, args);
  return format(e->vi, args);
}

void localise(std::vector<Diagnostic>& diags, Lang lang) {
  std::set<std::string> hinted;  // each hint once: twenty unknown names need one explanation
  for (auto& d : diags) {
    std::string hint;
    d.message = translate(d.message, lang, &hint);
    for (auto& n : d.notes) n = translate(n, lang, nullptr);
    if (!hint.empty() && hinted.insert(hint).second)
      d.notes.push_back((lang == Lang::vi ? "cách sửa: " : "how to fix: ") + hint);
  }
}

void print_diagnostics(const Diagnostics& diags, Lang lang, std::ostream& os) {
  std::vector<Diagnostic> v = diags.sorted();
  localise(v, lang);
  for (const auto& d : v) os << format_diagnostic(d, true) << '\n';
}

}  // namespace mb::importer
