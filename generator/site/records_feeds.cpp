// Publication record: feed items from content and data events, and the
// feeds that carry them (everything, news, changes, each agency, index, plan).
#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "base/parallel.hpp"
#include "base/text.hpp"
#include "data/compute.hpp"
#include "feeds/feed.hpp"
#include "site/records.hpp"

namespace mb::site::records {

namespace {

constexpr const char* kNewsSection = "tin-tuc";

/// A feed item and the feeds it belongs to.
struct Event {
  feeds::FeedItem item;
  bool root = true;
  bool news = false;
  std::set<std::string> agencies, indices, plans;
  const content::Page* body_from = nullptr;  ///< a page whose summary and HTML the item takes if it is kept
  std::function<void(feeds::FeedItem&)> make_body;  ///< or: writes its summary and HTML, if it is kept
};

// An event's item while the feeds choose theirs. A news page's summary and
// HTML are copied into it only once it is kept: a feed keeps `cap` items, so
// on a site of 50,000 news pages most bodies would be copied for nothing.
struct PendingItem : feeds::FeedItem {
  const content::Page* body_from = nullptr;
  std::function<void(feeds::FeedItem&)> make_body;
};

std::string esc(std::string_view s) { return text::html_escape(s); }

std::string tag(const Site& site, std::string_view specific) {
  return feeds::tag_uri(site.config.domain(), site.config.feed_id_date, specific);
}

std::string agency_name(const data::Dataset& d, const std::string& id) {
  const data::Agency* a = d.agency(id);
  return a ? a->name : id;
}

// The corrections of the item's subject (old → new, dated), oldest first,
// added to its summary and HTML.
void add_correction_notes(const Site& site, const Links& links, feeds::FeedItem& item, const ChangeIndex& log,
                          std::string_view prefix) {
  std::string notes;
  for (const ChangeRow* r : log.under(prefix))  // oldest first
    notes += " Ngày " + vi_date(r->date) + ": " + describe_change(site, links, *r).title + ".";
  if (notes.empty()) return;
  item.summary += notes;
  item.content_html += "<p class=\"corrections\">" + esc(text::trim(notes)) + "</p>\n";
}

// updated = the latest correction when it is after the published date; with
// `bodies`, the corrections themselves too (add_correction_notes)
void set_updated(const Site& site, const Links& links, feeds::FeedItem& item, const ChangeIndex& log,
                 std::string_view prefix, bool bodies) {
  std::string c = log.latest(prefix);
  if (!c.empty() && c > item.published.substr(0, 10) && c > item.updated) item.updated = c;
  if (bodies) add_correction_notes(site, links, item, log, prefix);
}

// The summary and HTML of an illustrative item say so first.
void mark_illustrative_body(feeds::FeedItem& item) {
  item.summary = std::string(kIllustrative) + ". " + item.summary;
  item.content_html = "<p><strong>" + std::string(kIllustrative) +
                      "</strong>: số liệu chỉ dùng để minh họa, không phải số liệu chính thức.</p>\n" + item.content_html;
}

// ... and so do its title and categories.
void mark_illustrative_head(feeds::FeedItem& item) {
  item.title = "[" + std::string(kIllustrative) + "] " + item.title;
  item.categories.push_back(kIllustrative);
}

void mark_illustrative(feeds::FeedItem& item) {
  mark_illustrative_head(item);
  mark_illustrative_body(item);
}

std::string paragraph(std::string_view s) { return "<p>" + esc(s) + "</p>\n"; }

std::string change_words(const data::RankChange& c) {
  switch (c.trend) {
    case data::Trend::up: return "tăng " + std::to_string(*c.rank_delta) + " bậc";
    case data::Trend::down: return "giảm " + std::to_string(-*c.rank_delta) + " bậc";
    case data::Trend::same: return "giữ nguyên thứ hạng";
    case data::Trend::new_entry: return "lần đầu được xếp hạng";
    case data::Trend::unknown: return "";
  }
  return "";
}

// a change of score, for rankings that list a score but no rank
std::string score_change_words(const data::Index* index, const data::RankChange& c) {
  if (!c.score_delta || !c.previous_score) return "";
  std::string diff = vi_difference(*c.previous_score + *c.score_delta, *c.previous_score);
  if (diff == "0") return "không đổi so với năm " + std::to_string(c.previous_year);
  std::string unit = index && index->unit == "%" ? " điểm phần trăm" : " điểm";
  return (*c.score_delta > 0 ? "tăng " : "giảm ") + diff + unit + " so với năm " +
         std::to_string(c.previous_year);
}

std::string ranking_date(const data::Ranking& r) {
  // published date from the data; without one, the end of the ranked year
  return r.published.empty() ? std::to_string(r.year) + "-12-31" : r.published.str();
}

std::string score_text(const data::Index* index, double score) {
  std::string unit = index ? index->unit : "";
  if (unit == "%") return vi_number(score) + "%";
  return vi_number(score) + (unit.empty() ? " điểm" : " " + unit);
}

void ranking_events(const Site& site, const Links& links, const ChangeIndex& log, bool bodies,
                    std::vector<Event>& out) {
  const auto& d = site.data;
  for (const auto& r : d.rankings) {
    const data::Index* index = d.index(r.index);
    const data::Ranking* prev = data::previous_ranking(d, r);
    std::string label = ranking_label(d, r);
    std::string y = std::to_string(r.year);
    std::string url = site.permalink(links.ranking_dir(r.index, r.year));
    std::string short_name = index ? index->short_name : r.index;
    bool single = r.entries.size() == 1;
    for (const auto& e : r.entries) {
      Event ev;
      auto& it = ev.item;
      it.id = tag(site, "ranking/" + r.index + "/" + y + "/" + e.agency);
      data::RankChange ch = data::rank_change(e, prev);
      std::string words = e.rank > 0 ? change_words(ch) : score_change_words(index, ch);
      it.title = label + ": " + agency_name(d, e.agency) +
                 (e.rank > 0 ? " hạng " + std::to_string(e.rank) + "/" + std::to_string(r.units())
                  : e.score  ? " đạt " + score_text(index, *e.score)
                             : "") +
                 (words.empty() ? "" : ", " + words);
      if (bodies) {
        std::string s = it.title + ".";
        if (e.score) s += " Điểm: " + score_text(index, *e.score) + ".";
        if (!e.group.empty()) {
          const data::IndexGroup* g = index ? index->group(e.group) : nullptr;
          s += " Nhóm: " + (g ? g->name : e.group) + ".";
        }
        if (ch.previous_rank && *ch.previous_rank > 0)
          s += " Năm " + std::to_string(ch.previous_year) + ": hạng " + std::to_string(*ch.previous_rank) + "/" +
               std::to_string(ch.previous_units) +
               (ch.previous_score ? ", " + score_text(index, *ch.previous_score) : std::string()) + ".";
        else if (ch.previous_score)
          s += " Năm " + std::to_string(ch.previous_year) + ": " + score_text(index, *ch.previous_score) + ".";
        if (!r.source.name.empty()) s += " Nguồn: " + r.source.name + ".";
        it.summary = s;
        it.content_html = paragraph(s);
      }
      it.url = url;
      it.published = ranking_date(r);
      set_updated(site, links, it, log, "ranking/" + r.index + "/" + y + "/" + e.agency + "/", bodies);
      if (single) set_updated(site, links, it, log, "ranking/" + r.index + "/" + y + "/total", bodies);
      it.categories = {"Xếp hạng", short_name};
      if (r.illustrative) mark_illustrative(it);
      ev.agencies.insert(e.agency);
      // a ranking of one listed unit is the news itself; a full league table
      // gets one summary item in the site and index feeds (below)
      ev.root = single;
      if (single) ev.indices.insert(r.index);
      out.push_back(std::move(ev));
    }
    if (single || r.entries.empty()) continue;
    Event ev;
    auto& it = ev.item;
    it.id = tag(site, "ranking/" + r.index + "/" + y);
    it.title = label + ": công bố xếp hạng " + std::to_string(r.units()) + " đơn vị";
    if (bodies) {
    std::string s = it.title + ".";
    std::vector<std::string> top;
    for (const auto& e : r.entries)
      if (top.size() < 3 && e.rank > 0) top.push_back(agency_name(d, e.agency) + " (hạng " + std::to_string(e.rank) + ")");
    if (!top.empty()) {
      s += " Dẫn đầu: ";
      for (std::size_t i = 0; i < top.size(); ++i) s += (i ? ", " : "") + top[i];
      s += ".";
    }
    if (!r.source.name.empty()) s += " Nguồn: " + r.source.name + ".";
    it.summary = s;
    std::string html = paragraph(s) + "<ol>\n";
    for (const auto& e : r.entries) {
      data::RankChange ch = data::rank_change(e, prev);
      std::string words = change_words(ch);
      html += (e.rank > 0 ? "<li value=\"" + std::to_string(e.rank) + "\">" : std::string("<li>")) +
              esc(agency_name(d, e.agency));
      if (e.score) html += ": " + esc(score_text(index, *e.score));
      if (!words.empty()) html += " (" + esc(words) + ")";
      html += "</li>\n";
    }
    it.content_html = html + "</ol>\n";
    }
    it.url = url;
    it.published = ranking_date(r);
    set_updated(site, links, it, log, "ranking/" + r.index + "/" + y + "/", bodies);
    it.categories = {"Xếp hạng", short_name};
    if (r.illustrative) mark_illustrative(it);
    ev.indices.insert(r.index);
    out.push_back(std::move(ev));
  }
}

// The agencies a KPI result or status concerns: the result's agency, else the KPI's leads.
std::set<std::string> agencies_of(const data::Dataset& d, const data::Kpi& kpi, const std::string& agency) {
  if (!agency.empty()) return {agency};
  auto v = d.expand(kpi.lead);
  return {v.begin(), v.end()};
}

std::string lead_names(const data::Dataset& d, const data::Kpi& kpi) {
  std::string out;
  for (const auto& l : kpi.lead) {
    std::string n = l == data::kGroupAll           ? "tất cả sở, ngành và xã, phường"
                    : l == data::kGroupDepartments ? "các sở, ban, ngành"
                    : l == data::kGroupCommunes    ? "các xã, phường"
                                                   : agency_name(d, l);
    out += (out.empty() ? "" : ", ") + n;
  }
  return out;
}

struct OverdueKpi {
  const data::Kpi* kpi;
  std::string period;  ///< "" for KPIs with one deadline
};

// Overdue KPIs, one item per plan and deadline (many KPIs share a deadline)
// for the site and plan feeds, and one per plan, deadline and lead agency for
// the agency feeds. The date is the deadline.
void overdue_events(const Site& site, const Links& links, const data::Plan& plan,
                    const std::map<std::string, std::vector<OverdueKpi>>& overdue, bool bodies, std::vector<Event>& out) {
  const auto& d = site.data;
  std::string head = plan_label(d, plan);
  auto kpi_url = [&](const data::Kpi& k) { return site.permalink(links.kpi_dir(plan.id, k.id)); };
  auto make = [&](const std::string& deadline, const std::vector<OverdueKpi>& list, const std::string& agency) {
    Event ev;
    auto& it = ev.item;
    it.id = tag(site, "overdue/" + plan.id + "/" + deadline + (agency.empty() ? "" : "/" + agency));
    std::string who = agency.empty() ? "" : " · " + agency_name(d, agency);
    std::string period = list.front().period;
    bool same_period = std::all_of(list.begin(), list.end(), [&](const OverdueKpi& o) { return o.period == period; });
    std::string period_part = same_period && !period.empty() ? " · kỳ " + period : "";
    if (list.size() == 1) {
      const data::Kpi& k = *list.front().kpi;
      it.title = "Quá hạn: " + head + who + " · chỉ tiêu " + k.id + period_part + " (hạn " + vi_date(deadline) + ")";
      it.url = kpi_url(k);
    } else {
      it.title = "Quá hạn: " + head + who + " · " + std::to_string(list.size()) + " chỉ tiêu" + period_part +
                 " chưa có kết quả (hạn " + vi_date(deadline) + ")";
      it.url = site.permalink(links.plan_dir(plan.id));
    }
    if (!bodies) {  // counting: the id, title and date are enough
      it.published = deadline;
      if (plan.illustrative) mark_illustrative(it);
      return ev;
    }
    std::string s = "Đến hạn " + vi_date(deadline) + " mà chưa có kết quả được báo cáo: ";
    std::string html = paragraph("Đến hạn " + vi_date(deadline) + " mà chưa có kết quả được báo cáo:") + "<ul>\n";
    for (std::size_t i = 0; i < list.size(); ++i) {
      const data::Kpi& k = *list[i].kpi;
      std::string line = "chỉ tiêu " + k.id + (list[i].period.empty() ? "" : " (kỳ " + list[i].period + ")") + ": " + k.title;
      std::string target = target_text(k.target);
      if (!target.empty()) line += " — chỉ tiêu: " + target;
      std::string leads = lead_names(d, k);
      if (!leads.empty() && agency.empty()) line += " — chủ trì: " + leads;
      s += (i ? "; " : "") + line;
      html += "<li><a href=\"" + esc(kpi_url(k)) + "\">" + esc(line) + "</a></li>\n";
    }
    it.summary = s + ".";
    it.content_html = html + "</ul>\n";
    it.published = deadline;
    it.categories = {"Quá hạn", head};
    if (plan.illustrative) mark_illustrative(it);
    return ev;
  };
  for (const auto& [deadline, list] : overdue) {
    Event ev = make(deadline, list, "");
    ev.plans.insert(plan.id);
    out.push_back(std::move(ev));
    std::map<std::string, std::vector<OverdueKpi>> by_agency;
    for (const auto& o : list)
      for (const auto& a : d.expand(o.kpi->lead)) by_agency[a].push_back(o);
    for (const auto& [agency, mine] : by_agency) {
      Event ae = make(deadline, mine, agency);
      ae.root = false;
      ae.agencies.insert(agency);
      out.push_back(std::move(ae));
    }
  }
}

// The events of one plan: results reported and KPIs overdue. Without
// `bodies` (counting the feeds), a result's event has only what decides its
// feeds and its dates: no id, title, link or judgement of the result, which
// only the items a feed keeps need.
void kpi_events(const Site& site, const Links& links, const ChangeIndex& log, const data::Plan& plan,
                bool bodies, std::vector<Event>& out) {
  const auto& d = site.data;
  auto as_of = data::parse_date(site.as_of).value_or(data::Date{9999, 12, 31});
  {
    const data::ResultSet* set = d.results_for(plan.id);
    bool plan_illustrative = plan.illustrative || (set && set->illustrative);
    std::map<std::string, std::vector<OverdueKpi>> overdue;  // deadline → KPIs
    std::map<std::string_view, std::vector<const data::Result*>> by_kpi;  // in the set's order
    if (set) {
      for (const auto& r : set->results) by_kpi[r.kpi].push_back(&r);
      out.reserve(out.size() + set->results.size());
    }
    const std::string head = plan_label(d, plan);
    const std::string id_prefix = tag(site, "");  // + the subject, as tag() writes it
    for (const auto& section : plan.sections) {
      for (const auto& kpi : section.kpis) {
        std::string slug = key_part(kpi.id);  // in ids and keys: the KPI id itself
        std::string url = bodies ? site.permalink(links.kpi_dir(plan.id, kpi.id)) : std::string();
        std::string target = bodies ? target_text(kpi.target) : std::string();
        bool periodic = kpi.due.kind == data::DueKind::quarterly || kpi.due.kind == data::DueKind::yearly;
        // results reported (known on as_of)
        if (set) {
          auto mine = by_kpi.find(kpi.id);
          std::map<std::string_view, std::vector<const data::Result*>> units;  // agency → its results of the KPI
          for (const data::Result* rp : mine == by_kpi.end() ? std::vector<const data::Result*>{} : mine->second) {
            const data::Result& r = *rp;
            if (!data::known_on(r, as_of)) continue;
            Event ev;
            auto& it = ev.item;
            std::string agency_part = r.agency.empty() ? "_" : r.agency;
            std::string subject = "result/" + plan.id + "/" + slug + "/" + agency_part + "/" + r.period.str() + "/";
            if (bodies) {
              auto unit = units.find(r.agency);
              if (unit == units.end()) unit = units.emplace(r.agency, data::results_of(set, kpi.id, r.agency)).first;
              const auto& same_unit = unit->second;
              // judge this result: it and the results before it (for a reduce baseline)
              std::vector<const data::Result*> upto;
              for (const auto* x : same_unit)
                if (x == &r || x->period < r.period) upto.push_back(x);
              data::Evaluation evr = data::evaluate(kpi, upto, as_of, periodic ? std::optional(r.period) : std::nullopt,
                                                    plan.from, plan.to);
              data::Status st = evr.result == &r ? evr.status : data::Status::no_data;
              bool baseline = kpi.target.op == data::TargetOp::reduce && kpi.target.baseline_year &&
                              r.period == data::Period{*kpi.target.baseline_year, data::Period::Kind::year, 0};
              std::string judged = baseline ? "số liệu năm gốc" : status_label(st);
              std::string who = r.agency.empty() ? "" : agency_name(d, r.agency);
              if (!id_prefix.empty()) {  // tag(site, subject without its last '/')
                it.id.reserve(id_prefix.size() + subject.size());
                it.id = id_prefix;
                feeds::append_tag_specific(it.id, std::string_view(subject).substr(0, subject.size() - 1));
              }
              std::string value = result_text(r, kpi.target);
              it.title = head + " · chỉ tiêu " + kpi.id + (who.empty() ? "" : " · " + who) + " · kỳ " + r.period.str() +
                         ": " + value + " (" + judged + ")";
              // written only if a feed keeps the item: most results are in no feed's newest
              ev.make_body = [&site, &links, &log, &kpi, &r, value, target, judged,
                              late = !baseline && evr.late && evr.result == &r, subject,
                              plan_illustrative](feeds::FeedItem& item) {
                std::string s = "Kết quả thực hiện chỉ tiêu " + kpi.id + ": " + kpi.title;
                if (s.back() != '.') s += ".";
                s += " Kỳ: " + r.period.str() + ". Kết quả: " + value + ".";
                if (!target.empty()) s += " Chỉ tiêu: " + target + ".";
                s += " Đánh giá: " + judged + (late ? ", báo cáo sau hạn" : "") + ".";
                if (!r.reported.empty()) s += " Ngày báo cáo: " + vi_date(r.reported.str()) + ".";
                if (!r.source.empty()) s += " Nguồn: " + r.source + ".";
                if (!r.note.empty()) s += " Ghi chú: " + r.note;
                item.summary = s;
                item.content_html = paragraph(s);
                add_correction_notes(site, links, item, log, subject);
                if (plan_illustrative) mark_illustrative_body(item);
              };
              it.url = url;
              it.categories = {"Kết quả chỉ tiêu", head};
              if (plan_illustrative) mark_illustrative_head(it);
            }
            it.published = r.reported.empty() ? r.period.last_day().str() : r.reported.str();
            set_updated(site, links, it, log, subject, false);
            ev.plans.insert(plan.id);
            ev.agencies = agencies_of(d, kpi, r.agency);
            out.push_back(std::move(ev));
          }
        }
        // overdue: the deadline has passed and nothing was reported for the KPI as a whole
        auto whole = data::results_of(set, kpi.id, data::overall_agency(kpi));
        data::Evaluation e = data::evaluate(kpi, whole, as_of, {}, plan.from, plan.to);
        if (e.status != data::Status::overdue || e.deadline.empty() || !(e.deadline < as_of)) continue;
        overdue[e.deadline.str()].push_back({&kpi, e.period ? e.period->str() : ""});
      }
    }
    overdue_events(site, links, plan, overdue, bodies, out);
  }
}

void news_events(const Site& site, bool bodies, std::vector<Event>& out) {
  // dated pages in content order, each made into its event on every core
  std::vector<const content::Page*> dated;
  for (const auto& p : site.content.pages)
    if (p.kind == content::PageKind::page && !p.date.empty()) dated.push_back(&p);
  const std::size_t first = out.size();
  out.resize(first + dated.size());
  parallel_for(dated.size(), site.threads, [&](std::size_t k) {
    const content::Page& p = *dated[k];
    Event& ev = out[first + k];
    auto& it = ev.item;
    std::string path = p.url.substr(1);
    while (!path.empty() && path.back() == '/') path.pop_back();
    if (p.section == kNewsSection) {
      auto slash = path.rfind('/');
      it.id = tag(site, "news/" + (slash == std::string::npos ? path : path.substr(slash + 1)));
      ev.news = true;
    } else {
      it.id = tag(site, "page/" + path);
    }
    it.title = p.title;
    it.url = site.permalink(p.url.substr(1));
    if (bodies) ev.body_from = &p;  // copied if kept (PendingItem)
    it.published = p.date;
    if (!p.updated.empty() && p.updated != p.date) it.updated = p.updated;
    it.categories = p.tags;
    ev.agencies.insert(p.agencies.begin(), p.agencies.end());
  });
}

// Calls f(chunk) for the events of the site in order, a chunk of batches at
// a time: news and rankings, then each plan's, 32 plans to a chunk. Without
// `bodies`, the events have no summary or content (enough to count the feeds).
//
// Plans are turned into events by workers, each taking the next plan as it
// becomes free, while this thread hands the finished ones to f in order:
// plans differ a hundredfold in size (a province's against a commune's), and
// a worker held by a large one does not stop the others. Workers stay at most
// `window` plans ahead of f, so the events of the whole site are never held at once.
template <class F>
void for_each_event_batch(const Site& site, const Links& links, const ChangeIndex& log, bool bodies, F&& f) {
  {
    std::vector<std::vector<Event>> first(1);
    news_events(site, bodies, first[0]);
    ranking_events(site, links, log, bodies, first[0]);
    f(first);
  }
  const auto& plans = site.data.plans;
  const std::size_t n = plans.size(), chunk = 32, window = 2 * chunk;
  std::vector<std::vector<Event>> slots(n);
  std::vector<char> ready(n, 0);
  std::size_t next = 0, handed = 0;  // the next plan to take; plans before `handed` went to f
  std::exception_ptr failure;        // the first exception of a worker, thrown again here
  std::mutex mutex;
  std::condition_variable changed;
  auto work = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return next >= n || next < handed + window; });
        if (next >= n) return;
        i = next++;
      }
      std::vector<Event> events;
      std::exception_ptr error;
      try {
        kpi_events(site, links, log, plans[i], bodies, events);
      } catch (...) {
        error = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (error && !failure) failure = error;
      slots[i] = std::move(events);
      ready[i] = 1;
      changed.notify_all();
    }
  };
  const unsigned workers = worker_count(site.threads);
  std::vector<std::thread> threads;
  auto stop = [&] {  // no plan is taken any more; the workers finish theirs and return
    {
      std::lock_guard<std::mutex> lock(mutex);
      next = n;
    }
    changed.notify_all();
    for (auto& t : threads) t.join();
  };
  try {
    if (workers > 1)
      for (unsigned t = 0; t < workers; ++t) threads.emplace_back(work);
    for (std::size_t start = 0; start < n; start += chunk) {
      const std::size_t end = std::min(n, start + chunk);
      std::vector<std::vector<Event>> batches;
      if (workers > 1) {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] {
          return std::all_of(ready.begin() + static_cast<std::ptrdiff_t>(start),
                             ready.begin() + static_cast<std::ptrdiff_t>(end), [](char r) { return r != 0; });
        });
        if (failure) std::rethrow_exception(failure);
        for (std::size_t i = start; i < end; ++i) batches.push_back(std::move(slots[i]));
      } else {
        for (std::size_t i = start; i < end; ++i) kpi_events(site, links, log, plans[i], bodies, batches.emplace_back());
      }
      f(batches);
      if (workers > 1) {
        std::lock_guard<std::mutex> lock(mutex);
        handed = end;
        changed.notify_all();
      }
    }
  } catch (...) {
    stop();
    throw;
  }
  stop();
}

