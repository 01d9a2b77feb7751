#include "output/publisher.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <dirent.h>
#include <mutex>
#include <set>
#include <thread>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.hpp"
#include "base/parallel.hpp"
#include "base/text.hpp"
#include "output/compress.hpp"

namespace mb::output {

namespace stdfs = std::filesystem;

namespace {
constexpr const char* kMarkerText = "minhbach output folder; replaced on every build\n";
}

bool safe_relative_path(std::string_view rel) {
  if (rel.empty() || rel.front() == '/' || rel.back() == '/') return false;
  std::size_t s = 0;
  while (s <= rel.size()) {
    std::size_t e = rel.find('/', s);
    if (e == std::string_view::npos) e = rel.size();
    std::string_view seg = rel.substr(s, e - s);
    if (seg.empty() || seg == "." || seg == "..") return false;
    s = e + 1;
  }
  for (char c : rel)
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\') return false;
  return text::invalid_utf8_offset(rel) == text::npos;
}

bool check_output_dir(const stdfs::path& out, const stdfs::path& site_root, bool force, Diagnostics& diags,
                      const std::vector<InputDir>& inputs) {
  std::error_code ec;
  stdfs::path o = stdfs::weakly_canonical(stdfs::absolute(out), ec);
  stdfs::path r = stdfs::weakly_canonical(stdfs::absolute(site_root), ec);
  auto refuse = [&](const std::string& why) {
    diags.error(out.string(), 0, 0, "refusing to use this output folder: " + why);
    return false;
  };
  if (o == o.root_path()) return refuse("it is the file-system root");
  if (const char* home = std::getenv("HOME"); home && *home && o == stdfs::weakly_canonical(home, ec))
    return refuse("it is the home folder");
  // the site root itself or any folder containing it
  auto rel = r.lexically_relative(o);
  if (!rel.empty() && rel.native().rfind("..", 0) != 0) return refuse("it contains the site itself");
  auto within = [](const stdfs::path& inner, const stdfs::path& outer) {  // inner == outer or below it
    auto r = inner.lexically_relative(outer);
    return !r.empty() && r.native().rfind("..", 0) != 0;
  };
  for (const auto& in : inputs) {
    stdfs::path p = stdfs::weakly_canonical(stdfs::absolute(in.path), ec);
    if (within(o, p)) return refuse("it is inside " + in.name + " (a folder the build reads)");
    if (within(p, o)) return refuse("it contains " + in.name + " (a folder the build reads)");
  }
  if (!stdfs::exists(o, ec)) return true;
  if (!stdfs::is_directory(o, ec)) return refuse("it is a file, not a folder");
  if (force) return true;
  if (stdfs::exists(o / kMarker, ec)) return true;
  if (stdfs::is_empty(o, ec)) return true;
  return refuse("it holds files minhbach did not write (no " + std::string(kMarker) +
                " marker); empty it or pass --force");
}

// The .gz/.br workers: a queue of files to compress, each with the copies it
// needs (one task makes both, so a page costs one queue round). When the
// queue holds more than kMaxQueued bytes, the writer compresses its file
// itself, which bounds memory and never blocks.
struct Publisher::Packing {
  static constexpr std::size_t kMaxQueued = 16u << 20;
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<PackTask> queue;
  std::size_t queued = 0;
  bool stop = false;
  std::vector<std::thread> workers;
  Diagnostics errors;
};

Publisher::Publisher(stdfs::path out_dir, bool dry_run) : out_(std::move(out_dir)), dry_run_(dry_run) {}

Publisher::~Publisher() {
  Diagnostics ignored;
  finish_packing(ignored);
  if (begun_ && !committed_ && !dry_run_) {
    std::error_code ec;
    stdfs::remove_all(staging_, ec);
  }
  unlock();
}

void Publisher::unlock() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing releases the flock
  lock_fd_ = -1;
}

