// The publication record's pure parts: figure texts, changes between
// publications, the change log, feed items and download tables, on the
// fixture data of tests/sites/records (loaded, no templates, no files written).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "data/loader.hpp"
#include "opendata/hash.hpp"
#include "opendata/manifest.hpp"
#include "opendata/csv.hpp"
#include "site/records.hpp"

using namespace mb;
using namespace mb::site::records;

namespace {

// A Site with the fixture's data, as the build has it after loading.
std::unique_ptr<site::Site> fixture_site(const std::string& as_of = "2026-11-21") {
  auto s = std::make_unique<site::Site>();
  s->config.title = "Trang thử";
  s->config.base_url = "https://cchc.example.gov.vn/";
  s->config.publisher.name = "Văn phòng";
  s->config.feed_limit = 500;
  s->as_of = as_of;
  Diagnostics diags;
  REQUIRE(data::load(std::string(MB_SOURCE_DIR) + "/tests/sites/records/data", "data/", s->data, diags));
  return s;
}

const FeedSpec& feed_at(const std::vector<FeedSpec>& feeds, const std::string& dir) {
  auto it = std::find_if(feeds.begin(), feeds.end(), [&](const FeedSpec& f) { return f.dir == dir; });
  REQUIRE(it != feeds.end());
  return *it;
}

std::set<std::string> ids(const FeedSpec& f) {
  std::set<std::string> out;
  for (const auto& i : f.feed.items) out.insert(i.id);
  return out;
}

}  // namespace

TEST_CASE("figures are written in one canonical form", "[records]") {
  CHECK(number_text(83.81) == "83.81");
  CHECK(number_text(72) == "72");
  CHECK(number_text(-0.0) == "0");
  CHECK(number_text(-3.5) == "-3.5");
  CHECK(number_text(1e20) == "100000000000000000000");
  CHECK(number_text(0.1 + 0.2) == "0.30000000000000004");  // exact round trip, never rounded away
  CHECK(vi_number(83.81) == "83,81");
  CHECK(vi_number(12345.5) == "12.345,5");
  CHECK(vi_number(-1234) == "-1.234");
  CHECK(vi_number(999) == "999");
  CHECK(vi_difference(64.15, 61.52) == "2,63");
  CHECK(vi_difference(85.81, 76.31) == "9,5");
  CHECK(vi_date("2026-03-05") == "05/03/2026");
  CHECK(key_part("I.1") == "I.1");
  CHECK(key_part("1/a b%") == "1%2Fa%20b%25");
  data::Plan plan;
  plan.id = "p";
  plan.sections.push_back({"I", "", "", {}, {}});
  for (const char* id : {"I.1", "I-1", "PAR-1.1", "--"}) {
    data::Kpi k;
    k.id = id;
    plan.sections[0].kpis.push_back(k);
  }
  auto slugs = kpi_slugs(plan);  // as the data pages make them
  CHECK(slugs.at("I.1") == "i-1");
  CHECK(slugs.at("I-1") == "i-1-2");
  CHECK(slugs.at("PAR-1.1") == "par-1-1");
  CHECK(slugs.at("--") == "chi-tieu");
}

TEST_CASE("target texts keep the document's wording or are built from the target", "[records]") {
  data::Target t;
  t.op = data::TargetOp::ge;
  t.value = 95;
  t.unit = "%";
  CHECK(target_text(t) == "≥ 95%");
  t.text = "Tối thiểu 95%";
  CHECK(target_text(t) == "Tối thiểu 95%");
  data::Target r;
  r.op = data::TargetOp::range;
  r.min = 25;
  r.max = 35.5;
  r.unit = "%";
  CHECK(target_text(r) == "25–35,5%");
}

