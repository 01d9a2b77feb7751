// `limits:` in site.yaml: values are read with their units, and a wrong value
// is an error at its own line and column, never silently replaced by the default.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "config/site_config.hpp"

using namespace mb;
namespace stdfs = std::filesystem;

namespace {

struct Loaded {
  bool ok = false;
  config::SiteConfig cfg;
  std::vector<Diagnostic> diags;
};

Loaded load(const std::string& yaml) {
  stdfs::path root = stdfs::temp_directory_path() / ("mb-limits-" + std::to_string(::getpid()));
  stdfs::remove_all(root);
  stdfs::create_directories(root);
  std::ofstream(root / "site.yaml") << yaml;
  Loaded r;
  Diagnostics d;
  r.ok = config::load_config(root, r.cfg, d);
  r.diags = d.sorted();
  stdfs::remove_all(root);
  return r;
}

const std::string kHead = "title: T\nbase_url: https://example.gov.vn/\nlimits:\n";

}  // namespace

TEST_CASE("limits are read with their units", "[config][limits]") {
  Loaded r = load(kHead + "  file_mb: 2\n  data_file_mb: 3\n  static_file_mb: 5\n  nesting: 20\n"
                          "  template_depth: 10\n  pages: 70000\n  page_mb: 7\n  loop_iterations: 5000\n");
  REQUIRE(r.ok);
  CHECK(r.diags.empty());
  const auto& L = r.cfg.limits;
  CHECK(L.file_bytes == 2u << 20);
  CHECK(L.data_file_bytes == 3u << 20);
  CHECK(L.static_file_bytes == 5u << 20);
  CHECK(L.nesting == 20);
  CHECK(L.template_depth == 10);
  CHECK(L.pages == 70000);
  CHECK(L.page_bytes == 7u << 20);
  CHECK(L.loop_iterations == 5000);
  CHECK(L.pages_pos.line == 9);
}

TEST_CASE("limits left out keep their defaults", "[config][limits]") {
  Loaded r = load(kHead + "  pages: 10\n");
  REQUIRE(r.ok);
  config::Limits defaults;
  CHECK(r.cfg.limits.pages == 10);
  CHECK(r.cfg.limits.file_bytes == defaults.file_bytes);
  CHECK(r.cfg.limits.page_bytes == defaults.page_bytes);
  CHECK(r.cfg.limits.loop_iterations == defaults.loop_iterations);
}

TEST_CASE("every wrong limit is an error at its place, all in one run", "[config][limits]") {
  Loaded r = load(kHead +
                  "  file_mb: 0\n"             // line 4: below the range
                  "  page_mb: 4097\n"          // line 5: above it
                  "  nesting: \"deep\"\n"      // line 6: not a number
                  "  pages: 1.5\n"             // line 7: not whole
                  "  loop_iterations: -3\n"    // line 8
                  "  page_kb: 12\n");          // line 9: unknown key
  CHECK_FALSE(r.ok);
  REQUIRE(r.diags.size() == 6);
  auto at = [&](int line) -> const Diagnostic& {
    for (const auto& d : r.diags)
      if (d.line == line) return d;
    FAIL("no diagnostic at line " << line);
    return r.diags.front();
  };
  CHECK(at(4).path == (stdfs::temp_directory_path() / ("mb-limits-" + std::to_string(::getpid())) / "site.yaml").string());
  CHECK(at(4).col == 12);
  CHECK(at(4).message == "'file_mb' must be a whole number between 1 and 4096");
  CHECK(at(5).message == "'page_mb' must be a whole number between 1 and 4096");
  CHECK(at(6).message == "'nesting' must be a whole number between 4 and 10000");
  CHECK(at(7).message == "'pages' must be a whole number between 1 and 100000000");
  CHECK(at(8).message == "'loop_iterations' must be a whole number between 1000 and 100000000000");
  CHECK(at(9).message.find("page_kb") != std::string::npos);
  // nothing wrong was kept
  config::Limits defaults;
  CHECK(r.cfg.limits.file_bytes == defaults.file_bytes);
  CHECK(r.cfg.limits.page_bytes == defaults.page_bytes);
  CHECK(r.cfg.limits.nesting == defaults.nesting);
}

TEST_CASE("limits must be a mapping", "[config][limits]") {
  Loaded r = load("title: T\nbase_url: https://example.gov.vn/\nlimits: 12\n");
  CHECK_FALSE(r.ok);
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].line == 3);
  CHECK(r.diags[0].message == "'limits' must be a mapping");
}
