#include "opendata/hash.hpp"

#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>

namespace mb::opendata {

namespace {

struct Digest {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  Digest() {
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
      throw std::runtime_error("openssl: cannot start SHA-256");
  }
  void update(const char* data, std::size_t n) {
    if (n && EVP_DigestUpdate(ctx.get(), data, n) != 1) throw std::runtime_error("openssl: SHA-256 update failed");
  }
  std::string hex() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx.get(), md, &len) != 1) throw std::runtime_error("openssl: SHA-256 final failed");
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
      out += digits[md[i] >> 4];
      out += digits[md[i] & 15];
    }
    return out;
  }
};

}  // namespace

std::string sha256_hex(std::string_view data) {
  Digest d;
  d.update(data.data(), data.size());
  return d.hex();
}

std::optional<std::string> sha256_file(const std::filesystem::path& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = "cannot open " + path.string();
    return std::nullopt;
  }
  Digest d;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    d.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    if (error) *error = "cannot read " + path.string();
    return std::nullopt;
  }
  return d.hex();
}

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string write_sha256sums(const std::map<std::string, std::string>& sha256_by_path) {
  std::string out;
  for (const auto& [path, hash] : sha256_by_path) {
    if (path.empty()) throw std::invalid_argument("write_sha256sums: empty path");
    if (!is_sha256_hex(hash))
      throw std::invalid_argument("write_sha256sums: '" + hash + "' for '" + path + "' is not a SHA-256 hex digest");
    bool escape = path.find_first_of("\\\n") != std::string::npos;
    if (escape) out += '\\';
    out += hash;
    out += "  ";
    for (char c : path) {
      if (escape && c == '\\') out += "\\\\";
      else if (escape && c == '\n') out += "\\n";
      else out += c;
    }
    out += '\n';
  }
  return out;
}

}  // namespace mb::opendata