TEST_CASE("changes between publications: first, none, new subjects, corrections, removals", "[records][changes]") {
  std::map<std::string, std::string> prev = {
      {"ranking/par-index/2020/tuyen-quang/rank", "35"},
      {"ranking/par-index/2020/tuyen-quang/score", "83.81"},
      {"result/p/i-1/so-noi-vu/2026-Q1/value", "72.5"},
      {"result/p/i-1/so-noi-vu/2026-Q2/value", "80"},
  };
  SECTION("no previous publication") {
    auto rows = changes_between(nullptr, prev, "2026-11-21");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == ChangeRow{"2026-11-21", "first-publication", "", "", ""});
  }
  SECTION("nothing changed") { CHECK(changes_between(&prev, prev, "2026-11-28").empty()); }
  SECTION("one figure corrected") {
    auto cur = prev;
    cur["ranking/par-index/2020/tuyen-quang/score"] = "84.12";
    auto rows = changes_between(&prev, cur, "2026-11-28");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == ChangeRow{"2026-11-28", "correction", "ranking/par-index/2020/tuyen-quang/score", "83.81", "84.12"});
  }
  SECTION("a new ranking is one row, whatever number of figures it has") {
    auto cur = prev;
    cur["ranking/par-index/2021/tuyen-quang/rank"] = "30";
    cur["ranking/par-index/2021/tuyen-quang/score"] = "85";
    cur["ranking/par-index/2021/total"] = "63";
    auto rows = changes_between(&prev, cur, "2026-11-28");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].kind == "new-ranking");
    CHECK(rows[0].key == "ranking/par-index/2021");
  }
  SECTION("a new result, a new entry in a published ranking, a removed result") {
    auto cur = prev;
    cur["result/p/i-1/so-noi-vu/2026-Q3/value"] = "90";
    cur["ranking/par-index/2020/ha-giang/rank"] = "40";
    cur.erase("result/p/i-1/so-noi-vu/2026-Q1/value");
    auto rows = changes_between(&prev, cur, "2026-11-28");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == ChangeRow{"2026-11-28", "addition", "ranking/par-index/2020/ha-giang/rank", "", "40"});
    CHECK(rows[1] == ChangeRow{"2026-11-28", "removal", "result/p/i-1/so-noi-vu/2026-Q1", "72.5", ""});
    CHECK(rows[2] == ChangeRow{"2026-11-28", "new-result", "result/p/i-1/so-noi-vu/2026-Q3", "", "90"});
  }
}

namespace {

// What changes_between did before it walked the figures in order: a diff of
// two maps, then the subjects of each side looked up in sets.
std::vector<ChangeRow> changes_by_sets(const std::map<std::string, std::string>& previous,
                                       const std::map<std::string, std::string>& current, const std::string& date) {
  auto subject_of = [](const std::string& key) -> std::string {
    std::vector<std::string> p;
    std::size_t start = 0;
    for (std::size_t slash; (slash = key.find('/', start)) != std::string::npos; start = slash + 1)
      p.push_back(key.substr(start, slash - start));
    p.push_back(key.substr(start));
    if (p[0] == "ranking" && p.size() >= 4) return p[0] + "/" + p[1] + "/" + p[2];
    if (p[0] == "result" && p.size() >= 6) return p[0] + "/" + p[1] + "/" + p[2] + "/" + p[3] + "/" + p[4];
    return "";
  };
  auto subjects = [&](const std::map<std::string, std::string>& values) {
    std::set<std::string> out;
    for (const auto& [k, v] : values)
      if (auto s = subject_of(k); !s.empty()) out.insert(s);
    return out;
  };
  auto before = subjects(previous), after = subjects(current);
  std::vector<ChangeRow> out;
  std::set<std::pair<std::string, std::string>> seen;
  auto add = [&](ChangeRow row) {
    if (seen.insert({row.kind, row.key}).second) out.push_back(std::move(row));
  };
  for (const auto& c : opendata::diff_maps(opendata::ManifestSection::values, previous, current)) {
    std::string subject = subject_of(c.key);
    bool is_ranking = subject.rfind("ranking/", 0) == 0;
    if (!subject.empty() && !before.count(subject))
      add({date, is_ranking ? "new-ranking" : "new-result", subject, "", is_ranking ? "" : c.new_value});
    else if (!subject.empty() && !after.count(subject))
      add({date, "removal", subject, is_ranking ? "" : c.old_value, ""});
    else if (c.kind == opendata::ChangeKind::changed)
      add({date, "correction", c.key, c.old_value, c.new_value});
    else if (c.kind == opendata::ChangeKind::added)
      add({date, "addition", c.key, "", c.new_value});
    else
      add({date, "removal", c.key, c.old_value, ""});
  }
  return out;
}

}  // namespace

