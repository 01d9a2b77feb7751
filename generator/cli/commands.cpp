#include "cli/commands.hpp"

#include <cstdlib>
#include <iostream>
#include <string>

#include "cli/allocator.hpp"

namespace mb::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"build", "build the site into public/",
       "usage: minhbach build [--site DIR] [--out DIR] [--base-url URL] [--drafts] [--jobs N] [--precompress] [--quiet]\n"
       "                     [--timings]\n"
       "\n"
       "Loads the site (site.yaml, content/, data/, the theme), checks everything,\n"
       "renders every page and swaps the result into the output folder only when the\n"
       "whole build succeeded: a failed build leaves the previous output untouched.\n"
       "\n"
       "options:\n"
       "  --site DIR       the site root holding site.yaml (default: .)\n"
       "  --out DIR        output folder (default: the config's output, public/)\n"
       "  --base-url URL   override the config's base_url (e.g. http://localhost:8000/)\n"
       "  --drafts         include drafts and future-dated pages\n"
       "  --jobs N         worker threads (default: all cores)\n"
       "  --precompress    also write NAME.gz and NAME.br beside every HTML, CSS, JS, SVG,\n"
       "                   XML, JSON and CSV file (for nginx gzip_static/brotli_static)\n"
       "  --quiet          print nothing but errors\n"
       "  --timings        print each build step's wall time, CPU time and peak memory\n",
       cmd_build},
      {"check", "validate the site without writing anything",
       "usage: minhbach check [--site DIR] [--drafts] [--lang vi|en]\n"
       "\n"
       "Loads and validates everything a build would (config, front matter, data,\n"
       "templates) and renders every page in memory; writes nothing. Prints every\n"
       "problem as path:line:col: error: message and exits 1 when there is any.\n"
       "\n"
       "options:\n"
       "  --site DIR       the site root holding site.yaml (default: .)\n"
       "  --drafts         also check drafts and future-dated pages\n"
       "  --lang vi|en     messages in Vietnamese (vi) or English, with a hint on how to fix\n",
       cmd_check_lang},
      {"new", "create a site, a news item, a plan or a ranking from templates",
       "usage: minhbach new site DIR [--title TEXT] [--base-url URL]\n"
       "       minhbach new news \"TITLE\" [--site DIR] [--date YYYY-MM-DD]\n"
       "       minhbach new plan ID [--site DIR] [--title TEXT] [--issuer AGENCY] [--from YEAR --to YEAR]\n"
       "       minhbach new ranking INDEX YEAR [--site DIR] [--scope provinces|departments|communes]\n"
       "\n"
       "new site      creates DIR with site.yaml, a home page, one news item, data/ with an\n"
       "              agency list and a README in each data folder saying what goes where,\n"
       "              and a copy of the default theme in themes/default/; it builds at once.\n"
       "new news      writes content/tin-tuc/<slug>.md (slug from the title), dated today,\n"
       "              marked draft: true until you remove that line.\n"
       "new plan      writes data/plans/ID.json: a plan with one section and one KPI to fill in.\n"
       "new ranking   writes data/rankings/INDEX/YEAR.json with no entries, published today\n"
       "              (add the entries with `minhbach import ranking`).\n"
       "Existing files are never overwritten. Today is the date in the site's time zone.\n"
       "\n"
       "options:\n"
       "  --site DIR       the site root holding site.yaml (default: .)\n"
       "  --title TEXT     site or plan title\n"
       "  --base-url URL   the new site's address (default: http://localhost:8000/)\n"
       "  --date DATE      the news item's date instead of today\n"
       "  --issuer ID      the agency issuing the plan (default: the first province-level agency)\n"
       "  --from YEAR, --to YEAR   the plan's period (default: this year)\n"
       "  --scope SCOPE    what the ranking ranks (default: as the index's other rankings)\n"
       "  --lang vi|en     language of the messages (default: en)\n",
       cmd_new},
      {"import", "turn an Excel (.xlsx) or CSV table into ranking or KPI result data",
       "usage: minhbach import ranking FILE --index ID --year YEAR [options]\n"
       "       minhbach import results FILE --plan ID [--year YEAR | --period PERIOD] [options]\n"
       "\n"
       "Reads FILE (.xlsx, or CSV in UTF-8, UTF-8 with BOM or UTF-16 as Excel's \"Unicode\n"
       "text\" writes, separated by commas, semicolons or tabs) and writes\n"
       "data/rankings/ID/YEAR.json or data/results/ID.json. The header row names the\n"
       "columns: for a ranking \"Đơn vị\", \"Điểm\", \"Xếp hạng\", \"Nhóm\", \"Ghi chú\" and the\n"
       "index's component names; for results \"Mã chỉ tiêu\" (or \"Chỉ tiêu\"), \"Đơn vị\",\n"
       "\"Kỳ báo cáo\", \"Kết quả\", \"Ngày báo cáo\", \"Nguồn\", \"Ghi chú\". Agency names match\n"
       "the agencies' name, short_name and aliases ignoring case, spacing, diacritic form\n"
       "and words such as \"UBND\", \"xã\", \"phường\", \"Sở\"; a name that matches no agency\n"
       "is reported with the three closest, never guessed. Numbers may use a decimal\n"
       "comma (88,5) and a percent sign. A ranking replaces the year's ranking; results\n"
       "are added to the plan's results (same KPI, agency and period: replaced). The new\n"
       "file is checked with the rest of data/ before anything is written; on any error\n"
       "nothing is written.\n"
       "Prints what is added, changed (old → new) and removed.\n"
       "\n"
       "options:\n"
       "  --site DIR       the site root holding site.yaml (default: .)\n"
       "  --dry-run        show what would change; write nothing\n"
       "  --sheet NAME     the .xlsx sheet to read (default: the first)\n"
       "  --encoding NAME  a CSV file's encoding when it is not UTF-8/UTF-16 (e.g. windows-1258)\n"
       "  --index ID       ranking: the index (data/indices/ID.json)\n"
       "  --year YEAR      ranking: the year; results: the period of rows without one\n"
       "  --scope SCOPE    ranking: provinces, departments or communes (default: as before)\n"
       "  --published DATE ranking: the publication date of the results\n"
       "  --source TEXT    the source document (ranking) or of rows without one (results)\n"
       "  --plan ID        results: the plan (data/plans/ID.json)\n"
       "  --period PERIOD  results: the period of rows without one (2026, 2026-Q1, Quý I/2026)\n"
       "  --reported DATE  results: the report date of rows without one\n"
       "  --replace        results: also remove the results of the periods and agencies in the\n"
       "                   table that the table leaves out\n"
       "  --lang vi|en     language of the messages (default: en)\n",
       cmd_import},
      {"publish", "check, build and copy what changed to the deployment folder",
       "usage: minhbach publish --to DIR [--site DIR] [--out DIR] [--base-url URL] [--force] [--verbose] [--lang vi|en]\n"
       "\n"
       "Checks everything (config, content, data, templates), builds into the output\n"
       "folder (public/), checks every internal link of the built pages, then updates\n"
       "DIR: files that did not change keep their inode and modification time, changed\n"
       "and new files are copied, files no longer built are removed. The new publication\n"
       "is assembled beside DIR and swapped in with one atomic rename, so DIR always\n"
       "holds a complete publication: the previous one until the new one is complete,\n"
       "also when publishing is interrupted. Prints what was added, changed and removed,\n"
       "and what the published figures gained since the deployed publication (new\n"
       "rankings and results, corrections old → new), for the record. On any error DIR\n"
       "is left as it was.\n"
       "\n"
       "options:\n"
       "  --to DIR         the deployment folder (for example the web server's folder)\n"
       "  --site DIR       the site root holding site.yaml (default: .)\n"
       "  --out DIR        the build folder (default: the config's output, public/)\n"
       "  --base-url URL   override the config's base_url\n"
       "  --force          allow a DIR that holds files minhbach did not write\n"
       "  --verbose        list every file and figure (default: at most 20 of each kind)\n"
       "  --lang vi|en     language of the messages (default: en)\n",
       cmd_publish},
      {"serve", "build, serve and rebuild on change, with live reload (preview)",
       "usage: minhbach serve [--site DIR] [--port 1313] [--bind 127.0.0.1] [--drafts] [--jobs N] [--quiet]\n"
       "\n"
       "Builds the site into a private folder and serves it over HTTP for previewing.\n"
       "Watches content/, data/, themes/, layouts/, static/, i18n/ and site.yaml, rebuilds\n"
       "on every change and reloads open pages. A rebuild parses again only the Markdown\n"
       "files that changed, renders the pages open in a browser first and reloads them\n"
       "at once, then renders and writes the rest. A failed build is shown in the browser\n"
       "(path:line:col) while the last good build stays online. Nothing is written to\n"
       "the site's own output folder. Stop with Ctrl-C.\n"
       "\n"
       "options:\n"
       "  --site DIR       the site root holding site.yaml (default: .)\n"
       "  --port N         TCP port (default: 1313; 0: any free port, printed at start)\n"
       "  --bind ADDR      address to listen on (default: 127.0.0.1, this machine only)\n"
       "  --drafts         include drafts and future-dated pages\n"
       "  --jobs N         worker threads (default: all cores)\n"
       "  --quiet          print nothing but errors and the address\n",
       cmd_serve},
      {"template", "render one template (for theme authors and conformance tests)",
       "usage: minhbach template render TEMPLATE --context CONTEXT.json [--search DIR]...\n"
       "\n"
       "Renders TEMPLATE with the JSON object in CONTEXT.json and prints the result to\n"
       "stdout. include/extends/import resolve in the template's folder, then in each\n"
       "--search folder in order. Auto-escaping is on for .html and .xml templates.\n"
       "Exits 1 with path:line:col: error: message on any error.\n",
       cmd_template},
      {"version", "print the version", "usage: minhbach version\n", cmd_version},
  };
  return table;
}

