// data/plans/<id>.json: plans, sections, KPIs, targets and due dates.
#include <algorithm>
#include <set>

#include "base/text.hpp"
#include "data/loader_internal.hpp"

namespace mb::data::detail {

namespace {
const std::vector<std::string> kPlanFields = {"id",     "number", "title",   "issuer", "issued",       "period",
                                              "parent", "source", "summary", "notes",  "illustrative", "sections"};
const std::vector<std::string> kSectionFields = {"id", "title", "note", "kpis"};
const std::vector<std::string> kKpiFields = {"id", "title", "lead", "support", "target", "due", "note", "implements"};
const std::vector<std::string> kTargetFields = {"op", "value", "min", "max", "unit", "baseline", "of", "text"};
const std::vector<std::string> kOps = {">=", "<=", "=", ">", "<", "range", "reduce", "done", "count", "rank"};
const std::vector<std::string> kDueWords = {"quarterly", "yearly", "ongoing"};

// The members each op uses (besides op, unit, text); the first list is required.
struct OpFields {
  std::vector<std::string> required, optional;
};
OpFields fields_of(TargetOp op) {
  switch (op) {
    case TargetOp::range: return {{"min", "max"}, {}};
    case TargetOp::reduce: return {{"value", "baseline"}, {}};
    case TargetOp::done: return {{}, {}};
    case TargetOp::rank: return {{"max"}, {"min", "of"}};
    case TargetOp::text: return {{}, {}};
    default: return {{"value"}, {}};
  }
}
}  // namespace

Loader::At Loader::at(const Document& doc, std::string_view pointer) {
  SourcePos p = doc.pos(pointer);
  return {doc.path, p, p.line > 0 ? line_of(doc.text, p.line) : std::string()};
}

void Loader::error_at(const At& at, std::string message, std::vector<std::string> notes) {
  Diagnostic d;
  d.path = at.path;
  d.line = at.pos.line;
  d.col = at.pos.col;
  d.message = std::move(message);
  d.notes = std::move(notes);
  d.source_line = at.line;
  diags_.add(std::move(d));
}

void Loader::load_plan(const std::string& rel) {
  const Document* doc = parse(rel);
  if (!doc) return;
  read_plan(*doc, rel);
  docs_.pop_back();  // nothing refers to a plan file once read (links keep their positions)
}

void Loader::read_plan(const Document& doc_ref, const std::string& rel) {
  const Document* doc = &doc_ref;
  Fields f(*doc, diags_, doc->root, "", "plan", kPlanFields);
  if (!f.ok()) return;
  Plan p;
  p.origin = {doc->path, f.pos()};
  bool id_ok = f.str("id", p.id, true) && check_slug(f, "id", p.id);
  if (id_ok && p.id != stem_of(rel))
    f.error("id", "plan id '" + p.id + "' does not match the file name '" + std::filesystem::path(rel).filename().string() + "'",
            {"the file should be named '" + p.id + ".json'"});
  f.str("number", p.number, false);
  f.str("title", p.title, true);
  if (f.str("issuer", p.issuer, true)) check_agency_ref(*doc, f.at("issuer"), p.issuer, false);
  f.date("issued", p.issued, false);
  if (const Json* per = f.object("period", true)) {
    Fields pf(*doc, diags_, *per, f.at("period"), "period", {"from", "to"});
    std::optional<int> from, to;
    pf.integer("from", from, true);
    pf.integer("to", to, true);
    if (from && to) {
      if (*from > *to) pf.error("to", "the period ends (" + std::to_string(*to) + ") before it starts (" + std::to_string(*from) + ")");
      p.from = *from;
      p.to = *to;
    }
  }
  f.str("parent", p.parent, false);
  read_source(f, "source", p.source, true);
  f.str("summary", p.summary, false);
  f.strings("notes", p.notes, false);
  f.boolean("illustrative", p.illustrative, false);

  PlanLinks links{p.id, p.parent, at(*doc, "/parent"), {}};
  std::map<std::string, Origin> section_ids, kpi_ids;
  if (const Json* secs = f.array("sections", true)) {
    for (std::size_t i = 0; i < secs->size(); ++i) {
      std::string sptr = json::pointer_append(f.at("sections"), i);
      Fields sf(*doc, diags_, (*secs)[i], sptr, "section", kSectionFields);
      if (!sf.ok()) continue;
      Section s;
      s.origin = {doc->path, sf.pos()};
      if (sf.str("id", s.id, true)) {
        if (!is_local_id(s.id))
          sf.error("id", "invalid section id '" + s.id + "': use ASCII letters, digits, '.', '-' or '_'");
        auto [it, fresh] = section_ids.emplace(s.id, s.origin);
        if (!fresh) sf.error("id", "duplicate section id '" + s.id + "' in plan", {first_defined(it->second)});
      }
      sf.str("title", s.title, true);
      sf.str("note", s.note, false);
      if (const Json* kpis = sf.array("kpis", true)) {
        for (std::size_t j = 0; j < kpis->size(); ++j) {
          std::string kptr = json::pointer_append(sf.at("kpis"), j);
          Kpi k;
          if (!read_kpi(*doc, (*kpis)[j], kptr, k)) continue;
          if (!k.id.empty()) {
            auto [it, fresh] = kpi_ids.emplace(k.id, k.origin);
            if (!fresh) {
              doc->error(diags_, json::pointer_append(kptr, "id"), "duplicate KPI id '" + k.id + "' in plan",
                         {first_defined(it->second)});
              continue;
            }
          }
          if (!k.implements.empty()) links.implements.emplace_back(at(*doc, json::pointer_append(kptr, "implements")), k.implements);
          s.kpis.push_back(std::move(k));
        }
      }
      p.sections.push_back(std::move(s));
    }
  }
  if (!id_ok) return;
  pending_plans_.push_back({std::move(p), std::move(links), at(*doc, f.at("id"))});
}

bool Loader::read_kpi(const Document& doc, const Json& v, const std::string& ptr, Kpi& out) {
  Fields f(doc, diags_, v, ptr, "KPI", kKpiFields);
  if (!f.ok()) return false;
  out.origin = {doc.path, f.pos()};
  if (f.str("id", out.id, true) && !is_local_id(out.id))
    f.error("id", "invalid KPI id '" + out.id + "': use ASCII letters, digits, '.', '-' or '_'");
  f.str("title", out.title, true);
  auto check_list = [&](const std::string& key, const std::vector<std::string>& ids) {
    const Json* raw = f.get(key);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      std::string p = raw && raw->is_array() ? json::pointer_append(f.at(key), i) : f.at(key);
      if (!seen.insert(ids[i]).second)
        doc.error(diags_, p, "'" + ids[i] + "' is listed twice in '" + key + "'");
      else
        check_agency_ref(doc, p, ids[i], true);
    }
  };
  if (f.one_or_more("lead", out.lead, true)) check_list("lead", out.lead);
  if (f.strings("support", out.support, false)) check_list("support", out.support);
  if (const Json* t = f.object("target", true)) read_target(doc, *t, f.at("target"), out.target);
  if (const Json* d = f.object("due", true)) read_due(doc, *d, f.at("due"), out.due);
  f.str("note", out.note, false);
  f.str("implements", out.implements, false);
  return true;
}

