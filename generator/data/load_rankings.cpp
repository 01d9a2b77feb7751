// data/indices/<id>.json and data/rankings/<index>/<year>.json.
#include <algorithm>
#include <numeric>
#include <set>

#include "base/text.hpp"
#include "data/compute.hpp"
#include "data/loader_internal.hpp"

namespace mb::data::detail {

namespace {
const std::vector<std::string> kIndexFields = {"id",  "name",             "short_name",  "publisher",  "unit",
                                               "max", "higher_is_better", "description", "components", "groups"};
const std::vector<std::string> kRankingFields = {"index",  "year",         "scope",  "published", "total",
                                                 "source", "illustrative", "entries"};
const std::vector<std::string> kEntryFields = {"agency", "score", "rank", "group", "components", "note"};
const std::vector<std::string> kScopes = {"provinces", "departments", "communes"};

std::string num(double v) { return json::format_number(v); }

AgencyKind kind_of(Scope s) {
  switch (s) {
    case Scope::provinces: return AgencyKind::province;
    case Scope::departments: return AgencyKind::department;
    case Scope::communes: return AgencyKind::commune;
  }
  return AgencyKind::other;
}
}  // namespace

void Loader::load_index(const std::string& rel) {
  const Document* doc = parse(rel);
  if (!doc) return;
  Fields f(*doc, diags_, doc->root, "", "index", kIndexFields);
  if (!f.ok()) return;
  Index ix;
  ix.origin = {doc->path, f.pos()};
  bool id_ok = f.str("id", ix.id, true) && check_slug(f, "id", ix.id);
  if (id_ok && ix.id != stem_of(rel))
    f.error("id", "index id '" + ix.id + "' does not match the file name '" + std::filesystem::path(rel).filename().string() + "'",
            {"the file should be named '" + ix.id + ".json'"});
  f.str("name", ix.name, true);
  if (!f.str("short_name", ix.short_name, false)) ix.short_name = ix.name;
  if (f.str("publisher", ix.publisher, false)) check_agency_ref(*doc, f.at("publisher"), ix.publisher, false);
  f.str("unit", ix.unit, false);
  std::optional<double> max;
  if (f.number("max", max, true)) {
    if (*max <= 0) f.error("max", "'max' must be greater than 0");
    ix.max = *max;
  }
  f.boolean("higher_is_better", ix.higher_is_better, false);
  f.str("description", ix.description, false);
  if (const Json* arr = f.array("components", false)) {
    std::map<std::string, SourcePos> seen;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      Fields cf(*doc, diags_, (*arr)[i], json::pointer_append(f.at("components"), i), "component", {"id", "name", "max"});
      if (!cf.ok()) continue;
      IndexComponent c;
      bool ok = cf.str("id", c.id, true) && check_slug(cf, "id", c.id);
      cf.str("name", c.name, true);
      if (cf.number("max", c.max, false) && *c.max < 0) cf.error("max", "'max' must not be negative");
      if (!ok) continue;
      if (!seen.emplace(c.id, cf.pos()).second) {
        cf.error("id", "duplicate component id '" + c.id + "'");
        continue;
      }
      ix.components.push_back(std::move(c));
    }
  }
  if (const Json* arr = f.array("groups", false)) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      Fields gf(*doc, diags_, (*arr)[i], json::pointer_append(f.at("groups"), i), "group", {"id", "name", "min", "max"});
      if (!gf.ok()) continue;
      IndexGroup g;
      bool ok = gf.str("id", g.id, true);
      if (ok && !is_local_id(g.id)) {
        gf.error("id", "invalid group id '" + g.id + "': use ASCII letters, digits, '.', '-' or '_'");
        ok = false;
      }
      if (!gf.str("name", g.name, false)) g.name = g.id;
      gf.number("min", g.min, false);
      gf.number("max", g.max, false);
      if (g.min && g.max && *g.min > *g.max) gf.error("min", "'min' is greater than 'max'");
      if (!ok) continue;
      if (!seen.insert(g.id).second) {
        gf.error("id", "duplicate group id '" + g.id + "'");
        continue;
      }
      // best first: thresholds must not rise (fall, when lower is better)
      if (!ix.groups.empty()) {
        const IndexGroup& prev = ix.groups.back();
        bool bad = ix.higher_is_better ? (prev.min && g.min && *g.min >= *prev.min)
                                       : (prev.max && g.max && *g.max <= *prev.max);
        if (bad)
          gf.error(ix.higher_is_better ? "min" : "max",
                   "groups are listed best first: the threshold of '" + g.id + "' is not below that of '" + prev.id + "'");
      }
      ix.groups.push_back(std::move(g));
    }
  }
  if (!id_ok) return;
  for (const auto& other : out_.indices)
    if (other.id == ix.id) {
      f.error("id", "duplicate index id '" + ix.id + "'", {first_defined(other.origin)});
      return;
    }
  out_.indices.push_back(std::move(ix));
}

