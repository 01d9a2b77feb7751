// Site filters and functions that Jinja2 lacks: markdown, absurl, relurl, t.
#include <memory>
#include <mutex>
#include <unordered_map>

#include "markdown/markdown.hpp"
#include "site/site.hpp"
#include "tmpl/tmpl.hpp"

namespace mb::site {

void register_site_functions(Site& site) {
  const Site* s = &site;
  auto& env = *site.templates;
  auto string_arg = [](const Value& v, const char* what) -> std::string {
    if (v.is_string()) return v.as_string();
    if (v.is_undefined()) throw tmpl::Error(std::string(what) + ": value is undefined");
    return to_display(v);
  };
  env.add_filter("markdown", [s, string_arg](const Value& self, const std::vector<Value>&, const tmpl::Kwargs&,
                                             tmpl::CallContext&) {
    markdown::Options o;
    o.unsafe_html = s->config.unsafe_html;
    return Value::safe(markdown::render(string_arg(self, "markdown"), o).html);
  });
  auto relurl = [s, string_arg](const Value& self, const std::vector<Value>& args, const tmpl::Kwargs&,
                                tmpl::CallContext&) {
    std::string p = string_arg(self.is_undefined() && !args.empty() ? args[0] : self, "relurl");
    if (p.find("://") != std::string::npos || p.rfind("mailto:", 0) == 0) return Value(p);
    while (!p.empty() && p[0] == '/') p.erase(0, 1);
    return Value(s->url(p));
  };
  auto absurl = [s, string_arg](const Value& self, const std::vector<Value>& args, const tmpl::Kwargs&,
                                tmpl::CallContext&) {
    std::string p = string_arg(self.is_undefined() && !args.empty() ? args[0] : self, "absurl");
    if (p.find("://") != std::string::npos) return Value(p);
    // strip the base path if the value already carries it
    if (p.rfind(s->base_path, 0) == 0) p = p.substr(s->base_path.size());
    while (!p.empty() && p[0] == '/') p.erase(0, 1);
    return Value(s->permalink(p));
  };
  env.add_filter("relurl", relurl);
  env.add_function("relurl", relurl);
  env.add_filter("absurl", absurl);
  env.add_function("absurl", absurl);
  // t(): every page calls it dozens of times, so the strings are looked up in a hash table of
  // ready values, built at the first call (the strings are loaded after the functions are registered)
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view k) const { return std::hash<std::string_view>{}(k); }
  };
  struct UiValues {
    std::once_flag once;
    std::unordered_map<std::string, Value, Hash, std::equal_to<>> values;
  };
  auto ui = std::make_shared<UiValues>();
  auto t = [s, ui](const Value& self, const std::vector<Value>& args, const tmpl::Kwargs&, tmpl::CallContext&) {
    const Value& key = self.is_undefined() ? (args.empty() ? self : args[0]) : self;
    if (!key.is_string()) throw tmpl::Error("t() needs the key of a UI string");
    std::call_once(ui->once, [&] {
      for (const auto& [k, v] : s->strings) ui->values.emplace(k, Value(v));
    });
    auto it = ui->values.find(std::string_view(key.as_string()));
    if (it == ui->values.end())
      throw tmpl::Error("no UI string '" + key.as_string() + "' in i18n/" + s->config.language + ".yaml");
    return it->second;
  };
  env.add_filter("t", t);
  env.add_function("t", t);
}

}  // namespace mb::site
