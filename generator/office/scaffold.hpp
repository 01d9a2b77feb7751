// `minhbach new`: a site skeleton and files from the templates in
// templates/ (embedded in the binary, see templates/README.md).
//
// Nothing is ever overwritten: a file that exists is an error. Dates are
// passed in (the CLI asks site::today for the site's time zone).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/diag.hpp"
#include "config/site_config.hpp"
#include "data/model.hpp"

namespace mb::office {

struct SiteOptions {
  std::string title = "Công khai kết quả cải cách hành chính";
  std::string base_url = "http://localhost:8000/";
  std::string today;  ///< "YYYY-MM-DD"
};

/// Creates a site in `dir` (absent or empty): site.yaml, content/ (home,
/// about, news with one item), data/ (an agency list, a README in each data
/// folder), and a copy of the default theme in themes/default/. `written`
/// receives the files, relative to `dir`.
bool new_site(const std::filesystem::path& dir, const SiteOptions& options, std::vector<std::string>& written,
              Diagnostics& diags);

/// content/tin-tuc/<slug>.md with `title`, dated `date` ("YYYY-MM-DD"),
/// draft. Returns the path written (relative to the site root) or "".
std::string new_news(const config::SiteConfig& cfg, const std::string& title, const std::string& date,
                     Diagnostics& diags, bool draft = true);

/// data/plans/<id>.json. `issuer` "" = the first agency of kind province or other.
std::string new_plan(const config::SiteConfig& cfg, const data::Dataset& data, const std::string& id,
                     const std::string& title, const std::string& issuer, int from, int to, const std::string& today,
                     Diagnostics& diags);

/// data/rankings/<index>/<year>.json with no entries, published `today`.
/// `scope` "" = as the index's other rankings (else an error asks for it).
std::string new_ranking(const config::SiteConfig& cfg, const data::Dataset& data, const std::string& index,
                        int year, const std::string& scope, const std::string& today, Diagnostics& diags);

/// Fills "{{name}}" placeholders (exposed for tests).
std::string fill(std::string_view templ, const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace mb::office
