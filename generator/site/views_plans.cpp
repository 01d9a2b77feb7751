// Plans: /ke-hoach/ (every plan), /ke-hoach/<id>/ (sections and KPI tables),
// /ke-hoach/<id>/<kpi>/ (one KPI: target, results, status, child plans).
#include <algorithm>
#include <cmath>
#include <ranges>

#include "base/parallel.hpp"
#include "base/text.hpp"
#include "charts/charts.hpp"
#include "site/views_common.hpp"

namespace mb::site::dv {

namespace {

std::string plan_rel(const Ctx& c, const data::Plan& p) { return c.paths.plans + "/" + p.id + "/"; }

// Values repeated across the KPIs of one plan, made once and shared: the lead
// and support lists, ids and words (a national site holds 200,000 KPI rows).
struct Shared {
  std::map<std::vector<std::string>, Value> parties;
  std::map<std::string, Value, std::less<>> strings;
  Value str(std::string s) {
    auto it = strings.find(s);
    if (it == strings.end()) it = strings.emplace(s, Value(s)).first;
    return it->second;
  }
};

Value party_list(const Ctx& c, const std::vector<std::string>& ids);

Value shared_party_list(const Ctx& c, const std::vector<std::string>& ids, Shared* shared) {
  if (!shared) return party_list(c, ids);
  auto it = shared->parties.find(ids);
  if (it == shared->parties.end()) it = shared->parties.emplace(ids, party_list(c, ids)).first;
  return it->second;
}

Value party_list(const Ctx& c, const std::vector<std::string>& ids) {
  Value out = Value::list();
  for (const auto& id : ids) {
    Value e = Value::dict();
    if (data::is_group_token(id)) {
      e.set("name", Value(c.ui("group." + id.substr(1))));
      e.set("url", Value::none());
      e.set("group", Value(true));
    } else {
      Value a = c.agency(id);
      e.set("name", *a.find("short_name"));
      e.set("url", *a.find("url"));
      e.set("group", Value(false));
    }
    out.push(std::move(e));
  }
  return out;
}

std::string unit_suffix(const std::string& unit) {
  if (unit.empty()) return "";
  return unit == "%" ? "%" : " " + unit;
}

// {value (number/bool), text, period, period_text, reported, source, note}
Value result_value(const Ctx& c, const data::Kpi& k, const data::Result& r, Shared* shared = nullptr) {
  auto str = [shared](std::string t) { return shared ? shared->str(std::move(t)) : Value(std::move(t)); };
  Value v = Value::dict();
  v.reserve(10);
  std::string text;
  if (r.number) {
    v.set("value", Value(*r.number));
    text = num_text(*r.number) + unit_suffix(k.target.unit);
  } else if (r.done) {
    v.set("value", Value(*r.done));
    text = c.ui(*r.done ? "result.done" : "result.not_done");
  } else {
    v.set("value", Value::none());
  }
  v.set("text", Value(text));
  v.set("period", str(r.period.str()));
  v.set("period_text", str(period_text(c, r.period)));
  v.set("reported", shared && !r.reported.empty() ? str(r.reported.str()) : date_value(r.reported));
  v.set("source", Value(r.source));
  v.set("note", Value(r.note));
  v.set("agency", r.agency.empty() ? Value::none() : c.agency(r.agency));
  return v;
}

// Status and latest result of a KPI for one agency ("" = as a whole).
Value evaluation_value(const Ctx& c, const data::Plan& p, const data::Kpi& k, const data::ResultSet* rs,
                       const std::string& agency, Shared* shared = nullptr) {
  auto results = data::results_of(rs, k.id, agency);
  data::Evaluation ev = data::evaluate(k, results, c.as_of, {}, p.from, p.to);
  Value v = Value::dict();
  v.reserve(6);
  v.set("status", status_value(ev.status, ev.late));
  v.set("latest", ev.result ? result_value(c, k, *ev.result, shared) : Value::none());
  v.set("deadline", shared && !ev.deadline.empty() ? shared->str(ev.deadline.str()) : date_value(ev.deadline));
  v.set("period", !ev.period ? Value::none() : shared ? shared->str(period_text(c, *ev.period)) : Value(period_text(c, *ev.period)));
  v.set("baseline", opt(ev.baseline));
  return v;
}

}  // namespace

Value kpi_ref(const Ctx& c, const data::Plan& p, const data::Section& s, const data::Kpi& k, Shared& shared) {
  Value v = Value::dict();
  v.reserve(18);  // and the evaluation's 5 entries (plan_plans)
  v.set("id", Value(k.id));
  v.set("slug", Value(c.kpi_slug(p.id, k.id)));
  v.set("url", Value(c.kpi_url(p.id, k.id)));
  v.set("title", Value(k.title));
  v.set("plan_id", shared.str(p.id));
  v.set("section_id", shared.str(s.id));
  v.set("target", shared.str(target_text(k.target)));
  v.set("target_op", shared.str(data::to_string(k.target.op)));
  v.set("due", shared.str(due_text(c, k.due)));
  v.set("due_kind", shared.str(data::to_string(k.due.kind)));
  v.set("lead", shared_party_list(c, k.lead, &shared));
  v.set("support", shared_party_list(c, k.support, &shared));
  v.set("note", Value(k.note));
  return v;
}

namespace {

// The page of one KPI: target, results and their chart, status of each lead
// agency, the KPIs it implements and that implement it. Built at render time
// (a lazy job): it reads only the finished Ctx and the data.
Value kpi_page(const Ctx& c, const data::Plan& p, const data::Section& s, const data::Kpi& k) {
  const auto& d = c.data;
  const data::ResultSet* rs = d.results_for(p.id);
  std::string rel = plan_rel(c, p);
  std::string krel = rel + c.kpi_slug(p.id, k.id) + "/";
  std::string plans_title = c.ui("nav.plans");
  std::string plans_url = c.url(c.paths.plans + "/");
  const data::Plan* parent = p.parent.empty() ? nullptr : d.plan(p.parent);
  auto children = c.children_of(p.id);
  std::string province = c.province_of(p.issuer);
  Value kv = c.kpi_row(p.id, k.id);
  // the target in detail
  Value target = Value::dict();
  target.set("text", Value(target_text(k.target)));
  target.set("op", Value(data::to_string(k.target.op)));
  target.set("value", opt(k.target.value));
  target.set("min", opt(k.target.min));
  target.set("max", opt(k.target.max));
  target.set("unit", Value(k.target.unit));
  target.set("baseline_year", opt(k.target.baseline_year));
  target.set("of", opt(k.target.of));
  kv.set("target_detail", std::move(target));

  Value implements = Value::none();
  if (parent && !k.implements.empty())
    if (auto it = c.kpi_rows.find(parent->id + '\x1f' + k.implements); it != c.kpi_rows.end()) {
      implements = Value::dict();
      implements.set("plan", c.plans.at(parent->id));
      implements.set("kpi", it->second);
    }
  Value in_children = Value::list();
  for (const data::Plan* ch : children)
    for (const auto& cs : ch->sections)
      for (const auto& ck : cs.kpis)
        if (ck.implements == k.id) {
          Value e = Value::dict();
          e.set("plan", c.plans.at(ch->id));
          e.set("kpi", c.kpi_row(ch->id, ck.id));
          in_children.push(std::move(e));
        }

  // every result reported, and the chart of the numeric ones
  Value results = Value::list();
  charts::LineSeries series{c.ui("kpi.results"), {}};
  std::map<int, std::string> x_labels;
  bool one_agency = true;
  std::string first_agency;
  bool first = true;
  if (rs) {
    // sorted results: this KPI's are one run
    auto lo = rs->results.begin(), hi = rs->results.end();
    if (rs->sorted) {
      auto kpi_less = [](const data::Result& r, const std::string& id) { return r.kpi < id; };
      lo = std::lower_bound(lo, hi, k.id, kpi_less);
      hi = std::upper_bound(lo, hi, k.id, [](const std::string& id, const data::Result& r) { return id < r.kpi; });
    }
    for (const auto& r : std::ranges::subrange(lo, hi)) {
      if (r.kpi != k.id) continue;
      if (first) first_agency = r.agency, first = false;
      else if (r.agency != first_agency) one_agency = false;
      Value rv = result_value(c, k, r);
      std::optional<bool> ok = data::meets(k.target, r);
      rv.set("meets", ok ? Value(*ok) : Value::none());
      results.push(std::move(rv));
    }
  }
  if (rs && one_agency)
    for (const data::Result* r : data::results_of(rs, k.id, first_agency)) {
      if (!r->number) continue;
      int x = r->period.kind == data::Period::Kind::year ? r->period.year * 4 + 4
              : r->period.kind == data::Period::Kind::quarter ? r->period.year * 4 + r->period.part
                                                               : r->period.year * 4 + r->period.part * 2;
      x_labels[x] = period_text(c, r->period);
      series.points.push_back({x, *r->number, num_text(*r->number) + unit_suffix(k.target.unit)});
    }
  Value chart = Value::none();
  if (!series.points.empty()) {
    charts::LineChart lc;
    lc.id = "bieu-do-ket-qua";
    lc.title = c.ui("kpi.results_chart") + " " + k.id;
    lc.desc = c.ui("kpi.results_chart_desc");
    lc.y_label = k.target.unit.empty() ? c.ui("kpi.value") : c.ui("kpi.value") + " (" + k.target.unit + ")";
    lc.series = {series};
    lc.x_labels = x_labels;
    lc.inverted = k.target.op == data::TargetOp::rank;
    std::optional<double> goal = k.target.op == data::TargetOp::range || k.target.op == data::TargetOp::rank
                                     ? k.target.max
                                     : k.target.value;
    if (goal && k.target.op != data::TargetOp::reduce && k.target.op != data::TargetOp::done) {
      lc.target = goal;
      lc.target_label = c.ui("kpi.target") + " " + target_text(k.target, true);
    }
    chart = Value::safe(charts::line_chart(lc));
  }

  // status of each lead agency when the KPI is led by several (or a group)
  Value per_agency = Value::list();
  auto leads = c.expand(k.lead, province);
  if (leads.size() > 1)
    for (const auto& a : leads) {
      Value e = evaluation_value(c, p, k, rs, a);
      e.set("agency", c.agency(a));
      per_agency.push(std::move(e));
    }

  Value page = page_base(c, k.id + ". " + k.title, krel,
                         short_description(k.title) + " (" + plan_label(c, p) + ")", "kpi");
  page.set("title", Value(c.ui("kpi.kpi") + " " + k.id + " – " + plan_label(c, p)));
  page.set("illustrative", Value(p.illustrative || (rs && rs->illustrative)));
  page.set("plan", c.plans.at(p.id));
  Value sec = Value::dict();
  sec.set("id", Value(s.id));
  sec.set("title", Value(s.title));
  sec.set("url", Value(c.url(rel) + "#muc-" + (text::slugify(s.id).empty() ? std::string("x") : text::slugify(s.id))));
  page.set("section", std::move(sec));
  page.set("kpi", kv);
  page.set("implements", implements);
  page.set("in_children", in_children);
  page.set("results", results);
  page.set("chart", chart);
  page.set("per_agency", per_agency);
  add_crumb(page, plans_title, plans_url);
  add_crumb(page, plan_label(c, p), c.url(rel));
  add_feed(page, c.ui("feed.plan") + " " + plan_label(c, p), c.url(rel + "feed.xml"));
  return page;
}

}  // namespace

void plan_plans(Ctx& c, Diagnostics& diags) {
  const auto& d = c.data;
  std::string plans_title = c.ui("nav.plans");
  std::string plans_url = c.url(c.paths.plans + "/");

  // KPI references and the rows of the plan tables (shared with agency pages)
  std::map<std::string, Value> rows;  // "plan\x1fkpi" → row (kpi ref + overall evaluation), then c.kpi_rows
  {
    std::vector<std::vector<std::pair<std::string, Value>>> per_plan(d.plans.size());  // built in parallel
    parallel_for(d.plans.size(), c.site.threads, [&](std::size_t i) {
      const data::Plan& p = d.plans[i];
      const data::ResultSet* rs = d.results_for(p.id);
      Shared shared;
      for (const auto& s : p.sections)
        for (const auto& k : s.kpis) {
          Value row = kpi_ref(c, p, s, k, shared);
          Value ev = evaluation_value(c, p, k, rs, data::overall_agency(k), &shared);
          ev.for_each([&](const std::string& key, const Value& val) { row.set(key, val); });
          per_plan[i].emplace_back(p.id + '\x1f' + k.id, std::move(row));
        }
    });
    for (auto& list : per_plan)
      for (auto& [key, row] : list) rows[key] = std::move(row);
  }
  c.kpi_rows = std::move(rows);

  std::vector<const data::Plan*> order;
  for (const auto& p : d.plans) order.push_back(&p);
  std::sort(order.begin(), order.end(), [](const data::Plan* a, const data::Plan* b) {
    if (a->from != b->from) return a->from > b->from;
    if (a->issued != b->issued) return a->issued > b->issued;
    return a->id < b->id;
  });
  Value list = Value::list();
  for (const data::Plan* p : order) {
    Value ref = c.plans.at(p->id);
    ref.set("parent", p->parent.empty() || !c.plans.count(p->parent) ? Value::none() : c.plans.at(p->parent));
    list.push(std::move(ref));
  }
  c.site.model.set("plans", list);

  // plan pages: built in parallel (they only read what is above), their jobs added in order
  std::vector<Value> pages(d.plans.size());
  parallel_for(d.plans.size(), c.site.threads, [&](std::size_t i) {
    const data::Plan& p = d.plans[i];
    const data::ResultSet* rs = d.results_for(p.id);
    std::string rel = plan_rel(c, p);
    Value pv = c.plans.at(p.id);
    pv.set("summary", Value(p.summary));
    pv.set("source", source_value(p.source));
    Value notes = Value::list();
    for (const auto& n : p.notes) notes.push(Value(n));
    pv.set("notes", std::move(notes));
    pv.set("parent", p.parent.empty() || !c.plans.count(p.parent) ? Value::none() : c.plans.at(p.parent));
    Value children = Value::list();
    for (const data::Plan* ch : c.children_of(p.id)) children.push(c.plans.at(ch->id));
    pv.set("children", children);
    Value sections = Value::list();
    for (const auto& s : p.sections) {
      Value sv = Value::dict();
      sv.set("id", Value(s.id));
      sv.set("anchor", Value("muc-" + (text::slugify(s.id).empty() ? std::string("x") : text::slugify(s.id))));
      sv.set("title", Value(s.title));
      sv.set("note", Value(s.note));
      sv.set("progress", scorecard_value(c, data::section_scorecard(p, s, rs, c.as_of),
                                         "tien-do-" + p.id + "-" + text::slugify(s.id), plan_label(c, p) + " " + s.id));
      Value kpis = Value::list();
      for (const auto& k : s.kpis) kpis.push(c.kpi_row(p.id, k.id));
      sv.set("kpis", std::move(kpis));
      sections.push(std::move(sv));
    }
    pv.set("sections", sections);

    Value page = page_base(c, p.title, rel, short_description(p.summary.empty() ? p.title : p.summary), "plan");
    page.set("illustrative", Value(p.illustrative || (rs && rs->illustrative)));
    page.set("plan", pv);
    add_crumb(page, plans_title, plans_url);
    add_feed(page, c.ui("feed.plan") + " " + plan_label(c, p), c.url(rel + "feed.xml"));
    pages[i] = std::move(page);
  });
  for (std::size_t i = 0; i < d.plans.size(); ++i) {
    const data::Plan& p = d.plans[i];
    std::string rel = plan_rel(c, p);
    add_job(c, rel, {"plans/id/" + p.id + ".html", "plans/single.html"}, pages[i], p.origin.path, diags);
    pages[i] = Value();

    // KPI pages: built when rendered, so the views of every KPI page are never held at once
    for (const auto& s : p.sections)
      for (const auto& k : s.kpis) {
        std::string krel = rel + c.kpi_slug(p.id, k.id) + "/";
        const Ctx* cp = &c;
        add_lazy_job(c, krel, {"plans/kpi.html"}, [cp, &p, &s, &k] { return kpi_page(*cp, p, s, k); },
                     k.origin.path.empty() ? p.origin.path : k.origin.path, diags);
      }
  }

  Value page = page_base(c, plans_title, c.paths.plans + "/", c.ui("plans.description"), "plans");
  bool illustrative = false;
  for (const auto& p : d.plans) {
    const data::ResultSet* rs = d.results_for(p.id);
    illustrative = illustrative || p.illustrative || (rs && rs->illustrative);
  }
  page.set("illustrative", Value(illustrative));
  page.set("plans", list);
  add_job(c, c.paths.plans + "/", {"plans/list.html"}, page, "data/plans", diags);
}

}  // namespace mb::site::dv
