// Built-in filters with Jinja2 3.1's names and semantics.
#include <algorithm>
#include <limits>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "base/text.hpp"
#include "tmpl/filters.hpp"
#include "tmpl/render.hpp"
#include "tmpl/strings.hpp"

namespace mb::tmpl {

// ---------------------------------------------------------------------------
// Helpers shared with tests and site filters

namespace {

bool is_numeric(const Value& v) { return v.is_int() || v.is_bool() || v.is_float(); }

Value keep_markup(const Value& like, std::string s) {
  return like.is_safe() ? Value::safe(std::move(s)) : Value(std::move(s));
}

// The string a filter works on: soft_str (a safe string stays safe).
Value soft_str(Call& c, const Value& v) {
  if (v.is_string()) return v;
  return Value(c.r.str(v, c.pos));
}

std::int64_t int_arg(Call& c, const Value& v, const char* name) {
  if (v.is_int() || v.is_bool()) return v.as_int();
  if (v.is_float()) return v.as_int();
  c.fail(std::string("expects an integer for '") + name + "', got '" + type_name(v) + "'");
}

}  // namespace

// make_attrgetter: "a.b.0" → getitem chain; `default` replaces undefined.
AttrGetter::AttrGetter(Call& c, const Value* attribute, bool lower, const Value* dflt) : c_(c), lower_(lower) {
  if (dflt) default_ = *dflt;
  has_default_ = dflt != nullptr;
  if (!attribute || attribute->is_none()) return;
  active_ = true;
  if (attribute->is_int()) {
    parts_.push_back(*attribute);
    return;
  }
  std::string s = c.r.str(*attribute, c.pos);
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = s.find('.', start);
    std::string part = s.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    bool digits = !part.empty() && std::all_of(part.begin(), part.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (digits && part.size() < 18) parts_.emplace_back(static_cast<std::int64_t>(std::stoll(part)));
    else parts_.emplace_back(part);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
}

Value AttrGetter::operator()(const Value& item) const {
  Value v = item;
  if (active_) {
    for (const auto& p : parts_) {
      v = c_.r.getitem(v, p, c_.pos);
      if (v.is_undefined()) {
        if (has_default_) {
          v = default_;
        }
        break;
      }
    }
  }
  if (lower_ && v.is_string()) return Value(py_lower(v.as_string()));
  return v;
}

std::vector<Value> to_list(Call& c, const Value& v) { return c.r.iterate(v, c.pos); }

// ---------------------------------------------------------------------------

namespace {

Value f_abs(Call& c) {
  c.expect({});
  const Value& v = c.self;
  if (v.is_int() || v.is_bool()) {
    if (v.as_int() == INT64_MIN) c.fail("integer overflow");
    return Value(v.as_int() < 0 ? -v.as_int() : v.as_int());
  }
  if (v.is_float()) return Value(std::fabs(v.as_number()));
  c.r.fail(c.pos, "bad operand type for abs(): '" + type_name(v) + "'");
}

Value f_attr(Call& c) {
  c.expect({"name"});
  Value name = c.arg(0, "name", Value());
  if (!name.is_string()) c.fail("expects an attribute name");
  if (c.self.is_callable()) {
    Value v = c.self.as_callable()->attr(name.as_string());
    if (!v.is_undefined()) return v;
  } else {
    Value m = bound_method(c.self, name.as_string());
    if (!m.is_undefined()) return m;
  }
  return Value::undefined(std::string(1, '\'') + type_name(c.self) + " object' has no attribute '" + name.as_string() + "'");
}

Value f_batch(Call& c) {
  c.expect({"linecount", "fill_with"});
  std::int64_t n = int_arg(c, c.arg(0, "linecount", Value()), "linecount");
  if (n <= 0) c.fail("linecount must be positive");
  Value fill = c.arg(1, "fill_with", Value::none());
  std::vector<Value> out, cur;
  for (auto& v : to_list(c, c.self)) {
    if (static_cast<std::int64_t>(cur.size()) == n) {
      out.push_back(Value::list(std::move(cur)));
      cur.clear();
    }
    cur.push_back(std::move(v));
  }
  if (!cur.empty()) {
    if (!fill.is_none())
      while (static_cast<std::int64_t>(cur.size()) < n) cur.push_back(fill);
    out.push_back(Value::list(std::move(cur)));
  }
  return Value::list(std::move(out));
}

Value f_capitalize(Call& c) {
  c.expect({});
  Value s = soft_str(c, c.self);
  return keep_markup(s, py_capitalize(s.as_string()));
}

Value f_center(Call& c) {
  c.expect({"width"});
  Value s = soft_str(c, c.self);
  std::int64_t w = int_arg(c, c.arg(0, "width", Value(80)), "width");
  std::size_t n = count_code_points(s.as_string());
  if (w <= static_cast<std::int64_t>(n)) return s;
  std::size_t fill = static_cast<std::size_t>(std::min<std::int64_t>(w, 100000)) - n;
  std::size_t left = fill / 2 + (fill & static_cast<std::size_t>(w) & 1);  // CPython's rule
  return keep_markup(s, std::string(left, ' ') + s.as_string() + std::string(fill - left, ' '));
}

Value f_default(Call& c) {
  c.expect({"default_value", "boolean"});
  Value dflt = c.arg(0, "default_value", Value(""));
  bool boolean = c.arg(1, "boolean", Value(false)).truthy();
  if (c.self.is_undefined() || (boolean && !c.self.truthy())) return dflt;
  return c.self;
}

Value sort_key_lower(const Value& v, bool case_sensitive) {
  if (!case_sensitive && v.is_string()) return Value(py_lower(v.as_string()));
  return v;
}

Value f_dictsort(Call& c) {
  c.expect({"case_sensitive", "by", "reverse"});
  bool cs = c.arg(0, "case_sensitive", Value(false)).truthy();
  std::string by = c.r.str(c.arg(1, "by", Value("key")), c.pos);
  bool reverse = c.arg(2, "reverse", Value(false)).truthy();
  if (!c.self.is_dict()) c.fail("expects a mapping");
  int pos;
  if (by == "key") pos = 0;
  else if (by == "value") pos = 1;
  else c.r.fail(c.pos, "You can only sort by either 'key' or 'value'");
  std::vector<Value> items;
  for (const auto& [k, v] : c.self.entries()) items.push_back(Value::tuple({Value(k), v}));
  std::vector<Value> keys;
  for (const auto& it : items) keys.push_back(sort_key_lower(it.at(static_cast<std::size_t>(pos)), cs));
  std::vector<std::size_t> idx(items.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return reverse ? py_compare(c.r, keys[b], keys[a], c.pos) < 0 : py_compare(c.r, keys[a], keys[b], c.pos) < 0;
  });
  std::vector<Value> out;
  for (auto i : idx) out.push_back(items[i]);
  return Value::list(std::move(out));
}

Value f_escape(Call& c) {
  c.expect({});
  return escape_value(c.r, c.self, c.pos);
}

Value f_forceescape(Call& c) {
  c.expect({});
  return Value::safe(text::html_escape(c.r.str(c.self, c.pos)));
}

Value f_first(Call& c) {
  c.expect({});
  if (c.self.is_list()) {
    if (c.self.size() == 0) return Value::undefined("No first item, sequence was empty.");
    return c.self.at(0);
  }
  auto items = to_list(c, c.self);
  if (items.empty()) return Value::undefined("No first item, sequence was empty.");
  return items.front();
}

Value f_last(Call& c) {
  c.expect({});
  auto items = to_list(c, c.self);
  if (items.empty()) return Value::undefined("No last item, sequence was empty.");
  return items.back();
}

// Python float(str): surrounding whitespace, underscores between digits, inf/nan.
bool parse_py_float(std::string_view s, double& out) {
  s = py_strip(s, nullptr, true, true);
  if (s.empty()) return false;
  std::string t;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (ch == '_') {
      if (i == 0 || i + 1 >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i - 1])) ||
          !std::isdigit(static_cast<unsigned char>(s[i + 1])))
        return false;
      continue;
    }
    t += ch;
  }
  std::string lower = py_lower(t);
  std::string body = lower;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) body = body.substr(1);
  if (body == "inf" || body == "infinity" || body == "nan") {
    out = body == "nan" ? NAN : INFINITY;
    if (lower[0] == '-') out = -out;
    return true;
  }
  for (char ch : body)
    if (!(std::isdigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == 'e' || ch == '+' || ch == '-'))
      return false;
  char* end = nullptr;
  out = std::strtod(t.c_str(), &end);
  return end && *end == '\0';
}

