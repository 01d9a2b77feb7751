#include "site/i18n.hpp"

#include "base/fs.hpp"
#include "config/yaml_json.hpp"

namespace mb::site {

namespace {
void flatten(const nlohmann::ordered_json& v, const std::string& prefix, std::map<std::string, std::string>& out) {
  for (auto it = v.begin(); it != v.end(); ++it) {
    std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it->is_object()) flatten(*it, key, out);
    else if (it->is_string()) out[key] = it->get<std::string>();
    else if (!it->is_null()) out[key] = it->dump();
  }
}
}  // namespace

bool load_strings(const std::filesystem::path& dir, const std::string& lang, const std::string& display_prefix,
                  std::map<std::string, std::string>& out, Diagnostics& diags) {
  auto file = dir / (lang + ".yaml");
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return true;
  std::string text, err;
  std::string display = display_prefix + lang + ".yaml";
  if (!fs::read_file(file, text, &err, 16u << 20)) {
    diags.error(display, 0, 0, err);
    return false;
  }
  config::YamlDoc doc;
  if (!config::parse_yaml(text, display, 0, doc, diags)) return false;
  if (!doc.value.is_object()) {
    diags.error(display, 1, 1, "UI strings must be a mapping of keys to text");
    return false;
  }
  flatten(doc.value, "", out);
  return true;
}

}  // namespace mb::site
