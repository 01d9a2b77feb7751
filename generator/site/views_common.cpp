#include "site/views_common.hpp"

#include <algorithm>
#include <set>

#include "base/text.hpp"
#include "charts/charts.hpp"
#include "site/records.hpp"
#include "site/views.hpp"

namespace mb::site::dv {

std::string Ctx::ui(std::string_view key) const {
  auto it = site.strings.find(std::string(key));
  return it == site.strings.end() ? std::string(key) : it->second;
}

Value Ctx::agency(std::string_view id) const {
  if (auto it = agencies.find(id); it != agencies.end()) return it->second;
  Value v = Value::dict();
  v.set("id", Value(id));
  v.set("name", Value(id));
  v.set("short_name", Value(id));
  v.set("kind", Value("other"));
  v.set("url", Value::none());
  return v;
}

namespace {
std::string walk_to_province(const data::Dataset& data, std::string_view id) {
  std::string cur(id);
  for (int guard = 0; guard < 16 && !cur.empty(); ++guard) {
    const data::Agency* a = data.agency(cur);
    if (!a) return {};
    if (a->kind == data::AgencyKind::province) return a->id;
    cur = a->parent;
  }
  return {};
}
}  // namespace

std::string Ctx::province_of(std::string_view id) const {
  if (auto it = provinces.find(id); it != provinces.end()) return it->second;
  return walk_to_province(data, id);
}

std::vector<std::string> Ctx::expand(const std::vector<std::string>& ids, std::string_view province) const {
  if (province.empty()) return data.expand(ids);
  // the ids given, and the members of the groups that belong to `province`, sorted and unique
  std::vector<std::string> out;
  bool departments = false, communes = false;
  for (const auto& id : ids) {
    if (id == data::kGroupAll) departments = communes = true;
    else if (id == data::kGroupDepartments) departments = true;
    else if (id == data::kGroupCommunes) communes = true;
    else if (!data::is_group_token(id)) out.push_back(id);
  }
  if (departments || communes)
    if (auto it = members.find(province); it != members.end()) {
      if (departments) out.insert(out.end(), it->second.departments.begin(), it->second.departments.end());
      if (communes) out.insert(out.end(), it->second.communes.begin(), it->second.communes.end());
    }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const std::vector<const data::Plan*>& Ctx::children_of(std::string_view plan) const {
  static const std::vector<const data::Plan*> none;
  auto it = children.find(plan);
  return it == children.end() ? none : it->second;
}

const std::string& Ctx::kpi_slug(std::string_view plan, std::string_view kpi) const {
  static const std::string empty;
  std::string key = std::string(plan) + '\x1f' + std::string(kpi);
  auto it = kpi_slugs.find(key);
  return it == kpi_slugs.end() ? empty : it->second;
}

Value Ctx::kpi_row(std::string_view plan, std::string_view kpi) const {
  auto it = kpi_rows.find(std::string(plan) + '\x1f' + std::string(kpi));
  return it == kpi_rows.end() ? Value() : it->second;
}

std::string Ctx::kpi_url(std::string_view plan, std::string_view kpi) const {
  return url(paths.plans + "/" + std::string(plan) + "/" + kpi_slug(plan, kpi) + "/");
}

Value page_base(const Ctx& c, std::string title, std::string_view rel, std::string description, std::string kind) {
  Value p = Value::dict();
  p.reserve(24);  // the skeleton's 11 entries and what the page adds
  p.set("title", Value(std::move(title)));
  p.set("kind", Value(std::move(kind)));
  p.set("url", Value(c.site.url(rel)));
  p.set("permalink", Value(c.site.permalink(rel)));
  p.set("dir", Value(rel));  // the folder, as site.records keys pages ("xep-hang/par-index/2020/")
  p.set("description", Value(description.empty() ? c.site.config.description : description));
  p.set("summary", Value(""));
  p.set("content", Value::safe(""));
  p.set("illustrative", Value(false));
  p.set("breadcrumbs", Value::list());
  p.set("feeds", Value::list());
  return p;
}

void add_crumb(Value& page, std::string title, std::string url) {
  Value list = *page.find("breadcrumbs");
  Value e = Value::dict();
  e.set("title", Value(std::move(title)));
  e.set("url", Value(std::move(url)));
  list.push(std::move(e));
  page.set("breadcrumbs", std::move(list));
}

void add_feed(Value& page, std::string title, std::string url) {
  Value list = *page.find("feeds");
  Value e = Value::dict();
  e.set("title", Value(std::move(title)));
  e.set("url", Value(std::move(url)));
  list.push(std::move(e));
  page.set("feeds", std::move(list));
}

void add_job(Ctx& c, std::string_view rel, const std::vector<std::string>& layouts, const Value& page,
             const std::string& origin, Diagnostics& diags, std::string_view file) {
  std::string layout = pick_layout(c.site, layouts, origin, diags);
  if (layout.empty()) return;
  c.site.jobs.push_back({std::string(rel) + std::string(file), layout, make_context(c.site, page), origin});
}

void add_lazy_job(Ctx& c, std::string_view rel, const std::vector<std::string>& layouts, std::function<Value()> page,
                  const std::string& origin, Diagnostics& diags) {
  std::string layout = pick_layout(c.site, layouts, origin, diags);
  if (layout.empty()) return;
  Job job{std::string(rel) + "index.html", layout, Value(), origin};
  job.page = std::move(page);
  c.site.jobs.push_back(std::move(job));
}

Value opt(const std::optional<double>& v) { return v ? Value(*v) : Value::none(); }
Value opt(const std::optional<int>& v) { return v ? Value(*v) : Value::none(); }
Value date_value(const data::Date& d) {
  if (d.empty()) return Value::none();
  if (d.y < 0 || d.y > 9999 || d.m < 0 || d.m > 99 || d.d < 0 || d.d > 99) return Value(d.str());
  // Date::str() without snprintf: every KPI result on a page has one
  char buf[10] = {static_cast<char>('0' + d.y / 1000), static_cast<char>('0' + d.y / 100 % 10),
                  static_cast<char>('0' + d.y / 10 % 10), static_cast<char>('0' + d.y % 10), '-',
                  static_cast<char>('0' + d.m / 10), static_cast<char>('0' + d.m % 10), '-',
                  static_cast<char>('0' + d.d / 10), static_cast<char>('0' + d.d % 10)};
  return Value(std::string(buf, sizeof buf));
}

Value source_value(const data::SourceRef& s) {
  Value v = Value::dict();
  v.set("name", Value(s.name));
  v.set("url", s.url.empty() ? Value::none() : Value(s.url));
  return v;
}

std::string short_description(std::string_view t, std::size_t max) {
  t = text::trim(t);
  if (t.size() <= max) return std::string(t);
  // cut after the last sentence end before `max`, else at a space
  std::size_t cut = std::string_view::npos;
  for (std::size_t i = 0; i + 1 < max && i + 1 < t.size(); ++i)
    if (t[i] == '.' && t[i + 1] == ' ') cut = i + 1;
  if (cut == std::string_view::npos || cut < max / 3) {
    cut = t.rfind(' ', max);
    if (cut == std::string_view::npos) cut = max;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text::trim(t.substr(0, cut))) + "…";
  }
  return std::string(text::trim(t.substr(0, cut)));
}

std::string plan_label(const Ctx& c, const data::Plan& p) { return records::plan_label(c.data, p); }

std::string num_text(double v, int decimals) { return charts::vi_number(v, decimals); }

Value status_value(data::Status s, bool late) {
  // one shared value per status and lateness: a national site shows millions of statuses
  static const std::vector<Value> shared = [] {
    std::vector<Value> out;
    for (auto st : {data::Status::met, data::Status::not_met, data::Status::in_progress, data::Status::overdue,
                    data::Status::no_data, data::Status::not_evaluable})
      for (bool l : {false, true}) {
        Value v = Value::dict();
        v.set("key", Value(data::to_string(st)));
        v.set("late", Value(l));
        out.push_back(std::move(v));
      }
    return out;
  }();
  std::size_t i = static_cast<std::size_t>(s) * 2 + (late ? 1 : 0);
  if (i < shared.size() && shared[i].find("key")->as_string() == data::to_string(s)) return shared[i];
  Value v = Value::dict();
  v.set("key", Value(data::to_string(s)));
  v.set("late", Value(late));
  return v;
}

namespace {
struct StatusStyle {
  data::Status status;
  const char* key;
  const char* fill;
};
// Fills differ in lightness so the bar reads in grayscale; the words are beside it.
constexpr StatusStyle kStatusStyles[] = {
    {data::Status::met, "met", "#1d5e33"},
    {data::Status::in_progress, "in_progress", "#5b8fc7"},
    {data::Status::not_met, "not_met", "#a3261e"},
    {data::Status::overdue, "overdue", "#e3a33b"},
    {data::Status::no_data, "no_data", "#d4d4d4"},
};
int count_of(const data::Scorecard& sc, data::Status s) {
  switch (s) {
    case data::Status::met: return sc.met;
    case data::Status::not_met: return sc.not_met;
    case data::Status::in_progress: return sc.in_progress;
    case data::Status::overdue: return sc.overdue;
    case data::Status::no_data: return sc.no_data;
    case data::Status::not_evaluable: return sc.not_evaluable;
  }
  return 0;
}
}  // namespace

Value scorecard_value(const Ctx& c, const data::Scorecard& sc, const std::string& chart_id, const std::string& what) {
  Value v = Value::dict();
  v.set("total", Value(sc.total));
  v.set("met", Value(sc.met));
  v.set("not_met", Value(sc.not_met));
  v.set("in_progress", Value(sc.in_progress));
  v.set("overdue", Value(sc.overdue));
  v.set("no_data", Value(sc.no_data));
  v.set("not_evaluable", Value(sc.not_evaluable));
  v.set("evaluable", Value(sc.evaluable()));
  v.set("met_share", sc.evaluable() > 0 ? Value(100.0 * sc.met / sc.evaluable()) : Value::none());
  // counts in display order, for legends: [{key, count}]
  Value parts = Value::list();
  charts::Progress p;
  p.id = chart_id;
  std::string title = what.empty() ? "" : what + ": ";
  title += std::to_string(sc.met) + "/" + std::to_string(sc.evaluable()) + " " + c.ui("progress.met_of_evaluable");
  for (const auto& st : kStatusStyles) {
    int n = count_of(sc, st.status);
    p.segments.push_back({c.ui(std::string("status.") + st.key), n, st.fill});
    Value e = Value::dict();
    e.set("key", Value(st.key));
    e.set("count", Value(n));
    parts.push(std::move(e));
    if (n > 0 && st.status != data::Status::met) title += "; " + std::to_string(n) + " " + c.ui(std::string("status.") + st.key);
  }
  if (sc.not_evaluable > 0) {
    Value e = Value::dict();
    e.set("key", Value("not_evaluable"));
    e.set("count", Value(sc.not_evaluable));
    parts.push(std::move(e));
  }
  v.set("parts", std::move(parts));
  p.title = title;
  v.set("summary", Value(title));
  v.set("chart", sc.evaluable() > 0 && !chart_id.empty() ? Value::safe(charts::progress_bar(p)) : Value::none());
  return v;
}

std::string target_text(const data::Target& t, bool structured) {
  if (!t.text.empty() && (!structured || t.op == data::TargetOp::text)) return t.text;
  auto n = [](const std::optional<double>& v) { return v ? num_text(*v) : std::string("?"); };
  std::string unit = t.unit.empty() ? "" : (t.unit == "%" ? "%" : " " + t.unit);
  switch (t.op) {
    case data::TargetOp::ge: return "≥ " + n(t.value) + unit;
    case data::TargetOp::le: return "≤ " + n(t.value) + unit;
    case data::TargetOp::eq: return "= " + n(t.value) + unit;
    case data::TargetOp::gt: return "> " + n(t.value) + unit;
    case data::TargetOp::lt: return "< " + n(t.value) + unit;
    case data::TargetOp::range: return n(t.min) + "–" + n(t.max) + unit;
    case data::TargetOp::reduce:
      return "−" + n(t.value) + unit + (t.baseline_year ? " (" + std::to_string(*t.baseline_year) + ")" : "");
    case data::TargetOp::done: return "✓";
    case data::TargetOp::count: return "≥ " + n(t.value) + unit;
    case data::TargetOp::rank:
      return (t.min ? n(t.min) + "–" : "≤ ") + n(t.max) + (t.of ? "/" + std::to_string(*t.of) : "");
    case data::TargetOp::text: return "";
  }
  return "";
}

std::string due_text(const Ctx& c, const data::Due& d) {
  if (!d.text.empty()) return d.text;
  switch (d.kind) {
    case data::DueKind::date: {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.date.d, d.date.m, d.date.y);
      return buf;
    }
    case data::DueKind::year: return std::to_string(d.year);
    case data::DueKind::quarterly: return c.ui("due.quarterly");
    case data::DueKind::yearly: return c.ui("due.yearly");
    case data::DueKind::ongoing: return c.ui("due.ongoing");
    case data::DueKind::text: return "";
  }
  return "";
}

