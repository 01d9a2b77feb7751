// A stacked bar of counts, stretched to the width its CSS gives it.
#include "charts/charts.hpp"
#include "charts/svg.hpp"

namespace mb::charts {

std::string progress_bar(const Progress& p) {
  using namespace svg;
  constexpr double kWidth = 200, kHeight = 10;
  long total = 0;
  for (const auto& s : p.segments) total += s.count > 0 ? s.count : 0;
  // The same bar may appear twice on a page (a summary table and a section
  // heading), so it carries no ids: aria-label names it, <title> shows a tooltip.
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-progress\" viewBox=\"0 0 " +
                    num(kWidth) + " " + num(kHeight) + "\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"";
  esc(out, p.title);
  out += "\"><title>";
  esc(out, p.title);
  out += "</title>";
  out += "<rect x=\"0\" y=\"0\" width=\"" + num(kWidth) + "\" height=\"" + num(kHeight) + "\" fill=\"";
  out += kTrack;
  out += "\"/>";
  if (total > 0) {
    double x = 0;
    for (const auto& s : p.segments) {
      if (s.count <= 0) continue;
      double w = kWidth * s.count / static_cast<double>(total);
      out += "<rect x=\"" + num(x) + "\" y=\"0\" width=\"" + num(w) + "\" height=\"" + num(kHeight) + "\" fill=\"" +
             colour(s.fill, "#9e9e9e") + "\"/>";
      x += w;
      // a thin white gap between segments keeps neighbours apart in grayscale
      if (x < kWidth - 0.5) out += "<rect x=\"" + num(x - 0.6) + "\" y=\"0\" width=\"1.2\" height=\"" + num(kHeight) +
                                   "\" fill=\"#ffffff\"/>";
    }
  }
  out += "</svg>";
  return out;
}

}  // namespace mb::charts
