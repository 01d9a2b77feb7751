// Internal: Unicode string operations with Python's semantics (ICU-backed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mb::tmpl {

/// Appends code point `cp` as UTF-8 (U+FFFD for surrogates and values past U+10FFFF).
void append_utf8(std::string& out, std::uint32_t cp);

/// The code points of valid UTF-8 `s`, each as its bytes.
std::vector<std::string_view> code_points(std::string_view s);
std::size_t count_code_points(std::string_view s);
/// Bytes taken by the first `n` code points of `s` (all of it when shorter).
std::size_t prefix_bytes(std::string_view s, std::size_t n);
/// Decodes the code point at byte `i` and advances `i`; -1 for a bad byte.
std::int32_t next_code_point(std::string_view s, std::size_t& i);

std::string py_upper(std::string_view s);
std::string py_lower(std::string_view s);
/// str.capitalize(): first character upper (title) case, the rest lower.
std::string py_capitalize(std::string_view s);
/// Jinja2's title filter: each word's first character upper, the rest lower;
/// words are separated by runs of whitespace, '-', '(', '{', '[', '<'.
std::string jinja_title(std::string_view s);
std::string py_swapcase(std::string_view s);
bool py_isspace_cp(std::int32_t c);
/// Python \w (letters, digits, '_').
bool py_isword_cp(std::int32_t c);
bool py_isupper(std::string_view s);
bool py_islower(std::string_view s);

/// str.strip(chars): `chars` empty-and-not-given means whitespace.
std::string_view py_strip(std::string_view s, const std::string* chars, bool left, bool right);
/// str.split(sep, maxsplit); sep == nullptr splits on whitespace runs.
std::vector<std::string> py_split(std::string_view s, const std::string* sep, std::int64_t maxsplit);
/// str.replace(old, new, count) with Python's rule for an empty `old`.
std::string py_replace(std::string_view s, std::string_view from, std::string_view to, std::int64_t count);
/// Python's html.unescape: every HTML5 named and numeric character reference.
std::string html_unescape(std::string_view s);
/// urllib.parse.quote(s, safe) on UTF-8 bytes; `plus` turns %20 into '+'.
std::string url_quote(std::string_view s, std::string_view safe, bool plus);

}  // namespace mb::tmpl
