#include "data/compute.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace mb::data {

namespace {
constexpr double kEps = 1e-9;

Period quarter_of(const Date& d) { return {d.y, Period::Kind::quarter, (d.m - 1) / 3 + 1}; }

Period previous(const Period& p) {
  if (p.kind == Period::Kind::year) return {p.year - 1, p.kind, 0};
  int parts = p.kind == Period::Kind::quarter ? 4 : 2;
  if (p.part > 1) return {p.year, p.kind, p.part - 1};
  return {p.year - 1, p.kind, parts};
}

// The last period of this frequency that has ended by `as_of` (its last day
// is before `as_of`), kept within the plan's years; the current one when none has.
Period default_period(DueKind kind, const Date& as_of, int from, int to) {
  Period current = kind == DueKind::yearly ? Period{as_of.y, Period::Kind::year, 0} : quarter_of(as_of);
  Period p = previous(current);
  if (to > 0 && p.year > to) p = kind == DueKind::yearly ? Period{to, Period::Kind::year, 0} : Period{to, Period::Kind::quarter, 4};
  if (from > 0 && p.year < from) {
    p = current;
    if (p.year < from) p = kind == DueKind::yearly ? Period{from, Period::Kind::year, 0} : Period{from, Period::Kind::quarter, 1};
  }
  return p;
}

std::optional<double> baseline_of(const Target& t, const std::vector<const Result*>& results, const Date& as_of) {
  if (t.baseline_value) return t.baseline_value;
  if (!t.baseline_year || t.baseline_to != t.baseline_year) return std::nullopt;  // a period needs its value
  Period base{*t.baseline_year, Period::Kind::year, 0};
  for (const Result* r : results)
    if (r->period == base && r->number && known_on(*r, as_of)) return r->number;
  return std::nullopt;
}
}  // namespace

const char* to_string(Status s) {
  switch (s) {
    case Status::met: return "met";
    case Status::not_met: return "not_met";
    case Status::in_progress: return "in_progress";
    case Status::overdue: return "overdue";
    case Status::no_data: return "no_data";
    case Status::not_evaluable: return "not_evaluable";
  }
  return "no_data";
}

const char* to_string(Trend t) {
  switch (t) {
    case Trend::up: return "up";
    case Trend::down: return "down";
    case Trend::same: return "same";
    case Trend::new_entry: return "new";
    case Trend::unknown: return "unknown";
  }
  return "unknown";
}

std::optional<bool> meets(const Target& t, const Result& r, std::optional<double> baseline) {
  if (t.op == TargetOp::text) return std::nullopt;
  if (t.op == TargetOp::done) {
    if (!r.done) return std::nullopt;
    return *r.done;
  }
  if (!r.number) return std::nullopt;
  double v = *r.number;
  double x = t.value.value_or(0);
  switch (t.op) {
    case TargetOp::ge: return v >= x - kEps;
    case TargetOp::le: return v <= x + kEps;
    case TargetOp::eq: return std::abs(v - x) <= kEps;
    case TargetOp::gt: return v > x + kEps;
    case TargetOp::lt: return v < x - kEps;
    case TargetOp::count: return v >= x - kEps;
    case TargetOp::range: return v >= t.min.value_or(v) - kEps && v <= t.max.value_or(v) + kEps;
    case TargetOp::rank: return v >= 1 && v <= t.max.value_or(v) + kEps;
    case TargetOp::reduce: {
      if (!baseline) return std::nullopt;
      double limit = t.unit == "%" ? *baseline * (1 - x / 100) : *baseline - x;
      return v <= limit + kEps;
    }
    default: return std::nullopt;
  }
}

