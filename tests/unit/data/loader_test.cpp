// What load() puts in the Dataset (tests/data/valid).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "data/compute.hpp"
#include "data/fields.hpp"
#include "data/loader.hpp"

using namespace mb::data;

namespace {
const Dataset& valid() {
  static Dataset ds = [] {
    Dataset d;
    mb::Diagnostics diags;
    load(std::filesystem::path(MB_SOURCE_DIR) / "tests/data/valid", "data/", d, diags);
    return d;
  }();
  return ds;
}
}  // namespace

TEST_CASE("agencies are merged from agencies.json and agencies/*.json, sorted by id", "[data][loader]") {
  const Dataset& ds = valid();
  REQUIRE(ds.agencies.size() == 7);
  CHECK(ds.agencies.front().id == "bo-noi-vu");
  CHECK(std::is_sorted(ds.agencies.begin(), ds.agencies.end(), [](auto& a, auto& b) { return a.id < b.id; }));
  const Agency* snv = ds.agency("so-noi-vu");
  REQUIRE(snv);
  CHECK(snv->name == "Sở Nội vụ");
  CHECK(snv->short_name == "Sở Nội vụ");  // defaults to the name
  CHECK(snv->kind == AgencyKind::department);
  CHECK(snv->parent == "tuyen-quang");
  CHECK(snv->aliases == std::vector<std::string>{"SNV"});
  CHECK(snv->origin.path == "data/agencies.json");
  CHECK(snv->origin.pos.line == 16);
  CHECK(ds.agency("xa-nam-dan")->origin.path == "data/agencies/communes.json");
  CHECK(ds.agency("nope") == nullptr);
}

TEST_CASE("group tokens expand to agencies by kind", "[data][loader]") {
  const Dataset& ds = valid();
  CHECK(ds.expand({"@departments"}) == std::vector<std::string>{"so-noi-vu", "so-tai-chinh"});
  CHECK(ds.expand({"@communes"}) == std::vector<std::string>{"phuong-minh-xuan", "xa-nam-dan"});
  CHECK(ds.expand({"@all"}).size() == 4);
  CHECK(ds.expand({"so-noi-vu", "@departments", "bo-noi-vu"}) ==
        std::vector<std::string>{"bo-noi-vu", "so-noi-vu", "so-tai-chinh"});
}

TEST_CASE("plans keep document order of sections and KPIs", "[data][loader]") {
  const Dataset& ds = valid();
  REQUIRE(ds.plans.size() == 2);
  const Plan* p = ds.plan("tq-kh-2025");
  REQUIRE(p);
  CHECK(p->number == "158/KH-UBND");
  CHECK(p->issued == Date{2025, 12, 30});
  CHECK(p->from == 2025);
  CHECK(p->to == 2030);
  CHECK(p->source.url == "https://example.org/158");
  CHECK(p->notes.size() == 1);
  CHECK(p->kpi_count() == 7);
  REQUIRE(p->sections.size() == 2);
  CHECK(p->sections[0].id == "I");
  CHECK(p->sections[0].note == "Ghi chú nguồn");

  const Kpi* k = p->kpi("I.1");
  REQUIRE(k);
  CHECK(k->lead == std::vector<std::string>{"@all"});
  CHECK(k->support == std::vector<std::string>{"so-noi-vu"});
  CHECK(k->target.op == TargetOp::ge);
  CHECK(*k->target.value == 100);
  CHECK(k->target.unit == "%");
  CHECK(k->target.text == "100%");
  CHECK(k->due.kind == DueKind::date);
  CHECK(k->due.date == Date{2026, 1, 15});
  CHECK(k->due.text == "Trước ngày 15/01/2026");
  CHECK(k->origin.pos.line == 18);

  const Kpi* r = p->kpi("I.2");
  CHECK(r->lead == std::vector<std::string>{"so-noi-vu", "so-tai-chinh"});
  CHECK(r->target.op == TargetOp::reduce);
  CHECK(*r->target.baseline_year == 2024);
  CHECK(*r->target.baseline_to == 2024);
  CHECK(r->due.kind == DueKind::year);
  CHECK(r->due.year == 2030);
  CHECK(p->kpi("I.3")->target.op == TargetOp::range);
  CHECK(p->kpi("I.3")->due.kind == DueKind::yearly);
  CHECK(p->kpi("II.1")->due.kind == DueKind::quarterly);
  CHECK(p->kpi("II.2")->due.kind == DueKind::ongoing);
  const Kpi* rank = p->kpi("II.3");
  CHECK(rank->target.op == TargetOp::rank);
  CHECK(*rank->target.min == 15);
  CHECK(*rank->target.max == 20);
  CHECK(*rank->target.of == 34);
  const Kpi* text = p->kpi("II.4");
  CHECK(text->target.op == TargetOp::text);
  CHECK(text->due.kind == DueKind::text);
  CHECK(text->due.text == "Theo kế hoạch");

  const Plan* child = ds.plan("nam-dan-kh-2026");
  CHECK(child->parent == "tq-kh-2025");
  CHECK(child->kpi("1")->implements == "I.1");
  auto children = ds.children_of("tq-kh-2025");
  REQUIRE(children.size() == 1);
  CHECK(children[0] == child);
}

