#include "content/page.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <string_view>
#include <unordered_map>

#include <sys/stat.h>

#include "base/date.hpp"
#include "base/fs.hpp"
#include "base/parallel.hpp"
#include "base/text.hpp"
#include "config/yaml_json.hpp"

namespace mb::content {

namespace {

// A URL path segment is safe when it is a slug-like name: no '/', no '..'.
bool safe_segment(const std::string& s) {
  if (s.empty() || s == "." || s == "..") return false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\' || u < 0x20 || c == '?' || c == '#' || c == '%') return false;
  }
  return true;
}

}  // namespace

bool normalise_date(const std::string& in, const std::string& utc_offset, std::string& out) {
  auto t = date::parse(in, date::Form::written);
  // front matter: this century's dates give usable URLs and orderings; a
  // leap second has no place in a publication date
  if (!t || t->year < 1900 || t->year > 2200 || t->second > 59) return false;
  if (!t->has_time) {
    out = in.substr(0, 10);
    return true;
  }
  std::string zone = utc_offset;
  if (t->has_zone) {
    int off = t->offset_minutes < 0 ? -t->offset_minutes : t->offset_minutes;
    char z[32];  // room for any int
    std::snprintf(z, sizeof z, "%c%02d:%02d", t->offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    zone = z;
  }
  char buf[80];  // room for any int, so the compiler can prove nothing is cut
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", t->year, t->month, t->day, t->hour, t->minute,
                t->second);
  out = buf;
  if (!t->fraction.empty()) out += "." + t->fraction;
  out += zone;
  return true;
}