void Loader::read_target(const Document& doc, const Json& v, const std::string& ptr, Target& out) {
  Fields f(doc, diags_, v, ptr, "target", kTargetFields);
  if (!f.ok()) return;
  f.str("text", out.text, false);
  f.str("unit", out.unit, false);
  std::string op = "text";
  if (!f.has("op")) {
    out.op = TargetOp::text;
    if (!f.has("text")) f.error("", "a target needs an 'op' or a 'text'");
  } else {
    if (!f.str("op", op, true)) return;
    auto it = std::find(kOps.begin(), kOps.end(), op);
    if (it == kOps.end()) {
      auto notes = suggest(op, kOps);
      notes.push_back("expected one of: >=, <=, =, >, <, range, reduce, done, count, rank");
      f.error("op", "unknown target op '" + op + "'", notes);
      return;
    }
    out.op = static_cast<TargetOp>(it - kOps.begin() + 1);
  }
  OpFields uses = fields_of(out.op);
  for (const char* k : {"value", "min", "max", "baseline", "of"}) {
    bool req = std::count(uses.required.begin(), uses.required.end(), k) > 0;
    bool opt = std::count(uses.optional.begin(), uses.optional.end(), k) > 0;
    if (!req && !opt && f.has(k)) {
      if (out.op == TargetOp::text)
        f.error_key(k, "'" + std::string(k) + "' needs an 'op'");
      else
        f.error_key(k, "'" + std::string(k) + "' does not apply to op '" + op + "'");
    } else if (req && !f.has(k)) {
      f.error("", "missing required field '" + std::string(k) + "' for op '" + op + "'");
    }
  }
  if (out.op == TargetOp::rank) {
    std::optional<int> min, max, of;
    f.integer("min", min, false);
    f.integer("max", max, false);
    f.integer("of", of, false);
    if (max && *max < 1) f.error("max", "a rank starts at 1");
    if (min && *min < 1) f.error("min", "a rank starts at 1");
    if (min && max && *min > *max) f.error("min", "'min' is greater than 'max'");
    if (of && max && *of < *max) f.error("of", "'of' is smaller than the rank 'max'");
    if (min) out.min = *min;
    if (max) out.max = *max;
    out.of = of;
    return;
  }
  f.number("value", out.value, false);
  f.number("min", out.min, false);
  f.number("max", out.max, false);
  if (out.min && out.max && *out.min > *out.max) f.error("min", "'min' is greater than 'max'");
  if (out.op == TargetOp::reduce && out.value) {
    if (*out.value <= 0) f.error("value", "a reduction must be greater than 0");
    if (out.unit == "%" && *out.value > 100) f.error("value", "cannot reduce by more than 100%");
  }
  if (const Json* b = out.op == TargetOp::reduce ? f.object("baseline", false) : nullptr) {
    // {"year": 2024} or a period {"from": 2021, "to": 2025}; optional known "value"
    Fields bf(doc, diags_, *b, f.at("baseline"), "baseline", {"year", "from", "to", "value"});
    if (bf.ok()) {
      if (bf.has("year") == (bf.has("from") || bf.has("to"))) {
        bf.error("", "a baseline is a 'year' or a period with 'from' and 'to'");
      } else if (bf.has("year")) {
        bf.integer("year", out.baseline_year, true);
        out.baseline_to = out.baseline_year;
      } else {
        std::optional<int> from, to;
        if (bf.integer("from", from, true) & bf.integer("to", to, true)) {
          if (*from > *to) bf.error("to", "the baseline period ends (" + std::to_string(*to) + ") before it starts (" + std::to_string(*from) + ")");
          out.baseline_year = from;
          out.baseline_to = to;
        }
      }
      bf.number("value", out.baseline_value, false);
    }
  }
}

