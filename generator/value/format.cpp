// Printing values as Python does (str() and repr()), and JSON conversion.
#include <charconv>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "value/value.hpp"

namespace mb {

namespace {
// Containers deeper than this print as "[...]" so that hostile data cannot
// exhaust the stack.
constexpr int kMaxPrintDepth = 200;

void append_repr(std::string& out, const Value& v, int depth);

// Python's str.isprintable() for one non-ASCII code point.
bool printable(UChar32 c) {
  switch (u_charType(c)) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_SURROGATE:
    case U_PRIVATE_USE_CHAR:
    case U_UNASSIGNED:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_SPACE_SEPARATOR: return false;
    default: return true;
  }
}

void append_hex(std::string& out, const char* prefix, unsigned value, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%0*x", prefix, digits, value);
  out += buf;
}

void append_display_depth(std::string& out, const Value& v, int depth) {
  using K = Value::Kind;
  switch (v.kind()) {
    case K::undefined: return;
    case K::string: out += v.as_string(); return;
    default: append_repr(out, v, depth);
  }
}

void append_repr(std::string& out, const Value& v, int depth) {
  using K = Value::Kind;
  switch (v.kind()) {
    case K::undefined: out += "Undefined"; return;
    case K::none: out += "None"; return;
    case K::boolean: out += v.as_bool() ? "True" : "False"; return;
    case K::integer: {
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out.append(buf, r.ptr);
      return;
    }
    case K::floating: out += float_repr(v.as_number()); return;
    case K::string:
      if (v.is_safe()) {
        out += "Markup(";
        append_string_repr(out, v.as_string());
        out += ')';
      } else {
        append_string_repr(out, v.as_string());
      }
      return;
    case K::list: {
      bool tuple = v.is_tuple();
      out += tuple ? '(' : '[';
      if (depth >= kMaxPrintDepth) {
        out += "...";
      } else {
        bool first = true;
        for (const auto& it : v.items()) {
          if (!first) out += ", ";
          first = false;
          append_repr(out, it, depth + 1);
        }
        if (tuple && v.size() == 1) out += ',';
      }
      out += tuple ? ')' : ']';
      return;
    }
    case K::dict: {
      out += '{';
      if (depth >= kMaxPrintDepth) {
        out += "...";
      } else {
        bool first = true;
        for (const auto& e : v.entries()) {
          if (!first) out += ", ";
          first = false;
          append_string_repr(out, e.first);
          out += ": ";
          append_repr(out, e.second, depth + 1);
        }
      }
      out += '}';
      return;
    }
    case K::callable: out += v.as_callable()->repr(); return;
  }
}
}  // namespace

void append_string_repr(std::string& out, std::string_view s) {
  char quote = '\'';
  if (s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos) quote = '"';
  out += quote;
  std::int32_t i = 0, n = static_cast<std::int32_t>(s.size());
  while (i < n) {
    std::int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) {  // invalid byte: Python would have rejected it; show it escaped
      append_hex(out, "\\x", static_cast<unsigned char>(s[start]), 2);
      continue;
    }
    if (c == quote || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      append_hex(out, "\\x", static_cast<unsigned>(c), 2);
    } else if (c < 0x7f || printable(c)) {
      out.append(s.data() + start, static_cast<std::size_t>(i - start));
    } else if (c <= 0xff) {
      append_hex(out, "\\x", static_cast<unsigned>(c), 2);
    } else if (c <= 0xffff) {
      append_hex(out, "\\u", static_cast<unsigned>(c), 4);
    } else {
      append_hex(out, "\\U", static_cast<unsigned>(c), 8);
    }
  }
  out += quote;
}

std::string float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
  std::string out;
  if (!sci.empty() && sci[0] == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  std::size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits += c;
  int exp = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp);
  int decpt = exp + 1;  // value = 0.DIGITS × 10^decpt
  int nd = static_cast<int>(digits.size());
  if (decpt > 16 || decpt <= -4) {
    out += digits[0];
    if (nd > 1) {
      out += '.';
      out.append(digits, 1, std::string::npos);
    }
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    out += eb;
  } else if (decpt <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-decpt), '0');
    out += digits;
  } else if (decpt >= nd) {
    out += digits;
    out.append(static_cast<std::size_t>(decpt - nd), '0');
    out += ".0";
  } else {
    out.append(digits, 0, static_cast<std::size_t>(decpt));
    out += '.';
    out.append(digits, static_cast<std::size_t>(decpt), std::string::npos);
  }
  return out;
}

void append_display(std::string& out, const Value& v) { append_display_depth(out, v, 0); }

std::string to_display(const Value& v) {
  if (v.is_string()) return v.as_string();
  std::string out;
  append_display_depth(out, v, 0);
  return out;
}

std::string to_repr(const Value& v) {
  std::string out;
  append_repr(out, v, 0);
  return out;
}

// ---------------------------------------------------------------------------
// JSON

Value from_json(const nlohmann::ordered_json& j) {
  using T = nlohmann::ordered_json::value_t;
  switch (j.type()) {
    case T::null: return Value::none();
    case T::boolean: return Value(j.get<bool>());
    case T::number_integer: return Value(j.get<std::int64_t>());
    case T::number_unsigned: return Value(j.get<std::uint64_t>());
    case T::number_float: return Value(j.get<double>());
    case T::string: return Value(j.get<std::string>());
    case T::array: {
      std::vector<Value> items;
      items.reserve(j.size());
      for (const auto& e : j) items.push_back(from_json(e));
      return Value::list(std::move(items));
    }
    case T::object: {
      Value d = Value::dict();
      d.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), from_json(it.value()));
      return d;
    }
    default: return Value::none();
  }
}

nlohmann::ordered_json to_json(const Value& v) {
  using K = Value::Kind;
  switch (v.kind()) {
    case K::undefined:
    case K::none:
    case K::callable: return nullptr;
    case K::boolean: return v.as_bool();
    case K::integer: return v.as_int();
    case K::floating: {
      double d = v.as_number();
      if (!std::isfinite(d)) return nullptr;
      return d;
    }
    case K::string: return v.as_string();
    case K::list: {
      auto a = nlohmann::ordered_json::array();
      for (const auto& it : v.items()) a.push_back(to_json(it));
      return a;
    }
    case K::dict: {
      auto o = nlohmann::ordered_json::object();
      for (const auto& e : v.entries()) o[e.first] = to_json(e.second);
      return o;
    }
  }
  return nullptr;
}

}  // namespace mb
