// import results: a table of KPI results (KPI, agency, period, value, ...)
// → data/results/<plan>.json (or .csv when the plan's results are kept as CSV).
//
// Rows replace the file's results for the same KPI, agency and period; all
// other results are kept. With `replace`, the file's other results of the
// periods and agencies the table covers are removed (the table is their
// whole new report).
#include <algorithm>
#include <set>
#include <tuple>

#include "base/fs.hpp"
#include "base/text.hpp"
#include "importer/import_internal.hpp"
#include "importer/messages.hpp"
#include "importer/values.hpp"

namespace mb::importer {

using namespace detail;

namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // kpi, agency, period

bool single_lead(const data::Kpi& k) { return k.lead.size() == 1 && !data::is_group_token(k.lead[0]); }

Json result_json(const data::Result& r, const data::Kpi* k) {
  Json o = Json::object();
  o["kpi"] = r.kpi;
  if (!r.agency.empty() && !(k && single_lead(*k) && k->lead[0] == r.agency)) o["agency"] = r.agency;
  o["period"] = r.period.str();
  if (r.number) o["value"] = json_number(*r.number);
  else if (r.done) o["value"] = *r.done;
  if (!r.reported.empty()) o["reported"] = r.reported.str();
  if (!r.source.empty()) o["source"] = r.source;
  if (!r.note.empty()) o["note"] = r.note;
  return o;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string write_csv(const Json& results) {
  const std::vector<std::string> cols = {"kpi", "agency", "period", "value", "reported", "source", "note"};
  std::string out = "kpi,agency,period,value,reported,source,note\n";
  for (const auto& r : results) {
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (i) out += ',';
      if (r.contains(cols[i])) out += csv_field(show(r[cols[i]]));
    }
    out += '\n';
  }
  return out;
}

std::string kpi_label(const data::Kpi& k) {
  std::string t = k.title;
  if (text::length_utf8(t) > 60) {
    // cut at a code point boundary near 60 characters
    std::size_t n = 0, i = 0;
    for (; i < t.size() && n < 57; ++i)
      if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) ++n;
    while (i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) ++i;
    t = t.substr(0, i) + "…";
  }
  return t;
}

}  // namespace

