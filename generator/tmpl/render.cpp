// The renderer: walks the AST of a template with per-render state.
#include "tmpl/render.hpp"
#include "tmpl/objects.hpp"

#include <charconv>
#include <cmath>

#include "base/text.hpp"
#include "tmpl/strings.hpp"

namespace mb::tmpl {

// ---------------------------------------------------------------------------
// Variables

const Value* Ctx::find(std::string_view name) const {
  for (const auto& e : vars)
    if (same_name(e.first, name)) return &e.second;
  for (const auto& e : outer)
    if (same_name(e.first, name)) return &e.second;
  return nullptr;
}

void Ctx::set(std::string_view name, Value v) {
  for (auto& e : vars)
    if (same_name(e.first, name)) {
      e.second = std::move(v);
      return;
    }
  vars.emplace_back(std::string(name), std::move(v));
}

std::string type_name(const Value& v) {
  using K = Value::Kind;
  switch (v.kind()) {
    case K::undefined: return "StrictUndefined";
    case K::none: return "NoneType";
    case K::boolean: return "bool";
    case K::integer: return "int";
    case K::floating: return "float";
    case K::string: return v.is_safe() ? "Markup" : "str";
    case K::list: return v.is_tuple() ? "tuple" : "list";
    case K::dict: return "dict";
    case K::callable: return "function";
  }
  return "object";
}

namespace {
std::string object_type_repr(const Value& v) {
  if (v.is_none()) return "None";
  return type_name(v) + " object";
}

Value undefined_attr(const Value& obj, std::string_view name) {
  return Value::undefined("'" + object_type_repr(obj) + "' has no attribute '" + std::string(name) + "'", obj,
                          std::string(name));
}
Value undefined_item(const Value& obj, const Value& key) {
  if (key.is_string()) return undefined_attr(obj, key.as_string());
  return Value::undefined("'" + object_type_repr(obj) + "' has no element " + to_repr(key));
}

// Python's slice.indices() + iteration.
std::vector<std::size_t> slice_indices(std::int64_t len, const Value* start, const Value* stop, const Value* step) {
  std::int64_t st = step ? step->as_int() : 1;
  std::vector<std::size_t> out;
  if (st == 0) return out;
  std::int64_t lo, hi;
  auto adjust = [&](const Value* v, std::int64_t dflt, bool is_start) {
    if (!v) return dflt;
    std::int64_t x = v->as_int();
    if (x < 0) {
      x += len;
      if (x < 0) x = st < 0 ? -1 : 0;
    } else if (x >= len) {
      x = st < 0 ? len - 1 : len;
    }
    (void)is_start;
    return x;
  };
  lo = adjust(start, st < 0 ? len - 1 : 0, true);
  hi = adjust(stop, st < 0 ? -1 : len, false);
  if (st > 0)
    for (std::int64_t i = lo; i < hi; i += st) out.push_back(static_cast<std::size_t>(i));
  else
    for (std::int64_t i = lo; i > hi; i += st) out.push_back(static_cast<std::size_t>(i));
  return out;
}
}  // namespace


// ---------------------------------------------------------------------------
// Lifetime

std::shared_ptr<Ctx> Renderer::new_ctx() {
  contexts_.push_back(std::make_shared<Ctx>());
  return contexts_.back();
}

Renderer::~Renderer() {
  for (auto& ns : namespaces_) ns->vars.clear();
  for (auto& c : contexts_) {
    c->vars.clear();
    c->outer.clear();
  }
}

// ---------------------------------------------------------------------------
// Errors

void Renderer::fail(std::uint32_t pos, std::string msg) const {
  RenderError e{tmpl_, pos, std::move(msg), {}, {}};
  for (auto it = trace_.rbegin(); it != trace_.rend(); ++it) {
    if (!it->first) continue;
    auto p = it->first->position(it->second);
    e.notes.push_back("called from " + it->first->path + ":" + std::to_string(p.line) + ":" + std::to_string(p.col));
  }
  throw e;
}

bool is_lenient_undefined(const Value& v) {
  return v.is_undefined() && !v.undefined_hint().empty() && v.undefined_hint()[0] == '\x01';
}

void Renderer::check_defined(const Value& v, std::uint32_t pos) const {
  if (!v.is_undefined()) return;
  const std::string& hint = v.undefined_hint();
  if (hint.empty()) fail(pos, "value is undefined");
  std::string message = hint[0] == '\x01' ? hint.substr(1) : hint;
  // a misspelt key or variable: suggest the nearest one
  std::string near;
  if (!v.undefined_name().empty()) {
    const Value* obj = v.undefined_object();
    if (obj && obj->is_dict()) near = nearest(v.undefined_name(), obj->keys());
    else if (!obj) near = nearest(v.undefined_name(), visible_names());
  }
  if (near.empty()) fail(pos, std::move(message));
  try {
    fail(pos, std::move(message));
  } catch (RenderError& e) {
    e.notes.insert(e.notes.begin(), "did you mean '" + near + "'?");
    throw;
  }
}

std::vector<std::string> Renderer::visible_names() const {
  std::vector<std::string> out;
  for (const Scope* s = scope_; s; s = s->parent)
    for (const auto& e : s->vars) out.push_back(e.first);
  if (ctx_) {
    for (const auto& e : ctx_->vars) out.push_back(e.first);
    for (const auto& e : ctx_->outer) out.push_back(e.first);
    if (ctx_->root)
      for (const auto& e : ctx_->root->entries()) out.push_back(e.first);
  }
  for (const auto& [k, _] : env_.globals) out.push_back(k);
  return out;
}

void Renderer::enter(std::uint32_t pos) {
  if (depth_ + 1 > env_.options.max_depth)
    fail(pos, "maximum nesting depth (" + std::to_string(env_.options.max_depth) +
                  ") of include, extends, macro and block calls exceeded (recursion?)");
  tick(pos);
  ++depth_;
  trace_.emplace_back(tmpl_, pos);
}

void Renderer::tick(std::uint32_t pos) {
  // bounds the time of one render: a macro calling itself twice per level
  // runs 2**depth times without a single loop
  if (++iterations_ > env_.options.max_loop_iterations)
    fail(pos, "more than " + std::to_string(env_.options.max_loop_iterations) +
                  " loop iterations and calls in one render (limits.loop_iterations; runaway loop or recursion?)");
}

void Renderer::check_size(std::size_t size, std::uint32_t pos, const char* what) const {
  if (size > env_.options.max_output_bytes)
    fail(pos, std::string(what) + " larger than " + std::to_string(env_.options.max_output_bytes >> 20) +
                  " MB in one render (limits.page_mb)");
}

void Renderer::leave() {
  --depth_;
  trace_.pop_back();
}

std::string Renderer::str(const Value& v, std::uint32_t pos) const {
  if (lenient(v)) return {};
  check_defined(v, pos);
  return to_display(v);
}

const Value* Renderer::lookup(std::string_view name) const {
  for (const Scope* s = scope_; s; s = s->parent)
    if (const Value* v = s->find(name)) return v;
  if (ctx_) {
    if (const Value* v = ctx_->find(name)) return v;
    if (ctx_->root)
      if (const Value* v = ctx_->root->find(name)) return v;
  }
  if (auto it = env_.globals.find(name); it != env_.globals.end()) return &it->second;
  if (name == "self") return &self_value();
  return nullptr;
}

void Renderer::assign(std::string_view name, Value v) {
  if (scope_) scope_->set(name, std::move(v));
  else ctx_->set(name, std::move(v));
}

std::vector<std::pair<std::string, Value>> Renderer::snapshot() const {
  std::vector<std::pair<std::string, Value>> out;
  auto add = [&](const std::string& k, const Value& v) {
    if (k == "loop" || k == "super") return;  // Jinja2 does not pass these to includes
    for (const auto& e : out)
      if (e.first == k) return;
    out.emplace_back(k, v);
  };
  for (const Scope* s = scope_; s; s = s->parent)
    for (auto it = s->vars.rbegin(); it != s->vars.rend(); ++it) add(it->first, it->second);
  if (ctx_) {
    for (const auto& e : ctx_->vars) add(e.first, e.second);
    for (const auto& e : ctx_->outer) add(e.first, e.second);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Output

void Renderer::emit(const Value& v, std::uint32_t pos) {
  std::string& out = *out_;
  switch (v.kind()) {
    case Value::Kind::string:
      if (autoescape() && !v.is_safe()) text::append_html_escaped(out, v.as_string());
      else out += v.as_string();
      break;
    case Value::Kind::integer: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out.append(buf, r.ptr);
      return;
    }
    case Value::Kind::undefined:
      if (!lenient(v)) check_defined(v, pos);
      return;
    default:
      if (autoescape()) text::append_html_escaped(out, to_display(v));
      else append_display(out, v);
  }
  // every buffer is checked as it grows, captured ones (set and filter
  // blocks, macro calls) too, so no capture grows past the cap unseen
  check_size(out.size(), pos, "output");
}

// ---------------------------------------------------------------------------
// Attribute and item access, calls

Value Renderer::getattr(const Value& obj, std::string_view name, std::uint32_t pos) {
  using K = Value::Kind;
  switch (obj.kind()) {
    case K::undefined: check_defined(obj, pos); break;
    case K::dict: {
      Value m = bound_method(obj, name);
      if (!m.is_undefined()) return m;
      if (const Value* v = obj.find(name)) return *v;
      return undefined_attr(obj, name);
    }
    case K::callable: {
      Value v = obj.as_callable()->attr(name);
      if (v.is_undefined() && v.undefined_hint().empty()) return undefined_attr(obj, name);
      return v;
    }
    default: {
      Value m = bound_method(obj, name);
      if (!m.is_undefined()) return m;
      // groupby's (grouper, list) named tuples
      if (obj.is_tuple() && obj.size() == 2 && (name == "grouper" || name == "list"))
        return obj.at(name == "grouper" ? 0 : 1);
      return undefined_attr(obj, name);
    }
  }
  return Value();
}

Value Renderer::getitem(const Value& obj, const Value& key, std::uint32_t pos) {
  using K = Value::Kind;
  check_defined(obj, pos);
  check_defined(key, pos);
  switch (obj.kind()) {
    case K::list:
    case K::string:
      if (key.is_int() || key.is_bool()) {
        std::int64_t i = key.as_int();
        if (obj.is_list()) {
          std::int64_t n = static_cast<std::int64_t>(obj.size());
          if (i < 0) i += n;
          if (i < 0 || i >= n) return undefined_item(obj, key);
          return obj.at(static_cast<std::size_t>(i));
        }
        auto cps = code_points(obj.as_string());
        std::int64_t n = static_cast<std::int64_t>(cps.size());
        if (i < 0) i += n;
        if (i < 0 || i >= n) return undefined_item(obj, key);
        return Value(std::string(cps[static_cast<std::size_t>(i)]));
      }
      if (key.is_string()) return getattr(obj, key.as_string(), pos);
      return undefined_item(obj, key);
    case K::dict:
      if (key.is_string()) {
        if (const Value* v = obj.find(key.as_string())) return *v;
        Value m = bound_method(obj, key.as_string());
        if (!m.is_undefined()) return m;
      }
      return undefined_item(obj, key);
    case K::callable:
      if (key.is_string()) return getattr(obj, key.as_string(), pos);
      return undefined_item(obj, key);
    default: return undefined_item(obj, key);
  }
}

Value Renderer::call_value(const Value& callee, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos) {
  check_defined(callee, pos);
  if (auto* c = dynamic_cast<Invocable*>(callee.as_callable())) return c->call(*this, args, kwargs, pos);
  fail(pos, "'" + type_name(callee) + "' object is not callable");
}

std::vector<Value> Renderer::iterate(const Value& v, std::uint32_t pos) const {
  using K = Value::Kind;
  switch (v.kind()) {
    case K::undefined:
      if (lenient(v)) return {};
      check_defined(v, pos);
      break;
    case K::list: return v.items();
    case K::dict: {
      std::vector<Value> out;
      out.reserve(v.size());
      for (const auto& e : v.entries()) out.emplace_back(e.first);
      return out;
    }
    case K::string: {
      std::vector<Value> out;
      for (auto cp : code_points(v.as_string())) out.emplace_back(std::string(cp));
      return out;
    }
    default: break;
  }
  fail(pos, "'" + type_name(v) + "' object is not iterable");
}

// ---------------------------------------------------------------------------
// Expressions

const Value& Renderer::evref(const Expr& e, Value& tmp) {
  switch (e.kind) {
    case EK::constant: return e.value;
    case EK::name: {
      if (const Value* v = lookup(e.name)) return *v;
      tmp = Value::undefined("'" + e.name + "' is undefined", Value(), e.name);
      return tmp;
    }
    case EK::getattr: {
      Value t2;
      const Value& obj = evref(*e.args[0], t2);
      if (obj.is_dict() && &obj != &t2) {
        // fast path: a key of a borrowed dict (methods win, as in Jinja2)
        if (!e.negate) {  // negate: the name is a dict method (set by the parser)
          if (const Value* v = obj.find(e.name, e.name_hash)) return *v;
        }
      }
      tmp = getattr(obj, e.name, e.pos);
      return tmp;
    }
    default: tmp = eval(e); return tmp;
  }
}

Value Renderer::eval(const Expr& e) {
  switch (e.kind) {
    case EK::constant: return e.value;
    case EK::name: {
      if (const Value* v = lookup(e.name)) return *v;
      return Value::undefined("'" + e.name + "' is undefined", Value(), e.name);
    }
    case EK::list:
    case EK::tuple: {
      std::vector<Value> items;
      items.reserve(e.args.size());
      for (const auto& a : e.args) items.push_back(eval(*a));
      Value v = e.kind == EK::list ? Value::list(std::move(items)) : Value::tuple(std::move(items));
      if (v.depth() > 500) fail(e.pos, "value nested too deeply");
      return v;
    }
    case EK::dict: {
      Value d = Value::dict();
      for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
        Value k = eval(*e.args[i]);
        check_defined(k, e.args[i]->pos);
        if (!k.is_string()) fail(e.args[i]->pos, "dict keys must be strings, got '" + type_name(k) + "'");
        d.set(k.as_string(), eval(*e.args[i + 1]));
      }
      if (d.depth() > 500) fail(e.pos, "value nested too deeply");
      return d;
    }
    case EK::getattr: {
      Value t;
      const Value& obj = evref(*e.args[0], t);
      // a dict key, unless the name is a dict method (negate, set by the parser): methods win, as in Jinja2
      if (obj.is_dict() && !e.negate)
        if (const Value* v = obj.find(e.name, e.name_hash)) return *v;
      return getattr(obj, e.name, e.pos);
    }
    case EK::getitem: {
      Value t;
      const Value& obj = evref(*e.args[0], t);
      const Expr& k = *e.args[1];
      if (k.kind == EK::slice) {
        check_defined(obj, e.pos);
        Value parts[3];
        const Value* p[3] = {nullptr, nullptr, nullptr};
        for (int i = 0; i < 3; ++i) {
          if (!k.args[i]) continue;
          parts[i] = eval(*k.args[i]);
          check_defined(parts[i], k.args[i]->pos);
          if (parts[i].is_none()) continue;
          if (!parts[i].is_int() && !parts[i].is_bool())
            fail(k.args[i]->pos, "slice indices must be integers or None");
          p[i] = &parts[i];
        }
        if (p[2] && p[2]->as_int() == 0) fail(k.pos, "slice step cannot be zero");
        if (obj.is_list()) {
          std::vector<Value> out;
          for (auto i : slice_indices(static_cast<std::int64_t>(obj.size()), p[0], p[1], p[2])) out.push_back(obj.at(i));
          return obj.is_tuple() ? Value::tuple(std::move(out)) : Value::list(std::move(out));
        }
        if (obj.is_string()) {
          auto cps = code_points(obj.as_string());
          std::string out;
          for (auto i : slice_indices(static_cast<std::int64_t>(cps.size()), p[0], p[1], p[2])) out += cps[i];
          return Value(std::move(out));
        }
        fail(e.pos, "'" + type_name(obj) + "' object is not subscriptable");
      }
      Value key = eval(k);
      return getitem(obj, key, e.pos);
    }
    case EK::slice: fail(e.pos, "unexpected slice");
    case EK::call: {
      const Expr& callee = *e.args[0];
      Value fn = eval(callee);
      std::vector<Value> args = take_args();
      args.reserve(e.args.size() - 1);
      for (std::size_t i = 1; i < e.args.size(); ++i) args.push_back(eval(*e.args[i]));
      Kwargs kwargs;
      for (const auto& [k, v] : e.kwargs) kwargs.emplace_back(k, eval(*v));
      if (fn.is_undefined() && callee.kind == EK::name && callee.name == "super") {
        fail(e.pos, "super() can only be called inside a block");
      }
      Value result = call_value(fn, args, kwargs, e.pos);
      give_args(std::move(args));
      return result;
    }
    case EK::filter: return eval_filter(e);
    case EK::test: return eval_test(e);
    case EK::neg:
    case EK::pos: {
      Value t;
      const Value& v = evref(*e.args[0], t);
      check_defined(v, e.args[0]->pos);
      if (v.is_int() || v.is_bool()) {
        std::int64_t i = v.as_int();
        if (e.kind == EK::pos) return Value(i);
        if (i == INT64_MIN) fail(e.pos, "integer overflow");
        return Value(-i);
      }
      if (v.is_float()) return Value(e.kind == EK::neg ? -v.as_number() : v.as_number());
      fail(e.pos, std::string("bad operand type for unary ") + (e.kind == EK::neg ? "-" : "+") + ": '" + type_name(v) +
                      "'");
    }
    case EK::not_: {
      Value t;
      return Value(!truthy(evref(*e.args[0], t), e.args[0]->pos));
    }
    case EK::binop: {
      // operands are borrowed where they can be (evref): a copy of a value
      // both render threads read is an atomic add on one cache line
      Value ta;
      const Value& a = evref(*e.args[0], ta);
      check_defined(a, e.args[0]->pos);
      Value t;
      const Value& b = evref(*e.args[1], t);
      check_defined(b, e.args[1]->pos);
      return binop(e.op, a, b, e.pos);
    }
    case EK::concat: {
      // parts borrowed where they can be (evref), evaluated into `temps` otherwise
      std::vector<Value> temps(e.args.size());
      std::vector<const Value*> parts;
      parts.reserve(e.args.size());
      bool any_safe = false;
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        const Value& p = evref(*e.args[i], temps[i]);
        parts.push_back(&p);
        if (!lenient(p)) check_defined(p, e.args[i]->pos);
        any_safe = any_safe || p.is_safe();
      }
      std::string out;
      bool markup = autoescape() && any_safe;
      for (const Value* p : parts) {
        if (markup && !p->is_safe()) text::append_html_escaped(out, to_display(*p));
        else append_display(out, *p);
        check_size(out.size(), e.pos, "string");
      }
      return markup ? Value::safe(std::move(out)) : Value(std::move(out));
    }
    case EK::compare: {
      Value t[2];
      const Value* left = &evref(*e.args[0], t[0]);
      for (std::size_t i = 0; i < e.ops.size(); ++i) {
        Value& spare = left == &t[0] ? t[1] : t[0];  // the temporary `left` is not in
        const Value& right = evref(*e.args[i + 1], spare);
        if (!compare(e.ops[i], *left, right, e.args[i + 1]->pos)) return Value(false);
        left = &right;
      }
      return Value(true);
    }
    case EK::and_: {
      Value t;
      const Value& a = evref(*e.args[0], t);
      if (!truthy(a, e.args[0]->pos)) return a;
      return eval(*e.args[1]);
    }
    case EK::or_: {
      Value t;
      const Value& a = evref(*e.args[0], t);
      if (truthy(a, e.args[0]->pos)) return a;
      return eval(*e.args[1]);
    }
    case EK::cond: {
      Value t;
      if (truthy(evref(*e.args[1], t), e.args[1]->pos)) return eval(*e.args[0]);
      if (e.args[2]) return eval(*e.args[2]);
      auto p = tmpl_->position(e.pos);
 // Jinja2 uses its lenient Undefined here, even with StrictUndefined
      return Value::undefined("\x01the inline if-expression on line " + std::to_string(p.line) +
                              " evaluated to false and no else section was defined");
    }
  }
  return Value();
}

