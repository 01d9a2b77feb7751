#include "importer/values.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "base/text.hpp"
#include "data/json_source.hpp"
#include "data/model.hpp"

namespace mb::importer {

namespace {

// Folded words of `s` ("Quý I/2026" → {"quy", "i", "2026"}).
std::vector<std::string> words(std::string_view s) {
  std::string f = text::fold(s);
  std::vector<std::string> out;
  std::string w;
  for (char c : f) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      w += c;
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int roman_or_number(const std::string& w) {
  if (w == "i" || w == "1") return 1;
  if (w == "ii" || w == "2") return 2;
  if (w == "iii" || w == "3") return 3;
  if (w == "iv" || w == "4") return 4;
  return 0;
}

bool year_word(const std::string& w, int& y) {
  if (w.size() != 4 || !all_digits(w)) return false;
  y = std::atoi(w.c_str());
  return y >= 1900 && y <= 2200;
}

}  // namespace

std::optional<double> parse_number(std::string_view in, bool* percent) {
  std::string s;
  // drop spaces (also no-break and narrow no-break spaces) and a trailing '%'
  std::string_view t = text::trim(in);
  bool pct = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == ' ' || c == '\t') continue;
    if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) { ++i; continue; }
    if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80 &&
        static_cast<unsigned char>(t[i + 2]) == 0xAF) { i += 2; continue; }
    s += static_cast<char>(c);
  }
  if (!s.empty() && s.back() == '%') {
    pct = true;
    s.pop_back();
  }
  if (s.empty()) return std::nullopt;
  std::size_t start = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  std::size_t commas = 0, points = 0;
  for (std::size_t i = start; i < s.size(); ++i) {
    char c = s[i];
    if (c == ',') ++commas;
    else if (c == '.') ++points;
    else if (c < '0' || c > '9') return std::nullopt;
  }
  char decimal = 0, thousands = 0;
  if (commas && points) {
    decimal = s.find_last_of(",.") == s.rfind(',') ? ',' : '.';
    thousands = decimal == ',' ? '.' : ',';
    if ((decimal == ',' ? commas : points) != 1) return std::nullopt;
  } else if (commas == 1) {
    decimal = ',';
  } else if (points == 1) {
    decimal = '.';
  } else if (commas > 1) {
    thousands = ',';
  } else if (points > 1) {
    thousands = '.';
  }
  std::string norm;
  std::string_view digits(s);
  if (start) norm += s[0];
  digits.remove_prefix(start);
  // thousands groups must be three digits each
  if (thousands) {
    std::string_view whole = digits.substr(0, decimal ? digits.find(decimal) : std::string_view::npos);
    std::size_t first = whole.find(thousands);
    if (first == 0 || first > 3) return std::nullopt;
    for (std::size_t p = first; p != std::string_view::npos;) {
      std::size_t q = whole.find(thousands, p + 1);
      std::size_t len = (q == std::string_view::npos ? whole.size() : q) - p - 1;
      if (len != 3) return std::nullopt;
      p = q;
    }
  }
  for (char c : digits) {
    if (c == thousands) continue;
    norm += c == decimal ? '.' : c;
  }
  if (norm.empty() || norm == "-" || norm == "+" || norm.back() == '.' || norm[start] == '.') return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(norm.c_str(), &end);
  if (!end || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  if (percent) *percent = pct;
  return v;
}

std::optional<bool> parse_yes_no(std::string_view s) {
  std::string f;
  for (const auto& w : words(s)) f += (f.empty() ? "" : " ") + w;
  for (const char* y : {"x", "co", "dat", "hoan thanh", "da hoan thanh", "true", "yes", "done", "da ban hanh", "ban hanh"})
    if (f == y) return true;
  for (const char* n : {"khong", "chua", "chua hoan thanh", "khong dat", "chua dat", "false", "no", "chua ban hanh"})
    if (f == n) return false;
  return std::nullopt;
}

std::optional<std::string> parse_date_text(std::string_view in) {
  std::string s(text::trim(in));
  if (auto d = data::parse_date(s)) return d->str();
  // day first: d/m/yyyy, d-m-yyyy, d.m.yyyy
  int d = 0, m = 0, y = 0;
  char a = 0, b = 0;
  int used = 0;
  if (std::sscanf(s.c_str(), "%d%c%d%c%d%n", &d, &a, &m, &b, &y, &used) == 5 && used == static_cast<int>(s.size()) &&
      a == b && (a == '/' || a == '-' || a == '.') && y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
      d <= data::days_in_month(y, m)) {
    data::Date date{y, m, d};
    return date.str();
  }
  return std::nullopt;
}

std::optional<std::string> parse_period_text(std::string_view in) {
  std::string s(text::trim(in));
  if (auto p = data::parse_period(s)) return p->str();
  std::vector<std::string> w = words(s);
  int y = 0;
  // "2026", "nam 2026"
  if (w.size() == 1 && year_word(w[0], y)) return std::to_string(y);
  if (w.size() == 2 && w[0] == "nam" && year_word(w[1], y)) return std::to_string(y);
  // "q1 2026", "quy i 2026", "quy 1 nam 2026"
  std::vector<std::string> v;
  for (const auto& x : w)
    if (x != "nam") v.push_back(x);
  if (v.size() == 2 && v[0].size() == 2 && v[0][0] == 'q' && roman_or_number(v[0].substr(1)) && year_word(v[1], y))
    return std::to_string(y) + "-Q" + std::to_string(roman_or_number(v[0].substr(1)));
  if (v.size() == 3 && v[0] == "quy" && roman_or_number(v[1]) && year_word(v[2], y))
    return std::to_string(y) + "-Q" + std::to_string(roman_or_number(v[1]));
  // "6 thang dau nam 2026", "6 thang cuoi nam 2026"
  if (v.size() == 4 && v[0] == "6" && v[1] == "thang" && year_word(v[3], y)) {
    if (v[2] == "dau") return std::to_string(y) + "-H1";
    if (v[2] == "cuoi") return std::to_string(y) + "-H2";
  }
  return std::nullopt;
}

std::string number_str(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return json::format_number(std::strtod(buf, nullptr));
}

}  // namespace mb::importer
