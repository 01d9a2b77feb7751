// Files built into the binary: the default theme ("theme/layouts/base.html")
// and the templates of `minhbach new` ("templates/news.md").
#pragma once

#include <string>
#include <vector>

namespace mb::office {

struct EmbeddedFile {
  std::string path;  ///< "theme/..." or "templates/...", '/' separated
  std::string data;
};

/// Every embedded file, sorted by path.
const std::vector<EmbeddedFile>& embedded_files();

/// The embedded file at `path`, or nullptr.
const EmbeddedFile* embedded(const std::string& path);

}  // namespace mb::office