TEST_CASE("results: default agency, periods, values; CSV reads like JSON", "[data][loader]") {
  const Dataset& ds = valid();
  const ResultSet* rs = ds.results_for("tq-kh-2025");
  REQUIRE(rs);
  CHECK(rs->illustrative);
  REQUIRE(rs->results.size() == 5);
  // sorted by kpi, agency, period
  CHECK(rs->results[0].kpi == "I.1");
  // I.3 has one lead: its results default to it
  auto i3 = results_of(rs, "I.3", "so-tai-chinh");
  REQUIRE(i3.size() == 1);
  CHECK(*i3[0]->number == 30.5);
  CHECK(i3[0]->period.str() == "2026");
  auto i2 = results_of(rs, "I.2", "so-noi-vu");
  REQUIRE(i2.size() == 2);
  CHECK(i2[0]->period.str() == "2024");  // a baseline year may precede the plan
  CHECK(i2[1]->period.str() == "2026-H1");
  CHECK(i2[1]->note == "giữa kỳ");
  auto ii1 = results_of(rs, "II.1", "so-noi-vu");
  REQUIRE(ii1.size() == 1);
  CHECK(*ii1[0]->done);
  CHECK(ii1[0]->reported == Date{2026, 3, 31});

  const ResultSet* csv = ds.results_for("nam-dan-kh-2026");
  REQUIRE(csv);
  CHECK_FALSE(csv->illustrative);
  REQUIRE(csv->results.size() == 1);
  const Result& r = csv->results[0];
  CHECK(r.agency == "xa-nam-dan");
  CHECK(*r.done);
  CHECK(r.source == "Báo cáo số 2, xã Năm Dẫn");
  CHECK(r.note.empty());
  CHECK(csv->origin.path == "data/results/nam-dan-kh-2026.csv");
  CHECK(r.pos.line == 2);
}

TEST_CASE("indices and rankings: computed ranks and groups", "[data][loader]") {
  const Dataset& ds = valid();
  const Index* ix = ds.index("cchc-so-nganh");
  REQUIRE(ix);
  CHECK(ix->max == 100);
  CHECK(ix->higher_is_better);
  CHECK(ix->components.size() == 2);
  CHECK(*ix->component("the-che")->max == 12);
  CHECK(ix->groups.size() == 3);

  const Ranking* r23 = ds.ranking("cchc-so-nganh", 2023);
  REQUIRE(r23);
  CHECK(r23->scope == Scope::departments);
  CHECK(r23->published == Date{2024, 3, 1});
  CHECK(r23->illustrative);
  REQUIRE(r23->entries.size() == 2);
  CHECK(r23->entries[0].agency == "so-tai-chinh");  // computed rank 1 from its score
  CHECK(r23->entries[0].rank == 1);
  CHECK(r23->entries[0].group == "A");
  CHECK_FALSE(r23->entries[0].group_given);
  CHECK(r23->entries[1].rank == 2);
  CHECK(r23->entries[1].group == "B");
  CHECK(r23->entries[1].components.at("the-che") == 10.5);

  const Ranking* r24 = ds.ranking("cchc-so-nganh", 2024);
  REQUIRE(r24);
  CHECK(r24->units() == 2);
  CHECK(r24->entries[0].agency == "so-noi-vu");
  CHECK(*r24->entries[0].given_rank == 1);
  CHECK(r24->entries[0].group_given);
  RankChange c = rank_change(r24->entries[0], previous_ranking(ds, *r24));
  CHECK(c.trend == Trend::up);
  CHECK(c.previous_year == 2023);
}

