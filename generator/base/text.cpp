#include "base/text.hpp"

#include <memory>
#include <mutex>

#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace mb::text {

std::size_t invalid_utf8_offset(std::string_view s, bool reject_nul) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0 && reject_nul) return i;
      ++i;
      continue;
    }
    std::size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // overlong forms, surrogates and values past U+10FFFF are invalid
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return i;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return npos;
}

std::string to_valid_utf8(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    std::size_t bad = invalid_utf8_offset(s);
    if (bad == npos) {
      out += s;
      break;
    }
    out += s.substr(0, bad);
    out += "\xEF\xBF\xBD";
    s.remove_prefix(bad + 1);
  }
  return out;
}

namespace {
const icu::Normalizer2* nfc_instance() {
  UErrorCode st = U_ZERO_ERROR;
  static const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  return n;
}
const icu::Normalizer2* nfd_instance() {
  UErrorCode st = U_ZERO_ERROR;
  static const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(st);
  return n;
}
bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}
}  // namespace

std::string nfc(std::string_view s) {
  if (is_ascii(s)) return std::string(s);
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString r = nfc_instance()->normalize(u, st);
  if (U_FAILURE(st)) return std::string(s);
  std::string out;
  r.toUTF8String(out);
  return out;
}

bool is_nfc(std::string_view s) {
  if (is_ascii(s)) return true;
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  return nfc_instance()->isNormalized(u, st) && U_SUCCESS(st);
}

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  if (is_ascii(s)) {
    for (char c : s) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    return out;
  }
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString d = nfd_instance()->normalize(u, st);
  icu::UnicodeString r;
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0110 || c == 0x0111) c = 'd';  // Đ đ
    r.append(u_tolower(c));
  }
  r.toUTF8String(out);
  return out;
}

std::string slugify(std::string_view s) {
  std::string f = fold(s), out;
  bool dash = false;
  for (char c : f) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      if (dash && !out.empty()) out += '-';
      out += c;
      dash = false;
    } else {
      dash = true;
    }
  }
  return out;
}

namespace {
icu::Collator& vi_collator() {
  static std::once_flag once;
  static std::unique_ptr<icu::Collator> proto;
  std::call_once(once, [] {
    UErrorCode st = U_ZERO_ERROR;
    proto.reset(icu::Collator::createInstance(icu::Locale("vi"), st));
  });
  thread_local std::unique_ptr<icu::Collator> mine(proto->clone());
  return *mine;
}
}  // namespace

int vi_compare(std::string_view a, std::string_view b) {
  UErrorCode st = U_ZERO_ERROR;
  auto r = vi_collator().compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                                     icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), st);
  if (r == UCOL_EQUAL) return a < b ? -1 : (a == b ? 0 : 1);  // total order
  return r == UCOL_LESS ? -1 : 1;
}

std::string vi_sort_key(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  auto& coll = vi_collator();
  int32_t n = coll.getSortKey(u, nullptr, 0);
  std::string key(static_cast<std::size_t>(n), '\0');
  coll.getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), n);
  if (!key.empty() && key.back() == '\0') key.pop_back();
  key += '\0';
  key += s;  // total order: ties broken by bytes
  return key;
}

void append_html_escaped(std::string& out, std::string_view s) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char* rep = nullptr;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&#34;"; break;
      case '\'': rep = "&#39;"; break;
      default: continue;
    }
    out.append(s.data() + start, i - start);
    out += rep;
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  append_html_escaped(out, s);
  return out;
}

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view x) {
  return s.size() >= x.size() && s.substr(s.size() - x.size()) == x;
}

std::size_t length_utf8(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace mb::text