// Python int(str, base).
bool parse_py_int(std::string_view s, int base, std::int64_t& out) {
  s = py_strip(s, nullptr, true, true);
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.size() > 2 && s[0] == '0') {
    char p = static_cast<char>(s[1] | 0x20);
    int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
    if (pb && (base == pb || base == 0)) {
      base = pb;
      s.remove_prefix(2);
      if (!s.empty() && s[0] == '_') s.remove_prefix(1);
    }
  }
  if (base == 0) base = 10;
  if (s.empty()) return false;
  std::int64_t v = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (ch == '_' && i > 0 && i + 1 < s.size() && s[i - 1] != '_') continue;
    int d = (ch >= '0' && ch <= '9') ? ch - '0' : (ch >= 'a' && ch <= 'z') ? ch - 'a' + 10 : (ch >= 'A' && ch <= 'Z') ? ch - 'A' + 10 : 99;
    if (d >= base) return false;
    if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v)) return false;
  }
  out = neg ? -v : v;
  return true;
}

Value f_float(Call& c) {
  c.expect({"default"});
  Value dflt = c.arg(0, "default", Value(0.0));
  const Value& v = c.self;
  if (is_numeric(v)) return Value(v.as_number());
  double d;
  if (v.is_string() && parse_py_float(v.as_string(), d)) return Value(d);
  return dflt;
}

