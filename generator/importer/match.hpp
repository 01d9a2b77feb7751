// Finding an agency from the name a spreadsheet gives it.
//
// A name matches an agency when it equals the agency's id, name, short_name
// or one of its aliases, ignoring case, spacing, punctuation, the Unicode
// form of the diacritics (NFC/NFD) and leading words that only say what kind
// of body it is ("UBND", "Ủy ban nhân dân", "xã", "phường", "thị trấn",
// "Sở", ...): "UBND xã Năm Dẫn", "Xã Năm Dẫn" and "năm  dẫn" all find
// xa-nam-dan. The placement of the tone mark does not matter ("Hoà" and
// "Hòa", "Thuỷ" and "Thủy"); the tone does ("Hà" is not "Hạ"). A name written
// entirely without diacritics ("UBND xa Nam Dan", as typed on a keyboard
// without Vietnamese input) matches when exactly one agency fits once
// diacritics are ignored; a name with different diacritics ("Năm Dần") does
// not.
//
// At each of these levels (exact, without the kind words, without
// diacritics, both) names and aliases are tried before short names, so
// "Sở Tư pháp" is the agency of that name rather than another province's
// department whose short name it is. A name that fits no agency, or more
// than one at the first level where anything fits, is never guessed: the
// caller gets the closest candidates to show.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/model.hpp"

namespace mb::importer {

struct Candidate {
  const data::Agency* agency = nullptr;
  std::size_t distance = 0;  ///< edit distance between the folded names
};

struct Match {
  const data::Agency* agency = nullptr;  ///< nullptr when unmatched or ambiguous
  bool ambiguous = false;                ///< several agencies fit equally well
  bool without_diacritics = false;       ///< matched only once diacritics were ignored
  std::vector<Candidate> candidates;     ///< when unmatched: the closest (at most 3); when ambiguous: those that fit
};

class AgencyMatcher {
 public:
  /// Matches among `agencies` (e.g. only the communes of a commune ranking).
  explicit AgencyMatcher(std::vector<const data::Agency*> agencies);
  Match match(std::string_view name) const;

 private:
  struct Key {
    std::string exact, stripped, folded, folded_stripped;
    bool primary = true;  ///< name or alias (a short name is tried after them)
    const data::Agency* agency;
  };
  std::vector<Key> keys_;
  std::vector<const data::Agency*> agencies_;
};

/// Lowercase NFC words of `s` joined by one space, punctuation dropped, tone
/// marks placed canonically: "  UBND  xã Năm-Dẫn " → "ubnd xã năm dẫn"
/// (exposed for tests; compare results with each other, not with literals
/// whose tone sits before a final consonant).
std::string normalise_name(std::string_view s);

/// `normalise_name` without the leading words naming a kind of body:
/// "ubnd xã năm dẫn" → "năm dẫn", "sở nội vụ" → "nội vụ" (never empty).
std::string strip_kind_words(const std::string& normalised);

/// "Xã Năm Dẫn (xa-nam-dan)"
std::string describe(const data::Agency& a);

}  // namespace mb::importer