bool split_front_matter(std::string_view text, const std::string& display, std::string_view& front,
                        std::string_view& body, int& body_line, Diagnostics& diags) {
  if (text::starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  front = {};
  body = text;
  body_line = 1;
  auto line_end = [&](std::size_t from) {
    std::size_t nl = text.find('\n', from);
    return nl == std::string_view::npos ? text.size() : nl;
  };
  auto trimmed_line = [&](std::size_t from, std::size_t to) {
    std::string_view l = text.substr(from, to - from);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    while (!l.empty() && (l.back() == ' ' || l.back() == '\t')) l.remove_suffix(1);
    return l;
  };
  std::size_t e = line_end(0);
  if (trimmed_line(0, e) != "---") return true;  // no front matter
  std::size_t start = e + 1, pos = start;
  int line = 2;
  while (pos <= text.size()) {
    std::size_t le = line_end(pos);
    std::string_view l = trimmed_line(pos, le);
    if (l == "---" || l == "...") {
      front = text.substr(start > text.size() ? text.size() : start, pos - std::min(start, pos));
      std::size_t b = le + 1;
      body = b >= text.size() ? std::string_view() : text.substr(b);
      body_line = line + 1;
      return true;
    }
    if (le >= text.size()) break;
    pos = le + 1;
    ++line;
  }
  diags.error(display, 1, 1, "front matter opened with '---' is never closed (add a line '---' after it)");
  return false;
}

bool parse_page(std::string_view text, const std::string& source, const std::string& display, Page& page,
                Diagnostics& diags, const LoadOptions& options) {
  page.source = source;
  page.display = display;
  bool ok = true;
  bool nfc_already = false;  // every character NFC whatever surrounds it: no NFC pass over the body
  if (auto bad = text::invalid_utf8_offset(text, true, &nfc_already); bad != text::npos) {
    auto p = position_of(text, bad);
    diags.error(display, p.line, p.col, "invalid UTF-8 byte sequence (save the file as UTF-8)");
    return false;
  }
  std::string_view front, body;
  if (!split_front_matter(text, display, front, body, page.body_line, diags)) return false;
  config::YamlDoc doc;
  if (!front.empty() && !config::parse_yaml(front, display, 1, doc, diags, options.max_depth)) return false;
  if (front.empty()) doc.value = nlohmann::ordered_json::object();
  if (!doc.value.is_object()) {
    diags.error(display, 2, 1, "front matter must be a mapping of keys to values (key: value)");
    return false;
  }
  auto err = [&](const std::string& ptr, const std::string& msg) {
    auto p = doc.pos(ptr);
    diags.error(display, p.line, p.col, msg);
    ok = false;
  };
  auto get_string = [&](const char* key, std::string& out) {
    auto it = doc.value.find(key);
    if (it == doc.value.end() || it->is_null()) return;
    if (it->is_string()) out = it->get<std::string>();
    else if (it->is_number() && std::string(key) != "date") out = it->dump();
    else err(std::string("/") + key, std::string("'") + key + "' must be text");
  };
  auto get_list = [&](const char* key, std::vector<std::string>& out) {
    auto it = doc.value.find(key);
    if (it == doc.value.end() || it->is_null()) return;
    if (it->is_string()) {
      out.push_back(it->get<std::string>());
      return;
    }
    if (!it->is_array()) {
      err(std::string("/") + key, std::string("'") + key + "' must be a list of text");
      return;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& v = (*it)[i];
      if (v.is_string()) out.push_back(v.get<std::string>());
      else err(std::string("/") + key + "/" + std::to_string(i), std::string("items of '") + key + "' must be text");
    }
  };
  static const std::vector<std::string> known = {"title",   "date",   "updated", "lastmod", "draft",
                                                 "summary", "slug",   "aliases", "tags",    "agencies",
                                                 "weight",  "layout", "params",  "description"};
  get_string("title", page.title);
  std::string date, updated;
  get_string("date", date);
  get_string("updated", updated);
  if (updated.empty()) get_string("lastmod", updated);
  if (!date.empty() && !normalise_date(date, options.utc_offset, page.date))
    err("/date", "'date' is not a valid date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00): '" + date + "'");
  if (!updated.empty() && !normalise_date(updated, options.utc_offset, page.updated))
    err(doc.value.contains("updated") ? "/updated" : "/lastmod", "'updated' is not a valid date: '" + updated + "'");
  if (auto it = doc.value.find("draft"); it != doc.value.end()) {
    if (!it->is_boolean()) err("/draft", "'draft' must be true or false");
    else page.draft = it->get<bool>();
  }
  get_string("summary", page.summary);
  if (page.summary.empty()) get_string("description", page.summary);
  get_string("slug", page.slug);
  if (!page.slug.empty() && page.slug != text::slugify(page.slug))
    err("/slug", "'slug' must be lowercase letters, digits and '-' (for example '" + text::slugify(page.slug) + "')");
  get_list("aliases", page.aliases);
  for (std::size_t i = 0; i < page.aliases.size(); ++i) {
    const auto& a = page.aliases[i];
    page.alias_pos.push_back(doc.pos(doc.value.contains("aliases") && doc.value["aliases"].is_array()
                                         ? "/aliases/" + std::to_string(i)
                                         : "/aliases"));
    bool bad = a.empty() || a[0] != '/' || a.find("..") != std::string::npos || a.find('\\') != std::string::npos ||
               a.find("//") != std::string::npos || text::invalid_utf8_offset(a) != text::npos;
    for (char c : a) bad |= static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '<' || c == '>';
    if (bad) err("/aliases/" + std::to_string(i), "alias must be a site path starting with '/' without '..': '" + a + "'");
  }
  get_list("tags", page.tags);
  get_list("agencies", page.agencies);
  for (std::size_t i = 0; i < page.agencies.size(); ++i)
    page.agency_pos.push_back(doc.pos(doc.value["agencies"].is_array() ? "/agencies/" + std::to_string(i) : "/agencies"));
  if (auto it = doc.value.find("weight"); it != doc.value.end()) {
    if (!it->is_number_integer()) err("/weight", "'weight' must be a whole number");
    else page.weight = it->get<long long>();
  }
  get_string("layout", page.layout);
  if (!page.layout.empty()) {
    bool bad = page.layout.find("..") != std::string::npos || page.layout[0] == '/' ||
               page.layout.find('\\') != std::string::npos;
    if (bad) err("/layout", "'layout' must be a layout name like 'page' or 'docs/page', without '..'");
  }
  for (auto it = doc.value.begin(); it != doc.value.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
    page.params[it.key()] = it.value();
  }
  if (auto it = doc.value.find("params"); it != doc.value.end()) {
    if (!it->is_object()) err("/params", "'params' must be a mapping");
    else
      for (auto p = it->begin(); p != it->end(); ++p) page.params[p.key()] = p.value();
  }

  // section, kind
  std::string name = source.substr(source.rfind('/') == std::string::npos ? 0 : source.rfind('/') + 1);
  auto slash = source.find('/');
  page.section = slash == std::string::npos ? "" : source.substr(0, slash);
  if (name == "_index.md") page.kind = source == "_index.md" ? PageKind::home : PageKind::section;
  if (page.kind == PageKind::page && page.title.empty()) {
    diags.error(display, 1, 1, "page has no 'title' in its front matter");
    ok = false;
  }
  // the whole file was checked above; the Markdown is not kept once rendered
  page.rendered = nfc_already ? markdown::render(body, options.markdown)
                              : markdown::render(text::nfc(body, true), options.markdown);
  page.html = std::make_shared<const std::string>(std::move(page.rendered.html));
  page.rendered.html.clear();
  if (page.summary.empty()) {
    page.summary = page.rendered.summary;
    if (text::length_utf8(page.summary) > 300) {
      std::size_t cut = page.summary.rfind(' ', 280);
      page.summary = page.summary.substr(0, cut == std::string::npos ? 280 : cut) + "…";
    }
  }
  page.title = text::nfc(page.title);
  return ok;
}

bool load_content(const std::filesystem::path& content_dir, const std::string& display_prefix, Content& out,
                  Diagnostics& diags, const LoadOptions& options) {
  std::vector<std::string> symlinks;
  auto files = fs::list_files(content_dir, &symlinks);
  for (const auto& s : symlinks)
    diags.error(display_prefix + s, 0, 0, "symbolic links are not allowed in content/ (copy the file instead)");
  std::vector<std::string> md;
  for (const auto& f : files) {
    if (text::invalid_utf8_offset(f) != text::npos) {
      diags.error(display_prefix + text::to_valid_utf8(f), 0, 0, "file name is not valid UTF-8 (rename the file)");
      continue;
    }
    if (text::ends_with(f, ".md")) md.push_back(f);
    else out.static_files.push_back(f);
  }
  if (md.size() > options.max_pages) {
    diags.error(display_prefix.substr(0, display_prefix.size() - 1), 0, 0,
                std::to_string(md.size()) + " pages, more than the limit of " + std::to_string(options.max_pages) +
                    " (limits.pages in site.yaml)");
    return false;
  }
  std::vector<Page> pages(md.size());
  std::vector<char> keep(md.size(), 0);
  // the cache: entries from other options are useless; entries are looked up
  // (read-only) by the workers and replaced after the loop
  ContentCache* cache = options.cache;
  std::vector<std::string> texts, stamps;
  std::vector<char> fresh(md.size(), 0);
  if (cache) {
    std::string key = std::string(options.drafts ? "d" : "-") + '|' + options.today + '|' + options.utc_offset + '|' +
                      (options.markdown.unsafe_html ? "u" : "-") + '|' + std::to_string(options.max_file_bytes) + '|' +
                      std::to_string(options.max_depth);
    if (key != cache->options_key) {
      cache->entries.clear();
      cache->options_key = key;
    }
    cache->hits = cache->misses = 0;
    texts.resize(md.size());
    stamps.resize(md.size());
  }
  std::atomic<std::size_t> done{0};
  parallel_for(md.size(), options.jobs, [&](std::size_t i) {
    if (options.progress) options.progress(++done, md.size());
    std::string display = display_prefix + md[i];
    std::string text_, err, stamp;
    if (cache) {
      struct stat st;
      if (::stat((content_dir / md[i]).c_str(), &st) == 0) {
        stamp = std::to_string(st.st_ino) + ':' + std::to_string(st.st_size) + ':' +
                std::to_string(st.st_mtim.tv_sec) + '.' + std::to_string(st.st_mtim.tv_nsec) + ':' +
                std::to_string(st.st_ctim.tv_sec) + '.' + std::to_string(st.st_ctim.tv_nsec);
        auto it = cache->entries.find(md[i]);
        if (it != cache->entries.end() && it->second.stamp == stamp) {
          pages[i] = it->second.page;
          keep[i] = 1;
          return;
        }
      }
    }
    if (!fs::read_file(content_dir / md[i], text_, &err, options.max_file_bytes)) {
      if (err.rfind("file is larger than", 0) == 0) err += " (limits.file_mb in site.yaml)";
      diags.error(display, 0, 0, err);
      return;
    }
    if (cache) {
      auto it = cache->entries.find(md[i]);
      if (it != cache->entries.end() && it->second.text == text_) {
        stamps[i] = std::move(stamp);
        pages[i] = it->second.page;
        keep[i] = 1;
        return;
      }
      Diagnostics local;
      if (parse_page(text_, md[i], display, pages[i], local, options)) keep[i] = 1;
      if (local.size() == 0) {
        fresh[i] = 1;
        texts[i] = std::move(text_);
        stamps[i] = std::move(stamp);
      }
      diags.merge(local);
      return;
    }
    if (parse_page(text_, md[i], display, pages[i], diags, options)) keep[i] = 1;
  });
  if (cache) {
    std::map<std::string, ContentCache::Entry> entries;
    for (std::size_t i = 0; i < md.size(); ++i) {
      auto it = cache->entries.find(md[i]);
      if (fresh[i]) {
        entries[md[i]] = {std::move(stamps[i]), std::move(texts[i]), pages[i]};
        ++cache->misses;
      } else if (keep[i] && it != cache->entries.end()) {
        if (!stamps[i].empty()) it->second.stamp = std::move(stamps[i]);  // same bytes, touched
        entries[md[i]] = std::move(it->second);
        ++cache->hits;
      }
    }
    cache->entries = std::move(entries);
  }
  // each published page's URL, on every core; then the URLs are claimed in order
  std::vector<char> published(md.size(), 0);
  parallel_for(md.size(), options.jobs, [&](std::size_t i) {
    if (!keep[i]) return;
    Page& p = pages[i];
    if (!options.drafts) {
      if (p.draft) return;
      if (!options.today.empty() && !p.date.empty() && p.date.substr(0, 10) > options.today) return;
    }
    // URL: folders as written (slugified), file name or slug as the last part.
    std::string dir = p.source.substr(0, p.source.rfind('/') == std::string::npos ? 0 : p.source.rfind('/'));
    std::string url = "/";
    if (!dir.empty()) {
      std::size_t s = 0;
      while (s <= dir.size()) {
        std::size_t e = dir.find('/', s);
        if (e == std::string::npos) e = dir.size();
        std::string seg = text::slugify(dir.substr(s, e - s));
        if (!safe_segment(seg)) {
          diags.error(p.display, 0, 0, "folder name '" + dir.substr(s, e - s) + "' gives no usable URL");
          seg = "_";
        }
        url += seg + "/";
        s = e + 1;
      }
    }
    if (p.kind == PageKind::page) {
      std::string stem = p.source.substr(p.source.rfind('/') == std::string::npos ? 0 : p.source.rfind('/') + 1);
      stem = stem.substr(0, stem.size() - 3);
      std::string last = p.slug.empty() ? text::slugify(stem) : p.slug;
      if (last.empty()) last = text::slugify(p.title);
      if (stem == "index") last.clear();
      if (!last.empty()) url += last + "/";
    }
    p.url = url;
    p.output = url.substr(1) + "index.html";
    published[i] = 1;
  });
  // each output claimed by the first page (in path order) that asks for it;
  // the pages are moved out once all are claimed (the keys view their outputs)
  std::size_t count = 0;
  for (char c : published) count += c;
  std::unordered_map<std::string_view, std::size_t> claimed;  // output → page index
  claimed.reserve(count);
  for (std::size_t i = 0; i < md.size(); ++i) {
    if (!published[i]) continue;
    const Page& p = pages[i];
    auto [it, inserted] = claimed.emplace(p.output, i);
    if (!inserted) {
      diags.error(p.display, 1, 1, "page URL " + p.url + " is already used by " + pages[it->second].display);
      published[i] = 0;
    }
  }
  claimed.clear();
  // the published pages, in order, without moving each one when all are published
  std::size_t kept = 0;
  for (std::size_t i = 0; i < md.size(); ++i)
    if (published[i]) {
      if (kept != i) pages[kept] = std::move(pages[i]);
      ++kept;
    }
  pages.resize(kept);
  if (out.pages.empty()) {
    out.pages = std::move(pages);
  } else {
    out.pages.reserve(out.pages.size() + kept);
    for (auto& p : pages) out.pages.push_back(std::move(p));
  }
  return !diags.has_errors();
}

}  // namespace mb::content
