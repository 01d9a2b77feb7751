// Loading data/** into a validated Dataset.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "base/diag.hpp"
#include "data/json_source.hpp"
#include "data/model.hpp"

namespace mb::data {

struct LoadOptions {
  json::ParseOptions json;  ///< nesting and size limits (max_bytes also caps CSV files)
  /// Worker threads for plan and result files, which are read independently
  /// (0 = all cores). The dataset and the diagnostics do not depend on it.
  unsigned jobs = 0;
};

/// Loads and validates everything under `data_dir`:
///   agencies.json, agencies/*.json, indices/*.json, plans/*.json,
///   results/*.json, results/*.csv, rankings/<index>/<year>.json.
/// Every problem is added to `diags` as `<display_prefix><relative path>:line:col`
/// (e.g. display_prefix "data/" gives "data/plans/x.json:12:7"); all problems
/// are reported in one run. `out` receives everything that could be read,
/// sorted, with ranks and groups computed. A missing `data_dir` is an empty
/// dataset. Returns true when no error was reported.
bool load(const std::filesystem::path& data_dir, const std::string& display_prefix, Dataset& out,
          Diagnostics& diags, const LoadOptions& options = {});

}  // namespace mb::data
