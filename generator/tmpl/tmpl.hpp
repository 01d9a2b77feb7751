// mb::tmpl — a Jinja2 3.1 subset engine (StrictUndefined, autoescape by file
// name, keep_trailing_newline). See docs/templates.md for the language.
//
// Templates are parsed once into an AST; filter and test names are resolved
// at load time. A loaded `const Environment` renders concurrently from many
// threads: every render keeps its state in its own objects and borrows the
// context value, never copying it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diag.hpp"
#include "value/value.hpp"

namespace mb::tmpl {

struct Options {
  /// Jinja2's StrictUndefined (the default). Off: undefined values print as
  /// "", are false and iterate as empty (Jinja2's Undefined); other uses
  /// (arithmetic, attributes) still fail.
  bool strict_undefined = true;
  std::size_t max_depth = 64;    ///< nesting of include/extends/macro/block calls
  std::size_t max_file_bytes = 16u << 20;  ///< larger template files are refused unread
};

/// Thrown by a filter or function to report an error; the engine turns it
/// into a diagnostic at the call's template position.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Renderer;

/// What a filter or function can see of the render that calls it.
class CallContext {
 public:
  explicit CallContext(Renderer& r) : r_(r) {}
  /// Whether the calling template auto-escapes (.html/.xml/.svg).
  bool autoescape() const;
  /// Relative name of the calling template ("single.html").
  const std::string& template_name() const;
  /// The context value passed to render().
  const Value& context() const;
  /// A variable as the template sees it at the call (locals, sets, context,
  /// globals); an undefined value when there is none.
  Value lookup(std::string_view name) const;

 private:
  Renderer& r_;
};

using Kwargs = std::vector<std::pair<std::string, Value>>;

/// A site filter or function.
///  - filter `{{ x | f(a, b=c) }}`: self = x, args = [a], kwargs = [(b, c)]
///  - function `{{ f(a, b=c) }}`: self = undefined, args = [a], kwargs = [(b, c)]
/// Return Value::safe(html) for HTML that must not be escaped again; throw
/// mb::tmpl::Error("message") to report a problem (it becomes
/// `template:line:col: error: message`).
using Fn = std::function<Value(const Value& self, const std::vector<Value>& args, const Kwargs& kwargs, CallContext& ctx)>;

class Environment {
 public:
  /// `search_dirs` in priority order: the first folder holding a name wins
  /// (site layouts/ before theme layouts/).
  explicit Environment(std::vector<std::filesystem::path> search_dirs, Options options = {});
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  /// Parses every *.html/*.htm/*.xml/*.txt/*.json/*.svg template in the
  /// search folders and checks them (syntax, unknown filters and tests,
  /// missing include/extends/import targets named by a literal). Reports every
  /// error; returns false when there was any. Register site filters and
  /// functions before calling it.
  bool load_all(Diagnostics& diags);
  /// Whether a template of that name exists ("partials/nav.html").
  bool has(std::string_view name) const;
  /// Names of the loaded templates, sorted.
  std::vector<std::string> names() const;

  void add_filter(std::string name, Fn fn);
  void add_function(std::string name, Fn fn);
  void add_global(std::string name, Value value);

  /// Renders template `name` with `context` (a dict, borrowed) appended to
  /// `out`. Thread-safe. Returns false and adds diagnostics on error (`out`
  /// then holds partial output). Templates not loaded by load_all are loaded
  /// on first use.
  bool render(std::string_view name, const Value& context, std::string& out, Diagnostics& diags) const;
  /// Renders `source` as if it were a template called `name` (its suffix
  /// decides auto-escaping).
  bool render_string(std::string_view source, std::string_view name, const Value& context, std::string& out,
                     Diagnostics& diags) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// Whether a template of this name auto-escapes (.html, .htm, .xml, .svg).
bool autoescape_for(std::string_view name);

}  // namespace mb::tmpl
