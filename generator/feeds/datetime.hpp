// Timestamps in feeds: base/date's parser and writers under the names the
// feed code uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/date.hpp"

namespace mb::feeds {

using date::compare;
using date::DateTime;
using date::format_rfc3339;
using date::format_rfc822;
using date::kDefaultOffsetMinutes;

/// RFC 3339 (or a bare date, local midnight at `default_offset_minutes`).
inline std::optional<DateTime> parse_datetime(std::string_view s, int default_offset_minutes = kDefaultOffsetMinutes) {
  return date::parse(s, date::Form::rfc3339, default_offset_minutes);
}

/// Normalises an RFC 3339 string (or bare date) via parse + format; "" when
/// `s` does not parse.
inline std::string normalize_rfc3339(std::string_view s) {
  auto t = parse_datetime(s);
  return t ? format_rfc3339(*t) : std::string();
}

/// The newest of the dates offered, kept as written. Dates are compared as
/// instants, never as texts: 2025-01-01T10:00:00+07:00 is before
/// 2025-01-01T05:00:00Z. A date that does not parse is never taken; of two
/// equal instants the first stays.
class Newest {
 public:
  /// Takes `s` when it parses and is later than the newest so far.
  bool offer(std::string_view s) { return offer(s, parse_datetime(s)); }
  /// The same, with `s` already parsed (`when`).
  bool offer(std::string_view s, const std::optional<DateTime>& when) {
    if (!when || (when_ && compare(*when, *when_) <= 0)) return false;
    when_ = when;
    text_.assign(s);
    return true;
  }
  const std::string& text() const { return text_; }  ///< "" until a date was taken
  const std::optional<DateTime>& when() const { return when_; }

 private:
  std::string text_;
  std::optional<DateTime> when_;
};

}  // namespace mb::feeds
