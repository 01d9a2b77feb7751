#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "base/fs.hpp"
#include "output/publisher.hpp"

using namespace mb;
namespace stdfs = std::filesystem;

namespace {
stdfs::path temp_dir(const std::string& name) {
  auto p = stdfs::temp_directory_path() / ("mb-test-" + name + "-" + std::to_string(::getpid()));
  stdfs::remove_all(p);
  stdfs::create_directories(p);
  return p;
}
}  // namespace

TEST_CASE("publisher swaps staging into place and keeps unchanged files", "[output]") {
  auto root = temp_dir("pub");
  auto out = root / "public";
  {
    Diagnostics d;
    output::Publisher p(out);
    REQUIRE(p.begin(d));
    REQUIRE(p.write("index.html", "one", d));
    REQUIRE(p.write("a/index.html", "same", d));
    REQUIRE(p.commit(d));
  }
  struct stat before;
  REQUIRE(::stat((out / "a/index.html").c_str(), &before) == 0);
  {
    Diagnostics d;
    output::Publisher p(out);
    REQUIRE(p.begin(d));
    REQUIRE(p.write("index.html", "two", d));
    REQUIRE(p.write("a/index.html", "same", d));
    REQUIRE(p.commit(d));
    CHECK(p.stats().written == 1);
    CHECK(p.stats().unchanged == 1);
  }
  struct stat after;
  REQUIRE(::stat((out / "a/index.html").c_str(), &after) == 0);
  CHECK(after.st_ino == before.st_ino);  // not rewritten
  std::string s;
  REQUIRE(fs::read_file(out / "index.html", s));
  CHECK(s == "two");
  // nothing left beside it
  int entries = 0;
  for (auto& e : stdfs::directory_iterator(root)) (void)e, ++entries;
  CHECK(entries == 1);
  stdfs::remove_all(root);
}

TEST_CASE("a failed build leaves the previous output untouched", "[output]") {
  auto root = temp_dir("fail");
  auto out = root / "public";
  {
    Diagnostics d;
    output::Publisher p(out);
    REQUIRE(p.begin(d));
    REQUIRE(p.write("index.html", "good", d));
    REQUIRE(p.commit(d));
  }
  {
    Diagnostics d;
    output::Publisher p(out);
    REQUIRE(p.begin(d));
    REQUIRE(p.write("index.html", "half", d));
    // no commit: destructor discards the staging folder
  }
  std::string s;
  REQUIRE(fs::read_file(out / "index.html", s));
  CHECK(s == "good");
  stdfs::remove_all(root);
}

TEST_CASE("publisher refuses paths outside the output and duplicates", "[output][security]") {
  Diagnostics d;
  output::Publisher p("unused", true);
  REQUIRE(p.begin(d));
  CHECK_FALSE(p.write("../etc/passwd", "x", d));
  CHECK_FALSE(p.write("/abs", "x", d));
  CHECK(p.write("a.html", "x", d, "content/a.md"));
  CHECK_FALSE(p.write("a.html", "y", d, "content/b.md"));
  CHECK(d.error_count() == 3);
}

TEST_CASE("output folder safety checks", "[output][security]") {
  auto root = temp_dir("safety");
  Diagnostics d;
  CHECK_FALSE(output::check_output_dir("/", root, false, d));
  CHECK_FALSE(output::check_output_dir(root, root, false, d));
  stdfs::create_directories(root / "foreign");
  std::ofstream(root / "foreign" / "important.txt") << "x";
  CHECK_FALSE(output::check_output_dir(root / "foreign", root / "site", false, d));
  CHECK(output::check_output_dir(root / "foreign", root / "site", true, d));
  CHECK(output::check_output_dir(root / "new", root / "site", false, d));
  stdfs::remove_all(root);
}

TEST_CASE("the output may not be inside or around a folder the build reads", "[output][hostile]") {
  auto root = temp_dir("inputs");
  std::vector<output::InputDir> in = {{"content/", root / "site/content"}, {"themes/default/", root / "themes/default"}};
  Diagnostics d;
  CHECK_FALSE(output::check_output_dir(root / "site/content/public", root / "site", true, d, in));
  CHECK_FALSE(output::check_output_dir(root / "site/content", root / "site", true, d, in));
  CHECK_FALSE(output::check_output_dir(root / "themes", root / "site", true, d, in));
  CHECK(output::check_output_dir(root / "site/public", root / "site", false, d, in));
  CHECK(output::check_output_dir(root / "site/content-public", root / "site", false, d, in));
  auto all = d.sorted();
  REQUIRE(all.size() == 3);
  CHECK(all[0].message == "refusing to use this output folder: it is inside content/ (a folder the build reads)");
  CHECK(all[2].message == "refusing to use this output folder: it contains themes/default/ (a folder the build reads)");
  stdfs::remove_all(root);
}

TEST_CASE("a second build beside a running one waits instead of removing its staging folder", "[output][hostile]") {
  auto root = temp_dir("concurrent");
  auto out = root / "public";
  Diagnostics da, db;
  output::Publisher a(out);
  REQUIRE(a.begin(da));
  REQUIRE(a.write("first.html", "1", da));
  std::atomic<bool> b_begun{false}, a_checked{false};
  bool b_ok = true;
  std::thread t([&] {
    output::Publisher b(out);
    b_ok = b.begin(db);  // blocks until a has committed
    b_begun = true;
    while (!a_checked) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    b_ok = b_ok && b.write("b.html", "b", db) && b.commit(db);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK_FALSE(b_begun);
  REQUIRE(a.write("second.html", "2", da));
  REQUIRE(a.commit(da));
  // a's publication was complete when it was swapped in
  CHECK(stdfs::exists(out / "first.html"));
  CHECK(stdfs::exists(out / "second.html"));
  a_checked = true;
  t.join();
  CHECK(b_ok);
  CHECK(b_begun);
  CHECK(stdfs::exists(out / "b.html"));
  CHECK_FALSE(stdfs::exists(out / "first.html"));
  stdfs::remove_all(root);
}
