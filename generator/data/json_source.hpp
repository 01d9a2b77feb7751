// JSON with source positions.
//
// A parsed document is an `nlohmann::ordered_json` plus, for every value and
// every object key, its 1-based line and column (code points) in the source
// text, keyed by JSON pointer ("/sections/0/kpis/3/title"). Parsing is strict:
// malformed JSON, invalid UTF-8, duplicate keys, non-finite numbers, nesting
// deeper than `max_depth` and files larger than `max_bytes` are errors,
// reported at their exact position. Every string (and key) is returned in
// Unicode NFC; normalising is silent.
//
// Used by the data module; reusable for any JSON input that needs precise
// diagnostics.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diag.hpp"

namespace mb::json {

using Json = nlohmann::ordered_json;

struct ParseOptions {
  std::size_t max_depth = 200;             ///< deepest nesting of arrays/objects
  std::size_t max_bytes = 64u << 20;       ///< larger files are refused
};

/// A parsed JSON file: its value, its text and where each value stands.
struct Document {
  std::string path;  ///< display path used in diagnostics ("data/plans/x.json")
  std::string text;  ///< the source text as read (not normalised)
  Json root;
  std::unordered_map<std::string, SourcePos> value_pos;  ///< pointer → first character of the value
  std::unordered_map<std::string, SourcePos> key_pos;    ///< pointer → opening quote of the member's key

  /// Position of the value at `pointer`; falls back to the nearest ancestor, then 1:1.
  SourcePos pos(std::string_view pointer) const;
  /// Position of the key of the member at `pointer` (the value's when it has no key).
  SourcePos key(std::string_view pointer) const;

  /// Adds an error at the value at `pointer` (or at its key when `at_key`),
  /// with the source line attached.
  void error(Diagnostics& diags, std::string_view pointer, std::string message,
             std::vector<std::string> notes = {}, bool at_key = false) const;
  /// Adds an error at an explicit position of this document.
  void error_at(Diagnostics& diags, SourcePos pos, std::string message,
                std::vector<std::string> notes = {}) const;
};

/// Line and column of byte offsets in `text`, in O(text size) over a run of
/// increasing offsets; same rules as mb::position_of. Keeps a view of `text`.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}
  SourcePos at(std::size_t offset);

 private:
  std::string_view text_;
  std::size_t offset_ = 0;
  SourcePos pos_{1, 1};
};

/// Appends the reference token `token` to the JSON pointer `pointer`
/// ("~" → "~0", "/" → "~1").
std::string pointer_append(std::string_view pointer, std::string_view token);
std::string pointer_append(std::string_view pointer, std::size_t index);

/// Parses `text` into `out` (sets out.path = path, out.text = text). Returns
/// false (after adding errors to `diags`) when the text is not valid JSON;
/// on success `out.root` holds the value. Size is not checked here.
bool parse(std::string text, const std::string& path, Document& out, Diagnostics& diags,
           const ParseOptions& options = {});

/// Reads `file` and parses it; a file over `options.max_bytes` or unreadable
/// is an error at `path` (no line).
bool load_file(const std::filesystem::path& file, const std::string& path, Document& out,
               Diagnostics& diags, const ParseOptions& options = {});

/// Reads `file` into `out` unless it is larger than `max_bytes` (errors at `path`).
bool read_capped(const std::filesystem::path& file, const std::string& path, std::size_t max_bytes, std::string& out,
                 Diagnostics& diags);

/// "null", "boolean", "number", "string", "array" or "object".
const char* type_name(const Json& v);

/// The value's type for messages: "a string (\"95\")", "a number", "a boolean",
/// "null", "an array", "an object" (short strings are quoted).
std::string describe(const Json& v);

/// Shortest decimal text of a number as printed in messages: 83.81, 35, 1e+20.
std::string format_number(double v);

}  // namespace mb::json
