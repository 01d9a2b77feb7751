// The data pages' views, on the small dataset of tests/data/valid and the
// default theme: which pages are planned, what their context holds, that
// shared values are shared, and that the theme renders them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "data/loader.hpp"
#include "site/i18n.hpp"
#include "site/records.hpp"
#include "site/views.hpp"
#include "site/views_common.hpp"
#include "tmpl/tmpl.hpp"

namespace mb::site {
void register_site_functions(Site& site);
}

using namespace mb;
using namespace mb::site;

namespace {
namespace stdfs = std::filesystem;

struct Fixture {
  Site site;
  Diagnostics diags;
  std::map<std::string, const Job*> jobs;
  std::map<std::string, Value> contexts;  // built on first use (KPI pages are lazy jobs)

  Fixture() {
    stdfs::path src = MB_SOURCE_DIR;
    site.config.title = "Thử nghiệm";
    site.config.description = "Mô tả";
    site.config.base_url = "https://example.org/";
    site.base_path = "/";
    site.as_of = "2026-11-21";
    data::load(src / "tests/data/valid", "data/", site.data, diags);
    site.templates =
        std::make_unique<tmpl::Environment>(std::vector<stdfs::path>{src / "themes/default/layouts"});
    register_site_functions(site);
    site.templates->load_all(diags);
    load_strings(src / "themes/default/i18n", "vi", "i18n/", site.strings, diags);
    site.model = Value::dict();
    site.model.set("title", Value("Thử nghiệm"));
    site.model.set("description", Value("Mô tả"));
    site.model.set("language", Value("vi"));
    site.model.set("as_of", Value(site.as_of));
    site.model.set("pages", Value::list());
    Value pub = Value::dict();
    pub.set("name", Value("Văn phòng"));
    pub.set("address", Value(""));
    pub.set("email", Value(""));
    site.model.set("publisher", pub);
    plan_data(site, diags);
    for (const auto& j : site.jobs) jobs[j.output] = &j;
  }

  const Value& context(const std::string& out) {
    REQUIRE(jobs.count(out));
    auto it = contexts.find(out);
    if (it == contexts.end()) it = contexts.emplace(out, job_context(site, *jobs.at(out))).first;
    return it->second;
  }

  const Value& page(const std::string& out) { return *context(out).find("page"); }

  std::string render(const std::string& out) {
    REQUIRE(jobs.count(out));
    const Job& j = *jobs.at(out);
    std::string html;
    Diagnostics d;
    bool ok = site.templates->render(j.layout, context(out), html, d);
    for (const auto& x : d.sorted()) INFO(format_diagnostic(x, false));
    CHECK(ok);
    return html;
  }
};

std::string errors(const Diagnostics& d) {
  std::string out;
  for (const auto& x : d.sorted()) out += format_diagnostic(x, false) + "\n";
  return out;
}
}  // namespace

TEST_CASE("every data page is planned with a layout", "[site][views]") {
  Fixture f;
  INFO(errors(f.diags));
  REQUIRE_FALSE(f.diags.has_errors());
  for (const char* out : {"xep-hang/index.html", "xep-hang/cchc-so-nganh/index.html",
                          "xep-hang/cchc-so-nganh/2023/index.html", "xep-hang/cchc-so-nganh/2024/index.html",
                          "co-quan/index.html", "co-quan/so-noi-vu/index.html", "co-quan/xa-nam-dan/index.html",
                          "ke-hoach/index.html", "ke-hoach/tq-kh-2025/index.html", "ke-hoach/tq-kh-2025/i-1/index.html",
                          "ke-hoach/nam-dan-kh-2026/1/index.html", "tim-kiem/index.html", "tim-kiem/index.json"})
    CHECK(f.jobs.count(out) == 1);
  CHECK(f.jobs.at("xep-hang/cchc-so-nganh/2024/index.html")->layout == "rankings/table.html");
  CHECK(f.jobs.at("ke-hoach/tq-kh-2025/i-1/index.html")->layout == "plans/kpi.html");
}

