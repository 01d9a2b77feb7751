// Updating the deployment folder through output::Publisher.
#include <algorithm>
#include <set>

#include "base/fs.hpp"
#include "office/publish.hpp"
#include "output/publisher.hpp"

namespace mb::office {

namespace stdfs = std::filesystem;

namespace {

bool same_bytes(const stdfs::path& a, const stdfs::path& b) {
  std::error_code ec;
  if (stdfs::file_size(a, ec) != stdfs::file_size(b, ec) || ec) return false;
  std::string x, y;
  return fs::read_file(a, x) && fs::read_file(b, y) && x == y;
}

std::optional<opendata::Manifest> manifest_in(const stdfs::path& dir) {
  std::string text;
  if (!fs::read_file(dir / "du-lieu" / "manifest.json", text)) return std::nullopt;
  return opendata::parse_manifest(text);
}

}  // namespace

bool deploy(const stdfs::path& from, const stdfs::path& to, const stdfs::path& site_root, bool force,
            DeployReport& report, Diagnostics& diags, const std::function<void(std::size_t)>& progress) {
  std::error_code ec;
  if (stdfs::weakly_canonical(stdfs::absolute(from), ec) == stdfs::weakly_canonical(stdfs::absolute(to), ec)) {
    diags.error(to.string(), 0, 0, "refusing to use this output folder: it is the build folder itself");
    return false;
  }
  if (!output::check_output_dir(to, site_root, force, diags)) return false;
  std::vector<std::string> now = fs::list_files(from), before = fs::list_files(to);
  std::set<std::string> now_set(now.begin(), now.end());
  for (const auto& rel : now) {
    if (!std::binary_search(before.begin(), before.end(), rel)) report.added.push_back(rel);
    else if (!same_bytes(from / rel, to / rel)) report.changed.push_back(rel);
    else ++report.unchanged;
  }
  for (const auto& rel : before)
    if (!now_set.count(rel)) report.removed.push_back(rel);
  report.files = now.size();
  auto m_new = manifest_in(from), m_old = manifest_in(to);
  if (m_new) report.figures = site::records::changes_between(m_old ? &m_old->values : nullptr, m_new->values, "");

  output::Publisher pub(to);
  if (!pub.begin(diags)) return false;
  std::size_t placed = 0;
  for (const auto& rel : now) {
    if (!pub.copy(rel, from / rel, diags, rel)) return false;
    if (progress) progress(++placed);
  }
  return pub.commit(diags);
}

}  // namespace mb::office
