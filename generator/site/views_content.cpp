#include <algorithm>
#include <map>
#include <cstdint>
#include <optional>
#include <utility>

#include "base/parallel.hpp"
#include "base/text.hpp"
#include "feeds/datetime.hpp"
#include "site/views.hpp"
#include "tmpl/tmpl.hpp"

namespace mb::site {

namespace {

Value string_list(const std::vector<std::string>& v) {
  Value out = Value::list();
  out.reserve(v.size());
  for (const auto& s : v) out.push(Value(s));
  return out;
}

const char* kind_name(content::PageKind k) {
  switch (k) {
    case content::PageKind::home: return "home";
    case content::PageKind::section: return "section";
    case content::PageKind::page: return "page";
  }
  return "page";
}

// News order: newest first (dates compared as instants, `ta` and `tb`
// worked out once per page; undated last), then weight, then title, then
// source path.
using PageInstant = std::optional<std::pair<std::int64_t, int>>;  // seconds since 1970, nanoseconds
PageInstant instant_of(const std::string& date) {
  auto t = feeds::parse_datetime(date);
  if (!t) return std::nullopt;
  return std::make_pair(t->epoch_seconds(), t->nanos);
}
bool page_before(const content::Page* a, const PageInstant& ta, const content::Page* b, const PageInstant& tb) {
  if (ta || tb) {
    if (!ta || !tb) return static_cast<bool>(ta);
    if (*ta != *tb) return *ta > *tb;
  }
  if (a->weight != b->weight) return a->weight < b->weight;
  if (int c = text::vi_compare(a->title, b->title); c != 0) return c < 0;
  return a->source < b->source;
}

}  // namespace

namespace {
Value tag_entry(const Site& site, const std::string& name) {
  Value e = Value::dict();
  e.reserve(2);
  e.set("name", Value(name));
  e.set("url", Value(site.url(site.config.tags_path + "/" + text::slugify(name) + "/")));
  return e;
}
}  // namespace

TagEntries tag_entries(const Site& site, const std::vector<content::Page>& pages) {
  TagEntries out;
  for (const auto& p : pages)
    for (const auto& t : p.tags)
      if (auto [it, added] = out.try_emplace(t); added) it->second = tag_entry(site, t);
  return out;
}

Value page_view(const Site& site, const content::Page& p, const TagEntries* tag_values) {
  // one view per page, all alive while the lists are planned: sized once,
  // and the texts that appear twice (summary and description, date and
  // updated) share their storage
  Value v = Value::dict();
  v.reserve(20);  // the 19 keys below, and "pages" on section and home pages
  // the page's own texts are borrowed, not copied: the pages outlive their views
  const Value date = p.date.empty() ? Value::none() : Value::borrowed(p.date);
  const Value summary = Value::borrowed(p.summary);
  v.set("title", Value::borrowed(p.title));
  // three kinds: their names are shared by every view (values never change once made)
  static const Value kinds[] = {Value(kind_name(content::PageKind::home)), Value(kind_name(content::PageKind::section)),
                                Value(kind_name(content::PageKind::page))};
  v.set("kind", kinds[p.kind == content::PageKind::home ? 0 : p.kind == content::PageKind::section ? 1 : 2]);
  v.set("section", Value::borrowed(p.section));
  const std::string_view path = std::string_view(p.url).substr(p.url.empty() ? 0 : 1);
  v.set("url", Value(site.url(path)));
  v.set("permalink", Value(site.permalink(path)));
  v.set("date", date);
  v.set("updated", p.updated.empty() ? date : Value::borrowed(p.updated));
  v.set("summary", summary);
  v.set("description", p.summary.empty() ? Value(site.config.description) : summary);
  v.set("content", Value::safe(p.html));
  Value toc = Value::list();
  toc.reserve(p.rendered.toc.size());
  for (const auto& h : p.rendered.toc) {
    Value e = Value::dict();
    e.reserve(3);
    e.set("level", Value(h.level));
    e.set("id", Value(h.id));
    e.set("text", Value(h.text));
    toc.push(std::move(e));
  }
  v.set("toc", std::move(toc));
  Value tags = Value::list();
  tags.reserve(p.tags.size());
  for (const auto& t : p.tags) {
    auto shared = tag_values ? tag_values->find(t) : TagEntries::const_iterator();
    tags.push(tag_values && shared != tag_values->end() ? shared->second : tag_entry(site, t));
  }
  v.set("tags", std::move(tags));
  v.set("agencies", string_list(p.agencies));
  v.set("weight", Value(static_cast<long long>(p.weight)));
  v.set("draft", Value(p.draft));
  v.set("params", from_json(p.params));
  v.set("word_count", Value(static_cast<unsigned long>(p.rendered.word_count)));
  v.set("reading_minutes", Value(static_cast<unsigned long>(std::max<std::size_t>(1, (p.rendered.word_count + 199) / 200))));
  v.set("source", Value::borrowed(p.display));
  return v;
}

std::string pick_layout(const Site& site, const std::vector<std::string>& candidates, const std::string& origin,
                        Diagnostics& diags) {
  for (const auto& c : candidates)
    if (!c.empty() && site.templates->has(c)) return c;
  std::string list;
  for (const auto& c : candidates) {
    if (c.empty()) continue;
    if (!list.empty()) list += ", ";
    list += c;
  }
  diags.error(origin, 0, 0, "no layout found; looked for " + list + " in layouts/ and the theme");
  return {};
}

Value make_context(const Site& site, const Value& page) {
  Value ctx = Value::dict();
  ctx.set("site", site.model);
  ctx.set("page", page);
  return ctx;
}

Value job_context(const Site& site, const Job& job) {
  return job.page ? make_context(site, job.page()) : job.context;
}

namespace {

// The sitemap dates of content pages: what records::job_lastmod would find in
// a page's view, worked out from the pages themselves, each date parsed once
// (a list page of 10,000 pages would otherwise look up and parse 20,000 dates
// of its views while it is rendered).
class ContentDates {
 public:
  ContentDates(const std::vector<content::Page>& pages, unsigned threads) : newest_(pages.size()) {
    // a page as a list item: the newest of its view's "updated" (updated, or date) and "date"
    parallel_for(pages.size(), threads, [&](std::size_t i) {
      const auto& p = pages[i];
      newest_[i].offer(p.updated.empty() ? p.date : p.updated);
      newest_[i].offer(p.date);
    });
  }
  /// A page's own date (its view's "updated", then "date"), else the newest of the listed pages'.
  std::string of(const content::Page* own, const std::vector<std::size_t>& listed) const {
    if (own) {
      const std::string& updated = own->updated.empty() ? own->date : own->updated;
      if (feeds::parse_datetime(updated)) return updated;
      if (feeds::parse_datetime(own->date)) return own->date;
    }
    feeds::Newest n;
    for (std::size_t i : listed) n.offer(newest_[i].text(), newest_[i].when());
    return n.text();
  }