TEST_CASE("a league table shows ranks, changes and the spread", "[site][views]") {
  Fixture f;
  const Value& r = *f.page("xep-hang/cchc-so-nganh/2024/index.html").find("ranking");
  CHECK(r.find("year")->as_int() == 2024);
  const Value& entries = *r.find("entries");
  REQUIRE(entries.size() == 2);
  CHECK(entries.at(0).find("agency")->find("id")->as_string() == "so-noi-vu");
  CHECK(entries.at(0).find("rank")->as_int() == 1);
  // 2023: so-tai-chinh 91 (1st), so-noi-vu 85.5 (2nd) → so-noi-vu moved up one place
  const Value& ch = *entries.at(0).find("change");
  CHECK(ch.find("trend")->as_string() == "up");
  CHECK(ch.find("rank_delta")->as_int() == 1);
  CHECK(ch.find("score_delta")->as_number() == Approx(6.5));
  CHECK(entries.at(1).find("change")->find("trend")->as_string() == "down");
  CHECK(r.find("spread")->find("median")->as_number() == Approx(91));
  CHECK(r.find("chart")->is_safe());
  CHECK(r.find("prev")->find("year")->as_int() == 2023);
  CHECK(r.find("next")->is_none());
  // the oldest ranking has no change column
  CHECK_FALSE(f.page("xep-hang/cchc-so-nganh/2023/index.html").find("ranking")->find("has_change")->as_bool());
}

TEST_CASE("league tables are built once and shared with the index page", "[site][views]") {
  Fixture f;
  const Value& table = *f.page("xep-hang/cchc-so-nganh/2024/index.html").find("ranking");
  const Value& list = *f.page("xep-hang/cchc-so-nganh/index.html").find("rankings");
  REQUIRE(list.size() == 2);
  CHECK(list.at(1).find("entries")->same_storage(*table.find("entries")));
  // every job sees the one finished site value
  const Value& s1 = *f.jobs.at("co-quan/index.html")->context.find("site");
  const Value& s2 = *f.jobs.at("ke-hoach/index.html")->context.find("site");
  CHECK(s1.same_storage(s2));
  CHECK(s1.find("home") != nullptr);
}

TEST_CASE("agencies are grouped by kind in Vietnamese order", "[site][views]") {
  Fixture f;
  const Value& groups = *f.page("co-quan/index.html").find("groups");
  std::vector<std::string> kinds;
  for (const auto& g : groups.items()) kinds.push_back(g.find("key")->as_string());
  CHECK(kinds == std::vector<std::string>{"province", "department", "commune", "other", "ministry"});
  for (const auto& g : groups.items()) {
    const auto& list = g.find("agencies")->items();
    for (std::size_t i = 1; i < list.size(); ++i)
      CHECK(text::vi_compare(list[i - 1].find("agency")->find("name")->as_string(),
                             list[i].find("agency")->find("name")->as_string()) <= 0);
  }
}

TEST_CASE("an agency profile lists the KPIs it leads, directly or through a group", "[site][views]") {
  Fixture f;
  const Value& p = f.page("co-quan/so-noi-vu/index.html");
  std::map<std::string, std::string> status, via;
  for (const auto& row : p.find("leads")->items()) {
    std::string id = row.find("kpi")->find("id")->as_string();
    status[id] = row.find("status")->find("key")->as_string();
    via[id] = row.find("via")->is_none() ? "" : row.find("via")->as_string();
  }
  CHECK(status.count("I.1"));  // @all
  CHECK(status.count("II.1"));
  CHECK_FALSE(status.count("I.3"));  // led by so-tai-chinh only
  CHECK(via["I.1"] == f.site.strings.at("group.all"));
  CHECK(via["II.1"].empty());
  CHECK(status["I.1"] == "met");  // so-noi-vu reported 100 for 2025
  CHECK(p.find("rankings")->size() == 1);
  CHECK(p.find("feeds")->at(0).find("url")->as_string() == "/co-quan/so-noi-vu/feed.xml");
}

TEST_CASE("a KPI page links the same KPI in child plans", "[site][views]") {
  Fixture f;
  const Value& p = f.page("ke-hoach/tq-kh-2025/i-1/index.html");
  REQUIRE(p.find("in_children")->size() == 1);
  CHECK(p.find("in_children")->at(0).find("kpi")->find("url")->as_string() == "/ke-hoach/nam-dan-kh-2026/1/");
  const Value& child = f.page("ke-hoach/nam-dan-kh-2026/1/index.html");
  CHECK(child.find("implements")->find("kpi")->find("id")->as_string() == "I.1");
  CHECK(child.find("illustrative")->is_bool());
}

TEST_CASE("the search index is folded for matching without diacritics", "[site][views]") {
  Fixture f;
  const Value& p = f.page("tim-kiem/index.json");
  auto j = nlohmann::json::parse(p.find("json")->as_string());
  bool found = false;
  for (const auto& e : j)
    if (e["t"] == "Sở Nội vụ") {
      found = true;
      CHECK(e["u"] == "/co-quan/so-noi-vu/");
      CHECK(e["f"].get<std::string>().find("so noi vu") != std::string::npos);
      CHECK(e["f"].get<std::string>().find("snv") != std::string::npos);  // alias
    }
  CHECK(found);
}

