// Helpers shared by the commands of the communications office's workflow
// (new, import, publish, check --lang): languages and failure summaries.
#pragma once

#include <iostream>
#include <string>

#include "base/diag.hpp"
#include "cli/commands.hpp"
#include "importer/messages.hpp"

namespace mb::cli::clerk {

/// The table entry of `name`.
const Command& command(const char* name);

/// Parses the --lang value ("" = en). Returns -1, or the usage-error exit code.
int parse_lang(const Command& cmd, const std::string& value, importer::Lang& lang);

/// Prints `diags` localised, then "minhbach CMD: N errors; nothing was written".
int fail(const Command& cmd, const Diagnostics& diags, importer::Lang lang, bool nothing_written = true);

}  // namespace mb::cli::clerk
