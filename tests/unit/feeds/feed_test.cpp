#include <catch2/catch.hpp>

#include "feeds/feed.hpp"
#include "feeds/xml.hpp"
#include "sample.hpp"

using namespace mb::feeds;

TEST_CASE("tag_uri follows RFC 4151", "[feeds][tag]") {
  CHECK(tag_uri("tuyenquang.gov.vn", "2026", "par-index/2025") == "tag:tuyenquang.gov.vn,2026:par-index/2025");
  CHECK(tag_uri("TuyenQuang.gov.vn", "2026-01", "kpi/a:b@c?d") == "tag:tuyenquang.gov.vn,2026-01:kpi/a:b@c?d");
  CHECK(tag_uri("tuyenquang.gov.vn", "2026-01-15", "x") == "tag:tuyenquang.gov.vn,2026-01-15:x");
  // characters outside pchar / "/" / "?" are percent-encoded (UTF-8)
  CHECK(tag_uri("a.vn", "2026", "Sở 1#x") == "tag:a.vn,2026:S%E1%BB%9F%201%23x");
  CHECK(tag_uri("a.vn", "2026", "") == "tag:a.vn,2026:");
}

TEST_CASE("tag_uri rejects bad authorities and dates", "[feeds][tag]") {
  CHECK(tag_uri("", "2026", "x").empty());
  CHECK(tag_uri("a b.vn", "2026", "x").empty());
  CHECK(tag_uri("a.vn/", "2026", "x").empty());
  CHECK(tag_uri(".a.vn", "2026", "x").empty());
  CHECK(tag_uri("a.vn", "26", "x").empty());
  CHECK(tag_uri("a.vn", "2026-13", "x").empty());
  CHECK(tag_uri("a.vn", "2025-02-29", "x").empty());
  CHECK(tag_uri("a.vn", "2026-1-1", "x").empty());
}

namespace {
FeedItem item(std::string id, std::string published, std::string updated = "") {
  FeedItem it;
  it.id = std::move(id);
  it.title = it.id;
  it.url = "https://a.vn/" + it.id;
  it.published = std::move(published);
  it.updated = std::move(updated);
  return it;
}
std::vector<std::string> ids(const std::vector<FeedItem>& items) {
  std::vector<std::string> out;
  for (const auto& it : items) out.push_back(it.id);
  return out;
}
}  // namespace

TEST_CASE("select_items orders newest first with a stable tie order", "[feeds][select]") {
  std::vector<FeedItem> items = {
      item("b", "2026-01-01"),
      item("a", "2026-01-01"),                             // same date as b: id decides
      item("c", "2025-06-01", "2026-02-01T00:00:00Z"),     // corrected later: moves up
      item("d", "2026-01-01T08:00:00+07:00"),              // = 2026-01-01T01:00Z, newer than a/b
      item("e", "not a date"),                             // unparsable: last
      item("f", "2026-01-15", "2026-01-15"),
  };
  std::vector<std::string> expected = {"c", "f", "d", "a", "b", "e"};
  CHECK(ids(select_items(items)) == expected);
  // input order does not matter
  std::vector<FeedItem> reversed(items.rbegin(), items.rend());
  CHECK(ids(select_items(reversed)) == expected);
  // updated ties are broken by published
  CHECK(ids(select_items({item("x", "2026-01-01", "2026-03-01"), item("y", "2026-02-01", "2026-03-01")})) ==
        std::vector<std::string>{"y", "x"});
}

TEST_CASE("select_items caps the feed", "[feeds][select]") {
  std::vector<FeedItem> items;
  for (int i = 0; i < 120; ++i) items.push_back(item("id-" + std::to_string(1000 + i), "2026-01-01"));
  auto sel = select_items(items);
  REQUIRE(sel.size() == kDefaultItemCap);
  CHECK(sel.front().id == "id-1000");
  CHECK(sel.back().id == "id-1049");
  CHECK(select_items(items, 3).size() == 3);
  CHECK(select_items(items, 0).empty());
  CHECK(select_items({}, 10).empty());
}

TEST_CASE("check_feed reports unstable or invalid feeds", "[feeds][check]") {
  CHECK(check_feed(testing::small_feed()).empty());
  Feed f = testing::small_feed();
  f.items[1].id = f.items[0].id;
  f.items[0].published = "2026-13-01";
  f.author_name.clear();
  f.self_url = "/feed.xml";
  auto problems = check_feed(f);
  CHECK(problems == std::vector<std::string>{
                        "feed self_url '/feed.xml' is not an absolute URL",
                        "item 1 'PAR INDEX 2025: Sở Tư pháp hạng 3/20, tăng 2 bậc': published date '2026-13-01' is not "
                        "RFC 3339",
                        "item 2 'KPI: hồ sơ trực tuyến quý I/2026': duplicate id "
                        "'tag:tuyenquang.gov.vn,2026:par-index/2025'",
                        "feed has no author_name and some items have no author (Atom requires one)"});
}

