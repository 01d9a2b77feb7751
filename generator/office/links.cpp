// Internal link check of a built site with libxml2's HTML parser.
#include <cstring>
#include <map>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "base/fs.hpp"
#include "base/text.hpp"
#include "office/publish.hpp"

namespace mb::office {

namespace stdfs = std::filesystem;

namespace {

std::string base_path_of(const std::string& base_url) {
  auto p = base_url.find("://");
  auto slash = base_url.find('/', p == std::string::npos ? 0 : p + 3);
  return slash == std::string::npos ? "/" : base_url.substr(slash);
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// "a/b/../c" → "a/c"; false when it climbs above the root.
bool normalise(const std::string& path, std::string& out) {
  std::vector<std::string> parts;
  std::size_t p = 0;
  bool trailing = !path.empty() && path.back() == '/';
  while (p <= path.size()) {
    std::size_t q = path.find('/', p);
    if (q == std::string::npos) q = path.size();
    std::string seg = path.substr(p, q - p);
    if (seg == "..") {
      if (parts.empty()) return false;
      parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    p = q + 1;
  }
  out.clear();
  for (const auto& s : parts) out += (out.empty() ? "" : "/") + s;
  if (trailing && !out.empty()) out += '/';
  return true;
}

bool exists_target(const stdfs::path& root, const std::string& rel) {
  std::error_code ec;
  if (rel.empty() || rel.back() == '/') return stdfs::is_regular_file(root / (rel + "index.html"), ec);
  if (stdfs::is_regular_file(root / rel, ec)) return true;
  return stdfs::is_regular_file(root / rel / "index.html", ec);
}

struct Checker {
  const stdfs::path& root;
  const std::string& prefix;
  std::string base_url, base_path;
  Diagnostics& diags;
  std::string page, page_dir;
  bool ok = true;

  void check(const xmlNode* n, const std::string& url) {
    std::string u(text::trim(url));
    if (u.empty() || u[0] == '#' || u.rfind("//", 0) == 0) return;
    std::string path;
    if (u.rfind(base_url, 0) == 0) {
      path = base_path + u.substr(base_url.size());
    } else {
      // any scheme ("https:", "mailto:", "tel:", "data:") before the first '/', '?' or '#' is external
      auto colon = u.find(':');
      if (colon != std::string::npos && colon < u.find_first_of("/?#")) return;
      path = u;
    }
    path = path.substr(0, path.find_first_of("?#"));
    path = percent_decode(path);
    std::string rel;
    bool inside;
    if (!path.empty() && path[0] == '/') {
      inside = path.rfind(base_path, 0) == 0 && normalise(path.substr(base_path.size()), rel);
    } else {
      inside = normalise(page_dir + path, rel);
      if (path.empty()) return;
    }
    if (inside && exists_target(root, rel)) return;
    std::string key = inside ? "/" + rel : u;
    auto [it, fresh] = broken.try_emplace(key);
    if (fresh) it->second.href = u;
    if (fresh || it->second.pages.empty() || it->second.pages.back().first != page)
      it->second.pages.emplace_back(page, static_cast<int>(xmlGetLineNo(n)));
    ok = false;
  }

  // One error per missing target, at its first page; a link in the theme
  // breaks every page, which is one problem, not hundreds.
  struct Broken {
    std::string href;
    std::vector<std::pair<std::string, int>> pages;
  };
  std::map<std::string, Broken> broken;

  void report() {
    for (const auto& [key, b] : broken) {
      Diagnostic d;
      d.path = prefix + b.pages.front().first;
      d.line = b.pages.front().second;
      d.message = "broken link " + b.href;
      if (b.pages.size() > 1)
        d.notes.push_back("the same link is on " + std::to_string(b.pages.size() - 1) + " other pages (in a template?)");
      diags.add(std::move(d));
    }
  }

  void walk(const xmlNode* n) {
    for (; n; n = n->next) {
      if (n->type == XML_ELEMENT_NODE) {
        for (const xmlAttr* a = n->properties; a; a = a->next) {
          const char* name = reinterpret_cast<const char*>(a->name);
          if (std::strcmp(name, "href") != 0 && std::strcmp(name, "src") != 0) continue;
          xmlChar* v = xmlNodeGetContent(reinterpret_cast<const xmlNode*>(a));
          if (v) check(n, reinterpret_cast<const char*>(v));
          xmlFree(v);
        }
      }
      walk(n->children);
    }
  }
};

}  // namespace

bool check_links(const stdfs::path& out_dir, const std::string& display_prefix, const std::string& base_url,
                 Diagnostics& diags) {
  Checker c{out_dir, display_prefix, base_url, base_path_of(base_url), diags, "", "", true, {}};
  for (const auto& rel : fs::list_files(out_dir)) {
    if (!text::ends_with(rel, ".html")) continue;
    std::string html;
    if (!fs::read_file(out_dir / rel, html)) continue;
    htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), rel.c_str(), "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc) continue;
    c.page = rel;
    auto slash = rel.rfind('/');
    c.page_dir = slash == std::string::npos ? "" : rel.substr(0, slash + 1);
    c.walk(xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
  }
  c.report();
  return c.ok;
}

}  // namespace mb::office
