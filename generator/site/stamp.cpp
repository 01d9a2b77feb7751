// The build stamp: what a rebuild with nothing changed needs to stop before
// loading anything. A build records (in the user's cache folder, see
// output::stamp_path) a hash of its inputs (the site folder; the config and
// every file under content/, data/, the theme, layouts/, static/ and i18n/ by
// path, size, modification and change time, inode; the effective options;
// the minhbach binary and its shared libraries) and the publisher adds a hash of the
// output tree (path, size, modification time, inode of every file). A build
// whose inputs hash the same, into an output tree that is still exactly what
// was published, has nothing to do: like make and ninja, it goes by file
// times and sizes, not contents.
//
// Where times and sizes could miss a change, there is no stamp (the build
// does all the work): a symbolic link to a folder inside an input tree (a
// link to a file counts with its target's time and size), and an input
// modified less than kRacy before the build started, or since (a second edit
// within the file system's time granularity could keep both; git calls this
// "racily clean"). The shared
// libraries loaded (cmark-gfm, ICU, libxml2...) count like the binary.
#include <fcntl.h>
#include <link.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <cstdint>
#include <sstream>

#include "base/fs.hpp"
#include "base/parallel.hpp"
#include "site/site.hpp"

namespace mb::site {

namespace {

// Inputs modified this recently (nanoseconds) make no stamp: coarse file
// system clocks (1 s on some, 2 s on FAT) could hide a second edit.
constexpr std::int64_t kRacy = 2'000'000'000;

struct Hasher {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  std::int64_t newest = 0;                   // newest input modification time, ns
  bool unsound = false;                      // times and sizes cannot tell a change
  void add(std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;  // field separator
  }
  // what the stamp keeps of an input's stat(2); follows symbolic links: a
  // linked file counts with its target's time and size
  struct Stat {
    bool found = false, dir = false;
    std::int64_t ctime = 0;  // change time, ns
    std::string line;
  };
  static Stat stat_of(const std::filesystem::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? stat_from(st) : Stat{};
  }
  // `name` in the folder open as `dir_fd`, as stat_of(folder / name) sees it
  static Stat stat_at(int dir_fd, const char* name) {
    struct stat st {};
    return ::fstatat(dir_fd, name, &st, 0) == 0 ? stat_from(st) : Stat{};
  }
  static Stat stat_from(const struct stat& st) {
    Stat out;
    out.found = true;
    out.dir = S_ISDIR(st.st_mode);
    out.ctime = st.st_ctim.tv_sec * 1'000'000'000ll + st.st_ctim.tv_nsec;
    // the change time too: unlike the modification time, nothing can set it back
    out.line = std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
               std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_ctim.tv_sec) + "." +
               std::to_string(st.st_ctim.tv_nsec) + ":" + std::to_string(st.st_mode) + ":" + std::to_string(st.st_ino);
    return out;
  }
  void add_stat(const Stat& st, bool input = true) {
    if (!st.found) return add("absent");
    if (st.dir) unsound = true;  // a linked folder: its files are not listed
    if (input) newest = std::max(newest, st.ctime);
    add(st.line);
  }
  void add_stat(const std::filesystem::path& p, bool input = true) { add_stat(stat_of(p), input); }
  // the files of a tree, stat'ed on `jobs` threads (a content folder can hold
  // tens of thousands), hashed in path order
  void add_tree(const std::filesystem::path& dir, const std::string& name, unsigned jobs) {
    add("tree " + name);
    std::vector<std::string> links;
    auto files = fs::list_files(dir, &links);
    files.insert(files.end(), links.begin(), links.end());
    std::sort(files.begin(), files.end());
    // each file stat'ed relative to its folder, open once (O_PATH): the kernel
    // looks up one name, not every folder of the whole path again. At most
    // kFolders are held open (a folder per page would exhaust the descriptors);
    // files of any other folder, or of one that would not open, are stat'ed by path
    constexpr std::size_t kFolders = 256;
    std::map<std::string_view, int> folders;
    std::vector<int> folder_of(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
      const std::size_t slash = files[i].rfind('/');
      const std::string_view parent(files[i].data(), slash == std::string::npos ? 0 : slash);
      auto it = folders.find(parent);
      if (it == folders.end() && folders.size() < kFolders)
        it = folders.emplace(parent, ::open((dir / std::string(parent)).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)).first;
      folder_of[i] = it == folders.end() ? -1 : it->second;
    }
    std::vector<Stat> stats(files.size());
    parallel_for(files.size(), files.size() < 256 ? 1 : jobs, [&](std::size_t i) {
      const std::size_t slash = files[i].rfind('/');
      stats[i] = folder_of[i] >= 0
                     ? stat_at(folder_of[i], files[i].c_str() + (slash == std::string::npos ? 0 : slash + 1))
                     : stat_of(dir / files[i]);
    });
    for (const auto& [parent, fd] : folders)
      if (fd >= 0) ::close(fd);
    for (std::size_t i = 0; i < files.size(); ++i) {
      add(files[i]);
      add_stat(stats[i]);
    }
  }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
  }
};

