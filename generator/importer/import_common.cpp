// Shared import steps: header detection, cell diagnostics, JSON output,
// validation against the data loader, atomic writing.
#include <algorithm>
#include <optional>
#include <set>
#include <cstdlib>
#include <unistd.h>

#include "base/fs.hpp"
#include "base/text.hpp"
#include "data/loader.hpp"
#include "importer/import_internal.hpp"
#include "importer/messages.hpp"
#include "importer/values.hpp"

namespace mb::importer {

std::string header_key(std::string_view cell) {
  // drop "(...)" parts: "Điểm (thang 100)" → "Điểm"
  std::string s;
  int depth = 0;
  for (char c : cell) {
    if (c == '(' || c == '[') ++depth;
    else if ((c == ')' || c == ']') && depth > 0) --depth;
    else if (depth == 0) s += c;
  }
  std::string f = text::fold(s), out;
  bool space = true;
  for (char c : f) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
      space = false;
    } else if (!space) {
      out += ' ';
      space = true;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

namespace detail {

std::optional<Header> find_header(const Table& table, const std::vector<ColumnSpec>& specs,
                                  const std::vector<std::string>& required) {
  std::optional<Header> best;
  std::size_t best_known = 0;
  for (std::size_t r = 0; r < table.rows.size() && r < 20; ++r) {
    Header h;
    h.row = r;
    std::size_t known = 0;
    const Row& row = table.rows[r];
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      std::string key = header_key(row.cells[c].text);
      if (key.empty()) continue;
      bool found = false;
      for (const auto& spec : specs) {
        if (h.column.count(spec.field)) continue;
        if (std::find(spec.names.begin(), spec.names.end(), key) != spec.names.end()) {
          h.column[spec.field] = c;
          found = true;
          break;
        }
      }
      if (found) ++known;
      else h.unused.push_back(c);
    }
    bool has_required = std::any_of(required.begin(), required.end(), [&](const std::string& f) { return h.column.count(f) > 0; });
    if (has_required && known > best_known) {
      best = h;
      best_known = known;
    }
  }
  return best;
}

std::string row_name(const Table& table, int line) {
  return (table.xlsx() ? "row " : "line ") + std::to_string(line);
}

void cell_error(Diagnostics& diags, const Table& table, const Cell& cell, std::string message,
                std::vector<std::string> notes) {
  Diagnostic d;
  d.path = table.path;
  d.line = cell.pos.line;
  d.col = cell.pos.col;
  d.message = std::move(message);
  if (table.xlsx()) notes.insert(notes.begin(), "cell " + table.cell_name(cell) + " of sheet '" + table.sheet + "'");
  d.notes = std::move(notes);
  diags.add(std::move(d));
}

void row_error(Diagnostics& diags, const Table& table, const Row& row, std::string message) {
  Cell c;
  c.pos = row.cells.empty() ? SourcePos{row.line, 1} : row.cells.front().pos;
  cell_error(diags, table, c, std::move(message));
}

Cell cell_of(const Row& row, const Header& h, const std::string& field) {
  auto it = h.column.find(field);
  if (it != h.column.end() && it->second < row.cells.size()) return row.cells[it->second];
  Cell c;
  c.pos = {row.line, it != h.column.end() ? static_cast<int>(it->second) + 1 : 1};
  return c;
}

void report_match(Diagnostics& diags, const Table& table, const Cell& cell, const Match& m, const std::string& among) {
  std::vector<std::string> names;
  for (const auto& c : m.candidates) names.push_back(describe(*c.agency));
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : "; ") + n;
  if (m.ambiguous) {
    cell_error(diags, table, cell, format("the name '{0}' fits several agencies", {cell.text}), {format("it fits: {0}", {list})});
  } else {
    std::string message = among.empty() ? format("no agency named '{0}'", {cell.text})
                                        : format("no agency named '{0}' among the {1}", {cell.text, among});
    cell_error(diags, table, cell, message, list.empty() ? std::vector<std::string>{} : std::vector<std::string>{format("closest: {0}", {list})});
  }
}

Json json_number(double v) {
  if (v == static_cast<double>(static_cast<long long>(v)) && std::abs(v) < 1e15) return Json(static_cast<long long>(v));
  return Json(std::strtod(number_str(v).c_str(), nullptr));
}

std::string show(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return number_str(v.get<double>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string dump(const Json& v) { return v.dump(2, ' ', false, Json::error_handler_t::strict) + "\n"; }

std::vector<FieldChange> diff_objects(const Json& o, const Json& n, const std::vector<std::string>& skip) {
  std::vector<FieldChange> out;
  std::vector<std::string> keys;
  for (const auto& [k, _] : n.items()) keys.push_back(k);
  for (const auto& [k, _] : o.items())
    if (!n.contains(k)) keys.push_back(k);
  for (const auto& k : keys) {
    if (std::find(skip.begin(), skip.end(), k) != skip.end()) continue;
    const Json none;
    const Json& a = o.contains(k) ? o.at(k) : none;
    const Json& b = n.contains(k) ? n.at(k) : none;
    if (a.is_object() || b.is_object()) {
      Json ea = a.is_object() ? a : Json::object(), eb = b.is_object() ? b : Json::object();
      for (auto& fc : diff_objects(ea, eb, {})) {
        fc.field = k + "." + fc.field;
        out.push_back(std::move(fc));
      }
      continue;
    }
    if (show(a) != show(b) || a.type() != b.type()) out.push_back({k, show(a), show(b)});
  }
  return out;
}

}  // namespace detail

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string t = (std::filesystem::temp_directory_path() / "minhbach-import-XXXXXX").string();
    if (::mkdtemp(t.data())) path = t;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

bool validate(const std::filesystem::path& data_dir, const std::string& data_prefix, const ImportPlan& plan,
              Diagnostics& diags) {
  TempDir tmp;
  if (tmp.path.empty()) {
    diags.error(plan.target, 0, 0, "cannot create a temporary folder to check the import");
    return false;
  }
  std::error_code ec;
  std::filesystem::path copy = tmp.path / "data";
  if (std::filesystem::exists(data_dir, ec))
    std::filesystem::copy(data_dir, copy, std::filesystem::copy_options::recursive, ec);
  if (ec) {
    diags.error(plan.target, 0, 0, "cannot copy the data folder to check the import: " + ec.message());
    return false;
  }
  std::string rel = plan.target.substr(data_prefix.size());
  std::string err;
  if (!fs::write_file_atomic(copy / rel, plan.text, &err)) {
    diags.error(plan.target, 0, 0, err);
    return false;
  }
  Diagnostics found;
  data::Dataset ds;
  if (data::load(copy, data_prefix, ds, found)) return true;
  // errors the data folder already had are not the import's doing
  Diagnostics before_diags;
  data::Dataset before;
  data::load(data_dir, data_prefix, before, before_diags);
  std::set<std::string> known;
  for (const auto& d : before_diags.sorted()) known.insert(format_diagnostic(d, false));
  bool ok = true;

  // errors in the new file: at the spreadsheet cell they come from
  bool csv = text::ends_with(plan.target, ".csv");
  json::Document doc;
  Diagnostics ignore;
  bool parsed = !csv && json::parse(plan.text, plan.target, doc, ignore);
  auto cell_for = [&](const Diagnostic& d) -> std::optional<SourcePos> {
    std::string ptr;
    if (csv) {
      ptr = "/results/" + std::to_string(d.line - 2);
    } else if (parsed) {
      // the value (or key) that starts at the diagnostic's line, the last one at or before its column
      int best_col = -1;
      for (const auto* m : {&doc.value_pos, &doc.key_pos})
        for (const auto& [p, pos] : *m)
          if (pos.line == d.line && pos.col <= std::max(d.col, 1) && pos.col > best_col) {
            best_col = pos.col;
            ptr = p;
          }
    }
    // the pointer or its nearest ancestor the table gave
    while (true) {
      if (auto it = plan.cells.find(ptr); it != plan.cells.end()) return it->second;
      auto slash = ptr.rfind('/');
      if (slash == std::string::npos || ptr.empty()) return std::nullopt;
      ptr.resize(slash);
    }
  };
  for (auto d : found.sorted()) {
    if (known.count(format_diagnostic(d, false))) continue;
    ok = false;
    if (d.path == plan.target) {
      if (auto cell = cell_for(d)) {
        d.path = plan.spreadsheet;
        d.line = cell->line;
        d.col = cell->col;
        d.source_line.clear();
        if (!plan.sheet.empty())
          d.notes.insert(d.notes.begin(), "cell " + column_letters(cell->col) + std::to_string(cell->line) + " of sheet '" +
                                              plan.sheet + "'");
      }
      d.notes.push_back(format("in {0}, which was not written", {plan.target}));
    }
    diags.add(std::move(d));
  }
  return ok;
}

bool apply(const ImportPlan& plan, Diagnostics& diags) {
  std::string err;
  if (!fs::write_file_atomic(plan.file, plan.text, &err)) {
    diags.error(plan.target, 0, 0, "cannot write the file: " + err);
    return false;
  }
  return true;
}

}  // namespace mb::importer
