// Built-in tests (`x is defined`) and global functions (range, namespace, ...).
#include <cmath>

#include "tmpl/filters.hpp"
#include "tmpl/strings.hpp"

namespace mb::tmpl {

namespace {

bool numeric(const Value& v) { return v.is_int() || v.is_bool() || v.is_float(); }

const Value& one_arg(Call& c, const char* name) {
  c.expect({name});
  const Value* v = c.get(0, name);
  if (!v) c.fail(std::string("missing argument '") + name + "'");
  c.r.check_defined(*v, c.pos);
  return *v;
}

Value t_defined(Call& c) { return Value(!c.self.is_undefined()); }
Value t_undefined(Call& c) { return Value(c.self.is_undefined()); }
Value t_none(Call& c) { return Value(c.self.is_none()); }
Value t_boolean(Call& c) { return Value(c.self.is_bool()); }
Value t_true(Call& c) { return Value(c.self.is_bool() && c.self.as_bool()); }
Value t_false(Call& c) { return Value(c.self.is_bool() && !c.self.as_bool()); }
Value t_integer(Call& c) { return Value(c.self.is_int()); }
Value t_float(Call& c) { return Value(c.self.is_float()); }
Value t_number(Call& c) { return Value(numeric(c.self)); }
Value t_string(Call& c) { return Value(c.self.is_string()); }
Value t_mapping(Call& c) { return Value(c.self.is_dict()); }
Value t_callable(Call& c) { return Value(c.self.is_callable() && dynamic_cast<Invocable*>(c.self.as_callable())); }
Value t_escaped(Call& c) { return Value(c.self.is_safe()); }
Value t_sequence(Call& c) {
  c.r.check_defined(c.self, c.pos);
  return Value(c.self.is_string() || c.self.is_list() || c.self.is_dict());
}
Value t_iterable(Call& c) {
  c.r.check_defined(c.self, c.pos);
  return Value(c.self.is_string() || c.self.is_list() || c.self.is_dict());
}

Value mod_of(Call& c, const Value& v, std::int64_t n) {
  return c.r.binop(Op::mod, v, Value(n), c.pos);
}

Value t_even(Call& c) {
  c.expect({});
  if (!numeric(c.self)) c.r.fail(c.pos, "unsupported operand type(s) for %: '" + type_name(c.self) + "' and 'int'");
  return Value(equal(mod_of(c, c.self, 2), Value(0)));
}
Value t_odd(Call& c) {
  c.expect({});
  if (!numeric(c.self)) c.r.fail(c.pos, "unsupported operand type(s) for %: '" + type_name(c.self) + "' and 'int'");
  return Value(equal(mod_of(c, c.self, 2), Value(1)));
}
Value t_divisibleby(Call& c) {
  const Value& n = one_arg(c, "num");
  return Value(equal(c.r.binop(Op::mod, c.self, n, c.pos), Value(0)));
}
Value t_lower(Call& c) { return Value(py_islower(c.r.str(c.self, c.pos))); }
Value t_upper(Call& c) { return Value(py_isupper(c.r.str(c.self, c.pos))); }

Value t_sameas(Call& c) {
  c.expect({"other"});
  const Value* o = c.get(0, "other");
  if (!o) c.fail("missing argument 'other'");
  const Value& a = c.self;
  const Value& b = *o;
  if (a.kind() != b.kind()) return Value(false);
  switch (a.kind()) {
    case Value::Kind::undefined: return Value(false);
    case Value::Kind::none: return Value(true);
    case Value::Kind::boolean:
    case Value::Kind::integer:
    case Value::Kind::floating:
    case Value::Kind::string: return Value(equal(a, b));
    case Value::Kind::callable: return Value(a.as_callable() == b.as_callable());
    default: return Value(a.same_storage(b));
  }
}

Value cmp_test(Call& c, Op op) {
  const Value& other = one_arg(c, "other");
  return Value(c.r.compare(op, c.self, other, c.pos));
}
Value t_eq(Call& c) { return cmp_test(c, Op::eq); }
Value t_ne(Call& c) { return cmp_test(c, Op::ne); }
Value t_lt(Call& c) { return cmp_test(c, Op::lt); }
Value t_le(Call& c) { return cmp_test(c, Op::le); }
Value t_gt(Call& c) { return cmp_test(c, Op::gt); }
Value t_ge(Call& c) { return cmp_test(c, Op::ge); }
Value t_in(Call& c) {
  const Value& seq = one_arg(c, "seq");
  return Value(c.r.compare(Op::in, c.self, seq, c.pos));
}
Value t_filter(Call& c) {
  c.r.check_defined(c.self, c.pos);
  if (!c.self.is_string()) return Value(false);
  const auto& reg = c.r.env().registry;
  const std::string& n = c.self.as_string();
  return Value(reg.filters.count(n) > 0 || reg.user_filters.count(n) > 0);
}
Value t_test(Call& c) {
  c.r.check_defined(c.self, c.pos);
  return Value(c.self.is_string() && c.r.env().registry.tests.count(c.self.as_string()) > 0);
}

// ---- global functions ------------------------------------------------------

class BuiltinFunction : public Invocable {
 public:
  std::string name;
  BuiltinFn fn;
  std::string repr() const override { return "<built-in function " + name + ">"; }
  Value call(Renderer& r, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos) const override {
    Call c{r, "function", name, pos, Value(), std::move(args), std::move(kwargs)};
    for (const auto& a : c.args) r.check_defined(a, pos);
    for (const auto& kv : c.kwargs) r.check_defined(kv.second, pos);
    return fn(c);
  }
};

constexpr std::int64_t kMaxRange = 1000000;

Value g_range(Call& c) {
  if (!c.kwargs.empty()) c.fail("takes no keyword arguments");
  if (c.args.empty() || c.args.size() > 3)
    c.r.fail(c.pos, "range expected 1 to 3 arguments, got " + std::to_string(c.args.size()));
  for (const auto& a : c.args)
    if (!a.is_int() && !a.is_bool())
      c.r.fail(c.pos, std::string(1, '\'') + type_name(a) + "' object cannot be interpreted as an integer");
  std::int64_t start = 0, stop, step = 1;
  if (c.args.size() == 1) stop = c.args[0].as_int();
  else {
    start = c.args[0].as_int();
    stop = c.args[1].as_int();
    if (c.args.size() == 3) step = c.args[2].as_int();
  }
  if (step == 0) c.r.fail(c.pos, "range() arg 3 must not be zero");
  std::vector<Value> out;
  long double count = step > 0 ? std::ceil((static_cast<long double>(stop) - start) / step)
                               : std::ceil((static_cast<long double>(start) - stop) / -static_cast<long double>(step));
  if (count > kMaxRange) c.r.fail(c.pos, "range too big (more than " + std::to_string(kMaxRange) + " items)");
  if (count > 0) out.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) out.emplace_back(start + i * step);
  return Value::list(std::move(out));
}

Value g_dict(Call& c) {
  Value d = Value::dict();
  if (c.args.size() > 1) c.fail("expected at most 1 argument");
  if (!c.args.empty()) {
    if (!c.args[0].is_dict()) c.fail("expects a mapping");
    for (const auto& [k, v] : c.args[0].entries()) d.set(k, v);
  }
  for (const auto& [k, v] : c.kwargs) d.set(k, v);
  return d;
}

Value g_namespace(Call& c) {
  auto ns = std::make_shared<Namespace>();
  c.r.own(ns);
  if (c.args.size() > 1) c.fail("expected at most 1 argument");
  if (!c.args.empty()) {
    if (!c.args[0].is_dict()) c.fail("expects a mapping");
    for (const auto& [k, v] : c.args[0].entries()) ns->set(k, v);
  }
  for (const auto& [k, v] : c.kwargs) ns->set(k, v);
  return Value::callable(std::move(ns));
}

class Cycler : public Invocable {
 public:
  std::vector<Value> items;
  mutable std::size_t pos = 0;
  std::weak_ptr<Cycler> self;
  std::string repr() const override { return "<Cycler>"; }
  Value attr(std::string_view name) const override;
  Value call(Renderer& r, std::vector<Value>&, Kwargs&, std::uint32_t p) const override {
    r.fail(p, "'Cycler' object is not callable");
  }
};
class CyclerMethod : public Invocable {
 public:
  std::shared_ptr<Cycler> cy;
  std::string name;
  std::string repr() const override { return "<bound method Cycler." + name + ">"; }
  Value call(Renderer&, std::vector<Value>&, Kwargs&, std::uint32_t) const override {
    if (name == "reset") {
      cy->pos = 0;
      return Value::none();
    }
    Value v = cy->items[cy->pos];
    cy->pos = (cy->pos + 1) % cy->items.size();
    return v;
  }
};
Value Cycler::attr(std::string_view name) const {
  if (name == "current") return items[pos];
  if (name == "next" || name == "reset") {
    auto m = std::make_shared<CyclerMethod>();
    m->cy = self.lock();
    m->name = std::string(name);
    return Value::callable(std::move(m));
  }
  return Value();
}

Value g_cycler(Call& c) {
  if (c.args.empty()) c.r.fail(c.pos, "at least one item has to be provided");
  auto cy = std::make_shared<Cycler>();
  cy->items = c.args;
  cy->self = cy;
  return Value::callable(std::move(cy));
}

class Joiner : public Invocable {
 public:
  std::string sep;
  mutable bool used = false;
  std::string repr() const override { return "<Joiner>"; }
  Value call(Renderer&, std::vector<Value>&, Kwargs&, std::uint32_t) const override {
    if (!used) {
      used = true;
      return Value("");
    }
    return Value(sep);
  }
};

Value g_joiner(Call& c) {
  auto j = std::make_shared<Joiner>();
  Value sep = c.arg(0, "sep", Value(", "));
  j->sep = c.r.str(sep, c.pos);
  return Value::callable(std::move(j));
}

}  // namespace