Value f_int(Call& c) {
  c.expect({"default", "base"});
  Value dflt = c.arg(0, "default", Value(0));
  std::int64_t base = int_arg(c, c.arg(1, "base", Value(10)), "base");
  const Value& v = c.self;
  if (v.is_int() || v.is_bool()) return Value(v.as_int());
  if (v.is_float()) {
    double d = v.as_number();
    if (std::isinf(d)) c.r.fail(c.pos, "cannot convert float infinity to integer");
    if (std::isnan(d)) return dflt;
    if (std::fabs(d) >= 9.2e18) c.fail("integer too large");
    return Value(static_cast<std::int64_t>(d));
  }
  if (v.is_string()) {
    std::int64_t i;
    if (base >= 0 && base <= 36 && base != 1 && parse_py_int(v.as_string(), static_cast<int>(base), i)) return Value(i);
    double d;
    if (parse_py_float(v.as_string(), d)) {
      if (std::isinf(d)) c.r.fail(c.pos, "cannot convert float infinity to integer");
      if (std::isnan(d)) return dflt;
      if (std::fabs(d) >= 9.2e18) c.fail("integer too large");
      return Value(static_cast<std::int64_t>(d));
    }
  }
  return dflt;
}

Value f_format(Call& c) {
  if (!c.args.empty() && !c.kwargs.empty())
    c.r.fail(c.pos, "can't handle positional and keyword arguments at the same time");
  Value s = soft_str(c, c.self);
  if (!c.kwargs.empty()) {
    Value d = Value::dict();
    for (const auto& [k, v] : c.kwargs) d.set(k, v);
    return py_format(c.r, s, d, c.pos);
  }
  return py_format(c.r, s, Value::tuple(c.args), c.pos);
}

Value f_groupby(Call& c) {
  c.expect({"attribute", "default", "case_sensitive"});
  const Value* attribute = c.get(0, "attribute");
  if (!attribute) c.fail("missing argument 'attribute'");
  const Value* dflt = c.get(1, "default");
  Value dv = dflt ? *dflt : Value::none();
  bool cs = c.arg(2, "case_sensitive", Value(false)).truthy();
  AttrGetter key(c, attribute, !cs, dflt && !dflt->is_none() ? &dv : nullptr);
  AttrGetter out_key(c, attribute, false, dflt && !dflt->is_none() ? &dv : nullptr);
  auto items = to_list(c, c.self);
  std::vector<Value> keys;
  for (const auto& it : items) keys.push_back(key(it));
  std::vector<std::size_t> idx(items.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(),
                   [&](std::size_t a, std::size_t b) { return py_compare(c.r, keys[a], keys[b], c.pos) < 0; });
  std::vector<Value> out;
  std::size_t i = 0;
  while (i < idx.size()) {
    std::size_t j = i;
    std::vector<Value> group;
    while (j < idx.size() && equal(keys[idx[j]], keys[idx[i]])) group.push_back(items[idx[j++]]);
    Value grouper = cs ? keys[idx[i]] : out_key(items[idx[i]]);
    out.push_back(Value::tuple({grouper, Value::list(std::move(group))}));
    i = j;
  }
  return Value::list(std::move(out));
}

// str.splitlines() boundaries used by indent
std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0, i = 0;
  while (i < s.size()) {
    std::size_t at = i;
    std::int32_t cp = next_code_point(s, i);
    bool brk = cp == '\n' || cp == '\r' || cp == 0x0b || cp == 0x0c || cp == 0x1c || cp == 0x1d || cp == 0x1e ||
               cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    if (!brk) continue;
    out.push_back(s.substr(start, at - start));
    if (cp == '\r' && i < s.size() && s[i] == '\n') ++i;
    start = i;
  }
  if (start < s.size()) out.push_back(s.substr(start));
  return out;
}

Value f_indent(Call& c) {
  c.expect({"width", "first", "blank"});
  Value w = c.arg(0, "width", Value(4));
  bool first = c.arg(1, "first", Value(false)).truthy();
  bool blank = c.arg(2, "blank", Value(false)).truthy();
  std::string ind;
  if (w.is_string()) ind = w.as_string();
  else ind = std::string(static_cast<std::size_t>(std::clamp<std::int64_t>(int_arg(c, w, "width"), 0, 10000)), ' ');
  Value s = soft_str(c, c.self);
  std::string text = s.as_string() + "\n";
  auto lines = split_lines(text);
  std::string rv;
  if (blank) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i) rv += "\n" + ind;
      rv += lines[i];
    }
  } else {
    rv = lines.empty() ? "" : lines[0];
    for (std::size_t i = 1; i < lines.size(); ++i) {
      rv += "\n";
      if (!lines[i].empty()) rv += ind;
      rv += lines[i];
    }
  }
  if (first) rv = ind + rv;
  return keep_markup(s, std::move(rv));
}

Value f_items(Call& c) {
  c.expect({});
  if (c.self.is_undefined()) return Value::list();
  if (!c.self.is_dict()) c.r.fail(c.pos, "Can only get item pairs from a mapping.");
  std::vector<Value> out;
  for (const auto& [k, v] : c.self.entries()) out.push_back(Value::tuple({Value(k), v}));
  return Value::list(std::move(out));
}