Value Renderer::eval_filter(const Expr& e) {
  Call c{*this, "filter", e.name, e.pos, {}, take_args(), {}};
  struct GiveBack {
    Renderer& r;
    std::vector<Value>& args;
    ~GiveBack() { r.give_args(std::move(args)); }
  } give_back{*this, c.args};
  if (e.args[0]) c.self = eval(*e.args[0]);
  else c.self = block_subject_;
  c.args.reserve(e.args.size() - 1);
  for (std::size_t i = 1; i < e.args.size(); ++i) c.args.push_back(eval(*e.args[i]));
  for (const auto& [k, v] : e.kwargs) c.kwargs.emplace_back(k, eval(*v));
  bool takes_undefined = e.builtin && e.builtin->takes_undefined;
  if (!takes_undefined) {
    if (!lenient(c.self)) check_defined(c.self, e.args[0] ? e.args[0]->pos : e.pos);
    for (std::size_t i = 0; i < c.args.size(); ++i) check_defined(c.args[i], e.args[i + 1]->pos);
    for (std::size_t i = 0; i < c.kwargs.size(); ++i) check_defined(c.kwargs[i].second, e.kwargs[i].second->pos);
  }
  if (e.builtin) return e.builtin->fn(c);
  if (e.user) {
    CallContext cc(*this);
    try {
      return (*e.user)(c.self, c.args, c.kwargs, cc);
    } catch (const Error& err) {
      fail(e.pos, "filter '" + e.name + "': " + err.what());
    } catch (const RenderError&) {
      throw;
    } catch (const std::exception& err) {
      fail(e.pos, "filter '" + e.name + "' failed: " + err.what());
    }
  }
  fail(e.pos, "no filter named '" + e.name + "'");
}

