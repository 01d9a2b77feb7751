// Operators with Python's semantics, `%` formatting, bound methods of
// strings/dicts/lists, and argument binding for built-ins.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <unicode/uchar.h>

#include "base/text.hpp"
#include "tmpl/render.hpp"
#include "tmpl/strings.hpp"

namespace mb::tmpl {

// ---------------------------------------------------------------------------
// Call

const Value* Call::get(std::size_t i, std::string_view kw) const {
  if (i < args.size()) return &args[i];
  for (const auto& [k, v] : kwargs)
    if (k == kw) return &v;
  return nullptr;
}

void Call::expect(std::initializer_list<std::string_view> params, bool varargs) const {
  if (!varargs && args.size() > params.size())
    fail("takes at most " + std::to_string(params.size()) + " argument(s), " + std::to_string(args.size()) + " given");
  for (const auto& [k, v] : kwargs) {
    std::size_t idx = 0;
    bool found = false;
    for (auto p : params) {
      if (p == k) {
        found = true;
        if (idx < args.size()) fail("got multiple values for argument '" + k + "'");
      }
      ++idx;
    }
    if (!found) fail("got an unexpected keyword argument '" + k + "'");
  }
}

void Call::fail(const std::string& msg) const { r.fail(pos, std::string(what) + " '" + std::string(name) + "' " + msg); }

// ---------------------------------------------------------------------------
// Namespace

Value Namespace::attr(std::string_view name) const {
  for (const auto& e : vars)
    if (e.first == name) return e.second;
  return Value::undefined("'Namespace object' has no attribute '" + std::string(name) + "'");
}
std::string Namespace::repr() const {
  // a namespace can contain itself: cut the recursion
  thread_local int depth = 0;
  if (depth > 8) return "<Namespace ...>";
  ++depth;
  struct Leave {
    ~Leave() { --depth; }
  } leave;
  std::string out = "<Namespace {";
  bool first = true;
  for (const auto& e : vars) {
    if (!first) out += ", ";
    first = false;
    append_string_repr(out, e.first);
    out += ": " + to_repr(e.second);
  }
  return out + "}>";
}
void Namespace::set(std::string_view name, Value v) {
  for (auto& e : vars)
    if (e.first == name) {
      e.second = std::move(v);
      return;
    }
  vars.emplace_back(std::string(name), std::move(v));
}

// ---------------------------------------------------------------------------
// Arithmetic

namespace {

bool numeric(const Value& v) { return v.is_int() || v.is_bool() || v.is_float(); }
bool integral(const Value& v) { return v.is_int() || v.is_bool(); }

[[noreturn]] void unsupported(Renderer& r, const char* op, const Value& a, const Value& b, std::uint32_t pos) {
  r.fail(pos, std::string("unsupported operand type(s) for ") + op + ": '" + type_name(a) + "' and '" + type_name(b) +
                  "'");
}

double py_fmod(double a, double b) {
  double m = std::fmod(a, b);
  if (m != 0.0) {
    if ((b < 0) != (m < 0)) m += b;
  } else {
    m = std::copysign(0.0, b);
  }
  return m;
}

double py_floordiv(double a, double b) {
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;
  if (div != 0.0) {
    double f = std::floor(div);
    if (div - f > 0.5) f += 1.0;
    return f;
  }
  return std::copysign(0.0, a / b);
}

Value repeat(Renderer& r, const Value& seq, std::int64_t n, std::uint32_t pos) {
  if (n < 0) n = 0;
  constexpr std::size_t kLimit = 64u << 20;  // refuse to build absurdly large values
  if (seq.is_string()) {
    const std::string& s = seq.as_string();
    if (n > 0 && s.size() * static_cast<std::size_t>(n) > kLimit) r.fail(pos, "string repetition too large");
    std::string out;
    out.reserve(s.size() * static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) out += s;
    return seq.is_safe() ? Value::safe(std::move(out)) : Value(std::move(out));
  }
  if (n > 0 && seq.size() * static_cast<std::size_t>(n) > kLimit / 16) r.fail(pos, "list repetition too large");
  std::vector<Value> out;
  for (std::int64_t i = 0; i < n; ++i)
    for (const auto& v : seq.items()) out.push_back(v);
  return seq.is_tuple() ? Value::tuple(std::move(out)) : Value::list(std::move(out));
}

Value int_pow(Renderer& r, std::int64_t base, std::int64_t exp, std::uint32_t pos) {
  if (exp < 0) {
    if (base == 0) r.fail(pos, "0.0 cannot be raised to a negative power");
    return Value(std::pow(static_cast<double>(base), static_cast<double>(exp)));
  }
  std::int64_t result = 1;
  std::int64_t b = base;
  while (exp > 0) {
    if (exp & 1) {
      if (__builtin_mul_overflow(result, b, &result)) r.fail(pos, "integer overflow in '**'");
    }
    exp >>= 1;
    if (exp > 0 && __builtin_mul_overflow(b, b, &b)) r.fail(pos, "integer overflow in '**'");
  }
  return Value(result);
}

}  // namespace

Value Renderer::binop(Op op, const Value& a, const Value& b, std::uint32_t pos, bool) {
  bool na = numeric(a), nb = numeric(b);
  bool ints = integral(a) && integral(b);
  switch (op) {
    case Op::add:
      if (ints) {
        std::int64_t r;
        if (__builtin_add_overflow(a.as_int(), b.as_int(), &r)) fail(pos, "integer overflow in '+'");
        return Value(r);
      }
      if (na && nb) return Value(a.as_number() + b.as_number());
      if (a.is_string() && b.is_string()) {
        if (a.is_safe() || b.is_safe()) {
          std::string out;
          if (a.is_safe()) out += a.as_string();
          else text::append_html_escaped(out, a.as_string());
          if (b.is_safe()) out += b.as_string();
          else text::append_html_escaped(out, b.as_string());
          return Value::safe(std::move(out));
        }
        return Value(a.as_string() + b.as_string());
      }
      if (a.is_list() && b.is_list() && a.is_tuple() == b.is_tuple()) {
        std::vector<Value> out = a.items();
        out.insert(out.end(), b.items().begin(), b.items().end());
        return a.is_tuple() ? Value::tuple(std::move(out)) : Value::list(std::move(out));
      }
      if (a.is_string()) fail(pos, "can only concatenate str (not \"" + type_name(b) + "\") to str");
      if (a.is_list())
        fail(pos, "can only concatenate " + type_name(a) + " (not \"" + type_name(b) + "\") to " + type_name(a));
      unsupported(*this, "+", a, b, pos);
    case Op::sub:
      if (ints) {
        std::int64_t r;
        if (__builtin_sub_overflow(a.as_int(), b.as_int(), &r)) fail(pos, "integer overflow in '-'");
        return Value(r);
      }
      if (na && nb) return Value(a.as_number() - b.as_number());
      unsupported(*this, "-", a, b, pos);
    case Op::mul:
      if (ints) {
        std::int64_t r;
        if (__builtin_mul_overflow(a.as_int(), b.as_int(), &r)) fail(pos, "integer overflow in '*'");
        return Value(r);
      }
      if (na && nb) return Value(a.as_number() * b.as_number());
      if ((a.is_string() || a.is_list()) && integral(b)) return repeat(*this, a, b.as_int(), pos);
      if (integral(a) && (b.is_string() || b.is_list())) return repeat(*this, b, a.as_int(), pos);
      if (a.is_string() || a.is_list() || b.is_string() || b.is_list())
        fail(pos, "can't multiply sequence by non-int of type '" + type_name(a.is_string() || a.is_list() ? b : a) + "'");
      unsupported(*this, "*", a, b, pos);
    case Op::div:
      if (na && nb) {
        if (b.as_number() == 0.0) fail(pos, "division by zero");
        if (ints) return Value(static_cast<double>(static_cast<long double>(a.as_int()) / b.as_int()));
        return Value(a.as_number() / b.as_number());
      }
      unsupported(*this, "/", a, b, pos);
    case Op::floordiv:
      if (ints) {
        std::int64_t x = a.as_int(), y = b.as_int();
        if (y == 0) fail(pos, "integer division or modulo by zero");
        if (x == INT64_MIN && y == -1) fail(pos, "integer overflow in '//'");
        std::int64_t q = x / y;
        if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
        return Value(q);
      }
      if (na && nb) {
        if (b.as_number() == 0.0) fail(pos, "float floor division by zero");
        return Value(py_floordiv(a.as_number(), b.as_number()));
      }
      unsupported(*this, "//", a, b, pos);
    case Op::mod:
      if (a.is_string()) return py_format(*this, a, b, pos);
      if (ints) {
        std::int64_t x = a.as_int(), y = b.as_int();
        if (y == 0) fail(pos, "integer modulo by zero");
        if (y == -1) return Value(0);
        std::int64_t m = x % y;
        if (m != 0 && ((m < 0) != (y < 0))) m += y;
        return Value(m);
      }
      if (na && nb) {
        if (b.as_number() == 0.0) fail(pos, "float modulo");
        return Value(py_fmod(a.as_number(), b.as_number()));
      }
      unsupported(*this, "%", a, b, pos);
    case Op::pow:
      if (ints) return int_pow(*this, a.as_int(), b.as_int(), pos);
      if (na && nb) {
        double x = a.as_number(), y = b.as_number();
        if (x == 0.0 && y < 0) fail(pos, "0.0 cannot be raised to a negative power");
        if (x < 0 && y != std::floor(y)) fail(pos, "negative number cannot be raised to a fractional power");
        double r = std::pow(x, y);
        if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) fail(pos, "numerical result out of range");
        return Value(r);
      }
      unsupported(*this, "** or pow()", a, b, pos);
    default: break;
  }
  fail(pos, "bad operator");
}