TEST_CASE("changes between random publications are those of a diff by sets", "[records][changes]") {
  std::mt19937 rng(4122026);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  // keys of few parts, so that subjects, prefixes of one another ("ranking/a/1" and
  // "ranking/a/10") and keys of no subject ("ranking/a", "other/x") meet
  auto random_key = [&]() -> std::string {
    switch (pick(6)) {
      case 0: return "ranking/i" + std::to_string(pick(2)) + "/" + std::to_string(pick(12)) + "/total";
      case 1:
        return "ranking/i" + std::to_string(pick(2)) + "/" + std::to_string(pick(12)) + "/a" + std::to_string(pick(3)) +
               (pick(2) ? "/rank" : "/component/c" + std::to_string(pick(2)));
      case 2: return "ranking/i" + std::to_string(pick(3)) + (pick(2) ? "/x" : "");
      case 3: return "other/" + std::to_string(pick(5));
      default:
        return "result/p/k" + std::to_string(pick(3)) + "/a" + std::to_string(pick(2)) + "/" + std::to_string(pick(11)) +
               (pick(4) ? "/value" : "/value/x");
    }
  };
  for (int n = 0; n < 3000; ++n) {
    std::map<std::string, std::string> before, after;
    for (int i = pick(30); i > 0; --i) before[random_key()] = std::to_string(pick(3));
    after = before;
    for (int i = pick(12); i > 0; --i) {
      if (pick(3) == 0 && !after.empty()) after.erase(std::next(after.begin(), pick(static_cast<int>(after.size()))));
      else after[random_key()] = std::to_string(pick(3));
    }
    if (pick(10) == 0) std::swap(before, after);
    auto want = changes_by_sets(before, after, "2026-12-04");
    opendata::ValueList a(before.begin(), before.end()), b(after.begin(), after.end());
    CHECK(changes_between(&a, b, "2026-12-04") == want);
    CHECK(changes_between(&before, after, "2026-12-04") == want);
  }
}

namespace {

// merge_log as it was, with a map of every row's (date, key, kind).
std::vector<ChangeRow> merge_by_map(std::vector<ChangeRow> log, const std::vector<ChangeRow>& now) {
  // the first row of the log for each (date, key, kind): a publication can add
  // tens of thousands of rows to a log as long, so no search of the log per row
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> first;
  for (std::size_t i = 0; i < log.size(); ++i) first.emplace(std::make_tuple(log[i].date, log[i].key, log[i].kind), i);
  std::vector<char> dropped(log.size(), 0);
  for (const auto& row : now) {
    auto same = first.find(std::make_tuple(row.date, row.key, row.kind));
    if (same == first.end()) {
      first.emplace(std::make_tuple(row.date, row.key, row.kind), log.size());
      log.push_back(row);
      dropped.push_back(0);
    } else if (row.kind == "correction") {
      // corrected again at the same publication date: one row, from the first old value
      ChangeRow& r = log[same->second];
      r.new_value = row.new_value;
      if (r.old_value == r.new_value) dropped[same->second] = 1, first.erase(same);
    } else {
      log[same->second] = row;
    }
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (dropped[i]) continue;
    if (kept != i) log[kept] = std::move(log[i]);  // (a string moved onto itself ends up empty)
    ++kept;
  }
  log.resize(kept);
  auto order = [](const std::string& kind) {
    return std::find_if(std::begin(kChangeKinds), std::end(kChangeKinds), [&](const char* k) { return kind == k; }) -
           std::begin(kChangeKinds);
  };
  std::sort(log.begin(), log.end(), [&](const ChangeRow& a, const ChangeRow& b) {
    if (a.date != b.date) return a.date > b.date;
    if (a.key != b.key) return a.key < b.key;
    return order(a.kind) < order(b.kind);
  });
  log.erase(std::unique(log.begin(), log.end()), log.end());
  return log;
}

}  // namespace

TEST_CASE("merging random logs gives what a map of every row gave", "[records][changes]") {
  std::mt19937 rng(20261205);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* dates[] = {"2026-11-21", "2026-11-28", "2026-12-05"};
  auto row = [&]() {
    return ChangeRow{dates[pick(3)], kChangeKinds[pick(6)], "k" + std::to_string(pick(6)), std::to_string(pick(3)),
                     std::to_string(pick(3))};
  };
  for (int n = 0; n < 3000; ++n) {
    std::vector<ChangeRow> log, now;
    for (int i = pick(15); i > 0; --i) log.push_back(row());
    for (int i = pick(8); i > 0; --i) now.push_back(row());
    CHECK(merge_log(log, now) == merge_by_map(log, now));
  }
}

TEST_CASE("sort_values sorts by key and keeps the last value of a key", "[records][changes]") {
  opendata::ValueList list = {{"b", "1"}, {"a", "1"}, {"b", "2"}, {"c", "1"}, {"a", "2"}, {"b", "3"}};
  opendata::sort_values(list);
  CHECK(list == opendata::ValueList{{"a", "2"}, {"b", "3"}, {"c", "1"}});
  opendata::ValueList sorted = {{"a", "1"}, {"b", "1"}};
  opendata::sort_values(sorted);
  CHECK(sorted == opendata::ValueList{{"a", "1"}, {"b", "1"}});
}

