// The floor of `--precompress` (issue 7): the least any generator must add to
// a build to write NAME.gz and NAME.br beside every compressible output. For
// every file of a built site that minhbach compresses, on all cores: compress
// it with minhbach's own functions and levels (generator/output/compress.cpp,
// compiled in: libdeflate gzip level 1 and brotli quality 1 below 64 KiB, 6
// and 5 above) and write the two copies beside it. Nothing else: the pages
// themselves are already there, and they are read into memory before the
// clock starts (a generator has them there).
//
//   pack SITE_DIR [THREADS]       (SITE_DIR: a copy of a built output folder)
//
// Prints "WALL_S CPU_S PEAK_RSS_KB" of the packing alone (bench/run's
// format). bench/run builds it (c++ -O2, with mimalloc like minhbach) when
// PRECOMPRESS=1, and runs it on a copy of minhbach's output, beside
// minhbach with and without --precompress.
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "output/compress.hpp"

namespace {

namespace fs = std::filesystem;

namespace out = mb::output;

bool read_file(const fs::path& p, std::string& out) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out.clear();
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return ::close(fd) == 0;
}

bool write_file(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
  return ::close(fd) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: pack SITE_DIR [THREADS]\n");
    return 2;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(argv[1]))
    if (e.is_regular_file() && out::compressible(e.path().string())) files.push_back(e.path());
  std::vector<std::string> texts(files.size());
  for (std::size_t i = 0; i < files.size(); ++i)
    if (!read_file(files[i], texts[i])) {
      std::fprintf(stderr, "pack: cannot read %s\n", files[i].c_str());
      return 1;
    }
  auto cpu_now = [] {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  };
  const double cpu0 = cpu_now();
  const auto wall0 = std::chrono::steady_clock::now();
  unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;

  std::atomic<std::size_t> next{0}, bytes{0}, packed{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < files.size();) {
        const std::string& data = texts[i];
        try {
          const std::string gz = out::gzip(data, out::gzip_level_for(data.size()));
          const std::string br = out::brotli(data, out::brotli_quality_for(data.size()));
          if (!write_file(files[i].string() + ".gz", gz) || !write_file(files[i].string() + ".br", br)) failed = true;
          packed += gz.size() + br.size();
        } catch (const std::exception&) {
          failed = true;
        }
        bytes += data.size();
      }
    });
  for (auto& t : pool) t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("%.3f %.3f %ld\n", wall, cpu_now() - cpu0, ru.ru_maxrss);
  std::fprintf(stderr, "%zu files, %.1f MB, packed to %.1f MB (.gz and .br)\n", files.size(), bytes.load() / 1e6,
               packed.load() / 1e6);
  return failed ? 1 : 0;
}
