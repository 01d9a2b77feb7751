#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

#include "charts/charts.hpp"
#include "charts/svg.hpp"

using namespace mb::charts;

namespace {
std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("vi_number writes Vietnamese notation", "[charts]") {
  CHECK(vi_number(3438) == "3.438");
  CHECK(vi_number(88.5) == "88,5");
  CHECK(vi_number(88.5, 2, true) == "88,50");
  CHECK(vi_number(83.81) == "83,81");
  CHECK(vi_number(1234567.891, 1) == "1.234.567,9");
  CHECK(vi_number(-2.25) == "-2,25");
  CHECK(vi_number(-0.001) == "0");
  CHECK(vi_number(12.0) == "12");
  CHECK(vi_number(999.996) == "1.000");
}

TEST_CASE("svg coordinates print with at most one decimal, as printf does", "[charts]") {
  auto reference = [](double v) {  // the printf form the fast path must match
    double r = std::round(v * 10) / 10;
    if (r == 0) r = 0;
    char buf[400];
    std::snprintf(buf, sizeof buf, r == std::floor(r) ? "%.0f" : "%.1f", r);
    return std::string(buf);
  };
  CHECK(svg::num(12) == "12");
  CHECK(svg::num(12.25) == "12.3");
  CHECK(svg::num(-0.04) == "0");
  CHECK(svg::num(-0.05) == "-0.1");
  CHECK(svg::num(-3.96) == "-4");
  CHECK(svg::num(1e20) == reference(1e20));
  CHECK(svg::num(std::numeric_limits<double>::infinity()) == "inf");
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> small(-1000, 1000), large(-1e14, 1e14);
  for (int i = 0; i < 20000; ++i) {
    double a = small(rng), b = large(rng), c = std::round(small(rng) * 100) / 100;
    REQUIRE(svg::num(a) == reference(a));
    REQUIRE(svg::num(b) == reference(b));
    REQUIRE(svg::num(c) == reference(c));
  }
}

TEST_CASE("bar chart is an accessible image with escaped labels", "[charts]") {
  BarChart c;
  c.id = "bd";
  c.title = "Điểm <2025>";
  c.desc = "Mỗi thanh là điểm của một cơ quan";
  c.bars = {{"1. Sở Nội vụ", 93.04, "", false}, {"2. A & B", 50, "", true}};
  std::string s = bar_chart(c);
  CHECK(s.rfind("<svg ", 0) == 0);
  CHECK(s.find("role=\"img\"") != std::string::npos);
  CHECK(s.find("aria-labelledby=\"bd-t bd-d\"") != std::string::npos);
  CHECK(s.find("<title id=\"bd-t\">Điểm &lt;2025&gt;</title>") != std::string::npos);
  CHECK(s.find("<desc id=\"bd-d\">") != std::string::npos);
  CHECK(s.find("2. A &amp; B") != std::string::npos);
  CHECK(s.find("93,04") != std::string::npos);
  CHECK(s.find("style=") == std::string::npos);  // a strict CSP blocks style attributes
  CHECK(count(s, "<g>") == 2);
  // the bar of 50 out of 100 is half the track
  CHECK(s.find("width=\"220\"") != std::string::npos);
  CHECK(s.find("font-weight=\"700\">2. A") != std::string::npos);  // highlighted label
}

TEST_CASE("bar chart clips long labels and clamps values", "[charts]") {
  BarChart c;
  c.id = "x";
  c.title = "t";
  c.bars = {{std::string(80, 'a'), 150, "", false}, {"b", -5, "", false}};
  std::string s = bar_chart(c);
  CHECK(s.find(std::string(49, 'a') + "…") != std::string::npos);
  CHECK(s.find(std::string(50, 'a')) == std::string::npos);
  CHECK(s.find("width=\"440\" height=\"12\" fill=\"#4a6a8a\"") != std::string::npos);
  CHECK(s.find("width=\"0\" height=\"12\" fill=\"#4a6a8a\"") != std::string::npos);
  CHECK(s.find("aria-labelledby=\"x-t\"") != std::string::npos);  // no desc
}

TEST_CASE("line chart inverts the rank axis", "[charts]") {
  LineChart c;
  c.id = "xh";
  c.title = "Thứ hạng";
  c.desc = "Thứ hạng qua các năm";
  c.inverted = true;
  c.series = {{"Tuyên Quang", {{2012, 55, ""}, {2016, 40, ""}, {2020, 35, ""}}}};
  std::string s = line_chart(c);
  CHECK(s.find("role=\"img\"") != std::string::npos);
  CHECK(s.find("style=") == std::string::npos);
  // rank 1 is the top tick, at the top of the plot (y = 30 + 4 for the label)
  CHECK(s.find("y=\"34\" font-size=\"13\" text-anchor=\"end\" fill=\"#595959\">1</text>") != std::string::npos);
  // rank 55 sits lower (larger y) than rank 35
  auto y_of = [&](const std::string& label) {
    auto p = s.find(">" + label + "</text>");
    auto q = s.rfind("y=\"", p);
    return std::stod(s.substr(q + 3));
  };
  CHECK(y_of("55") > y_of("35"));
  CHECK(count(s, "<circle") == 3);
  CHECK(s.find("<path d=\"M") != std::string::npos);
}

TEST_CASE("line chart styles several series apart and adds a legend", "[charts]") {
  LineChart c;
  c.id = "d";
  c.title = "Điểm";
  c.series = {{"Cao nhất", {{2024, 91.5, ""}, {2025, 93.04, ""}}}, {"Trung vị", {{2024, 80, ""}, {2025, 82, ""}}},
              {"Thấp nhất", {{2024, 60, ""}, {2025, 70.5, ""}}}};
  std::string s = line_chart(c);
  CHECK(s.find("stroke-dasharray=\"6 4\"") != std::string::npos);
  CHECK(s.find("stroke-dasharray=\"2 3\"") != std::string::npos);
  CHECK(s.find(">Trung vị</text>") != std::string::npos);
  CHECK(s.find(">93,04</text>") != std::string::npos);
  CHECK(s.find(">91,5</text>") == std::string::npos);  // only the last point of each series is labelled
  CHECK(s.find(">70,5</text>") != std::string::npos);
}

TEST_CASE("line chart copes with one point and no data", "[charts]") {
  LineChart c;
  c.id = "one";
  c.title = "t";
  c.series = {{"a", {{2020, 82.25, ""}}}};
  std::string s = line_chart(c);
  CHECK(s.find("82,25") != std::string::npos);
  CHECK(s.find("nan") == std::string::npos);
  c.series.clear();
  CHECK(line_chart(c).find("</svg>") != std::string::npos);
}

TEST_CASE("progress bar stacks segments in proportion", "[charts]") {
  Progress p;
  p.id = "tien-do";
  p.title = "3/4 đạt";
  p.segments = {{"Đạt", 3, "#1d4d2b"}, {"Chưa đạt", 1, "red;x"}, {"Không", 0, "#000"}};
  std::string s = progress_bar(p);
  CHECK(s.find("width=\"150\" height=\"10\" fill=\"#1d4d2b\"") != std::string::npos);
  CHECK(s.find("width=\"50\" height=\"10\" fill=\"#9e9e9e\"") != std::string::npos);  // bad colour replaced
  CHECK(s.find("#000\"") == std::string::npos);
  CHECK(s.find("preserveAspectRatio=\"none\"") != std::string::npos);
  CHECK(s.find("aria-label=\"3/4 đạt\"><title>3/4 đạt</title>") != std::string::npos);
  CHECK(s.find(" id=") == std::string::npos);  // may appear twice on a page
}
