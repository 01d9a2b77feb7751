// The publication record (issue 6): feeds, open-data downloads, the change
// log between publications, sitemap and checksums, computed from the site
// model. Pure functions of the Site (and the previous publication's record
// where named); `plan_records` and `write_records` (views.hpp) call them.
// See docs/feeds.md and docs/open-data.md.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/compute.hpp"
#include "data/model.hpp"
#include "feeds/datetime.hpp"
#include "feeds/feed.hpp"
#include "opendata/manifest.hpp"
#include "opendata/table.hpp"
#include "site/site.hpp"

namespace mb::site::records {

// ---------------------------------------------------------------- text

/// A figure as published in downloads and the manifest: shortest decimal that
/// reads back as the same double, '.' point, no exponent, no "-0":
/// 83.81 → "83.81", 72 → "72".
std::string number_text(double v);
/// The same the Vietnamese way for titles: ',' decimal, '.' thousands
/// (83.81 → "83,81", 12345.5 → "12.345,5").
std::string vi_number(double v);
/// |a − b| written like vi_number, rounded to the decimals of a and b, so
/// 64.15 − 61.52 is "2,63" (not 2,6300000000000026).
std::string vi_difference(double a, double b);
/// "2026-03-05" → "05/03/2026" (anything else unchanged).
std::string vi_date(std::string_view iso);
/// The URL slugs of a plan's KPI pages (/ke-hoach/<plan>/<slug>/), as the
/// data pages make them: slugify(kpi id), "I.1" → "i-1", "chi-tieu" when that
/// is empty, and "-2", "-3" for clashes in document order. KPI id → slug.
std::map<std::string, std::string> kpi_slugs(const data::Plan& plan);
/// A KPI id as one '/'-separated part of a record key or item id: the id
/// itself ("I.1"), with '%', '/' and whitespace percent-encoded.
std::string key_part(std::string_view kpi_id);

/// Where the pages of the data live (relative folders ending in '/'). The
/// folder names can be renamed in site.yaml `params.paths` (rankings,
/// agencies, plans, open_data), like the data pages do.
struct Links {
  std::string rankings = "xep-hang", agencies = "co-quan", plans = "ke-hoach", open_data = "du-lieu";
  std::map<std::string, std::string> kpi_slugs;  ///< plan id + '\x1f' + KPI id → slug

