// KPI status rules (docs/computations.md, "KPI status").
#include <catch2/catch.hpp>

#include "data/compute.hpp"

using namespace mb::data;

namespace {
Date D(const char* s) { return *parse_date(s); }

Kpi kpi(TargetOp op, std::optional<double> value, Due due) {
  Kpi k;
  k.id = "K";
  k.lead = {"so-noi-vu"};
  k.target.op = op;
  k.target.value = value;
  k.due = due;
  return k;
}
Due by_date(const char* s) { return {DueKind::date, D(s), 0, ""}; }
Due by_year(int y) { return {DueKind::year, {}, y, ""}; }
Due every(DueKind k) { return {k, {}, 0, ""}; }

Result num(const char* period, double v, const char* reported = "") {
  Result r;
  r.kpi = "K";
  r.agency = "so-noi-vu";
  r.period = *parse_period(period);
  r.number = v;
  if (*reported) r.reported = D(reported);
  return r;
}
Result flag(const char* period, bool v, const char* reported = "") {
  Result r = num(period, 0, reported);
  r.number.reset();
  r.done = v;
  return r;
}
Status status(const Kpi& k, const std::vector<Result>& rs, const char* as_of) {
  std::vector<const Result*> p;
  for (const auto& r : rs) p.push_back(&r);
  return evaluate(k, p, D(as_of)).status;
}
}  // namespace

TEST_CASE("each comparison op judges a result", "[data][status]") {
  Result r = num("2026", 95);
  Target t;
  t.value = 95;
  t.op = TargetOp::ge; CHECK(meets(t, r) == true);
  t.op = TargetOp::le; CHECK(meets(t, r) == true);
  t.op = TargetOp::eq; CHECK(meets(t, r) == true);
  t.op = TargetOp::gt; CHECK(meets(t, r) == false);
  t.op = TargetOp::lt; CHECK(meets(t, r) == false);
  t.value = 96;
  t.op = TargetOp::ge; CHECK(meets(t, r) == false);
  t.op = TargetOp::le; CHECK(meets(t, r) == true);
  t.op = TargetOp::eq; CHECK(meets(t, r) == false);
  t.op = TargetOp::lt; CHECK(meets(t, r) == true);
  t.value = 94;
  t.op = TargetOp::gt; CHECK(meets(t, r) == true);
  t.op = TargetOp::count; t.value = 95; CHECK(meets(t, r) == true);
  t.value = 96; CHECK(meets(t, r) == false);
}

TEST_CASE("range includes both bounds", "[data][status]") {
  Target t;
  t.op = TargetOp::range;
  t.min = 25;
  t.max = 35;
  CHECK(meets(t, num("2026", 25)) == true);
  CHECK(meets(t, num("2026", 35)) == true);
  CHECK(meets(t, num("2026", 30)) == true);
  CHECK(meets(t, num("2026", 24.9)) == false);
  CHECK(meets(t, num("2026", 35.1)) == false);
}

TEST_CASE("rank targets are met at or above the worst rank allowed", "[data][status]") {
  Target t;
  t.op = TargetOp::rank;
  t.min = 15;
  t.max = 20;
  t.of = 34;
  CHECK(meets(t, num("2030", 20)) == true);
  CHECK(meets(t, num("2030", 15)) == true);
  CHECK(meets(t, num("2030", 3)) == true);  // better than the range is still met
  CHECK(meets(t, num("2030", 21)) == false);
}

TEST_CASE("reduce compares with the baseline", "[data][status]") {
  Target t;
  t.op = TargetOp::reduce;
  t.value = 50;
  t.unit = "%";
  t.baseline_year = t.baseline_to = 2024;
  CHECK(meets(t, num("2026", 60), 120.0) == true);   // 120 → 60 is −50%
  CHECK(meets(t, num("2026", 61), 120.0) == false);
  CHECK_FALSE(meets(t, num("2026", 60)).has_value());  // no baseline: cannot tell
  t.unit = "ngày";
  t.value = 5;  // reduce by 5 units
  CHECK(meets(t, num("2026", 15), 20.0) == true);
  CHECK(meets(t, num("2026", 16), 20.0) == false);

  Kpi k = kpi(TargetOp::reduce, 50, by_year(2030));
  k.target.unit = "%";
  k.target.baseline_year = k.target.baseline_to = 2024;
  std::vector<Result> rs = {num("2024", 120), num("2030", 55)};
  std::vector<const Result*> p = {&rs[0], &rs[1]};
  Evaluation ev = evaluate(k, p, D("2031-06-01"));
  CHECK(ev.status == Status::met);
  REQUIRE(ev.baseline);
  CHECK(*ev.baseline == 120);
  // the baseline result is missing: no data
  std::vector<const Result*> only = {&rs[1]};
  CHECK(evaluate(k, only, D("2031-06-01")).status == Status::no_data);
  // a baseline figure in the target is used as is
  k.target.baseline_value = 100;
  CHECK(evaluate(k, only, D("2031-06-01")).status == Status::not_met);
  // a baseline period without a figure: cannot tell
  k.target.baseline_value.reset();
  k.target.baseline_year = 2021;
  k.target.baseline_to = 2025;
  CHECK(evaluate(k, p, D("2031-06-01")).status == Status::no_data);
}

