// A streaming JSON writer for the large JSON outputs (JSON Feeds, table
// downloads): the text nlohmann::json::dump(2, ' ', false, replace) gives for
// the same value, byte for byte, written straight into a string instead of
// through a tree of nodes built and freed for each file.
//
// Used by the feed writers and by `opendata` (JSON downloads).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mb::feeds {

/// Writes one JSON value into `out`, pretty-printed like nlohmann's
/// dump(2, ' ', false, error_handler_t::replace): two-space indent, `"key": `,
/// `{}` and `[]` for empty containers, UTF-8 left unescaped, control
/// characters as \b \f \n \r \t or \u00xx, invalid UTF-8 replaced by U+FFFD.
///
///   std::string s;
///   JsonWriter w(s);
///   w.begin_object(); w.key("id"); w.string("x"); w.end_object();
///
/// Calls out of order (a value where a key is due, an end without a begin)
/// throw std::logic_error.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  /// The key of the next member (inside an object only).
  void key(std::string_view k);

  void string(std::string_view s);
  void null();
  void boolean(bool b);
  void integer(std::int64_t v);
  /// A decimal literal (-?digits(.digits)?, as opendata::Cell keeps numbers)
  /// written as nlohmann writes the number it parses to: "88.50" as 88.5,
  /// "3.00" as 3.0, "-0" as 0, "1e3" as 1000.0. Throws what
  /// nlohmann::json::parse throws if it is not a JSON number ("007", "").
  void number_literal(std::string_view literal);

  /// True once the top-level value is complete.
  bool done() const { return stack_.empty() && wrote_top_; }

 private:
  struct Level {
    bool object;
    bool empty = true;
  };
  void value_start();
  void open(bool object, char c);
  void close(bool object, char c);
  void indent(std::size_t depth);

  std::string& out_;
  std::vector<Level> stack_;
  bool key_pending_ = false;  // a key was written, its value is due
  bool wrote_top_ = false;
};

/// Appends `s` as a JSON string literal, quotes included, escaped as
/// JsonWriter::string does.
void append_json_string(std::string& out, std::string_view s);

}  // namespace mb::feeds