// ---------------------------------------------------------------------------
// Comparison

namespace {
const char* op_text(Op op) {
  switch (op) {
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    default: return "?";
  }
}

// <0, 0, >0; sets `ok` false for unorderable types.
int order(const Value& a, const Value& b, bool& ok, int depth = 0) {
  ok = true;
  if (numeric(a) && numeric(b)) {
    if (integral(a) && integral(b)) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
    long double x = integral(a) ? static_cast<long double>(a.as_int()) : a.as_number();
    long double y = integral(b) ? static_cast<long double>(b.as_int()) : b.as_number();
    if (std::isnan(static_cast<double>(x)) || std::isnan(static_cast<double>(y))) return 2;  // all comparisons false
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_string() && b.is_string()) {
    int c = a.as_string().compare(b.as_string());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (a.is_list() && b.is_list() && a.is_tuple() == b.is_tuple() && depth < 200) {
    const auto &x = a.items(), &y = b.items();
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (equal(x[i], y[i])) continue;
      return order(x[i], y[i], ok, depth + 1);
    }
    return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
  }
  ok = false;
  return 0;
}
}  // namespace

bool Renderer::compare(Op op, const Value& a, const Value& b, std::uint32_t pos) {
  if ((op == Op::eq || op == Op::ne) && (lenient(a) || lenient(b))) {
    bool same = lenient(a) && lenient(b);
    return op == Op::eq ? same : !same;
  }
  check_defined(a, pos);
  check_defined(b, pos);
  switch (op) {
    case Op::eq: return equal(a, b);
    case Op::ne: return !equal(a, b);
    case Op::in:
    case Op::notin: {
      bool found = false;
      if (b.is_string()) {
        if (!a.is_string())
          fail(pos, "'in <string>' requires string as left operand, not " + type_name(a));
        found = b.as_string().find(a.as_string()) != std::string::npos;
      } else if (b.is_list()) {
        for (const auto& v : b.items())
          if (equal(v, a)) {
            found = true;
            break;
          }
      } else if (b.is_dict()) {
        if ((a.is_list() && !a.is_tuple()) || a.is_dict()) fail(pos, "unhashable type: '" + type_name(a) + "'");
        found = a.is_string() && b.find(a.as_string()) != nullptr;
      } else {
        fail(pos, "argument of type '" + type_name(b) + "' is not iterable");
      }
      return op == Op::in ? found : !found;
    }
    default: {
      bool ok;
      int c = order(a, b, ok);
      if (!ok)
        fail(pos, std::string("'") + op_text(op) + "' not supported between instances of '" + type_name(a) + "' and '" +
                      type_name(b) + "'");
      if (c == 2) return false;
      switch (op) {
        case Op::lt: return c < 0;
        case Op::le: return c <= 0;
        case Op::gt: return c > 0;
        case Op::ge: return c >= 0;
        default: return false;
      }
    }
  }
}