void Loader::load_ranking(const std::string& rel) {
  // rankings/<index>/<year>.json
  std::filesystem::path p(rel);
  std::vector<std::string> parts;
  for (const auto& part : p) parts.push_back(part.string());
  std::string folder = parts.size() == 3 ? parts[1] : "", stem = p.stem().string();
  bool year_name = stem.size() == 4 && std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (parts.size() != 3 || !year_name) {
    diags_.error(prefix_ + rel, 0, 0, "a ranking file is named rankings/<index>/<year>.json");
    return;
  }
  const Document* doc = parse(rel);
  if (!doc) return;
  Fields f(*doc, diags_, doc->root, "", "ranking", kRankingFields);
  if (!f.ok()) return;
  Ranking r;
  r.origin = {doc->path, f.pos()};
  const Index* index = nullptr;
  if (f.str("index", r.index, true)) {
    index = find_or_report(out_.indices, r.index, f, "index", "index");
    if (r.index != folder)
      f.error("index", "index '" + r.index + "' does not match the folder 'rankings/" + folder + "/'");
  }
  std::optional<int> year;
  if (f.integer("year", year, true)) {
    r.year = *year;
    if (std::to_string(*year) != stem)
      f.error("year", "year " + std::to_string(*year) + " does not match the file name '" + stem + ".json'");
  }
  std::string scope;
  bool scope_ok = false;
  if (f.str("scope", scope, true)) {
    auto it = std::find(kScopes.begin(), kScopes.end(), scope);
    if (it == kScopes.end()) {
      auto notes = suggest(scope, kScopes);
      notes.push_back("expected one of: provinces, departments, communes");
      f.error("scope", "unknown scope '" + scope + "'", notes);
    } else {
      r.scope = static_cast<Scope>(it - kScopes.begin());
      scope_ok = true;
    }
  }
  f.date("published", r.published, false);
  if (f.integer("total", r.total, false) && *r.total < 1) f.error("total", "'total' must be at least 1");
  read_source(f, "source", r.source, true);
  f.boolean("illustrative", r.illustrative, false);

  std::vector<std::string> entry_ptrs;
  if (const Json* arr = f.array("entries", true)) {
    std::map<std::string, Origin> seen;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      std::string ptr = json::pointer_append(f.at("entries"), i);
      Fields ef(*doc, diags_, (*arr)[i], ptr, "ranking entry", kEntryFields);
      if (!ef.ok()) continue;
      RankingEntry e;
      e.origin = {doc->path, ef.pos()};
      bool ok = ef.str("agency", e.agency, true);
      if (ok) {
        check_agency_ref(*doc, ef.at("agency"), e.agency, false);
        auto a = agency_origin_.find(e.agency);
        if (a != agency_origin_.end() && scope_ok) {
          auto found = agency_by_id_.find(e.agency);
          const Agency* ag = found == agency_by_id_.end() ? nullptr : found->second;
          if (ag && ag->kind != kind_of(r.scope))
            ef.error("agency", "agency '" + e.agency + "' is a " + to_string(ag->kind) + "; this ranking ranks " + scope);
        }
      }
      if (ef.number("score", e.score, false)) {
        if (*e.score < 0) ef.error("score", "score " + num(*e.score) + " is below 0");
        if (index && *e.score > index->max)
          ef.error("score", "score " + num(*e.score) + " is above the maximum " + num(index->max) + " of index '" + index->id + "'");
      }
      if (ef.integer("rank", e.given_rank, false)) {
        if (*e.given_rank < 1) ef.error("rank", "a rank starts at 1");
        e.rank = *e.given_rank;
      }
      if (ef.str("group", e.group, false)) {
        e.group_given = true;
        if (index && !index->group(e.group)) {
          ef.error("group", "unknown group '" + e.group + "' of index '" + index->id + "'",
                   suggest(e.group, ids_of(index->groups)));
        }
      }
      if (const Json* comps = ef.object("components", false)) {
        for (const auto& [cid, cv] : comps->items()) {
          std::string cptr = json::pointer_append(ef.at("components"), cid);
          if (!cv.is_number()) {
            doc->error(diags_, cptr, "component score must be a number, not " + json::describe(cv));
            continue;
          }
          double v = cv.get<double>();
          const IndexComponent* c = index ? index->component(cid) : nullptr;
          if (index && !c) {
            doc->error(diags_, cptr, "unknown component '" + cid + "' of index '" + index->id + "'",
                       suggest(cid, ids_of(index->components)), true);
            continue;
          }
          if (v < 0) doc->error(diags_, cptr, "score " + num(v) + " is below 0");
          if (c && c->max && v > *c->max)
            doc->error(diags_, cptr, "score " + num(v) + " is above the maximum " + num(*c->max) + " of component '" + cid + "'");
          e.components[cid] = v;
        }
      }
      ef.str("note", e.note, false);
      if (!ok) continue;
      auto [it, fresh] = seen.emplace(e.agency, e.origin);
      if (!fresh) {
        ef.error("agency", "duplicate entry for agency '" + e.agency + "'", {first_defined(it->second)});
        continue;
      }
      entry_ptrs.push_back(ptr);
      r.entries.push_back(std::move(e));
    }
  }
  if (r.total && *r.total < static_cast<int>(r.entries.size()))
    f.error("total", "'total' is " + std::to_string(*r.total) + " but the ranking lists " +
                         std::to_string(r.entries.size()) + " entries");
  compute_ranks(*doc, index, r, entry_ptrs);
  out_.rankings.push_back(std::move(r));
}

