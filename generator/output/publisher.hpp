// The publisher is the only code that writes the site output.
//
// A build writes into a staging folder beside the output folder. Files whose
// bytes equal the previous publication are hard-linked from it (their
// modification time stays, so rsync copies only what changed). When the
// whole build succeeded, `commit()` swaps the staging folder into place with
// one atomic rename (renameat2 RENAME_EXCHANGE): a reader, a crash or a kill
// at any moment sees either the previous complete site or the new one.
//
// Unchanged files are only noted while the build runs and linked at commit;
// when nothing changed at all (no file written, none removed) commit() keeps
// the previous publication as it is and touches nothing.
//
// With `set_precompress(true)`, every compressible output (compressible())
// also gets `<name>.gz` and `<name>.br` beside it; an unchanged output keeps
// its previous compressed copies. The copies are made by background workers
// (one per job), so compressing overlaps rendering and the single-threaded
// steps; commit() waits for them.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>

#include "base/diag.hpp"

namespace mb::output {

/// Name of the marker file that identifies a folder minhbach created.
inline constexpr const char* kMarker = ".minhbach-output";

struct PublishStats {
  std::size_t written = 0;    ///< new or changed files (with compressed copies)
  std::size_t unchanged = 0;  ///< identical to the previous publication (linked; with compressed copies)
  std::size_t removed = 0;    ///< present before, absent now
  std::size_t bytes = 0;
};

/// A folder the build reads, for check_output_dir: its name in messages
/// ("content/") and its path.
struct InputDir {
  std::string name;
  std::filesystem::path path;
};

/// Checks that `out` may be replaced: not "/", not the home folder, not the
/// site root or a parent of it, not inside or around a folder the build
/// reads (`inputs`), and either absent, empty, or holding the marker of a
/// previous build (unless `force`, which never overrides the other rules).
/// Adds a diagnostic otherwise.
bool check_output_dir(const std::filesystem::path& out, const std::filesystem::path& site_root, bool force,
                      Diagnostics& diags, const std::vector<InputDir>& inputs = {});

class Publisher {
 public:
  /// `dry_run` keeps everything in memory (for `check` and tests).
  Publisher(std::filesystem::path out_dir, bool dry_run = false);
  ~Publisher();  ///< removes the staging folder if commit() was not called

  /// Also write .gz and .br copies of compressible outputs, on `jobs` workers
  /// (0 = all cores; 1 = as each file is written). Call before begin().
  void set_precompress(bool on, unsigned jobs = 0) {
    precompress_ = on;
    precompress_jobs_ = jobs;
  }
  /// Threads commit() uses to link unchanged files and to remove the
  /// previous publication (0 = all cores).
  void set_jobs(unsigned jobs) { jobs_ = jobs; }
  /// The build's input stamp (see site/stamp.cpp), kept with a hash of the
  /// published tree in the user's cache folder (stamp_path()), so that
  /// neither the output nor the site folder changes from build to build.
  void set_stamp(std::string stamp) { stamp_ = std::move(stamp); }

  /// Creates the staging folder. False on failure (diagnostic added).
  /// Holds an exclusive lock (flock) on the output's parent folder until
  /// commit() or destruction: a second build publishing beside it waits
  /// instead of removing this build's staging folder as a leftover.
  bool begin(Diagnostics& diags);
  /// Adds one output file (path relative to the output root, '/' separated).
  /// Thread-safe. Two writes to one path are an error (the second is refused).
  bool write(const std::string& rel, std::string_view data, Diagnostics& diags, const std::string& origin = "");
  /// Copies a static file (by hard link if unchanged, else by copy).
  bool copy(const std::string& rel, const std::filesystem::path& source, Diagnostics& diags,
            const std::string& origin = "");
  /// Swaps the staging folder into place. Only call when the build succeeded.
  bool commit(Diagnostics& diags);

  bool has(const std::string& rel) const;
  std::vector<std::string> paths() const;  ///< sorted
  std::size_t count() const;               ///< how many paths() there are
  /// In dry-run mode, the content written for `rel` ("" if none).
  std::string content(const std::string& rel) const;
  const PublishStats& stats() const { return stats_; }
  const std::filesystem::path& staging() const { return staging_; }

 private:
  bool claim(const std::string& rel, const std::string& origin, Diagnostics& diags);
  bool place(const std::string& rel, std::string_view data, Diagnostics& diags);
  bool store(const std::string& rel, std::string_view data, Diagnostics& diags);
  void keep(const std::string& rel, const struct stat& st);
  bool ensure_dir(const std::filesystem::path& dir, Diagnostics& diags);
  struct Packing;
  struct PackTask {  // a file's bytes and which of its compressed copies to make
    std::string rel, data;
    bool gz = true, br = true;
  };
  bool pack(const PackTask& t, Diagnostics& diags);
  bool finish_packing(Diagnostics& diags);

  std::filesystem::path out_;
  std::filesystem::path staging_;
  bool dry_run_;
  void unlock();

  bool begun_ = false;
  int lock_fd_ = -1;
  bool committed_ = false;
  mutable std::mutex mutex_;                    // kept_, variants_, memory_
  // what every write looks up, in shards by path (two threads rarely wait on
  // the same lock: a 50,000-page build writes 50,000 files)
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::string> claimed;  // rel → origin
    std::unordered_set<std::string> dirs;                  // staging folders made
  };
  static constexpr std::size_t kShards = 64;
  std::unique_ptr<Shard[]> shards_ = std::make_unique<Shard[]>(kShards);
  Shard& shard_of(std::string_view path) const { return shards_[std::hash<std::string_view>{}(path) % kShards]; }
  std::map<std::string, std::string> memory_;   // dry run
  bool precompress_ = false;
  bool previous_ = false;  // the output folder held a publication when begin() ran
  unsigned precompress_jobs_ = 0;
  unsigned jobs_ = 0;
  std::unique_ptr<Packing> packing_;
  std::string stamp_;
  std::vector<std::string> kept_;               // unchanged: linked from the previous publication at commit
  std::vector<std::string> variants_;           // .gz/.br copies (not claimed paths)
  std::atomic<std::uint64_t> stamp_sum_{0};     // the files staged, as tree_stamp sums them
  std::atomic<bool> unstamped_{false};          // a file not stat'ed, or staged twice: walk the tree instead
  PublishStats stats_;
  std::atomic<std::size_t> written_{0}, unchanged_{0}, bytes_{0};
};

/// Hash of the files under `dir` (path, size, modification time, inode), the
/// marker aside: changes when any file is added, removed, rewritten or touched.
/// Hidden files and folders and symbolic links are not counted. Walks on
/// `jobs` threads (0 = all cores).
std::string tree_stamp(const std::filesystem::path& dir, unsigned jobs = 0);

/// Where the stamp of output folder `out` is kept:
/// $XDG_CACHE_HOME/minhbach/stamp-<hash of the absolute path> (default
/// ~/.cache/minhbach/); empty when neither variable is set (no stamps).
std::filesystem::path stamp_path(const std::filesystem::path& out);
/// The stamp kept by the last publication into `out` ("" if none).
std::string read_stamp(const std::filesystem::path& out);

/// Is `rel` a safe relative output path (no "..", no absolute, no NUL/control,
/// valid UTF-8)?
bool safe_relative_path(std::string_view rel);

}  // namespace mb::output