namespace {
void print_main_help(std::ostream& os) {
  os << "minhbach — static site generator for public transparency publishing\n\n"
        "usage: minhbach <command> [options]\n\ncommands:\n";
  for (const auto& c : commands()) {
    std::string name = c.name;
    name.resize(10, ' ');
    os << "  " << name << c.summary << '\n';
  }
  os << "\nRun `minhbach <command> --help` for a command's options.\n";
}
}  // namespace

int dispatch(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args.size() >= 2) {
      for (const auto& c : commands())
        if (args[1] == c.name) {
          std::cout << c.help;
          return kOk;
        }
    }
    print_main_help(args.empty() ? std::cerr : std::cout);
    return args.empty() ? kUsageError : kOk;
  }
  if (args[0] == "--version") return cmd_version({});
  for (const auto& c : commands()) {
    if (args[0] == c.name) return c.run(Args(args.begin() + 1, args.end()));
  }
  std::cerr << "minhbach: unknown command '" << args[0] << "'\n";
  print_main_help(std::cerr);
  return kUsageError;
}

OptionParser::OptionParser(const Command& cmd, const Args& args) : cmd_(cmd), args_(args) {}

OptionParser& OptionParser::value(const std::string& name, std::string* out) {
  specs_.push_back({name, out, nullptr, nullptr});
  return *this;
}
OptionParser& OptionParser::multi(const std::string& name, std::vector<std::string>* out) {
  specs_.push_back({name, nullptr, out, nullptr});
  return *this;
}
OptionParser& OptionParser::flag(const std::string& name, bool* out) {
  specs_.push_back({name, nullptr, nullptr, out});
  return *this;
}

