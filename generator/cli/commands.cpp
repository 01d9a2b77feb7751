#include "cli/commands.hpp"

#include <iostream>

namespace mb::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"build", "build the site into public/",
       "usage: minhbach build [--site DIR] [--out DIR] [--base-url URL] [--drafts] [--jobs N] [--quiet]\n"
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
       "  --quiet          print nothing but errors\n",
       cmd_build},
      {"check", "validate the site without writing anything",
       "usage: minhbach check [--site DIR]\n"
       "\n"
       "Loads and validates everything a build would (config, front matter, data,\n"
       "templates) and renders every page in memory; writes nothing. Prints every\n"
       "problem as path:line:col: error: message and exits 1 when there is any.\n"
       "\n"
       "options:\n"
       "  --site DIR       the site root holding site.yaml (default: .)\n"
       "  --drafts         also check drafts and future-dated pages\n",
       cmd_check},
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
  std::cout << "minhbach " << MB_VERSION << '\n';
  return kOk;
}

}  // namespace mb::cli
