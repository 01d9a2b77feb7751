// fs::read_file: every Markdown page, data file and template is read by it.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/fs.hpp"

using namespace mb;
namespace stdfs = std::filesystem;

namespace {

struct TempDir {
  stdfs::path path;
  TempDir() {
    path = stdfs::temp_directory_path() / ("mb-fs-test-" + std::to_string(::getpid()));
    stdfs::remove_all(path);
    stdfs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    stdfs::remove_all(path, ec);
  }
  stdfs::path write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path / name, std::ios::binary) << bytes;
    return path / name;
  }
};

}  // namespace

TEST_CASE("read_file reads whole files, whatever their size", "[fs]") {
  TempDir dir;
  std::string out = "left over", err;
  CHECK(fs::read_file(dir.write("empty.md", ""), out, &err));
  CHECK(out.empty());
  // sizes around the read buffer, with NUL and non-ASCII bytes kept as they are
  for (std::size_t n : {1u, 4095u, 65535u, 65536u, 65537u, 300000u}) {
    std::string bytes;
    for (std::size_t i = 0; i < n; ++i) bytes += static_cast<char>(i * 7 % 256);
    CHECK(fs::read_file(dir.write("f.bin", bytes), out, &err));
    CHECK(out == bytes);
  }
}

TEST_CASE("read_file reports what it cannot read", "[fs]") {
  TempDir dir;
  std::string out, err;
  CHECK_FALSE(fs::read_file(dir.path / "missing.md", out, &err));
  CHECK(err == "cannot open file: No such file or directory");
  CHECK_FALSE(fs::read_file(dir.path, out, &err));
  CHECK(err == "cannot read file");
  // the limit: at it is read, past it is refused with the limit named
  auto f = dir.write("big.md", std::string(2048, 'x'));
  CHECK(fs::read_file(f, out, &err, 2048));
  CHECK(out.size() == 2048);
  CHECK_FALSE(fs::read_file(f, out, &err, 2047));
  CHECK(err == "file is larger than the limit of 2047 bytes");
  CHECK_FALSE(fs::read_file(f, out, &err, 1024));
  CHECK(err == "file is larger than the limit of 1024 bytes");
  CHECK_FALSE(fs::read_file(f, out, &err, std::size_t(1) << 10 >> 10));
  CHECK(err == "file is larger than the limit of 1 bytes");
}

TEST_CASE("read_file reads a pipe, which has no size, up to the limit", "[fs]") {
  TempDir dir;
  auto fifo = dir.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string bytes(200000, 'p');
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << bytes; });
  std::string out, err;
  CHECK(fs::read_file(fifo, out, &err));
  writer.join();
  CHECK(out == bytes);
  // the reader stops early: the writer must not die of SIGPIPE
  auto old = std::signal(SIGPIPE, SIG_IGN);
  std::thread writer2([&] { std::ofstream(fifo, std::ios::binary) << bytes; });
  CHECK_FALSE(fs::read_file(fifo, out, &err, 1000));
  CHECK(err == "file is larger than the limit of 1000 bytes");
  writer2.join();
  std::signal(SIGPIPE, old);
}

namespace {
// What list_files gave when it walked with std::filesystem (the reference).
std::vector<std::string> reference_list(const stdfs::path& root, std::vector<std::string>* symlinks) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!stdfs::is_directory(root, ec)) return out;
  stdfs::recursive_directory_iterator it(root, stdfs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    std::string name = entry.path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    std::string rel = entry.path().lexically_relative(root).generic_string();
    if (entry.is_symlink(ec)) {
      if (symlinks) symlinks->push_back(rel);
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (entry.is_regular_file(ec)) out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  if (symlinks) std::sort(symlinks->begin(), symlinks->end());
  return out;
}
}  // namespace

TEST_CASE("list_files lists regular files and links as a walk with std::filesystem does", "[fs]") {
  TempDir t;
  std::uint32_t seed = 3;
  auto rnd = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  const std::string names[] = {"a.md", "tin tức", "_index.md", ".an", ".git", "b", "Đề án.json", "z", "x.y"};
  std::vector<stdfs::path> dirs = {t.path};
  for (int k = 0; k < 1500; ++k) {
    const stdfs::path& in = dirs[rnd() % dirs.size()];
    stdfs::path p = in / (names[rnd() % 9] + std::to_string(rnd() % 4));
    std::error_code ec;
    if (stdfs::exists(stdfs::symlink_status(p, ec))) continue;
    switch (rnd() % 6) {
      case 0: case 1: stdfs::create_directory(p, ec); dirs.push_back(p); break;
      case 2: case 3: std::ofstream(p) << k; break;
      case 4: stdfs::create_symlink(rnd() % 2 ? dirs[rnd() % dirs.size()] : stdfs::path(p.string() + ".missing"), p, ec); break;
      case 5: ::mkfifo(p.c_str(), 0644); break;  // neither a file nor a folder: not listed
    }
  }
  std::vector<std::string> links, ref_links;
  auto files = fs::list_files(t.path, &links);
  auto expected = reference_list(t.path, &ref_links);
  CHECK(files.size() > 20);
  CHECK(files == expected);
  CHECK(links == ref_links);
  CHECK(fs::list_files(t.path) == expected);
  CHECK(fs::list_files(t.path / "missing").empty());
  CHECK(fs::list_files(t.path / files.front()).empty());  // a file, not a folder
}
