// Internal: helpers shared by the built-in filters, tests and site filters.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "tmpl/render.hpp"

namespace mb::tmpl {

/// Jinja2's make_attrgetter: "a.b.0" looks up item by item; `lower` folds
/// strings for case-insensitive comparison; `dflt` replaces undefined.
class AttrGetter {
 public:
  AttrGetter(Call& c, const Value* attribute, bool lower, const Value* dflt);
  Value operator()(const Value& item) const;

 private:
  Call& c_;
  bool lower_ = false, active_ = false, has_default_ = false;
  std::vector<Value> parts_;
  Value default_;
};

std::vector<Value> to_list(Call& c, const Value& v);

/// number, percent, date, slugify (site_filters.cpp).
void add_site_filters(std::unordered_map<std::string, Builtin>& table);

}  // namespace mb::tmpl
