#include "feeds/feed.hpp"
#include "feeds/xml.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "feeds/datetime.hpp"

namespace mb::feeds {

namespace {

bool is_unreserved_or_allowed(unsigned char c) {
  // RFC 3986 pchar (unreserved / sub-delims / ":" / "@") plus "/" and "?" (RFC 4151 specific).
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-': case '.': case '_': case '~':
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',': case ';': case '=':
    case ':': case '@': case '/': case '?':
      return true;
    default:
      return false;
  }
}

bool is_tag_date(std::string_view d) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
  for (std::size_t i = 0; i < 4; ++i)
    if (!digit(d[i])) return false;
  if (d.size() == 4) return true;
  if (d.size() == 7) {
    if (d[4] != '-' || !digit(d[5]) || !digit(d[6])) return false;
    int m = (d[5] - '0') * 10 + (d[6] - '0');
    return m >= 1 && m <= 12;
  }
  return parse_datetime(d).has_value();
}

struct Dated {
  std::optional<DateTime> updated, published;
};

Dated dates_of(const FeedItem& it) {
  Dated d;
  d.published = parse_datetime(it.published);
  d.updated = it.updated.empty() ? d.published : parse_datetime(it.updated);
  return d;
}

}  // namespace

ItemOrderKey item_order_key(const FeedItem& item) {
  Dated d = dates_of(item);
  auto instant = [](const std::optional<DateTime>& t) {
    return t ? ItemOrderKey::Instant{true, t->epoch_seconds(), t->nanos} : ItemOrderKey::Instant{};
  };
  return {instant(d.updated), instant(d.published)};
}

bool comes_before(const ItemOrderKey& ka, const FeedItem& a, const ItemOrderKey& kb, const FeedItem& b) {
  // newer first, undated last: updated, then published
  auto newer = [](const ItemOrderKey::Instant& x, const ItemOrderKey::Instant& y) {
    if (x.known != y.known) return x.known ? -1 : 1;
    if (!x.known || (x.seconds == y.seconds && x.nanos == y.nanos)) return 0;
    return x.seconds > y.seconds || (x.seconds == y.seconds && x.nanos > y.nanos) ? -1 : 1;
  };
  if (int c = newer(ka.updated, kb.updated)) return c < 0;
  if (int c = newer(ka.published, kb.published)) return c < 0;
  if (a.id != b.id) return a.id < b.id;
  return a.title < b.title;
}

std::string tag_uri(std::string_view domain, std::string_view date_or_year, std::string_view specific) {
  if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.front() == '-') return "";
  std::string dom;
  for (char c : domain) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return "";
    dom += c;
  }
  if (!is_tag_date(date_or_year)) return "";
  std::string out = "tag:" + dom + "," + std::string(date_or_year) + ":";
  append_tag_specific(out, specific);
  return out;
}

void append_tag_specific(std::string& out, std::string_view specific) {
  static const char hex[] = "0123456789ABCDEF";
  for (char ch : specific) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved_or_allowed(c)) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

namespace {

std::vector<std::size_t> order_of(const std::vector<const FeedItem*>& items, std::size_t cap) {
  // each item's dates are parsed once, into plain numbers to compare
  std::vector<ItemOrderKey> keys;
  keys.reserve(items.size());
  for (const FeedItem* it : items) keys.push_back(item_order_key(*it));
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return comes_before(keys[a], *items[a], keys[b], *items[b]);
  });
  if (order.size() > cap) order.resize(cap);
  return order;
}

std::vector<const FeedItem*> pointers(const std::vector<FeedItem>& items) {
  std::vector<const FeedItem*> ptrs;
  ptrs.reserve(items.size());
  for (const auto& it : items) ptrs.push_back(&it);
  return ptrs;
}

}  // namespace

std::vector<FeedItem> select_items(std::vector<FeedItem> items, std::size_t cap) {
  std::vector<FeedItem> out;
  auto order = order_of(pointers(items), cap);
  out.reserve(order.size());
  for (std::size_t i : order) out.push_back(std::move(items[i]));
  return out;
}

std::vector<std::size_t> item_order(const std::vector<const FeedItem*>& items) {
  return order_of(items, items.size());
}

