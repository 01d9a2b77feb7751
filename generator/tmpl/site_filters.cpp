// Filters for Vietnamese public sites that Jinja2 lacks: number, percent,
// date, slugify.
#include <cmath>
#include <cstdio>

#include "base/date.hpp"
#include "base/text.hpp"
#include "tmpl/filters.hpp"

namespace mb::tmpl {

namespace {

// Rounds the decimal that a float prints as (its shortest repr) half away
// from zero, so 2.675 → "2.68" and 88.25 → "88.3", as people expect from
// reports (not the binary half-even of Python's round()).
std::string fixed_decimal(double x, int decimals, bool& negative) {
  negative = std::signbit(x);
  std::string r = float_repr(std::fabs(x));
  std::string digits;
  int point;
  std::size_t e = r.find('e');
  std::string mant = r.substr(0, e);
  int exp10 = e == std::string::npos ? 0 : std::stoi(r.substr(e + 1));
  std::size_t dot = mant.find('.');
  if (dot == std::string::npos) {
    digits = mant;
    point = static_cast<int>(mant.size());
  } else {
    digits = mant.substr(0, dot) + mant.substr(dot + 1);
    point = static_cast<int>(dot);
  }
  point += exp10;
  // digits[0..point) integer part (pad as needed)
  if (point < 0) {
    digits.insert(0, static_cast<std::size_t>(-point), '0');
    point = 0;
  }
  if (static_cast<int>(digits.size()) < point + decimals + 1)
    digits.append(static_cast<std::size_t>(point + decimals + 1 - static_cast<int>(digits.size())), '0');
  std::string kept = digits.substr(0, static_cast<std::size_t>(point + decimals));
  bool round_up = digits[static_cast<std::size_t>(point + decimals)] >= '5';
  if (kept.empty()) {
    kept.assign(1, '0');
    point = 1;
  }
  if (round_up) {
    int i = static_cast<int>(kept.size()) - 1;
    for (; i >= 0; --i) {
      if (kept[static_cast<std::size_t>(i)] == '9') kept[static_cast<std::size_t>(i)] = '0';
      else {
        ++kept[static_cast<std::size_t>(i)];
        break;
      }
    }
    if (i < 0) {
      kept.insert(kept.begin(), '1');
      ++point;
    }
  }
  std::string int_part = kept.substr(0, static_cast<std::size_t>(point));
  std::string frac = kept.substr(static_cast<std::size_t>(point));
  std::size_t nz = int_part.find_first_not_of('0');
  int_part = nz == std::string::npos ? "0" : int_part.substr(nz);
  bool zero = int_part == "0" && frac.find_first_not_of('0') == std::string::npos;
  if (zero) negative = false;
  return frac.empty() ? int_part : int_part + "." + frac;
}

std::string vi_number(Call& c, const Value& v, std::int64_t decimals) {
  if (decimals < 0 || decimals > 20) c.fail("decimals must be between 0 and 20");
  bool neg = false;
  std::string plain;
  if (v.is_int() || v.is_bool()) {
    std::int64_t i = v.as_int();
    if (decimals == 0) {
      neg = i < 0;
      plain = std::to_string(i);
      if (neg) plain = plain.substr(1);
    } else {
      plain = fixed_decimal(static_cast<double>(i), static_cast<int>(decimals), neg);
    }
  } else if (v.is_float()) {
    double d = v.as_number();
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "∞" : "-∞";
    plain = fixed_decimal(d, static_cast<int>(decimals), neg);
  } else {
    c.fail("expects a number, got '" + type_name(v) + "'");
  }
  std::size_t dot = plain.find('.');
  std::string ip = plain.substr(0, dot);
  std::string out;
  int n = static_cast<int>(ip.size());
  for (int i = 0; i < n; ++i) {
    out += ip[static_cast<std::size_t>(i)];
    int left = n - i - 1;
    if (left > 0 && left % 3 == 0) out += '.';
  }
  if (dot != std::string::npos) {
    out += ',';
    out.append(plain, dot + 1, std::string::npos);
  }
  if (neg) out.insert(out.begin(), '-');
  return out;
}

std::int64_t decimals_arg(Call& c, std::int64_t dflt) {
  Value d = c.arg(0, "decimals", Value(dflt));
  if (!d.is_int()) c.fail("decimals must be an integer");
  return d.as_int();
}

Value f_number(Call& c) {
  c.expect({"decimals"});
  return Value(vi_number(c, c.self, decimals_arg(c, 0)));
}

Value f_percent(Call& c) {
  c.expect({"decimals"});
  return Value(vi_number(c, c.self, decimals_arg(c, 1)) + "%");
}

std::string two(int v) {
  char buf[2] = {static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)};
  return std::string(buf, 2);
}

Value f_date(Call& c) {
  c.expect({"format"});
  std::string fmt = c.r.str(c.arg(0, "format", Value("%d/%m/%Y")), c.pos);
  if (!c.self.is_string()) c.fail("expects a date string YYYY-MM-DD[THH:MM[:SS]], got '" + type_name(c.self) + "'");
  auto parsed = date::parse(text::trim(c.self.as_string()), date::Form::written);
  if (!parsed) c.fail("expects a date YYYY-MM-DD[THH:MM[:SS]], got " + to_repr(c.self));
  const date::DateTime& dt = *parsed;
  if (fmt == "long") {
    // Nghị định 30/2020/NĐ-CP: days below 10 and months 1 and 2 take a leading zero
    std::string day = two(dt.day);
    std::string month = dt.month <= 2 ? two(dt.month) : std::to_string(dt.month);
    return Value("ngày " + day + " tháng " + month + " năm " + std::to_string(dt.year));
  }
  std::string out;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) c.fail("format ends with '%'");
    switch (fmt[i]) {
      case 'd': out += two(dt.day); break;
      case 'e': out += std::to_string(dt.day); break;
      case 'm': out += two(dt.month); break;
      case 'Y': {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%04d", dt.year);
        out += buf;
        break;
      }
      case 'y': out += two(dt.year % 100); break;
      case 'H': out += two(dt.hour); break;
      case 'M': out += two(dt.minute); break;
      case 'S': out += two(dt.second); break;
      case '%': out += '%'; break;
      default: c.fail(std::string("unknown format code '%") + fmt[i] + "' (use %d %e %m %Y %y %H %M %S %%)");
    }
  }
  return Value(out);
}

Value f_slugify(Call& c) {
  c.expect({});
  return Value(text::slugify(c.r.str(c.self, c.pos)));
}

}  // namespace

void add_site_filters(std::unordered_map<std::string, Builtin>& table) {
  table["number"] = {f_number};
  table["percent"] = {f_percent};
  table["date"] = {f_date};
  table["slugify"] = {f_slugify};
}

}  // namespace mb::tmpl
