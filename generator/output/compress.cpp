#include "output/compress.hpp"

#include <stdexcept>

#include <brotli/encode.h>
#include <zlib.h>

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

// One deflate stream per thread, reset between files: deflateInit2 allocates
// and clears about 400 KB, more than compressing a 4 KB page costs.
struct Deflater {
  z_stream z{};
  int level = -100;
  ~Deflater() {
    if (level != -100) deflateEnd(&z);
  }
  z_stream& get(int lvl) {
    if (level == lvl) {
      if (deflateReset(&z) != Z_OK) throw std::runtime_error("zlib: deflateReset failed");
      return z;
    }
    if (level != -100) deflateEnd(&z);
    z = z_stream{};
    level = -100;
    if (deflateInit2(&z, lvl, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error("zlib: deflateInit2 failed");
    level = lvl;
    return z;
  }
};

}  // namespace

std::string gzip(std::string_view data, int level) {
  thread_local Deflater deflater;
  z_stream& z = deflater.get(level);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  if (rc != Z_STREAM_END) {
    deflater.level = -100, deflateEnd(&z);
    throw std::runtime_error("zlib: deflate failed");
  }
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
