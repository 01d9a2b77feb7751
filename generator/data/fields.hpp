// Internal to the data module: typed, strict access to the members of a JSON
// object, reporting every problem (wrong type, missing field, unknown field)
// at its position.
#pragma once

#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "data/json_source.hpp"
#include "data/model.hpp"

namespace mb::data::detail {

using json::Document;
using json::Json;

/// "did you mean 'x'?" notes for the nearest candidate (empty when none is close).
std::vector<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates);

/// A JSON object being read. The constructor reports a non-object value and
/// every member not in `allowed` ("unknown field 'tittle' in KPI" with the
/// nearest allowed name as a note).
class Fields {
 public:
  Fields(const Document& doc, Diagnostics& diags, const Json& value, std::string pointer, std::string what,
         const std::vector<std::string>& allowed);

  bool ok() const { return ok_; }
  const Document& doc() const { return doc_; }
  Diagnostics& diags() const { return diags_; }
  const std::string& pointer() const { return ptr_; }
  std::string at(const std::string& key) const { return json::pointer_append(ptr_, key); }
  SourcePos pos() const { return doc_.pos(ptr_); }
  SourcePos pos(const std::string& key) const { return doc_.pos(at(key)); }
  const Json* get(const std::string& key) const;
  bool has(const std::string& key) const { return get(key) != nullptr; }

  /// Error at the member's value (or at the object when `key` is empty).
  void error(const std::string& key, std::string message, std::vector<std::string> notes = {}) const;
  /// Error at the member's key.
  void error_key(const std::string& key, std::string message, std::vector<std::string> notes = {}) const;
  /// "missing required field 'x' in <what>" at the object.
  void missing(const std::string& key) const;

  // Typed getters. Each returns true when the member is present and valid;
  // absent and required, or present with the wrong type, is reported.
  bool str(const std::string& key, std::string& out, bool required);
  bool number(const std::string& key, std::optional<double>& out, bool required);
  bool integer(const std::string& key, std::optional<int>& out, bool required);
  bool boolean(const std::string& key, bool& out, bool required);
  bool date(const std::string& key, Date& out, bool required);
  /// A link: "http://…", "https://…" or a site path ("/van-ban/x.pdf"). Any
  /// other scheme (javascript:, data:, file:, …), "//host" and whitespace or
  /// control characters are refused: the value becomes an href.
  bool url(const std::string& key, std::string& out, bool required);
  /// An array of strings.
  bool strings(const std::string& key, std::vector<std::string>& out, bool required);
  /// A string or an array of strings (at least one).
  bool one_or_more(const std::string& key, std::vector<std::string>& out, bool required);
  /// The member if it is an object / array (reported otherwise).
  const Json* object(const std::string& key, bool required);
  const Json* array(const std::string& key, bool required);

 private:
  bool present(const std::string& key, bool required, const Json*& v) const;
  bool expect(const std::string& key, const Json& v, bool ok, const char* type) const;

  const Document& doc_;
  Diagnostics& diags_;
  const Json* v_;
  std::string ptr_;
  std::string what_;
  bool ok_;
};

/// The ids of `items` (anything with an `id` member), in order.
template <typename T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& x : items) out.push_back(x.id);
  return out;
}
std::vector<std::string> kpi_ids(const Plan& plan);

/// The item whose id is `id`, or nullptr after reporting "unknown <what> '<id>'"
/// at member `key` of `f`, with the nearest id as a note.
template <typename T>
const T* find_or_report(const std::vector<T>& items, const std::string& id, const Fields& f, const std::string& key,
                        const std::string& what) {
  for (const auto& x : items)
    if (x.id == id) return &x;
  f.error(key, "unknown " + what + " '" + id + "'", suggest(id, ids_of(items)));
  return nullptr;
}

/// Reads a source reference {name, url, ref} at member `key` of `f`.
bool read_source(Fields& f, const std::string& key, SourceRef& out, bool required);

/// Why `s` is not an acceptable link (see Fields::url), or "" when it is.
std::string url_problem(std::string_view s);

/// Checks a slug id ("so-noi-vu"): lowercase a-z, digits, single '-' between.
bool is_slug(std::string_view s);
/// Checks an id used inside a plan ("I", "I.1", "2.a"): ASCII letters, digits, '.', '-', '_'.
bool is_local_id(std::string_view s);
/// "first defined at <path>:<line>:<col>"
std::string first_defined(const Origin& o);

}  // namespace mb::data::detail
