#include "config/yaml_json.hpp"

#include <charconv>
#include <set>

#include <yaml-cpp/yaml.h>

#include "base/text.hpp"

namespace mb::config {

SourcePos YamlDoc::pos(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    auto it = positions.find(p);
    if (it != positions.end()) return it->second;
    if (p.empty()) return {};
    auto slash = p.rfind('/');
    p = (slash == std::string::npos) ? std::string() : p.substr(0, slash);
  }
}

namespace {

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

nlohmann::ordered_json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  // integers: [-+]?[0-9]+ (no leading zeros beyond "0", so "0123" stays text)
  {
    std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    bool digits = i < s.size();
    for (std::size_t k = i; k < s.size(); ++k)
      if (s[k] < '0' || s[k] > '9') digits = false;
    if (digits && !(s.size() - i > 1 && s[i] == '0')) {
      long long v = 0;
      const char* b = s.data() + (s[0] == '+' ? 1 : 0);
      auto r = std::from_chars(b, s.data() + s.size(), v);
      if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return v;
      return s;  // overflow: keep the text, never a wrong number
    }
  }
  // floats: digits with one '.' or an exponent
  {
    bool has_digit = false, ok = true;
    int dots = 0;
    for (std::size_t k = 0; k < s.size(); ++k) {
      char c = s[k];
      if (c >= '0' && c <= '9') has_digit = true;
      else if (c == '.') ++dots;
      else if ((c == '-' || c == '+') && (k == 0 || s[k - 1] == 'e' || s[k - 1] == 'E')) {
      } else if (c == 'e' || c == 'E') {
      } else ok = false;
    }
    if (ok && has_digit && dots <= 1 && (dots == 1 || s.find_first_of("eE") != std::string::npos)) {
      double v = 0;
      auto r = std::from_chars(s.data() + (s[0] == '+' ? 1 : 0), s.data() + s.size(), v);
      if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return v;
    }
  }
  return s;
}

struct Converter {
  const std::string& path;
  int line_offset;
  YamlDoc& doc;
  Diagnostics& diags;
  int max_depth = 100;
  int depth = 0;
  bool ok = true;

  SourcePos at(const YAML::Mark& m) const { return {m.line + 1 + line_offset, m.column + 1}; }

  void fail(const YAML::Mark& m, std::string msg) {
    auto p = at(m);
    diags.error(path, p.line, p.col, std::move(msg));
    ok = false;
  }

  nlohmann::ordered_json convert(const YAML::Node& n, const std::string& pointer) {
    doc.positions[pointer] = at(n.Mark());
    if (++depth > max_depth) {
      fail(n.Mark(), "YAML nested too deeply (more than " + std::to_string(max_depth) + " levels; limits.nesting)");
      --depth;
      return nullptr;
    }
    nlohmann::ordered_json out;
    switch (n.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        out = nullptr;
        break;
      case YAML::NodeType::Scalar: {
        std::string s = n.Scalar();
        if (auto bad = text::invalid_utf8_offset(s); bad != text::npos) {
          fail(n.Mark(), "invalid UTF-8 in value");
          s.clear();
        }
        for (char ch : s) {  // escapes such as "\x01" or "\e": never text, and ill-formed in XML feeds
          unsigned char c = static_cast<unsigned char>(ch);
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            fail(n.Mark(), "control character in value");
            s.clear();
            break;
          }
        }
        s = text::nfc(s, true);
        out = (n.Tag() == "!") ? nlohmann::ordered_json(s) : plain_scalar(s);
        break;
      }
      case YAML::NodeType::Sequence: {
        out = nlohmann::ordered_json::array();
        std::size_t i = 0;
        for (const auto& item : n) out.push_back(convert(item, pointer + "/" + std::to_string(i++)));
        break;
      }
      case YAML::NodeType::Map: {
        out = nlohmann::ordered_json::object();
        std::set<std::string> seen;
        for (const auto& kv : n) {
          if (!kv.first.IsScalar()) {
            fail(kv.first.Mark(), "mapping keys must be plain text");
            continue;
          }
          std::string key = text::nfc(kv.first.Scalar());
          if (!seen.insert(key).second) {
            fail(kv.first.Mark(), "duplicate key '" + key + "'");
            continue;
          }
          std::string ptr = pointer + "/" + escape_pointer(key);
          out[key] = convert(kv.second, ptr);
          doc.positions[ptr + "#key"] = at(kv.first.Mark());
        }
        break;
      }
    }
    --depth;
    return out;
  }
};

}  // namespace

