// Internal: the renderer (one per render call) and what filters need of it.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tmpl/ast.hpp"

namespace mb::tmpl {

/// Jinja2's plain (non-strict) Undefined, produced by `a if c` when c is
/// false: prints as "", is false and iterates as empty.
bool is_lenient_undefined(const Value& v);

/// Thrown inside a render; caught by Environment::render.
struct RenderError {
  const Template* tmpl;
  std::uint32_t pos;
  std::string message;
  std::vector<std::string> notes;
  std::vector<Diagnostic> diagnostics;  ///< when set, reported instead (errors of a loaded template)
};

/// Variable names are short and mostly differ in length or first letter:
/// test those before comparing the bytes.
inline bool same_name(const std::string& a, std::string_view b) {
  return a.size() == b.size() && (b.empty() || (a[0] == b[0] && std::char_traits<char>::compare(a.data() + 1, b.data() + 1, b.size() - 1) == 0));
}

/// Template-level variables of one render of a template (shared along an
/// extends chain, new for each include and import).
struct Ctx {
  const Value* root = nullptr;  ///< the context passed to render (borrowed)
  std::vector<std::pair<std::string, Value>> outer;  ///< includer's variables (include with context)
  std::vector<std::pair<std::string, Value>> vars;   ///< top-level sets and macros
  struct BlockRef {
    const Node* node;
    const Template* tmpl;  ///< owned by the environment (or the render_string call)
  };
  std::unordered_map<std::string, std::vector<BlockRef>> blocks;

  const Value* find(std::string_view name) const;
  void set(std::string_view name, Value v);
};

/// Local variables of a for body, macro, block or with.
struct Scope {
  Scope* parent = nullptr;  ///< enclosing scope; nullptr: the template level
  std::vector<std::pair<std::string, Value>> vars;
  const Value* find(std::string_view name) const {
    for (auto it = vars.rbegin(); it != vars.rend(); ++it)
      if (same_name(it->first, name)) return &it->second;
    return nullptr;
  }
  void set(std::string_view name, Value v) {
    for (auto& e : vars)
      if (same_name(e.first, name)) {
        e.second = std::move(v);
        return;
      }
    vars.emplace_back(std::string(name), std::move(v));
  }
};

/// Hash for maps looked up by string_view without building a std::string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using Globals = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

struct Environment::Impl {
  std::vector<std::filesystem::path> dirs;
  Options options;
  Registry registry;
  Globals globals;

  struct Entry {
    std::shared_ptr<const Template> tmpl;  ///< nullptr: missing or broken
    std::vector<Diagnostic> errors;        ///< why it is broken
    bool found = false;
  };
  mutable std::shared_mutex mutex;
  mutable std::unordered_map<std::string, Entry> cache;

  /// Finds and parses a template (cached). `error` tells why when nullptr.
  std::shared_ptr<const Template> get(std::string_view name, std::string& error, std::vector<Diagnostic>* diags) const;
  Entry load(const std::string& name) const;
};

/// Callables of the engine (macros, functions, loop, ...).
class Invocable : public Callable {
 public:
  virtual Value call(Renderer& r, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos) const = 0;
};

/// `namespace()` objects: the one mutable value of the language.
class Namespace : public Callable {
 public:
  std::vector<std::pair<std::string, Value>> vars;
  Value attr(std::string_view name) const override;
  std::string repr() const override;
  void set(std::string_view name, Value v);
};

/// A filter, test or function call in progress.
struct Call {
  Renderer& r;
  const char* what;  ///< "filter", "test", "function"
  std::string_view name;
  std::uint32_t pos;
  Value self;
  std::vector<Value> args;
  Kwargs kwargs;

  /// Argument `i` (positional) or `kw` (keyword); nullptr when not given.
  const Value* get(std::size_t i, std::string_view kw) const;
  Value arg(std::size_t i, std::string_view kw, Value dflt) const {
    const Value* v = get(i, kw);
    return v ? *v : dflt;
  }
  /// Errors for extra positional args and unknown keywords.
  void expect(std::initializer_list<std::string_view> params, bool varargs = false) const;
  [[noreturn]] void fail(const std::string& msg) const;
};

class Renderer {
 public:
  Renderer(const Environment::Impl& env, const Value& root) : env_(env), root_(root) {}
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  /// A template-level context that lives until the render ends.
  std::shared_ptr<Ctx> new_ctx();
  /// Namespaces are mutable and can hold themselves: emptied when the render ends.
  void own(std::shared_ptr<Namespace> ns) { namespaces_.push_back(std::move(ns)); }

