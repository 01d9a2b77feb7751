// The build pipeline: a flat list of named, timed steps.
#include <atomic>
#include <future>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

#include "base/fs.hpp"
#include "base/parallel.hpp"
#include "base/text.hpp"
#include "data/loader.hpp"
#include "site/i18n.hpp"
#include "site/records.hpp"
#include "site/site.hpp"
#include "site/views.hpp"
#include "tmpl/tmpl.hpp"

namespace mb::site {

void register_site_functions(Site& site);

Site::Site() = default;
Site::~Site() = default;

std::string Site::url(std::string_view rel) const { return base_path + std::string(rel); }

std::string Site::permalink(std::string_view rel) const {
  std::string origin = config.base_url.substr(0, config.base_url.size() - (base_path.size() - 1));
  if (!origin.empty() && origin.back() == '/') origin.pop_back();
  return origin + base_path + std::string(rel);
}

std::string today(const std::string& utc_offset) {
  std::time_t now = std::time(nullptr);
  int sign = utc_offset.size() == 6 && utc_offset[0] == '-' ? -1 : 1;
  int hours = utc_offset.size() == 6 ? std::stoi(utc_offset.substr(1, 2)) : 0;
  int mins = utc_offset.size() == 6 ? std::stoi(utc_offset.substr(4, 2)) : 0;
  now += sign * (hours * 3600 + mins * 60);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

namespace {

// Wall time, CPU time (all threads) and peak RSS of each step.
class Timer {
 public:
  explicit Timer(BuildReport& r) : report_(r), start_(std::chrono::steady_clock::now()), cpu_(cpu_ms()) {}
  void step(const char* name) {
    auto now = std::chrono::steady_clock::now();
    double cpu = cpu_ms();
    struct rusage ru {};
    ::getrusage(RUSAGE_SELF, &ru);
    report_.steps.push_back({name, std::chrono::duration<double, std::milli>(now - start_).count(), cpu - cpu_,
                             static_cast<std::size_t>(ru.ru_maxrss), rss_kb()});
    start_ = now;
    cpu_ = cpu;
  }

 private:
  static std::size_t rss_kb() {  // resident now (Linux; 0 elsewhere)
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
      std::fclose(f);
    }
    return static_cast<std::size_t>(resident) * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)) / 1024;
  }
  static double cpu_ms() {
    struct rusage ru {};
    ::getrusage(RUSAGE_SELF, &ru);
    auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
    return ms(ru.ru_utime) + ms(ru.ru_stime);
  }
  BuildReport& report_;
  std::chrono::steady_clock::time_point start_;
  double cpu_;
};

std::string base_path_of(const std::string& base_url) {
  auto p = base_url.find("://");
  auto slash = base_url.find('/', p == std::string::npos ? 0 : p + 3);
  return slash == std::string::npos ? "/" : base_url.substr(slash);
}

Value site_value(const Site& site) {
  const auto& c = site.config;
  Value v = Value::dict();
  v.set("title", Value(c.title));
  v.set("description", Value(c.description));
  v.set("base_url", Value(c.base_url));
  v.set("base_path", Value(site.base_path));
  v.set("language", Value(c.language));
  v.set("time_zone", Value(c.time_zone));
  v.set("as_of", Value(site.as_of));
  Value pub = Value::dict();
  pub.set("name", Value(c.publisher.name));
  pub.set("address", Value(c.publisher.address));
  pub.set("email", Value(c.publisher.email));
  pub.set("url", Value(c.publisher.url));
  v.set("publisher", pub);
  v.set("params", from_json(c.params));
  return v;
}

std::string redirect_page(const std::string& target) {
  std::string t = text::html_escape(target);
  return "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + t +
         "</title><link rel=\"canonical\" href=\"" + t + "\"><meta http-equiv=\"refresh\" content=\"0; url=" + t +
         "\"></head><body><p><a href=\"" + t + "\">" + t + "</a></p></body></html>\n";
}

