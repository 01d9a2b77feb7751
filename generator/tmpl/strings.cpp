#include "tmpl/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/locid.h>
#include <unicode/utf8.h>

namespace mb::tmpl {

std::int32_t next_code_point(std::string_view s, std::size_t& i) {
  std::int32_t pos = static_cast<std::int32_t>(i);
  UChar32 c;
  U8_NEXT(s.data(), pos, static_cast<std::int32_t>(s.size()), c);
  i = static_cast<std::size_t>(pos);
  return c;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    next_code_point(s, i);
    out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::size_t prefix_bytes(std::string_view s, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t k = 0; k < n && i < s.size(); ++k) next_code_point(s, i);
  return i;
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

namespace {
bool ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}
std::string from_unicode(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}
icu::UnicodeString to_unicode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())));
}
}  // namespace

std::string py_upper(std::string_view s) {
  if (ascii(s)) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    return out;
  }
  return from_unicode(to_unicode(s).toUpper(icu::Locale::getRoot()));
}

std::string py_lower(std::string_view s) {
  if (ascii(s)) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
  }
  return from_unicode(to_unicode(s).toLower(icu::Locale::getRoot()));
}

namespace {
std::string title_char(std::string_view cp) {
  std::size_t i = 0;
  std::int32_t c = next_code_point(cp, i);
  if (c < 0) return std::string(cp);
  // Python uses the full titlecase mapping; for one character that is upper
  // case except for digraphs (ǆ → ǅ).
  UChar32 t = u_totitle(c);
  std::string out;
  icu::UnicodeString(t).toUTF8String(out);
  if (t == c) return py_upper(cp);
  return out;
}
}  // namespace

std::string py_capitalize(std::string_view s) {
  if (s.empty()) return {};
  std::size_t i = 0;
  next_code_point(s, i);
  return title_char(s.substr(0, i)) + py_lower(s.substr(i));
}

std::string jinja_title(std::string_view s) {
  // re.split(r"([-\s({\[<]+)", s): alternate words and separators
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    auto is_sep = [&](std::size_t at, std::size_t& next) {
      std::size_t j = at;
      std::int32_t c = next_code_point(s, j);
      next = j;
      return c == '-' || c == '(' || c == '{' || c == '[' || c == '<' || py_isspace_cp(c);
    };
    std::size_t nx;
    if (is_sep(i, nx)) {
      while (i < s.size() && is_sep(i, nx)) i = nx;
      out.append(s.substr(start, i - start));
      continue;
    }
    while (i < s.size() && !is_sep(i, nx)) i = nx;
    std::string_view word = s.substr(start, i - start);
    std::size_t k = 0;
    next_code_point(word, k);
    out += py_upper(word.substr(0, k));
    out += py_lower(word.substr(k));
  }
  return out;
}

std::string py_swapcase(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    std::int32_t c = next_code_point(s, i);
    std::string_view cp = s.substr(start, i - start);
    if (c >= 0 && u_isupper(c)) out += py_lower(cp);
    else if (c >= 0 && u_islower(c)) out += py_upper(cp);
    else out += cp;
  }
  return out;
}

bool py_isspace_cp(std::int32_t c) {
  if (c < 0) return false;
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c == 0x85) return true;
  auto t = u_charType(c);
  if (t == U_SPACE_SEPARATOR || t == U_LINE_SEPARATOR || t == U_PARAGRAPH_SEPARATOR) return true;
  auto bidi = u_charDirection(c);
  return bidi == U_WHITE_SPACE_NEUTRAL || bidi == U_BLOCK_SEPARATOR || bidi == U_SEGMENT_SEPARATOR;
}

bool py_isword_cp(std::int32_t c) {
  if (c < 0) return false;
  if (c < 0x80) return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: return true;
    default: return false;
  }
}

namespace {
// str.isupper()/islower(): at least one cased character and none of the other case.
bool cased_check(std::string_view s, bool upper) {
  bool cased = false;
  std::size_t i = 0;
  while (i < s.size()) {
    std::int32_t c = next_code_point(s, i);
    if (c < 0) continue;
    if (upper ? u_islower(c) : (u_isupper(c) || u_istitle(c))) return false;
    if (upper ? (u_isupper(c) || u_istitle(c)) : u_islower(c)) cased = true;
  }
  return cased;
}
}  // namespace

bool py_isupper(std::string_view s) { return cased_check(s, true); }
bool py_islower(std::string_view s) { return cased_check(s, false); }

std::string_view py_strip(std::string_view s, const std::string* chars, bool left, bool right) {
  auto strippable = [&](std::int32_t c) {
    if (!chars) return py_isspace_cp(c);
    std::size_t i = 0;
    while (i < chars->size())
      if (next_code_point(*chars, i) == c) return true;
    return false;
  };
  if (left) {
    std::size_t i = 0;
    while (i < s.size()) {
      std::size_t j = i;
      if (!strippable(next_code_point(s, j))) break;
      i = j;
    }
    s.remove_prefix(i);
  }
  if (right) {
    while (!s.empty()) {
      std::size_t start = s.size() - 1;
      while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
      std::size_t j = start;
      if (!strippable(next_code_point(s, j))) break;
      s.remove_suffix(s.size() - start);
    }
  }
  return s;
}

