// JSON downloads and JSON-LD.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "opendata/table.hpp"

namespace mb::opendata {

/// A table as JSON text: an array of records, one object per row with the
/// columns in order; numbers as JSON numbers (integers exact; decimals as the
/// nearest double, so "88.50" reads back as 88.5), text as strings
/// (unchanged: no formula quote), empty cells as null, and in boolean
/// columns the text "true" as true and any other text as false. The text
/// write_json would give for the same records, written without building them
/// as a tree. Throws std::invalid_argument on a wrong cell count.
std::string write_table_json(const Table& table);

/// Deterministic JSON text for downloads: two-space indent, UTF-8 left
/// unescaped (invalid bytes replaced by U+FFFD), a final newline. Key order is
/// the object's own (sorted for nlohmann::json, insertion for ordered_json).
std::string write_json(const nlohmann::ordered_json& value);
std::string write_json(const nlohmann::json& value);

/// JSON text that is safe inside an HTML <script> element: compact, and every
/// '<', '>' and '&' written as \u003c, \u003e, \u0026 (U+2028 and U+2029 as
/// \u2028, \u2029), so "</script>" or "<!--" in the data cannot end the
/// script. The result still parses to the same JSON value.
std::string json_for_script(const nlohmann::json& value);
std::string json_for_script(const nlohmann::ordered_json& value);

/// `<script type="application/ld+json">` + json_for_script(value) + `</script>`,
/// for schema.org Dataset markup on data pages.
std::string json_ld_script(const nlohmann::json& value);
std::string json_ld_script(const nlohmann::ordered_json& value);

}  // namespace mb::opendata
