#include "config/site_config.hpp"

#include <type_traits>
#include <vector>

#include "base/fs.hpp"
#include "base/text.hpp"
#include "config/yaml_json.hpp"

namespace mb::config {

std::string SiteConfig::domain() const {
  std::string u = base_url;
  auto p = u.find("://");
  if (p != std::string::npos) u = u.substr(p + 3);
  auto slash = u.find('/');
  if (slash != std::string::npos) u = u.substr(0, slash);
  auto colon = u.find(':');
  if (colon != std::string::npos) u = u.substr(0, colon);
  return u;
}

bool normalise_base_url(std::string& url) {
  if (!(text::starts_with(url, "http://") || text::starts_with(url, "https://"))) return false;
  if (url.back() != '/') url += '/';
  return true;
}

namespace {

struct Reader {
  const YamlDoc& doc;
  const std::string& path;
  Diagnostics& diags;
  bool ok = true;

  void error(const std::string& ptr, const std::string& msg) {
    auto p = doc.pos(ptr);
    diags.error(path, p.line, p.col, msg);
    ok = false;
  }

  void check_keys(const nlohmann::ordered_json& obj, const std::string& ptr, const std::vector<std::string>& allowed,
                  const std::string& what) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool known = false;
      for (const auto& a : allowed) known |= (a == it.key());
      if (known) continue;
      auto p = doc.pos(ptr + "/" + it.key() + "#key");
      Diagnostic d;
      d.path = path;
      d.line = p.line;
      d.col = p.col;
      d.message = "unknown key '" + it.key() + "' in " + what;
      std::string near = nearest(it.key(), allowed);
      if (!near.empty()) d.notes.push_back("did you mean '" + near + "'?");
      diags.add(std::move(d));
      ok = false;
    }
  }

  void str(const nlohmann::ordered_json& obj, const std::string& ptr, const char* key, std::string& out) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return;
    if (!it->is_string()) {
      error(ptr + "/" + key, std::string("'") + key + "' must be text");
      return;
    }
    out = it->get<std::string>();
  }
};

}  // namespace

