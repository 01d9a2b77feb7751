#include "base/diag.hpp"

#include <algorithm>
#include <ostream>
#include <tuple>

#include "base/text.hpp"

namespace mb {

namespace {
const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

// Number of code points in the first `col - 1` characters, turned into the
// display column for the caret: we print spaces up to the column, keeping tabs.
std::string caret_line(const std::string& line, int col) {
  std::string out;
  int cp = 1;
  for (std::size_t i = 0; i < line.size() && cp < col; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    out += (c == '\t') ? '\t' : ' ';
    ++cp;
  }
  out += '^';
  return out;
}

// What reaches a terminal or a CI log: invalid UTF-8, C0 controls but TAB,
// DEL and C1 controls each become U+FFFD (one code point, so carets still
// line up). A file or value cannot send escape sequences to the terminal.
std::string printable(std::string_view s) {
  std::string v = text::to_valid_utf8(s), out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      out += "\xEF\xBF\xBD";
    } else if (c == 0xC2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(v[i + 1]) <= 0x9F) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out += v[i];
    }
  }
  return out;
}
}  // namespace

std::string format_diagnostic(const Diagnostic& d, bool with_source) {
  std::string out;
  if (!d.path.empty()) {
    out += printable(d.path);
    if (d.line > 0) {
      out += ':' + std::to_string(d.line);
      if (d.col > 0) out += ':' + std::to_string(d.col);
    }
    out += ": ";
  }
  out += severity_name(d.severity);
  out += ": ";
  out += printable(d.message);
  if (with_source && !d.source_line.empty()) {
    std::string line = printable(d.source_line);
    out += "\n    " + line;
    if (d.col > 0) out += "\n    " + caret_line(line, d.col);
  }
  for (const auto& n : d.notes) out += "\n  note: " + printable(n);
  return out;
}

void Diagnostics::add(Diagnostic d) {
  std::lock_guard<std::mutex> lock(mutex_);
  items_.push_back(std::move(d));
}

void Diagnostics::error(std::string path, int line, int col, std::string message) {
  Diagnostic d;
  d.path = std::move(path);
  d.line = line;
  d.col = col;
  d.message = std::move(message);
  add(std::move(d));
}

void Diagnostics::warning(std::string path, int line, int col, std::string message) {
  Diagnostic d;
  d.severity = Severity::warning;
  d.path = std::move(path);
  d.line = line;
  d.col = col;
  d.message = std::move(message);
  add(std::move(d));
}

void Diagnostics::merge(const Diagnostics& other) {
  if (&other == this) return;
  std::vector<Diagnostic> copy;
  {
    std::lock_guard<std::mutex> lock(other.mutex_);
    copy = other.items_;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& d : copy) items_.push_back(std::move(d));
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::error;
  }));
}

std::size_t Diagnostics::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return items_.size();
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> v;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    v = items_;
  }
  auto key = [](const Diagnostic& d) { return std::tie(d.path, d.line, d.col, d.message); };
  std::stable_sort(v.begin(), v.end(), [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  v.erase(std::unique(v.begin(), v.end(), [&](const Diagnostic& a, const Diagnostic& b) {
            return key(a) == key(b) && a.severity == b.severity;
          }),
          v.end());
  return v;
}

void Diagnostics::print(std::ostream& os, bool with_source) const {
  for (const auto& d : sorted()) os << format_diagnostic(d, with_source) << '\n';
}

SourcePos position_of(std::string_view text, std::size_t offset) {
  SourcePos p{1, 1};
  if (offset > text.size()) offset = text.size();
  for (std::size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++p.line;
      p.col = 1;
    } else if ((c & 0xC0) != 0x80 && c != '\r') {
      ++p.col;
    }
  }
  return p;
}

std::string line_of(std::string_view text, int line) {
  if (line <= 0) return {};
  std::size_t start = 0;
  for (int l = 1; l < line; ++l) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  std::string s(text.substr(start, end - start));
  if (!s.empty() && s.back() == '\r') s.pop_back();
  if (s.size() > 200) s = s.substr(0, 200) + "…";
  return s;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = static_cast<std::size_t>(-1);
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d || (d == best_d && c < best)) {
      best_d = d;
      best = c;
    }
  }
  std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  if (best_d > limit) return {};
  return best;
}

}  // namespace mb
