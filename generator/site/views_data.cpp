// Data pages: rankings, agencies, plans, KPIs, search and the home page's
// headline figures (see issue 5). The parts live in views_rankings.cpp,
// views_plans.cpp and views_agencies.cpp; this file runs them in order and
// adds search and the home page.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "base/parallel.hpp"
#include "base/text.hpp"
#include "charts/charts.hpp"
#include "feeds/json_writer.hpp"
#include "site/views.hpp"
#include "site/views_common.hpp"

namespace mb::site {

namespace dv {

namespace {

std::string param_string(const Site& site, std::initializer_list<const char*> path) {
  const nlohmann::ordered_json* j = &site.config.params;
  for (const char* k : path) {
    if (!j->is_object() || !j->contains(k)) return {};
    j = &(*j)[k];
  }
  return j->is_string() ? j->get<std::string>() : std::string();
}

// The province the site is about: params.province, else the province ranked most often.
std::string find_home_province(const Site& site) {
  std::string p = param_string(site, {"province"});
  if (!p.empty()) return p;
  std::map<std::string, int> counts;
  for (const auto& r : site.data.rankings)
    for (const auto& e : r.entries) {
      const data::Agency* a = site.data.agency(e.agency);
      if (a && a->kind == data::AgencyKind::province) ++counts[a->id];
    }
  std::string best;
  int n = 0;
  for (const auto& [id, k] : counts)
    if (k > n) best = id, n = k;
  if (best.empty())
    for (const auto& a : site.data.agencies)
      if (a.kind == data::AgencyKind::province) return a.id;
  return best;
}

}  // namespace

void plan_search(Ctx& c, Diagnostics& diags) {
  const auto& d = c.data;
  struct Entry {
    std::string title, url, kind, detail, extra;
  };
  std::vector<Entry> entries;
  auto add = [&](const std::string& title, const std::string& url, const std::string& kind, const std::string& detail,
                 const std::string& extra) { entries.push_back({title, url, kind, detail, extra}); };
  std::vector<const data::Agency*> agencies;
  for (const auto& a : d.agencies) agencies.push_back(&a);
  std::sort(agencies.begin(), agencies.end(), [](const data::Agency* a, const data::Agency* b) {
    int cmp = text::vi_compare(a->name, b->name);
    return cmp != 0 ? cmp < 0 : a->id < b->id;
  });
  for (const data::Agency* a : agencies) {
    std::string extra = a->short_name + " " + a->id;
    for (const auto& al : a->aliases) extra += " " + al;
    add(a->name, c.agency(a->id).find("url")->as_string(), c.ui("search.agency"),
        c.ui(std::string("kind.") + data::to_string(a->kind)), extra);
  }
  for (const auto& ix : d.indices)
    add(ix.name, c.indices.at(ix.id).find("url")->as_string(), c.ui("search.index"), ix.short_name, ix.id);
  for (const auto& p : d.plans)
    add((p.number.empty() ? "" : p.number + " – ") + p.title, c.plans.at(p.id).find("url")->as_string(),
        c.ui("search.plan"), "", p.id);
  for (const auto& p : d.plans)
    for (const auto& s : p.sections)
      for (const auto& k : s.kpis)
        add(k.id + ". " + k.title, c.kpi_url(p.id, k.id), c.ui("search.kpi"), plan_label(c, p), "");
  if (const Value* pages = c.site.model.find("pages")) {
    // news: one entry per page, read from its view on every core (a view is
    // a few cache misses away: 50,000 of them took a core 60 ms)
    const auto& items = pages->items();
    const std::string kind = c.ui("search.news");
    const std::size_t first = entries.size();
    entries.resize(first + items.size());
    parallel_for(items.size(), c.site.threads, [&](std::size_t k) {
      const Value& pg = items[k];
      Entry& e = entries[first + k];
      if (const Value* date = pg.find("date"); date && date->is_string() && date->as_string().size() >= 10) {
        const std::string& s = date->as_string();
        e.detail = s.substr(8, 2) + "/" + s.substr(5, 2) + "/" + s.substr(0, 4);
      }
      e.title = pg.find("title")->as_string();
      e.url = pg.find("url")->as_string();
      e.kind = kind;
      if (const Value* summary = pg.find("summary")) e.extra = summary->as_string();
    });
  }
  // folding (NFD, marks removed) and quoting are the costly parts: done in
  // parallel, a block at a time, then joined in order; each entry is freed
  // once written, so the index (200,000 entries on a national site) is held
  // about once, as text
  auto quoted = [](std::string& out, const std::string& text) { feeds::append_json_string(out, text); };
  std::string json = "[";
  const std::size_t block = 4096;
  std::vector<std::string> pieces;
  for (std::size_t start = 0; start < entries.size(); start += block) {
    std::size_t n = std::min(block, entries.size() - start);
    pieces.assign(n, std::string());
    parallel_for(n, c.site.threads, [&](std::size_t i) {
      Entry e = std::move(entries[start + i]);
      std::string& out = pieces[i];
      std::string folded = text::fold(e.title + " " + e.extra + " " + e.detail);
      out += "{\"t\":";
      quoted(out, e.title);
      out += ",\"u\":";
      quoted(out, e.url);
      out += ",\"k\":";
      quoted(out, e.kind);
      if (!e.detail.empty()) {
        out += ",\"d\":";
        quoted(out, e.detail);
      }
      out += ",\"f\":";
      quoted(out, folded);
      out += '}';
    });
    for (std::size_t i = 0; i < n; ++i) {
      if (start + i > 0) json += ',';
      json += pieces[i];
    }
  }
  json += "]\n";
  const std::size_t count = entries.size();
  entries = {};
  std::string rel = c.paths.search + "/";
  Value index_page = page_base(c, c.ui("nav.search"), rel + "index.json", "", "search-index");
  index_page.set("json", Value::safe(std::move(json)));
  add_job(c, rel, {"search/index.json"}, index_page, "search", diags, "index.json");

  Value page = page_base(c, c.ui("nav.search"), rel, c.ui("search.description"), "search");
  page.set("index_url", Value(c.url(rel + "index.json")));
  page.set("count", Value(static_cast<unsigned long>(count)));
  add_job(c, rel, {"search/list.html"}, page, "search", diags);
}

void plan_home(Ctx& c) {
  const auto& d = c.data;
  Value home = Value::dict();
  // headline indices: those that rank provinces (or have no ranking yet), most years first
  std::vector<std::pair<int, const data::Index*>> order;
  for (const auto& ix : d.indices) {
    auto rs = d.rankings_of(ix.id);
    bool provinces = rs.empty();
    for (const data::Ranking* r : rs) provinces = provinces || r->scope == data::Scope::provinces;
    if (provinces) order.push_back({-static_cast<int>(rs.size()), &ix});
  }
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
  });
  Value headline = Value::list();
  for (const auto& [n, ix] : order) {
    Value h = Value::dict();
    h.set("index", c.indices.at(ix->id));
    const data::Ranking* latest = nullptr;
    for (const data::Ranking* r : d.rankings_of(ix->id))
      if (r->entry(c.home_province) && (!latest || r->year > latest->year)) latest = r;
    h.set("ranking", latest ? c.rankings.at(latest) : Value::none());
    Value entry = Value::none();
    if (latest)
      for (const auto& e : c.rankings.at(latest).find("entries")->items())
        if (e.find("agency")->find("id")->as_string() == c.home_province) entry = e;
    h.set("entry", entry);
    headline.push(std::move(h));
  }
  home.set("province", c.home_province.empty() ? Value::none() : c.agency(c.home_province));
  home.set("headline", headline);