void Loader::compute_ranks(const Document& doc, const Index* index, Ranking& r,
                           const std::vector<std::string>& entry_ptrs) {
  auto& es = r.entries;
  bool hib = index ? index->higher_is_better : true;
  bool complete = !r.total || *r.total == static_cast<int>(es.size());
  bool all_scored = std::all_of(es.begin(), es.end(), [](const RankingEntry& e) { return e.score.has_value(); });
  auto rank_ptr = [&](std::size_t i) { return json::pointer_append(entry_ptrs[i], "rank"); };
  auto label = [&](std::size_t i) { return "'" + es[i].agency + "'"; };

  if (complete && all_scored) {
    std::vector<double> scores;
    for (const auto& e : es) scores.push_back(*e.score);
    std::vector<int> ranks = competition_ranks(scores, hib);
    for (std::size_t i = 0; i < es.size(); ++i) {
      if (es[i].given_rank && *es[i].given_rank != ranks[i])
        doc.error(diags_, rank_ptr(i),
                  "rank " + std::to_string(*es[i].given_rank) + " of " + label(i) + " is inconsistent with the scores: " +
                      "a score of " + num(*es[i].score) + " ranks " + std::to_string(ranks[i]));
      es[i].rank = ranks[i];
    }
  } else {
    // ranks cannot be computed: each entry keeps its given rank (0 = unknown)
    for (std::size_t i = 0; i < es.size(); ++i)
      if (!es[i].given_rank && !es[i].score)
        doc.error(diags_, entry_ptrs[i], "the entry for " + label(i) + " needs a 'score' or a 'rank'");
    // given ranks must agree with the scores that are given
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < es.size(); ++i)
      if (es[i].score && es[i].given_rank) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return hib ? *es[a].score > *es[b].score : *es[a].score < *es[b].score;
    });
    for (std::size_t k = 1; k < order.size(); ++k) {
      const auto &a = es[order[k - 1]], &b = es[order[k]];
      std::size_t bi = order[k];
      if (*a.score == *b.score && *a.given_rank != *b.given_rank)
        doc.error(diags_, rank_ptr(bi),
                  "rank " + std::to_string(*b.given_rank) + " of " + label(bi) + " is inconsistent with the scores: '" +
                      a.agency + "' has the same score (" + num(*a.score) + ") but rank " + std::to_string(*a.given_rank));
      else if (*a.score != *b.score && *a.given_rank >= *b.given_rank)
        doc.error(diags_, rank_ptr(bi),
                  "rank " + std::to_string(*b.given_rank) + " of " + label(bi) + " is inconsistent with the scores: '" +
                      a.agency + "' scores better (" + num(*a.score) + " against " + num(*b.score) + ") but ranks " +
                      std::to_string(*a.given_rank));
    }
  }
  int units = r.units();
  for (std::size_t i = 0; i < es.size(); ++i)
    if (es[i].given_rank && *es[i].given_rank > units)
      doc.error(diags_, rank_ptr(i),
                "rank " + std::to_string(*es[i].given_rank) + " is beyond the " + std::to_string(units) + " units ranked");

  // groups from thresholds
  if (!index) return;
  for (std::size_t i = 0; i < es.size(); ++i) {
    const IndexGroup* g = es[i].score ? group_for(*index, *es[i].score) : nullptr;
    if (!g) continue;
    if (!es[i].group_given)
      es[i].group = g->id;
    else if (es[i].group != g->id && index->group(es[i].group))
      doc.error(diags_, json::pointer_append(entry_ptrs[i], "group"),
                "group '" + es[i].group + "' of " + label(i) + " does not match its score: " + num(*es[i].score) +
                    " is in group '" + g->id + "' by the thresholds of index '" + index->id + "'");
  }
}

}  // namespace mb::data::detail