Value Renderer::eval_test(const Expr& e) {
  Call c{*this, "test", e.name, e.pos, {}, {}, {}};
  c.self = eval(*e.args[0]);
  for (std::size_t i = 1; i < e.args.size(); ++i) c.args.push_back(eval(*e.args[i]));
  for (const auto& [k, v] : e.kwargs) c.kwargs.emplace_back(k, eval(*v));
  if (!e.builtin) fail(e.pos, "no test named '" + e.name + "'");
  if (!e.builtin->takes_undefined) check_defined(c.self, e.args[0]->pos);
  bool r = e.builtin->fn(c).truthy();
  return Value(e.negate ? !r : r);
}

Value Renderer::apply_filter(std::string_view name, const Value& v, std::vector<Value> args, Kwargs kwargs,
                             std::uint32_t pos) {
  Call c{*this, "filter", name, pos, v, std::move(args), std::move(kwargs)};
  auto& reg = env_.registry;
  if (auto it = reg.user_filters.find(std::string(name)); it != reg.user_filters.end()) {
    check_defined(v, pos);
    CallContext cc(*this);
    try {
      return it->second(c.self, c.args, c.kwargs, cc);
    } catch (const Error& err) {
      fail(pos, "filter '" + std::string(name) + "': " + err.what());
    }
  }
  auto it = reg.filters.find(std::string(name));
  if (it == reg.filters.end()) fail(pos, "no filter named '" + std::string(name) + "'");
  if (!it->second.takes_undefined) check_defined(v, pos);
  return it->second.fn(c);
}

