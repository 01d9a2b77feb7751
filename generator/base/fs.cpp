#include "base/fs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <dirent.h>
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
  // One byte more than fstat's size, to see the end in one read: a regular
  // file reads short only at its end (Linux caps one read just under 2 GiB,
  // hence the bound), so a short read is the end and no second call is made.
  // Other files (pipes, devices: no size) are read until read() gives 0.
  const bool regular = S_ISREG(st.st_mode);
  std::size_t len = 0;
  out.resize(ok && regular ? static_cast<std::size_t>(st.st_size) + 1 : std::size_t(1) << 16);
  while (ok) {
    if (len == out.size()) out.resize(out.size() * 2);
    const std::size_t want = out.size() - len;
    ssize_t n = ::read(fd, out.data() + len, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    len += static_cast<std::size_t>(n);
    if (regular && static_cast<std::size_t>(n) < want && want < (std::size_t(1) << 30) && len <= max_bytes) break;
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

namespace {

// Lists the folder open as `fd` (closed here) into `out` and `symlinks`, with
// `prefix` before each name. readdir's entry types spare a stat per entry; a
// folder is opened relative to its parent (openat), not by its whole path.
// False when a folder cannot be read: the walk stops there.
bool walk(int fd, std::string& prefix, std::vector<std::string>& out, std::vector<std::string>* symlinks) {
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    return false;
  }
  bool ok = true;
  while (ok) {
    errno = 0;
    const dirent* e = ::readdir(dir);
    if (!e) {
      ok = errno == 0;
      break;
    }
    const char* name = e->d_name;
    if (name[0] == '.') continue;  // hidden, and . and ..
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {  // some file systems do not say
      struct stat st {};
      if (::fstatat(::dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    const std::size_t mark = prefix.size();
    prefix += name;
    if (type == DT_LNK) {
      if (symlinks) symlinks->push_back(prefix);
    } else if (type == DT_REG) {
      out.push_back(prefix);
    } else if (type == DT_DIR) {
      int sub = ::openat(::dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      prefix += '/';
      ok = sub >= 0 && walk(sub, prefix, out, symlinks);
    }
    prefix.resize(mark);
  }
  ::closedir(dir);
  return ok;
}

}  // namespace

std::vector<std::string> list_files(const stdfs::path& root, std::vector<std::string>* symlinks) {
  std::vector<std::string> out;
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);  // the root itself may be a link
  if (fd < 0) return out;
  std::string prefix;
  walk(fd, prefix, out, symlinks);
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
