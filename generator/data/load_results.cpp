// data/results/<plan-id>.json and .csv: reported values.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "base/text.hpp"
#include "data/csv.hpp"
#include "data/loader_internal.hpp"

namespace mb::data::detail {

namespace {
const std::vector<std::string> kResultFields = {"kpi", "agency", "period", "value", "reported", "source", "note"};

bool numeric_op(TargetOp op) { return op != TargetOp::text && op != TargetOp::done; }

// A CSV cell as the JSON value it stands for: numbers and true/false for
// `value`, strings otherwise. Anything else stays a string so the usual type
// error reports it (nothing is coerced: "96,5" is not a number).
Json cell_value(const std::string& column, const std::string& s) {
  if (column != "value") return Json(text::nfc(s));
  if (s == "true") return Json(true);
  if (s == "false") return Json(false);
  Json parsed = Json::parse(s, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_number() && s.find_first_of(" \t\r\n") == std::string::npos) return parsed;
  return Json(text::nfc(s));
}
}  // namespace

void Loader::load_results(const std::string& rel) {
  const Document* doc = parse(rel);
  if (!doc) return;
  read_results(*doc, rel, stem_of(rel));
  docs_.pop_back();  // nothing refers to a results file once read: free its tree and positions
}

void Loader::load_results_csv(const std::string& rel) {
  auto doc = std::make_unique<Document>();
  doc->path = prefix_ + rel;
  if (!json::read_capped(dir_ / rel, doc->path, opt_.json.max_bytes, doc->text, diags_)) return;
  const std::string& t = doc->text;
  if (std::size_t bad = text::invalid_utf8_offset(t); bad != text::npos) {
    doc->error_at(diags_, position_of(t, bad), t[bad] == '\0' ? "NUL byte in text" : "invalid UTF-8 byte sequence");
    return;
  }
  std::vector<csv::Error> errors;
  std::vector<csv::Row> rows = csv::parse(t, errors);
  json::LineCursor cursor(t);
  for (const auto& e : errors) doc->error_at(diags_, position_of(t, e.offset), "malformed CSV: " + e.message);
  if (rows.empty()) {
    if (errors.empty()) doc->error_at(diags_, {1, 1}, "empty CSV file: expected the header kpi,agency,period,value,reported,source,note");
    return;
  }
  // header
  std::vector<std::string> columns;
  bool header_ok = true;
  for (const auto& f : rows[0].fields) {
    SourcePos p = cursor.at(f.offset);
    if (std::find(kResultFields.begin(), kResultFields.end(), f.value) == kResultFields.end()) {
      doc->error_at(diags_, p, "unknown column '" + f.value + "'", suggest(f.value, kResultFields));
      header_ok = false;
    } else if (std::find(columns.begin(), columns.end(), f.value) != columns.end()) {
      doc->error_at(diags_, p, "duplicate column '" + f.value + "'");
      header_ok = false;
    }
    columns.push_back(f.value);
  }
  for (const char* req : {"kpi", "period", "value"})
    if (std::find(columns.begin(), columns.end(), req) == columns.end()) {
      doc->error_at(diags_, cursor.at(rows[0].offset), std::string("missing required column '") + req + "'");
      header_ok = false;
    }
  if (!header_ok) return;  // rows cannot be read without their columns

  // the rows as the JSON results document they stand for
  std::string plan = stem_of(rel);
  doc->root = Json{{"plan", plan}, {"results", Json::array()}};
  doc->value_pos[""] = {1, 1};
  doc->value_pos["/plan"] = {1, 1};
  doc->value_pos["/results"] = {1, 1};
  Json& results = doc->root["results"];
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const csv::Row& row = rows[r];
    SourcePos rp = cursor.at(row.offset);
    if (row.fields.size() != columns.size()) {
      doc->error_at(diags_, rp,
                    "row has " + std::to_string(row.fields.size()) + " fields; the header has " + std::to_string(columns.size()));
      continue;
    }
    std::string ptr = json::pointer_append("/results", results.size());
    Json obj = Json::object();
    doc->value_pos[ptr] = rp;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const csv::Field& f = row.fields[c];
      if (f.value.empty()) continue;  // an empty cell is an absent field
      SourcePos p = cursor.at(f.offset);
      std::string fp = json::pointer_append(ptr, columns[c]);
      doc->value_pos[fp] = p;
      doc->key_pos[fp] = p;
      obj[columns[c]] = cell_value(columns[c], f.value);
    }
    results.push_back(std::move(obj));
  }
  read_results(*doc, rel, plan);  // then freed: nothing refers to a results file once read
}

