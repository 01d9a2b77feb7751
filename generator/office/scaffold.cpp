#include "office/scaffold.hpp"

#include <nlohmann/json.hpp>

#include "base/fs.hpp"
#include "base/text.hpp"
#include "importer/match.hpp"
#include "office/embedded.hpp"

namespace mb::office {

namespace stdfs = std::filesystem;

namespace {

std::string q(const std::string& s) { return nlohmann::json(s).dump(-1, ' ', false); }

bool write_new(const stdfs::path& root, const std::string& rel, const std::string& data, Diagnostics& diags) {
  std::error_code ec;
  if (stdfs::exists(root / rel, ec)) {
    diags.error(rel, 0, 0, "refusing to overwrite " + rel);
    return false;
  }
  std::string err;
  if (!fs::write_file_atomic(root / rel, data, &err)) {
    diags.error(rel, 0, 0, "cannot write the file: " + err);
    return false;
  }
  return true;
}

const std::string& templ(const std::string& name) {
  static const std::string none;
  const EmbeddedFile* f = embedded("templates/" + name);
  return f ? f->data : none;
}

std::string display(const config::SiteConfig& cfg, const std::string& rel) {
  std::error_code ec;
  return fs::display_path(cfg.root / rel, stdfs::current_path(ec));
}

}  // namespace

std::string fill(std::string_view t, const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out(t);
  for (const auto& [k, v] : values) {
    std::string key = "{{" + k + "}}";
    for (std::size_t p = out.find(key); p != std::string::npos; p = out.find(key, p + v.size())) out.replace(p, key.size(), v);
  }
  return out;
}

bool new_site(const stdfs::path& dir, const SiteOptions& o, std::vector<std::string>& written, Diagnostics& diags) {
  std::error_code ec;
  if (stdfs::exists(dir, ec) && !(stdfs::is_directory(dir, ec) && stdfs::is_empty(dir, ec))) {
    diags.error(dir.string(), 0, 0, "refusing to create a site in a folder that is not empty");
    return false;
  }
  std::string year = o.today.substr(0, 4);
  std::vector<std::pair<std::string, std::string>> values = {
      {"title", q(o.title)}, {"base_url", q(o.base_url)}, {"year", year}};
  bool ok = true;
  for (const auto& f : embedded_files()) {
    std::string rel;
    if (text::starts_with(f.path, "templates/site/")) rel = f.path.substr(15);
    else if (text::starts_with(f.path, "theme/")) rel = "themes/default/" + f.path.substr(6);
    else continue;
    bool text_file = text::ends_with(rel, ".md") || text::ends_with(rel, ".yaml") || text::ends_with(rel, ".json");
    std::string data = text_file && text::starts_with(f.path, "templates/") ? fill(f.data, values) : f.data;
    if (write_new(dir, rel, data, diags)) written.push_back(rel);
    else ok = false;
  }
  // the first news item, published (not a draft)
  std::string news = fill(templ("news.md"), {{"title", q("Khai trương trang công khai kết quả cải cách hành chính")},
                                              {"date", o.today},
                                              {"draft", "false"}});
  std::string rel = "content/tin-tuc/khai-truong.md";
  if (write_new(dir, rel, news, diags)) written.push_back(rel);
  else ok = false;
  for (const char* d : {"static", "data/agencies"}) {
    stdfs::create_directories(dir / d, ec);
  }
  std::sort(written.begin(), written.end());
  return ok;
}

std::string new_news(const config::SiteConfig& cfg, const std::string& title, const std::string& date,
                     Diagnostics& diags, bool draft) {
  std::string slug = text::slugify(title);
  if (slug.empty()) {
    diags.error("new news", 0, 0, "the title gives no usable file name: use letters or digits");
    return "";
  }
  std::string rel = cfg.content_dir + "/tin-tuc/" + slug + ".md";
  std::string data = fill(templ("news.md"), {{"title", q(text::nfc(title))}, {"date", date}, {"draft", draft ? "true" : "false"}});
  if (!write_new(cfg.root, rel, data, diags)) return "";
  return display(cfg, rel);
}

std::string new_plan(const config::SiteConfig& cfg, const data::Dataset& data, const std::string& id,
                     const std::string& title, const std::string& issuer, int from, int to, const std::string& today,
                     Diagnostics& diags) {
  if (id.empty() || text::slugify(id) != id) {
    Diagnostic d;
    d.path = "new plan";
    d.message = "invalid id '" + id + "': use lowercase letters a-z, digits and single '-'";
    if (!text::slugify(id).empty()) d.notes.push_back("did you mean '" + text::slugify(id) + "'?");
    diags.add(std::move(d));
    return "";
  }
  std::string who = issuer;
  if (who.empty())
    for (const auto& a : data.agencies)
      if (who.empty() && (a.kind == data::AgencyKind::province || a.kind == data::AgencyKind::other)) who = a.id;
  if (who.empty() && !data.agencies.empty()) who = data.agencies.front().id;
  if (!data.agency(who)) {
    diags.error("--issuer", 0, 0, who.empty() ? "there are no agencies in data/agencies.json yet: add the issuer there first"
                                              : "unknown agency '" + who + "'");
    return "";
  }
  std::string rel = cfg.data_dir + "/plans/" + id + ".json";
  std::string text = fill(templ("plan.json"), {{"id", q(id)},
                                               {"title", q(title.empty() ? "Thay bằng tên kế hoạch" : text::nfc(title))},
                                               {"issuer", q(who)},
                                               {"issued", q(today)},
                                               {"from", std::to_string(from)},
                                               {"to", std::to_string(to)}});
  if (!write_new(cfg.root, rel, text, diags)) return "";
  return display(cfg, rel);
}

std::string new_ranking(const config::SiteConfig& cfg, const data::Dataset& data, const std::string& index, int year,
                        const std::string& scope, const std::string& today, Diagnostics& diags) {
  const data::Index* ix = data.index(index);
  if (!ix) {
    std::vector<std::string> ids;
    for (const auto& i : data.indices) ids.push_back(i.id);
    Diagnostic d;
    d.path = "new ranking";
    d.message = "unknown index '" + index + "'";
    std::string n = nearest(index, ids);
    if (!n.empty()) d.notes.push_back("did you mean '" + n + "'?");
    diags.add(std::move(d));
    return "";
  }
  std::string s = scope;
  if (s.empty())
    for (const auto* r : data.rankings_of(index)) s = data::to_string(r->scope);
  if (s != "provinces" && s != "departments" && s != "communes") {
    diags.error("--scope", 0, 0,
                s.empty() ? "give --scope provinces, --scope departments or --scope communes: the index has no ranking yet"
                          : "unknown scope '" + s + "': expected provinces, departments or communes");
    return "";
  }
  std::string rel = cfg.data_dir + "/rankings/" + index + "/" + std::to_string(year) + ".json";
  std::string text = fill(templ("ranking.json"),
                          {{"index", q(index)},
                           {"year", std::to_string(year)},
                           {"scope", q(s)},
                           {"published", q(today)},
                           {"source", q("Thay bằng văn bản công bố: Quyết định số .../QĐ-UBND ngày ... công bố " +
                                        ix->short_name + " năm " + std::to_string(year))}});
  if (!write_new(cfg.root, rel, text, diags)) return "";
  return display(cfg, rel);
}

}  // namespace mb::office
