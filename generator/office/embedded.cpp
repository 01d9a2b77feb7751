#include "office/embedded.hpp"

namespace mb::office {

const EmbeddedFile* embedded(const std::string& path) {
  for (const auto& f : embedded_files())
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace mb::office
