#include "output/compress.hpp"

#include <stdexcept>

#include <brotli/encode.h>
#include <libdeflate.h>

namespace mb::output {

bool compressible(std::string_view rel) {
  auto dot = rel.rfind('.');
  if (dot == std::string_view::npos || rel.find('/', dot) != std::string_view::npos) return false;
  std::string_view ext = rel.substr(dot + 1);
  for (const char* e : {"html", "htm", "css", "js", "mjs", "svg", "xml", "json", "csv", "txt", "webmanifest"})
    if (ext == e) return true;
  return false;
}

namespace {

// One libdeflate compressor per thread and level: allocating one costs more
// than compressing a 4 KB page.
struct Deflaters {
  libdeflate_compressor* by_level[13] = {};
  ~Deflaters() {
    for (auto* c : by_level)
      if (c) libdeflate_free_compressor(c);
  }
  libdeflate_compressor* get(int level) {
    if (level < 1 || level > 12) level = 6;
    auto*& c = by_level[level];
    if (!c) c = libdeflate_alloc_compressor(level);
    if (!c) throw std::runtime_error("libdeflate: cannot allocate a compressor");
    return c;
  }
};

}  // namespace

std::string gzip(std::string_view data, int level) {
  thread_local Deflaters deflaters;
  libdeflate_compressor* c = deflaters.get(level);
  std::string out(libdeflate_gzip_compress_bound(c, data.size()), '\0');
  std::size_t n = libdeflate_gzip_compress(c, data.data(), data.size(), out.data(), out.size());
  if (n == 0) throw std::runtime_error("libdeflate: compression failed");
  out.resize(n);
  return out;
}

int brotli_window(std::size_t size) {
  int bits = BROTLI_MIN_WINDOW_BITS;  // 10
  while (bits < BROTLI_DEFAULT_WINDOW && (std::size_t{1} << bits) - 16 < size) ++bits;
  return bits;
}

std::string brotli(std::string_view data, int quality) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(quality, brotli_window(data.size()), BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data())))
    throw std::runtime_error("brotli: compression failed");
  out.resize(size);
  return out;
}

}  // namespace mb::output
