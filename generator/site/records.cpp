// Publication record (issue 6): the two build hooks. plan_records computes
// the changes since the previous publication and plans the feeds directory,
// open-data directory and changes pages; write_records writes the feeds,
// downloads, datapackage.json, sitemap.xml, robots.txt, SHA256SUMS and
// manifest.json. The pieces are in records_*.cpp (records.hpp).
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "base/fs.hpp"
#include "base/parallel.hpp"
#include "base/text.hpp"
#include "opendata/csv.hpp"
#include "opendata/datapackage.hpp"
#include "opendata/hash.hpp"
#include "opendata/json_download.hpp"
#include "opendata/sitemap.hpp"
#include "site/records.hpp"
#include "site/views.hpp"
#include "tmpl/tmpl.hpp"

namespace mb::site {

using namespace records;

namespace {

std::string ui(const Site& site, const std::string& key, const std::string& fallback) {
  auto it = site.strings.find(key);
  return it == site.strings.end() ? fallback : it->second;
}

Value basic_page(const Site& site, const std::string& dir, const std::string& kind, const std::string& title,
                 const std::string& description, const std::string& lastmod) {
  Value page = Value::dict();
  page.set("title", Value(title));
  page.set("kind", Value(kind));
  page.set("url", Value(site.url(dir)));
  page.set("permalink", Value(site.permalink(dir)));
  page.set("summary", Value(description));
  page.set("description", Value(description));
  page.set("content", Value::safe(""));
  page.set("lastmod", lastmod.empty() ? Value::none() : Value(lastmod));
  return page;
}

Value feed_links(const Site& site, const std::string& dir) {
  Value v = Value::dict();
  v.set("rss", Value(site.url(dir + "feed.xml")));
  v.set("atom", Value(site.url(dir + "atom.xml")));
  v.set("json", Value(site.url(dir + "feed.json")));
  return v;
}

std::string newest_item_date(const std::vector<FeedSpec>& feeds) {
  feeds::Newest best;
  for (const auto& f : feeds) best.offer(f.updated());
  return best.text().substr(0, 10);
}

}  // namespace

std::shared_ptr<records::Prepared> prepare_records(const Site& site, const std::filesystem::path& out_dir) {
  auto prep = std::make_shared<records::Prepared>();
  Links links = make_links(site);
  {  // the figures and the previous record are large: kept only while compared
    PreviousRecord prev = read_previous(out_dir, links, prep->diags);
    prep->first_publication = !prev.manifest;
    std::vector<ChangeRow> now;
    if (prev.manifest) {
      auto values = published_values(site);
      now = changes_between(&prev.values, values, site.as_of);
    } else {
      now = changes_between(nullptr, opendata::ValueList{}, site.as_of);
    }
    prev.values = {};
    prep->log = merge_log(std::move(prev.log), std::move(now));
  }
  // the feeds' items are written (built again) by write_records: only their number and dates are kept
  prep->feeds = build_shared_feeds(site, links, prep->log, false);
  return prep;
}

void plan_records(Site& site, std::shared_ptr<records::Prepared> prep, Diagnostics& diags) {
  diags.merge(prep->diags);
  Links links = make_links(site);
  const std::string od = links.open_data_dir();
  // the log outlives this step: the changes pages are rendered from it, and write_records writes it
  auto shared_log = std::make_shared<const std::vector<ChangeRow>>(std::move(prep->log));
  site.change_log = shared_log;
  const std::vector<ChangeRow>& log = *shared_log;
  const bool first_publication = prep->first_publication;

  // ---- what templates see: site.records
  // pages link only to pages this build has (the data pages come from plan_data)
  std::set<std::string> pages;
  for (const auto& job : site.jobs)
    if (text::ends_with(job.output, "index.html")) pages.insert(job.output.substr(0, job.output.size() - 10));
  pages.insert({"nguon-tin/", od, "thay-doi/"});
  auto page_url = [&](const std::string& dir) { return pages.count(dir) ? Value(site.url(dir)) : Value(""); };
  Value rec = Value::dict();
  Value feed_list = Value::list();
  Value feeds_by_dir = Value::dict();
  std::string feeds_date;
  {
    std::vector<FeedSpec> feed_specs = std::move(prep->feeds);
    feeds_date = newest_item_date(feed_specs);
    for (const auto& f : feed_specs) {
      Value v = feed_links(site, f.dir);
      v.set("dir", Value(f.dir));
      v.set("group", Value(f.group));
      v.set("key", Value(f.key));
      v.set("title", Value(f.feed.title));
      v.set("description", Value(f.feed.subtitle));
      v.set("home", page_url(f.dir));
      v.set("item_count", Value(static_cast<unsigned long>(f.item_count())));
      feed_list.push(v);
      feeds_by_dir.set(f.dir, v);
    }
  }
  rec.set("feeds", feed_list);
  rec.set("feed_links", feeds_by_dir);
  // each table is built (in parallel), described, and its rows dropped: write_records builds them again
  auto recipes = download_recipes(site, links, log);
  std::vector<Download> downloads(recipes.size());
  std::vector<Value> described(recipes.size());
  parallel_for(recipes.size(), site.threads, [&](std::size_t i) {
    std::size_t rows = 0;
    Download d;
    if (recipes[i].describe) {
      std::tie(d, rows) = recipes[i].describe();
    } else {
      d = recipes[i].build();
      rows = d.table.rows.size();
    }
    Value v = Value::dict();
    v.set("dir", Value(d.dir));
    v.set("group", Value(d.group));
    v.set("title", Value(d.title));
    v.set("description", Value(d.description));
    v.set("page", page_url(d.page));
    v.set("csv", Value(site.url(d.csv_path())));
    v.set("json", Value(site.url(d.json_path())));
    v.set("rows", Value(static_cast<unsigned long>(rows)));
    v.set("illustrative", Value(d.illustrative));
    v.set("date", d.date.empty() ? Value::none() : Value(d.date));
    v.set("json_ld", Value::safe(opendata::json_ld_script(dataset_json_ld(site, links, d))));
    described[i] = std::move(v);
    d.table.rows = {};
    downloads[i] = std::move(d);
  });
  Value download_list = Value::list();
  Value downloads_by_dir = Value::dict();
  for (std::size_t i = 0; i < downloads.size(); ++i) {
    download_list.push(described[i]);
    downloads_by_dir.set(downloads[i].dir, described[i]);
  }
  described.clear();
  rec.set("downloads", download_list);
  rec.set("download_links", downloads_by_dir);
  std::string root = site.permalink("");
  // a change row's link to the page that shows it (the rows of a page share
  // one value for it: a page can have thousands)
  auto page_links = std::make_shared<std::map<std::string, Value, std::less<>>>();
  for (const auto& dir : pages) page_links->emplace(dir, Value(site.url(dir)));
  const std::function<Value(const std::string&)> page_of = [page_links, root, none = Value("")](const std::string& url) {
    if (url.rfind(root, 0) != 0) return none;
    auto it = page_links->find(std::string_view(url).substr(root.size()));
    return it == page_links->end() ? none : it->second;
  };
  // corrections, additions and removals by the page that shows the figure
  // ("xep-hang/par-index/2020/"), for pages to state them with their dates
  // (each list is made whole before it goes in the dict: a list shared with
  // the dict would be copied at every row, and a page can have thousands).
  // Only these rows become template values here: a publication can add
  // hundreds of thousands of new results, listed by the changes pages a
  // page at a time.
  std::vector<ChangeRow> noted;
  for (const auto& r : log)
    if (r.kind == "correction" || r.kind == "addition" || r.kind == "removal") noted.push_back(r);
  const Value noted_rows = log_value(site, links, noted, page_of);
  noted.clear();
  std::vector<std::string> dirs;  // in order of first row
  std::map<std::string, Value> rows_of;
  for (const auto& row : noted_rows.items()) {
    std::string url = row.find("url")->as_string();
    if (url.rfind(root, 0) != 0) continue;
    std::string dir = url.substr(root.size());
    auto [it, fresh] = rows_of.try_emplace(dir, Value::list());
    if (fresh) dirs.push_back(dir);
    it->second.push(row);
  }
  Value page_changes = Value::dict();
  for (const auto& dir : dirs) page_changes.set(dir, std::move(rows_of[dir]));
  rec.set("page_changes", page_changes);
  rec.set("first_publication", Value(first_publication));
  rec.set("as_of", Value(site.as_of));
  Value files = Value::dict();
  for (const char* f : {"datapackage.json", "SHA256SUMS", "manifest.json", "thay-doi.csv", "thay-doi.json"})
    files.set(f, Value(site.url(od + f)));
  rec.set("files", files);
  site.model.set("records", rec);

  // ---- the three directory pages
  std::string changes_date = log.empty() ? "" : log.front().date;
  auto add_job = [&](const std::string& dir, const std::string& layout_name, Value page) {
    std::string layout = pick_layout(site, {layout_name}, dir + "index.html", diags);
    if (!layout.empty()) site.jobs.push_back({dir + "index.html", layout, make_context(site, page), "records"});
  };
  {
    Value page = basic_page(site, "nguon-tin/", "feeds", ui(site, "feeds_title", "Nguồn tin"),
                            ui(site, "feeds_description", "Theo dõi trang qua RSS, Atom hoặc JSON Feed."),
                            feeds_date);
    Value groups = Value::list();
    for (const char* g : {"site", "agency", "index", "plan"}) {
      Value group = Value::dict();
      group.set("id", Value(g));
      group.set("title", Value(ui(site, std::string("feeds_group_") + g, g)));
      Value list = Value::list();
      for (const auto& f : feed_list.items())
        if (f.find("group")->as_string() == g) list.push(f);
      group.set("feeds", list);
      groups.push(group);
    }
    page.set("groups", groups);
    add_job("nguon-tin/", "feeds.html", page);
  }
  {
    std::string newest;
    for (const auto& d : downloads)
      if (d.date > newest) newest = d.date;
    Value page = basic_page(site, od, "open-data", ui(site, "open_data_title", "Dữ liệu mở"),
                            ui(site, "open_data_description", "Tải số liệu dưới dạng CSV và JSON."), newest);
    Value groups = Value::list();
    for (const char* g : {"ranking", "plan", "agency", "record"}) {
      Value group = Value::dict();
      group.set("id", Value(g));
      group.set("title", Value(ui(site, std::string("open_data_group_") + g, g)));
      Value list = Value::list();
      for (const auto& d : download_list.items())
        if (d.find("group")->as_string() == g) list.push(d);
      group.set("downloads", list);
      groups.push(group);
    }
    page.set("groups", groups);
    page.set("json_ld", Value::safe(opendata::json_ld_script(catalog_json_ld(site, links, downloads))));
    add_job(od, "open-data.html", page);
  }
  {
    // the log a page of kChangesPerPage rows at a time, newest first, each
    // page's rows grouped by publication date: /thay-doi/, /thay-doi/trang-2/, ...
    // The first page is planned now; the others are lazy jobs that make
    // their rows' values when rendered, so a long log is never held as
    // template values at once.
    const std::size_t page_count = std::max<std::size_t>(1, (log.size() + kChangesPerPage - 1) / kChangesPerPage);
    auto page_dir = [](std::size_t k) {
      return k == 1 ? std::string("thay-doi/") : "thay-doi/trang-" + std::to_string(k) + "/";
    };
    // with more than one page: every publication, its number of rows and where it begins
    Value publication_index = Value::list();
    if (page_count > 1) {
      for (std::size_t i = 0; i < log.size();) {
        std::size_t j = i;
        while (j < log.size() && log[j].date == log[i].date) ++j;
        Value p = Value::dict();
        p.set("date", Value(log[i].date));
        p.set("count", Value(static_cast<unsigned long>(j - i)));
        p.set("url", Value(site.url(page_dir(i / kChangesPerPage + 1)) + "#cong-bo-" + log[i].date));
        publication_index.push(std::move(p));
        i = j;
      }
    }
    const std::string title = ui(site, "changes_title", "Thay đổi");
    const std::string description = ui(site, "changes_description", "Những gì thay đổi giữa các lần công bố.");
    const std::string page_word = ui(site, "changes_page", "Trang");
    const Site& s = site;
    auto shared_links = std::make_shared<const Links>(links);  // one copy for every page (it maps every KPI)
    auto make_page = [&s, shared_log, shared_links, page_of, page_count, page_dir, publication_index, title, description,
                      page_word, changes_date](std::size_t k) {
      const auto& rows = *shared_log;
      std::string heading = k == 1 ? title : title + " · " + page_word + " " + std::to_string(k);
      Value page = basic_page(s, page_dir(k), "changes", heading, description, changes_date);
      std::size_t begin = (k - 1) * kChangesPerPage, end = std::min(rows.size(), k * kChangesPerPage);
      const Value listed =
          log_value(s, *shared_links, std::vector<ChangeRow>(rows.begin() + begin, rows.begin() + end), page_of);
      // rows grouped by publication date, newest first (the rows of a date
      // are listed before they go in its dict: a shared list is copied at every push)
      Value publications = Value::list();
      std::string current_date;
      Value current_rows = Value::list();
      auto close = [&] {
        if (current_date.empty()) return;
        Value current = Value::dict();
        current.set("date", Value(current_date));
        current.set("rows", std::move(current_rows));
        publications.push(std::move(current));
        current_rows = Value::list();
      };
      for (const auto& row : listed.items()) {
        const std::string& date = row.find("date")->as_string();
        if (date != current_date) {
          close();
          current_date = date;
        }
        current_rows.push(row);
      }
      close();
      page.set("publications", publications);
      page.set("feed", feed_links(s, "thay-doi/"));
      page.set("pager", Value::none());  // one page: no pager, no index of publications
      page.set("publication_index", publication_index);
      if (page_count > 1) {
        Value pager = Value::dict();
        pager.set("current", Value(static_cast<unsigned long>(k)));
        pager.set("total", Value(static_cast<unsigned long>(page_count)));
        pager.set("prev", k > 1 ? Value(s.url(page_dir(k - 1))) : Value(""));
        pager.set("next", k < page_count ? Value(s.url(page_dir(k + 1))) : Value(""));
        // the first and last pages and two either side of this one
        // ({gap: false, number, url}), and {gap: true} where numbers are
        // left out (a national log has a thousand pages)
        Value numbers = Value::list();
        for (std::size_t n = 1; n <= page_count; ++n) {
          bool shown = n == 1 || n == page_count || (n + 2 >= k && n <= k + 2);
          if (!shown) {
            Value gap = Value::dict();
            gap.set("gap", Value(true));
            numbers.push(std::move(gap));
            n = n < k ? k - 3 : page_count - 1;  // on to the next number shown
            continue;
          }
          Value e = Value::dict();
          e.set("gap", Value(false));
          e.set("number", Value(static_cast<unsigned long>(n)));
          e.set("url", Value(s.url(page_dir(n))));
          numbers.push(std::move(e));
        }
        pager.set("pages", numbers);
        page.set("pager", pager);
      }
      return page;
    };
    add_job("thay-doi/", "changes.html", make_page(1));
    std::string layout = page_count > 1 ? pick_layout(site, {"changes.html"}, "thay-doi/index.html", diags) : "";
    for (std::size_t k = 2; k <= page_count && !layout.empty(); ++k) {
      Job job{page_dir(k) + "index.html", layout, Value(), "records"};
      job.page = [make_page, k] { return make_page(k); };
      site.jobs.push_back(std::move(job));
    }
  }

  // jobs planned before this step see the same site.records (pages use
  // download_links and page_changes: partials/downloads.html, corrections.html)
  for (auto& job : site.jobs)
    if (job.context.find("site")) job.context.set("site", site.model);
}

void write_records(Site& site, output::Publisher& pub, Diagnostics& diags) {
  const auto& cfg = site.config;
  Links links = make_links(site);
  const std::string od = links.open_data_dir();
  const auto kept_log = site.change_log ? site.change_log : std::make_shared<const std::vector<ChangeRow>>();
  const std::vector<ChangeRow>& log = *kept_log;
  // every page is rendered: the site value (the views of all the data) is not
  // read again, and its memory is better spent on the feeds' items. Freeing it
  // takes a while (20 ms for 10,000 news pages): on another thread, joined on return
  std::jthread dropping;
  if (worker_count(site.threads) > 1) dropping = std::jthread([model = std::move(site.model)]() mutable { model = Value(); });
  site.model = Value();
  opendata::Manifest manifest;
  auto publish = [&](const std::string& rel, const std::string& content) {
    if (pub.write(rel, content, diags, "records")) manifest.files[rel] = opendata::file_entry(content);
  };

  // ---- feeds; the newest item date of each page (an item's url, a feed's home) is its sitemap lastmod
  std::map<std::string, feeds::Newest> page_dates;  // absolute URL → its newest RFC 3339 date
  auto note_date = [&](const std::string& url, const std::string& date) { page_dates[url].offer(date); };
  // written in parallel; each slot keeps the manifest entries of its files, merged in order after
  using Entries = std::vector<std::pair<std::string, opendata::FileEntry>>;
  auto publish_to = [&](Entries& entries, const std::string& rel, const std::string& content) {
    if (pub.write(rel, content, diags, "records")) entries.emplace_back(rel, opendata::file_entry(content));
  };
  auto merge = [&](std::vector<Entries>& slots) {
    for (auto& entries : slots)
      for (auto& [rel, e] : entries) manifest.files[rel] = std::move(e);
  };
  {
    // items are shared by the feeds they are in until each feed is checked and written (then dropped) on a worker
    std::vector<FeedSpec> specs = build_shared_feeds(site, links, log);
    for (auto& spec : specs) {
      for (const auto& item : spec.shared_items) note_date(item->url, item->updated.empty() ? item->published : item->updated);
      if (spec.item_count() > 0) note_date(spec.feed.home_url, spec.updated());
    }
    std::vector<Entries> slots(specs.size());
    std::vector<Diagnostics> problems(specs.size());
    parallel_for(specs.size(), site.threads, [&](std::size_t i) {
      FeedSpec spec = std::move(specs[i]);
      spec.materialize();
      spec.feed.self_url = site.permalink(spec.dir + "feed.xml");
      for (const auto& problem : feeds::check_feed(spec.feed))
        problems[i].error(spec.dir + "feed.xml", 0, 0, "feed '" + spec.feed.title + "': " + problem);
      for (const auto& [path, content] : feed_files(site, std::move(spec))) publish_to(slots[i], path, content);
    });
    for (const auto& p : problems) diags.merge(p);
    merge(slots);
  }

  // a plan and its KPI pages date at least from the plan's issue date
  for (const auto& p : site.data.plans) {
    if (p.issued.empty()) continue;
    note_date(site.permalink(links.plan_dir(p.id)), p.issued.str());
    for (const auto& s : p.sections)
      for (const auto& k : s.kpis) note_date(site.permalink(links.kpi_dir(p.id, k.id)), p.issued.str());
  }

  // ---- downloads and datapackage.json
  opendata::DataPackage package;
  package.name = text::slugify(cfg.domain());
  package.title = "Dữ liệu mở: " + cfg.title;
  package.description = "Bảng xếp hạng, chỉ tiêu và kết quả thực hiện, số liệu từng cơ quan và nhật ký thay đổi của " +
                        cfg.title + ". Các tệp CSV mã hóa UTF-8 có BOM (đọc bằng utf-8-sig).";
  package.homepage = site.permalink(od);
  {
    auto recipes = download_recipes(site, links, log);  // each table is built, written and dropped on a worker
    std::vector<Entries> slots(recipes.size());
    std::vector<std::vector<opendata::Resource>> resources(recipes.size());
    parallel_for(recipes.size(), site.threads, [&](std::size_t i) {
      const Download d = recipes[i].build();
      std::string origin = d.csv_path();
      auto problems = opendata::check_table(d.table);
      for (const auto& p : problems) diags.error(origin, 0, 0, "download table: " + p);
      if (!problems.empty()) return;
      std::string csv = opendata::write_csv(d.table);
      std::string json = opendata::write_table_json(d.table);
      // each text is hashed once: for the manifest, its copy and datapackage.json
      const opendata::FileEntry csv_entry = opendata::file_entry(csv), json_entry = opendata::file_entry(json);
      auto publish_entry = [&](const std::string& rel, const std::string& content, const opendata::FileEntry& e) {
        if (pub.write(rel, content, diags, "records")) slots[i].emplace_back(rel, e);
      };
      publish_entry(d.csv_path(), csv, csv_entry);
      publish_entry(d.json_path(), json, json_entry);
      if (d.dir != od) {  // the copy datapackage.json describes (its paths cannot leave du-lieu/)
        publish_entry(od + d.package_path(".csv"), csv, csv_entry);
        publish_entry(od + d.package_path(".json"), json, json_entry);
      }
      std::string name = text::slugify(d.dir + d.stem);
      auto c = opendata::csv_resource(name + "-csv", d.package_path(".csv"), d.table, csv, csv_entry.sha256);
      auto j = opendata::json_resource(name + "-json", d.package_path(".json"), d.table, json, json_entry.sha256);
      for (auto* r : {&c, &j}) {
        r->title = d.title;
        r->description = d.description + (d.illustrative ? std::string(" ") + kIllustrative + "." : "");
        r->primary_key = d.primary_key;
        resources[i].push_back(std::move(*r));
      }
    });
    merge(slots);
    for (auto& rs : resources)
      for (auto& r : rs) package.resources.push_back(std::move(r));
  }
  // ---- datapackage.json, sitemap.xml and robots.txt; the manifest's source
  // hashes and published figures: independent of each other, so side by side
  auto write_package = [&] {
    for (const auto& p : opendata::check_datapackage(package)) diags.error(od + "datapackage.json", 0, 0, p);
    publish(od + "datapackage.json", opendata::write_datapackage(package));  // the only task that adds to manifest.files
  };
  const std::vector<std::string> sources = fs::list_files(cfg.root / cfg.data_dir);
  std::vector<std::optional<std::string>> source_hashes(sources.size());
  std::vector<std::string> source_errors(sources.size());
  auto write_sitemap = [&] {
    std::vector<opendata::SitemapUrl> urls;
    for (const auto& job : site.jobs) {
      const std::string& out = job.output;
      if (out == "404.html" || !text::ends_with(out, ".html")) continue;
      std::string rel = text::ends_with(out, "index.html") ? out.substr(0, out.size() - 10) : out;
      std::string url = site.permalink(rel);
      feeds::Newest lastmod;
      lastmod.offer(job.lastmod);
      if (auto it = page_dates.find(url); it != page_dates.end()) lastmod.offer(it->second.text(), it->second.when());
      urls.push_back({url, lastmod.when() ? lastmod.text() : job.lastmod});
    }
    std::vector<std::string> sitemap_urls;
    for (const auto& f : opendata::write_sitemaps(std::move(urls), site.permalink(""))) {
      pub.write(f.path, f.xml, diags, "records");
      if (f.path == "sitemap.xml") sitemap_urls.push_back(site.permalink(f.path));
    }
    opendata::RobotsOptions robots;
    robots.sitemaps = sitemap_urls;
    pub.write("robots.txt", opendata::write_robots(robots), diags, "records");
  };
  opendata::ValueList values;  // the published figures, sorted: written as they are, without a map of a million
  // the taxonomy feeds go beside them: they only need to know which feeds the
  // site's own records wrote (above), and a sitemap of 50,000 pages is 50 ms of one core
  parallel_for(5, site.threads, [&](std::size_t task) {
    if (task == 0) values = published_values(site);  // the longest first
    if (task == 1) write_sitemap();
    if (task == 2) write_taxonomy_feeds(site, pub, site.threads, diags);
    if (task == 3) write_package();
    if (task == 4)
      for (std::size_t i = 0; i < sources.size(); ++i)
        source_hashes[i] = opendata::sha256_file(cfg.root / cfg.data_dir / sources[i], &source_errors[i]);
  });

  // ---- manifest.json and SHA256SUMS
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string& rel = sources[i];
    if (source_hashes[i]) manifest.sources[cfg.data_dir + "/" + rel] = *source_hashes[i];
    else diags.error(cfg.data_dir + "/" + rel, 0, 0, "cannot hash source data file: " + source_errors[i]);
  }
  pub.write(od + "SHA256SUMS", opendata::write_sha256sums(opendata::sha256_by_path(manifest)), diags, "records");
  pub.write(od + "manifest.json", opendata::write_manifest(manifest, &values), diags, "records");
}

}  // namespace mb::site