TEST_CASE("the default theme renders the data pages", "[site][views][theme]") {
  Fixture f;
  REQUIRE_FALSE(f.diags.has_errors());
  std::string html = f.render("xep-hang/cchc-so-nganh/2024/index.html");
  CHECK(html.find("<table id=\"bang-xep-hang\" data-sortable") != std::string::npos);
  CHECK(html.find("data-value=\"92.0\"") != std::string::npos);
  CHECK(html.find(">92,00<") != std::string::npos);
  CHECK(html.find("Dữ liệu minh họa") != std::string::npos);
  CHECK(html.find("<link rel=\"canonical\" href=\"https://example.org/xep-hang/cchc-so-nganh/2024/\">") != std::string::npos);
  CHECK(html.find("href=\"/xep-hang/cchc-so-nganh/feed.xml\"") != std::string::npos);
  CHECK(html.find("style=") == std::string::npos);
  CHECK(html.find("<script>") == std::string::npos);
  for (const auto& [out, job] : f.jobs) {
    INFO(out);
    std::string page = f.render(out);
    CHECK_FALSE(page.empty());
  }
}

TEST_CASE("group leads expand to the agencies of one province, from the indices of build_refs", "[site][views]") {
  Site site;
  site.base_path = "/";
  site.config.base_url = "https://example.org/";
  auto agency = [&](std::string id, data::AgencyKind kind, std::string parent) {
    data::Agency a;
    a.id = a.name = std::move(id);
    a.kind = kind;
    a.parent = std::move(parent);
    site.data.agencies.push_back(std::move(a));
  };
  agency("p1", data::AgencyKind::province, "");
  agency("p2", data::AgencyKind::province, "");
  agency("so-b", data::AgencyKind::department, "p1");
  agency("so-a", data::AgencyKind::department, "p1");
  agency("so-c", data::AgencyKind::department, "p2");
  agency("huyen", data::AgencyKind::other, "p1");
  agency("xa-b", data::AgencyKind::commune, "huyen");  // through a district
  agency("xa-a", data::AgencyKind::commune, "p2");
  agency("bo", data::AgencyKind::ministry, "");
  for (const char* id : {"kh-p1", "kh-xa-b", "kh-p2", "kh-xa-b-2"}) {
    data::Plan p;
    p.id = id;
    p.parent = std::string(id).rfind("kh-xa-b", 0) == 0 ? "kh-p1" : "";
    site.data.plans.push_back(std::move(p));
  }
  site.data.finish();
  dv::Ctx c(site);
  dv::build_refs(c);

  using V = std::vector<std::string>;
  CHECK(c.province_of("xa-b") == "p1");
  CHECK(c.province_of("p2") == "p2");
  CHECK(c.province_of("bo").empty());
  CHECK(c.province_of("unknown").empty());
  CHECK(c.expand({"@departments"}, "p1") == V{"so-a", "so-b"});
  CHECK(c.expand({"@communes", "bo"}, "p1") == V{"bo", "xa-b"});
  CHECK(c.expand({"@all", "so-c", "so-a"}, "p1") == V{"so-a", "so-b", "so-c", "xa-b"});
  CHECK(c.expand({"@all"}, "p2") == V{"so-c", "xa-a"});
  CHECK(c.expand({"@communes"}, "") == V{"xa-a", "xa-b"});  // no province: every one
  CHECK(c.expand({"@communes"}, "nowhere").empty());
  std::vector<std::string> children;
  for (const data::Plan* p : c.children_of("kh-p1")) children.push_back(p->id);
  CHECK(children == V{"kh-xa-b", "kh-xa-b-2"});
  CHECK(c.children_of("kh-p2").empty());
}

TEST_CASE("date values print as Date::str does", "[site][views]") {
  CHECK(dv::date_value(data::Date{}).is_none());
  for (data::Date d : {data::Date{2026, 1, 5}, data::Date{999, 12, 31}, data::Date{12345, 1, 1}, data::Date{2025, 10, 10}})
    CHECK(dv::date_value(d).as_string() == d.str());
}

