#include <catch2/catch.hpp>

#include <random>

#include "base/diag.hpp"
#include "base/text.hpp"

#include <unicode/normalizer2.h>

using namespace mb;

TEST_CASE("slugify folds Vietnamese diacritics", "[base][text]") {
  CHECK(text::slugify("Sở Nội vụ") == "so-noi-vu");
  CHECK(text::slugify("Đề án 2021–2025") == "de-an-2021-2025");
  CHECK(text::slugify("  UBND xã Năm Dẫn!  ") == "ubnd-xa-nam-dan");
  CHECK(text::slugify("ĐẤT ĐAI") == "dat-dai");
  // decomposed input (as pasted from PDF) gives the same slug
  CHECK(text::slugify("So\xCC\x9B\xCC\x89 No\xCC\xA3\xCC\x82i vu\xCC\xA3") == "so-noi-vu");
}

TEST_CASE("nfc composes decomposed text", "[base][text]") {
  std::string decomposed = "Vie\xCC\xA3\xCC\x82t";  // V i e + dot below + circumflex + t
  CHECK_FALSE(text::is_nfc(decomposed));
  CHECK(text::nfc(decomposed) == "Việt");
  CHECK(text::is_nfc(text::nfc(decomposed)));
}

TEST_CASE("fold removes diacritics for search", "[base][text]") {
  CHECK(text::fold("Sở Nội vụ") == "so noi vu");
  CHECK(text::fold("Đất đai") == "dat dai");
}

namespace {
void put_utf8(std::string& out, char32_t c) {
  if (c < 0x80) out += static_cast<char>(c);
  else if (c < 0x800) out += static_cast<char>(0xC0 | c >> 6), out += static_cast<char>(0x80 | (c & 0x3F));
  else if (c < 0x10000)
    out += static_cast<char>(0xE0 | c >> 12), out += static_cast<char>(0x80 | (c >> 6 & 0x3F)),
        out += static_cast<char>(0x80 | (c & 0x3F));
  else
    out += static_cast<char>(0xF0 | c >> 18), out += static_cast<char>(0x80 | (c >> 12 & 0x3F)),
        out += static_cast<char>(0x80 | (c >> 6 & 0x3F)), out += static_cast<char>(0x80 | (c & 0x3F));
}
}  // namespace

TEST_CASE("fold one code point at a time equals ICU's fold of the whole string", "[base][text]") {
  // every code point of the planes in use, alone and after a base letter
  // (marks that combine, reorder or compose with it), except surrogates
  std::string all;
  for (char32_t c = 0x80; c < 0x30000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;
    if (c >= 0x20000 && c < 0x2F800) continue;  // CJK extension B..F: plain ideographs, like the ones before
    std::string one, pair = "A";
    put_utf8(one, c);
    put_utf8(pair, c);
    REQUIRE(text::fold(one) == text::detail::fold_icu(one));
    REQUIRE(text::fold(pair) == text::detail::fold_icu(pair));
    all += one;
  }
  CHECK(text::fold(all) == text::detail::fold_icu(all));
  // Vietnamese, precomposed and decomposed, with marks in both orders
  for (std::string s : {"Ủy ban nhân dân tỉnh Tuyên Quang", "ĐƯỜNG Ngọc Hồi", "Vie\xCC\xA3\xCC\x82t",
                        "Vie\xCC\x82\xCC\xA3t", "İstanbul ẞ ǅ ﬁ Ωmega", ""}) {
    INFO(s);
    CHECK(text::fold(s) == text::detail::fold_icu(s));
  }
  // invalid UTF-8 becomes U+FFFD exactly where ICU puts it
  for (std::string s : {std::string("ab\xC3"), std::string("\xE1\xBA"), std::string("x\xF0\x9F\x98y\xC3\xA9"),
                        std::string("\xED\xA0\x80z")}) {
    CHECK(text::fold(s) == text::detail::fold_icu(s));
  }
  CHECK(text::fold("Ủy BAN") == "uy ban");
}

TEST_CASE("nfc's quick check never calls text NFC that ICU does not", "[base][text]") {
  // each BMP code point alone, after a letter that marks compose with, and
  // before a combining mark (U+0323 dot below, U+0301 acute, U+0591)
  std::size_t quick = 0;
  for (char32_t c = 1; c < 0x10000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;
    for (const char* before : {"", "e", "\xC3\xAA"}) {  // "", e, ê
      for (const char* after : {"", "\xCC\xA3", "\xCC\x81", "\xD6\x91"}) {  // U+0591: ccc 220, never composes
        std::string s = before;
        put_utf8(s, c);
        s += after;
        if (!text::detail::quick_nfc_for_test(s)) continue;
        ++quick;
        INFO("U+" << std::hex << static_cast<unsigned>(c) << " in '" << s << "'");
        UErrorCode st = U_ZERO_ERROR;  // ICU itself, not nfc() (which trusts the quick check)
        REQUIRE(icu::Normalizer2::getNFCInstance(st)->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), st));
        REQUIRE(U_SUCCESS(st));
      }
    }
  }
  CHECK(quick > 100000);  // the quick check does take most text
  // Vietnamese in precomposed letters passes it; decomposed text does not
  CHECK(text::detail::quick_nfc_for_test("Ủy ban nhân dân tỉnh Tuyên Quang – “Kế hoạch” ≥ 95%"));
  CHECK_FALSE(text::detail::quick_nfc_for_test("Vie\xCC\xA3\xCC\x82t"));
  CHECK(text::nfc("Vie\xCC\x82\xCC\xA3t") == "Việt");
}