std::vector<const Result*> results_of(const ResultSet* set, std::string_view kpi, std::string_view agency) {
  std::vector<const Result*> out;
  if (!set) return out;
  if (set->sorted) {  // sorted by kpi, agency: the matching results are one run
    auto key = [](const Result& r) { return std::pair<std::string_view, std::string_view>(r.kpi, r.agency); };
    auto want = std::pair<std::string_view, std::string_view>(kpi, agency);
    auto lo = std::partition_point(set->results.begin(), set->results.end(), [&](const Result& r) { return key(r) < want; });
    for (auto it = lo; it != set->results.end() && key(*it) == want; ++it) out.push_back(&*it);
  } else {
    for (const auto& r : set->results)
      if (r.kpi == kpi && r.agency == agency) out.push_back(&r);
  }
  std::stable_sort(out.begin(), out.end(), [](const Result* a, const Result* b) {
    return std::make_tuple(a->period.last_day(), a->period.first_day(), a->reported) <
           std::make_tuple(b->period.last_day(), b->period.first_day(), b->reported);
  });
  return out;
}

std::string overall_agency(const Kpi& kpi) {
  if (kpi.lead.size() == 1 && !is_group_token(kpi.lead[0])) return kpi.lead[0];
  return {};
}

bool known_on(const Result& r, const Date& as_of) {
  return r.reported.empty() ? r.period.last_day() <= as_of : r.reported <= as_of;
}

const Result* latest_result(const std::vector<const Result*>& results, const Date& as_of) {
  const Result* best = nullptr;
  auto key = [](const Result* r) { return std::make_tuple(r->period.last_day(), r->reported, r->period.first_day()); };
  for (const Result* r : results)
    if (known_on(*r, as_of) && (!best || key(best) <= key(r))) best = r;
  return best;
}

Evaluation evaluate(const Kpi& kpi, const std::vector<const Result*>& results, const Date& as_of,
                    std::optional<Period> period, int plan_from, int plan_to) {
  Evaluation ev;
  std::vector<const Result*> relevant = results;
  switch (kpi.due.kind) {
    case DueKind::date: ev.deadline = kpi.due.date; break;
    case DueKind::year: ev.deadline = {kpi.due.year, 12, 31}; break;
    case DueKind::quarterly:
    case DueKind::yearly: {
      ev.period = period ? *period : default_period(kpi.due.kind, as_of, plan_from, plan_to);
      ev.deadline = ev.period->last_day();
      relevant.clear();
      for (const Result* r : results)
        if (r->period.within(*ev.period)) relevant.push_back(r);
      break;
    }
    case DueKind::ongoing:
    case DueKind::text: break;
  }
  ev.result = latest_result(relevant, as_of);
  if (kpi.target.op == TargetOp::text) {
    ev.status = Status::not_evaluable;
    return ev;
  }
  bool has_deadline = !ev.deadline.empty();
  bool passed = has_deadline && as_of > ev.deadline;
  if (!ev.result) {
    ev.status = passed ? Status::overdue : has_deadline ? Status::in_progress : Status::no_data;
    return ev;
  }
  if (kpi.target.op == TargetOp::reduce) ev.baseline = baseline_of(kpi.target, results, as_of);
  std::optional<bool> ok = meets(kpi.target, *ev.result, ev.baseline);
  if (!ok) {
    ev.status = Status::no_data;  // e.g. no baseline to compare with
  } else if (*ok) {
    ev.status = Status::met;
    ev.late = has_deadline && !ev.result->reported.empty() && ev.result->reported > ev.deadline;
  } else {
    ev.status = has_deadline && !passed ? Status::in_progress : Status::not_met;
  }
  return ev;
}

void Scorecard::add(Status s) {
  ++total;
  switch (s) {
    case Status::met: ++met; break;
    case Status::not_met: ++not_met; break;
    case Status::in_progress: ++in_progress; break;
    case Status::overdue: ++overdue; break;
    case Status::no_data: ++no_data; break;
    case Status::not_evaluable: ++not_evaluable; break;
  }
}

void Scorecard::add(const Scorecard& o) {
  total += o.total;
  met += o.met;
  not_met += o.not_met;
  in_progress += o.in_progress;
  overdue += o.overdue;
  no_data += o.no_data;
  not_evaluable += o.not_evaluable;
}