TEST_CASE("content pages' sitemap dates are those their views give", "[site][views]") {
  // plan_content works them out from the pages; records::job_lastmod reads the views
  stdfs::path src = MB_SOURCE_DIR;
  Site site;
  Diagnostics diags;
  site.config.title = "Thử nghiệm";
  site.config.base_url = "https://example.org/";
  site.base_path = "/";
  site.templates = std::make_unique<tmpl::Environment>(std::vector<stdfs::path>{src / "themes/default/layouts"});
  register_site_functions(site);
  site.templates->load_all(diags);
  site.model = Value::dict();
  auto add = [&](content::PageKind kind, std::string section, std::string slug, std::string date, std::string updated,
                 std::vector<std::string> tags = {}) {
    content::Page p;
    p.kind = kind;
    p.section = section;
    p.title = slug;
    p.source = section + "/" + slug + ".md";
    p.display = "content/" + p.source;
    p.date = std::move(date);
    p.updated = std::move(updated);
    p.tags = std::move(tags);
    p.url = kind == content::PageKind::home      ? "/"
            : kind == content::PageKind::section ? "/" + section + "/"
                                                 : "/" + section + "/" + slug + "/";
    p.output = p.url.substr(1) + "index.html";
    site.content.pages.push_back(std::move(p));
  };
  using K = content::PageKind;
  add(K::home, "", "home", "", "");
  add(K::section, "tin-tuc", "tin-tuc", "", "");
  add(K::section, "thong-bao", "thong-bao", "2025-06-01", "not a date");  // its own date
  add(K::section, "trong", "trong", "", "");                               // no pages
  // 10:00+07:00 is 03:00Z: as texts it would sort after the 05:00Z update
  add(K::page, "tin-tuc", "a", "2025-03-01T10:00:00+07:00", "", {"Cải cách"});
  add(K::page, "tin-tuc", "b", "2025-02-01", "2025-03-01T05:00:00Z", {"Cải cách", "Số hóa"});
  add(K::page, "tin-tuc", "c", "", "", {"Số hóa"});
  add(K::page, "thong-bao", "d", "2025-01-01T00:00:00Z", "2025-01-01T07:00:00+07:00");  // the same instant twice
  add(K::page, "khac", "e", "2024-12-31", "");  // a section without _index.md
  plan_content(site, diags);
  INFO(errors(diags));
  REQUIRE_FALSE(diags.has_errors());
  std::map<std::string, std::string> lastmods;
  for (Job& job : site.jobs) {
    INFO(job.output);
    CHECK(job.lastmod == records::job_lastmod(job));
    lastmods[job.output] = job.lastmod;
  }
  CHECK(lastmods.at("index.html") == "2025-03-01T05:00:00Z");
  CHECK(lastmods.at("tin-tuc/index.html") == "2025-03-01T05:00:00Z");
  CHECK(lastmods.at("thong-bao/index.html") == "2025-06-01");
  CHECK(lastmods.at("trong/index.html").empty());
  CHECK(lastmods.at("khac/index.html") == "2024-12-31");
  CHECK(lastmods.at("tin-tuc/c/index.html").empty());
  CHECK(lastmods.at("thong-bao/d/index.html") == "2025-01-01T07:00:00+07:00");
  CHECK(lastmods.at("chu-de/so-hoa/index.html") == "2025-03-01T05:00:00Z");
  // news order: newest first (c is undated: last)
  std::vector<std::string> order;
  for (const auto& v : site.model.find("sections")->find("tin-tuc")->find("pages")->items())
    order.push_back(v.find("title")->as_string());
  CHECK(order == std::vector<std::string>{"a", "b", "c"});
  // a tag's entry is made once and shared by the views of its pages
  const auto& news = site.model.find("sections")->find("tin-tuc")->find("pages")->items();
  const Value& tag_of_a = news.at(0).find("tags")->items().at(0);
  const Value& tag_of_b = news.at(1).find("tags")->items().at(0);
  CHECK(tag_of_a.find("name")->as_string() == "Cải cách");
  CHECK(tag_of_a.find("url")->as_string() == "/chu-de/cai-cach/");
  CHECK(tag_of_a.same_storage(tag_of_b));
  CHECK(news.at(1).find("tags")->items().at(1).same_storage(news.at(2).find("tags")->items().at(0)));
  // by instant, not by text: 05:00Z (g) is after 10:00+07:00 (f), which is after midnight +07:00 (h)
  site.jobs.clear();
  site.content.pages.clear();
  site.model = Value::dict();
  add(K::page, "moi", "f", "2025-04-01T10:00:00+07:00", "");
  add(K::page, "moi", "g", "2025-04-01T05:00:00Z", "");
  add(K::page, "moi", "h", "2025-04-01", "");
  add(K::page, "moi", "k", "2025-04-01T03:00:00Z", "");  // the same instant as f: weight, then title decide
  plan_content(site, diags);
  order.clear();
  for (const auto& v : site.model.find("pages")->items()) order.push_back(v.find("title")->as_string());
  CHECK(order == std::vector<std::string>{"g", "f", "k", "h"});
  CHECK(lastmods.at("chu-de/cai-cach/index.html") == "2025-03-01T05:00:00Z");
}
