// Publication record: feeds, open data, sitemap, checksums, changes (issue 6).
#include "site/views.hpp"

namespace mb::site {

void plan_records(Site& site, const std::filesystem::path& out_dir, Diagnostics& diags) {
  (void)site, (void)out_dir, (void)diags;
}

void write_records(Site& site, output::Publisher& publisher, Diagnostics& diags) {
  (void)site, (void)publisher, (void)diags;
}

}  // namespace mb::site
