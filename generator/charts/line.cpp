// Line chart of values over years. Ranks are drawn with the axis inverted
// (rank 1 at the top). Series differ by dash pattern and marker shape.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>
#include <string_view>

#include "base/text.hpp"
#include "charts/charts.hpp"
#include "charts/svg.hpp"

namespace mb::charts {

namespace {
constexpr double kWidth = 400;
constexpr double kPlotHeight = 170;
constexpr double kLeft = 40, kRight = 48, kTop = 30, kAxis = 24, kLegendRow = 24;
constexpr double kInset = 14;  // keeps the first and last markers off the plot edges

struct Style {
  const char* stroke;
  const char* dash;
  int marker;  // 0 circle, 1 square, 2 triangle, 3 diamond
};
constexpr Style kStyles[] = {
    {"#1f3b57", "", 0}, {"#8a4b00", "6 4", 1}, {"#4d4d4d", "2 3", 2}, {"#6b1f5f", "8 3 2 3", 3}};

double nice_step(double span) {
  if (!(span > 0)) return 1;
  double raw = span / 4;
  double mag = std::pow(10, std::floor(std::log10(raw)));
  double f = raw / mag;
  double step = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return step * mag;
}

// Appends the parts to out, without building the concatenation first.
void put(std::string& out, std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts) out += p;
}

void marker(std::string& out, int kind, double x, double y, const char* fill) {
  using svg::num;
  switch (kind) {
    case 1: put(out, {"<rect x=\"", num(x - 3.5), "\" y=\"", num(y - 3.5), "\" width=\"7\" height=\"7\""}); break;
    case 2:
      put(out, {"<path d=\"M", num(x), " ", num(y - 4.5), "L", num(x + 4.5), " ", num(y + 3.5), "L", num(x - 4.5), " ",
                num(y + 3.5), "Z\""});
      break;
    case 3:
      put(out, {"<path d=\"M", num(x), " ", num(y - 4.5), "L", num(x + 4.5), " ", num(y), "L", num(x), " ", num(y + 4.5),
                "L", num(x - 4.5), " ", num(y), "Z\""});
      break;
    default: put(out, {"<circle cx=\"", num(x), "\" cy=\"", num(y), "\" r=\"4\""}); break;
  }
  put(out, {" fill=\"", fill, "\" stroke=\"#ffffff\" stroke-width=\"1\"/>"});
}
}  // namespace