TEST_CASE("the change log keeps history and merges same-day corrections", "[records][changes]") {
  std::vector<ChangeRow> log = {{"2026-11-21", "first-publication", "", "", ""}};
  log = merge_log(log, {{"2026-11-28", "correction", "k/score", "1", "2"}});
  REQUIRE(log.size() == 2);
  CHECK(log[0].date == "2026-11-28");  // newest first
  // corrected again on the same date: one row from the first old value
  log = merge_log(log, {{"2026-11-28", "correction", "k/score", "2", "3"}});
  REQUIRE(log.size() == 2);
  CHECK(log[0] == ChangeRow{"2026-11-28", "correction", "k/score", "1", "3"});
  CHECK(correction_date(log, "k/") == "2026-11-28");
  CHECK(correction_date(log, "x/").empty());
  // back to the published value: no correction left that day
  log = merge_log(log, {{"2026-11-28", "correction", "k/score", "3", "1"}});
  REQUIRE(log.size() == 1);
  CHECK(log[0].kind == "first-publication");
  // an unchanged publication adds nothing
  CHECK(merge_log(log, {}) == log);
}

TEST_CASE("a long change log is merged and looked up by key", "[records][changes]") {
  // a publication that adds a quarter's results nationally: tens of thousands of rows
  std::vector<ChangeRow> log = {{"2026-11-21", "first-publication", "", "", ""}};
  std::vector<ChangeRow> now;
  for (int i = 0; i < 20000; ++i)
    now.push_back({"2026-11-28", "new-result", "result/p/k" + std::to_string(i) + "/a/2026-Q3", "", std::to_string(i)});
  now.push_back({"2026-11-28", "correction", "result/p/k7/a/2026-Q1/value", "1", "2"});
  now.push_back({"2026-11-28", "addition", "result/p/k7/a/2026-Q2/note", "", "x"});
  log = merge_log(log, now);
  REQUIRE(log.size() == 20003);
  CHECK(log.back() == ChangeRow{"2026-11-21", "first-publication", "", "", ""});
  CHECK(log.front().date == "2026-11-28");
  // every row kept whole (none emptied while the log was compacted)
  for (const auto& r : log) CHECK_FALSE(r.kind.empty());
  // a later correction back to the published value drops that row, and only it
  log = merge_log(log, {{"2026-11-28", "correction", "result/p/k7/a/2026-Q1/value", "2", "1"}});
  REQUIRE(log.size() == 20002);
  CHECK(correction_date(log, "result/p/k7/a/2026-Q1/").empty());
  CHECK(correction_date(log, "result/p/k7/") == "2026-11-28");
  // the index gives what a scan of the log gives, oldest first
  log = merge_log(log, {{"2026-12-05", "correction", "result/p/k7/a/2026-Q2/note", "x", "y"}});
  ChangeIndex index(log);
  CHECK(index.latest("result/p/k7/") == "2026-12-05");
  CHECK(index.latest("result/p/k70/").empty());  // new results are not corrections
  auto rows = index.under("result/p/k7/");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]->date == "2026-11-28");
  CHECK(rows[0]->kind == "addition");
  CHECK(rows[1]->date == "2026-12-05");
  CHECK(index.under("").size() == 2);
  CHECK(index.under("ranking/").empty());
}

TEST_CASE("published values name each figure by what it is about", "[records][changes]") {
  auto s = fixture_site();
  auto list = published_values(*s);
  CHECK(std::is_sorted(list.begin(), list.end()));
  std::map<std::string, std::string> v(list.begin(), list.end());
  CHECK(v.size() == list.size());  // each key once
  CHECK(v.at("ranking/par-index/2020/tuyen-quang/score") == "83.81");
  CHECK(v.at("ranking/par-index/2020/tuyen-quang/rank") == "35");
  CHECK(v.at("ranking/par-index/2020/total") == "63");
  CHECK(v.at("ranking/cchc-so-nganh/2025/so-tu-phap/rank") == "1");
  CHECK(v.at("ranking/cchc-so-nganh/2024/so-noi-vu/component/chi-dao") == "9.5");
  CHECK(v.at("result/tq-kh-2025/I.1/so-noi-vu/2026-Q1/value") == "72.5");
  CHECK(v.at("result/tq-kh-2025/II.1/so-tu-phap/2026/value") == "true");
  // a result reported after as_of is not published yet
  auto early = fixture_site("2026-04-01");
  auto early_list = published_values(*early);
  CHECK(std::none_of(early_list.begin(), early_list.end(),
                     [](const auto& e) { return e.first == "result/tq-kh-2025/I.1/so-noi-vu/2026-Q1/value"; }));
}