  std::string ranking_dir(const std::string& index, int year) const {
    return rankings + "/" + index + "/" + std::to_string(year) + "/";
  }
  std::string index_dir(const std::string& index) const { return rankings + "/" + index + "/"; }
  std::string agency_dir(const std::string& agency) const { return agencies + "/" + agency + "/"; }
  std::string plan_dir(const std::string& plan) const { return plans + "/" + plan + "/"; }
  /// The KPI's page folder ("ke-hoach/<plan>/<slug>/").
  std::string kpi_dir(const std::string& plan, const std::string& kpi) const;
  std::string open_data_dir() const { return open_data + "/"; }
};
Links make_links(const Site& site);
/// "≥ 95%", the document's own wording when it has one.
std::string target_text(const data::Target& target);
/// A value with its unit: "96,5%", "3 lớp/năm", "Đã hoàn thành".
std::string result_text(const data::Result& r, const data::Target& target);
/// Vietnamese status label: "Đạt", "Không đạt", "Quá hạn", ...
std::string status_label(data::Status s);
/// The plan's number ("158/KH-UBND"); when the number has no digits before
/// the slash ("/KH-UBND"), "<number> của <issuer>".
std::string plan_label(const data::Dataset& data, const data::Plan& p);
/// "PAR INDEX 2020"
std::string ranking_label(const data::Dataset& data, const data::Ranking& r);
/// Marker of illustrative (made-up) data in titles, downloads and feeds.
inline constexpr const char* kIllustrative = "Dữ liệu minh họa";

/// Rows of the change log on each changes page (/thay-doi/, /thay-doi/trang-2/, ...).
inline constexpr std::size_t kChangesPerPage = 500;

// ---------------------------------------------------------------- published figures and changes

/// Every figure the site publishes, under a stable key → its text as in the
/// downloads. Rankings: "ranking/<index>/<year>/<agency>/{rank,score,group}",
/// "ranking/<index>/<year>/<agency>/component/<id>", "ranking/<index>/<year>/total".
/// Results known on as_of: "result/<plan>/<kpi id>/<agency or _>/<period>/value" (KPI id through key_part).
/// Sorted by key (opendata::ValueList).
opendata::ValueList published_values(const Site& site);

/// One line of the change log (du-lieu/thay-doi.csv): what changed at a
/// publication. `key` is the subject ("ranking/par-index/2025",
/// "result/<plan>/<kpi>/<agency>/<period>") for new and removed subjects and
/// the figure's key for corrections; values are the published texts.
struct ChangeRow {
  std::string date;  ///< the publication's as_of date, YYYY-MM-DD
  std::string kind;  ///< see kChangeKinds
  std::string key;
  std::string old_value;
  std::string new_value;
  friend bool operator==(const ChangeRow&, const ChangeRow&) = default;
};

/// "first-publication", "new-ranking", "new-result", "correction" (old → new),
/// "addition" (a figure added to a published subject), "removal".
inline constexpr const char* kChangeKinds[] = {"first-publication", "new-ranking", "new-result", "correction",
                                               "addition", "removal"};

/// The changes from the previous publication's values to `current`, dated
/// `date`; nullptr = no previous publication (one "first-publication" row).
/// Rows in key order; a new or removed subject has one row.
std::vector<ChangeRow> changes_between(const opendata::ValueList* previous, const opendata::ValueList& current,
                                       const std::string& date);
std::vector<ChangeRow> changes_between(const std::map<std::string, std::string>* previous,
                                       const std::map<std::string, std::string>& current, const std::string& date);

/// The log after this publication: `previous_log` plus `now`. A correction of
/// a figure already corrected on the same date is merged (old value kept;
/// dropped when it is back to the old value). Sorted: newest date first,
/// then key, then kind.
std::vector<ChangeRow> merge_log(std::vector<ChangeRow> previous_log, std::vector<ChangeRow> now);

/// The latest date of a correction, addition or removal of a figure whose
/// key starts with `prefix` ("" when none): a feed item's `updated`.
std::string correction_date(const std::vector<ChangeRow>& log, std::string_view prefix);

/// The corrections, additions and removals of a change log, by key: what each
/// feed item needs of the log (its `updated` date, the corrections it lists)
/// without reading the whole log for every item. After a publication that
/// adds a quarter's results nationally, the log has tens of thousands of rows
/// and the feeds millions of items. Keeps a reference to `log`.
class ChangeIndex {
 public:
  explicit ChangeIndex(const std::vector<ChangeRow>& log);
  const std::vector<ChangeRow>& log() const { return log_; }
  /// correction_date(log, prefix).
  std::string latest(std::string_view prefix) const;
  /// The rows whose key starts with `prefix`, oldest first (the log's reverse order).
  std::vector<const ChangeRow*> under(std::string_view prefix) const;

 private:
  const std::vector<ChangeRow>& log_;
  std::vector<std::pair<std::string_view, std::size_t>> rows_;  ///< (key, position in the log), sorted
  template <class F>
  void each_under(std::string_view prefix, F&& f) const;
};

/// What a change row says, for people: title, page URL (absolute).
struct ChangeText {
  std::string title;
  std::string url;
  std::string subject_label;  ///< "PAR INDEX 2020 · Tỉnh Tuyên Quang"
  std::string measure;        ///< "điểm", "hạng", "kết quả", ...
  bool illustrative = false;
};
ChangeText describe_change(const Site& site, const Links& links, const ChangeRow& row);
/// describe_change(...).illustrative, without the texts.
bool change_illustrative(const Site& site, const ChangeRow& row);

/// The previous publication's record, read from `<out_dir>/<open data folder>/`:
/// manifest.json and thay-doi.json. Missing files mean no previous
/// publication; unreadable ones are reported as warnings and ignored.
struct PreviousRecord {
  std::optional<opendata::Manifest> manifest;  ///< without its values: they are in `values`
  opendata::ValueList values;
  std::vector<ChangeRow> log;
};
PreviousRecord read_previous(const std::filesystem::path& out_dir, const Links& links, Diagnostics& diags);

/// Change log rows as template values (date, kind, key, old, new, old_text,
/// new_text, title, subject, measure, url, illustrative), in order. With
/// `page_of`, each row also gets "page": page_of(the row's url).
Value log_value(const Site& site, const Links& links, const std::vector<ChangeRow>& log,
                const std::function<Value(const std::string& url)>& page_of = {});

// ---------------------------------------------------------------- feeds

/// One feed of the site: where it lives, what it carries, its items.
struct FeedSpec {
  std::string dir;    ///< folder relative to the site root: "" (everything), "tin-tuc/", "co-quan/<id>/", ...
  std::string group;  ///< "site", "agency", "index", "plan"
  std::string key;    ///< agency, index or plan id ("" for site feeds)
  feeds::Feed feed;   ///< items selected and capped; self_url unset
  /// From build_shared_feeds, instead of feed.items: the same items, each
  /// shared by every feed it is in (an item is often in the site's, an
  /// agency's and a plan's feed), so all feeds take less memory at once.
  std::vector<std::shared_ptr<const feeds::FeedItem>> shared_items;

