// The tojson filter: Python's json.dumps (sort_keys=True, as Jinja2's default
// policy) made safe for HTML like Jinja2's htmlsafe_json_dumps.
#include <cmath>
#include <cstdio>

#include "tmpl/filters.hpp"
#include "tmpl/strings.hpp"

namespace mb::tmpl {

namespace {

void append_u(std::string& out, unsigned v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u%04x", v);
  out += buf;
}

// ensure_ascii=True string encoding, then < > & ' as \u003c etc.
void json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    std::int32_t c = next_code_point(s, i);
    if (c < 0) c = 0xFFFD;
    (void)start;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      case '\'': out += "\\u0027"; break;
      default:
        if (c < 0x20 || c > 0x7e) {
          if (c >= 0x10000) {
            unsigned v = static_cast<unsigned>(c) - 0x10000;
            append_u(out, 0xD800 + (v >> 10));
            append_u(out, 0xDC00 + (v & 0x3FF));
          } else {
            append_u(out, static_cast<unsigned>(c));
          }
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void dump(Call& c, std::string& out, const Value& v, int indent, int level) {
  if (level > 200) c.r.fail(c.pos, "tojson: value nested too deeply");
  auto newline = [&](int lv) {
    out += '\n';
    out.append(static_cast<std::size_t>(indent * lv), ' ');
  };
  using K = Value::Kind;
  switch (v.kind()) {
    case K::undefined: c.r.check_defined(v, c.pos); return;
    case K::none: out += "null"; return;
    case K::boolean: out += v.as_bool() ? "true" : "false"; return;
    case K::integer: out += std::to_string(v.as_int()); return;
    case K::floating: {
      double d = v.as_number();
      if (std::isnan(d)) out += "NaN";
      else if (std::isinf(d)) out += d > 0 ? "Infinity" : "-Infinity";
      else out += float_repr(d);
      return;
    }
    case K::string: json_string(out, v.as_string()); return;
    case K::list: {
      if (v.size() == 0) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& it : v.items()) {
        if (!first) out += indent >= 0 ? "," : ", ";
        first = false;
        if (indent >= 0) newline(level + 1);
        dump(c, out, it, indent, level + 1);
      }
      if (indent >= 0) newline(level);
      out += ']';
      return;
    }
    case K::dict: {
      if (v.size() == 0) {
        out += "{}";
        return;
      }
      std::vector<const std::pair<std::string, Value>*> entries;
      for (const auto& e : v.entries()) entries.push_back(&e);
      std::stable_sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
      out += '{';
      bool first = true;
      for (const auto* e : entries) {
        if (!first) out += indent >= 0 ? "," : ", ";
        first = false;
        if (indent >= 0) newline(level + 1);
        json_string(out, e->first);
        out += ": ";
        dump(c, out, e->second, indent, level + 1);
      }
      if (indent >= 0) newline(level);
      out += '}';
      return;
    }
    case K::callable: c.r.fail(c.pos, "Object of type " + type_name(v) + " is not JSON serializable");
  }
}

}  // namespace

Value f_tojson(Call& c) {
  c.expect({"indent"});
  Value ind = c.arg(0, "indent", Value::none());
  int indent = -1;
  if (ind.is_int()) indent = static_cast<int>(std::clamp<std::int64_t>(ind.as_int(), 0, 64));
  else if (!ind.is_none()) c.fail("indent must be an integer");
  std::string out;
  dump(c, out, c.self, indent, 0);
  return Value::safe(std::move(out));
}

}  // namespace mb::tmpl
