#include "data/fields.hpp"

#include <cctype>
#include <cmath>
#include <limits>

namespace mb::data::detail {

Fields::Fields(const Document& doc, Diagnostics& diags, const Json& value, std::string pointer, std::string what,
               const std::vector<std::string>& allowed)
    : doc_(doc), diags_(diags), v_(&value), ptr_(std::move(pointer)), what_(std::move(what)), ok_(value.is_object()) {
  if (!ok_) {
    doc_.error(diags_, ptr_, what_ + " must be an object, not " + json::describe(value));
    return;
  }
  for (const auto& [key, _] : value.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    error_key(key, "unknown field '" + key + "' in " + what_, suggest(key, allowed));
  }
}

const Json* Fields::get(const std::string& key) const {
  if (!ok_) return nullptr;
  auto it = v_->find(key);
  return it == v_->end() ? nullptr : &*it;
}

void Fields::error(const std::string& key, std::string message, std::vector<std::string> notes) const {
  doc_.error(diags_, key.empty() ? ptr_ : at(key), std::move(message), std::move(notes));
}

void Fields::error_key(const std::string& key, std::string message, std::vector<std::string> notes) const {
  doc_.error(diags_, at(key), std::move(message), std::move(notes), true);
}

void Fields::missing(const std::string& key) const {
  doc_.error(diags_, ptr_, "missing required field '" + key + "' in " + what_);
}

bool Fields::present(const std::string& key, bool required, const Json*& v) const {
  v = get(key);
  if (v) return true;
  if (required && ok_) missing(key);
  return false;
}

bool Fields::expect(const std::string& key, const Json& v, bool ok, const char* type) const {
  if (!ok) error(key, "'" + key + "' must be " + type + ", not " + json::describe(v));
  return ok;
}

bool Fields::str(const std::string& key, std::string& out, bool required) {
  const Json* v;
  if (!present(key, required, v) || !expect(key, *v, v->is_string(), "a string")) return false;
  const auto& s = v->get_ref<const std::string&>();
  if (s.empty() || std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; })) {
    error(key, "'" + key + "' must not be empty");
    return false;
  }
  out = s;
  return true;
}

bool Fields::number(const std::string& key, std::optional<double>& out, bool required) {
  const Json* v;
  if (!present(key, required, v) || !expect(key, *v, v->is_number(), "a number")) return false;
  out = v->get<double>();
  return true;
}

bool Fields::integer(const std::string& key, std::optional<int>& out, bool required) {
  const Json* v;
  if (!present(key, required, v) || !expect(key, *v, v->is_number(), "an integer")) return false;
  double d = v->get<double>();
  if (!v->is_number_integer() && !v->is_number_unsigned()) {
    error(key, "'" + key + "' must be an integer, not " + json::format_number(d));
    return false;
  }
  if (d < std::numeric_limits<int>::min() || d > std::numeric_limits<int>::max()) {
    error(key, "'" + key + "' is out of range: " + json::format_number(d));
    return false;
  }
  out = static_cast<int>(v->get<long long>());
  return true;
}

bool Fields::boolean(const std::string& key, bool& out, bool required) {
  const Json* v;
  if (!present(key, required, v) || !expect(key, *v, v->is_boolean(), "true or false")) return false;
  out = v->get<bool>();
  return true;
}

bool Fields::date(const std::string& key, Date& out, bool required) {
  std::string s;
  if (!str(key, s, required)) return false;
  auto d = parse_date(s);
  if (!d) {
    bool shaped = s.size() == 10 && s[4] == '-' && s[7] == '-';
    error(key, "invalid date '" + s + "'" + (shaped ? ": no such day" : ": expected YYYY-MM-DD"));
    return false;
  }
  out = *d;
  return true;
}