std::string period_text(const Ctx& c, const data::Period& p) {
  switch (p.kind) {
    case data::Period::Kind::year: return std::to_string(p.year);
    case data::Period::Kind::quarter:
      return c.ui("period.quarter") + " " + std::to_string(p.part) + "/" + std::to_string(p.year);
    case data::Period::Kind::half:
      return c.ui(p.part == 1 ? "period.first_half" : "period.second_half") + " " + std::to_string(p.year);
  }
  return p.str();
}

// ------------------------------------------------------------------ references

void build_refs(Ctx& c) {
  const auto& d = c.data;
  for (const auto& a : d.agencies) {
    std::string province = walk_to_province(d, a.id);
    if (a.kind == data::AgencyKind::department) c.members[province].departments.push_back(a.id);
    if (a.kind == data::AgencyKind::commune) c.members[province].communes.push_back(a.id);
    c.provinces.emplace(a.id, std::move(province));
  }
  for (auto& [province, m] : c.members) {
    std::sort(m.departments.begin(), m.departments.end());
    std::sort(m.communes.begin(), m.communes.end());
  }
  for (const auto& p : d.plans) c.children[p.parent].push_back(&p);
  for (const auto& a : d.agencies) {
    Value v = Value::dict();
    v.set("id", Value(a.id));
    v.set("name", Value(a.name));
    v.set("short_name", Value(a.short_name.empty() ? a.name : a.short_name));
    v.set("kind", Value(data::to_string(a.kind)));
    v.set("url", Value(c.url(c.paths.agencies + "/" + a.id + "/")));
    c.agencies.emplace(a.id, std::move(v));
  }
  // KPI slugs: one rule for pages and feeds (records::kpi_slugs)
  for (const auto& p : d.plans)
    for (auto& [kpi, slug] : records::kpi_slugs(p)) c.kpi_slugs[p.id + '\x1f' + kpi] = slug;
  for (const auto& p : d.plans) {
    Value v = Value::dict();
    v.set("id", Value(p.id));
    v.set("number", Value(p.number));
    v.set("label", Value(plan_label(c, p)));
    v.set("title", Value(p.title));
    v.set("url", Value(c.url(c.paths.plans + "/" + p.id + "/")));
    v.set("dir", Value(c.paths.plans + "/" + p.id + "/"));
    v.set("issuer", c.agency(p.issuer));
    v.set("issued", date_value(p.issued));
    v.set("from", Value(p.from));
    v.set("to", Value(p.to));
    v.set("illustrative", Value(p.illustrative));
    const data::ResultSet* rs = d.results_for(p.id);
    v.set("results_illustrative", Value(rs && rs->illustrative));
    v.set("kpi_count", Value(static_cast<unsigned long>(p.kpi_count())));
    v.set("progress", scorecard_value(c, data::plan_scorecard(p, rs, c.as_of), "tien-do-" + p.id, plan_label(c, p)));
    c.plans.emplace(p.id, std::move(v));
  }
  for (const auto& ix : d.indices) {
    Value v = Value::dict();
    v.set("id", Value(ix.id));
    v.set("name", Value(ix.name));
    v.set("short_name", Value(ix.short_name.empty() ? ix.name : ix.short_name));
    v.set("unit", Value(ix.unit));
    v.set("max", Value(ix.max));
    v.set("higher_is_better", Value(ix.higher_is_better));
    v.set("url", Value(c.url(c.paths.rankings + "/" + ix.id + "/")));
    v.set("publisher", ix.publisher.empty() ? Value::none() : c.agency(ix.publisher));
    Value years = Value::list();
    bool illustrative = false;
    std::string scope;
    for (const data::Ranking* r : d.rankings_of(ix.id)) {
      Value y = Value::dict();
      y.set("year", Value(r->year));
      y.set("url", Value(c.url(c.paths.rankings + "/" + ix.id + "/" + std::to_string(r->year) + "/")));
      y.set("illustrative", Value(r->illustrative));
      y.set("scope", Value(data::to_string(r->scope)));
      y.set("count", Value(static_cast<unsigned long>(r->entries.size())));
      y.set("units", Value(r->units()));
      illustrative = illustrative || r->illustrative;
      scope = data::to_string(r->scope);
      years.push(std::move(y));
    }
    v.set("years", years);
    v.set("latest", years.size() ? years.at(years.size() - 1) : Value::none());
    v.set("illustrative", Value(illustrative));
    v.set("scope", scope.empty() ? Value::none() : Value(scope));
    c.indices.emplace(ix.id, std::move(v));
  }
}

}  // namespace mb::site::dv