int py_compare(Renderer& r, const Value& a, const Value& b, std::uint32_t pos) {
  r.check_defined(a, pos);
  r.check_defined(b, pos);
  bool ok;
  int c = order(a, b, ok);
  if (!ok)
    r.fail(pos, "'<' not supported between instances of '" + type_name(a) + "' and '" + type_name(b) + "'");
  return c == 2 ? 0 : c;
}

Value escape_value(Renderer& r, const Value& v, std::uint32_t pos) {
  if (v.is_safe()) return v;
  return Value::safe(text::html_escape(r.str(v, pos)));
}

// ---------------------------------------------------------------------------
// printf-style formatting (Python's str % args)

namespace {

std::string pad(std::string body, std::size_t width, bool left, char fill = ' ') {
  std::size_t n = count_code_points(body);
  if (n >= width) return body;
  std::string padding(width - n, fill);
  return left ? body + padding : padding + body;
}

std::string format_int(std::int64_t v, char conv, bool alt, bool plus, bool space, bool zero, bool left,
                       std::size_t width, int prec) {
  std::uint64_t mag = v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
  char buf[80];
  int base = conv == 'x' || conv == 'X' ? 16 : conv == 'o' ? 8 : 10;
  auto r = std::to_chars(buf, buf + sizeof buf, mag, base);
  std::string digits(buf, r.ptr);
  if (conv == 'X')
    for (char& c : digits) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (prec >= 0 && digits.size() < static_cast<std::size_t>(prec)) digits.insert(0, prec - digits.size(), '0');
  std::string prefix = v < 0 ? "-" : plus ? "+" : space ? " " : "";
  if (alt && base == 16) prefix += conv == 'X' ? "0X" : "0x";
  if (alt && base == 8) prefix += "0o";
  if (zero && !left && prefix.size() + digits.size() < width) digits.insert(0, width - prefix.size() - digits.size(), '0');
  return pad(prefix + digits, width, left);
}

std::string format_float(double v, char conv, bool alt, bool plus, bool space, bool zero, bool left, std::size_t width,
                         int prec) {
  std::string spec = "%";
  if (alt) spec += '#';
  if (plus) spec += '+';
  if (space) spec += ' ';
  if (zero && !left && std::isfinite(v)) spec += '0';
  if (left) spec += '-';
  spec += std::to_string(width);
  spec += '.';
  spec += std::to_string(prec < 0 ? 6 : std::min(prec, 300));
  spec += conv;
  char buf[512];
  std::snprintf(buf, sizeof buf, spec.c_str(), v);
  return buf;
}

}  // namespace

