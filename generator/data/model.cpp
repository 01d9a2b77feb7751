#include "data/model.hpp"

#include "base/date.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

namespace mb::data {

// ---------------------------------------------------------------- dates and periods

bool is_leap_year(int y) { return date::is_leap_year(y); }

int days_in_month(int y, int m) { return date::days_in_month(y, m); }

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

namespace {
bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

std::optional<Date> parse_date(std::string_view s) {
  auto t = date::parse_day(s);
  if (!t || t->year < 1) return std::nullopt;
  return Date{t->year, t->month, t->day};
}

std::string Period::str() const {
  std::string s = std::to_string(year);
  if (kind == Kind::quarter) s += "-Q" + std::to_string(part);
  if (kind == Kind::half) s += "-H" + std::to_string(part);
  return s;
}

Date Period::first_day() const {
  switch (kind) {
    case Kind::year: return {year, 1, 1};
    case Kind::quarter: return {year, (part - 1) * 3 + 1, 1};
    case Kind::half: return {year, part == 1 ? 1 : 7, 1};
  }
  return {year, 1, 1};
}

Date Period::last_day() const {
  int m = 12;
  if (kind == Kind::quarter) m = part * 3;
  if (kind == Kind::half) m = part * 6;
  return {year, m, days_in_month(year, m)};
}

bool Period::within(const Period& other) const {
  return first_day() >= other.first_day() && last_day() <= other.last_day();
}

std::optional<Period> parse_period(std::string_view s) {
  if (s.size() < 4 || !digits(s.substr(0, 4))) return std::nullopt;
  Period p;
  p.year = to_int(s.substr(0, 4));
  if (p.year < 1) return std::nullopt;
  if (s.size() == 4) return p;
  if (s.size() != 7 || s[4] != '-' || !digits(s.substr(6, 1))) return std::nullopt;
  p.part = s[6] - '0';
  if (s[5] == 'Q' && p.part >= 1 && p.part <= 4) {
    p.kind = Period::Kind::quarter;
    return p;
  }
  if (s[5] == 'H' && p.part >= 1 && p.part <= 2) {
    p.kind = Period::Kind::half;
    return p;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- names

const char* to_string(AgencyKind k) {
  switch (k) {
    case AgencyKind::province: return "province";
    case AgencyKind::department: return "department";
    case AgencyKind::commune: return "commune";
    case AgencyKind::ministry: return "ministry";
    case AgencyKind::other: return "other";
  }
  return "other";
}

const char* to_string(TargetOp op) {
  switch (op) {
    case TargetOp::text: return "";
    case TargetOp::ge: return ">=";
    case TargetOp::le: return "<=";
    case TargetOp::eq: return "=";
    case TargetOp::gt: return ">";
    case TargetOp::lt: return "<";
    case TargetOp::range: return "range";
    case TargetOp::reduce: return "reduce";
    case TargetOp::done: return "done";
    case TargetOp::count: return "count";
    case TargetOp::rank: return "rank";
  }
  return "";
}

const char* to_string(DueKind k) {
  switch (k) {
    case DueKind::text: return "text";
    case DueKind::date: return "date";
    case DueKind::year: return "year";
    case DueKind::quarterly: return "quarterly";
    case DueKind::yearly: return "yearly";
    case DueKind::ongoing: return "ongoing";
  }
  return "text";
}

const char* to_string(Scope s) {
  switch (s) {
    case Scope::provinces: return "provinces";
    case Scope::departments: return "departments";
    case Scope::communes: return "communes";
  }
  return "provinces";
}

bool is_group_token(std::string_view s) { return !s.empty() && s[0] == '@'; }

// ---------------------------------------------------------------- lookups

const Kpi* Plan::kpi(std::string_view id) const {
  for (const auto& s : sections)
    for (const auto& k : s.kpis)
      if (k.id == id) return &k;
  return nullptr;
}

std::size_t Plan::kpi_count() const {
  std::size_t n = 0;
  for (const auto& s : sections) n += s.kpis.size();
  return n;
}

const IndexComponent* Index::component(std::string_view id) const {
  for (const auto& c : components)
    if (c.id == id) return &c;
  return nullptr;
}

const IndexGroup* Index::group(std::string_view id) const {
  for (const auto& g : groups)
    if (g.id == id) return &g;
  return nullptr;
}

const RankingEntry* Ranking::entry(std::string_view agency) const {
  for (const auto& e : entries)
    if (e.agency == agency) return &e;
  return nullptr;
}

namespace {
template <typename T, typename Map>
const T* lookup(const std::vector<T>& v, const Map& m, std::string_view id) {
  auto it = m.find(id);
  return it == m.end() ? nullptr : &v[it->second];
}
}  // namespace

const Agency* Dataset::agency(std::string_view id) const { return lookup(agencies, agency_by_id_, id); }
const Plan* Dataset::plan(std::string_view id) const { return lookup(plans, plan_by_id_, id); }
const ResultSet* Dataset::results_for(std::string_view id) const { return lookup(results, results_by_plan_, id); }
const Index* Dataset::index(std::string_view id) const { return lookup(indices, index_by_id_, id); }

const Ranking* Dataset::ranking(std::string_view index_id, int year) const {
  auto it = ranking_by_key_.find({std::string(index_id), year});
  return it == ranking_by_key_.end() ? nullptr : &rankings[it->second];
}

std::vector<const Ranking*> Dataset::rankings_of(std::string_view index_id) const {
  std::vector<const Ranking*> out;
  for (const auto& r : rankings)
    if (r.index == index_id) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const Ranking* a, const Ranking* b) { return a->year < b->year; });
  return out;
}

std::vector<const Ranking*> Dataset::rankings_of(std::string_view index_id, Scope scope) const {
  std::vector<const Ranking*> out;
  for (const Ranking* r : rankings_of(index_id))
    if (r->scope == scope) out.push_back(r);
  return out;
}

std::vector<const Plan*> Dataset::children_of(std::string_view plan_id) const {
  std::vector<const Plan*> out;
  for (const auto& p : plans)
    if (p.parent == plan_id) out.push_back(&p);
  return out;
}

std::vector<std::string> Dataset::expand(const std::vector<std::string>& ids) const {
  std::set<std::string> out;
  for (const auto& id : ids) {
    bool all = id == kGroupAll;
    if (all || id == kGroupDepartments || id == kGroupCommunes) {
      for (const auto& a : agencies) {
        if ((all || id == kGroupDepartments) && a.kind == AgencyKind::department) out.insert(a.id);
        if ((all || id == kGroupCommunes) && a.kind == AgencyKind::commune) out.insert(a.id);
      }
    } else if (!is_group_token(id)) {
      out.insert(id);
    }
  }
  return {out.begin(), out.end()};
}

void Dataset::finish() {
  auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
  std::stable_sort(agencies.begin(), agencies.end(), by_id);
  std::stable_sort(plans.begin(), plans.end(), by_id);
  std::stable_sort(indices.begin(), indices.end(), by_id);
  std::stable_sort(results.begin(), results.end(), [](const ResultSet& a, const ResultSet& b) { return a.plan < b.plan; });
  for (auto& rs : results) {
    std::stable_sort(rs.results.begin(), rs.results.end(), [](const Result& a, const Result& b) {
      return std::tie(a.kpi, a.agency, a.period) < std::tie(b.kpi, b.agency, b.period);
    });
    rs.sorted = true;
  }
  std::stable_sort(rankings.begin(), rankings.end(), [](const Ranking& a, const Ranking& b) {
    return std::make_tuple(a.index, static_cast<int>(a.scope), a.year) <
           std::make_tuple(b.index, static_cast<int>(b.scope), b.year);
  });
  for (auto& r : rankings)
    std::stable_sort(r.entries.begin(), r.entries.end(), [](const RankingEntry& a, const RankingEntry& b) {
      int ra = a.rank > 0 ? a.rank : 1 << 30, rb = b.rank > 0 ? b.rank : 1 << 30;
      return std::tie(ra, a.agency) < std::tie(rb, b.agency);
    });

  agency_by_id_.clear();
  plan_by_id_.clear();
  results_by_plan_.clear();
  index_by_id_.clear();
  ranking_by_key_.clear();
  for (std::size_t i = 0; i < agencies.size(); ++i) agency_by_id_.emplace(agencies[i].id, i);
  for (std::size_t i = 0; i < plans.size(); ++i) plan_by_id_.emplace(plans[i].id, i);
  for (std::size_t i = 0; i < results.size(); ++i) results_by_plan_.emplace(results[i].plan, i);
  for (std::size_t i = 0; i < indices.size(); ++i) index_by_id_.emplace(indices[i].id, i);
  for (std::size_t i = 0; i < rankings.size(); ++i) ranking_by_key_.emplace(std::make_pair(rankings[i].index, rankings[i].year), i);
}

}  // namespace mb::data
