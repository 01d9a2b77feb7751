#include "base/text.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/unistr.h>
#include <unicode/bytestream.h>
#include <unicode/utf8.h>

// count_words and invalid_utf8_offset read eight bytes as one little-endian word
static_assert(std::endian::native == std::endian::little, "text.cpp reads bytes as little-endian words");

namespace mb::text {

namespace {
const std::vector<bool>& nfc_stable_bmp();
}  // namespace

std::size_t invalid_utf8_offset(std::string_view s, bool reject_nul, bool* nfc_stable_only) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  // with nfc_stable_only: whether every code point is one nfc_stable() accepts
  // (then the text is NFC: one pass instead of a second with nfc()); the
  // table is looked up here, not through nfc_stable() for each letter
  bool stable = nfc_stable_only != nullptr;
  const std::vector<bool>* table = stable ? &nfc_stable_bmp() : nullptr;
  const std::size_t n = s.size();
  std::size_t i = 0;
  auto cont = [&](std::size_t k) { return (p[k] & 0xC0) == 0x80; };
  constexpr std::uint64_t highs = 0x8080808080808080ull, lows = 0x7F7F7F7F7F7F7F7Full;
  while (i < n) {
    // ASCII, eight bytes at a time: a word holding a non-ASCII byte (or a NUL, when
    // rejecting it) moves straight to that byte. Vietnamese words are short: most
    // words of a text hold a letter with a diacritic.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      std::uint64_t stop = w & highs;
      if (reject_nul) stop |= ~(((w & lows) + lows) | w | lows);  // the high bit of each zero byte
      if (stop) {
        i += static_cast<std::size_t>(__builtin_ctzll(stop)) >> 3;  // little-endian: the first byte is the lowest
        break;
      }
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0 && reject_nul) return i;
      ++i;
      continue;
    }
    // Unicode Table 3-7: well-formed byte sequences (no overlong forms,
    // surrogates or values past U+10FFFF)
    if (c < 0xC2) return i;
    if (c < 0xE0) {
      if (i + 1 >= n || !cont(i + 1)) return i;
      if (stable) stable = (*table)[(c & 0x1F) << 6 | (p[i + 1] & 0x3F)];
      i += 2;
    } else if (c < 0xF0) {
      if (i + 2 >= n || !cont(i + 1) || !cont(i + 2)) return i;
      if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0)) return i;
      if (stable) stable = (*table)[(c & 0x0F) << 12 | (p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F)];
      i += 3;
    } else if (c < 0xF5) {
      if (i + 3 >= n || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return i;
      if ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90)) return i;
      stable = false;  // beyond the BMP: nfc() decides
      i += 4;
    } else {
      return i;
    }
  }
  if (nfc_stable_only) *nfc_stable_only = stable;
  return npos;
}

std::size_t count_words(std::string_view s) {
  // a word starts at a byte that is not a space after one that is; eight bytes at a time:
  // the high bit of each byte says "space" (exact per-byte equality, no carries between bytes)
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull, lows = 0x7F7F7F7F7F7F7F7Full;
  auto equal = [](std::uint64_t w, unsigned char c) {
    std::uint64_t x = w ^ (ones * c);
    return ~(((x & lows) + lows) | x | lows);  // high bit set where the byte was c
  };
  std::size_t n = 0;
  std::uint64_t before = 0x80;  // the byte before the text counts as a space
  std::size_t i = 0;
#if defined(__SSE2__)
  // sixteen bytes at a time: a bit per byte from the comparisons
  const __m128i sp = _mm_set1_epi8(' '), lf = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t'), cr = _mm_set1_epi8('\r');
  unsigned carry = 1;  // the byte before was a space
  for (; i + 16 <= s.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i is_space = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, lf)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, cr)));
    unsigned m = static_cast<unsigned>(_mm_movemask_epi8(is_space));
    unsigned x = ~m & ((m << 1) | carry) & 0xFFFFu;  // word starts
    x = x - ((x >> 1) & 0x5555u);                     // their number, without a popcount instruction
    x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
    x = (x + (x >> 4)) & 0x0F0Fu;
    n += (x + (x >> 8)) & 0x1Fu;
    carry = m >> 15;
  }
  before = carry ? 0x80 : 0;
#endif
  for (; i < s.size(); i += 8) {
    std::uint64_t w = ones * ' ';  // past the end: spaces, which start no word
    if (s.size() - i >= 8) std::memcpy(&w, s.data() + i, 8);
    else std::memcpy(&w, s.data() + i, s.size() - i);
    std::uint64_t space = equal(w, ' ') | equal(w, '\n') | equal(w, '\t') | equal(w, '\r');
    std::uint64_t starts = ~space & highs & ((space << 8) | before);
    n += static_cast<std::size_t>(((starts >> 7) * ones) >> 56);  // the number of bytes flagged (at most 8)
    before = space >> 56;
  }
  return n;
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

