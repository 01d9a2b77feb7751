// Writes a sample site output of feeds and open data, laid out like a built
// site, for check_feeds.py and check_opendata.py.
//
//   mb_feed_samples OUT_DIR            good files (the checkers must pass)
//   mb_feed_samples OUT_DIR --broken   files with known faults (they must fail)
//
// OUT_DIR is replaced only if it is absent, empty, or was made by this tool.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "feeds/feed.hpp"
#include "opendata/csv.hpp"
#include "opendata/datapackage.hpp"
#include "opendata/hash.hpp"
#include "opendata/json_download.hpp"
#include "opendata/manifest.hpp"
#include "opendata/sitemap.hpp"

namespace stdfs = std::filesystem;
using namespace mb::feeds;
namespace od = mb::opendata;

namespace {

const char* const kMarker = ".mb-feed-samples";
const std::string kSite = "https://tuyenquang.gov.vn";

void write(const stdfs::path& path, const std::string& data) {
  stdfs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << data;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

Feed make_feed(const std::string& dir, const std::string& title, int n_items) {
  Feed f;
  f.id = tag_uri("tuyenquang.gov.vn", "2026", "feed/" + dir);
  f.title = title;
  f.subtitle = "Mẫu thử: " + title + " <b>&</b>";
  f.home_url = kSite + "/" + dir;
  f.author_name = "UBND tỉnh Tuyên Quang";
  std::vector<FeedItem> items;
  for (int i = 0; i < n_items; ++i) {
    FeedItem it;
    std::string n = std::to_string(i + 1);
    it.id = tag_uri("tuyenquang.gov.vn", "2026", "kpi/mau-" + n + "/2026-q1");
    it.title = "KPI mẫu " + n + ": đạt <72%> & \"vượt\" ]]> \x01";
    it.url = kSite + "/ke-hoach/2026/mau-" + n + "/?a=1&b=2";
    it.summary = "Kết quả </script><script>alert(1)</script> quý I/2026.";
    if (i % 2 == 0) it.content_html = "<p>Đạt <strong>72%</strong> ]]></p>";
    it.published = "2026-04-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1);
    if (i % 5 == 0) it.updated = "2026-05-01T10:00:00+07:00";
    it.categories = {"Kế hoạch", "KPI"};
    if (i % 3 == 0) it.author = "Sở Nội vụ";
    items.push_back(it);
  }
  f.items = select_items(items);
  return f;
}

void write_set(const stdfs::path& out, const std::string& dir, const std::string& title, int n_items) {
  Feed f = make_feed(dir, title, n_items);
  stdfs::path base = out / dir;
  f.self_url = kSite + "/" + dir + "feed.xml";
  write(base / "feed.xml", write_rss(f));
  f.self_url = kSite + "/" + dir + "atom.xml";
  write(base / "atom.xml", write_atom(f));
  f.self_url = kSite + "/" + dir + "feed.json";
  write(base / "feed.json", write_json_feed(f));
}

od::Table ranking_table() {
  od::Table t;
  t.name = "par-index-2025";
  t.columns = {{"co_quan", od::FieldType::string, "Cơ quan", "Cơ quan được xếp hạng", ""},
               {"diem", od::FieldType::number, "Điểm", "Điểm PAR INDEX 2025", "điểm"},
               {"hang", od::FieldType::integer, "Hạng", "Thứ hạng trong 20 sở, ngành", ""},
               {"thay_doi", od::FieldType::number, "Thay đổi", "Thay đổi so với năm trước", "điểm"}};
  t.rows = {{od::Cell::text("Sở Tư pháp"), od::Cell::number(88.5, 2), od::Cell::integer(3), od::Cell::number(-1.25, 2)},
            {od::Cell::text("=HYPERLINK(\"http://evil\",\"Sở Nội vụ\")"), od::Cell::number_literal("91.07"),
             od::Cell::integer(1), od::Cell()},
            {od::Cell::text("Ban \"Dân tộc\", mới\nthành lập"), od::Cell::number(70, 1), od::Cell::integer(20),
             od::Cell::number_literal("0.5")},
            {od::Cell::text("-Sở Y tế"), od::Cell(), od::Cell(), od::Cell()}};
  return t;
}

// Open data under du-lieu/, plus sitemap.xml, robots.txt, manifest and sums.
void write_open_data(const stdfs::path& out) {
  od::Table t = ranking_table();
  std::string csv = od::write_csv(t);
  std::string json = od::write_table_json(t);
  write(out / "du-lieu/xep-hang/par-index-2025.csv", csv);
  write(out / "du-lieu/xep-hang/par-index-2025.json", json);
  od::DataPackage p;
  p.name = "cchc-tuyen-quang";
  p.title = "Dữ liệu cải cách hành chính tỉnh Tuyên Quang";
  p.homepage = kSite + "/du-lieu/";
  p.licenses = {{"CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0"}};
  p.resources = {od::csv_resource("par-index-2025-csv", "xep-hang/par-index-2025.csv", t, csv),
                 od::json_resource("par-index-2025-json", "xep-hang/par-index-2025.json", t, json)};
  write(out / "du-lieu/datapackage.json", od::write_datapackage(p));

  std::vector<od::SitemapUrl> urls = {{kSite + "/", "2026-04-02"}, {kSite + "/xep-hang/par-index/2025/", "2026-03-05"}};
  for (const auto& f : od::write_sitemaps(urls, kSite + "/")) write(out / f.path, f.xml);
  write(out / "robots.txt", od::write_robots({{}, {kSite + "/sitemap.xml"}}));

  // the publication record: every file written so far except the marker
  od::Manifest m;
  for (const auto& e : stdfs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file() || e.path().filename() == kMarker) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    m.files[stdfs::relative(e.path(), out).generic_string()] = od::file_entry(data);
  }
  m.values["ranking/par-index/2025/so-tu-phap/score"] = "88.50";
  m.values["ranking/par-index/2025/so-tu-phap/rank"] = "3";
  write(out / "du-lieu/manifest.json", od::write_manifest(m));
  write(out / "du-lieu/SHA256SUMS", od::write_sha256sums(od::sha256_by_path(m)));
}

void write_good(const stdfs::path& out) {
  write_set(out, "", "Tất cả", 60);  // capped to 50
  write_set(out, "tin-tuc/", "Tin tức", 3);
  write_set(out, "co-quan/so-tu-phap/", "Sở Tư pháp", 1);
  write_open_data(out);
}

// Feeds: five known faults in four files (three parse as feeds). Open data:
// one tampered download. tests.cmake expects exactly the checkers' counts.
void write_broken(const stdfs::path& out) {
  // 1: not well-formed (raw '&' and '<' in a title)
  write(out / "hong/feed.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>A & <B></title>"
        "<item><title>x</title></item></channel></rss>\n");
  // 2, 3: an RSS feed with no items and no atom:link rel=self
  write(out / "rong/feed.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Rỗng</title>"
        "<link>" + kSite + "/</link><description>d</description></channel></rss>\n");
  // 4: a JSON Feed item without an id
  write(out / "thieu-id/feed.json",
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"T\", "
        "\"items\": [{\"content_text\": \"x\"}]}\n");
  // 5: a duplicate id in an otherwise valid Atom feed
  Feed f = make_feed("trung/", "Trùng", 2);
  f.self_url = kSite + "/trung/atom.xml";
  f.items[1].id = f.items[0].id;
  write(out / "trung/atom.xml", write_atom(f));
  // open data: a download changed after its hash was recorded (three
  // problems: datapackage hash, SHA256SUMS line, manifest entry)
  write_open_data(out);
  write(out / "du-lieu/xep-hang/par-index-2025.csv", "\xEF\xBB\xBF" "co_quan,diem,hang,thay_doi\r\nX,1,1,1\r\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && std::string(argv[2]) != "--broken")) {
    std::cerr << "usage: mb_feed_samples OUT_DIR [--broken]\n";
    return 2;
  }
  try {
    stdfs::path out = argv[1];
    if (stdfs::exists(out)) {
      if (!stdfs::is_empty(out) && !stdfs::exists(out / kMarker)) {
        std::cerr << "mb_feed_samples: " << out.string() << " exists and was not made by this tool\n";
        return 1;
      }
      stdfs::remove_all(out);
    }
    stdfs::create_directories(out);
    write(out / kMarker, "");
    if (argc == 3) write_broken(out);
    else write_good(out);
  } catch (const std::exception& e) {
    std::cerr << "mb_feed_samples: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
