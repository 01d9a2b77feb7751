// minhbach import ranking|results FILE ...: spreadsheets into data/ files.
#include <iostream>

#include "cli/clerk.hpp"
#include "config/site_config.hpp"
#include "data/loader.hpp"
#include "importer/import.hpp"
#include "importer/preview.hpp"
#include "importer/values.hpp"

namespace mb::cli {

namespace {

int parse_year(const Command& cmd, const std::string& s, int& year) {
  if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string::npos)
    return usage_error(cmd, "--year needs a year such as 2026");
  year = std::stoi(s);
  return -1;
}

}  // namespace

int cmd_import(const Args& args) {
  const Command& cmd = clerk::command("import");
  std::string site_dir = ".", lang_s, index, plan_id, year_s, period, sheet, encoding, scope, published, source, reported;
  bool dry_run = false, replace = false;
  std::vector<std::string> pos;
  OptionParser parser(cmd, args);
  parser.value("site", &site_dir).value("lang", &lang_s).value("index", &index).value("plan", &plan_id);
  parser.value("year", &year_s).value("period", &period).value("sheet", &sheet).value("encoding", &encoding);
  parser.value("scope", &scope).value("published", &published).value("source", &source).value("reported", &reported);
  parser.flag("dry-run", &dry_run).flag("replace", &replace);
  if (int rc = parser.parse(&pos); rc >= 0) return rc;
  importer::Lang lang = importer::Lang::en;
  if (int rc = clerk::parse_lang(cmd, lang_s, lang); rc >= 0) return rc;
  if (pos.size() != 2 || (pos[0] != "ranking" && pos[0] != "results"))
    return usage_error(cmd, "expected `import ranking FILE` or `import results FILE`");
  bool ranking = pos[0] == "ranking";
  int year = 0;
  if (!year_s.empty())
    if (int rc = parse_year(cmd, year_s, year); rc >= 0) return rc;
  if (ranking && (index.empty() || year == 0)) return usage_error(cmd, "import ranking needs --index ID and --year YEAR");
  if (!ranking && plan_id.empty()) return usage_error(cmd, "import results needs --plan ID");
  if (ranking && replace) return usage_error(cmd, "--replace is for results: a ranking always replaces the year");
  for (const std::string* d : {&published, &reported})
    if (!d->empty()) {
      auto iso = importer::parse_date_text(*d);
      if (!iso) return usage_error(cmd, "'" + *d + "' is not a date: write 2026-04-10 or 10/04/2026");
      const_cast<std::string&>(*d) = *iso;
    }
  if (period.empty() && year) period = std::to_string(year);

  Diagnostics diags;
  config::SiteConfig cfg;
  if (!config::load_config(site_dir, cfg, diags)) return clerk::fail(cmd, diags, lang);
  std::filesystem::path data_dir = cfg.root / cfg.data_dir;
  std::string prefix = cfg.data_dir + "/";
  data::Dataset data;
  Diagnostics existing;
  if (!data::load(data_dir, prefix, data, existing))
    std::cerr << importer::msg(lang, "warning: the data folder already has {#0} errors; run `minhbach check` to see them",
                               {std::to_string(existing.error_count())})
              << '\n';

  importer::Table table;
  importer::ReadOptions ro;
  ro.sheet = sheet;
  ro.encoding = encoding;
  if (!importer::read_table(pos[1], pos[1], table, diags, ro) || diags.has_errors()) return clerk::fail(cmd, diags, lang);

  importer::ImportPlan plan;
  bool ok;
  if (ranking) {
    importer::RankingOptions o;
    o.index = index;
    o.year = year;
    o.scope = scope;
    o.published = published;
    o.source = source;
    ok = importer::plan_ranking(data, data_dir, prefix, table, o, plan, diags);
  } else {
    importer::ResultsOptions o;
    o.plan = plan_id;
    o.period = period;
    o.reported = reported;
    o.source = source;
    o.replace = replace;
    ok = importer::plan_results(data, data_dir, prefix, table, o, plan, diags);
  }
  if (!ok || diags.has_errors()) return clerk::fail(cmd, diags, lang);
  if (!importer::validate(data_dir, prefix, plan, diags)) return clerk::fail(cmd, diags, lang);
  if (!dry_run && !importer::apply(plan, diags)) return clerk::fail(cmd, diags, lang);
  std::cout << importer::format_preview(plan, table, lang, !dry_run);
  return kOk;
}

}  // namespace mb::cli
