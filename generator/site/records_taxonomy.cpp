// RSS feeds per section and per tag, when site.yaml asks for them:
//   feeds: {sections: true, tags: true}
// gives <section>/feed.xml (and the home page's feed.xml when the site's
// records do not publish one) and <tags_path>/<tag>/feed.xml, like Hugo's
// home, section and term feeds. Items are the section's or tag's dated pages,
// newest first, at most `feeds.taxonomy_limit` (default `feeds.limit`) of them; an item's id is its page's
// permalink (stable while the URL is).
#include <algorithm>
#include <map>

#include "base/parallel.hpp"
#include "base/text.hpp"
#include "feeds/feed.hpp"
#include "site/views.hpp"

namespace mb::site {

namespace {

struct FeedPlan {
  std::string path;  ///< output path ("tin-tuc/feed.xml")
  std::string home;  ///< site-relative folder of the page the feed belongs to ("tin-tuc/")
  std::string title;
  std::vector<std::size_t> pages;  ///< indices into the item list
};

}  // namespace

void write_taxonomy_feeds(Site& site, output::Publisher& pub, unsigned jobs, Diagnostics& diags) {
  const auto& cfg = site.config;
  if (!cfg.feeds_sections && !cfg.feeds_tags) return;
  const auto& pages = site.content.pages;

  // one item per dated regular page, built once (on every core) and shared by every feed
  std::vector<const content::Page*> of_item;
  for (const auto& p : pages)
    if (p.kind == content::PageKind::page && !p.date.empty()) of_item.push_back(&p);
  std::vector<feeds::FeedItem> items(of_item.size());
  parallel_for(items.size(), jobs, [&](std::size_t i) {
    const content::Page& p = *of_item[i];
    feeds::FeedItem& it = items[i];
    it.url = site.permalink(p.url.substr(1));
    it.id = it.url;
    it.title = p.title;
    it.summary = p.summary;
    it.published = p.date;
    it.updated = p.updated;
  });

  std::vector<FeedPlan> plans;
  if (cfg.feeds_sections) {
    // the home page's feed: every section (skipped below when the site's
    // records already publish feed.xml)
    FeedPlan home;
    home.path = "feed.xml";
    home.title = cfg.title;
    for (std::size_t i = 0; i < items.size(); ++i) home.pages.push_back(i);
    plans.push_back(std::move(home));
    std::map<std::string, FeedPlan> by_section;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto& section = of_item[i]->section;
      if (section.empty()) continue;
      auto& f = by_section[section];
      f.pages.push_back(i);
    }
    for (const auto& p : pages)
      if (p.kind == content::PageKind::section && by_section.count(p.section)) by_section[p.section].title = p.title;
    for (auto& [section, f] : by_section) {
      f.home = text::slugify(section) + "/";
      f.path = f.home + "feed.xml";
      if (f.title.empty()) f.title = section;
      f.title += " · " + cfg.title;
      plans.push_back(std::move(f));
    }
  }
  if (cfg.feeds_tags) {
    std::map<std::string, FeedPlan> by_tag;                   // slug → feed
    std::map<std::string, std::string, std::less<>> slug_of;  // a site has few tags, used by many pages
    for (std::size_t i = 0; i < items.size(); ++i)
      for (const auto& t : of_item[i]->tags) {
        auto known = slug_of.find(t);
        if (known == slug_of.end()) known = slug_of.emplace(t, text::slugify(t)).first;
        auto& f = by_tag[known->second];
        if (f.title.empty()) f.title = t;
        if (f.pages.empty() || f.pages.back() != i) f.pages.push_back(i);
      }
    for (auto& [slug, f] : by_tag) {
      f.home = cfg.tags_path + "/" + slug + "/";
      f.path = f.home + "feed.xml";
      f.title += " · " + cfg.title;
      plans.push_back(std::move(f));
    }
  }

  const auto limit = static_cast<std::size_t>(cfg.feed_taxonomy_limit > 0 ? cfg.feed_taxonomy_limit : cfg.feed_limit);
  // A page is in several feeds (home, section, each tag): sort the items
  // once, keep each feed's newest `limit`, check and write the RSS of each
  // item kept by a feed once, and put each feed together from those texts.
  // The result is byte for byte what write_rss gives.
  std::vector<std::size_t> rank(items.size());
  {
    auto order = feeds::item_order(items);
    for (std::size_t k = 0; k < order.size(); ++k) rank[order[k]] = k;
  }
  std::vector<char> kept(items.size(), 0);
  parallel_for(plans.size(), jobs, [&](std::size_t k) {
    auto& idx = plans[k].pages;
    auto by_rank = [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; };
    if (idx.size() > limit) {
      std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(limit), idx.end(), by_rank);
      idx.resize(limit);
    } else {
      std::sort(idx.begin(), idx.end(), by_rank);
    }
  });
  for (const auto& plan : plans)
    if (!pub.has(plan.path))
      for (std::size_t i : plan.pages) kept[i] = 1;
  std::vector<std::string> xml(items.size());
  std::vector<char> item_ok(items.size(), 0);
  std::vector<std::optional<feeds::DateTime>> newest(items.size());  // for each feed's lastBuildDate
  parallel_for(items.size(), jobs, [&](std::size_t i) {
    if (!kept[i]) return;
    xml[i] = feeds::rss_item(items[i]);
    item_ok[i] = feeds::check_item(items[i], 1).empty();
    newest[i] = feeds::item_newest_date(items[i]);
  });
  bool unique_ids = true;  // item ids are permalinks: unique unless two pages share a URL
  {
    std::vector<std::string_view> ids;
    ids.reserve(items.size());
    for (const auto& it : items) ids.push_back(it.id);
    std::sort(ids.begin(), ids.end());
    unique_ids = std::adjacent_find(ids.begin(), ids.end()) == ids.end();
  }
  // feeds are independent: write them in parallel, report in plan order
  std::vector<Diagnostics> local(plans.size());
  parallel_for(plans.size(), jobs, [&](std::size_t k) {
    FeedPlan& plan = plans[k];
    if (pub.has(plan.path)) return;  // the site's own records already publish this feed
    feeds::Feed f;
    f.home_url = site.permalink(plan.home);
    f.self_url = site.permalink(plan.path);
    f.id = f.self_url;
    f.title = plan.title;
    f.language = cfg.language;
    f.author_name = cfg.publisher.name.empty() ? cfg.title : cfg.publisher.name;
    f.author_email = cfg.publisher.email;
    bool fast = unique_ids && !f.author_name.empty();
    for (std::size_t i : plan.pages) fast = fast && item_ok[i];
    if (!fast) {  // a problem to report: check and write the whole feed as usual
      for (std::size_t i : plan.pages) f.items.push_back(items[i]);
      for (const auto& problem : feeds::check_feed(f)) local[k].error(plan.path, 0, 0, problem);
      pub.write(plan.path, feeds::write_rss(f), local[k], "feeds");
      return;
    }
    std::vector<const std::optional<feeds::DateTime>*> dates;
    std::vector<const std::string*> texts;
    for (std::size_t i : plan.pages) dates.push_back(&newest[i]), texts.push_back(&xml[i]);
    // every item checked fine and ids are unique: only the feed's own fields are left to check
    f.updated = feeds::newest_date(dates);
    for (const auto& problem : feeds::check_feed(f)) local[k].error(plan.path, 0, 0, problem);
    pub.write(plan.path, feeds::write_rss(f, texts), local[k], "feeds");
  });
  for (auto& d : local)
    for (auto& x : d.sorted()) diags.add(std::move(x));
}

}  // namespace mb::site