TEST_CASE("statuses on the valid fixture", "[data][loader]") {
  const Dataset& ds = valid();
  const Plan& p = *ds.plan("tq-kh-2025");
  const ResultSet* rs = ds.results_for(p.id);
  Date as_of{2026, 9, 1};
  // I.2: reduce 50% from 120 (2024) → 70 in 2026-H1 is not yet enough; due 2030
  auto i2 = results_of(rs, "I.2", "so-noi-vu");
  Evaluation ev = evaluate(*p.kpi("I.2"), i2, as_of, {}, p.from, p.to);
  CHECK(ev.status == Status::in_progress);
  CHECK(*ev.baseline == 120);
  // the plan as a whole
  Scorecard sc = plan_scorecard(p, rs, as_of);
  CHECK(sc.total == 7);
  CHECK(sc.not_evaluable == 1);
}

TEST_CASE("KPIs of an agency, through group tokens and support", "[data][loader]") {
  const Dataset& ds = valid();
  // phuong-minh-xuan leads I.1 through "@all" and supports II.2 through "@communes"
  CHECK(kpis_of_agency(ds, "phuong-minh-xuan").size() == 1);
  auto all = kpis_of_agency(ds, "phuong-minh-xuan", true);
  REQUIRE(all.size() == 2);
  CHECK(all[0].kpi->id == "I.1");
  CHECK(all[1].kpi->id == "II.2");
  // xa-nam-dan also leads the row of its own plan (plans in id order)
  auto xa = kpis_of_agency(ds, "xa-nam-dan");
  REQUIRE(xa.size() == 2);
  CHECK(xa[0].plan->id == "nam-dan-kh-2026");
}

TEST_CASE("the size cap applies to every data file, JSON and CSV", "[data][loader]") {
  Dataset ds;
  mb::Diagnostics diags;
  LoadOptions opt;
  opt.json.max_bytes = 200;
  CHECK_FALSE(load(std::filesystem::path(MB_SOURCE_DIR) / "tests/data/valid", "data/", ds, diags, opt));
  std::vector<std::string> too_large;
  for (const auto& d : diags.sorted())
    if (d.message.rfind("file too large", 0) == 0) too_large.push_back(d.path);
  CHECK(std::find(too_large.begin(), too_large.end(), "data/agencies.json") != too_large.end());
  CHECK(std::find(too_large.begin(), too_large.end(), "data/results/nam-dan-kh-2026.csv") == too_large.end());  // small
  opt.json.max_bytes = 50;
  mb::Diagnostics d2;
  load(std::filesystem::path(MB_SOURCE_DIR) / "tests/data/valid", "data/", ds, d2, opt);
  bool csv = false;
  for (const auto& d : d2.sorted()) csv = csv || (d.path == "data/results/nam-dan-kh-2026.csv" && d.message.rfind("file too large", 0) == 0);
  CHECK(csv);
}

TEST_CASE("a missing data folder is an empty dataset", "[data][loader]") {
  Dataset ds;
  mb::Diagnostics diags;
  CHECK(load("/nonexistent/minhbach/data", "data/", ds, diags));
  CHECK(diags.size() == 0);
  CHECK(ds.plans.empty());
}

TEST_CASE("links in data are http, https or site paths", "[data][loader][hostile]") {
  using mb::data::detail::url_problem;
  CHECK(url_problem("https://sonoivu.tuyenquang.gov.vn") == "");
  CHECK(url_problem("HTTP://example.org/a?b=c#d") == "");
  CHECK(url_problem("/van-ban/158.pdf") == "");
  CHECK(url_problem("javascript:alert(1)").find("scheme 'javascript:'") != std::string::npos);
  CHECK(url_problem("JaVaScRiPt:alert(1)") != "");
  CHECK(url_problem("data:text/html,<script>") != "");
  CHECK(url_problem("vbscript:x") != "");
  CHECK(url_problem("file:///etc/passwd") != "");
  CHECK(url_problem("//evil.example/") != "");
  CHECK(url_problem(" javascript:alert(1)") != "");
  CHECK(url_problem("java\tscript:alert(1)") != "");
  CHECK(url_problem("https://") != "");
  CHECK(url_problem("https:///etc") != "");
  CHECK(url_problem("https://x\" onmouseover=\"a") != "");
  CHECK(url_problem("relative/path") != "");
  CHECK(url_problem("") != "");
}

