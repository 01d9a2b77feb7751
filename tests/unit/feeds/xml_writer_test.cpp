// feeds::XmlWriter against libxml2's xmlTextWriter (indented by two spaces,
// as the writer was built on before): the same calls give the same bytes,
// on random documents with hostile text.
#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include "feeds/xml.hpp"

using namespace mb::feeds;

namespace {

// The reference: libxml2's writer, with the same cleaning of values.
class LibxmlWriter {
 public:
  LibxmlWriter() {
    buf_ = xmlBufferCreate();
    w_ = xmlNewTextWriterMemory(buf_, 0);
    xmlTextWriterSetIndent(w_, 1);
    xmlTextWriterSetIndentString(w_, reinterpret_cast<const xmlChar*>("  "));
    check(xmlTextWriterStartDocument(w_, "1.0", "UTF-8", nullptr));
  }
  ~LibxmlWriter() {
    xmlFreeTextWriter(w_);
    xmlBufferFree(buf_);
  }
  void start(const std::string& name) { check(xmlTextWriterStartElement(w_, x(name))); }
  void attr(const std::string& name, const std::string& value) {
    check(xmlTextWriterWriteAttribute(w_, x(name), x(clean_text(value))));
  }
  void text(const std::string& s) { check(xmlTextWriterWriteString(w_, x(clean_text(s)))); }
  void end() { check(xmlTextWriterEndElement(w_)); }
  std::string finish() {
    check(xmlTextWriterEndDocument(w_));
    check(xmlTextWriterFlush(w_));
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buf_)), static_cast<std::size_t>(xmlBufferLength(buf_)));
  }

 private:
  static const xmlChar* x(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }
  static void check(int rc) {
    if (rc < 0) throw std::runtime_error("libxml2");
  }
  xmlBufferPtr buf_;
  xmlTextWriterPtr w_;
};

}  // namespace

TEST_CASE("the XML writer writes what libxml2's writer writes", "[feeds][xml]") {
  xmlInitParser();
  const std::vector<std::string> names = {"rss", "channel", "item", "atom:link", "x", "title"};
  const std::vector<std::string> pieces = {
      "a", "Số hóa", " ", "<", ">", "&", "\"", "'", "\r", "\n", "\t", "]]>", "&amp;", "\xF0\x9F\x93\x88",
      "\xE2\x80\x8B", "\x01", "\xFF", "https://example.gov.vn/a?b=1&c=2", "Đề án 2021–2025", "\xEF\xBF\xBE", "\xC3"};
  std::uint32_t seed = 11;
  auto rnd = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  auto value = [&] {
    std::string v;
    for (unsigned k = rnd() % 5; k > 0; --k) v += pieces[rnd() % pieces.size()];
    return v;
  };
  for (int round = 0; round < 3000; ++round) {
    INFO("round " << round);
    XmlWriter mine;
    LibxmlWriter ref;
    std::vector<bool> tag_open;  // per open element: its start tag still takes attributes
    for (unsigned op = 0, ops = rnd() % 30; op < ops; ++op) {
      switch (rnd() % 6) {
        case 0:
        case 1: {
          const std::string& n = names[rnd() % names.size()];
          mine.start(n);
          ref.start(n);
          if (!tag_open.empty()) tag_open.back() = false;
          tag_open.push_back(true);
          break;
        }
        case 2:
          if (!tag_open.empty() && tag_open.back()) {
            std::string n = names[rnd() % names.size()], v = value();
            mine.attr(n, v);
            ref.attr(n, v);
          }
          break;
        case 3: {
          std::string v = value();
          if (tag_open.empty()) {  // libxml2 would write it unescaped: refused
            CHECK_THROWS_AS(mine.text(v), std::runtime_error);
            break;
          }
          mine.text(v);
          ref.text(v);
          tag_open.back() = false;
          break;
        }
        case 4:
          if (!tag_open.empty()) {
            mine.end();
            ref.end();
            tag_open.pop_back();
          }
          break;
        case 5: {  // element(): text only when there is some
          const std::string& n = names[rnd() % names.size()];
          std::string v = value();
          mine.element(n, v);
          ref.start(n);
          if (!v.empty()) ref.text(v);
          ref.end();
          if (!tag_open.empty()) tag_open.back() = false;
          break;
        }
      }
    }
    REQUIRE(mine.finish() == ref.finish());
  }
}

TEST_CASE("the XML writer refuses calls out of order", "[feeds][xml]") {
  XmlWriter w;
  CHECK_THROWS_AS(w.end(), std::runtime_error);
  CHECK_THROWS_AS(w.attr("a", "b"), std::runtime_error);  // no start tag open
  CHECK_THROWS_AS(w.text("<b>"), std::runtime_error);     // text outside every element
  w.start("a");
  w.text("x");
  CHECK_THROWS_AS(w.attr("b", "c"), std::runtime_error);  // the start tag is closed by the text
  w.end();
  CHECK(w.finish() == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>x</a>\n");
  CHECK_THROWS_AS(w.finish(), std::runtime_error);
}