  /// Renders a template from its root (following extends) into out.
  void render_root(const std::shared_ptr<const Template>& t, const std::shared_ptr<Ctx>& ctx, std::string& out);

  // --- for filters and callables ---
  [[noreturn]] void fail(std::uint32_t pos, std::string msg) const;
  void check_defined(const Value& v, std::uint32_t pos) const;
  /// Fails when a string or output buffer of `size` bytes is over
  /// Options::max_output_bytes; `what` starts the message ("output", "string").
  void check_size(std::size_t size, std::uint32_t pos, const char* what) const;
  bool autoescape() const { return escape_override_ >= 0 ? escape_override_ == 1 : (tmpl_ && tmpl_->autoescape); }
  /// An undefined value that prints as "" and is false: the result of
  /// `a if c` without else, or any undefined value when strict_undefined is off.
  bool lenient(const Value& v) const {
    return v.is_undefined() && (!env_.options.strict_undefined || is_lenient_undefined(v));
  }
  const Template* current_template() const { return tmpl_; }
  const Value& root() const { return root_; }
  const Value* lookup(std::string_view name) const;
  /// Every variable name visible here (for "did you mean" notes).
  std::vector<std::string> visible_names() const;
  Value getattr(const Value& obj, std::string_view name, std::uint32_t pos);
  Value getitem(const Value& obj, const Value& key, std::uint32_t pos);
  Value call_value(const Value& callee, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos);
  /// Python str() of a value, failing on undefined.
  std::string str(const Value& v, std::uint32_t pos) const;
  bool truthy(const Value& v, std::uint32_t pos) const {
    if (lenient(v)) return false;
    check_defined(v, pos);
    return v.truthy();
  }
  /// Calls filter/test `name` (for map/select).
  Value apply_filter(std::string_view name, const Value& v, std::vector<Value> args, Kwargs kwargs, std::uint32_t pos);
  bool apply_test(std::string_view name, const Value& v, std::vector<Value> args, std::uint32_t pos);
  /// Items of an iterable (list, tuple, dict keys, string characters).
  std::vector<Value> iterate(const Value& v, std::uint32_t pos) const;
  /// Renders a macro body / loop body etc. with the renderer's state saved.
  struct Saved;
  void enter(std::uint32_t pos);
  /// Counts one loop iteration or call against Options::max_loop_iterations.
  void tick(std::uint32_t pos);
  void leave();
  const Environment::Impl& env() const { return env_; }

  // state used by the callables in render.cpp
  const Environment::Impl& env_;
  const Value& root_;
  std::string* out_ = nullptr;
  bool discard_ = false;
  const Template* tmpl_ = nullptr;
  std::shared_ptr<Ctx> ctx_;
  Scope* scope_ = nullptr;
  std::size_t depth_ = 0;
  std::size_t iterations_ = 0;  ///< loop iterations and calls so far (Options::max_loop_iterations)
  std::vector<std::pair<const Template*, std::uint32_t>> trace_;
  Value block_subject_;                          ///< body of a filter block / block set being filtered
  std::shared_ptr<const Template> parent_;       ///< set by extends in the template being rendered
  std::uint32_t extends_pos_ = 0;
  int escape_override_ = -1;  ///< {% autoescape %}: -1 none, 0 off, 1 on
  std::vector<std::shared_ptr<Ctx>> contexts_;
  std::vector<std::shared_ptr<Namespace>> namespaces_;
  /// Emptied argument lists of finished calls, reused so that a call allocates none.
  std::vector<std::vector<Value>> spare_args_;
  std::vector<Value> take_args() {
    if (spare_args_.empty()) return {};
    std::vector<Value> v = std::move(spare_args_.back());
    spare_args_.pop_back();
    return v;
  }
  void give_args(std::vector<Value>&& v) {
    v.clear();
    if (v.capacity() != 0 && v.capacity() <= 16 && spare_args_.size() < 64) spare_args_.push_back(std::move(v));
  }