std::vector<std::size_t> item_order(const std::vector<FeedItem>& items) { return item_order(pointers(items)); }

std::optional<DateTime> item_newest_date(const FeedItem& item) {
  Dated d = dates_of(item);
  std::optional<DateTime> best;
  for (const auto& t : {d.updated, d.published})
    if (t && (!best || compare(*t, *best) > 0)) best = t;
  return best;
}

std::string newest_date(const std::vector<const std::optional<DateTime>*>& dates) {
  const std::optional<DateTime>* best = nullptr;
  for (const auto* t : dates)
    if (*t && (!best || compare(**t, **best) > 0)) best = t;
  return best ? format_rfc3339(**best) : std::string();
}

std::string newest_item_date(const std::vector<const FeedItem*>& items) {
  std::vector<std::optional<DateTime>> dates;
  dates.reserve(items.size());
  for (const FeedItem* it : items) dates.push_back(item_newest_date(*it));
  std::vector<const std::optional<DateTime>*> ptrs;
  ptrs.reserve(dates.size());
  for (const auto& d : dates) ptrs.push_back(&d);
  return newest_date(ptrs);
}

std::string effective_updated(const Feed& feed) {
  if (auto t = parse_datetime(feed.updated)) return format_rfc3339(*t);
  std::vector<const FeedItem*> items;
  items.reserve(feed.items.size());
  for (const auto& it : feed.items) items.push_back(&it);
  return newest_item_date(items);
}

std::vector<std::string> check_item(const FeedItem& it, std::size_t n) {
  std::vector<std::string> out;
  auto is_abs_url = [](const std::string& u) { return u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0; };
  auto where = [&] { return "item " + std::to_string(n) + " '" + it.title + "'"; };
  if (it.id.empty()) out.push_back(where() + ": has no id");
  if (it.title.empty()) out.push_back(where() + ": has no title");
  if (!is_abs_url(it.url)) out.push_back(where() + ": url '" + it.url + "' is not an absolute URL");
  if (!parse_datetime(it.published)) out.push_back(where() + ": published date '" + it.published + "' is not RFC 3339");
  if (!it.updated.empty() && !parse_datetime(it.updated))
    out.push_back(where() + ": updated date '" + it.updated + "' is not RFC 3339");
  return out;
}

void clean_item(FeedItem& item) {
  if (item.clean) return;
  for (std::string* s : {&item.id, &item.title, &item.url, &item.summary, &item.content_html, &item.published,
                         &item.updated, &item.author})
    *s = clean_text(*s);
  for (auto& c : item.categories) c = clean_text(c);
  item.clean = true;
}

std::vector<std::string> check_feed(const Feed& feed) {
  std::vector<std::string> out;
  auto is_abs_url = [](const std::string& u) { return u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0; };
  if (feed.id.empty()) out.push_back("feed has no id");
  if (feed.title.empty()) out.push_back("feed has no title");
  if (!is_abs_url(feed.self_url)) out.push_back("feed self_url '" + feed.self_url + "' is not an absolute URL");
  if (!is_abs_url(feed.home_url)) out.push_back("feed home_url '" + feed.home_url + "' is not an absolute URL");
  if (!feed.updated.empty() && !parse_datetime(feed.updated))
    out.push_back("feed updated date '" + feed.updated + "' is not RFC 3339");
  if (effective_updated(feed).empty()) out.push_back("feed has no updated date and no dated items");
  std::set<std::string> seen;
  bool every_item_has_author = true;
  for (std::size_t i = 0; i < feed.items.size(); ++i) {
    const FeedItem& it = feed.items[i];
    auto problems = check_item(it, i + 1);
    if (!it.id.empty() && !seen.insert(it.id).second)  // in check_item's order: right after "has no id"
      problems.insert(problems.begin(), "item " + std::to_string(i + 1) + " '" + it.title + "': duplicate id '" + it.id + "'");
    for (auto& p : problems) out.push_back(std::move(p));
    if (it.author.empty()) every_item_has_author = false;
  }
  if (feed.author_name.empty() && !every_item_has_author)
    out.push_back("feed has no author_name and some items have no author (Atom requires one)");
  return out;
}

}  // namespace mb::feeds
