#include "value/value.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

namespace mb {

// ---------------------------------------------------------------------------
// Storage

struct Value::ListData {
  std::vector<Value> items;
  std::uint32_t depth = 1;
};

// Insertion-ordered entries; past kIndexFrom entries an open-addressing
// table of entry indices (+1, 0 = empty) makes lookups O(1).
struct Value::DictData {
  static constexpr std::size_t kIndexFrom = 16;
  std::vector<std::pair<std::string, Value>> entries;
  std::vector<std::uint32_t> table;
  std::uint32_t depth = 1;

  static std::size_t hash(std::string_view k) { return std::hash<std::string_view>{}(k); }
  // keys differ in size or first byte far more often than not: test those before memcmp
  static bool same(const std::string& a, std::string_view b) {
    return a.size() == b.size() && (b.empty() || (a[0] == b[0] && std::memcmp(a.data(), b.data(), b.size()) == 0));
  }

  void table_insert(std::uint32_t idx) {
    std::size_t mask = table.size() - 1;
    std::size_t h = hash(entries[idx].first) & mask;
    while (table[h] != 0) h = (h + 1) & mask;
    table[h] = idx + 1;
  }
  void rebuild() {
    std::size_t cap = 64;
    while (cap < entries.size() * 2) cap *= 2;
    table.assign(cap, 0);
    for (std::uint32_t i = 0; i < entries.size(); ++i) table_insert(i);
  }
  const std::pair<std::string, Value>* lookup(std::string_view key) const {
    if (table.empty()) {
      for (const auto& e : entries)
        if (same(e.first, key)) return &e;
      return nullptr;
    }
    return lookup(key, hash(key));
  }
  const std::pair<std::string, Value>* lookup(std::string_view key, std::size_t key_hash) const {
    if (table.empty()) {
      for (const auto& e : entries)
        if (same(e.first, key)) return &e;
      return nullptr;
    }
    std::size_t mask = table.size() - 1;
    std::size_t h = key_hash & mask;
    while (std::uint32_t slot = table[h]) {
      const auto& e = entries[slot - 1];
      if (same(e.first, key)) return &e;
      h = (h + 1) & mask;
    }
    return nullptr;
  }
  void insert(std::string key, Value v) {
    if (auto* e = lookup(key)) {
      const_cast<Value&>(e->second) = std::move(v);
      return;
    }
    entries.emplace_back(std::move(key), std::move(v));
    if (!table.empty() && entries.size() * 2 <= table.size()) {
      table_insert(static_cast<std::uint32_t>(entries.size() - 1));
    } else if (entries.size() > kIndexFrom) {
      rebuild();
    }
  }
};

namespace {
const std::string& empty_string() {
  static const std::string s;
  return s;
}
const std::vector<Value>& empty_items() {
  static const std::vector<Value> v;
  return v;
}
const std::vector<std::pair<std::string, Value>>& empty_entries() {
  static const std::vector<std::pair<std::string, Value>> v;
  return v;
}
const Value& undefined_value() {
  static const Value v;
  return v;
}
}  // namespace

Callable::~Callable() = default;
Value Callable::attr(std::string_view) const { return Value(); }

Value::Value(std::string s) : kind_(Kind::string), flags_(0), i_(0) {
  // strings are never changed in place: every empty one shares the same storage
  // (a site model holds hundreds of thousands of empty notes and sources)
  static const std::shared_ptr<void> empty = std::make_shared<std::string>();
  if (s.empty()) p_ = empty;
  else p_ = std::make_shared<std::string>(std::move(s));
}

Value Value::none() noexcept {
  Value v;
  v.kind_ = Kind::none;
  return v;
}

Value Value::safe(std::string html) {
  Value v(std::move(html));
  v.flags_ = kSafe;
  return v;
}

Value Value::safe(std::shared_ptr<const std::string> html) {
  if (!html || html->empty()) return safe(std::string());
  Value v;
  v.kind_ = Kind::string;
  v.flags_ = kSafe;
  v.p_ = std::const_pointer_cast<std::string>(std::move(html));
  return v;
}

Value Value::borrowed(const std::string& s) {
  Value v;
  v.kind_ = Kind::string;
  // the aliasing constructor with no owner: a pointer without a count
  v.p_ = std::shared_ptr<void>(std::shared_ptr<void>(), const_cast<std::string*>(&s));
  return v;
}

Value Value::list() {
  Value v;
  v.kind_ = Kind::list;
  v.p_ = std::make_shared<ListData>();
  return v;
}

Value Value::list(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::list;
  auto d = std::make_shared<ListData>();
  std::uint32_t depth = 1;
  for (const auto& it : items) depth = std::max(depth, it.depth() + 1);
  d->items = std::move(items);
  d->depth = depth;
  v.p_ = std::move(d);
  return v;
}

Value Value::tuple(std::vector<Value> items) {
  Value v = list(std::move(items));
  v.flags_ = kTuple;
  return v;
}

Value Value::dict() {
  Value v;
  v.kind_ = Kind::dict;
  v.p_ = std::make_shared<DictData>();
  return v;
}

Value Value::callable(std::shared_ptr<Callable> c) {
  Value v;
  v.kind_ = Kind::callable;
  v.p_ = std::move(c);
  return v;
}

namespace {
struct UndefinedInfo {
  std::string hint;
  Value object;  ///< the dict or object that lacked the attribute (undefined if none)
  std::string name;
};
}  // namespace

Value Value::undefined(std::string hint) {
  Value v;
  v.p_ = std::make_shared<UndefinedInfo>(UndefinedInfo{std::move(hint), Value(), {}});
  return v;
}

Value Value::undefined(std::string hint, Value object, std::string name) {
  Value v;
  v.p_ = std::make_shared<UndefinedInfo>(UndefinedInfo{std::move(hint), std::move(object), std::move(name)});
  return v;
}

const Value* Value::undefined_object() const noexcept {
  if (kind_ != Kind::undefined || !p_) return nullptr;
  const auto* info = static_cast<const UndefinedInfo*>(p_.get());
  return info->object.is_undefined() ? nullptr : &info->object;
}

const std::string& Value::undefined_name() const noexcept {
  if (kind_ != Kind::undefined || !p_) return empty_string();
  return static_cast<const UndefinedInfo*>(p_.get())->name;
}

Value::ListData* Value::list_data() { return static_cast<ListData*>(p_.get()); }
Value::DictData* Value::dict_data() { return static_cast<DictData*>(p_.get()); }
const Value::ListData* Value::list_data() const noexcept {
  return kind_ == Kind::list ? static_cast<const ListData*>(p_.get()) : nullptr;
}
const Value::DictData* Value::dict_data() const noexcept {
  return kind_ == Kind::dict ? static_cast<const DictData*>(p_.get()) : nullptr;
}

void Value::unshare() {
  if (p_.use_count() <= 1) return;
  if (kind_ == Kind::list) p_ = std::make_shared<ListData>(*list_data());
  else if (kind_ == Kind::dict) p_ = std::make_shared<DictData>(*dict_data());
}

void Value::push(Value v) {
  if (kind_ != Kind::list) return;
  unshare();
  auto* d = list_data();
  d->depth = std::max(d->depth, v.depth() + 1);
  d->items.push_back(std::move(v));
}

void Value::set(std::string key, Value v) {
  if (kind_ != Kind::dict) return;
  unshare();
  auto* d = dict_data();
  d->depth = std::max(d->depth, v.depth() + 1);
  d->insert(std::move(key), std::move(v));
}

void Value::reserve(std::size_t n) {
  if (kind_ == Kind::list) {
    unshare();
    list_data()->items.reserve(n);
  } else if (kind_ == Kind::dict) {
    unshare();
    dict_data()->entries.reserve(n);
  }
}

bool Value::truthy() const noexcept {
  switch (kind_) {
    case Kind::undefined:
    case Kind::none: return false;
    case Kind::boolean:
    case Kind::integer: return i_ != 0;
    case Kind::floating: return d_ != 0.0;
    case Kind::string: return !as_string().empty();
    case Kind::list: return !list_data()->items.empty();
    case Kind::dict: return !dict_data()->entries.empty();
    case Kind::callable: return true;
  }
  return false;
}

bool Value::as_bool() const noexcept { return kind_ == Kind::boolean ? i_ != 0 : truthy(); }

std::int64_t Value::as_int() const noexcept {
  if (kind_ == Kind::integer || kind_ == Kind::boolean) return i_;
  if (kind_ == Kind::floating) {
    if (!(d_ > -9.2e18 && d_ < 9.2e18)) return 0;
    return static_cast<std::int64_t>(d_);
  }
  return 0;
}

double Value::as_number() const noexcept {
  if (kind_ == Kind::integer || kind_ == Kind::boolean) return static_cast<double>(i_);
  if (kind_ == Kind::floating) return d_;
  return 0.0;
}

const std::string& Value::as_string() const noexcept {
  if (kind_ != Kind::string) return empty_string();
  return *static_cast<const std::string*>(p_.get());
}

Callable* Value::as_callable() const noexcept {
  return kind_ == Kind::callable ? static_cast<Callable*>(p_.get()) : nullptr;
}

const std::string& Value::undefined_hint() const noexcept {
  if (kind_ != Kind::undefined || !p_) return empty_string();
  return static_cast<const UndefinedInfo*>(p_.get())->hint;
}

std::size_t Value::size() const noexcept {
  switch (kind_) {
    case Kind::string: return as_string().size();
    case Kind::list: return list_data()->items.size();
    case Kind::dict: return dict_data()->entries.size();
    default: return 0;
  }
}

const Value& Value::at(std::size_t i) const noexcept {
  const auto& v = items();
  return i < v.size() ? v[i] : undefined_value();
}

const Value* Value::find(std::string_view key) const noexcept {
  const auto* d = dict_data();
  if (!d) return nullptr;
  const auto* e = d->lookup(key);
  return e ? &e->second : nullptr;
}

const Value* Value::find(std::string_view key, std::size_t hash) const noexcept {
  const auto* d = dict_data();
  if (!d) return nullptr;
  const auto* e = d->lookup(key, hash);
  return e ? &e->second : nullptr;
}

std::size_t Value::key_hash(std::string_view key) noexcept { return DictData::hash(key); }

const std::vector<Value>& Value::items() const noexcept {
  const auto* d = list_data();
  return d ? d->items : empty_items();
}

const std::vector<std::pair<std::string, Value>>& Value::entries() const noexcept {
  const auto* d = dict_data();
  return d ? d->entries : empty_entries();
}

std::vector<std::string> Value::keys() const {
  std::vector<std::string> out;
  for (const auto& e : entries()) out.push_back(e.first);
  return out;
}

std::uint32_t Value::depth() const noexcept {
  if (kind_ == Kind::list) return list_data()->depth;
  if (kind_ == Kind::dict) return dict_data()->depth;
  return 0;
}

// ---------------------------------------------------------------------------
// Equality

namespace {
bool int_equals_float(std::int64_t i, double d) {
  if (!std::isfinite(d) || d != std::floor(d)) return false;
  if (d < -9223372036854775808.0 || d >= 9223372036854775808.0) return false;
  return static_cast<std::int64_t>(d) == i;
}
}  // namespace

bool equal(const Value& a, const Value& b) {
  using K = Value::Kind;
  K ka = a.kind(), kb = b.kind();
  bool na = ka == K::integer || ka == K::boolean || ka == K::floating;
  bool nb = kb == K::integer || kb == K::boolean || kb == K::floating;
  if (na && nb) {
    if (ka == K::floating && kb == K::floating) return a.as_number() == b.as_number();
    if (ka == K::floating) return int_equals_float(b.as_int(), a.as_number());
    if (kb == K::floating) return int_equals_float(a.as_int(), b.as_number());
    return a.as_int() == b.as_int();
  }
  if (ka != kb) return false;
  switch (ka) {
    case K::undefined:
    case K::none: return true;
    case K::string: return a.as_string() == b.as_string();
    case K::list: {
      if (a.is_tuple() != b.is_tuple()) return false;
      if (a.same_storage(b)) return true;
      const auto &x = a.items(), &y = b.items();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!equal(x[i], y[i])) return false;
      return true;
    }
    case K::dict: {
      if (a.same_storage(b)) return true;
      if (a.size() != b.size()) return false;
      for (const auto& e : a.entries()) {
        const Value* o = b.find(e.first);
        if (!o || !equal(e.second, *o)) return false;
      }
      return true;
    }
    case K::callable: return a.as_callable() == b.as_callable();
    default: return false;
  }
}

}  // namespace mb
