#include <catch2/catch.hpp>

#include <string>

#include "feeds/feed.hpp"
#include "sample.hpp"

using namespace mb::feeds;

// Exact output for a small feed: any change to these strings changes every
// published feed, so it must be deliberate.
namespace {
const char* const kExpected_rss = R"EXPECTED(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Cải cách hành chính Tuyên Quang</title>
    <link>https://tuyenquang.gov.vn/</link>
    <description>Xếp hạng &amp;amp; kết quả</description>
    <language>vi</language>
    <managingEditor>cchc@tuyenquang.gov.vn (UBND tỉnh Tuyên Quang)</managingEditor>
    <lastBuildDate>Thu, 02 Apr 2026 00:00:00 +0700</lastBuildDate>
    <generator>minhbach</generator>
    <atom:link href="https://tuyenquang.gov.vn/feed.xml" rel="self" type="application/rss+xml"/>
    <item>
      <title>KPI: hồ sơ trực tuyến quý I/2026</title>
      <link>https://tuyenquang.gov.vn/ke-hoach/2026/tthc-truc-tuyen/</link>
      <guid isPermaLink="false">tag:tuyenquang.gov.vn,2026:kpi/tthc-truc-tuyen/2026-q1</guid>
      <pubDate>Thu, 02 Apr 2026 00:00:00 +0700</pubDate>
      <dc:creator>Sở Nội vụ</dc:creator>
      <description>Đạt 72% (mục tiêu 80%).</description>
      <content:encoded>&lt;p&gt;Đạt &lt;strong&gt;72%&lt;/strong&gt;&lt;/p&gt;</content:encoded>
    </item>
    <item>
      <title>PAR INDEX 2025: Sở Tư pháp hạng 3/20, tăng 2 bậc</title>
      <link>https://tuyenquang.gov.vn/xep-hang/par-index/2025/</link>
      <guid isPermaLink="false">tag:tuyenquang.gov.vn,2026:par-index/2025</guid>
      <pubDate>Sun, 01 Mar 2026 09:00:00 +0700</pubDate>
      <atom:updated>2026-03-05T08:30:00+07:00</atom:updated>
      <category>Xếp hạng</category>
      <description>Sở Tư pháp đạt 88,5 điểm.</description>
    </item>
  </channel>
</rss>
)EXPECTED";

const char* const kExpected_atom = R"EXPECTED(<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
  <id>tag:tuyenquang.gov.vn,2026:feed</id>
  <title type="text">Cải cách hành chính Tuyên Quang</title>
  <subtitle type="text">Xếp hạng &amp; kết quả</subtitle>
  <updated>2026-04-02T00:00:00+07:00</updated>
  <link rel="alternate" type="text/html" href="https://tuyenquang.gov.vn/"/>
  <link rel="self" type="application/atom+xml" href="https://tuyenquang.gov.vn/feed.xml"/>
  <author>
    <name>UBND tỉnh Tuyên Quang</name>
    <email>cchc@tuyenquang.gov.vn</email>
  </author>
  <generator>minhbach</generator>
  <entry>
    <id>tag:tuyenquang.gov.vn,2026:kpi/tthc-truc-tuyen/2026-q1</id>
    <title type="text">KPI: hồ sơ trực tuyến quý I/2026</title>
    <link rel="alternate" type="text/html" href="https://tuyenquang.gov.vn/ke-hoach/2026/tthc-truc-tuyen/"/>
    <published>2026-04-02T00:00:00+07:00</published>
    <updated>2026-04-02T00:00:00+07:00</updated>
    <author>
      <name>Sở Nội vụ</name>
    </author>
    <summary type="text">Đạt 72% (mục tiêu 80%).</summary>
    <content type="html">&lt;p&gt;Đạt &lt;strong&gt;72%&lt;/strong&gt;&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>tag:tuyenquang.gov.vn,2026:par-index/2025</id>
    <title type="text">PAR INDEX 2025: Sở Tư pháp hạng 3/20, tăng 2 bậc</title>
    <link rel="alternate" type="text/html" href="https://tuyenquang.gov.vn/xep-hang/par-index/2025/"/>
    <published>2026-03-01T09:00:00+07:00</published>
    <updated>2026-03-05T08:30:00+07:00</updated>
    <category term="Xếp hạng"/>
    <summary type="text">Sở Tư pháp đạt 88,5 điểm.</summary>
  </entry>