TEST_CASE("shared feed items give the same feeds once materialized", "[records][feeds]") {
  auto s = fixture_site();
  Links links = make_links(*s);
  std::vector<ChangeRow> log = {{"2026-11-28", "correction", "ranking/par-index/2020/tuyen-quang/score", "83.81", "84.12"},
                                {"2026-11-21", "first-publication", "", "", ""}};
  auto plain = build_feeds(*s, links, log);
  auto shared = build_shared_feeds(*s, links, log);
  REQUIRE(plain.size() == shared.size());
  bool some_shared = false;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    INFO(plain[i].dir);
    CHECK(plain[i].shared_items.empty());
    CHECK(shared[i].feed.items.empty());
    CHECK(shared[i].item_count() == plain[i].feed.items.size());
    CHECK(shared[i].updated() == feeds::effective_updated(plain[i].feed));
    for (const auto& it : shared[i].shared_items) some_shared = some_shared || it.use_count() > 1;
    CHECK(feed_files(*s, shared[i]) == feed_files(*s, plain[i]));
    shared[i].materialize();
    CHECK(shared[i].item_count() == plain[i].feed.items.size());
  }
  CHECK(some_shared);  // an item in several feeds is held once
}

TEST_CASE("feed items: stable ids, data dates, the right feeds", "[records][feeds]") {
  auto s = fixture_site();
  std::vector<ChangeRow> log = {{"2026-11-21", "first-publication", "", "", ""}};
  auto feeds = build_feeds(*s, make_links(*s), log);
  const auto& root = feed_at(feeds, "");
  auto root_ids = ids(root);
  std::string tag = "tag:cchc.example.gov.vn,2026:";
  CHECK(root_ids.count(tag + "ranking/par-index/2020/tuyen-quang"));
  CHECK(root_ids.count(tag + "ranking/cchc-so-nganh/2025"));  // a full league table: one summary item
  CHECK_FALSE(root_ids.count(tag + "ranking/cchc-so-nganh/2025/so-tu-phap"));
  CHECK(root_ids.count(tag + "result/tq-kh-2025/I.1/so-noi-vu/2026-Q1"));
  CHECK(root_ids.count(tag + "overdue/tq-kh-2025/2026-09-30"));  // II.4: due, nothing reported
  CHECK(ids(feed_at(feeds, "co-quan/so-tu-phap/")).count(tag + "ranking/cchc-so-nganh/2025/so-tu-phap"));
  CHECK(ids(feed_at(feeds, "xep-hang/par-index/")).count(tag + "ranking/par-index/2019/tuyen-quang"));
  CHECK(ids(feed_at(feeds, "ke-hoach/tq-kh-2025/")).count(tag + "result/tq-kh-2025/II.1/so-tu-phap/2026"));
  CHECK(ids(feed_at(feeds, "thay-doi/")).count(tag + "change/2026-11-21/first-publication"));
  CHECK(feed_at(feeds, "co-quan/bo-noi-vu/").feed.items.empty());
  CHECK_FALSE(feed_at(feeds, "co-quan/bo-noi-vu/").feed.updated.empty());  // an empty feed still has a date
  for (const auto& f : feeds) {
    INFO(f.dir);
    auto problems = feeds::check_feed([&] {
      auto copy = f.feed;
      copy.self_url = "https://cchc.example.gov.vn/" + f.dir + "feed.xml";
      return copy;
    }());
    CHECK(problems.empty());
  }
  for (const auto& i : root.feed.items) {
    INFO(i.id);
    if (i.id == tag + "ranking/par-index/2020/tuyen-quang") {
      CHECK(i.title == "PAR INDEX 2020: Tỉnh Tuyên Quang hạng 35/63, giảm 19 bậc");
      CHECK(i.published == "2021-05-20");
      CHECK(i.updated.empty());
      CHECK(i.url == "https://cchc.example.gov.vn/xep-hang/par-index/2020/");
    }
    if (i.id == tag + "ranking/cchc-so-nganh/2025") CHECK(i.title.rfind("[Dữ liệu minh họa] ", 0) == 0);
    if (i.id == tag + "result/tq-kh-2025/I.1/so-noi-vu/2026-Q1") {
      CHECK(i.published == "2026-04-10");
      CHECK(i.title == "158/KH-UBND · chỉ tiêu I.1 · Sở Nội vụ · kỳ 2026-Q1: 72,5% (Đang thực hiện)");
      CHECK(i.url == "https://cchc.example.gov.vn/ke-hoach/tq-kh-2025/i-1/");
    }
    if (i.id == tag + "overdue/tq-kh-2025/2026-09-30") CHECK(i.published == "2026-09-30");
  }
  // the same input gives the same bytes
  CHECK(feed_files(*s, root) == feed_files(*s, build_feeds(*s, make_links(*s), log).front()));
}