std::string value_of(const std::string& stamp, const std::string& key) {
  std::istringstream in(stamp);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + " ", 0) == 0) return line.substr(key.size() + 1);
  return {};
}

}  // namespace

std::int64_t realtime_ns() {
  struct timespec now {};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return now.tv_sec * 1'000'000'000ll + now.tv_nsec;
}

std::string input_stamp(const config::SiteConfig& cfg, const std::string& as_of, const BuildOptions& options,
                        const std::filesystem::path& out, std::int64_t started, unsigned jobs) {
  const auto& root = cfg.root;
  Hasher h;
  h.add(MB_STAMP_VERSION);
  char exe[4096];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) h.add_stat(std::string(exe, static_cast<std::size_t>(n)), false);
  // the shared libraries: a Debian upgrade of cmark-gfm or ICU can change the output
  ::dl_iterate_phdr(
      [](struct dl_phdr_info* info, std::size_t, void* data) {
        if (info->dlpi_name && info->dlpi_name[0] == '/') static_cast<Hasher*>(data)->add_stat(info->dlpi_name, false);
        return 0;
      },
      &h);
  for (const std::string& s : {root.string(), cfg.base_url, as_of, std::string(options.drafts ? "drafts" : "no-drafts"),
                               std::string(options.precompress ? "precompress" : "plain"),
                               std::filesystem::absolute(out).lexically_normal().string()})
    h.add(s);
  h.add_stat(root / "site.yaml");
  h.add_tree(root / cfg.content_dir, "content", jobs);
  h.add_tree(root / cfg.data_dir, "data", jobs);
  h.add_tree(root / cfg.themes_dir / cfg.theme, "theme", jobs);
  h.add_tree(root / cfg.layouts_dir, "layouts", jobs);
  h.add_tree(root / cfg.static_dir, "static", jobs);
  h.add_tree(root / "i18n", "i18n", jobs);
  // not for the output: only to tell a racy stamp. An input changed after
  // `started` may have been read before the change and stat'ed after it (when
  // the stamp is taken beside the build); its change time, even rounded down
  // by a coarse clock, is later than started - kRacy, so it makes no stamp
  if (h.unsound || h.newest > started - kRacy) return {};
  return h.hex();
}

bool up_to_date(const std::filesystem::path& out, const std::string& inputs, BuildReport& report, unsigned jobs) {
  std::string stamp = output::read_stamp(out);
  if (inputs.empty() || stamp.empty() || value_of(stamp, "inputs") != inputs) return false;
  std::string recorded = value_of(stamp, "output");
  if (recorded.empty() || recorded != output::tree_stamp(out, jobs)) return false;
  try {
    report.pages = std::stoul(value_of(stamp, "pages"));
    report.files = std::stoul(value_of(stamp, "files"));
  } catch (...) {
    return false;
  }
  report.stats.unchanged = report.files;
  report.out_dir = out;
  return true;
}

}  // namespace mb::site