Value f_join(Call& c) {
  c.expect({"d", "attribute"});
  Value d = c.arg(0, "d", Value(""));
  const Value* attribute = c.get(1, "attribute");
  auto items = to_list(c, c.self);
  if (attribute && !attribute->is_none()) {
    AttrGetter g(c, attribute, false, nullptr);
    for (auto& it : items) it = g(it);
  }
  bool markup = false;
  if (c.r.autoescape()) {
    markup = d.is_safe();
    for (const auto& it : items) markup = markup || it.is_safe();
  }
  std::string sep = markup && !d.is_safe() ? text::html_escape(c.r.str(d, c.pos)) : c.r.str(d, c.pos);
  std::string out;
  bool first = true;
  for (const auto& it : items) {
    if (!first) out += sep;
    first = false;
    if (markup && !it.is_safe()) text::append_html_escaped(out, c.r.str(it, c.pos));
    else out += c.r.str(it, c.pos);
  }
  return markup ? Value::safe(std::move(out)) : Value(std::move(out));
}

Value f_length(Call& c) {
  c.expect({});
  const Value& v = c.self;
  if (c.r.lenient(v)) return Value(0);
  if (v.is_string()) return Value(static_cast<std::int64_t>(count_code_points(v.as_string())));
  if (v.is_list() || v.is_dict()) return Value(static_cast<std::int64_t>(v.size()));
  c.r.fail(c.pos, "object of type '" + type_name(v) + "' has no len()");
}

Value f_list(Call& c) {
  c.expect({});
  return Value::list(to_list(c, c.self));
}

Value f_lower(Call& c) {
  c.expect({});
  Value s = soft_str(c, c.self);
  return keep_markup(s, py_lower(s.as_string()));
}

Value f_upper(Call& c) {
  c.expect({});
  Value s = soft_str(c, c.self);
  return keep_markup(s, py_upper(s.as_string()));
}

Value f_map(Call& c) {
  auto items = to_list(c, c.self);
  std::vector<Value> out;
  const Value* attribute = nullptr;
  for (const auto& [k, v] : c.kwargs)
    if (k == "attribute") attribute = &v;
  if (c.args.empty() && attribute) {
    const Value* dflt = nullptr;
    for (const auto& [k, v] : c.kwargs) {
      if (k == "default") dflt = &v;
      else if (k != "attribute") c.fail("got an unexpected keyword argument '" + k + "'");
    }
    AttrGetter g(c, attribute, false, dflt);
    for (const auto& it : items) out.push_back(g(it));
    return Value::list(std::move(out));
  }
  if (c.args.empty()) c.fail("needs a filter name or attribute=");
  if (!c.args[0].is_string()) c.fail("expects a filter name");
  std::string name = c.args[0].as_string();
  std::vector<Value> rest(c.args.begin() + 1, c.args.end());
  for (const auto& it : items) out.push_back(c.r.apply_filter(name, it, rest, c.kwargs, c.pos));
  return Value::list(std::move(out));
}

Value min_max(Call& c, bool want_max) {
  c.expect({"case_sensitive", "attribute"});
  bool cs = c.arg(0, "case_sensitive", Value(false)).truthy();
  const Value* attribute = c.get(1, "attribute");
  AttrGetter key(c, attribute, !cs, nullptr);
  auto items = to_list(c, c.self);
  if (items.empty()) return Value::undefined("No aggregated item, sequence was empty.");
  std::size_t best = 0;
  Value bk = key(items[0]);
  for (std::size_t i = 1; i < items.size(); ++i) {
    Value k = key(items[i]);
    int cmp = py_compare(c.r, k, bk, c.pos);
    if (want_max ? cmp > 0 : cmp < 0) {
      best = i;
      bk = k;
    }
  }
  return items[best];
}
Value f_max(Call& c) { return min_max(c, true); }
Value f_min(Call& c) { return min_max(c, false); }

Value f_replace(Call& c) {
  c.expect({"old", "new", "count"});
  Value old_v = c.arg(0, "old", Value());
  Value new_v = c.arg(1, "new", Value());
  if (old_v.is_undefined() || new_v.is_undefined()) c.fail("needs 'old' and 'new'");
  Value cnt = c.arg(2, "count", Value::none());
  std::int64_t count = cnt.is_none() ? -1 : int_arg(c, cnt, "count");
  std::string o = c.r.str(old_v, c.pos), n = c.r.str(new_v, c.pos);
  if (!c.r.autoescape()) return Value(py_replace(c.r.str(c.self, c.pos), o, n, count));
  bool markup = c.self.is_safe() || old_v.is_safe() || new_v.is_safe();
  if (!markup) return Value(py_replace(c.self.is_string() ? c.self.as_string() : c.r.str(c.self, c.pos), o, n, count));
  std::string s = c.self.is_safe() ? c.self.as_string() : text::html_escape(c.r.str(c.self, c.pos));
  if (!old_v.is_safe()) o = text::html_escape(o);
  if (!new_v.is_safe()) n = text::html_escape(n);
  return Value::safe(py_replace(s, o, n, count));
}

