#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace mb::cli {

bool progress_wanted() { return ::isatty(STDERR_FILENO) == 1 && !std::getenv("CI"); }

std::function<void(std::string_view, std::size_t, std::size_t)> ProgressLine::callback() {
  return [this](std::string_view step, std::size_t done, std::size_t total) { show(step, done, total); };
}

void ProgressLine::show(std::string_view step, std::size_t done, std::size_t total) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  bool new_step = step != step_;
  if (!new_step && done != total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  step_ = step;
  shown_ = true;
  std::cerr << "\r\033[K" << step;
  if (total > 0) std::cerr << ' ' << done << '/' << total;
  std::cerr << std::flush;
}

void ProgressLine::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (shown_) std::cerr << "\r\033[K" << std::flush;
  shown_ = false;
  step_.clear();
}

}  // namespace mb::cli