bool Publisher::begin(Diagnostics& diags) {
  begun_ = true;
  if (dry_run_) return true;
  std::error_code ec;
  stdfs::path abs = stdfs::absolute(out_, ec);
  out_ = abs.lexically_normal();
  if (out_.filename().empty()) out_ = out_.parent_path();
  stdfs::create_directories(out_.parent_path(), ec);
  lock_fd_ = ::open(out_.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX) != 0) {
    diags.error(out_.string(), 0, 0, std::string("cannot lock the folder of the output: ") + std::strerror(errno));
    unlock();
    return false;
  }
  std::string base = out_.filename().string();
  // leftovers of a killed build are ours to remove: exactly ".<out>.staging-<pid>"
  // and ".<out>.old-<pid>" folders, nothing else
  auto leftover = [&](const std::string& n) {
    for (const std::string& prefix : {"." + base + ".staging-", "." + base + ".old-"}) {
      if (n.size() <= prefix.size() || n.compare(0, prefix.size(), prefix) != 0) continue;
      if (n.find_first_not_of("0123456789", prefix.size()) == std::string::npos) return true;
    }
    return false;
  };
  for (const auto& e : stdfs::directory_iterator(out_.parent_path(), ec)) {
    std::string n = e.path().filename().string();
    if (leftover(n) && !e.is_symlink(ec) && e.is_directory(ec)) stdfs::remove_all(e.path(), ec);
  }
  // a first publication has no files to compare with: one failed lstat less per file
  previous_ = stdfs::is_directory(out_, ec);
  if (precompress_) {
    packing_ = std::make_unique<Packing>();
    unsigned n = precompress_jobs_ ? precompress_jobs_ : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; n > 1 && i < n; ++i)
      packing_->workers.emplace_back([this] {
        Packing& p = *packing_;
        for (;;) {
          PackTask t;
          {
            std::unique_lock<std::mutex> lock(p.mutex);
            p.ready.wait(lock, [&] { return p.stop || !p.queue.empty(); });
            if (p.queue.empty()) return;  // stopped and drained
            t = std::move(p.queue.front());
            p.queue.pop_front();
            p.queued -= t.data.size();
          }
          Diagnostics local;
          pack(t, local);
          for (auto& d : local.sorted()) p.errors.add(std::move(d));
        }
      });
  }
  staging_ = out_.parent_path() / ("." + base + ".staging-" + std::to_string(::getpid()));
  stdfs::remove_all(staging_, ec);
  if (!stdfs::create_directories(staging_, ec) || ec) {
    diags.error(staging_.string(), 0, 0, "cannot create the staging folder: " + ec.message());
    return false;
  }
  return true;
}

bool Publisher::claim(const std::string& rel, const std::string& origin, Diagnostics& diags) {
  if (!safe_relative_path(rel)) {
    if (text::invalid_utf8_offset(rel) != text::npos)
      diags.error(origin, 0, 0, "output file name is not valid UTF-8: '" + text::to_valid_utf8(rel) + "'");
    else
      diags.error(origin, 0, 0, "refusing to write outside the output folder: '" + rel + "'");
    return false;
  }
  Shard& shard = shard_of(rel);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto [it, inserted] = shard.claimed.emplace(rel, origin);
  if (!inserted) {
    diags.error(origin, 0, 0, "output file /" + rel + " is already written by " + it->second);
    return false;
  }
  return true;
}

bool Publisher::ensure_dir(const stdfs::path& dir, Diagnostics& diags) {
  Shard& shard = shard_of(dir.native());
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (shard.dirs.count(dir.native())) return true;
  }
  // usually the parent exists (pages are written folder by folder): one mkdir instead of
  // create_directories' stat of the folder and of its parent first; anything else (a missing
  // parent, an existing entry) goes the long way, with its messages
  if (::mkdir(dir.c_str(), 0777) != 0) {
    std::error_code ec;
    stdfs::create_directories(dir, ec);
    if (ec) {
      diags.error(dir.string(), 0, 0, "cannot create output folder: " + ec.message());
      return false;
    }
  }
  std::lock_guard<std::mutex> lock(shard.mutex);
  shard.dirs.insert(dir.native());
  return true;
}

namespace {

// Same bytes as `data` in the previous publication's regular file `old`? (`st` is its stat)
bool same_as(const stdfs::path& old, std::string_view data, struct stat& st) {
  if (::lstat(old.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::size_t>(st.st_size) != data.size())
    return false;
  std::string prev;
  return fs::read_file(old, prev) && prev == data;
}

bool regular(const stdfs::path& p, struct stat& st) { return ::lstat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode); }

// What tree_stamp counts of a file: its path, size, modification time and
// inode, hashed (FNV-1a 64, then mixed so that sums of them do not cancel).
// The tree's stamp is the sum of its files' (mod 2^64): the same whatever
// order they were written or listed in, so the writers add theirs to one
// atomic counter and nothing is sorted or kept per file.
std::uint64_t file_hash(std::string_view rel, const struct stat& st) {
  std::uint64_t h = 1469598103934665603ull;
  auto add = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  };
  add(rel);
  add(std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) +
      ":" + std::to_string(st.st_ino));
  h ^= h >> 33;  // murmur3's finaliser
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