std::string url_problem(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '\\' || c == '"' || c == '<' || c == '>')
      return "a link must not hold spaces, control characters, backslashes, quotes or angle brackets";
  auto lower_prefix = [&](std::string_view p) {
    if (s.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(s[i])) != p[i]) return false;
    return true;
  };
  if (lower_prefix("https://") || lower_prefix("http://")) {
    std::size_t host = s.find("://") + 3;
    if (host >= s.size() || s[host] == '/') return "a link needs a host after the scheme";
    return "";
  }
  if (s.rfind("//", 0) == 0) return "write the scheme (https://) in front of a link to another site";
  std::size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(s[0])) &&
      s.substr(0, colon).find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") ==
          std::string_view::npos)
    return "the scheme '" + std::string(s.substr(0, colon + 1)) + "' is not allowed (use http://, https:// or a site path)";
  if (s.empty() || s[0] != '/') return "a link must start with http://, https:// or '/'";
  return "";
}

bool Fields::url(const std::string& key, std::string& out, bool required) {
  std::string s;
  if (!str(key, s, required)) return false;
  if (std::string why = url_problem(s); !why.empty()) {
    std::string shown;
    for (std::size_t i = 0; i < s.size() && i < 60; ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x20 || c == 0x7f) shown += "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
      else shown += s[i];
    }
    if (s.size() > 60) {
      while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.pop_back();
      if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.pop_back();
      shown += "…";
    }
    error(key, "unsafe link '" + shown + "': " + why);
    return false;
  }
  out = std::move(s);
  return true;
}

bool Fields::strings(const std::string& key, std::vector<std::string>& out, bool required) {
  const Json* v;
  if (!present(key, required, v) || !expect(key, *v, v->is_array(), "an array of strings")) return false;
  bool ok = true;
  out.clear();
  for (std::size_t i = 0; i < v->size(); ++i) {
    const Json& item = (*v)[i];
    std::string p = json::pointer_append(at(key), i);
    if (!item.is_string()) {
      doc_.error(diags_, p, "each item of '" + key + "' must be a string, not " + json::describe(item));
      ok = false;
    } else if (item.get_ref<const std::string&>().empty()) {
      doc_.error(diags_, p, "items of '" + key + "' must not be empty");
      ok = false;
    } else {
      out.push_back(item.get<std::string>());
    }
  }
  return ok;
}

bool Fields::one_or_more(const std::string& key, std::vector<std::string>& out, bool required) {
  const Json* v;
  if (!present(key, required, v)) return false;
  if (v->is_string()) {
    std::string s;
    if (!str(key, s, true)) return false;
    out = {s};
    return true;
  }
  if (!expect(key, *v, v->is_array(), "a string or an array of strings")) return false;
  if (v->empty()) {
    error(key, "'" + key + "' must not be empty");
    return false;
  }
  return strings(key, out, true);
}

const Json* Fields::object(const std::string& key, bool required) {
  const Json* v;
  if (!present(key, required, v) || !expect(key, *v, v->is_object(), "an object")) return nullptr;
  return v;
}

const Json* Fields::array(const std::string& key, bool required) {
  const Json* v;
  if (!present(key, required, v) || !expect(key, *v, v->is_array(), "an array")) return nullptr;
  return v;
}

bool read_source(Fields& f, const std::string& key, SourceRef& out, bool required) {
  const Json* v = f.object(key, required);
  if (!v) return false;
  Fields s(f.doc(), f.diags(), *v, f.at(key), "source", {"name", "url", "ref"});
  bool ok = s.str("name", out.name, true);
  s.url("url", out.url, false);
  s.str("ref", out.ref, false);
  return ok;
}

bool is_slug(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  char prev = 0;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

bool is_local_id(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_';
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string n = nearest(word, candidates);
  if (n.empty()) return {};
  return {"did you mean '" + n + "'?"};
}

std::vector<std::string> kpi_ids(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& s : plan.sections)
    for (const auto& k : s.kpis) out.push_back(k.id);
  return out;
}

std::string first_defined(const Origin& o) {
  return "first defined at " + o.path + ":" + std::to_string(o.pos.line) + ":" + std::to_string(o.pos.col);
}

}  // namespace mb::data::detail