  /// Moves the shared items into feed.items (copies of the ones other feeds still share).
  void materialize();
  /// build_shared_feeds without bodies: how many items the feed has (only its newest is kept).
  std::size_t counted = 0;
  std::size_t item_count() const { return counted ? counted : feed.items.size() + shared_items.size(); }
  /// feeds::effective_updated of the feed, materialized or not.
  std::string updated() const;
};

/// Every feed: everything, news, changes, then each agency, index and plan
/// (sorted by id). Items are capped at config.feed_limit, newest first.
std::vector<FeedSpec> build_feeds(const Site& site, const Links& links, const std::vector<ChangeRow>& log);
/// build_feeds with the items left in FeedSpec::shared_items.
/// With `bodies` false, the feeds are only counted: each keeps its newest
/// item, without its text, and FeedSpec::counted; enough for item_count() and
/// updated(), without holding the items of every feed at once.
std::vector<FeedSpec> build_shared_feeds(const Site& site, const Links& links, const std::vector<ChangeRow>& log,
                                         bool bodies = true);

/// What prepare_records computes for plan_records (views.hpp).
struct Prepared {
  std::vector<ChangeRow> log;
  bool first_publication = true;
  std::vector<FeedSpec> feeds;  ///< counted (build_shared_feeds without bodies)
  Diagnostics diags;
};

/// The three files of a feed: {path, content} for feed.xml, atom.xml, feed.json.
std::vector<std::pair<std::string, std::string>> feed_files(const Site& site, FeedSpec spec);

// ---------------------------------------------------------------- open data

/// One downloadable table, published as <dir><stem>.csv and .json next to
/// the page that shows it, and as a copy under du-lieu/ that datapackage.json
/// describes.
struct Download {
  std::string dir;    ///< "xep-hang/par-index/2020/", "ke-hoach/<id>/", "co-quan/<id>/", "du-lieu/"
  std::string stem;   ///< "bang-xep-hang", "chi-tieu", "du-lieu", "thay-doi"
  std::string group;  ///< "ranking", "plan", "agency", "record"
  std::string package_dir;  ///< folder of the copy, relative to the open-data folder ("" for the change log)
  std::string page;   ///< the HTML page that shows the table (relative folder)
  std::string title;
  std::string description;
  std::string date;   ///< newest data date of the table ("" when none)
  bool illustrative = false;
  opendata::Table table;
  std::vector<std::string> primary_key;

  std::string csv_path() const { return dir + stem + ".csv"; }
  std::string json_path() const { return dir + stem + ".json"; }
  /// The path of the copy described by du-lieu/datapackage.json, relative to du-lieu/.
  std::string package_path(const std::string& ext) const { return package_dir + stem + ext; }
};

/// League tables, plan KPI lists, agency tables (sorted by path), and the
/// change log (du-lieu/thay-doi).
std::vector<Download> build_downloads(const Site& site, const Links& links, const std::vector<ChangeRow>& log);

/// One download of build_downloads before it is built: its CSV path and how
/// to build it. Lets a caller build each table when it needs it (and on
/// several threads) instead of holding every table at once.
struct DownloadRecipe {
  std::string csv_path;  ///< Download::csv_path() of what `build` returns
  std::function<Download()> build;
  /// What `build` returns without the table's rows, and their number: for a
  /// table too long to build only to describe it (the change log). Empty
  /// for the others.
  std::function<std::pair<Download, std::size_t>()> describe{};
};
/// The downloads of build_downloads, in the same order. The recipes refer to
/// `site`, `links` and `log`, which must outlive them.
std::vector<DownloadRecipe> download_recipes(const Site& site, const Links& links, const std::vector<ChangeRow>& log);

/// schema.org Dataset JSON-LD for one download (on the page that shows it).
nlohmann::ordered_json dataset_json_ld(const Site& site, const Links& links, const Download& d);
/// schema.org Dataset JSON-LD of the whole catalogue (the open-data page).
nlohmann::ordered_json catalog_json_ld(const Site& site, const Links& links, const std::vector<Download>& downloads);

/// Last change date of a page from its job context (page.lastmod, .updated
/// or .date, data and content dates only), "" when none.
std::string job_lastmod(const Job& job);

}  // namespace mb::site::records
