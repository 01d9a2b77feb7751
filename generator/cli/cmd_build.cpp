#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "site/site.hpp"

namespace mb::cli {

namespace {

const Command& command(const char* name) {
  for (const auto& c : commands())
    if (std::string(c.name) == name) return c;
  return commands().front();
}

int parse_jobs(const Command& cmd, const std::string& s, unsigned& jobs) {
  if (s.empty()) return -1;
  try {
    std::size_t used = 0;
    long v = std::stol(s, &used);
    if (used != s.size() || v < 1 || v > 1024) throw std::out_of_range("jobs");
    jobs = static_cast<unsigned>(v);
  } catch (...) {
    return usage_error(cmd, "--jobs needs a whole number from 1 to 1024");
  }
  return -1;
}

int run(const Command& cmd, const Args& args, bool dry_run) {
  site::BuildOptions o;
  o.dry_run = dry_run;
  std::string site_dir = ".", jobs;
  bool quiet = false, timings = false;
  OptionParser parser(cmd, args);
  parser.value("site", &site_dir).value("jobs", &jobs).flag("drafts", &o.drafts).value("as-of", &o.as_of);
  if (!dry_run)
    parser.value("out", &o.out_dir).value("base-url", &o.base_url).flag("quiet", &quiet).flag("force", &o.force)
        .flag("precompress", &o.precompress)
        .flag("timings", &timings);
  if (int rc = parser.parse(); rc >= 0) return rc;
  if (int rc = parse_jobs(cmd, jobs, o.jobs); rc >= 0) return rc;
  o.site_dir = site_dir;
  o.exiting = true;  // the command ends with the build
  // the step and pages done / total on a terminal only: quiet when piped and in CI
  ProgressLine progress;
  if (!dry_run && !quiet && progress_wanted()) o.progress = progress.callback();
  Diagnostics diags;
  site::BuildReport report;
  bool ok = site::build_site(o, report, diags);
  progress.clear();
  diags.print(std::cerr, true);
  if (!ok || diags.has_errors()) {
    std::size_t n = diags.error_count();
    std::cerr << "minhbach " << cmd.name << ": " << n << (n == 1 ? " error" : " errors")
              << (dry_run ? "" : "; nothing was written") << '\n';
    return kInputError;
  }
  if (dry_run) {
    std::cout << "ok: " << report.pages << " pages checked, no errors\n";
  } else if (!quiet) {
    std::cout << "built " << report.pages << " pages, " << report.files << " files into " << report.out_dir.string()
              << " (" << report.stats.written << " written, " << report.stats.unchanged << " unchanged, "
              << report.stats.removed << " removed)\n";
    double total = 0;
    for (const auto& s : report.steps) total += s.ms;
    std::cout << "time:";
    for (const auto& s : report.steps) std::cout << ' ' << s.name << ' ' << static_cast<long>(s.ms) << "ms";
    std::cout << ", total " << static_cast<long>(total) << "ms\n";
  }
  if (timings && !dry_run) {
    char line[128];
    std::snprintf(line, sizeof line, "%-10s %9s %9s %9s %9s\n", "step", "wall ms", "cpu ms", "rss MB", "peak MB");
    std::cout << line;
    for (const auto& s : report.steps) {
      std::snprintf(line, sizeof line, "%-10s %9.0f %9.0f %9zu %9zu\n", s.name.c_str(), s.ms, s.cpu_ms, s.rss_kb / 1024,
                    s.peak_kb / 1024);
      std::cout << line;
    }
  }
  return kOk;
}

}  // namespace

int cmd_build(const Args& args) { return run(command("build"), args, false); }
int cmd_check(const Args& args) { return run(command("check"), args, true); }

}  // namespace mb::cli
