// The content cache of `minhbach serve`: pages are parsed again exactly when
// their bytes (or the load options) change, and a cached page never hides a
// diagnostic.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "content/page.hpp"

using namespace mb;
using namespace mb::content;
namespace stdfs = std::filesystem;

namespace {

struct Dir {
  stdfs::path root = stdfs::temp_directory_path() / ("mb-cache-" + std::to_string(::getpid()));
  Dir() { stdfs::create_directories(root / "tin-tuc"); }
  ~Dir() { stdfs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) {
    std::ofstream(root / rel, std::ios::binary) << text;
  }
};

std::string title_of(const Content& c, const std::string& source) {
  for (const auto& p : c.pages)
    if (p.source == source) return p.title;
  return "(missing)";
}

}  // namespace

TEST_CASE("the content cache parses only what changed", "[content][serve]") {
  Dir d;
  d.write("tin-tuc/a.md", "---\ntitle: \"Bài A\"\ndate: 2025-01-02\n---\nMột.\n");
  d.write("tin-tuc/b.md", "---\ntitle: \"Bài B\"\ndate: 2025-01-03\n---\nHai.\n");
  ContentCache cache;
  LoadOptions o;
  o.cache = &cache;
  auto load = [&](Diagnostics& diags) {
    Content c;
    load_content(d.root, "content/", c, diags, o);
    return c;
  };

  Diagnostics d1;
  Content first = load(d1);
  CHECK(d1.size() == 0);
  CHECK(cache.misses == 2);
  CHECK(cache.hits == 0);

  Diagnostics d2;
  Content same = load(d2);
  CHECK(cache.hits == 2);
  CHECK(cache.misses == 0);
  CHECK(title_of(same, "tin-tuc/a.md") == "Bài A");
  CHECK(same.pages.size() == first.pages.size());

  // same length, new bytes: parsed again
  d.write("tin-tuc/a.md", "---\ntitle: \"Bài Z\"\ndate: 2025-01-02\n---\nMột.\n");
  Diagnostics d3;
  Content edited = load(d3);
  CHECK(cache.misses == 1);
  CHECK(cache.hits == 1);
  CHECK(title_of(edited, "tin-tuc/a.md") == "Bài Z");

  // a broken page is reported on every load, never served from the cache
  d.write("tin-tuc/b.md", "---\ntitle: \"Bài B\"\ndate: 2025-02-30\n---\nHai.\n");
  for (int i = 0; i < 2; ++i) {
    Diagnostics bad;
    Content c = load(bad);
    REQUIRE(bad.has_errors());
    CHECK(format_diagnostic(bad.sorted().at(0), false).rfind("content/tin-tuc/b.md:3:", 0) == 0);
    CHECK(title_of(c, "tin-tuc/b.md") == "(missing)");
  }

  // a removed page is gone; other options start afresh
  stdfs::remove(d.root / "tin-tuc/b.md");
  Diagnostics d4;
  Content removed = load(d4);
  CHECK(removed.pages.size() == 1);
  o.drafts = true;
  Diagnostics d5;
  load(d5);
  CHECK(cache.hits == 0);
  CHECK(cache.misses == 1);
}
