// Shared pieces of the data pages (internal to the site module): the view
// context that holds every reference value built once (agencies, plans,
// indices, rankings), page skeletons and job creation.
//
// Rule: a value shown on many pages (an agency's name and link, a plan's
// reference, a league table) is built once here and shared by copy (copies of
// mb::Value share storage); no page deep-copies a site-wide list.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/compute.hpp"
#include "data/model.hpp"
#include "site/site.hpp"
#include "value/value.hpp"

namespace mb::site::dv {

/// URL folders of the data pages (site.yaml `params.paths` may rename them).
struct Paths {
  std::string rankings = "xep-hang";
  std::string agencies = "co-quan";
  std::string plans = "ke-hoach";
  std::string search = "tim-kiem";
  std::string open_data = "du-lieu";
};

struct Ctx {
  Site& site;
  const data::Dataset& data;
  data::Date as_of;
  Paths paths;
  std::string home_province;  ///< agency id of the site's province ("tuyen-quang"), may be ""

  std::map<std::string, Value, std::less<>> agencies;  ///< id → agency reference
  std::map<std::string, Value, std::less<>> plans;     ///< id → plan reference
  std::map<std::string, Value, std::less<>> indices;   ///< id → index reference
  std::map<const data::Ranking*, Value> rankings;       ///< league table views
  std::map<std::string, std::string, std::less<>> kpi_slugs;  ///< "plan\x1fkpi" → slug
  std::map<std::string, Value> kpi_rows;  ///< "plan\x1fkpi" → KPI reference with its overall status
  /// Indices built by build_refs, so that a page view never scans every plan or agency
  /// (a national site renders ~200,000 pages, each of which would).
  std::map<std::string, std::vector<const data::Plan*>, std::less<>> children;  ///< plan id → child plans, in data order
  std::map<std::string, std::string, std::less<>> provinces;  ///< agency id → province_of
  struct Members {
    std::vector<std::string> departments, communes;  ///< sorted by id
  };
  std::map<std::string, Members, std::less<>> members;  ///< province id → its departments and communes

  Ctx(Site& s) : site(s), data(s.data) {}

  /// UI string from i18n (the key itself when missing).
  std::string ui(std::string_view key) const;
  /// "/xep-hang/par-index/" under the base path.
  std::string url(std::string_view rel) const { return site.url(rel); }
  /// The reference of an agency, or a stand-in {id, name: id, url: none}.
  Value agency(std::string_view id) const;
  /// The province an agency belongs to (itself for a province), or "".
  std::string province_of(std::string_view id) const;
  /// Agency ids a lead/support list stands for: group tokens expanded to the
  /// departments/communes of `province` (all provinces when "").
  std::vector<std::string> expand(const std::vector<std::string>& ids, std::string_view province) const;
  /// Data::children_of: the plans whose parent is `plan`, in data order.
  const std::vector<const data::Plan*>& children_of(std::string_view plan) const;
  /// The URL slug of a KPI within its plan ("I.1" → "i-1").
  const std::string& kpi_slug(std::string_view plan, std::string_view kpi) const;
  /// The KPI reference with its overall status (kpi_rows); undefined when absent.
  Value kpi_row(std::string_view plan, std::string_view kpi) const;
  std::string kpi_url(std::string_view plan, std::string_view kpi) const;
};

/// A page skeleton: title, kind, url, permalink, description, breadcrumbs,
/// feeds (alternate links), illustrative flag and empty content/summary.
Value page_base(const Ctx& c, std::string title, std::string_view rel, std::string description, std::string kind);
/// Appends {title, url} to page.breadcrumbs.
void add_crumb(Value& page, std::string title, std::string url);
/// Appends an alternate feed link {title, url} to page.feeds.
void add_feed(Value& page, std::string title, std::string url);
/// Queues `<rel>index.html` rendered with the first existing layout.
void add_job(Ctx& c, std::string_view rel, const std::vector<std::string>& layouts, const Value& page,
             const std::string& origin, Diagnostics& diags, std::string_view file = "index.html");

/// Queues `<rel>index.html` whose page value `page()` builds at render time,
/// on a worker thread: `page` may only read the finished Ctx and the data
/// (the Ctx lives as long as the Site). The page has no date for the sitemap.
void add_lazy_job(Ctx& c, std::string_view rel, const std::vector<std::string>& layouts, std::function<Value()> page,
                  const std::string& origin, Diagnostics& diags);

/// Optional values: none when absent.
Value opt(const std::optional<double>& v);
Value opt(const std::optional<int>& v);
/// "2025-12-30" or none.
Value date_value(const data::Date& d);
/// {name, url} of a source document.
Value source_value(const data::SourceRef& s);

/// A short name for a plan: its number ("158/KH-UBND"), preceded by the
/// issuer's short name when the number is incomplete ("/KH-UBND", "…/KH-UBND")
/// or absent.
std::string plan_label(const Ctx& c, const data::Plan& p);
/// The first sentences of `text`, at most about `max` bytes (meta descriptions).
std::string short_description(std::string_view text, std::size_t max = 200);
/// Vietnamese number ("88,5") for text built in C++ (charts, search, titles).
std::string num_text(double v, int decimals = 2);

/// A status view {key, late}; templates print the word and symbol.
Value status_value(data::Status s, bool late = false);
/// {total, met, ..., evaluable, met_share (0–100 or none), chart (safe SVG)}.
Value scorecard_value(const Ctx& c, const data::Scorecard& sc, const std::string& chart_id, const std::string& what);

/// The target in words: the document's wording, or when it gives none (or
/// `structured`), a short form built from the operator ("≥ 95%").
std::string target_text(const data::Target& t, bool structured = false);
/// The due date in words when the document gives no wording.
std::string due_text(const Ctx& c, const data::Due& d);
/// Period label: "2026", "Quý 1/2026", "6 tháng đầu năm 2026".
std::string period_text(const Ctx& c, const data::Period& p);

/// The trend of one agency across rankings of an index (oldest first):
/// {agency, rows: [{year, url, score, rank, units, group, change}], score_chart, rank_chart}.
Value agency_trend(const Ctx& c, const data::Index& ix, const std::vector<const data::Ranking*>& rankings,
                   const std::string& agency, const std::string& chart_prefix);
/// "xep-hang/par-index/2020/"
std::string ranking_rel(const Ctx& c, const data::Ranking& r);

// Parts, each adding to site.model and queueing jobs (views_*.cpp).
void build_refs(Ctx& c);
void plan_rankings(Ctx& c, Diagnostics& diags);
void plan_agencies(Ctx& c, Diagnostics& diags);
void plan_plans(Ctx& c, Diagnostics& diags);
void plan_search(Ctx& c, Diagnostics& diags);
void plan_home(Ctx& c);

}  // namespace mb::site::dv
