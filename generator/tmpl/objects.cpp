// The engine's objects: macros, loop, super, self, imported modules.
#include "tmpl/objects.hpp"

namespace mb::tmpl {

namespace {

class MacroObj : public Invocable {
 public:
  const Node* node;
  const Template* tmpl;
  std::weak_ptr<Ctx> ctx;  // owned by the renderer: no Ctx → macro → Ctx cycle
  std::shared_ptr<Scope> closure;  // locals visible where a nested macro was defined
  int escape = -1;                 // {% autoescape %} in force where it was defined

  std::string repr() const override { return "<Macro '" + node->text + "'>"; }
  Value attr(std::string_view name) const override {
    if (name == "name") return Value(node->text);
    if (name == "arguments") {
      std::vector<Value> a;
      for (const auto& p : node->targets) a.emplace_back(p);
      return Value::tuple(std::move(a));
    }
    if (name == "catch_kwargs") return Value(node->uses_kwargs);
    if (name == "catch_varargs") return Value(node->uses_varargs);
    return Value();
  }

  Value call(Renderer& r, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos) const override {
    const auto& params = node->targets;
    if (args.size() > params.size() && !node->uses_varargs)
      r.fail(pos, "macro '" + node->text + "' takes not more than " + std::to_string(params.size()) + " argument(s)");
    Scope s;
    s.parent = closure.get();
    std::vector<bool> given(params.size(), false);
    for (std::size_t i = 0; i < params.size() && i < args.size(); ++i) {
      s.vars.emplace_back(params[i], std::move(args[i]));
      given[i] = true;
    }
    Value extra_kwargs;
    for (auto& [k, v] : kwargs) {
      bool found = false;
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i] == k) {
          if (given[i]) r.fail(pos, "macro '" + node->text + "' got multiple values for argument '" + k + "'");
          s.vars.emplace_back(params[i], std::move(v));
          given[i] = true;
          found = true;
        }
      }
      if (!found && k == "caller" && node->uses_caller) {
        s.vars.emplace_back("caller", std::move(v));
        continue;
      }
      if (!found) {
        if (!node->uses_kwargs) r.fail(pos, "macro '" + node->text + "' takes no keyword argument '" + k + "'");
        if (extra_kwargs.is_undefined()) extra_kwargs = Value::dict();
        extra_kwargs.set(k, std::move(v));
      }
    }
    if (node->uses_varargs) {
      std::vector<Value> extra;
      for (std::size_t i = params.size(); i < args.size(); ++i) extra.push_back(std::move(args[i]));
      s.vars.emplace_back("varargs", Value::tuple(std::move(extra)));
    }
    if (node->uses_kwargs) s.vars.emplace_back("kwargs", extra_kwargs.is_undefined() ? Value::dict() : std::move(extra_kwargs));

    // defaults are evaluated in the macro's scope, in order
    std::string buf;
    buf.reserve(128);  // most macros print a short piece of HTML: one allocation instead of growing 4 times
    r.enter(pos);
    struct Leave {
      Renderer& r;
      ~Leave() { r.leave(); }
    } leave{r};
    Renderer::StateGuard guard(r);
    r.tmpl_ = tmpl;
    r.ctx_ = ctx.lock();
    if (!r.ctx_) r.fail(pos, "macro '" + node->text + "' called after its render ended");
    r.scope_ = &s;
    r.out_ = &buf;
    r.discard_ = false;
    r.escape_override_ = escape;
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (given[i]) continue;
      if (node->exprs[i]) s.set(params[i], r.eval(*node->exprs[i]));
      else s.set(params[i], Value::undefined("parameter '" + params[i] + "' was not provided"));
    }
    r.exec(node->body);
    return r.autoescape() ? Value::safe(std::move(buf)) : Value(std::move(buf));
  }
};

class LoopMethod : public Invocable {
 public:
  std::shared_ptr<const LoopObj> loop;
  std::string name;
  std::string repr() const override { return "<bound method LoopContext." + name + ">"; }
  Value call(Renderer& r, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos) const override {
    if (name == "cycle") {
      if (args.empty()) r.fail(pos, "no items for cycling given");
      return args[loop->index0 % args.size()];
    }
    // changed(*values)
    Value v = Value::tuple(args);
    if (!loop->changed_seen || !equal(loop->last_changed, v)) {
      loop->changed_seen = true;
      loop->last_changed = v;
      return Value(true);
    }
    return Value(false);
  }
};


class SuperObj : public Invocable {
 public:
  std::string block;
  std::size_t index;  // the parent block's index in the chain
  std::string repr() const override { return "<bound method BlockReference.super>"; }
  Value call(Renderer& r, std::vector<Value>&, Kwargs&, std::uint32_t pos) const override {
    auto it = r.ctx_->blocks.find(block);
    if (it == r.ctx_->blocks.end() || index >= it->second.size())
      r.fail(pos, "there is no parent block called '" + block + "'");
    return r.rendered([&] { r.render_block(block, index, pos); });
  }
};

