// Internal: the template syntax tree and the parsed template.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/diag.hpp"
#include "tmpl/tmpl.hpp"
#include "value/value.hpp"

namespace mb::tmpl {

class Renderer;
struct Call;

/// A built-in filter, test or global function.
using BuiltinFn = Value (*)(Call& call);
struct Builtin {
  BuiltinFn fn;
  bool takes_undefined = false;  ///< `default`, `is defined`, ...: called with undefined values
};

enum class EK : std::uint8_t {
  constant,
  name,
  list,
  tuple,
  dict,
  getattr,
  getitem,
  slice,  // args: start, stop, step (nullptr when absent)
  call,   // args[0] = callee, then positional args
  filter, // args[0] = subject (nullptr in filter blocks), then args
  test,   // args[0] = subject, then args
  neg,
  pos,
  not_,
  binop,
  compare,  // args[0], then one operand per op
  and_,
  or_,
  cond,     // args: value, condition, else (nullptr when absent)
  concat,
};

enum class Op : std::uint8_t { add, sub, mul, div, floordiv, mod, pow, eq, ne, lt, le, gt, ge, in, notin };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  EK kind;
  Op op = Op::add;
  bool negate = false;          ///< test: `is not`; getattr: the name is a dict method
  std::uint32_t pos = 0;        ///< byte offset in the source
  std::string name;             ///< variable, attribute, filter or test name
  std::size_t name_hash = 0;    ///< getattr: Value::key_hash(name)
  Value value;                  ///< constant
  std::vector<ExprPtr> args;
  std::vector<std::pair<std::string, ExprPtr>> kwargs;
  std::vector<Op> ops;          ///< compare
  const Builtin* builtin = nullptr;  ///< resolved built-in filter/test
  const Fn* user = nullptr;     ///< resolved site filter

  Expr(EK k, std::uint32_t p) : kind(k), pos(p) {}
};

enum class NK : std::uint8_t {
  data,
  output,
  if_,
  for_,
  set,
  set_block,
  block,
  extends,
  include,
  import,
  from_import,
  macro,
  filter_block,
  with,
  autoescape,  ///< {% autoescape expr %}: body rendered with auto-escaping on or off
  call_block,  ///< {% call %}: text "caller", targets/exprs its parameters, expr the macro call
};

struct Node;
using NodePtr = std::unique_ptr<Node>;
using Body = std::vector<NodePtr>;

struct Node {
  NK kind;
  std::uint32_t pos = 0;
  std::string text;                  ///< data; block/macro name; set target
  std::string attr;                  ///< set target attribute (`set ns.x = ...`)
  ExprPtr expr;                      ///< output; for iterable; set value; template name; filter chain
  ExprPtr cond;                      ///< for: loop filter
  std::vector<std::string> targets;  ///< for/set targets; from-import names; macro params; with names
  std::vector<std::string> aliases;  ///< from-import aliases
  std::vector<ExprPtr> exprs;        ///< macro defaults (nullptr = none); with values
  std::vector<std::pair<ExprPtr, Body>> branches;  ///< if/elif
  Body body, else_body;
  bool flag = false;      ///< for: recursive; block: scoped; include: ignore missing
  bool context = false;   ///< include/import: with context
  bool unpack = false;    ///< for/set: tuple target
  bool uses_varargs = false, uses_kwargs = false, uses_caller = false;  ///< macro, call block

  Node(NK k, std::uint32_t p) : kind(k), pos(p) {}
};

/// A parsed template. Immutable after loading; shared by every render.
struct Template {
  std::string name;    ///< relative name, '/' separated
  std::string path;    ///< file path for messages
  std::string source;
  bool autoescape = false;
  Body body;
  std::map<std::string, const Node*> blocks;
  /// Template names given as literals (include/extends/import), for checks.
  struct Ref {
    std::uint32_t pos;
    std::string name;
    bool optional;
  };
  std::vector<Ref> refs;
  std::vector<std::uint32_t> line_starts;
  /// Unknown filters/tests in {% if %} branches (Jinja2 fails only when they run).
  std::vector<Diagnostic> warnings;

  SourcePos position(std::uint32_t offset) const;
};

/// Filters, tests and functions known when parsing (built-ins and the
/// site's).
struct Registry {
  std::unordered_map<std::string, Builtin> filters, tests;
  std::unordered_map<std::string, Fn> user_filters;
  std::vector<std::string> filter_names() const;
  std::vector<std::string> test_names() const;
};

/// Parses `source`; on syntax errors returns nullptr and adds diagnostics.
/// Unknown filters/tests are reported too (the template is still returned
/// as nullptr then).
std::shared_ptr<Template> parse_template(std::string name, std::string path, std::string source,
                                         const Registry& registry, Diagnostics& diags);

const std::unordered_map<std::string, Builtin>& builtin_filters();
const std::unordered_map<std::string, Builtin>& builtin_tests();

}  // namespace mb::tmpl
