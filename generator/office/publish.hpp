// `minhbach publish`: after a successful build, check every internal link
// of the built pages, then update the deployment folder with what changed.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/diag.hpp"
#include "site/records.hpp"

namespace mb::office {

/// Checks every href/src of every .html file under `out_dir` (libxml2's
/// HTML parser) that points inside the site: root-relative paths under the
/// base URL's path, relative paths, and absolute URLs under `base_url`.
/// "/a/b/" needs a/b/index.html. External links, mailto:, tel:, data: and
/// fragments of the same page are not checked. Each broken link is an error
/// `<display_prefix><page>:line: broken link <href>`.
bool check_links(const std::filesystem::path& out_dir, const std::string& display_prefix, const std::string& base_url,
                 Diagnostics& diags);

struct DeployReport {
  std::vector<std::string> added, changed, removed;  ///< paths relative to the deployment folder, sorted
  std::size_t unchanged = 0;
  std::size_t files = 0;                          ///< files in the new publication
  /// What the published figures gained or lost since the deployed
  /// publication: new rankings and results, corrections (old → new), from
  /// the two du-lieu/manifest.json (site::records::changes_between). Empty when the
  /// build has no manifest.
  std::vector<site::records::ChangeRow> figures;
};

/// Makes `to` a copy of `from`: the new publication is assembled beside `to`
/// by output::Publisher, unchanged files hard-linked from the current
/// publication (inode and modification time kept), changed and new files
/// copied, and swapped in with one atomic rename. Until that rename `to`
/// stays the previous complete publication, also when the process is killed.
/// `to` must be absent, empty, or a folder minhbach published (unless
/// `force`), and not the site or a folder containing it. `progress` is called
/// after each file with the number placed so far.
bool deploy(const std::filesystem::path& from, const std::filesystem::path& to, const std::filesystem::path& site_root,
            bool force, DeployReport& report, Diagnostics& diags,
            const std::function<void(std::size_t)>& progress = {});

}  // namespace mb::office