Scorecard section_scorecard(const Plan& plan, const Section& section, const ResultSet* results, const Date& as_of) {
  Scorecard sc;
  for (const auto& k : section.kpis)
    sc.add(evaluate(k, results_of(results, k.id, overall_agency(k)), as_of, {}, plan.from, plan.to).status);
  return sc;
}

Scorecard plan_scorecard(const Plan& plan, const ResultSet* results, const Date& as_of) {
  Scorecard sc;
  for (const auto& s : plan.sections) sc.add(section_scorecard(plan, s, results, as_of));
  return sc;
}

std::vector<KpiRef> kpis_of_agency(const Dataset& data, std::string_view agency, bool with_support) {
  std::vector<KpiRef> out;
  std::string id(agency);
  auto in = [&](const std::vector<std::string>& list) {
    auto ids = data.expand(list);
    return std::binary_search(ids.begin(), ids.end(), id);
  };
  for (const auto& plan : data.plans)
    for (const auto& s : plan.sections)
      for (const auto& k : s.kpis)
        if (in(k.lead) || (with_support && in(k.support))) out.push_back({&plan, &s, &k});
  return out;
}

Scorecard agency_scorecard(const Dataset& data, std::string_view agency, const Date& as_of) {
  Scorecard sc;
  for (const KpiRef& r : kpis_of_agency(data, agency)) {
    const ResultSet* rs = data.results_for(r.plan->id);
    sc.add(evaluate(*r.kpi, results_of(rs, r.kpi->id, agency), as_of, {}, r.plan->from, r.plan->to).status);
  }
  return sc;
}

std::vector<int> competition_ranks(const std::vector<double>& scores, bool higher_is_better) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  auto better = [&](std::size_t a, std::size_t b) {
    return higher_is_better ? scores[a] > scores[b] : scores[a] < scores[b];
  };
  std::stable_sort(order.begin(), order.end(), better);
  std::vector<int> ranks(scores.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    bool tie = k > 0 && scores[order[k]] == scores[order[k - 1]];
    ranks[order[k]] = tie ? ranks[order[k - 1]] : static_cast<int>(k) + 1;
  }
  return ranks;
}

const IndexGroup* group_for(const Index& index, double score) {
  for (const auto& g : index.groups) {
    if (!g.min && !g.max) continue;
    if ((!g.min || score >= *g.min - kEps) && (!g.max || score <= *g.max + kEps)) return &g;
  }
  return nullptr;
}

const Ranking* previous_ranking(const Dataset& data, const Ranking& ranking) {
  const Ranking* best = nullptr;
  for (const auto& r : data.rankings)
    if (r.index == ranking.index && r.scope == ranking.scope && r.year < ranking.year && (!best || r.year > best->year))
      best = &r;
  return best;
}

RankChange rank_change(const RankingEntry& entry, const Ranking* previous) {
  RankChange c;
  if (!previous) return c;
  c.previous_year = previous->year;
  c.previous_units = previous->units();
  const RankingEntry* p = previous->entry(entry.agency);
  if (!p) {
    c.trend = Trend::new_entry;
    return c;
  }
  if (p->rank > 0) c.previous_rank = p->rank;
  c.previous_score = p->score;
  if (entry.score && p->score) c.score_delta = *entry.score - *p->score;
  if (entry.rank > 0 && p->rank > 0) {
    c.rank_delta = p->rank - entry.rank;
    c.trend = *c.rank_delta > 0 ? Trend::up : *c.rank_delta < 0 ? Trend::down : Trend::same;
  }
  return c;
}

std::optional<Spread> spread(const Ranking& ranking, bool higher_is_better) {
  std::vector<double> v;
  for (const auto& e : ranking.entries)
    if (e.score) v.push_back(*e.score);
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  Spread s;
  s.count = static_cast<int>(v.size());
  s.best = higher_is_better ? v.back() : v.front();
  s.worst = higher_is_better ? v.front() : v.back();
  std::size_t n = v.size();
  s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  s.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(n);
  return s;
}

}  // namespace mb::data