bool plan_results(const data::Dataset& data, const std::filesystem::path& data_dir, const std::string& data_prefix,
                  const Table& table, const ResultsOptions& opt, ImportPlan& plan, Diagnostics& diags) {
  plan.spreadsheet = table.path;
  plan.row_word = table.xlsx() ? "row" : "line";
  plan.sheet = table.sheet;
  const data::Plan* p = data.plan(opt.plan);
  if (!p) {
    std::vector<std::string> ids;
    for (const auto& x : data.plans) ids.push_back(x.id);
    Diagnostic d;
    d.path = "--plan";
    d.message = format("unknown plan '{0}'", {opt.plan});
    std::string near = nearest(opt.plan, ids);
    if (!near.empty()) d.notes.push_back(format("did you mean '{0}'?", {near}));
    std::string all;
    for (const auto& i : ids) all += (all.empty() ? "" : ", ") + i;
    d.notes.push_back("the plans are: " + all);
    diags.add(std::move(d));
    return false;
  }
  std::error_code ec;
  bool csv_file = std::filesystem::exists(data_dir / "results" / (p->id + ".csv"), ec);
  std::string ext = csv_file ? ".csv" : ".json";
  plan.what = "results " + p->id;
  plan.target = data_prefix + "results/" + p->id + ext;
  plan.file = data_dir / "results" / (p->id + ext);
  const data::ResultSet* existing = data.results_for(p->id);
  plan.new_file = existing == nullptr;

  std::optional<std::string> default_period;
  if (!opt.period.empty()) {
    default_period = parse_period_text(opt.period);
    if (!default_period) {
      diags.error("--period", 0, 0, format("'{0}' is not a reporting period", {opt.period}));
      return false;
    }
  }

  std::vector<ColumnSpec> specs = {
      {"kpi", {"kpi", "ma chi tieu", "so hieu chi tieu", "ma kpi", "ma", "so hieu", "id", "chi tieu so"}},
      {"title", {"chi tieu", "ten chi tieu", "noi dung chi tieu", "noi dung", "ten"}},
      {"agency", {"agency", "co quan", "don vi", "ten don vi", "ten co quan", "co quan don vi", "don vi bao cao",
                  "co quan chu tri", "don vi chu tri", "dia phuong", "xa phuong"}},
      {"period", {"period", "ky", "ky bao cao", "thoi ky", "ky danh gia", "nam", "quy"}},
      {"value", {"value", "ket qua", "gia tri", "so lieu", "ket qua thuc hien", "ket qua dat duoc", "thuc hien",
                 "ket qua thuc te"}},
      {"reported", {"reported", "ngay bao cao", "ngay"}},
      {"source", {"source", "nguon", "nguon so lieu", "van ban bao cao", "bao cao so"}},
      {"note", {"note", "ghi chu"}},
      {"_skip", {"stt", "tt", "so tt", "so thu tu", "chi tieu ke hoach", "muc tieu", "don vi tinh", "dvt"}},
  };
  auto header = find_header(table, specs, {"kpi", "title"});
  if (!header || !header->column.count("value")) {
    Diagnostic d;
    d.path = table.path;
    if (header) {
      d.line = table.rows[header->row].line;
      d.col = 1;
    }
    d.message = format("no header row found: expected a column for {0}",
                       {header ? "the value (\"Kết quả\", \"Giá trị\")" : "the KPI (\"Mã chỉ tiêu\" or \"Chỉ tiêu\")"});
    diags.add(std::move(d));
    return false;
  }
  const Header& h = *header;
  for (std::size_t c : h.unused) {
    const Cell& cell = table.rows[h.row].cells[c];
    plan.info.push_back(format("column {0} '{1}' is not used",
                               {table.xlsx() ? column_letters(cell.pos.col) : std::to_string(c + 1), cell.text}));
  }

  // KPIs by id and by folded title
  std::vector<const data::Kpi*> kpis;
  std::map<std::string, std::size_t> order;
  for (const auto& s : p->sections)
    for (const auto& k : s.kpis) {
      order[k.id] = kpis.size();
      kpis.push_back(&k);
    }
  auto find_kpi = [&](const std::string& id, const std::string& title) -> const data::Kpi* {
    if (!id.empty()) {
      std::string t = id;
      while (!t.empty() && t.back() == '.') t.pop_back();  // "I.1." as some tables write it
      if (const data::Kpi* k = p->kpi(t)) return k;
      return nullptr;
    }
    const data::Kpi* found = nullptr;
    for (const auto* k : kpis)
      if (normalise_name(k->title) == normalise_name(title)) {
        if (found) return nullptr;
        found = k;
      }
    return found;
  };
  std::vector<const data::Agency*> all;
  for (const auto& a : data.agencies) all.push_back(&a);
  AgencyMatcher matcher(all);

  bool ok = true;
  std::map<Key, std::pair<Json, int>> rows;  // key → result, spreadsheet row
  std::set<std::pair<std::string, std::string>> covered;  // (period, agency) the table reports on
  std::map<Key, std::map<std::string, SourcePos>> row_cells;
  for (std::size_t r = h.row + 1; r < table.rows.size(); ++r) {
    const Row& row = table.rows[r];
    Cell kc = cell_of(row, h, "kpi"), tc = cell_of(row, h, "title"), vc = cell_of(row, h, "value");
    if (kc.text.empty() && (tc.text.empty() || h.column.count("kpi"))) continue;  // section headings, blank lines
    ++plan.rows;
    const data::Kpi* k = find_kpi(kc.text, tc.text);
    if (!k) {
      const Cell& at = kc.text.empty() ? tc : kc;
      std::vector<std::pair<std::size_t, std::string>> near;
      for (const auto* x : kpis) {
        std::size_t d = kc.text.empty() ? edit_distance(text::fold(tc.text), text::fold(x->title)) : edit_distance(kc.text, x->id);
        near.emplace_back(d, x->id);
      }
      std::sort(near.begin(), near.end());
      std::string list;
      for (std::size_t i = 0; i < near.size() && i < 3; ++i) {
        const data::Kpi* x = p->kpi(near[i].second);
        list += (list.empty() ? "" : "; ") + x->id + " " + kpi_label(*x);
      }
      cell_error(diags, table, at, format("no KPI '{0}' in plan '{1}'", {at.text, p->id}),
                 {format("closest: {0}", {list})});
      ok = false;
      continue;
    }
    Json o = Json::object();
    o["kpi"] = k->id;
    // agency
    std::string agency;
    Cell ac = cell_of(row, h, "agency");
    bool row_ok = true;
    if (!ac.text.empty()) {
      Match m = matcher.match(ac.text);
      if (!m.agency) {
        report_match(diags, table, ac, m, "");
        ok = false;
        continue;
      }
      if (m.without_diacritics)
        plan.info.push_back(format("matched '{0}' to {1} ignoring diacritics ({2})",
                                   {ac.text, describe(*m.agency), row_name(table, row.line)}));
      agency = m.agency->id;
    } else if (single_lead(*k)) {
      agency = k->lead[0];
    }
    if (!agency.empty() && !(single_lead(*k) && k->lead[0] == agency)) o["agency"] = agency;
    // period
    Cell pc = cell_of(row, h, "period");
    std::string period;
    if (!pc.text.empty()) {
      if (auto v = parse_period_text(pc.text)) period = *v;
      else {
        cell_error(diags, table, pc, format("'{0}' is not a reporting period", {pc.text}));
        row_ok = false;
      }
    } else if (default_period) {
      period = *default_period;
    } else {
      row_error(diags, table, row, "no period for this row");
      row_ok = false;
    }
    o["period"] = period;
    // value
    if (vc.text.empty()) {
      cell_error(diags, table, vc, "row needs a value");
      row_ok = false;
    } else if (k->target.op == data::TargetOp::done) {
      if (auto b = parse_yes_no(vc.text)) o["value"] = *b;
      else {
        cell_error(diags, table, vc, format("'{0}' is neither a number nor done/not done", {vc.text}));
        row_ok = false;
      }
    } else if (auto v = parse_number(vc.text)) {
      o["value"] = json_number(*v);
    } else if (auto b = k->target.op == data::TargetOp::text ? parse_yes_no(vc.text) : std::nullopt) {
      o["value"] = *b;
    } else {
      cell_error(diags, table, vc,
                 format(k->target.op == data::TargetOp::text ? "'{0}' is neither a number nor done/not done" : "'{0}' is not a number",
                        {vc.text}));
      row_ok = false;
    }
    Cell rc = cell_of(row, h, "reported");
    if (!rc.text.empty()) {
      if (auto d = parse_date_text(rc.text)) o["reported"] = *d;
      else {
        cell_error(diags, table, rc, format("'{0}' is not a date", {rc.text}));
        row_ok = false;
      }
    } else if (!opt.reported.empty()) {
      o["reported"] = opt.reported;
    }
    Cell sc = cell_of(row, h, "source");
    if (!sc.text.empty()) o["source"] = sc.text;
    else if (!opt.source.empty()) o["source"] = opt.source;
    Cell nc = cell_of(row, h, "note");
    if (!nc.text.empty()) o["note"] = nc.text;
    if (!row_ok) {
      ok = false;
      continue;
    }
    Key key{k->id, agency, period};
    if (auto it = rows.find(key); it != rows.end()) {
      row_error(diags, table, row, format("the same result appears twice (also on {0})", {row_name(table, it->second.second)}));
      ok = false;
      continue;
    }
    covered.emplace(period, agency);
    std::map<std::string, SourcePos> cells = {{"", (kc.text.empty() ? tc : kc).pos}, {"/kpi", (kc.text.empty() ? tc : kc).pos}};
    for (const auto& [field, c] : {std::pair{"/agency", ac}, {"/period", pc}, {"/value", vc}, {"/reported", rc},
                                   {"/source", sc}, {"/note", nc}})
      if (!c.text.empty()) cells[field] = c.pos;
    row_cells[key] = std::move(cells);
    rows.emplace(key, std::make_pair(std::move(o), row.line));
  }
  if (plan.rows == 0 && ok) {
    row_error(diags, table, table.rows[h.row], "the spreadsheet has no rows below its header");
    return false;
  }
  if (!ok) return false;

  // merge with the file's results
  std::map<Key, std::pair<Json, int>> merged;  // value, spreadsheet row (0 = kept from the file)
  std::vector<Change> removed;
  std::map<std::string, const data::Agency*> by_id;
  for (const auto& a : data.agencies) by_id[a.id] = &a;
  auto label = [&](const Key& key) {
    const data::Kpi* k = p->kpi(std::get<0>(key));
    std::string l = k ? kpi_label(*k) : std::get<0>(key);
    const std::string& ag = std::get<1>(key);
    if (!ag.empty() && by_id.count(ag)) l += " — " + by_id[ag]->name;
    return l;
  };
  auto key_text = [](const Key& key) {
    return std::get<0>(key) + " " + (std::get<1>(key).empty() ? "" : std::get<1>(key) + " ") + std::get<2>(key);
  };
  std::map<Key, Json> before;
  if (existing)
    for (const auto& r : existing->results) {
      Key key{r.kpi, r.agency, r.period.str()};
      Json o = result_json(r, p->kpi(r.kpi));
      before[key] = o;
      if (rows.count(key)) continue;
      if (opt.replace && covered.count({r.period.str(), r.agency})) {
        Change c;
        c.kind = ChangeKind::removed;
        c.key = key_text(key);
        c.label = label(key);
        c.fields = diff_objects(o, Json::object(), {"kpi", "agency", "period", "source", "note", "reported"});
        removed.push_back(std::move(c));
        continue;
      }
      merged[key] = {o, 0};
    }
  for (auto& [key, v] : rows) merged[key] = v;

  // changes in table order
  std::vector<std::pair<int, Key>> by_row;
  for (const auto& [key, v] : rows) by_row.emplace_back(v.second, key);
  std::sort(by_row.begin(), by_row.end());
  for (const auto& [line, key] : by_row) {
    const Json& now = rows[key].first;
    Change c;
    c.key = key_text(key);
    c.label = label(key);
    c.line = line;
    auto it = before.find(key);
    if (it == before.end()) {
      c.kind = ChangeKind::added;
      c.fields = diff_objects(Json::object(), now, {"kpi", "agency", "period"});
    } else {
      c.kind = ChangeKind::changed;
      c.fields = diff_objects(it->second, now, {"kpi", "agency", "period"});
      if (c.fields.empty()) {
        ++plan.unchanged;
        continue;
      }
    }
    plan.changes.push_back(std::move(c));
  }
  for (auto& c : removed) plan.changes.push_back(std::move(c));

  // the file: results in plan order, then agency, then period
  std::vector<std::pair<Key, std::pair<Json, int>>> items(merged.begin(), merged.end());
  auto period_key = [](const std::string& s) {
    auto pp = data::parse_period(s);
    return pp ? *pp : data::Period{};
  };
  std::stable_sort(items.begin(), items.end(), [&](const auto& a, const auto& b) {
    const auto &ka = a.first, &kb = b.first;
    std::size_t oa = order.count(std::get<0>(ka)) ? order[std::get<0>(ka)] : SIZE_MAX;
    std::size_t ob = order.count(std::get<0>(kb)) ? order[std::get<0>(kb)] : SIZE_MAX;
    if (oa != ob) return oa < ob;
    if (std::get<1>(ka) != std::get<1>(kb)) return std::get<1>(ka) < std::get<1>(kb);
    return period_key(std::get<2>(ka)) < period_key(std::get<2>(kb));
  });
  Json results = Json::array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    results.push_back(items[i].second.first);
    if (items[i].second.second > 0)
      for (const auto& [suffix, pos] : row_cells[items[i].first])
        plan.cells["/results/" + std::to_string(i) + suffix] = pos;
  }
  if (csv_file) {
    plan.text = write_csv(results);
  } else {
    Json doc = Json::object();
    doc["plan"] = p->id;
    if (existing && existing->illustrative) {
      doc["illustrative"] = true;
      plan.info.push_back("the plan's results are marked illustrative (sample data); the file keeps that mark");
    }
    doc["results"] = results;
    plan.text = dump(doc);
  }
  return true;
}

}  // namespace mb::importer
