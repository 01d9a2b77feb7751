// Inline SVG charts, generated at build time: a horizontal bar chart for
// league tables, a line chart for trends over years (rank axis inverted) and
// a stacked progress bar for plan sections.
//
// Pure functions: a spec in, an SVG string out (safe to print unescaped; every
// label is escaped here). Every chart is `role="img"` with a <title> and a
// <desc> referenced by aria-labelledby, uses presentation attributes only (no
// style attributes, so a strict CSP allows it) and stays readable in
// grayscale: values are written as text, series differ by dash pattern and
// marker shape, not only by colour. Each chart is meant to sit beside a table
// holding the same numbers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mb::charts {

/// A number in Vietnamese notation: '.' groups thousands, ',' is the decimal
/// mark ("3.438", "88,5", "-2,25"). At most `decimals` decimals; trailing
/// zeros are dropped unless `fixed`.
std::string vi_number(double v, int decimals = 2, bool fixed = false);

struct Bar {
  std::string label;       ///< "1. Sở Nội vụ"
  double value = 0;
  std::string value_text;  ///< "" = vi_number(value, decimals) + unit
  bool highlight = false;  ///< drawn darker, label in bold
};

/// Horizontal bars, one row per bar (label and value above the bar), so the
/// chart stays readable on a narrow screen.
struct BarChart {
  std::string id;     ///< unique on the page; also prefixes the title/desc ids
  std::string title;  ///< short title (the <title>)
  std::string desc;   ///< one or two sentences saying what the chart shows
  std::vector<Bar> bars;  ///< in display order
  double min = 0;     ///< value at the left end of the track
  double max = 100;   ///< value at the right end of the track
  int decimals = 2;
  std::string unit;   ///< appended to generated value texts ("%")
};
std::string bar_chart(const BarChart& chart);

struct LinePoint {
  int x = 0;          ///< year
  double y = 0;
  std::string label;  ///< "" = vi_number(y, decimals)
};

struct LineSeries {
  std::string name;  ///< legend text
  std::vector<LinePoint> points;  ///< sorted by x
};

/// Values over years. Ranks use `inverted` (1 at the top).
struct LineChart {
  std::string id, title, desc;
  std::vector<LineSeries> series;  ///< at most 4 are styled distinctly
  bool inverted = false;
  std::optional<double> y_min, y_max;  ///< default: from the data (ranks: 1 to the largest)
  std::string y_label;                 ///< axis caption: "Thứ hạng", "Điểm"
  int decimals = 2;
  /// Tick text for x values (quarters: x = year*4+q → "Q1/2026"); absent x print as numbers.
  std::map<int, std::string> x_labels;
  /// A horizontal reference line (a KPI's target), labelled `target_label`.
  std::optional<double> target;
  std::string target_label;
};
std::string line_chart(const LineChart& chart);

struct Segment {
  std::string label;  ///< "Đạt"
  int count = 0;
  std::string fill;   ///< "#1d4d2b"; "" = grey. Only #rgb/#rrggbb are accepted
};

/// A stacked bar of counts (KPIs met / in progress / ...). The counts are in
/// the title; the page shows them as text beside it. Unlike the other charts
/// it has no ids (it may appear twice on a page): `aria-label` and <title>
/// both hold the title.
struct Progress {
  std::string id;  ///< unused (kept for callers); the bar has no ids
  std::string title;
  std::vector<Segment> segments;
};
std::string progress_bar(const Progress& progress);

}  // namespace mb::charts
