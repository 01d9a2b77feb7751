// RSS 2.0 (https://www.rssboard.org/rss-specification) with the Atom, content
// and Dublin Core namespaces for self link, full HTML and item authors.
#include <optional>
#include <stdexcept>

#include "base/text.hpp"
#include "feeds/datetime.hpp"
#include "feeds/feed.hpp"
#include "feeds/xml.hpp"

namespace mb::feeds {

namespace {

void write_date(XmlWriter& w, const char* name, const std::string& s) {
  if (auto t = parse_datetime(s)) w.element(name, format_rfc822(*t), true);  // ASCII
}

void write_item(XmlWriter& w, const FeedItem& it) {
  const bool c = it.clean;
  w.start("item");
  w.element("title", it.title, c);
  if (!it.url.empty()) w.element("link", it.url, c);
  w.start("guid");
  w.attr("isPermaLink", it.id == it.url && !it.url.empty() ? "true" : "false", true);
  w.text(it.id, c);
  w.end();
  write_date(w, "pubDate", it.published);
  if (!it.updated.empty()) {
    std::string updated = normalize_rfc3339(it.updated);
    if (!updated.empty()) w.element("atom:updated", updated, true);  // ASCII
  }
  if (!it.author.empty()) w.element("dc:creator", it.author, c);
  for (const auto& cat : it.categories) w.element("category", cat, c);
  // description is HTML in RSS: plain-text summaries are HTML-escaped first,
  // then XML-escaped by the writer.
  if (!it.summary.empty()) w.element("description", text::html_escape(c ? it.summary : clean_text(it.summary)), true);
  else if (!it.content_html.empty()) w.element("description", it.content_html, c);
  if (!it.content_html.empty()) w.element("content:encoded", it.content_html, c);
  w.end();
}

}  // namespace

namespace {

void write_head(XmlWriter& w, const Feed& feed) {
  w.start("rss");
  w.attr("version", "2.0");
  w.attr("xmlns:atom", "http://www.w3.org/2005/Atom");
  w.attr("xmlns:content", "http://purl.org/rss/1.0/modules/content/");
  w.attr("xmlns:dc", "http://purl.org/dc/elements/1.1/");
  w.start("channel");
  w.element("title", feed.title);
  w.element("link", feed.home_url);
  // channel description is HTML too, like item descriptions
  w.element("description", text::html_escape(clean_text(feed.subtitle.empty() ? feed.title : feed.subtitle)));
  if (!feed.language.empty()) w.element("language", feed.language);
  if (!feed.author_email.empty()) {
    w.element("managingEditor",
              feed.author_name.empty() ? feed.author_email : feed.author_email + " (" + feed.author_name + ")");
  }
  write_date(w, "lastBuildDate", effective_updated(feed));
  w.element("generator", "minhbach");
  w.start("atom:link");
  w.attr("href", feed.self_url);
  w.attr("rel", "self");
  w.attr("type", "application/rss+xml");
  w.end();
}

// The writer indents by depth: an item is always two levels down
// (rss/channel), between "  <channel>\n..." and "  </channel>\n".
constexpr std::string_view kChannelEnd = "  </channel>\n</rss>\n";

}  // namespace

std::string write_rss(const Feed& feed) {
  XmlWriter w;
  write_head(w, feed);
  for (const auto& it : feed.items) write_item(w, it);
  w.end();  // channel
  w.end();  // rss
  return w.finish();
}

std::string rss_item(const FeedItem& item) {
  XmlWriter w;
  w.start("rss");
  w.start("channel");
  w.start("x");  // closes <channel>'s start tag, as the head's last child does
  w.end();
  write_item(w, item);
  std::string doc = w.finish();
  constexpr std::string_view kOpen = "<x/>\n";
  std::size_t from = doc.find(kOpen), to = doc.size() - kChannelEnd.size();
  if (from == std::string::npos || doc.compare(to, kChannelEnd.size(), kChannelEnd) != 0)
    throw std::runtime_error("libxml2 writer failed: unexpected RSS item layout");
  from += kOpen.size();
  return doc.substr(from, to - from);
}

std::string write_rss(const Feed& feed, const std::vector<const std::string*>& items) {
  XmlWriter w;
  write_head(w, feed);
  std::string doc = w.finish();  // closes channel and rss
  if (doc.size() < kChannelEnd.size() || doc.compare(doc.size() - kChannelEnd.size(), kChannelEnd.size(), kChannelEnd) != 0)
    throw std::runtime_error("libxml2 writer failed: unexpected RSS layout");
  std::size_t size = doc.size();
  for (const std::string* it : items) size += it->size();
  std::string out;
  out.reserve(size);
  out.append(doc, 0, doc.size() - kChannelEnd.size());
  for (const std::string* it : items) out += *it;
  out += kChannelEnd;
  return out;
}

}  // namespace mb::feeds
