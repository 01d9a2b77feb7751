// Data pages: rankings, agencies, plans, KPIs (see issue 5). Filled by the
// site pages work; until then the data is loaded and validated only.
#include "site/views.hpp"

namespace mb::site {

void plan_data(Site& site, Diagnostics& diags) { (void)site; (void)diags; }

}  // namespace mb::site
