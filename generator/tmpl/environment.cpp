// Environment: finding, loading and checking templates; the render entry points.
#include <algorithm>
#include <mutex>
#include <set>

#include "base/fs.hpp"
#include "base/text.hpp"
#include "tmpl/render.hpp"

namespace mb::tmpl {

namespace {

bool template_extension(std::string_view name) {
  for (const char* ext : {".html", ".htm", ".xml", ".txt", ".json", ".svg"})
    if (text::ends_with(name, ext)) return true;
  return false;
}

// "a//./b" → "a/b"; false for names that could leave the search folders.
bool normalize_name(std::string_view name, std::string& out, std::string& error) {
  out.clear();
  if (name.empty()) {
    error = "empty template name";
    return false;
  }
  if (name.find('\\') != std::string_view::npos || name.find('\0') != std::string_view::npos) {
    error = "invalid template name '" + std::string(name) + "' (backslashes are not allowed)";
    return false;
  }
  if (name[0] == '/' || (name.size() > 1 && name[1] == ':')) {
    error = "invalid template name '" + std::string(name) + "' (absolute paths are not allowed)";
    return false;
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    std::string_view part = name.substr(start, slash - start);
    if (part == "..") {
      error = "invalid template name '" + std::string(name) + "' ('..' is not allowed)";
      return false;
    }
    if (!part.empty() && part != ".") {
      if (!out.empty()) out += '/';
      out += part;
    }
    start = slash + 1;
  }
  if (out.empty()) {
    error = "invalid template name '" + std::string(name) + "'";
    return false;
  }
  return true;
}

std::string display(const std::filesystem::path& p) { return p.lexically_normal().generic_string(); }

class UserFunction : public Invocable {
 public:
  std::string name;
  Fn fn;
  std::string repr() const override { return "<function " + name + ">"; }
  Value call(Renderer& r, std::vector<Value>& args, Kwargs& kwargs, std::uint32_t pos) const override {
    for (const auto& a : args) r.check_defined(a, pos);
    for (const auto& kv : kwargs) r.check_defined(kv.second, pos);
    CallContext cc(r);
    try {
      return fn(Value(), args, kwargs, cc);
    } catch (const Error& e) {
      r.fail(pos, "function '" + name + "': " + e.what());
    } catch (const RenderError&) {
      throw;
    } catch (const std::exception& e) {
      r.fail(pos, "function '" + name + "' failed: " + e.what());
    }
  }
};

Diagnostic to_diagnostic(const RenderError& e, std::string_view fallback_path) {
  Diagnostic d;
  if (e.tmpl) {
    auto p = e.tmpl->position(e.pos);
    d.path = e.tmpl->path;
    d.line = p.line;
    d.col = p.col;
    d.source_line = line_of(e.tmpl->source, p.line);
  } else {
    d.path = std::string(fallback_path);
  }
  d.message = e.message;
  d.notes = e.notes;
  return d;
}

}  // namespace

bool autoescape_for(std::string_view name) {
  for (const char* ext : {".html", ".htm", ".xml", ".svg"})
    if (text::ends_with(name, ext)) return true;
  return false;
}

Environment::Impl::Entry Environment::Impl::load(const std::string& name) const {
  Entry e;
  for (const auto& dir : dirs) {
    std::filesystem::path p = dir / name;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec)) continue;
    e.found = true;
    // a symlink must not lead out of the search folder
    auto real = std::filesystem::canonical(p, ec);
    auto root = std::filesystem::canonical(dir, ec);
    auto rel = real.lexically_relative(root);
    if (ec || rel.empty() || *rel.begin() == "..") {
      Diagnostic d;
      d.path = display(p);
      d.message = "template '" + name + "' resolves outside its folder " + display(dir) + " (through a symlink)";
      e.errors.push_back(std::move(d));
      return e;
    }
    std::string source, err;
    if (!fs::read_file(p, source, &err, options.max_file_bytes)) {
      Diagnostic d;
      d.path = display(p);
      d.message = "cannot read template: " + err;
      e.errors.push_back(std::move(d));
      return e;
    }
    Diagnostics diags;
    auto t = parse_template(name, display(p), std::move(source), registry, diags);
    if (t) {
      e.errors = t->warnings;
      e.tmpl = std::move(t);
    }
    else e.errors = diags.sorted();
    return e;
  }
  return e;
}

std::shared_ptr<const Template> Environment::Impl::get(std::string_view raw, std::string& error,
                                                       std::vector<Diagnostic>* diags) const {
  std::string name;
  if (!normalize_name(raw, name, error)) return nullptr;
  {
    std::shared_lock lock(mutex);
    auto it = cache.find(name);
    if (it != cache.end()) {
      if (!it->second.found) error = "template '" + name + "' not found";
      else if (!it->second.tmpl && diags) *diags = it->second.errors;
      return it->second.tmpl;
    }
  }
  Entry e = load(name);
  if (!e.found) {  // not cached without bound: names can come from data
    error = "template '" + name + "' not found";
    std::unique_lock lock(mutex);
    if (cache.size() < 10000) cache.emplace(name, std::move(e));
    return nullptr;
  }
  std::unique_lock lock(mutex);
  auto [it, inserted] = cache.emplace(name, std::move(e));
  if (!it->second.found) error = "template '" + name + "' not found";
  else if (!it->second.tmpl && diags) *diags = it->second.errors;
  return it->second.tmpl;
}