</feed>
)EXPECTED";

const char* const kExpected_json = R"EXPECTED({
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Cải cách hành chính Tuyên Quang",
  "home_page_url": "https://tuyenquang.gov.vn/",
  "feed_url": "https://tuyenquang.gov.vn/feed.xml",
  "description": "Xếp hạng & kết quả",
  "language": "vi",
  "authors": [
    {
      "name": "UBND tỉnh Tuyên Quang",
      "url": "mailto:cchc@tuyenquang.gov.vn"
    }
  ],
  "items": [
    {
      "id": "tag:tuyenquang.gov.vn,2026:kpi/tthc-truc-tuyen/2026-q1",
      "url": "https://tuyenquang.gov.vn/ke-hoach/2026/tthc-truc-tuyen/",
      "title": "KPI: hồ sơ trực tuyến quý I/2026",
      "content_html": "<p>Đạt <strong>72%</strong></p>",
      "summary": "Đạt 72% (mục tiêu 80%).",
      "date_published": "2026-04-02T00:00:00+07:00",
      "authors": [
        {
          "name": "Sở Nội vụ"
        }
      ]
    },
    {
      "id": "tag:tuyenquang.gov.vn,2026:par-index/2025",
      "url": "https://tuyenquang.gov.vn/xep-hang/par-index/2025/",
      "title": "PAR INDEX 2025: Sở Tư pháp hạng 3/20, tăng 2 bậc",
      "content_text": "Sở Tư pháp đạt 88,5 điểm.",
      "summary": "Sở Tư pháp đạt 88,5 điểm.",
      "date_published": "2026-03-01T09:00:00+07:00",
      "date_modified": "2026-03-05T08:30:00+07:00",
      "tags": [
        "Xếp hạng"
      ]
    }
  ]
}
)EXPECTED";

Feed selected_small_feed() {
  Feed f = testing::small_feed();
  f.items = select_items(f.items);
  return f;
}
}  // namespace

TEST_CASE("write_rss gives exact RSS 2.0 for a small feed", "[feeds][rss]") {
  CHECK(write_rss(selected_small_feed()) == kExpected_rss);
}

TEST_CASE("write_atom gives exact Atom 1.0 for a small feed", "[feeds][atom]") {
  CHECK(write_atom(selected_small_feed()) == kExpected_atom);
}

TEST_CASE("write_json_feed gives exact JSON Feed 1.1 for a small feed", "[feeds][json]") {
  CHECK(write_json_feed(selected_small_feed()) == kExpected_json);
}

TEST_CASE("write_rss from items written once gives the same bytes", "[feeds][rss]") {
  Feed f = selected_small_feed();
  std::string whole = write_rss(f);
  CHECK(whole == kExpected_rss);
  std::vector<std::string> texts;
  std::vector<const FeedItem*> items;
  for (const auto& it : f.items) texts.push_back(rss_item(it)), items.push_back(&it);
  std::vector<const std::string*> refs;
  for (const auto& t : texts) refs.push_back(&t);
  Feed head = f;
  head.items.clear();
  head.updated = newest_item_date(items);
  CHECK(head.updated == effective_updated(f));
  CHECK(write_rss(head, refs) == whole);
  // no items: the same as write_rss of an empty feed
  head.updated = "2026-04-02";
  Feed empty = head;
  CHECK(write_rss(head, {}) == write_rss(empty));
}
