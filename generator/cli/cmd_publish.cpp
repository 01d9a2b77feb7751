// minhbach publish --to DIR: check, build, link check, copy what changed.
// Also `check --lang`, which shares the localised printing.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/clerk.hpp"
#include "base/fs.hpp"
#include "config/site_config.hpp"
#include "office/publish.hpp"
#include "site/site.hpp"

namespace mb::cli {

namespace {

using importer::Lang;

// At most `limit` lines (all when 0), then how many more.
void list(std::ostream& os, const char* what, const std::vector<std::string>& paths, std::size_t limit, bool vi) {
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (limit && i == limit) {
      os << "  " << what << "… " << (vi ? "và " : "and ") << paths.size() - limit << (vi ? " tệp khác" : " more")
         << '\n';
      return;
    }
    os << "  " << what << paths[i] << '\n';
  }
}

std::string figure_kind(const std::string& kind, bool vi) {
  if (!vi) return kind;
  if (kind == "first-publication") return "lần công bố đầu tiên";
  if (kind == "new-ranking") return "bảng xếp hạng mới";
  if (kind == "new-result") return "kết quả mới";
  if (kind == "correction") return "đính chính";
  if (kind == "addition") return "bổ sung";
  if (kind == "removal") return "bỏ";
  return kind;
}

}  // namespace

int cmd_publish(const Args& args) {
  const Command& cmd = clerk::command("publish");
  std::string site_dir = ".", lang_s, to, out, base_url;
  bool force = false, verbose = false;
  OptionParser parser(cmd, args);
  parser.value("site", &site_dir).value("lang", &lang_s).value("to", &to).value("out", &out).value("base-url", &base_url);
  parser.flag("force", &force).flag("verbose", &verbose);
  if (int rc = parser.parse(); rc >= 0) return rc;
  Lang lang = Lang::en;
  if (int rc = clerk::parse_lang(cmd, lang_s, lang); rc >= 0) return rc;
  if (to.empty()) return usage_error(cmd, "publish needs --to DIR, the deployment folder");
  bool vi = lang == Lang::vi;
  auto failed = [&](const Diagnostics& diags) {
    importer::print_diagnostics(diags, lang, std::cerr);
    std::size_t n = diags.error_count();
    std::cerr << "minhbach publish: "
              << importer::msg(lang, n == 1 ? "{#0} error" : "{#0} errors", {std::to_string(n)})
              << importer::msg(lang, "; the deployment folder was not changed") << '\n';
    return kInputError;
  };

  // 1. check and build (a failed build writes nothing)
  site::BuildOptions o;
  o.site_dir = site_dir;
  o.out_dir = out;
  o.base_url = base_url;
  site::BuildReport build;
  Diagnostics diags;
  if (!site::build_site(o, build, diags) || diags.has_errors()) return failed(diags);

  // 2. internal links of the built pages
  config::SiteConfig cfg;
  Diagnostics ignored;
  config::load_config(site_dir, cfg, ignored);
  std::string effective_base = base_url.empty() ? cfg.base_url : base_url;
  if (!effective_base.empty() && effective_base.back() != '/') effective_base += '/';
  std::error_code ec;
  std::string shown = fs::display_path(build.out_dir, std::filesystem::current_path(ec));
  if (!shown.empty() && shown.back() != '/') shown += '/';
  if (!office::check_links(build.out_dir, shown, effective_base, diags)) return failed(diags);

  // 3. the deployment folder. MINHBACH_TEST_PAUSE_AFTER=N stops after N
  // files for N seconds (tests interrupt publishing there).
  std::size_t pause_after = 0;
  if (const char* p = std::getenv("MINHBACH_TEST_PAUSE_AFTER")) pause_after = static_cast<std::size_t>(std::atol(p));
  office::DeployReport rep;
  bool ok = office::deploy(build.out_dir, to, cfg.root, force, rep, diags, [&](std::size_t placed) {
    if (pause_after && placed == pause_after) {
      std::cerr << "paused after " << placed << " files\n" << std::flush;
      std::this_thread::sleep_for(std::chrono::seconds(30));
    }
  });
  if (!ok || diags.has_errors()) return failed(diags);

  // 4. what changed, for the record
  std::cout << (vi ? "đã xuất bản " : "published ") << shown << (vi ? " vào " : " to ") << to << ": " << rep.files
            << (vi ? " tệp (" : " files (") << rep.added.size() << (vi ? " thêm, " : " added, ") << rep.changed.size()
            << (vi ? " sửa, " : " changed, ") << rep.removed.size() << (vi ? " bỏ, " : " removed, ") << rep.unchanged
            << (vi ? " không đổi)\n" : " unchanged)\n");
  std::size_t limit = verbose ? 0 : 20;
  list(std::cout, vi ? "+ thêm   " : "+ added   ", rep.added, limit, vi);
  list(std::cout, vi ? "~ sửa    " : "~ changed ", rep.changed, limit, vi);
  list(std::cout, vi ? "- bỏ     " : "- removed ", rep.removed, limit, vi);
  if (!rep.figures.empty()) {
    std::cout << (vi ? "số liệu công bố:\n" : "published figures:\n");
    std::vector<std::string> lines;
    for (const auto& c : rep.figures) {
      std::string l = figure_kind(c.kind, vi);
      if (!c.key.empty()) l += " " + c.key;
      if (!c.old_value.empty() || !c.new_value.empty())
        l += ": " + (c.old_value.empty() ? std::string("—") : c.old_value) + " → " +
             (c.new_value.empty() ? std::string("—") : c.new_value);
      lines.push_back(l);
    }
    list(std::cout, "", lines, limit, vi);
  }
  return kOk;
}

int cmd_check_lang(const Args& args) {
  // without --lang, the plain check (cmd_build.cpp)
  std::string lang_s;
  Args rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--lang" && i + 1 < args.size()) lang_s = args[++i];
    else if (args[i].rfind("--lang=", 0) == 0) lang_s = args[i].substr(7);
    else rest.push_back(args[i]);
  }
  const Command& cmd = clerk::command("check");
  if (lang_s.empty()) return cmd_check(rest);
  Lang lang = Lang::en;
  if (int rc = clerk::parse_lang(cmd, lang_s, lang); rc >= 0) return rc;
  site::BuildOptions o;
  o.dry_run = true;
  std::string site_dir = ".";
  OptionParser parser(cmd, rest);
  parser.value("site", &site_dir).flag("drafts", &o.drafts).value("as-of", &o.as_of);
  if (int rc = parser.parse(); rc >= 0) return rc;
  o.site_dir = site_dir;
  Diagnostics diags;
  site::BuildReport report;
  if (!site::build_site(o, report, diags) || diags.has_errors()) return clerk::fail(cmd, diags, lang, false);
  std::cout << importer::msg(lang, "ok: {#0} pages checked, no errors", {std::to_string(report.pages)}) << '\n';
  return kOk;
}

}  // namespace mb::cli
