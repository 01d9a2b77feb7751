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
        s = text::nfc(s);
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

bool parse_yaml(std::string_view text, const std::string& path, int line_offset, YamlDoc& out,
                Diagnostics& diags, int max_depth) {
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

}  // namespace mb::config
