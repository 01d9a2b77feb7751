// minhbach new site|news|plan|ranking: files from the embedded templates.
#include <iostream>

#include "cli/clerk.hpp"
#include "config/site_config.hpp"
#include "data/loader.hpp"
#include "importer/values.hpp"
#include "office/scaffold.hpp"
#include "site/site.hpp"

namespace mb::cli {

namespace {

bool year_of(const std::string& s, int& y) {
  if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  y = std::stoi(s);
  return true;
}

}  // namespace

int cmd_new(const Args& args) {
  const Command& cmd = clerk::command("new");
  std::string site_dir = ".", lang_s, title, base_url, date, issuer, from_s, to_s, scope;
  std::vector<std::string> pos;
  OptionParser parser(cmd, args);
  parser.value("site", &site_dir).value("lang", &lang_s).value("title", &title).value("base-url", &base_url);
  parser.value("date", &date).value("issuer", &issuer).value("from", &from_s).value("to", &to_s).value("scope", &scope);
  if (int rc = parser.parse(&pos); rc >= 0) return rc;
  importer::Lang lang = importer::Lang::en;
  if (int rc = clerk::parse_lang(cmd, lang_s, lang); rc >= 0) return rc;
  if (pos.empty()) return usage_error(cmd, "expected what to create: site, news, plan or ranking");
  const std::string& what = pos[0];
  Diagnostics diags;

  if (what == "site") {
    if (pos.size() != 2) return usage_error(cmd, "expected `new site DIR`");
    office::SiteOptions o;
    if (!title.empty()) o.title = title;
    if (!base_url.empty()) {
      o.base_url = base_url;
      if (!config::normalise_base_url(o.base_url)) return usage_error(cmd, "--base-url must start with http:// or https://");
      o.base_url = base_url;
    }
    o.today = site::today("+07:00");
    std::vector<std::string> written;
    if (!office::new_site(pos[1], o, written, diags)) return clerk::fail(cmd, diags, lang, false);
    bool vi = lang == importer::Lang::vi;
    std::cout << (vi ? "đã tạo trang mới trong " : "created a new site in ") << pos[1] << " (" << written.size()
              << (vi ? " tệp)\n" : " files)\n");
    std::cout << (vi ? "tiếp theo: cd " : "next: cd ") << pos[1] << " && minhbach build   (" << (vi ? "rồi mở public/index.html" : "then open public/index.html") << ")\n";
    return kOk;
  }

  config::SiteConfig cfg;
  if (!config::load_config(site_dir, cfg, diags)) return clerk::fail(cmd, diags, lang, true);
  std::string today = site::today(cfg.utc_offset);
  std::string written;
  if (what == "news") {
    if (pos.size() != 2) return usage_error(cmd, "expected `new news \"TITLE\"`");
    if (!date.empty()) {
      auto d = importer::parse_date_text(date);
      if (!d) return usage_error(cmd, "--date needs a date such as 2026-04-10");
      date = *d;
    }
    written = office::new_news(cfg, pos[1], date.empty() ? today : date, diags);
  } else if (what == "plan" || what == "ranking") {
    data::Dataset data;
    Diagnostics ignored;  // the new file is written even when other data has errors; check reports them
    data::load(cfg.root / cfg.data_dir, cfg.data_dir + "/", data, ignored);
    if (what == "plan") {
      if (pos.size() != 2) return usage_error(cmd, "expected `new plan ID`");
      int from = std::stoi(today.substr(0, 4)), to = from;
      if (!from_s.empty() && !year_of(from_s, from)) return usage_error(cmd, "--from needs a year such as 2026");
      if (!to_s.empty() && !year_of(to_s, to)) return usage_error(cmd, "--to needs a year such as 2030");
      if (to_s.empty() && to < from) to = from;
      written = office::new_plan(cfg, data, pos[1], title, issuer, from, to, today, diags);
    } else {
      int year = 0;
      if (pos.size() != 3 || !year_of(pos[2], year)) return usage_error(cmd, "expected `new ranking INDEX YEAR`");
      written = office::new_ranking(cfg, data, pos[1], year, scope, today, diags);
    }
  } else {
    return usage_error(cmd, "unknown kind '" + what + "': expected site, news, plan or ranking");
  }
  if (written.empty()) return clerk::fail(cmd, diags, lang);
  std::cout << (lang == importer::Lang::vi ? "đã tạo " : "created ") << written << '\n';
  return kOk;
}

}  // namespace mb::cli
