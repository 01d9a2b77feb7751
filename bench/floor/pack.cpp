// The floor of `--precompress` (issue 7): the least any generator must add to
// a build to write NAME.gz and NAME.br beside every compressible output. For
// every HTML, CSS, JS, SVG, XML, JSON, CSV, TXT and webmanifest file of a
// built site, on all cores: compress it with the libraries and levels
// minhbach uses (libdeflate gzip level 1 and brotli quality 1 below 64 KiB,
// 6 and 5 above; brotli's window sized to the file) and write the two copies
// beside it. Nothing else: the pages themselves are already there, and they
// are read into memory before the clock starts (a generator has them there).
//
//   pack SITE_DIR [THREADS]       (SITE_DIR: a copy of a built output folder)
//
// Prints "WALL_S CPU_S PEAK_RSS_KB" of the packing alone (bench/run's
// format). bench/run builds it (c++ -O2, with mimalloc like minhbach) when
// PRECOMPRESS=1, and runs it on a copy of minhbach's output, beside
// minhbach with and without --precompress.
#include <brotli/encode.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <unistd.h>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kSmallFile = 64u << 10;

bool compressible(const fs::path& p) {
  const std::string ext = p.extension().string();
  for (const char* e : {".html", ".htm", ".css", ".js", ".mjs", ".svg", ".xml", ".json", ".csv", ".txt", ".webmanifest"})
    if (ext == e) return true;
  return false;
}

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

int brotli_window(std::size_t size) {
  int bits = BROTLI_MIN_WINDOW_BITS;
  while (bits < BROTLI_DEFAULT_WINDOW && (std::size_t{1} << bits) - 16 < size) ++bits;
  return bits;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: pack SITE_DIR [THREADS]\n");
    return 2;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(argv[1]))
    if (e.is_regular_file() && compressible(e.path())) files.push_back(e.path());
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
      libdeflate_compressor* by_level[13] = {};
      std::string out;
      for (std::size_t i; (i = next++) < files.size();) {
        const std::string& data = texts[i];
        const bool small = data.size() < kSmallFile;
        const int level = small ? 1 : 6;
        if (!by_level[level]) by_level[level] = libdeflate_alloc_compressor(level);
        out.resize(libdeflate_gzip_compress_bound(by_level[level], data.size()));
        std::size_t n = libdeflate_gzip_compress(by_level[level], data.data(), data.size(), out.data(), out.size());
        if (n == 0 || !write_file(files[i].string() + ".gz", std::string_view(out.data(), n))) failed = true;
        packed += n;
        std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
        out.resize(size == 0 ? data.size() + 1024 : size);
        size = out.size();
        if (!BrotliEncoderCompress(small ? 1 : 5, brotli_window(data.size()), BROTLI_MODE_TEXT, data.size(),
                                   reinterpret_cast<const uint8_t*>(data.data()), &size,
                                   reinterpret_cast<uint8_t*>(out.data())) ||
            !write_file(files[i].string() + ".br", std::string_view(out.data(), size)))
          failed = true;
        packed += size;
        bytes += data.size();
      }
      for (auto* c : by_level)
        if (c) libdeflate_free_compressor(c);
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