TEST_CASE("a corrected figure keeps its item id and gets the correction date", "[records][feeds]") {
  auto s = fixture_site("2026-11-28");
  std::vector<ChangeRow> log = {
      {"2026-11-28", "correction", "ranking/par-index/2020/tuyen-quang/score", "83.81", "84.12"},
      {"2026-11-21", "first-publication", "", "", ""}};
  auto feeds = build_feeds(*s, make_links(*s), log);
  const auto& root = feed_at(feeds, "");
  REQUIRE_FALSE(root.feed.items.empty());
  const auto& first = root.feed.items.front();  // the newest: updated on the correction date
  CHECK(first.id == "tag:cchc.example.gov.vn,2026:ranking/par-index/2020/tuyen-quang");
  CHECK(first.published == "2021-05-20");
  CHECK(first.updated == "2026-11-28");
  CHECK(first.summary.find("83,81 → 84,12") != std::string::npos);
  const auto& changes = feed_at(feeds, "thay-doi/").feed.items;
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].id ==
        "tag:cchc.example.gov.vn,2026:change/2026-11-28/correction/ranking/par-index/2020/tuyen-quang/score");
  CHECK(changes[0].title == "Đính chính PAR INDEX 2020 · Tỉnh Tuyên Quang · điểm: 83,81 → 84,12");
}

TEST_CASE("download tables hold the data's numbers and mark illustrative data", "[records][opendata]") {
  auto s = fixture_site();
  auto downloads = build_downloads(*s, make_links(*s), {{"2026-11-21", "first-publication", "", "", ""}});
  std::set<std::string> paths;
  for (const auto& d : downloads) {
    INFO(d.csv_path());
    CHECK(opendata::check_table(d.table).empty());
    paths.insert(d.csv_path());
  }
  CHECK(paths.count("xep-hang/par-index/2020/bang-xep-hang.csv"));
  CHECK(paths.count("ke-hoach/tq-kh-2025/chi-tieu.csv"));
  CHECK(paths.count("co-quan/so-noi-vu/du-lieu.csv"));
  CHECK(paths.count("du-lieu/thay-doi.csv"));
  auto league = std::find_if(downloads.begin(), downloads.end(),
                             [](const Download& d) { return d.csv_path() == "xep-hang/cchc-so-nganh/2025/bang-xep-hang.csv"; });
  REQUIRE(league != downloads.end());
  CHECK(league->illustrative);
  std::string csv = opendata::write_csv(league->table);
  CHECK(csv.find("\r\n1,so-tu-phap,Sở Tư pháp,93.75,,,,3,2024,3,2,tăng 2 bậc,true\r\n") != std::string::npos);
  CHECK(csv.find("\r\n2,so-noi-vu,Sở Nội vụ,91,,9,10.5,3,2024,1,-1,,true\r\n") != std::string::npos);
  CHECK(league->package_path(".csv") == "xep-hang/cchc-so-nganh/2025/bang-xep-hang.csv");
  CHECK(downloads.back().package_path(".json") == "thay-doi.json");
}

TEST_CASE("download recipes name each table's path before building it, in publication order", "[records][opendata]") {
  auto s = fixture_site();
  Links links = make_links(*s);
  std::vector<ChangeRow> log = {{"2026-11-21", "first-publication", "", "", ""}};
  auto recipes = download_recipes(*s, links, log);
  auto downloads = build_downloads(*s, links, log);
  REQUIRE(recipes.size() == downloads.size());
  for (std::size_t i = 0; i < recipes.size(); ++i) {
    INFO(recipes[i].csv_path);
    Download d = recipes[i].build();  // built alone, in any order: the same table
    CHECK(d.csv_path() == recipes[i].csv_path);
    CHECK(d.csv_path() == downloads[i].csv_path());
    CHECK(opendata::write_csv(d.table) == opendata::write_csv(downloads[i].table));
  }
  CHECK(recipes.back().csv_path == "du-lieu/thay-doi.csv");
}

TEST_CASE("the change log's download is described without building its rows", "[records][opendata]") {
  auto s = fixture_site();
  s->data.rankings.front().illustrative = true;
  Links links = make_links(*s);
  const std::string illustrative_key =
      "ranking/" + s->data.rankings.front().index + "/" + std::to_string(s->data.rankings.front().year);
  std::vector<ChangeRow> plain = {{"2026-11-28", "correction", "result/tq-kh-2025/I.1/so-noi-vu/2026-Q1/value", "1", "2"},
                                  {"2026-11-21", "first-publication", "", "", ""}};
  std::vector<ChangeRow> marked = plain;
  marked.push_back({"2026-11-21", "new-ranking", illustrative_key, "", ""});
  for (const auto* log : {&plain, &marked}) {
    auto recipe = download_recipes(*s, links, *log).back();
    REQUIRE(recipe.describe);
    Download built = recipe.build();
    auto [described, rows] = recipe.describe();
    CHECK(rows == built.table.rows.size());
    CHECK(described.table.rows.empty());
    CHECK(described.date == built.date);
    CHECK(described.illustrative == built.illustrative);
    CHECK(described.illustrative == (log == &marked));
    CHECK(described.title == built.title);
    CHECK(opendata::write_csv(described.table) == opendata::write_csv(opendata::Table{built.table.name, built.table.columns, {}}));
  }
}

