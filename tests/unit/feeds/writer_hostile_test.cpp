#include <catch2/catch.hpp>

#include <libxml/parser.h>
#include <nlohmann/json.hpp>

#include <string>

#include "feeds/feed.hpp"
#include "sample.hpp"

using namespace mb::feeds;

namespace {

const std::string kHostile = std::string("</title><script>alert(\"x\")</script>]]><![CDATA[&amp;\x01\x08\x0b\x0c\x1b") +
                             std::string("\0", 1) + "\xEF\xBF\xBE\xC3 é";

Feed hostile_feed() {
  Feed f = testing::small_feed();
  f.title = kHostile;
  f.subtitle = kHostile;
  f.author_name = kHostile;
  for (auto& it : f.items) {
    it.title = kHostile;
    it.summary = kHostile;
    it.content_html = kHostile;
    it.author = kHostile;
    it.categories = {kHostile};
    it.url += "?q=\"<>&\x01";
  }
  return f;
}

bool well_formed(const std::string& xml) {
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "feed.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return false;
  xmlFreeDoc(doc);
  return true;
}

bool has_control_chars(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') return true;
  return false;
}

}  // namespace

TEST_CASE("hostile text cannot break the XML feeds", "[feeds][escaping]") {
  Feed f = hostile_feed();
  for (const std::string& xml : {write_rss(f), write_atom(f)}) {
    CHECK(well_formed(xml));
    CHECK(xml.find("<script>") == std::string::npos);
    CHECK(xml.find("</title><") == std::string::npos);
    CHECK(xml.find("<![CDATA[") == std::string::npos);
    CHECK(xml.find("]]>") == std::string::npos);  // written as ]]&gt;
    CHECK_FALSE(has_control_chars(xml));
    CHECK(xml.find("\xEF\xBF\xBE") == std::string::npos);
    CHECK(xml.find("\xEF\xBF\xBD \xC3\xA9") != std::string::npos);  // broken byte replaced, é kept
  }
  // the RSS summary is HTML: a text '<' must reach the reader as "&lt;", i.e. be double-escaped in XML
  CHECK(write_rss(f).find("<description>&amp;lt;/title&amp;gt;&amp;lt;script&amp;gt;") != std::string::npos);
}

TEST_CASE("hostile text survives JSON Feed as data", "[feeds][escaping]") {
  Feed f = hostile_feed();
  std::string out = write_json_feed(f);
  CHECK_FALSE(has_control_chars(out));
  auto j = nlohmann::json::parse(out);
  std::string expected = std::string("</title><script>alert(\"x\")</script>]]><![CDATA[&amp;") + "\xEF\xBF\xBD é";
  CHECK(j["title"] == expected);
  CHECK(j["items"][0]["title"] == expected);
  CHECK(j["items"][0]["content_html"] == expected);
  CHECK(j["items"][0]["url"].get<std::string>().find("?q=\"<>&") != std::string::npos);
}

TEST_CASE("feeds are byte-identical across runs and input orders", "[feeds][determinism]") {
  Feed a = testing::small_feed();
  Feed b = testing::small_feed();
  std::swap(b.items[0], b.items[1]);
  a.items = select_items(a.items);
  b.items = select_items(b.items);
  CHECK(write_rss(a) == write_rss(b));
  CHECK(write_atom(a) == write_atom(b));
  CHECK(write_json_feed(a) == write_json_feed(b));
  CHECK(write_rss(a) == write_rss(a));
}

TEST_CASE("a correction keeps the item id and changes only its updated date", "[feeds][determinism]") {
  Feed before = testing::small_feed();
  Feed after = testing::small_feed();
  after.items[0].summary = "Sở Tư pháp đạt 89,0 điểm.";
  after.items[0].updated = "2026-05-01T10:00:00+07:00";
  before.items = select_items(before.items);
  after.items = select_items(after.items);
  REQUIRE(after.items[0].id == "tag:tuyenquang.gov.vn,2026:par-index/2025");  // moved to the top
  std::string atom = write_atom(after);
  CHECK(atom.find("<updated>2026-05-01T10:00:00+07:00</updated>") != std::string::npos);
  CHECK(atom.find("<published>2026-03-01T09:00:00+07:00</published>") != std::string::npos);
}

TEST_CASE("guid is a permalink only when the id is the url", "[feeds][rss]") {
  Feed f = testing::small_feed();
  f.items.resize(1);
  f.items[0].id = f.items[0].url;
  CHECK(write_rss(f).find("<guid isPermaLink=\"true\">https://tuyenquang.gov.vn/xep-hang/par-index/2025/</guid>") !=
        std::string::npos);
}

TEST_CASE("items without a date still give a valid Atom entry", "[feeds][atom]") {
  Feed f = testing::small_feed();
  f.updated = "2026-06-01T00:00:00+07:00";
  f.items[0].published = "garbage";
  f.items[0].updated.clear();
  std::string atom = write_atom(f);
  CHECK(well_formed(atom));
  // the entry falls back to the feed's date instead of the clock
  CHECK(atom.find("<updated>2026-06-01T00:00:00+07:00</updated>\n    <category") != std::string::npos);
  CHECK(write_rss(f).find("<pubDate>Sun") == std::string::npos);  // the bad date is left out
}

TEST_CASE("an item cleaned once is written as the writers would clean it", "[feeds][xml]") {
  // records cleans each kept item once (clean_item) and the writers then take
  // its texts as they are: the three formats must not change
  Feed raw = hostile_feed();
  raw.items[0].summary = "Vie\xCC\xA3\xCC\x82t Nam \x01 " + kHostile;  // decomposed: NFC makes it "Việt"
  raw.items[0].id += "\x02";
  Feed cleaned = raw;
  for (auto& it : cleaned.items) {
    clean_item(it);
    CHECK(it.clean);
  }
  CHECK(cleaned.items[0].summary.rfind("Việt Nam  ", 0) == 0);
  CHECK(write_rss(cleaned) == write_rss(raw));
  CHECK(write_atom(cleaned) == write_atom(raw));
  CHECK(write_json_feed(cleaned) == write_json_feed(raw));
  // cleaning twice changes nothing
  FeedItem again = cleaned.items[0];
  again.clean = false;
  clean_item(again);
  CHECK(again.summary == cleaned.items[0].summary);
  CHECK(again.id == cleaned.items[0].id);
}