bool Renderer::apply_test(std::string_view name, const Value& v, std::vector<Value> args, std::uint32_t pos) {
  auto& reg = env_.registry;
  auto it = reg.tests.find(std::string(name));
  if (it == reg.tests.end()) fail(pos, "no test named '" + std::string(name) + "'");
  if (!it->second.takes_undefined) check_defined(v, pos);
  Call c{*this, "test", name, pos, v, std::move(args), {}};
  return it->second.fn(c).truthy();
}

// ---------------------------------------------------------------------------
// Statements

void Renderer::capture(const Body& body, std::string& buf) {
  // block set and filter block bodies are their own scope
  Scope s;
  s.parent = scope_;
  Scope* saved_scope = scope_;
  scope_ = &s;
  struct Restore {
    Renderer& r;
    Scope* s;
    ~Restore() { r.scope_ = s; }
  } restore{*this, saved_scope};
  redirect(buf, [&] { exec(body); });
}

std::shared_ptr<Scope> Renderer::closure() const {
  if (!scope_) return nullptr;  // at the template level: the context is enough
  auto c = std::make_shared<Scope>();
  for (const Scope* s = scope_; s; s = s->parent)
    for (const auto& e : s->vars)
      if (!c->find(e.first)) c->vars.emplace_back(e.first, e.second);
  return c;
}