void copy_tree(const std::filesystem::path& dir, const std::string& display_prefix, std::size_t max_bytes,
               output::Publisher& pub, Diagnostics& diags, const std::vector<std::string>* only = nullptr) {
  std::vector<std::string> links;
  auto files = only ? *only : fs::list_files(dir, &links);
  for (const auto& l : links) diags.error(display_prefix + l, 0, 0, "symbolic links are not copied (copy the file instead)");
  for (const auto& f : files) {
    std::error_code ec;
    auto size = std::filesystem::file_size(dir / f, ec);
    if (!ec && size > max_bytes) {
      diags.error(display_prefix + text::to_valid_utf8(f), 0, 0,
                  "file is larger than " + fs::describe_limit(max_bytes) + " (limits.static_file_mb in site.yaml)");
      continue;
    }
    pub.copy(f, dir / f, diags, display_prefix + text::to_valid_utf8(f));
  }
}

// Never frees `site` and `pub` (the process is about to exit: 10 ms of a
// 10,000-page build go to freeing them); kept reachable from statics, so a
// leak checker does not count them (volatile: the stores are not optimised away)
Site* volatile kept_site = nullptr;
output::Publisher* volatile kept_pub = nullptr;
void leave_to_exit(std::unique_ptr<Site> site, std::unique_ptr<output::Publisher> pub) {
  kept_site = site.release();
  kept_pub = pub.release();
}

}  // namespace