 private:
  std::vector<feeds::Newest> newest_;
};

}  // namespace

void plan_content(Site& site, Diagnostics& diags) {
  auto& pages = site.content.pages;
  std::vector<Value> views(pages.size());
  const TagEntries tag_values = tag_entries(site, pages);
  parallel_for(pages.size(), site.threads, [&](std::size_t i) { views[i] = page_view(site, pages[i], &tag_values); });
  const ContentDates dates(pages, site.threads);

  // regular pages by section, newest first
  std::map<std::string, std::vector<std::size_t>> by_section;
  std::vector<std::size_t> regular;
  for (std::size_t i = 0; i < pages.size(); ++i)
    if (pages[i].kind == content::PageKind::page) regular.push_back(i);
  std::vector<PageInstant> when(pages.size());
  parallel_for(regular.size(), site.threads, [&](std::size_t k) { when[regular[k]] = instant_of(pages[regular[k]].date); });
  auto order = [&](std::vector<std::size_t>& v) {
    std::sort(v.begin(), v.end(),
              [&](std::size_t a, std::size_t b) { return page_before(&pages[a], when[a], &pages[b], when[b]); });
  };
  order(regular);
  for (std::size_t i : regular) by_section[pages[i].section].push_back(i);
  auto list_of = [&](const std::vector<std::size_t>& idx) {
    Value l = Value::list();
    l.reserve(idx.size());
    for (std::size_t i : idx) l.push(views[i]);
    return l;
  };

  // sections: every folder with an _index.md, plus folders without one
  std::map<std::string, Value> sections;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (pages[i].kind != content::PageKind::section) continue;
    Value v = views[i];
    v.set("pages", list_of(by_section[pages[i].section]));
    sections[pages[i].section] = v;
  }
  // tags
  std::map<std::string, std::pair<std::string, std::vector<std::size_t>>> tags;  // slug → (name, pages)
  std::map<std::string, std::string, std::less<>> slug_of;  // a site has few tags, used by many pages
  for (std::size_t i : regular)
    for (const auto& t : pages[i].tags) {
      auto known = slug_of.find(t);
      if (known == slug_of.end()) known = slug_of.emplace(t, text::slugify(t)).first;
      auto& e = tags[known->second];
      if (e.first.empty()) e.first = t;
      e.second.push_back(i);
    }

  Value sections_v = Value::dict();
  for (auto& [name, v] : sections) sections_v.set(name, v);
  site.model.set("sections", sections_v);
  site.model.set("pages", list_of(regular));
  Value tag_list = Value::list();
  for (auto& [slug, e] : tags) {
    Value t = Value::dict();
    t.set("name", Value(e.first));
    t.set("slug", Value(slug));
    t.set("url", Value(site.url(site.config.tags_path + "/" + slug + "/")));
    t.set("count", Value(static_cast<unsigned long>(e.second.size())));
    tag_list.push(std::move(t));
  }
  site.model.set("tags", tag_list);

