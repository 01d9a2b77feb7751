// The floor of the news benchmark (issue 7): what any generator must do for
// each Markdown page, and nothing else. Reads every .md file of a folder,
// skips its front matter, parses and renders the body with cmark-gfm (the
// options and extensions minhbach uses), and writes it to OUT/<name>/index.html,
// on all cores. No templates, no lists, no feeds, no sitemap, no tag pages.
//
//   floor CONTENT_DIR OUT_DIR [THREADS]       (OUT_DIR must not exist)
//
// bench/run builds it (c++ -O2, with mimalloc like minhbach) and times it
// beside minhbach and Hugo, so the report says how far each tool is from
// what the machine allows.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

bool read_file(const std::string& path, std::string& out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out.clear();
  char buf[1 << 16];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  close(fd);
  return n == 0;
}

bool write_file(const std::string& path, std::string_view data) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  return close(fd) == 0 && done == data.size();
}

// Offset of the body: after a `---` front matter block when there is one.
std::size_t body_start(std::string_view text) {
  if (text.substr(0, 4) != "---\n" && text.substr(0, 5) != "---\r\n") return 0;
  for (std::size_t at = text.find('\n') + 1; at < text.size();) {
    std::size_t eol = text.find('\n', at);
    std::string_view line = text.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at);
    if (line == "---" || line == "---\r") return eol == std::string_view::npos ? text.size() : eol + 1;
    if (eol == std::string_view::npos) break;
    at = eol + 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: floor CONTENT_DIR OUT_DIR [THREADS]\n");
    return 2;
  }
  std::string src = argv[1], out = argv[2];
  unsigned threads = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : std::thread::hardware_concurrency();
  threads = std::max(1u, threads);

  std::vector<std::string> pages;  // paths relative to src, without ".md"
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(src, ec); !ec && it != decltype(it){}; it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".md") continue;
    // the path under src as the iterator made it (std::filesystem::relative
    // would resolve both paths' links: six readlink calls per page)
    std::string rel = it->path().string().substr(src.size() + (src.back() == '/' ? 0 : 1));
    pages.push_back(rel.substr(0, rel.size() - 3));
  }
  if (ec) {
    std::fprintf(stderr, "floor: %s: %s\n", src.c_str(), ec.message().c_str());
    return 1;
  }
  std::sort(pages.begin(), pages.end());
  if (mkdir(out.c_str(), 0755) != 0) {
    std::fprintf(stderr, "floor: cannot make %s: %s\n", out.c_str(), std::strerror(errno));
    return 1;
  }

  cmark_gfm_core_extensions_ensure_registered();
  const int opts = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE |
                   CMARK_OPT_GITHUB_PRE_LANG;
  std::atomic<std::size_t> next{0}, bytes{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    std::string text;
    for (std::size_t i; (i = next++) < pages.size();) {
      if (!read_file(src + "/" + pages[i] + ".md", text)) {
        failed = true;
        continue;
      }
      std::size_t body = body_start(text);
      cmark_parser* parser = cmark_parser_new(opts);
      for (const char* name : {"table", "strikethrough", "autolink", "tasklist", "tagfilter"})
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser, ext);
      cmark_parser_feed(parser, text.data() + body, text.size() - body);
      cmark_node* doc = cmark_parser_finish(parser);
      char* html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(parser));
      // one folder per page, its parents made as needed (pretty URLs, as both tools write)
      // (the parents only when the page's own folder cannot be made)
      std::string dir = out + "/" + pages[i];
      if (mkdir(dir.c_str(), 0755) != 0 && errno == ENOENT) {
        for (std::size_t slash = out.size() + 1; (slash = dir.find('/', slash)) != std::string::npos; ++slash)
          mkdir(dir.substr(0, slash).c_str(), 0755);
        mkdir(dir.c_str(), 0755);
      }
      if (!write_file(dir + "/index.html", html)) failed = true;
      bytes += std::strlen(html);
      std::free(html);
      cmark_node_free(doc);
      cmark_parser_free(parser);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  std::printf("floor: %zu pages, %zu bytes of HTML, %u threads\n", pages.size(), bytes.load(), threads);
  if (failed) std::fprintf(stderr, "floor: some pages could not be read or written\n");
  return failed ? 1 : 0;
}
