// Fuzzes the data loaders on one file at a time: a copy of the valid fixture
// (tests/data/valid) is made once; the first input byte picks which of its
// files the rest of the input replaces (agencies, plan, results JSON, results
// CSV, index, ranking), then the whole folder is loaded and validated.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "base/fs.hpp"
#include "data/loader.hpp"

using namespace mb;
namespace stdfs = std::filesystem;

namespace {

const char* const kFiles[] = {
    "agencies.json",          "plans/tq-kh-2025.json",        "results/tq-kh-2025.json",
    "results/nam-dan-kh-2026.csv", "indices/cchc-so-nganh.json", "rankings/cchc-so-nganh/2024.json",
};
constexpr std::size_t kCount = sizeof kFiles / sizeof kFiles[0];

struct Fixture {
  stdfs::path dir;
  std::string original[kCount];
  Fixture() {
    const char* src = std::getenv("MB_FUZZ_DATA");
    stdfs::path from = src ? stdfs::path(src) : stdfs::path(MB_SOURCE_DIR) / "tests/data/valid";
    dir = stdfs::temp_directory_path() / ("mb-fuzz-data-" + std::to_string(::getpid()));
    stdfs::remove_all(dir);
    stdfs::copy(from, dir, stdfs::copy_options::recursive);
    for (std::size_t i = 0; i < kCount; ++i) fs::read_file(dir / kFiles[i], original[i]);
  }
  ~Fixture() {
    std::error_code ec;
    stdfs::remove_all(dir, ec);
  }
  void put(std::size_t i, const char* data, std::size_t size) {
    std::ofstream(dir / kFiles[i], std::ios::binary | std::ios::trunc).write(data, static_cast<std::streamsize>(size));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fx;
  if (size < 1 || size > 65536) return 0;
  std::size_t which = data[0] % kCount;
  fx.put(which, reinterpret_cast<const char*>(data + 1), size - 1);
  {
    Diagnostics diags;
    data::Dataset ds;
    data::LoadOptions o;
    o.json.max_depth = 64;
    data::load(fx.dir, "data/", ds, diags, o);
    for (const auto& d : diags.sorted()) (void)format_diagnostic(d, true);
  }
  fx.put(which, fx.original[which].data(), fx.original[which].size());
  return 0;
}
