// Rankings: /xep-hang/ (every index), /xep-hang/<index>/ (trend and every
// year), /xep-hang/<index>/<year>/ (league table).
#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "base/text.hpp"
#include "charts/charts.hpp"
#include "site/views_common.hpp"

namespace mb::site::dv {

namespace {

Value change_value(const data::RankChange& ch) {
  Value v = Value::dict();
  v.set("trend", Value(data::to_string(ch.trend)));
  v.set("rank_delta", opt(ch.rank_delta));
  v.set("score_delta", opt(ch.score_delta));
  v.set("previous_rank", opt(ch.previous_rank));
  v.set("previous_score", opt(ch.previous_score));
  v.set("previous_year", ch.previous_year ? Value(ch.previous_year) : Value::none());
  v.set("previous_units", ch.previous_units ? Value(ch.previous_units) : Value::none());
  return v;
}

std::string group_name(const data::Index& ix, const std::string& id) {
  if (id.empty()) return {};
  const data::IndexGroup* g = ix.group(id);
  return g && !g->name.empty() ? g->name : id;
}


// The league table of one ranking, shared by its page, the index page and the home page.
Value ranking_view(Ctx& c, const data::Ranking& r, const data::Index& ix) {
  const data::Ranking* prev = data::previous_ranking(c.data, r);
  Value v = Value::dict();
  v.set("index", c.indices.at(ix.id));
  v.set("year", Value(r.year));
  v.set("url", Value(c.url(ranking_rel(c, r))));
  v.set("scope", Value(data::to_string(r.scope)));
  v.set("published", date_value(r.published));
  v.set("units", Value(r.units()));
  v.set("count", Value(static_cast<unsigned long>(r.entries.size())));
  v.set("partial", Value(static_cast<int>(r.entries.size()) < r.units()));
  v.set("illustrative", Value(r.illustrative));
  v.set("source", source_value(r.source));
  v.set("previous_year", prev ? Value(prev->year) : Value::none());

  Value comps = Value::list();
  for (const auto& k : ix.components) {
    Value e = Value::dict();
    e.set("id", Value(k.id));
    e.set("name", Value(k.name));
    e.set("max", opt(k.max));
    comps.push(std::move(e));
  }
  bool has_scores = false, has_ranks = false, has_groups = false, has_components = false, has_notes = false,
       has_change = prev != nullptr;
  std::map<std::string, int> kinds;
  Value entries = Value::list();
  entries.reserve(r.entries.size());
  charts::BarChart bars;
  bars.id = "bieu-do-" + r.index + "-" + std::to_string(r.year);
  bars.max = ix.max;
  bars.decimals = 2;
  for (const auto& e : r.entries) {
    const data::Agency* a = c.data.agency(e.agency);
    std::string kind = a ? data::to_string(a->kind) : "other";
    ++kinds[kind];
    Value ev = Value::dict();
    ev.set("rank", e.rank > 0 ? Value(e.rank) : Value::none());
    ev.set("agency", c.agency(e.agency));
    ev.set("kind", Value(kind));
    ev.set("score", opt(e.score));
    std::string g = group_name(ix, e.group);
    ev.set("group", g.empty() ? Value::none() : Value(g));
    Value cv = Value::list();
    for (const auto& k : ix.components) {
      auto it = e.components.find(k.id);
      cv.push(it == e.components.end() ? Value::none() : Value(it->second));
      if (it != e.components.end()) has_components = true;
    }
    ev.set("components", std::move(cv));
    ev.set("change", change_value(data::rank_change(e, prev)));
    ev.set("note", Value(e.note));
    ev.set("home", Value(!c.home_province.empty() && e.agency == c.home_province));
    has_scores = has_scores || e.score.has_value();
    has_ranks = has_ranks || e.rank > 0;
    has_groups = has_groups || !g.empty();
    has_notes = has_notes || !e.note.empty();
    if (e.score) {
      std::string name = a ? (a->short_name.empty() ? a->name : a->short_name) : e.agency;
      bars.bars.push_back({(e.rank > 0 ? std::to_string(e.rank) + ". " : "") + name, *e.score,
                           charts::vi_number(*e.score, 2, true), e.agency == c.home_province && r.entries.size() > 1});
    }
    entries.push(std::move(ev));
  }
  v.set("entries", std::move(entries));
  v.set("components", has_components ? comps : Value::list());
  v.set("has_scores", Value(has_scores));
  v.set("has_ranks", Value(has_ranks));
  v.set("has_groups", Value(has_groups));
  v.set("has_change", Value(has_change));
  v.set("has_notes", Value(has_notes));
  Value kind_list = Value::list();
  if (kinds.size() > 1)
    for (const auto& [k, n] : kinds) {
      Value e = Value::dict();
      e.set("key", Value(k));
      e.set("count", Value(n));
      kind_list.push(std::move(e));
    }
  v.set("kinds", std::move(kind_list));

  auto sp = data::spread(r, ix.higher_is_better);
  if (sp && sp->count > 1) {
    Value s = Value::dict();
    s.set("count", Value(sp->count));
    s.set("best", Value(sp->best));
    s.set("worst", Value(sp->worst));
    s.set("median", Value(sp->median));
    s.set("mean", Value(sp->mean));
    s.set("range", Value(sp->best - sp->worst));
    v.set("spread", std::move(s));
  } else {
    v.set("spread", Value::none());
  }
  if (bars.bars.size() > 1) {
    std::string name = ix.short_name.empty() ? ix.name : ix.short_name;
    bars.title = c.ui("chart.scores_of") + " " + name + " " + std::to_string(r.year);
    bars.desc = c.ui("chart.bar_desc") + " " + num_text(ix.max) + " " + ix.unit + ".";
    v.set("chart", Value::safe(charts::bar_chart(bars)));
  } else {
    v.set("chart", Value::none());
  }
  return v;
}

// Scores are drawn up to the index's maximum and from a round number below
// the lowest score, so small changes are not blown up.
void score_domain(charts::LineChart& lc, const data::Index& ix) {
  bool any = false;
  double lo = 0;
  for (const auto& s : lc.series)
    for (const auto& p : s.points) lo = any ? std::min(lo, p.y) : p.y, any = true;
  if (!any) return;
  double step = ix.max >= 50 ? 10 : ix.max >= 10 ? 2 : 1;
  lc.y_min = std::max(0.0, std::floor((lo - step / 2) / step) * step);
  lc.y_max = std::max(ix.max, lo);
}

}  // namespace

std::string ranking_rel(const Ctx& c, const data::Ranking& r) {
  return c.paths.rankings + "/" + r.index + "/" + std::to_string(r.year) + "/";
}

Value agency_trend(const Ctx& c, const data::Index& ix, const std::vector<const data::Ranking*>& rs, const std::string& agency,
                   const std::string& chart_prefix) {
  Value rows = Value::list();
  charts::LineSeries scores{c.agency(agency).find("short_name")->as_string(), {}};
  charts::LineSeries ranks = scores;
  int max_units = 0;
  for (const data::Ranking* r : rs) {
    const data::RankingEntry* e = r->entry(agency);
    if (!e) continue;
    Value row = Value::dict();
    row.set("year", Value(r->year));
    row.set("url", Value(c.url(ranking_rel(c, *r))));
    row.set("score", opt(e->score));
    row.set("rank", e->rank > 0 ? Value(e->rank) : Value::none());
    row.set("units", Value(r->units()));
    std::string g = group_name(ix, e->group);
    row.set("group", g.empty() ? Value::none() : Value(g));
    row.set("change", change_value(data::rank_change(*e, data::previous_ranking(c.data, *r))));
    row.set("illustrative", Value(r->illustrative));
    rows.push(std::move(row));
    if (e->score) scores.points.push_back({r->year, *e->score, ""});
    if (e->rank > 0) {
      ranks.points.push_back({r->year, static_cast<double>(e->rank), std::to_string(e->rank)});
      max_units = std::max(max_units, r->units());
    }
  }
  Value t = Value::dict();
  t.set("agency", c.agency(agency));
  t.set("rows", rows);
  std::string name = ix.short_name.empty() ? ix.name : ix.short_name;
  std::string who = scores.name;
  if (scores.points.size() > 1) {
    charts::LineChart lc;
    lc.id = chart_prefix + "-diem";
    lc.title = c.ui("chart.score_trend") + " " + name + " – " + who;
    lc.desc = c.ui("chart.score_trend_desc");
    lc.y_label = c.ui("chart.score_axis") + " (" + ix.unit + ")";
    lc.series = {scores};
    score_domain(lc, ix);
    t.set("score_chart", Value::safe(charts::line_chart(lc)));
  } else {
    t.set("score_chart", Value::none());
  }
  if (ranks.points.size() > 1) {
    charts::LineChart lc;
    lc.id = chart_prefix + "-hang";
    lc.title = c.ui("chart.rank_trend") + " " + name + " – " + who;
    lc.desc = c.ui("chart.rank_trend_desc");
    lc.y_label = c.ui("chart.rank_axis");
    lc.inverted = true;
    lc.y_max = max_units;
    lc.series = {ranks};
    t.set("rank_chart", Value::safe(charts::line_chart(lc)));
  } else {
    t.set("rank_chart", Value::none());
  }
  return t;
}

void plan_rankings(Ctx& c, Diagnostics& diags) {
  const auto& d = c.data;
  std::string rankings_title = c.ui("nav.rankings");
  Value index_list = Value::list();
  std::vector<std::pair<std::tuple<int, int, std::string>, Value>> listed;
  for (const auto& ix : d.indices) {
    auto rs = d.rankings_of(ix.id);
    std::sort(rs.begin(), rs.end(), [](const data::Ranking* a, const data::Ranking* b) { return a->year < b->year; });
    std::string name = ix.short_name.empty() ? ix.name : ix.short_name;
    std::string index_rel = c.paths.rankings + "/" + ix.id + "/";
    for (const data::Ranking* r : rs) c.rankings[r] = ranking_view(c, *r, ix);
    auto link = [&](const data::Ranking* o) {
      if (!o) return Value::none();
      Value l = Value::dict();
      l.set("year", Value(o->year));
      l.set("url", Value(c.url(ranking_rel(c, *o))));
      return l;
    };
    for (std::size_t i = 0; i < rs.size(); ++i) {
      Value& rv = c.rankings[rs[i]];
      rv.set("prev", link(i > 0 ? rs[i - 1] : nullptr));
      rv.set("next", link(i + 1 < rs.size() ? rs[i + 1] : nullptr));
    }
    Value views = Value::list();
    for (const data::Ranking* r : rs) views.push(c.rankings[r]);

    // the index in full
    Value iv = c.indices.at(ix.id);
    iv.set("description", Value(ix.description));
    Value comps = Value::list();
    for (const auto& k : ix.components) {
      Value e = Value::dict();
      e.set("id", Value(k.id));
      e.set("name", Value(k.name));
      e.set("max", opt(k.max));
      comps.push(std::move(e));
    }
    iv.set("components", std::move(comps));
    Value groups = Value::list();
    for (const auto& g : ix.groups) {
      Value e = Value::dict();
      e.set("id", Value(g.id));
      e.set("name", Value(g.name));
      e.set("min", opt(g.min));
      e.set("max", opt(g.max));
      groups.push(std::move(e));
    }
    iv.set("groups", std::move(groups));

    // trends: the site's province (or the only agency ranked), and the spread of scores
    std::set<std::string> agencies;
    std::size_t most = 0;
    for (const data::Ranking* r : rs) {
      most = std::max(most, r->entries.size());
      for (const auto& e : r->entries) agencies.insert(e.agency);
    }
    std::string focus;
    if (!c.home_province.empty() && agencies.count(c.home_province)) focus = c.home_province;
    else if (agencies.size() == 1) focus = *agencies.begin();
    Value trend = focus.empty() ? Value::none() : agency_trend(c, ix, rs, focus, "xu-huong-" + ix.id);

    Value spread_rows = Value::list();
    charts::LineSeries best{c.ui("spread.best"), {}}, median{c.ui("spread.median"), {}}, worst{c.ui("spread.worst"), {}};
    for (const data::Ranking* r : rs) {
      auto sp = data::spread(*r, ix.higher_is_better);
      if (!sp || sp->count < 2) continue;
      Value row = Value::dict();
      row.set("year", Value(r->year));
      row.set("url", Value(c.url(ranking_rel(c, *r))));
      row.set("count", Value(sp->count));
      row.set("best", Value(sp->best));
      row.set("median", Value(sp->median));
      row.set("worst", Value(sp->worst));
      row.set("mean", Value(sp->mean));
      spread_rows.push(std::move(row));
      best.points.push_back({r->year, sp->best, ""});
      median.points.push_back({r->year, sp->median, ""});
      worst.points.push_back({r->year, sp->worst, ""});
    }
    Value spread = Value::none();
    if (spread_rows.size() > 0) {
      spread = Value::dict();
      spread.set("rows", spread_rows);
      charts::LineChart lc;
      lc.id = "pho-diem-" + ix.id;
      lc.title = c.ui("chart.spread_trend") + " " + name;
      lc.desc = c.ui("chart.spread_trend_desc");
      lc.y_label = c.ui("chart.score_axis") + " (" + ix.unit + ")";
      lc.series = {best, median, worst};
      score_domain(lc, ix);
      spread.set("chart", Value::safe(charts::line_chart(lc)));
    }

    // every year side by side: one row per agency, one column per year
    Value matrix = Value::none();
    if (most > 1) {
      matrix = Value::dict();
      Value years = Value::list();
      for (const data::Ranking* r : rs) {
        Value y = Value::dict();
        y.set("year", Value(r->year));
        y.set("url", Value(c.url(ranking_rel(c, *r))));
        years.push(std::move(y));
      }
      matrix.set("years", years);
      std::vector<std::pair<std::tuple<int, std::string>, Value>> rows;
      for (const auto& id : agencies) {
        Value row = Value::dict();
        row.set("agency", c.agency(id));
        Value cells = Value::list();
        int last_rank = 1 << 30;
        for (const data::Ranking* r : rs) {
          const data::RankingEntry* e = r->entry(id);
          if (!e) {
            cells.push(Value::none());
            continue;
          }
          Value cell = Value::dict();
          cell.set("rank", e->rank > 0 ? Value(e->rank) : Value::none());
          cell.set("score", opt(e->score));
          cells.push(std::move(cell));
          last_rank = e->rank > 0 ? e->rank : (1 << 29);
        }
        // agencies absent from the latest ranking go last
        if (!rs.empty() && !rs.back()->entry(id)) last_rank = 1 << 30;
        row.set("cells", std::move(cells));
        const data::Agency* a = d.agency(id);
        rows.push_back({{last_rank, text::vi_sort_key(a ? a->name : id)}, std::move(row)});
      }
      std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      Value list = Value::list();
      for (auto& r : rows) list.push(std::move(r.second));
      matrix.set("rows", std::move(list));
    }

    bool illustrative = false;
    for (const data::Ranking* r : rs) illustrative = illustrative || r->illustrative;
    Value page = page_base(c, ix.name, index_rel, short_description(ix.description), "index");
    page.set("illustrative", Value(illustrative));
    page.set("index", iv);
    page.set("rankings", views);
    page.set("trend", trend);
    page.set("spread", spread);
    page.set("matrix", matrix);
    add_crumb(page, rankings_title, c.url(c.paths.rankings + "/"));
    add_feed(page, c.ui("feed.index") + " " + name, c.url(index_rel + "feed.xml"));
    add_job(c, index_rel, {"rankings/id/" + ix.id + ".html", "rankings/index.html"}, page, ix.origin.path, diags);

    // league tables
    for (std::size_t i = 0; i < rs.size(); ++i) {
      const data::Ranking& r = *rs[i];
      std::string rel = ranking_rel(c, r);
      std::string title = name + " " + std::to_string(r.year);
      Value lp = page_base(c, title, rel,
                           c.ui("rankings.table_description") + " " + ix.name + " " + std::to_string(r.year) + ".", "ranking");
      lp.set("illustrative", Value(r.illustrative));
      lp.set("index", iv);
      lp.set("ranking", c.rankings[rs[i]]);
      lp.set("trend", trend);
      add_crumb(lp, rankings_title, c.url(c.paths.rankings + "/"));
      add_crumb(lp, name, c.url(index_rel));
      add_feed(lp, c.ui("feed.index") + " " + name, c.url(index_rel + "feed.xml"));
      add_job(c, rel, {"rankings/id/" + ix.id + "-table.html", "rankings/table.html"}, lp, r.origin.path, diags);
    }

    Value entry = iv;
    entry.set("rankings", views);
    entry.set("trend", trend);
    // the latest ranking's leader, for indices that rank many units
    Value leader = Value::none();
    if (!rs.empty() && rs.back()->entries.size() > 1) {
      const auto& first = rs.back()->entries.front();
      leader = Value::dict();
      leader.set("year", Value(rs.back()->year));
      leader.set("url", Value(c.url(ranking_rel(c, *rs.back()))));
      leader.set("agency", c.agency(first.agency));
      leader.set("score", opt(first.score));
      leader.set("count", Value(static_cast<unsigned long>(rs.back()->entries.size())));
      leader.set("scope", Value(data::to_string(rs.back()->scope)));
    }
    entry.set("leader", leader);
    // provinces first (the indices the public knows), then by number of years
    bool provinces = rs.empty();
    for (const data::Ranking* r : rs) provinces = provinces || r->scope == data::Scope::provinces;
    listed.push_back({{provinces ? 0 : 1, -static_cast<int>(rs.size()), ix.id}, std::move(entry)});
  }
  std::sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& e : listed) index_list.push(std::move(e.second));
  c.site.model.set("indices", index_list);

  Value page = page_base(c, rankings_title, c.paths.rankings + "/", c.ui("rankings.description"), "rankings");
  bool illustrative = false;
  for (const auto& r : d.rankings) illustrative = illustrative || r.illustrative;
  page.set("illustrative", Value(illustrative));
  page.set("indices", index_list);
  add_job(c, c.paths.rankings + "/", {"rankings/list.html"}, page, "data/rankings", diags);
}

}  // namespace mb::site::dv