TEST_CASE("invalid UTF-8 is located", "[base][text]") {
  CHECK(text::invalid_utf8_offset("Việt Nam") == text::npos);
  CHECK(text::invalid_utf8_offset(std::string("ab\xC3", 3)) == 2);
  CHECK(text::invalid_utf8_offset(std::string("a\xC0\xAF", 3)) == 1);  // overlong '/'
  CHECK(text::invalid_utf8_offset(std::string("a\0b", 3)) == 1);
  CHECK(text::invalid_utf8_offset("\xED\xA0\x80") == 0);  // surrogate
}

TEST_CASE("Vietnamese collation puts Đ after D and Ư after U", "[base][text]") {
  CHECK(text::vi_compare("Dương", "Đông") < 0);
  CHECK(text::vi_compare("Đông", "Em") < 0);
  CHECK(text::vi_compare("Uông", "Ưng") < 0);
  CHECK(text::vi_compare("Ưng", "Vân") < 0);
  CHECK((text::vi_sort_key("Đông") < text::vi_sort_key("Em")));
}

TEST_CASE("html escaping covers the five characters", "[base][text]") {
  CHECK(text::html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_CASE("html escaping finds the characters anywhere in long text", "[base][text]") {
  // long strings are scanned 16 bytes at a time: put each character at every offset of
  // strings of many lengths, UTF-8 around it, and compare with a byte-by-byte escape
  auto reference = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&#34;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
      }
    }
    return out;
  };
  const std::string filler = "Sở Nội vụ tỉnh Tuyên Quang, năm 2026 ";
  for (std::size_t len : {0, 1, 15, 16, 17, 31, 32, 33, 50, 64, 100}) {
    std::string base;
    while (base.size() < len) base += filler;
    base.resize(len);
    CHECK(text::html_escape(base) == base);
    for (char c : std::string("&<>\"'"))
      for (std::size_t at = 0; at < len; ++at) {
        std::string s = base;
        s[at] = c;
        if (at + 3 < len) s[at + 3] = '<';
        CHECK(text::html_escape(s) == reference(s));
      }
  }
  std::string out = "x";
  text::append_html_escaped(out, std::string(40, '&'));
  CHECK(out.size() == 1 + 40 * 5);
}

TEST_CASE("diagnostics print in GNU form, sorted", "[base][diag]") {
  Diagnostics d;
  d.error("b.md", 3, 1, "second");
  d.error("a.md", 10, 2, "first");
  auto v = d.sorted();
  REQUIRE(v.size() == 2);
  CHECK(format_diagnostic(v[0]) == "a.md:10:2: error: first");
  CHECK(d.error_count() == 2);
}

TEST_CASE("position_of counts code points", "[base][diag]") {
  std::string t = "ab\nệx: y";
  auto p = position_of(t, t.find('x'));
  CHECK(p.line == 2);
  CHECK(p.col == 2);
  CHECK(nearest("titel", {"title", "date", "draft"}) == "title");
  CHECK(nearest("zzzzzz", {"title", "date"}).empty());
}

namespace {
// The straightforward decoder the fast validator must agree with.
std::size_t reference_invalid_utf8_offset(std::string_view s, bool reject_nul) {
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
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return i;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return text::npos;
}
}  // namespace

TEST_CASE("utf-8 validation agrees with a plain decoder on random bytes", "[base][text]") {
  std::uint32_t seed = 7;
  auto rnd = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  const std::string pieces[] = {"a", "Việt ", "\xE1\xBB\x87", "\xF0\x9F\x98\x80", "\xC3\xA9", std::string(1, '\0'),
                                "abcdefghij", "\xED\x9F\xBF", "\xEE\x80\x80", "\xF4\x8F\xBF\xBF"};
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (unsigned k = rnd() % 12; k > 0; --k) {
      if (rnd() % 4 == 0) s += static_cast<char>(rnd() & 0xFF);  // any byte, often ill-formed
      else s += pieces[rnd() % (sizeof pieces / sizeof *pieces)];
    }
    INFO("round " << round);
    CHECK(text::invalid_utf8_offset(s, true) == reference_invalid_utf8_offset(s, true));
    CHECK(text::invalid_utf8_offset(s, false) == reference_invalid_utf8_offset(s, false));
    bool stable = false;
    if (text::invalid_utf8_offset(s, true, &stable) == text::npos) {
      // surely NFC exactly when every code point is in the BMP and nfc_stable
      bool expected = true;
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
      for (int32_t k = 0; k < u.length(); k = u.moveIndex32(k, 1))
        expected = expected && text::nfc_stable(static_cast<char32_t>(u.char32At(k)));
      CHECK(stable == expected);
    }
  }
}

