// The site configuration: `site.yaml` at the site root.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "base/diag.hpp"

namespace mb::config {

struct Publisher {
  std::string name;
  std::string address;
  std::string email;
  std::string url;
};

/// Resource caps (`limits:` in site.yaml): a build that would pass one stops
/// with a clear error instead of running out of memory or time.
struct Limits {
  std::size_t file_bytes = 16u << 20;          ///< a content page, template or UI-strings file (file_mb)
  std::size_t data_file_bytes = 64u << 20;     ///< a data file, JSON or CSV (data_file_mb)
  std::size_t static_file_bytes = 256u << 20;  ///< a static file copied as is (static_file_mb)
  int nesting = 100;                           ///< nesting of JSON data and YAML (nesting)
  int template_depth = 64;                     ///< include/extends/macro/block calls (template_depth)
  std::size_t pages = 50000;                   ///< rendered pages (pages)
  SourcePos pages_pos;                         ///< where `pages` is set, for messages
};

/// site.yaml larger than this is refused before it is parsed.
inline constexpr std::size_t kMaxConfigBytes = 1u << 20;

struct SiteConfig {
  std::filesystem::path root;  ///< the site folder (absolute)
  std::string title = "minhbach";
  std::string description;
  std::string base_url = "http://localhost/";  ///< always ends with '/'
  std::string language = "vi";
  std::string time_zone = "Asia/Ho_Chi_Minh";
  std::string utc_offset = "+07:00";  ///< used for dates without a zone
  std::string theme = "default";
  Publisher publisher;
  // folders, relative to root
  std::string content_dir = "content";
  std::string data_dir = "data";
  std::string themes_dir = "themes";
  std::string layouts_dir = "layouts";  ///< site overrides of theme layouts
  std::string static_dir = "static";
  std::string output_dir = "public";
  std::string tags_path = "chu-de";  ///< URL folder of the tag pages ("/chu-de/<tag>/")
  bool unsafe_html = false;  ///< pass raw HTML in Markdown through (UNSAFE)
  int feed_limit = 50;
  bool feeds_sections = false;  ///< `feeds: {sections: true}`: an RSS feed per section (<section>/feed.xml)
  bool feeds_tags = false;      ///< `feeds: {tags: true}`: an RSS feed per tag (<tags>/<tag>/feed.xml)
  int feed_taxonomy_limit = 0;  ///< items in those section and tag feeds; 0 = `limit`
  /// Date in feed item ids (RFC 4151 tag URIs: "tag:<domain>,<id_date>:..."),
  /// YYYY, YYYY-MM or YYYY-MM-DD: when the site first owned its domain.
  /// Chosen once and never changed, or every feed item id changes.
  std::string feed_id_date = "2026";
  std::string as_of;  ///< "YYYY-MM-DD" used for KPI status; empty = today
  nlohmann::ordered_json params = nlohmann::ordered_json::object();  ///< free-form `params:`
  Limits limits;

  /// Host part of base_url ("tuyenquang.gov.vn"), for tag URIs.
  std::string domain() const;
};

/// Loads `site.yaml` from `root`. Unknown keys and wrong types are errors.
bool load_config(const std::filesystem::path& root, SiteConfig& out, Diagnostics& diags);

/// Normalises a base URL: adds the trailing '/'. Returns false if not http(s).
bool normalise_base_url(std::string& url);

}  // namespace mb::config