void Renderer::exec(const Body& body) {
  for (const auto& n : body) exec(*n);
}

void Renderer::unpack_assign(const Node& n, const Value& v, std::uint32_t pos) {
  if (!n.unpack) {
    assign(n.targets[0], v);
    return;
  }
  std::vector<Value> parts = iterate(v, pos);
  std::size_t want = n.targets.size();
  if (parts.size() > want) fail(pos, "too many values to unpack (expected " + std::to_string(want) + ")");
  if (parts.size() < want)
    fail(pos, "not enough values to unpack (expected " + std::to_string(want) + ", got " + std::to_string(parts.size()) +
                  ")");
  for (std::size_t i = 0; i < want; ++i) assign(n.targets[i], std::move(parts[i]));
}

void Renderer::exec_for(const Node& n, const Value& iterable, std::size_t depth, std::uint32_t pos) {
  if (!lenient(iterable)) check_defined(iterable, n.expr->pos);
  Value seq = iterable;  // keeps the storage alive
  std::vector<Value> owned;
  const std::vector<Value>* items;
  if (seq.is_list()) {
    items = &seq.items();
  } else {
    owned = iterate(seq, n.expr->pos);
    items = &owned;
  }
  Scope s;
  s.parent = scope_;
  Scope* saved = scope_;
  struct Restore {
    Renderer& r;
    Scope* s;
    ~Restore() { r.scope_ = s; }
  } restore{*this, saved};
  scope_ = &s;
  if (n.cond) {
    std::vector<Value> kept;
    for (const auto& it : *items) {
      s.vars.clear();
      unpack_assign(n, it, n.pos);
      if (truthy(eval(*n.cond), n.cond->pos)) kept.push_back(it);
    }
    owned = std::move(kept);
    items = &owned;
  }
  auto loop = std::make_shared<LoopObj>();
  loop->node = &n;
  loop->items = items;
  loop->length = items->size();
  loop->depth0 = depth;
  Value loop_value = Value::callable(loop);
  struct Deactivate {
    LoopObj& l;
    ~Deactivate() { l.finish(); }
  } deactivate{*loop};
  for (std::size_t i = 0; i < items->size(); ++i) {
    tick(pos);
    s.vars.clear();
    loop->index0 = i;
    unpack_assign(n, (*items)[i], n.pos);
    s.vars.emplace_back("loop", loop_value);
    exec(n.body);
  }
  if (items->empty()) {
    s.vars.clear();
    exec(n.else_body);
  }
}