TEST_CASE("done targets take true or false", "[data][status]") {
  Target t;
  t.op = TargetOp::done;
  CHECK(meets(t, flag("2026", true)) == true);
  CHECK(meets(t, flag("2026", false)) == false);
  CHECK_FALSE(meets(t, num("2026", 1)).has_value());
  t.op = TargetOp::ge;
  t.value = 1;
  CHECK_FALSE(meets(t, flag("2026", true)).has_value());
}

TEST_CASE("text-only targets are never evaluated", "[data][status]") {
  Kpi k = kpi(TargetOp::text, std::nullopt, by_date("2026-01-15"));
  CHECK(status(k, {}, "2027-01-01") == Status::not_evaluable);
  CHECK(status(k, {num("2026", 100)}, "2027-01-01") == Status::not_evaluable);
}

TEST_CASE("a dated KPI: in progress, met, not met, overdue", "[data][status]") {
  Kpi k = kpi(TargetOp::ge, 100, by_date("2026-01-15"));
  // nothing reported, deadline ahead (the deadline day itself is not passed)
  CHECK(status(k, {}, "2026-01-01") == Status::in_progress);
  CHECK(status(k, {}, "2026-01-15") == Status::in_progress);
  // nothing reported, deadline passed
  CHECK(status(k, {}, "2026-01-16") == Status::overdue);
  // reported and met, before or after the deadline
  CHECK(status(k, {num("2025", 100, "2026-01-10")}, "2026-01-12") == Status::met);
  CHECK(status(k, {num("2025", 100, "2026-01-10")}, "2026-02-01") == Status::met);
  // reported, not met: in progress until the deadline, then not met
  CHECK(status(k, {num("2025", 90, "2026-01-10")}, "2026-01-12") == Status::in_progress);
  CHECK(status(k, {num("2025", 90, "2026-01-10")}, "2026-01-16") == Status::not_met);
  // a result reported after the as-of date is not known yet
  CHECK(status(k, {num("2025", 100, "2026-01-20")}, "2026-01-18") == Status::overdue);
}

TEST_CASE("met late is flagged", "[data][status]") {
  Kpi k = kpi(TargetOp::ge, 100, by_date("2026-01-15"));
  std::vector<Result> rs = {num("2026-Q1", 100, "2026-02-01")};
  std::vector<const Result*> p = {&rs[0]};
  Evaluation ev = evaluate(k, p, D("2026-03-01"));
  CHECK(ev.status == Status::met);
  CHECK(ev.late);
  CHECK(ev.result == &rs[0]);
}

TEST_CASE("the latest known result decides", "[data][status]") {
  Kpi k = kpi(TargetOp::ge, 95, by_year(2030));
  std::vector<Result> rs = {num("2026", 96, "2027-01-10"), num("2027", 90, "2028-01-10")};
  CHECK(status(k, rs, "2027-06-01") == Status::met);          // only 2026 known
  CHECK(status(k, rs, "2028-06-01") == Status::in_progress);  // 2027 is below, deadline ahead
  CHECK(status(k, rs, "2031-01-01") == Status::not_met);
  // without a reported date a result is known once its period has ended
  CHECK(status(k, {num("2026", 96)}, "2026-12-31") == Status::met);
  CHECK(status(k, {num("2026", 96)}, "2026-12-30") == Status::in_progress);
}