Value f_reverse(Call& c) {
  c.expect({});
  if (c.self.is_string()) {
    auto cps = code_points(c.self.as_string());
    std::string out;
    for (auto it = cps.rbegin(); it != cps.rend(); ++it) out += *it;
    return keep_markup(c.self, std::move(out));
  }
  auto items = to_list(c, c.self);
  std::reverse(items.begin(), items.end());
  return Value::list(std::move(items));
}

// Fast exact path for Python's round(x, nd): when x is small enough that no
// two decimals with nd+1 places share a double, the shortest repr of x is on
// the same side of every rounding boundary as x itself; only a repr that ends
// exactly in the tie digit 5 needs the exact (printf) path.
bool round_fast(double x, std::int64_t nd, double& out) {
  static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16};
  if (nd < 0 || nd > 15 || !(std::fabs(x) * pow10[nd + 1] < 1e15)) return false;
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::fixed);
  if (r.ec != std::errc()) return false;  // tiny numbers have long fixed forms
  std::string_view t(buf, static_cast<std::size_t>(r.ptr - buf));
  std::size_t dot = t.find('.');
  std::string_view ip = t.substr(0, dot), fp = dot == std::string_view::npos ? std::string_view() : t.substr(dot + 1);
  if (fp.size() <= static_cast<std::size_t>(nd)) {
    out = x;
    return true;
  }
  std::string_view rest = fp.substr(static_cast<std::size_t>(nd));
  if (rest == "5") return false;  // a tie in the shortest repr: decide on the exact value
  std::int64_t v = 0;
  for (char ch : ip) v = v * 10 + (ch - '0');
  for (std::size_t i = 0; i < static_cast<std::size_t>(nd); ++i) v = v * 10 + (fp[i] - '0');
  if (rest[0] >= '5') ++v;
  out = std::copysign(static_cast<double>(v) / pow10[nd], x);
  return true;
}

double round_half_even(double x, std::int64_t nd) {
  if (!std::isfinite(x) || nd > 308) return x;
  double fast;
  if (round_fast(x, nd, fast)) return fast;
  if (nd >= 0) {
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(nd), x);
    return std::strtod(buf, nullptr);
  }
  if (nd < -308) return std::copysign(0.0, x);
  long double p = std::pow(10.0L, static_cast<long double>(-nd));
  long double y = x / p;
  long double r = std::nearbyint(y);
  return static_cast<double>(r * p);
}

Value f_round(Call& c) {
  c.expect({"precision", "method"});
  std::int64_t prec = int_arg(c, c.arg(0, "precision", Value(0)), "precision");
  std::string method = c.r.str(c.arg(1, "method", Value("common")), c.pos);
  if (method != "common" && method != "ceil" && method != "floor")
    c.r.fail(c.pos, "method must be common, ceil or floor");
  const Value& v = c.self;
  if (!is_numeric(v)) c.r.fail(c.pos, "type " + type_name(v) + " doesn't define __round__ method");
  if (method == "common") {
    if (v.is_int() || v.is_bool()) {
      if (prec >= 0) return Value(v.as_int());
      double r = round_half_even(static_cast<double>(v.as_int()), prec);
      return Value(static_cast<std::int64_t>(r));
    }
    return Value(round_half_even(v.as_number(), prec));
  }
  double p = std::pow(10.0, static_cast<double>(prec));
  double x = v.as_number() * p;
  double r = method == "ceil" ? std::ceil(x) : std::floor(x);
  if (r == 0.0) r = 0.0;  // math.ceil/floor return ints: no negative zero
  return Value(r / p);
}

Value f_safe(Call& c) {
  c.expect({});
  if (c.self.is_safe()) return c.self;
  return Value::safe(c.r.str(c.self, c.pos));
}

Value select_impl(Call& c, bool attr_mode, bool keep_when) {
  auto items = to_list(c, c.self);
  std::size_t off = 0;
  std::unique_ptr<AttrGetter> getter;
  if (attr_mode) {
    if (c.args.empty()) c.fail("needs an attribute name");
    getter = std::make_unique<AttrGetter>(c, &c.args[0], false, nullptr);
    off = 1;
  }
  std::string test;
  std::vector<Value> targs;
  if (c.args.size() > off) {
    if (!c.args[off].is_string()) c.fail("expects a test name");
    test = c.args[off].as_string();
    targs.assign(c.args.begin() + static_cast<std::ptrdiff_t>(off + 1), c.args.end());
  }
  std::vector<Value> out;
  for (const auto& it : items) {
    Value v = getter ? (*getter)(it) : it;
    bool r = test.empty() ? c.r.truthy(v, c.pos) : c.r.apply_test(test, v, targs, c.pos);
    if (r == keep_when) out.push_back(it);
  }
  return Value::list(std::move(out));
}
Value f_select(Call& c) { return select_impl(c, false, true); }
Value f_reject(Call& c) { return select_impl(c, false, false); }
Value f_selectattr(Call& c) { return select_impl(c, true, true); }
Value f_rejectattr(Call& c) { return select_impl(c, true, false); }