bool parse_simple_yaml(std::string_view text, int line_offset, YamlDoc& out);

namespace {
bool parse_yaml_general(std::string_view text, const std::string& path, int line_offset, YamlDoc& out,
                        Diagnostics& diags, bool fast, int max_depth) {
  if (auto bad = text::invalid_utf8_offset(text); bad != text::npos) {
    auto p = position_of(text, bad);
    diags.error(path, p.line + line_offset, p.col, "invalid UTF-8 byte sequence (save the file as UTF-8)");
    return false;
  }
  if (text.find("\n&") != std::string_view::npos || text.find(": &") != std::string_view::npos ||
      text.find(": *") != std::string_view::npos) {
    // anchors and aliases allow "billion laughs" expansion; they are not needed here
    std::size_t off = text.find(": &");
    if (off == std::string_view::npos) off = text.find(": *");
    if (off == std::string_view::npos) off = text.find("\n&") + 1;
    else off += 2;
    auto p = position_of(text, off);
    diags.error(path, p.line + line_offset, p.col, "YAML anchors and aliases (& and *) are not supported");
    return false;
  }
  if (fast) {
    YamlDoc simple;
    if (parse_simple_yaml(text, line_offset, simple)) {
      out = std::move(simple);
      return true;
    }
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    int line = e.mark.is_null() ? 0 : e.mark.line + 1 + line_offset;
    int col = e.mark.is_null() ? 0 : e.mark.column + 1;
    diags.error(path, line, col, "invalid YAML: " + e.msg);
    return false;
  }
  Converter c{path, line_offset, out, diags, max_depth};
  try {
    out.value = c.convert(root, "");
  } catch (const YAML::Exception& e) {
    diags.error(path, 0, 0, "invalid YAML: " + e.msg);
    return false;
  }
  if (out.value.is_null()) out.value = nlohmann::ordered_json::object();
  return c.ok;
}
}  // namespace

// ---- fast path -------------------------------------------------------------

