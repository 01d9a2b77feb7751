// The data model: what data/** holds once loaded and validated.
//
// Everything here is plain values. A `Dataset` is produced by mb::data::load
// (loader.hpp), sorted deterministically, and never modified afterwards;
// views and computations borrow from it. Each loaded object keeps its
// `Origin` (display path and position) for later diagnostics.
// The format is documented in docs/data-format.md.
#pragma once

#include <compare>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.hpp"

namespace mb::data {

/// Where an object was loaded from: "data/plans/x.json" and the position of
/// its opening brace (or CSV row).
struct Origin {
  std::string path;
  SourcePos pos;
};

/// A calendar date. Only valid dates are ever stored in the model.
struct Date {
  int y = 0, m = 0, d = 0;
  bool empty() const { return y == 0; }
  /// "2025-12-30"
  std::string str() const;
  auto operator<=>(const Date&) const = default;
};

/// Parses "YYYY-MM-DD" strictly (two-digit month and day, the date must exist).
std::optional<Date> parse_date(std::string_view s);
bool is_leap_year(int y);
int days_in_month(int y, int m);

/// Where a document or figure comes from.
struct SourceRef {
  std::string name;  ///< "Kế hoạch số 158/KH-UBND ngày 30/12/2025 của UBND tỉnh Tuyên Quang"
  std::string url;   ///< optional
  std::string ref;   ///< optional: seed file name
};

// ---------------------------------------------------------------- agencies

enum class AgencyKind { province, department, commune, ministry, other };
/// "province", "department", ...
const char* to_string(AgencyKind k);

/// A body that issues plans, leads or supports KPIs, or is ranked (cơ quan, đơn vị, địa phương).
struct Agency {
  std::string id;          ///< slug: "so-noi-vu"
  std::string name;        ///< "Sở Nội vụ"
  std::string short_name;  ///< defaults to name
  AgencyKind kind = AgencyKind::other;
  std::string parent;  ///< agency id or ""
  std::string url;
  std::vector<std::string> aliases;
  Origin origin;
};

/// Group tokens usable in a KPI's lead/support instead of agency ids.
inline constexpr std::string_view kGroupAll = "@all";                  ///< all departments and communes
inline constexpr std::string_view kGroupDepartments = "@departments";  ///< all departments (sở, ban, ngành)
inline constexpr std::string_view kGroupCommunes = "@communes";        ///< all communes and wards (xã, phường)
bool is_group_token(std::string_view s);  ///< starts with '@'

// ---------------------------------------------------------------- plans

enum class TargetOp {
  text,    ///< text only: shown, never evaluated
  ge,      ///< ">="
  le,      ///< "<="
  eq,      ///< "="
  gt,      ///< ">"
  lt,      ///< "<"
  range,   ///< min ≤ v ≤ max
  reduce,  ///< reduce by `value` (% or units) against the baseline year
  done,    ///< a deliverable exists
  count,   ///< at least `value` units
  rank,    ///< a rank ≤ max (lower is better), within `of`
};
/// ">=", "range", ... ("" for text)
const char* to_string(TargetOp op);

/// A KPI's target (chỉ tiêu), structured so status can be computed.
struct Target {
  TargetOp op = TargetOp::text;
  std::optional<double> value;  ///< ge/le/eq/gt/lt/reduce/count
  std::optional<double> min;    ///< range, rank (optional for rank)
  std::optional<double> max;    ///< range, rank
  std::string unit;             ///< "%", "lớp/năm", ...
  std::optional<int> baseline_year;     ///< reduce: the baseline year, or the first year of a baseline period
  std::optional<int> baseline_to;       ///< reduce: the last year of the baseline (= baseline_year for one year)
  std::optional<double> baseline_value; ///< reduce: known baseline figure (else the result for baseline_year)
  std::optional<int> of;                ///< rank: number of units ranked
  std::string text;                     ///< the document's own wording
};

enum class DueKind { text, date, year, quarterly, yearly, ongoing };
const char* to_string(DueKind k);

/// When a KPI is due (thời hạn hoàn thành).
struct Due {
  DueKind kind = DueKind::text;
  Date date;     ///< kind date
  int year = 0;  ///< kind year
  std::string text;  ///< the document's wording: "Trước ngày 15/01/2026"
};

/// One row of a plan's KPI appendix.
struct Kpi {
  std::string id;     ///< unique within the plan: "I.1"
  std::string title;  ///< the document's wording
  std::vector<std::string> lead;     ///< agency ids and/or group tokens ("@all")
  std::vector<std::string> support;  ///< agency ids and/or group tokens
  Target target;
  Due due;
  std::string note;        ///< source note
  std::string implements;  ///< KPI id in the parent plan, or ""
  Origin origin;
};

struct Section {
  std::string id;  ///< "I"
  std::string title;
  std::string note;  ///< source note ("Văn bản ghi 06 nhiệm vụ nhưng liệt kê 07")
  std::vector<Kpi> kpis;
  Origin origin;
};

/// A plan document (kế hoạch, đề án, chương trình).
struct Plan {
  std::string id;      ///< slug, equals the file name
  std::string number;  ///< "158/KH-UBND"
  std::string title;
  std::string issuer;  ///< agency id
  Date issued;
  int from = 0, to = 0;  ///< period (years, inclusive)
  std::string parent;    ///< plan id or ""
  SourceRef source;
  std::string summary;
  std::vector<std::string> notes;
  bool illustrative = false;
  std::vector<Section> sections;  ///< in document order
  Origin origin;

