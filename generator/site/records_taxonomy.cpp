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

  // one item per dated regular page, built once and shared by every feed
  std::vector<feeds::FeedItem> items;
  std::vector<const content::Page*> of_item;
  for (const auto& p : pages) {
    if (p.kind != content::PageKind::page || p.date.empty()) continue;
    feeds::FeedItem it;
    it.url = site.permalink(p.url.substr(1));
    it.id = it.url;
    it.title = p.title;
    it.summary = p.summary;
    it.published = p.date;
    it.updated = p.updated;
    items.push_back(std::move(it));
    of_item.push_back(&p);
  }

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
    std::map<std::string, FeedPlan> by_tag;  // slug → feed
    for (std::size_t i = 0; i < items.size(); ++i)
      for (const auto& t : of_item[i]->tags) {
        std::string slug = text::slugify(t);
        auto& f = by_tag[slug];
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
  // feeds are independent: write them in parallel, report in plan order
  std::vector<Diagnostics> local(plans.size());
  parallel_for(plans.size(), jobs, [&](std::size_t k) {
    const FeedPlan& plan = plans[k];
    if (pub.has(plan.path)) return;  // the site's own records already publish this feed
    feeds::Feed f;
    f.home_url = site.permalink(plan.home);
    f.self_url = site.permalink(plan.path);
    f.id = f.self_url;
    f.title = plan.title;
    f.language = cfg.language;
    f.author_name = cfg.publisher.name.empty() ? cfg.title : cfg.publisher.name;
    f.author_email = cfg.publisher.email;
    std::vector<feeds::FeedItem> chosen;
    chosen.reserve(plan.pages.size());
    for (std::size_t i : plan.pages) chosen.push_back(items[i]);
    f.items = feeds::select_items(std::move(chosen), limit);
    for (const auto& problem : feeds::check_feed(f)) local[k].error(plan.path, 0, 0, problem);
    pub.write(plan.path, feeds::write_rss(f), local[k], "feeds");
  });
  for (auto& d : local)
    for (auto& x : d.sorted()) diags.add(std::move(x));
}

}  // namespace mb::site