Value f_slice(Call& c) {
  c.expect({"slices", "fill_with"});
  std::int64_t slices = int_arg(c, c.arg(0, "slices", Value()), "slices");
  if (slices <= 0) c.fail("slices must be positive");
  Value fill = c.arg(1, "fill_with", Value::none());
  auto seq = to_list(c, c.self);
  std::size_t length = seq.size(), n = static_cast<std::size_t>(std::min<std::int64_t>(slices, 100000));
  std::size_t per = length / n, extra = length % n, offset = 0;
  std::vector<Value> out;
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t start = offset + k * per;
    if (k < extra) ++offset;
    std::size_t end = offset + (k + 1) * per;
    std::vector<Value> tmp(seq.begin() + static_cast<std::ptrdiff_t>(std::min(start, length)),
                           seq.begin() + static_cast<std::ptrdiff_t>(std::min(end, length)));
    if (!fill.is_none() && k >= extra) tmp.push_back(fill);
    out.push_back(Value::list(std::move(tmp)));
  }
  return Value::list(std::move(out));
}

Value f_sort(Call& c) {
  c.expect({"reverse", "case_sensitive", "attribute"});
  bool reverse = c.arg(0, "reverse", Value(false)).truthy();
  bool cs = c.arg(1, "case_sensitive", Value(false)).truthy();
  const Value* attribute = c.get(2, "attribute");
  auto items = to_list(c, c.self);
  // attribute may list several comma-separated attributes
  std::vector<std::unique_ptr<AttrGetter>> getters;
  std::vector<Value> attr_values;
  if (attribute && attribute->is_string() && attribute->as_string().find(',') != std::string::npos) {
    for (auto& part : py_split(attribute->as_string(), nullptr, -1)) (void)part;
    std::string s = attribute->as_string();
    std::size_t start = 0;
    for (;;) {
      std::size_t comma = s.find(',', start);
      attr_values.emplace_back(std::string(py_strip(s.substr(start, comma - start), nullptr, true, true)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    for (auto& a : attr_values) getters.push_back(std::make_unique<AttrGetter>(c, &a, !cs, nullptr));
  } else {
    getters.push_back(std::make_unique<AttrGetter>(c, attribute, !cs, nullptr));
  }
  std::vector<std::vector<Value>> keys(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    for (auto& g : getters) keys[i].push_back((*g)(items[i]));
  std::vector<std::size_t> idx(items.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  auto less = [&](std::size_t a, std::size_t b) {
    for (std::size_t k = 0; k < getters.size(); ++k) {
      int cmp = py_compare(c.r, keys[a][k], keys[b][k], c.pos);
      if (cmp != 0) return cmp < 0;
    }
    return false;
  };
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return reverse ? less(b, a) : less(a, b); });
  std::vector<Value> out;
  for (auto i : idx) out.push_back(items[i]);
  return Value::list(std::move(out));
}

Value f_string(Call& c) {
  c.expect({});
  return soft_str(c, c.self);
}

Value f_striptags(Call& c) {
  c.expect({});
  std::string s = c.r.str(c.self, c.pos);
  std::string no_comments;
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, 4, "<!--") == 0) {
      std::size_t e = s.find("-->", i + 4);
      if (e != std::string::npos) {
        i = e + 3;
        continue;
      }
    }
    no_comments += s[i++];
  }
  std::string no_tags;
  for (std::size_t i = 0; i < no_comments.size();) {
    if (no_comments[i] == '<') {
      std::size_t e = no_comments.find('>', i + 1);
      if (e != std::string::npos) {
        i = e + 1;
        continue;
      }
    }
    no_tags += no_comments[i++];
  }
  std::string joined;
  for (const auto& w : py_split(no_tags, nullptr, -1)) {
    if (!joined.empty()) joined += ' ';
    joined += w;
  }
  return Value(html_unescape(joined));
}

Value f_sum(Call& c) {
  c.expect({"attribute", "start"});
  const Value* attribute = c.get(0, "attribute");
  Value acc = c.arg(1, "start", Value(0));
  AttrGetter g(c, attribute, false, nullptr);
  for (const auto& it : to_list(c, c.self)) {
    Value v = g(it);
    c.r.check_defined(v, c.pos);
    acc = c.r.binop(Op::add, acc, v, c.pos);
  }
  return acc;
}

Value f_title(Call& c) {
  c.expect({});
  return Value(jinja_title(c.r.str(c.self, c.pos)));
}

Value f_trim(Call& c) {
  c.expect({"chars"});
  Value s = soft_str(c, c.self);
  Value chars = c.arg(0, "chars", Value::none());
  std::string cs = chars.is_none() ? "" : c.r.str(chars, c.pos);
  return keep_markup(s, std::string(py_strip(s.as_string(), chars.is_none() ? nullptr : &cs, true, true)));
}

