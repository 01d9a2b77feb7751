// Diagnostics: one type for every error minhbach reports.
//
// A diagnostic names a file, a 1-based line and column (column counted in
// Unicode code points, 0 when unknown), a severity and a message. Messages
// start lowercase and have no trailing period. Modules never print: they add
// diagnostics to a `Diagnostics` collector and the CLI prints them sorted,
// in the GNU form `path:line:col: error: message`, with the source line and
// a caret when the text is known.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mb {

enum class Severity { error, warning, note };

/// A position in a source file; line and col are 1-based, 0 means unknown.
struct SourcePos {
  int line = 0;
  int col = 0;
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string path;
  int line = 0;
  int col = 0;
  std::string message;
  std::vector<std::string> notes;  ///< extra lines ("did you mean 'x'?")
  std::string source_line;         ///< the offending line, if known
};

/// `path:line:col: error: message` (parts that are unknown are left out).
std::string format_diagnostic(const Diagnostic& d, bool with_source = true);

/// Thread-safe collector. Renders running in parallel add to one collector.
class Diagnostics {
 public:
  void add(Diagnostic d);
  void error(std::string path, int line, int col, std::string message);
  void error(std::string path, SourcePos pos, std::string message) {
    error(std::move(path), pos.line, pos.col, std::move(message));
  }
  void warning(std::string path, int line, int col, std::string message);
  /// Adds every diagnostic of `other` (used to merge per-thread collectors).
  void merge(const Diagnostics& other);

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t size() const;
  /// All diagnostics, sorted by path, line, column, then message; duplicates removed.
  std::vector<Diagnostic> sorted() const;
  /// Prints every diagnostic, sorted, one per line (plus source and caret).
  void print(std::ostream& os, bool with_source = true) const;

 private:
  mutable std::mutex mutex_;
  std::vector<Diagnostic> items_;
};

/// Line and column (code points, 1-based) of byte `offset` in `text`.
SourcePos position_of(std::string_view text, std::size_t offset);
/// The text of 1-based line `line` without its line ending ("" if absent).
std::string line_of(std::string_view text, int line);

/// Levenshtein distance (on bytes); used for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The candidate closest to `word`, or "" when none is close enough.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace mb