std::string stamp_text(std::uint64_t sum) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(sum));
  return buf;
}

}  // namespace

void Publisher::keep(const std::string& rel, const struct stat& st) {
  stamp_sum_ += file_hash(rel, st);  // a hard link keeps the inode and the time
  std::lock_guard<std::mutex> lock(mutex_);
  kept_.push_back(rel);
  ++unchanged_;
}

bool Publisher::store(const std::string& rel, std::string_view data, Diagnostics& diags) {
  stdfs::path dst = staging_ / rel;
  if (!ensure_dir(dst.parent_path(), diags)) return false;
  int fd = ::open(dst.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    diags.error(rel, 0, 0, std::string("cannot write output file: ") + std::strerror(errno));
    return false;
  }
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  struct stat st {};
  bool stamped = ::fstat(fd, &st) == 0;  // for the output stamp: no walk of the tree at the end
  bool ok = ::close(fd) == 0 && done == data.size();
  if (!ok) {
    diags.error(rel, 0, 0, "cannot write output file (disk full?)");
    return false;
  }
  if (stamped) stamp_sum_ += file_hash(rel, st);
  else unstamped_ = true;
  ++written_;
  bytes_ += data.size();
  return true;
}

bool Publisher::pack(const PackTask& t, Diagnostics& diags) {
  try {
    if (t.gz && !store(t.rel + ".gz", gzip(t.data, gzip_level_for(t.data.size())), diags)) return false;
    if (t.br && !store(t.rel + ".br", brotli(t.data, brotli_quality_for(t.data.size())), diags)) return false;
  } catch (const std::exception& e) {
    diags.error(t.rel, 0, 0, std::string("cannot compress output file: ") + e.what());
    return false;
  }
  return true;
}

bool Publisher::finish_packing(Diagnostics& diags) {
  if (!packing_) return true;
  {
    std::lock_guard<std::mutex> lock(packing_->mutex);
    packing_->stop = true;
  }
  packing_->ready.notify_all();
  for (auto& t : packing_->workers) t.join();
  packing_->workers.clear();
  bool ok = !packing_->errors.has_errors();
  for (auto& d : packing_->errors.sorted()) diags.add(std::move(d));
  packing_.reset();
  return ok;
}

bool Publisher::place(const std::string& rel, std::string_view data, Diagnostics& diags) {
  // unchanged? note it: commit() links the previous file, so its mtime and inode stay
  struct stat st {};
  bool same = previous_ && same_as(out_ / rel, data, st);
  if (same) keep(rel, st);
  else if (!store(rel, data, diags)) return false;
  if (!precompress_ || !compressible(rel)) return true;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    variants_.push_back(rel + ".gz");
    variants_.push_back(rel + ".br");
  }
  // an unchanged file keeps the copies it had
  bool gz = !(same && regular(out_ / (rel + ".gz"), st));
  if (!gz) keep(rel + ".gz", st);
  bool br = !(same && regular(out_ / (rel + ".br"), st));
  if (!br) keep(rel + ".br", st);
  if (!gz && !br) return true;
  if (packing_ && !packing_->workers.empty()) {
    std::unique_lock<std::mutex> lock(packing_->mutex);
    if (packing_->queued + data.size() <= Packing::kMaxQueued) {
      packing_->queued += data.size();
      packing_->queue.push_back({rel, std::string(data), gz, br});
      lock.unlock();
      packing_->ready.notify_one();
      return true;
    }
  }
  return pack({rel, std::string(data), gz, br}, diags);  // one job, or the queue is full: here and now
}

bool Publisher::write(const std::string& rel, std::string_view data, Diagnostics& diags, const std::string& origin) {
  if (!claim(rel, origin.empty() ? rel : origin, diags)) return false;
  if (dry_run_) {
    std::lock_guard<std::mutex> lock(mutex_);
    memory_[rel] = std::string(data);
    return true;
  }
  return place(rel, data, diags);
}

bool Publisher::copy(const std::string& rel, const stdfs::path& source, Diagnostics& diags, const std::string& origin) {
  std::string data, err;
  if (!fs::read_file(source, data, &err)) {
    diags.error(origin.empty() ? source.string() : origin, 0, 0, err);
    return false;
  }
  return write(rel, data, diags, origin.empty() ? source.string() : origin);
}