  // jobs, one per page, worked out on every core (a list's context and its
  // sitemap date go through all its pages), then added in page order
  std::vector<std::optional<Job>> content_jobs(pages.size());
  parallel_for(pages.size(), site.threads, [&](std::size_t i) {
    const auto& p = pages[i];
    Value page = views[i];
    std::vector<std::string> candidates;
    if (!p.layout.empty()) candidates.push_back(p.layout + ".html");
    static const std::vector<std::size_t> none;
    const std::vector<std::size_t>* listed = &none;  // the pages its sitemap date comes from
    switch (p.kind) {
      case content::PageKind::home:
        page.set("pages", list_of(regular));
        candidates.insert(candidates.end(), {"index.html", "_default/home.html", "_default/list.html"});
        listed = &regular;
        break;
      case content::PageKind::section: {
        if (auto it = sections.find(p.section); it != sections.end()) page = it->second;
        candidates.insert(candidates.end(), {p.section + "/list.html", "_default/list.html"});
        if (auto it = by_section.find(p.section); it != by_section.end()) listed = &it->second;
        break;
      }
      case content::PageKind::page:
        candidates.insert(candidates.end(), {p.section + "/single.html", "_default/single.html"});
        break;
    }
    std::string layout = pick_layout(site, candidates, p.display, diags);
    if (layout.empty()) return;
    content_jobs[i] = Job{p.output, std::move(layout), make_context(site, page), p.display};
    content_jobs[i]->lastmod = dates.of(&p, *listed);
  });
  site.jobs.reserve(site.jobs.size() + pages.size() + by_section.size() + tags.size() + 2);
  for (auto& job : content_jobs)
    if (job) site.jobs.push_back(std::move(*job));
  content_jobs.clear();
  // sections that have pages but no _index.md still get a list page
  for (auto& [name, idx] : by_section) {
    if (name.empty() || sections.count(name)) continue;
    Value page = Value::dict();
    page.set("title", Value(name));
    page.set("kind", Value("section"));
    page.set("section", Value(name));
    page.set("url", Value(site.url(text::slugify(name) + "/")));
    page.set("permalink", Value(site.permalink(text::slugify(name) + "/")));
    page.set("summary", Value(""));
    page.set("description", Value(site.config.description));
    page.set("content", Value::safe(""));
    page.set("pages", list_of(idx));
    std::string layout = pick_layout(site, {name + "/list.html", "_default/list.html"}, "content/" + name, diags);
    if (layout.empty()) continue;
    site.jobs.push_back({text::slugify(name) + "/index.html", layout, make_context(site, page), "content/" + name});
    site.jobs.back().lastmod = dates.of(nullptr, idx);
  }
  // tag pages
  if (!tags.empty()) {
    std::string terms_layout =
        pick_layout(site, {"taxonomy/terms.html", "_default/terms.html", "_default/list.html"}, "tags", diags);
    std::string term_layout =
        pick_layout(site, {"taxonomy/term.html", "_default/term.html", "_default/list.html"}, "tags", diags);
    Value terms = Value::dict();
    terms.set("title", Value(site.strings.count("tags") ? site.strings.at("tags") : std::string("Chủ đề")));
    terms.set("kind", Value("terms"));
    terms.set("url", Value(site.url(site.config.tags_path + "/")));
    terms.set("permalink", Value(site.permalink(site.config.tags_path + "/")));
    terms.set("summary", Value(""));
    terms.set("description", Value(site.config.description));
    terms.set("content", Value::safe(""));
    terms.set("terms", tag_list);
    terms.set("pages", Value::list());
    if (!terms_layout.empty())
      site.jobs.push_back({site.config.tags_path + "/index.html", terms_layout, make_context(site, terms), "tags"});
    for (auto& [slug, e] : tags) {
      Value page = Value::dict();
      page.set("title", Value(e.first));
      page.set("kind", Value("term"));
      page.set("url", Value(site.url(site.config.tags_path + "/" + slug + "/")));
      page.set("permalink", Value(site.permalink(site.config.tags_path + "/" + slug + "/")));
      page.set("summary", Value(""));
      page.set("description", Value(site.config.description));
      page.set("content", Value::safe(""));
      page.set("pages", list_of(e.second));
      if (term_layout.empty()) continue;
      site.jobs.push_back(
          {site.config.tags_path + "/" + slug + "/index.html", term_layout, make_context(site, page), "tags"});
      site.jobs.back().lastmod = dates.of(nullptr, e.second);
    }
  }
  // 404
  if (site.templates->has("404.html")) {
    Value page = Value::dict();
    page.set("title", Value(site.strings.count("not_found") ? site.strings.at("not_found") : std::string("404")));
    page.set("kind", Value("404"));
    page.set("url", Value(site.url("404.html")));
    page.set("permalink", Value(site.permalink("404.html")));
    page.set("summary", Value(""));
    page.set("description", Value(site.config.description));
    page.set("content", Value::safe(""));
    site.jobs.push_back({"404.html", "404.html", make_context(site, page), "404"});
  }
}

}  // namespace mb::site
