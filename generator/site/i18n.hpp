// UI strings of the theme and the site (`t(key)` in templates).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "base/diag.hpp"

namespace mb::site {

/// Loads `<dir>/<lang>.yaml` (a flat or nested mapping; nested keys are
/// joined with '.') into `out`, overriding existing keys. A missing file is
/// fine; a broken one is an error.
bool load_strings(const std::filesystem::path& dir, const std::string& lang, const std::string& display_prefix,
                  std::map<std::string, std::string>& out, Diagnostics& diags);

}  // namespace mb::site
