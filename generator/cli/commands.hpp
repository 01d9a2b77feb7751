// Subcommand table of the minhbach CLI. Exit codes: 0 success, 1 input
// errors, 2 usage errors.
#pragma once

#include <string>
#include <vector>

namespace mb::cli {

inline constexpr int kOk = 0;
inline constexpr int kInputError = 1;
inline constexpr int kUsageError = 2;

using Args = std::vector<std::string>;

struct Command {
  const char* name;
  const char* summary;
  const char* help;  ///< full --help text (usage, options)
  int (*run)(const Args& args);
};

/// All subcommands, in the order `minhbach --help` lists them.
const std::vector<Command>& commands();

/// Runs `minhbach ARGS...`.
int dispatch(const Args& args);

/// Option parsing shared by every subcommand: `--name VALUE`, `--name=VALUE`
/// and flags. Unknown options are usage errors.
class OptionParser {
 public:
  OptionParser(const Command& cmd, const Args& args);
  /// Declares a value option; returns its value or `fallback` when absent.
  OptionParser& value(const std::string& name, std::string* out);
  OptionParser& multi(const std::string& name, std::vector<std::string>* out);
  OptionParser& flag(const std::string& name, bool* out);
  /// Parses. Returns -1 to continue, or an exit code (help shown, usage error).
  int parse(std::vector<std::string>* positional = nullptr);

 private:
  const Command& cmd_;
  const Args& args_;
  struct Spec {
    std::string name;
    std::string* value = nullptr;
    std::vector<std::string>* multi = nullptr;
    bool* flag = nullptr;
  };
  std::vector<Spec> specs_;
};

int usage_error(const Command& cmd, const std::string& message);

int cmd_version(const Args& args);
int cmd_build(const Args& args);
int cmd_check(const Args& args);
int cmd_template(const Args& args);
int cmd_serve(const Args& args);
int cmd_new(const Args& args);      // cmd_new.cpp
int cmd_import(const Args& args);   // cmd_import.cpp
int cmd_publish(const Args& args);  // cmd_publish.cpp
int cmd_check_lang(const Args& args);  // cmd_publish.cpp: `check`, with --lang for clerk-facing messages

}  // namespace mb::cli