const std::unordered_map<std::string, Builtin>& builtin_tests() {
  static const std::unordered_map<std::string, Builtin> table = {
      {"boolean", {t_boolean, true}},
      {"callable", {t_callable, true}},
      {"defined", {t_defined, true}},
      {"divisibleby", {t_divisibleby}},
      {"eq", {t_eq}},
      {"equalto", {t_eq}},
      {"==", {t_eq}},
      {"escaped", {t_escaped, true}},
      {"even", {t_even}},
      {"false", {t_false, true}},
      {"filter", {t_filter}},
      {"float", {t_float, true}},
      {"ge", {t_ge}},
      {">=", {t_ge}},
      {"gt", {t_gt}},
      {"greaterthan", {t_gt}},
      {">", {t_gt}},
      {"in", {t_in}},
      {"integer", {t_integer, true}},
      {"iterable", {t_iterable}},
      {"le", {t_le}},
      {"<=", {t_le}},
      {"lower", {t_lower}},
      {"lt", {t_lt}},
      {"lessthan", {t_lt}},
      {"<", {t_lt}},
      {"mapping", {t_mapping, true}},
      {"ne", {t_ne}},
      {"!=", {t_ne}},
      {"none", {t_none, true}},
      {"number", {t_number, true}},
      {"odd", {t_odd}},
      {"sameas", {t_sameas, true}},
      {"sequence", {t_sequence}},
      {"string", {t_string, true}},
      {"test", {t_test}},
      {"true", {t_true, true}},
      {"undefined", {t_undefined, true}},
      {"upper", {t_upper}},
  };
  return table;
}

void add_builtin_globals(Globals& globals) {
  auto add = [&](const char* name, BuiltinFn fn) {
    auto f = std::make_shared<BuiltinFunction>();
    f->name = name;
    f->fn = fn;
    globals[name] = Value::callable(std::move(f));
  };
  add("range", g_range);
  add("dict", g_dict);
  add("namespace", g_namespace);
  add("cycler", g_cycler);
  add("joiner", g_joiner);
}

}  // namespace mb::tmpl