TEST_CASE("a javascript: link in agencies and sources is an error at its position", "[data][loader][hostile]") {
  auto dir = std::filesystem::temp_directory_path() / ("mb-url-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "plans");
  std::ofstream(dir / "agencies.json") << "[{\"id\": \"so-noi-vu\", \"name\": \"S\", \"kind\": \"department\",\n"
                                          "  \"url\": \"javascript:alert(1)\"}]";
  std::ofstream(dir / "plans/p.json")
      << "{\"id\": \"p\", \"title\": \"P\", \"agency\": \"so-noi-vu\", \"kind\": \"plan\", \"period\": {\"from\": 2025, "
         "\"to\": 2025},\n \"source\": {\"name\": \"x\", \"url\": \"data:text/html;base64,PHNjcmlwdD4=\"}, "
         "\"sections\": []}";
  Dataset d;
  mb::Diagnostics diags;
  load(dir, "data/", d, diags);
  std::filesystem::remove_all(dir);
  bool agency = false, source = false;
  for (const auto& e : diags.sorted()) {
    if (e.path == "data/agencies.json" && e.line == 2 && e.col == 10 && e.message.find("unsafe link") == 0) agency = true;
    if (e.path == "data/plans/p.json" && e.line == 2 && e.message.find("unsafe link 'data:") == 0) source = true;
  }
  CHECK(agency);
  CHECK(source);
}

TEST_CASE("a symlinked agencies.json is not followed", "[data][loader][hostile]") {
  auto dir = std::filesystem::temp_directory_path() / ("mb-link-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "data");
  std::ofstream(dir / "outside.json") << "[]";
  std::filesystem::create_symlink(dir / "outside.json", dir / "data/agencies.json");
  Dataset d;
  mb::Diagnostics diags;
  CHECK_FALSE(load(dir / "data", "data/", d, diags));
  std::filesystem::remove_all(dir);
  auto all = diags.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].path == "data/agencies.json");
  CHECK(all[0].message == "symbolic links are not followed");
}

TEST_CASE("plan and result files read on several threads give the same dataset and diagnostics", "[data][loader]") {
  namespace stdfs = std::filesystem;
  stdfs::path dir = stdfs::temp_directory_path() / ("mb-loader-jobs-" + std::to_string(::getpid()));
  stdfs::remove_all(dir);
  stdfs::copy(stdfs::path(MB_SOURCE_DIR) / "tests/data/valid", dir, stdfs::copy_options::recursive);
  // more files than threads, with clashes across files: a plan id given twice
  // (and named after another file), results for one plan given twice
  for (int i = 0; i < 12; ++i)
    stdfs::copy_file(dir / "plans/tq-kh-2025.json", dir / ("plans/copy-" + std::to_string(i) + ".json"));
  stdfs::copy_file(dir / "results/tq-kh-2025.json", dir / "results/copy.json");
  auto run = [&](unsigned jobs, Dataset& ds) {
    mb::Diagnostics diags;
    LoadOptions opt;
    opt.jobs = jobs;
    load(dir, "data/", ds, diags, opt);
    std::vector<std::string> out;
    for (const auto& d : diags.sorted()) {
      std::string line = d.path + ":" + std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message;
      for (const auto& n : d.notes) line += " | " + n;
      out.push_back(line);
    }
    return out;
  };
  Dataset one, four;
  auto d1 = run(1, one), d4 = run(4, four);
  stdfs::remove_all(dir);
  CHECK(d1 == d4);
  CHECK(std::count_if(d1.begin(), d1.end(), [](const std::string& s) {
          return s.find("duplicate plan id 'tq-kh-2025' | first defined at data/plans/copy-0.json") != std::string::npos;
        }) == 12);
  CHECK(std::any_of(d1.begin(), d1.end(), [](const std::string& s) { return s.find("are given twice") != std::string::npos; }));
  REQUIRE(one.plans.size() == four.plans.size());
  for (std::size_t i = 0; i < one.plans.size(); ++i) {
    CHECK(one.plans[i].id == four.plans[i].id);
    CHECK(one.plans[i].origin.path == four.plans[i].origin.path);
  }
  REQUIRE(one.results.size() == four.results.size());
  for (std::size_t i = 0; i < one.results.size(); ++i) {
    CHECK(one.results[i].origin.path == four.results[i].origin.path);
    CHECK(one.results[i].results.size() == four.results[i].results.size());
  }
}
