// Agencies: /co-quan/ (grouped by kind, Vietnamese order) and /co-quan/<id>/
// (rankings history, KPIs led with their status, KPIs supported, news).
#include <algorithm>
#include <memory>
#include <set>

#include "base/parallel.hpp"
#include "base/text.hpp"
#include "site/views_common.hpp"

namespace mb::site::dv {

namespace {

// Display order of the kinds on the agencies page.
constexpr data::AgencyKind kKindOrder[] = {data::AgencyKind::province, data::AgencyKind::department,
                                           data::AgencyKind::commune, data::AgencyKind::other,
                                           data::AgencyKind::ministry};

struct KpiLink {
  const data::Plan* plan;
  const data::Section* section;
  const data::Kpi* kpi;
  std::string via;  ///< group token when the agency is included through a group, else ""
};

// What the agency profiles read besides the model: kept until they are
// rendered (each profile is built when its page is rendered, a lazy job).
struct AgencyIndex {
  std::map<std::string, std::vector<KpiLink>> leads, supports;  // agency id → KPIs led, supported
  std::map<std::string, Value> news;                            // agency id → news naming it
  std::map<std::string, std::set<std::string>> ranked_in;       // agency id → ranking indices
  std::map<std::string, std::vector<const data::Agency*>> children;  // sorted by name
  std::string title, list_url;                                  // of /co-quan/
};

template <class Map>
const typename Map::mapped_type& entry_in(const Map& map, const std::string& key) {
  static const typename Map::mapped_type none{};
  auto it = map.find(key);
  return it == map.end() ? none : it->second;
}

Value agency_profile(const Ctx& c, const AgencyIndex& ix, const data::Agency& a);

}  // namespace

void plan_agencies(Ctx& c, Diagnostics& diags) {
  const auto& d = c.data;
  auto index = std::make_shared<AgencyIndex>();
  AgencyIndex& ix = *index;
  ix.title = c.ui("nav.agencies");
  ix.list_url = c.url(c.paths.agencies + "/");
  const std::string& title = ix.title;
  auto& leads = ix.leads;
  auto& supports = ix.supports;
  auto& news = ix.news;
  auto& ranked_in = ix.ranked_in;
  auto& children = ix.children;

  // who leads and supports what (group tokens expanded within the issuer's province)
  for (const auto& p : d.plans) {
    std::string province = c.province_of(p.issuer);
    for (const auto& s : p.sections)
      for (const auto& k : s.kpis) {
        std::set<std::string> direct_lead(k.lead.begin(), k.lead.end());
        std::string lead_group, support_group;
        for (const auto& t : k.lead)
          if (data::is_group_token(t)) lead_group = t;
        for (const auto& t : k.support)
          if (data::is_group_token(t)) support_group = t;
        auto lead_ids = c.expand(k.lead, province);
        for (const auto& id : lead_ids) leads[id].push_back({&p, &s, &k, direct_lead.count(id) ? "" : lead_group});
        std::set<std::string> led(lead_ids.begin(), lead_ids.end());
        std::set<std::string> direct_support(k.support.begin(), k.support.end());
        for (const auto& id : c.expand(k.support, province))
          if (!led.count(id)) supports[id].push_back({&p, &s, &k, direct_support.count(id) ? "" : support_group});
      }
  }
  // news that name an agency (front matter `agencies:`), newest first as in site.pages
  if (const Value* pages = c.site.model.find("pages"))
    for (const auto& pg : pages->items())
      if (const Value* ids = pg.find("agencies"))
        for (const auto& id : ids->items()) {
          Value& l = news[id.as_string()];
          if (l.is_undefined()) l = Value::list();
          l.push(pg);
        }
  // rankings each agency appears in, by index
  for (const auto& r : d.rankings)
    for (const auto& e : r.entries) ranked_in[e.agency].insert(r.index);
  // children
  for (const auto& a : d.agencies)
    if (!a.parent.empty()) children[a.parent].push_back(&a);
  auto by_name = [](const data::Agency* a, const data::Agency* b) {
    int cmp = text::vi_compare(a->name, b->name);
    return cmp != 0 ? cmp < 0 : a->id < b->id;
  };

  // the list, grouped by kind
  Value groups = Value::list();
  for (auto kind : kKindOrder) {
    std::vector<const data::Agency*> members;
    for (const auto& a : d.agencies)
      if (a.kind == kind) members.push_back(&a);
    if (members.empty()) continue;
    std::sort(members.begin(), members.end(), by_name);
    Value g = Value::dict();
    g.set("key", Value(data::to_string(kind)));
    g.set("anchor", Value(std::string("nhom-") + data::to_string(kind)));
    Value items = Value::list();
    for (const data::Agency* a : members) {
      Value e = Value::dict();
      e.set("agency", c.agency(a->id));
      e.set("leads", Value(static_cast<unsigned long>(leads[a->id].size())));
      e.set("indices", Value(static_cast<unsigned long>(ranked_in[a->id].size())));
      items.push(std::move(e));
    }
    g.set("agencies", std::move(items));
    groups.push(std::move(g));
  }
  Value lp = page_base(c, title, c.paths.agencies + "/", c.ui("agencies.description"), "agencies");
  lp.set("groups", groups);
  add_job(c, c.paths.agencies + "/", {"agencies/list.html"}, lp, "data/agencies.json", diags);

  Value by_id = Value::dict();
  for (const auto& [id, ref] : c.agencies) by_id.set(id, ref);
  c.site.model.set("agencies_by_id", by_id);

  // profiles: each built when its page is rendered, from the finished model and `index`
  for (auto& [parent, ch] : children) std::sort(ch.begin(), ch.end(), by_name);
  for (const auto& a : d.agencies) {
    const Ctx* cp = &c;
    add_lazy_job(c, c.paths.agencies + "/" + a.id + "/", {"agencies/id/" + a.id + ".html", "agencies/single.html"},
                 [cp, index, &a] { return agency_profile(*cp, *index, a); }, a.origin.path, diags);
  }
}

namespace {

Value agency_profile(const Ctx& c, const AgencyIndex& agencies, const data::Agency& a) {
  const auto& d = c.data;
  std::string rel = c.paths.agencies + "/" + a.id + "/";
  Value av = c.agency(a.id);
  av.set("parent", a.parent.empty() ? Value::none() : c.agency(a.parent));
  av.set("website", a.url.empty() ? Value::none() : Value(a.url));
  Value aliases = Value::list();
  for (const auto& al : a.aliases) aliases.push(Value(al));
  av.set("aliases", std::move(aliases));
  Value kids = Value::list();
  for (const data::Agency* k : entry_in(agencies.children, a.id)) kids.push(c.agency(k->id));
  av.set("children", std::move(kids));

  bool illustrative = false;
  Value rankings = Value::list();
  for (const auto& index_id : entry_in(agencies.ranked_in, a.id)) {
    const data::Index* ix = d.index(index_id);
    if (!ix) continue;
    auto rs = d.rankings_of(index_id);
    std::sort(rs.begin(), rs.end(), [](const data::Ranking* x, const data::Ranking* y) { return x->year < y->year; });
    for (const data::Ranking* r : rs)
      if (r->entry(a.id)) illustrative = illustrative || r->illustrative;
    Value t = agency_trend(c, *ix, rs, a.id, "xh-" + index_id);
    t.set("index", c.indices.at(index_id));
    rankings.push(std::move(t));
  }

  data::Scorecard sc;
  Value lead_rows = Value::list();
  for (const auto& l : entry_in(agencies.leads, a.id)) {
    const data::ResultSet* rs = d.results_for(l.plan->id);
    illustrative = illustrative || l.plan->illustrative || (rs && rs->illustrative);
    auto results = data::results_of(rs, l.kpi->id, a.id);
    data::Evaluation ev = data::evaluate(*l.kpi, results, c.as_of, {}, l.plan->from, l.plan->to);
    sc.add(ev.status);
    Value row = Value::dict();
    row.set("plan", c.plans.at(l.plan->id));
    row.set("kpi", c.kpi_rows.at(l.plan->id + '\x1f' + l.kpi->id));
    row.set("status", status_value(ev.status, ev.late));
    Value latest = Value::none();
    if (ev.result) {
      latest = Value::dict();
      latest.set("period", Value(period_text(c, ev.result->period)));
      if (ev.result->number) latest.set("value", Value(*ev.result->number));
      else if (ev.result->done) latest.set("value", Value(*ev.result->done));
      else latest.set("value", Value::none());
      std::string unit = l.kpi->target.unit;
      latest.set("text", Value(ev.result->number ? num_text(*ev.result->number) + (unit.empty() ? "" : unit == "%" ? "%" : " " + unit)
                               : ev.result->done ? c.ui(*ev.result->done ? "result.done" : "result.not_done")
                                                 : std::string()));
    }
    row.set("latest", latest);
    row.set("via", l.via.empty() ? Value::none() : Value(c.ui("group." + l.via.substr(1))));
    lead_rows.push(std::move(row));
  }
  Value support_rows = Value::list();
  for (const auto& l : entry_in(agencies.supports, a.id)) {
    Value row = Value::dict();
    row.set("plan", c.plans.at(l.plan->id));
    row.set("kpi", c.kpi_rows.at(l.plan->id + '\x1f' + l.kpi->id));
    row.set("via", l.via.empty() ? Value::none() : Value(c.ui("group." + l.via.substr(1))));
    support_rows.push(std::move(row));
  }
  Value issued = Value::list();
  for (const auto& p : d.plans)
    if (p.issuer == a.id) issued.push(c.plans.at(p.id));

  Value page = page_base(c, a.name, rel, a.name + ": " + c.ui("agencies.profile_description"), "agency");
  page.set("illustrative", Value(illustrative));
  page.set("agency", av);
  page.set("rankings", rankings);
  page.set("leads", lead_rows);
  page.set("supports", support_rows);
  page.set("scorecard", scorecard_value(c, sc, "tien-do-" + a.id, a.short_name.empty() ? a.name : a.short_name));
  page.set("plans", issued);
  const Value& mine = entry_in(agencies.news, a.id);
  page.set("news", mine.is_undefined() ? Value::list() : mine);
  page.set("feed_url", Value(c.url(rel + "feed.xml")));
  add_crumb(page, agencies.title, agencies.list_url);
  add_feed(page, c.ui("feed.agency") + " " + (a.short_name.empty() ? a.name : a.short_name), c.url(rel + "feed.xml"));
  return page;
}

}  // namespace

}  // namespace mb::site::dv
