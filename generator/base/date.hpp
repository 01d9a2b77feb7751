// Dates and timestamps: the one parser every module uses (front matter, data
// files, the template `date` filter, feeds), so a date means the same thing
// wherever it is written.
//
// Dates always come from the input, never from the clock: nothing here reads
// the current time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mb::date {

/// The offset used when a date has none (a bare "2026-03-01"): Vietnam, UTC+7.
inline constexpr int kDefaultOffsetMinutes = 7 * 60;

bool is_leap_year(int y);
/// Days in month `m` (1–12) of year `y`; 0 for a month that does not exist.
int days_in_month(int y, int m);

/// A parsed timestamp: the local fields as written plus their UTC offset.
struct DateTime {
  int year = 1970, month = 1, day = 1;
  int hour = 0, minute = 0, second = 0;
  int nanos = 0;              ///< fraction of a second, truncated to 9 digits
  std::string fraction;       ///< the fraction digits as written ("" when none)
  int offset_minutes = 0;     ///< +420 for +07:00; 0 for Z
  bool utc_z = false;         ///< written with "Z" (kept on output)
  bool has_time = false;      ///< a time was written (else local midnight)
  bool has_zone = false;      ///< a zone was written (else the default offset)

  /// Seconds since 1970-01-01T00:00:00Z.
  std::int64_t epoch_seconds() const;
};

/// How much a text may leave out.
enum class Form {
  /// RFC 3339 section 5.6 ("YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)"; 't' and
  /// 'z' accepted) or a bare date "YYYY-MM-DD": what feeds and records hold.
  rfc3339,
  /// What people type in front matter and templates: also a space instead of
  /// 'T', no seconds ("2025-12-30 08:00"), no zone (the default offset).
  written,
};

/// Parses `s` in `form`; a bare date or a time without zone gets
/// `default_offset_minutes`. Rejects impossible dates (2025-02-29), times
/// (24:00, a second above 60) and zones, and anything after the zone.
std::optional<DateTime> parse(std::string_view s, Form form = Form::rfc3339,
                              int default_offset_minutes = kDefaultOffsetMinutes);

/// A calendar date, exactly "YYYY-MM-DD" (data files).
std::optional<DateTime> parse_day(std::string_view s);

/// "2026-03-01T09:00:00+07:00" (fraction kept as written; "Z" kept).
std::string format_rfc3339(const DateTime& t);

/// "Sun, 01 Mar 2026 09:00:00 +0700" (RFC 822 as updated by RFC 1123: 4-digit
/// year; English day and month names; the fraction is dropped).
std::string format_rfc822(const DateTime& t);

/// Orders instants: <0, 0, >0. Offsets are taken into account, so
/// "2026-03-01T09:00:00+07:00" equals "2026-03-01T02:00:00Z".
int compare(const DateTime& a, const DateTime& b);

}  // namespace mb::date
