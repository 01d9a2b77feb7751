// Computations on the data model: KPI status, scorecards and rankings.
//
// Pure functions: no I/O and no clock. The "as of" date is always a
// parameter. The rules are written down in docs/computations.md; the unit
// tests in tests/unit/data/ check each of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/model.hpp"

namespace mb::data {

// ---------------------------------------------------------------- KPI status

enum class Status {
  met,            ///< the latest relevant result meets the target
  not_met,        ///< the deadline has passed and the latest result does not meet it
  in_progress,    ///< the deadline has not passed and the target is not (yet) met
  overdue,        ///< the deadline has passed and nothing was reported
  no_data,        ///< no deadline to judge by (ongoing, text-only due) and nothing reported
  not_evaluable,  ///< the target is text only: shown, never evaluated
};
/// "met", "not_met", "in_progress", "overdue", "no_data", "not_evaluable"
const char* to_string(Status s);

/// The outcome of evaluating one KPI (for one agency or as a whole).
struct Evaluation {
  Status status = Status::no_data;
  const Result* result = nullptr;  ///< the result judged, if any
  std::optional<Period> period;    ///< the period judged (quarterly/yearly KPIs)
  Date deadline;                   ///< empty when the KPI has none
  bool late = false;               ///< met, but reported after the deadline
  std::optional<double> baseline;  ///< reduce targets: the baseline figure used
};

/// Whether `value` meets `target`: nullopt when it cannot tell (text-only
/// target, a value of the wrong kind, a reduce target without baseline).
std::optional<bool> meets(const Target& target, const Result& value, std::optional<double> baseline = {});

/// Results of KPI `kpi` reported for `agency`, oldest period first. The KPI
/// as a whole is asked for with agency "" (results without an agency) or,
/// equivalently, the KPI's single lead.
std::vector<const Result*> results_of(const ResultSet* set, std::string_view kpi, std::string_view agency);

/// The agency whose results stand for the KPI as a whole: its single lead
/// agency, or "" when the lead is several agencies or a group.
std::string overall_agency(const Kpi& kpi);

/// True when `r` was known on `as_of`: reported on or before it, or (no
/// reported date) its period ended on or before it.
bool known_on(const Result& r, const Date& as_of);

/// The latest result (latest period, then latest reported) known on `as_of`.
const Result* latest_result(const std::vector<const Result*>& results, const Date& as_of);

/// The status of `kpi` on `as_of`, from `results` (its results for one
/// agency, see results_of). For quarterly/yearly KPIs `period` selects the
/// period judged; by default the last period that has ended by `as_of`
/// (within `plan_from`..`plan_to` years when given), else the current one.
Evaluation evaluate(const Kpi& kpi, const std::vector<const Result*>& results, const Date& as_of,
                    std::optional<Period> period = {}, int plan_from = 0, int plan_to = 0);

// ---------------------------------------------------------------- scorecards

/// Counts of KPI statuses. `evaluable` = total − not_evaluable.
struct Scorecard {
  int total = 0, met = 0, not_met = 0, in_progress = 0, overdue = 0, no_data = 0, not_evaluable = 0;
  int evaluable() const { return total - not_evaluable; }
  void add(Status s);
  void add(const Scorecard& other);
};

/// A KPI with the plan and section it belongs to.
struct KpiRef {
  const Plan* plan = nullptr;
  const Section* section = nullptr;
  const Kpi* kpi = nullptr;
};

/// Every KPI, in every plan (in dataset order, then document order), that
/// `agency` leads — named in `lead` or included by a group token — and, when
/// `with_support`, that it supports.
std::vector<KpiRef> kpis_of_agency(const Dataset& data, std::string_view agency, bool with_support = false);

/// Every KPI of the section, judged as a whole (see overall_agency).
Scorecard section_scorecard(const Plan& plan, const Section& section, const ResultSet* results, const Date& as_of);
Scorecard plan_scorecard(const Plan& plan, const ResultSet* results, const Date& as_of);
/// Every KPI, in every plan, that `agency` leads (directly or through a
/// group token), judged on that agency's own results.
Scorecard agency_scorecard(const Dataset& data, std::string_view agency, const Date& as_of);

// ---------------------------------------------------------------- rankings

/// Standard competition ranks ("1224"): equal scores share a rank, the next
/// rank skips. `higher_is_better` false ranks the lowest score first.
std::vector<int> competition_ranks(const std::vector<double>& scores, bool higher_is_better);

/// The first of the index's groups (listed best first) whose thresholds
/// (min ≤ score, score ≤ max; absent bounds are open) contain `score`, or
/// nullptr (also when no group has a threshold).
const IndexGroup* group_for(const Index& index, double score);

/// The ranking of the same index and scope for the latest earlier year, or nullptr.
const Ranking* previous_ranking(const Dataset& data, const Ranking& ranking);

enum class Trend {
  up,         ///< a better rank than in the previous ranking
  down,       ///< a worse rank
  same,       ///< the same rank
  new_entry,  ///< absent from the previous ranking
  unknown,    ///< there is no previous ranking
};
/// "up", "down", "same", "new", "unknown"
const char* to_string(Trend t);

struct RankChange {
  Trend trend = Trend::unknown;
  int previous_year = 0;  ///< 0 when there is no previous ranking
  int previous_units = 0;  ///< units ranked in the previous ranking (ranks out of different totals differ in meaning)
  std::optional<int> previous_rank;
  std::optional<double> previous_score;
  std::optional<int> rank_delta;      ///< previous − current: positive = moved up
  std::optional<double> score_delta;  ///< current − previous
};

/// Change of `entry` against the `previous` ranking (may be nullptr).
RankChange rank_change(const RankingEntry& entry, const Ranking* previous);

/// Summary of the scores of a ranking (entries with a score only).
struct Spread {
  int count = 0;
  double best = 0, worst = 0, median = 0, mean = 0;
};
/// nullopt when no entry has a score.
std::optional<Spread> spread(const Ranking& ranking, bool higher_is_better);

}  // namespace mb::data