TEST_CASE("nfc of ill-formed UTF-8 replaces the bad bytes", "[base][text]") {
  CHECK(text::nfc(std::string("Vi\xFF\xC3\xAA\xCC\x80t")) == "Vi\xEF\xBF\xBD\xE1\xBB\x81t");
  CHECK_FALSE(text::is_nfc(std::string("Vi\xFFt")));
  CHECK(text::nfc("Vie\xCC\x82\xCC\x81t", true) == "Vi\xE1\xBA\xBFt");
}

TEST_CASE("diagnostics never send control characters or invalid UTF-8 to the terminal", "[base][diag][hostile]") {
  Diagnostic d;
  d.path = "content/\x1b[2Ja.md";
  d.line = 2;
  d.col = 9;
  d.message = "bad value '\x1b]0;pwned\x07'";
  d.source_line = "title: \x1b\xff\xc2\x9bx\ty";
  d.notes = {"note \r\n"};
  std::string s = format_diagnostic(d);
  for (unsigned char c : s) CHECK((c >= 0x20 || c == '\n' || c == '\t'));
  CHECK(mb::text::invalid_utf8_offset(s) == mb::text::npos);
  CHECK(s.find("content/\xEF\xBF\xBD[2Ja.md:2:9: error: bad value '\xEF\xBF\xBD]0;pwned\xEF\xBF\xBD'") == 0);
  // the caret still points at the 9th code point (x after three replacements)
  CHECK(s.find("\n    title: \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx\ty\n            ^") != std::string::npos);
  CHECK(mb::text::to_valid_utf8("a\xff" "b\xc3") == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
}

TEST_CASE("invalid_utf8_offset also tells text that is surely NFC", "[text]") {
  auto stable = [](std::string_view s) {
    bool yes = false;
    REQUIRE(text::invalid_utf8_offset(s, true, &yes) == text::npos);
    return yes;
  };
  CHECK(stable(""));
  CHECK(stable("plain ASCII, tabs\tand lines\n"));
  CHECK(stable("Tuyên Quang: chỉ số hài lòng ≥ 95% — Đề án"));
  CHECK_FALSE(stable("Vie\xCC\xA3\xCC\x82t"));           // decomposed: nfc() must compose it
  CHECK_FALSE(stable("q\xCC\x81"));                      // NFC, but a combining mark: nfc() decides
  CHECK_FALSE(stable("\xF0\x9F\x93\x88"));               // beyond the BMP: nfc() decides
  CHECK_FALSE(stable("\xE2\x84\xAB"));                   // U+212B: NFC makes it U+00C5
  // whatever the answer, it agrees with is_nfc when it says yes
  for (std::string_view s : {"Việt Nam", "ẞ ǅ ﬁ", "한국어", "ελληνικά"}) {
    bool yes = false;
    REQUIRE(text::invalid_utf8_offset(s, true, &yes) == text::npos);
    if (yes) CHECK(text::is_nfc(s));
  }
  // an invalid sequence is still found where it is
  bool yes = true;
  CHECK(text::invalid_utf8_offset(std::string("Việt\xC3", 7), true, &yes) == 6);
}

TEST_CASE("count_words counts runs of non-space bytes, as one byte at a time would", "[text]") {
  auto naive = [](std::string_view s) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : s) {
      bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
      n += !space && !in_word;
      in_word = !space;
    }
    return n;
  };
  CHECK(mb::text::count_words("") == 0);
  CHECK(mb::text::count_words("Cải cách hành chính") == 4);
  CHECK(mb::text::count_words("  một\t\thai\r\nba  bốn năm sáu bảy tám chín  ") == 9);
  // every byte value next to every other, and random texts of every length across the 8-byte steps
  std::mt19937 rng(7);
  const std::string alphabet = std::string(" \n\t\r a\x80\xff\x1f\x21") + std::string(1, '\0') + "\x8a\xa0\xe1\x0b\x0c";
  for (int round = 0; round < 4000; ++round) {
    std::string s(rng() % 40, ' ');
    for (char& c : s) c = round % 2 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() % 256);
    INFO(round);
    CHECK(mb::text::count_words(s) == naive(s));
  }
}
