// mb::Value — the value type shared by data files, front matter, the site
// model and templates.
//
// Kinds: undefined, none, bool, int (int64), float (double), string (with a
// `safe` flag: already HTML, never escaped again), list (also used for
// tuples, with a `tuple` flag that only changes how it prints), dict
// (string keys in insertion order) and callable (macros, bound functions,
// template objects such as `loop`).
//
// Copies are cheap: strings, lists and dicts live in shared storage, so the
// site model is built once and every render borrows it. Values have value
// semantics: `push` and `set` copy the storage first when it is shared
// (copy-on-write), so building one value never changes another. A built value
// is immutable and can be read from many threads at once; mutate a value
// only from one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace mb {

class Value;

/// Base of callable and opaque objects (macros, functions, `loop`,
/// `namespace()`). Implemented by the template engine; data code never needs
/// one. `attr` serves `obj.name`; `repr` is how it prints.
class Callable {
 public:
  virtual ~Callable();
  /// `obj.name`; an undefined Value when there is no such attribute.
  virtual Value attr(std::string_view name) const;
  /// How the object prints (Python's repr), e.g. "<Macro 'card'>".
  virtual std::string repr() const = 0;
};

class Value {
 public:
  enum class Kind : std::uint8_t { undefined, none, boolean, integer, floating, string, list, dict, callable };

  Value() noexcept : kind_(Kind::undefined), flags_(0), i_(0) {}  ///< undefined
  Value(bool b) noexcept : kind_(Kind::boolean), flags_(0), i_(b ? 1 : 0) {}
  Value(int i) noexcept : kind_(Kind::integer), flags_(0), i_(i) {}
  Value(long i) noexcept : kind_(Kind::integer), flags_(0), i_(i) {}
  Value(long long i) noexcept : kind_(Kind::integer), flags_(0), i_(i) {}
  Value(unsigned i) noexcept : kind_(Kind::integer), flags_(0), i_(i) {}
  /// Sizes and other unsigned values; above INT64_MAX they become floats.
  Value(unsigned long i) noexcept : Value(static_cast<unsigned long long>(i)) {}
  Value(unsigned long long i) noexcept : kind_(Kind::integer), flags_(0), i_(0) {
    if (i > static_cast<unsigned long long>(INT64_MAX)) {
      kind_ = Kind::floating;
      d_ = static_cast<double>(i);
    } else {
      i_ = static_cast<std::int64_t>(i);
    }
  }
  Value(double d) noexcept : kind_(Kind::floating), flags_(0), d_(d) {}
  Value(std::string s);
  Value(const char* s) : Value(std::string(s ? s : "")) {}
  Value(std::string_view s) : Value(std::string(s)) {}

  static Value none() noexcept;
  /// A string that is already HTML: printed as is even when auto-escaping.
  static Value safe(std::string html);
  /// The same, sharing `html`'s storage instead of copying it (a page body
  /// held by both its page and its view); null gives "". The string must not
  /// change afterwards.
  static Value safe(std::shared_ptr<const std::string> html);
  /// A string that refers to `s` instead of copying it: no allocation. `s`
  /// must not change or move, and must outlive every copy of the value (a
  /// page view refers to its page's title, dates and summary: the pages live
  /// as long as the build).
  static Value borrowed(const std::string& s);
  static Value list();
  static Value list(std::vector<Value> items);
  /// A tuple: a list that prints as `(a, b)`.
  static Value tuple(std::vector<Value> items);
  static Value dict();
  static Value callable(std::shared_ptr<Callable> c);
  /// An undefined value that remembers why (used in error messages:
  /// "'dict object' has no attribute 'x'").
  static Value undefined(std::string hint);
  /// Undefined because `object` has no attribute or key `name` (kept for
  /// "did you mean" suggestions).
  static Value undefined(std::string hint, Value object, std::string name);

  /// Appends to a list (while building).
  void push(Value v);
  /// Sets a dict key (while building); an existing key keeps its position.
  void set(std::string key, Value v);
  /// Reserves room in a list or dict.
  void reserve(std::size_t n);

