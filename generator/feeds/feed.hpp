// Feeds: one model, three formats (RSS 2.0, Atom 1.0, JSON Feed 1.1).
//
// The site builds a `Feed` from its model (news pages and data events), picks
// the items with `select_items`, checks it with `check_feed`, and writes it
// with each writer. The writers are pure: the same Feed gives the same bytes,
// they never read the clock, and every text field is cleaned (`clean_text`:
// invalid UTF-8 replaced, XML-forbidden control characters removed, NFC) so
// all three formats carry the same text. See docs/feeds.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/datetime.hpp"

namespace mb::feeds {

/// One entry. Dates are RFC 3339 ("2026-03-01T09:00:00+07:00"); a bare date
/// "2026-03-01" is read as midnight +07:00. They come from the data
/// (published, reported, due date), never from the build time.
struct FeedItem {
  std::string id;            ///< stable tag URI (see tag_uri); never changes for the same subject
  std::string title;         ///< plain text
  std::string url;           ///< absolute URL of the page that shows the item
  std::string summary;       ///< plain text (escaped as text in every format)
  std::string content_html;  ///< HTML fragment, already safe to show ("" = none)
  std::string published;     ///< RFC 3339; when the subject first appeared
  std::string updated;       ///< RFC 3339; changes when the item is corrected ("" = published)
  std::vector<std::string> categories;
  std::string author;        ///< display name ("" = the feed's author)
  bool clean = false;        ///< every text above is already what clean_text makes of it (clean_item)
};

/// Passes every text of `item` through clean_text (xml.hpp) once, and says
/// so: the writers then take them as they are. For an item written in many
/// feeds and formats.
void clean_item(FeedItem& item);

struct Feed {
  std::string id;            ///< tag URI of the feed itself
  std::string title;
  std::string subtitle;      ///< one sentence: what this feed carries
  std::string home_url;      ///< the HTML page the feed belongs to
  std::string self_url;      ///< the feed's own absolute URL (one per format)
  std::string language = "vi";
  std::string updated;       ///< RFC 3339; "" = the newest item date
  std::string author_name;
  std::string author_email;  ///< optional
  std::vector<FeedItem> items;
};

/// Default number of items a feed carries.
inline constexpr std::size_t kDefaultItemCap = 50;

/// RFC 4151 tag URI: tag_uri("tuyenquang.gov.vn", "2026", "par-index/2025")
/// → "tag:tuyenquang.gov.vn,2026:par-index/2025". `domain` is lowercased and
/// must be a DNS name (letters, digits, '-', '.'); `date_or_year` must be
/// YYYY, YYYY-MM or YYYY-MM-DD. Characters of `specific` outside RFC 4151's
/// set (pchar, "/", "?") are percent-encoded as UTF-8, so "Sở Nội vụ" is
/// allowed but best avoided: use slugs. Returns "" when domain or date is
/// invalid. The date is when the site's domain was first owned — choose it
/// once and never change it, or every id changes.
std::string tag_uri(std::string_view domain, std::string_view date_or_year, std::string_view specific);
/// Appends `specific` as tag_uri writes it after the prefix: tag_uri(d, y, s)
/// is tag_uri(d, y, "") followed by this, when the prefix is not "". For
/// many ids of one site, the domain and date checked once.
void append_tag_specific(std::string& out, std::string_view specific);

/// Items newest first and at most `cap` of them. Order: effective updated
/// date (updated, or published when empty) descending, then published
/// descending, then id ascending (bytewise), then title, so equal dates never
/// depend on input order. Items whose dates do not parse go last.
std::vector<FeedItem> select_items(std::vector<FeedItem> items, std::size_t cap = kDefaultItemCap);

/// For many feeds over one item list (a site's tag feeds, a plan's events):
/// `order[k]` is the index of the k-th item in select_items' order (all of
/// them, no cap), so any subset taken in this order is ordered as
/// select_items orders that subset: one sort serves many feeds.
std::vector<std::size_t> item_order(const std::vector<const FeedItem*>& items);
std::vector<std::size_t> item_order(const std::vector<FeedItem>& items);

/// An item's dates as select_items compares them, parsed once: for callers
/// that compare the same items many times (the newest items of many feeds,
/// kept while the items stream in).
struct ItemOrderKey {
  struct Instant {  ///< a date as seconds since 1970 and nanoseconds; unknown when the text did not parse
    bool known = false;
    std::int64_t seconds = 0;
    int nanos = 0;
  };
  Instant updated, published;
};
ItemOrderKey item_order_key(const FeedItem& item);
/// True when `a` (whose key is `ka`) comes before `b` in select_items' order.
/// Items equal in order neither comes before the other: a stable sort keeps them as they were.
bool comes_before(const ItemOrderKey& ka, const FeedItem& a, const ItemOrderKey& kb, const FeedItem& b);

/// check_feed's problems with item `it`, the `n`-th (1-based) of its feed.
std::vector<std::string> check_item(const FeedItem& it, std::size_t n);

/// The newest date (RFC 3339) among the items' published and updated dates,
/// "" when none parses: effective_updated of a feed with these items.
std::string newest_item_date(const std::vector<const FeedItem*>& items);

/// The newer of one item's published and updated dates (none when neither
/// parses), for callers that put the same items in many feeds: parsed once,
/// then newest_date picks among them.
std::optional<DateTime> item_newest_date(const FeedItem& item);
/// The newest of `dates` as RFC 3339 ("" when none is set): newest_item_date
/// of the items they come from.
std::string newest_date(const std::vector<const std::optional<DateTime>*>& dates);

/// Problems that make a feed invalid or unstable, as diagnostics-style
/// messages ("item 3 'x': published date '2026-13-01' is not RFC 3339").
/// Empty when the feed is fine. Checked: feed id/title/self_url/home_url,
/// a resolvable updated date, item ids present and unique, item titles,
/// urls and dates, and an author for Atom (feed or every item).
std::vector<std::string> check_feed(const Feed& feed);

/// The feed's effective updated date (RFC 3339): `feed.updated` when it
/// parses, else the newest item date, else "".
std::string effective_updated(const Feed& feed);

/// RSS 2.0 with atom:link rel="self", guid isPermaLink="false" for tag URIs,
/// RFC 822 dates, description = HTML-escaped summary, content:encoded = HTML,
/// dc:creator for item authors. Items are written in the given order.
std::string write_rss(const Feed& feed);

/// One `<item>` exactly as write_rss writes it inside a feed: an item listed
/// in many feeds is written once and its text reused.
std::string rss_item(const FeedItem& item);

/// write_rss of `feed` with `items` (from rss_item) in place of feed.items,
/// byte for byte: feed.items is ignored, so `feed.updated` must be set (to
/// the items' newest_item_date) for the same lastBuildDate.
std::string write_rss(const Feed& feed, const std::vector<const std::string*>& items);

/// Atom 1.0 (RFC 4287): summary type="text", content type="html".
std::string write_atom(const Feed& feed);

/// JSON Feed 1.1 (https://jsonfeed.org/version/1.1), two-space indented,
/// UTF-8 unescaped, ending in a newline.
std::string write_json_feed(const Feed& feed);

}  // namespace mb::feeds
