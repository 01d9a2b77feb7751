#include "markdown/markdown.hpp"

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "base/text.hpp"

namespace mb::markdown {

namespace {

void ensure_extensions() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

void attach(cmark_parser* parser, const char* name) {
  if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser, ext);
}

void plain_text(cmark_node* node, std::string& out) {
  for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    switch (cmark_node_get_type(c)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        if (const char* lit = cmark_node_get_literal(c)) out += lit;
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out += ' ';
        break;
      default:
        plain_text(c, out);
    }
  }
}

}  // namespace

Rendered render(std::string_view source, const Options& options) {
  ensure_extensions();
  int opts = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE |
             CMARK_OPT_GITHUB_PRE_LANG;
  if (options.unsafe_html) opts |= CMARK_OPT_UNSAFE;
  if (options.smart) opts |= CMARK_OPT_SMART;
  cmark_parser* parser = cmark_parser_new(opts);
  for (const char* ext : {"table", "strikethrough", "autolink", "tasklist", "tagfilter"}) attach(parser, ext);
  cmark_parser_feed(parser, source.data(), source.size());
  cmark_node* doc = cmark_parser_finish(parser);

  Rendered out;
  std::map<std::string, int> used;
  bool first_para = true;
  cmark_iter* iter = cmark_iter_new(doc);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (ev != CMARK_EVENT_ENTER) continue;
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HEADING: {
        Heading h;
        h.level = cmark_node_get_heading_level(node);
        plain_text(node, h.text);
        std::string base = text::slugify(h.text);
        if (base.empty()) base = "muc";
        int& n = used[base];
        h.id = n == 0 ? base : base + "-" + std::to_string(n);
        ++n;
        out.toc.push_back(std::move(h));
        break;
      }
      case CMARK_NODE_PARAGRAPH:
        if (first_para && cmark_node_get_type(cmark_node_parent(node)) == CMARK_NODE_DOCUMENT) {
          plain_text(node, out.summary);
          first_para = false;
        }
        break;
      case CMARK_NODE_TEXT:
        // text nodes are counted apart, as if separated by a space
        if (const char* lit = cmark_node_get_literal(node)) out.word_count += text::count_words(lit);
        break;
      default:
        break;
    }
  }
  cmark_iter_free(iter);

  const std::unique_ptr<char, void (*)(void*)> html(
      cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(parser)), &std::free);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  const std::string_view raw(html.get());

  // Give headings their ids. cmark writes headings as a bare "<hN>"; with raw
  // HTML off nothing else can produce that tag, so the k-th match is the k-th
  // heading of the tree. (Copied once, from cmark's buffer.)
  out.html.reserve(raw.size() + out.toc.size() * 24);
  std::size_t pos = 0, k = 0;
  while (k < out.toc.size()) {
    std::string tag = "<h" + std::to_string(out.toc[k].level) + ">";
    std::size_t at = raw.find(tag, pos);
    if (at == std::string::npos) break;
    out.html.append(raw, pos, at - pos);
    out.html += "<h" + std::to_string(out.toc[k].level) + " id=\"" + out.toc[k].id + "\">";
    pos = at + tag.size();
    ++k;
  }
  out.html.append(raw.substr(pos));
  return out;
}

}  // namespace mb::markdown