TEST_CASE("change log rows as template values keep their fields, in order", "[records][changes]") {
  auto s = fixture_site();
  std::vector<ChangeRow> log = {{"2026-11-28", "correction", "ranking/par-index/2020/tuyen-quang/score", "83.81", "84.12"},
                                {"2026-11-21", "first-publication", "", "", ""}};
  Value rows = log_value(*s, make_links(*s), log, [](const std::string& url) { return Value("page of " + url); });
  REQUIRE(rows.items().size() == 2);
  for (std::size_t i = 0; i < log.size(); ++i) {
    const Value& row = rows.items()[i];
    CHECK(row.find("date")->as_string() == log[i].date);
    CHECK(row.find("kind")->as_string() == log[i].kind);
    CHECK(row.find("key")->as_string() == log[i].key);
    CHECK(row.find("old")->as_string() == log[i].old_value);
    CHECK(row.find("new")->as_string() == log[i].new_value);
    CHECK(row.find("page")->as_string() == "page of " + row.find("url")->as_string());
  }
  CHECK(rows.items()[0].find("old_text")->as_string() != "");
}

TEST_CASE("renamed data folders (params.paths) move feeds, downloads and links together", "[records]") {
  auto s = fixture_site();
  s->config.params = nlohmann::ordered_json::parse(R"({"paths": {"agencies": "/don-vi/", "open_data": "mo"}})");
  Links links = make_links(*s);
  CHECK(links.agency_dir("so-noi-vu") == "don-vi/so-noi-vu/");
  CHECK(links.kpi_dir("tq-kh-2025", "I.1") == "ke-hoach/tq-kh-2025/i-1/");
  std::vector<ChangeRow> log = {{"2026-11-21", "first-publication", "", "", ""}};
  auto feeds = build_feeds(*s, links, log);
  CHECK(std::any_of(feeds.begin(), feeds.end(), [](const FeedSpec& f) { return f.dir == "don-vi/so-noi-vu/"; }));
  auto downloads = build_downloads(*s, links, log);
  CHECK(std::any_of(downloads.begin(), downloads.end(),
                    [](const Download& d) { return d.csv_path() == "don-vi/so-noi-vu/du-lieu.csv"; }));
  CHECK(downloads.back().csv_path() == "mo/thay-doi.csv");
}

TEST_CASE("the previous publication's manifest and log are read back, or set aside with a warning", "[records][changes]") {
  namespace stdfs = std::filesystem;
  stdfs::path out = stdfs::temp_directory_path() / ("mb-previous-" + std::to_string(::getpid()));
  stdfs::remove_all(out);
  stdfs::create_directories(out / "du-lieu");
  auto put = [&](const char* name, const std::string& text) { std::ofstream(out / "du-lieu" / name) << text; };
  Links links;
  opendata::Manifest m;
  m.files["a.csv"] = opendata::file_entry("a");
  m.values["ranking/par-index/2025/so-tu-phap/score"] = "88.5";
  put("manifest.json", opendata::write_manifest(m));
  // rows of the wrong shape are left out; fields that are not strings read as empty
  put("thay-doi.json", R"([
    {"ngay": "2026-11-21", "loai": "first-publication", "khoa": "", "gia_tri_cu": "", "gia_tri_moi": ""},
    {"ngay": "2026-11-28", "loai": "correction", "khoa": "ranking/par-index/2025/so-tu-phap/score",
     "gia_tri_cu": "88", "gia_tri_moi": "88.5", "ghi_chu": {"nested": ["ignored"]}},
    {"ngay": "2026-11-28", "loai": "addition", "khoa": 7, "gia_tri_cu": null, "gia_tri_moi": "1"},
    {"ngay": "28/11/26", "loai": "correction"},
    {"ngay": "2026-11-28", "loai": "renamed"},
    "not a row", [1, 2]
  ])");
  {
    Diagnostics diags;
    PreviousRecord prev = read_previous(out, links, diags);
    CHECK(diags.size() == 0);
    REQUIRE(prev.manifest);
    CHECK(prev.manifest->files == m.files);
    CHECK(prev.values == opendata::ValueList(m.values.begin(), m.values.end()));
    REQUIRE(prev.log.size() == 3);
    CHECK(prev.log[0] == ChangeRow{"2026-11-21", "first-publication", "", "", ""});
    CHECK(prev.log[1] == ChangeRow{"2026-11-28", "correction", "ranking/par-index/2025/so-tu-phap/score", "88", "88.5"});
    CHECK(prev.log[2] == ChangeRow{"2026-11-28", "addition", "", "", "1"});
  }
  for (const char* broken : {"{\"ngay\": \"2026-11-21\"}", "[{\"ngay\": \"2026-11-21\", \"loai\": \"first-publication\"}"}) {
    put("thay-doi.json", broken);  // an object, or cut short: the log starts again
    Diagnostics diags;
    PreviousRecord prev = read_previous(out, links, diags);
    CHECK(prev.manifest);
    CHECK(prev.log.empty());
    REQUIRE(diags.size() == 1);
    CHECK(diags.sorted()[0].message == "the previous change log is not a JSON array of changes; it is started again");
  }
  put("manifest.json", R"({"format": "minhbach-manifest/1", "values": {"k": 88.5}})");
  {
    Diagnostics diags;
    PreviousRecord prev = read_previous(out, links, diags);
    CHECK_FALSE(prev.manifest);
    CHECK(prev.log.empty());
    REQUIRE(diags.size() == 1);
    CHECK(diags.sorted()[0].message ==
          "the previous publication's manifest is not valid (values.k is not a string); this publication is "
          "recorded as the first");
  }
  stdfs::remove_all(out);
}