int OptionParser::parse(std::vector<std::string>* positional) {
  for (std::size_t i = 0; i < args_.size(); ++i) {
    const std::string& a = args_[i];
    if (a == "--help" || a == "-h") {
      std::cout << cmd_.help;
      return kOk;
    }
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string name = a.substr(2), val;
      bool has_eq = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        val = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_eq = true;
      }
      const Spec* spec = nullptr;
      for (const auto& s : specs_)
        if (s.name == name) spec = &s;
      if (!spec) return usage_error(cmd_, "unknown option '--" + name + "'");
      if (spec->flag) {
        if (has_eq) return usage_error(cmd_, "option '--" + name + "' takes no value");
        *spec->flag = true;
        continue;
      }
      if (!has_eq) {
        if (i + 1 >= args_.size()) return usage_error(cmd_, "option '--" + name + "' needs a value");
        val = args_[++i];
      }
      if (spec->value) *spec->value = val;
      else spec->multi->push_back(val);
      continue;
    }
    if (!positional) return usage_error(cmd_, "unexpected argument '" + a + "'");
    positional->push_back(a);
  }
  return -1;
}

int usage_error(const Command& cmd, const std::string& message) {
  std::cerr << "minhbach " << cmd.name << ": " << message << "\n\n" << cmd.help;
  return kUsageError;
}


int cmd_version(const Args&) {
  std::cout << "minhbach " << MB_VERSION << " (" << allocator_name() << ")\n";
  return kOk;
}

}  // namespace mb::cli