namespace {

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Characters that may not start a plain scalar here (YAML indicators; '-',
// '?' and ':' could start one when a non-space follows, but that is rare).
bool is_indicator(char c) {
  switch (c) {
    case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#': case '&': case '*':
    case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
      return true;
    default:
      return false;
  }
}

// "-7", "-x": a '-' followed by a non-space starts a plain scalar.
bool starts_negative(std::string_view s) { return s.size() >= 2 && s[0] == '-' && s[1] != ' '; }

// After a closing quote or bracket: only spaces, then optionally " # comment".
bool rest_is_blank(std::string_view rest) {
  std::size_t i = 0;
  while (i < rest.size() && rest[i] == ' ') ++i;
  return i == rest.size() || (i > 0 && rest[i] == '#');
}

// A quoted scalar starting at line[i] ('"' or '\''); sets `end` past the
// closing quote. False when it holds what the fast path does not decode.
bool quoted(std::string_view line, std::size_t i, std::string& out, std::size_t& end) {
  char q = line[i];
  std::size_t close = line.find(q, i + 1);
  if (close == std::string_view::npos) return false;
  std::string_view body = line.substr(i + 1, close - i - 1);
  if (q == '"' && body.find('\\') != std::string_view::npos) return false;
  if (q == '\'' && close + 1 < line.size() && line[close + 1] == '\'') return false;  // '' escape
  out.assign(body);
  end = close + 1;
  return true;
}

}  // namespace

bool parse_simple_yaml(std::string_view text, int line_offset, YamlDoc& out) {
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return false;  // tabs, CR, controls
  if (text::starts_with(text, "\xEF\xBB\xBF")) return false;
  out.value = nlohmann::ordered_json::object();
  out.positions.clear();
  auto mark = [&](std::size_t line, std::size_t col) { return SourcePos{static_cast<int>(line) + 1 + line_offset, static_cast<int>(col) + 1}; };
  auto scalar = [](std::string s, bool plain) -> nlohmann::ordered_json {
    s = text::nfc(s, true);  // the whole text was checked
    return plain ? plain_scalar(s) : nlohmann::ordered_json(s);
  };
  std::size_t pos = 0, line_no = 0;
  bool any = false;
  for (; pos <= text.size(); ++line_no) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(' ') == std::string_view::npos) continue;
    if (line[0] == ' ') return false;  // indentation: nested values or continued scalars
    // key
    std::size_t k = 0;
    while (k < line.size() && is_key_char(line[k])) ++k;
    if (k == 0 || k >= line.size() || line[k] != ':' || line[0] == '-') return false;
    if (k + 1 < line.size() && line[k + 1] != ' ') return false;
    std::string key(line.substr(0, k));
    std::size_t v = k + 1;
    while (v < line.size() && line[v] == ' ') ++v;
    if (v >= line.size() || line[v] == '#') return false;  // empty value (null or a nested block)
    if (out.value.contains(key)) return false;              // duplicate: yaml-cpp's path reports it
    std::string ptr = "/" + escape_pointer(key);
    if (!any) out.positions[""] = mark(line_no, 0);
    any = true;
    out.positions[ptr + "#key"] = mark(line_no, 0);
    out.positions[ptr] = mark(line_no, v);
    char c = line[v];
    if (c == '"' || c == '\'') {
      std::string s;
      std::size_t end;
      if (!quoted(line, v, s, end) || !rest_is_blank(line.substr(end))) return false;
      out.value[key] = scalar(std::move(s), false);
    } else if (c == '[') {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      std::size_t i = v + 1;
      while (i < line.size() && line[i] == ' ') ++i;
      if (i < line.size() && line[i] == ']') {
        ++i;
      } else {
        for (std::size_t n = 0;; ++n) {
          while (i < line.size() && line[i] == ' ') ++i;
          if (i >= line.size()) return false;  // a list continued on the next line
          std::string item_ptr = ptr + "/" + std::to_string(n);
          out.positions[item_ptr] = mark(line_no, i);
          if (line[i] == '"' || line[i] == '\'') {
            std::string s;
            std::size_t end;
            if (!quoted(line, i, s, end)) return false;
            list.push_back(scalar(std::move(s), false));
            i = end;
          } else {
            if (is_indicator(line[i]) && !starts_negative(line.substr(i))) return false;
            std::size_t e = i;
            while (e < line.size() && line[e] != ',' && line[e] != ']') {
              char d = line[e];
              if (d == '[' || d == '{' || d == '}' || d == '#' || d == ':') return false;
              ++e;
            }
            std::size_t t = e;
            while (t > i && line[t - 1] == ' ') --t;
            list.push_back(scalar(std::string(line.substr(i, t - i)), true));
            i = e;
          }
          while (i < line.size() && line[i] == ' ') ++i;
          if (i >= line.size()) return false;
          if (line[i] == ']') {
            ++i;
            break;
          }
          if (line[i] != ',') return false;
          ++i;
          while (i < line.size() && line[i] == ' ') ++i;
          if (i < line.size() && line[i] == ']') return false;  // trailing comma
        }
      }
      if (!rest_is_blank(line.substr(i))) return false;
      out.value[key] = std::move(list);
    } else {
      if (is_indicator(c) && !starts_negative(line.substr(v))) return false;
      std::string_view val = line.substr(v);
      if (auto h = val.find(" #"); h != std::string_view::npos) val = val.substr(0, h);
      while (!val.empty() && val.back() == ' ') val.remove_suffix(1);
      if (val.find(": ") != std::string_view::npos || val.back() == ':') return false;
      out.value[key] = scalar(std::string(val), true);
    }
  }
  return any;
}

bool parse_yaml(std::string_view text, const std::string& path, int line_offset, YamlDoc& out,
                Diagnostics& diags, int max_depth) {
  return parse_yaml_general(text, path, line_offset, out, diags, true, max_depth);
}

bool parse_yaml_general(std::string_view text, const std::string& path, int line_offset, YamlDoc& out,
                        Diagnostics& diags) {
  return parse_yaml_general(text, path, line_offset, out, diags, false, 100);
}

}  // namespace mb::config
