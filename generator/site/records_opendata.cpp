// Publication record: the downloadable tables (league tables, plan KPI
// lists, agency tables, the change log) and their schema.org JSON-LD.
#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "base/text.hpp"
#include "data/compute.hpp"
#include "feeds/datetime.hpp"
#include "site/records.hpp"

namespace mb::site::records {

using opendata::Cell;
using opendata::Column;
using opendata::FieldType;
using ojson = nlohmann::ordered_json;

namespace {

Cell num(const std::optional<double>& v) { return v ? Cell::number_literal(number_text(*v)) : Cell(); }
Cell num(double v) { return Cell::number_literal(number_text(v)); }
Cell integer(const std::optional<int>& v) { return v ? Cell::integer(*v) : Cell(); }
Cell txt(const std::string& s) { return Cell::text(s); }
Cell boolean(bool b) { return Cell::text(b ? "true" : "false"); }
Cell date(const data::Date& d) { return d.empty() ? Cell() : Cell::text(d.str()); }

Column col(std::string name, FieldType type, std::string title, std::string description = "", std::string unit = "") {
  return {std::move(name), type, std::move(title), std::move(description), std::move(unit)};
}

Column illustrative_column() {
  return col("minh_hoa", FieldType::boolean, kIllustrative,
             "true khi số liệu chỉ dùng để minh họa (không phải số liệu chính thức)");
}

std::string agency_name(const data::Dataset& d, const std::string& id) {
  const data::Agency* a = d.agency(id);
  return a ? a->name : id;
}

std::string join(const std::vector<std::string>& v, const char* sep = "; ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// "cong-tac-chi-dao" → "tp_cong_tac_chi_dao"
std::string component_column(const std::string& id) {
  std::string s = "tp_" + text::slugify(id);
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

const char* scope_label(data::Scope s) {
  switch (s) {
    case data::Scope::provinces: return "tỉnh, thành phố";
    case data::Scope::departments: return "sở, ban, ngành";
    case data::Scope::communes: return "xã, phường";
  }
  return "";
}

Download league_table(const Site& site, const Links& links, const data::Ranking& r) {
  const auto& d = site.data;
  const data::Index* index = d.index(r.index);
  const data::Ranking* prev = data::previous_ranking(d, r);
  std::string unit = index ? index->unit : "";
  Download dl;
  dl.dir = links.ranking_dir(r.index, r.year);
  dl.package_dir = dl.dir;
  dl.page = dl.dir;
  dl.stem = "bang-xep-hang";
  dl.group = "ranking";
  dl.title = "Bảng xếp hạng " + ranking_label(d, r);
  dl.description = (index ? index->name : r.index) + " năm " + std::to_string(r.year) + ", xếp hạng các " +
                   scope_label(r.scope) + (r.source.name.empty() ? "" : "; nguồn: " + r.source.name) + ".";
  dl.date = r.published.empty() ? "" : r.published.str();
  dl.illustrative = r.illustrative;
  auto& t = dl.table;
  t.name = text::slugify(r.index + "-" + std::to_string(r.year));
  t.columns = {col("hang", FieldType::integer, "Hạng", "thứ hạng (hạng bằng nhau khi điểm bằng nhau)"),
               col("ma_co_quan", FieldType::string, "Mã cơ quan", "mã (slug) của cơ quan, đơn vị trên trang"),
               col("co_quan", FieldType::string, "Cơ quan"),
               col("diem", FieldType::number, "Điểm", "", unit),
               col("nhom", FieldType::string, "Nhóm")};
  std::vector<std::string> components;
  if (index)
    for (const auto& c : index->components) {
      bool used = std::any_of(r.entries.begin(), r.entries.end(), [&](const auto& e) { return e.components.count(c.id); });
      if (!used) continue;
      components.push_back(c.id);
      t.columns.push_back(col(component_column(c.id), FieldType::number, c.name,
                              c.max ? "điểm tối đa " + number_text(*c.max) : "", unit));
    }
  t.columns.push_back(col("tong_so", FieldType::integer, "Tổng số đơn vị", "số đơn vị được xếp hạng"));
  t.columns.push_back(col("nam_truoc", FieldType::year, "Năm trước", "năm của kỳ xếp hạng liền trước"));
  t.columns.push_back(col("hang_nam_truoc", FieldType::integer, "Hạng năm trước"));
  t.columns.push_back(col("thay_doi_hang", FieldType::integer, "Thay đổi hạng", "hạng năm trước − hạng năm nay: dương là tăng bậc"));
  t.columns.push_back(col("ghi_chu", FieldType::string, "Ghi chú"));
  t.columns.push_back(illustrative_column());
  for (const auto& e : r.entries) {
    data::RankChange ch = data::rank_change(e, prev);
    const data::IndexGroup* g = index && !e.group.empty() ? index->group(e.group) : nullptr;
    std::vector<Cell> row = {e.rank > 0 ? Cell::integer(e.rank) : Cell(), txt(e.agency), txt(agency_name(d, e.agency)), num(e.score),
                             txt(g ? g->name : e.group)};
    for (const auto& c : components) {
      auto it = e.components.find(c);
      row.push_back(it == e.components.end() ? Cell() : num(it->second));
    }
    row.push_back(Cell::integer(r.units()));
    row.push_back(ch.previous_year ? Cell::integer(ch.previous_year) : Cell());
    bool ranked = e.rank > 0 && ch.previous_rank && *ch.previous_rank > 0;
    row.push_back(ranked ? integer(ch.previous_rank) : Cell());
    row.push_back(ranked ? integer(ch.rank_delta) : Cell());
    row.push_back(txt(e.note));
    row.push_back(boolean(r.illustrative));
    t.rows.push_back(std::move(row));
  }
  dl.primary_key = {"ma_co_quan"};
  return dl;
}

Download plan_table(const Site& site, const Links& links, const data::Plan& plan) {
  const auto& d = site.data;
  auto as_of = data::parse_date(site.as_of).value_or(data::Date{9999, 12, 31});
  const data::ResultSet* set = d.results_for(plan.id);
  bool illustrative = plan.illustrative || (set && set->illustrative);
  Download dl;
  dl.dir = links.plan_dir(plan.id);
  dl.package_dir = dl.dir;
  dl.page = dl.dir;
  dl.stem = "chi-tieu";
  dl.group = "plan";
  std::string head = plan_label(site.data, plan);
  dl.title = "Chỉ tiêu và kết quả: " + head;
  dl.description = "Các chỉ tiêu của " + head + " (" + plan.title + "), mỗi chỉ tiêu với kết quả mới nhất và trạng thái "
                   "tính đến ngày " + vi_date(site.as_of) + ".";
  dl.illustrative = illustrative;
  auto& t = dl.table;
  t.name = text::slugify(plan.id + "-chi-tieu");
  t.columns = {col("muc", FieldType::string, "Mục"),
               col("ma_chi_tieu", FieldType::string, "Mã chỉ tiêu", "số thứ tự trong phụ lục của văn bản"),
               col("chi_tieu", FieldType::string, "Chỉ tiêu", "nội dung theo văn bản"),
               col("chu_tri", FieldType::string, "Chủ trì", "mã cơ quan chủ trì, cách nhau bởi '; ' (@all, @departments, @communes: nhóm)"),
               col("phoi_hop", FieldType::string, "Phối hợp"),
               col("muc_tieu", FieldType::string, "Mục tiêu", "chỉ tiêu theo văn bản"),
               col("phep_so_sanh", FieldType::string, "Phép so sánh", ">=, <=, =, >, <, range, reduce, done, count, rank; trống: chỉ tiêu định tính"),
               col("gia_tri_muc_tieu", FieldType::number, "Giá trị mục tiêu"),
               col("muc_tieu_tu", FieldType::number, "Mục tiêu từ"),
               col("muc_tieu_den", FieldType::number, "Mục tiêu đến"),
               col("don_vi", FieldType::string, "Đơn vị tính"),
               col("thoi_han", FieldType::string, "Thời hạn", "theo văn bản"),
               col("han", FieldType::date, "Hạn", "hạn của kỳ được đánh giá"),
               col("ky", FieldType::string, "Kỳ", "kỳ báo cáo được đánh giá (2026, 2026-Q1, 2026-H1)"),
               col("ket_qua", FieldType::number, "Kết quả", "kết quả số mới nhất"),
               col("hoan_thanh", FieldType::boolean, "Hoàn thành", "kết quả của chỉ tiêu hoàn thành/chưa"),
               col("ngay_bao_cao", FieldType::date, "Ngày báo cáo"),
               col("nguon_ket_qua", FieldType::string, "Nguồn kết quả"),
               col("trang_thai", FieldType::string, "Mã trạng thái", "met, not_met, in_progress, overdue, no_data, not_evaluable"),
               col("danh_gia", FieldType::string, "Đánh giá"),
               illustrative_column()};
  std::string newest;
  for (const auto& s : plan.sections)
    for (const auto& k : s.kpis) {
      auto results = data::results_of(set, k.id, data::overall_agency(k));
      data::Evaluation e = data::evaluate(k, results, as_of, {}, plan.from, plan.to);
      const data::Result* r = e.result;
      if (r && !r->reported.empty() && r->reported.str() > newest) newest = r->reported.str();
      t.rows.push_back({txt(s.id), txt(k.id), txt(k.title), txt(join(k.lead)), txt(join(k.support)),
                        txt(target_text(k.target)), txt(to_string(k.target.op)), num(k.target.value),
                        num(k.target.min), num(k.target.max), txt(k.target.unit), txt(k.due.text), date(e.deadline),
                        txt(e.period ? e.period->str() : r ? r->period.str() : ""), r ? num(r->number) : Cell(),
                        r && r->done ? boolean(*r->done) : Cell(), r ? date(r->reported) : Cell(),
                        txt(r ? r->source : ""), txt(to_string(e.status)), txt(status_label(e.status)),
                        boolean(illustrative)});
    }
  dl.date = newest.empty() ? (plan.issued.empty() ? "" : plan.issued.str()) : newest;
  dl.primary_key = {"ma_chi_tieu"};
  return dl;
}

struct PlanKpi {
  const data::Plan* plan;
  const data::Kpi* kpi;
};

// The KPIs each agency leads (groups expanded) or has results for, in plan and document order.
std::map<std::string, std::vector<PlanKpi>> kpis_by_agency(const data::Dataset& d) {
  std::map<std::string, std::vector<PlanKpi>> out;
  for (const auto& plan : d.plans) {
    std::map<std::string, std::set<std::string>> reporting;  // kpi → agencies with results
    if (const data::ResultSet* set = d.results_for(plan.id))
      for (const auto& r : set->results)
        if (!r.agency.empty()) reporting[r.kpi].insert(r.agency);
    for (const auto& s : plan.sections)
      for (const auto& k : s.kpis) {
        auto leads = d.expand(k.lead);
        std::set<std::string> who(leads.begin(), leads.end());
        if (auto it = reporting.find(k.id); it != reporting.end()) who.insert(it->second.begin(), it->second.end());
        for (const auto& a : who) out[a].push_back({&plan, &k});
      }
  }
  return out;
}

Download agency_table(const Site& site, const Links& links, const data::Agency& a,
                      const std::vector<PlanKpi>& kpis) {
  const auto& d = site.data;
  auto as_of = data::parse_date(site.as_of).value_or(data::Date{9999, 12, 31});
  Download dl;
  dl.dir = links.agency_dir(a.id);
  dl.package_dir = dl.dir;
  dl.page = dl.dir;
  dl.stem = "du-lieu";
  dl.group = "agency";
  dl.title = "Số liệu của " + a.name;
  dl.description = "Thứ hạng của " + a.name + " trong mọi chỉ số, và các chỉ tiêu " + a.name +
                   " chủ trì hoặc báo cáo, với kết quả mới nhất và trạng thái tính đến ngày " + vi_date(site.as_of) + ".";
  auto& t = dl.table;
  t.name = text::slugify(a.id + "-du-lieu");
  t.columns = {col("loai", FieldType::string, "Loại", "xep-hang: một kỳ xếp hạng; chi-tieu: một chỉ tiêu của kế hoạch"),
               col("nguon", FieldType::string, "Mã chỉ số / kế hoạch"),
               col("ten_nguon", FieldType::string, "Chỉ số / kế hoạch"),
               col("nam", FieldType::year, "Năm xếp hạng"),
               col("hang", FieldType::integer, "Hạng"),
               col("tong_so", FieldType::integer, "Tổng số đơn vị"),
               col("diem", FieldType::number, "Điểm"),
               col("don_vi_diem", FieldType::string, "Đơn vị điểm"),
               col("ma_chi_tieu", FieldType::string, "Mã chỉ tiêu"),
               col("chi_tieu", FieldType::string, "Chỉ tiêu"),
               col("muc_tieu", FieldType::string, "Mục tiêu"),
               col("ky", FieldType::string, "Kỳ"),
               col("ket_qua", FieldType::number, "Kết quả"),
               col("don_vi", FieldType::string, "Đơn vị tính"),
               col("hoan_thanh", FieldType::boolean, "Hoàn thành"),
               col("trang_thai", FieldType::string, "Mã trạng thái"),
               col("danh_gia", FieldType::string, "Đánh giá"),
               col("ngay", FieldType::date, "Ngày", "ngày công bố xếp hạng hoặc ngày báo cáo kết quả"),
               col("url", FieldType::string, "Trang"),
               illustrative_column()};
  std::string newest;
  auto note_date = [&](const data::Date& x) {
    if (!x.empty() && x.str() > newest) newest = x.str();
  };
  for (const auto& r : d.rankings) {
    const data::RankingEntry* e = r.entry(a.id);
    if (!e) continue;
    const data::Index* index = d.index(r.index);
    note_date(r.published);
    dl.illustrative |= r.illustrative;
    t.rows.push_back({txt("xep-hang"), txt(r.index), txt(index ? index->short_name : r.index), Cell::integer(r.year),
                      e->rank > 0 ? Cell::integer(e->rank) : Cell(), Cell::integer(r.units()), num(e->score), txt(index ? index->unit : ""),
                      Cell(), Cell(), Cell(), Cell(), Cell(), Cell(), Cell(), Cell(), Cell(), date(r.published),
                      txt(site.permalink(links.ranking_dir(r.index, r.year))),
                      boolean(r.illustrative)});
  }
  for (const auto& [plan_ptr, kpi_ptr] : kpis) {
    const data::Plan& plan = *plan_ptr;
    const data::Kpi& k = *kpi_ptr;
    const data::ResultSet* set = d.results_for(plan.id);
    bool illustrative = plan.illustrative || (set && set->illustrative);
    auto results = data::results_of(set, k.id, a.id);
    data::Evaluation e = data::evaluate(k, results, as_of, {}, plan.from, plan.to);
    const data::Result* r = e.result;
    if (r) note_date(r->reported);
    dl.illustrative |= illustrative;
    t.rows.push_back({txt("chi-tieu"), txt(plan.id), txt(plan_label(d, plan)), Cell(), Cell(), Cell(), Cell(), Cell(),
                      txt(k.id), txt(k.title), txt(target_text(k.target)),
                      txt(e.period ? e.period->str() : r ? r->period.str() : ""), r ? num(r->number) : Cell(),
                      txt(k.target.unit), r && r->done ? boolean(*r->done) : Cell(), txt(to_string(e.status)),
                      txt(status_label(e.status)), r ? date(r->reported) : Cell(),
                      txt(site.permalink(links.kpi_dir(plan.id, k.id))), boolean(illustrative)});
  }
  dl.date = newest;
  return dl;
}

// The change log's download, its rows still to add.
Download log_head(const Links& links) {
  Download dl;
  dl.dir = links.open_data_dir();
  dl.page = "thay-doi/";
  dl.stem = "thay-doi";
  dl.group = "record";
  dl.title = "Nhật ký thay đổi giữa các lần công bố";
  dl.description = "Mỗi dòng là một thay đổi ở một lần công bố: xếp hạng mới, kết quả mới, số liệu được đính chính "
                   "(giá trị cũ → giá trị mới), bổ sung hoặc gỡ bỏ.";
  auto& t = dl.table;
  t.name = "thay-doi";
  t.columns = {col("ngay", FieldType::date, "Ngày công bố"),
               col("loai", FieldType::string, "Loại thay đổi",
                   "first-publication, new-ranking, new-result, correction, addition, removal"),
               col("khoa", FieldType::string, "Khóa", "số liệu hoặc đối tượng thay đổi, như trong manifest.json"),
               col("gia_tri_cu", FieldType::string, "Giá trị cũ", "đúng như đã công bố"),
               col("gia_tri_moi", FieldType::string, "Giá trị mới", "đúng như công bố lần này"),
               col("mo_ta", FieldType::string, "Mô tả"),
               col("url", FieldType::string, "Trang"),
               illustrative_column()};
  return dl;
}

Download log_table(const Site& site, const Links& links, const std::vector<ChangeRow>& log) {
  Download dl = log_head(links);
  dl.table.rows.reserve(log.size());
  for (const auto& r : log) {
    ChangeText c = describe_change(site, links, r);
    // values are kept as text so "88.50" stays "88.50"
    dl.table.rows.push_back({txt(r.date), txt(r.kind), txt(r.key), txt(r.old_value), txt(r.new_value), txt(c.title),
                             txt(c.url), boolean(c.illustrative)});
    if (r.date > dl.date) dl.date = r.date;
    dl.illustrative |= c.illustrative;
  }
  return dl;
}

// log_table without its rows (hundreds of thousands in a long log), and their number.
std::pair<Download, std::size_t> log_summary(const Site& site, const Links& links, const std::vector<ChangeRow>& log) {
  Download dl = log_head(links);
  for (const auto& r : log) {
    if (r.date > dl.date) dl.date = r.date;
    dl.illustrative = dl.illustrative || change_illustrative(site, r);
  }
  return {std::move(dl), log.size()};
}

}  // namespace

std::vector<DownloadRecipe> download_recipes(const Site& site, const Links& links, const std::vector<ChangeRow>& log) {
  std::vector<DownloadRecipe> out;
  for (const auto& r : site.data.rankings)
    out.push_back({links.ranking_dir(r.index, r.year) + "bang-xep-hang.csv",
                   [&site, &links, &r] { return league_table(site, links, r); }});
  for (const auto& p : site.data.plans)
    out.push_back({links.plan_dir(p.id) + "chi-tieu.csv", [&site, &links, &p] { return plan_table(site, links, p); }});
  auto kpis = std::make_shared<const std::map<std::string, std::vector<PlanKpi>>>(kpis_by_agency(site.data));
  for (const auto& a : site.data.agencies)
    out.push_back({links.agency_dir(a.id) + "du-lieu.csv", [&site, &links, &a, kpis] {
                     static const std::vector<PlanKpi> none;
                     auto it = kpis->find(a.id);
                     return agency_table(site, links, a, it == kpis->end() ? none : it->second);
                   }});
  std::stable_sort(out.begin(), out.end(),
                   [](const DownloadRecipe& a, const DownloadRecipe& b) { return a.csv_path < b.csv_path; });
  out.push_back({links.open_data_dir() + "thay-doi.csv", [&site, &links, &log] { return log_table(site, links, log); },
                 [&site, &links, &log] { return log_summary(site, links, log); }});
  return out;
}

std::vector<Download> build_downloads(const Site& site, const Links& links, const std::vector<ChangeRow>& log) {
  std::vector<Download> out;
  for (const auto& r : download_recipes(site, links, log)) out.push_back(r.build());
  return out;
}

ojson dataset_json_ld(const Site& site, const Links& links, const Download& d) {
  ojson j;
  j["@context"] = "https://schema.org";
  j["@type"] = "Dataset";
  j["name"] = d.title;
  j["description"] = d.description + (d.illustrative ? std::string(" ") + kIllustrative + "." : "");
  j["url"] = site.permalink(d.page);
  j["inLanguage"] = site.config.language;
  j["isAccessibleForFree"] = true;
  ojson creator;
  creator["@type"] = "GovernmentOrganization";
  creator["name"] = site.config.publisher.name.empty() ? site.config.title : site.config.publisher.name;
  if (!site.config.publisher.url.empty()) creator["url"] = site.config.publisher.url;
  j["creator"] = creator;
  if (!d.date.empty()) j["dateModified"] = d.date;
  ojson vars = ojson::array();
  for (const auto& c : d.table.columns) vars.push_back(c.title.empty() ? c.name : c.title);
  j["variableMeasured"] = vars;
  ojson dist = ojson::array();
  dist.push_back({{"@type", "DataDownload"}, {"encodingFormat", "text/csv"}, {"contentUrl", site.permalink(d.csv_path())}});
  dist.push_back(
      {{"@type", "DataDownload"}, {"encodingFormat", "application/json"}, {"contentUrl", site.permalink(d.json_path())}});
  j["distribution"] = dist;
  return j;
}

ojson catalog_json_ld(const Site& site, const Links& links, const std::vector<Download>& downloads) {
  ojson j;
  j["@context"] = "https://schema.org";
  j["@type"] = "Dataset";
  j["name"] = "Dữ liệu mở: " + site.config.title;
  j["description"] = "Bảng xếp hạng, chỉ tiêu và kết quả thực hiện của các kế hoạch, số liệu từng cơ quan, dưới dạng "
                     "CSV (UTF-8, RFC 4180) và JSON, mô tả trong datapackage.json, kèm mã SHA-256 để kiểm tra.";
  j["url"] = site.permalink(links.open_data_dir());
  j["inLanguage"] = site.config.language;
  j["isAccessibleForFree"] = true;
  ojson creator;
  creator["@type"] = "GovernmentOrganization";
  creator["name"] = site.config.publisher.name.empty() ? site.config.title : site.config.publisher.name;
  if (!site.config.publisher.url.empty()) creator["url"] = site.config.publisher.url;
  j["creator"] = creator;
  std::string newest;
  for (const auto& d : downloads)
    if (d.date > newest) newest = d.date;
  if (!newest.empty()) j["dateModified"] = newest;
  ojson dist = ojson::array();
  dist.push_back({{"@type", "DataDownload"},
                  {"name", "datapackage.json"},
                  {"encodingFormat", "application/json"},
                  {"contentUrl", site.permalink(links.open_data_dir() + "datapackage.json")}});
  for (const auto& d : downloads) {
    dist.push_back({{"@type", "DataDownload"}, {"name", d.title}, {"encodingFormat", "text/csv"},
                    {"contentUrl", site.permalink(d.csv_path())}});
    dist.push_back({{"@type", "DataDownload"}, {"name", d.title}, {"encodingFormat", "application/json"},
                    {"contentUrl", site.permalink(d.json_path())}});
  }
  j["distribution"] = dist;
  return j;
}

std::string job_lastmod(const Job& job) {
  const Value* page = job.context.find("page");  // lazy jobs (job.page) have no date
  if (!page) return "";
  for (const char* k : {"lastmod", "updated", "date"}) {
    const Value* v = page->find(k);
    if (v && v->is_string() && feeds::parse_datetime(v->as_string())) return v->as_string();
  }
  // a list page changes when its newest page does
  feeds::Newest newest;
  if (const Value* pages = page->find("pages"))
    for (const auto& p : pages->items())
      for (const char* k : {"updated", "date"})
        if (const Value* v = p.find(k); v && v->is_string()) newest.offer(v->as_string());
  return newest.text();
}

}  // namespace mb::site::records
