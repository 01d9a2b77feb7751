#include "opendata/sitemap.hpp"

#include <algorithm>
#include <optional>

#include "feeds/datetime.hpp"
#include "feeds/xml.hpp"

namespace mb::opendata {

namespace {

const char* const kNs = "http://www.sitemaps.org/schemas/sitemap/0.9";

struct Entry {
  std::string loc;
  std::string lastmod;  // normalised, "" = none
  std::optional<feeds::DateTime> when;
};

// lastmod as W3C Datetime: a bare date stays a date, a timestamp is normalised.
std::string normalize_lastmod(const std::string& s) {
  if (s.size() == 10) return feeds::parse_datetime(s) ? s : std::string();
  return feeds::normalize_rfc3339(s);
}

bool later(const Entry& a, const Entry& b) {
  if (!a.when) return false;
  if (!b.when) return true;
  return feeds::compare(*a.when, *b.when) > 0;
}

// Upper bound of the bytes one <url> takes once escaped and indented.
std::size_t url_bytes(const Entry& e) {
  std::size_t n = 64 + e.lastmod.size();
  for (char c : e.loc) n += c == '&' ? 5 : (c == '<' || c == '>') ? 4 : (c == '\r' ? 5 : 1);
  return n;
}

std::string write_urlset(const std::vector<Entry>& entries, std::size_t begin, std::size_t end) {
  feeds::XmlWriter w;
  w.start("urlset");
  w.attr("xmlns", kNs);
  for (std::size_t i = begin; i < end; ++i) {
    w.start("url");
    w.element("loc", entries[i].loc);
    if (!entries[i].lastmod.empty()) w.element("lastmod", entries[i].lastmod);
    w.end();
  }
  w.end();
  return w.finish();
}

}  // namespace

std::string uri_escape(std::string_view url) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(url.size());
  for (char ch : url) {
    auto c = static_cast<unsigned char>(ch);
    bool bad = c >= 0x80 || c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
               c == '`' || c == '{' || c == '|' || c == '}';
    if (bad) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

std::vector<SitemapFile> write_sitemaps(std::vector<SitemapUrl> urls, std::string_view base_url, std::size_t max_urls) {
  if (max_urls == 0) max_urls = 1;
  std::vector<Entry> entries;
  entries.reserve(urls.size());
  for (auto& u : urls) {
    Entry e;
    e.loc = uri_escape(u.loc);
    e.lastmod = normalize_lastmod(u.lastmod);
    if (!e.lastmod.empty()) e.when = feeds::parse_datetime(e.lastmod);
    entries.push_back(std::move(e));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.loc < b.loc; });
  // merge duplicates, keeping the latest lastmod
  std::vector<Entry> unique;
  for (auto& e : entries) {
    if (!unique.empty() && unique.back().loc == e.loc) {
      if (later(e, unique.back())) unique.back() = std::move(e);
    } else {
      unique.push_back(std::move(e));
    }
  }

  // split into chunks of at most max_urls URLs and under the byte limit
  const std::size_t budget = kSitemapMaxBytes - 1024;  // header and closing tags
  std::vector<std::pair<std::size_t, std::size_t>> chunks;
  std::size_t start = 0, bytes = 0;
  for (std::size_t i = 0; i < unique.size(); ++i) {
    std::size_t b = url_bytes(unique[i]);
    if (i > start && (i - start == max_urls || bytes + b > budget)) {
      chunks.emplace_back(start, i);
      start = i;
      bytes = 0;
    }
    bytes += b;
  }
  chunks.emplace_back(start, unique.size());  // also the single empty urlset

  if (chunks.size() == 1) return {{"sitemap.xml", write_urlset(unique, chunks[0].first, chunks[0].second)}};

  std::string base(base_url);
  if (base.empty() || base.back() != '/') base += '/';
  std::vector<SitemapFile> files;
  feeds::XmlWriter index;
  index.start("sitemapindex");
  index.attr("xmlns", kNs);
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    std::string path = "sitemap-" + std::to_string(k + 1) + ".xml";
    const Entry* newest = nullptr;
    for (std::size_t i = chunks[k].first; i < chunks[k].second; ++i)
      if (unique[i].when && (!newest || later(unique[i], *newest))) newest = &unique[i];
    index.start("sitemap");
    index.element("loc", uri_escape(base + path));
    if (newest) index.element("lastmod", newest->lastmod);
    index.end();
    files.push_back({path, write_urlset(unique, chunks[k].first, chunks[k].second)});
  }
  index.end();
  files.insert(files.begin(), SitemapFile{"sitemap.xml", index.finish()});
  return files;
}

std::string write_robots(const RobotsOptions& options) {
  auto clean = [](const std::string& s) {
    std::string out;
    for (char c : s)
      if (c != '\r' && c != '\n') out += c;
    return out;
  };
  std::string out = "User-agent: *\n";
  if (options.disallow.empty()) out += "Disallow:\n";
  for (const auto& d : options.disallow) out += "Disallow: " + clean(d) + "\n";
  if (!options.sitemaps.empty()) out += "\n";
  for (const auto& s : options.sitemaps) out += "Sitemap: " + clean(s) + "\n";
  return out;
}

}  // namespace mb::opendata