// The first `cap` items of a feed in select_items order, kept while events
// stream in: the list grows to 2 × cap, then is sorted (stably, so equal items
// keep event order) and cut back to `cap`. Once `cap` items are kept, an item
// that does not come before the last of them can never be among the first
// `cap`, and is not added at all: most of a national site's events are older
// than the newest fifty of every feed they are in. select_items over what is
// left gives the same items as over every event of the feed. An item is
// shared by the lists of every feed it is in (the site's, its agencies', its
// plan's) and freed once no list keeps it.
//
// Counting only (build_shared_feeds without bodies): the list keeps just the
// item with the newest date, and `seen` counts them all.
struct TopItems {
  struct Entry {
    std::shared_ptr<feeds::FeedItem> item;
    feeds::ItemOrderKey key;
  };
  std::vector<Entry> items;
  std::optional<Entry> last;  ///< the cap-th item once there were `cap`: the bar to pass
  std::size_t seen = 0;
  std::optional<date::DateTime> newest;  ///< counting: the newest date of the items seen
  void add(const std::shared_ptr<feeds::FeedItem>& item, const feeds::ItemOrderKey& key, std::size_t cap) {
    if (last && !feeds::comes_before(key, *item, last->key, *last->item)) return;
    items.push_back({item, key});
    if (items.size() >= 2 * cap + 1) trim(cap);
  }
  void count(const std::shared_ptr<feeds::FeedItem>& item, const std::optional<date::DateTime>& date) {
    ++seen;
    if (items.empty() || (date && (!newest || date::compare(*date, *newest) > 0)))
      items.assign(1, Entry{item, {}}), newest = date;
  }
  void trim(std::size_t cap) {
    std::stable_sort(items.begin(), items.end(), [](const Entry& a, const Entry& b) {
      return feeds::comes_before(a.key, *a.item, b.key, *b.item);
    });
    if (items.size() > cap) items.resize(cap);
    if (cap > 0 && items.size() == cap) last = items.back();
  }
  /// The first `cap` items, in select_items order; the list is left empty.
  std::vector<std::shared_ptr<const feeds::FeedItem>> take(std::size_t cap) {
    trim(cap);
    std::vector<std::shared_ptr<const feeds::FeedItem>> out;
    out.reserve(items.size());
    for (auto& e : items) out.push_back(std::move(e.item));
    items.clear();
    last.reset();
    return out;
  }
};

