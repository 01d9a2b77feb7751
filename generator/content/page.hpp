// Content pages: Markdown files with YAML front matter under content/.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diag.hpp"
#include "markdown/markdown.hpp"

namespace mb::content {

enum class PageKind { page, section, home };

struct Page {
  std::string source;      ///< path relative to content/, '/' separated ("tin-tuc/a.md")
  std::string display;     ///< path for messages ("content/tin-tuc/a.md")
  PageKind kind = PageKind::page;
  std::string section;     ///< first folder ("tin-tuc"), "" for top-level pages
  // front matter
  std::string title;
  std::string date;        ///< "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS+07:00", normalised RFC 3339
  std::string updated;     ///< "lastmod"/"updated", same form, optional
  bool draft = false;
  std::string summary;     ///< front matter summary, else the first paragraph
  std::string slug;
  std::vector<std::string> aliases;
  std::vector<SourcePos> alias_pos;  ///< where each alias is written (parallel to aliases)
  std::vector<std::string> tags;
  std::vector<std::string> agencies;
  std::vector<SourcePos> agency_pos;  ///< where each agency id is written (parallel to agencies)
  long long weight = 0;
  std::string layout;
  nlohmann::ordered_json params = nlohmann::ordered_json::object();  ///< unknown keys
  SourcePos params_pos;
  // body
  int body_line = 1;       ///< line of the body's first line in the file
  /// The body as HTML, held once and shared with the page's view and its
  /// feed items (`rendered.html` is moved here, so it is empty).
  std::shared_ptr<const std::string> html;
  markdown::Rendered rendered;  ///< the rest of the rendering: toc, summary, word count
  // routing
  std::string url;         ///< "/tin-tuc/ten-bai/" (pretty URL)
  std::string output;      ///< "tin-tuc/ten-bai/index.html"
};

struct ContentCache;

struct LoadOptions {
  bool drafts = false;         ///< include drafts and future-dated pages
  std::string today;           ///< "YYYY-MM-DD"; pages dated after it are future
  std::string utc_offset = "+07:00";
  markdown::Options markdown;
  std::size_t max_file_bytes = 16u << 20;  ///< larger pages are refused unread (limits.file_mb)
  int max_depth = 100;                     ///< front-matter nesting (limits.nesting)
  std::size_t max_pages = 50000;           ///< more Markdown files are refused unread (limits.pages)
  unsigned jobs = 0;
  /// Pages parsed by an earlier load (`minhbach serve` keeps one between
  /// rebuilds); null: parse everything.
  ContentCache* cache = nullptr;
  /// Called from the workers as each Markdown file is done (done, total);
  /// thread-safe. Empty: no reports.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// Parsed pages of the last load, by source path, with the exact bytes they
/// were parsed from: a file that was not touched since (same inode, size,
/// modification and change times), or whose bytes are the same, is not parsed
/// again, as long as the load options are the same. Only pages that parsed without any diagnostic are
/// kept, so a cached page never hides a message.
struct ContentCache {
  struct Entry {
    std::string stamp;  ///< inode, size, modification and change times: equal means not touched
    std::string text;
    Page page;
  };
  std::string options_key;
  std::map<std::string, Entry> entries;
  std::size_t hits = 0, misses = 0;  ///< of the last load
};

struct Content {
  std::vector<Page> pages;               ///< sorted by source path
  std::vector<std::string> static_files;  ///< non-Markdown files under content/ (relative)
};

/// Splits `---` front matter from the body. Returns false (and a diagnostic)
/// when the opening fence has no closing fence. A file without front matter
/// has an empty `front`. Accepts CRLF line endings and a UTF-8 BOM.
bool split_front_matter(std::string_view text, const std::string& display, std::string_view& front,
                        std::string_view& body, int& body_line, Diagnostics& diags);

/// Parses one page (front matter + Markdown). `source` is relative to content/.
bool parse_page(std::string_view text, const std::string& source, const std::string& display, Page& page,
                Diagnostics& diags, const LoadOptions& options);

/// Loads every content/**/*.md (in parallel), assigns URLs and output paths,
/// drops drafts/future pages unless `options.drafts`, and reports every error
/// including two pages claiming one URL.
bool load_content(const std::filesystem::path& content_dir, const std::string& display_prefix, Content& out,
                  Diagnostics& diags, const LoadOptions& options);

/// Normalises a front-matter date ("2025-12-30", "2025-12-30 08:00", RFC 3339)
/// to RFC 3339 / ISO date form. Returns false for nonexistent dates.
bool normalise_date(const std::string& in, const std::string& utc_offset, std::string& out);

}  // namespace mb::content