void Loader::read_due(const Document& doc, const Json& v, const std::string& ptr, Due& out) {
  Fields f(doc, diags_, v, ptr, "due", {"when", "text"});
  if (!f.ok()) return;
  f.str("text", out.text, false);
  out.kind = DueKind::text;
  if (!f.has("when")) {
    if (!f.has("text")) f.error("", "a due needs a 'when' or a 'text'");
    return;
  }
  std::string when;
  if (!f.str("when", when, true)) return;
  if (when == "quarterly") {
    out.kind = DueKind::quarterly;
  } else if (when == "yearly") {
    out.kind = DueKind::yearly;
  } else if (when == "ongoing") {
    out.kind = DueKind::ongoing;
  } else if (when.size() == 4 && std::all_of(when.begin(), when.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    out.kind = DueKind::year;
    out.year = std::stoi(when);
  } else if (when.size() == 10 && when[4] == '-' && when[7] == '-') {
    auto d = parse_date(when);
    if (!d) {
      f.error("when", "invalid date '" + when + "': no such day");
      return;
    }
    out.kind = DueKind::date;
    out.date = *d;
  } else {
    f.error("when",
            "invalid 'when' value '" + when + "': expected a date YYYY-MM-DD, a year YYYY, 'quarterly', 'yearly' or 'ongoing'",
            suggest(when, kDueWords));
  }
}

void Loader::check_plan_links() {
  std::map<std::string, const Plan*> by_id;
  std::vector<std::string> ids;
  for (const auto& p : out_.plans) {
    by_id.emplace(p.id, &p);
    ids.push_back(p.id);
  }
  for (const auto& l : plan_links_) {
    const Plan* parent = nullptr;
    if (!l.parent.empty()) {
      if (l.parent == l.plan) {
        error_at(l.parent_at, "a plan cannot be its own parent");
      } else if (auto it = by_id.find(l.parent); it == by_id.end()) {
        error_at(l.parent_at, "unknown plan '" + l.parent + "'", suggest(l.parent, ids));
      } else {
        parent = it->second;
        // a longer cycle: follow the parents
        const Plan* q = parent;
        for (std::size_t steps = 0; q && !q->parent.empty() && steps <= by_id.size(); ++steps) {
          if (q->parent == l.plan) {
            error_at(l.parent_at, "plan parents form a cycle through '" + l.parent + "'");
            break;
          }
          auto next = by_id.find(q->parent);
          q = next == by_id.end() ? nullptr : next->second;
        }
      }
    }
    for (const auto& [ptr, kpi] : l.implements) {
      if (l.parent.empty()) {
        error_at(ptr, "'implements' needs the plan's 'parent'");
      } else if (parent && !parent->kpi(kpi)) {
        error_at(ptr, "unknown KPI '" + kpi + "' in parent plan '" + l.parent + "'",
                     suggest(kpi, kpi_ids(*parent)));
      }
    }
  }
}

}  // namespace mb::data::detail