// select_items over shared items: the first `cap` in feed order.
std::vector<std::shared_ptr<const feeds::FeedItem>> select_shared(
    std::vector<std::shared_ptr<const feeds::FeedItem>> items, std::size_t cap) {
  std::vector<const feeds::FeedItem*> ptrs;
  ptrs.reserve(items.size());
  for (const auto& it : items) ptrs.push_back(it.get());
  std::vector<std::shared_ptr<const feeds::FeedItem>> out;
  for (std::size_t i : feeds::item_order(ptrs)) {
    if (out.size() >= cap) break;
    out.push_back(std::move(items[i]));
  }
  return out;
}

}  // namespace

void FeedSpec::materialize() {
  feed.items.reserve(feed.items.size() + shared_items.size());
  for (auto& p : shared_items) feed.items.push_back(*p);
  shared_items.clear();
}

std::string FeedSpec::updated() const {
  if (shared_items.empty()) return feeds::effective_updated(feed);
  if (auto t = feeds::parse_datetime(feed.updated)) return feeds::format_rfc3339(*t);
  std::vector<const feeds::FeedItem*> items;
  for (const auto& it : feed.items) items.push_back(&it);
  for (const auto& it : shared_items) items.push_back(it.get());
  return feeds::newest_item_date(items);
}

