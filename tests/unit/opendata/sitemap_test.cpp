#include <catch2/catch.hpp>

#include <libxml/parser.h>

#include "opendata/sitemap.hpp"

using namespace mb::opendata;

namespace {
std::size_t count(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}
bool well_formed(const std::string& xml) {
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "sitemap.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
  if (!doc) return false;
  xmlFreeDoc(doc);
  return true;
}
std::vector<SitemapUrl> many(std::size_t n) {
  std::vector<SitemapUrl> urls;
  urls.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::string id = std::to_string(100000 + i);  // fixed width: loc order = i order
    urls.push_back({"https://tuyenquang.gov.vn/p/" + id + "/", i == n - 1 ? "2026-02-01" : "2026-01-01"});
  }
  return urls;
}
}  // namespace

TEST_CASE("a small site has one sorted sitemap.xml", "[opendata][sitemap]") {
  auto files = write_sitemaps({{"https://a.vn/b/", "2026-03-01"},
                               {"https://a.vn/đ x?a=1&b=2", ""},
                               {"https://a.vn/b/", "2026-04-01T09:00:00+07:00"},  // duplicate: latest wins
                               {"https://a.vn/a", "not a date"}},
                              "https://a.vn/");
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "sitemap.xml");
  CHECK(files[0].xml ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        "  <url>\n"
        "    <loc>https://a.vn/%C4%91%20x?a=1&amp;b=2</loc>\n"
        "  </url>\n"
        "  <url>\n"
        "    <loc>https://a.vn/a</loc>\n"
        "  </url>\n"
        "  <url>\n"
        "    <loc>https://a.vn/b/</loc>\n"
        "    <lastmod>2026-04-01T09:00:00+07:00</lastmod>\n"
        "  </url>\n"
        "</urlset>\n");
  auto empty = write_sitemaps({}, "https://a.vn/");
  REQUIRE(empty.size() == 1);
  CHECK(well_formed(empty[0].xml));
}

TEST_CASE("50,000 URLs fit one sitemap; 50,001 need an index", "[opendata][sitemap]") {
  auto one = write_sitemaps(many(50000), "https://tuyenquang.gov.vn");
  REQUIRE(one.size() == 1);
  CHECK(count(one[0].xml, "<url>") == 50000);

  auto split = write_sitemaps(many(50001), "https://tuyenquang.gov.vn");
  REQUIRE(split.size() == 3);
  CHECK(split[0].path == "sitemap.xml");
  CHECK(split[1].path == "sitemap-1.xml");
  CHECK(split[2].path == "sitemap-2.xml");
  CHECK(split[0].xml ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        "  <sitemap>\n"
        "    <loc>https://tuyenquang.gov.vn/sitemap-1.xml</loc>\n"
        "    <lastmod>2026-01-01</lastmod>\n"
        "  </sitemap>\n"
        "  <sitemap>\n"
        "    <loc>https://tuyenquang.gov.vn/sitemap-2.xml</loc>\n"
        "    <lastmod>2026-02-01</lastmod>\n"
        "  </sitemap>\n"
        "</sitemapindex>\n");
  CHECK(count(split[1].xml, "<url>") == 50000);
  CHECK(count(split[2].xml, "<url>") == 1);
  CHECK(split[2].xml.find("https://tuyenquang.gov.vn/p/150000/") != std::string::npos);
  for (const auto& f : split) CHECK(well_formed(f.xml));
  for (const auto& f : split) CHECK(f.xml.size() < kSitemapMaxBytes);
}

TEST_CASE("the URL limit can be lowered and input order does not matter", "[opendata][sitemap]") {
  auto urls = many(7);
  auto a = write_sitemaps(urls, "https://a.vn/", 3);
  std::vector<SitemapUrl> reversed(urls.rbegin(), urls.rend());
  auto b = write_sitemaps(reversed, "https://a.vn/", 3);
  REQUIRE(a.size() == 4);  // index + 3 + 3 + 1
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].xml == b[i].xml);
}

TEST_CASE("uri_escape percent-encodes what URIs forbid", "[opendata][sitemap]") {
  CHECK(uri_escape("https://a.vn/sở nội-vụ/?q=1&r=%20") == "https://a.vn/s%E1%BB%9F%20n%E1%BB%99i-v%E1%BB%A5/?q=1&r=%20");
  CHECK(uri_escape("https://a.vn/<\"{|}>\n") == "https://a.vn/%3C%22%7B%7C%7D%3E%0A");
}

TEST_CASE("write_robots lists disallowed prefixes and sitemaps", "[opendata][robots]") {
  CHECK(write_robots({}) == "User-agent: *\nDisallow:\n");
  CHECK(write_robots({{"/tim-kiem/", "/nhap/\nAllow: /secret"}, {"https://a.vn/sitemap.xml"}}) ==
        "User-agent: *\n"
        "Disallow: /tim-kiem/\n"
        "Disallow: /nhap/Allow: /secret\n"
        "\n"
        "Sitemap: https://a.vn/sitemap.xml\n");
}
