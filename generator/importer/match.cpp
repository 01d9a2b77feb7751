#include "importer/match.hpp"

#include <algorithm>
#include <set>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "base/text.hpp"

namespace mb::importer {

namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t p = 0;
  while (p < s.size()) {
    std::size_t q = s.find(' ', p);
    if (q == std::string::npos) q = s.size();
    if (q > p) out.push_back(s.substr(p, q - p));
    p = q + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& w, std::size_t from, std::size_t to) {
  std::string s;
  for (std::size_t i = from; i < to; ++i) s += (s.empty() ? "" : " ") + w[i];
  return s;
}

// Leading word sequences (folded) that name a kind of body, not the body.
const std::vector<std::vector<std::string>> kKindWords = {
    {"uy", "ban", "nhan", "dan"}, {"ubnd"}, {"hdnd"}, {"xa"}, {"phuong"}, {"thi", "tran"}, {"tt"},
    {"so"}, {"tinh"}, {"huyen"}, {"thanh", "pho"}, {"tp"}, {"quan"}, {"thi", "xa"}, {"dang", "uy"}};

}  // namespace

namespace {
bool is_tone_mark(UChar32 c) {
  // grave, acute, tilde, hook above, dot below: the five Vietnamese tones
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

// Each word's tone mark moved to the end of the word (NFD), so the old and
// new placements ("hoà"/"hòa", "thuỷ"/"thủy") compare equal while the tone
// itself ("Hà"/"Hạ") still counts.
icu::UnicodeString canonical_tones(const icu::UnicodeString& nfd) {
  icu::UnicodeString out, word, tones;
  auto flush = [&] {
    out.append(word).append(tones);
    word.remove();
    tones.remove();
  };
  for (int32_t i = 0; i < nfd.length();) {
    UChar32 c = nfd.char32At(i);
    i += U16_LENGTH(c);
    if (c == ' ') {
      flush();
      out.append(c);
    } else if (is_tone_mark(c)) {
      tones.append(c);
    } else {
      word.append(c);
    }
  }
  flush();
  return out;
}
}  // namespace

std::string normalise_name(std::string_view s) {
  std::string nfc = text::nfc(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(nfc);
  u.toLower(icu::Locale("vi"));
  icu::UnicodeString clean;
  bool space = true;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalnum(c) || u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) {
      clean.append(c);
      space = false;
    } else if (!space) {
      clean.append(static_cast<UChar32>(' '));
      space = true;
    }
  }
  std::string spaced;
  clean.toUTF8String(spaced);
  while (!spaced.empty() && spaced.back() == ' ') spaced.pop_back();
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(st);
  icu::UnicodeString d = nfd->normalize(icu::UnicodeString::fromUTF8(spaced), st);
  std::string out;
  canonical_tones(d).toUTF8String(out);
  return text::nfc(out);
}

std::string strip_kind_words(const std::string& normalised) {
  std::vector<std::string> w = split(normalised);
  std::vector<std::string> f;
  for (const auto& x : w) f.push_back(text::fold(x));
  std::size_t start = 0;
  for (bool again = true; again;) {
    again = false;
    for (const auto& seq : kKindWords) {
      if (start + seq.size() >= w.size()) continue;  // never strip everything
      if (std::equal(seq.begin(), seq.end(), f.begin() + static_cast<long>(start))) {
        start += seq.size();
        again = true;
        break;
      }
    }
  }
  return join(w, start, w.size());
}

std::string describe(const data::Agency& a) { return a.name + " (" + a.id + ")"; }

AgencyMatcher::AgencyMatcher(std::vector<const data::Agency*> agencies) : agencies_(std::move(agencies)) {
  for (const data::Agency* a : agencies_) {
    // the name and aliases first; the short name only when they fit nothing
    std::vector<std::pair<std::string, bool>> names = {{a->name, true}};
    for (const auto& al : a->aliases) names.emplace_back(al, true);
    names.emplace_back(a->short_name, false);
    std::set<std::string> seen;
    for (const auto& [n, primary] : names) {
      if (n.empty()) continue;
      Key k;
      k.primary = primary;
      k.exact = normalise_name(n);
      if (k.exact.empty() || !seen.insert(k.exact).second) continue;
      k.stripped = strip_kind_words(k.exact);
      k.folded = text::fold(k.exact);
      k.folded_stripped = text::fold(k.stripped);
      k.agency = a;
      keys_.push_back(std::move(k));
    }
  }
}

Match AgencyMatcher::match(std::string_view name) const {
  Match m;
  std::string raw(text::trim(name));
  for (const data::Agency* a : agencies_)
    if (a->id == raw) {
      m.agency = a;
      return m;
    }
  std::string exact = normalise_name(raw);
  std::string stripped = strip_kind_words(exact);
  std::string folded = text::fold(exact), folded_stripped = text::fold(stripped);
  // tiers, strictest first; the first tier with any fit decides
  auto tier = [&](auto member, const std::string& value, bool primary) {
    std::set<const data::Agency*> fits;
    for (const auto& k : keys_)
      if (k.primary == primary && k.*member == value) fits.insert(k.agency);
    return fits;
  };
  const std::pair<std::string Key::*, const std::string*> tiers[] = {{&Key::exact, &exact},
                                                                     {&Key::stripped, &stripped},
                                                                     {&Key::folded, &folded},
                                                                     {&Key::folded_stripped, &folded_stripped}};
  // diacritics are ignored only for a name written without any ("UBND xa Nam Dan",
  // "Ủy ban nhân dân xa Nam Dan": the kind words do not count); a name with
  // other diacritics ("Năm Dần") is another name, not a way of writing this one
  bool plain = folded_stripped == stripped;
  if (!exact.empty()) {
    for (std::size_t t = 0; t < (plain ? 8u : 4u); ++t) {
      auto fits = tier(tiers[t / 2].first, *tiers[t / 2].second, t % 2 == 0);
      if (fits.empty()) continue;
      if (fits.size() == 1) {
        m.agency = *fits.begin();
        m.without_diacritics = t >= 4;
        return m;
      }
      m.ambiguous = true;
      for (const auto* a : fits) m.candidates.push_back({a, 0});
      std::sort(m.candidates.begin(), m.candidates.end(),
                [](const Candidate& x, const Candidate& y) { return x.agency->id < y.agency->id; });
      return m;
    }
  }
  // unmatched: the three closest by edit distance on folded names
  std::vector<Candidate> all;
  for (const data::Agency* a : agencies_) {
    std::size_t best = static_cast<std::size_t>(-1);
    for (const auto& k : keys_)
      if (k.agency == a) best = std::min({best, edit_distance(folded, k.folded), edit_distance(folded_stripped, k.folded_stripped)});
    all.push_back({a, best});
  }
  std::sort(all.begin(), all.end(), [](const Candidate& x, const Candidate& y) {
    return x.distance != y.distance ? x.distance < y.distance : x.agency->id < y.agency->id;
  });
  if (all.size() > 3) all.resize(3);
  m.candidates = std::move(all);
  return m;
}

}  // namespace mb::importer
