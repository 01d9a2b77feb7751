// Internal: the engine's objects seen by templates (macros, `loop`,
// `super`, `self`, imported modules).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tmpl/render.hpp"

namespace mb::tmpl {

/// `loop` inside a for body. The renderer updates index0 as it iterates.
class LoopObj : public Invocable, public std::enable_shared_from_this<LoopObj> {
 public:
  const Node* node = nullptr;
  const std::vector<Value>* items = nullptr;  // valid while the loop runs
  std::size_t index0 = 0, length = 0, depth0 = 0;
  mutable Value last_changed;
  mutable bool changed_seen = false;
  mutable Value cycle_method, changed_method;  // hold the loop: cleared when it ends

  std::string repr() const override {
    return "<LoopContext " + std::to_string(index0 + 1) + "/" + std::to_string(length) + ">";
  }
  Value attr(std::string_view name) const override;
  Value call(Renderer& r, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos) const override;
  /// Drops what may refer back to the loop when it ends.
  void finish();
};

/// A macro defined by `{% macro %}` in `tmpl`; `closure` holds the locals
/// visible where a nested macro was defined.
Value make_macro(const Node* node, const Template* tmpl, const std::shared_ptr<Ctx>& ctx, std::shared_ptr<Scope> closure,
                 int escape_override);
/// `super` inside block `block`: renders the block at `index` in the chain.
Value make_super(const std::string& block, std::size_t index);
/// What `import` gives: the template's top-level names.
Value make_module(const std::string& name, std::vector<std::pair<std::string, Value>> vars);
/// `self`: `self.blockname()` renders a block.
const Value& self_value();

}  // namespace mb::tmpl
