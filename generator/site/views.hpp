// Views: pure functions from the loaded model to the values templates see.
#pragma once

#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "content/page.hpp"
#include "site/site.hpp"
#include "value/value.hpp"

namespace mb::site {

/// Each tag's entry in page views ({name, url}), by tag name: shared by every
/// page with that tag, not made again for each.
using TagEntries = std::unordered_map<std::string_view, Value>;
/// The tag entries of `pages`' tags (the map's keys point into `pages`).
TagEntries tag_entries(const Site& site, const std::vector<content::Page>& pages);

/// The template view of a content page (title, url, content, toc, ...).
/// With `tags` (tag_entries of the pages), its tags' entries are shared. The
/// view borrows the page's texts (Value::borrowed): `page` must stay where it
/// is, unchanged, while the view is read.
Value page_view(const Site& site, const content::Page& page, const TagEntries* tags = nullptr);

/// Adds the content pages, sections and tag pages to `site.model` and their
/// jobs to `site.jobs`.
void plan_content(Site& site, Diagnostics& diags);

/// Adds the data pages (rankings, agencies, plans, KPIs, search, open data
/// directory) to `site.model` and their jobs to `site.jobs`.
void plan_data(Site& site, Diagnostics& diags);

namespace records {
struct Prepared;
}

/// Publication record, the part that reads only the content and the data
/// (not the jobs): the change log against the previous publication's
/// manifest in the output folder, and how many items each feed has. It only
/// reads `site`, so it can run on another thread while plan_data runs.
std::shared_ptr<records::Prepared> prepare_records(const Site& site, const std::filesystem::path& out_dir);

/// Publication record, before rendering: adds site.records and the jobs of
/// the feeds directory, open-data directory and changes pages.
void plan_records(Site& site, std::shared_ptr<records::Prepared> prepared, Diagnostics& diags);

/// Publication record, after rendering: writes feeds (RSS, Atom, JSON Feed),
/// open-data downloads (CSV, JSON, datapackage.json), sitemap.xml,
/// robots.txt, du-lieu/SHA256SUMS, du-lieu/manifest.json and the taxonomy
/// feeds (write_taxonomy_feeds). Pages must all be
/// rendered: it releases `site.model` once it has read the change log.
void write_records(Site& site, output::Publisher& publisher, Diagnostics& diags);
/// The home, section and tag RSS feeds of the content pages (records_taxonomy.cpp);
/// write_records calls it once the site's own feeds are written.
void write_taxonomy_feeds(Site& site, output::Publisher& pub, unsigned jobs, Diagnostics& diags);

/// The first template of `candidates` that exists, or "" (error added).
std::string pick_layout(const Site& site, const std::vector<std::string>& candidates, const std::string& origin,
                        Diagnostics& diags);

/// {"site": site.model, "page": page} plus extra entries.
Value make_context(const Site& site, const Value& page);

/// The context `job` renders with: job.context, or for a lazy job (job.page)
/// make_context(site, job.page()), built now.
Value job_context(const Site& site, const Job& job);

}  // namespace mb::site