TEST_CASE("effective_updated falls back to the newest item", "[feeds][check]") {
  Feed f = testing::small_feed();
  CHECK(effective_updated(f) == "2026-04-02T00:00:00+07:00");
  f.updated = "2026-05-01T10:00:00+07:00";
  CHECK(effective_updated(f) == "2026-05-01T10:00:00+07:00");
  f.items.clear();
  f.updated.clear();
  CHECK(effective_updated(f).empty());
}

TEST_CASE("clean_text keeps XML 1.0 characters only", "[feeds][xml]") {
  CHECK(clean_text("a\x01" "b\x1F" "c\td\ne\rf") == "abc\td\ne\rf");
  CHECK(clean_text(std::string("a\0b", 3)) == "ab");
  CHECK(clean_text("x\xEF\xBF\xBEy\xEF\xBF\xBFz") == "xyz");           // U+FFFE, U+FFFF
  CHECK(clean_text("bad\xC3(") == "bad\xEF\xBF\xBD(");                  // truncated sequence
  CHECK(clean_text("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // encoded surrogate
  CHECK(clean_text("Vie\xCC\xA3\xCC\x82t") == "Việt");                  // NFC
  CHECK(clean_text("<script>]]>") == "<script>]]>");                    // markup is the writer's job
  // the one-pass case and what it must leave to the full check
  CHECK(clean_text("Chỉ số PAR INDEX tăng 3 bậc") == "Chỉ số PAR INDEX tăng 3 bậc");
  CHECK(clean_text("q\xCC\x81 stays") == "q\xCC\x81 stays");                  // NFC, with a combining mark
  CHECK(clean_text("\xF0\x9F\x93\x88 chart") == "\xF0\x9F\x93\x88 chart");      // beyond the BMP
  CHECK(clean_text("\xE2\x84\xAB") == "\xC3\x85");                            // U+212B ANGSTROM SIGN → Å
  CHECK(is_xml_text("Việt Nam <&>"));
  CHECK_FALSE(is_xml_text("a\x0b"));
  CHECK(is_xml_text("tab\tline\nreturn\r del\x7f ~"));  // the ASCII fast path keeps TAB, LF, CR and DEL
  CHECK_FALSE(is_xml_text("plain ascii then \x1f"));
  CHECK_FALSE(is_xml_text("ascii then a lone continuation \x80 byte"));
}

TEST_CASE("XmlWriter escapes text and attributes", "[feeds][xml]") {
  XmlWriter w;
  w.start("r");
  w.attr("a", "\"<&>'\x01");
  w.element("t", "</t><x>]]>&amp;\x02");
  w.element("e", "");
  CHECK(w.finish() ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<r a=\"&quot;&lt;&amp;&gt;'\">\n"
        "  <t>&lt;/t&gt;&lt;x&gt;]]&gt;&amp;amp;</t>\n"
        "  <e/>\n"
        "</r>\n");
}

TEST_CASE("XmlWriter keeps CR, LF and TAB as character references where XML would normalise them", "[feeds][xml]") {
  XmlWriter w;
  w.start("r");
  w.attr("a", "x\ny\tz\r");
  w.element("t", "a\r\nb\tc");
  CHECK(w.finish() ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<r a=\"x&#10;y&#9;z&#13;\">\n"
        "  <t>a&#13;\nb\tc</t>\n"
        "</r>\n");
}

TEST_CASE("XmlWriter reports misuse", "[feeds][xml]") {
  XmlWriter w;
  CHECK_THROWS(w.end());
}

TEST_CASE("item_order is select_items' order for every subset", "[feeds][select]") {
  std::vector<FeedItem> items = {item("b", "2026-01-01"), item("a", "2026-01-01"),
                                 item("c", "2025-06-01", "2026-02-01T00:00:00Z"), item("e", "not a date"),
                                 item("d", "2026-01-01T08:00:00+07:00"), item("f", "2026-01-15", "2026-01-15")};
  auto order = item_order(items);
  std::vector<std::string> got;
  for (auto i : order) got.push_back(items[i].id);
  CHECK(got == ids(select_items(items, items.size())));
}