Value py_format(Renderer& r, const Value& fmt_value, const Value& arg, std::uint32_t pos) {
  const std::string& fmt = fmt_value.as_string();
  bool markup = fmt_value.is_safe();
  std::vector<Value> args;
  const Value* mapping = nullptr;
  if (arg.is_tuple()) args = arg.items();
  else {
    args.push_back(arg);
    if (arg.is_dict()) mapping = &arg;
  }
  auto text_of = [&](const Value& v, bool repr) {
    r.check_defined(v, pos);
    std::string s = repr ? to_repr(v) : to_display(v);
    if (markup && !v.is_safe()) s = text::html_escape(s);
    return s;
  };
  std::size_t next = 0;
  bool used_mapping = false;
  auto take = [&]() -> const Value& {
    if (next >= args.size()) r.fail(pos, "not enough arguments for format string");
    return args[next++];
  };
  std::string out;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c != '%') {
      out += c;
      continue;
    }
    if (++i >= fmt.size()) r.fail(pos, "incomplete format");
    const Value* keyed = nullptr;
    Value keyed_value;
    if (fmt[i] == '(') {
      std::size_t close = fmt.find(')', i);
      if (close == std::string::npos) r.fail(pos, "incomplete format key");
      if (!mapping) r.fail(pos, "format requires a mapping");
      std::string key = fmt.substr(i + 1, close - i - 1);
      const Value* v = mapping->find(key);
      if (!v) r.fail(pos, "format key " + to_repr(Value(key)) + " not found");
      keyed = v;
      used_mapping = true;
      i = close + 1;
    }
    bool left = false, plus = false, space = false, zero = false, alt = false;
    for (; i < fmt.size(); ++i) {
      char f = fmt[i];
      if (f == '-') left = true;
      else if (f == '+') plus = true;
      else if (f == ' ') space = true;
      else if (f == '0') zero = true;
      else if (f == '#') alt = true;
      else break;
    }
    std::size_t width = 0;
    if (i < fmt.size() && fmt[i] == '*') {
      const Value& w = take();
      if (!integral(w)) r.fail(pos, "* wants int");
      std::int64_t wi = w.as_int();
      if (wi < 0) {
        left = true;
        wi = -wi;
      }
      width = static_cast<std::size_t>(std::min<std::int64_t>(wi, 10000));
      ++i;
    } else {
      while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) {
        width = std::min<std::size_t>(width * 10 + static_cast<std::size_t>(fmt[i] - '0'), 10000);
        ++i;
      }
    }
    int prec = -1;
    if (i < fmt.size() && fmt[i] == '.') {
      ++i;
      prec = 0;
      if (i < fmt.size() && fmt[i] == '*') {
        const Value& p = take();
        if (!integral(p)) r.fail(pos, "* wants int");
        prec = static_cast<int>(std::clamp<std::int64_t>(p.as_int(), 0, 10000));
        ++i;
      } else {
        while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) {
          prec = std::min(prec * 10 + (fmt[i] - '0'), 10000);
          ++i;
        }
      }
    }
    while (i < fmt.size() && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L')) ++i;
    if (i >= fmt.size()) r.fail(pos, "incomplete format");
    char conv = fmt[i];
    if (conv == '%') {
      out += '%';
      continue;
    }
    const Value& v = keyed ? *keyed : take();
    r.check_defined(v, pos);
    switch (conv) {
      case 's':
      case 'r':
      case 'a': {
        std::string s = text_of(v, conv != 's');
        if (prec >= 0) {
          auto cps = code_points(s);
          if (cps.size() > static_cast<std::size_t>(prec)) {
            std::string cut;
            for (int k = 0; k < prec; ++k) cut += cps[static_cast<std::size_t>(k)];
            s = cut;
          }
        }
        out += pad(s, width, left);
        break;
      }
      case 'd':
      case 'i':
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        std::int64_t n;
        if (integral(v)) n = v.as_int();
        else if (v.is_float() && (conv == 'd' || conv == 'i' || conv == 'u')) {
          double d = v.as_number();
          if (!std::isfinite(d)) r.fail(pos, "cannot convert float " + float_repr(d) + " to integer");
          if (std::fabs(d) >= 9.2e18) r.fail(pos, "integer too large");
          n = static_cast<std::int64_t>(d);
        } else if (conv == 'd' || conv == 'i' || conv == 'u') {
          r.fail(pos, std::string("%") + conv + " format: a real number is required, not " + type_name(v));
        } else {
          r.fail(pos, std::string("%") + conv + " format: an integer is required, not " + type_name(v));
        }
        out += format_int(n, conv, alt, plus, space, zero, left, width, prec);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        if (!numeric(v)) r.fail(pos, "must be real number, not " + type_name(v));
        out += format_float(v.as_number(), conv, alt, plus, space, zero, left, width, prec);
        break;
      }
      case 'c': {
        std::string s;
        if (integral(v)) {
          std::int64_t cp = v.as_int();
          if (cp < 0 || cp > 0x10FFFF) r.fail(pos, "%c arg not in range(0x110000)");
          append_utf8(s, static_cast<std::uint32_t>(cp));
        } else if (v.is_string() && count_code_points(v.as_string()) == 1) {
          s = v.as_string();
        } else {
          r.fail(pos, "%c requires int or char");
        }
        out += pad(markup ? text::html_escape(s) : s, width, left);
        break;
      }
      default: r.fail(pos, std::string("unsupported format character '") + conv + "'");
    }
  }
  // CPython skips this check when the argument looks like a mapping (dicts and lists)
  bool mapping_like = arg.is_dict() || (arg.is_list() && !arg.is_tuple());
  if (!used_mapping && next < args.size() && !mapping_like)
    r.fail(pos, "not all arguments converted during string formatting");
  return markup ? Value::safe(std::move(out)) : Value(std::move(out));
}

