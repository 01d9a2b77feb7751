// Publication record: how figures, dates, targets and statuses are written.
#include <charconv>
#include <algorithm>
#include <cmath>
#include <set>

#include "base/text.hpp"
#include "site/records.hpp"

namespace mb::site::records {

std::string number_text(double v) {
  if (!std::isfinite(v)) return "";
  if (v == 0) return "0";  // also -0
  char buf[512];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (res.ec != std::errc()) return "";
  return std::string(buf, res.ptr);
}

std::string vi_number(double v) {
  std::string s = number_text(v);
  std::string sign;
  if (!s.empty() && s[0] == '-') sign = "-", s.erase(0, 1);
  auto dot = s.find('.');
  std::string int_part = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  std::string grouped;
  if (int_part.size() > 3) {
    std::size_t lead = int_part.size() % 3;
    if (lead) grouped = int_part.substr(0, lead);
    for (std::size_t i = lead; i < int_part.size(); i += 3) {
      if (!grouped.empty()) grouped += '.';
      grouped += int_part.substr(i, 3);
    }
  } else {
    grouped = int_part;
  }
  return sign + grouped + (frac.empty() ? "" : "," + frac);
}

std::string vi_difference(double a, double b) {
  auto decimals = [](double v) {
    std::string t = number_text(v);
    auto dot = t.find('.');
    return dot == std::string::npos ? 0 : static_cast<int>(t.size() - dot - 1);
  };
  int n = std::min(17, std::max(decimals(a), decimals(b)));
  char buf[512];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(a - b), std::chars_format::fixed, n);
  std::string t(buf, res.ptr);
  if (t.find('.') != std::string::npos) {
    while (t.back() == '0') t.pop_back();
    if (t.back() == '.') t.pop_back();
  }
  return vi_number(std::stod(t));
}

std::string vi_date(std::string_view iso) {
  if (iso.size() >= 10 && iso[4] == '-' && iso[7] == '-')
    return std::string(iso.substr(8, 2)) + "/" + std::string(iso.substr(5, 2)) + "/" + std::string(iso.substr(0, 4));
  return std::string(iso);
}

std::map<std::string, std::string> kpi_slugs(const data::Plan& plan) {
  std::map<std::string, std::string> out;
  std::set<std::string> used;
  for (const auto& s : plan.sections)
    for (const auto& k : s.kpis) {
      std::string base = text::slugify(k.id);
      if (base.empty()) base = "chi-tieu";
      std::string slug = base;
      for (int n = 2; used.count(slug); ++n) slug = base + "-" + std::to_string(n);
      used.insert(slug);
      out.emplace(k.id, slug);
    }
  return out;
}

std::string key_part(std::string_view id) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : id) {
    if (c == '%' || c == '/' || c <= ' ' || c == 0x7f) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Links::kpi_dir(const std::string& plan, const std::string& kpi) const {
  auto it = kpi_slugs.find(plan + '\x1f' + kpi);
  return plan_dir(plan) + (it == kpi_slugs.end() ? text::slugify(kpi) : it->second) + "/";
}

Links make_links(const Site& site) {
  Links l;
  const auto& params = site.config.params;
  auto paths = params.find("paths");
  auto path = [&](const char* key, std::string& out) {
    if (paths == params.end() || !paths->is_object()) return;
    auto it = paths->find(key);
    if (it == paths->end() || !it->is_string()) return;
    std::string v = it->get<std::string>();
    while (!v.empty() && v.front() == '/') v.erase(0, 1);
    while (!v.empty() && v.back() == '/') v.pop_back();
    if (!v.empty()) out = v;
  };
  path("rankings", l.rankings);
  path("agencies", l.agencies);
  path("plans", l.plans);
  path("open_data", l.open_data);
  for (const auto& p : site.data.plans)
    for (auto& [kpi, slug] : kpi_slugs(p)) l.kpi_slugs[p.id + '\x1f' + kpi] = slug;
  return l;
}

namespace {
std::string with_unit(double v, const std::string& unit) {
  if (unit.empty()) return vi_number(v);
  if (unit == "%") return vi_number(v) + "%";
  return vi_number(v) + " " + unit;
}
}  // namespace

std::string target_text(const data::Target& t) {
  if (!t.text.empty()) return t.text;
  using data::TargetOp;
  auto val = [&] { return t.value ? with_unit(*t.value, t.unit) : std::string("?"); };
  switch (t.op) {
    case TargetOp::text: return "";
    case TargetOp::ge: return "≥ " + val();
    case TargetOp::le: return "≤ " + val();
    case TargetOp::eq: return "= " + val();
    case TargetOp::gt: return "> " + val();
    case TargetOp::lt: return "< " + val();
    case TargetOp::range:
      return (t.min ? vi_number(*t.min) : std::string("?")) + "–" + (t.max ? with_unit(*t.max, t.unit) : "?");
    case TargetOp::reduce:
      return "Giảm " + val() + (t.baseline_year ? " so với năm " + std::to_string(*t.baseline_year) : std::string());
    case TargetOp::done: return "Hoàn thành";
    case TargetOp::count: return "Ít nhất " + val();
    case TargetOp::rank: {
      std::string s = t.min ? "Hạng " + vi_number(*t.min) + "–" + (t.max ? vi_number(*t.max) : "?")
                            : "Trong " + (t.max ? vi_number(*t.max) : std::string("?")) + " đơn vị dẫn đầu";
      if (t.of) s += " / " + std::to_string(*t.of);
      return s;
    }
  }
  return "";
}

std::string result_text(const data::Result& r, const data::Target& t) {
  if (r.done) return *r.done ? "Đã hoàn thành" : "Chưa hoàn thành";
  if (r.number) return t.op == data::TargetOp::rank ? "hạng " + vi_number(*r.number) : with_unit(*r.number, t.unit);
  return "";
}

std::string status_label(data::Status s) {
  switch (s) {
    case data::Status::met: return "Đạt";
    case data::Status::not_met: return "Không đạt";
    case data::Status::in_progress: return "Đang thực hiện";
    case data::Status::overdue: return "Quá hạn";
    case data::Status::no_data: return "Chưa có số liệu để đánh giá";
    case data::Status::not_evaluable: return "Không đánh giá (chỉ tiêu định tính)";
  }
  return "";
}

std::string plan_label(const data::Dataset& data, const data::Plan& p) {
  if (!p.number.empty() && p.number[0] >= '0' && p.number[0] <= '9') return p.number;
  const data::Agency* issuer = data.agency(p.issuer);
  std::string by = issuer ? issuer->name : p.issuer;
  if (p.number.empty()) return p.title;
  return p.number + (by.empty() ? "" : " của " + by);
}

std::string ranking_label(const data::Dataset& data, const data::Ranking& r) {
  const data::Index* idx = data.index(r.index);
  std::string name = idx ? (idx->short_name.empty() ? idx->name : idx->short_name) : r.index;
  return name + " " + std::to_string(r.year);
}

}  // namespace mb::site::records
