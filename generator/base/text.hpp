// Text utilities for Vietnamese: UTF-8 validation, NFC normalisation,
// diacritic folding, slugs, collation and HTML escaping. Backed by ICU.
// Every function is thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mb::text {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

/// Byte offset of the first invalid or overlong UTF-8 sequence (or NUL byte
/// when `reject_nul`), or `npos` when `s` is valid. When valid and
/// `nfc_stable_only` is given, it says whether every code point is one
/// nfc_stable() accepts (the text is then NFC, with no need to ask).
std::size_t invalid_utf8_offset(std::string_view s, bool reject_nul = true, bool* nfc_stable_only = nullptr);

/// `s` with every invalid sequence (and NUL) replaced by U+FFFD, for showing
/// a bad file name or value in a message.
std::string to_valid_utf8(std::string_view s);

/// `s` in Unicode Normalization Form C (text pasted from Word/PDF is often NFD).
/// Unicode NFC. Ill-formed UTF-8 bytes become U+FFFD. `known_valid`: the
/// caller has already checked that `s` is well-formed (skips that check).
std::string nfc(std::string_view s, bool known_valid = false);
/// Whether `s` is well-formed UTF-8 in NFC (`known_valid` as for nfc()).
bool is_nfc(std::string_view s, bool known_valid = false);
/// Whether code point `cp` can be in NFC text whatever surrounds it (in the
/// BMP, NFC_Quick_Check=Yes, combining class 0): text made only of these is NFC.
bool nfc_stable(char32_t cp);

/// Words in `s`: runs of bytes other than space, tab, CR and LF.
std::size_t count_words(std::string_view s);

/// Lowercase, without diacritics, đ → d: "Sở Nội vụ" → "so noi vu".
/// Used for search and for matching names regardless of diacritic form.
std::string fold(std::string_view s);
namespace detail {
/// fold() as ICU defines it, on the whole string at once (the reference
/// that fold()'s per-code-point memo is tested against).
std::string fold_icu(std::string_view s);
/// The quick check nfc() and is_nfc() make before asking ICU: true only
/// when valid UTF-8 `s` is surely NFC.
bool quick_nfc_for_test(std::string_view s);
}  // namespace detail

/// URL slug: folded, runs of anything but [a-z0-9] become one '-', trimmed:
/// "Sở Nội vụ" → "so-noi-vu", "Đề án 2021–2025" → "de-an-2021-2025".
std::string slugify(std::string_view s);

/// Vietnamese collation (ICU "vi"): Đ after D, Ư after U. Returns <0, 0, >0.
int vi_compare(std::string_view a, std::string_view b);
/// A byte string whose ordering equals vi_compare (for sorting keys).
std::string vi_sort_key(std::string_view s);

/// Appends `s` HTML-escaped (& < > " ') to `out`.
void append_html_escaped(std::string& out, std::string_view s);
std::string html_escape(std::string_view s);

std::string_view trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

/// Number of Unicode code points in valid UTF-8 `s`.
std::size_t length_utf8(std::string_view s);

}  // namespace mb::text