// ---------------------------------------------------------------------------
// Bound methods

namespace {

constexpr std::string_view kDictMethods[] = {"clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem",
                                    "setdefault", "update", "values"};
constexpr std::string_view kListMethods[] = {"append", "clear", "copy", "count", "extend", "index",
                                    "insert", "pop", "remove", "reverse", "sort"};
constexpr std::string_view kStrMethods[] = {
    "capitalize", "casefold",  "center",    "count",        "encode",     "endswith",     "expandtabs", "find",
    "format",     "format_map", "index",    "isalnum",      "isalpha",    "isascii",      "isdecimal",  "isdigit",
    "isidentifier", "islower", "isnumeric", "isprintable",  "isspace",    "istitle",      "isupper",    "join",
    "ljust",      "lower",     "lstrip",    "maketrans",    "partition",  "removeprefix", "removesuffix", "replace",
    "rfind",      "rindex",    "rjust",     "rpartition",   "rsplit",     "rstrip",       "split",      "splitlines",
    "startswith", "strip",     "swapcase",  "title",        "translate",  "upper",        "zfill"};

template <std::size_t N>
bool among(const std::string_view (&names)[N], std::string_view n) {
  for (std::string_view m : names)
    if (n == m) return true;
  return false;
}

class BoundMethod : public Invocable {
 public:
  Value self;
  std::string name;
  std::string repr() const override {
    return "<built-in method " + name + " of " + type_name(self) + " object>";
  }
  Value call(Renderer& r, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos) const override;
};

std::string py_str_title(std::string_view s) {
  std::string out;
  bool prev_cased = false;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    std::int32_t c = next_code_point(s, i);
    std::string_view cp = s.substr(start, i - start);
    bool cased = c >= 0 && (u_isupper(c) || u_islower(c) || u_istitle(c));
    if (cased) out += prev_cased ? py_lower(cp) : py_upper(cp);
    else out += cp;
    prev_cased = cased;
  }
  return out;
}