std::string line_chart(const LineChart& c) {
  using namespace svg;
  std::set<int> xs;
  double lo = 0, hi = 0;
  bool any = false;
  if (c.target && std::isfinite(*c.target)) {
    lo = hi = *c.target;
    any = true;
  }
  for (const auto& s : c.series)
    for (const auto& p : s.points) {
      if (!std::isfinite(p.y)) continue;
      xs.insert(p.x);
      lo = any ? std::min(lo, p.y) : p.y;
      hi = any ? std::max(hi, p.y) : p.y;
      any = true;
    }
  bool multi = c.series.size() > 1;
  double height = kTop + kPlotHeight + kAxis + (multi ? kLegendRow : 0);
  std::string out;
  out.reserve(4096);
  open(out, c.id, "chart chart-line", kWidth, height, c.title, c.desc);
  if (!c.y_label.empty()) {
    out += "<text x=\"0\" y=\"14\" font-size=\"13\" fill=\"";
    out += kMuted;
    out += "\">";
    esc(out, c.y_label);
    out += "</text>";
  }
  if (!any || xs.empty()) {
    out += "</svg>";
    return out;
  }

  // y domain and ticks
  double step;
  if (c.inverted) {
    lo = c.y_min.value_or(1);
    hi = std::max(c.y_max.value_or(hi), lo + 1);
    step = std::max(1.0, nice_step(hi - lo));
    if (!c.y_max) hi = std::ceil(hi / step) * step;
  } else {
    if (c.y_min) lo = *c.y_min;
    if (c.y_max) hi = *c.y_max;
    if (hi - lo < 1e-9) {
      lo -= 1;
      hi += 1;
    }
    step = nice_step(hi - lo);
    if (!c.y_min) lo = std::floor(lo / step) * step;
    if (!c.y_max) hi = std::ceil(hi / step) * step;
    if (hi - lo < 1e-9) hi = lo + step;
  }
  std::vector<double> ticks;
  if (c.inverted) {
    ticks.push_back(lo);
    for (double t = step; t <= hi + 1e-9; t += step)
      if (t > lo + step * 0.3) ticks.push_back(t);
  } else {
    for (double t = lo; t <= hi + 1e-9; t += step) ticks.push_back(t);
  }
  const double plot_w = kWidth - kLeft - kRight;
  auto py = [&](double y) {
    double f = (y - lo) / (hi - lo);
    return c.inverted ? kTop + f * kPlotHeight : kTop + (1 - f) * kPlotHeight;
  };
  int x0 = *xs.begin(), x1 = *xs.rbegin();
  auto px = [&](int x) {
    if (x0 == x1) return kLeft + plot_w / 2;
    return kLeft + kInset + (x - x0) / static_cast<double>(x1 - x0) * (plot_w - 2 * kInset);
  };

  // grid and axes
  for (double t : ticks) {
    double y = py(t);
    put(out, {"<line x1=\"", num(kLeft), "\" x2=\"", num(kLeft + plot_w), "\" y1=\"", num(y), "\" y2=\"", num(y),
              "\" stroke=\"", kGrid, "\" stroke-width=\"1\"/><text x=\"", num(kLeft - 6), "\" y=\"", num(y + 4),
              "\" font-size=\"13\" text-anchor=\"end\" fill=\"", kMuted, "\">", vi_number(t, step < 1 ? 1 : 0), "</text>"});
  }
  double axis_y = kTop + kPlotHeight;
  std::size_t every = xs.size() > 10 ? 2 : 1, k = 0;
  for (int x : xs) {
    bool show = k % every == 0 || x == x1;
    ++k;
    if (!show) continue;
    put(out, {"<text x=\"", num(px(x)), "\" y=\"", num(axis_y + 16), "\" font-size=\"13\" text-anchor=\"middle\" fill=\"",
              kMuted});
    auto name = c.x_labels.find(x);
    out += "\">";
    if (name != c.x_labels.end()) esc(out, name->second);
    else out += std::to_string(x);
    out += "</text>";
  }
  if (c.target && std::isfinite(*c.target)) {
    double y = py(*c.target);
    out += "<line x1=\"" + num(kLeft) + "\" x2=\"" + num(kLeft + plot_w) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) +
           "\" stroke=\"#1a1a1a\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>";
    out += "<text x=\"" + num(kLeft + plot_w) + "\" y=\"" + num(y - 5) + "\" font-size=\"13\" text-anchor=\"end\" fill=\"";
    out += kInk;
    out += "\">";
    esc(out, c.target_label);
    out += "</text>";
  }

  // series
  for (std::size_t si = 0; si < c.series.size(); ++si) {
    const auto& s = c.series[si];
    const Style& st = kStyles[si % 4];
    std::string d;
    for (const auto& p : s.points) {
      if (!std::isfinite(p.y)) continue;
      put(d, {d.empty() ? "M" : "L", num(px(p.x)), " ", num(py(p.y))});
    }
    if (d.find('L') != std::string::npos) {
      out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + st.stroke + "\" stroke-width=\"2.5\"";
      if (*st.dash) out += std::string(" stroke-dasharray=\"") + st.dash + "\"";
      out += " stroke-linejoin=\"round\"/>";
    }
    const LinePoint* last = nullptr;
    for (const auto& p : s.points) {
      if (!std::isfinite(p.y)) continue;
      marker(out, st.marker, px(p.x), py(p.y), st.stroke);
      last = &p;
    }
    // values: every point of a single series, the last point of each series otherwise
    for (const auto& p : s.points) {
      if (!std::isfinite(p.y) || (multi && &p != last)) continue;
      std::string label = p.label.empty() ? vi_number(p.y, c.decimals) : p.label;
      double x = px(p.x), y = py(p.y);
      if (multi) {
        put(out, {"<text x=\"", num(x + 7), "\" y=\"", num(y + 4), "\" font-size=\"13\" fill=\""});
      } else {
        double ly = y - 9 < kTop - 4 ? y + 17 : y - 9;
        put(out, {"<text x=\"", num(x), "\" y=\"", num(ly), "\" font-size=\"13\" text-anchor=\"middle\" fill=\""});
      }
      out += kInk;
      out += "\">";
      esc(out, label);
      out += "</text>";
    }
  }

  // legend (several series)
  if (multi) {
    double x = kLeft, y = axis_y + kAxis + 12;
    for (std::size_t si = 0; si < c.series.size(); ++si) {
      const Style& st = kStyles[si % 4];
      out += "<line x1=\"" + num(x) + "\" x2=\"" + num(x + 22) + "\" y1=\"" + num(y - 4) + "\" y2=\"" + num(y - 4) +
             "\" stroke=\"" + st.stroke + "\" stroke-width=\"2.5\"";
      if (*st.dash) out += std::string(" stroke-dasharray=\"") + st.dash + "\"";
      out += "/>";
      marker(out, st.marker, x + 11, y - 4, st.stroke);
      out += "<text x=\"" + num(x + 27) + "\" y=\"" + num(y) + "\" font-size=\"13\" fill=\"";
      out += kInk;
      out += "\">";
      esc(out, c.series[si].name);
      out += "</text>";
      x += 42 + 7.2 * text::length_utf8(c.series[si].name);
    }
  }
  out += "</svg>";
  return out;
}

}  // namespace mb::charts