TEST_CASE("a year deadline ends on 31 December", "[data][status]") {
  Kpi k = kpi(TargetOp::ge, 95, by_year(2026));
  CHECK(status(k, {}, "2026-12-31") == Status::in_progress);
  CHECK(status(k, {}, "2027-01-01") == Status::overdue);
}

TEST_CASE("yearly KPIs are judged per year", "[data][status]") {
  Kpi k = kpi(TargetOp::ge, 100, every(DueKind::yearly));
  std::vector<Result> rs = {num("2025", 100, "2026-01-05"), num("2026-H1", 80, "2026-07-10")};
  std::vector<const Result*> p = {&rs[0], &rs[1]};
  // default period: the last year that has ended
  Evaluation ev = evaluate(k, p, D("2026-09-01"));
  REQUIRE(ev.period);
  CHECK(ev.period->str() == "2025");
  CHECK(ev.status == Status::met);
  // the current year: H1 below target, year not over
  ev = evaluate(k, p, D("2026-09-01"), Period{2026, Period::Kind::year, 0});
  CHECK(ev.status == Status::in_progress);
  CHECK(ev.deadline == D("2026-12-31"));
  // the year is over and only H1 was reported, below target
  CHECK(evaluate(k, p, D("2027-02-01"), Period{2026, Period::Kind::year, 0}).status == Status::not_met);
  // nothing reported for a year that is over
  CHECK(evaluate(k, p, D("2028-02-01"), Period{2027, Period::Kind::year, 0}).status == Status::overdue);
}

TEST_CASE("the default period stays within the plan", "[data][status]") {
  Kpi k = kpi(TargetOp::ge, 100, every(DueKind::yearly));
  // before the plan's first year has ended: the current (first) year
  Evaluation ev = evaluate(k, {}, D("2026-03-01"), std::nullopt, 2026, 2030);
  CHECK(ev.period->str() == "2026");
  CHECK(ev.status == Status::in_progress);
  // before the plan starts: its first year
  CHECK(evaluate(k, {}, D("2025-03-01"), std::nullopt, 2026, 2030).period->str() == "2026");
  // after the plan: its last year
  CHECK(evaluate(k, {}, D("2035-03-01"), std::nullopt, 2026, 2030).period->str() == "2030");
}

TEST_CASE("quarterly KPIs are judged per quarter", "[data][status]") {
  Kpi k = kpi(TargetOp::done, std::nullopt, every(DueKind::quarterly));
  std::vector<Result> rs = {flag("2026-Q1", true, "2026-03-31")};
  std::vector<const Result*> p = {&rs[0]};
  Evaluation ev = evaluate(k, p, D("2026-05-10"));
  CHECK(ev.period->str() == "2026-Q1");
  CHECK(ev.status == Status::met);
  ev = evaluate(k, p, D("2026-07-10"));
  CHECK(ev.period->str() == "2026-Q2");
  CHECK(ev.status == Status::overdue);
  // January: the last quarter of the year before
  CHECK(evaluate(k, p, D("2027-01-10")).period->str() == "2026-Q4");
  // the current quarter
  CHECK(evaluate(k, p, D("2026-05-10"), Period{2026, Period::Kind::quarter, 2}).status == Status::in_progress);
}

TEST_CASE("ongoing and text-only due dates never become overdue", "[data][status]") {
  for (DueKind kind : {DueKind::ongoing, DueKind::text}) {
    Kpi k = kpi(TargetOp::ge, 100, every(kind));
    CHECK(status(k, {}, "2030-01-01") == Status::no_data);
    CHECK(status(k, {num("2026", 100)}, "2030-01-01") == Status::met);
    CHECK(status(k, {num("2026", 90)}, "2030-01-01") == Status::not_met);
  }
}

TEST_CASE("a result of the wrong kind gives no data", "[data][status]") {
  Kpi k = kpi(TargetOp::ge, 100, by_year(2026));
  CHECK(status(k, {flag("2026", true)}, "2027-06-01") == Status::no_data);
}

TEST_CASE("latest_result prefers the latest period, then the latest report", "[data][status]") {
  std::vector<Result> rs = {num("2026", 1, "2027-01-05"), num("2026-Q4", 2, "2027-01-02"), num("2026", 3, "2027-02-01"),
                            num("2025", 4, "2027-03-01")};
  std::vector<const Result*> p;
  for (auto& r : rs) p.push_back(&r);
  CHECK(latest_result(p, D("2027-01-03")) == &rs[1]);
  CHECK(latest_result(p, D("2027-01-06")) == &rs[0]);
  CHECK(latest_result(p, D("2027-06-01")) == &rs[2]);
  CHECK(latest_result(p, D("2026-06-01")) == nullptr);
}

