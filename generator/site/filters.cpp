// Site filters and functions that Jinja2 lacks: markdown, absurl, relurl, t.
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
  auto t = [s](const Value& self, const std::vector<Value>& args, const tmpl::Kwargs&, tmpl::CallContext&) {
    const Value& key = self.is_undefined() ? (args.empty() ? self : args[0]) : self;
    if (!key.is_string()) throw tmpl::Error("t() needs the key of a UI string");
    auto it = s->strings.find(key.as_string());
    if (it == s->strings.end())
      throw tmpl::Error("no UI string '" + key.as_string() + "' in i18n/" + s->config.language + ".yaml");
    return Value(it->second);
  };
  env.add_filter("t", t);
  env.add_function("t", t);
}

}  // namespace mb::site
