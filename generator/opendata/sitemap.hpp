// sitemap.xml (https://www.sitemaps.org/protocol.html) through libxml2's
// writer, and robots.txt.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mb::opendata {

/// Limits of one sitemap file set by the protocol.
inline constexpr std::size_t kSitemapMaxUrls = 50000;
inline constexpr std::size_t kSitemapMaxBytes = 50 * 1024 * 1024;

struct SitemapUrl {
  std::string loc;      ///< absolute URL
  std::string lastmod;  ///< "YYYY-MM-DD" or RFC 3339 from the data; "" or unparsable = left out
};

/// One file to publish at `path` (relative to the site root).
struct SitemapFile {
  std::string path;
  std::string xml;
};

/// The sitemap files for `urls`, sorted by loc with duplicates merged (the
/// latest lastmod wins). Up to `max_urls` URLs (and under 50 MiB): one file,
/// "sitemap.xml". More: "sitemap.xml" is a sitemap index pointing at
/// "sitemap-1.xml", "sitemap-2.xml", ... under `base_url` (the site root,
/// "https://tuyenquang.gov.vn/"), each entry's lastmod the newest of its file.
/// Non-ASCII characters and spaces in a loc are percent-encoded (UTF-8).
std::vector<SitemapFile> write_sitemaps(std::vector<SitemapUrl> urls, std::string_view base_url,
                                        std::size_t max_urls = kSitemapMaxUrls);

/// `url` with bytes ≥ 0x80 and the ASCII characters URIs forbid (space " < >
/// \ ^ ` { | } and controls) percent-encoded; existing %XX left alone.
std::string uri_escape(std::string_view url);

struct RobotsOptions {
  std::vector<std::string> disallow;  ///< path prefixes ("/tim-kiem/"); empty = allow everything
  std::vector<std::string> sitemaps;  ///< absolute sitemap URLs
};

/// robots.txt: "User-agent: *", one "Disallow:" line per prefix (an empty
/// "Disallow:" when none), then "Sitemap:" lines. CR/LF inside a value are
/// removed so a value cannot add directives. Lines end in "\n".
std::string write_robots(const RobotsOptions& options);

}  // namespace mb::opendata