bool load_config(const std::filesystem::path& root, SiteConfig& cfg, Diagnostics& diags) {
  std::error_code ec;
  cfg.root = std::filesystem::absolute(root, ec);
  auto file = root / "site.yaml";
  std::string path = fs::display_path(file, std::filesystem::current_path(ec));
  std::string text_;
  std::string err;
  if (!fs::read_file(file, text_, &err, kMaxConfigBytes)) {
    diags.error(path, 0, 0, "cannot read the site configuration: " + err +
                                " (is --site the folder that holds site.yaml?)");
    return false;
  }
  YamlDoc doc;
  if (!parse_yaml(text_, path, 0, doc, diags)) return false;
  if (!doc.value.is_object()) {
    diags.error(path, 1, 1, "site.yaml must be a mapping of keys to values");
    return false;
  }
  Reader r{doc, path, diags};
  const auto& v = doc.value;
  r.check_keys(v, "",
               {"title", "description", "base_url", "language", "time_zone", "theme", "publisher", "paths",
                "markdown", "feeds", "as_of", "params", "limits"},
               "site.yaml");
  r.str(v, "", "title", cfg.title);
  r.str(v, "", "description", cfg.description);
  r.str(v, "", "base_url", cfg.base_url);
  r.str(v, "", "language", cfg.language);
  r.str(v, "", "time_zone", cfg.time_zone);
  r.str(v, "", "theme", cfg.theme);
  r.str(v, "", "as_of", cfg.as_of);
  if (!normalise_base_url(cfg.base_url)) r.error("/base_url", "base_url must start with http:// or https://");
  if (cfg.language != "vi" && cfg.language != "en") r.error("/language", "language must be 'vi' or 'en'");
  if (cfg.time_zone != "Asia/Ho_Chi_Minh" && cfg.time_zone != "UTC")
    r.error("/time_zone", "time_zone must be 'Asia/Ho_Chi_Minh' or 'UTC'");
  cfg.utc_offset = cfg.time_zone == "UTC" ? "+00:00" : "+07:00";
  if (!cfg.as_of.empty() && (cfg.as_of.size() != 10 || cfg.as_of[4] != '-' || cfg.as_of[7] != '-'))
    r.error("/as_of", "as_of must be a date written YYYY-MM-DD");
  if (cfg.theme.find('/') != std::string::npos || cfg.theme.find("..") != std::string::npos || cfg.theme.empty())
    r.error("/theme", "theme must be a folder name under themes/");
  if (auto it = v.find("publisher"); it != v.end()) {
    if (!it->is_object()) r.error("/publisher", "'publisher' must be a mapping (name, address, email, url)");
    else {
      r.check_keys(*it, "/publisher", {"name", "address", "email", "url"}, "publisher");
      r.str(*it, "/publisher", "name", cfg.publisher.name);
      r.str(*it, "/publisher", "address", cfg.publisher.address);
      r.str(*it, "/publisher", "email", cfg.publisher.email);
      r.str(*it, "/publisher", "url", cfg.publisher.url);
    }
  }
  if (auto it = v.find("paths"); it != v.end()) {
    if (!it->is_object()) r.error("/paths", "'paths' must be a mapping");
    else {
      r.check_keys(*it, "/paths", {"content", "data", "themes", "layouts", "static", "output", "tags"}, "paths");
      r.str(*it, "/paths", "content", cfg.content_dir);
      r.str(*it, "/paths", "data", cfg.data_dir);
      r.str(*it, "/paths", "themes", cfg.themes_dir);
      r.str(*it, "/paths", "layouts", cfg.layouts_dir);
      r.str(*it, "/paths", "static", cfg.static_dir);
      r.str(*it, "/paths", "output", cfg.output_dir);
      r.str(*it, "/paths", "tags", cfg.tags_path);
    }
  }
  if (auto it = v.find("markdown"); it != v.end()) {
    if (!it->is_object()) r.error("/markdown", "'markdown' must be a mapping");
    else {
      r.check_keys(*it, "/markdown", {"unsafe_html"}, "markdown");
      if (auto u = it->find("unsafe_html"); u != it->end()) {
        if (!u->is_boolean()) r.error("/markdown/unsafe_html", "'unsafe_html' must be true or false");
        else cfg.unsafe_html = u->get<bool>();
      }
    }
  }
  if (auto it = v.find("feeds"); it != v.end()) {
    if (!it->is_object()) r.error("/feeds", "'feeds' must be a mapping");
    else {
      r.check_keys(*it, "/feeds", {"limit", "id_date", "sections", "tags", "taxonomy_limit"}, "feeds");
      if (auto d = it->find("id_date"); d != it->end()) {
        std::string s = d->is_string() ? d->get<std::string>()
                        : d->is_number_integer() ? std::to_string(d->get<long long>()) : std::string();
        auto digits = [&](std::size_t from, std::size_t n) {
          for (std::size_t i = from; i < from + n; ++i)
            if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
          return true;
        };
        bool ok = digits(0, 4) && (s.size() == 4 || (s.size() >= 7 && s[4] == '-' && digits(5, 2) &&
                                                     (s.size() == 7 || (s.size() == 10 && s[7] == '-' && digits(8, 2)))));
        if (!ok) r.error("/feeds/id_date", "'id_date' must be YYYY, YYYY-MM or YYYY-MM-DD (when the site first owned its domain)");
        else cfg.feed_id_date = s;
      }
      for (auto [key, out] : {std::pair<const char*, bool*>{"sections", &cfg.feeds_sections}, {"tags", &cfg.feeds_tags}})
        if (auto b = it->find(key); b != it->end()) {
          if (!b->is_boolean()) r.error(std::string("/feeds/") + key, std::string("'") + key + "' must be true or false");
          else *out = b->get<bool>();
        }
      if (auto l = it->find("taxonomy_limit"); l != it->end()) {
        if (!l->is_number_integer() || l->get<long long>() < 1 || l->get<long long>() > 1000000)
          r.error("/feeds/taxonomy_limit", "'taxonomy_limit' must be a whole number between 1 and 1000000");
        else cfg.feed_taxonomy_limit = static_cast<int>(l->get<long long>());
      }
      if (auto l = it->find("limit"); l != it->end()) {
        if (!l->is_number_integer() || l->get<long long>() < 1 || l->get<long long>() > 100000)
          r.error("/feeds/limit", "'limit' must be a whole number between 1 and 100000");
        else cfg.feed_limit = static_cast<int>(l->get<long long>());
      }
    }
  }
  if (auto it = v.find("limits"); it != v.end()) {
    if (!it->is_object()) r.error("/limits", "'limits' must be a mapping");
    else {
      r.check_keys(*it, "/limits", {"file_mb", "data_file_mb", "static_file_mb", "nesting", "template_depth", "pages"},
                   "limits");
      auto whole = [&](const char* key, long long lo, long long hi, auto& out, long long scale) {
        auto l = it->find(key);
        if (l == it->end()) return;
        if (!l->is_number_integer() || l->get<long long>() < lo || l->get<long long>() > hi)
          r.error(std::string("/limits/") + key, std::string("'") + key + "' must be a whole number between " +
                                                    std::to_string(lo) + " and " + std::to_string(hi));
        else out = static_cast<std::remove_reference_t<decltype(out)>>(l->get<long long>() * scale);
      };
      auto& L = cfg.limits;
      whole("file_mb", 1, 4096, L.file_bytes, 1 << 20);
      whole("data_file_mb", 1, 4096, L.data_file_bytes, 1 << 20);
      whole("static_file_mb", 1, 65536, L.static_file_bytes, 1 << 20);
      whole("nesting", 4, 10000, L.nesting, 1);
      whole("template_depth", 4, 1000, L.template_depth, 1);
      whole("pages", 1, 100000000, L.pages, 1);
      if (it->contains("pages")) L.pages_pos = doc.pos("/limits/pages");
    }
  }
  if (auto it = v.find("params"); it != v.end()) {
    if (!it->is_object()) r.error("/params", "'params' must be a mapping");
    else cfg.params = *it;
  }
  return r.ok;
}

}  // namespace mb::config