std::shared_ptr<const Template> Renderer::load(const Value& name, std::uint32_t pos, bool ignore_missing) {
  check_defined(name, pos);
  std::vector<Value> names;
  if (name.is_list()) names = name.items();
  else names.push_back(name);
  std::string last_error;
  for (const auto& n : names) {
    if (!n.is_string()) fail(pos, "template name must be a string, got '" + type_name(n) + "'");
    std::string error;
    std::vector<Diagnostic> diags;
    auto t = env_.get(n.as_string(), error, &diags);
    if (t) return t;
    if (!diags.empty()) {
      // a broken template: report its own errors, noting where it was loaded from
      RenderError re{tmpl_, pos, "template '" + n.as_string() + "' has errors", {}, {}};
      auto p = tmpl_->position(pos);
      for (auto d : diags) {
        d.notes.push_back("loaded from " + tmpl_->path + ":" + std::to_string(p.line) + ":" + std::to_string(p.col));
        re.diagnostics.push_back(std::move(d));
      }
      throw re;
    }
    last_error = error;
  }
  if (ignore_missing) return nullptr;
  if (names.size() > 1) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + to_repr(n);
    fail(pos, "none of the templates given were found: " + list);
  }
  fail(pos, last_error);
}

void Renderer::render_block(const std::string& name, std::size_t index, std::uint32_t pos) {
  auto it = ctx_->blocks.find(name);
  if (it == ctx_->blocks.end() || index >= it->second.size()) fail(pos, "there is no block called '" + name + "'");
  const Ctx::BlockRef ref = it->second[index];
  enter(pos);
  Scope s;
  s.parent = ref.node->flag ? scope_ : nullptr;
  s.vars.emplace_back("super", make_super(name, index + 1));
  const Template* saved_t = tmpl_;
  Scope* saved_s = scope_;
  tmpl_ = ref.tmpl;
  scope_ = &s;
  struct Restore {
    Renderer& r;
    const Template* t;
    Scope* s;
    ~Restore() {
      r.tmpl_ = t;
      r.scope_ = s;
      r.leave();
    }
  } restore{*this, saved_t, saved_s};
  exec(ref.node->body);
}

