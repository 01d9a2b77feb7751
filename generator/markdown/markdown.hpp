// Markdown → HTML with cmark-gfm. No cmark type appears in this header.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mb::markdown {

struct Options {
  bool unsafe_html = false;  ///< pass raw HTML through (documented as unsafe)
  bool smart = false;        ///< typographic quotes
};

struct Heading {
  int level = 0;
  std::string id;    ///< stable anchor id ("muc-tieu", "muc-tieu-1")
  std::string text;  ///< plain text
};

struct Rendered {
  std::string html;
  std::vector<Heading> toc;
  std::string summary;  ///< plain text of the first paragraph
  std::size_t word_count = 0;
};

/// Renders GFM: tables, strikethrough, autolinks, task lists, footnotes,
/// tagfilter. Headings get ids made from their text (Vietnamese folded).
/// Dangerous URLs (javascript:, vbscript:, file:, data: except images) are
/// emptied by cmark; raw HTML is replaced by a comment unless `unsafe_html`.
Rendered render(std::string_view source, const Options& options = {});

}  // namespace mb::markdown
