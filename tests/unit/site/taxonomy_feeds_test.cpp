// Section and tag feeds (site.yaml feeds: sections, tags), built whole: each
// feed holds its section's or tag's newest pages, at most
// feeds.taxonomy_limit, newest first, the same on any number of jobs.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "temp_site.hpp"

using mb::test::TempSite;

namespace {

// the <guid>s of an RSS feed, in order
std::vector<std::string> guids(const std::string& xml) {
  std::vector<std::string> out;
  for (std::size_t at = 0; (at = xml.find("<guid", at)) != std::string::npos;) {
    std::size_t open = xml.find('>', at) + 1, close = xml.find("</guid>", open);
    out.push_back(xml.substr(open, close - open));
    at = close;
  }
  return out;
}

}  // namespace

TEST_CASE("section and tag feeds hold their newest pages, at most taxonomy_limit", "[site][feeds]") {
  TempSite s("taxonomy-feeds", "feeds:\n  sections: true\n  tags: true\n  taxonomy_limit: 2\n");
  auto page = [&](const std::string& rel, const std::string& date, const std::string& tags,
                  const std::string& updated = "") {
    s.put("content/" + rel, "---\ntitle: " + rel + "\ndate: " + date + (updated.empty() ? "" : "\nupdated: " + updated) +
                                "\ntags: [" + tags + "]\n---\nBài " + rel + ".\n");
  };
  page("bai-viet/a.md", "2026-01-05", "Số hóa");
  page("bai-viet/b.md", "2026-03-01T10:00:00+07:00", "Số hóa, Cải cách");  // 03:00Z
  page("bai-viet/c.md", "2026-03-01T05:00:00Z", "Cải cách");               // after b, though before it as text
  page("bai-viet/d.md", "2025-12-01", "Số hóa", "2026-06-01");             // updated: the newest
  page("thong-bao/e.md", "2026-02-01", "Số hóa");
  std::string first;
  for (unsigned jobs : {1u, 2u}) {
    CAPTURE(jobs);
    mb::Diagnostics d;
    REQUIRE(s.publish("out", jobs, d));
    const std::string base = "https://example.gov.vn/";
    auto so_hoa = guids(s.read("out/chu-de/so-hoa/feed.xml"));
    CHECK(so_hoa == std::vector<std::string>{base + "bai-viet/d/", base + "bai-viet/b/"});
    auto cai_cach = guids(s.read("out/chu-de/cai-cach/feed.xml"));
    CHECK(cai_cach == std::vector<std::string>{base + "bai-viet/c/", base + "bai-viet/b/"});
    auto news = guids(s.read("out/bai-viet/feed.xml"));
    CHECK(news == std::vector<std::string>{base + "bai-viet/d/", base + "bai-viet/c/"});
    CHECK(guids(s.read("out/thong-bao/feed.xml")) == std::vector<std::string>{base + "thong-bao/e/"});
    std::string all = s.read("out/chu-de/so-hoa/feed.xml") + s.read("out/bai-viet/feed.xml");
    if (first.empty()) first = all;
    CHECK(all == first);  // the same bytes on any number of jobs
  }
}