  Kind kind() const noexcept { return kind_; }
  bool is_undefined() const noexcept { return kind_ == Kind::undefined; }
  bool is_none() const noexcept { return kind_ == Kind::none; }
  bool is_bool() const noexcept { return kind_ == Kind::boolean; }
  bool is_int() const noexcept { return kind_ == Kind::integer; }
  bool is_float() const noexcept { return kind_ == Kind::floating; }
  bool is_number() const noexcept { return kind_ == Kind::integer || kind_ == Kind::floating; }
  bool is_string() const noexcept { return kind_ == Kind::string; }
  bool is_safe() const noexcept { return kind_ == Kind::string && (flags_ & kSafe); }
  bool is_list() const noexcept { return kind_ == Kind::list; }
  bool is_tuple() const noexcept { return kind_ == Kind::list && (flags_ & kTuple); }
  bool is_dict() const noexcept { return kind_ == Kind::dict; }
  bool is_callable() const noexcept { return kind_ == Kind::callable; }

  /// Python truthiness: false for undefined, none, false, 0, 0.0, "", [] and {}.
  bool truthy() const noexcept;

  /// The bool, or truthy() for other kinds.
  bool as_bool() const noexcept;
  /// The int; a float is truncated, a bool is 0/1, anything else 0.
  std::int64_t as_int() const noexcept;
  /// The number as a double (bool 0/1); anything else 0.
  double as_number() const noexcept;
  /// The string; "" for any other kind.
  const std::string& as_string() const noexcept;
  /// The callable object, or nullptr.
  Callable* as_callable() const noexcept;
  /// For an undefined value: why it is undefined ("" when unknown).
  const std::string& undefined_hint() const noexcept;
  /// For an undefined attribute or key: the object that lacked it, else nullptr.
  const Value* undefined_object() const noexcept;
  /// For an undefined attribute or key: the name that was looked up.
  const std::string& undefined_name() const noexcept;

  /// Elements of a list, entries of a dict, bytes of a string; 0 otherwise.
  std::size_t size() const noexcept;
  /// List element `i`; an undefined value when out of range or not a list.
  const Value& at(std::size_t i) const noexcept;
  /// Dict lookup; nullptr when absent or not a dict.
  const Value* find(std::string_view key) const noexcept;
  /// The same, with `hash` = key_hash(key) computed once by the caller (template attribute names).
  const Value* find(std::string_view key, std::size_t hash) const noexcept;
  /// The hash of a dict key, for find(key, hash).
  static std::size_t key_hash(std::string_view key) noexcept;
  /// List elements (empty for other kinds).
  const std::vector<Value>& items() const noexcept;
  /// Dict entries in insertion order (empty for other kinds).
  const std::vector<std::pair<std::string, Value>>& entries() const noexcept;

  /// Calls f(const std::string& key, const Value& v) for each dict entry in order.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& e : entries()) f(e.first, e.second);
  }
  std::vector<std::string> keys() const;

  /// Nesting depth of lists/dicts (0 for scalars); bounded by the engine.
  std::uint32_t depth() const noexcept;

  /// True when both share the same storage (Python's `is` for containers).
  bool same_storage(const Value& other) const noexcept { return p_ && p_ == other.p_; }

 private:
  static constexpr std::uint8_t kSafe = 1, kTuple = 2;
  struct ListData;
  struct DictData;
  ListData* list_data();
  DictData* dict_data();
  const ListData* list_data() const noexcept;
  const DictData* dict_data() const noexcept;
  void unshare();

  Kind kind_;
  std::uint8_t flags_;
  union {
    std::int64_t i_;
    double d_;
  };
  std::shared_ptr<void> p_;
};

/// Python `==` (1 == 1.0 == True, "a" == safe "a", lists and dicts by
/// content); undefined equals only undefined.
bool equal(const Value& a, const Value& b);

Value from_json(const nlohmann::ordered_json& j);
/// Undefined and callables become null; NaN and infinities become null.
nlohmann::ordered_json to_json(const Value& v);

/// How Jinja2 prints a value: Python's str() (None, True, 5.0, 1e+20,
/// ['a', 1], {'k': 'v'}). Undefined prints as "".
std::string to_display(const Value& v);
/// Appends to_display(v) to out.
void append_display(std::string& out, const Value& v);
/// Python's repr(): strings quoted ('a'), safe strings as Markup('a').
std::string to_repr(const Value& v);
/// Python's repr() of a float: shortest round-trip (0.1, 5.0, 1e+20, 1.5e-07, inf, nan).
std::string float_repr(double d);
/// Appends Python's repr() of a string ('it\'s' → "it's").
void append_string_repr(std::string& out, std::string_view s);

}  // namespace mb