  /// The KPI with this id, or nullptr.
  const Kpi* kpi(std::string_view id) const;
  std::size_t kpi_count() const;
};

// ---------------------------------------------------------------- results

/// A reporting period: a year, a quarter or a half-year.
struct Period {
  enum class Kind { year, quarter, half };
  int year = 0;
  Kind kind = Kind::year;
  int part = 0;  ///< quarter 1–4 or half 1–2; 0 for a year

  /// "2026", "2026-Q1", "2026-H2"
  std::string str() const;
  Date first_day() const;
  Date last_day() const;
  /// True when this period lies within `other` (a year contains its quarters).
  bool within(const Period& other) const;
  auto operator<=>(const Period&) const = default;
};
std::optional<Period> parse_period(std::string_view s);

/// One reported value (kết quả thực hiện).
struct Result {
  std::string kpi;     ///< KPI id in the plan
  std::string agency;  ///< agency id; "" = the KPI as a whole (its lead is not one agency)
  Period period;
  std::optional<double> number;  ///< numeric value
  std::optional<bool> done;      ///< boolean value (for "done" targets)
  Date reported;                 ///< may be empty
  std::string source;
  std::string note;
  SourcePos pos;  ///< where in its ResultSet's file (origin.path): a million results share one path
};

/// The results reported for one plan (data/results/<plan-id>.json or .csv).
struct ResultSet {
  std::string plan;
  bool illustrative = false;
  std::vector<Result> results;  ///< sorted by kpi, agency, period
  bool sorted = false;          ///< set by Dataset::finish (results_of then searches instead of scanning)
  Origin origin;
};

// ---------------------------------------------------------------- indices and rankings

struct IndexComponent {
  std::string id;
  std::string name;
  std::optional<double> max;
};

struct IndexGroup {
  std::string id;  ///< "A"
  std::string name;
  std::optional<double> min;  ///< score threshold (inclusive); groups listed best first
  std::optional<double> max;  ///< for indices where lower is better
};

/// An index definition (chỉ số): PAR INDEX, SIPAS, PAPI, ...
struct Index {
  std::string id;  ///< "par-index"
  std::string name;
  std::string short_name;
  std::string publisher;  ///< agency id or ""
  std::string unit;       ///< "%", "điểm"
  double max = 100;
  bool higher_is_better = true;
  std::string description;
  std::vector<IndexComponent> components;
  std::vector<IndexGroup> groups;
  Origin origin;

  const IndexComponent* component(std::string_view id) const;
  const IndexGroup* group(std::string_view id) const;
};

enum class Scope { provinces, departments, communes };
const char* to_string(Scope s);

struct RankingEntry {
  std::string agency;
  std::optional<double> score;
  std::optional<int> given_rank;  ///< as written in the file
  int rank = 0;                   ///< given or computed (standard competition ranking)
  std::string group;              ///< given, or from the index's thresholds; may be ""
  bool group_given = false;
  std::map<std::string, double> components;  ///< component id → score
  std::string note;
  Origin origin;
};

/// One published ranking (bảng xếp hạng) of an index for a year.
struct Ranking {
  std::string index;
  int year = 0;
  Scope scope = Scope::provinces;
  Date published;                 ///< may be empty
  std::optional<int> total;       ///< units ranked when the file lists only some
  SourceRef source;
  bool illustrative = false;
  std::vector<RankingEntry> entries;  ///< sorted by rank, then agency id
  Origin origin;

  /// Number of units ranked: `total` or the number of entries.
  int units() const { return total ? *total : static_cast<int>(entries.size()); }
  const RankingEntry* entry(std::string_view agency) const;
};

// ---------------------------------------------------------------- the dataset

/// Everything under data/, validated. Vectors are sorted: agencies, plans and
/// indices by id, result sets by plan, rankings by index, scope, year.
struct Dataset {
  std::vector<Agency> agencies;
  std::vector<Plan> plans;
  std::vector<ResultSet> results;
  std::vector<Index> indices;
  std::vector<Ranking> rankings;

  const Agency* agency(std::string_view id) const;
  const Plan* plan(std::string_view id) const;
  const ResultSet* results_for(std::string_view plan_id) const;
  const Index* index(std::string_view id) const;
  const Ranking* ranking(std::string_view index_id, int year) const;
  /// Rankings of one index (and scope), oldest first.
  std::vector<const Ranking*> rankings_of(std::string_view index_id) const;
  std::vector<const Ranking*> rankings_of(std::string_view index_id, Scope scope) const;
  /// Plans whose `parent` is `plan_id`.
  std::vector<const Plan*> children_of(std::string_view plan_id) const;

  /// Agency ids a lead/support list stands for, groups expanded, sorted, unique.
  std::vector<std::string> expand(const std::vector<std::string>& ids_or_groups) const;

  /// Sorts every vector and rebuilds the lookup maps (called by load()).
  void finish();

 private:
  std::map<std::string, std::size_t, std::less<>> agency_by_id_, plan_by_id_, results_by_plan_, index_by_id_;
  std::map<std::pair<std::string, int>, std::size_t> ranking_by_key_;
};

}  // namespace mb::data
