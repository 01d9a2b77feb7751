#include "charts/svg.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "base/text.hpp"
#include "charts/charts.hpp"

namespace mb::charts {

std::string vi_number(double v, int decimals, bool fixed) {
  if (!std::isfinite(v)) return "–";
  if (decimals < 0) decimals = 0;
  if (decimals > 6) decimals = 6;
  // to_chars with a precision prints as printf("%.*f") does, without the locale and stdio overhead
  char buf[400];  // the largest double has 309 integer digits
  std::string s(buf, std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::fixed, decimals).ptr);
  std::string int_part = s, frac;
  if (auto dot = s.find('.'); dot != std::string::npos) {
    int_part = s.substr(0, dot);
    frac = s.substr(dot + 1);
  }
  if (!fixed)
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  std::string grouped;
  for (std::size_t i = 0; i < int_part.size(); ++i) {
    if (i > 0 && (int_part.size() - i) % 3 == 0) grouped += '.';
    grouped += int_part[i];
  }
  bool zero = grouped.find_first_not_of("0.") == std::string::npos && frac.find_first_not_of('0') == std::string::npos;
  std::string out = (v < 0 && !zero) ? "-" : "";
  out += grouped;
  if (!frac.empty()) out += "," + frac;
  return out;
}

namespace svg {

std::string num(double v) {
  double tenths = std::round(v * 10);
  if (std::fabs(tenths) < 1e15) {
    // the common case, in integers: tenths/10 printed with one decimal (none when whole) has
    // exactly the digits of the integer, as the double nearest tenths/10 is far closer to it
    // than the 0.05 that would change the rounding
    auto n = static_cast<std::int64_t>(tenths);
    std::uint64_t m = n < 0 ? static_cast<std::uint64_t>(-n) : static_cast<std::uint64_t>(n);
    char buf[24];
    char* p = buf + sizeof buf;
    if (m % 10 != 0) {
      *--p = static_cast<char>('0' + m % 10);
      *--p = '.';
    }
    m /= 10;
    do {
      *--p = static_cast<char>('0' + m % 10);
      m /= 10;
    } while (m != 0);
    if (n < 0) *--p = '-';
    return std::string(p, buf + sizeof buf);
  }
  double r = tenths / 10;
  if (r == 0) r = 0;  // no "-0"
  char buf[400];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, r == std::floor(r) ? 0 : 1).ptr);
}

void esc(std::string& out, std::string_view s) { text::append_html_escaped(out, s); }

std::string clip(std::string_view s, std::size_t max_chars) {
  if (text::length_utf8(s) <= max_chars || max_chars == 0) return std::string(s);
  std::size_t count = 0, i = 0;
  while (i < s.size() && count + 1 < max_chars) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    i += len;
    ++count;
  }
  std::string out(text::trim(s.substr(0, std::min(i, s.size()))));
  return out + "…";
}

std::string colour(std::string_view fill, std::string_view fallback) {
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
  if ((fill.size() == 4 || fill.size() == 7) && fill[0] == '#') {
    bool ok = true;
    for (std::size_t i = 1; i < fill.size(); ++i) ok = ok && hex(fill[i]);
    if (ok) return std::string(fill);
  }
  return std::string(fallback);
}

void open(std::string& out, std::string_view id, std::string_view cls, double width, double height,
          std::string_view title, std::string_view desc, bool stretch) {
  std::string sid;
  esc(sid, id);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"";
  esc(out, cls);
  out += "\" id=\"" + sid + "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\"";
  if (stretch) out += " preserveAspectRatio=\"none\"";
  out += " role=\"img\" aria-labelledby=\"" + sid + "-t" + (desc.empty() ? "" : " " + sid + "-d") + "\"";
  out += " font-family=\"";
  out += kFont;
  out += "\"><title id=\"" + sid + "-t\">";
  esc(out, title);
  out += "</title>";
  if (!desc.empty()) {
    out += "<desc id=\"" + sid + "-d\">";
    esc(out, desc);
    out += "</desc>";
  }
}

}  // namespace svg
}  // namespace mb::charts
