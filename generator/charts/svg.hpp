// Helpers shared by the chart writers (internal to the charts module).
#pragma once

#include <string>
#include <string_view>

namespace mb::charts::svg {

/// Coordinates with at most one decimal ("12", "12.5"), '.' as the mark.
std::string num(double v);
/// Appends `s` escaped for XML text and attribute values.
void esc(std::string& out, std::string_view s);
/// Keeps at most `max_chars` code points, ending in "…" when cut.
std::string clip(std::string_view s, std::size_t max_chars);
/// `fill` when it is "#rgb" or "#rrggbb", else `fallback`.
std::string colour(std::string_view fill, std::string_view fallback);
/// Opens <svg ...> with role, aria-labelledby, <title> and <desc>.
void open(std::string& out, std::string_view id, std::string_view cls, double width, double height,
          std::string_view title, std::string_view desc, bool stretch = false);

inline constexpr const char* kFont = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
inline constexpr const char* kInk = "#1a1a1a";
inline constexpr const char* kMuted = "#595959";
inline constexpr const char* kGrid = "#d0d0d0";
inline constexpr const char* kTrack = "#ececec";
inline constexpr const char* kBar = "#4a6a8a";
inline constexpr const char* kBarStrong = "#10273f";

}  // namespace mb::charts::svg
