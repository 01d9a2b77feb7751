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

}  // namespace mb::feeds