// `self.blockname()`
class BlockCaller : public Invocable {
 public:
  std::string block;
  std::string repr() const override { return "<BlockReference '" + block + "'>"; }
  Value attr(std::string_view name) const override {
    if (name == "super") {
      auto s = std::make_shared<SuperObj>();
      s->block = block;
      s->index = 1;
      return Value::callable(std::move(s));
    }
    return Value();
  }
  Value call(Renderer& r, std::vector<Value>&, Kwargs&, std::uint32_t pos) const override {
    auto it = r.ctx_->blocks.find(block);
    if (it == r.ctx_->blocks.end() || it->second.empty()) r.fail(pos, "there is no block called '" + block + "'");
    return r.rendered([&] { r.render_block(block, 0, pos); });
  }
};

class SelfObj : public Callable {
 public:
  std::string repr() const override { return "<TemplateReference>"; }
  Value attr(std::string_view name) const override {
    auto b = std::make_shared<BlockCaller>();
    b->block = std::string(name);
    return Value::callable(std::move(b));
  }
};

// An imported template: its top-level macros and variables.
class ModuleObj : public Callable {
 public:
  std::string name;
  std::vector<std::pair<std::string, Value>> vars;
  std::string repr() const override { return "<Template '" + name + "'>"; }
  Value attr(std::string_view n) const override {
    for (const auto& e : vars)
      if (e.first == n) return e.second;
    return Value::undefined("the template '" + name + "' does not export the requested name '" + std::string(n) + "'");
  }
};

}  // namespace

Value LoopObj::attr(std::string_view name) const {
  if (name.size() < 4) return Value::undefined("'LoopContext object' has no attribute '" + std::string(name) + "'");
  if (name == "index") return Value(static_cast<std::int64_t>(index0 + 1));
  if (name == "index0") return Value(static_cast<std::int64_t>(index0));
  if (name == "revindex") return Value(static_cast<std::int64_t>(length - index0));
  if (name == "revindex0") return Value(static_cast<std::int64_t>(length - index0 - 1));
  if (name == "first") return Value(index0 == 0);
  if (name == "last") return Value(index0 + 1 == length);
  if (name == "length") return Value(static_cast<std::int64_t>(length));
  if (name == "depth") return Value(static_cast<std::int64_t>(depth0 + 1));
  if (name == "depth0") return Value(static_cast<std::int64_t>(depth0));
  if (name == "previtem") {
    if (!items || index0 == 0) return Value::undefined("there is no previous item");
    return (*items)[index0 - 1];
  }
  if (name == "nextitem") {
    if (!items || index0 + 1 >= items->size()) return Value::undefined("there is no next item");
    return (*items)[index0 + 1];
  }
  if (name == "cycle" || name == "changed") {
    Value& cached = name == "cycle" ? cycle_method : changed_method;  // made once per loop
    if (cached.is_undefined()) {
      auto m = std::make_shared<LoopMethod>();
      m->loop = shared_from_this();
      m->name = std::string(name);
      cached = Value::callable(std::move(m));
    }
    return cached;
  }
  return Value::undefined("'LoopContext object' has no attribute '" + std::string(name) + "'");
}

Value LoopObj::call(Renderer& r, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos) const {
  if (!node || !node->flag) r.fail(pos, "the loop is not recursive: add 'recursive' to the for tag to call loop()");
  if (args.size() != 1 || !kwargs.empty()) r.fail(pos, "loop() takes one argument");
  r.enter(pos);
  struct Leave {
    Renderer& r;
    ~Leave() { r.leave(); }
  } leave{r};
  return r.rendered([&] { r.exec_for(*node, args[0], depth0 + 1, pos); });
}

void LoopObj::finish() {
  items = nullptr;
  last_changed = Value();  // may hold the loop itself
  cycle_method = Value();
  changed_method = Value();
}

const Value& self_value() {
  static const Value v = Value::callable(std::make_shared<SelfObj>());
  return v;
}

Value make_macro(const Node* node, const Template* tmpl, const std::shared_ptr<Ctx>& ctx, std::shared_ptr<Scope> closure,
                 int escape_override) {
  auto m = std::make_shared<MacroObj>();
  m->escape = escape_override;
  m->node = node;
  m->tmpl = tmpl;
  m->ctx = ctx;
  m->closure = std::move(closure);
  return Value::callable(std::move(m));
}

Value make_super(const std::string& block, std::size_t index) {
  auto s = std::make_shared<SuperObj>();
  s->block = block;
  s->index = index;
  return Value::callable(std::move(s));
}

Value make_module(const std::string& name, std::vector<std::pair<std::string, Value>> vars) {
  auto m = std::make_shared<ModuleObj>();
  m->name = name;
  m->vars = std::move(vars);
  return Value::callable(std::move(m));
}

}  // namespace mb::tmpl