  void exec(const Body& body);
  /// Saves where the renderer is (template, context, scope, output, extends
  /// state) and restores it when destroyed, also on errors.
  class StateGuard {
   public:
    explicit StateGuard(Renderer& r)
        : r_(r),
          tmpl_(r.tmpl_),
          ctx_(r.ctx_),
          scope_(r.scope_),
          out_(r.out_),
          discard_(r.discard_),
          parent_(r.parent_),
          escape_(r.escape_override_) {
      r.escape_override_ = -1;  // a template or macro body starts with its own setting
    }
    ~StateGuard() {
      r_.tmpl_ = tmpl_;
      r_.ctx_ = std::move(ctx_);
      r_.scope_ = scope_;
      r_.out_ = out_;
      r_.discard_ = discard_;
      r_.parent_ = std::move(parent_);
      r_.escape_override_ = escape_;
    }
    StateGuard(const StateGuard&) = delete;
    StateGuard& operator=(const StateGuard&) = delete;

   private:
    Renderer& r_;
    const Template* tmpl_;
    std::shared_ptr<Ctx> ctx_;
    Scope* scope_;
    std::string* out_;
    bool discard_;
    std::shared_ptr<const Template> parent_;
    int escape_;
  };

  /// Runs f with the output going to `buf` (not discarded), then restores.
  template <class F>
  void redirect(std::string& buf, F&& f) {
    std::string* saved_out = out_;
    bool saved_discard = discard_;
    out_ = &buf;
    discard_ = false;
    struct Restore {
      Renderer& r;
      std::string* o;
      bool d;
      ~Restore() {
        r.out_ = o;
        r.discard_ = d;
      }
    } restore{*this, saved_out, saved_discard};
    f();
  }
  /// What f writes, as a value: safe in auto-escaping templates (Markup).
  template <class F>
  Value rendered(F&& f) {
    std::string buf;
    redirect(buf, f);
    return autoescape() ? Value::safe(std::move(buf)) : Value(std::move(buf));
  }
  /// Renders `body` into `buf` in a scope of its own.
  void capture(const Body& body, std::string& buf);
  void exec(const Node& n);
  Value eval(const Expr& e);
  const Value& evref(const Expr& e, Value& tmp);
  void emit(const Value& v, std::uint32_t pos);
  void assign(std::string_view name, Value v);
  void unpack_assign(const Node& n, const Value& v, std::uint32_t pos);
  std::shared_ptr<const Template> load(const Value& name, std::uint32_t pos, bool ignore_missing);
  void render_block(const std::string& name, std::size_t index, std::uint32_t pos);
  std::vector<std::pair<std::string, Value>> snapshot() const;
  /// A copy of the local variables, for a macro or call block defined here.
  std::shared_ptr<Scope> closure() const;
  Value make_module(const std::shared_ptr<const Template>& t, bool with_context, std::uint32_t pos);
  void exec_for(const Node& n, const Value& iterable, std::size_t depth, std::uint32_t pos);
  Value eval_filter(const Expr& e);
  Value eval_test(const Expr& e);
  Value binop(Op op, const Value& a, const Value& b, std::uint32_t pos, bool concat_escape = false);
  bool compare(Op op, const Value& a, const Value& b, std::uint32_t pos);
};

/// Python type name for messages: 'int', 'str', 'list', 'NoneType', ...
std::string type_name(const Value& v);
/// Python-style comparison for sorting: <0, 0, >0; fails on mixed types.
int py_compare(Renderer& r, const Value& a, const Value& b, std::uint32_t pos);
/// Python's `%` string formatting (`"%s: %d" % (a, b)`, the format filter).
Value py_format(Renderer& r, const Value& fmt, const Value& args, std::uint32_t pos);
/// HTML-escapes a value unless it is safe; returns a safe string.
Value escape_value(Renderer& r, const Value& v, std::uint32_t pos);
/// Bound methods of strings, dicts and lists (`s.upper()`, `d.items()`).
Value bound_method(const Value& obj, std::string_view name);
/// The global functions (range, namespace, dict, ...).
void add_builtin_globals(Globals& globals);

}  // namespace mb::tmpl
