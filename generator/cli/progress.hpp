// The progress line of long builds on a terminal: `reading 1200/10002`,
// `assembling`, `rendering 5000/24333`, written over itself on stderr.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace mb::cli {

class ProgressLine {
 public:
  /// The callback for site::BuildOptions::progress; thread-safe. Counts are
  /// shown at most ten times a second, and always when a step is done.
  std::function<void(std::string_view, std::size_t, std::size_t)> callback();
  /// Erases the line (before messages or the summary are printed).
  void clear();

 private:
  void show(std::string_view step, std::size_t done, std::size_t total);
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_{};
  std::string step_;
  bool shown_ = false;
};

/// Whether progress goes to stderr: a terminal, and not in CI.
bool progress_wanted();

}  // namespace mb::cli
