// Loading templates from folders: search order, load-time checks, names.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tmpl/tmpl.hpp"

using namespace mb;
namespace stdfs = std::filesystem;

namespace {
struct TempTree {
  stdfs::path root;
  TempTree() {
    root = stdfs::temp_directory_path() / ("mb-tmpl-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    stdfs::remove_all(root);
    stdfs::create_directories(root);
  }
  ~TempTree() { stdfs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) {
    stdfs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }
};

std::vector<std::string> messages(const Diagnostics& d, const stdfs::path& root) {
  std::vector<std::string> out;
  for (auto diag : d.sorted()) {
    std::string p = diag.path;
    std::string prefix = root.generic_string() + "/";
    if (p.rfind(prefix, 0) == 0) diag.path = p.substr(prefix.size());
    for (auto& n : diag.notes)
      if (auto at = n.find(prefix); at != std::string::npos) n.erase(at, prefix.size());
    out.push_back(format_diagnostic(diag, false));
  }
  return out;
}
}  // namespace

TEST_CASE("load_all reports every error of every template", "[tmpl][env]") {
  TempTree t;
  t.write("site/a.html", "ok {{ x|uper }}");
  t.write("site/b.html", "{% for %}");
  t.write("site/c.html", "{% include 'partials/nope.html' %}{% include 'maybe.html' ignore missing %}");
  t.write("site/d.html", "{% if 'x' is filter %}{{ y|x }}{% endif %}");
  t.write("site/notes.md", "{{ not a template");
  t.write("theme/c.html", "shadowed {{");
  tmpl::Environment env({t.root / "site", t.root / "theme"});
  Diagnostics diags;
  CHECK_FALSE(env.load_all(diags));
  auto m = messages(diags, t.root);
  REQUIRE(m.size() == 4);
  CHECK(m[0] == "site/a.html:1:9: error: no filter named 'uper'\n  note: did you mean 'upper'?");
  CHECK(m[1] == "site/b.html:1:8: error: expected a name, got 'end of statement block'");
  CHECK(m[2] == "site/c.html:1:12: error: template 'partials/nope.html' not found");
  CHECK(m[3] == "site/d.html:1:28: warning: no filter named 'x' (fails only if this branch runs)\n  note: did you mean 'd'?");
  CHECK(env.has("a.html"));
  CHECK_FALSE(env.has("nope.html"));
}

TEST_CASE("first search folder wins; names are checked", "[tmpl][env]") {
  TempTree t;
  t.write("site/page.html", "{% extends 'base.html' %}{% block b %}site {% include 'partials/x.html' %}{% endblock %}");
  t.write("theme/base.html", "<{% block b %}{% endblock %}>");
  t.write("theme/page.html", "theme page");
  t.write("theme/partials/x.html", "x{{ n }}");
  tmpl::Environment env({t.root / "site", t.root / "theme"});
  Diagnostics diags;
  REQUIRE(env.load_all(diags));
  Value ctx = Value::dict();
  ctx.set("n", 1);
  std::string out;
  REQUIRE(env.render("page.html", ctx, out, diags));
  CHECK(out == "<site x1>");
  CHECK(env.names() == std::vector<std::string>{"base.html", "page.html", "partials/x.html"});
  out.clear();
  CHECK_FALSE(env.render("../secret.html", ctx, out, diags));
  CHECK_FALSE(env.render("/etc/passwd", ctx, out, diags));
  CHECK_FALSE(env.render("a\\b.html", ctx, out, diags));
  CHECK_FALSE(env.render_string("{% include '../x.html' %}", "t.html", ctx, out, diags));
  auto m = messages(diags, t.root);
  REQUIRE(m.size() == 4);
  CHECK(m[0] == "../secret.html: error: invalid template name '../secret.html' ('..' is not allowed)");
  CHECK(m[3] == "t.html:1:12: error: invalid template name '../x.html' ('..' is not allowed)");
}

TEST_CASE("render errors name the template and the call chain", "[tmpl][env]") {
  TempTree t;
  t.write("page.html", "{% import 'm.html' as m %}\n{{ m.row(item) }}");
  t.write("m.html", "{% macro row(i) %}\n  <td>{{ i.titel }}</td>\n{% endmacro %}");
  tmpl::Environment env({t.root});
  Value item = Value::dict();
  item.set("title", "x");
  Value ctx = Value::dict();
  ctx.set("item", item);
  Diagnostics diags;
  std::string out;
  CHECK_FALSE(env.render("page.html", ctx, out, diags));
  auto m = messages(diags, t.root);
  REQUIRE(m.size() == 1);
  CHECK(m[0] ==
        "m.html:2:12: error: 'dict object' has no attribute 'titel'\n  note: did you mean 'title'?\n  note: called from "
        "page.html:2:9");
}

TEST_CASE("lazy loading is thread-safe", "[tmpl][env][threads]") {
  TempTree t;
  for (int i = 0; i < 20; ++i) t.write("p" + std::to_string(i) + ".html", "{% include 'inc.html' %}" + std::to_string(i));
  t.write("inc.html", "[{{ n }}]");
  tmpl::Environment env({t.root});
  const tmpl::Environment& cenv = env;
  Value ctx = Value::dict();
  ctx.set("n", 7);
  std::vector<std::thread> threads;
  std::vector<int> bad(4, 0);
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&, k] {
      for (int i = 0; i < 20; ++i) {
        std::string out;
        Diagnostics d;
        if (!cenv.render("p" + std::to_string((i + k * 5) % 20) + ".html", ctx, out, d) ||
            out != "[7]" + std::to_string((i + k * 5) % 20))
          ++bad[k];
      }
    });
  for (auto& th : threads) th.join();
  CHECK(bad == std::vector<int>(4, 0));
}

TEST_CASE("symlinks cannot lead out of a search folder", "[tmpl][env]") {
  TempTree t;
  t.write("outside/secret.txt", "secret");
  t.write("site/ok.html", "{% include 'link.txt' %}");
  std::error_code ec;
  stdfs::create_symlink(t.root / "outside/secret.txt", t.root / "site/link.txt", ec);
  if (ec) return;  // no symlinks on this file system
  tmpl::Environment env({t.root / "site"});
  Diagnostics diags;
  std::string out;
  CHECK_FALSE(env.render("ok.html", Value::dict(), out, diags));
  auto m = messages(diags, t.root);
  REQUIRE(m.size() == 1);
  CHECK_THAT(m[0], Catch::Contains("resolves outside its folder"));
}
