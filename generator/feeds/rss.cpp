// RSS 2.0 (https://www.rssboard.org/rss-specification) with the Atom, content
// and Dublin Core namespaces for self link, full HTML and item authors.
#include <optional>

#include "base/text.hpp"
#include "feeds/datetime.hpp"
#include "feeds/feed.hpp"
#include "feeds/xml.hpp"

namespace mb::feeds {

namespace {

void write_date(XmlWriter& w, const char* name, const std::string& s) {
  if (auto t = parse_datetime(s)) w.element(name, format_rfc822(*t));
}

void write_item(XmlWriter& w, const FeedItem& it) {
  w.start("item");
  w.element("title", it.title);
  if (!it.url.empty()) w.element("link", it.url);
  w.start("guid");
  w.attr("isPermaLink", it.id == it.url && !it.url.empty() ? "true" : "false");
  w.text(it.id);
  w.end();
  write_date(w, "pubDate", it.published);
  if (!it.updated.empty()) {
    std::string updated = normalize_rfc3339(it.updated);
    if (!updated.empty()) w.element("atom:updated", updated);
  }
  if (!it.author.empty()) w.element("dc:creator", it.author);
  for (const auto& c : it.categories) w.element("category", c);
  // description is HTML in RSS: plain-text summaries are HTML-escaped first,
  // then XML-escaped by the writer.
  if (!it.summary.empty()) w.element("description", text::html_escape(clean_text(it.summary)));
  else if (!it.content_html.empty()) w.element("description", it.content_html);
  if (!it.content_html.empty()) w.element("content:encoded", it.content_html);
  w.end();
}

}  // namespace

std::string write_rss(const Feed& feed) {
  XmlWriter w;
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
  for (const auto& it : feed.items) write_item(w, it);
  w.end();  // channel
  w.end();  // rss
  return w.finish();
}

}  // namespace mb::feeds
