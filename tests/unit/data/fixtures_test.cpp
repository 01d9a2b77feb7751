// Runs every broken fixture under tests/data/invalid/<rule>/: loads the
// folder as a data directory and compares the diagnostics, formatted
// `data/<path>:line:col: error: message` (notes on following lines), with the
// fixture's expected.txt. Also checks that tests/data/valid loads cleanly.
//
// To write expected.txt from the current output (then review the diff by
// hand): MB_UPDATE_FIXTURES=1 build/tests/minhbach_tests "[fixtures]"
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "data/loader.hpp"

namespace {
namespace stdfs = std::filesystem;

std::string slurp(const stdfs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string diagnostics_text(const mb::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.sorted()) out += mb::format_diagnostic(d, false) + "\n";
  return rtrim(out);
}
}  // namespace

TEST_CASE("every invalid fixture reports exactly its expected diagnostics", "[data][fixtures]") {
  stdfs::path root = stdfs::path(MB_SOURCE_DIR) / "tests/data/invalid";
  std::vector<stdfs::path> dirs;
  for (const auto& e : stdfs::directory_iterator(root))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  REQUIRE(!dirs.empty());
  for (const auto& dir : dirs) {
    SECTION(dir.filename().string()) {
      mb::Diagnostics diags;
      mb::data::Dataset ds;
      bool ok = mb::data::load(dir, "data/", ds, diags);
      if (std::getenv("MB_UPDATE_FIXTURES")) std::ofstream(dir / "expected.txt", std::ios::binary) << diagnostics_text(diags) << "\n";
      REQUIRE(stdfs::exists(dir / "expected.txt"));
      INFO("fixture " << dir.filename().string());
      CHECK_FALSE(ok);
      CHECK(diagnostics_text(diags) == rtrim(slurp(dir / "expected.txt")));
    }
  }
}

TEST_CASE("the valid fixture loads without diagnostics", "[data][fixtures]") {
  mb::Diagnostics diags;
  mb::data::Dataset ds;
  bool ok = mb::data::load(stdfs::path(MB_SOURCE_DIR) / "tests/data/valid", "data/", ds, diags);
  INFO(diagnostics_text(diags));
  CHECK(ok);
  CHECK(diags.size() == 0);
}