namespace {
// Code points of the BMP that can be in NFC text whatever surrounds them:
// NFC_Quick_Check=Yes and canonical combining class 0 (UAX #15, quick check).
// Text made only of these is NFC: Vietnamese in precomposed letters is.
const std::vector<bool>& nfc_stable_bmp() {
  static const std::vector<bool> table = [] {
    std::vector<bool> t(0x10000);
    for (UChar32 c = 0; c < 0x10000; ++c)
      t[c] = u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES && u_getCombiningClass(c) == 0;
    return t;
  }();
  return table;
}

}  // namespace

bool nfc_stable(char32_t cp) { return cp < 0x10000 && nfc_stable_bmp()[cp]; }

namespace {
// Whether valid UTF-8 `s` is surely NFC by the quick check; false: ask ICU.
bool quick_nfc(std::string_view s) {
  const auto& stable = nfc_stable_bmp();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0, n = s.size(); i < n;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    UChar32 cp;
    if (c < 0xE0) cp = (c & 0x1F) << 6 | (p[i + 1] & 0x3F), i += 2;
    else if (c < 0xF0) cp = (c & 0x0F) << 12 | (p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F), i += 3;
    else return false;  // beyond the BMP: ICU decides
    if (!stable[cp]) return false;
  }
  return true;
}
}  // namespace

namespace detail {
bool quick_nfc_for_test(std::string_view s) { return quick_nfc(s); }
}  // namespace detail

// NFC works on the UTF-8 bytes directly (ICU's UTF-8 API): most text is
// already NFC and is only checked, never converted to UTF-16 and back.
std::string nfc(std::string_view s, bool known_valid) {
  if (is_ascii(s)) return std::string(s);
  UErrorCode st = U_ZERO_ERROR;
  if (!known_valid && invalid_utf8_offset(s, false) != npos) {
    // ill-formed input: through UTF-16, which turns bad bytes into U+FFFD
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    icu::UnicodeString r = nfc_instance()->normalize(u, st);
    if (U_FAILURE(st)) return std::string(s);
    std::string out;
    r.toUTF8String(out);
    return out;
  }
  if (quick_nfc(s)) return std::string(s);
  icu::StringPiece sp(s.data(), static_cast<int32_t>(s.size()));
  const icu::Normalizer2* n = nfc_instance();
  if (n->isNormalizedUTF8(sp, st) && U_SUCCESS(st)) return std::string(s);
  st = U_ZERO_ERROR;
  std::string out;
  out.reserve(s.size());
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
  n->normalizeUTF8(0, sp, sink, nullptr, st);
  if (U_FAILURE(st)) return std::string(s);
  return out;
}

bool is_nfc(std::string_view s, bool known_valid) {
  if (is_ascii(s)) return true;
  if (!known_valid && invalid_utf8_offset(s, false) != npos) return false;
  if (quick_nfc(s)) return true;
  UErrorCode st = U_ZERO_ERROR;
  bool yes = nfc_instance()->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), st);
  return yes && U_SUCCESS(st);
}

namespace detail {
std::string fold_icu(std::string_view s) {
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
}  // namespace detail

// fold_icu one code point at a time, each fold remembered: the same result
// (NFD is the decompositions of the code points put end to end, then marks
// reordered, and every mark is dropped), without ICU's UTF-16 round trip for
// each string. Search folds every word of every page.
std::string fold(std::string_view s) {
  if (invalid_utf8_offset(s) != npos) return detail::fold_icu(s);  // U+FFFD as ICU places them
  thread_local std::unordered_map<std::string, std::string> memo;  // code point (UTF-8) → its fold
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;  // valid UTF-8: a lead byte
    std::string cp(s.substr(i, len));
    auto it = memo.find(cp);
    if (it == memo.end()) it = memo.emplace(cp, detail::fold_icu(cp)).first;
    out += it->second;
    i += len;
  }
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
  std::size_t start = 0, i = 0;
#if defined(__SSE2__)
  // most text needs no escaping: skip 16 bytes at a time to the next & < > " '
  const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\'');
  auto special = [&](std::size_t at) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)),
                             _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_or_si128(_mm_cmpeq_epi8(v, quot), _mm_cmpeq_epi8(v, apos))));
    return static_cast<unsigned>(_mm_movemask_epi8(m));
  };
#endif
  while (i < s.size()) {
#if defined(__SSE2__)
    if (i + 16 <= s.size()) {
      unsigned mask = special(i);
      if (mask == 0) {
        i += 16;
        continue;
      }
      i += static_cast<std::size_t>(__builtin_ctz(mask));
    }
#endif
    const char* rep = nullptr;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&#34;"; break;
      case '\'': rep = "&#39;"; break;
      default: ++i; continue;
    }
    out.append(s.data() + start, i - start);
    out += rep;
    start = ++i;
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
