#include "base/fs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <system_error>

namespace mb::fs {

std::string describe_limit(std::size_t bytes) {
  if (bytes % (1u << 20) == 0) return "the limit of " + std::to_string(bytes >> 20) + " MB";
  return "the limit of " + std::to_string(bytes) + " bytes";
}

bool read_file(const stdfs::path& path, std::string& out, std::string* error, std::size_t max_bytes) {
  // open, fstat and read: a content folder of 10,000 pages reads this often,
  // and a stream's seeks and buffers cost more than the reading
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = std::string("cannot open file: ") + std::strerror(errno);
    return false;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode);
  if (ok && S_ISREG(st.st_mode) && static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    ::close(fd);
    if (error) *error = "file is larger than " + describe_limit(max_bytes);
    return false;
  }
  // to the end, whatever fstat said (a file can grow while read; a pipe has
  // no size); one byte more than the size, to see the end in one read
  std::size_t len = 0;
  out.resize(ok && S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : std::size_t(1) << 16);
  while (ok) {
    if (len == out.size()) out.resize(out.size() * 2);
    ssize_t n = ::read(fd, out.data() + len, out.size() - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    len += static_cast<std::size_t>(n);
    if (len > max_bytes) {
      ::close(fd);
      out.clear();
      if (error) *error = "file is larger than " + describe_limit(max_bytes);
      return false;
    }
  }
  out.resize(len);
  ::close(fd);
  if (!ok) {
    if (error) *error = "cannot read file";
    return false;
  }
  return true;
}

std::vector<std::string> list_files(const stdfs::path& root, std::vector<std::string>* symlinks) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!stdfs::is_directory(root, ec)) return out;
  stdfs::recursive_directory_iterator it(root, stdfs::directory_options::none, ec), end;
  const std::size_t root_len = root.native().size();
  for (; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    std::string name = entry.path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    // the iterator yields root / relative path: cut the prefix (lexically_relative is slow)
    const std::string& full = entry.path().native();
    std::size_t cut = root_len < full.size() && full[root_len] == '/' ? root_len + 1 : root_len;
    std::string rel = full.compare(0, root_len, root.native()) == 0 ? full.substr(cut)
                                                                     : entry.path().lexically_relative(root).generic_string();
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

bool write_file_atomic(const stdfs::path& path, std::string_view data, std::string* error) {
  std::error_code ec;
  stdfs::create_directories(path.parent_path(), ec);
  stdfs::path tmp = path;
  tmp += ".tmp~";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      if (error) *error = "cannot write " + tmp.string() + ": " + std::strerror(errno);
      return false;
    }
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) {
      if (error) *error = "cannot write " + tmp.string();
      return false;
    }
  }
  stdfs::rename(tmp, path, ec);
  if (ec) {
    if (error) *error = "cannot rename into " + path.string() + ": " + ec.message();
    return false;
  }
  return true;
}

std::string display_path(const stdfs::path& path, const stdfs::path& base) {
  std::error_code ec;
  auto rel = stdfs::relative(path, base, ec);
  if (ec || rel.empty() || rel.native().rfind("..", 0) == 0) return path.generic_string();
  return rel.generic_string();
}

}  // namespace mb::fs