bool Publisher::commit(Diagnostics& diags) {
  if (!finish_packing(diags)) return false;
  stats_.written = written_;
  stats_.unchanged = unchanged_;
  stats_.bytes = bytes_;
  if (dry_run_) {
    committed_ = true;
    return true;
  }
  // count removed files
  std::set<std::string> variants(variants_.begin(), variants_.end());
  std::error_code ec;
  bool previous = stdfs::exists(out_ / kMarker, ec);
  const std::vector<std::string> previous_files = fs::list_files(out_);  // removed below, after the swap
  for (const auto& f : previous_files)
    if (!has(f) && !variants.count(f) && f != kMarker) ++stats_.removed;
  const stdfs::path stamp_file = stamp_path(out_);
  if (previous && written_ == 0 && stats_.removed == 0) {
    // nothing changed: the previous publication stays, untouched
    stdfs::remove_all(staging_, ec);
    if (!stamp_.empty() && !stamp_file.empty()) {
      std::string stamp = stamp_ + "output " + tree_stamp(out_, jobs_) + "\n", old_stamp, err;
      if ((!fs::read_file(stamp_file, old_stamp) || old_stamp != stamp) && !fs::write_file_atomic(stamp_file, stamp, &err))
        diags.warning(stamp_file.string(), 0, 0, "cannot record the build stamp: " + err);
    }
    committed_ = true;
    return true;
  }
  // unchanged files: hard links to the previous publication, on every core
  // (a national site keeps about 200,000 of them)
  std::atomic<bool> kept_ok{true};
  parallel_for(kept_.size(), jobs_, [&](std::size_t i) {
    if (!kept_ok) return;
    const std::string& rel = kept_[i];
    stdfs::path dst = staging_ / rel, old = out_ / rel;
    if (!ensure_dir(dst.parent_path(), diags)) return void(kept_ok = false);
    if (::link(old.c_str(), dst.c_str()) == 0) return;
    unstamped_ = true;      // staged twice (linked, then stored): the tree is walked
    std::string data, err;  // another file system or a vanished file: copy it
    if (!fs::read_file(old, data, &err)) {
      diags.error(old.string(), 0, 0, "cannot keep unchanged output file: " + err);
      return void(kept_ok = false);
    }
    if (!store(rel, data, diags)) kept_ok = false;
  });
  if (!kept_ok) return false;
  std::string err;
  if (!fs::write_file_atomic(staging_ / kMarker, kMarkerText, &err)) {
    diags.error(staging_.string(), 0, 0, err);
    return false;
  }
  // the stamp describes the tree being published; the old one goes first
  // (from what was written and linked, which is the whole staging tree: tree_stamp
  // would walk it again; a link that failed was stored, and stamped, again)
  std::string stamp = stamp_.empty() ? std::string()
                                     : stamp_ + "output " + (unstamped_ ? tree_stamp(staging_, jobs_) : stamp_text(stamp_sum_)) + "\n";
  if (!stamp_file.empty()) stdfs::remove(stamp_file, ec);
  if (stdfs::exists(out_, ec)) {
    // atomic swap of the two folders, then remove the previous publication
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) != 0) {
      diags.error(out_.string(), 0, 0, std::string("cannot swap the new site into place: ") + std::strerror(errno));
      return false;
    }
    stdfs::path old = out_.parent_path() / ("." + out_.filename().string() + ".old-" + std::to_string(::getpid()));
    stdfs::rename(staging_, old, ec);
    const stdfs::path& gone = ec ? staging_ : old;
    // its files on every core, then the folders left (remove_all alone is one
    // unlink at a time: seconds for a national site)
    parallel_for(previous_files.size(), jobs_, [&](std::size_t i) { ::unlink((gone / previous_files[i]).c_str()); });
    // and its folders (one per page), deepest first, each depth on every core
    std::vector<std::vector<std::string>> by_depth;
    {
      std::set<std::string_view> dirs;
      for (const auto& f : previous_files)
        for (auto slash = f.rfind('/'); slash != std::string::npos && slash > 0; slash = f.rfind('/', slash - 1))
          if (!dirs.insert(std::string_view(f).substr(0, slash)).second) break;  // its parents are in too
      for (std::string_view d : dirs) {
        std::size_t depth = static_cast<std::size_t>(std::count(d.begin(), d.end(), '/'));
        if (by_depth.size() <= depth) by_depth.resize(depth + 1);
        by_depth[depth].emplace_back(d);
      }
    }
    for (auto level = by_depth.rbegin(); level != by_depth.rend(); ++level)
      parallel_for(level->size(), jobs_, [&](std::size_t i) { ::rmdir((gone / (*level)[i]).c_str()); });
    stdfs::remove_all(gone, ec);  // whatever is left (files not listed, such as symlinks)
  } else {
    stdfs::rename(staging_, out_, ec);
    if (ec) {
      diags.error(out_.string(), 0, 0, "cannot move the new site into place: " + ec.message());
      return false;
    }
  }
  if (!stamp.empty() && !stamp_file.empty() && !fs::write_file_atomic(stamp_file, stamp, &err))
    diags.warning(stamp_file.string(), 0, 0, "cannot record the build stamp (the next build will do all the work): " + err);
  committed_ = true;
  unlock();
  return true;
}

