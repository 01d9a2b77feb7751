// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).
#include "feeds/datetime.hpp"
#include "feeds/feed.hpp"
#include "feeds/json_writer.hpp"
#include "feeds/xml.hpp"

namespace mb::feeds {

std::string write_json_feed(const Feed& feed) {
  std::string out;
  JsonWriter w(out);
  // members whose value is "" are left out, as JSON Feed's optional fields
  auto member = [&w](const char* key, const std::string& value) {
    w.key(key);
    w.string(value);
  };
  auto optional = [&](const char* key, const std::string& value) {
    if (!value.empty()) member(key, clean_text(value));
  };
  w.begin_object();
  member("version", "https://jsonfeed.org/version/1.1");
  member("title", clean_text(feed.title));
  optional("home_page_url", feed.home_url);
  optional("feed_url", feed.self_url);
  optional("description", feed.subtitle);
  optional("language", feed.language);
  if (!feed.author_name.empty() || !feed.author_email.empty()) {
    w.key("authors");
    w.begin_array();
    w.begin_object();
    optional("name", feed.author_name);
    if (!feed.author_email.empty()) member("url", "mailto:" + clean_text(feed.author_email));
    w.end_object();
    w.end_array();
  }
  w.key("items");
  w.begin_array();
  for (const auto& it : feed.items) {
    // a cleaned item's texts go as they are (clean_item): no copy
    std::string scratch;
    auto text = [&](const std::string& s) -> const std::string& { return it.clean ? s : (scratch = clean_text(s)); };
    auto item_text = [&](const char* key, const std::string& value) {
      if (!value.empty()) member(key, text(value));
    };
    w.begin_object();
    member("id", text(it.id));
    item_text("url", it.url);
    item_text("title", it.title);
    // one of content_html / content_text is required
    if (!it.content_html.empty()) member("content_html", text(it.content_html));
    else member("content_text", text(it.summary));
    item_text("summary", it.summary);
    optional("date_published", normalize_rfc3339(it.published));
    optional("date_modified", normalize_rfc3339(it.updated));
    if (!it.author.empty()) {
      w.key("authors");
      w.begin_array();
      w.begin_object();
      member("name", text(it.author));
      w.end_object();
      w.end_array();
    }
    if (!it.categories.empty()) {
      w.key("tags");
      w.begin_array();
      for (const auto& c : it.categories) w.string(text(c));
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace mb::feeds
