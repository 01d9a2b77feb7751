#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "content/page.hpp"

using namespace mb;
using namespace mb::content;

namespace {
bool parse(const std::string& text, Page& page, Diagnostics& d) {
  LoadOptions o;
  return parse_page(text, "tin-tuc/a.md", "content/tin-tuc/a.md", page, d, o);
}
}  // namespace

TEST_CASE("front matter fields are read", "[content]") {
  Page p;
  Diagnostics d;
  REQUIRE(parse("---\ntitle: \"Sở Nội vụ họp\"\ndate: 2025-12-30\ntags: [cchc, so-noi-vu]\nweight: 3\n"
                "chu_de: x\n---\n\n# Mục tiêu\n\nĐoạn đầu.\n",
                p, d));
  CHECK(p.title == "Sở Nội vụ họp");
  CHECK(p.date == "2025-12-30");
  CHECK(p.tags == std::vector<std::string>{"cchc", "so-noi-vu"});
  CHECK(p.weight == 3);
  CHECK(p.params["chu_de"] == "x");
  CHECK(p.summary == "Đoạn đầu.");
  CHECK(p.html->find("<h1 id=\"muc-tieu\">Mục tiêu</h1>") != std::string::npos);
  CHECK(p.body_line == 8);
}

TEST_CASE("broken front matter reports file:line:col", "[content]") {
  Page p;
  Diagnostics d;
  CHECK_FALSE(parse("---\ntitle: [unclosed\ndate: 2025-01-01\n---\nbody\n", p, d));
  auto v = d.sorted();
  REQUIRE(!v.empty());
  CHECK(v[0].path == "content/tin-tuc/a.md");
  CHECK(v[0].line >= 2);
  CHECK(v[0].col >= 1);
}

TEST_CASE("nonexistent dates are errors", "[content]") {
  Page p;
  Diagnostics d;
  CHECK_FALSE(parse("---\ntitle: a\ndate: 2025-02-30\n---\n", p, d));
  auto v = d.sorted();
  REQUIRE(v.size() == 1);
  CHECK(v[0].line == 3);
  CHECK(v[0].col == 7);
  CHECK(v[0].message.find("not a valid date") != std::string::npos);
}

TEST_CASE("unclosed front matter is an error", "[content]") {
  Page p;
  Diagnostics d;
  CHECK_FALSE(parse("---\ntitle: a\n", p, d));
  REQUIRE(d.error_count() == 1);
}

TEST_CASE("CRLF line endings and BOM are accepted", "[content]") {
  Page p;
  Diagnostics d;
  REQUIRE(parse("\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\nText\r\n", p, d));
  CHECK(p.title == "a");
}

TEST_CASE("raw HTML and javascript links are neutralised", "[content][security]") {
  Page p;
  Diagnostics d;
  REQUIRE(parse("---\ntitle: a\n---\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=y>\n", p,
                d));
  CHECK(p.html->find("<script") == std::string::npos);
  CHECK(p.html->find("javascript:") == std::string::npos);
  CHECK(p.html->find("onerror") == std::string::npos);
}

TEST_CASE("GFM tables, footnotes and task lists render", "[content][markdown]") {
  auto r = markdown::render("| a | b |\n|---|--:|\n| 1 | 2 |\n\n- [x] xong\n\nChú thích[^1]\n\n[^1]: Nguồn.\n");
  CHECK(r.html.find("<table>") != std::string::npos);
  CHECK(r.html.find("checkbox") != std::string::npos);
  CHECK(r.html.find("footnote") != std::string::npos);
}

TEST_CASE("duplicate heading ids get suffixes", "[content][markdown]") {
  auto r = markdown::render("## Kết quả\n\n## Kết quả\n");
  REQUIRE(r.toc.size() == 2);
  CHECK(r.toc[0].id == "ket-qua");
  CHECK(r.toc[1].id == "ket-qua-1");
}

TEST_CASE("dates are normalised", "[content]") {
  std::string out;
  CHECK(normalise_date("2025-12-30 08:05", "+07:00", out));
  CHECK(out == "2025-12-30T08:05:00+07:00");
  CHECK(normalise_date("2024-02-29", "+07:00", out));
  CHECK_FALSE(normalise_date("2023-02-29", "+07:00", out));
  CHECK_FALSE(normalise_date("2025-13-01", "+07:00", out));
}

TEST_CASE("control characters escaped in YAML are errors at the value", "[content][hostile]") {
  Page p;
  Diagnostics d;
  CHECK_FALSE(parse("---\ntitle: \"a\\x01b\"\nsummary: \"\\e[31m\"\n---\n", p, d));
  auto all = d.sorted();
  REQUIRE(all.size() == 2);
  CHECK(format_diagnostic(all[0], false) == "content/tin-tuc/a.md:2:8: error: control character in value");
  CHECK(all[1].line == 3);
  Page ok;
  Diagnostics d2;
  CHECK(parse("---\ntitle: \"tab\\there\"\n---\n", ok, d2));
}

namespace {
struct LoadDir {
  std::filesystem::path root = std::filesystem::temp_directory_path() / ("mb-load-" + std::to_string(::getpid()));
  LoadDir() { std::filesystem::create_directories(root / "tin-tuc"); }
  ~LoadDir() { std::filesystem::remove_all(root); }
  void write(const std::string& rel, const std::string& text) const {
    std::ofstream(root / rel, std::ios::binary) << text;
  }
};
}  // namespace

TEST_CASE("load_content publishes pages in path order: drafts left out, a taken URL refused", "[content]") {
  LoadDir d;
  auto page = [](const std::string& title, const std::string& extra = "") {
    return "---\ntitle: \"" + title + "\"\ndate: 2025-01-02\n" + extra + "---\nNội dung.\n";
  };
  d.write("tin-tuc/a.md", page("A"));
  d.write("tin-tuc/b.md", page("B", "draft: true\n"));
  d.write("tin-tuc/c.md", page("C", "slug: a\n"));  // the URL of a.md: refused
  d.write("tin-tuc/d.md", page("D"));
  d.write("tin-tuc/e.md", page("E", "slug: d\n"));  // the URL of d.md: refused
  d.write("tin-tuc/f.md", page("F"));
  for (unsigned jobs : {1u, 2u, 4u}) {
    LoadOptions o;
    o.jobs = jobs;
    Content c;
    Diagnostics diags;
    CHECK_FALSE(load_content(d.root, "content/", c, diags, o));
    std::vector<std::string> titles;
    for (const auto& p : c.pages) titles.push_back(p.title);
    CHECK(titles == std::vector<std::string>{"A", "D", "F"});
    REQUIRE(c.pages.size() == 3);
    CHECK(c.pages[2].url == "/tin-tuc/f/");
    REQUIRE(diags.error_count() == 2);
    auto sorted = diags.sorted();
    CHECK(sorted[0].path == "content/tin-tuc/c.md");
    CHECK(sorted[0].message == "page URL /tin-tuc/a/ is already used by content/tin-tuc/a.md");
    CHECK(sorted[1].path == "content/tin-tuc/e.md");
    CHECK(sorted[1].message == "page URL /tin-tuc/d/ is already used by content/tin-tuc/d.md");
  }
}
