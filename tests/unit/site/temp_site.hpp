// A site in a temporary folder, built by build_site, for whole-build unit tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "base/diag.hpp"
#include "base/fs.hpp"
#include "site/site.hpp"

namespace mb::test {

struct TempSite {
  std::filesystem::path root;
  explicit TempSite(const std::string& name, const std::string& config = "") {
    root = std::filesystem::temp_directory_path() / ("mb-site-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    put("site.yaml", "title: T\nbase_url: https://example.gov.vn/\nas_of: \"2026-06-30\"\npaths:\n  themes: \"" +
                         std::string(MB_SOURCE_DIR) + "/themes\"\n" + config);
  }
  ~TempSite() { std::filesystem::remove_all(root); }
  void put(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }
  /// A dry run on one job: the diagnostics, sorted.
  std::vector<Diagnostic> build(bool& ok) const {
    site::BuildOptions o;
    o.site_dir = root;
    o.dry_run = true;
    o.jobs = 1;
    site::BuildReport r;
    Diagnostics d;
    ok = site::build_site(o, r, d);
    return d.sorted();
  }
  /// A real build into `out` (below the site's temporary folder) on `jobs` threads, no stamp.
  bool publish(const std::string& out, unsigned jobs, Diagnostics& d) const {
    site::BuildOptions o;
    o.site_dir = root;
    o.out_dir = (root / out).string();
    o.jobs = jobs;
    o.stamp = false;
    site::BuildReport r;
    return site::build_site(o, r, d);
  }
  std::string read(const std::string& rel) const {
    std::string text;
    fs::read_file(root / rel, text);
    return text;
  }
};

}  // namespace mb::test
