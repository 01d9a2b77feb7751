// The text a clerk reads after `import`: what the import adds, changes
// (old → new) and removes, in English or Vietnamese.
#pragma once

#include <string>

#include "importer/import.hpp"
#include "importer/messages.hpp"

namespace mb::importer {

/// The preview of `plan` read from `table`. `wrote`: the file was written
/// (else it is a dry run).
std::string format_preview(const ImportPlan& plan, const Table& table, Lang lang, bool wrote);

}  // namespace mb::importer
