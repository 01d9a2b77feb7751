// fs::read_file: every Markdown page, data file and template is read by it.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
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