// Folders are taken from one queue by `jobs` walkers; each file is stat'ed
// relative to its open folder. The sum does not depend on who took what.
std::string tree_stamp(const stdfs::path& dir, unsigned jobs) {
  std::atomic<std::uint64_t> sum{0};
  std::mutex mutex;
  std::condition_variable more;
  std::vector<std::string> queue{""};  // folders to list, relative, with a trailing '/'
  std::size_t listing = 0;             // folders taken and not done
  auto walker = [&](std::size_t) {
    std::uint64_t mine = 0;
    std::vector<std::string> found;
    for (;;) {
      std::string rel;
      {
        std::unique_lock<std::mutex> lock(mutex);
        more.wait(lock, [&] { return !queue.empty() || listing == 0; });
        if (queue.empty()) break;  // and no walker can add more
        rel = std::move(queue.back());
        queue.pop_back();
        ++listing;
      }
      int fd = ::open((dir / rel).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (rel.empty() ? 0 : O_NOFOLLOW));
      if (DIR* d = fd >= 0 ? ::fdopendir(fd) : nullptr) {
        while (const dirent* e = ::readdir(d)) {
          if (e->d_name[0] == '.') continue;  // hidden (the marker too), . and .., as fs::list_files
          struct stat st {};
          if (e->d_type == DT_DIR) {
            found.push_back(rel + e->d_name + '/');
          } else if (e->d_type == DT_REG || e->d_type == DT_UNKNOWN) {
            if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
            if (S_ISDIR(st.st_mode)) found.push_back(rel + e->d_name + '/');
            else if (S_ISREG(st.st_mode)) mine += file_hash(rel + e->d_name, st);
          }
        }
        ::closedir(d);
      } else if (fd >= 0) {
        ::close(fd);
      }
      std::lock_guard<std::mutex> lock(mutex);
      for (auto& f : found) queue.push_back(std::move(f));
      found.clear();
      --listing;
      more.notify_all();
    }
    sum += mine;
  };
  parallel_for(worker_count(jobs), jobs, walker);
  return stamp_text(sum);
}

stdfs::path stamp_path(const stdfs::path& out) {
  std::error_code ec;
  stdfs::path o = stdfs::absolute(out, ec).lexically_normal();
  if (o.filename().empty()) o = o.parent_path();
  stdfs::path cache;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') cache = stdfs::path(x) / "minhbach";
  else if (const char* h = std::getenv("HOME"); h && *h == '/') cache = stdfs::path(h) / ".cache" / "minhbach";
  else return {};
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a 64 of the output path
  for (unsigned char c : o.native()) hash = (hash ^ c) * 1099511628211ull;
  char name[40];
  std::snprintf(name, sizeof name, "stamp-%016llx", static_cast<unsigned long long>(hash));
  return cache / name;
}

std::string read_stamp(const stdfs::path& out) {
  std::string text;
  stdfs::path p = stamp_path(out);
  return !p.empty() && fs::read_file(p, text) ? text : std::string();
}

bool Publisher::has(const std::string& rel) const {
  const Shard& shard = shard_of(rel);
  std::lock_guard<std::mutex> lock(shard.mutex);
  return shard.claimed.count(rel) > 0;
}

std::vector<std::string> Publisher::paths() const {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < kShards; ++i) {
    std::lock_guard<std::mutex> lock(shards_[i].mutex);
    for (const auto& [k, _] : shards_[i].claimed) v.push_back(k);
  }
  std::sort(v.begin(), v.end());
  return v;
}

std::size_t Publisher::count() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < kShards; ++i) {
    std::lock_guard<std::mutex> lock(shards_[i].mutex);
    n += shards_[i].claimed.size();
  }
  return n;
}

std::string Publisher::content(const std::string& rel) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = memory_.find(rel);
  return it == memory_.end() ? std::string() : it->second;
}

}  // namespace mb::output
