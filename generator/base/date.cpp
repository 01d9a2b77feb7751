#include "base/date.hpp"

#include <cstdio>

namespace mb::date {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Reads exactly `n` ASCII digits at `pos`.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

std::int64_t DateTime::epoch_seconds() const {
  std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second - static_cast<std::int64_t>(offset_minutes) * 60;
}

std::optional<DateTime> parse(std::string_view s, Form form, int default_offset_minutes) {
  const bool written = form == Form::written;
  DateTime t;
  if (s.size() < 10 || !digits(s, 0, 4, t.year) || s[4] != '-' || !digits(s, 5, 2, t.month) || s[7] != '-' ||
      !digits(s, 8, 2, t.day))
    return std::nullopt;
  if (t.day < 1 || t.day > days_in_month(t.year, t.month)) return std::nullopt;
  t.offset_minutes = default_offset_minutes;
  if (s.size() == 10) return t;
  if (s[10] != 'T' && s[10] != 't' && !(written && s[10] == ' ')) return std::nullopt;
  t.has_time = true;
  if (!digits(s, 11, 2, t.hour) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, t.minute)) return std::nullopt;
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, t.second)) return std::nullopt;
    pos += 3;
  } else if (!written) {
    return std::nullopt;  // RFC 3339 has seconds
  }
  if (t.hour > 23 || t.minute > 59 || t.second > 60) return std::nullopt;  // 60: leap second
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
    t.fraction = std::string(s.substr(start, pos - start));
    int n = 0;
    for (std::size_t i = 0; i < 9; ++i) n = n * 10 + (i < t.fraction.size() ? t.fraction[i] - '0' : 0);
    t.nanos = n;
  }
  if (pos >= s.size()) {
    if (!written) return std::nullopt;  // RFC 3339 has a zone
    return t;
  }
  t.has_zone = true;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    t.utc_z = true;
    t.offset_minutes = 0;
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh = 0, om = 0;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om))
      return std::nullopt;
    if (oh > 23 || om > 59) return std::nullopt;
    t.offset_minutes = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return t;
}

std::optional<DateTime> parse_day(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  return parse(s);
}

namespace {

// Appends `v` as `width` decimal digits (zero-padded); false when it does not fit.
bool put(char*& p, int v, int width) {
  if (v < 0) return false;
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  p += width;
  return v == 0;
}

// The usual case without printf (sitemaps and feeds format a date per item):
// every field within its width. False otherwise (the caller falls back).
bool in_range(const DateTime& t) {
  int off = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
  return t.year >= 0 && t.year <= 9999 && t.month >= 0 && t.month <= 99 && t.day >= 0 && t.day <= 99 && t.hour >= 0 &&
         t.hour <= 99 && t.minute >= 0 && t.minute <= 99 && t.second >= 0 && t.second <= 99 && off / 60 <= 99;
}

}  // namespace

std::string format_rfc3339(const DateTime& t) {
  char buf[64];
  int off = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
  if (!in_range(t)) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day, t.hour, t.minute, t.second);
  } else {
    char* p = buf;
    put(p, t.year, 4), *p++ = '-', put(p, t.month, 2), *p++ = '-', put(p, t.day, 2), *p++ = 'T';
    put(p, t.hour, 2), *p++ = ':', put(p, t.minute, 2), *p++ = ':', put(p, t.second, 2), *p = 0;
  }
  std::string out = buf;
  if (!t.fraction.empty()) out += "." + t.fraction;
  if (t.utc_z) {
    out += 'Z';
  } else if (!in_range(t)) {
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", t.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    out += buf;
  } else {
    char* p = buf;
    *p++ = t.offset_minutes < 0 ? '-' : '+', put(p, off / 60, 2), *p++ = ':', put(p, off % 60, 2);
    out.append(buf, static_cast<std::size_t>(p - buf));
  }
  return out;
}

std::string format_rfc822(const DateTime& t) {
  static const char* const wdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
  static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t days = days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day));
  int wd = static_cast<int>(((days % 7) + 7) % 7);
  int off = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
  char buf[64];
  if (!in_range(t) || t.month < 1 || t.month > 12) {
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", wdays[wd], t.day, months[t.month - 1],
                  t.year, t.hour, t.minute, t.second, t.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    return buf;
  }
  char* p = buf;
  for (const char* w = wdays[wd]; *w;) *p++ = *w++;
  *p++ = ',', *p++ = ' ', put(p, t.day, 2), *p++ = ' ';
  for (const char* m = months[t.month - 1]; *m;) *p++ = *m++;
  *p++ = ' ', put(p, t.year, 4), *p++ = ' ', put(p, t.hour, 2), *p++ = ':', put(p, t.minute, 2), *p++ = ':';
  put(p, t.second, 2), *p++ = ' ', *p++ = t.offset_minutes < 0 ? '-' : '+', put(p, off / 60, 2), put(p, off % 60, 2);
  return std::string(buf, static_cast<std::size_t>(p - buf));
}

int compare(const DateTime& a, const DateTime& b) {
  std::int64_t sa = a.epoch_seconds(), sb = b.epoch_seconds();
  if (sa != sb) return sa < sb ? -1 : 1;
  if (a.nanos != b.nanos) return a.nanos < b.nanos ? -1 : 1;
  return 0;
}


}  // namespace mb::date