std::vector<FeedSpec> build_feeds(const Site& site, const Links& links, const std::vector<ChangeRow>& log) {
  auto out = build_shared_feeds(site, links, log);
  for (auto& f : out) f.materialize();
  return out;
}

std::vector<FeedSpec> build_shared_feeds(const Site& site, const Links& links, const std::vector<ChangeRow>& log,
                                         bool bodies) {
  const auto& d = site.data;
  const auto& cfg = site.config;
  std::size_t cap = static_cast<std::size_t>(cfg.feed_limit > 0 ? cfg.feed_limit : 50);

  // change log items (the /thay-doi/ feed). The feed keeps `cap` of them,
  // so only those rows are described: they are chosen first in feed order
  // (newest date first, then by id: select_items' order for items dated by
  // their row; ids are unique, so the title never decides). A national
  // publication can add half a million rows.
  auto change_id = [&](const ChangeRow& row) {
    return tag(site, "change/" + row.date + "/" + row.kind + (row.key.empty() ? "" : "/" + row.key));
  };
  struct ChangeKey {
    std::optional<feeds::DateTime> date;
    std::string id;
    std::size_t row;
  };
  std::vector<ChangeKey> change_keys(log.size());
  parallel_for(log.size(), site.threads, [&](std::size_t i) {
    change_keys[i] = {feeds::parse_datetime(log[i].date), change_id(log[i]), i};
  });
  auto first = [](const ChangeKey& a, const ChangeKey& b) {
    if (a.date.has_value() != b.date.has_value()) return a.date.has_value();  // undated last
    if (a.date && b.date)
      if (int c = feeds::compare(*a.date, *b.date)) return c > 0;
    if (a.id != b.id) return a.id < b.id;
    return a.row < b.row;
  };
  const std::size_t kept_changes = std::min(cap, change_keys.size());
  std::partial_sort(change_keys.begin(), change_keys.begin() + static_cast<std::ptrdiff_t>(kept_changes),
                    change_keys.end(), first);
  change_keys.resize(kept_changes);
  std::vector<std::shared_ptr<const feeds::FeedItem>> changes;
  for (auto& key : change_keys) {
    const ChangeRow& row = log[key.row];
    ChangeText t = describe_change(site, links, row);
    feeds::FeedItem it;
    it.id = std::move(key.id);
    it.title = t.title;
    it.url = t.url;
    it.published = row.date;
    it.summary = "Công bố ngày " + vi_date(row.date) + ": " + t.title + ".";
    it.content_html = paragraph(it.summary);
    it.categories = {"Thay đổi"};
    if (t.illustrative) mark_illustrative(it);
    changes.push_back(std::make_shared<const feeds::FeedItem>(std::move(it)));
  }
  // one pass over the events (streamed): which feeds each belongs to, and the
  // newest date of all (the date of an empty feed)
  feeds::Newest fallback;  // the newest event date; its first ten characters date the empty feeds
  TopItems root_top, news_top;
  std::map<std::string, TopItems> agency_top, index_top, plan_top;
  // the agency, index and plan feeds are shared out among the threads by key:
  // each thread takes every event, in order, for its own feeds
  const std::size_t groups = worker_count(site.threads);
  struct Group {
    std::map<std::string, TopItems> agency, index, plan;
  };
  std::vector<Group> by_group(groups);
  auto group_of = [groups](const std::string& key) { return std::hash<std::string>{}(key) % groups; };
  // a slice of events at a time: their items, made on every core, then shared out
  auto take_slice = [&](const std::vector<Event*>& events) {
    // each event's item, and its dates, on every core
    std::vector<std::shared_ptr<feeds::FeedItem>> items(events.size());
    std::vector<std::string> dates(events.size());
    std::vector<std::optional<date::DateTime>> whens(events.size()), newest(bodies ? 0 : events.size());
    std::vector<feeds::ItemOrderKey> keys(bodies ? events.size() : 0);
    parallel_for(events.size(), site.threads, [&](std::size_t i) {
      Event& e = *events[i];
      dates[i] = e.item.updated.empty() ? e.item.published : e.item.updated;
      whens[i] = feeds::parse_datetime(dates[i]);
      if (!bodies) {  // counting: the number of items of each feed and its newest one
        feeds::FeedItem only;
        only.id = std::move(e.item.id);
        only.title = std::move(e.item.title);
        only.published = std::move(e.item.published);
        only.updated = std::move(e.item.updated);
        items[i] = std::make_shared<feeds::FeedItem>(std::move(only));
        newest[i] = feeds::item_newest_date(*items[i]);
      } else {
        auto pending = std::make_shared<PendingItem>();
        static_cast<feeds::FeedItem&>(*pending) = std::move(e.item);
        pending->body_from = e.body_from;
        pending->make_body = std::move(e.make_body);
        keys[i] = feeds::item_order_key(*pending);
        items[i] = std::move(pending);
      }
    });
    for (std::size_t i = 0; i < events.size(); ++i)
      fallback.offer(dates[i], whens[i]);
    parallel_for(groups, site.threads, [&](std::size_t g) {
      Group& mine = by_group[g];
      for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = *events[i];
        auto put = [&](TopItems& t) { bodies ? t.add(items[i], keys[i], cap) : t.count(items[i], newest[i]); };
        if (g == 0 && e.root) put(root_top);
        if (g == groups - 1 && e.news) put(news_top);  // most events are in both: on two cores
        for (const auto& a : e.agencies)
          if (group_of(a) == g) put(mine.agency[a]);
        for (const auto& x : e.indices)
          if (group_of(x) == g) put(mine.index[x]);
        for (const auto& p : e.plans)
          if (group_of(p) == g) put(mine.plan[p]);
      }
    });
  };
  const ChangeIndex index(log);
  for_each_event_batch(site, links, index, bodies, [&](std::vector<std::vector<Event>>& chunk) {
    const std::size_t slice = 4096;  // items not yet shared out: a few MB
    std::vector<Event*> events;
    for (auto& batch : chunk) {
      for (auto& e : batch) {
        events.push_back(&e);
        if (events.size() == slice) take_slice(events), events.clear();
      }
    }
    take_slice(events);
    chunk.clear();
  });
  for (auto& g : by_group) {  // the keys of the groups are disjoint
    agency_top.merge(g.agency);
    index_top.merge(g.index);
    plan_top.merge(g.plan);
  }
  if (bodies) {
    // each item kept is written in up to three feeds, three formats each: its
    // texts are made clean for XML and NFC once, here, on every core
    std::vector<feeds::FeedItem*> kept;
    std::set<const feeds::FeedItem*> seen;
    auto gather = [&](TopItems& t) {
      t.trim(cap);
      for (const auto& e : t.items)
        if (seen.insert(e.item.get()).second) kept.push_back(e.item.get());
    };
    gather(root_top);
    gather(news_top);
    for (auto* m : {&agency_top, &index_top, &plan_top})
      for (auto& [key, t] : *m) gather(t);
    parallel_for(kept.size(), site.threads, [&](std::size_t i) {
      auto& item = static_cast<PendingItem&>(*kept[i]);  // with bodies, take_slice makes only these
      if (const content::Page* p = item.body_from) {
        item.summary = p->summary;
        if (p->html) item.content_html = *p->html;
        item.body_from = nullptr;
      }
      if (item.make_body) {
        item.make_body(item);
        item.make_body = nullptr;
      }
      feeds::clean_item(item);
    });
  }
  using Items = std::vector<std::shared_ptr<const feeds::FeedItem>>;
  struct Selected {
    Items items;
    std::size_t count = 0;  ///< items in the feed: items.size(), or when counting, how many were seen (capped)
  };
  auto items_of = [cap, bodies](TopItems& t) {
    std::size_t seen = std::min(t.seen, cap);
    Selected sel{t.take(cap), 0};
    sel.count = bodies ? sel.items.size() : seen;
    return sel;
  };
  Selected root_items = items_of(root_top), news_items = items_of(news_top);
  std::map<std::string, Selected> by_agency, by_index, by_plan;
  for (auto& [k, t] : agency_top) by_agency[k] = items_of(t);
  for (auto& [k, t] : index_top) by_index[k] = items_of(t);
  for (auto& [k, t] : plan_top) by_plan[k] = items_of(t);
  std::string fallback_date = fallback.text();
  for (const auto& row : log)
    if (fallback_date.empty() || row.date > fallback_date.substr(0, 10)) fallback_date = row.date;

  auto make = [&](std::string dir, std::string group, std::string key, std::string title, std::string subtitle,
                  Selected sel) {
    FeedSpec f;
    f.dir = std::move(dir);
    f.group = std::move(group);
    f.key = std::move(key);
    std::string path = f.dir;
    if (!path.empty() && path.back() == '/') path.pop_back();
    f.feed.id = tag(site, "feed/" + path);
    f.feed.title = std::move(title);
    f.feed.subtitle = std::move(subtitle);
    f.feed.home_url = site.permalink(f.dir);
    f.feed.language = cfg.language;
    f.feed.author_name = cfg.publisher.name.empty() ? cfg.title : cfg.publisher.name;
    f.feed.author_email = cfg.publisher.email;
    f.shared_items = select_shared(std::move(sel.items), cap);
    if (!bodies) f.counted = std::max(sel.count, f.shared_items.size());
    // an empty feed still needs a date: the newest of the site's data
    if (f.shared_items.empty()) f.feed.updated = fallback_date;
    return f;
  };
  auto take = [](std::map<std::string, Selected>& m, const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? Selected{} : std::move(it->second);
  };

  std::vector<FeedSpec> out;
  out.push_back(make("", "site", "", cfg.title,
                     "Mọi cập nhật của trang: tin tức, xếp hạng được công bố, kết quả chỉ tiêu được báo cáo và chỉ "
                     "tiêu quá hạn.",
                     std::move(root_items)));
  out.push_back(make("tin-tuc/", "site", "", "Tin tức · " + cfg.title,
                     "Chỉ tin tức và thông báo, không kèm cập nhật số liệu.",
                     std::move(news_items)));
  out.push_back(make("thay-doi/", "site", "", "Thay đổi · " + cfg.title,
                     "Những gì thay đổi giữa các lần công bố: xếp hạng mới, kết quả mới và số liệu được đính chính "
                     "(giá trị cũ → giá trị mới).",
                     Selected{changes, changes.size()}));
  for (const auto& a : d.agencies)
    out.push_back(make(links.agency_dir(a.id), "agency", a.id, a.name + " · " + cfg.title,
                       "Thứ hạng, kết quả chỉ tiêu, chỉ tiêu quá hạn và tin tức liên quan đến " + a.name + ".",
                       take(by_agency, a.id)));
  for (const auto& ix : d.indices) {
    std::string name = ix.short_name.empty() || ix.short_name == ix.name ? ix.name : ix.name + " (" + ix.short_name + ")";
    out.push_back(make(links.index_dir(ix.id), "index", ix.id, name + " · " + cfg.title,
                       "Mỗi kỳ xếp hạng " + (ix.short_name.empty() ? ix.name : ix.short_name) +
                           " được công bố, với thứ hạng, điểm và thay đổi so với kỳ trước.",
                       take(by_index, ix.id)));
  }
  for (const auto& p : d.plans) {
    std::string head = plan_label(d, p);
    out.push_back(make(links.plan_dir(p.id), "plan", p.id, head + ": " + p.title,
                       "Kết quả chỉ tiêu được báo cáo và chỉ tiêu quá hạn của " + head + ".",
                       take(by_plan, p.id)));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> feed_files(const Site& site, FeedSpec spec) {
  spec.materialize();
  std::vector<std::pair<std::string, std::string>> out;
  auto& f = spec.feed;
  f.self_url = site.permalink(spec.dir + "feed.xml");
  out.emplace_back(spec.dir + "feed.xml", feeds::write_rss(f));
  f.self_url = site.permalink(spec.dir + "atom.xml");
  out.emplace_back(spec.dir + "atom.xml", feeds::write_atom(f));
  f.self_url = site.permalink(spec.dir + "feed.json");
  out.emplace_back(spec.dir + "feed.json", feeds::write_json_feed(f));
  return out;
}

}  // namespace mb::site::records