Environment::Environment(std::vector<std::filesystem::path> search_dirs, Options options)
    : impl_(std::make_unique<Impl>()) {
  impl_->dirs = std::move(search_dirs);
  impl_->options = options;
  impl_->registry.filters = builtin_filters();
  impl_->registry.tests = builtin_tests();
  add_builtin_globals(impl_->globals);
}

Environment::~Environment() = default;

void Environment::add_filter(std::string name, Fn fn) {
  impl_->registry.filters.erase(name);
  impl_->registry.user_filters[std::move(name)] = std::move(fn);
}

void Environment::add_function(std::string name, Fn fn) {
  auto f = std::make_shared<UserFunction>();
  f->name = name;
  f->fn = std::move(fn);
  impl_->globals[std::move(name)] = Value::callable(std::move(f));
}

void Environment::add_global(std::string name, Value value) { impl_->globals[std::move(name)] = std::move(value); }

bool Environment::load_all(Diagnostics& diags) {
  std::size_t before = diags.error_count();
  std::set<std::string> seen;
  for (const auto& dir : impl_->dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) continue;
    for (const auto& name : fs::list_files(dir)) {
      if (!template_extension(name) || !seen.insert(name).second) continue;
      Impl::Entry e = impl_->load(name);
      for (const auto& d : e.errors) diags.add(d);
      std::unique_lock lock(impl_->mutex);
      impl_->cache[name] = std::move(e);
    }
  }
  // literal include/extends/import targets must exist
  for (const auto& name : seen) {
    std::shared_ptr<const Template> t;
    {
      std::shared_lock lock(impl_->mutex);
      t = impl_->cache[name].tmpl;
    }
    if (!t) continue;
    for (const auto& ref : t->refs) {
      if (ref.optional) continue;
      std::string norm, error;
      if (!normalize_name(ref.name, norm, error)) {
        auto p = t->position(ref.pos);
        diags.add({Severity::error, t->path, p.line, p.col, error, {}, line_of(t->source, p.line)});
        continue;
      }
      if (!has(norm)) {
        auto p = t->position(ref.pos);
        diags.add({Severity::error, t->path, p.line, p.col, "template '" + norm + "' not found", {},
                   line_of(t->source, p.line)});
      }
    }
  }
  return diags.error_count() == before;
}

bool Environment::has(std::string_view name) const {
  std::string error;
  std::string norm;
  if (!normalize_name(name, norm, error)) return false;
  {
    std::shared_lock lock(impl_->mutex);
    auto it = impl_->cache.find(norm);
    if (it != impl_->cache.end()) return it->second.found;
  }
  for (const auto& dir : impl_->dirs) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir / norm, ec)) return true;
  }
  // remembered as missing, as get() does (bounded: names can come from data): a
  // site asks for "news/single.html" before "_default/single.html" for every page
  std::unique_lock lock(impl_->mutex);
  if (impl_->cache.size() < 10000) impl_->cache.emplace(norm, Impl::Entry{});
  return false;
}

std::vector<std::string> Environment::names() const {
  std::vector<std::string> out;
  std::shared_lock lock(impl_->mutex);
  for (const auto& [name, e] : impl_->cache)
    if (e.tmpl) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {
bool run_render(const Environment::Impl& env, const std::shared_ptr<const Template>& t, const Value& context,
                std::string& out, Diagnostics& diags) {
  if (!context.is_dict() && !context.is_none() && !context.is_undefined()) {
    diags.error(t->path, 0, 0, "the render context must be a dict, got '" + type_name(context) + "'");
    return false;
  }
  Renderer r(env, context);
  auto ctx = r.new_ctx();
  ctx->root = context.is_dict() ? &context : nullptr;
  try {
    r.render_root(t, ctx, out);
    if (out.size() > env.options.max_output_bytes) {
      diags.error(t->path, 0, 0, "output larger than " + std::to_string(env.options.max_output_bytes >> 20) +
                                     " MB in one render (limits.page_mb)");
      return false;
    }
  } catch (const RenderError& e) {
    if (e.diagnostics.empty()) diags.add(to_diagnostic(e, t->path));
    for (const auto& d : e.diagnostics) diags.add(d);
    return false;
  } catch (const std::bad_alloc&) {
    diags.error(t->path, 0, 0, "out of memory while rendering");
    return false;
  }
  return true;
}
}  // namespace

bool Environment::render(std::string_view name, const Value& context, std::string& out, Diagnostics& diags) const {
  std::string error;
  std::vector<Diagnostic> errors;
  auto t = impl_->get(name, error, &errors);
  if (!t) {
    if (!errors.empty()) {
      for (auto& d : errors) diags.add(std::move(d));
    } else {
      diags.error(std::string(name), 0, 0, error);
    }
    return false;
  }
  return run_render(*impl_, t, context, out, diags);
}

bool Environment::render_string(std::string_view source, std::string_view name, const Value& context, std::string& out,
                                Diagnostics& diags) const {
  std::size_t before = diags.error_count();
  auto t = parse_template(std::string(name), std::string(name), std::string(source), impl_->registry, diags);
  if (!t) return diags.error_count() > before ? false : false;
  return run_render(*impl_, t, context, out, diags);
}

}  // namespace mb::tmpl