  // plan progress at a glance: every plan in force on as_of, else every plan
  data::Scorecard all;
  int in_force = 0;
  for (const auto& p : d.plans)
    if (p.from <= c.as_of.y && c.as_of.y <= p.to) ++in_force;
  Value plans = Value::list();
  bool illustrative = false;
  for (const auto& p : d.plans) {
    if (in_force > 0 && !(p.from <= c.as_of.y && c.as_of.y <= p.to)) continue;
    const data::ResultSet* rs = d.results_for(p.id);
    all.add(data::plan_scorecard(p, rs, c.as_of));
    illustrative = illustrative || p.illustrative || (rs && rs->illustrative);
    plans.push(c.plans.at(p.id));
  }
  home.set("plans", plans);
  home.set("progress", scorecard_value(c, all, "tien-do-tong", c.ui("home.plans_in_force")));
  bool headline_illustrative = false;
  for (const auto& h : headline.items())
    if (const Value* r = h.find("ranking"); r && r->is_dict()) headline_illustrative |= r->find("illustrative")->as_bool();
  home.set("illustrative", Value(illustrative || headline_illustrative));
  c.site.model.set("home", home);
}

}  // namespace dv

void plan_data(Site& site, Diagnostics& diags) {
  auto owned = std::make_shared<dv::Ctx>(site);  // kept by the site: lazy jobs read it while rendering
  site.views = owned;
  dv::Ctx& c = *owned;
  if (auto d = data::parse_date(site.as_of)) c.as_of = *d;
  auto path = [&](const char* key, std::string& out) {
    std::string v = dv::param_string(site, {"paths", key});
    while (!v.empty() && v.front() == '/') v.erase(0, 1);
    while (!v.empty() && v.back() == '/') v.pop_back();
    if (!v.empty()) out = v;
  };
  path("rankings", c.paths.rankings);
  path("agencies", c.paths.agencies);
  path("plans", c.paths.plans);
  path("search", c.paths.search);
  path("open_data", c.paths.open_data);
  c.home_province = dv::find_home_province(site);

  Value links = Value::dict();
  links.set("home", Value(site.url("")));
  links.set("rankings", Value(site.url(c.paths.rankings + "/")));
  links.set("agencies", Value(site.url(c.paths.agencies + "/")));
  links.set("plans", Value(site.url(c.paths.plans + "/")));
  links.set("search", Value(site.url(c.paths.search + "/")));
  links.set("search_index", Value(site.url(c.paths.search + "/index.json")));
  links.set("open_data", Value(site.url(c.paths.open_data + "/")));
  links.set("feed", Value(site.url("feed.xml")));
  links.set("feeds", Value(site.url("nguon-tin/")));  // directory of every feed (publication record step)
  site.model.set("links", links);

  dv::build_refs(c);
  dv::plan_rankings(c, diags);
  dv::plan_plans(c, diags);
  dv::plan_agencies(c, diags);
  dv::plan_search(c, diags);
  dv::plan_home(c);

  // every job (content pages included) sees the finished site value
  for (auto& job : site.jobs) job.context.set("site", site.model);
}

}  // namespace mb::site