std::vector<std::string> py_split(std::string_view s, const std::string* sep, std::int64_t maxsplit) {
  std::vector<std::string> out;
  if (sep) {
    if (sep->empty()) return out;
    std::size_t pos = 0;
    while (maxsplit < 0 || static_cast<std::int64_t>(out.size()) < maxsplit) {
      std::size_t k = s.find(*sep, pos);
      if (k == std::string_view::npos) break;
      out.emplace_back(s.substr(pos, k - pos));
      pos = k + sep->size();
    }
    out.emplace_back(s.substr(pos));
    return out;
  }
  std::size_t i = 0;
  auto skip_space = [&]() {
    while (i < s.size()) {
      std::size_t j = i;
      if (!py_isspace_cp(next_code_point(s, j))) break;
      i = j;
    }
  };
  skip_space();
  while (i < s.size()) {
    if (maxsplit >= 0 && static_cast<std::int64_t>(out.size()) >= maxsplit) {
      std::string_view rest = py_strip(s.substr(i), nullptr, false, true);
      out.emplace_back(rest);
      return out;
    }
    std::size_t start = i;
    while (i < s.size()) {
      std::size_t j = i;
      if (py_isspace_cp(next_code_point(s, j))) break;
      i = j;
    }
    out.emplace_back(s.substr(start, i - start));
    skip_space();
  }
  return out;
}

std::string py_replace(std::string_view s, std::string_view from, std::string_view to, std::int64_t count) {
  std::string out;
  if (from.empty()) {
    // inserts `to` before every character and at the end
    auto cps = code_points(s);
    std::int64_t done = 0;
    for (auto cp : cps) {
      if (count < 0 || done < count) {
        out += to;
        ++done;
      }
      out += cp;
    }
    if (count < 0 || done < count) out += to;
    return out;
  }
  std::size_t pos = 0;
  std::int64_t done = 0;
  while (count < 0 || done < count) {
    std::size_t k = s.find(from, pos);
    if (k == std::string_view::npos) break;
    out.append(s.substr(pos, k - pos));
    out += to;
    pos = k + from.size();
    ++done;
  }
  out.append(s.substr(pos));
  return out;
}

std::string url_quote(std::string_view s, std::string_view safe, bool plus) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-' || c == '~' || (c < 0x80 && safe.find(static_cast<char>(c)) != std::string_view::npos);
    if (ok) {
      out += static_cast<char>(c);
    } else if (plus && c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace mb::tmpl

// ---------------------------------------------------------------------------
// html.unescape

namespace mb::tmpl {
namespace {
struct HtmlEntity {
  const char* name;
  const char* text;
};
#include "tmpl/html_entities.inc"

const char* find_entity(std::string_view name) {
  auto* begin = std::begin(kHtmlEntities);
  auto* end = std::end(kHtmlEntities);
  auto* it = std::lower_bound(begin, end, name, [](const HtmlEntity& e, std::string_view n) { return e.name < n; });
  if (it != end && it->name == name) return it->text;
  return nullptr;
}

}  // namespace

std::string html_unescape(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    std::size_t j = i + 1;
    if (j < s.size() && s[j] == '#') {
      bool hex = j + 1 < s.size() && (s[j + 1] == 'x' || s[j + 1] == 'X');
      std::size_t k = j + (hex ? 2 : 1), start = k;
      std::uint64_t num = 0;
      while (k < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[k])) : std::isdigit(static_cast<unsigned char>(s[k])))) {
        char c = s[k];
        int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c | 0x20) - 'a' + 10;
        num = std::min<std::uint64_t>(num * (hex ? 16 : 10) + static_cast<std::uint64_t>(d), 0x7FFFFFFF);
        ++k;
      }
      if (k == start) {  // not a character reference
        out += s[i++];
        continue;
      }
      if (k < s.size() && s[k] == ';') ++k;
      i = k;
      bool replaced = false;
      for (const auto& [cp, text] : kInvalidCharrefs)
        if (cp == num) {
          out += text;
          replaced = true;
        }
      if (replaced) continue;
      if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
        out += "\xEF\xBF\xBD";
        continue;
      }
      if (std::binary_search(std::begin(kInvalidCodepoints), std::end(kInvalidCodepoints), static_cast<std::uint32_t>(num)))
        continue;
      append_utf8(out, static_cast<std::uint32_t>(num));
      continue;
    }
    // named: [^\t\n\f <&#;]{1,32};?
    std::size_t k = j;
    while (k < s.size() && k - j < 32 && !std::strchr("\t\n\f <&#;", s[k])) ++k;
    if (k == j) {
      out += s[i++];
      continue;
    }
    if (k < s.size() && s[k] == ';') ++k;
    std::string_view name = s.substr(j, k - j);
    i = k;
    if (const char* t = find_entity(name)) {
      out += t;
      continue;
    }
    bool found = false;
    for (std::size_t x = name.size() - 1; x > 1; --x) {
      if (const char* t = find_entity(name.substr(0, x))) {
        out += t;
        out += name.substr(x);
        found = true;
        break;
      }
    }
    if (!found) {
      out += '&';
      out += name;
    }
  }
  return out;
}

}  // namespace mb::tmpl
