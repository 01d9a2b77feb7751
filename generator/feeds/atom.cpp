// Atom 1.0 (RFC 4287).
#include "feeds/datetime.hpp"
#include "feeds/feed.hpp"
#include "feeds/xml.hpp"

namespace mb::feeds {

namespace {

void write_link(XmlWriter& w, const char* rel, const char* type, const std::string& href, bool clean = false) {
  w.start("link");
  w.attr("rel", rel);
  w.attr("type", type);
  w.attr("href", href, clean);
  w.end();
}

void write_entry(XmlWriter& w, const FeedItem& it, const std::string& feed_updated) {
  const bool c = it.clean;
  w.start("entry");
  w.element("id", it.id, c);
  w.start("title");
  w.attr("type", "text");
  w.text(it.title, c);
  w.end();
  if (!it.url.empty()) write_link(w, "alternate", "text/html", it.url, c);
  std::string published = normalize_rfc3339(it.published);
  std::string updated = normalize_rfc3339(it.updated);
  if (updated.empty()) updated = published;
  if (updated.empty()) updated = feed_updated;  // atom:updated is required
  if (!published.empty()) w.element("published", published);
  w.element("updated", updated);
  if (!it.author.empty()) {
    w.start("author");
    w.element("name", it.author, c);
    w.end();
  }
  for (const auto& cat : it.categories) {
    w.start("category");
    w.attr("term", cat, c);
    w.end();
  }
  if (!it.summary.empty()) {
    w.start("summary");
    w.attr("type", "text");
    w.text(it.summary, c);
    w.end();
  }
  if (!it.content_html.empty()) {
    w.start("content");
    w.attr("type", "html");
    w.text(it.content_html, c);
    w.end();
  }
  w.end();
}

}  // namespace

std::string write_atom(const Feed& feed) {
  std::string updated = effective_updated(feed);
  XmlWriter w;
  w.start("feed");
  w.attr("xmlns", "http://www.w3.org/2005/Atom");
  if (!feed.language.empty()) w.attr("xml:lang", feed.language);
  w.element("id", feed.id);
  w.start("title");
  w.attr("type", "text");
  w.text(feed.title);
  w.end();
  if (!feed.subtitle.empty()) {
    w.start("subtitle");
    w.attr("type", "text");
    w.text(feed.subtitle);
    w.end();
  }
  w.element("updated", updated);
  write_link(w, "alternate", "text/html", feed.home_url);
  write_link(w, "self", "application/atom+xml", feed.self_url);
  if (!feed.author_name.empty()) {
    w.start("author");
    w.element("name", feed.author_name);
    if (!feed.author_email.empty()) w.element("email", feed.author_email);
    w.end();
  }
  w.element("generator", "minhbach");
  for (const auto& it : feed.items) write_entry(w, it, updated);
  w.end();
  return w.finish();
}

}  // namespace mb::feeds
