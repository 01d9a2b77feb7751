#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <chrono>
#include <thread>

#include "base/fs.hpp"
#include "base/parallel.hpp"
#include "output/compress.hpp"
#include "output/publisher.hpp"

#include <brotli/decode.h>
#include <zlib.h>

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

TEST_CASE("a second publication links many unchanged files and removes the whole previous tree", "[output]") {
  for (unsigned jobs : {1u, 3u}) {
    auto root = temp_dir("pub-many-" + std::to_string(jobs));
    auto out = root / "public";
    auto publish = [&](int generation) {
      Diagnostics d;
      output::Publisher p(out);
      p.set_jobs(jobs);
      REQUIRE(p.begin(d));
      for (int i = 0; i < 300; ++i) {
        // pages nested three deep; a third change, a tenth come and go
        if (i % 10 == generation % 10) continue;
        std::string rel = "s" + std::to_string(i % 7) + "/p" + std::to_string(i % 13) + "/q" + std::to_string(i) + "/index.html";
        REQUIRE(p.write(rel, i % 3 == 0 ? "v" + std::to_string(generation) : "same " + std::to_string(i), d));
      }
      REQUIRE(p.commit(d));
      return p.stats();
    };
    publish(1);
    struct stat before {};
    REQUIRE(::stat((out / "s4/p4/q4/index.html").c_str(), &before) == 0);
    auto stats = publish(2);
    CHECK(stats.unchanged == 160);  // in both (i % 10 not 1 or 2) and the same (i % 3 not 0)
    CHECK(stats.removed == 30);
    struct stat after {};
    REQUIRE(::stat((out / "s4/p4/q4/index.html").c_str(), &after) == 0);
    CHECK(after.st_ino == before.st_ino);
    std::vector<std::string> files = fs::list_files(out);
    CHECK(files.size() == 270);
    CHECK_FALSE(stdfs::exists(out / "s2/p2/q2/index.html"));
    int entries = 0;  // the previous tree is gone, folders and all
    for (auto& e : stdfs::directory_iterator(root)) (void)e, ++entries;
    CHECK(entries == 1);
    stdfs::remove_all(root);
  }
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

namespace {
struct FileId {
  ino_t ino = 0;
  long long mtime_ns = 0;
  bool operator==(const FileId& o) const { return ino == o.ino && mtime_ns == o.mtime_ns; }
};
FileId id_of(const stdfs::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return {st.st_ino, static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
}
bool publish(const stdfs::path& out, const std::vector<std::pair<std::string, std::string>>& files, bool precompress,
             output::PublishStats* stats = nullptr, unsigned jobs = 0) {
  Diagnostics d;
  output::Publisher p(out);
  p.set_precompress(precompress, jobs);
  if (!p.begin(d)) return false;
  for (const auto& [rel, data] : files)
    if (!p.write(rel, data, d)) return false;
  bool ok = p.commit(d);
  if (stats) *stats = p.stats();
  return ok;
}
}  // namespace

TEST_CASE("publishing the same files again touches nothing", "[output]") {
  auto root = temp_dir("same");
  auto out = root / "public";
  std::vector<std::pair<std::string, std::string>> files = {{"index.html", "<p>a</p>"}, {"a/b/index.html", "b"},
                                                            {"feed.xml", "<rss/>"}};
  REQUIRE(publish(out, files, false));
  FileId folder = id_of(out), marker = id_of(out / output::kMarker), page = id_of(out / "a/b/index.html");
  output::PublishStats s;
  REQUIRE(publish(out, files, false, &s));
  CHECK(s.written == 0);
  CHECK(s.unchanged == 3);
  CHECK(s.removed == 0);
  CHECK(id_of(out) == folder);  // not even swapped
  CHECK(id_of(out / output::kMarker) == marker);
  CHECK(id_of(out / "a/b/index.html") == page);
  // one file removed: a new publication, the unchanged files linked into it
  files.pop_back();
  REQUIRE(publish(out, files, false, &s));
  CHECK(s.removed == 1);
  CHECK_FALSE(stdfs::exists(out / "feed.xml"));
  CHECK(id_of(out / "a/b/index.html") == page);
  stdfs::remove_all(root);
}

TEST_CASE("precompress writes .gz and .br copies and keeps unchanged ones", "[output]") {
  const unsigned jobs = GENERATE(1u, 0u);  // compressed as written, or by the background workers
  CAPTURE(jobs);
  auto root = temp_dir("precompress");
  auto out = root / "public";
  std::string html(5000, 'x');
  std::vector<std::pair<std::string, std::string>> files = {{"index.html", html}, {"img/logo.png", "PNG"},
                                                            {"data.csv", "a,b\n1,2\n"}};
  auto publish = [&](const stdfs::path& o, const std::vector<std::pair<std::string, std::string>>& f, bool pre,
                     output::PublishStats* st = nullptr) { return ::publish(o, f, pre, st, jobs); };
  REQUIRE(publish(out, files, true));
  CHECK(stdfs::exists(out / "index.html.gz"));
  CHECK(stdfs::exists(out / "index.html.br"));
  CHECK(stdfs::exists(out / "data.csv.gz"));
  CHECK_FALSE(stdfs::exists(out / "img/logo.png.gz"));
  std::string gz;
  REQUIRE(fs::read_file(out / "index.html.gz", gz));
  CHECK(gz.size() < 100);
  CHECK(static_cast<unsigned char>(gz[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(gz[1]) == 0x8b);
  FileId br = id_of(out / "index.html.br");
  output::PublishStats s;
  REQUIRE(publish(out, files, true, &s));
  CHECK(s.written == 0);
  CHECK(id_of(out / "index.html.br") == br);
  // one page changed: its copies are new, the others stay
  FileId csv_gz = id_of(out / "data.csv.gz");
  files[0].second = std::string(5000, 'y');
  REQUIRE(publish(out, files, true, &s));
  CHECK(s.written == 3);
  CHECK(id_of(out / "data.csv.gz") == csv_gz);
  CHECK_FALSE(id_of(out / "index.html.br") == br);
  // a copy lost from the published tree is made again; its unchanged sibling stays
  stdfs::remove(out / "data.csv.br");
  REQUIRE(publish(out, files, true, &s));
  CHECK(s.written == 1);
  CHECK(id_of(out / "data.csv.gz") == csv_gz);
  std::string br_again;
  REQUIRE(fs::read_file(out / "data.csv.br", br_again));
  CHECK(br_again == output::brotli("a,b\n1,2\n", 1));
  // without --precompress the copies go
  REQUIRE(publish(out, files, false, &s));
  CHECK_FALSE(stdfs::exists(out / "index.html.gz"));
  CHECK(s.removed == 4);
  stdfs::remove_all(root);
}

namespace {

// zlib, not the library that compressed it, reads the .gz copies back
std::string gunzip(const std::string& gz, std::size_t size) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
  std::string back(size + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(back.data());
  z.avail_out = static_cast<uInt>(back.size());
  int rc = inflate(&z, Z_FINISH);
  back.resize(z.total_out);
  inflateEnd(&z);
  CHECK(rc == Z_STREAM_END);
  return back;
}

std::string unbrotli(const std::string& br, std::size_t size) {
  size += 16;
  std::string back(size, '\0');
  CHECK(BrotliDecoderDecompress(br.size(), reinterpret_cast<const uint8_t*>(br.data()), &size,
                                reinterpret_cast<uint8_t*>(back.data())) == BROTLI_DECODER_RESULT_SUCCESS);
  back.resize(size);
  return back;
}

}  // namespace

TEST_CASE("gzip and brotli output decompress to the input", "[output]") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Cải cách hành chính " + std::to_string(i) + "\n";
  std::string large;  // several deflate blocks and a brotli window of more than 64 KiB
  for (int i = 0; large.size() < (3u << 20); ++i) large += "<tr><td>" + std::to_string(i * 7919 % 100003) + "</td></tr>\n";
  CHECK(output::compressible("a/index.html"));
  CHECK(output::compressible("feed.json"));
  CHECK_FALSE(output::compressible("a.html/logo.png"));
  CHECK_FALSE(output::compressible("index.html.gz"));
  for (const std::string* in : {&text, &large}) {
    for (int level : {1, 6, 9}) {
      std::string gz = output::gzip(*in, level);
      CHECK(gz.size() < in->size() / 2);
      CHECK(gunzip(gz, in->size()) == *in);
      // RFC 1952 header: magic, deflate, no flags (no name), time zero: the same bytes every build
      REQUIRE(gz.size() > 10);
      CHECK(gz.substr(0, 8) == std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8));
      CHECK(output::gzip(*in, level) == gz);  // deterministic
    }
    for (int quality : {1, 5}) {
      std::string br = output::brotli(*in, quality);
      CHECK(br.size() < in->size() / 2);
      CHECK(unbrotli(br, in->size()) == *in);
      CHECK(output::brotli(*in, quality) == br);
    }
  }
  CHECK(output::gzip(large, 6).size() < output::gzip(large, 1).size());
  CHECK(gunzip(output::gzip(""), 0).empty());
  CHECK(unbrotli(output::brotli(""), 0).empty());
}

TEST_CASE("only a killed build's own leftovers beside the output are removed", "[output][hostile]") {
  auto root = temp_dir("leftovers");
  stdfs::create_directories(root / ".public.staging-123/a");
  stdfs::create_directories(root / ".public.old-456");
  stdfs::create_directories(root / ".public.staging-notes");
  std::ofstream(root / ".public.old-789") << "a file, not ours";
  stdfs::create_directories(root / "elsewhere");
  stdfs::create_directory_symlink(root / "elsewhere", root / ".public.staging-42");
  Diagnostics d;
  output::Publisher p(root / "public");
  REQUIRE(p.begin(d));
  CHECK_FALSE(stdfs::exists(root / ".public.staging-123"));
  CHECK_FALSE(stdfs::exists(root / ".public.old-456"));
  CHECK(stdfs::exists(root / ".public.staging-notes"));
  CHECK(stdfs::exists(root / ".public.old-789"));
  CHECK(stdfs::is_symlink(root / ".public.staging-42"));
  CHECK(stdfs::exists(root / "elsewhere"));
  stdfs::remove_all(root);
}

TEST_CASE("folders are made for nested outputs, and a file in the way is reported", "[output]") {
  auto root = temp_dir("dirs");
  auto out = root / "public";
  Diagnostics d;
  output::Publisher p(out);
  REQUIRE(p.begin(d));
  REQUIRE(p.write("a/b/c/index.html", "deep", d));  // parents missing: made on the way
  REQUIRE(p.write("a/b/index.html", "parent made implicitly", d));
  REQUIRE(p.write("a/b/d/index.html", "sibling", d));
  REQUIRE(p.write("x", "a file", d));
  CHECK_FALSE(p.write("x/index.html", "under a file", d));
  REQUIRE(d.error_count() == 1);
  CHECK(d.sorted()[0].message.find("cannot create output folder") == 0);
  stdfs::remove_all(root);
}

TEST_CASE("precompress uses fast levels for pages and stronger ones for large files", "[output]") {
  auto root = temp_dir("precompress-levels");
  auto out = root / "public";
  std::string page, table;
  for (int i = 0; i < 100; ++i) page += "<p>Chỉ tiêu " + std::to_string(i) + ": tỷ lệ hồ sơ đúng hạn</p>\n";
  for (int i = 0; page.size() + table.size() < 300000; ++i)
    table += "xa-" + std::to_string(i % 3321) + "," + std::to_string(2021 + i % 5) + "," + std::to_string(i * 7 % 1000) +
             ",Báo cáo số " + std::to_string(i % 97) + "\n";
  REQUIRE(page.size() < output::kSmallFile);
  REQUIRE(table.size() >= output::kSmallFile);
  REQUIRE(publish(out, {{"index.html", page}, {"ket-qua.csv", table}}, true));
  auto read = [&](const char* name) {
    std::string s;
    REQUIRE(fs::read_file(out / name, s));
    return s;
  };
  // a page: the levels nginx uses on the fly
  CHECK(read("index.html.gz") == output::gzip(page, 1));
  CHECK(read("index.html.br") == output::brotli(page, 1));
  // a large download: gzip 6 and brotli 5, smaller than the fast levels give
  CHECK(read("ket-qua.csv.gz") == output::gzip(table, 6));
  CHECK(read("ket-qua.csv.br") == output::brotli(table, 5));
  CHECK(read("ket-qua.csv.br").size() < output::brotli(table, 1).size());
  CHECK(read("ket-qua.csv.gz").size() < output::gzip(table, 1).size());
  stdfs::remove_all(root);
}

TEST_CASE("the output stamp of a publication is the stamp of the tree it leaves, in any write order", "[output]") {
  auto root = temp_dir("stamp");
  const auto cache = root / "cache";
  const char* saved = std::getenv("XDG_CACHE_HOME");
  const std::string old_cache = saved ? saved : "";
  ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
  auto recorded = [](const stdfs::path& out) {
    std::string stamp = output::read_stamp(out);
    auto at = stamp.find("output ");
    return at == std::string::npos ? std::string() : stamp.substr(at + 7, 16);
  };
  auto publish = [&](const stdfs::path& out, bool reversed) {
    Diagnostics d;
    output::Publisher p(out);
    p.set_jobs(2);
    p.set_stamp("inputs x\n");
    REQUIRE(p.begin(d));
    std::vector<std::string> names;
    for (int i = 0; i < 300; ++i) names.push_back("tin-tuc/p" + std::to_string(i) + "/index.html");
    if (reversed) std::reverse(names.begin(), names.end());
    parallel_for(names.size(), 2, [&](std::size_t i) { p.write(names[i], "trang " + names[i], d); });
    REQUIRE(p.commit(d));
    REQUIRE(d.error_count() == 0);
  };
  publish(root / "a", false);
  publish(root / "b", true);
  for (const auto& out : {root / "a", root / "b"}) {
    INFO(out);
    CHECK(recorded(out).size() == 16);
    CHECK(recorded(out) == output::tree_stamp(out));
  }
  // the stamp tells a change: another file, a removed one
  const std::string before = output::tree_stamp(root / "a");
  std::ofstream(root / "a" / "tin-tuc" / "p7" / "index.html") << "trang khác";
  CHECK(output::tree_stamp(root / "a") != before);
  stdfs::remove(root / "b" / "tin-tuc" / "p8" / "index.html");
  CHECK(output::tree_stamp(root / "b") != recorded(root / "b"));
  if (saved) ::setenv("XDG_CACHE_HOME", old_cache.c_str(), 1);
  else ::unsetenv("XDG_CACHE_HOME");
  stdfs::remove_all(root);
}

TEST_CASE("the tree stamp is the same on any number of walkers and counts only visible regular files", "[output]") {
  auto root = temp_dir("tree-stamp");
  for (int i = 0; i < 40; ++i)
    for (int j = 0; j < 5; ++j) {
      stdfs::create_directories(root / ("d" + std::to_string(i)) / ("e" + std::to_string(j)));
      std::ofstream(root / ("d" + std::to_string(i)) / ("e" + std::to_string(j)) / "index.html") << i * 5 + j;
    }
  std::ofstream(root / "top.xml") << "x";
  const std::string one = output::tree_stamp(root, 1);
  CHECK(one.size() == 16);
  CHECK(output::tree_stamp(root, 2) == one);
  CHECK(output::tree_stamp(root, 7) == one);
  // hidden files and folders, symbolic links and empty folders are not counted
  std::ofstream(root / ".hidden") << "h";
  stdfs::create_directories(root / ".cache" / "x");
  std::ofstream(root / ".cache" / "x" / "f") << "f";
  stdfs::create_symlink(root / "top.xml", root / "link.xml");
  stdfs::create_directories(root / "empty" / "deeper");
  CHECK(output::tree_stamp(root, 2) == one);
  // a file deep down changes it, on any number of walkers
  std::ofstream(root / "d39" / "e4" / "index.html") << "changed";
  CHECK(output::tree_stamp(root, 1) != one);
  CHECK(output::tree_stamp(root, 2) == output::tree_stamp(root, 1));
  stdfs::remove_all(root);
}
