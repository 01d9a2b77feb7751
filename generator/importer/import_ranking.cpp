// import ranking: a table of agencies with scores (and ranks, groups,
// component scores) → data/rankings/<index>/<year>.json.
#include <algorithm>
#include <set>

#include "base/text.hpp"
#include "importer/import_internal.hpp"
#include "importer/messages.hpp"
#include "importer/values.hpp"

namespace mb::importer {

using namespace detail;

namespace {

const std::vector<std::string> kScopes = {"provinces", "departments", "communes"};

std::vector<std::string> agency_names() {
  return {"agency", "co quan", "don vi", "ten don vi", "ten co quan", "co quan don vi", "ten co quan don vi",
          "dia phuong", "ten dia phuong", "xa phuong", "ten xa phuong", "xa phuong thi tran", "ten", "tinh",
          "tinh thanh pho", "ten tinh", "so ban nganh", "ten so ban nganh", "co quan don vi dia phuong", "don vi dia phuong"};
}

data::AgencyKind kind_of(const std::string& scope) {
  if (scope == "provinces") return data::AgencyKind::province;
  if (scope == "departments") return data::AgencyKind::department;
  return data::AgencyKind::commune;
}

std::string scope_words(const std::string& scope) {
  if (scope == "provinces") return "provinces";
  if (scope == "departments") return "departments";
  if (scope == "communes") return "communes";
  return "agencies";
}

// The entry as it stands in the file (what the loader read from it).
Json entry_json(const data::RankingEntry& e) {
  Json o = Json::object();
  o["agency"] = e.agency;
  if (e.score) o["score"] = json_number(*e.score);
  if (e.given_rank) o["rank"] = *e.given_rank;
  if (e.group_given) o["group"] = e.group;
  if (!e.components.empty()) {
    Json c = Json::object();
    for (const auto& [k, v] : e.components) c[k] = json_number(v);
    o["components"] = c;
  }
  if (!e.note.empty()) o["note"] = e.note;
  return o;
}

std::optional<int> parse_rank(const std::string& s) {
  std::string t(text::trim(s));
  auto slash = t.find('/');
  if (slash != std::string::npos) t = std::string(text::trim(t.substr(0, slash)));
  bool pct = false;
  auto v = parse_number(t, &pct);
  if (!v || pct || *v < 1 || *v != static_cast<double>(static_cast<int>(*v))) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace

bool plan_ranking(const data::Dataset& data, const std::filesystem::path& data_dir, const std::string& data_prefix,
                  const Table& table, const RankingOptions& opt, ImportPlan& plan, Diagnostics& diags) {
  plan.spreadsheet = table.path;
  plan.row_word = table.xlsx() ? "row" : "line";
  plan.sheet = table.sheet;
  const data::Index* index = data.index(opt.index);
  if (!index) {
    std::vector<std::string> ids;
    for (const auto& i : data.indices) ids.push_back(i.id);
    Diagnostic d;
    d.path = "--index";
    d.message = format("unknown index '{0}'", {opt.index});
    std::string near = nearest(opt.index, ids);
    if (!near.empty()) d.notes.push_back(format("did you mean '{0}'?", {near}));
    std::string all;
    for (const auto& i : ids) all += (all.empty() ? "" : ", ") + i;
    d.notes.push_back("the indices are: " + all);
    diags.add(std::move(d));
    return false;
  }
  std::string year = std::to_string(opt.year);
  plan.what = "ranking " + index->id + " " + year;
  plan.target = data_prefix + "rankings/" + index->id + "/" + year + ".json";
  plan.file = data_dir / "rankings" / index->id / (year + ".json");
  const data::Ranking* existing = data.ranking(index->id, opt.year);
  plan.new_file = existing == nullptr;

  // scope: given, else as before, else from the agencies found
  std::string scope = opt.scope;
  if (!scope.empty() && std::find(kScopes.begin(), kScopes.end(), scope) == kScopes.end()) {
    diags.error("--scope", 0, 0, "unknown scope '" + scope + "': expected provinces, departments or communes");
    return false;
  }
  if (scope.empty() && existing) scope = data::to_string(existing->scope);
  if (scope.empty())
    for (const auto* r : data.rankings_of(index->id)) scope = data::to_string(r->scope);

  // columns
  std::vector<ColumnSpec> specs = {
      {"agency", agency_names()},
      {"score", {"score", "diem", "tong diem", "diem so", "chi so", "gia tri chi so", "ket qua", "tong", "diem dat duoc",
                 "tong diem dat duoc", "diem danh gia", "tong diem danh gia", header_key(index->short_name),
                 header_key(index->name)}},
      {"rank", {"rank", "xep hang", "thu hang", "hang", "vi tri", "thu tu xep hang", "vi tri xep hang", "xep thu"}},
      {"group", {"group", "nhom", "xep loai", "phan loai", "nhom xep hang"}},
      {"note", {"note", "ghi chu"}},
      {"_skip", {"stt", "tt", "so tt", "so thu tu", "ma", "ma don vi"}},
  };
  for (const auto& c : index->components) {
    std::string id_words = c.id;
    std::replace(id_words.begin(), id_words.end(), '-', ' ');
    specs.push_back({"component:" + c.id, {header_key(c.name), id_words}});
  }
  auto header = find_header(table, specs, {"agency"});
  if (!header) {
    Diagnostic d;
    d.path = table.path;
    d.message = format("no header row found: expected a column for {0}", {"the agency (\"Đơn vị\", \"Tên đơn vị\", \"Xã, phường\")"});
    diags.add(std::move(d));
    return false;
  }
  const Header& h = *header;
  if (!h.column.count("score") && !h.column.count("rank")) {
    row_error(diags, table, table.rows[h.row],
              format("no header row found: expected a column for {0}", {"the score (\"Điểm\", \"Tổng điểm\") or the rank (\"Xếp hạng\")"}));
    return false;
  }
  for (std::size_t c : h.unused) {
    const Cell& cell = table.rows[h.row].cells[c];
    plan.info.push_back(format("column {0} '{1}' is not used",
                               {table.xlsx() ? column_letters(cell.pos.col) : std::to_string(c + 1), cell.text}));
  }

  // who can be ranked
  std::vector<const data::Agency*> pool;
  for (const auto& a : data.agencies) {
    bool fits = scope.empty() ? (a.kind == data::AgencyKind::province || a.kind == data::AgencyKind::department ||
                                 a.kind == data::AgencyKind::commune)
                              : a.kind == kind_of(scope);
    if (fits) pool.push_back(&a);
  }
  AgencyMatcher matcher(pool);

  bool ok = true;
  Json entries = Json::array();
  std::vector<int> entry_rows;
  std::vector<std::map<std::string, SourcePos>> entry_cells;  // field pointer suffix → cell
  std::map<std::string, int> seen;  // agency → row
  std::set<data::AgencyKind> kinds;
  for (std::size_t r = h.row + 1; r < table.rows.size(); ++r) {
    const Row& row = table.rows[r];
    Cell name = cell_of(row, h, "agency"), score = cell_of(row, h, "score"), rank = cell_of(row, h, "rank");
    if (name.text.empty()) continue;  // a blank or sub-total line
    Match m = matcher.match(name.text);
    if (!m.agency && score.text.empty() && rank.text.empty()) continue;  // a title or a footer line, not data
    ++plan.rows;
    if (!m.agency) {
      report_match(diags, table, name, m, scope_words(scope));
      ok = false;
      continue;
    }
    if (m.without_diacritics)
      plan.info.push_back(format("matched '{0}' to {1} ignoring diacritics ({2})",
                                 {name.text, describe(*m.agency), row_name(table, row.line)}));
    kinds.insert(m.agency->kind);
    auto [it, fresh] = seen.emplace(m.agency->id, row.line);
    if (!fresh) {
      cell_error(diags, table, name, format("'{0}' is {1} again (already on {2})", {name.text, describe(*m.agency), row_name(table, it->second)}));
      ok = false;
      continue;
    }
    Json e = Json::object();
    e["agency"] = m.agency->id;
    bool row_ok = true;
    if (!score.text.empty()) {
      if (auto v = parse_number(score.text)) e["score"] = json_number(*v);
      else {
        cell_error(diags, table, score, format("'{0}' is not a number", {score.text}));
        row_ok = false;
      }
    }
    if (!rank.text.empty()) {
      if (auto v = parse_rank(rank.text)) e["rank"] = *v;
      else {
        cell_error(diags, table, rank, format("'{0}' is not a rank", {rank.text}));
        row_ok = false;
      }
    }
    if (score.text.empty() && rank.text.empty()) {
      row_error(diags, table, row, "row needs a score or a rank");
      row_ok = false;
    }
    Cell group = cell_of(row, h, "group");
    if (!group.text.empty()) e["group"] = group.text;
    Json comps = Json::object();
    for (const auto& c : index->components) {
      Cell cc = cell_of(row, h, "component:" + c.id);
      if (cc.text.empty()) continue;
      if (auto v = parse_number(cc.text)) comps[c.id] = json_number(*v);
      else {
        cell_error(diags, table, cc, format("'{0}' is not a number", {cc.text}));
        row_ok = false;
      }
    }
    if (!comps.empty()) e["components"] = comps;
    Cell note = cell_of(row, h, "note");
    if (!note.text.empty()) e["note"] = note.text;
    else if (!h.column.count("note") && existing)
      if (const auto* old = existing->entry(m.agency->id); old && !old->note.empty()) e["note"] = old->note;
    if (!row_ok) {
      ok = false;
      continue;
    }
    std::map<std::string, SourcePos> cells = {{"", name.pos}, {"/agency", name.pos}};
    if (!score.text.empty()) cells["/score"] = score.pos;
    if (!rank.text.empty()) cells["/rank"] = rank.pos;
    if (!group.text.empty()) cells["/group"] = group.pos;
    for (const auto& c : index->components) {
      Cell cc = cell_of(row, h, "component:" + c.id);
      if (!cc.text.empty()) cells["/components/" + c.id] = cc.pos;
    }
    entries.push_back(std::move(e));
    entry_rows.push_back(row.line);
    entry_cells.push_back(std::move(cells));
  }
  if (plan.rows == 0 && ok) {
    row_error(diags, table, table.rows[h.row], "the spreadsheet has no rows below its header");
    return false;
  }
  if (scope.empty()) {
    if (kinds.size() == 1) scope = data::to_string(*kinds.begin());
    else if (ok) {
      Diagnostic d;
      d.path = table.path;
      d.message = "cannot tell which kind of agencies this ranking ranks";
      diags.add(std::move(d));
      return false;
    }
  }
  if (!ok) return false;

  // the file
  Json doc = Json::object();
  doc["index"] = index->id;
  doc["year"] = opt.year;
  doc["scope"] = scope;
  if (!opt.published.empty()) doc["published"] = opt.published;
  else if (existing && !existing->published.empty()) doc["published"] = existing->published.str();
  if (existing && existing->total && *existing->total >= static_cast<int>(entries.size())) doc["total"] = *existing->total;
  Json source = Json::object();
  if (!opt.source.empty()) {
    source["name"] = opt.source;
  } else if (existing) {
    source["name"] = existing->source.name;
    if (!existing->source.url.empty()) source["url"] = existing->source.url;
    if (!existing->source.ref.empty()) source["ref"] = existing->source.ref;
  } else {
    source["name"] = std::filesystem::path(table.path).filename().string();
    plan.info.push_back("the source is the spreadsheet's file name; give --source \"Quyết định số .../QĐ-UBND ngày ...\" to cite the decision");
  }
  doc["source"] = source;
  if (existing && existing->illustrative)
    plan.info.push_back("the ranking was marked illustrative (sample data); the imported one is not");
  doc["entries"] = entries;
  for (std::size_t i = 0; i < entry_cells.size(); ++i)
    for (const auto& [suffix, pos] : entry_cells[i]) plan.cells["/entries/" + std::to_string(i) + suffix] = pos;
  plan.text = dump(doc);

  // what changes
  std::map<std::string, const data::Agency*> by_id;
  for (const auto& a : data.agencies) by_id[a.id] = &a;
  auto label = [&](const std::string& id) { return by_id.count(id) ? by_id[id]->name : id; };
  std::set<std::string> now;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Json& e = entries[i];
    std::string id = e["agency"];
    now.insert(id);
    const data::RankingEntry* old = existing ? existing->entry(id) : nullptr;
    Change c;
    c.key = id;
    c.label = label(id);
    c.line = entry_rows[i];
    if (!old) {
      c.kind = ChangeKind::added;
      c.fields = diff_objects(Json::object(), e, {"agency"});
    } else {
      c.kind = ChangeKind::changed;
      c.fields = diff_objects(entry_json(*old), e, {"agency"});
      if (c.fields.empty()) {
        ++plan.unchanged;
        continue;
      }
    }
    plan.changes.push_back(std::move(c));
  }
  if (existing) {
    std::vector<Change> removed;
    for (const auto& e : existing->entries) {
      if (now.count(e.agency)) continue;
      Change c;
      c.kind = ChangeKind::removed;
      c.key = e.agency;
      c.label = label(e.agency);
      Json brief = Json::object();  // a removed entry is named by its score and rank, not every component
      for (const char* k : {"score", "rank", "group"})
        if (entry_json(e).contains(k)) brief[k] = entry_json(e)[k];
      c.fields = diff_objects(brief, Json::object(), {});
      removed.push_back(std::move(c));
    }
    std::sort(removed.begin(), removed.end(), [](const Change& a, const Change& b) { return a.key < b.key; });
    for (auto& c : removed) plan.changes.push_back(std::move(c));
  }
  return true;
}

}  // namespace mb::importer