TEST_CASE("scorecards count statuses", "[data][status]") {
  Dataset ds;
  Agency snv{"so-noi-vu", "Sở Nội vụ", "Sở Nội vụ", AgencyKind::department, "", "", {}, {}};
  Agency stc{"so-tai-chinh", "Sở Tài chính", "Sở Tài chính", AgencyKind::department, "", "", {}, {}};
  Agency xa{"xa-nam-dan", "Xã Năm Dẫn", "Xã Năm Dẫn", AgencyKind::commune, "", "", {}, {}};
  ds.agencies = {snv, stc, xa};
  Plan p;
  p.id = "p";
  p.from = 2025;
  p.to = 2030;
  Section s1, s2;
  s1.id = "I";
  s2.id = "II";
  Kpi a = kpi(TargetOp::ge, 100, by_date("2026-01-15"));  // met (so-noi-vu)
  a.id = "I.1";
  Kpi b = kpi(TargetOp::ge, 100, by_date("2026-01-15"));  // overdue
  b.id = "I.2";
  Kpi c = kpi(TargetOp::text, std::nullopt, by_year(2030));  // not evaluable
  c.id = "II.1";
  Kpi d = kpi(TargetOp::done, std::nullopt, by_year(2030));  // @departments: in progress as a whole
  d.id = "II.2";
  d.lead = {"@departments"};
  s1.kpis = {a, b};
  s2.kpis = {c, d};
  p.sections = {s1, s2};
  ds.plans = {p};
  ResultSet rs;
  rs.plan = "p";
  Result r1 = num("2025", 100, "2026-01-10");
  r1.kpi = "I.1";
  Result r2 = flag("2026", true, "2026-02-01");  // so-tai-chinh's own result for II.2
  r2.kpi = "II.2";
  r2.agency = "so-tai-chinh";
  rs.results = {r1, r2};
  ds.results = {rs};
  ds.finish();
  Date as_of = D("2026-03-01");

  Scorecard sc1 = section_scorecard(ds.plans[0], ds.plans[0].sections[0], ds.results_for("p"), as_of);
  CHECK(sc1.total == 2);
  CHECK(sc1.met == 1);
  CHECK(sc1.overdue == 1);
  CHECK(sc1.evaluable() == 2);
  Scorecard sp = plan_scorecard(ds.plans[0], ds.results_for("p"), as_of);
  CHECK(sp.total == 4);
  CHECK(sp.met == 1);
  CHECK(sp.overdue == 1);
  CHECK(sp.not_evaluable == 1);
  CHECK(sp.in_progress == 1);
  CHECK(sp.evaluable() == 3);
  // agencies: so-noi-vu leads I.1, I.2, II.1 and (as a department) II.2
  Scorecard snv_sc = agency_scorecard(ds, "so-noi-vu", as_of);
  CHECK(snv_sc.total == 4);
  CHECK(snv_sc.met == 1);
  CHECK(snv_sc.in_progress == 1);
  Scorecard stc_sc = agency_scorecard(ds, "so-tai-chinh", as_of);
  CHECK(stc_sc.total == 1);
  CHECK(stc_sc.met == 1);
  CHECK(agency_scorecard(ds, "xa-nam-dan", as_of).total == 0);
  auto led = kpis_of_agency(ds, "so-tai-chinh");
  REQUIRE(led.size() == 1);
  CHECK(led[0].kpi->id == "II.2");
  CHECK(led[0].section->id == "II");
  CHECK(led[0].plan->id == "p");
  CHECK(kpis_of_agency(ds, "so-noi-vu").size() == 4);
}

TEST_CASE("status names", "[data][status]") {
  CHECK(std::string(to_string(Status::met)) == "met");
  CHECK(std::string(to_string(Status::not_met)) == "not_met");
  CHECK(std::string(to_string(Status::in_progress)) == "in_progress");
  CHECK(std::string(to_string(Status::overdue)) == "overdue");
  CHECK(std::string(to_string(Status::no_data)) == "no_data");
  CHECK(std::string(to_string(Status::not_evaluable)) == "not_evaluable");
}