bool build_site(const BuildOptions& options, BuildReport& report, Diagnostics& diags) {
  Timer timer(report);
  const std::int64_t started = realtime_ns();  // before the first input is read
  auto owned_site = std::make_unique<Site>();
  Site& site = *owned_site;
  site.threads = options.jobs;
  if (!config::load_config(options.site_dir, site.config, diags)) return false;
  auto& cfg = site.config;
  if (!options.base_url.empty()) {
    cfg.base_url = options.base_url;
    if (!config::normalise_base_url(cfg.base_url)) {
      diags.error("--base-url", 0, 0, "base URL must start with http:// or https://");
      return false;
    }
  }
  site.base_path = base_path_of(cfg.base_url);
  site.as_of = !options.as_of.empty() ? options.as_of : !cfg.as_of.empty() ? cfg.as_of : today(cfg.utc_offset);
  const auto root = site.config.root;
  std::filesystem::path out = options.out_dir.empty() ? root / cfg.output_dir : std::filesystem::path(options.out_dir);
  // nothing changed since the last publication: nothing to do. Into an output
  // folder that is missing or was not published by minhbach no build can be
  // skipped: then the inputs are stat'ed on a thread of their own, beside the
  // build, where a core would otherwise idle (see input_stamp on why that is sound)
  const bool stamped = !options.dry_run && options.stamp;
  std::string input_hash;
  std::future<std::string> later_hash;
  if (stamped && std::filesystem::is_directory(out) && !output::read_stamp(out).empty()) {
    input_hash = input_stamp(site.config, site.as_of, options, out, started, site.threads);
    if (up_to_date(out, input_hash, report, site.threads)) {
      timer.step("up to date");
      return true;
    }
  } else if (stamped) {
    later_hash = std::async(std::launch::async, [&options, out, started, cfg = site.config, as_of = site.as_of] {
      // mostly where a core would idle: a 50,000-page stamp is 0.1 s of a
      // core, which the readers of the content would otherwise give up. Nice
      // 10 (on Linux, this thread's own), not SCHED_IDLE: on a machine busy
      // with other work an idle-class thread may wait for seconds, and the
      // build waits for it at the end
      ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
      return input_stamp(cfg, as_of, options, out, started, 1);
    });
  }
  timer.step("config");
  auto announce = [&](std::string_view step) {
    if (options.progress) options.progress(step, 0, 0);
  };

  // content
  announce("reading");
  content::LoadOptions lo;
  lo.drafts = options.drafts;
  lo.today = site.as_of;
  lo.utc_offset = cfg.utc_offset;
  lo.markdown.unsafe_html = cfg.unsafe_html;
  lo.jobs = options.jobs;
  lo.max_file_bytes = cfg.limits.file_bytes;
  lo.max_depth = cfg.limits.nesting;
  lo.max_pages = cfg.limits.pages;
  lo.cache = options.content_cache;
  if (options.progress) lo.progress = [&](std::size_t done, std::size_t total) { options.progress("reading", done, total); };
  content::load_content(root / cfg.content_dir, cfg.content_dir + "/", site.content, diags, lo);
  timer.step("content");

  // data: agencies, plans, results, indices, rankings
  announce("loading data");
  data::LoadOptions dlo;
  dlo.json.max_bytes = cfg.limits.data_file_bytes;
  dlo.json.max_depth = static_cast<std::size_t>(cfg.limits.nesting);
  dlo.jobs = options.jobs;
  data::load(root / cfg.data_dir, cfg.data_dir + "/", site.data, diags, dlo);
  // agencies named in front matter pick the agency feeds a news page goes to
  for (const auto& p : site.content.pages)
    for (std::size_t i = 0; i < p.agencies.size(); ++i)
      if (!site.data.agency(p.agencies[i]))
        diags.error(p.display, i < p.agency_pos.size() ? p.agency_pos[i] : SourcePos{},
                    "unknown agency '" + p.agencies[i] + "' in 'agencies' (use an id from " + cfg.data_dir +
                        "/agencies.json)");
  timer.step("data");

  // templates and UI strings
  announce("loading templates");
  auto theme = root / cfg.themes_dir / cfg.theme;
  std::error_code ec;
  if (!std::filesystem::is_directory(theme, ec)) {
    diags.error("site.yaml", 0, 0, "theme '" + cfg.theme + "' not found in " + cfg.themes_dir + "/");
    return false;
  }
  tmpl::Options to;
  to.max_depth = static_cast<std::size_t>(cfg.limits.template_depth);
  to.max_file_bytes = cfg.limits.file_bytes;
  to.max_output_bytes = cfg.limits.page_bytes;
  to.max_loop_iterations = cfg.limits.loop_iterations;
  site.templates = std::make_unique<tmpl::Environment>(
      std::vector<std::filesystem::path>{root / cfg.layouts_dir, theme / "layouts"}, to);
  register_site_functions(site);
  site.templates->load_all(diags);
  load_strings(theme / "i18n", cfg.language, cfg.themes_dir + "/" + cfg.theme + "/i18n/", site.strings, diags);
  load_strings(root / "i18n", cfg.language, "i18n/", site.strings, diags);
  timer.step("templates");
  if (diags.has_errors()) return false;

  // model and outputs
  announce("assembling");
  // the change log and the feed counts read only the content and data: they
  // are worked out on another thread while the pages are planned (each step
  // of plan_data is mostly serial, so a core would otherwise wait)
  auto prepared = std::async(worker_count(options.jobs) > 1 ? std::launch::async : std::launch::deferred,
                             [&site, &out] { return prepare_records(site, out); });
  site.model = site_value(site);
  plan_content(site, diags);
  plan_data(site, diags);
  plan_records(site, prepared.get(), diags);
  if (site.jobs.size() > cfg.limits.pages)
    diags.error("site.yaml", cfg.limits.pages_pos,
                "the site would render " + std::to_string(site.jobs.size()) + " pages, more than the limit of " +
                    std::to_string(cfg.limits.pages) + " (limits.pages)");
  timer.step("assemble");
  if (diags.has_errors()) return false;

  // output folder
  report.out_dir = out;
  std::vector<output::InputDir> inputs = {{cfg.content_dir + "/", root / cfg.content_dir},
                                          {cfg.data_dir + "/", root / cfg.data_dir},
                                          {cfg.static_dir + "/", root / cfg.static_dir},
                                          {cfg.layouts_dir + "/", root / cfg.layouts_dir},
                                          {cfg.themes_dir + "/" + cfg.theme + "/", theme}};
  if (!options.dry_run && !output::check_output_dir(out, root, options.force, diags, inputs)) return false;
  auto owned_pub = std::make_unique<output::Publisher>(out, options.dry_run);
  output::Publisher& pub = *owned_pub;
  pub.set_precompress(options.precompress, options.jobs);
  pub.set_jobs(options.jobs);
  if (!pub.begin(diags)) return false;

  // the pages someone is looking at, first (serve)
  if (options.on_first && !options.first.empty()) {
    std::map<std::string, std::string> rendered;
    for (const auto& want : options.first)
      for (const Job& job : site.jobs) {
        if (job.output != want) continue;
        std::string html;
        Diagnostics ignore;  // the full render below reports them
        if (site.templates->render(job.layout, job.context, html, ignore)) rendered[job.output] = std::move(html);
        break;
      }
    options.on_first(std::move(rendered));
  }

  // render every job in parallel; each thread collects its own diagnostics
  std::vector<char> failed(site.jobs.size(), 0);
  std::atomic<std::size_t> done{0};
  parallel_for(site.jobs.size(), options.jobs, [&](std::size_t i) {
    if (options.progress) options.progress("rendering", ++done, site.jobs.size());
    Job& job = site.jobs[i];  // this thread's alone
    std::string html;
    html.reserve(16384);
    Diagnostics local;
    {
      const Value context = job_context(site, job);  // a lazy job's page view is built here, then dropped
      if (job.lastmod.empty()) job.lastmod = records::job_lastmod(job);  // content pages have theirs from plan_content
      // the page's view is not needed again: what only this page held goes now, so the
      // views of the whole site are not all kept while the feeds and downloads are built
      job.context = Value();
      job.page = nullptr;
      if (!site.templates->render(job.layout, context, html, local)) {
        for (auto d : local.sorted()) {
          d.notes.push_back("while rendering " + job.origin + " with " + job.layout);
          diags.add(std::move(d));
        }
        failed[i] = 1;
        return;
      }
    }
    pub.write(job.output, html, diags, job.origin);
  });
  site.views.reset();  // what the lazy jobs read (KPI rows, references): all rendered
  report.pages = site.jobs.size();
  timer.step("render");

  // aliases: redirect pages
  for (const auto& p : site.content.pages)
    for (std::size_t i = 0; i < p.aliases.size(); ++i) {
      std::string rel = p.aliases[i].substr(1);
      if (rel.empty() || rel.back() == '/') rel += "index.html";
      else if (!text::ends_with(rel, ".html")) rel += "/index.html";
      if (pub.has(rel)) {  // a page or an earlier alias: report it where the alias is written
        SourcePos at = i < p.alias_pos.size() ? p.alias_pos[i] : SourcePos{};
        diags.error(p.display, at, "alias " + p.aliases[i] + " would overwrite /" + rel + ", which is already written");
        continue;
      }
      pub.write(rel, redirect_page(site.url(p.url.substr(1))), diags, p.display);
    }

  // static files: theme, site static/, and non-Markdown files in content/
  announce("copying static files");
  const std::size_t cap = cfg.limits.static_file_bytes;
  copy_tree(theme / "static", cfg.themes_dir + "/" + cfg.theme + "/static/", cap, pub, diags);
  copy_tree(root / cfg.static_dir, cfg.static_dir + "/", cap, pub, diags);
  copy_tree(root / cfg.content_dir, cfg.content_dir + "/", cap, pub, diags, &site.content.static_files);
  timer.step("static");

  // feeds, downloads, sitemap, checksums, manifest
  announce("writing feeds and downloads");
  write_records(site, pub, diags);
  timer.step("records");

  if (diags.has_errors()) return false;  // the publisher discards the staging folder
  report.files = pub.count();
  if (later_hash.valid()) input_hash = later_hash.get();
  if (stamped)
    pub.set_stamp("inputs " + input_hash + "\npages " + std::to_string(report.pages) + "\nfiles " +
                  std::to_string(report.files) + "\n");
  announce("publishing");
  if (!pub.commit(diags)) return false;
  report.stats = pub.stats();
  if (options.exiting) leave_to_exit(std::move(owned_site), std::move(owned_pub));
  timer.step("publish");
  return true;
}

}  // namespace mb::site