void Loader::read_results(const Document& doc, const std::string& rel, const std::string& expected_plan) {
  Fields f(doc, diags_, doc.root, "", "results file", {"plan", "illustrative", "results"});
  if (!f.ok()) return;
  ResultSet rs;
  rs.origin = {doc.path, f.pos()};
  const Plan* plan = nullptr;
  if (f.str("plan", rs.plan, true)) {
    plan = find_or_report(shared().out_.plans, rs.plan, f, "plan", "plan");
    if (rs.plan != expected_plan)
      f.error("plan", "plan '" + rs.plan + "' does not match the file name '" + std::filesystem::path(rel).filename().string() + "'",
              {"results for plan '" + rs.plan + "' belong in results/" + rs.plan + ".json"});
  }
  f.boolean("illustrative", rs.illustrative, false);
  std::map<std::tuple<std::string, std::string, std::string>, Origin> seen;
  if (const Json* arr = f.array("results", true)) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      std::string ptr = json::pointer_append(f.at("results"), i);
      Fields rf(doc, diags_, (*arr)[i], ptr, "result", kResultFields);
      if (!rf.ok()) continue;
      Result r;
      r.pos = rf.pos();
      const Kpi* k = nullptr;
      bool ok = rf.str("kpi", r.kpi, true);
      if (ok && plan) {
        k = plan->kpi(r.kpi);
        if (!k) {
          rf.error("kpi", "unknown KPI '" + r.kpi + "' in plan '" + plan->id + "'", suggest(r.kpi, kpi_ids(*plan)));
          ok = false;
        }
      }
      if (rf.str("agency", r.agency, false))
        check_agency_ref(doc, rf.at("agency"), r.agency, false);
      else if (k && k->lead.size() == 1 && !is_group_token(k->lead[0]))
        r.agency = k->lead[0];
      std::string per;
      bool period_ok = false;
      if (rf.str("period", per, true)) {
        if (auto pp = parse_period(per)) {
          r.period = *pp;
          period_ok = true;
          // figures of a reduce target's baseline years may precede the plan
          const Target* t = k ? &k->target : nullptr;
          bool baseline = t && t->op == TargetOp::reduce && t->baseline_year && pp->year >= *t->baseline_year &&
                          pp->year <= *t->baseline_to;
          if (plan && plan->from > 0 && !baseline && (pp->year < plan->from || pp->year > plan->to))
            rf.error("period", "period " + per + " is outside the plan's period " + std::to_string(plan->from) + "–" +
                                   std::to_string(plan->to));
        } else {
          rf.error("period", "invalid period '" + per + "': expected YYYY, YYYY-Qn (n = 1–4) or YYYY-Hn (n = 1–2)");
        }
      }
      ok = ok && period_ok;
      if (const Json* v = rf.get("value")) {
        if (v->is_number())
          r.number = v->get<double>();
        else if (v->is_boolean())
          r.done = v->get<bool>();
        else
          rf.error("value", "'value' must be a number or true/false, not " + json::describe(*v));
        if (k && k->target.op == TargetOp::done && r.number)
          rf.error("value", "the target of KPI '" + k->id + "' is 'done': its value is true or false, not a number");
        if (k && numeric_op(k->target.op) && r.done)
          rf.error("value", "the target of KPI '" + k->id + "' is '" + to_string(k->target.op) +
                                "': its value is a number, not true or false");
      } else {
        rf.missing("value");
      }
      if (rf.date("reported", r.reported, false) && period_ok && r.reported < r.period.first_day())
        rf.error("reported", "reported on " + r.reported.str() + ", before its period " + per + " began");
      rf.str("source", r.source, false);
      rf.str("note", r.note, false);
      if (!ok) continue;
      auto [it, fresh] = seen.emplace(std::make_tuple(r.kpi, r.agency, r.period.str()), Origin{doc.path, r.pos});
      if (!fresh) {
        rf.error("", "duplicate result for KPI '" + r.kpi + "'" + (r.agency.empty() ? "" : ", agency '" + r.agency + "'") +
                         ", period " + r.period.str(),
                 {first_defined(it->second)});
        continue;
      }
      rs.results.push_back(std::move(r));
    }
  }
  if (rs.plan.empty()) return;
  pending_results_.push_back({std::move(rs), at(doc, f.at("plan"))});
}

}  // namespace mb::data::detail
