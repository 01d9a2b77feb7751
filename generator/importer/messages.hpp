// The clerk-facing message catalogue: English (default) and Vietnamese.
//
// One table serves both ways. Code formats a message from its English
// template with `msg()` ("no agency named '{0}'"); `localise()` later
// recognises the same template in a diagnostic and rewrites it in the chosen
// language, adding a plain-words hint on how to fix it. Messages of other
// modules (the data loader, the site config) are in the table too, so
// `check --lang vi` speaks Vietnamese without those modules knowing about
// languages. A message with no entry stays in English. The
// `path:line:col: error:` prefix is never translated (editors parse it).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.hpp"

namespace mb::importer {

enum class Lang { en, vi };

/// "en" or "vi"; nullopt otherwise.
std::optional<Lang> parse_lang(std::string_view s);

/// `templ` with {0}, {1}, ... replaced by `args`.
std::string format(std::string_view templ, const std::vector<std::string>& args);

/// The message with English template `en` in `lang`, arguments filled in.
/// Templates missing from the catalogue are used as they are.
std::string msg(Lang lang, std::string_view en, const std::vector<std::string>& args = {});

/// `message` in `lang` when it matches a catalogue template (its arguments
/// translated too when they match one: "row 7" → "dòng 7"); else unchanged.
std::string translate_message(std::string_view message, Lang lang);

/// Rewrites every diagnostic whose message (or note) matches a catalogue
/// template into `lang`, and adds the entry's hint as a last note (each
/// distinct hint once, on the first diagnostic that needs it).
void localise(std::vector<Diagnostic>& diags, Lang lang);

/// Prints diagnostics (sorted, with source lines) after localising them.
void print_diagnostics(const Diagnostics& diags, Lang lang, std::ostream& os);

/// Every catalogue entry: English template, Vietnamese template (for tests
/// and docs: every entry must have both, with the same placeholders).
struct CatalogueEntry {
  const char* en;
  const char* vi;
  const char* hint_en;  ///< may be nullptr
  const char* hint_vi;  ///< may be nullptr
};
const std::vector<CatalogueEntry>& catalogue();

/// The captured {n} arguments when `message` matches `templ`.
std::optional<std::vector<std::string>> match_template(std::string_view templ, std::string_view message);

}  // namespace mb::importer
