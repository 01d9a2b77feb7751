// Turning a spreadsheet into a data/ file: `import ranking` writes
// data/rankings/<index>/<year>.json, `import results` writes
// data/results/<plan>.json (or .csv when the plan's results are kept as CSV).
//
// Importing is planned first (`plan_*`), which reads the table, matches every
// agency and KPI, and computes the new file and what changes; nothing is
// written. `validate()` then loads a temporary copy of the data folder with
// the new file in place through the data loader, so an import can never
// leave data the site would refuse. `apply()` writes the file atomically.
//
// Every problem is a Diagnostic at the spreadsheet cell ("bang.xlsx:7:2"),
// with the English message templates of messages.hpp.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/diag.hpp"
#include "data/model.hpp"
#include "importer/table.hpp"

namespace mb::importer {

enum class ChangeKind { added, changed, removed };

struct FieldChange {
  std::string field;  ///< "score", "rank", "value", ...
  std::string old_value;  ///< "" when added
  std::string new_value;  ///< "" when removed
};

/// One entry (ranking) or result that the import adds, changes or removes.
struct Change {
  ChangeKind kind = ChangeKind::added;
  std::string key;    ///< "xa-nam-dan", or "I.1 so-noi-vu 2026-Q1"
  std::string label;  ///< "Xã Năm Dẫn"
  std::vector<FieldChange> fields;
  int line = 0;  ///< spreadsheet row (0 for removed)
};

struct ImportPlan {
  std::string what;            ///< "ranking cchc-xa 2025", "results tq-158-kh-ubnd-2025"
  std::string spreadsheet;     ///< display path of the table read
  std::string row_word = "row";  ///< "row" (.xlsx) or "line" (CSV)
  std::string target;          ///< display path: "data/rankings/cchc-xa/2025.json"
  std::filesystem::path file;  ///< where it is written
  bool new_file = false;
  std::string text;            ///< the new file's content
  std::vector<Change> changes;  ///< added and changed in table order, then removed by key
  std::size_t rows = 0;        ///< data rows read
  std::size_t unchanged = 0;
  std::vector<std::string> info;  ///< things worth knowing (columns ignored, names matched without diacritics)
  std::string sheet;             ///< .xlsx sheet read ("" for CSV)
  /// The spreadsheet cell behind each item and field of the new file
  /// ("/entries/3" → its row, "/entries/3/score" → the score's cell), so an
  /// error the data loader finds in the new file is reported at the cell.
  std::map<std::string, SourcePos> cells;
};

struct RankingOptions {
  std::string index;
  int year = 0;
  std::string scope;      ///< "" = as the index's other rankings, or from the agencies found
  std::string published;  ///< "YYYY-MM-DD", "" = keep (or none)
  std::string source;     ///< source name, "" = keep (or the spreadsheet's file name)
};

struct ResultsOptions {
  std::string plan;
  std::string period;    ///< default period for rows without one ("2026", "2026-Q1")
  std::string reported;  ///< default report date "YYYY-MM-DD"
  std::string source;    ///< default source for rows without one
  /// Also remove the file's results of the periods and agencies the table
  /// reports on that the table leaves out (the table is their whole report).
  /// Off: the table only adds and changes results.
  bool replace = false;
};

/// Plans the import of a ranking. `data_dir` is the site's data folder and
/// `data_prefix` its display form ("data/"). False when any row cannot be
/// used (every such row is reported; nothing is guessed).
bool plan_ranking(const data::Dataset& data, const std::filesystem::path& data_dir, const std::string& data_prefix,
                  const Table& table, const RankingOptions& options, ImportPlan& plan, Diagnostics& diags);

bool plan_results(const data::Dataset& data, const std::filesystem::path& data_dir, const std::string& data_prefix,
                  const Table& table, const ResultsOptions& options, ImportPlan& plan, Diagnostics& diags);

/// Loads a temporary copy of `data_dir` with the planned file in place.
/// Errors in the new file are reported at the spreadsheet cell they come
/// from (the file was not written, so its lines would mean nothing to a
/// clerk), with a note naming the file. Errors the data folder already had
/// are left out.
bool validate(const std::filesystem::path& data_dir, const std::string& data_prefix, const ImportPlan& plan,
              Diagnostics& diags);

/// Writes the planned file (temporary file + rename).
bool apply(const ImportPlan& plan, Diagnostics& diags);

/// Column names a header cell is compared with (folded, without diacritics):
/// "Tên đơn vị (xã, phường)" → "ten don vi". Exposed for tests.
std::string header_key(std::string_view cell);

}  // namespace mb::importer
