// RFC 3339 timestamps as feeds need them: parsed once, compared as instants,
// written back as RFC 3339 (Atom, JSON Feed) or RFC 822 (RSS 2.0).
//
// Dates always come from the data, never from the clock: nothing here reads
// the current time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mb::feeds {

/// The offset used when a date has none (a bare "2026-03-01"): Vietnam, UTC+7.
inline constexpr int kDefaultOffsetMinutes = 7 * 60;

/// A parsed timestamp: the local fields as written plus their UTC offset.
struct DateTime {
  int year = 1970, month = 1, day = 1;
  int hour = 0, minute = 0, second = 0;
  int nanos = 0;              ///< fraction of a second, truncated to 9 digits
  std::string fraction;       ///< the fraction digits as written ("" when none)
  int offset_minutes = 0;     ///< +420 for +07:00; 0 for Z
  bool utc_z = false;         ///< written with "Z" (kept on output)

  /// Seconds since 1970-01-01T00:00:00Z.
  std::int64_t epoch_seconds() const;
};

/// Parses "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)" (RFC 3339 section 5.6; 't'
/// and 'z' accepted) or a bare date "YYYY-MM-DD", which means local midnight
/// at `default_offset_minutes`. Rejects impossible dates (2025-02-29) and
/// anything else; returns nullopt then.
std::optional<DateTime> parse_datetime(std::string_view s, int default_offset_minutes = kDefaultOffsetMinutes);

/// "2026-03-01T09:00:00+07:00" (fraction kept as written; "Z" kept).
std::string format_rfc3339(const DateTime& t);

/// "Sun, 01 Mar 2026 09:00:00 +0700" (RFC 822 as updated by RFC 1123: 4-digit
/// year; English day and month names; the fraction is dropped).
std::string format_rfc822(const DateTime& t);

/// Orders instants: <0, 0, >0. Offsets are taken into account, so
/// "2026-03-01T09:00:00+07:00" equals "2026-03-01T02:00:00Z".
int compare(const DateTime& a, const DateTime& b);

/// Normalises an RFC 3339 string (or bare date) via parse + format; "" when
/// `s` does not parse.
std::string normalize_rfc3339(std::string_view s);

}  // namespace mb::feeds