TEST_CASE("a feed of cap items keeps the first cap of all its items, however few", "[records][feeds]") {
  // the streamed selection (TopItems) skips an item that cannot pass the
  // cap-th one kept: with small caps that happens at every feed of the fixture
  auto s = fixture_site();
  Links links = make_links(*s);
  std::vector<ChangeRow> log = {{"2026-11-28", "correction", "ranking/par-index/2020/tuyen-quang/score", "83.81", "84.12"},
                                {"2026-11-21", "first-publication", "", "", ""}};
  auto all = build_feeds(*s, links, log);  // feed_limit 500: every item
  std::size_t longest = 0;
  for (const auto& f : all) longest = std::max(longest, f.feed.items.size());
  REQUIRE(longest >= 10);
  REQUIRE(longest < 500);
  for (int cap : {1, 2, 3, 5, 8}) {
    s->config.feed_limit = cap;
    auto capped = build_feeds(*s, links, log);
    REQUIRE(capped.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      INFO("cap " << cap << ", feed '" << all[i].dir << "'");
      std::vector<std::string> want, got;
      for (const auto& it : mb::feeds::select_items(all[i].feed.items, static_cast<std::size_t>(cap))) want.push_back(it.id);
      for (const auto& it : capped[i].feed.items) got.push_back(it.id);
      CHECK(got == want);
    }
  }
}

TEST_CASE("counting the feeds gives the number and date of the items they carry", "[records][feeds]") {
  // plan_records counts the feeds (no ids, titles or bodies) while the site is
  // assembled; write_records builds them in full: the two must agree
  auto s = fixture_site();
  Links links = make_links(*s);
  std::vector<ChangeRow> log = {{"2026-11-28", "correction", "ranking/par-index/2020/tuyen-quang/score", "83.81", "84.12"},
                                {"2026-11-28", "correction", "result/tq-kh-2025/I.1/so-noi-vu/2026-Q1/value", "72", "72.5"},
                                {"2026-11-21", "first-publication", "", "", ""}};
  for (int cap : {500, 3, 1}) {
    s->config.feed_limit = cap;
    auto full = build_feeds(*s, links, log);
    auto counted = build_shared_feeds(*s, links, log, false);
    REQUIRE(counted.size() == full.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
      INFO("cap " << cap << ", feed '" << full[i].dir << "'");
      CHECK(counted[i].dir == full[i].dir);
      CHECK(counted[i].item_count() == full[i].feed.items.size());
      CHECK(counted[i].updated() == feeds::effective_updated(full[i].feed));
    }
  }
}

TEST_CASE("a list page's sitemap date is its newest page's, compared as instants", "[records][opendata]") {
  auto entry = [](const char* key, const char* date) {
    Value p = Value::dict();
    p.set(key, Value(std::string(date)));
    return p;
  };
  Value page = Value::dict();
  page.set("pages", Value::list({entry("date", "2025-03-01T10:00:00+07:00"), entry("date", "not a date"),
                                 entry("updated", "2025-03-01T05:00:00Z"), entry("date", "2025-02-28")}));
  mb::site::Job job;
  job.context = Value::dict();
  job.context.set("page", page);
  // 05:00Z is after 10:00+07:00 (03:00Z), though it sorts before it as text
  CHECK(job_lastmod(job) == "2025-03-01T05:00:00Z");
  // a page's own date comes first
  page.set("date", Value(std::string("2024-01-01")));
  job.context.set("page", page);
  CHECK(job_lastmod(job) == "2024-01-01");
}
