// Publication record: the published figures, the changes between two
// publications (new rankings, new results, corrected figures old → new) and
// the change log kept in du-lieu/thay-doi.json.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/fs.hpp"
#include "base/json_events.hpp"
#include "base/parallel.hpp"
#include "data/compute.hpp"
#include "site/records.hpp"

namespace mb::site::records {

namespace {

std::vector<std::string> split(std::string_view key) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto slash = key.find('/', start);
    out.emplace_back(key.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

// The subject a figure belongs to: "ranking/<index>/<year>" or
// "result/<plan>/<kpi>/<agency>/<period>"; "" for other keys.
std::string subject_of(std::string_view key) {
  auto p = split(key);
  if (p[0] == "ranking" && p.size() >= 4) return p[0] + "/" + p[1] + "/" + p[2];
  if (p[0] == "result" && p.size() >= 6) return p[0] + "/" + p[1] + "/" + p[2] + "/" + p[3] + "/" + p[4];
  return "";
}

// The first figure at or after `key`, in a map or a sorted list.
auto first_from(const std::map<std::string, std::string>& values, const std::string& key) {
  return values.lower_bound(key);
}
auto first_from(const opendata::ValueList& values, const std::string& key) {
  return std::lower_bound(values.begin(), values.end(), key,
                          [](const auto& entry, const std::string& k) { return entry.first < k; });
}

// Whether `values` has a figure of `subject`: its figures' keys all begin
// with "<subject>/", so they sit together in key order.
template <class Values>
bool has_subject(const Values& values, const std::string& subject) {
  std::string prefix = subject + "/";
  auto it = first_from(values, prefix);
  return it != values.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

// changes_between for a map or a sorted list: one walk over both in key order.
template <class Values>
std::vector<ChangeRow> changes_in_order(const Values& previous, const Values& current, const std::string& date) {
  std::vector<ChangeRow> out;
  // a new or removed subject gets one row, from its first figure: its
  // figures come one after another in the walk, so only the last row can be the same
  auto subject_row = [&](const char* kind, const std::string& subject, const std::string& old_value,
                         const std::string& new_value) {
    if (!out.empty() && out.back().key == subject && out.back().kind == kind) return;
    out.push_back({date, kind, subject, old_value, new_value});
  };
  auto a = previous.begin(), b = current.begin();
  while (a != previous.end() || b != current.end()) {
    bool added = a == previous.end() || (b != current.end() && b->first < a->first);
    bool removed = !added && (b == current.end() || a->first < b->first);
    const std::string& key = added ? b->first : a->first;
    if (!added && !removed && a->second == b->second) {  // unchanged
      ++a, ++b;
      continue;
    }
    std::string subject = subject_of(key);
    bool is_ranking = subject.rfind("ranking/", 0) == 0;
    if (added && !subject.empty() && !has_subject(previous, subject)) {
      // a ranking or result published for the first time
      subject_row(is_ranking ? "new-ranking" : "new-result", subject, "", is_ranking ? "" : b->second);
    } else if (removed && !subject.empty() && !has_subject(current, subject)) {
      subject_row("removal", subject, is_ranking ? "" : a->second, "");
    } else if (added) {
      out.push_back({date, "addition", key, "", b->second});
    } else if (removed) {
      out.push_back({date, "removal", key, a->second, ""});
    } else {
      out.push_back({date, "correction", key, a->second, b->second});
    }
    if (!removed) ++b;
    if (!added) ++a;
  }
  return out;
}

int kind_order(const std::string& kind) {
  int i = 0;
  for (const char* k : kChangeKinds) {
    if (kind == k) return i;
    ++i;
  }
  return i;
}

const data::Kpi* kpi_by_key(const data::Plan* plan, const std::string& part) {
  if (!plan) return nullptr;
  for (const auto& s : plan->sections)
    for (const auto& k : s.kpis)
      if (key_part(k.id) == part) return &k;
  return nullptr;
}

std::string agency_name(const data::Dataset& data, const std::string& id) {
  const data::Agency* a = data.agency(id);
  return a ? a->name : id;
}

std::string measure_label(const std::vector<std::string>& p, const data::Index* index) {
  if (p[0] == "ranking") {
    if (p.size() == 4 && p[3] == "total") return "số đơn vị được xếp hạng";
    if (p.size() < 5) return "";
    if (p[4] == "rank") return "hạng";
    if (p[4] == "score") return "điểm";
    if (p[4] == "group") return "nhóm";
    if (p[4] == "component" && p.size() >= 6) {
      const data::IndexComponent* c = index ? index->component(p[5]) : nullptr;
      return "điểm thành phần " + (c ? c->name : p[5]);
    }
    return p[4];
  }
  if (p[0] == "result") return "kết quả";
  return "";
}

// "83.81" → "83,81" for numbers; other texts unchanged.
std::string show_value(const std::string& v) {
  if (v.empty()) return "(trống)";
  if (v == "true") return "đã hoàn thành";
  if (v == "false") return "chưa hoàn thành";
  if (opendata::Cell::is_decimal_literal(v)) return vi_number(std::stod(v));
  return v;
}

}  // namespace

opendata::ValueList published_values(const Site& site) {
  opendata::ValueList out;
  auto put = [&out](std::string key, std::string text) { out.emplace_back(std::move(key), std::move(text)); };
  const auto& d = site.data;
  for (const auto& r : d.rankings) {
    std::string base = "ranking/" + r.index + "/" + std::to_string(r.year) + "/";
    if (r.total) put(base + "total", std::to_string(*r.total));
    for (const auto& e : r.entries) {
      std::string k = base + e.agency + "/";
      if (e.rank > 0) put(k + "rank", std::to_string(e.rank));  // 0: the source gives no rank
      if (e.score) put(k + "score", number_text(*e.score));
      if (!e.group.empty()) put(k + "group", e.group);
      for (const auto& [c, v] : e.components) put(k + "component/" + c, number_text(v));
    }
  }
  auto as_of = data::parse_date(site.as_of).value_or(data::Date{9999, 12, 31});
  for (const auto& set : d.results) {
    for (const auto& r : set.results) {
      if (!data::known_on(r, as_of)) continue;
      std::string k = "result/" + set.plan + "/" + key_part(r.kpi) + "/" + (r.agency.empty() ? "_" : r.agency) + "/" +
                      r.period.str() + "/value";
      if (r.number) put(std::move(k), number_text(*r.number));
      else if (r.done) put(std::move(k), *r.done ? "true" : "false");
    }
  }
  opendata::sort_values(out);
  return out;
}

std::vector<ChangeRow> changes_between(const opendata::ValueList* previous, const opendata::ValueList& current,
                                       const std::string& date) {
  if (!previous) return {{date, "first-publication", "", "", ""}};
  return changes_in_order(*previous, current, date);
}

std::vector<ChangeRow> changes_between(const std::map<std::string, std::string>* previous,
                                       const std::map<std::string, std::string>& current, const std::string& date) {
  if (!previous) return {{date, "first-publication", "", "", ""}};
  return changes_in_order(*previous, current, date);
}

std::vector<ChangeRow> merge_log(std::vector<ChangeRow> log, std::vector<ChangeRow> now) {
  // the first row of the log for each (date, key, kind), of the dates `now`
  // has (a row can only meet a row of its own date): a publication can add
  // hundreds of thousands of rows to a log as long, so no search of the log per row
  std::set<std::string> dates;
  for (const auto& row : now) dates.insert(row.date);
  // rows by index (no copies of their texts), ordered by (date, key, kind)
  auto less = [&log](std::size_t x, std::size_t y) {
    return std::tie(log[x].date, log[x].key, log[x].kind) < std::tie(log[y].date, log[y].key, log[y].kind);
  };
  std::set<std::size_t, decltype(less)> first(less);
  for (std::size_t i = 0; i < log.size(); ++i)
    if (dates.count(log[i].date)) first.insert(i);  // an equal row later is not inserted: the first stays
  std::vector<char> dropped(log.size(), 0);
  log.reserve(log.size() + now.size());
  for (auto& row : now) {
    log.push_back(std::move(row));
    auto [same, fresh] = first.insert(log.size() - 1);
    if (fresh) {
      dropped.push_back(0);
      continue;
    }
    ChangeRow again = std::move(log.back());
    log.pop_back();
    ChangeRow& r = log[*same];
    if (again.kind == "correction") {
      // corrected again at the same publication date: one row, from the first old value
      r.new_value = std::move(again.new_value);
      if (r.old_value == r.new_value) dropped[*same] = 1, first.erase(same);
    } else {
      r = std::move(again);
    }
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (dropped[i]) continue;
    if (kept != i) log[kept] = std::move(log[i]);  // (a string moved onto itself ends up empty)
    ++kept;
  }
  log.resize(kept);
  std::sort(log.begin(), log.end(), [](const ChangeRow& a, const ChangeRow& b) {
    if (a.date != b.date) return a.date > b.date;
    if (a.key != b.key) return a.key < b.key;
    return kind_order(a.kind) < kind_order(b.kind);
  });
  log.erase(std::unique(log.begin(), log.end()), log.end());
  return log;
}

std::string correction_date(const std::vector<ChangeRow>& log, std::string_view prefix) {
  return ChangeIndex(log).latest(prefix);
}

ChangeIndex::ChangeIndex(const std::vector<ChangeRow>& log) : log_(log) {
  for (std::size_t i = 0; i < log.size(); ++i) {
    const std::string& kind = log[i].kind;
    if (kind == "correction" || kind == "addition" || kind == "removal") rows_.emplace_back(log[i].key, i);
  }
  std::sort(rows_.begin(), rows_.end());
}

template <class F>
void ChangeIndex::each_under(std::string_view prefix, F&& f) const {
  auto it = std::lower_bound(rows_.begin(), rows_.end(), std::pair<std::string_view, std::size_t>(prefix, 0));
  for (; it != rows_.end() && it->first.substr(0, prefix.size()) == prefix; ++it) f(log_[it->second], it->second);
}

std::string ChangeIndex::latest(std::string_view prefix) const {
  std::string best;
  each_under(prefix, [&](const ChangeRow& r, std::size_t) {
    if (r.date > best) best = r.date;
  });
  return best;
}

std::vector<const ChangeRow*> ChangeIndex::under(std::string_view prefix) const {
  std::vector<std::size_t> at;
  each_under(prefix, [&](const ChangeRow&, std::size_t i) { at.push_back(i); });
  std::sort(at.rbegin(), at.rend());  // the log is newest first
  std::vector<const ChangeRow*> out;
  for (std::size_t i : at) out.push_back(&log_[i]);
  return out;
}

namespace {

// Whether the subject of a change (its key, split) is illustrative data.
bool illustrative_subject(const data::Dataset& d, const std::vector<std::string>& p) {
  if (p[0] == "ranking" && p.size() >= 3) {
    try {
      const data::Ranking* r = d.ranking(p[1], std::stoi(p[2]));
      return r && r->illustrative;
    } catch (...) {
      return false;
    }
  }
  if (p[0] == "result" && p.size() >= 5) {
    const data::Plan* plan = d.plan(p[1]);
    const data::ResultSet* set = d.results_for(p[1]);
    return (plan && plan->illustrative) || (set && set->illustrative);
  }
  return false;
}

}  // namespace

bool change_illustrative(const Site& site, const ChangeRow& row) {
  return row.kind != "first-publication" && illustrative_subject(site.data, split(row.key));
}

ChangeText describe_change(const Site& site, const Links& links, const ChangeRow& row) {
  const auto& d = site.data;
  ChangeText t;
  if (row.kind == "first-publication") {
    t.title = "Lần công bố đầu tiên: " + std::to_string(d.rankings.size()) + " bảng xếp hạng, " +
              std::to_string(d.plans.size()) + " kế hoạch";
    std::size_t results = 0;
    for (const auto& s : d.results) results += s.results.size();
    if (results) t.title += ", " + std::to_string(results) + " kết quả chỉ tiêu";
    t.url = site.permalink("thay-doi/");
    return t;
  }
  auto p = split(row.key);
  std::string subject;
  if (p[0] == "ranking" && p.size() >= 3) {
    const data::Ranking* r = nullptr;
    try {
      r = d.ranking(p[1], std::stoi(p[2]));
    } catch (...) {
    }
    const data::Index* index = d.index(p[1]);
    std::string label = r ? ranking_label(d, *r) : p[1] + " " + p[2];
    t.illustrative = illustrative_subject(d, p);
    t.url = site.permalink(links.rankings + "/" + p[1] + "/" + p[2] + "/");
    subject = label;
    if (p.size() >= 5) subject += " · " + agency_name(d, p[3]);
    t.measure = measure_label(p, index);
    if (row.kind == "new-ranking") {
      std::size_t n = r ? r->entries.size() : 0;
      t.title = "Xếp hạng mới: " + label;
      if (r && n == 1) {
        const auto& e = r->entries.front();
        t.title += ": " + agency_name(d, e.agency);
        if (e.rank > 0) t.title += " hạng " + std::to_string(e.rank) + "/" + std::to_string(r->units());
        else if (e.score) t.title += " đạt " + show_value(number_text(*e.score));
      } else if (r) {
        t.title += " (" + std::to_string(r->units()) + " đơn vị)";
      }
    }
  } else if (p[0] == "result" && p.size() >= 5) {
    const data::Plan* plan = d.plan(p[1]);
    const data::Kpi* kpi = kpi_by_key(plan, p[2]);
    t.illustrative = illustrative_subject(d, p);
    t.url = site.permalink(kpi ? links.kpi_dir(p[1], kpi->id) : links.plan_dir(p[1]));
    subject = (plan ? plan_label(d, *plan) : p[1]) + " · chỉ tiêu " + (kpi ? kpi->id : p[2]);
    if (p[3] != "_") subject += " · " + agency_name(d, p[3]);
    subject += " · kỳ " + p[4];
    t.measure = measure_label(p, nullptr);
    if (row.kind == "new-result") {
      std::string v = show_value(row.new_value);
      if (kpi && opendata::Cell::is_decimal_literal(row.new_value) && !kpi->target.unit.empty())
        v += kpi->target.unit == "%" ? "%" : " " + kpi->target.unit;
      t.title = "Kết quả mới: " + subject + ": " + v;
    }
  } else {
    subject = row.key;
    t.url = site.permalink("thay-doi/");
  }
  t.subject_label = subject;
  std::string what = subject + (t.measure.empty() ? "" : " · " + t.measure);
  if (row.kind == "correction")
    t.title = "Đính chính " + what + ": " + show_value(row.old_value) + " → " + show_value(row.new_value);
  else if (row.kind == "addition")
    t.title = "Bổ sung " + what + ": " + show_value(row.new_value);
  else if (row.kind == "removal")
    t.title = "Gỡ bỏ " + what + (row.old_value.empty() ? "" : " (trước đây: " + show_value(row.old_value) + ")");
  if (t.title.empty()) t.title = what;
  return t;
}

namespace {

// thay-doi.json read event by event (json_events): an array of objects with
// the string members ngay, loai, khoa, gia_tri_cu and gia_tri_moi. Elements
// that are not objects, and rows with no date or an unknown kind, are left out.
struct LogHandler {
  bool array = false;
  std::vector<ChangeRow> rows;
  ChangeRow row;
  std::string field;

  void key(int, std::string& k) { field = k; }
  void value(int depth, const json_events::Scalar& v) {
    if (depth != 2 || v.kind != json_events::Kind::string) return;
    std::string* slot = field == "ngay"          ? &row.date
                        : field == "loai"        ? &row.kind
                        : field == "khoa"        ? &row.key
                        : field == "gia_tri_cu"  ? &row.old_value
                        : field == "gia_tri_moi" ? &row.new_value
                                                 : nullptr;
    if (slot) *slot = std::move(*v.text);
  }
  bool open(int depth, bool object) {
    if (depth == 0) return array = !object;
    if (depth == 1 && object) row = ChangeRow{};
    return depth == 1 && object;
  }
  void close(int depth) {
    if (depth != 1) return;
    if (row.date.size() == 10 && kind_order(row.kind) < static_cast<int>(std::size(kChangeKinds)))
      rows.push_back(std::move(row));
  }
};

}  // namespace

PreviousRecord read_previous(const std::filesystem::path& out_dir, const Links& links, Diagnostics& diags) {
  PreviousRecord prev;
  std::error_code ec;
  auto manifest = out_dir / links.open_data / "manifest.json";
  std::string display = fs::display_path(manifest, std::filesystem::current_path(ec));
  if (std::filesystem::exists(manifest, ec)) {
    std::string text, err;
    if (!fs::read_file(manifest, text, &err)) {
      diags.warning(display, 0, 0, "cannot read the previous publication's manifest (" + err +
                                       "); this publication is recorded as the first");
    } else if (auto m = opendata::parse_manifest(text, &err, &prev.values)) {
      prev.manifest = std::move(*m);
    } else {
      diags.warning(display, 0, 0, "the previous publication's manifest is not valid (" + err +
                                       "); this publication is recorded as the first");
    }
  }
  auto log = out_dir / links.open_data / "thay-doi.json";
  if (prev.manifest && std::filesystem::exists(log, ec)) {
    std::string text, err;
    std::string log_display = fs::display_path(log, std::filesystem::current_path(ec));
    if (!fs::read_file(log, text, &err)) {
      diags.warning(log_display, 0, 0, "cannot read the previous change log: " + err);
      return prev;
    }
    LogHandler handler;
    if (!json_events::parse(text, handler) || !handler.array) {
      diags.warning(log_display, 0, 0, "the previous change log is not a JSON array of changes; it is started again");
      return prev;
    }
    prev.log = std::move(handler.rows);
  }
  return prev;
}

Value log_value(const Site& site, const Links& links, const std::vector<ChangeRow>& log,
                const std::function<Value(const std::string& url)>& page_of) {
  // each row's dict made on every core, then listed in order (a long log has
  // hundreds of thousands)
  std::vector<Value> rows(log.size());
  parallel_for(log.size(), site.threads, [&](std::size_t i) {
    const ChangeRow& r = log[i];
    ChangeText t = describe_change(site, links, r);
    Value v = Value::dict();
    v.reserve(13);  // the fields below: a long log holds hundreds of thousands of these
    v.set("date", Value(r.date));
    v.set("kind", Value(r.kind));
    v.set("key", Value(r.key));
    v.set("old", Value(r.old_value));
    v.set("new", Value(r.new_value));
    v.set("old_text", Value(r.old_value.empty() ? "" : show_value(r.old_value)));
    v.set("new_text", Value(r.new_value.empty() ? "" : show_value(r.new_value)));
    v.set("title", Value(t.title));
    v.set("subject", Value(t.subject_label));
    v.set("measure", Value(t.measure));
    v.set("url", Value(t.url));
    v.set("illustrative", Value(t.illustrative));
    if (page_of) v.set("page", page_of(t.url));
    rows[i] = std::move(v);
  });
  Value out = Value::list();
  for (auto& v : rows) out.push(std::move(v));
  return out;
}

}  // namespace mb::site::records
