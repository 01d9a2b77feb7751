// `minhbach template render TEMPLATE [--context CONTEXT.json] [--search DIR]...`
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "base/fs.hpp"
#include "cli/commands.hpp"
#include "tmpl/tmpl.hpp"

namespace mb::cli {

namespace {
const Command& template_command() {
  for (const auto& c : commands())
    if (std::string(c.name) == "template") return c;
  return commands().front();
}
}  // namespace

int cmd_template(const Args& args) {
  const Command& cmd = template_command();
  std::string context_path;
  std::vector<std::string> search;
  std::vector<std::string> positional;
  OptionParser parser(cmd, args);
  parser.value("context", &context_path).multi("search", &search);
  if (int rc = parser.parse(&positional); rc >= 0) return rc;
  if (positional.empty() || positional[0] != "render") return usage_error(cmd, "expected 'render TEMPLATE'");
  if (positional.size() != 2) return usage_error(cmd, "expected exactly one TEMPLATE");

  namespace stdfs = std::filesystem;
  stdfs::path tpath(positional[1]);
  Value context = Value::dict();
  if (!context_path.empty()) {
    std::string text, error;
    if (!fs::read_file(context_path, text, &error)) {
      std::cerr << context_path << ": error: cannot read context: " << error << '\n';
      return kInputError;
    }
    try {
      context = from_json(nlohmann::ordered_json::parse(text));
    } catch (const nlohmann::json::parse_error& e) {
      SourcePos p = position_of(text, e.byte > 0 ? e.byte - 1 : 0);
      std::cerr << context_path << ':' << p.line << ':' << p.col << ": error: invalid JSON: " << e.what() << '\n';
      return kInputError;
    }
    if (!context.is_dict()) {
      std::cerr << context_path << ": error: the context must be a JSON object\n";
      return kInputError;
    }
  }
  std::vector<stdfs::path> dirs;
  dirs.push_back(tpath.has_parent_path() ? tpath.parent_path() : stdfs::path("."));
  for (const auto& s : search) dirs.emplace_back(s);
  tmpl::Environment env(dirs);
  Diagnostics diags;
  std::string out;
  std::string name = tpath.filename().string();
  if (!env.has(name)) {
    std::cerr << tpath.generic_string() << ": error: template not found\n";
    return kInputError;
  }
  if (!env.render(name, context, out, diags)) {
    diags.print(std::cerr);
    return kInputError;
  }
  std::cout << out;
  std::cout.flush();
  return kOk;
}

}  // namespace mb::cli
