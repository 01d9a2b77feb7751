// The site: loads everything once, assembles the model that every render
// borrows, plans the outputs and hands them to the publisher.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.hpp"
#include "config/site_config.hpp"
#include "content/page.hpp"
#include "data/model.hpp"
#include "output/publisher.hpp"
#include "value/value.hpp"

namespace mb::tmpl {
class Environment;
}

namespace mb::site {

struct BuildOptions {
  std::filesystem::path site_dir = ".";
  std::string out_dir;   ///< "" = the config's output folder
  std::string base_url;  ///< "" = the config's base_url
  std::string as_of;     ///< "" = the config's as_of, else today
  bool drafts = false;
  unsigned jobs = 0;     ///< 0 = all cores
  bool dry_run = false;  ///< `check`: render everything in memory, write nothing
  bool force = false;    ///< allow an output folder minhbach did not create
  bool precompress = false;  ///< also write .gz and .br copies of text outputs
  /// The process ends right after this build (`minhbach build`): what the
  /// build held (pages, views, the publisher's records) is left for the
  /// system to reclaim at exit, at once, not freed piece by piece.
  bool exiting = false;
  /// Progress of a long build, for a terminal: called as each step begins
  /// with (step, 0, 0), then from the workers as the files of the steps that
  /// count them are done (step, done, total): "reading" (Markdown pages) and
  /// "rendering" (pages). Must be thread-safe. Empty: no progress reports.
  std::function<void(std::string_view step, std::size_t done, std::size_t total)> progress;
  /// Kept between builds by `minhbach serve`: pages whose bytes did not
  /// change are not parsed again. Null: parse everything.
  content::ContentCache* content_cache = nullptr;
  /// Keep and check the input stamp that lets an unchanged rebuild stop at
  /// once (`serve` rebuilds only after a change, so it skips the walk).
  bool stamp = true;
  /// Outputs to render before all others (`serve`: the pages open in a
  /// browser). When the site is assembled without errors, `on_first` gets
  /// them (output path → bytes) before the rest of the build goes on; the
  /// build itself still renders and writes every output as usual.
  std::vector<std::string> first;
  std::function<void(std::map<std::string, std::string> rendered)> on_first;
};

struct StepTime {
  std::string name;
  double ms = 0;       ///< wall time of the step
  double cpu_ms = 0;   ///< user + system CPU time of the process during the step (all threads)
  std::size_t peak_kb = 0;  ///< peak resident set size of the process at the end of the step
  std::size_t rss_kb = 0;   ///< resident set size at the end of the step
};

struct BuildReport {
  std::size_t pages = 0;  ///< HTML pages rendered
  std::size_t files = 0;  ///< all files in the output
  output::PublishStats stats;
  std::vector<StepTime> steps;
  std::filesystem::path out_dir;
};

/// One file to render: a template and the context it sees.
struct Job {
  std::string output;    ///< path relative to the output root
  std::string layout;    ///< template name
  Value context;         ///< {"page": ..., "site": ...} and page-specific values
  std::string origin;    ///< the source that asked for it (for messages)
  /// A lazy job: builds the page value when the job is rendered (then
  /// `context` is unset and the context is make_context(site, page())), so
  /// the views of all pages are never in memory at once. Called on a render
  /// worker: it may only read the finished model and data.
  std::function<Value()> page = nullptr;
  /// The page's date for the sitemap, kept when the render drops `context`
  /// and `page`: the views are not held past their page. Content pages get
  /// it from plan_content; the render works out the others' (job_lastmod).
  std::string lastmod{};
};

namespace records {
struct ChangeRow;
}

/// Everything loaded, shared read-only by every render.
struct Site {
  config::SiteConfig config;
  content::Content content;
  data::Dataset data;
  std::string as_of;                     ///< "YYYY-MM-DD"
  std::string base_path = "/";           ///< path part of base_url ("/" or "/cchc/")
  std::map<std::string, std::string> strings;  ///< UI strings (i18n)
  Value model;                           ///< the `site` value templates see
  /// The change log (newest first), from plan_records: the changes pages are
  /// rendered from it a page at a time, and write_records writes it.
  std::shared_ptr<const std::vector<records::ChangeRow>> change_log;
  std::unique_ptr<tmpl::Environment> templates;
  unsigned threads = 0;                  ///< worker threads for parallel steps (0 = all cores)
  std::shared_ptr<const void> views;     ///< what lazy jobs read (the data views' context)
  std::vector<Job> jobs;

  Site();
  ~Site();
  /// "/tin-tuc/a/" under the base path ("/cchc/tin-tuc/a/").
  std::string url(std::string_view rel) const;
  /// Absolute URL from base_url.
  std::string permalink(std::string_view rel) const;
};

/// Loads, checks, renders and publishes. Returns false when any error was
/// found (then nothing is written or the output is left as it was).
bool build_site(const BuildOptions& options, BuildReport& report, Diagnostics& diags);

/// Hash of everything a build reads (files by path, size and time; options;
/// the binary and its shared libraries), for the build stamp; "" when times
/// and sizes cannot be trusted (an input changed less than two seconds before
/// `started`, or after it; a linked folder): then the build is never skipped.
/// `started` (realtime_ns) is taken before the build reads its first input, so
/// the stamp may also be taken while the build reads. See stamp.cpp.
std::string input_stamp(const config::SiteConfig& cfg, const std::string& as_of, const BuildOptions& options,
                        const std::filesystem::path& out, std::int64_t started, unsigned jobs);
/// The real-time clock in nanoseconds, as file change times count.
std::int64_t realtime_ns();
/// True when `out` was published by a build with these inputs and has not
/// been touched since (walked on `jobs` threads); fills `report` from the stamp.
bool up_to_date(const std::filesystem::path& out, const std::string& inputs, BuildReport& report, unsigned jobs);

/// Today's date in the site's time zone (the only place that reads the clock).
std::string today(const std::string& utc_offset);

}  // namespace mb::site
