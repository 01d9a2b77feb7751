// Replays every input kept in fuzz/regressions/<target>/ through the code its
// fuzz target exercises, so a finding stays fixed in every build (and under
// the sanitizers of scripts/test-sanitizers). The inputs must not crash,
// hang or leak; what they render is not checked here.
#include <catch2/catch.hpp>

#include <filesystem>

#include "base/fs.hpp"
#include "content/page.hpp"
#include "data/csv.hpp"
#include "data/json_source.hpp"
#include "markdown/markdown.hpp"
#include "tmpl/tmpl.hpp"

using namespace mb;
namespace stdfs = std::filesystem;

namespace {
std::vector<std::string> inputs(const std::string& target) {
  std::vector<std::string> out;
  stdfs::path dir = stdfs::path(MB_SOURCE_DIR) / "fuzz/regressions" / target;
  for (const auto& f : fs::list_files(dir)) {
    std::string s;
    REQUIRE(fs::read_file(dir / f, s));
    out.push_back(std::move(s));
  }
  return out;
}
}  // namespace

TEST_CASE("fuzz regressions replay cleanly", "[fuzz][hostile]") {
  tmpl::Environment env({});
  Value ctx = Value::dict();
  ctx.set("s", Value("<b>&"));
  for (const auto& in : inputs("tmpl")) {
    Diagnostics d;
    std::string out;
    env.render_string(in, "fuzz.html", ctx, out, d);
  }
  for (const auto& in : inputs("front_matter")) {
    Diagnostics d;
    content::Page p;
    content::parse_page(in, "a.md", "content/a.md", p, d, {});
  }
  for (const auto& in : inputs("json")) {
    Diagnostics d;
    json::Document doc;
    json::parse(in, "f.json", doc, d);
  }
  for (const auto& in : inputs("markdown")) {
    auto r = markdown::render(in);
    CHECK(r.html.find("<script") == std::string::npos);
  }
  for (const auto& in : inputs("csv")) {
    std::vector<data::csv::Error> errors;
    data::csv::parse(in, errors);
  }
  SUCCEED();
}