Value f_truncate(Call& c) {
  c.expect({"length", "killwords", "end", "leeway"});
  if (!c.self.is_string() && !c.self.is_list() && !c.self.is_dict())
    c.r.fail(c.pos, "object of type '" + type_name(c.self) + "' has no len()");
  std::string s = c.self.is_string() ? c.self.as_string() : std::string();
  std::int64_t length = int_arg(c, c.arg(0, "length", Value(255)), "length");
  bool killwords = c.arg(1, "killwords", Value(false)).truthy();
  std::string end = c.r.str(c.arg(2, "end", Value("...")), c.pos);
  Value lw = c.arg(3, "leeway", Value::none());
  std::int64_t leeway = lw.is_none() ? 5 : int_arg(c, lw, "leeway");
  std::int64_t end_len = static_cast<std::int64_t>(count_code_points(end));
  if (length < end_len) c.r.fail(c.pos, "expected length >= " + std::to_string(end_len) + ", got " + std::to_string(length));
  if (leeway < 0) c.r.fail(c.pos, "expected leeway >= 0, got " + std::to_string(leeway));
  // Python's integers do not overflow: a sum past 2**63 is simply "longer than anything"
  const std::int64_t limit =
      leeway > std::numeric_limits<std::int64_t>::max() - length ? std::numeric_limits<std::int64_t>::max()
                                                                 : length + leeway;
  if (!c.self.is_string()) {  // Python slices lists too, but cannot rsplit them
    if (static_cast<std::int64_t>(c.self.size()) <= limit) return c.self;
    c.r.fail(c.pos, "'" + type_name(c.self) + "' object has no attribute 'rsplit'");
  }
  if (static_cast<std::int64_t>(s.size()) <= limit) return Value(s);  // bytes >= characters
  if (static_cast<std::int64_t>(count_code_points(s)) <= limit) return Value(s);
  std::string head = s.substr(0, prefix_bytes(s, static_cast<std::size_t>(std::max<std::int64_t>(0, length - end_len))));
  if (killwords) return Value(head + end);
  std::size_t sp = head.rfind(' ');
  if (sp != std::string::npos) head = head.substr(0, sp);
  return Value(head + end);
}

Value f_unique(Call& c) {
  c.expect({"case_sensitive", "attribute"});
  bool cs = c.arg(0, "case_sensitive", Value(false)).truthy();
  AttrGetter key(c, c.get(1, "attribute"), !cs, nullptr);
  std::vector<Value> seen, out;
  for (const auto& it : to_list(c, c.self)) {
    Value k = key(it);
    c.r.check_defined(k, c.pos);
    if (k.is_list() && !k.is_tuple()) c.r.fail(c.pos, "unhashable type: 'list'");
    if (k.is_dict()) c.r.fail(c.pos, "unhashable type: 'dict'");
    bool dup = false;
    for (const auto& s : seen)
      if (equal(s, k)) {
        dup = true;
        break;
      }
    if (!dup) {
      seen.push_back(k);
      out.push_back(it);
    }
  }
  return Value::list(std::move(out));
}

Value f_urlencode(Call& c) {
  c.expect({});
  const Value& v = c.self;
  if (v.is_string()) return Value(url_quote(v.as_string(), "/", false));
  if (v.is_dict() || v.is_list()) {
    std::string out;
    auto add = [&](const Value& k, const Value& val) {
      if (!out.empty()) out += '&';
      out += url_quote(c.r.str(k, c.pos), "", true) + "=" + url_quote(c.r.str(val, c.pos), "", true);
    };
    if (v.is_dict()) {
      for (const auto& [k, val] : v.entries()) add(Value(k), val);
    } else {
      for (const auto& it : v.items()) {
        if (!it.is_list() || it.size() != 2) c.fail("expects a dict or a list of pairs");
        add(it.at(0), it.at(1));
      }
    }
    return Value(out);
  }
  return Value(url_quote(c.r.str(v, c.pos), "/", false));
}

Value f_wordcount(Call& c) {
  c.expect({});
  std::string s = c.r.str(c.self, c.pos);
  std::int64_t n = 0;
  bool in_word = false;
  std::size_t i = 0;
  while (i < s.size()) {
    bool w = py_isword_cp(next_code_point(s, i));
    if (w && !in_word) ++n;
    in_word = w;
  }
  return Value(n);
}

Value f_xmlattr(Call& c) {
  c.expect({"autospace"});
  bool autospace = c.arg(0, "autospace", Value(true)).truthy();
  if (!c.self.is_dict()) c.fail("expects a mapping");
  std::string rv;
  for (const auto& [k, v] : c.self.entries()) {
    if (v.is_none() || v.is_undefined()) continue;
    for (char ch : k)
      if (ch == ' ' || ch == '/' || ch == '>' || ch == '=' || ch == '\t' || ch == '\n' || ch == '\f')
        c.r.fail(c.pos, "Invalid character in attribute name: " + to_repr(Value(k)));
    if (!rv.empty()) rv += ' ';
    rv += text::html_escape(k) + "=\"" + escape_value(c.r, v, c.pos).as_string() + "\"";
  }
  if (autospace && !rv.empty()) rv = " " + rv;
  return c.r.autoescape() ? Value::safe(std::move(rv)) : Value(std::move(rv));
}