void Renderer::render_root(const std::shared_ptr<const Template>& t, const std::shared_ptr<Ctx>& ctx, std::string& out) {
  StateGuard guard(*this);
  tmpl_ = t.get();
  ctx_ = ctx;
  scope_ = nullptr;
  out_ = &out;
  discard_ = false;
  parent_ = nullptr;
  for (const auto& [name, node] : t->blocks) ctx->blocks[name].push_back({node, t.get()});
  exec(t->body);
  if (parent_) {
    auto parent = parent_;
    enter(extends_pos_);
    struct Leave {
      Renderer& r;
      ~Leave() { r.leave(); }
    } leave_guard{*this};
    render_root(parent, ctx, out);
  }
}

Value Renderer::make_module(const std::shared_ptr<const Template>& t, bool with_context, std::uint32_t pos) {
  auto ctx = new_ctx();
  if (with_context) {
    ctx->root = ctx_->root;
    ctx->outer = snapshot();
  }
  std::string scratch;
  enter(pos);
  struct Leave {
    Renderer& r;
    ~Leave() { r.leave(); }
  } leave_guard{*this};
  render_root(t, ctx, scratch);
  return tmpl::make_module(t->name, ctx->vars);
}

void Renderer::exec(const Node& n) {
  switch (n.kind) {
    case NK::data:
      if (discard_) return;
      *out_ += n.text;
      check_size(out_->size(), n.pos, "output");
      return;
    case NK::output: {
      if (discard_) return;
      Value t;
      const Value& v = evref(*n.expr, t);
      emit(v, n.expr->pos);
      return;
    }
    case NK::if_:
      for (const auto& [cond, body] : n.branches) {
        Value t;
        if (truthy(evref(*cond, t), cond->pos)) {
          exec(body);
          return;
        }
      }
      exec(n.else_body);
      return;
    case NK::for_: {
      Value it = eval(*n.expr);
      exec_for(n, it, 0, n.pos);
      return;
    }
    case NK::set: {
      Value v = eval(*n.expr);
      if (!n.attr.empty()) {
        const Value* target = lookup(n.targets[0]);
        auto* ns = target ? dynamic_cast<Namespace*>(target->as_callable()) : nullptr;
        if (!ns) fail(n.pos, "cannot assign attribute on non-namespace object");
        if (v.depth() > 500) fail(n.pos, "value nested too deeply");
        ns->set(n.attr, std::move(v));
        return;
      }
      unpack_assign(n, v, n.expr->pos);
      return;
    }
    case NK::set_block: {
      std::string buf;
      capture(n.body, buf);
      Value v = autoescape() ? Value::safe(std::move(buf)) : Value(std::move(buf));
      if (n.expr) {
        Value saved_subject = std::move(block_subject_);
        block_subject_ = std::move(v);
        v = eval(*n.expr);
        block_subject_ = std::move(saved_subject);
      }
      assign(n.targets[0], std::move(v));
      return;
    }
    case NK::filter_block: {
      if (discard_) return;
      std::string buf;
      capture(n.body, buf);
      Value saved_subject = std::move(block_subject_);
      block_subject_ = autoescape() ? Value::safe(std::move(buf)) : Value(std::move(buf));
      Value v = eval(*n.expr);
      block_subject_ = std::move(saved_subject);
      check_defined(v, n.pos);
      append_display(*out_, v);
      check_size(out_->size(), n.pos, "output");
      return;
    }
    case NK::with: {
      Scope s;
      s.parent = scope_;
      // values are evaluated in the outer scope, as Jinja2 does
      for (std::size_t i = 0; i < n.targets.size(); ++i) s.vars.emplace_back(n.targets[i], eval(*n.exprs[i]));
      Scope* saved = scope_;
      scope_ = &s;
      struct Restore {
        Renderer& r;
        Scope* s;
        ~Restore() { r.scope_ = s; }
      } restore{*this, saved};
      exec(n.body);
      return;
    }
    case NK::block:
      if (discard_) return;
      render_block(n.text, 0, n.pos);
      return;
    case NK::extends: {
      if (parent_) fail(n.pos, "extended multiple times");
      Value name = eval(*n.expr);
      parent_ = load(name, n.expr->pos, false);
      extends_pos_ = n.pos;
      discard_ = true;
      return;
    }
    case NK::include: {
      if (discard_) return;
      Value name = eval(*n.expr);
      auto t = load(name, n.expr->pos, n.flag);
      if (!t) return;
      auto ctx = new_ctx();
      if (n.context) {
        ctx->root = ctx_->root;
        ctx->outer = snapshot();
      }
      enter(n.pos);
      struct Leave {
        Renderer& r;
        ~Leave() { r.leave(); }
      } leave_guard{*this};
      render_root(t, ctx, *out_);
      return;
    }
    case NK::import: {
      Value name = eval(*n.expr);
      auto t = load(name, n.expr->pos, false);
      assign(n.text, make_module(t, n.context, n.pos));
      return;
    }
    case NK::from_import: {
      Value name = eval(*n.expr);
      auto t = load(name, n.expr->pos, false);
      Value m = make_module(t, n.context, n.pos);
      for (std::size_t i = 0; i < n.targets.size(); ++i) {
        // a missing name is undefined (an error only when used), as in Jinja2
        assign(n.aliases[i], m.as_callable()->attr(n.targets[i]));
      }
      return;
    }
    case NK::macro: {
      assign(n.text, make_macro(&n, tmpl_, ctx_, closure(), escape_override_));
      return;
    }
    case NK::autoescape: {
      Value on = eval(*n.expr);
      int saved = escape_override_;
      escape_override_ = truthy(on, n.expr->pos) ? 1 : 0;
      Scope s;  // like Jinja2, the block is a scope of its own
      s.parent = scope_;
      Scope* saved_scope = scope_;
      scope_ = &s;
      struct Restore {
        Renderer& r;
        int e;
        Scope* s;
        ~Restore() {
          r.escape_override_ = e;
          r.scope_ = s;
        }
      } restore{*this, saved, saved_scope};
      exec(n.body);
      return;
    }
    case NK::call_block: {
      if (discard_) return;
      const Expr& call = *n.expr;
      Value fn = eval(*call.args[0]);
      std::vector<Value> args;
      for (std::size_t i = 1; i < call.args.size(); ++i) args.push_back(eval(*call.args[i]));
      Kwargs kwargs;
      for (const auto& [k, v] : call.kwargs) kwargs.emplace_back(k, eval(*v));
      kwargs.emplace_back("caller", make_macro(&n, tmpl_, ctx_, closure(), escape_override_));
      Value v = call_value(fn, args, kwargs, call.pos);
      emit(v, call.pos);
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// CallContext

bool CallContext::autoescape() const { return r_.autoescape(); }
const std::string& CallContext::template_name() const {
  static const std::string empty;
  return r_.current_template() ? r_.current_template()->name : empty;
}
const Value& CallContext::context() const { return r_.root(); }
Value CallContext::lookup(std::string_view name) const {
  const Value* v = r_.lookup(name);
  return v ? *v : Value();
}

}  // namespace mb::tmpl
