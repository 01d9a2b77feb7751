// Cell values as Vietnamese offices write them: decimal commas, percent
// signs, dates day first, periods in words ("Quý I/2026").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mb::importer {

/// A number written with a decimal comma or point, an optional percent sign
/// and optional thousands separators: "88,5" → 88.5, "88.5", "88,5%" → 88.5,
/// "1.234,5" → 1234.5, "1 234" → 1234, "-3". One comma or one point is the
/// decimal mark; several of one kind are thousands separators ("1.234.567").
/// Sets `*percent` when a '%' was written. nullopt when `s` is not a number.
std::optional<double> parse_number(std::string_view s, bool* percent = nullptr);

/// "true"/"false" for cells of done/not-done KPIs: "x", "có", "đạt",
/// "hoàn thành", "đã hoàn thành", "true", "yes" / "không", "chưa",
/// "chưa hoàn thành", "false", "no" (case and diacritics ignored).
std::optional<bool> parse_yes_no(std::string_view s);

/// "YYYY-MM-DD" from "2026-04-10", "10/4/2026", "10-04-2026" or
/// "10.04.2026" (day first, as written in Vietnam). nullopt when not a valid date.
std::optional<std::string> parse_date_text(std::string_view s);

/// A reporting period "2026", "2026-Q1", "2026-H2" from "2026", "năm 2026",
/// "2026-Q1", "Q1/2026", "Quý I/2026", "quý 1 năm 2026", "6 tháng đầu năm
/// 2026" (H1), "6 tháng cuối năm 2026" (H2). nullopt when not recognised.
std::optional<std::string> parse_period_text(std::string_view s);

/// A number as written into JSON text and shown in previews: 88.5, 90, 0.25.
std::string number_str(double v);

}  // namespace mb::importer