Value f_filesizeformat(Call& c) {
  c.expect({"binary"});
  bool binary = c.arg(0, "binary", Value(false)).truthy();
  double bytes;
  if (is_numeric(c.self)) bytes = c.self.as_number();
  else if (!c.self.is_string() || !parse_py_float(c.self.as_string(), bytes)) c.fail("expects a number");
  double base = binary ? 1024 : 1000;
  static const char* bin[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
  static const char* dec[] = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  if (bytes == 1) return Value("1 Byte");
  if (bytes < base) return Value(std::to_string(static_cast<std::int64_t>(bytes)) + " Bytes");
  double unit = base;
  int i = 0;
  for (; i < 8; ++i) {
    unit = std::pow(base, i + 2);
    if (bytes < unit) break;
  }
  if (i == 8) i = 7;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f %s", base * bytes / unit, binary ? bin[i] : dec[i]);
  return Value(buf);
}

Value f_wordwrap(Call& c) {
  c.expect({"width", "break_long_words", "wrapstring", "break_on_hyphens"});
  std::int64_t width = int_arg(c, c.arg(0, "width", Value(79)), "width");
  bool break_long = c.arg(1, "break_long_words", Value(true)).truthy();
  std::string wrap = c.r.str(c.arg(2, "wrapstring", Value("\n")), c.pos);
  if (width <= 0) c.r.fail(c.pos, "invalid width " + std::to_string(width) + " (must be > 0)");
  std::string s = c.r.str(c.self, c.pos);
  // simplified textwrap: paragraphs are the lines of the text, words split on whitespace
  std::string out;
  bool first_para = true;
  for (const auto& para : split_lines(s)) {
    if (!first_para) out += wrap;
    first_para = false;
    std::string line;
    std::size_t line_len = 0;
    bool first_line = true;
    auto flush = [&]() {
      if (!first_line) out += wrap;
      out += line;
      first_line = false;
      line.clear();
      line_len = 0;
    };
    for (auto word : py_split(para, nullptr, -1)) {
      std::size_t wl = count_code_points(word);
      if (line_len && line_len + 1 + wl > static_cast<std::size_t>(width)) flush();
      while (break_long && wl > static_cast<std::size_t>(width) && line_len == 0) {
        auto cps = code_points(word);
        std::string head;
        for (std::int64_t k = 0; k < width; ++k) head += cps[static_cast<std::size_t>(k)];
        line = head;
        flush();
        word = word.substr(head.size());
        wl -= static_cast<std::size_t>(width);
      }
      if (wl == 0) continue;
      if (line_len) {
        line += ' ';
        ++line_len;
      }
      line += word;
      line_len += wl;
    }
    if (line_len || first_line) flush();
  }
  return Value(out);
}

Value f_pprint(Call& c) {
  c.expect({});
  c.r.check_defined(c.self, c.pos);
  return Value(to_repr(c.self));
}

}  // namespace

Value f_tojson(Call& c);  // json.cpp

const std::unordered_map<std::string, Builtin>& builtin_filters() {
  static const std::unordered_map<std::string, Builtin> table = [] {
    std::unordered_map<std::string, Builtin> t = {
        {"abs", {f_abs}},
        {"attr", {f_attr}},
        {"batch", {f_batch}},
        {"capitalize", {f_capitalize}},
        {"center", {f_center}},
        {"count", {f_length}},
        {"d", {f_default, true}},
        {"default", {f_default, true}},
        {"dictsort", {f_dictsort}},
        {"e", {f_escape}},
        {"escape", {f_escape}},
        {"filesizeformat", {f_filesizeformat}},
        {"first", {f_first}},
        {"float", {f_float}},
        {"forceescape", {f_forceescape}},
        {"format", {f_format}},
        {"groupby", {f_groupby}},
        {"indent", {f_indent}},
        {"int", {f_int}},
        {"items", {f_items, true}},
        {"join", {f_join}},
        {"last", {f_last}},
        {"length", {f_length}},
        {"list", {f_list}},
        {"lower", {f_lower}},
        {"map", {f_map}},
        {"max", {f_max}},
        {"min", {f_min}},
        {"pprint", {f_pprint}},
        {"reject", {f_reject}},
        {"rejectattr", {f_rejectattr}},
        {"replace", {f_replace}},
        {"reverse", {f_reverse}},
        {"round", {f_round}},
        {"safe", {f_safe}},
        {"select", {f_select}},
        {"selectattr", {f_selectattr}},
        {"slice", {f_slice}},
        {"sort", {f_sort}},
        {"string", {f_string}},
        {"striptags", {f_striptags}},
        {"sum", {f_sum}},
        {"title", {f_title}},
        {"tojson", {f_tojson}},
        {"trim", {f_trim}},
        {"truncate", {f_truncate}},
        {"unique", {f_unique}},
        {"upper", {f_upper}},
        {"urlencode", {f_urlencode}},
        {"wordcount", {f_wordcount}},
        {"wordwrap", {f_wordwrap}},
        {"xmlattr", {f_xmlattr}},
    };
    add_site_filters(t);
    return t;
  }();
  return table;
}

}  // namespace mb::tmpl
