// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).
#include <nlohmann/json.hpp>

#include "feeds/datetime.hpp"
#include "feeds/feed.hpp"
#include "feeds/xml.hpp"

namespace mb::feeds {

using ojson = nlohmann::ordered_json;

namespace {

void put(ojson& o, const char* key, const std::string& value) {
  if (!value.empty()) o[key] = clean_text(value);
}

}  // namespace

std::string write_json_feed(const Feed& feed) {
  ojson j;
  j["version"] = "https://jsonfeed.org/version/1.1";
  j["title"] = clean_text(feed.title);
  put(j, "home_page_url", feed.home_url);
  put(j, "feed_url", feed.self_url);
  put(j, "description", feed.subtitle);
  put(j, "language", feed.language);
  if (!feed.author_name.empty() || !feed.author_email.empty()) {
    ojson a = ojson::object();
    put(a, "name", feed.author_name);
    if (!feed.author_email.empty()) a["url"] = "mailto:" + clean_text(feed.author_email);
    j["authors"] = ojson::array({a});
  }
  ojson items = ojson::array();
  for (const auto& it : feed.items) {
    auto text = [&it](const std::string& s) { return it.clean ? s : clean_text(s); };
    auto put_text = [&](ojson& o, const char* key, const std::string& value) {
      if (!value.empty()) o[key] = text(value);
    };
    ojson o;
    o["id"] = text(it.id);
    put_text(o, "url", it.url);
    put_text(o, "title", it.title);
    // one of content_html / content_text is required
    if (!it.content_html.empty()) o["content_html"] = text(it.content_html);
    else o["content_text"] = text(it.summary);
    put_text(o, "summary", it.summary);
    put(o, "date_published", normalize_rfc3339(it.published));
    put(o, "date_modified", normalize_rfc3339(it.updated));
    if (!it.author.empty()) o["authors"] = ojson::array({ojson{{"name", text(it.author)}}});
    if (!it.categories.empty()) {
      ojson tags = ojson::array();
      for (const auto& c : it.categories) tags.push_back(text(c));
      o["tags"] = tags;
    }
    items.push_back(std::move(o));
  }
  j["items"] = std::move(items);
  return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

}  // namespace mb::feeds
