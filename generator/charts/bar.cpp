// Horizontal bar chart: one row per bar, label and value on a line, the bar
// (on a grey track from `min` to `max`) below it.
#include <algorithm>

#include "charts/charts.hpp"
#include "charts/svg.hpp"

namespace mb::charts {

namespace {
constexpr double kWidth = 440;
constexpr double kRow = 36;        // label line + bar + gap
constexpr double kBarHeight = 12;
constexpr double kLabelSize = 13;
constexpr std::size_t kMaxLabel = 50;  // code points before "…"
}  // namespace

std::string bar_chart(const BarChart& c) {
  using namespace svg;
  double height = std::max(1.0, c.bars.size() * kRow);
  std::string out;
  out.reserve(256 + c.bars.size() * 360);
  open(out, c.id, "chart chart-bar", kWidth, height, c.title, c.desc);
  double span = c.max - c.min;
  if (!(span > 0)) span = 1;
  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    const Bar& b = c.bars[i];
    double top = i * kRow;
    double frac = std::clamp((b.value - c.min) / span, 0.0, 1.0);
    std::string value = b.value_text.empty() ? vi_number(b.value, c.decimals) + c.unit : b.value_text;
    out += "<g><text x=\"0\" y=\"" + num(top + kLabelSize) + "\" font-size=\"" + num(kLabelSize) + "\" fill=\"";
    out += kInk;
    out += b.highlight ? "\" font-weight=\"700\">" : "\">";
    esc(out, clip(b.label, kMaxLabel));
    out += "</text><text x=\"" + num(kWidth) + "\" y=\"" + num(top + kLabelSize) + "\" font-size=\"" +
           num(kLabelSize) + "\" text-anchor=\"end\" fill=\"";
    out += kInk;
    out += "\" font-weight=\"700\">";
    esc(out, value);
    out += "</text><rect x=\"0\" y=\"" + num(top + kLabelSize + 5) + "\" width=\"" + num(kWidth) + "\" height=\"" +
           num(kBarHeight) + "\" fill=\"";
    out += kTrack;
    out += "\"/><rect x=\"0\" y=\"" + num(top + kLabelSize + 5) + "\" width=\"" + num(frac * kWidth) +
           "\" height=\"" + num(kBarHeight) + "\" fill=\"";
    out += b.highlight ? kBarStrong : kBar;
    out += "\"/></g>";
  }
  out += "</svg>";
  return out;
}

}  // namespace mb::charts