Value BoundMethod::call(Renderer& r, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos) const {
  auto arg = [&](std::size_t i, std::string_view kw) -> const Value* {
    if (i < args.size()) return &args[i];
    for (const auto& [k, v] : kwargs)
      if (k == kw) return &v;
    return nullptr;
  };
  auto need_str = [&](const Value* v, const char* what) -> const std::string& {
    if (!v || !v->is_string()) r.fail(pos, std::string(what) + " must be a str");
    return v->as_string();
  };
  for (const auto& a : args) r.check_defined(a, pos);
  std::string full = type_name(self) + "." + name + "()";
  if (self.is_dict()) {
    if (name == "items") {
      std::vector<Value> out;
      for (const auto& [k, v] : self.entries()) out.push_back(Value::tuple({Value(k), v}));
      return Value::list(std::move(out));
    }
    if (name == "keys") {
      std::vector<Value> out;
      for (const auto& e : self.entries()) out.emplace_back(e.first);
      return Value::list(std::move(out));
    }
    if (name == "values") {
      std::vector<Value> out;
      for (const auto& e : self.entries()) out.push_back(e.second);
      return Value::list(std::move(out));
    }
    if (name == "get") {
      const Value* k = arg(0, "key");
      if (!k) r.fail(pos, "get expected at least 1 argument, got 0");
      if (k->is_string())
        if (const Value* v = self.find(k->as_string())) return *v;
      const Value* d = arg(1, "default");
      return d ? *d : Value::none();
    }
    if (name == "copy") return self;
  } else if (self.is_list()) {
    if (name == "count") {
      const Value* x = arg(0, "value");
      if (!x) r.fail(pos, "count() takes exactly one argument (0 given)");
      std::int64_t n = 0;
      for (const auto& v : self.items())
        if (equal(v, *x)) ++n;
      return Value(n);
    }
    if (name == "index") {
      const Value* x = arg(0, "value");
      if (!x) r.fail(pos, "index expected at least 1 argument, got 0");
      for (std::size_t i = 0; i < self.size(); ++i)
        if (equal(self.at(i), *x)) return Value(static_cast<std::int64_t>(i));
      r.fail(pos, to_repr(*x) + " is not in list");
    }
    if (name == "copy") return self;
  } else if (self.is_string()) {
    const std::string& s = self.as_string();
    auto keep = [&](std::string v) { return self.is_safe() ? Value::safe(std::move(v)) : Value(std::move(v)); };
    if (name == "upper") return keep(py_upper(s));
    if (name == "lower" || name == "casefold") return keep(py_lower(s));
    if (name == "title") return keep(py_str_title(s));
    if (name == "capitalize") return keep(py_capitalize(s));
    if (name == "swapcase") return keep(py_swapcase(s));
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
      const Value* c = arg(0, "chars");
      const std::string* chars = (c && !c->is_none()) ? &need_str(c, "chars") : nullptr;
      return keep(std::string(py_strip(s, chars, name != "rstrip", name != "lstrip")));
    }
    if (name == "startswith" || name == "endswith") {
      const Value* p = arg(0, "prefix");
      if (!p) r.fail(pos, name + "() takes at least 1 argument (0 given)");
      std::vector<Value> options = p->is_tuple() ? p->items() : std::vector<Value>{*p};
      for (const auto& o : options) {
        const std::string& x = need_str(&o, name == "startswith" ? "prefix" : "suffix");
        if (name == "startswith" ? text::starts_with(s, x) : text::ends_with(s, x)) return Value(true);
      }
      return Value(false);
    }
    if (name == "split" || name == "rsplit") {
      const Value* sep = arg(0, "sep");
      const Value* maxs = arg(1, "maxsplit");
      const std::string* sp = (sep && !sep->is_none()) ? &need_str(sep, "sep") : nullptr;
      if (sp && sp->empty()) r.fail(pos, "empty separator");
      std::int64_t m = maxs ? maxs->as_int() : -1;
      std::vector<std::string> parts;
      if (name == "rsplit" && m >= 0) {
        // split from the right: reverse-split by searching backwards
        std::vector<std::string> all = py_split(s, sp, -1);
        if (sp && static_cast<std::int64_t>(all.size()) > m + 1) {
          std::size_t head = all.size() - static_cast<std::size_t>(m);
          std::string first;
          for (std::size_t k = 0; k < head; ++k) first += (k ? *sp : "") + all[k];
          parts.push_back(first);
          for (std::size_t k = head; k < all.size(); ++k) parts.push_back(all[k]);
        } else {
          parts = py_split(s, sp, m);
        }
      } else {
        parts = py_split(s, sp, m);
      }
      std::vector<Value> out;
      for (auto& p : parts) out.push_back(keep(std::move(p)));
      return Value::list(std::move(out));
    }
    if (name == "splitlines") {
      std::vector<Value> out;
      std::size_t start = 0;
      for (std::size_t k = 0; k < s.size(); ++k) {
        if (s[k] == '\n' || s[k] == '\r') {
          out.push_back(keep(s.substr(start, k - start)));
          if (s[k] == '\r' && k + 1 < s.size() && s[k + 1] == '\n') ++k;
          start = k + 1;
        }
      }
      if (start < s.size()) out.push_back(keep(s.substr(start)));
      return Value::list(std::move(out));
    }
    if (name == "replace") {
      const Value* a = arg(0, "old");
      const Value* b = arg(1, "new");
      const Value* c = arg(2, "count");
      return keep(py_replace(s, need_str(a, "old"), need_str(b, "new"), c ? c->as_int() : -1));
    }
    if (name == "count") return Value(static_cast<std::int64_t>([&] {
      const std::string& x = need_str(arg(0, "x"), "x");
      if (x.empty()) return count_code_points(s) + 1;
      std::size_t n = 0, p = 0;
      while ((p = s.find(x, p)) != std::string::npos) {
        ++n;
        p += x.size();
      }
      return n;
    }()));
    if (name == "find" || name == "index" || name == "rfind" || name == "rindex") {
      const std::string& x = need_str(arg(0, "sub"), "sub");
      std::size_t k = (name[0] == 'r') ? s.rfind(x) : s.find(x);
      if (k == std::string::npos) {
        if (name.find("index") != std::string::npos) r.fail(pos, "substring not found");
        return Value(-1);
      }
      return Value(static_cast<std::int64_t>(count_code_points(std::string_view(s).substr(0, k))));
    }
    if (name == "join") {
      const Value* it = arg(0, "iterable");
      if (!it) r.fail(pos, "join() takes exactly one argument (0 given)");
      std::string out;
      bool first = true;
      for (const auto& v : r.iterate(*it, pos)) {
        if (!v.is_string()) r.fail(pos, "sequence item: expected str instance, " + type_name(v) + " found");
        if (!first) out += s;
        first = false;
        out += v.as_string();
      }
      return Value(std::move(out));
    }
    if (name == "isdigit" || name == "isdecimal" || name == "isnumeric" || name == "isalpha" || name == "isalnum" ||
        name == "isspace") {
      if (s.empty()) return Value(false);
      std::size_t k = 0;
      while (k < s.size()) {
        std::int32_t c = next_code_point(s, k);
        bool ok;
        if (name == "isspace") ok = py_isspace_cp(c);
        else if (name == "isalpha") ok = c >= 0 && u_isalpha(c);
        else if (name == "isalnum") ok = c >= 0 && (u_isalpha(c) || u_isdigit(c));
        else ok = c >= 0 && u_isdigit(c);
        if (!ok) return Value(false);
      }
      return Value(true);
    }
    if (name == "isupper") return Value(py_isupper(s));
    if (name == "islower") return Value(py_islower(s));
    if (name == "zfill" || name == "ljust" || name == "rjust" || name == "center") {
      const Value* w = arg(0, "width");
      if (!w || !integral(*w)) r.fail(pos, name + "() takes an integer width");
      std::size_t n = count_code_points(s);
      std::int64_t width = std::min<std::int64_t>(w->as_int(), 100000);
      if (width <= static_cast<std::int64_t>(n)) return self;
      std::size_t fill = static_cast<std::size_t>(width) - n;
      if (name == "zfill") {
        std::string body = s;
        std::string sign;
        if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
          sign = body.substr(0, 1);
          body = body.substr(1);
        }
        return keep(sign + std::string(fill, '0') + body);
      }
      std::string f = " ";
      if (const Value* fc = arg(1, "fillchar")) f = need_str(fc, "fillchar");
      auto rep = [&](std::size_t k) {
        std::string o;
        for (std::size_t j = 0; j < k; ++j) o += f;
        return o;
      };
      if (name == "ljust") return keep(s + rep(fill));
      if (name == "rjust") return keep(rep(fill) + s);
      std::size_t left = fill / 2 + (fill & static_cast<std::size_t>(width) & 1);  // CPython's rule
      return keep(rep(left) + s + rep(fill - left));
    }
    if (name == "removeprefix") {
      const std::string& p = need_str(arg(0, "prefix"), "prefix");
      return keep(text::starts_with(s, p) ? s.substr(p.size()) : s);
    }
    if (name == "removesuffix") {
      const std::string& p = need_str(arg(0, "suffix"), "suffix");
      return keep(!p.empty() && text::ends_with(s, p) ? s.substr(0, s.size() - p.size()) : s);
    }
    if (name == "format") {
      // only positional "{}" / "{0}" and named "{name}" fields
      std::string out;
      std::size_t auto_idx = 0;
      for (std::size_t k = 0; k < s.size(); ++k) {
        char c = s[k];
        if (c == '{' && k + 1 < s.size() && s[k + 1] == '{') {
          out += '{';
          ++k;
        } else if (c == '}' && k + 1 < s.size() && s[k + 1] == '}') {
          out += '}';
          ++k;
        } else if (c == '{') {
          std::size_t close = s.find('}', k);
          if (close == std::string::npos) r.fail(pos, "single '{' encountered in format string");
          std::string field = s.substr(k + 1, close - k - 1);
          if (field.find_first_of(":!.[") != std::string::npos)
            r.fail(pos, "format specs in str.format() are not supported; use the format filter");
          const Value* v = nullptr;
          if (field.empty()) v = arg(auto_idx++, "\x01");
          else if (std::isdigit(static_cast<unsigned char>(field[0]))) v = arg(std::stoul(field), "\x01");
          else v = arg(static_cast<std::size_t>(-1), field);
          if (!v) r.fail(pos, "missing value for format field '{" + field + "}'");
          out += r.str(*v, pos);
          k = close;
        } else {
          out += c;
        }
      }
      return Value(std::move(out));
    }
  }
  r.fail(pos, full + " is not supported in templates");
}

}  // namespace

Value bound_method(const Value& obj, std::string_view name) {
  bool known = false;
  if (obj.is_dict()) known = among(kDictMethods, name);
  else if (obj.is_list()) known = !obj.is_tuple() ? among(kListMethods, name) : (name == "count" || name == "index");
  else if (obj.is_string()) known = among(kStrMethods, name);
  if (!known) return Value();
  auto m = std::make_shared<BoundMethod>();
  m->self = obj;
  m->name = std::string(name);
  return Value::callable(std::move(m));
}

}  // namespace mb::tmpl
