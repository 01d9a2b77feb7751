// Internal to the data module: the state shared by the loading steps
// (loader.cpp drives; load_plans.cpp, load_results.cpp, load_rankings.cpp).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "data/fields.hpp"
#include "data/loader.hpp"

namespace mb::data::detail {

class Loader {
 public:
  Loader(std::filesystem::path dir, std::string prefix, Dataset& out, Diagnostics& diags, const LoadOptions& opt)
      : dir_(std::move(dir)), prefix_(std::move(prefix)), out_(out), diags_(diags), opt_(opt) {}

  void run();

 private:
  // A loader for one file on a worker thread: it reads the agencies and plans
  // loaded so far from `parent` (not changed while workers run), collects its
  // diagnostics in `diags` and what it reads in `scratch` and its pending lists.
  Loader(const Loader& parent, Dataset& scratch, Diagnostics& diags)
      : dir_(parent.dir_), prefix_(parent.prefix_), out_(scratch), diags_(diags), opt_(parent.opt_), parent_(&parent) {}
  const Loader& shared() const { return parent_ ? *parent_ : *this; }
  /// Loads `files` with `load` (load_plan, load_results...) on worker loaders,
  /// then merges in file order: diagnostics, then add_pending().
  void load_parallel(const std::vector<std::string>& files, void (Loader::*load)(const std::string&));
  void add_pending();

  // loader.cpp
  std::vector<std::string> files_in(const std::string& folder);
  const Document* parse(const std::string& rel);
  void load_agencies(const std::string& rel);
  void check_agency_ref(const Document& doc, const std::string& pointer, const std::string& id, bool allow_groups);
  bool check_slug(const Fields& f, const std::string& key, const std::string& id);
  std::string stem_of(const std::string& rel) const;

  // load_plans.cpp
  void load_plan(const std::string& rel);
  void read_plan(const Document& doc, const std::string& rel);
  bool read_kpi(const Document& doc, const Json& v, const std::string& ptr, Kpi& out);
  void read_target(const Document& doc, const Json& v, const std::string& ptr, Target& out);
  void read_due(const Document& doc, const Json& v, const std::string& ptr, Due& out);
  void check_plan_links();

  // load_results.cpp
  void load_results(const std::string& rel);
  void load_results_csv(const std::string& rel);
  void read_results(const Document& doc, const std::string& rel, const std::string& expected_plan);
  void load_any_results(const std::string& rel);  ///< .csv or .json

  // load_rankings.cpp
  void load_index(const std::string& rel);
  void load_ranking(const std::string& rel);
  void compute_ranks(const Document& doc, const Index* index, Ranking& r,
                     const std::vector<std::string>& entry_ptrs);

  std::filesystem::path dir_;
  std::string prefix_;
  Dataset& out_;
  Diagnostics& diags_;
  const LoadOptions& opt_;
  std::vector<std::unique_ptr<Document>> docs_;
  std::vector<std::string> agency_ids_;
  std::map<std::string, Origin> agency_origin_;
  std::map<std::string, const Agency*, std::less<>> agency_by_id_;  ///< once every agency is loaded
  std::vector<std::string> agency_ptr_;       ///< parallel to out_.agencies while loading
  std::vector<const Document*> agency_doc_;

  // Plan links checked once every plan is loaded.
  // Plan links checked once every plan is loaded. They keep the positions
  // their errors need, not the plan's document (freed once read).
  struct At {
    std::string path;
    SourcePos pos;
    std::string line;  ///< the source line, for the message
  };
  struct PlanLinks {
    std::string plan;
    std::string parent;  ///< "" when absent
    At parent_at;
    std::vector<std::pair<At, std::string>> implements;  ///< position, kpi id in parent
  };
  static At at(const Document& doc, std::string_view pointer);
  void error_at(const At& at, std::string message, std::vector<std::string> notes = {});
  std::vector<PlanLinks> plan_links_;

  // Plans and result sets read but not yet added to the dataset: a plan id or
  // results file may only be added once (add_pending reports the others at `id_at`).
  struct PendingPlan {
    Plan plan;
    PlanLinks links;
    At id_at;
  };
  struct PendingResults {
    ResultSet set;
    At plan_at;
  };
  std::vector<PendingPlan> pending_plans_;
  std::vector<PendingResults> pending_results_;
  std::map<std::string, std::size_t, std::less<>> plan_index_;     ///< plan id → index in out_.plans
  std::map<std::string, std::size_t, std::less<>> results_index_;  ///< plan id → index in out_.results
  const Loader* parent_ = nullptr;
};

}  // namespace mb::data::detail
